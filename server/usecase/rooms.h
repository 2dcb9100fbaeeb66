#ifndef CONCIERGE_SERVER_USECASE_ROOMS_H_
#define CONCIERGE_SERVER_USECASE_ROOMS_H_

// The hotel's rooms, and the housekeeping supervisor's day plan: which
// attendant cleans which rooms on a business date.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "server/domain/housekeeping.h"
#include "server/store/database.h"
#include "server/store/housekeeping_repository.h"
#include "server/store/idempotency.h"
#include "server/store/sql_util.h"
#include "server/usecase/actor.h"

namespace concierge::usecase {

// A room of the hotel (`room` validated by the caller), once per `key`;
// ALREADY_EXISTS when the site has a room of that number.
absl::StatusOr<domain::Room> CreateRoom(store::Database& db, const Actor& actor,
                                        domain::Room room,
                                        const store::CreateKey& key);

absl::StatusOr<store::Page<domain::Room>> ListRooms(
    store::Database& db, const Actor& actor, int64_t site_id,
    const store::RoomFilter& filter, const store::PageRequest& page);

struct RoomAssignment {
  int64_t attendant_id = 0;
  absl::CivilDay date;
  std::vector<domain::Room> rooms;  // all of the attendant's that day
};
// Called inside the transaction, before COMMIT (the write key stores it).
using AssignmentReply = std::function<void(const RoomAssignment&)>;

// Gives `room_numbers` (checked unique and well-formed by the caller) to
// the attendant {site, id} on `business_date` ("" today in the hotel's
// zone); `replace` releases the attendant's other rooms that day. An
// attendant has at most domain::kMaxRoomsPerAttendantDay rooms a day.
absl::StatusOr<RoomAssignment> AssignRooms(
    store::Database& db, const Actor& actor, int64_t site_id,
    int64_t attendant_id, const std::string& business_date,
    const std::vector<std::string>& room_numbers, bool replace,
    const AssignmentReply& reply = nullptr);

// A handover note for the next shift about a room (`note` as written,
// content validated by the caller), once per `key`.
absl::StatusOr<domain::HandoverNote> CreateHandoverNote(
    store::Database& db, const Actor& actor, domain::HandoverNote note,
    const store::CreateKey& key);

// The notes since `since`, of one room ("" every room).
absl::StatusOr<store::Page<domain::HandoverNote>> ListHandoverNotes(
    store::Database& db, const Actor& actor, int64_t site_id,
    const std::string& room_number, absl::Time since,
    const store::PageRequest& page);

}  // namespace concierge::usecase

#endif  // CONCIERGE_SERVER_USECASE_ROOMS_H_
