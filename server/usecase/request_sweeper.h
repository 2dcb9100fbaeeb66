#ifndef CONCIERGE_SERVER_USECASE_REQUEST_SWEEPER_H_
#define CONCIERGE_SERVER_USECASE_REQUEST_SWEEPER_H_

#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "server/domain/clock.h"
#include "server/store/database.h"

namespace concierge::usecase {

// The background job that escalates overdue requests: first to the
// department's supervisor, then to the manager, each exactly once even with
// several replicas sweeping at the same time (rows are taken with FOR UPDATE
// SKIP LOCKED and the level only ever rises). Each escalation is an ESCALATE
// event, so it reaches the department's and the manager's WatchTasks
// streams. Hotel room actions that wait past their time go the same way:
// ESCALATE to the manager halfway to the deadline, EXPIRE once it passed
// (with the reason), each once across replicas and each a task event. It
// also forgets idempotency keys older than a week.
class RequestSweeper {
 public:
  RequestSweeper(store::Database* db, const domain::Clock* clock)
      : db_(db), clock_(clock) {}
  ~RequestSweeper() { Stop(); }

  // What a sweep did to room actions.
  struct RoomActionSweep {
    int escalated = 0;
    int expired = 0;
  };

  // One sweep at the clock's now; returns how many moves it made (request
  // escalations, room action escalations and expiries).
  absl::StatusOr<int> RunOnce();
  absl::StatusOr<int> RunOnce(RoomActionSweep* room_actions);

  // Runs a sweep every `interval` on a thread of its own, each run with a
  // request id, a log line and its metrics.
  void Start(absl::Duration interval);
  void Stop();

  static constexpr absl::Duration kIdempotencyWindow = absl::Hours(24 * 7);

 private:
  void RunLogged();
  absl::Status SweepRoomActions(absl::Time now, RoomActionSweep* out);

  store::Database* const db_;
  const domain::Clock* const clock_;
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace concierge::usecase

#endif  // CONCIERGE_SERVER_USECASE_REQUEST_SWEEPER_H_
