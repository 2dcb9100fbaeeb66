#include "server/store/room_brief_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/store/database.h"
#include "tests/support/test_database.h"

namespace concierge::store {
namespace {

// The batched room brief against a real database: every brief returned is
// the right guest's and is logged, briefs asked together share statements,
// and a room without an open stay returns nothing and logs nothing.
class RoomBriefReaderTest : public ::testing::Test {
 protected:
  static constexpr int kRooms = 8;

  void SetUp() override {
    auto opened = Database::Open({.url = db_.url(), .pool_size = 4});
    ASSERT_TRUE(opened.ok()) << opened.status();
    database_ = std::move(*opened);
    site_id_ = std::stoll(Query(
        "INSERT INTO sites (kind, display_name, time_zone, currency_code, "
        "created_at) VALUES ('HOTEL', 'Test Hotel', 'Asia/Shanghai', 'CNY', "
        "now()) RETURNING id"));
    // Room 10<i> holds guest i, with one note each.
    for (int i = 0; i < kRooms; ++i) {
      const std::string guest = Query(absl::StrCat(
          "INSERT INTO guests (latin_name, created_at, created_by, "
          "updated_at) VALUES ('Guest ",
          i, "', now(), 'test', now()) RETURNING id"));
      guests_.push_back(std::stoll(guest));
      Query(absl::StrCat(
          "INSERT INTO stays (site_id, guest_id, room_number, check_in_at, "
          "adults, created_by) VALUES (",
          site_id_, ", ", guest, ", '10", i,
          "', now(), 2, 'test') RETURNING id"));
      Query(absl::StrCat(
          "INSERT INTO guest_notes (guest_id, site_id, author, text, "
          "created_at) VALUES (",
          guest, ", ", site_id_, ", 'test', 'note of ", i,
          "', now()) RETURNING id"));
    }
  }

  std::string Query(const std::string& sql) {
    return testing::QueryValue(db_.url(), sql);
  }
  long long LoggedRows(const std::string& method) {
    return std::stoll(Query(
        absl::StrCat("SELECT count(*) FROM guest_access_log WHERE method = '",
                     method, "'")));
  }
  RoomBriefQuery Ask(const std::string& room, const std::string& method) {
    return {site_id_, room, 5,
            Reader{"sites/1/staff/7", method, site_id_, absl::Now()}};
  }

  testing::TestDatabase db_;
  std::unique_ptr<Database> database_;
  int64_t site_id_ = 0;
  std::vector<int64_t> guests_;
};

TEST_F(RoomBriefReaderTest, EveryConcurrentBriefIsTheRightGuestAndLogged) {
  RoomBriefReader reader(database_.get(), 2);
  constexpr int kThreads = 16, kEach = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const int room = (t + i) % kRooms;
        auto brief = reader.Read(Ask(absl::StrCat("10", room), "Brief"),
                                 absl::Now() + absl::Seconds(10));
        if (!brief.ok() || !brief->has_value() ||
            (*brief)->guest.id != guests_[room] ||
            (*brief)->stay.room_number != absl::StrCat("10", room) ||
            (*brief)->notes.size() != 1 ||
            (*brief)->notes[0].text != absl::StrCat("note of ", room)) {
          ++failures;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(LoggedRows("Brief"), kThreads * kEach);
  // Each guest's rows are its own room's reads: 16 x 25 spread evenly.
  EXPECT_EQ(Query(absl::StrCat("SELECT count(*) FROM guest_access_log WHERE "
                               "method = 'Brief' AND guest_id = ",
                               guests_[3])),
            absl::StrCat(kThreads * kEach / kRooms));
  const auto stats = reader.stats();
  EXPECT_EQ(stats.jobs, kThreads * kEach);
  EXPECT_LT(stats.batches, stats.jobs) << "no statement was shared";
}

TEST_F(RoomBriefReaderTest, AnEmptyRoomReturnsNothingAndLogsNothing) {
  RoomBriefReader reader(database_.get(), 2);
  auto brief =
      reader.Read(Ask("999", "Empty"), absl::Now() + absl::Seconds(10));
  ASSERT_TRUE(brief.ok()) << brief.status();
  EXPECT_FALSE(brief->has_value());
  EXPECT_EQ(LoggedRows("Empty"), 0);
  // A checked-out stay is not open either.
  Query(
      "UPDATE stays SET check_out_at = now() WHERE room_number = '100' "
      "RETURNING id");
  brief = reader.Read(Ask("100", "Empty"), absl::Now() + absl::Seconds(10));
  ASSERT_TRUE(brief.ok()) << brief.status();
  EXPECT_FALSE(brief->has_value());
  EXPECT_EQ(LoggedRows("Empty"), 0);
}

TEST_F(RoomBriefReaderTest, ABatchMixesFoundAndEmptyRoomsInItsOwnOrder) {
  const std::vector<RoomBriefQuery> asked = {
      Ask("103", "Mixed"), Ask("999", "Mixed"), Ask("101", "Mixed")};
  std::vector<std::optional<RoomBrief>> briefs;
  ASSERT_TRUE(database_
                  ->Read("test", absl::Now() + absl::Seconds(10),
                         [&](soci::session& sql) -> absl::Status {
                           auto read = LoadLoggedRoomBriefs(sql, asked);
                           if (!read.ok()) return read.status();
                           briefs = std::move(*read);
                           return absl::OkStatus();
                         })
                  .ok());
  ASSERT_EQ(briefs.size(), 3u);
  ASSERT_TRUE(briefs[0].has_value());
  EXPECT_EQ(briefs[0]->guest.id, guests_[3]);
  EXPECT_FALSE(briefs[1].has_value());
  ASSERT_TRUE(briefs[2].has_value());
  EXPECT_EQ(briefs[2]->guest.id, guests_[1]);
  EXPECT_EQ(LoggedRows("Mixed"), 2);
}

TEST_F(RoomBriefReaderTest, QuotesAndBackslashesInNamesSurvive) {
  RoomBriefReader reader(database_.get(), 1);
  RoomBriefQuery query = Ask("101", "Quoted");
  query.reader.principal = "partners/\"odd\\name\",{x}";
  query.reader.site_id = 0;
  auto brief = reader.Read(query, absl::Now() + absl::Seconds(10));
  ASSERT_TRUE(brief.ok()) << brief.status();
  ASSERT_TRUE(brief->has_value());
  EXPECT_EQ(Query("SELECT principal || '|' || COALESCE(site_id::text, "
                  "'null') FROM guest_access_log WHERE method = 'Quoted'"),
            "partners/\"odd\\name\",{x}|null");
}

TEST_F(RoomBriefReaderTest, APassedDeadlineFailsTheCallAndTheReaderGoesOn) {
  RoomBriefReader reader(database_.get(), 1);
  auto late = reader.Read(Ask("101", "Late"), absl::Now() - absl::Seconds(1));
  EXPECT_FALSE(late.ok());
  EXPECT_EQ(LoggedRows("Late"), 0);
  auto brief =
      reader.Read(Ask("102", "After"), absl::Now() + absl::Seconds(10));
  ASSERT_TRUE(brief.ok()) << brief.status();
  EXPECT_TRUE(brief->has_value());
  EXPECT_EQ(LoggedRows("After"), 1);
}

}  // namespace
}  // namespace concierge::store
