#ifndef CONCIERGE_SERVER_API_REQUEST_SWEEPER_H_
#define CONCIERGE_SERVER_API_REQUEST_SWEEPER_H_

#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "server/api/rpc.h"

namespace concierge::api {

// The background job that escalates overdue requests: first to the
// department's supervisor, then to the manager, each exactly once even with
// several replicas sweeping at the same time (rows are taken with FOR UPDATE
// SKIP LOCKED and the level only ever rises). Each escalation is an ESCALATE
// event, so it reaches the department's and the manager's WatchTasks
// streams. It also forgets idempotency keys older than a week.
class RequestSweeper {
 public:
  explicit RequestSweeper(const ApiEnv& env) : env_(env) {}
  ~RequestSweeper() { Stop(); }

  // One sweep at the clock's now; returns how many escalations it made.
  absl::StatusOr<int> RunOnce();

  // Runs a sweep every `interval` on a thread of its own, each run with a
  // request id, a log line and its metrics.
  void Start(absl::Duration interval);
  void Stop();

  static constexpr absl::Duration kIdempotencyWindow = absl::Hours(24 * 7);

 private:
  void RunLogged();

  const ApiEnv& env_;
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_REQUEST_SWEEPER_H_
