#include "server/common/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"

namespace concierge {
namespace {

TEST(ThreadPoolTest, RunsEveryPieceOfWorkOnItsOwnThreads) {
  constexpr int kWork = 200;
  absl::BlockingCounter left(kWork);
  absl::Mutex mu;
  std::set<std::thread::id> threads;
  ThreadPool pool(3);
  for (int i = 0; i < kWork; ++i) {
    pool.Run([&] {
      {
        absl::MutexLock lock(&mu);
        threads.insert(std::this_thread::get_id());
      }
      left.DecrementCount();
    });
  }
  left.Wait();
  EXPECT_LE(threads.size(), 3u);
  EXPECT_FALSE(threads.count(std::this_thread::get_id()));
}

TEST(ThreadPoolTest, WorkWaitingOnOneThreadDoesNotHoldUpTheOthers) {
  ThreadPool pool(2);
  absl::Notification release, other_ran;
  pool.Run([&] { release.WaitForNotification(); });
  pool.Run([&] { other_ran.Notify(); });
  EXPECT_TRUE(other_ran.WaitForNotificationWithTimeout(absl::Seconds(10)));
  release.Notify();
}

TEST(ThreadPoolTest, StoppingRunsWhatIsQueued) {
  std::atomic<int> ran{0};
  {
    ThreadPool pool(1);
    for (int i = 0; i < 100; ++i) pool.Run([&] { ++ran; });
  }
  EXPECT_EQ(ran.load(), 100);
}

}  // namespace
}  // namespace concierge
