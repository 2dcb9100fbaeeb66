#ifndef CONCIERGE_SERVER_API_TASK_STREAM_H_
#define CONCIERGE_SERVER_API_TASK_STREAM_H_

// One open WatchTasks call and the events it is sent (see task_hub.h for
// how they reach it).
//
// An event is serialized once, when the hub reads it, into the bytes of a
// v1::TaskEvent; every stream it reaches sends those same bytes (a shared,
// reference-counted grpc::Slice), so a delivery costs gRPC's write and no
// protobuf work. Only one part of the message depends on who watches:
// whether the request's unit and phone are shown (MaySeeContact), so each
// event is serialized at most twice.
//
// Each stream keeps its own queue of events still to write, bounded by count
// and bytes. A stream whose client does not read fast enough fills its
// queue and is ended with RESOURCE_EXHAUSTED; the client resumes from the
// cursor of the last event it received and is caught up from the database,
// so a slow or stuck client costs neither memory nor other streams' time.

#include <grpcpp/grpcpp.h>

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "concierge/v1/requests.pb.h"
#include "server/domain/housekeeping.h"
#include "server/domain/principal.h"
#include "server/domain/requests.h"
#include "server/store/request_repository.h"

namespace concierge::api {

class TaskHub;

// Which events a stream receives.
struct WatchFilter {
  enum class Scope { kDepartment, kAssignedToMe, kSite };
  Scope scope = Scope::kDepartment;
  int64_t site_id = 0;
  int64_t department_id = 0;
  int64_t staff_id = 0;
  // A stream opened "from now": events of these transactions were
  // committed before it opened and are not its to see.
  std::shared_ptr<const store::CommittedBefore> committed_before_open;
  bool Matches(const store::TaskCursor& cursor,
               const domain::RequestEvent& e) const;
};

// "c1.<xid>.<id>" <-> cursor; INVALID_ARGUMENT naming resume_cursor.
std::string EncodeCursor(const store::TaskCursor& cursor);
absl::StatusOr<store::TaskCursor> DecodeCursor(absl::string_view text);

// A task event ready to send: routed by `event`, sent as `full` or
// `redacted` (the serialized v1::TaskEvent with and without the request's
// contact details). Immutable once made, shared by every stream it reaches.
struct PreparedTask {
  store::TaskCursor cursor;
  domain::RequestEvent event;
  // The request as it was read (for the viewer's relations); null for a
  // room action.
  std::shared_ptr<const domain::ServiceRequest> snapshot;
  grpc::Slice full;
  grpc::Slice redacted;
  size_t bytes() const { return full.size(); }
};
using PreparedRef = std::shared_ptr<const PreparedTask>;

// Serializes one event of the feed, with the request or room action as it
// is now (one of them, or neither), `now` deciding "overdue".
PreparedRef PrepareTask(
    const store::TaskCursor& cursor, domain::RequestEvent event,
    std::shared_ptr<const domain::ServiceRequest> snapshot,
    const std::shared_ptr<const domain::RoomAction>& room_action,
    absl::Time now);

// The WatchTasks request from its bytes (the method is served raw);
// INVALID_ARGUMENT when it does not parse.
absl::StatusOr<v1::WatchTasksRequest> ParseWatchRequest(
    const grpc::ByteBuffer& raw);

// How much a stream may have queued before it is ended.
struct BacklogLimit {
  size_t events = 1024;
  size_t bytes = 2 * 1024 * 1024;
};

// One WatchTasks call. Owned by the hub through a shared_ptr; gRPC calls
// OnDone once, after which the hub lets go of it. Lock order: the hub's
// lock, then a stream's; a stream never takes the hub's lock while holding
// its own.
class TaskStream : public grpc::ServerWriteReactor<grpc::ByteBuffer>,
                   public std::enable_shared_from_this<TaskStream> {
 public:
  TaskStream(TaskHub* hub, std::string request_id, BacklogLimit limit);

  // With the hub's lock held: takes the caller and the starting position
  // unless the call has already ended, and sends the initial metadata. The
  // stream starts catching up (it is offered nothing live until JoinLocked).
  absl::Status AdmitLocked(domain::Principal principal, WatchFilter filter,
                           store::TaskCursor cursor);
  void Refuse(grpc::Status status);

  // Set by Admit before the stream is registered, then never changed.
  const domain::Principal& principal() const { return principal_; }
  const WatchFilter& filter() const { return filter_; }

  // Live delivery, called by the hub with its lock held, in cursor order:
  // queues `task` if this stream should see it. Returns true when the
  // stream was idle and now has something to write: call Kick() (after
  // letting go of the hub's lock). A stream whose queue would pass its
  // limit is ended (RESOURCE_EXHAUSTED) instead.
  bool Offer(const PreparedRef& task);
  // Starts writing the queued events unless a write is in flight.
  void Kick();

  // Catching up (a stream opened from a cursor the hub no longer holds in
  // memory). Where to read the next page from, when the stream has written
  // what it had and waits for more.
  std::optional<store::TaskCursor> WantsPage();
  // Queues a page read after that position (in cursor order, `scanned_to`
  // the last position read) and starts writing it.
  void FillPage(const std::vector<PreparedRef>& page,
                store::TaskCursor scanned_to);
  // With the hub's lock held: joins the live feed when this stream has read
  // up to the hub's memory (`ring` holds every event in (ring_base,
  // high_water]) and what it still needs from there fits its queue.
  // Returns true when it joined.
  bool JoinLocked(const std::deque<PreparedRef>& ring,
                  store::TaskCursor ring_base, store::TaskCursor high_water);
  bool catching_up();

  // The hub is stopping: end the stream so the client reconnects elsewhere.
  void Shutdown();

  // Queued events and bytes, and whether the stream is catching up.
  struct Lag {
    size_t events = 0;
    size_t bytes = 0;
    bool catching_up = false;
  };
  Lag lag();

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  bool QueueLocked(const PreparedRef& task) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void WriteNextLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void OverflowLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void FinishLocked(grpc::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool EndedLocked() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return finishing_ || done_ || cancelled_ || overflowed_;
  }

  TaskHub* const hub_;
  const std::string request_id_;
  const BacklogLimit limit_;
  const absl::Time opened_;
  // Written once by Admit, under mu_, before the stream is registered.
  domain::Principal principal_;
  WatchFilter filter_;

  absl::Mutex mu_;
  // Every event up to here has been queued or passed over: a later offer
  // of one of them (the live feed overlapping a catch-up page) is ignored.
  store::TaskCursor position_ ABSL_GUARDED_BY(mu_);
  std::deque<PreparedRef> queue_ ABSL_GUARDED_BY(mu_);
  size_t queued_bytes_ ABSL_GUARDED_BY(mu_) = 0;
  // The event being written and its bytes (gRPC holds a reference to the
  // buffer until OnWriteDone).
  PreparedRef writing_ ABSL_GUARDED_BY(mu_);
  grpc::ByteBuffer buffer_ ABSL_GUARDED_BY(mu_);
  bool in_flight_ ABSL_GUARDED_BY(mu_) = false;
  bool catching_up_ ABSL_GUARDED_BY(mu_) = true;
  bool overflowed_ ABSL_GUARDED_BY(mu_) = false;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  bool finishing_ ABSL_GUARDED_BY(mu_) = false;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  bool admitted_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_TASK_STREAM_H_
