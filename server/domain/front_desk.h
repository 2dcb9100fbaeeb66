#ifndef CONCIERGE_SERVER_DOMAIN_FRONT_DESK_H_
#define CONCIERGE_SERVER_DOMAIN_FRONT_DESK_H_

// The residential front desk and community life (catalogue rows 12, 15, 16,
// 35, 36, 37, 39, 41, 42): parcels and registered mail, valuables custody,
// lending, visitors' messages, community events with a waitlist, and the
// household's history of all of it.
//
// Each record has one small transition table (front_desk.cc); the API, the
// store and the tests all ask it. Validation names the request field. No
// clock: times are parameters.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/catalog.h"

namespace concierge::domain {

// Text in both languages, as history lines and notices carry it.
struct BilingualText {
  std::string zh;
  std::string en;
};

// --- parcels and registered mail (row 41)
// -------------------------------------

enum class ParcelKind {
  kParcel,
  kRegisteredLetter,
  kRemittanceSlip,
  kParcelNotice
};
enum class ParcelState { kWaiting, kCollected };
enum class ParcelAction { kPickUp };

absl::string_view Name(ParcelKind k);
absl::string_view Name(ParcelState s);
std::optional<ParcelKind> ParcelKindFromName(absl::string_view name);
std::optional<ParcelState> ParcelStateFromName(absl::string_view name);

struct Parcel {
  int64_t id = 0;
  int64_t site_id = 0;
  int64_t household_id = 0;
  ParcelKind kind = ParcelKind::kParcel;
  std::string carrier;
  std::string tracking_number;  // "" when none
  std::string shelf;
  std::string photo_ref;
  std::string note;
  ParcelState state = ParcelState::kWaiting;
  std::string logged_by;
  absl::Time log_time;
  std::string collected_by;
  std::string signature_name;
  std::string handed_over_by;
  std::optional<absl::Time> collect_time;
};

// Fields named "parcel.<field>".
absl::Status ValidateParcel(const Parcel& parcel);
// `collected_by` and `signature_name` are required names.
absl::Status ValidatePickup(absl::string_view collected_by,
                            absl::string_view signature_name);
// WAITING -pick up-> COLLECTED; anything else FAILED_PRECONDITION naming
// the state.
absl::StatusOr<ParcelState> NextParcelState(ParcelState from,
                                            ParcelAction action);

// --- valuables custody (row 37)
// --------------------------------------------------

enum class CustodyState { kHeld, kReturned };
enum class CustodyAction { kReturn };

absl::string_view Name(CustodyState s);
std::optional<CustodyState> CustodyStateFromName(absl::string_view name);

struct CustodyRecord {
  int64_t id = 0;
  int64_t site_id = 0;
  int64_t household_id = 0;
  std::string description;
  std::string receipt_number;
  std::string deposited_by;  // the person who brought it
  std::string received_by;   // the staff member (resource name)
  absl::Time deposit_time;
  CustodyState state = CustodyState::kHeld;
  std::string collected_by;
  std::string handed_over_by;
  std::optional<absl::Time> return_time;
  std::string note;
};

// Fields named "record.<field>".
absl::Status ValidateDeposit(const CustodyRecord& record);
// A receipt number as printed on the paper receipt: 1 to 32 characters of
// letters, digits, '-' and '/'.
absl::Status ValidateReceiptNumber(absl::string_view field,
                                   absl::string_view value);
// HELD -return-> RETURNED; anything else FAILED_PRECONDITION.
absl::StatusOr<CustodyState> NextCustodyState(CustodyState from,
                                              CustodyAction action);
// Valuables go back only to the household that deposited them, and only
// against the right receipt when one is presented: PERMISSION_DENIED
// otherwise.
absl::Status CheckCollector(const CustodyRecord& record,
                            int64_t collecting_household,
                            absl::string_view receipt_number);

// --- lending (rows 39, 42)
// ----------------------------------------------------------

struct LendableItem {
  int64_t id = 0;
  int64_t site_id = 0;
  std::string name_zh, name_en;
  int64_t item_id = 0;  // the catalogue LENDING item; 0 when none
  int32_t total_count = 0;
  int32_t available_count = 0;
  std::optional<absl::Time> next_due_time;  // earliest due of loans out
  std::string created_by;
  absl::Time create_time;
  // The last stock correction, if any.
  std::string stock_changed_by;
  std::optional<absl::Time> stock_change_time;
  std::string stock_change_reason;

