#include "server/api/request_convert.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/api/catalog_convert.h"
#include "server/api/convert.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"

namespace concierge::api {
namespace {

constexpr char kHidden[] = "***";

// Optional fields are set only when the value exists: calling mutable_x()
// would make the field present even when empty.
void SetMoney(int64_t minor, const std::string& currency, v1::Money* out) {
  out->set_currency_code(currency);
  out->set_minor_units(minor);
}

}  // namespace

v1::RequestState ToProto(domain::RequestState s) {
  v1::RequestState out = v1::REQUEST_STATE_UNSPECIFIED;
  v1::RequestState_Parse(absl::StrCat("REQUEST_STATE_", domain::Name(s)), &out);
  return out;
}

absl::StatusOr<domain::RequestState> FromProto(absl::string_view field,
                                               v1::RequestState s) {
  const std::string full = v1::RequestState_Name(s);
  if (absl::StartsWith(full, "REQUEST_STATE_")) {
    if (auto state =
            domain::RequestStateFromName(absl::string_view(full).substr(14))) {
      return *state;
    }
  }
  return absl::InvalidArgumentError(absl::StrCat(
      field, ": unknown or unspecified state ", static_cast<int>(s)));
}

absl::StatusOr<domain::RequestChannel> FromProto(absl::string_view field,
                                                 v1::RequestChannel c) {
  const std::string full = v1::RequestChannel_Name(c);
  if (absl::StartsWith(full, "REQUEST_CHANNEL_")) {
    if (auto channel = domain::RequestChannelFromName(
            absl::string_view(full).substr(16))) {
      return *channel;
    }
  }
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": must be PHONE, WALK_IN, APP or PARTNER"));
}

void ToProto(const domain::ServiceRequest& r, domain::Relations viewer,
             absl::Time now, v1::ServiceRequest* out) {
  const bool contact = domain::MaySeeContact(viewer);
  out->set_name(RequestName(r.site_id, r.id));
  out->set_item(ItemName(r.site_id, r.item_id));
  out->mutable_item_title()->set_zh(r.item_title_zh);
  out->mutable_item_title()->set_en(r.item_title_en);
  out->set_fee_kind(ToProto(r.fee_kind));
  out->set_state(ToProto(r.state));
  v1::RequestChannel channel = v1::REQUEST_CHANNEL_UNSPECIFIED;
  v1::RequestChannel_Parse(
      absl::StrCat("REQUEST_CHANNEL_", domain::Name(r.channel)), &channel);
  out->set_channel(channel);
  if (r.household_id != 0) {
    out->set_household(HouseholdName(r.site_id, r.household_id));
  }
  if (r.stay_id != 0) {
    out->set_stay(SiteChildName(r.site_id, "stays", r.stay_id));
  }
  out->set_charged_to_stay(r.consumption_id != 0);
  if (r.resident_id != 0)
    out->set_resident(ResidentName(r.site_id, r.resident_id));
  out->set_contact_name(r.contact_name);
  out->set_unit(contact ? r.unit : kHidden);
  out->set_phone(contact ? r.phone : (r.phone.empty() ? "" : kHidden));
  if (r.window_start) ToProto(*r.window_start, out->mutable_window_start());
  if (r.window_end) ToProto(*r.window_end, out->mutable_window_end());
  out->set_place(r.place);
  out->set_content(r.content);
  out->set_requirements(r.requirements);
  auto* entry = out->mutable_entry_permission();
  entry->set_granted(r.entry_granted);
  entry->set_granted_by(r.entry_granted_by);
  if (r.entry_grant_time)
    ToProto(*r.entry_grant_time, entry->mutable_grant_time());
  out->set_registered_by(ActorName(r.registered_by));
  if (r.agreed_price)
    SetMoney(*r.agreed_price, r.currency, out->mutable_agreed_price());
  if (r.quote) SetMoney(*r.quote, r.currency, out->mutable_quote());
  if (r.proposed_price)
    SetMoney(*r.proposed_price, r.currency, out->mutable_proposed_price());
  out->set_quoted_by(ActorName(r.quoted_by));
  out->set_price_decided_by(ActorName(r.price_decided_by));
  out->set_department(DepartmentName(r.site_id, r.department_id));
  if (r.assignee_id != 0)
    out->set_assignee(StaffName(r.site_id, r.assignee_id));
  if (r.response_due)
    ToProto(*r.response_due, out->mutable_response_due_time());
  if (r.completion_due)
    ToProto(*r.completion_due, out->mutable_completion_due_time());
  out->set_overdue(domain::IsOverdue(r, now));
  out->set_escalation_level(r.escalation_level);
  if (r.start_time) ToProto(*r.start_time, out->mutable_start_time());
  if (r.complete_time) ToProto(*r.complete_time, out->mutable_complete_time());
  out->set_completion_notes(r.completion_notes);
  out->set_minutes_spent(r.minutes_spent);
  for (const domain::MaterialUse& m : r.materials) {
    auto* material = out->add_materials();
    material->mutable_description()->set_zh(m.description_zh);
    material->mutable_description()->set_en(m.description_en);
    material->mutable_cost()->set_currency_code(r.currency);
    material->mutable_cost()->set_minor_units(m.cost_minor);
  }
  out->set_signature_name(r.signature_name);
  if (r.sign_off_time) ToProto(*r.sign_off_time, out->mutable_sign_off_time());
  if (r.settled_amount)
    SetMoney(*r.settled_amount, r.currency, out->mutable_settled_amount());
  out->set_settled_by(ActorName(r.settled_by));
  if (r.settle_time) ToProto(*r.settle_time, out->mutable_settle_time());
  out->set_cancel_reason(r.cancel_reason);
  ToProto(r.create_time, out->mutable_create_time());
  ToProto(r.update_time, out->mutable_update_time());
  out->set_etag(absl::StrCat(r.version));
  out->set_reworks(r.reworks);
}

