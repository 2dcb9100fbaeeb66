#ifndef CONCIERGE_SERVER_STORE_BATCHER_H_
#define CONCIERGE_SERVER_STORE_BATCHER_H_

// Shared batches for a hot statement (docs/PERFORMANCE.md).
//
// Callers that arrive together join one batch, and one of them (the leader)
// runs the whole batch in one statement and one round trip while the others
// wait for it. Up to `max_running` batches run at once; a caller arriving
// while all of them run joins the open batch, which its first waiter runs as
// soon as a slot frees. Under load a batch holds the calls that arrived
// during the previous one, so the statements, round trips and commits per
// call fall as the load rises; a lone caller runs alone at once.
//
// The batch runs under its leader's deadline. A follower whose own deadline
// passes first returns DEADLINE_EXCEEDED; if its batch was already running,
// the batch still completes (for the room brief: the read is logged although
// its caller never saw it, never the reverse).

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "server/common/metrics.h"

namespace concierge::store {

template <typename Job>
class Batcher {
 public:
  // Runs one batch: sets each job's own outcome and returns OK, or returns
  // the error that failed the whole batch (then every caller gets it).
  using RunBatch = std::function<absl::Status(
      const std::vector<std::shared_ptr<Job>>& jobs, absl::Time deadline)>;

  // `name` labels the batcher's metrics (concierge_batches_total and
  // concierge_batched_calls_total: their ratio is the mean batch size).
  Batcher(const std::string& name, int max_running, RunBatch run)
      : max_running_(std::max(1, max_running)),
        run_(std::move(run)),
        batches_(metrics::Global().GetCounter(
            "concierge_batches_total",
            "Shared batches run to completion, by batcher", {{"batch", name}})),
        batched_calls_(metrics::Global().GetCounter(
            "concierge_batched_calls_total",
            "Calls served by shared batches run to completion, by batcher",
            {{"batch", name}})) {}

  // Returns once a batch holding `job` ran (the status of that batch), or
  // DEADLINE_EXCEEDED when `deadline` passes first.
  absl::Status Submit(std::shared_ptr<Job> job, absl::Time deadline) {
    if (absl::Now() >= deadline) return TooLate();
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
        return TooLate();
      }
    }
    return mine->status;
  }

  struct Stats {
    int64_t jobs = 0;
    int64_t batches = 0;
  };
  Stats stats() const {
    absl::MutexLock lock(&mu_);
    return stats_;
  }

 private:
  struct Batch {
    std::vector<std::shared_ptr<Job>> jobs;
    bool done = false;
    absl::Status status;
    absl::CondVar cv;
  };

  static absl::Status TooLate() {
    return absl::DeadlineExceededError(
        "the shared batch did not finish before the deadline");
  }

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
    if (batch->status.ok()) {
      stats_.jobs += static_cast<int64_t>(batch->jobs.size());
      ++stats_.batches;
      batches_.Increment();
      batched_calls_.Increment(batch->jobs.size());
    }
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
  metrics::Counter& batches_;
  metrics::Counter& batched_calls_;
  mutable absl::Mutex mu_;
  std::shared_ptr<Batch> open_ ABSL_GUARDED_BY(mu_);
  int running_ ABSL_GUARDED_BY(mu_) = 0;
  Stats stats_ ABSL_GUARDED_BY(mu_);
};

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_BATCHER_H_
