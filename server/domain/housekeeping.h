#ifndef CONCIERGE_SERVER_DOMAIN_HOUSEKEEPING_H_
#define CONCIERGE_SERVER_DOMAIN_HOUSEKEEPING_H_

// Housekeeping (seed Parts 2 and 3): rooms and their state, the attendant's
// business day, visits, and the ONE state machine of a suggested room action
// (kActionTransitions in housekeeping.cc): empowerment (an action within the
// attendant's spending limit is done at once, one above it waits for a
// supervisor's approval), deadlines (an action that waits is useful only
// until a time: it escalates to the manager as that nears and expires once
// it passed), outcomes and who may decide them. The rules that suggest
// actions are housekeeping_rules.h. Pure: no SQL, no gRPC, no clock.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/domain/guests.h"
#include "server/domain/housekeeping_rules.h"
#include "server/domain/money.h"

namespace concierge::domain {

// --- rooms -----------------------------------------------------------------

struct Room {
  int64_t id = 0;
  int64_t site_id = 0;
  std::string number;     // as ValidateRoomNumber accepts, e.g. "1203"
  int floor = 0;          // -5 to 300
  std::string room_type;  // "" or an upper-case code such as KING
  bool accessible = false;
  absl::Time create_time;
  std::string created_by;
};

// number (ValidateRoomNumber), floor, room_type; fields named "room.*".
absl::Status ValidateRoom(const Room& room);

enum class RoomState { kVacant, kOccupied, kDueOut };
absl::string_view RoomStateName(RoomState s);

// VACANT without an open stay; DUE_OUT when the stay's planned departure
// falls on `now`'s day in `zone` or earlier; OCCUPIED otherwise.
RoomState RoomStateOf(const std::optional<Stay>& open_stay, absl::Time now,
                      absl::TimeZone zone);

// The business date a call means: "" is today in the site's zone; otherwise
// "YYYY-MM-DD" (INVALID_ARGUMENT naming `field`), at most a year away.
absl::StatusOr<absl::CivilDay> ParseBusinessDate(absl::string_view field,
                                                 absl::string_view text,
                                                 absl::Time now,
                                                 absl::TimeZone zone);
std::string FormatBusinessDate(absl::CivilDay day);

// The most rooms AssignRooms gives one attendant for one date.
inline constexpr int kMaxRoomsPerAttendantDay = 200;

// --- visits ----------------------------------------------------------------

enum class VisitKind { kCleaning, kTurndown };
absl::string_view VisitKindName(VisitKind k);
std::optional<VisitKind> VisitKindFromName(absl::string_view name);

struct Visit {
  int64_t id = 0;
  int64_t site_id = 0;
  std::string room_number;
  VisitKind kind = VisitKind::kCleaning;
  int64_t stay_id = 0;   // 0: vacant
  int64_t guest_id = 0;  // 0: vacant
  std::vector<Observation> observations;
  // Kept here for a vacant room only; with a guest it is the profile's
  // note `note_id` (one copy, which EraseGuest blanks).
  std::string note;
  int64_t note_id = 0;     // the note on the guest's profile, 0: none
  int64_t staff_id = 0;    // 0: a group administrator
  std::string visited_by;  // principal name
  absl::Time create_time;
};

// At least an observation or a note; the note's text rules.
absl::Status ValidateVisitContent(const Visit& visit);

// --- the room action state machine -----------------------------------------

enum class ActionState {
  kSuggested,
  kPendingApproval,
  kApproved,
  kDone,
  kSkipped,
  kRejected,
  // Its deadline passed while it still waited (expiry_reason says why).
  kExpired,
};
absl::string_view ActionStateName(ActionState s);
std::optional<ActionState> ActionStateFromName(absl::string_view name);
// Suggested, pending approval or approved: still to be dealt with.
bool IsOpen(ActionState s);

// ESCALATE (to the manager as the deadline nears; the state stays) and
// EXPIRE (the deadline passed) are the sweeper's.
enum class ActionMove { kApprove, kReject, kDone, kSkip, kEscalate, kExpire };
absl::string_view ActionMoveName(ActionMove m);

// How the caller stands to one action; a caller may hold several.
enum class ActionRelation : uint32_t {
  // The attendant who made the visit (for actions done in the room, not a
  // department's task).
  kRequester = 1 << 0,
  // Staff (any role) of the department that does the action: the next
  // shift for a handover, the front desk for CALL_DOCTOR.
  kDepartment = 1 << 1,
  // A supervisor of the requester's department or of the action's.
  kApprover = 1 << 2,
  // The site's manager, an administrator.
  kManager = 1 << 3,
  // The server's sweeper: escalates and expires actions that wait past
  // their time.
  kSystem = 1 << 4,
};

class ActionRelations {
 public:
  constexpr ActionRelations() = default;
  constexpr ActionRelations(std::initializer_list<ActionRelation> rs) {
    for (ActionRelation r : rs) bits_ |= static_cast<uint32_t>(r);
  }
  constexpr bool Has(ActionRelation r) const {
    return (bits_ & static_cast<uint32_t>(r)) != 0;
  }
  constexpr bool Intersects(ActionRelations o) const {
    return (bits_ & o.bits_) != 0;
  }
  void Add(ActionRelation r) { bits_ |= static_cast<uint32_t>(r); }
  bool empty() const { return bits_ == 0; }

