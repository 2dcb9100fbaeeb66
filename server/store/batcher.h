#ifndef CONCIERGE_SERVER_STORE_BATCHER_H_
#define CONCIERGE_SERVER_STORE_BATCHER_H_

// Shared batches for a hot statement (docs/PERFORMANCE.md), in two forms
// with the same rule: callers that arrive together share one batch, run as
// one statement in one round trip, so the statements, round trips and
// commits per call fall as the load rises; a lone caller runs alone at once.
//
// Batcher: for callers that wait (synchronous handlers). One of the waiting
// callers (the leader) runs the whole batch while the others wait for it.
// Up to `max_running` batches run at once; a caller arriving while all of
// them run joins the open batch, which its first waiter runs as soon as a
// slot frees. The batch runs under its leader's deadline. A follower whose
// own deadline passes first returns DEADLINE_EXCEEDED; if its batch was
// already running, the batch still completes (for the room brief: the read
// is logged although its caller never saw it, never the reverse).
//
// BatchQueue: for callers that must not wait (callback handlers, whose
// threads are gRPC's few). A caller queues its job with the function that
// completes it and returns at once; the queue's own worker threads each take
// every job queued so far as one batch, run it, and complete each job from
// that thread, so no thread is woken per call.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "server/common/metrics.h"

namespace concierge::store {

struct BatchStats {
  int64_t jobs = 0;
  int64_t batches = 0;
};

// What both forms count: `name` labels the metrics concierge_batches_total
// and concierge_batched_calls_total (their ratio is the mean batch size).
class BatchCounters {
 public:
  explicit BatchCounters(const std::string& name)
      : batches_(metrics::Global().GetCounter(
            "concierge_batches_total",
            "Shared batches run to completion, by batcher", {{"batch", name}})),
        batched_calls_(metrics::Global().GetCounter(
            "concierge_batched_calls_total",
            "Calls served by shared batches run to completion, by batcher",
            {{"batch", name}})) {}

  void Completed(size_t jobs) {
    absl::MutexLock lock(&mu_);
    stats_.jobs += static_cast<int64_t>(jobs);
    ++stats_.batches;
    batches_.Increment();
    batched_calls_.Increment(jobs);
  }
  BatchStats stats() const {
    absl::MutexLock lock(&mu_);
    return stats_;
  }

 private:
  metrics::Counter& batches_;
  metrics::Counter& batched_calls_;
  mutable absl::Mutex mu_;
  BatchStats stats_ ABSL_GUARDED_BY(mu_);
};

inline absl::Status BatchTooLate() {
  return absl::DeadlineExceededError(
      "the shared batch did not finish before the deadline");
}

template <typename Job>
class Batcher {
 public:
  // Runs one batch: sets each job's own outcome and returns OK, or returns
  // the error that failed the whole batch (then every caller gets it).
  using RunBatch = std::function<absl::Status(
      const std::vector<std::shared_ptr<Job>>& jobs, absl::Time deadline)>;

  // `name` labels the batcher's metrics (BatchCounters).
  Batcher(const std::string& name, int max_running, RunBatch run)
      : max_running_(std::max(1, max_running)),
        run_(std::move(run)),
        counters_(name) {}

  // Returns once a batch holding `job` ran (the status of that batch), or
  // DEADLINE_EXCEEDED when `deadline` passes first.
  absl::Status Submit(std::shared_ptr<Job> job, absl::Time deadline) {
    if (absl::Now() >= deadline) return BatchTooLate();
    absl::MutexLock lock(&mu_);
    if (open_ == nullptr) open_ = std::make_shared<Batch>();
    std::shared_ptr<Batch> mine = open_;
    mine->jobs.push_back(job);
    while (!mine->done) {
      if (mine == open_ && running_ < max_running_) {
        Lead(mine, deadline);
        break;
      }
      if (mine->cv.WaitWithDeadline(&mu_, deadline) && !mine->done) {
        if (mine == open_) Withdraw(*mine, job);
        return BatchTooLate();
      }
    }
    return mine->status;
  }

  BatchStats stats() const { return counters_.stats(); }

 private:
  struct Batch {
    std::vector<std::shared_ptr<Job>> jobs;
    bool done = false;
    absl::Status status;
    absl::CondVar cv;
  };

