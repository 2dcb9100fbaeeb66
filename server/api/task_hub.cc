#include "server/api/task_hub.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/common/log.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/store/housekeeping_repository.h"

namespace concierge::api {

TaskHub::TaskHub(store::Database* db, const domain::Clock* clock,
                 Options options)
    : db_(db), clock_(clock), options_(options) {
  // A catch-up page is queued whole: it must fit a stream's queue.
  options_.catch_up_page = static_cast<int>(std::min<size_t>(
      options_.catch_up_page, std::max<size_t>(1, options_.backlog.events)));
}

TaskHub::~TaskHub() { Stop(); }

void TaskHub::Start() {
  thread_ = std::thread([this] { Run(); });
}

void TaskHub::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  Poke();
  if (thread_.joinable()) thread_.join();
}

void TaskHub::Poke() {
  absl::MutexLock lock(&wake_mu_);
  poked_ = true;
}

size_t TaskHub::open_streams() {
  absl::MutexLock lock(&mu_);
  return admitted_.size();
}

TaskHub::Opening TaskHub::Begin(const std::string& request_id) {
  auto stream =
      std::make_shared<TaskStream>(this, request_id, options_.backlog);
  absl::MutexLock lock(&mu_);
  owned_[stream.get()] = stream;
  return stream;
}

grpc::ServerWriteReactor<grpc::ByteBuffer>* TaskHub::ReactorOf(
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
  std::vector<std::shared_ptr<TaskStream>> kicks;
  {
    absl::MutexLock lock(&mu_);
    if (stop_.HasBeenNotified()) {
      return absl::UnavailableError("server shutting down; resume elsewhere");
    }
    int& count = per_principal_[principal.Key()];
    if (count >= options_.max_streams_per_principal) {
      return absl::ResourceExhaustedError(
          absl::StrCat("at most ", options_.max_streams_per_principal,
                       " open WatchTasks streams per caller"));
    }
    CONCIERGE_RETURN_IF_ERROR(
        stream->AdmitLocked(principal, std::move(filter), start));
    ++count;
    admitted_.insert(stream.get());
    // Joins at once when the ring holds what it needs (a stream "from
    // now" usually), else the hub's thread catches it up.
    catching_up_.insert(stream.get());
    TryJoinLocked(stream.get(), &kicks);
  }
  for (auto& s : kicks) s->Kick();
  Poke();
  return absl::OkStatus();
}

TaskHub::Backlog TaskHub::backlog() {
  std::vector<std::shared_ptr<TaskStream>> streams;
  {
    absl::MutexLock lock(&mu_);
    for (TaskStream* s : admitted_) streams.push_back(owned_[s]);
  }
  Backlog backlog;
  backlog.streams = streams.size();
  for (auto& stream : streams) {
    const TaskStream::Lag lag = stream->lag();
    backlog.events += lag.events;
    backlog.max_events = std::max(backlog.max_events, lag.events);
    backlog.bytes += lag.bytes;
    backlog.max_bytes = std::max(backlog.max_bytes, lag.bytes);
    if (lag.catching_up) ++backlog.catching_up;
  }
  backlog.overflowed = overflowed_.load(std::memory_order_relaxed);
  backlog.delivered = delivered_.load(std::memory_order_relaxed);
  return backlog;
}

void TaskHub::IndexLocked(TaskStream* stream) {
  const WatchFilter& f = stream->filter();
  SiteRoutes& site = routes_[f.site_id];
  switch (f.scope) {
    case WatchFilter::Scope::kSite:
      site.whole_site.insert(stream);
      return;
    case WatchFilter::Scope::kDepartment:
      if (f.department_id != 0)
        site.by_department[f.department_id].insert(stream);
      break;
    case WatchFilter::Scope::kAssignedToMe:
      break;
  }
  if (f.staff_id != 0) site.by_staff[f.staff_id].insert(stream);
}

void TaskHub::UnindexLocked(TaskStream* stream) {
  const WatchFilter& f = stream->filter();
  auto site = routes_.find(f.site_id);
  if (site == routes_.end()) return;
  auto drop = [stream](auto& map, int64_t key) {
    auto it = map.find(key);
    if (it == map.end()) return;
    it->second.erase(stream);
    if (it->second.empty()) map.erase(it);
  };
  site->second.whole_site.erase(stream);
  drop(site->second.by_department, f.department_id);
  drop(site->second.by_staff, f.staff_id);
  if (site->second.whole_site.empty() && site->second.by_department.empty() &&
      site->second.by_staff.empty()) {
    routes_.erase(site);
  }
}

