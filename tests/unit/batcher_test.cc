#include "server/store/batcher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"

namespace concierge::store {
namespace {

struct Job {
  int input = 0;
  int output = 0;
};
using Jobs = std::vector<std::shared_ptr<Job>>;

absl::Time Later() { return absl::Now() + absl::Seconds(10); }

// A batch run that doubles every job's input, taking `pause`, and records
// the most batches that ran at once.
class DoublingRun {
 public:
  explicit DoublingRun(absl::Duration pause) : pause_(pause) {}
  absl::Status operator()(const Jobs& jobs, absl::Time) {
    const int now = ++running_;
    int seen = most_running_.load();
    while (now > seen && !most_running_.compare_exchange_weak(seen, now)) {
    }
    absl::SleepFor(pause_);
    for (const auto& job : jobs) job->output = job->input * 2;
    --running_;
    return absl::OkStatus();
  }
  int most_running() const { return most_running_.load(); }

 private:
  const absl::Duration pause_;
  std::atomic<int> running_{0}, most_running_{0};
};

// Submits `each` new jobs from each of `threads` threads at once.
void SubmitFromThreads(
    int threads, int each,
    const std::function<void(std::shared_ptr<Job>)>& submit) {
  std::vector<std::thread> submitters;
  for (int t = 0; t < threads; ++t) {
    submitters.emplace_back([&, t] {
      for (int i = 0; i < each; ++i) {
        auto job = std::make_shared<Job>();
        job->input = t * 1000 + i;
        submit(job);
      }
    });
  }
  for (auto& s : submitters) s.join();
}

TEST(BatcherTest, EveryJobGetsItsOwnResultAndBatchesAreShared) {
  DoublingRun run(absl::Milliseconds(1));
  Batcher<Job> batcher("test_shared", 2, std::ref(run));
  constexpr int kThreads = 16, kEach = 50;
  std::atomic<int> wrong{0};
  SubmitFromThreads(kThreads, kEach, [&](std::shared_ptr<Job> job) {
    if (!batcher.Submit(job, Later()).ok() || job->output != job->input * 2) {
      ++wrong;
    }
  });
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_LE(run.most_running(), 2) << "more batches ran at once than allowed";
  const auto stats = batcher.stats();
  EXPECT_EQ(stats.jobs, kThreads * kEach);
  EXPECT_LT(stats.batches, stats.jobs / 2) << "batches were not shared";
  // The same counts on the metrics endpoint.
  EXPECT_EQ(metrics::Global()
                .GetCounter("concierge_batched_calls_total", "",
                            {{"batch", "test_shared"}})
                .value(),
            static_cast<uint64_t>(stats.jobs));
  EXPECT_EQ(
      metrics::Global()
          .GetCounter("concierge_batches_total", "", {{"batch", "test_shared"}})
          .value(),
      static_cast<uint64_t>(stats.batches));
}

TEST(BatcherTest, AFailedBatchFailsEveryCallerInIt) {
  Batcher<Job> batcher("test_failed", 1, [](const Jobs&, absl::Time) {
    return absl::UnavailableError("database down");
  });
  auto job = std::make_shared<Job>();
  EXPECT_EQ(batcher.Submit(job, Later()).code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(batcher.stats().jobs, 0);
}

TEST(BatcherTest, ALateCallerLeavesTheOpenBatchAndOthersGoOn) {
  absl::Notification release;
  std::atomic<int> ran{0};
  Batcher<Job> batcher("test_late", 1, [&](const Jobs& jobs, absl::Time) {
    release.WaitForNotification();
    ran += static_cast<int>(jobs.size());
    return absl::OkStatus();
  });
  // The first caller's batch blocks the only slot.
  std::thread first([&] {
    EXPECT_TRUE(batcher.Submit(std::make_shared<Job>(), Later()).ok());
  });
  absl::SleepFor(absl::Milliseconds(50));
  // A caller with a short deadline waits in the open batch and gives up.
  EXPECT_EQ(
      batcher
          .Submit(std::make_shared<Job>(), absl::Now() + absl::Milliseconds(30))
          .code(),
      absl::StatusCode::kDeadlineExceeded);
  // One already out of time never joins.
  EXPECT_EQ(batcher.Submit(std::make_shared<Job>(), absl::Now()).code(),
            absl::StatusCode::kDeadlineExceeded);
  // A patient one runs once the slot frees, alone.
  std::thread patient([&] {
    EXPECT_TRUE(batcher.Submit(std::make_shared<Job>(), Later()).ok());
  });
  absl::SleepFor(absl::Milliseconds(20));
  release.Notify();
  first.join();
  patient.join();
  EXPECT_EQ(ran.load(), 2) << "the late callers' jobs must not run";
}

// --- BatchQueue: callers queue and return; the queue's threads complete them.

TEST(BatchQueueTest, EveryJobIsCompletedOnceWithItsOwnResultInSharedBatches) {
  DoublingRun run(absl::Microseconds(200));
  constexpr int kThreads = 8, kEach = 200;
  std::atomic<int> wrong{0}, completed{0};
  absl::Notification all_done;
  {
    BatchQueue<Job> queue("test_queue", 1, std::ref(run));
    SubmitFromThreads(kThreads, kEach, [&](std::shared_ptr<Job> job) {
      queue.Submit(job, Later(), [&, job](absl::Status status) {
        if (!status.ok() || job->output != job->input * 2) ++wrong;
        if (++completed == kThreads * kEach) all_done.Notify();
      });
    });
    EXPECT_TRUE(all_done.WaitForNotificationWithTimeout(absl::Seconds(30)));
    const auto stats = queue.stats();
    EXPECT_EQ(stats.jobs, kThreads * kEach);
    EXPECT_LT(stats.batches, stats.jobs / 2) << "batches were not shared";
  }
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(completed.load(), kThreads * kEach) << "a job completed twice";
  EXPECT_EQ(run.most_running(), 1) << "one worker runs one batch at a time";
}

TEST(BatchQueueTest, AFailedBatchFailsEveryJobInIt) {
  BatchQueue<Job> queue("test_queue_failed", 1, [](const Jobs&, absl::Time) {
    return absl::UnavailableError("database down");
  });
  absl::Notification done;
  absl::Status seen;
  queue.Submit(std::make_shared<Job>(), Later(), [&](absl::Status status) {
    seen = status;
    done.Notify();
  });
  done.WaitForNotification();
  EXPECT_EQ(seen.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(queue.stats().jobs, 0);
}

TEST(BatchQueueTest, AJobOutOfTimeNeverRunsAndTheOthersGoOn) {
  absl::Notification release;
  std::atomic<int> ran{0};
  BatchQueue<Job> queue("test_queue_late", 1,
                        [&](const Jobs& jobs, absl::Time) {
                          release.WaitForNotification();
                          ran += static_cast<int>(jobs.size());
                          return absl::OkStatus();
                        });
  absl::Notification first_done, late_done, patient_done;
  // The first job's batch holds the only worker.
  queue.Submit(std::make_shared<Job>(), Later(), [&](absl::Status s) {
    EXPECT_TRUE(s.ok());
    first_done.Notify();
  });
  absl::SleepFor(absl::Milliseconds(50));
  // Already out of time: completed at once, on the caller's thread.
  bool refused_at_once = false;
  queue.Submit(std::make_shared<Job>(), absl::Now(), [&](absl::Status s) {
    refused_at_once = s.code() == absl::StatusCode::kDeadlineExceeded;
  });
  EXPECT_TRUE(refused_at_once);
  // Its deadline passes while it waits in the queue: never runs.
  queue.Submit(std::make_shared<Job>(), absl::Now() + absl::Milliseconds(20),
               [&](absl::Status s) {
                 EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded);
                 late_done.Notify();
               });
  queue.Submit(std::make_shared<Job>(), Later(), [&](absl::Status s) {
    EXPECT_TRUE(s.ok());
    patient_done.Notify();
  });
  absl::SleepFor(absl::Milliseconds(40));
  release.Notify();
  first_done.WaitForNotification();
  late_done.WaitForNotification();
  patient_done.WaitForNotification();
  EXPECT_EQ(ran.load(), 2) << "the late job must not run";
}

TEST(BatchQueueTest, StoppingCompletesWhatIsQueued) {
  std::atomic<int> completed{0};
  {
    BatchQueue<Job> queue("test_queue_stop", 2, [](const Jobs&, absl::Time) {
      absl::SleepFor(absl::Milliseconds(5));
      return absl::OkStatus();
    });
    for (int i = 0; i < 50; ++i) {
      queue.Submit(std::make_shared<Job>(), Later(),
                   [&](absl::Status s) { completed += s.ok(); });
    }
  }
  EXPECT_EQ(completed.load(), 50);
}

}  // namespace
}  // namespace concierge::store
