#include "server/domain/requests.h"

#include <array>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"

namespace concierge::domain {
namespace {

using S = RequestState;
using A = RequestAction;
using R = Relation;

constexpr std::array<std::pair<S, absl::string_view>, 11> kStateNames = {{
    {S::kAwaitingQuote, "AWAITING_QUOTE"},
    {S::kQuoted, "QUOTED"},
    {S::kDisputed, "DISPUTED"},
    {S::kPriceProposed, "PRICE_PROPOSED"},
    {S::kDispatched, "DISPATCHED"},
    {S::kAssigned, "ASSIGNED"},
    {S::kInProgress, "IN_PROGRESS"},
    {S::kCompleted, "COMPLETED"},
    {S::kSignedOff, "SIGNED_OFF"},
    {S::kSettled, "SETTLED"},
    {S::kCancelled, "CANCELLED"},
}};

constexpr std::array<std::pair<A, absl::string_view>, 16> kActionNames = {{
    {A::kRegister, "REGISTER"},
    {A::kQuote, "QUOTE"},
    {A::kAcceptQuote, "ACCEPT_QUOTE"},
    {A::kDisputeQuote, "DISPUTE_QUOTE"},
    {A::kProposePrice, "PROPOSE_PRICE"},
    {A::kDecidePrice, "DECIDE_PRICE"},
    {A::kDispatch, "DISPATCH"},
    {A::kAssign, "ASSIGN"},
    {A::kStart, "START"},
    {A::kComplete, "COMPLETE"},
    {A::kSignOff, "SIGN_OFF"},
    {A::kSettle, "SETTLE"},
    {A::kCancel, "CANCEL"},
    {A::kEscalate, "ESCALATE"},
    {A::kDeclareFree, "DECLARE_FREE"},
    {A::kDeclineSignOff, "DECLINE_SIGN_OFF"},
}};

constexpr std::array<std::pair<RequestChannel, absl::string_view>, 4>
    kChannelNames = {{{RequestChannel::kPhone, "PHONE"},
                      {RequestChannel::kWalkIn, "WALK_IN"},
                      {RequestChannel::kApp, "APP"},
                      {RequestChannel::kPartner, "PARTNER"}}};

// Who may make each move, by their relation to the request.
constexpr Relations kDesk{R::kReception, R::kManager};
constexpr Relations kQuoters{R::kReception, R::kDeptSupervisor, R::kManager};
constexpr Relations kResidentSide{R::kResident, R::kReception};
constexpr Relations kSupervisors{R::kDeptSupervisor, R::kManager};
constexpr Relations kWorkers{R::kAssignee, R::kDeptSupervisor};
constexpr Relations kSigners{R::kResident, R::kReception, R::kDeptSupervisor,
                             R::kAssignee};
constexpr Relations kEarlyCancellers{
    R::kResident, R::kReception, R::kDeptSupervisor, R::kManager, R::kPartner};
constexpr Relations kLateCancellers{R::kReception, R::kDeptSupervisor,
                                    R::kManager};
// The resident declines in the app, or staff record a refusal on paper.
constexpr Relations kDecliners{R::kResident, R::kReception, R::kDeptSupervisor};

struct Transition {
  S from;
  A action;
  S to;
  Relations who;
};

// THE request state machine. A move not listed here does not exist.
constexpr std::array<Transition, 33> kTransitions = {{
    {S::kAwaitingQuote, A::kQuote, S::kQuoted, kQuoters},
    // A case-by-case request the desk decides is free (DeclareFree).
    {S::kAwaitingQuote, A::kDeclareFree, S::kDispatched, kDesk},
    {S::kQuoted, A::kQuote, S::kQuoted, kQuoters},  // a revised estimate
    {S::kQuoted, A::kAcceptQuote, S::kDispatched, kResidentSide},
    {S::kQuoted, A::kDisputeQuote, S::kDisputed, kResidentSide},
    // A posted FIXED price negotiated before work starts
    // (CheckPriceDisputable).
    {S::kDispatched, A::kDisputeQuote, S::kDisputed, kResidentSide},
    {S::kAssigned, A::kDisputeQuote, S::kDisputed, kResidentSide},
    {S::kDisputed, A::kProposePrice, S::kPriceProposed, {R::kDeptSupervisor}},
    {S::kPriceProposed,
     A::kProposePrice,
     S::kPriceProposed,
     {R::kDeptSupervisor}},
    {S::kDisputed, A::kDecidePrice, S::kDispatched, {R::kManager}},
    {S::kPriceProposed, A::kDecidePrice, S::kDispatched, {R::kManager}},
    {S::kDispatched, A::kDispatch, S::kDispatched, kDesk},  // re-route
    {S::kAssigned, A::kDispatch, S::kDispatched, kDesk},
    {S::kDispatched, A::kAssign, S::kAssigned, kSupervisors},
    {S::kAssigned, A::kAssign, S::kAssigned, kSupervisors},  // re-assign
    {S::kAssigned, A::kStart, S::kInProgress, kWorkers},
    {S::kInProgress, A::kComplete, S::kCompleted, kWorkers},
    {S::kCompleted, A::kSignOff, S::kSignedOff, kSigners},
    // Inspection failed: back to the assignee for rework.
    {S::kCompleted, A::kDeclineSignOff, S::kAssigned, kDecliners},
    {S::kSignedOff, A::kSettle, S::kSettled, {R::kFinance}},
    {S::kAwaitingQuote, A::kCancel, S::kCancelled, kEarlyCancellers},
    {S::kQuoted, A::kCancel, S::kCancelled, kEarlyCancellers},
    {S::kDisputed, A::kCancel, S::kCancelled, kEarlyCancellers},
    {S::kPriceProposed, A::kCancel, S::kCancelled, kEarlyCancellers},
    {S::kDispatched, A::kCancel, S::kCancelled, kEarlyCancellers},
    {S::kAssigned, A::kCancel, S::kCancelled, kEarlyCancellers},
    {S::kInProgress, A::kCancel, S::kCancelled, kLateCancellers},
    // Escalation records who must act; the state does not change.
    {S::kAwaitingQuote, A::kEscalate, S::kAwaitingQuote, {R::kSystem}},
    {S::kDisputed, A::kEscalate, S::kDisputed, {R::kSystem}},
    {S::kPriceProposed, A::kEscalate, S::kPriceProposed, {R::kSystem}},
    {S::kDispatched, A::kEscalate, S::kDispatched, {R::kSystem}},
    {S::kAssigned, A::kEscalate, S::kAssigned, {R::kSystem}},
    {S::kInProgress, A::kEscalate, S::kInProgress, {R::kSystem}},
}};

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

bool IsOpen(S s) {
  return s != S::kCompleted && s != S::kSignedOff && s != S::kSettled &&
         s != S::kCancelled;
}

// States in which the service center, not the resident, must act.
bool CenterMustAct(S s) { return IsOpen(s) && s != S::kQuoted; }

bool BeforeWorkStarts(S s) { return s != S::kInProgress && IsOpen(s); }

std::string Amount(int64_t minor, const std::string& currency, Lang lang) {
  const std::string number =
      absl::StrFormat("%d.%02d", minor / 100, minor % 100);
  if (currency == "CNY") {
    return lang == Lang::kZh ? absl::StrCat("人民幣", number, "元")
                             : absl::StrCat("CNY ", number);
  }
  return absl::StrCat(currency, " ", number);
}

}  // namespace

absl::string_view Name(RequestState s) { return NameOf(kStateNames, s); }
absl::string_view Name(RequestAction a) { return NameOf(kActionNames, a); }
absl::string_view Name(RequestChannel c) { return NameOf(kChannelNames, c); }
std::optional<RequestState> RequestStateFromName(absl::string_view name) {
  return FromName(kStateNames, name);
}
std::optional<RequestAction> RequestActionFromName(absl::string_view name) {
  return FromName(kActionNames, name);
}
std::optional<RequestChannel> RequestChannelFromName(absl::string_view name) {
  return FromName(kChannelNames, name);
}

absl::Status CheckMayRegister(bool hotel, Role role) {
  bool allowed = false;
  switch (role) {
    case Role::kManager:
    case Role::kReception:
    case Role::kPartner:
      allowed = true;
      break;
    case Role::kGroupAdmin:
    case Role::kAdmin:
    case Role::kSupervisor:
    case Role::kStaff:
    case Role::kFinance:
    case Role::kGuest:
      allowed = hotel;
      break;
    case Role::kResident:
      allowed = !hotel;
      break;
  }
  if (allowed) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat(
      "role ", RoleName(role), " does not register requests at a ",
      hotel ? "hotel" : "residential site; the service center's desk does"));
}

