#ifndef CONCIERGE_SERVER_USECASE_ROOM_DAY_H_
#define CONCIERGE_SERVER_USECASE_ROOM_DAY_H_

// What an attendant's handheld shows for a room today: the guest's brief,
// the standing checklist the rules give for them, the room's open and
// recently expired actions, the handover notes and the minibar. Reading a
// brief is logged (the profile's access log), so these are transactions.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "server/domain/housekeeping.h"
#include "server/domain/housekeeping_rules.h"
#include "server/domain/minibar.h"
#include "server/store/database.h"
#include "server/store/guest_repository.h"
#include "server/usecase/actor.h"

namespace concierge::usecase {

struct RoomDay {
  std::string room_number;
  std::optional<domain::Room> room;
  absl::CivilDay date;
  int64_t attendant_id = 0;  // 0: nobody has the room today
  std::optional<store::RoomBrief> brief;
  domain::RoomState state = domain::RoomState::kVacant;
  std::vector<domain::ActionSuggestion> checklist;
  std::vector<domain::RoomAction> open_actions, expired_actions;
  std::vector<domain::HandoverNote> handover_notes;
  std::vector<domain::MinibarQuantity> minibar;
  // The room's latest visit on `date`, if any.
  std::optional<absl::Time> last_visit;
};

// One room today.
absl::StatusOr<RoomDay> GetRoomDay(store::Database& db, const Actor& actor,
                                   int64_t site_id,
                                   const std::string& room_number,
                                   const store::Reader& reader);

struct AttendantDay {
  absl::CivilDay date;
  int64_t attendant_id = 0;
  std::vector<RoomDay> rooms;
};

// Every room the attendant has on `business_date` ("" today).
absl::StatusOr<AttendantDay> GetAttendantDay(store::Database& db,
                                             const Actor& actor,
                                             int64_t site_id,
                                             int64_t attendant_id,
                                             const std::string& business_date,
                                             const store::Reader& reader);

}  // namespace concierge::usecase

#endif  // CONCIERGE_SERVER_USECASE_ROOM_DAY_H_
