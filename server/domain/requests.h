#ifndef CONCIERGE_SERVER_DOMAIN_REQUESTS_H_
#define CONCIERGE_SERVER_DOMAIN_REQUESTS_H_

// Service requests (seed §5, §6): registration, fees, dispatch, assignment,
// work, sign-off, settlement. One transition table decides every move; the
// API, the store and the tests all ask it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/catalog.h"
#include "server/domain/money.h"
#include "server/domain/principal.h"

namespace concierge::domain {

enum class RequestState {
  kAwaitingQuote,
  kQuoted,
  kDisputed,
  kPriceProposed,
  kDispatched,
  kAssigned,
  kInProgress,
  kCompleted,
  kSignedOff,
  kSettled,
  kCancelled,
};

enum class RequestAction {
  kRegister,
  kQuote,
  kAcceptQuote,
  kDisputeQuote,
  kProposePrice,
  kDecidePrice,
  kDispatch,
  kAssign,
  kStart,
  kComplete,
  kSignOff,
  kSettle,
  kCancel,
  kEscalate,
  // A case-by-case item's request: the desk decides it is free.
  kDeclareFree,
  // The resident does not accept the work: back to the assignee for rework.
  kDeclineSignOff,
};

enum class RequestChannel { kPhone, kWalkIn, kApp, kPartner };

absl::string_view Name(RequestState s);
absl::string_view Name(RequestAction a);
absl::string_view Name(RequestChannel c);
std::optional<RequestState> RequestStateFromName(absl::string_view name);
std::optional<RequestAction> RequestActionFromName(absl::string_view name);
std::optional<RequestChannel> RequestChannelFromName(absl::string_view name);

// How the caller stands to one request; a caller may hold several.
enum class Relation : uint32_t {
  // The one the request is for: a resident of its household (a
  // community) or the guest of its stay (a hotel, the room's credential).
  kResident = 1 << 0,
  kReception = 1 << 1,       // the site's reception
  kDeptSupervisor = 1 << 2,  // supervisor of the request's department
  kAssignee = 1 << 3,        // the staff member doing the work
  kDeptStaff = 1 << 4,       // any staff member of the request's department
  kManager = 1 << 5,         // the site's manager
  kFinance = 1 << 6,         // the site's finance staff
  kPartner = 1 << 7,         // a partner system of the site
  kSystem = 1 << 8,          // the server itself (escalation sweeps)
};

class Relations {
 public:
  constexpr Relations() = default;
  constexpr Relations(std::initializer_list<Relation> rs) {
    for (Relation r : rs) bits_ |= static_cast<uint32_t>(r);
  }
  constexpr bool Has(Relation r) const {
    return (bits_ & static_cast<uint32_t>(r)) != 0;
  }
  constexpr bool Intersects(Relations o) const {
    return (bits_ & o.bits_) != 0;
  }
  void Add(Relation r) { bits_ |= static_cast<uint32_t>(r); }
  bool empty() const { return bits_ == 0; }

