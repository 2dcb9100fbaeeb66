#include "server/usecase/room_actions.h"

#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/common/etag.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/store/guest_repository.h"
#include "server/store/housekeeping_repository.h"
#include "server/store/minibar_repository.h"
#include "server/usecase/hotel.h"
#include "server/usecase/loaders.h"

namespace concierge::usecase {
namespace {

// A restock adds to the room's minibar and charges nothing: what the guest
// drinks is charged when it is counted.
void Restock(soci::session& sql, const Actor& actor, const std::string& by,
             const domain::RoomAction& action) {
  if (action.minibar_item.empty()) return;
  store::RecordMinibarRestock(sql, action.site_id, action.room_number,
                              action.minibar_item, action.quantity, action.id,
                              by, actor.now);
}

// A sale is revenue to the stay the visit found (the minibar's are charged
// by its counts, kind MINIBAR).
absl::Status ChargeSale(soci::session& sql, const Actor& actor,
                        const std::string& by, domain::RoomAction* action) {
  if (!action->is_sale || action->stay_id == 0) return absl::OkStatus();
  domain::ConsumptionEntry entry;
  entry.site_id = action->site_id;
  entry.stay_id = action->stay_id;
  entry.kind = domain::ConsumptionKind::kPaidService;
  entry.description = absl::StrCat(action->quantity, " x ", action->title_zh,
                                   " / ", action->title_en);
  entry.amount = action->total_cost();
  entry.recorded_by = by;
  entry.record_time = actor.now;
  CONCIERGE_ASSIGN_OR_RETURN(entry, store::RecordConsumption(sql, entry));
  action->consumption_id = entry.id;
  return absl::OkStatus();
}

// What the attendant confirmed becomes part of the profile.
absl::Status Teach(soci::session& sql, const Actor& actor,
                   const std::string& by, domain::RoomAction* action) {
  if (!action->teaches || action->guest_id == 0) return absl::OkStatus();
  domain::Preference p;
  p.guest_id = action->guest_id;
  p.category = action->teaches->category;
  p.key = action->teaches->key;
  p.value = action->teaches->value;
  p.source = domain::PreferenceSource::kLearned;
  p.recorded_by = by;
  p.site_id = action->site_id;
  p.record_time = actor.now;
  absl::StatusOr<domain::Preference> learned = store::RecordPreference(sql, p);
  if (learned.ok()) {
    action->learned_preference_id = learned->id;
    return absl::OkStatus();
  }
  // An erased guest takes no new facts; the work still counts.
  if (learned.status().code() == absl::StatusCode::kFailedPrecondition) {
    return absl::OkStatus();
  }
  return learned.status();
}

absl::Status RecordDone(soci::session& sql, const Actor& actor,
                        const std::string& by, const ActionMoveRequest& move,
                        domain::RoomAction* action) {
  action->outcome_by = by;
  action->outcome_time = actor.now;
  if (move.quantity != 0) {
    if (action->minibar_item.empty()) {
      return absl::InvalidArgumentError(
          "quantity: only a minibar restock takes the quantity added");
    }
    action->quantity = move.quantity;
  }
  Restock(sql, actor, by, *action);
  CONCIERGE_RETURN_IF_ERROR(ChargeSale(sql, actor, by, action));
  return Teach(sql, actor, by, action);
}

// The move's own change to the locked action.
absl::Status Apply(soci::session& sql, const Actor& actor,
                   const ActionMoveRequest& move, domain::RoomAction* action) {
  const std::string by = PrincipalName(actor.principal);
  switch (move.move) {
    case domain::ActionMove::kApprove:
      CONCIERGE_RETURN_IF_ERROR(domain::CheckApproverLimit(
          *action, SpendingLimitOf(sql, actor.principal)));
      [[fallthrough]];
    case domain::ActionMove::kReject:
      action->decided_by = by;
      action->decide_time = actor.now;
      action->decision_note = move.reason;
      return absl::OkStatus();
    case domain::ActionMove::kSkip:
      action->outcome_by = by;
      action->outcome_time = actor.now;
      action->skip_reason = move.reason;
      return absl::OkStatus();
    case domain::ActionMove::kEscalate:
    case domain::ActionMove::kExpire:
      // The sweeper's (the table refuses them to callers).
      return absl::InternalError("a sweeper move reached an RPC");
    case domain::ActionMove::kDone:
      return RecordDone(sql, actor, by, move, action);
  }
  return absl::InternalError("unknown room action move");
}

}  // namespace

absl::StatusOr<domain::RoomAction> MoveRoomAction(
    store::Database& db, const Actor& actor, int64_t site_id, int64_t action_id,
    const ActionMoveRequest& move, const ActionReply& reply) {
  int64_t expected = 0;
  if (!move.etag.empty() &&
      (!absl::SimpleAtoi(move.etag, &expected) || expected < 0)) {
    return absl::InvalidArgumentError("etag: not an etag of a room action");
  }
  domain::RoomAction moved;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      absl::StrCat("RoomAction", domain::ActionMoveName(move.move)),
      actor.deadline, [&](soci::session& sql) -> absl::Status {
        std::optional<domain::RoomAction> found =
            store::FindRoomAction(sql, site_id, action_id, /*for_update=*/true);
        if (!found) {
          return absl::NotFoundError(absl::StrCat(
              "name: ", SiteChildName(site_id, "roomActions", action_id),
              " not found"));
        }
        domain::RoomAction action = *std::move(found);
        CONCIERGE_ASSIGN_OR_RETURN(
            const domain::ActionState next,
            domain::DecideActionMove(action.state, move.move,
                                     RelationsOf(actor.principal, action)));
        CONCIERGE_RETURN_IF_ERROR(
            domain::CheckStillUseful(action, move.move, actor.now));
        if (expected != 0 && expected != action.version) {
          return StaleEtag("etag", "action");
        }
        CONCIERGE_RETURN_IF_ERROR(Apply(sql, actor, move, &action));
        const domain::ActionState before = action.state;
        action.state = next;
        action.update_time = actor.now;
        if (!store::SaveRoomAction(sql, action, action.version)) {
          return StaleEtag("etag", "action");
        }
        ++action.version;
        if (domain::ReachesTaskStream(action)) {
          store::AppendRoomActionEvent(
              sql, action, domain::ActionMoveName(move.move), before,
              PrincipalName(actor.principal),
              std::string(domain::RoleName(actor.principal.role)), actor.now);
        }
        if (reply) reply(action);
        moved = std::move(action);
        return absl::OkStatus();
      }));
  return moved;
}

}  // namespace concierge::usecase