  int32_t OnLoan() const { return total_count - available_count; }
};

// Fields named "lendable.<field>".
absl::Status ValidateLendableItem(const LendableItem& item);
// A catalogue item a lendable may serve: category LENDING, not RETIRED.
absl::Status CheckLendingItem(const ServiceItem& item);
// A stock correction: `total_count` 1 to 10000 and a reason (fields named
// as in SetLendableStockRequest).
absl::Status ValidateStockChange(int32_t total_count, absl::string_view reason);
// FAILED_PRECONDITION naming total_count when `total_count` is below the
// number of `item` out on loan; OK otherwise.
absl::Status CheckStockCoversLoans(const LendableItem& item,
                                   int32_t total_count);

enum class LoanState { kOut, kReturned };
enum class LoanAction { kReturn };

absl::string_view Name(LoanState s);
std::optional<LoanState> LoanStateFromName(absl::string_view name);

struct Loan {
  int64_t id = 0;
  int64_t site_id = 0;
  int64_t lendable_id = 0;
  std::string lendable_name_zh, lendable_name_en;
  int64_t household_id = 0;
  std::string borrower;
  absl::Time due_time;
  LoanState state = LoanState::kOut;
  std::string lent_by;
  absl::Time lend_time;
  std::string received_by;
  std::optional<absl::Time> return_time;
};

inline constexpr absl::Duration kMaxLoanDuration = absl::Hours(24 * 90);

// Fields named "loan.<field>"; the due time lies after `now` and at most
// kMaxLoanDuration ahead.
absl::Status ValidateLoan(const Loan& loan, absl::Time now);
// OUT -return-> RETURNED; anything else FAILED_PRECONDITION.
absl::StatusOr<LoanState> NextLoanState(LoanState from, LoanAction action);
bool IsOverdue(const Loan& loan, absl::Time now);
// FAILED_PRECONDITION for a lendable with none left, saying when the next
// one is due back (in `zone`) when any is out.
absl::Status OutOfStock(const LendableItem& item,
                        std::optional<absl::Time> next_due,
                        const absl::TimeZone& zone);

// --- visitors' messages (row 12)
// ------------------------------------------------------

enum class MessageChannel { kPhone, kInPerson };
enum class MessageState { kUnread, kAcknowledged };
enum class MessageAction { kAcknowledge };

absl::string_view Name(MessageChannel c);
absl::string_view Name(MessageState s);
std::optional<MessageChannel> MessageChannelFromName(absl::string_view name);
std::optional<MessageState> MessageStateFromName(absl::string_view name);

struct VisitorMessage {
  int64_t id = 0;
  int64_t site_id = 0;
  int64_t household_id = 0;
  std::string from_name;
  std::string from_phone;
  std::string text;
  MessageChannel channel = MessageChannel::kPhone;
  MessageState state = MessageState::kUnread;
  std::string left_by;
  absl::Time leave_time;
  std::string acknowledged_by;
  std::optional<absl::Time> acknowledge_time;
};

// Fields named "message.<field>".
absl::Status ValidateMessage(const VisitorMessage& message);
// UNREAD -acknowledge-> ACKNOWLEDGED; anything else FAILED_PRECONDITION.
absl::StatusOr<MessageState> NextMessageState(MessageState from,
                                              MessageAction action);

// --- community events (rows 15, 16, 35, 36)
// -------------------------------------------

// The catalogue code of the free repair day: its registrations say what
// needs repairing.
inline constexpr absl::string_view kRepairDayCode = "FREE_REPAIR_DAY";

struct CommunityEvent {
  int64_t id = 0;
  int64_t site_id = 0;
  int64_t item_id = 0;
  std::string item_code;
  std::string title_zh, title_en;
  std::string description_zh, description_en;
  absl::Time start_time;
  absl::Time end_time;
  std::string place_zh, place_en;
  int32_t capacity = 0;  // places, in people
  absl::Time registration_deadline;
  std::string created_by;
  absl::Time create_time;
  // Set when the event was called off.
  std::string cancelled_by;
  std::optional<absl::Time> cancel_time;
  std::string cancel_reason;
  // Read from the registrations, never stored with the event.
  int32_t registered_households = 0;
  int32_t registered_people = 0;  // holding places
  int32_t waitlisted_households = 0;
  int32_t attended_people = 0;

