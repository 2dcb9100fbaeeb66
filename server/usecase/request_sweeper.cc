#include "server/usecase/request_sweeper.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/common/log.h"
#include "server/common/metrics.h"
#include "server/common/status_macros.h"
#include "server/domain/housekeeping.h"
#include "server/domain/requests.h"
#include "server/store/housekeeping_repository.h"
#include "server/store/idempotency.h"
#include "server/store/request_repository.h"

namespace concierge::usecase {
namespace {

constexpr int kBatch = 100;

}  // namespace

absl::Status RequestSweeper::SweepRoomActions(absl::Time now,
                                              RoomActionSweep* out) {
  // Batches in id order, one transaction each, like the requests: each
  // row is taken FOR UPDATE SKIP LOCKED, so of several sweepers one moves
  // it, and a moved row is no longer due (expired, or escalated already).
  int64_t after_id = 0;
  for (;;) {
    int candidates = 0;
    RoomActionSweep batch;
    CONCIERGE_RETURN_IF_ERROR(db_->Transact(
        "SweepRoomActions", absl::Now() + absl::Seconds(30),
        [&](soci::session& sql) -> absl::Status {
          batch = {};
          const auto locked =
              store::LockDueRoomActions(sql, now, after_id, kBatch);
          candidates = static_cast<int>(locked.size());
          for (const auto& [site_id, id] : locked) {
            after_id = id;
            std::optional<domain::RoomAction> action =
                store::FindRoomAction(sql, site_id, id);
            if (!action) continue;
            const std::optional<domain::ActionMove> move =
                domain::DueMove(*action, now);
            if (!move) continue;
            auto next = domain::DecideActionMove(
                action->state, *move,
                domain::ActionRelations{domain::ActionRelation::kSystem});
            if (!next.ok()) continue;
            const domain::ActionState before = action->state;
            domain::LocalizedReason note;
            if (*move == domain::ActionMove::kExpire) {
              note = domain::ExpiryReason(*action);
              action->expire_time = now;
              action->expiry_reason_zh = note.zh;
              action->expiry_reason_en = note.en;
            } else {
              note = domain::EscalationNote(*action);
              action->escalation_level = 1;
            }
            action->state = *next;
            action->update_time = now;
            if (!store::SaveRoomAction(sql, *action, action->version)) continue;
            ++action->version;
            // The department, the attendant who asked and (site-wide) the
            // manager hear of it on WatchTasks.
            store::AppendRoomActionEvent(
                sql, *action, domain::ActionMoveName(*move), before,
                std::string(domain::kSystemActor), "SYSTEM", now,
                absl::StrCat(note.en, " / ", note.zh));
            ++(*move == domain::ActionMove::kExpire ? batch.expired
                                                    : batch.escalated);
          }
          return absl::OkStatus();
        }));
    out->escalated += batch.escalated;
    out->expired += batch.expired;
    if (candidates < kBatch) break;
  }
  return absl::OkStatus();
}

absl::StatusOr<int> RequestSweeper::RunOnce() {
  RoomActionSweep ignored;
  return RunOnce(&ignored);
}

absl::StatusOr<int> RequestSweeper::RunOnce(RoomActionSweep* room_actions) {
  const absl::Time now = clock_->Now();
  int escalated = 0;
  // Batches in id order, one transaction each, until the candidates run out.
  int64_t after_id = 0;
  for (;;) {
    int batch_escalated = 0;
    int candidates = 0;
    CONCIERGE_RETURN_IF_ERROR(db_->Transact(
        "EscalateOverdue", absl::Now() + absl::Seconds(30),
        [&](soci::session& sql) -> absl::Status {
          const auto locked =
              store::LockEscalationCandidates(sql, now, after_id, kBatch);
          candidates = static_cast<int>(locked.size());
          for (const auto& [site_id, id] : locked) {
            after_id = id;
            std::optional<domain::ServiceRequest> r =
                store::FindRequest(sql, site_id, id);
            if (!r) continue;
            const int32_t level = domain::EscalationLevelDue(*r, now);
            if (level <= r->escalation_level) continue;
            auto next =
                domain::Decide(r->state, domain::RequestAction::kEscalate,
                               domain::Relations{domain::Relation::kSystem});
            if (!next.ok()) continue;
            const int64_t version = r->version;
            r->escalation_level = level;
            r->update_time = now;
            if (!store::SaveRequest(sql, *r, version)) continue;
            domain::RequestEvent event;
            event.site_id = site_id;
            event.request_id = id;
            event.department_id = r->department_id;
            event.assignee_id = r->assignee_id;
            event.action = domain::RequestAction::kEscalate;
            event.before = r->state;
            event.after = *next;
            event.actor = std::string(domain::kSystemActor);
            event.actor_role = "SYSTEM";
            event.note = level == 1 ? "overdue: escalated to the supervisor"
                                    : "still overdue: escalated to the manager";
            event.time = now;
            store::AppendEvent(sql, event);
            ++batch_escalated;
          }
          return absl::OkStatus();
        }));
    escalated += batch_escalated;
    if (candidates < kBatch) break;
  }
  // Hotel room actions that wait past their time: escalated to the
  // manager as the deadline nears, expired once it passed.
  *room_actions = {};
  CONCIERGE_RETURN_IF_ERROR(SweepRoomActions(now, room_actions));
  CONCIERGE_RETURN_IF_ERROR(
      db_->Transact("ExpireRequestIds", absl::Now() + absl::Seconds(30),
                    [&](soci::session& sql) {
                      store::ExpireRequestIds(sql, now - kIdempotencyWindow);
                      return absl::OkStatus();
                    }));
  return escalated + room_actions->escalated + room_actions->expired;
}

void RequestSweeper::Start(absl::Duration interval) {
  thread_ = std::thread([this, interval] {
    while (!stop_.WaitForNotificationWithTimeout(interval)) RunLogged();
  });
}

void RequestSweeper::RunLogged() {
  static constexpr char kJob[] = "escalate_overdue";
  // A run is correlated like a call: its id is on its log line and on the
  // ESCALATE events it appends.
  const std::string run_id = NewRequestId();
  RequestIdScope scope(run_id);
  const absl::Time started = absl::Now();
  RoomActionSweep room_actions;
  absl::StatusOr<int> escalated = RunOnce(&room_actions);
  const double ms = absl::ToDoubleMilliseconds(absl::Now() - started);
  const std::string outcome = escalated.ok() ? "ok" : "failed";
  metrics::Global()
      .GetCounter("concierge_job_runs_total",
                  "Background job runs, by job and outcome (ok, failed)",
                  {{"job", kJob}, {"outcome", outcome}})
      .Increment();
  if (!escalated.ok()) {
    Log(LogLevel::kWarning, "job run",
        {{"job", kJob},
         {"outcome", outcome},
         {"code", absl::StatusCodeToString(escalated.status().code())},
         {"detail", std::string(escalated.status().message())},
         {"duration_ms", ms}});
    return;
  }
  metrics::Global()
      .GetGauge("concierge_job_last_success_timestamp_seconds",
                "When each background job last finished without error "
                "(Unix time)",
                {{"job", kJob}})
      .Set(absl::ToUnixSeconds(absl::Now()));
  Log(LogLevel::kInfo, "job run",
      {{"job", kJob},
       {"outcome", outcome},
       {"escalated",
        *escalated - room_actions.escalated - room_actions.expired},
       {"room_actions_escalated", room_actions.escalated},
       {"room_actions_expired", room_actions.expired},
       {"duration_ms", ms}});
}

void RequestSweeper::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

}  // namespace concierge::usecase