absl::Status CheckBookable(const ServiceItem& item) {
  if (item.state != ItemState::kPublished) {
    return absl::FailedPreconditionError(
        absl::StrCat("request.item: ", item.code, " is ", Name(item.state),
                     "; only published items can be booked"));
  }
  if (item.fulfilment == Fulfilment::kRecurringEvent ||
      item.fulfilment == Fulfilment::kStanding) {
    return absl::FailedPreconditionError(absl::StrCat(
        "request.item: ", item.code, " is ", Name(item.fulfilment),
        " and is not booked per request (events are registered for; standing "
        "services are always on)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<RegisteredFee> InitialFee(const ServiceItem& item,
                                         bool complete_at_desk,
                                         std::optional<FeeKind> desk_fee) {
  RegisteredFee fee{item.fee_kind, S::kDispatched};
  if (item.fee_kind == FeeKind::kCaseByCase) {
    if (desk_fee && *desk_fee != FeeKind::kFree &&
        *desk_fee != FeeKind::kQuoted) {
      return absl::InvalidArgumentError(
          absl::StrCat("request.fee_kind: ", item.code,
                       " is decided case by case: FREE or QUOTED"));
    }
    if (desk_fee) fee.fee_kind = *desk_fee;
  } else if (desk_fee && *desk_fee != item.fee_kind) {
    return absl::InvalidArgumentError(absl::StrCat(
        "request.fee_kind: ", item.code, " is ", Name(item.fee_kind),
        "; only a case-by-case item's fee is decided at registration"));
  }
  const bool needs_quote =
      fee.fee_kind == FeeKind::kQuoted || fee.fee_kind == FeeKind::kCaseByCase;
  if (complete_at_desk) {
    if (item.fulfilment != Fulfilment::kImmediate) {
      return absl::FailedPreconditionError(absl::StrCat(
          "complete_at_desk: ", item.code, " is not an IMMEDIATE item"));
    }
    if (needs_quote) {
      return absl::FailedPreconditionError(
          "complete_at_desk: a request that waits for a quote or for the "
          "desk's decision on its fee cannot be completed at once");
    }
    fee.state = S::kCompleted;
    return fee;
  }
  fee.state = needs_quote ? S::kAwaitingQuote : S::kDispatched;
  return fee;
}

absl::StatusOr<RequestState> Decide(RequestState from, RequestAction action,
                                    Relations who) {
  bool ever_allowed = false;
  for (const Transition& t : kTransitions) {
    if (t.action != action || !t.who.Intersects(who)) continue;
    if (t.from == from) return t.to;
    ever_allowed = true;
  }
  if (!ever_allowed) {
    return absl::PermissionDeniedError(
        absl::StrCat("the caller may not ", Name(action),
                     " this request (wrong role, department or household)"));
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "request is ", Name(from), " and cannot take ", Name(action), " now"));
}

absl::Status ValidateRegistration(const ServiceRequest& r) {
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("request.contact_name", r.contact_name, kRequiredName));
  CONCIERGE_RETURN_IF_ERROR(ValidatePhone("request.phone", r.phone, false));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("request.place", r.place, kOptionalName));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("request.content", r.content, kOptionalNote));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("request.requirements", r.requirements, kOptionalNote));
  if (r.window_start && r.window_end && *r.window_end <= *r.window_start) {
    return absl::InvalidArgumentError(
        "request.window_end: must be after request.window_start");
  }
  if (r.entry_granted) {
    CONCIERGE_RETURN_IF_ERROR(
        ValidateText("request.entry_permission.granted_by", r.entry_granted_by,
                     kRequiredName));
  }
  return absl::OkStatus();
}

