#include "server/domain/housekeeping.h"

#include <algorithm>
#include <array>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"

namespace concierge::domain {
namespace {

using S = ActionState;
using M = ActionMove;
using R = ActionRelation;

constexpr std::array<std::pair<S, absl::string_view>, 7> kStateNames = {{
    {S::kSuggested, "SUGGESTED"},
    {S::kPendingApproval, "PENDING_APPROVAL"},
    {S::kApproved, "APPROVED"},
    {S::kDone, "DONE"},
    {S::kSkipped, "SKIPPED"},
    {S::kRejected, "REJECTED"},
    {S::kExpired, "EXPIRED"},
}};

constexpr std::array<std::pair<M, absl::string_view>, 6> kMoveNames = {{
    {M::kApprove, "APPROVE"},
    {M::kReject, "REJECT"},
    {M::kDone, "DONE"},
    {M::kSkip, "SKIP"},
    {M::kEscalate, "ESCALATE"},
    {M::kExpire, "EXPIRE"},
}};

// Who may carry an action out, and who may drop it.
constexpr ActionRelations kDoers{R::kRequester, R::kDepartment, R::kManager};
constexpr ActionRelations kSkippers{R::kRequester, R::kDepartment, R::kApprover,
                                    R::kManager};
constexpr ActionRelations kDeciders{R::kApprover, R::kManager};
constexpr ActionRelations kSweeper{R::kSystem};

struct Transition {
  S from;
  M move;
  S to;
  ActionRelations who;
};

// THE room action state machine. A move not listed here does not exist.
//
//   SUGGESTED --DONE--> DONE            PENDING_APPROVAL --APPROVE--> APPROVED
//   SUGGESTED --SKIP--> SKIPPED         PENDING_APPROVAL --REJECT---> REJECTED
//   APPROVED  --DONE--> DONE            PENDING_APPROVAL --SKIP-----> SKIPPED
//   APPROVED  --SKIP--> SKIPPED         (withdrawn before the decision)
//
// and the sweeper's, for an action with a deadline (one that waits):
//
//   SUGGESTED | PENDING_APPROVAL | APPROVED --ESCALATE--> (the same state)
//   SUGGESTED | PENDING_APPROVAL | APPROVED --EXPIRE----> EXPIRED
constexpr std::array<Transition, 13> kActionTransitions = {{
    {S::kSuggested, M::kDone, S::kDone, kDoers},
    {S::kApproved, M::kDone, S::kDone, kDoers},
    {S::kSuggested, M::kSkip, S::kSkipped, kSkippers},
    {S::kApproved, M::kSkip, S::kSkipped, kSkippers},
    {S::kPendingApproval,
     M::kSkip,
     S::kSkipped,
     {R::kRequester, R::kApprover, R::kManager}},
    {S::kPendingApproval, M::kApprove, S::kApproved, kDeciders},
    {S::kPendingApproval, M::kReject, S::kRejected, kDeciders},
    {S::kSuggested, M::kEscalate, S::kSuggested, kSweeper},
    {S::kPendingApproval, M::kEscalate, S::kPendingApproval, kSweeper},
    {S::kApproved, M::kEscalate, S::kApproved, kSweeper},
    {S::kSuggested, M::kExpire, S::kExpired, kSweeper},
    {S::kPendingApproval, M::kExpire, S::kExpired, kSweeper},
    {S::kApproved, M::kExpire, S::kExpired, kSweeper},
}};

constexpr std::array<std::pair<VisitKind, absl::string_view>, 2> kVisitKinds = {
    {{VisitKind::kCleaning, "CLEANING"}, {VisitKind::kTurndown, "TURNDOWN"}}};

constexpr std::array<std::pair<RoomState, absl::string_view>, 3> kRoomStates = {
    {{RoomState::kVacant, "VACANT"},
     {RoomState::kOccupied, "OCCUPIED"},
     {RoomState::kDueOut, "DUE_OUT"}}};

template <typename E, size_t N>
absl::string_view NameOf(
    const std::array<std::pair<E, absl::string_view>, N>& t, E v) {
  for (const auto& [e, n] : t) {
    if (e == v) return n;
  }
  return "UNKNOWN";
}

template <typename E, size_t N>
std::optional<E> FromName(
    const std::array<std::pair<E, absl::string_view>, N>& t,
    absl::string_view name) {
  for (const auto& [e, n] : t) {
    if (n == name) return e;
  }
  return std::nullopt;
}

std::string Yuan(const Money& m) {
  return absl::StrFormat("%s %d.%02d", m.currency, m.minor / 100,
                         m.minor % 100);
}

}  // namespace

// --- rooms -----------------------------------------------------------------

absl::Status ValidateRoom(const Room& room) {
  CONCIERGE_RETURN_IF_ERROR(ValidateRoomNumber("room.number", room.number));
  if (room.floor < -5 || room.floor > 300) {
    return absl::InvalidArgumentError("room.floor: must be -5 to 300");
  }
  if (!room.room_type.empty()) {
    CONCIERGE_RETURN_IF_ERROR(ValidateCode("room.room_type", room.room_type));
  }
  return absl::OkStatus();
}

absl::string_view RoomStateName(RoomState s) { return NameOf(kRoomStates, s); }

RoomState RoomStateOf(const std::optional<Stay>& open_stay, absl::Time now,
                      absl::TimeZone zone) {
  if (!open_stay || !open_stay->open()) return RoomState::kVacant;
  if (open_stay->expected_check_out_time &&
      absl::ToCivilDay(*open_stay->expected_check_out_time, zone) <=
          absl::ToCivilDay(now, zone)) {
    return RoomState::kDueOut;
  }
  return RoomState::kOccupied;
}

absl::StatusOr<absl::CivilDay> ParseBusinessDate(absl::string_view field,
                                                 absl::string_view text,
                                                 absl::Time now,
                                                 absl::TimeZone zone) {
  const absl::CivilDay today = absl::ToCivilDay(now, zone);
  if (text.empty()) return today;
  const std::vector<absl::string_view> parts = absl::StrSplit(text, '-');
  int y = 0, m = 0, d = 0;
  if (parts.size() != 3 || parts[0].size() != 4 || parts[1].size() != 2 ||
      parts[2].size() != 2 || !absl::SimpleAtoi(parts[0], &y) ||
      !absl::SimpleAtoi(parts[1], &m) || !absl::SimpleAtoi(parts[2], &d)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must be a date YYYY-MM-DD"));
  }
  const absl::CivilDay day(y, m, d);
  if (day.year() != y || day.month() != m || day.day() != d) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": ", text, " is not a date"));
  }
  if (day - today > 366 || today - day > 366) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must be within a year of today"));
  }
  return day;
}

