#ifndef CONCIERGE_SERVER_DOMAIN_ARRIVALS_H_
#define CONCIERGE_SERVER_DOMAIN_ARRIVALS_H_

// Reservations and arrivals of a hotel (issue 22, points 5 and 6). Pure: a
// reservation's validation, its state machine as one table, and what to
// prepare before the guest arrives, which is the hotel's STANDING
// housekeeping rules (housekeeping_rules.h, StandingChecklist) applied to
// the guest's profile and the reservation's party ahead of time. No SQL,
// no clock, no gRPC.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/domain/guests.h"
#include "server/domain/housekeeping_rules.h"

namespace concierge::domain {

enum class ReservationState { kBooked, kCheckedIn, kCancelled };
// "BOOKED", "CHECKED_IN", "CANCELLED": the proto names without their prefix
// and the database's.
absl::string_view ReservationStateName(ReservationState s);
std::optional<ReservationState> ReservationStateFromName(absl::string_view n);

struct Reservation {
  int64_t id = 0;
  int64_t site_id = 0;
  int64_t guest_id = 0;
  absl::CivilDay arrival_date;
  absl::CivilDay departure_date;
  std::string room_type;    // "" or an upper-case code, e.g. "KING"
  std::string room_number;  // "" until the room is known
  Party party;
  std::string notes;
  ReservationState state = ReservationState::kBooked;
  int64_t stay_id = 0;  // once checked in
  std::string created_by;
  absl::Time create_time;
  absl::Time update_time;
  std::optional<absl::Time> check_in_time;
  std::optional<absl::Time> cancel_time;
  std::string cancel_reason;
  int64_t version = 1;
};

// The longest reservation, in nights.
inline constexpr int kMaxNights = 90;
// How far ahead a reservation may be made, in days.
inline constexpr int kMaxDaysAhead = 366;
// The longest room-type code.
inline constexpr int kMaxRoomTypeChars = 32;
// The longest cancellation reason.
inline constexpr int kMaxCancelReasonChars = 500;

// A required "YYYY-MM-DD" (INVALID_ARGUMENT naming `field`).
absl::StatusOr<absl::CivilDay> ParseReservationDate(absl::string_view field,
                                                    absl::string_view text);

// Everything a reservation must satisfy, fields named "<prefix>.<field>":
// arrival not before yesterday (`today` in the hotel's zone: a guest
// arriving after midnight is still entered) and at most kMaxDaysAhead
// ahead; departure after arrival and at most kMaxNights later; room_type
// "" or an upper-case code of at most kMaxRoomTypeChars; room_number ""
// or a room number; at least one of the two; the party; notes (at most
// 4000 characters). Used on create and on every update.
absl::Status ValidateReservation(absl::string_view prefix,
                                 const Reservation& reservation,
                                 absl::CivilDay today);

// What may happen to a reservation.
enum class ReservationMove { kUpdate, kCancel, kCheckIn, kMarkPrepared };
absl::string_view ReservationMoveName(ReservationMove m);
// The one transition table: OK when `move` is allowed from `state`, else
// FAILED_PRECONDITION "<field>: <name> is <state>; ..." (a prepared item
// may still be marked after check-in: it then counts as done after
// arrival).
absl::Status CheckReservationMove(absl::string_view field,
                                  absl::string_view name,
                                  ReservationState state, ReservationMove move);
// The state a move leads to.
ReservationState StateAfter(ReservationState state, ReservationMove move);

// The guest as the rules will see them on arrival: the profile's VIP level
// and current preferences, the reservation's party (an infant in it is
// "travelling_with_infant"), and whether the arrival date is the birthday.
GuestContext ArrivalContext(const Guest& guest,
                            const std::vector<Preference>& preferences,
                            const Reservation& reservation);

// What to prepare before the guest arrives: the STANDING checklist for the
// arrival context (none for a cancelled reservation).
std::vector<ActionSuggestion> PreparationsFor(const Reservation& reservation,
                                              const GuestContext& context,
                                              const std::vector<Rule>& rules,
                                              const Vocabulary& vocabulary);

// A preparation marked done.
struct PreparationMark {
  int64_t site_id = 0;
  int64_t reservation_id = 0;
  std::string action_code;
  std::string room_number;
  std::string done_by;
  absl::Time done_time;
  bool before_arrival = false;
};
// A mark made now counts as before arrival while the reservation is BOOKED.
inline bool MarkedBeforeArrival(ReservationState state) {
  return state == ReservationState::kBooked;
}

struct PreparationCounts {
  int total = 0;
  int done_before_arrival = 0;
  int done_after_arrival = 0;
  int not_done = 0;
  void Add(const PreparationMark* mark);
};

}  // namespace concierge::domain

#endif  // CONCIERGE_SERVER_DOMAIN_ARRIVALS_H_