 private:
  uint32_t bits_ = 0;
};

struct MaterialUse {
  std::string description_zh, description_en;
  int64_t cost_minor = 0;
};

struct ServiceRequest {
  int64_t id = 0;
  int64_t site_id = 0;
  int64_t item_id = 0;
  std::string item_code;
  std::string item_title_zh, item_title_en;
  std::string department_code;  // of department_id, for routing rules
  FeeKind fee_kind = FeeKind::kFree;
  RequestState state = RequestState::kDispatched;
  RequestChannel channel = RequestChannel::kApp;
  // Who it is for, by the site's kind: a community's household, or a
  // hotel's stay (the room and its current guest). Exactly one is set.
  int64_t household_id = 0;
  int64_t stay_id = 0;
  int64_t resident_id = 0;  // 0: not known
  std::string contact_name;
  std::string unit;
  std::string phone;
  std::optional<absl::Time> window_start, window_end;
  std::string place;
  std::string content;
  std::string requirements;
  bool entry_granted = false;
  std::string entry_granted_by;
  std::optional<absl::Time> entry_grant_time;
  std::string registered_by;
  std::string currency = "CNY";
  std::optional<int64_t> agreed_price;
  std::optional<int64_t> quote;
  std::optional<int64_t> proposed_price;
  std::string quoted_by;
  std::string price_decided_by;
  int64_t department_id = 0;
  int64_t assignee_id = 0;  // 0: none
  std::optional<absl::Time> response_due, completion_due;
  int32_t escalation_level = 0;
  std::optional<absl::Time> start_time, complete_time;
  std::string completion_notes;
  int32_t minutes_spent = 0;
  std::vector<MaterialUse> materials;
  std::string signature_name;
  std::optional<absl::Time> sign_off_time;
  std::optional<int64_t> settled_amount;
  std::string settled_by;
  std::optional<absl::Time> settle_time;
  std::string cancel_reason;
  // A stay's priced request: the charge to the stay made when it was done.
  int64_t consumption_id = 0;
  // Times the resident declined to sign off and the work went back.
  int32_t reworks = 0;
  absl::Time create_time;
  absl::Time update_time;
  int64_t version = 1;

