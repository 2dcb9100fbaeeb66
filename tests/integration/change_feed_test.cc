#include "server/store/change_feed.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <libpq-fe.h>

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

// Waits up to `timeout` for `done`.
template <typename F>
bool Eventually(F done, absl::Duration timeout = absl::Seconds(3)) {
  const absl::Time give_up = absl::Now() + timeout;
  while (!done()) {
    if (absl::Now() > give_up) return false;
    absl::SleepFor(absl::Milliseconds(5));
  }
  return true;
}

TEST(ChangeFeed, AfterCommitWakesThisReplicaAndTellsTheOthers) {
  testing::TestDatabase db;
  auto database = Database::Open({.url = db.url(), .pool_size = 1});
  ASSERT_TRUE(database.ok()) << database.status();
  ChangeFeed feed((*database)->connect_string());
  std::atomic<int> woken{0};
  feed.Subscribe("test_after_commit", [&](absl::string_view, bool resync) {
    if (!resync) ++woken;
  });
  feed.Start();

  // Another replica: a plain connection listening on the channel.
  PGconn* other = PQconnectdb((*database)->connect_string().c_str());
  ASSERT_EQ(PQstatus(other), CONNECTION_OK) << PQerrorMessage(other);
  PQclear(PQexec(other, "LISTEN test_after_commit"));
  auto other_heard = [&] {
    PQconsumeInput(other);
    PGnotify* n = PQnotifies(other);
    if (n == nullptr) return false;
    PQfreemem(n);
    return true;
  };

  // Rolled back: nobody hears of it.
  EXPECT_FALSE((*database)
                   ->Transact("rolled back", absl::Now() + absl::Seconds(5),
                              [](soci::session&) {
                                ChangeFeed::NotifyAfterCommit("test_after_commit");
                                return absl::AbortedError("roll back");
                              })
                   .ok());
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_EQ(woken.load(), 0);
  EXPECT_FALSE(other_heard());

  // Committed, three times in one unit of work: this replica is woken and
  // the other hears at least once.
  ASSERT_THAT((*database)->Transact("committed", absl::Now() + absl::Seconds(5),
                                    [](soci::session&) {
                                      for (int i = 0; i < 3; ++i) {
                                        ChangeFeed::NotifyAfterCommit(
                                            "test_after_commit");
                                      }
                                      return absl::OkStatus();
                                    }),
              IsOk());
  EXPECT_TRUE(Eventually([&] { return woken.load() >= 1; }));
  EXPECT_TRUE(Eventually(other_heard));
  feed.Stop();
  PQfinish(other);
}

}  // namespace
}  // namespace concierge::store
