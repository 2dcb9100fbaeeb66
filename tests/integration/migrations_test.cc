#include "server/store/migrator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "absl/strings/str_cat.h"
#include "server/common/embedded_file.h"
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
  EXPECT_THAT(store::Migrate(db.url(), files),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("9998_broken.sql")));
  EXPECT_EQ(QueryValue(db.url(), "SELECT count(*) FROM pg_tables "
                                 "WHERE tablename = 'half_done'"),
            "0");
  EXPECT_EQ(QueryValue(db.url(), "SELECT count(*) FROM schema_migrations"),
            absl::StrCat(kMigrationCount));
}

}  // namespace
}  // namespace concierge