  bool paid() const { return fee_kind != FeeKind::kFree; }
};

// One appended line of a request's event log. The same log (the task feed
// WatchTasks streams) also carries moves of hotel room actions
// (HousekeepingService): then `room_action_id` is set instead of
// `request_id`, the move and states are in `room_move`, `room_before` and
// `room_after` (the room action state machine's names), and `action`,
// `before` and `after` do not apply.
struct RequestEvent {
  int64_t id = 0;
  int64_t site_id = 0;
  int64_t request_id = 0;
  int64_t room_action_id = 0;
  std::string room_move, room_before, room_after;
  int64_t department_id = 0;
  int64_t assignee_id = 0;
  // Before the move, when it changed (0: unchanged or none).
  int64_t from_department_id = 0;
  int64_t from_assignee_id = 0;
  RequestAction action = RequestAction::kRegister;
  std::optional<RequestState> before;
  RequestState after = RequestState::kDispatched;
  std::string actor;
  std::string actor_role;
  std::string note;
  absl::Time time;
};

// The fee a new request carries and the state it starts in. FREE and FIXED
// items are dispatched at once, QUOTED ones wait for a quote. A
// CASE_BY_CASE item takes the desk's decision `desk_fee` (FREE: dispatched;
// QUOTED: waits for a quote); without one (a resident's own booking) the
// request waits for the desk as CASE_BY_CASE. `desk_fee` on any other item
// must be the item's own fee kind. `complete_at_desk` (IMMEDIATE items
// that need no quote) completes the request in the same call.
// INVALID_ARGUMENT names request.fee_kind; FAILED_PRECONDITION otherwise.
struct RegisteredFee {
  FeeKind fee_kind = FeeKind::kFree;
  RequestState state = RequestState::kDispatched;
};
absl::StatusOr<RegisteredFee> InitialFee(const ServiceItem& item,
                                         bool complete_at_desk,
                                         std::optional<FeeKind> desk_fee);

// Items booked per request: IMMEDIATE and SCHEDULED ones that are PUBLISHED.
absl::Status CheckBookable(const ServiceItem& item);

// Who registers a request depends on the site's kind (issue 22): in a
// community the desk (reception, manager), the household's residents and
// partner systems (seed §5: requests come to the service center); in a
// hotel any member of staff who meets the guest, partner systems (the
// property-management system) and the guest from the room. The caller's
// roles are first admitted by the authorization table; PERMISSION_DENIED
// naming the role otherwise.
absl::Status CheckMayRegister(bool hotel, Role role);

// The move `action` makes from `from` for a caller holding `who`:
// PERMISSION_DENIED when the caller may never make this move,
// FAILED_PRECONDITION naming the state when not from this state.
absl::StatusOr<RequestState> Decide(RequestState from, RequestAction action,
                                    Relations who);

// Checks on the registered details: text limits, a window that ends after
// it starts, entry permission with who granted it.
absl::Status ValidateRegistration(const ServiceRequest& request);

// When the center's clock starts for a request: the start of the agreed
// time window (seed §5(4), "按照約定的時間"), or registration without one.
absl::Time ClockStart(const ServiceRequest& request);

// Due times. Without an agreed window, from the item's targets counted from
// registration. With one, the response is due by the window's start and
// the completion by its end, or later when the item's completion target
// counted from the window's start ends later (the work takes longer than
// the window); before the window nothing is due.
void SetDueTimes(const ServiceItem& item, ServiceRequest* request);

// THE overdue rule, the one every query uses (the store keeps its result
// in service_requests.overdue_at on every write): the moment the request
// becomes overdue in its current state, or nullopt if it cannot. Only
// while the center must act (open, and not QUOTED: a quote the resident
// has not answered is theirs to answer): the response due time until work
// starts, and the completion due time, whichever comes first.
std::optional<absl::Time> OverdueAt(const ServiceRequest& request);

// Overdue at `now`: OverdueAt(request) < now.
bool IsOverdue(const ServiceRequest& request, absl::Time now);

// The escalation level a request should have at `now`: 1 (supervisor) once
// overdue, 2 (manager) when still overdue after a grace of half its
// completion target counted from its clock start (at least one hour).
// Never lower than the current one.
int32_t EscalationLevelDue(const ServiceRequest& request, absl::Time now);

// A price may be disputed (seed §1(6), §6(3)): a quote while QUOTED; a
// posted FIXED price before work starts, once (not after the manager
// decided it). FAILED_PRECONDITION otherwise.
absl::Status CheckPriceDisputable(const ServiceRequest& request);

// The desk decides a CASE_BY_CASE request is free: FAILED_PRECONDITION for
// any other request. Sets the fee kind; the move sets the state.
absl::Status DeclareFree(ServiceRequest* request);

// A quote fixes a CASE_BY_CASE request as QUOTED.
void RecordQuote(ServiceRequest* request, int64_t estimate_minor,
                 const std::string& quoted_by);

// The manager's decision on a disputed price; a request disputed after it
// was assigned goes back to its department for assignment.
void RecordPriceDecision(ServiceRequest* request, int64_t price_minor,
                         const std::string& decided_by);

// The resident does not accept the work (seed §5(4)): a reason is required;
// the request goes back to its assignee and counts one more rework.
absl::Status RecordSignOffDeclined(ServiceRequest* request,
                                   absl::string_view reason);

// Money checks for quotes, proposals, decisions: positive, bounded.
absl::Status ValidatePriceAmount(absl::string_view field, const Money& amount,
                                 absl::string_view currency);

// Settlement: paid requests only, exactly the agreed price.
absl::Status CheckSettlement(const ServiceRequest& request,
                             const Money& amount);

// Completion details: minutes 0..10000, at most 50 materials with costs.
absl::Status ValidateCompletion(int32_t minutes,
                                const std::vector<MaterialUse>& materials);

// Records a completion: the time, notes, and the minutes and materials of
// this round added to any earlier round's (work sent back for rework costs
// both). Returns where this round's materials start in request->materials.
size_t RecordCompletion(ServiceRequest* request, absl::Time now,
                        const std::string& notes, int32_t minutes,
                        const std::vector<MaterialUse>& materials);

// Who may see a request's phone and unit: its resident, reception, the
// manager, its department's staff and its assignee.
bool MaySeeContact(Relations who);

// The printable paid-service task sheet in one language.
std::string RenderTaskSheet(const ServiceRequest& request,
                            const std::string& site_name,
                            const std::string& assignee_name, Lang lang,
                            const absl::TimeZone& zone);

}  // namespace concierge::domain

#endif  // CONCIERGE_SERVER_DOMAIN_REQUESTS_H_