 private:
  uint32_t bits_ = 0;
};

// An action suggested at a visit: the definition as it was then, and what
// became of it.
struct RoomAction {
  int64_t id = 0;
  int64_t site_id = 0;
  int64_t visit_id = 0;
  std::string room_number;
  int64_t stay_id = 0;
  int64_t guest_id = 0;
  std::string code;
  std::string title_zh, title_en;
  int64_t department_id = 0;
  std::string department_code;
  int quantity = 1;
  Money unit_cost;
  bool is_sale = false;
  bool for_next_shift = false;
  bool department_task = false;
  std::optional<PreferenceFact> teaches;
  // A minibar restock: the item DONE adds `quantity` of (no charge).
  std::string minibar_item;
  // An action that waits (WaitingDeadline): when it stops being useful, and
  // when it goes to the manager if it is still waiting then.
  std::optional<absl::Time> deadline;
  std::optional<absl::Time> escalate_time;
  // 1 once escalated to the manager.
  int escalation_level = 0;
  // EXPIRED: when, and why in both languages (ExpiryReason).
  std::optional<absl::Time> expire_time;
  std::string expiry_reason_zh, expiry_reason_en;
  // A member of staff's own idea (ProposeRoomAction), not a rule's: no
  // visit, no reasons; why in the proposer's words.
  bool proposed = false;
  std::string proposal_reason;
  ActionState state = ActionState::kSuggested;
  std::vector<SuggestionReason> reasons;
  std::string requested_by;  // principal name
  int64_t requester_staff_id = 0;
  int64_t requester_department_id = 0;
  std::string decided_by;
  std::optional<absl::Time> decide_time;
  std::string decision_note;
  std::string outcome_by;
  std::optional<absl::Time> outcome_time;
  std::string skip_reason;
  int64_t consumption_id = 0;
  int64_t learned_preference_id = 0;
  absl::Time create_time;
  absl::Time update_time;
  int64_t version = 1;

