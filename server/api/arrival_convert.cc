#include "server/api/arrival_convert.h"

#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/api/convert.h"
#include "server/api/guest_convert.h"
#include "server/api/housekeeping_convert.h"
#include "server/common/arrival_names.h"
#include "server/common/etag.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/housekeeping.h"
#include "server/domain/text.h"
#include "server/usecase/loaders.h"

namespace concierge::api {
namespace {

constexpr char kPreparations[] = "/preparations/";

domain::Party PartyFrom(const v1::Party& in) {
  return {in.adults(), in.children(), in.infants()};
}

absl::StatusOr<absl::CivilDay> DateFrom(absl::string_view field,
                                        const std::string& text) {
  return domain::ParseReservationDate(field, text);
}

}  // namespace

absl::StatusOr<usecase::ReservationRef> ParseReservationName(
    absl::string_view field, absl::string_view name) {
  CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                             ParseSiteChild(field, name, "reservations"));
  return usecase::ReservationRef{ids[0], ids[1]};
}

absl::StatusOr<usecase::PreparationRef> ParsePreparationName(
    absl::string_view field, absl::string_view name) {
  const size_t at = name.find(kPreparations);
  const absl::string_view code =
      at == absl::string_view::npos
          ? absl::string_view()
          : name.substr(at + sizeof(kPreparations) - 1);
  if (at == absl::string_view::npos || code.empty() ||
      !domain::ValidateCode(field, code).ok()) {
    return BadName(field, name,
                   "sites/{site}/reservations/{reservation}/preparations/"
                   "{action code}");
  }
  CONCIERGE_ASSIGN_OR_RETURN(usecase::ReservationRef reservation,
                             ParseReservationName(field, name.substr(0, at)));
  return usecase::PreparationRef{reservation, std::string(code)};
}

v1::ReservationState ToProto(domain::ReservationState s) {
  return EnumToProto<v1::ReservationState>(domain::ReservationStateName(s),
                                           "RESERVATION_STATE_",
                                           v1::ReservationState_Parse);
}

absl::StatusOr<std::optional<domain::ReservationState>> StateFilterFromProto(
    absl::string_view field, v1::ReservationState s) {
  if (s == v1::RESERVATION_STATE_UNSPECIFIED) return std::nullopt;
  auto state = EnumFromProto<domain::ReservationState>(
      s, [](int v) { return v1::ReservationState_Name(v); },
      "RESERVATION_STATE_", domain::ReservationStateFromName);
  if (!state) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": unknown value"));
  }
  return state;
}

absl::StatusOr<domain::Reservation> ReservationFrom(int64_t site_id,
                                                    const v1::Reservation& in) {
  domain::Reservation r;
  r.site_id = site_id;
  if (!in.guest().empty()) {
    CONCIERGE_ASSIGN_OR_RETURN(r.guest_id,
                               ParseGuestName("reservation.guest", in.guest()));
  }
  CONCIERGE_ASSIGN_OR_RETURN(
      r.arrival_date, DateFrom("reservation.arrival_date", in.arrival_date()));
  CONCIERGE_ASSIGN_OR_RETURN(
      r.departure_date,
      DateFrom("reservation.departure_date", in.departure_date()));
  r.room_type = in.room_type();
  r.room_number = in.room_number();
  r.party = PartyFrom(in.party());
  r.notes = in.notes();
  return r;
}

absl::StatusOr<usecase::ReservationUpdate> ReservationUpdateFrom(
    const v1::UpdateReservationRequest& request) {
  const v1::Reservation& in = request.reservation();
  usecase::ReservationUpdate update;
  CONCIERGE_ASSIGN_OR_RETURN(
      update.ref, ParseReservationName("reservation.name", in.name()));
  CONCIERGE_ASSIGN_OR_RETURN(update.expected_version,
                             RequiredEtag("reservation.etag", in.etag()));
  if (request.update_mask().paths_size() == 0) {
    return absl::InvalidArgumentError(
        "update_mask: name at least one field to change");
  }
  domain::Reservation& given = update.given;
  for (const std::string& path : request.update_mask().paths()) {
    if (path == "arrival_date") {
      CONCIERGE_ASSIGN_OR_RETURN(
          given.arrival_date,
          DateFrom("reservation.arrival_date", in.arrival_date()));
    } else if (path == "departure_date") {
      CONCIERGE_ASSIGN_OR_RETURN(
          given.departure_date,
          DateFrom("reservation.departure_date", in.departure_date()));
    } else if (path == "room_type") {
      given.room_type = in.room_type();
    } else if (path == "room_number") {
      given.room_number = in.room_number();
    } else if (path == "party") {
      given.party = PartyFrom(in.party());
    } else if (path == "notes") {
      given.notes = in.notes();
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "update_mask: \"", path.substr(0, 64),
          "\" is not one of arrival_date, departure_date, room_type, "
          "room_number, party, notes"));
    }
    update.paths.push_back(path);
  }
  return update;
}