absl::Time ClockStart(const ServiceRequest& r) {
  return r.window_start.value_or(r.create_time);
}

void SetDueTimes(const ServiceItem& item, ServiceRequest* r) {
  r->response_due.reset();
  r->completion_due.reset();
  const bool has_target = item.completion_target > absl::ZeroDuration();
  if (r->window_start) {
    r->response_due = *r->window_start;
    if (has_target)
      r->completion_due = *r->window_start + item.completion_target;
    if (r->window_end &&
        (!r->completion_due || *r->window_end > *r->completion_due)) {
      r->completion_due = *r->window_end;
    }
    return;
  }
  if (item.response_target > absl::ZeroDuration()) {
    r->response_due = r->create_time + item.response_target;
  }
  if (has_target) r->completion_due = r->create_time + item.completion_target;
}

std::optional<absl::Time> OverdueAt(const ServiceRequest& r) {
  if (!CenterMustAct(r.state)) return std::nullopt;
  std::optional<absl::Time> at;
  if (BeforeWorkStarts(r.state)) at = r.response_due;
  if (r.completion_due && (!at || *r.completion_due < *at)) {
    at = r.completion_due;
  }
  return at;
}

bool IsOverdue(const ServiceRequest& r, absl::Time now) {
  const std::optional<absl::Time> at = OverdueAt(r);
  return at && *at < now;
}

