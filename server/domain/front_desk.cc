#include "server/domain/front_desk.h"

#include <array>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "server/common/status_macros.h"
#include "server/domain/name_table.h"
#include "server/domain/text.h"

namespace concierge::domain {
namespace {

constexpr NameTable<ParcelKind, 4> kParcelKinds = {
    {{ParcelKind::kParcel, "PARCEL"},
     {ParcelKind::kRegisteredLetter, "REGISTERED_LETTER"},
     {ParcelKind::kRemittanceSlip, "REMITTANCE_SLIP"},
     {ParcelKind::kParcelNotice, "PARCEL_NOTICE"}}};
constexpr NameTable<ParcelState, 2> kParcelStates = {
    {{ParcelState::kWaiting, "WAITING"},
     {ParcelState::kCollected, "COLLECTED"}}};
constexpr NameTable<CustodyState, 2> kCustodyStates = {
    {{CustodyState::kHeld, "HELD"}, {CustodyState::kReturned, "RETURNED"}}};
constexpr NameTable<LoanState, 2> kLoanStates = {
    {{LoanState::kOut, "OUT"}, {LoanState::kReturned, "RETURNED"}}};
constexpr NameTable<MessageChannel, 2> kMessageChannels = {
    {{MessageChannel::kPhone, "PHONE"},
     {MessageChannel::kInPerson, "IN_PERSON"}}};
constexpr NameTable<MessageState, 2> kMessageStates = {
    {{MessageState::kUnread, "UNREAD"},
     {MessageState::kAcknowledged, "ACKNOWLEDGED"}}};
constexpr NameTable<RegistrationState, 5> kRegistrationStates = {
    {{RegistrationState::kRegistered, "REGISTERED"},
     {RegistrationState::kWaitlisted, "WAITLISTED"},
     {RegistrationState::kCancelled, "CANCELLED"},
     {RegistrationState::kAttended, "ATTENDED"},
     {RegistrationState::kNoShow, "NO_SHOW"}}};
constexpr NameTable<FrontDeskAction, 14> kActions = {
    {{FrontDeskAction::kParcelLogged, "PARCEL_LOGGED"},
     {FrontDeskAction::kParcelCollected, "PARCEL_COLLECTED"},
     {FrontDeskAction::kValuablesDeposited, "VALUABLES_DEPOSITED"},
     {FrontDeskAction::kValuablesReturned, "VALUABLES_RETURNED"},
     {FrontDeskAction::kItemLent, "ITEM_LENT"},
     {FrontDeskAction::kItemReturned, "ITEM_RETURNED"},
     {FrontDeskAction::kMessageLeft, "MESSAGE_LEFT"},
     {FrontDeskAction::kMessageAcknowledged, "MESSAGE_ACKNOWLEDGED"},
     {FrontDeskAction::kEventRegistered, "EVENT_REGISTERED"},
     {FrontDeskAction::kEventWaitlisted, "EVENT_WAITLISTED"},
     {FrontDeskAction::kEventPromoted, "EVENT_PROMOTED"},
     {FrontDeskAction::kEventCancelled, "EVENT_CANCELLED"},
     {FrontDeskAction::kEventAttended, "EVENT_ATTENDED"},
     {FrontDeskAction::kEventNoShow, "EVENT_NO_SHOW"}}};

// --- the transition tables
// -------------------------------------------------------
//
// One small table per record. A move not listed does not exist.

template <typename S, typename A>
struct Move {
  S from;
  A action;
  S to;
};

constexpr std::array<Move<ParcelState, ParcelAction>, 1> kParcelMoves = {{
    {ParcelState::kWaiting, ParcelAction::kPickUp, ParcelState::kCollected},
}};

constexpr std::array<Move<CustodyState, CustodyAction>, 1> kCustodyMoves = {{
    {CustodyState::kHeld, CustodyAction::kReturn, CustodyState::kReturned},
}};

constexpr std::array<Move<LoanState, LoanAction>, 1> kLoanMoves = {{
    {LoanState::kOut, LoanAction::kReturn, LoanState::kReturned},
}};

constexpr std::array<Move<MessageState, MessageAction>, 1> kMessageMoves = {{
    {MessageState::kUnread, MessageAction::kAcknowledge,
     MessageState::kAcknowledged},
}};

using RS = RegistrationState;
using RA = RegistrationAction;
constexpr std::array<Move<RS, RA>, 9> kRegistrationMoves = {{
    {RS::kWaitlisted, RA::kPromote, RS::kRegistered},
    {RS::kRegistered, RA::kCancel, RS::kCancelled},
    {RS::kWaitlisted, RA::kCancel, RS::kCancelled},
    {RS::kRegistered, RA::kAttend, RS::kAttended},
    {RS::kRegistered, RA::kMarkAbsent, RS::kNoShow},
    // Corrections of an attendance record.
    {RS::kAttended, RA::kAttend, RS::kAttended},
    {RS::kAttended, RA::kMarkAbsent, RS::kNoShow},
    {RS::kNoShow, RA::kAttend, RS::kAttended},
    {RS::kNoShow, RA::kMarkAbsent, RS::kNoShow},
}};

template <typename S, typename A, size_t N>
std::optional<S> Lookup(const std::array<Move<S, A>, N>& table, S from,
                        A action) {
  for (const Move<S, A>& m : table) {
    if (m.from == from && m.action == action) return m.to;
  }
  return std::nullopt;
}

absl::Status Refused(absl::string_view noun, absl::string_view state,
                     absl::string_view verb) {
  return absl::FailedPreconditionError(
      absl::StrCat(noun, " is ", state, " and cannot be ", verb));
}

absl::string_view Verb(RegistrationAction a) {
  switch (a) {
    case RA::kPromote:
      return "promoted off the waitlist";
    case RA::kCancel:
      return "cancelled";
    case RA::kAttend:
      return "marked as attended";
    case RA::kMarkAbsent:
      return "marked as absent";
  }
  return "changed";
}

// --- small text helpers
// ----------------------------------------------------------

absl::Status Required(absl::string_view field, absl::string_view value) {
  return ValidateText(field, value, kRequiredName);
}

// Letters, digits and a few separators; no spaces.
bool IsTokenText(absl::string_view s, absl::string_view extra) {
  for (char c : s) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) &&
        extra.find(c) == absl::string_view::npos) {
      return false;
    }
  }
  return true;
}

