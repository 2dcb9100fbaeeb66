#ifndef CONCIERGE_SERVER_USECASE_ARRIVALS_H_
#define CONCIERGE_SERVER_USECASE_ARRIVALS_H_

// A hotel's reservations and arrivals (issue 22, points 5 and 6), each one
// transaction: enter, read, change and cancel reservations; check a
// reservation in (the stay opens and the reservation is marked in one
// transaction); list a date's arrivals with what to prepare (the hotel's
// STANDING rules applied ahead, domain/arrivals.h) and mark a preparation
// done. Every use case checks that the site is a hotel (FAILED_PRECONDITION
// otherwise). Functions take ids and domain values and return domain
// values or a status; writes give their result to a ReplyOf inside the
// transaction, creates run once per store::CreateKey.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "server/domain/arrivals.h"
#include "server/domain/guests.h"
#include "server/domain/housekeeping_rules.h"
#include "server/store/database.h"
#include "server/store/guest_repository.h"
#include "server/store/idempotency.h"
#include "server/store/reservation_repository.h"
#include "server/usecase/actor.h"
#include "server/usecase/reply_of.h"

namespace concierge::usecase {

struct ReservationRef {
  int64_t site_id = 0;
  int64_t reservation_id = 0;
};

// `reservation` as sent (site, guest_id or 0, dates, room, party, notes);
// with `new_guest` (validated by the api's conversion, documents hashed)
// the guest is registered in the same transaction.
absl::StatusOr<domain::Reservation> CreateReservation(
    store::Database& db, const Actor& actor, domain::Reservation reservation,
    std::optional<domain::Guest> new_guest, const store::CreateKey& key);

absl::StatusOr<domain::Reservation> GetReservation(store::Database& db,
                                                   const Actor& actor,
                                                   const ReservationRef& ref);

absl::StatusOr<store::Page<domain::Reservation>> ListReservations(
    store::Database& db, const Actor& actor, int64_t site_id,
    const store::ReservationFilter& filter, const store::PageRequest& page);

// The fields `paths` names take their values from `given`.
struct ReservationUpdate {
  ReservationRef ref;
  int64_t expected_version = 0;
  domain::Reservation given;
  std::vector<std::string> paths;
};
absl::StatusOr<domain::Reservation> UpdateReservation(
    store::Database& db, const Actor& actor, const ReservationUpdate& update,
    const ReplyOf<domain::Reservation>& reply);

// `expected_version` when the caller sent an etag.
absl::StatusOr<domain::Reservation> CancelReservation(
    store::Database& db, const Actor& actor, const ReservationRef& ref,
    std::optional<int64_t> expected_version, const std::string& reason,
    const ReplyOf<domain::Reservation>& reply);

// A check-in from a reservation: `stay` as sent (site, room_number or "",
// party with adults 0 when not given, purpose, expected check-out);
// `guest_id` the stay's guest when given (0 otherwise), which must be the
// reservation's.
struct ReservationCheckIn {
  ReservationRef ref;
  domain::Stay stay;
  int64_t guest_id = 0;
};
absl::StatusOr<domain::Stay> CheckInReservation(
    store::Database& db, const Actor& actor, const ReservationCheckIn& check_in,
    const store::CreateKey& key);

// One thing to prepare for one reservation.
struct PreparationView {
  int64_t site_id = 0;
  int64_t reservation_id = 0;
  domain::ActionSuggestion item;
  std::string room_number;
  int64_t attendant_id = 0;  // 0: room or attendant not known
  std::optional<domain::PreparationMark> mark;
};

struct Arrival {
  int64_t id = 0;  // the reservation's, for paging
  domain::Reservation reservation;
  domain::Guest guest;
  bool regular = false;
  std::vector<domain::Preference> preferences;
  std::vector<PreparationView> preparations;
};

struct ArrivalQuery {
  int64_t site_id = 0;
  std::string date;          // "" today
  int64_t attendant_id = 0;  // 0: every room
  bool include_cancelled = false;
};
struct ArrivalList {
  absl::CivilDay date;
  store::Page<Arrival> page;
  // Over every arrival the query selects, not only the page.
  domain::PreparationCounts counts;
};
// The arrivals of a date; each guest shown is logged as read.
absl::StatusOr<ArrivalList> ListArrivals(store::Database& db,
                                         const Actor& actor,
                                         const ArrivalQuery& query,
                                         const store::PageRequest& page,
                                         const store::Reader& reader);

struct PreparationRef {
  ReservationRef reservation;
  std::string action_code;
};
// Attendants (role STAFF) mark only the preparations of rooms they have on
// the arrival date (PERMISSION_DENIED otherwise).
absl::StatusOr<PreparationView> MarkPreparationDone(
    store::Database& db, const Actor& actor, const PreparationRef& ref,
    const ReplyOf<PreparationView>& reply);

}  // namespace concierge::usecase

#endif  // CONCIERGE_SERVER_USECASE_ARRIVALS_H_