  Money total_cost() const {
    return {unit_cost.currency, unit_cost.minor * quantity};
  }
};

// How much one person may spend on one action without approval; nullopt:
// no limit (managers and administrators, who are the last to approve).
using SpendingLimit = std::optional<int64_t>;

// Empowerment: a sale earns money and is never held; any other action whose
// cost x quantity exceeds `limit` waits for approval (PENDING_APPROVAL);
// everything else may be done at once (SUGGESTED).
ActionState InitialActionState(const ActionDefinition& action, int quantity,
                               SpendingLimit limit);

// The move `move` makes from `from` for a caller holding `who`:
// PERMISSION_DENIED when the caller may never make it, FAILED_PRECONDITION
// naming the state when not from this one (DONE before approval says so).
absl::StatusOr<ActionState> DecideActionMove(ActionState from, ActionMove move,
                                             ActionRelations who);

// Whether the action's moves go to the task feed (WatchTasks) as well as
// to the queues: department tasks (their department hears) and actions that
// needed approval (the supervisors hear).
bool ReachesTaskStream(const RoomAction& action);

// An approver may approve up to their own limit.
absl::Status CheckApproverLimit(const RoomAction& action, SpendingLimit limit);

// SKIPPED needs a reason, REJECT too: one line of text.
absl::Status ValidateReason(absl::string_view field, absl::string_view reason);

// --- deadlines ---------------------------------------------------------------

// How long an action that waits stays useful when nothing else says: one
// shift.
inline constexpr absl::Duration kDefaultWaitingDeadline = absl::Hours(8);

// Whether an action waits for someone other than the attendant in the
// room: for a supervisor's approval, or for another department (its
// queue). Only such actions get a deadline.
bool Waits(const RoomAction& action);

// What decides a waiting action's deadline besides the action itself.
struct DeadlineContext {
  absl::Time now;       // when it is suggested
  absl::TimeZone zone;  // the site's
  // The stay's planned departure, if known: a personalised action is of no
  // use once the guest has left.
  std::optional<absl::Time> departure;
  // The definition's deadline_minutes (0: none given).
  int deadline_minutes = 0;
};

// The time by which a waiting action is still useful (nullopt for one that
// does not wait): the end of the guest's birthday in the site's zone for
// an action suggested because it is the birthday (a reason lists
// kBirthdayFact: flowers and cake); else now + deadline_minutes when the
// definition gives them (CALL_DOCTOR: 30); else now +
// kDefaultWaitingDeadline. Never later than a departure still ahead.
std::optional<absl::Time> WaitingDeadline(const RoomAction& action,
                                          const DeadlineContext& context);

// Sets `action->deadline` and the time it escalates: halfway between its
// creation and the deadline (a doctor wanted within 30 minutes goes to the
// manager after 15; birthday flowers suggested at 09:00 at 16:30).
void SetDeadline(RoomAction* action, std::optional<absl::Time> deadline);

// What the sweeper does with an action now: nothing; ESCALATE (open, not
// yet escalated, its escalation time reached); EXPIRE (open, its deadline
// reached). Expiry wins when both are due.
std::optional<ActionMove> DueMove(const RoomAction& action, absl::Time now);

// Why an action expired, in both languages, for the attendant: the
// birthday is over, or nobody approved / the department did not act /
// nobody did it before the deadline.
struct LocalizedReason {
  std::string zh, en;
};
LocalizedReason ExpiryReason(const RoomAction& action);
// The note of an escalation on the task stream.
LocalizedReason EscalationNote(const RoomAction& action);

// APPROVE after the deadline is FAILED_PRECONDITION (the moment has
// passed; the sweeper expires it). Other moves are the state machine's.
absl::Status CheckStillUseful(const RoomAction& action, ActionMove move,
                              absl::Time now);

// The room action built from a suggestion at a visit (state from
// InitialActionState with the requester's limit; a waiting one gets its
// deadline from `deadline`, whose deadline_minutes is taken from the
// suggested action's definition).
RoomAction MakeRoomAction(const Visit& visit,
                          const ActionSuggestion& suggestion,
                          SpendingLimit requester_limit,
                          int64_t requester_department_id,
                          DeadlineContext deadline);

// --- staff's own ideas
// --------------------------------------------------------

// Seed Part 3: the Oriental in Bangkok bought a mosquito net for a guest who
// had once slept under one, an idea no rule had (偏離標準操作程序: staff may
// depart from the standard procedure for a guest). Any member of staff
// proposes what, why and at what estimated cost; within their spending
// limit it goes ahead (SUGGESTED), above it it waits for approval like a
// rule's action. It is the same RoomAction afterwards (done, skipped,
// approved, rejected, expired, praised), with code kProposalCode.
inline constexpr char kProposalCode[] = "STAFF_PROPOSAL";
// The furthest ahead a proposer may say it stays useful.
inline constexpr absl::Duration kMaxProposalDeadline = absl::Hours(24 * 30);

struct Proposal {
  int64_t site_id = 0;
  std::string room_number;
  int64_t stay_id = 0;
  int64_t guest_id = 0;
  // What, in the proposer's language: at least one of the two, each kept
  // as given.
  std::string what_zh, what_en;
  std::string why;
  Money estimated_cost;  // the site's currency; 0 for free
  // Who carries it out; another department than the proposer's makes it
  // that department's task (its queue).
  int64_t department_id = 0;
  std::string department_code;
  std::optional<PreferenceFact> teaches;
  // Until when it is useful, as the proposer says; nullopt: the default
  // of an action that waits (WaitingDeadline).
  std::optional<absl::Time> deadline;
  std::string proposed_by;  // principal name
  int64_t proposer_staff_id = 0;
  int64_t proposer_department_id = 0;
  absl::Time create_time;
};

// INVALID_ARGUMENT naming the field: "what" (one of what.zh and what.en at
// least; each one line of at most 200 characters), "why" (required, at
// most 1000 characters), "estimated_cost" (0 or more, the site's
// currency), "teaches", "deadline_time" (after now, within 30 days).
absl::Status ValidateProposal(const Proposal& proposal,
                              absl::string_view site_currency, absl::Time now);

// The room action a proposal becomes: PENDING_APPROVAL when its cost is
// above the proposer's limit, else SUGGESTED; a department task when the
// department is not the proposer's; a deadline as the proposer gives it,
// else WaitingDeadline's for one that waits (`deadline.now` is the
// proposal's time).
RoomAction MakeProposedAction(const Proposal& proposal,
                              SpendingLimit proposer_limit,
                              DeadlineContext deadline);

// Requests teach the profile (issue 22 point 4): a guest who asks at a
// second stay for an item that teaches (ServiceItem::teaches, e.g. extra
// feather-free pillows) gets a proposal to the item's department to confirm
// the standing preference: free, its department's task, with the fact it
// teaches; done, it records the LEARNED preference that the next stay's
// checklist applies, as rules' actions do. `item_title_*` name the item,
// `by` is who completed the request.
Proposal ProposalToConfirmPreference(const Stay& stay, int64_t department_id,
                                     const std::string& department_code,
                                     const std::string& item_title_zh,
                                     const std::string& item_title_en,
                                     const PreferenceFact& fact,
                                     const std::string& by, absl::Time now);

// --- handover --------------------------------------------------------------

struct HandoverNote {
  int64_t id = 0;
  int64_t site_id = 0;
  std::string room_number;
  std::string text;            // at most 1000 characters
  int64_t room_action_id = 0;  // 0: a note written by hand
  std::string author;
  absl::Time create_time;
};
absl::Status ValidateHandoverText(absl::string_view field,
                                  absl::string_view text);
// The note that hands `action` to the next shift: its code and both titles.
std::string HandoverTextFor(const RoomAction& action);

// How far back a room's handover notes reach by default ("the next shift").
inline constexpr absl::Duration kHandoverWindow = absl::Hours(24);

}  // namespace concierge::domain

#endif  // CONCIERGE_SERVER_DOMAIN_HOUSEKEEPING_H_