std::string FormatBusinessDate(absl::CivilDay day) {
  return absl::FormatCivilTime(day);
}

// --- visits ----------------------------------------------------------------

absl::string_view VisitKindName(VisitKind k) { return NameOf(kVisitKinds, k); }
std::optional<VisitKind> VisitKindFromName(absl::string_view name) {
  return FromName(kVisitKinds, name);
}

absl::Status ValidateVisitContent(const Visit& visit) {
  CONCIERGE_RETURN_IF_ERROR(ValidateText("note", visit.note, kOptionalNote));
  if (visit.observations.empty() && visit.note.empty()) {
    return absl::InvalidArgumentError(
        "observations: give at least one observation or a note");
  }
  return absl::OkStatus();
}

// --- actions ---------------------------------------------------------------

absl::string_view ActionStateName(ActionState s) {
  return NameOf(kStateNames, s);
}
std::optional<ActionState> ActionStateFromName(absl::string_view name) {
  return FromName(kStateNames, name);
}
absl::string_view ActionMoveName(ActionMove m) { return NameOf(kMoveNames, m); }

bool IsOpen(ActionState s) {
  return s == S::kSuggested || s == S::kPendingApproval || s == S::kApproved;
}

ActionState InitialActionState(const ActionDefinition& action, int quantity,
                               SpendingLimit limit) {
  if (action.is_sale || !limit) return S::kSuggested;
  return action.cost.minor * quantity > *limit ? S::kPendingApproval
                                               : S::kSuggested;
}

absl::StatusOr<ActionState> DecideActionMove(ActionState from, ActionMove move,
                                             ActionRelations who) {
  bool ever_allowed = false;
  for (const Transition& t : kActionTransitions) {
    if (t.move != move || !t.who.Intersects(who)) continue;
    if (t.from == from) return t.to;
    ever_allowed = true;
  }
  if (!ever_allowed) {
    return absl::PermissionDeniedError(absl::StrCat(
        "the caller may not ", ActionMoveName(move),
        " this action (it belongs to another attendant or department, or "
        "needs a supervisor)"));
  }
  if (from == S::kPendingApproval && move == M::kDone) {
    return absl::FailedPreconditionError(
        "name: the action costs more than the attendant may spend alone and "
        "is PENDING_APPROVAL: a supervisor approves it first");
  }
  return absl::FailedPreconditionError(
      absl::StrCat("name: the action is ", ActionStateName(from),
                   " and cannot take ", ActionMoveName(move), " now"));
}

bool ReachesTaskStream(const RoomAction& action) {
  return action.department_task || action.state == S::kPendingApproval ||
         !action.decided_by.empty();
}

absl::Status CheckApproverLimit(const RoomAction& action, SpendingLimit limit) {
  const Money total = action.total_cost();
  if (limit && total.minor > *limit) {
    return absl::PermissionDeniedError(absl::StrCat(
        "the action costs ", Yuan(total), ", above your own spending limit of ",
        Yuan({total.currency, *limit}), ": a manager approves it"));
  }
  return absl::OkStatus();
}

