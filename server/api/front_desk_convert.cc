#include "server/api/front_desk_convert.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/api/catalog_convert.h"
#include "server/api/convert.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"

namespace concierge::api {

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
  out->set_logged_by(ActorName(p.logged_by));
  ToProto(p.log_time, out->mutable_log_time());
  out->set_collected_by(p.collected_by);
  out->set_signature_name(p.signature_name);
  out->set_handed_over_by(ActorName(p.handed_over_by));
  if (p.collect_time) ToProto(*p.collect_time, out->mutable_collect_time());
}

void ToProto(const domain::CustodyRecord& r, v1::CustodyRecord* out) {
  out->set_name(CustodyName(r.site_id, r.id));
  out->set_household(HouseholdName(r.site_id, r.household_id));
  out->set_description(r.description);
  out->set_receipt_number(r.receipt_number);
  out->set_deposited_by(ActorName(r.deposited_by));
  out->set_received_by(ActorName(r.received_by));
  ToProto(r.deposit_time, out->mutable_deposit_time());
  out->set_state(ToProtoByName<v1::CustodyState>(
      "CUSTODY_STATE_", domain::Name(r.state), v1::CustodyState_Parse));
  out->set_collected_by(r.collected_by);
  out->set_handed_over_by(ActorName(r.handed_over_by));
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
  out->set_created_by(ActorName(l.created_by));
  ToProto(l.create_time, out->mutable_create_time());
  out->set_stock_changed_by(ActorName(l.stock_changed_by));
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
  out->set_lent_by(ActorName(o.lent_by));
  ToProto(o.lend_time, out->mutable_lend_time());
  out->set_received_by(ActorName(o.received_by));
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
  out->set_left_by(ActorName(m.left_by));
  ToProto(m.leave_time, out->mutable_leave_time());
  out->set_acknowledged_by(ActorName(m.acknowledged_by));
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
  out->set_created_by(ActorName(e.created_by));
  ToProto(e.create_time, out->mutable_create_time());
  out->set_cancelled_by(ActorName(e.cancelled_by));
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
  out->set_registered_by(ActorName(r.registered_by));
  ToProto(r.register_time, out->mutable_register_time());
  if (r.promote_time) ToProto(*r.promote_time, out->mutable_promote_time());
  out->set_cancelled_by(ActorName(r.cancelled_by));
  if (r.cancel_time) ToProto(*r.cancel_time, out->mutable_cancel_time());
  out->set_attended_people(r.attended_people);
  out->set_attendance_recorded_by(ActorName(r.attendance_recorded_by));
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
  out->set_actor(ActorName(h.actor));
  ToProto(h.time, out->mutable_time());
}

// --- the wire's creates and filters ------------------------------------------

namespace {

absl::StatusOr<absl::Time> RequiredTime(absl::string_view field, bool has,
                                        const google::protobuf::Timestamp& t) {
  if (!has) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": is required"));
  }
  return FromProto(field, t);
}

}  // namespace

absl::StatusOr<int64_t> ParseHousehold(const Call& call, int64_t site_id,
                                       absl::string_view field,
                                       const std::string& name, bool required) {
  if (name.empty()) {
    if (required) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": is required"));
    }
    return 0;
  }
  CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                             ParseSiteChild(field, name, "households"));
  if (ids[0] != site_id) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must be a household of sites/", site_id));
  }
  CONCIERGE_RETURN_IF_ERROR(RequireOwnHousehold(call, ids[1]));
  return ids[1];
}

absl::StatusOr<int64_t> HouseholdFilter(const Call& call, int64_t site_id,
                                        const std::string& name) {
  CONCIERGE_ASSIGN_OR_RETURN(
      int64_t household,
      ParseHousehold(call, site_id, "household", name, false));
  if (call.principal.role == domain::Role::kResident) {
    return call.principal.household_id;
  }
  return household;
}

absl::StatusOr<std::array<int64_t, 3>> ParseRegistration(
    absl::string_view field, const std::string& name) {
  return ParseName<3>(field, name, {"sites", "events", "registrations"});
}

