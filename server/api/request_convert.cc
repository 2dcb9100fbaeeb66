#include "server/api/request_convert.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/api/catalog_convert.h"
#include "server/api/convert.h"
#include "server/common/resource_names.h"

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

std::string RequestName(int64_t site_id, int64_t request_id) {
  return SiteChildName(site_id, "requests", request_id);
}

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
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": unknown or unspecified state ", static_cast<int>(s)));
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
  return absl::InvalidArgumentError(absl::StrCat(
      field, ": must be PHONE, WALK_IN, APP or PARTNER"));
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
  out->set_household(HouseholdName(r.site_id, r.household_id));
  if (r.resident_id != 0) out->set_resident(ResidentName(r.site_id, r.resident_id));
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
  if (r.entry_grant_time) ToProto(*r.entry_grant_time, entry->mutable_grant_time());
  out->set_registered_by(r.registered_by);
  if (r.agreed_price) SetMoney(*r.agreed_price, r.currency, out->mutable_agreed_price());
  if (r.quote) SetMoney(*r.quote, r.currency, out->mutable_quote());
  if (r.proposed_price) SetMoney(*r.proposed_price, r.currency, out->mutable_proposed_price());
  out->set_quoted_by(r.quoted_by);
  out->set_price_decided_by(r.price_decided_by);
  out->set_department(DepartmentName(r.site_id, r.department_id));
  if (r.assignee_id != 0) out->set_assignee(StaffName(r.site_id, r.assignee_id));
  if (r.response_due) ToProto(*r.response_due, out->mutable_response_due_time());
  if (r.completion_due) ToProto(*r.completion_due, out->mutable_completion_due_time());
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
  if (r.settled_amount) SetMoney(*r.settled_amount, r.currency, out->mutable_settled_amount());
  out->set_settled_by(r.settled_by);
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
  out->set_actor(e.actor);
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
    out->set_household(HouseholdName(r.site_id, r.household_id));
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
    out->set_registered_by(r.registered_by);
    ToProto(r.create_time, out->mutable_create_time());
    out->set_settled_by(r.settled_by);
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
    out->set_done_by(rec.done_by);
    for (const domain::MaterialUse& m : rec.materials) {
      v1::Material* material = out->add_materials();
      material->mutable_description()->set_zh(m.description_zh);
      material->mutable_description()->set_en(m.description_en);
      ToProto(domain::Money{history.currency, m.cost_minor},
              material->mutable_cost());
    }
  }
}

}  // namespace concierge::api
