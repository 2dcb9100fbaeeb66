#include "server/api/task_hub.h"

#include <algorithm>
#include <functional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "server/api/convert.h"
#include "server/api/housekeeping_convert.h"
#include "server/api/request_convert.h"
#include "server/common/log.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/store/housekeeping_repository.h"

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

// One WatchTasks call. Owned by the hub through a shared_ptr; gRPC calls
// OnDone once, after which the hub lets go of it.
class TaskHub::Stream : public grpc::ServerWriteReactor<v1::TaskEvent> {
 public:
  // Not yet admitted: sends nothing until Admit.
  Stream(TaskHub* hub, std::string request_id)
      : hub_(hub), request_id_(std::move(request_id)), opened_(absl::Now()) {}

  // Takes the caller and the starting position, registers the stream with
  // `register_locked` (called with the hub's lock held) unless the call has
  // already ended, and sends the initial metadata. Holding this stream's
  // lock throughout orders it with OnCancel and Pump: a stream is either
  // refused here or registered before it can finish or write (Pump nests
  // the locks in the same order).
  absl::Status Admit(domain::Principal principal, WatchFilter filter,
                     store::TaskCursor cursor,
                     const std::function<absl::Status()>& register_locked) {
    absl::MutexLock lock(&mu_);
    if (hub_->stop_.HasBeenNotified()) {
      return absl::UnavailableError("server shutting down; resume elsewhere");
    }
    if (finishing_ || cancelled_) {
      return absl::CancelledError("the call ended while the stream opened");
    }
    principal_ = std::move(principal);
    filter_ = std::move(filter);
    cursor_ = cursor;
    {
      absl::MutexLock hub_lock(&hub_->mu_);
      CONCIERGE_RETURN_IF_ERROR(register_locked());
    }
    admitted_ = true;
    // The caller learns at once that the stream is open (and its request
    // id) rather than with the first event, which may be hours away. Sent
    // under this lock, before any write can start (Pump needs the lock and
    // admitted_): gRPC refuses initial metadata after a write sent them.
    StartSendInitialMetadata();
    return absl::OkStatus();
  }

  void Refuse(grpc::Status status) {
    absl::MutexLock lock(&mu_);
    FinishLocked(std::move(status));
  }

  // Set by Admit before the stream is registered, then never changed.
  const std::string key() const { return principal_.Key(); }

  // Events queued for this stream, where it stands, and whether it waits
  // to be caught up from the database.
  struct Lag {
    size_t queued = 0;
    store::TaskCursor cursor;
    bool catching_up = false;
  };
  Lag lag() {
    absl::MutexLock lock(&mu_);
    return Lag{backlog_.size(), cursor_, needs_catch_up_};
  }

  // Writes the next event this stream should see, unless one is in flight.
  void Pump() {
    absl::MutexLock lock(&mu_);
    if (!admitted_ || in_flight_ || done_ || finishing_) return;
    while (!backlog_.empty()) {
      Entry entry = std::move(backlog_.front());
      backlog_.pop_front();
      cursor_ = entry.cursor;
      if (filter_.Matches(entry.cursor, entry.event)) return WriteLocked(entry);
    }
    if (needs_catch_up_) return;
    bool behind = false;
    store::TaskCursor scanned_to = cursor_;
    std::optional<Entry> next;
    {
      absl::MutexLock hub_lock(&hub_->mu_);
      if (const Entry* e =
              hub_->NextLocked(filter_, cursor_, &behind, &scanned_to)) {
        next = *e;
      }
    }
    if (behind) {
      needs_catch_up_ = true;
      hub_->Poke();
      return;
    }
    if (next) {
      cursor_ = next->cursor;
      return WriteLocked(*next);
    }
    if (cursor_ < scanned_to) cursor_ = scanned_to;
  }

  bool NeedsCatchUp() {
    absl::MutexLock lock(&mu_);
    return needs_catch_up_ && !done_;
  }
  store::TaskCursor cursor() {
    absl::MutexLock lock(&mu_);
    return cursor_;
  }
  void Fill(std::vector<Entry> entries) {
    {
      absl::MutexLock lock(&mu_);
      for (Entry& e : entries) backlog_.push_back(std::move(e));
      needs_catch_up_ = false;
    }
    Pump();
  }

  void OnWriteDone(bool ok) override {
    {
      absl::MutexLock lock(&mu_);
      in_flight_ = false;
      if (!ok || cancelled_) {
        FinishLocked(
            grpc::Status(grpc::StatusCode::CANCELLED, "stream closed"));
        return;
      }
    }
    Pump();
  }