  bool AsksWhatToRepair() const { return item_code == kRepairDayCode; }
  bool Cancelled() const { return cancel_time.has_value(); }
  int32_t PlacesLeft() const {
    return capacity > registered_people ? capacity - registered_people : 0;
  }
};

inline constexpr int32_t kMaxEventCapacity = 10000;
inline constexpr int32_t kMaxPartySize = 20;
inline constexpr absl::Duration kMaxEventLength = absl::Hours(24 * 7);

// A catalogue item an event may belong to: category COMMUNITY_EVENT or
// fulfilment RECURRING_EVENT, APPROVED or PUBLISHED.
absl::Status CheckEventItem(const ServiceItem& item);
// Fields named "event.<field>": times in order and in the future (the
// deadline not after the start, the event at most a week long), a place in
// at least one language, capacity 1 to 10000.
absl::Status ValidateEvent(const CommunityEvent& event, absl::Time now);

enum class RegistrationState {
  kRegistered,
  kWaitlisted,
  kCancelled,
  kAttended,
  kNoShow,
};
enum class RegistrationAction { kPromote, kCancel, kAttend, kMarkAbsent };

absl::string_view Name(RegistrationState s);
std::optional<RegistrationState> RegistrationStateFromName(
    absl::string_view name);

struct EventRegistration {
  int64_t id = 0;
  int64_t site_id = 0;
  int64_t event_id = 0;
  int64_t household_id = 0;
  int32_t party_size = 1;
  std::string details;
  RegistrationState state = RegistrationState::kRegistered;
  int32_t waitlist_position = 0;  // read, never stored
  std::string registered_by;
  absl::Time register_time;
  std::optional<absl::Time> promote_time;
  std::string cancelled_by;
  std::optional<absl::Time> cancel_time;
  int32_t attended_people = 0;
  std::string attendance_recorded_by;
  std::optional<absl::Time> attendance_time;
};

// Fields named "registration.<field>": a party of 1 to 20 that the event
// could ever hold; on a repair day, what needs repairing.
absl::Status ValidateRegistration(const CommunityEvent& event,
                                  const EventRegistration& registration);
// The registration table: WAITLISTED -promote-> REGISTERED; REGISTERED or
// WAITLISTED -cancel-> CANCELLED; REGISTERED, ATTENDED or NO_SHOW -attend->
// ATTENDED and -mark absent-> NO_SHOW (attendance may be corrected).
absl::StatusOr<RegistrationState> NextRegistrationState(
    RegistrationState from, RegistrationAction action);
// REGISTERED and ATTENDED registrations hold places.
bool HoldsPlace(RegistrationState state);
// Registration is open until the deadline (inclusive); the refusal says
// when it closed, in `zone`.
absl::Status CheckRegistrationOpen(const CommunityEvent& event, absl::Time now,
                                   const absl::TimeZone& zone);
// Registrations may be cancelled until the event starts.
absl::Status CheckCancellable(const CommunityEvent& event, absl::Time now);
// An event may be called off once, before it starts, with a reason
// ("reason", at most 1000 characters).
absl::Status CheckEventCancellable(const CommunityEvent& event, absl::Time now,
                                   absl::string_view reason);
// Attendance is recorded once the event has started, unless it was called
// off (registration is refused then too).
absl::Status CheckAttendanceOpen(const CommunityEvent& event, absl::Time now);
// Where a new registration of `party` people goes when `holding` people
// already hold places: REGISTERED if it fits, else WAITLISTED.
RegistrationState PlaceFor(int32_t capacity, int32_t holding, int32_t party);

struct WaitingParty {
  int64_t registration_id = 0;
  int32_t party_size = 0;
};
// After places free up: the waitlisted registrations (given in the order
// they registered) that now get places. First fit: each in turn whose party
// fits what is left, so a large party does not block smaller ones behind
// it, and no one left waiting could fit afterwards.
std::vector<int64_t> Promotions(int32_t capacity, int32_t holding,
                                const std::vector<WaitingParty>& waitlist);

// The event as a printed notice lists it: title, date and time, place,
// places and how to register, in `lang`, times in `zone`.
std::string RenderEventLine(const CommunityEvent& event, Lang lang,
                            const absl::TimeZone& zone);

// --- the household's history
// ---------------------------------------------------------

enum class FrontDeskAction {
  kParcelLogged,
  kParcelCollected,
  kValuablesDeposited,
  kValuablesReturned,
  kItemLent,
  kItemReturned,
  kMessageLeft,
  kMessageAcknowledged,
  kEventRegistered,
  kEventWaitlisted,
  kEventPromoted,
  kEventCancelled,
  kEventAttended,
  kEventNoShow,
};

absl::string_view Name(FrontDeskAction a);
std::optional<FrontDeskAction> FrontDeskActionFromName(absl::string_view name);

// Promotions off the waitlist are the server's doing (kSystemActor), not
// the person whose cancellation freed the place (who belongs to another
// household).

struct HistoryEntry {
  int64_t id = 0;
  int64_t site_id = 0;
  int64_t household_id = 0;
  FrontDeskAction action = FrontDeskAction::kParcelLogged;
  std::string subject;  // resource name of the record
  BilingualText summary;
  std::string actor;
  absl::Time time;
};

// The one line each action leaves in the household's history.
BilingualText SummarizeParcel(const Parcel& parcel, FrontDeskAction action);
BilingualText SummarizeCustody(const CustodyRecord& record,
                               FrontDeskAction action);
BilingualText SummarizeLoan(const Loan& loan, FrontDeskAction action,
                            const absl::TimeZone& zone);
BilingualText SummarizeMessage(const VisitorMessage& message,
                               FrontDeskAction action);
BilingualText SummarizeRegistration(const CommunityEvent& event,
                                    const EventRegistration& registration,
                                    FrontDeskAction action,
                                    const absl::TimeZone& zone);

// The history action for a registration that ends up in `state`.
FrontDeskAction RegistrationHistoryAction(RegistrationState state);

}  // namespace concierge::domain

#endif  // CONCIERGE_SERVER_DOMAIN_FRONT_DESK_H_