void TaskHub::Remove(TaskStream* stream) {
  std::shared_ptr<TaskStream> last;
  absl::MutexLock lock(&mu_);
  if (admitted_.erase(stream) > 0) {
    if (catching_up_.erase(stream) == 0) UnindexLocked(stream);
    auto it = per_principal_.find(stream->principal().Key());
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

void TaskHub::RouteLocked(const PreparedRef& task,
                          std::vector<std::shared_ptr<TaskStream>>* kicks) {
  const domain::RequestEvent& e = task->event;
  auto site = routes_.find(e.site_id);
  if (site == routes_.end()) return;
  // A stream listed twice (its department and itself as assignee) takes
  // the event once: Offer ignores a cursor it has passed.
  auto offer = [&](const absl::flat_hash_set<TaskStream*>& streams) {
    for (TaskStream* s : streams) {
      if (s->Offer(task)) kicks->push_back(s->shared_from_this());
    }
  };
  auto offer_key = [&](const auto& map, int64_t key) {
    if (key == 0) return;
    auto it = map.find(key);
    if (it != map.end()) offer(it->second);
  };
  offer(site->second.whole_site);
  offer_key(site->second.by_department, e.department_id);
  offer_key(site->second.by_department, e.from_department_id);
  offer_key(site->second.by_staff, e.assignee_id);
  offer_key(site->second.by_staff, e.from_assignee_id);
}

bool TaskHub::TryJoinLocked(TaskStream* stream,
                            std::vector<std::shared_ptr<TaskStream>>* kicks) {
  if (!high_water_known_ ||
      !stream->JoinLocked(ring_, ring_base_, high_water_)) {
    return false;
  }
  catching_up_.erase(stream);
  IndexLocked(stream);
  kicks->push_back(stream->shared_from_this());
  return true;
}

void TaskHub::JoinCatchUpsLocked(
    std::vector<std::shared_ptr<TaskStream>>* kicks) {
  std::vector<TaskStream*> waiting(catching_up_.begin(), catching_up_.end());
  for (TaskStream* stream : waiting) TryJoinLocked(stream, kicks);
}

std::optional<std::vector<PreparedRef>> TaskHub::LoadPrepared(
    store::TaskCursor after, int limit) {
  std::vector<store::TaskFeedEvent> events;
  absl::flat_hash_map<int64_t, std::shared_ptr<const domain::ServiceRequest>>
      snapshots;
  absl::flat_hash_map<int64_t, std::shared_ptr<const domain::RoomAction>>
      actions;
  absl::Status status = db_->Read(
      "FetchTaskEvents", absl::Now() + absl::Seconds(5),
      [&](soci::session& sql) {
        events = store::FetchTaskEvents(sql, after, limit);
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
        for (domain::ServiceRequest& r : store::FindRequestsByIds(sql, ids)) {
          const int64_t id = r.id;
          snapshots[id] =
              std::make_shared<const domain::ServiceRequest>(std::move(r));
        }
        for (domain::RoomAction& a :
             store::FindRoomActionsByIds(sql, room_action_ids)) {
          const int64_t id = a.id;
          actions[id] =
              std::make_shared<const domain::RoomAction>(std::move(a));
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
  // Serialized outside any lock, once per event.
  const absl::Time now = clock_->Now();
  std::vector<PreparedRef> prepared;
  prepared.reserve(events.size());
  for (auto& e : events) {
    const int64_t request_id = e.event.request_id;
    const int64_t room_action_id = e.event.room_action_id;
    prepared.push_back(PrepareTask(
        e.cursor, std::move(e.event),
        room_action_id == 0 && request_id != 0 ? snapshots[request_id]
                                               : nullptr,
        room_action_id != 0 ? actions[room_action_id] : nullptr, now));
  }
  return prepared;
}

void TaskHub::FetchNew() {
  store::TaskCursor from;
  bool known = false;
  {
    absl::MutexLock lock(&mu_);
    if (admitted_.empty()) {
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
    return;
  }
  constexpr int kPage = 500;
  for (;;) {
    std::optional<std::vector<PreparedRef>> loaded = LoadPrepared(from, kPage);
    if (!loaded || loaded->empty()) return;
    from = loaded->back()->cursor;
    std::vector<std::shared_ptr<TaskStream>> kicks;
    {
      absl::MutexLock lock(&mu_);
      for (PreparedRef& task : *loaded) {
        RouteLocked(task, &kicks);
        ring_.push_back(std::move(task));
        if (ring_.size() > options_.ring_capacity) {
          ring_base_ = ring_.front()->cursor;
          ring_.pop_front();
        }
      }
      high_water_ = from;
    }
    // Writes start outside the hub's lock, so admissions never wait on
    // them.
    for (auto& stream : kicks) stream->Kick();
    if (loaded->size() < static_cast<size_t>(kPage)) return;
  }
}

void TaskHub::ServeCatchUps() {
  std::vector<std::shared_ptr<TaskStream>> streams;
  {
    absl::MutexLock lock(&mu_);
    if (catching_up_.empty()) return;
    for (TaskStream* s : catching_up_) streams.push_back(owned_[s]);
  }
  for (auto& stream : streams) {
    std::optional<store::TaskCursor> from = stream->WantsPage();
    if (!from) continue;
    // On failure the stream stays catching up and is tried again after
    // the next poll interval, not at once (no busy loop while the
    // database is down).
    std::optional<std::vector<PreparedRef>> page =
        LoadPrepared(*from, options_.catch_up_page);
    if (!page) return;
    const store::TaskCursor scanned_to =
        page->empty() ? *from : page->back()->cursor;
    stream->FillPage(*page, scanned_to);
  }
  std::vector<std::shared_ptr<TaskStream>> kicks;
  {
    absl::MutexLock lock(&mu_);
    JoinCatchUpsLocked(&kicks);
  }
  for (auto& stream : kicks) stream->Kick();
}

void TaskHub::Run() {
  absl::Time last_poke = absl::InfinitePast();
  while (!stop_.HasBeenNotified()) {
    {
      absl::MutexLock lock(&wake_mu_);
      const bool following_up =
          absl::Now() - last_poke < options_.poll_interval;
      wake_mu_.AwaitWithTimeout(
          absl::Condition(&poked_),
          following_up ? options_.follow_up_interval : options_.poll_interval);
      if (poked_) last_poke = absl::Now();
      poked_ = false;
    }
    if (stop_.HasBeenNotified()) break;
    FetchNew();
    ServeCatchUps();
  }
  std::vector<std::shared_ptr<TaskStream>> streams;
  {
    absl::MutexLock lock(&mu_);
    for (auto& [raw, owned] : owned_) streams.push_back(owned);
  }
  for (auto& stream : streams) stream->Shutdown();
}

}  // namespace concierge::api