absl::StatusOr<domain::Parcel> ParcelFrom(const Call& call, int64_t site_id,
                                          const v1::Parcel& in) {
  domain::Parcel p;
  p.site_id = site_id;
  CONCIERGE_ASSIGN_OR_RETURN(
      p.household_id,
      ParseHousehold(call, site_id, "parcel.household", in.household(), true));
  CONCIERGE_ASSIGN_OR_RETURN(p.kind, FromProto("parcel.kind", in.kind()));
  p.carrier = in.carrier();
  p.tracking_number = in.tracking_number();
  p.shelf = in.shelf();
  p.photo_ref = in.photo_ref();
  p.note = in.note();
  return p;
}

absl::StatusOr<domain::CustodyRecord> CustodyFrom(const Call& call,
                                                  int64_t site_id,
                                                  const v1::CustodyRecord& in) {
  domain::CustodyRecord r;
  r.site_id = site_id;
  CONCIERGE_ASSIGN_OR_RETURN(
      r.household_id,
      ParseHousehold(call, site_id, "record.household", in.household(), true));
  r.description = in.description();
  r.receipt_number = in.receipt_number();
  r.deposited_by = in.deposited_by();
  r.note = in.note();
  return r;
}

absl::StatusOr<domain::LendableItem> LendableFrom(int64_t site_id,
                                                  const v1::LendableItem& in) {
  domain::LendableItem l;
  l.site_id = site_id;
  l.name_zh = in.display_name().zh();
  l.name_en = in.display_name().en();
  l.total_count = in.total_count();
  if (!in.item().empty()) {
    CONCIERGE_ASSIGN_OR_RETURN(
        auto item, ParseSiteChild("lendable.item", in.item(), "items"));
    if (item[0] != site_id) {
      return absl::InvalidArgumentError(
          "lendable.item: must be an item of the parent site");
    }
    l.item_id = item[1];
  }
  return l;
}

absl::StatusOr<domain::Loan> LoanFrom(const Call& call, int64_t site_id,
                                      const v1::Loan& in) {
  domain::Loan loan;
  loan.site_id = site_id;
  if (in.lendable().empty()) {
    return absl::InvalidArgumentError("loan.lendable: is required");
  }
  CONCIERGE_ASSIGN_OR_RETURN(
      auto lendable,
      ParseSiteChild("loan.lendable", in.lendable(), "lendables"));
  if (lendable[0] != site_id) {
    return absl::InvalidArgumentError(
        "loan.lendable: must belong to the parent site");
  }
  loan.lendable_id = lendable[1];
  CONCIERGE_ASSIGN_OR_RETURN(
      loan.household_id,
      ParseHousehold(call, site_id, "loan.household", in.household(), true));
  loan.borrower = in.borrower();
  CONCIERGE_ASSIGN_OR_RETURN(
      loan.due_time,
      RequiredTime("loan.due_time", in.has_due_time(), in.due_time()));
  return loan;
}

absl::StatusOr<domain::VisitorMessage> MessageFrom(
    const Call& call, int64_t site_id, const v1::VisitorMessage& in) {
  domain::VisitorMessage m;
  m.site_id = site_id;
  CONCIERGE_ASSIGN_OR_RETURN(
      m.household_id,
      ParseHousehold(call, site_id, "message.household", in.household(), true));
  m.from_name = in.from_name();
  m.from_phone = in.from_phone();
  m.text = in.text();
  CONCIERGE_ASSIGN_OR_RETURN(m.channel,
                             FromProto("message.channel", in.channel()));
  return m;
}

absl::StatusOr<domain::CommunityEvent> EventFrom(int64_t site_id,
                                                 const v1::CommunityEvent& in) {
  if (in.item().empty()) {
    return absl::InvalidArgumentError("event.item: is required");
  }
  CONCIERGE_ASSIGN_OR_RETURN(auto item_ids,
                             ParseSiteChild("event.item", in.item(), "items"));
  if (item_ids[0] != site_id) {
    return absl::InvalidArgumentError(
        "event.item: must be an item of the parent site");
  }
  domain::CommunityEvent e;
  e.site_id = site_id;
  e.item_id = item_ids[1];
  e.title_zh = in.title().zh();
  e.title_en = in.title().en();
  e.description_zh = in.description().zh();
  e.description_en = in.description().en();
  e.place_zh = in.place().zh();
  e.place_en = in.place().en();
  e.capacity = in.capacity();
  CONCIERGE_ASSIGN_OR_RETURN(
      e.start_time,
      RequiredTime("event.start_time", in.has_start_time(), in.start_time()));
  CONCIERGE_ASSIGN_OR_RETURN(
      e.end_time,
      RequiredTime("event.end_time", in.has_end_time(), in.end_time()));
  CONCIERGE_ASSIGN_OR_RETURN(
      e.registration_deadline,
      RequiredTime("event.registration_deadline",
                   in.has_registration_deadline(), in.registration_deadline()));
  return e;
}

