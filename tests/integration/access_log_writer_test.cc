#include "server/store/access_log_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/store/database.h"
#include "tests/support/matchers.h"
#include "tests/support/test_database.h"

namespace concierge::store {
namespace {

using ::concierge::testing::IsOk;

class AccessLogWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::Open({.url = db_.url(), .pool_size = 4});
    ASSERT_TRUE(opened.ok()) << opened.status();
    database_ = std::move(*opened);
    // A hotel and a guest to read (the log refers to both).
    site_id_ = std::stoll(testing::QueryValue(
        db_.url(),
        "INSERT INTO sites (kind, display_name, time_zone, currency_code, "
        "created_at) VALUES ('HOTEL', 'Test Hotel', 'Asia/Shanghai', 'CNY', "
        "now()) RETURNING id"));
    guest_id_ = std::stoll(testing::QueryValue(
        db_.url(),
        "INSERT INTO guests (latin_name, created_at, created_by, updated_at) "
        "VALUES ('Test Guest', now(), 'test', now()) RETURNING id"));
  }

  long long LoggedRows(const std::string& method) {
    return std::stoll(testing::QueryValue(
        db_.url(), absl::StrCat("SELECT count(*) FROM guest_access_log "
                                "WHERE method = '",
                                method, "'")));
  }

  testing::TestDatabase db_;
  std::unique_ptr<Database> database_;
  int64_t site_id_ = 0;
  int64_t guest_id_ = 0;
};

TEST_F(AccessLogWriterTest, EveryConcurrentReadIsLoggedInSharedCommits) {
  AccessLogWriter writer(database_.get());
  constexpr int kThreads = 16, kEach = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        absl::Status s = writer.Write(
            {guest_id_, absl::StrCat("sites/1/staff/", t), "GetRoomGuestBrief",
             site_id_, absl::Now()},
            absl::Now() + absl::Seconds(10));
        if (!s.ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(LoggedRows("GetRoomGuestBrief"), kThreads * kEach);
  const AccessLogWriter::Stats stats = writer.stats();
  EXPECT_EQ(stats.rows, kThreads * kEach);
  EXPECT_LT(stats.commits, stats.rows) << "no commit was shared";
}

TEST_F(AccessLogWriterTest, QuotesAndBackslashesInNamesSurvive) {
  AccessLogWriter writer(database_.get());
  ASSERT_THAT(writer.Write({guest_id_, "partners/\"odd\\name\",{x}", "Quoted",
                            0, absl::Now()},
                           absl::Now() + absl::Seconds(10)),
              IsOk());
  EXPECT_EQ(testing::QueryValue(db_.url(),
                                "SELECT principal || '|' || "
                                "COALESCE(site_id::text, 'null') FROM "
                                "guest_access_log WHERE method = 'Quoted'"),
            "partners/\"odd\\name\",{x}|null");
}

TEST_F(AccessLogWriterTest, AFailedCommitFailsItsReadersAndLogsNothing) {
  AccessLogWriter writer(database_.get());
  // No such guest: the foreign key refuses the batch.
  EXPECT_FALSE(writer.Write({guest_id_ + 1000, "sites/1/staff/1", "Missing", site_id_,
                             absl::Now()},
                            absl::Now() + absl::Seconds(10))
                   .ok());
  EXPECT_EQ(LoggedRows("Missing"), 0);
  // And the writer goes on working.
  EXPECT_THAT(writer.Write({guest_id_, "sites/1/staff/1", "After", site_id_,
                            absl::Now()},
                           absl::Now() + absl::Seconds(10)),
              IsOk());
  EXPECT_EQ(LoggedRows("After"), 1);
}

}  // namespace
}  // namespace concierge::store
