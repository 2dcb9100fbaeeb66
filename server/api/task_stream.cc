#include "server/api/task_stream.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "concierge/v1/requests.pb.h"
#include "server/api/convert.h"
#include "server/api/housekeeping_convert.h"
#include "server/api/request_convert.h"
#include "server/api/task_hub.h"
#include "server/common/log.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"

namespace concierge::api {

bool WatchFilter::Matches(const store::TaskCursor& cursor,
                          const domain::RequestEvent& e) const {
  if (e.site_id != site_id) return false;
  if (committed_before_open && committed_before_open->Contains(cursor.xid)) {
    return false;
  }
  const bool mine = staff_id != 0 && (e.assignee_id == staff_id ||
                                      e.from_assignee_id == staff_id);
  switch (scope) {
    case Scope::kSite:
      return true;
    case Scope::kAssignedToMe:
      return mine;
    case Scope::kDepartment:
      return mine ||
             (department_id != 0 && (e.department_id == department_id ||
                                     e.from_department_id == department_id));
  }
  return false;
}

std::string EncodeCursor(const store::TaskCursor& cursor) {
  return absl::StrCat("c1.", cursor.xid, ".", cursor.id);
}

absl::StatusOr<store::TaskCursor> DecodeCursor(absl::string_view text) {
  const std::vector<absl::string_view> parts = absl::StrSplit(text, '.');
  store::TaskCursor cursor;
  if (parts.size() != 3 || parts[0] != "c1" ||
      !absl::SimpleAtoi(parts[1], &cursor.xid) ||
      !absl::SimpleAtoi(parts[2], &cursor.id) || cursor.id < 0) {
    return absl::InvalidArgumentError(
        "resume_cursor: not a cursor from a TaskEvent");
  }
  return cursor;
}

absl::StatusOr<v1::WatchTasksRequest> ParseWatchRequest(
    const grpc::ByteBuffer& raw) {
  grpc::ByteBuffer copy(raw);  // Deserialize consumes its buffer
  v1::WatchTasksRequest request;
  // The strict traits (cmake/wire_traits.cmake): INVALID_ARGUMENT.
  grpc::Status status =
      grpc::SerializationTraits<v1::WatchTasksRequest>::Deserialize(&copy,
                                                                    &request);
  if (!status.ok()) return absl::InvalidArgumentError(status.error_message());
  return request;
}

namespace {

// The message without the request: the same for every viewer.
void FillCommon(const store::TaskCursor& cursor, const domain::RequestEvent& e,
                const domain::RoomAction* room_action, v1::TaskEvent* out) {
  out->set_cursor(EncodeCursor(cursor));
  if (e.room_action_id != 0) {
    v1::RoomActionEvent* move = out->mutable_room_action_event();
    move->set_room_action(RoomActionName(e.site_id, e.room_action_id));
    move->set_move(e.room_move);
    if (auto before = domain::ActionStateFromName(e.room_before)) {
      move->set_before_state(ToProto(*before));
    }
    if (auto after = domain::ActionStateFromName(e.room_after)) {
      move->set_after_state(ToProto(*after));
    }
    move->set_actor(ActorName(e.actor));
    if (auto role = domain::RoleFromName(e.actor_role)) {
      move->set_actor_role(ToProto(*role));
    }
    move->set_note(e.note);
    ToProto(e.time, move->mutable_event_time());
    if (room_action) ToProto(*room_action, out->mutable_room_action());
  } else {
    ToProto(e, out->mutable_event());
  }
  out->set_department(DepartmentName(e.site_id, e.department_id));
  if (e.assignee_id != 0) {
    out->set_assignee(StaffName(e.site_id, e.assignee_id));
  }
}

grpc::Slice Serialize(const v1::TaskEvent& message) {
  std::string bytes = message.SerializeAsString();
  return grpc::Slice(std::move(bytes));
}

}  // namespace

PreparedRef PrepareTask(
    const store::TaskCursor& cursor, domain::RequestEvent event,
    std::shared_ptr<const domain::ServiceRequest> snapshot,
    const std::shared_ptr<const domain::RoomAction>& room_action,
    absl::Time now) {
  auto task = std::make_shared<PreparedTask>();
  v1::TaskEvent message;
  FillCommon(cursor, event, room_action.get(), &message);
  if (snapshot) {
    // Any relation that may see the contact details, and none.
    ToProto(*snapshot, domain::Relations{domain::Relation::kManager}, now,
            message.mutable_request());
    task->full = Serialize(message);
    message.clear_request();
    ToProto(*snapshot, domain::Relations{}, now, message.mutable_request());
    task->redacted = Serialize(message);
  } else {
    task->full = Serialize(message);
    task->redacted = task->full;
  }
  task->cursor = cursor;
  task->event = std::move(event);
  task->snapshot = std::move(snapshot);
  return task;
}

TaskStream::TaskStream(TaskHub* hub, std::string request_id, BacklogLimit limit)
    : hub_(hub),
      request_id_(std::move(request_id)),
      limit_(limit),
      opened_(absl::Now()) {}

// Called with the hub's lock held, which orders it with the hub's live
// feed; this stream's lock orders it with OnCancel and the writes: a stream
// is either refused here or registered before it can finish or write.
absl::Status TaskStream::AdmitLocked(domain::Principal principal,
                                     WatchFilter filter,
                                     store::TaskCursor cursor) {
  absl::MutexLock lock(&mu_);
  if (finishing_ || cancelled_) {
    return absl::CancelledError("the call ended while the stream opened");
  }
  principal_ = std::move(principal);
  filter_ = std::move(filter);
  position_ = cursor;
  admitted_ = true;
  // The caller learns at once that the stream is open (and its request
  // id) rather than with the first event, which may be hours away. Sent
  // under this lock, before any write can start: gRPC refuses initial
  // metadata after a write sent them.
  StartSendInitialMetadata();
  return absl::OkStatus();
}

void TaskStream::Refuse(grpc::Status status) {
  absl::MutexLock lock(&mu_);
  FinishLocked(std::move(status));
}

bool TaskStream::QueueLocked(const PreparedRef& task) {
  if (!(position_ < task->cursor)) return false;  // queued or passed
  position_ = task->cursor;
  if (!filter_.Matches(task->cursor, task->event)) return false;
  if (queue_.size() + 1 > limit_.events ||
      queued_bytes_ + task->bytes() > limit_.bytes) {
    OverflowLocked();
    return false;
  }
  const bool was_idle = queue_.empty() && !in_flight_;
  queue_.push_back(task);
  queued_bytes_ += task->bytes();
  return was_idle;
}

bool TaskStream::Offer(const PreparedRef& task) {
  absl::MutexLock lock(&mu_);
  if (!admitted_ || catching_up_ || EndedLocked()) return false;
  return QueueLocked(task);
}

void TaskStream::Kick() {
  absl::MutexLock lock(&mu_);
  if (!in_flight_ && !EndedLocked()) WriteNextLocked();
}

std::optional<store::TaskCursor> TaskStream::WantsPage() {
  absl::MutexLock lock(&mu_);
  if (!admitted_ || !catching_up_ || EndedLocked() || !queue_.empty() ||
      in_flight_) {
    return std::nullopt;
  }
  return position_;
}

void TaskStream::FillPage(const std::vector<PreparedRef>& page,
                          store::TaskCursor scanned_to) {
  absl::MutexLock lock(&mu_);
  if (EndedLocked()) return;
  // A page is never larger than the limit allows (the hub's page size).
  for (const PreparedRef& task : page) QueueLocked(task);
  if (position_ < scanned_to) position_ = scanned_to;
  if (!in_flight_ && !EndedLocked()) WriteNextLocked();
}

bool TaskStream::JoinLocked(const std::deque<PreparedRef>& ring,
                            store::TaskCursor ring_base,
                            store::TaskCursor high_water) {
  absl::MutexLock lock(&mu_);
  if (EndedLocked()) return true;  // nothing left to catch up
  if (position_ < ring_base) return false;
  auto first =
      std::upper_bound(ring.begin(), ring.end(), position_,
                       [](const store::TaskCursor& c, const PreparedRef& t) {
                         return c < t->cursor;
                       });
  size_t needed = 0, bytes = queued_bytes_;
  for (auto it = first; it != ring.end(); ++it) {
    if (!filter_.Matches((*it)->cursor, (*it)->event)) continue;
    ++needed;
    bytes += (*it)->bytes();
  }
  // Too much to take at once: keep reading pages from the database.
  if (queue_.size() + needed > limit_.events / 2 || bytes > limit_.bytes / 2) {
    return false;
  }
  for (auto it = first; it != ring.end(); ++it) QueueLocked(*it);
  if (position_ < high_water) position_ = high_water;
  catching_up_ = false;
  return true;
}

bool TaskStream::catching_up() {
  absl::MutexLock lock(&mu_);
  return catching_up_;
}

TaskStream::Lag TaskStream::lag() {
  absl::MutexLock lock(&mu_);
  return Lag{queue_.size(), queued_bytes_, catching_up_};
}

void TaskStream::WriteNextLocked() {
  if (queue_.empty()) return;
  writing_ = std::move(queue_.front());
  queue_.pop_front();
  queued_bytes_ -= writing_->bytes();
  const bool contact =
      !writing_->snapshot ||
      domain::MaySeeContact(RelationsOf(principal_, *writing_->snapshot));
  grpc::Slice slice = contact ? writing_->full : writing_->redacted;
  buffer_ = grpc::ByteBuffer(&slice, 1);
  in_flight_ = true;
  StartWrite(&buffer_);
}

void TaskStream::OverflowLocked() {
  overflowed_ = true;
  queue_.clear();
  queued_bytes_ = 0;
  hub_->CountOverflow();
  // The write in flight, if any, ends first (OnWriteDone), so the client
  // has every event up to the cursor it resumes from.
  if (!in_flight_) {
    FinishLocked(grpc::Status(
        grpc::StatusCode::RESOURCE_EXHAUSTED,
        "task stream fell too far behind: resume from the cursor of the last "
        "event received"));
  }
}

void TaskStream::OnWriteDone(bool ok) {
  absl::MutexLock lock(&mu_);
  in_flight_ = false;
  writing_.reset();
  if (ok) hub_->CountDelivered();
  if (!ok || cancelled_) {
    FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "stream closed"));
    return;
  }
  if (overflowed_) {
    FinishLocked(grpc::Status(
        grpc::StatusCode::RESOURCE_EXHAUSTED,
        "task stream fell too far behind: resume from the cursor of the last "
        "event received"));
    return;
  }
  if (finishing_) return;
  WriteNextLocked();
  // A stream catching up asks for its next page once it wrote this one.
  if (!in_flight_ && catching_up_) hub_->Poke();
}