int32_t EscalationLevelDue(const ServiceRequest& r, absl::Time now) {
  const std::optional<absl::Time> at = OverdueAt(r);
  if (!at || !(*at < now)) return r.escalation_level;
  int32_t level = 1;
  absl::Duration grace = absl::Hours(1);
  if (r.completion_due) {
    grace = std::max(grace, (*r.completion_due - ClockStart(r)) / 2);
  }
  if (now > *at + grace) level = 2;
  return std::max(level, r.escalation_level);
}

absl::Status CheckPriceDisputable(const ServiceRequest& r) {
  if (r.state == S::kQuoted) return absl::OkStatus();
  if (r.fee_kind != FeeKind::kFixed) {
    return absl::FailedPreconditionError(absl::StrCat(
        "request is ", Name(r.state), " and ", Name(r.fee_kind),
        ": only a quote, or a posted FIXED price before work starts, can be "
        "disputed"));
  }
  if (!r.price_decided_by.empty()) {
    return absl::FailedPreconditionError(
        "the manager already decided this request's price");
  }
  return absl::OkStatus();
}

absl::Status DeclareFree(ServiceRequest* r) {
  if (r->fee_kind != FeeKind::kCaseByCase) {
    return absl::FailedPreconditionError(absl::StrCat(
        "free: the request is ", Name(r->fee_kind),
        "; only a case-by-case request's fee is decided by the desk"));
  }
  r->fee_kind = FeeKind::kFree;
  return absl::OkStatus();
}

void RecordQuote(ServiceRequest* r, int64_t estimate_minor,
                 const std::string& quoted_by) {
  if (r->fee_kind == FeeKind::kCaseByCase) r->fee_kind = FeeKind::kQuoted;
  r->quote = estimate_minor;
  r->quoted_by = quoted_by;
}

void RecordPriceDecision(ServiceRequest* r, int64_t price_minor,
                         const std::string& decided_by) {
  r->agreed_price = price_minor;
  r->price_decided_by = decided_by;
  r->assignee_id = 0;
}

absl::Status RecordSignOffDeclined(ServiceRequest* r,
                                   absl::string_view reason) {
  if (reason.empty()) {
    return absl::InvalidArgumentError(
        "reason: say what the resident did not accept");
  }
  CONCIERGE_RETURN_IF_ERROR(ValidateText("reason", reason, kOptionalNote));
  r->complete_time.reset();
  ++r->reworks;
  return absl::OkStatus();
}

absl::Status ValidatePriceAmount(absl::string_view field, const Money& amount,
                                 absl::string_view currency) {
  CONCIERGE_RETURN_IF_ERROR(ValidateAmount(field, amount, currency));
  if (amount.minor <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".minor_units: must be positive"));
  }
  return absl::OkStatus();
}

absl::Status CheckSettlement(const ServiceRequest& r, const Money& amount) {
  if (!r.paid() || !r.agreed_price) {
    return absl::FailedPreconditionError(
        "request is a free value-added service; there is nothing to settle");
  }
  if (amount.currency != r.currency || amount.minor != *r.agreed_price) {
    return absl::InvalidArgumentError(
        absl::StrCat("amount: must equal the agreed price ",
                     Amount(*r.agreed_price, r.currency, Lang::kEn),
                     " exactly (no extra fee, no tip)"));
  }
  return absl::OkStatus();
}

