#ifndef CONCIERGE_SERVER_STORE_RESERVATION_REPOSITORY_H_
#define CONCIERGE_SERVER_STORE_RESERVATION_REPOSITORY_H_

// Reservations of a hotel and the preparations marked done for them
// (migration 0018).
//
// Every function runs on a session inside Database::Transact/Read; SOCI
// exceptions are mapped to absl::Status there.

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "server/domain/arrivals.h"
#include "server/store/sql_util.h"

namespace concierge::store {

// Inserts `reservation` (version 1); returns it with its id.
domain::Reservation InsertReservation(soci::session& sql,
                                      const domain::Reservation& reservation);
std::optional<domain::Reservation> FindReservation(soci::session& sql,
                                                   int64_t site_id,
                                                   int64_t reservation_id);
// FindReservation that locks the row until the transaction ends: every
// change of a reservation (update, cancel, check-in, a preparation marked)
// takes this lock first.
std::optional<domain::Reservation> LockReservation(soci::session& sql,
                                                   int64_t site_id,
                                                   int64_t reservation_id);
// Writes every mutable column of `reservation` (dates, room, party, notes,
// state, stay, check-in and cancel facts, update_time) if its version is
// still `expected_version`; returns the stored row (version + 1) or nullopt
// when the version moved on.
std::optional<domain::Reservation> SaveReservation(
    soci::session& sql, const domain::Reservation& reservation,
    int64_t expected_version);

struct ReservationFilter {
  std::optional<absl::CivilDay> arrival_date;
  int64_t guest_id = 0;  // 0: any
  std::optional<domain::ReservationState> state;
};
Page<domain::Reservation> ListReservations(soci::session& sql, int64_t site_id,
                                           const ReservationFilter& filter,
                                           PageRequest page);
// Every reservation arriving on `date`, by id (cancelled ones only with
// `include_cancelled`).
std::vector<domain::Reservation> ListArriving(soci::session& sql,
                                              int64_t site_id,
                                              absl::CivilDay date,
                                              bool include_cancelled);

// Records a preparation done; false when it was already marked.
bool InsertPreparationMark(soci::session& sql,
                           const domain::PreparationMark& mark);
std::optional<domain::PreparationMark> FindPreparationMark(
    soci::session& sql, int64_t site_id, int64_t reservation_id,
    const std::string& action_code);
// The marks of every reservation arriving on `date`.
std::vector<domain::PreparationMark> ListPreparationMarks(soci::session& sql,
                                                          int64_t site_id,
                                                          absl::CivilDay date);

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_RESERVATION_REPOSITORY_H_