void ToProto(const domain::RequestEvent& e, v1::RequestEvent* out) {
  out->set_request(RequestName(e.site_id, e.request_id));
  out->set_action(std::string(domain::Name(e.action)));
  if (e.before) out->set_before_state(ToProto(*e.before));
  out->set_after_state(ToProto(e.after));
  out->set_actor(ActorName(e.actor));
  if (auto role = domain::RoleFromName(e.actor_role))
    out->set_actor_role(ToProto(*role));
  out->set_note(e.note);
  ToProto(e.time, out->mutable_event_time());
}

void ToProto(const usecase::PaidRecords& records,
             v1::ListPaidServiceRecordsResponse* response) {
  for (const domain::ServiceRequest& r : records.page.items) {
    v1::PaidServiceRecord* out = response->add_records();
    out->set_request(RequestName(r.site_id, r.id));
    out->set_item(ItemName(r.site_id, r.item_id));
    out->mutable_item_title()->set_zh(r.item_title_zh);
    out->mutable_item_title()->set_en(r.item_title_en);
    if (r.household_id != 0) {
      out->set_household(HouseholdName(r.site_id, r.household_id));
    }
    out->set_contact_name(r.contact_name);
    if (r.quote) {
      ToProto(domain::Money{r.currency, *r.quote}, out->mutable_quote());
    }
    if (r.agreed_price) {
      ToProto(domain::Money{r.currency, *r.agreed_price},
              out->mutable_agreed_price());
    }
    if (r.settled_amount) {
      ToProto(domain::Money{r.currency, *r.settled_amount},
              out->mutable_settled_amount());
    }
    out->set_state(ToProto(r.state));
    out->set_registered_by(ActorName(r.registered_by));
    ToProto(r.create_time, out->mutable_create_time());
    out->set_settled_by(ActorName(r.settled_by));
    if (r.settle_time) ToProto(*r.settle_time, out->mutable_settle_time());
  }
  const store::PaidTotals& totals = records.totals;
  response->set_total_count(static_cast<int32_t>(totals.count));
  ToProto(domain::Money{records.currency, totals.agreed_minor},
          response->mutable_total_agreed());
  ToProto(domain::Money{records.currency, totals.settled_minor},
          response->mutable_total_settled());
}

void ToProto(int64_t site_id, const usecase::RepairHistory& history,
             v1::RepairHistory* response) {
  for (const store::RepairRecord& rec : history.records) {
    v1::RepairRecord* out = response->add_records();
    out->set_request(RequestName(site_id, rec.request_id));
    out->mutable_item_title()->set_zh(rec.item_title_zh);
    out->mutable_item_title()->set_en(rec.item_title_en);
    ToProto(rec.complete_time, out->mutable_complete_time());
    out->set_notes(rec.notes);
    out->set_minutes_spent(rec.minutes_spent);
    out->set_done_by(ActorName(rec.done_by));
    for (const domain::MaterialUse& m : rec.materials) {
      v1::Material* material = out->add_materials();
      material->mutable_description()->set_zh(m.description_zh);
      material->mutable_description()->set_en(m.description_en);
      ToProto(domain::Money{history.currency, m.cost_minor},
              material->mutable_cost());
    }
  }
}

// --- CreateServiceRequest and ListServiceRequests, parsed ---------------

