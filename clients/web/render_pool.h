#ifndef CONCIERGE_CLIENTS_WEB_RENDER_POOL_H_
#define CONCIERGE_CLIENTS_WEB_RENDER_POOL_H_

// A few threads for the heavy, short work of long-lived connections: a
// board's first snapshot lists hundreds of requests and renders hundreds of
// KB of HTML. Done on the civetweb worker that then holds the board's
// Server-Sent Events connection for hours, the stack pages and malloc
// chunks that work touched stay with that worker; a thousand open boards
// would each keep a snapshot's worth. Done here, they stay with these few
// threads and are reused by the next snapshot.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace concierge::web {

class RenderPool {
 public:
  explicit RenderPool(int threads);
  // Finishes the work queued, then joins the threads.
  ~RenderPool();
  RenderPool(const RenderPool&) = delete;
  RenderPool& operator=(const RenderPool&) = delete;

  // Runs `work` on one of the pool's threads and returns when it is done
  // (the caller waits: it has nothing else to do meanwhile).
  void Run(const std::function<void()>& work);

 private:
  struct Job {
    const std::function<void()>* work;
    bool done = false;
  };
  void Loop();

  std::mutex mutex_;
  std::condition_variable queued_;
  std::condition_variable finished_;
  std::deque<Job*> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace concierge::web

#endif  // CONCIERGE_CLIENTS_WEB_RENDER_POOL_H_