  // Runs `batch` (the open one) with the lock released meanwhile.
  void Lead(const std::shared_ptr<Batch>& batch, absl::Time deadline)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    open_ = nullptr;
    ++running_;
    mu_.Unlock();
    absl::Status status = run_(batch->jobs, deadline);
    mu_.Lock();
    --running_;
    batch->status = std::move(status);
    batch->done = true;
    if (batch->status.ok()) counters_.Completed(batch->jobs.size());
    batch->cv.SignalAll();
    WakeNextLeader();
  }

  // A waiter gives up: its job leaves the open batch, and if others remain
  // the wake-up it may have consumed passes on.
  void Withdraw(Batch& batch, const std::shared_ptr<Job>& job)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    batch.jobs.erase(std::find(batch.jobs.begin(), batch.jobs.end(), job));
    if (batch.jobs.empty()) {
      open_ = nullptr;
    } else {
      WakeNextLeader();
    }
  }

  void WakeNextLeader() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (open_ != nullptr && running_ < max_running_) open_->cv.Signal();
  }

  const int max_running_;
  const RunBatch run_;
  BatchCounters counters_;
  mutable absl::Mutex mu_;
  std::shared_ptr<Batch> open_ ABSL_GUARDED_BY(mu_);
  int running_ ABSL_GUARDED_BY(mu_) = 0;
};

template <typename Job>
class BatchQueue {
 public:
  using RunBatch = typename Batcher<Job>::RunBatch;
  // Completes one job with its batch's status; runs on a worker thread.
  using Done = std::function<void(absl::Status)>;

  // `workers` threads, so at most that many batches run at once.
  BatchQueue(const std::string& name, int workers, RunBatch run)
      : run_(std::move(run)), counters_(name) {
    for (int i = 0; i < std::max(1, workers); ++i) {
      workers_.emplace_back([this] { Work(); });
    }
  }

  // Completes every job queued so far, then stops the workers.
  ~BatchQueue() {
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
    }
    for (std::thread& worker : workers_) worker.join();
  }

  BatchQueue(const BatchQueue&) = delete;
  BatchQueue& operator=(const BatchQueue&) = delete;

  // Queues `job` and returns at once. `done` runs exactly once: on a worker
  // thread with the status of the batch that ran the job, or with
  // DEADLINE_EXCEEDED without running it when `deadline` passed while it
  // was queued (on the caller's thread, before returning, when it had
  // already passed).
  void Submit(std::shared_ptr<Job> job, absl::Time deadline, Done done) {
    if (absl::Now() >= deadline) {
      done(BatchTooLate());
      return;
    }
    absl::MutexLock lock(&mu_);
    queued_.push_back({std::move(job), deadline, std::move(done)});
  }

  BatchStats stats() const { return counters_.stats(); }

 private:
  struct Entry {
    std::shared_ptr<Job> job;
    absl::Time deadline;
    Done done;
  };

  bool HasWork() const ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    return !queued_.empty() || stopping_;
  }

  void Work() {
    while (true) {
      std::vector<Entry> batch;
      {
        absl::MutexLock lock(&mu_, absl::Condition(this, &BatchQueue::HasWork));
        if (queued_.empty()) return;  // stopping, and nothing left
        batch.swap(queued_);
      }
      RunOne(std::move(batch));
    }
  }

  // Jobs whose deadline passed while queued are completed without running;
  // the rest run under the latest of their deadlines (gRPC itself ends a
  // call whose deadline passes meanwhile).
  void RunOne(std::vector<Entry> entries) {
    const absl::Time now = absl::Now();
    std::vector<std::shared_ptr<Job>> jobs;
    absl::Time deadline = absl::InfinitePast();
    std::vector<Entry> live;
    for (Entry& e : entries) {
      if (now >= e.deadline) {
        e.done(BatchTooLate());
        continue;
      }
      jobs.push_back(e.job);
      deadline = std::max(deadline, e.deadline);
      live.push_back(std::move(e));
    }
    if (live.empty()) return;
    const absl::Status status = run_(jobs, deadline);
    if (status.ok()) counters_.Completed(jobs.size());
    for (Entry& e : live) e.done(status);
  }

  const RunBatch run_;
  BatchCounters counters_;
  mutable absl::Mutex mu_;
  std::vector<Entry> queued_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> workers_;
};

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_BATCHER_H_