namespace {

// The appointment filter's explicit bounds, if any.
absl::StatusOr<std::optional<store::RequestFilter::Range>> AppointmentRange(
    const v1::ListServiceRequestsRequest& request) {
  const bool by_time = request.has_appointment_start_time() ||
                       request.has_appointment_end_time();
  if (by_time && !request.appointment_date().empty()) {
    return absl::InvalidArgumentError(
        "appointment_date: not with appointment_start_time or "
        "appointment_end_time");
  }
  if (!by_time) return std::nullopt;
  store::RequestFilter::Range range;
  if (request.has_appointment_start_time()) {
    CONCIERGE_ASSIGN_OR_RETURN(
        range.start,
        FromProto("appointment_start_time", request.appointment_start_time()));
  }
  if (request.has_appointment_end_time()) {
    CONCIERGE_ASSIGN_OR_RETURN(
        range.end,
        FromProto("appointment_end_time", request.appointment_end_time()));
  }
  if (range.start && range.end && *range.end <= *range.start) {
    return absl::InvalidArgumentError(
        "appointment_end_time: must be after appointment_start_time");
  }
  return range;
}

// Who books for which household, through which channel, and which item.
// A hotel's request: the stay as named, or the room (the use case finds
// the open stay); a guest's room credential names its own stay.
absl::Status ParseStay(const domain::Principal& p, const v1::ServiceRequest& in,
                       usecase::NewRequest* out) {
  if (p.role == domain::Role::kGuest) {
    out->stay_id = p.stay_id;
    if (!in.stay().empty() &&
        in.stay() != SiteChildName(out->site_id, "stays", p.stay_id)) {
      return absl::PermissionDeniedError(
          "a room's code asks for that room's own stay only");
    }
    if (!in.room_number().empty()) {
      return absl::PermissionDeniedError(
          "request.room_number: a room's code asks for its own room only");
    }
    return absl::OkStatus();
  }
  if (!in.stay().empty()) {
    CONCIERGE_ASSIGN_OR_RETURN(
        auto stay, ParseSiteChild("request.stay", in.stay(), "stays"));
    if (stay[0] != out->site_id) {
      return absl::InvalidArgumentError(
          "request.stay: must be a stay of the parent site");
    }
    out->stay_id = stay[1];
  }
  out->room_number = in.room_number();
  if (out->room_number.size() > 16) {
    return absl::InvalidArgumentError(
        "request.room_number: at most 16 characters");
  }
  return absl::OkStatus();
}

// The channel: the app for residents and guests, the partner's own, or
// what staff took it by.
absl::Status ParseChannel(const domain::Principal& p,
                          const v1::ServiceRequest& in,
                          usecase::NewRequest* out) {
  if (p.role == domain::Role::kResident) {
    out->channel = domain::RequestChannel::kApp;
    return absl::OkStatus();
  }
  if (p.role == domain::Role::kPartner) {
    out->channel = domain::RequestChannel::kPartner;
    return absl::OkStatus();
  }
  if (p.role == domain::Role::kGuest) {
    out->channel = domain::RequestChannel::kApp;
    return absl::OkStatus();
  }
  CONCIERGE_ASSIGN_OR_RETURN(out->channel,
                             FromProto("request.channel", in.channel()));
  if (out->channel != domain::RequestChannel::kPhone &&
      out->channel != domain::RequestChannel::kWalkIn) {
    return absl::InvalidArgumentError(
        "request.channel: staff register requests taken by PHONE or WALK_IN");
  }
  return absl::OkStatus();
}

// A community's request: the household as named (residents: their own)
// and the resident, when one is named.
absl::Status ParseHousehold(const domain::Principal& p,
                            const v1::ServiceRequest& in,
                            usecase::NewRequest* out) {
  if (p.role == domain::Role::kResident) {
    out->household_id = p.household_id;
    out->resident_id = p.id;
    if (!in.household().empty() &&
        in.household() != HouseholdName(out->site_id, out->household_id)) {
      return absl::PermissionDeniedError(
          "residents book for their own household only");
    }
    return absl::OkStatus();
  }
  if (!in.household().empty()) {
    CONCIERGE_ASSIGN_OR_RETURN(
        auto h,
        ParseSiteChild("request.household", in.household(), "households"));
    if (h[0] != out->site_id) {
      return absl::InvalidArgumentError(
          "request.household: must be a household of the parent site");
    }
    out->household_id = h[1];
  }
  if (!in.resident().empty()) {
    CONCIERGE_ASSIGN_OR_RETURN(
        auto rid,
        ParseSiteChild("request.resident", in.resident(), "residents"));
    out->resident_id = rid[1];
  }
  return absl::OkStatus();
}

// Who the request is for, as sent. Which of household and stay a site
// takes, and that one is given, is the use case's rule (it knows the
// site's kind: request_registration.cc).
absl::Status ParseBooker(const Call& call, const v1::ServiceRequest& in,
                         usecase::NewRequest* out) {
  const domain::Principal& p = call.principal;
  CONCIERGE_RETURN_IF_ERROR(ParseHousehold(p, in, out));
  CONCIERGE_RETURN_IF_ERROR(ParseStay(p, in, out));
  return ParseChannel(p, in, out);
}

// What the caller wrote about the work.
absl::Status ParseDetails(const v1::ServiceRequest& in,
                          domain::ServiceRequest* d) {
  d->contact_name = in.contact_name();
  d->phone = in.phone();
  if (in.has_window_start()) {
    CONCIERGE_ASSIGN_OR_RETURN(
        d->window_start, FromProto("request.window_start", in.window_start()));
  }
  if (in.has_window_end()) {
    CONCIERGE_ASSIGN_OR_RETURN(
        d->window_end, FromProto("request.window_end", in.window_end()));
  }
  d->place = in.place();
  d->content = in.content();
  d->requirements = in.requirements();
  if (in.entry_permission().granted()) {
    d->entry_granted = true;
    d->entry_granted_by = in.entry_permission().granted_by();
    if (in.entry_permission().has_grant_time()) {
      CONCIERGE_ASSIGN_OR_RETURN(
          d->entry_grant_time, FromProto("request.entry_permission.grant_time",
                                         in.entry_permission().grant_time()));
    }
  }
  return absl::OkStatus();
}

}  // namespace

