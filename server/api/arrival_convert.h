#ifndef CONCIERGE_SERVER_API_ARRIVAL_CONVERT_H_
#define CONCIERGE_SERVER_API_ARRIVAL_CONVERT_H_

// ArrivalService's proto <-> domain conversions, and the reservation part of
// GuestProfileService.CheckIn: the only place that builds reservation and
// preparation names.

#include <array>
#include <cstdint>
#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "concierge/v1/arrivals.pb.h"
#include "concierge/v1/guests.pb.h"
#include "server/api/rpc.h"
#include "server/domain/arrivals.h"
#include "server/domain/principal.h"
#include "server/usecase/arrivals.h"

namespace concierge::api {

// "sites/{site}/reservations/{reservation}"
absl::StatusOr<usecase::ReservationRef> ParseReservationName(
    absl::string_view field, absl::string_view name);
// "sites/{site}/reservations/{reservation}/preparations/{action code}"
absl::StatusOr<usecase::PreparationRef> ParsePreparationName(
    absl::string_view field, absl::string_view name);

v1::ReservationState ToProto(domain::ReservationState s);
// UNSPECIFIED is nullopt (any); an unknown number INVALID_ARGUMENT.
absl::StatusOr<std::optional<domain::ReservationState>> StateFilterFromProto(
    absl::string_view field, v1::ReservationState s);

// The create's reservation for `site_id`: dates parsed, guest optional
// (CreateReservation checks that exactly one of guest and new_guest is
// given); the rest is validated by the use case against the hotel's date.
absl::StatusOr<domain::Reservation> ReservationFrom(int64_t site_id,
                                                    const v1::Reservation& in);
absl::StatusOr<usecase::ReservationUpdate> ReservationUpdateFrom(
    const v1::UpdateReservationRequest& request);
// CheckIn with `reservation` set; `site_id` is the request's parent.
absl::StatusOr<usecase::ReservationCheckIn> ReservationCheckInFrom(
    int64_t site_id, const v1::CheckInRequest& request);

void ToProto(const domain::Reservation& r, v1::Reservation* out);
void ToProto(const usecase::PreparationView& p, v1::Preparation* out);
// The guest as `role` may see the profile.
void ToProto(const usecase::Arrival& a, domain::Role role, v1::Arrival* out);
void ToProto(const domain::PreparationCounts& c, v1::PreparationCounts* out);

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_ARRIVAL_CONVERT_H_
