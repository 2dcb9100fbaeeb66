#include "clients/web/render_pool.h"

#include <malloc.h>

namespace concierge::web {

RenderPool::RenderPool(int threads) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Loop(); });
}

RenderPool::~RenderPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  queued_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void RenderPool::Run(const std::function<void()>& work) {
  Job job{&work};
  std::unique_lock<std::mutex> lock(mutex_);
  queue_.push_back(&job);
  queued_.notify_one();
  finished_.wait(lock, [&] { return job.done; });
}

void RenderPool::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    queued_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left
    Job* job = queue_.front();
    queue_.pop_front();
    lock.unlock();
    (*job->work)();
    // What the work freed (a snapshot's list, data and HTML: hundreds of
    // KB) goes back to the system instead of waiting in malloc's arenas.
    malloc_trim(0);
    lock.lock();
    job->done = true;
    finished_.notify_all();
  }
}

std::string SharedRenders::Get(const std::string& key,
                               const std::function<std::string()>& render) {
  std::promise<std::string> promise;
  std::shared_future<std::string> result;
  bool mine = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = results_.find(key);
    if (found != results_.end()) {
      result = found->second;
    } else {
      result = promise.get_future().share();
      results_.emplace(key, result);
      order_.push_back(key);
      if (order_.size() > kKeep) {
        results_.erase(order_.front());
        order_.pop_front();
      }
      mine = true;
    }
  }
  if (mine) {
    std::string html;
    pool_.Run([&] { html = render(); });
    promise.set_value(std::move(html));
  }
  return result.get();
}

}  // namespace concierge::web