// The list's filters as sent (names parsed; checked by the use case).
absl::StatusOr<usecase::RequestQuery> QueryFrom(
    const Call& call, const v1::ListServiceRequestsRequest& request) {
  usecase::RequestQuery query;
  store::RequestFilter& filter = query.filter;
  filter.now = call.now;
  filter.overdue_only = request.overdue_only();
  for (int s : request.states()) {
    CONCIERGE_ASSIGN_OR_RETURN(domain::RequestState state,
                               FromProto("states", v1::RequestState(s)));
    filter.states.push_back(state);
  }
  if (request.assignee() == "me") {
    filter.assignee_id = call.principal.kind == domain::PrincipalKind::kStaff
                             ? call.principal.id
                             : -1;
  } else if (!request.assignee().empty()) {
    CONCIERGE_ASSIGN_OR_RETURN(
        auto ids, ParseSiteChild("assignee", request.assignee(), "staff"));
    filter.assignee_id = ids[1];
  }
  if (!request.household().empty()) {
    CONCIERGE_ASSIGN_OR_RETURN(
        auto ids,
        ParseSiteChild("household", request.household(), "households"));
    filter.household_id = ids[1];
  }
  if (!request.item().empty()) {
    CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                               ParseSiteChild("item", request.item(), "items"));
    filter.item_id = ids[1];
  }
  if (!request.stay().empty()) {
    CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                               ParseSiteChild("stay", request.stay(), "stays"));
    filter.stay_id = ids[1];
  }
  CONCIERGE_ASSIGN_OR_RETURN(filter.appointment, AppointmentRange(request));
  if (!request.department().empty()) {
    CONCIERGE_ASSIGN_OR_RETURN(
        query.department,
        ParseSiteChild("department", request.department(), "departments"));
  }
  query.appointment_date = request.appointment_date();
  return query;
}

absl::StatusOr<usecase::NewRequest> NewRequestFrom(
    const Call& call, int64_t site_id,
    const v1::CreateServiceRequestRequest& request) {
  usecase::NewRequest out;
  out.site_id = site_id;
  const v1::ServiceRequest& in = request.request();
  CONCIERGE_RETURN_IF_ERROR(ParseBooker(call, in, &out));
  if (in.item().empty()) {
    return absl::InvalidArgumentError("request.item: is required");
  }
  CONCIERGE_ASSIGN_OR_RETURN(
      auto item, ParseSiteChild("request.item", in.item(), "items"));
  if (item[0] != site_id) {
    return absl::InvalidArgumentError(
        "request.item: must be an item of the parent site");
  }
  out.item_id = item[1];
  CONCIERGE_RETURN_IF_ERROR(ParseDetails(in, &out.details));
  out.complete_at_desk = request.complete_at_desk();
  if (in.fee_kind() != v1::FEE_KIND_UNSPECIFIED) {
    CONCIERGE_ASSIGN_OR_RETURN(out.desk_fee,
                               FromProto("request.fee_kind", in.fee_kind()));
  }
  out.key = CreateKeyFor(call, request, request.request_id());
  out.correlation_id = std::string(CurrentRequestId());
  return out;
}

}  // namespace concierge::api