  // A stream not yet admitted is finished by its opening (Admit refuses
  // it), never here: until then the opening still reads the call's context
  // and request, which gRPC frees once the call is finished.
  void OnCancel() override {
    absl::MutexLock lock(&mu_);
    cancelled_ = true;
    if (admitted_ && !in_flight_) {
      FinishLocked(
          grpc::Status(grpc::StatusCode::CANCELLED, "stream cancelled"));
    }
  }

  void OnDone() override {
    bool admitted;
    {
      absl::MutexLock lock(&mu_);
      done_ = true;
      admitted = admitted_;
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

  // The hub is stopping: end the stream so the client reconnects elsewhere.
  void Shutdown() {
    absl::MutexLock lock(&mu_);
    if (admitted_ && !in_flight_) {
      FinishLocked(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                "server shutting down; resume elsewhere"));
    } else {
      cancelled_ = true;
    }
  }

 private:
  void WriteLocked(const Entry& entry) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    message_.Clear();
    message_.set_cursor(EncodeCursor(entry.cursor));
    const domain::RequestEvent& e = entry.event;
    if (e.room_action_id != 0) {
      v1::RoomActionEvent* move = message_.mutable_room_action_event();
      move->set_room_action(RoomActionName(e.site_id, e.room_action_id));
      move->set_move(e.room_move);
      if (auto before = domain::ActionStateFromName(e.room_before)) {
        move->set_before_state(ToProto(*before));
      }
      if (auto after = domain::ActionStateFromName(e.room_after)) {
        move->set_after_state(ToProto(*after));
      }
      move->set_actor(e.actor);
      if (auto role = domain::RoleFromName(e.actor_role)) {
        move->set_actor_role(ToProto(*role));
      }
      move->set_note(e.note);
      ToProto(e.time, move->mutable_event_time());
      if (entry.room_action) {
        ToProto(*entry.room_action, message_.mutable_room_action());
      }
    } else {
      ToProto(entry.event, message_.mutable_event());
    }
    message_.set_department(DepartmentName(e.site_id, e.department_id));
    if (e.assignee_id != 0) {
      message_.set_assignee(StaffName(e.site_id, e.assignee_id));
    }
    if (entry.snapshot) {
      ToProto(*entry.snapshot, RelationsOf(principal_, *entry.snapshot),
              hub_->clock_->Now(), message_.mutable_request());
    }
    in_flight_ = true;
    StartWrite(&message_);
  }

  void FinishLocked(grpc::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finishing_) return;
    finishing_ = true;
    Finish(std::move(status));
  }

  TaskHub* const hub_;
  // Written once by Admit, under mu_, before the stream is registered.
  domain::Principal principal_;
  WatchFilter filter_;
  const std::string request_id_;
  const absl::Time opened_;
  absl::Mutex mu_;
  store::TaskCursor cursor_ ABSL_GUARDED_BY(mu_);
  std::deque<Entry> backlog_ ABSL_GUARDED_BY(mu_);
  v1::TaskEvent message_ ABSL_GUARDED_BY(mu_);
  bool in_flight_ ABSL_GUARDED_BY(mu_) = false;
  bool needs_catch_up_ ABSL_GUARDED_BY(mu_) = false;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  bool finishing_ ABSL_GUARDED_BY(mu_) = false;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  bool admitted_ ABSL_GUARDED_BY(mu_) = false;
};

namespace {
// Streams are kept alive by the hub while it may still call them.
using StreamRef = std::shared_ptr<void>;
}  // namespace

TaskHub::TaskHub(store::Database* db, const domain::Clock* clock,
                 Options options)
    : db_(db), clock_(clock), options_(options) {}

TaskHub::~TaskHub() { Stop(); }

void TaskHub::Start() {
  thread_ = std::thread([this] { Run(); });
}

