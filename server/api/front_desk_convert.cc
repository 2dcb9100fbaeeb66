#include "server/api/front_desk_convert.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/api/catalog_convert.h"
#include "server/api/convert.h"
#include "server/common/resource_names.h"

namespace concierge::api {
std::string ParcelName(int64_t site_id, int64_t id) {
  return SiteChildName(site_id, "parcels", id);
}
std::string CustodyName(int64_t site_id, int64_t id) {
  return SiteChildName(site_id, "custody", id);
}
std::string LendableName(int64_t site_id, int64_t id) {
  return SiteChildName(site_id, "lendables", id);
}
std::string LoanName(int64_t site_id, int64_t id) {
  return SiteChildName(site_id, "loans", id);
}
std::string MessageName(int64_t site_id, int64_t id) {
  return SiteChildName(site_id, "messages", id);
}
std::string EventName(int64_t site_id, int64_t id) {
  return SiteChildName(site_id, "events", id);
}
std::string RegistrationName(int64_t site_id, int64_t event_id, int64_t id) {
  return absl::StrCat(EventName(site_id, event_id), "/registrations/", id);
}

absl::StatusOr<domain::ParcelKind> FromProto(absl::string_view field,
                                             v1::ParcelKind v) {
  return ByName<domain::ParcelKind>(
      field, v, [](v1::ParcelKind e) { return v1::ParcelKind_Name(e); },
      "PARCEL_KIND_", domain::ParcelKindFromName);
}
absl::StatusOr<domain::ParcelState> FromProto(absl::string_view field,
                                              v1::ParcelState v) {
  return ByName<domain::ParcelState>(
      field, v, [](v1::ParcelState e) { return v1::ParcelState_Name(e); },
      "PARCEL_STATE_", domain::ParcelStateFromName);
}
absl::StatusOr<domain::CustodyState> FromProto(absl::string_view field,
                                               v1::CustodyState v) {
  return ByName<domain::CustodyState>(
      field, v, [](v1::CustodyState e) { return v1::CustodyState_Name(e); },
      "CUSTODY_STATE_", domain::CustodyStateFromName);
}
absl::StatusOr<domain::LoanState> FromProto(absl::string_view field,
                                            v1::LoanState v) {
  return ByName<domain::LoanState>(
      field, v, [](v1::LoanState e) { return v1::LoanState_Name(e); },
      "LOAN_STATE_", domain::LoanStateFromName);
}
absl::StatusOr<domain::MessageChannel> FromProto(absl::string_view field,
                                                 v1::MessageChannel v) {
  return ByName<domain::MessageChannel>(
      field, v, [](v1::MessageChannel e) { return v1::MessageChannel_Name(e); },
      "MESSAGE_CHANNEL_", domain::MessageChannelFromName);
}

void ToProto(const domain::Parcel& p, v1::Parcel* out) {
  out->set_name(ParcelName(p.site_id, p.id));
  out->set_household(HouseholdName(p.site_id, p.household_id));
  out->set_kind(ToProtoByName<v1::ParcelKind>(
      "PARCEL_KIND_", domain::Name(p.kind), v1::ParcelKind_Parse));
  out->set_carrier(p.carrier);
  out->set_tracking_number(p.tracking_number);
  out->set_shelf(p.shelf);
  out->set_photo_ref(p.photo_ref);
  out->set_note(p.note);
  out->set_state(ToProtoByName<v1::ParcelState>(
      "PARCEL_STATE_", domain::Name(p.state), v1::ParcelState_Parse));
  out->set_logged_by(p.logged_by);
  ToProto(p.log_time, out->mutable_log_time());
  out->set_collected_by(p.collected_by);
  out->set_signature_name(p.signature_name);
  out->set_handed_over_by(p.handed_over_by);
  if (p.collect_time) ToProto(*p.collect_time, out->mutable_collect_time());
}

void ToProto(const domain::CustodyRecord& r, v1::CustodyRecord* out) {
  out->set_name(CustodyName(r.site_id, r.id));
  out->set_household(HouseholdName(r.site_id, r.household_id));
  out->set_description(r.description);
  out->set_receipt_number(r.receipt_number);
  out->set_deposited_by(r.deposited_by);
  out->set_received_by(r.received_by);
  ToProto(r.deposit_time, out->mutable_deposit_time());
  out->set_state(ToProtoByName<v1::CustodyState>(
      "CUSTODY_STATE_", domain::Name(r.state), v1::CustodyState_Parse));
  out->set_collected_by(r.collected_by);
  out->set_handed_over_by(r.handed_over_by);
  if (r.return_time) ToProto(*r.return_time, out->mutable_return_time());
  out->set_note(r.note);
}

void ToProto(const domain::LendableItem& l, v1::LendableItem* out) {
  out->set_name(LendableName(l.site_id, l.id));
  out->mutable_display_name()->set_zh(l.name_zh);
  out->mutable_display_name()->set_en(l.name_en);
  if (l.item_id != 0) out->set_item(ItemName(l.site_id, l.item_id));
  out->set_total_count(l.total_count);
  out->set_available_count(l.available_count);
  if (l.next_due_time) ToProto(*l.next_due_time, out->mutable_next_due_time());
  out->set_created_by(l.created_by);
  ToProto(l.create_time, out->mutable_create_time());
  out->set_stock_changed_by(l.stock_changed_by);
  if (l.stock_change_time) {
    ToProto(*l.stock_change_time, out->mutable_stock_change_time());
  }
  out->set_stock_change_reason(l.stock_change_reason);
}

void ToProto(const domain::Loan& o, absl::Time now, v1::Loan* out) {
  out->set_name(LoanName(o.site_id, o.id));
  out->set_lendable(LendableName(o.site_id, o.lendable_id));
  out->mutable_lendable_display_name()->set_zh(o.lendable_name_zh);
  out->mutable_lendable_display_name()->set_en(o.lendable_name_en);
  out->set_household(HouseholdName(o.site_id, o.household_id));
  out->set_borrower(o.borrower);
  ToProto(o.due_time, out->mutable_due_time());
  out->set_state(ToProtoByName<v1::LoanState>(
      "LOAN_STATE_", domain::Name(o.state), v1::LoanState_Parse));
  out->set_overdue(domain::IsOverdue(o, now));
  out->set_lent_by(o.lent_by);
  ToProto(o.lend_time, out->mutable_lend_time());
  out->set_received_by(o.received_by);
  if (o.return_time) ToProto(*o.return_time, out->mutable_return_time());
}

void ToProto(const domain::VisitorMessage& m, v1::VisitorMessage* out) {
  out->set_name(MessageName(m.site_id, m.id));
  out->set_household(HouseholdName(m.site_id, m.household_id));
  out->set_from_name(m.from_name);
  out->set_from_phone(m.from_phone);
  out->set_text(m.text);
  out->set_channel(ToProtoByName<v1::MessageChannel>(
      "MESSAGE_CHANNEL_", domain::Name(m.channel), v1::MessageChannel_Parse));
  out->set_state(ToProtoByName<v1::MessageState>(
      "MESSAGE_STATE_", domain::Name(m.state), v1::MessageState_Parse));
  out->set_left_by(m.left_by);
  ToProto(m.leave_time, out->mutable_leave_time());
  out->set_acknowledged_by(m.acknowledged_by);
  if (m.acknowledge_time) {
    ToProto(*m.acknowledge_time, out->mutable_acknowledge_time());
  }
}

void ToProto(const domain::CommunityEvent& e, v1::CommunityEvent* out) {
  out->set_name(EventName(e.site_id, e.id));
  out->set_item(ItemName(e.site_id, e.item_id));
  out->set_item_code(e.item_code);
  out->mutable_title()->set_zh(e.title_zh);
  out->mutable_title()->set_en(e.title_en);
  out->mutable_description()->set_zh(e.description_zh);
  out->mutable_description()->set_en(e.description_en);
  ToProto(e.start_time, out->mutable_start_time());
  ToProto(e.end_time, out->mutable_end_time());
  out->mutable_place()->set_zh(e.place_zh);
  out->mutable_place()->set_en(e.place_en);
  out->set_capacity(e.capacity);
  ToProto(e.registration_deadline, out->mutable_registration_deadline());
  out->set_asks_what_to_repair(e.AsksWhatToRepair());
  out->set_registered_households(e.registered_households);
  out->set_registered_people(e.registered_people);
  out->set_places_left(e.PlacesLeft());
  out->set_waitlisted_households(e.waitlisted_households);
  out->set_attended_people(e.attended_people);
  out->set_created_by(e.created_by);
  ToProto(e.create_time, out->mutable_create_time());
  out->set_cancelled_by(e.cancelled_by);
  if (e.cancel_time) ToProto(*e.cancel_time, out->mutable_cancel_time());
  out->set_cancel_reason(e.cancel_reason);
}

void ToProto(const domain::EventRegistration& r, v1::EventRegistration* out) {
  out->set_name(RegistrationName(r.site_id, r.event_id, r.id));
  out->set_household(HouseholdName(r.site_id, r.household_id));
  out->set_party_size(r.party_size);
  out->set_details(r.details);
  out->set_state(ToProtoByName<v1::EventRegistrationState>(
      "EVENT_REGISTRATION_STATE_", domain::Name(r.state),
      v1::EventRegistrationState_Parse));
  out->set_waitlist_position(r.waitlist_position);
  out->set_registered_by(r.registered_by);
  ToProto(r.register_time, out->mutable_register_time());
  if (r.promote_time) ToProto(*r.promote_time, out->mutable_promote_time());
  out->set_cancelled_by(r.cancelled_by);
  if (r.cancel_time) ToProto(*r.cancel_time, out->mutable_cancel_time());
  out->set_attended_people(r.attended_people);
  out->set_attendance_recorded_by(r.attendance_recorded_by);
  if (r.attendance_time) {
    ToProto(*r.attendance_time, out->mutable_attendance_time());
  }
}

void ToProto(const domain::HistoryEntry& h, v1::HouseholdHistoryEntry* out) {
  out->set_household(HouseholdName(h.site_id, h.household_id));
  out->set_action(ToProtoByName<v1::FrontDeskAction>(
      "FRONT_DESK_ACTION_", domain::Name(h.action), v1::FrontDeskAction_Parse));
  out->set_subject(h.subject);
  out->mutable_summary()->set_zh(h.summary.zh);
  out->mutable_summary()->set_en(h.summary.en);
  out->set_actor(h.actor);
  ToProto(h.time, out->mutable_time());
}

}  // namespace concierge::api
