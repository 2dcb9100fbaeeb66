#include "server/common/thread_pool.h"

#include <algorithm>
#include <utility>

namespace concierge {

ThreadPool::ThreadPool(int threads) {
  for (int i = 0; i < std::max(1, threads); ++i) {
    threads_.emplace_back([this] { Work(); });
  }
}

ThreadPool::~ThreadPool() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread& thread : threads_) thread.join();
}

void ThreadPool::Run(std::function<void()> work) {
  absl::MutexLock lock(&mu_);
  queued_.push_back(std::move(work));
}

bool ThreadPool::HasWork() const { return !queued_.empty() || stopping_; }

void ThreadPool::Work() {
  while (true) {
    std::function<void()> work;
    {
      absl::MutexLock lock(&mu_, absl::Condition(this, &ThreadPool::HasWork));
      if (queued_.empty()) return;  // stopping, and nothing left
      work = std::move(queued_.front());
      queued_.pop_front();
    }
    work();
  }
}

}  // namespace concierge
