#ifndef CONCIERGE_TESTS_SUPPORT_TCP_PROXY_H_
#define CONCIERGE_TESTS_SUPPORT_TCP_PROXY_H_

// A TCP proxy on 127.0.0.1 for fault tests: put it between the server and
// PostgreSQL, then make the network slow, stall it, refuse new connections
// or cut the open ones, and heal it again.
//
// One thread runs every connection with poll(): nothing here blocks on a
// peer, so a stalled direction never stops the others or the controls.

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "absl/time/time.h"

namespace concierge::testing {

class TcpProxy {
 public:
  // Listens on a free port (FreePort) and forwards to 127.0.0.1:target_port.
  explicit TcpProxy(int target_port);
  ~TcpProxy();
  TcpProxy(const TcpProxy&) = delete;
  TcpProxy& operator=(const TcpProxy&) = delete;

  int port() const { return port_; }

  // Every chunk of data is held this long before it is forwarded (a slow
  // link: latency, not loss).
  void SetDelay(absl::Duration delay);
  // Nothing is forwarded in either direction, connections stay open and new
  // ones are accepted (a dropped route: the peers hear nothing, not even a
  // reset). Data waits and flows again once unstalled.
  void SetStalled(bool stalled);
  // New connections are accepted and closed at once (a refusing firewall).
  void SetDropNew(bool drop);
  // Resets every open connection (both sides) and returns once done.
  void CutAll();
  // Back to a healthy link: no delay, not stalled, new connections welcome.
  void Heal();

  // Connections open now, and accepted since the start.
  int open_connections() const { return open_.load(); }
  int accepted_connections() const { return accepted_.load(); }

 private:
  struct Pair;
  void Run();
  void Wake();

  const int target_port_;
  int port_ = 0;
  int listen_fd_ = -1;
  int wake_pipe_[2] = {-1, -1};

  std::mutex mu_;
  std::condition_variable cut_done_;
  absl::Duration delay_ = absl::ZeroDuration();
  bool stalled_ = false;
  bool drop_new_ = false;
  int cuts_requested_ = 0;
  int cuts_done_ = 0;
  bool stop_ = false;

  std::atomic<int> open_{0};
  std::atomic<int> accepted_{0};
  std::thread thread_;
};

}  // namespace concierge::testing

#endif  // CONCIERGE_TESTS_SUPPORT_TCP_PROXY_H_
