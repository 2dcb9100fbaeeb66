#include "server/usecase/room_actions.h"

#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "server/common/etag.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/store/directory_repository.h"
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
  CONCIERGE_ASSIGN_OR_RETURN(
      action->consumption_id,
      ChargePaidService(sql, action->site_id, action->stay_id,
                        absl::StrCat(action->quantity, " x ", action->title_zh,
                                     " / ", action->title_en),
                        action->total_cost(), by, actor.now));
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
  const std::string by = domain::ActorKey(actor.principal);
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
              domain::ActorKey(actor.principal),
              std::string(domain::RoleName(actor.principal.role)), actor.now);
        }
        if (reply) reply(action);
        moved = std::move(action);
        return absl::OkStatus();
      }));
  return moved;
}

namespace {

// The guest a proposal is for: the stay named, or the room's open stay.
absl::StatusOr<domain::Stay> ProposalStay(soci::session& sql, int64_t site_id,
                                          const ProposalTarget& target) {
  if (target.stay_id == 0) {
    CONCIERGE_RETURN_IF_ERROR(
        CheckRoomNumber(sql, "room_number", site_id, target.room_number));
    std::optional<domain::Stay> stay =
        store::FindOpenStay(sql, site_id, target.room_number);
    if (!stay) {
      return absl::FailedPreconditionError(absl::StrCat(
          "room_number: room ", target.room_number,
          " has no guest now: a personalised action is for a guest"));
    }
    return *stay;
  }
  const std::string name = SiteChildName(site_id, "stays", target.stay_id);
  std::optional<domain::Stay> stay =
      store::FindStay(sql, site_id, target.stay_id);
  if (!stay)
    return absl::NotFoundError(absl::StrCat("stay: ", name, " not found"));
  if (!stay->open()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "stay: ", name, " has checked out: propose for a guest in the hotel"));
  }
  if (!target.room_number.empty() && target.room_number != stay->room_number) {
    return absl::InvalidArgumentError(
        absl::StrCat("room_number: the stay is in room ", stay->room_number));
  }
  return *stay;
}

// Who carries a proposal out: the department named, or the proposer's.
absl::StatusOr<domain::Department> ProposalDepartment(
    soci::session& sql, const Actor& actor, int64_t site_id,
    const ProposalTarget& target) {
  std::optional<domain::Department> department;
  if (!target.department_code.empty()) {
    department =
        store::FindDepartmentByCode(sql, site_id, target.department_code);
    if (!department) {
      return absl::NotFoundError(
          absl::StrCat("department_code: ", SiteName(site_id),
                       " has no department ", target.department_code));
    }
  } else if (actor.principal.department_id != 0) {
    department =
        store::FindDepartment(sql, site_id, actor.principal.department_id);
  }
  if (!department) {
    return absl::InvalidArgumentError(
        "department_code: you belong to no department; name the one that "
        "carries it out");
  }
  return *department;
}

}  // namespace

absl::StatusOr<domain::RoomAction> ProposeRoomAction(
    store::Database& db, const Actor& actor, domain::Proposal proposal,
    domain::Money estimated_cost, const ProposalTarget& target,
    const store::CreateKey& key) {
  const int64_t site_id = proposal.site_id;
  domain::RoomAction action;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "ProposeRoomAction", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(HotelSite hotel,
                                   LoadHotel(sql, "site", site_id));
        if (estimated_cost.currency.empty()) {
          estimated_cost.currency = hotel.site.currency;
        }
        proposal.estimated_cost = estimated_cost;
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateProposal(proposal, hotel.site.currency, actor.now));
        CONCIERGE_ASSIGN_OR_RETURN(const domain::Stay stay,
                                   ProposalStay(sql, site_id, target));
        proposal.room_number = stay.room_number;
        proposal.stay_id = stay.id;
        proposal.guest_id = stay.guest_id;
        CONCIERGE_ASSIGN_OR_RETURN(
            const domain::Department department,
            ProposalDepartment(sql, actor, site_id, target));
        proposal.department_id = department.id;
        proposal.department_code = department.code;
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(
                sql, key, actor.now, [&]() -> absl::StatusOr<std::string> {
                  domain::DeadlineContext deadline;
                  deadline.zone = hotel.zone;
                  deadline.departure = stay.expected_check_out_time;
                  action = store::InsertRoomAction(
                      sql, domain::MakeProposedAction(
                               proposal, SpendingLimitOf(sql, actor.principal),
                               deadline));
                  // Its department, and the supervisors when it waits for
                  // approval, hear of it.
                  if (domain::ReachesTaskStream(action)) {
                    store::AppendRoomActionEvent(
                        sql, action, "PROPOSE", std::nullopt,
                        proposal.proposed_by,
                        std::string(domain::RoleName(actor.principal.role)),
                        actor.now, proposal.why);
                  }
                  return SiteChildName(site_id, "roomActions", action.id);
                }));
        if (!existing) return absl::OkStatus();
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("action", *existing, "roomActions"));
        std::optional<domain::RoomAction> first =
            store::FindRoomAction(sql, ids[0], ids[1]);
        if (!first) return store::ReplayedResourceGone(*existing);
        action = *std::move(first);
        return absl::OkStatus();
      }));
  return action;
}

absl::StatusOr<store::Page<domain::RoomAction>> ListPendingApprovals(
    store::Database& db, const Actor& actor, int64_t site_id,
    int64_t department_id, const store::PageRequest& page) {
  store::Page<domain::RoomAction> listed;
  CONCIERGE_RETURN_IF_ERROR(db.Read("ListPendingApprovals", actor.deadline,
                                    [&](soci::session& sql) -> absl::Status {
                                      listed = store::ListPendingApprovals(
                                          sql, site_id, department_id, page);
                                      return absl::OkStatus();
                                    }));
  return listed;
}

absl::StatusOr<store::Page<domain::RoomAction>> ListRoomActions(
    store::Database& db, const Actor& actor, int64_t site_id,
    std::optional<Period> period, const std::array<int64_t, 2>& department,
    const store::PageRequest& page) {
  store::Page<domain::RoomAction> listed;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListRoomActions", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        int64_t department_id = 0;
        if (department[0] != 0 || department[1] != 0) {
          CONCIERGE_ASSIGN_OR_RETURN(
              department_id,
              FindDepartment(sql, site_id, "department", department));
        }
        if (!period) {
          CONCIERGE_ASSIGN_OR_RETURN(absl::TimeZone zone,
                                     SiteZone(sql, site_id));
          const absl::CivilDay today = absl::ToCivilDay(actor.now, zone);
          period = Period{absl::FromCivil(today, zone),
                          absl::FromCivil(today + 1, zone)};
        }
        listed = store::ListActionsSuggestedBetween(
            sql, site_id, department_id, period->start, period->end, page);
        return absl::OkStatus();
      }));
  return listed;
}

absl::StatusOr<store::Page<domain::RoomAction>> ListDepartmentTasks(
    store::Database& db, const Actor& actor, int64_t site_id,
    const std::string& department_code, const store::PageRequest& page) {
  store::Page<domain::RoomAction> listed;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListDepartmentTasks", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        int64_t department = actor.principal.department_id;
        if (!department_code.empty()) {
          auto found =
              store::FindDepartmentByCode(sql, site_id, department_code);
          if (!found) {
            return absl::NotFoundError(
                absl::StrCat("department_code: ", SiteName(site_id),
                             " has no department ", department_code));
          }
          department = found->id;
        }
        listed = store::ListDepartmentTasks(sql, site_id, department, page);
        return absl::OkStatus();
      }));
  return listed;
}

}  // namespace concierge::usecase