// A stream not yet admitted is finished by its opening (Admit refuses it),
// never here: until then the opening still reads the call's context and
// request, which gRPC frees once the call is finished.
void TaskStream::OnCancel() {
  absl::MutexLock lock(&mu_);
  cancelled_ = true;
  queue_.clear();
  queued_bytes_ = 0;
  if (admitted_ && !in_flight_) {
    FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "stream cancelled"));
  }
}

void TaskStream::OnDone() {
  bool admitted;
  {
    absl::MutexLock lock(&mu_);
    done_ = true;
    admitted = admitted_;
    queue_.clear();
    queued_bytes_ = 0;
  }
  // A refused stream's call logged its refusal (RpcRecord).
  if (!admitted) return hub_->Remove(this);  // may destroy this object
  // gRPC's thread has no request scope: name the call explicitly.
  Log(LogLevel::kInfo, "watch stream closed",
      {{"method", "concierge.v1.ServiceRequestService/WatchTasks"},
       {"principal", principal_.Key()},
       {"site", principal_.site_id},
       {"duration_ms", absl::ToDoubleMilliseconds(absl::Now() - opened_)},
       {"request_id", request_id_}});
  hub_->Remove(this);  // may destroy this object: nothing after it
}

void TaskStream::Shutdown() {
  absl::MutexLock lock(&mu_);
  queue_.clear();
  queued_bytes_ = 0;
  if (admitted_ && !in_flight_) {
    FinishLocked(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                              "server shutting down; resume elsewhere"));
  } else {
    cancelled_ = true;
  }
}

void TaskStream::FinishLocked(grpc::Status status) {
  if (finishing_) return;
  finishing_ = true;
  Finish(std::move(status));
}

}  // namespace concierge::api