std::string DateTime(absl::Time t, const absl::TimeZone& zone, Lang lang) {
  return lang == Lang::kZh ? absl::FormatTime("%Y年%m月%d日 %H:%M", t, zone)
                           : absl::FormatTime("%Y-%m-%d %H:%M", t, zone);
}

std::string Date(absl::Time t, const absl::TimeZone& zone, Lang lang) {
  return lang == Lang::kZh ? absl::FormatTime("%Y年%m月%d日", t, zone)
                           : absl::FormatTime("%Y-%m-%d", t, zone);
}

const std::string& Either(const std::string& preferred,
                          const std::string& other) {
  return preferred.empty() ? other : preferred;
}

BilingualText KindLabel(ParcelKind k) {
  switch (k) {
    case ParcelKind::kParcel:
      return {"包裹", "Parcel"};
    case ParcelKind::kRegisteredLetter:
      return {"掛號信", "Registered letter"};
    case ParcelKind::kRemittanceSlip:
      return {"匯款單", "Remittance slip"};
    case ParcelKind::kParcelNotice:
      return {"包裹單", "Parcel notice"};
  }
  return {"郵件", "Mail"};
}

}  // namespace

absl::string_view Name(ParcelKind k) { return NameIn(kParcelKinds, k); }
absl::string_view Name(ParcelState s) { return NameIn(kParcelStates, s); }
absl::string_view Name(CustodyState s) { return NameIn(kCustodyStates, s); }
absl::string_view Name(LoanState s) { return NameIn(kLoanStates, s); }
absl::string_view Name(MessageChannel c) { return NameIn(kMessageChannels, c); }
absl::string_view Name(MessageState s) { return NameIn(kMessageStates, s); }
absl::string_view Name(RegistrationState s) {
  return NameIn(kRegistrationStates, s);
}
absl::string_view Name(FrontDeskAction a) { return NameIn(kActions, a); }