absl::Status ValidateCompletion(int32_t minutes,
                                const std::vector<MaterialUse>& materials) {
  if (minutes < 0 || minutes > 10000) {
    return absl::InvalidArgumentError("minutes_spent: must be 0..10000");
  }
  if (materials.size() > 50) {
    return absl::InvalidArgumentError("materials: at most 50");
  }
  for (size_t i = 0; i < materials.size(); ++i) {
    const std::string field = absl::StrCat("materials[", i, "]");
    CONCIERGE_RETURN_IF_ERROR(ValidateText(
        field + ".description.zh", materials[i].description_zh, kOptionalName));
    CONCIERGE_RETURN_IF_ERROR(ValidateText(
        field + ".description.en", materials[i].description_en, kOptionalName));
    if (materials[i].description_zh.empty() &&
        materials[i].description_en.empty()) {
      return absl::InvalidArgumentError(field + ".description: is required");
    }
    if (materials[i].cost_minor < 0 ||
        materials[i].cost_minor > kMaxMinorUnits) {
      return absl::InvalidArgumentError(field + ".cost: out of range");
    }
  }
  return absl::OkStatus();
}

size_t RecordCompletion(ServiceRequest* r, absl::Time now,
                        const std::string& notes, int32_t minutes,
                        const std::vector<MaterialUse>& materials) {
  const size_t first = r->materials.size();
  r->complete_time = now;
  r->completion_notes = notes;
  r->minutes_spent += minutes;
  r->materials.insert(r->materials.end(), materials.begin(), materials.end());
  return first;
}

bool MaySeeContact(Relations who) {
  return who.Intersects({R::kResident, R::kReception, R::kManager,
                         R::kDeptSupervisor, R::kDeptStaff, R::kAssignee});
}

std::string RenderTaskSheet(const ServiceRequest& r,
                            const std::string& site_name,
                            const std::string& assignee_name, Lang lang,
                            const absl::TimeZone& zone) {
  const bool zh = lang == Lang::kZh;
  auto when = [&](std::optional<absl::Time> t) -> std::string {
    return t ? absl::FormatTime("%Y-%m-%d %H:%M", *t, zone) : "";
  };
  std::string out;
  const std::string rule(40, '=');
  absl::StrAppend(&out, rule, "\n", site_name, "\n",
                  zh ? "有償服務任務單" : "PAID-SERVICE TASK SHEET", "\n", rule,
                  "\n");
  auto line = [&](absl::string_view zh_label, absl::string_view en_label,
                  const std::string& value) {
    absl::StrAppend(&out, zh ? zh_label : en_label, zh ? "：" : ": ", value,
                    "\n");
  };
  line("單號", "Request", absl::StrCat(r.id));
  line("服務項目", "Service", zh ? r.item_title_zh : r.item_title_en);
  line("住戶", "Resident", r.contact_name);
  line("住址", "Unit", r.unit);
  line("登記時間", "Registered", when(r.create_time));
  if (r.window_start) {
    line("約定時間", "Agreed time",
         absl::StrCat(when(r.window_start), " - ", when(r.window_end)));
  }
  if (!r.place.empty()) line("地點", "Place", r.place);
  if (!r.content.empty()) line("內容", "Work requested", r.content);
  if (!r.requirements.empty()) line("要求", "Requirements", r.requirements);
  if (r.quote) line("預算", "Estimate", Amount(*r.quote, r.currency, lang));
  line("收費", "Agreed price",
       r.agreed_price ? Amount(*r.agreed_price, r.currency, lang)
                      : (zh ? "無償增值服務" : "free value-added service"));
  line("服務人員", "Done by", assignee_name);
  if (r.complete_time) {
    line("完成時間", "Completed", when(r.complete_time));
    line("完成情況", "Work done", r.completion_notes);
  }
  absl::StrAppend(&out, "\n",
                  zh ? "本服務按標定或約定價格收費，不另收費用，不收小費。"
                     : "Charged at the posted or agreed price only: no extra "
                       "fees, no tips.",
                  "\n\n");
  if (r.sign_off_time) {
    line("住戶驗收簽字", "Resident's signature", r.signature_name);
    line("簽字時間", "Signed", when(r.sign_off_time));
  } else {
    line("住戶驗收簽字", "Resident's signature", "________________");
    line("日期", "Date", "________________");
  }
  absl::StrAppend(&out, rule, "\n");
  return out;
}

}  // namespace concierge::domain