absl::StatusOr<usecase::ReservationCheckIn> ReservationCheckInFrom(
    int64_t site_id, const v1::CheckInRequest& request) {
  usecase::ReservationCheckIn check_in;
  CONCIERGE_ASSIGN_OR_RETURN(
      check_in.ref, ParseReservationName("reservation", request.reservation()));
  if (check_in.ref.site_id != site_id) {
    return absl::InvalidArgumentError(
        absl::StrCat("reservation: ", request.reservation().substr(0, 64),
                     " is not a reservation of ", SiteName(site_id)));
  }
  const v1::Stay& in = request.stay();
  if (!in.guest().empty()) {
    CONCIERGE_ASSIGN_OR_RETURN(check_in.guest_id,
                               ParseGuestName("stay.guest", in.guest()));
  }
  domain::Stay& stay = check_in.stay;
  stay.site_id = site_id;
  stay.room_number = in.room_number();
  if (!stay.room_number.empty()) {
    CONCIERGE_RETURN_IF_ERROR(
        domain::ValidateRoomNumber("stay.room_number", stay.room_number));
  }
  // No party given: the reservation's (adults 0 says so).
  stay.party = PartyFrom(in.party());
  if (in.has_party()) {
    CONCIERGE_RETURN_IF_ERROR(domain::ValidateParty("stay.party", stay.party));
  } else {
    stay.party = {0, 0, 0};
  }
  auto purpose = EnumFromProto<domain::TravelPurpose>(
      in.purpose(), [](int v) { return v1::TravelPurpose_Name(v); },
      "TRAVEL_PURPOSE_", domain::TravelPurposeFromName);
  if (!purpose) {
    return absl::InvalidArgumentError("stay.purpose: unknown value");
  }
  stay.purpose = *purpose;
  if (in.has_expected_check_out_time()) {
    CONCIERGE_ASSIGN_OR_RETURN(stay.expected_check_out_time,
                               FromProto("stay.expected_check_out_time",
                                         in.expected_check_out_time()));
  }
  return check_in;
}

void ToProto(const domain::Reservation& r, v1::Reservation* out) {
  out->set_name(ReservationName(r.site_id, r.id));
  out->set_guest(GuestName(r.guest_id));
  out->set_arrival_date(domain::FormatBusinessDate(r.arrival_date));
  out->set_departure_date(domain::FormatBusinessDate(r.departure_date));
  out->set_room_type(r.room_type);
  out->set_room_number(r.room_number);
  out->mutable_party()->set_adults(r.party.adults);
  out->mutable_party()->set_children(r.party.children);
  out->mutable_party()->set_infants(r.party.infants);
  out->set_notes(r.notes);
  out->set_state(ToProto(r.state));
  if (r.stay_id != 0) out->set_stay(StayName(r.site_id, r.stay_id));
  out->set_created_by(ActorName(r.created_by));
  ToProto(r.create_time, out->mutable_create_time());
  ToProto(r.update_time, out->mutable_update_time());
  if (r.check_in_time) ToProto(*r.check_in_time, out->mutable_check_in_time());
  if (r.cancel_time) ToProto(*r.cancel_time, out->mutable_cancel_time());
  out->set_cancel_reason(r.cancel_reason);
  out->set_etag(absl::StrCat(r.version));
}

void ToProto(const usecase::PreparationView& p, v1::Preparation* out) {
  out->set_name(
      PreparationName(p.site_id, p.reservation_id, p.item.action.code));
  ToProto(p.site_id, p.item, out->mutable_item());
  out->set_room_number(p.room_number);
  if (p.attendant_id != 0) {
    out->set_attendant(StaffName(p.site_id, p.attendant_id));
  }
  if (p.mark) {
    out->set_done(true);
    out->set_done_by(ActorName(p.mark->done_by));
    ToProto(p.mark->done_time, out->mutable_done_time());
    out->set_done_before_arrival(p.mark->before_arrival);
  }
}

void ToProto(const usecase::Arrival& a, domain::Role role, v1::Arrival* out) {
  ToProto(a.reservation, out->mutable_reservation());
  ToProto(a.guest, domain::GuestViewFor(role), out->mutable_guest());
  out->set_regular(a.regular);
  for (const domain::Preference& p : a.preferences) {
    ToProto(p, out->add_preferences());
  }
  for (const usecase::PreparationView& p : a.preparations) {
    ToProto(p, out->add_preparations());
  }
}

void ToProto(const domain::PreparationCounts& c, v1::PreparationCounts* out) {
  out->set_total(c.total);
  out->set_done_before_arrival(c.done_before_arrival);
  out->set_done_after_arrival(c.done_after_arrival);
  out->set_not_done(c.not_done);
}

}  // namespace concierge::api