std::optional<ParcelKind> ParcelKindFromName(absl::string_view name) {
  return FromNameIn(kParcelKinds, name);
}
std::optional<ParcelState> ParcelStateFromName(absl::string_view name) {
  return FromNameIn(kParcelStates, name);
}
std::optional<CustodyState> CustodyStateFromName(absl::string_view name) {
  return FromNameIn(kCustodyStates, name);
}
std::optional<LoanState> LoanStateFromName(absl::string_view name) {
  return FromNameIn(kLoanStates, name);
}
std::optional<MessageChannel> MessageChannelFromName(absl::string_view name) {
  return FromNameIn(kMessageChannels, name);
}
std::optional<MessageState> MessageStateFromName(absl::string_view name) {
  return FromNameIn(kMessageStates, name);
}
std::optional<RegistrationState> RegistrationStateFromName(
    absl::string_view name) {
  return FromNameIn(kRegistrationStates, name);
}
std::optional<FrontDeskAction> FrontDeskActionFromName(absl::string_view name) {
  return FromNameIn(kActions, name);
}

// --- parcels
// ---------------------------------------------------------------------

absl::Status ValidateParcel(const Parcel& p) {
  if (p.household_id == 0) {
    return absl::InvalidArgumentError("parcel.household: is required");
  }
  CONCIERGE_RETURN_IF_ERROR(Required("parcel.carrier", p.carrier));
  if (p.tracking_number.size() > 64 || !IsTokenText(p.tracking_number, "-")) {
    return absl::InvalidArgumentError(
        "parcel.tracking_number: at most 64 letters, digits and '-'");
  }
  CONCIERGE_RETURN_IF_ERROR(ValidateText(
      "parcel.shelf", p.shelf, TextRule{.required = true, .max_chars = 32}));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("parcel.photo_ref", p.photo_ref,
                   TextRule{.required = false, .max_chars = 256}));
  return ValidateText("parcel.note", p.note, kOptionalName);
}

absl::Status ValidatePickup(absl::string_view collected_by,
                            absl::string_view signature_name) {
  CONCIERGE_RETURN_IF_ERROR(Required("collected_by", collected_by));
  return Required("signature_name", signature_name);
}

absl::StatusOr<ParcelState> NextParcelState(ParcelState from,
                                            ParcelAction action) {
  if (auto to = Lookup(kParcelMoves, from, action)) return *to;
  return Refused("parcel", Name(from), "picked up");
}

// --- custody
// ---------------------------------------------------------------------

absl::Status ValidateReceiptNumber(absl::string_view field,
                                   absl::string_view value) {
  if (value.empty() || value.size() > 32 || !IsTokenText(value, "-/")) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": 1 to 32 letters, digits, '-' or '/' (as on the receipt)"));
  }
  return absl::OkStatus();
}

absl::Status ValidateDeposit(const CustodyRecord& r) {
  if (r.household_id == 0) {
    return absl::InvalidArgumentError("record.household: is required");
  }
  CONCIERGE_RETURN_IF_ERROR(ValidateText(
      "record.description", r.description,
      TextRule{.required = true, .max_chars = 1000, .multiline = true}));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateReceiptNumber("record.receipt_number", r.receipt_number));
  CONCIERGE_RETURN_IF_ERROR(Required("record.deposited_by", r.deposited_by));
  return ValidateText("record.note", r.note, kOptionalNote);
}

absl::StatusOr<CustodyState> NextCustodyState(CustodyState from,
                                              CustodyAction action) {
  if (auto to = Lookup(kCustodyMoves, from, action)) return *to;
  return Refused("custody record", Name(from), "returned again");
}

absl::Status CheckCollector(const CustodyRecord& record,
                            int64_t collecting_household,
                            absl::string_view receipt_number) {
  if (collecting_household != record.household_id) {
    return absl::PermissionDeniedError(
        "household: valuables go back only to the household that deposited "
        "them");
  }
  if (!receipt_number.empty() && receipt_number != record.receipt_number) {
    return absl::PermissionDeniedError(
        "receipt_number: does not match the deposit's receipt");
  }
  return absl::OkStatus();
}

// --- lending
// ---------------------------------------------------------------------

absl::Status ValidateLendableItem(const LendableItem& item) {
  CONCIERGE_RETURN_IF_ERROR(Required("lendable.display_name.zh", item.name_zh));
  CONCIERGE_RETURN_IF_ERROR(Required("lendable.display_name.en", item.name_en));
  if (item.total_count < 1 || item.total_count > 10000) {
    return absl::InvalidArgumentError(
        "lendable.total_count: must be between 1 and 10000");
  }
  return absl::OkStatus();
}