absl::Status ValidateReason(absl::string_view field, absl::string_view reason) {
  return ValidateText(field, reason, kRequiredName);
}

bool Waits(const RoomAction& action) {
  return action.state == S::kPendingApproval || action.department_task;
}

namespace {

bool ForTheBirthday(const RoomAction& action) {
  return std::any_of(action.reasons.begin(), action.reasons.end(),
                     [](const SuggestionReason& r) {
                       return std::find(r.facts.begin(), r.facts.end(),
                                        kBirthdayFact) != r.facts.end();
                     });
}

}  // namespace

std::optional<absl::Time> WaitingDeadline(const RoomAction& action,
                                          const DeadlineContext& context) {
  if (!Waits(action)) return std::nullopt;
  absl::Time deadline;
  if (ForTheBirthday(action)) {
    // Until midnight at the end of the birthday, in the hotel's zone.
    deadline = absl::FromCivil(
        absl::CivilDay(absl::ToCivilDay(context.now, context.zone)) + 1,
        context.zone);
  } else if (context.deadline_minutes > 0) {
    deadline = context.now + absl::Minutes(context.deadline_minutes);
  } else {
    deadline = context.now + kDefaultWaitingDeadline;
  }
  if (context.departure && *context.departure > context.now) {
    deadline = std::min(deadline, *context.departure);
  }
  return deadline;
}

void SetDeadline(RoomAction* action, std::optional<absl::Time> deadline) {
  action->deadline = deadline;
  action->escalate_time.reset();
  if (!deadline) return;
  const absl::Duration span =
      std::max(absl::ZeroDuration(), *deadline - action->create_time);
  action->escalate_time = action->create_time + span / 2;
}

std::optional<ActionMove> DueMove(const RoomAction& action, absl::Time now) {
  if (!IsOpen(action.state) || !action.deadline) return std::nullopt;
  if (now >= *action.deadline) return M::kExpire;
  if (action.escalation_level == 0 && action.escalate_time &&
      now >= *action.escalate_time) {
    return M::kEscalate;
  }
  return std::nullopt;
}

LocalizedReason ExpiryReason(const RoomAction& action) {
  const bool pending = action.state == S::kPendingApproval;
  if (ForTheBirthday(action)) {
    return pending ? LocalizedReason{"客人的生日已過，未及批准",
                                     "The guest's birthday is over: it was "
                                     "not approved in time"}
                   : LocalizedReason{"客人的生日已過，未及完成",
                                     "The guest's birthday is over: it was "
                                     "not done in time"};
  }
  if (pending) {
    return {"期限已過，仍未獲批准",
            "Its deadline passed before anyone approved it"};
  }
  if (action.department_task) {
    return {absl::StrCat("期限已過，", action.department_code, " 仍未處理"),
            absl::StrCat("Its deadline passed before ", action.department_code,
                         " acted on it")};
  }
  if (action.state == S::kApproved) {
    return {"已批准，但期限前未完成",
            "Approved, but not done before its deadline"};
  }
  return {"期限前未完成", "Not done before its deadline"};
}

LocalizedReason EscalationNote(const RoomAction& action) {
  if (action.state == S::kPendingApproval) {
    return {"期限將至仍待批准：已上報經理",
            "Its deadline nears and it still waits for approval: escalated "
            "to the manager"};
  }
  return {"期限將至仍未完成：已上報經理",
          "Its deadline nears and it is still not done: escalated to the "
          "manager"};
}

absl::Status CheckStillUseful(const RoomAction& action, ActionMove move,
                              absl::Time now) {
  if (move == M::kApprove && action.deadline && now >= *action.deadline) {
    return absl::FailedPreconditionError(
        "name: the action's deadline has passed, so approving it is of no "
        "use now (it expires)");
  }
  return absl::OkStatus();
}

RoomAction MakeRoomAction(const Visit& visit,
                          const ActionSuggestion& suggestion,
                          SpendingLimit requester_limit,
                          int64_t requester_department_id,
                          DeadlineContext deadline) {
  const ActionDefinition& d = suggestion.action;
  RoomAction a;
  a.site_id = visit.site_id;
  a.visit_id = visit.id;
  a.room_number = visit.room_number;
  a.stay_id = visit.stay_id;
  a.guest_id = visit.guest_id;
  a.code = d.code;
  a.title_zh = d.title_zh;
  a.title_en = d.title_en;
  a.department_id = d.department_id;
  a.department_code = d.department_code;
  a.quantity = suggestion.quantity;
  a.unit_cost = d.cost;
  a.is_sale = d.is_sale;
  a.for_next_shift = d.for_next_shift;
  a.department_task = d.department_task;
  a.teaches = d.teaches;
  a.minibar_item = d.minibar_item;
  a.state = InitialActionState(d, suggestion.quantity, requester_limit);
  a.reasons = suggestion.reasons;
  a.requested_by = visit.visited_by;
  a.requester_staff_id = visit.staff_id;
  a.requester_department_id = requester_department_id;
  a.create_time = visit.create_time;
  a.update_time = visit.create_time;
  deadline.now = visit.create_time;
  deadline.deadline_minutes = d.deadline_minutes;
  SetDeadline(&a, WaitingDeadline(a, deadline));
  return a;
}