absl::StatusOr<domain::EventRegistration> RegistrationFrom(
    const Call& call, int64_t site_id, int64_t event_id,
    const v1::EventRegistration& in) {
  const bool resident = call.principal.role == domain::Role::kResident;
  domain::EventRegistration r;
  r.site_id = site_id;
  r.event_id = event_id;
  CONCIERGE_ASSIGN_OR_RETURN(
      r.household_id, ParseHousehold(call, site_id, "registration.household",
                                     in.household(), !resident));
  if (resident) r.household_id = call.principal.household_id;
  r.party_size = in.party_size();
  r.details = in.details();
  return r;
}

absl::StatusOr<store::ParcelFilter> FilterFrom(
    const Call& call, int64_t site_id, const v1::ListParcelsRequest& request) {
  store::ParcelFilter filter;
  CONCIERGE_ASSIGN_OR_RETURN(
      filter.household_id, HouseholdFilter(call, site_id, request.household()));
  if (request.state() != v1::PARCEL_STATE_UNSPECIFIED) {
    CONCIERGE_ASSIGN_OR_RETURN(filter.state,
                               FromProto("state", request.state()));
  }
  if (request.older_than_days() < 0 || request.older_than_days() > 3660) {
    return absl::InvalidArgumentError(
        "older_than_days: must be between 0 and 3660");
  }
  if (request.older_than_days() > 0) {
    filter.logged_before =
        call.now - absl::Hours(24) * request.older_than_days();
  }
  return filter;
}

absl::StatusOr<store::CustodyFilter> FilterFrom(
    const Call& call, int64_t site_id, const v1::ListCustodyRequest& request) {
  store::CustodyFilter filter;
  CONCIERGE_ASSIGN_OR_RETURN(
      filter.household_id, HouseholdFilter(call, site_id, request.household()));
  if (request.state() != v1::CUSTODY_STATE_UNSPECIFIED) {
    CONCIERGE_ASSIGN_OR_RETURN(filter.state,
                               FromProto("state", request.state()));
  }
  return filter;
}

absl::StatusOr<store::LoanFilter> FilterFrom(
    const Call& call, int64_t site_id, const v1::ListLoansRequest& request) {
  store::LoanFilter filter;
  CONCIERGE_ASSIGN_OR_RETURN(
      filter.household_id, HouseholdFilter(call, site_id, request.household()));
  if (request.state() != v1::LOAN_STATE_UNSPECIFIED) {
    CONCIERGE_ASSIGN_OR_RETURN(filter.state,
                               FromProto("state", request.state()));
  }
  if (request.overdue_only()) filter.overdue_at = call.now;
  if (!request.lendable().empty()) {
    CONCIERGE_ASSIGN_OR_RETURN(
        auto ids, ParseSiteChild("lendable", request.lendable(), "lendables"));
    if (ids[0] != site_id) {
      return absl::InvalidArgumentError(
          "lendable: must belong to the parent site");
    }
    filter.lendable_id = ids[1];
  }
  return filter;
}

absl::StatusOr<store::EventFilter> FilterFrom(
    const Call& call, int64_t site_id, const v1::ListEventsRequest& request) {
  store::EventFilter filter;
  if (!request.include_past()) filter.ends_after = call.now;
  if (!request.item().empty()) {
    CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                               ParseSiteChild("item", request.item(), "items"));
    if (ids[0] != site_id) {
      return absl::InvalidArgumentError("item: must belong to the parent site");
    }
    filter.item_id = ids[1];
  }
  return filter;
}

}  // namespace concierge::api