absl::Status CheckLendingItem(const ServiceItem& item) {
  if (item.category != ItemCategory::kLending) {
    return absl::InvalidArgumentError(
        absl::StrCat("lendable.item: ", item.code, " is ", Name(item.category),
                     "; name a LENDING item (e.g. UMBRELLA_LENDING)"));
  }
  if (item.state == ItemState::kRetired) {
    return absl::FailedPreconditionError(
        absl::StrCat("lendable.item: ", item.code, " is RETIRED"));
  }
  return absl::OkStatus();
}

absl::Status ValidateStockChange(int32_t total_count,
                                 absl::string_view reason) {
  if (total_count < 1 || total_count > 10000) {
    return absl::InvalidArgumentError(
        "total_count: must be between 1 and 10000");
  }
  return ValidateText(
      "reason", reason,
      TextRule{.required = true, .max_chars = 1000, .multiline = true});
}

absl::Status CheckStockCoversLoans(const LendableItem& item,
                                   int32_t total_count) {
  if (total_count >= item.OnLoan()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "total_count: ", item.OnLoan(), " are out on loan; the site cannot own ",
      "fewer than that until they come back"));
}

absl::Status ValidateLoan(const Loan& loan, absl::Time now) {
  if (loan.lendable_id == 0) {
    return absl::InvalidArgumentError("loan.lendable: is required");
  }
  if (loan.household_id == 0) {
    return absl::InvalidArgumentError("loan.household: is required");
  }
  CONCIERGE_RETURN_IF_ERROR(Required("loan.borrower", loan.borrower));
  if (loan.due_time <= now) {
    return absl::InvalidArgumentError("loan.due_time: must be in the future");
  }
  if (loan.due_time > now + kMaxLoanDuration) {
    return absl::InvalidArgumentError("loan.due_time: at most 90 days ahead");
  }
  return absl::OkStatus();
}

absl::StatusOr<LoanState> NextLoanState(LoanState from, LoanAction action) {
  if (auto to = Lookup(kLoanMoves, from, action)) return *to;
  return Refused("loan", Name(from), "returned again");
}

bool IsOverdue(const Loan& loan, absl::Time now) {
  return loan.state == LoanState::kOut && loan.due_time < now;
}

absl::Status OutOfStock(const LendableItem& item,
                        std::optional<absl::Time> next_due,
                        const absl::TimeZone& zone) {
  std::string message = absl::StrCat("lendable: no ", item.name_en, " (",
                                     item.name_zh, ") left to lend");
  if (next_due) {
    absl::StrAppend(&message, "; the next one is due back ",
                    absl::FormatTime("%Y-%m-%d %H:%M %Z", *next_due, zone));
  }
  return absl::FailedPreconditionError(message);
}

// --- messages
// ----------------------------------------------------------------------

absl::Status ValidateMessage(const VisitorMessage& m) {
  if (m.household_id == 0) {
    return absl::InvalidArgumentError("message.household: is required");
  }
  CONCIERGE_RETURN_IF_ERROR(Required("message.from_name", m.from_name));
  CONCIERGE_RETURN_IF_ERROR(
      ValidatePhone("message.from_phone", m.from_phone, false));
  return ValidateText(
      "message.text", m.text,
      TextRule{.required = true, .max_chars = 2000, .multiline = true});
}

absl::StatusOr<MessageState> NextMessageState(MessageState from,
                                              MessageAction action) {
  if (auto to = Lookup(kMessageMoves, from, action)) return *to;
  return Refused("message", Name(from), "acknowledged again");
}

// --- events
// ------------------------------------------------------------------------

absl::Status CheckEventItem(const ServiceItem& item) {
  if (item.category != ItemCategory::kCommunityEvent &&
      item.fulfilment != Fulfilment::kRecurringEvent) {
    return absl::InvalidArgumentError(
        absl::StrCat("event.item: ", item.code,
                     " is not a community event; name a COMMUNITY_EVENT or "
                     "RECURRING_EVENT item (e.g. FREE_REPAIR_DAY)"));
  }
  if (item.state != ItemState::kApproved &&
      item.state != ItemState::kPublished) {
    return absl::FailedPreconditionError(
        absl::StrCat("event.item: ", item.code, " is ", Name(item.state),
                     "; only APPROVED or PUBLISHED items hold events"));
  }
  return absl::OkStatus();
}

