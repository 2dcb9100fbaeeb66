#ifndef CONCIERGE_SERVER_APP_CALLBACK_QUEUE_KEEPALIVE_H_
#define CONCIERGE_SERVER_APP_CALLBACK_QUEUE_KEEPALIVE_H_

// Keeps gRPC's callback threads from idling, which otherwise stalls every
// call in flight for 100 ms about once a second (docs/PERFORMANCE.md, "Tail
// latency").
//
// gRPC 1.51 on Linux runs callback methods (WatchTasks, the standard health
// service) from "nexting" threads that wait at most 1 s for a callback event
// and, when none came, sleep 100 ms before waiting again (a known TODO in
// completion_queue_cc.cc: "That's currently starving out some other
// polling"). While the server serves only synchronous methods, that happens
// every 1.1 s, and for those 100 ms no connection is read or written: every
// unary call in flight waits, although its handler had long finished.
// Measured: one brief at a time stalled 100.5 ms every 1.1 s; with any
// callback traffic, never.
//
// So the server sends itself a health Check over its in-process channel a
// few times a second: each one is callback work, and the nexting threads
// never reach their idle phase. Cost: a few empty in-process calls per second.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

namespace concierge {

class CallbackQueueKeepAlive {
 public:
  // `in_process`: the server's own in-process channel.
  CallbackQueueKeepAlive(std::shared_ptr<grpc::Channel> in_process,
                         absl::Duration period);
  // Stops and waits for the last check (call before the server shuts down).
  ~CallbackQueueKeepAlive();

  CallbackQueueKeepAlive(const CallbackQueueKeepAlive&) = delete;
  CallbackQueueKeepAlive& operator=(const CallbackQueueKeepAlive&) = delete;

 private:
  void Run();

  std::shared_ptr<grpc::Channel> channel_;
  const absl::Duration period_;
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace concierge

#endif  // CONCIERGE_SERVER_APP_CALLBACK_QUEUE_KEEPALIVE_H_