// --- staff's own ideas
// --------------------------------------------------------

absl::Status ValidateProposal(const Proposal& p,
                              absl::string_view site_currency, absl::Time now) {
  if (p.what_zh.empty() && p.what_en.empty()) {
    return absl::InvalidArgumentError(
        "what: say what you propose, in Chinese or English");
  }
  CONCIERGE_RETURN_IF_ERROR(ValidateText("what.zh", p.what_zh, kOptionalName));
  CONCIERGE_RETURN_IF_ERROR(ValidateText("what.en", p.what_en, kOptionalName));
  CONCIERGE_RETURN_IF_ERROR(ValidateText(
      "why", p.why,
      TextRule{.required = true, .max_chars = 1000, .multiline = true}));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateAmount("estimated_cost", p.estimated_cost, site_currency));
  if (p.teaches) CONCIERGE_RETURN_IF_ERROR(ValidateFact("teaches", *p.teaches));
  if (p.deadline) {
    if (*p.deadline <= now) {
      return absl::InvalidArgumentError(
          "deadline_time: must be in the future (until when is it useful?)");
    }
    if (*p.deadline > now + kMaxProposalDeadline) {
      return absl::InvalidArgumentError(
          "deadline_time: must be within 30 days");
    }
  }
  return absl::OkStatus();
}

RoomAction MakeProposedAction(const Proposal& p, SpendingLimit proposer_limit,
                              DeadlineContext deadline) {
  RoomAction a;
  a.site_id = p.site_id;
  a.room_number = p.room_number;
  a.stay_id = p.stay_id;
  a.guest_id = p.guest_id;
  a.code = kProposalCode;
  a.title_zh = p.what_zh;
  a.title_en = p.what_en;
  a.department_id = p.department_id;
  a.department_code = p.department_code;
  a.quantity = 1;
  a.unit_cost = p.estimated_cost;
  a.department_task = p.proposer_department_id == 0 ||
                      p.department_id != p.proposer_department_id;
  a.teaches = p.teaches;
  a.proposed = true;
  a.proposal_reason = p.why;
  ActionDefinition as_defined;
  as_defined.cost = p.estimated_cost;
  a.state = InitialActionState(as_defined, 1, proposer_limit);
  a.requested_by = p.proposed_by;
  a.requester_staff_id = p.proposer_staff_id;
  a.requester_department_id = p.proposer_department_id;
  a.create_time = p.create_time;
  a.update_time = p.create_time;
  deadline.now = p.create_time;
  deadline.deadline_minutes = 0;
  SetDeadline(&a, p.deadline ? p.deadline : WaitingDeadline(a, deadline));
  return a;
}

Proposal ProposalToConfirmPreference(const Stay& stay, int64_t department_id,
                                     const std::string& department_code,
                                     const std::string& item_title_zh,
                                     const std::string& item_title_en,
                                     const PreferenceFact& fact,
                                     const std::string& by, absl::Time now) {
  Proposal p;
  p.site_id = stay.site_id;
  p.room_number = stay.room_number;
  p.stay_id = stay.id;
  p.guest_id = stay.guest_id;
  p.what_zh = absl::StrCat("確認客人習慣：", item_title_zh);
  p.what_en = absl::StrCat("Confirm the guest's habit: ", item_title_en);
  p.why = absl::StrCat(
      "客人在兩次入住都要了「", item_title_zh,
      "」；確認後記入客史，下次入住前準備好。 The guest asked for \"",
      item_title_en,
      "\" at two stays; once confirmed it goes into the profile and is ready "
      "before the next stay (",
      FormatFact(fact), ").");
  p.estimated_cost = {"", 0};
  p.department_id = department_id;
  p.department_code = department_code;
  p.teaches = fact;
  p.proposed_by = by;
  p.create_time = now;
  return p;
}

// --- handover --------------------------------------------------------------

absl::Status ValidateHandoverText(absl::string_view field,
                                  absl::string_view text) {
  return ValidateText(
      field, text,
      TextRule{.required = true, .max_chars = 1000, .multiline = true});
}

std::string HandoverTextFor(const RoomAction& action) {
  return absl::StrCat(action.code, ": ", action.title_zh, " / ",
                      action.title_en);
}

}  // namespace concierge::domain