absl::Status ValidateEvent(const CommunityEvent& e, absl::Time now) {
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("event.title.zh", e.title_zh, kRequiredName));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("event.title.en", e.title_en, kRequiredName));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("event.description.zh", e.description_zh, kOptionalNote));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("event.description.en", e.description_en, kOptionalNote));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("event.place.zh", e.place_zh, kOptionalName));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("event.place.en", e.place_en, kOptionalName));
  if (e.place_zh.empty() && e.place_en.empty()) {
    return absl::InvalidArgumentError(
        "event.place: is required (in at least one language)");
  }
  if (e.start_time <= now) {
    return absl::InvalidArgumentError(
        "event.start_time: must be in the future");
  }
  if (e.start_time > now + absl::Hours(24 * 366 * 2)) {
    return absl::InvalidArgumentError(
        "event.start_time: more than two years ahead");
  }
  if (e.end_time <= e.start_time) {
    return absl::InvalidArgumentError(
        "event.end_time: must be after event.start_time");
  }
  if (e.end_time - e.start_time > kMaxEventLength) {
    return absl::InvalidArgumentError("event.end_time: at most a week long");
  }
  if (e.registration_deadline <= now) {
    return absl::InvalidArgumentError(
        "event.registration_deadline: must be in the future");
  }
  if (e.registration_deadline > e.start_time) {
    return absl::InvalidArgumentError(
        "event.registration_deadline: must not be after event.start_time");
  }
  if (e.capacity < 1 || e.capacity > kMaxEventCapacity) {
    return absl::InvalidArgumentError(
        "event.capacity: must be between 1 and 10000 people");
  }
  return absl::OkStatus();
}

absl::Status ValidateRegistration(const CommunityEvent& event,
                                  const EventRegistration& r) {
  if (r.household_id == 0) {
    return absl::InvalidArgumentError("registration.household: is required");
  }
  if (r.party_size < 1 || r.party_size > kMaxPartySize) {
    return absl::InvalidArgumentError(
        "registration.party_size: must be between 1 and 20 people");
  }
  if (r.party_size > event.capacity) {
    return absl::InvalidArgumentError(
        absl::StrCat("registration.party_size: the event has only ",
                     event.capacity, " places in all"));
  }
  if (event.AsksWhatToRepair()) {
    return ValidateText(
        "registration.details", r.details,
        TextRule{.required = true, .max_chars = 1000, .multiline = true});
  }
  return ValidateText(
      "registration.details", r.details,
      TextRule{.required = false, .max_chars = 1000, .multiline = true});
}

absl::StatusOr<RegistrationState> NextRegistrationState(
    RegistrationState from, RegistrationAction action) {
  if (auto to = Lookup(kRegistrationMoves, from, action)) return *to;
  return Refused("registration", Name(from), Verb(action));
}

bool HoldsPlace(RegistrationState state) {
  return state == RS::kRegistered || state == RS::kAttended;
}

absl::Status CheckRegistrationOpen(const CommunityEvent& event, absl::Time now,
                                   const absl::TimeZone& zone) {
  if (event.Cancelled()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the event was cancelled: ", event.cancel_reason));
  }
  if (now > event.registration_deadline) {
    return absl::FailedPreconditionError(
        absl::StrCat("registration closed at ",
                     absl::FormatTime("%Y-%m-%d %H:%M %Z",
                                      event.registration_deadline, zone)));
  }
  return absl::OkStatus();
}

absl::Status CheckCancellable(const CommunityEvent& event, absl::Time now) {
  if (now >= event.start_time) {
    return absl::FailedPreconditionError(
        "the event has started; registrations can no longer be cancelled");
  }
  return absl::OkStatus();
}

absl::Status CheckEventCancellable(const CommunityEvent& event, absl::Time now,
                                   absl::string_view reason) {
  CONCIERGE_RETURN_IF_ERROR(ValidateText(
      "reason", reason,
      TextRule{.required = true, .max_chars = 1000, .multiline = true}));
  if (event.Cancelled()) {
    return absl::FailedPreconditionError("the event was already cancelled");
  }
  if (now >= event.start_time) {
    return absl::FailedPreconditionError(
        "the event has started; it can no longer be cancelled");
  }
  return absl::OkStatus();
}

