#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "absl/strings/str_cat.h"
#include "server/common/embedded_file.h"
#include "server/store/migrator.h"
#include "tests/support/matchers.h"
#include "tests/support/test_database.h"

namespace concierge {
namespace {

using ::concierge::testing::QueryValue;
using ::concierge::testing::StatusIs;
using ::concierge::testing::TestDatabase;
using ::testing::HasSubstr;

const int kMigrationCount = static_cast<int>(embedded::Migrations().size());

TEST(Migrations, ApplyOnceThenAreIdempotent) {
  TestDatabase db = TestDatabase::Empty();
  auto first = store::Migrate(db.url(), embedded::Migrations());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(static_cast<int>(first->applied.size()), kMigrationCount);
  auto second = store::Migrate(db.url(), embedded::Migrations());
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(second->applied.empty());
  EXPECT_EQ(second->current_version, first->current_version);
  EXPECT_EQ(QueryValue(db.url(), "SELECT count(*) FROM schema_migrations"),
            absl::StrCat(kMigrationCount));
}

// A hotel that existed before migration 0012 (the minibar): its seeded
// restock said "Restock the minibar and charge the room" and was a sale.
// The migration fixes the defaults it seeded (and an open restock
// suggested under the old text), leaves a hotel's own actions alone and
// gives the hotel the default minibar items.
TEST(Migrations, TheMinibarMigrationFixesTheSeededRestockOnExistingHotels) {
  TestDatabase db = TestDatabase::Empty();
  std::vector<EmbeddedFile> before;
  for (const EmbeddedFile& f : embedded::Migrations()) {
    if (std::string(f.name) < "0012") before.push_back(f);
  }
  ASSERT_TRUE(store::Migrate(db.url(), before).ok());
  const std::string site = QueryValue(
      db.url(),
      "INSERT INTO sites (kind, display_name, time_zone, currency_code, "
      "created_at) VALUES ('HOTEL', 'Old hotel', 'Asia/Shanghai', 'CNY', "
      "now()) RETURNING id");
  const std::string department = QueryValue(
      db.url(), absl::StrCat("INSERT INTO departments (site_id, code, "
                             "title_zh, title_en, created_at) VALUES (",
                             site,
                             ", 'HOUSEKEEPING', '房務部', 'Housekeeping', "
                             "now()) RETURNING id"));
  auto action = [&](const std::string& code, const std::string& by) {
    return QueryValue(
        db.url(),
        absl::StrCat(
            "INSERT INTO action_definitions (site_id, code, title_zh, "
            "title_en, department_id, cost_minor, currency_code, is_sale, "
            "quantity_observation, created_at, created_by) VALUES (",
            site, ", '", code,
            "', '補充迷你吧並記入房賬', 'Restock the minibar and charge the "
            "room', ",
            department, ", 1500, 'CNY', true, '', now(), '", by,
            "') RETURNING id"));
  };
  action("RESTOCK_MINIBAR", "system");
  action("RESTOCK_WINE_FRIDGE", "staff:9");
  QueryValue(db.url(),
             absl::StrCat("INSERT INTO observation_codes (site_id, code, "
                          "takes_number, unit, label_zh, label_en, created_at, "
                          "created_by) VALUES (",
                          site,
                          ", 'OPENED_DRINKS', true, 'count', '迷你吧飲料已開', "
                          "'Minibar drinks opened', now(), 'system')"));
  const std::string visit = QueryValue(
      db.url(), absl::StrCat("INSERT INTO room_visits (site_id, room_number, "
                             "kind, visited_by, created_at) VALUES (",
                             site,
                             ", '1203', 'CLEANING', 'staff:1', now()) "
                             "RETURNING id"));
  auto room_action = [&](const std::string& state) {
    QueryValue(
        db.url(),
        absl::StrCat(
            "INSERT INTO room_actions (site_id, visit_id, room_number, code, "
            "title_zh, title_en, department_id, quantity, unit_cost_minor, "
            "currency_code, is_sale, for_next_shift, department_task, state, "
            "requested_by, created_at, updated_at) VALUES (",
            site, ", ", visit,
            ", '1203', 'RESTOCK_MINIBAR', '補充迷你吧並記入房賬', "
            "'Restock the minibar and charge the room', ",
            department, ", 2, 1500, 'CNY', true, false, false, '", state,
            "', 'staff:1', now(), now())"));
  };
  room_action("SUGGESTED");
  ASSERT_TRUE(store::Migrate(db.url(), embedded::Migrations()).ok());

  EXPECT_EQ(QueryValue(db.url(),
                       "SELECT title_en || '|' || is_sale || '|' || cost_minor "
                       "|| '|' || minibar_item FROM action_definitions WHERE "
                       "code = 'RESTOCK_MINIBAR'"),
            "Restock the minibar (charged when consumed)|false|0|BEER");
  // A hotel's own action is its own.
  EXPECT_EQ(QueryValue(db.url(),
                       "SELECT is_sale::text FROM action_definitions WHERE "
                       "code = 'RESTOCK_WINE_FRIDGE'"),
            "true");
  // The open restock suggested under the old text charges nothing now.
  EXPECT_EQ(QueryValue(db.url(),
                       "SELECT title_en || '|' || is_sale || '|' || "
                       "unit_cost_minor || '|' || minibar_item FROM "
                       "room_actions WHERE visit_id = " +
                           visit),
            "Restock the minibar (charged when consumed)|false|0|BEER");
  EXPECT_EQ(QueryValue(db.url(),
                       "SELECT label_en FROM observation_codes "
                       "WHERE code = 'OPENED_DRINKS'"),
            "Opened drinks in the room");
  EXPECT_EQ(QueryValue(db.url(),
                       absl::StrCat("SELECT count(*) FROM minibar_items WHERE "
                                    "site_id = ",
                                    site, " AND currency_code = 'CNY'")),
            "5");
  EXPECT_EQ(QueryValue(db.url(),
                       "SELECT price_minor FROM minibar_items "
                       "WHERE code = 'BEER'"),
            "1500");
}

// Before migration 0020 actors were stored as API names; after it, as
// principal keys (domain::ActorKey), append-only history included. A
// free-text "who" (a parcel's collector) is left as typed.
TEST(Migrations, ActorsStoredAsNamesBecomePrincipalKeys) {
  TestDatabase db = TestDatabase::Empty();
  std::vector<EmbeddedFile> before;
  for (const EmbeddedFile& f : embedded::Migrations()) {
    if (std::string(f.name) < "0020") before.push_back(f);
  }
  ASSERT_TRUE(store::Migrate(db.url(), before).ok());
  const std::string site = QueryValue(
      db.url(),
      "INSERT INTO sites (kind, display_name, time_zone, currency_code, "
      "created_at) VALUES ('RESIDENTIAL', 'Old court', 'Asia/Shanghai', "
      "'CNY', now()) RETURNING id");
  const std::string household = QueryValue(
      db.url(), absl::StrCat("INSERT INTO households (site_id, building, "
                             "unit, created_at) VALUES (",
                             site, ", '3', '1201', now()) RETURNING id"));
  auto history = [&](const std::string& actor) {
    QueryValue(db.url(),
               absl::StrCat("INSERT INTO front_desk_history (site_id, "
                            "household_id, action, subject, summary_zh, "
                            "summary_en, actor, recorded_at) VALUES (",
                            site, ", ", household,
                            ", 'MESSAGE_LEFT', 'x', '留言', 'A message', '",
                            actor, "', now())"));
  };
  history(absl::StrCat("sites/", site, "/staff/4"));
  history(absl::StrCat("sites/", site, "/residents/7"));
  history("admins/1");
  history("system");
  ASSERT_TRUE(store::Migrate(db.url(), embedded::Migrations()).ok());

  EXPECT_EQ(
      QueryValue(db.url(),
                 "SELECT string_agg(actor, ',' ORDER BY id) "
                 "FROM front_desk_history"),
      absl::StrCat("staff:4@", site, ",resident:7@", site, ",admin:1,system"));
  // The history is append-only again: its guard is enabled ("O").
  EXPECT_EQ(QueryValue(db.url(),
                       "SELECT string_agg(DISTINCT tgenabled::text, "
                       "',') FROM pg_trigger WHERE tgname IN "
                       "('front_desk_history_no_update', "
                       "'task_events_no_update', "
                       "'complaint_events_no_update', "
                       "'custody_records_guard')"),
            "O");
}

TEST(Migrations, ConcurrentStartsMigrateExactlyOnce) {
  TestDatabase db = TestDatabase::Empty();
  constexpr int kStarts = 4;
  std::vector<absl::StatusOr<store::MigrationReport>> reports(
      kStarts, absl::UnknownError("not run"));
  std::vector<std::thread> threads;
  for (int i = 0; i < kStarts; ++i) {
    threads.emplace_back([&, i] {
      reports[i] = store::Migrate(db.url(), embedded::Migrations());
    });
  }
  for (auto& t : threads) t.join();
  int applied = 0;
  for (const auto& report : reports) {
    ASSERT_TRUE(report.ok()) << report.status();
    applied += static_cast<int>(report->applied.size());
  }
  EXPECT_EQ(applied, kMigrationCount);
  EXPECT_EQ(QueryValue(db.url(), "SELECT count(*) FROM schema_migrations"),
            absl::StrCat(kMigrationCount));
}

TEST(Migrations, AChangedAppliedFileStopsEverything) {
  TestDatabase db = TestDatabase::Empty();
  ASSERT_TRUE(store::Migrate(db.url(), embedded::Migrations()).ok());
  std::vector<EmbeddedFile> changed = embedded::Migrations();
  const std::string edited = std::string(changed[0].text) + "\n-- edited\n";
  changed[0].text = edited;
  const std::string extra_sql = "CREATE TABLE must_not_exist (x int);";
  changed.push_back({"9999_extra.sql", extra_sql});
  EXPECT_THAT(store::Migrate(db.url(), changed),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("0001_foundation.sql was changed")));
  EXPECT_EQ(QueryValue(db.url(),
                       "SELECT count(*) FROM pg_tables "
                       "WHERE tablename = 'must_not_exist'"),
            "0");
}

TEST(Migrations, AFailingFileIsRolledBackWhole) {
  TestDatabase db = TestDatabase::Empty();
  std::vector<EmbeddedFile> files = embedded::Migrations();
  const std::string broken =
      "CREATE TABLE half_done (x int); SELECT no_such_function();";
  files.push_back({"9998_broken.sql", broken});
  EXPECT_THAT(
      store::Migrate(db.url(), files),
      StatusIs(absl::StatusCode::kInternal, HasSubstr("9998_broken.sql")));
  EXPECT_EQ(QueryValue(db.url(),
                       "SELECT count(*) FROM pg_tables "
                       "WHERE tablename = 'half_done'"),
            "0");
  EXPECT_EQ(QueryValue(db.url(), "SELECT count(*) FROM schema_migrations"),
            absl::StrCat(kMigrationCount));
}

// Migration 0011 (issue 18): a community created before it keeps its
// published catalogue, row 46 becomes case by case, an appointment's request
// is due by its window, and "overdue" is filled in as the server computes it.
TEST(Migrations, AppointmentsAndFeesKeepAnExistingCommunitysCatalogue) {
  TestDatabase db = TestDatabase::Empty();
  std::vector<EmbeddedFile> before, after;
  for (const EmbeddedFile& f : embedded::Migrations()) {
    (std::string(f.name) < "0011" ? before : after).push_back(f);
  }
  ASSERT_FALSE(after.empty());
  ASSERT_TRUE(store::Migrate(db.url(), before).ok());
  QueryValue(db.url(), R"sql(
    WITH site AS (
      INSERT INTO sites (kind, display_name, time_zone, currency_code, created_at)
      VALUES ('RESIDENTIAL', 'Old Court', 'Asia/Shanghai', 'CNY', now())
      RETURNING id
    ), dept AS (
      INSERT INTO departments (site_id, code, title_zh, title_en, created_at)
      SELECT id, 'RECEPTION', '前台', 'Reception', now() FROM site RETURNING id, site_id
    ), items AS (
      INSERT INTO service_items (site_id, code, title_zh, title_en, category,
          fee_kind, fulfilment, department_id, response_target_s,
          completion_target_s, state, approved_by, created_at, updated_at)
      SELECT site_id, code, code, code, 'OTHER', fee, 'SCHEDULED', id, 43200,
             259200, 'PUBLISHED', 'system', now(), now()
      FROM dept, (VALUES ('OTHER_REASONABLE', 'QUOTED'),
                         ('YELLOW_PAGES', 'FREE')) v(code, fee)
      RETURNING id, site_id, department_id, code
    ), household AS (
      INSERT INTO households (site_id, building, unit, created_at)
      SELECT id, '1', '101', now() FROM site RETURNING id, site_id
    )
    INSERT INTO service_requests (site_id, item_id, fee_kind, state, channel,
        household_id, contact_name, unit, window_start, window_end,
        registered_by, currency_code, department_id, response_due_at,
        completion_due_at, created_at, updated_at)
    SELECT i.site_id, i.id, 'FREE', 'DISPATCHED', 'APP', h.id, 'Liu', '1 101',
           now() + interval '14 days', now() + interval '14 days 2 hours',
           'x', 'CNY', i.department_id, now() + interval '12 hours',
           now() + interval '72 hours', now(), now()
    FROM items i, household h WHERE i.code = 'YELLOW_PAGES'
    RETURNING 1)sql");
  ASSERT_TRUE(store::Migrate(db.url(), embedded::Migrations()).ok());
  EXPECT_EQ(QueryValue(db.url(),
                       "SELECT count(*) FROM service_items "
                       "WHERE state = 'PUBLISHED'"),
            "2");
  EXPECT_EQ(QueryValue(db.url(),
                       "SELECT fee_kind FROM service_items "
                       "WHERE code = 'OTHER_REASONABLE'"),
            "CASE_BY_CASE");
  EXPECT_EQ(QueryValue(db.url(),
                       "SELECT response_due_at = window_start "
                       "FROM service_requests"),
            "t");
  EXPECT_EQ(QueryValue(db.url(),
                       "SELECT completion_due_at = window_start + interval "
                       "'72 hours' FROM service_requests"),
            "t");
  EXPECT_EQ(QueryValue(db.url(),
                       "SELECT overdue_at = window_start "
                       "FROM service_requests"),
            "t");
}

}  // namespace
}  // namespace concierge
