#ifndef CONCIERGE_SERVER_COMMON_THREAD_POOL_H_
#define CONCIERGE_SERVER_COMMON_THREAD_POOL_H_

// A fixed set of threads running queued work in order of arrival. Callback
// handlers send here the work that may wait on the database (a token not in
// the authenticator's cache), so gRPC's own few callback threads never block:
// when the database is slow or gone, the work waits in this queue instead,
// each piece still bounded by its call's deadline.

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace concierge {

class ThreadPool {
 public:
  explicit ThreadPool(int threads);
  // Runs every piece of work queued so far, then stops the threads.
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Queues `work` and returns at once.
  void Run(std::function<void()> work);

 private:
  bool HasWork() const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  void Work();

  absl::Mutex mu_;
  std::deque<std::function<void()>> queued_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace concierge

#endif  // CONCIERGE_SERVER_COMMON_THREAD_POOL_H_