absl::Status CheckAttendanceOpen(const CommunityEvent& event, absl::Time now) {
  if (event.Cancelled()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the event was cancelled: ", event.cancel_reason));
  }
  if (now < event.start_time) {
    return absl::FailedPreconditionError(
        "the event has not started; attendance is recorded once it has");
  }
  return absl::OkStatus();
}

RegistrationState PlaceFor(int32_t capacity, int32_t holding, int32_t party) {
  return holding + party <= capacity ? RS::kRegistered : RS::kWaitlisted;
}

std::vector<int64_t> Promotions(int32_t capacity, int32_t holding,
                                const std::vector<WaitingParty>& waitlist) {
  std::vector<int64_t> promoted;
  for (const WaitingParty& w : waitlist) {
    if (holding + w.party_size <= capacity) {
      holding += w.party_size;
      promoted.push_back(w.registration_id);
    }
  }
  return promoted;
}

std::string RenderEventLine(const CommunityEvent& e, Lang lang,
                            const absl::TimeZone& zone) {
  const bool zh = lang == Lang::kZh;
  const std::string& title = zh ? e.title_zh : e.title_en;
  const std::string& place =
      zh ? Either(e.place_zh, e.place_en) : Either(e.place_en, e.place_zh);
  const bool same_day = absl::ToCivilDay(e.start_time, zone) ==
                        absl::ToCivilDay(e.end_time, zone);
  const std::string when =
      absl::StrCat(DateTime(e.start_time, zone, lang), "–",
                   same_day ? absl::FormatTime("%H:%M", e.end_time, zone)
                            : DateTime(e.end_time, zone, lang));
  if (e.Cancelled()) {
    return zh ? absl::StrCat(title, "：", when, " 已取消（", e.cancel_reason,
                             "）。")
              : absl::StrCat(title, ": ", when, " is CANCELLED (",
                             e.cancel_reason, ").");
  }
  const std::string deadline = DateTime(e.registration_deadline, zone, lang);
  if (zh) {
    std::string line =
        absl::StrCat(title, "：", when, "，地點：", place, "。名額 ",
                     e.capacity, " 人，請於 ", deadline,
                     " 前到服務中心、致電或在住戶應用報名"
                     "（額滿後登記候補）。");
    if (e.AsksWhatToRepair()) {
      absl::StrAppend(&line, "報名時請說明需要維修的物品。");
    }
    return line;
  }
  std::string line = absl::StrCat(
      title, ": ", when, " at ", place, ". ", e.capacity,
      " places; register at the service center, by phone or in the resident "
      "app by ",
      deadline, " (a waitlist opens when full).");
  if (e.AsksWhatToRepair()) {
    absl::StrAppend(&line, " Say what needs repairing when you register.");
  }
  return line;
}

// --- history
// -------------------------------------------------------------------------

BilingualText SummarizeParcel(const Parcel& p, FrontDeskAction action) {
  const BilingualText kind = KindLabel(p.kind);
  const std::string number =
      p.tracking_number.empty() ? "" : absl::StrCat(" ", p.tracking_number);
  if (action == FrontDeskAction::kParcelCollected) {
    return {absl::StrCat(kind.zh, number, "已由", p.collected_by,
                         "領取（簽名：", p.signature_name, "）"),
            absl::StrCat(kind.en, number, " collected by ", p.collected_by,
                         " (signed ", p.signature_name, ")")};
  }
  return {absl::StrCat(kind.zh, number, "（", p.carrier, "）已到，存放於 ",
                       p.shelf),
          absl::StrCat(kind.en, number, " (", p.carrier, ") arrived, shelf ",
                       p.shelf)};
}

BilingualText SummarizeCustody(const CustodyRecord& r, FrontDeskAction action) {
  if (action == FrontDeskAction::kValuablesReturned) {
    return {absl::StrCat("代保管物品已交還", r.collected_by, "：",
                         r.description, "（收據 ", r.receipt_number, "）"),
            absl::StrCat("Valuables returned to ", r.collected_by, ": ",
                         r.description, " (receipt ", r.receipt_number, ")")};
  }
  return {
      absl::StrCat("貴重物品代保管（", r.deposited_by, " 寄存）：",
                   r.description, "（收據 ", r.receipt_number, "）"),
      absl::StrCat("Valuables taken into custody from ", r.deposited_by, ": ",
                   r.description, " (receipt ", r.receipt_number, ")")};
}