void TaskHub::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  {
    absl::MutexLock lock(&mu_);
    poked_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void TaskHub::Poke() {
  absl::MutexLock lock(&mu_);
  poked_ = true;
}

size_t TaskHub::open_streams() {
  absl::MutexLock lock(&mu_);
  return streams_.size();
}

TaskHub::Opening TaskHub::Begin(const std::string& request_id) {
  auto stream = std::make_shared<Stream>(this, request_id);
  absl::MutexLock lock(&mu_);
  owned_[stream.get()] = stream;
  return stream;
}

grpc::ServerWriteReactor<v1::TaskEvent>* TaskHub::ReactorOf(
    const Opening& stream) {
  return stream.get();
}

void TaskHub::Refuse(const Opening& stream, grpc::Status status) {
  stream->Refuse(std::move(status));
}

absl::Status TaskHub::Admit(const Opening& stream,
                            const domain::Principal& principal,
                            WatchFilter filter, const std::string& resume) {
  if (stop_.HasBeenNotified()) {
    return absl::UnavailableError("server shutting down; resume elsewhere");
  }
  store::TaskCursor start;
  if (!resume.empty()) {
    CONCIERGE_ASSIGN_OR_RETURN(start, DecodeCursor(resume));
  } else {
    CONCIERGE_RETURN_IF_ERROR(
        db_->Read("WatchTasksStart", absl::Now() + absl::Seconds(5),
                  [&](soci::session& sql) {
                    start = store::CurrentTaskCursor(sql);
                    filter.committed_before_open =
                        std::make_shared<const store::CommittedBefore>(
                            store::CommittedNow(sql));
                    return absl::OkStatus();
                  }));
  }
  CONCIERGE_RETURN_IF_ERROR(
      stream->Admit(principal, std::move(filter), start,
                    [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) -> absl::Status {
                      int& count = per_principal_[principal.Key()];
                      if (count >= options_.max_streams_per_principal) {
                        return absl::ResourceExhaustedError(absl::StrCat(
                            "at most ", options_.max_streams_per_principal,
                            " open WatchTasks streams per caller"));
                      }
                      ++count;
                      streams_.insert(stream.get());
                      poked_ = true;
                      return absl::OkStatus();
                    }));
  stream->Pump();
  return absl::OkStatus();
}

TaskHub::Backlog TaskHub::backlog() {
  std::vector<std::shared_ptr<Stream>> streams;
  {
    absl::MutexLock lock(&mu_);
    for (auto& [raw, owned] : owned_) streams.push_back(owned);
  }
  Backlog backlog;
  backlog.streams = streams.size();
  // Never holds a stream's lock and the hub's together (Pump nests them).
  for (auto& stream : streams) {
    const Stream::Lag lag = stream->lag();
    size_t events = lag.queued;
    {
      absl::MutexLock lock(&mu_);
      if (high_water_known_) {
        auto it = std::upper_bound(ring_.begin(), ring_.end(), lag.cursor,
                                   [](const store::TaskCursor& c,
                                      const Entry& e) { return c < e.cursor; });
        events += static_cast<size_t>(ring_.end() - it);
      }
    }
    backlog.events += events;
    backlog.max_events = std::max(backlog.max_events, events);
    if (lag.catching_up) ++backlog.catching_up;
  }
  return backlog;
}

void TaskHub::Remove(Stream* stream) {
  std::shared_ptr<Stream> last;
  absl::MutexLock lock(&mu_);
  if (streams_.erase(stream) > 0) {  // admitted
    auto it = per_principal_.find(stream->key());
    if (it != per_principal_.end() && --it->second <= 0) {
      per_principal_.erase(it);
    }
  }
  auto owned = owned_.find(stream);
  if (owned == owned_.end()) return;
  last = std::move(owned->second);
  owned_.erase(owned);
  // `last` is destroyed when this function returns, after the lock.
}

const TaskHub::Entry* TaskHub::NextLocked(const WatchFilter& filter,
                                          store::TaskCursor cursor,
                                          bool* behind,
                                          store::TaskCursor* scanned_to) {
  // The ring holds every event in (ring_base_, high_water_].
  *behind = false;
  if (!high_water_known_) return nullptr;
  if (cursor < ring_base_) {
    *behind = true;
    return nullptr;
  }
  auto it = std::upper_bound(
      ring_.begin(), ring_.end(), cursor,
      [](const store::TaskCursor& c, const Entry& e) { return c < e.cursor; });
  for (; it != ring_.end(); ++it) {
    if (filter.Matches(it->cursor, it->event)) return &*it;
  }
  *scanned_to = std::max(cursor, high_water_);
  return nullptr;
}

std::optional<std::vector<TaskHub::Entry>> TaskHub::LoadEntries(
    store::TaskCursor after, int limit) {
  std::vector<Entry> entries;
  absl::Status status = db_->Read(
      "FetchTaskEvents", absl::Now() + absl::Seconds(5),
      [&](soci::session& sql) {
        std::vector<store::TaskFeedEvent> events =
            store::FetchTaskEvents(sql, after, limit);
        std::vector<int64_t> ids, room_action_ids;
        for (const auto& e : events) {
          if (e.event.room_action_id != 0) {
            room_action_ids.push_back(e.event.room_action_id);
          } else {
            ids.push_back(e.event.request_id);
          }
        }
        for (auto* list : {&ids, &room_action_ids}) {
          std::sort(list->begin(), list->end());
          list->erase(std::unique(list->begin(), list->end()), list->end());
        }
        absl::flat_hash_map<int64_t,
                            std::shared_ptr<const domain::ServiceRequest>>
            snapshots;
        for (domain::ServiceRequest& r : store::FindRequestsByIds(sql, ids)) {
          const int64_t id = r.id;
          snapshots[id] =
              std::make_shared<const domain::ServiceRequest>(std::move(r));
        }
        absl::flat_hash_map<int64_t, std::shared_ptr<const domain::RoomAction>>
            actions;
        for (domain::RoomAction& a :
             store::FindRoomActionsByIds(sql, room_action_ids)) {
          const int64_t id = a.id;
          actions[id] =
              std::make_shared<const domain::RoomAction>(std::move(a));
        }
        for (auto& e : events) {
          const int64_t request_id = e.event.request_id;
          const int64_t room_action_id = e.event.room_action_id;
          entries.push_back(
              Entry{e.cursor, std::move(e.event),
                    request_id != 0 ? snapshots[request_id] : nullptr,
                    room_action_id != 0 ? actions[room_action_id] : nullptr});
        }
        return absl::OkStatus();
      });
  // Said once when reads start failing and once when they work again: the
  // hub retries every poll interval while the database is away.
  const bool was_failing = feed_failing_.exchange(!status.ok());
  if (!status.ok()) {
    if (!was_failing) {
      Log(LogLevel::kWarning, "task feed read failed",
          {{"detail", std::string(status.message())}});
    }
    return std::nullopt;
  }
  if (was_failing) Log(LogLevel::kInfo, "task feed reads again");
  return entries;
}

void TaskHub::FetchNew() {
  store::TaskCursor from;
  bool known = false;
  {
    absl::MutexLock lock(&mu_);
    if (streams_.empty()) {
      // Nobody listens: forget the feed; the next stream re-anchors it.
      ring_.clear();
      high_water_known_ = false;
      return;
    }
    from = high_water_;
    known = high_water_known_;
  }
  if (!known) {
    // Anchor at the feed's end; streams behind it catch up from the
    // database, and the next round reads what follows.
    store::TaskCursor current;
    absl::Status status =
        db_->Read("CurrentTaskCursor", absl::Now() + absl::Seconds(5),
                  [&](soci::session& sql) {
                    current = store::CurrentTaskCursor(sql);
                    return absl::OkStatus();
                  });
    if (!status.ok()) return;
    absl::MutexLock lock(&mu_);
    ring_.clear();
    ring_base_ = high_water_ = current;
    high_water_known_ = true;
    poked_ = true;
    return;
  }
  for (;;) {
    std::optional<std::vector<Entry>> loaded = LoadEntries(from, 500);
    if (!loaded || loaded->empty()) return;
    std::vector<Entry>& entries = *loaded;
    from = entries.back().cursor;
    const size_t fetched = entries.size();
    {
      absl::MutexLock lock(&mu_);
      for (Entry& e : entries) {
        ring_.push_back(std::move(e));
        if (ring_.size() > options_.ring_capacity) {
          ring_base_ = ring_.front().cursor;
          ring_.pop_front();
        }
      }
      high_water_ = from;
    }
    if (fetched < 500) return;
  }
}

void TaskHub::CatchUp(Stream* stream) {
  // On failure the stream stays marked for catching up and is tried again
  // after the next poll interval, not at once (no busy loop while the
  // database is down).
  std::optional<std::vector<Entry>> entries =
      LoadEntries(stream->cursor(), options_.catch_up_page);
  if (entries) stream->Fill(std::move(*entries));
}

void TaskHub::Run() {
  while (!stop_.HasBeenNotified()) {
    {
      absl::MutexLock lock(&mu_);
      mu_.AwaitWithTimeout(absl::Condition(&poked_), options_.poll_interval);
      poked_ = false;
    }
    if (stop_.HasBeenNotified()) break;
    FetchNew();
    std::vector<std::shared_ptr<Stream>> streams;
    {
      absl::MutexLock lock(&mu_);
      for (auto& [raw, owned] : owned_) streams.push_back(owned);
    }
    for (auto& stream : streams) {
      if (stream->NeedsCatchUp()) CatchUp(stream.get());
      stream->Pump();
    }
  }
  std::vector<std::shared_ptr<Stream>> streams;
  {
    absl::MutexLock lock(&mu_);
    for (auto& [raw, owned] : owned_) streams.push_back(owned);
  }
  for (auto& stream : streams) stream->Shutdown();
}

}  // namespace concierge::api
