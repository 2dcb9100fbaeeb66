#include "server/store/change_feed.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "server/store/database.h"
#include "tests/support/matchers.h"
#include "tests/support/test_database.h"

namespace concierge::store {
namespace {

using ::concierge::testing::IsOk;

TEST(ChangeFeed, DeliversCommittedNotificationsOnly) {
  testing::TestDatabase db;
  auto database = Database::Open({.url = db.url(), .pool_size = 1});
  ASSERT_TRUE(database.ok()) << database.status();
  ChangeFeed feed((*database)->connect_string());
  std::atomic<int> received{0};
  std::string last_payload;
  absl::Mutex mu;
  feed.Subscribe("test_channel", [&](absl::string_view payload, bool resync) {
    absl::MutexLock lock(&mu);
    if (!resync) {
      last_payload = std::string(payload);
      ++received;
    }
  });
  feed.Start();
  absl::SleepFor(absl::Milliseconds(300));  // let it LISTEN

  // Rolled back: never delivered.
  EXPECT_FALSE((*database)
                   ->Transact("rolled back", absl::Now() + absl::Seconds(5),
                              [](soci::session& sql) {
                                ChangeFeed::Notify(sql, "test_channel", "no");
                                return absl::AbortedError("roll back");
                              })
                   .ok());
  ASSERT_THAT((*database)->Transact("committed", absl::Now() + absl::Seconds(5),
                                    [](soci::session& sql) {
                                      ChangeFeed::Notify(sql, "test_channel",
                                                         "yes");
                                      return absl::OkStatus();
                                    }),
              IsOk());
  const absl::Time give_up = absl::Now() + absl::Seconds(3);
  while (received.load() == 0 && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  absl::SleepFor(absl::Milliseconds(300));
  feed.Stop();
  EXPECT_EQ(received.load(), 1);
  absl::MutexLock lock(&mu);
  EXPECT_EQ(last_payload, "yes");
}

}  // namespace
}  // namespace concierge::store