BilingualText SummarizeLoan(const Loan& loan, FrontDeskAction action,
                            const absl::TimeZone& zone) {
  if (action == FrontDeskAction::kItemReturned) {
    return {absl::StrCat("已歸還", loan.lendable_name_zh),
            absl::StrCat("Returned ", loan.lendable_name_en)};
  }
  return {
      absl::StrCat(loan.borrower, "借用", loan.lendable_name_zh, "，請於",
                   DateTime(loan.due_time, zone, Lang::kZh), "前歸還"),
      absl::StrCat(loan.borrower, " borrowed ", loan.lendable_name_en,
                   ", due back ", DateTime(loan.due_time, zone, Lang::kEn))};
}

BilingualText SummarizeMessage(const VisitorMessage& m,
                               FrontDeskAction action) {
  if (action == FrontDeskAction::kMessageAcknowledged) {
    return {absl::StrCat("已閱讀", m.from_name, "的留言"),
            absl::StrCat("Read the message from ", m.from_name)};
  }
  if (m.channel == MessageChannel::kInPerson) {
    return {absl::StrCat(m.from_name, "到訪留言"),
            absl::StrCat("Visitor ", m.from_name, " left a message")};
  }
  return {absl::StrCat(m.from_name, "來電留言"),
          absl::StrCat("Phone message from ", m.from_name)};
}

BilingualText SummarizeRegistration(const CommunityEvent& e,
                                    const EventRegistration& r,
                                    FrontDeskAction action,
                                    const absl::TimeZone& zone) {
  const std::string zh_event =
      absl::StrCat(e.title_zh, "（", Date(e.start_time, zone, Lang::kZh), "）");
  const std::string en_event =
      absl::StrCat(e.title_en, " (", Date(e.start_time, zone, Lang::kEn), ")");
  const std::string people_zh = absl::StrCat("，", r.party_size, " 人");
  const std::string people_en = absl::StrCat(
      ", ", r.party_size, r.party_size == 1 ? " person" : " people");
  switch (action) {
    case FrontDeskAction::kEventWaitlisted:
      return {absl::StrCat("候補報名", zh_event, people_zh),
              absl::StrCat("Waitlisted for ", en_event, people_en)};
    case FrontDeskAction::kEventPromoted:
      return {absl::StrCat("候補轉為正式報名：", zh_event, people_zh),
              absl::StrCat("Moved off the waitlist: ", en_event, people_en)};
    case FrontDeskAction::kEventCancelled:
      if (e.Cancelled()) {
        return {absl::StrCat("活動取消", zh_event, "，原因：", e.cancel_reason),
                absl::StrCat("The event was called off: ", en_event,
                             ". Reason: ", e.cancel_reason)};
      }
      return {absl::StrCat("取消報名", zh_event),
              absl::StrCat("Cancelled the registration for ", en_event)};
    case FrontDeskAction::kEventAttended:
      return {absl::StrCat("出席", zh_event, "，", r.attended_people, " 人"),
              absl::StrCat("Attended ", en_event, ", ", r.attended_people,
                           r.attended_people == 1 ? " person" : " people")};
    case FrontDeskAction::kEventNoShow:
      return {absl::StrCat("未出席", zh_event),
              absl::StrCat("Did not attend ", en_event)};
    default:
      return {absl::StrCat("報名", zh_event, people_zh),
              absl::StrCat("Registered for ", en_event, people_en)};
  }
}

FrontDeskAction RegistrationHistoryAction(RegistrationState state) {
  switch (state) {
    case RS::kRegistered:
      return FrontDeskAction::kEventRegistered;
    case RS::kWaitlisted:
      return FrontDeskAction::kEventWaitlisted;
    case RS::kCancelled:
      return FrontDeskAction::kEventCancelled;
    case RS::kAttended:
      return FrontDeskAction::kEventAttended;
    case RS::kNoShow:
      return FrontDeskAction::kEventNoShow;
  }
  return FrontDeskAction::kEventRegistered;
}

}  // namespace concierge::domain
