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
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
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

// HTML that many long-lived connections send alike: after a change, a
// board's card is the same for every board of the site in one language
// that shows it in the same column. The first connection to need it
// renders it on the pool (so no worker's stack keeps what rendering
// touched: a thousand boards each rendering every card kept about 30 KB
// more each); the others wait for that render and copy it. The last
// kKeep results are kept.
class SharedRenders {
 public:
  explicit SharedRenders(RenderPool& pool) : pool_(pool) {}

  // The HTML for `key`, made by `render` (on the pool) only the first time.
  std::string Get(const std::string& key,
                  const std::function<std::string()>& render);

 private:
  static constexpr size_t kKeep = 256;
  RenderPool& pool_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_future<std::string>> results_;
  std::deque<std::string> order_;  // oldest first
};

}  // namespace concierge::web

#endif  // CONCIERGE_CLIENTS_WEB_RENDER_POOL_H_
