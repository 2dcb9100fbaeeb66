#ifndef CONCIERGE_SERVER_USECASE_ROOM_ACTIONS_H_
#define CONCIERGE_SERVER_USECASE_ROOM_ACTIONS_H_

// Moves of a personalised room action (domain/housekeeping.h holds the
// table): approve, reject, done, skip. The sweeper's escalations and
// expiries are in request_sweeper.cc.

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "server/domain/housekeeping.h"
#include "server/store/database.h"
#include "server/store/idempotency.h"
#include "server/store/sql_util.h"
#include "server/usecase/actor.h"

namespace concierge::usecase {

struct ActionMoveRequest {
  domain::ActionMove move;
  std::string etag;    // "" any version
  std::string reason;  // SKIP, REJECT; the approval's note
  int quantity = 0;    // DONE of a minibar restock: what was added (0: as
                       // suggested)
};

// Called with the action after the move inside its transaction, before
// COMMIT (a retried call's answer is stored with the write).
using ActionReply = std::function<void(const domain::RoomAction&)>;

// Locks the action, asks the table whether the caller may make the move,
// checks it is still of use and the etag, applies it (a restock fills the
// minibar, a sale is charged to the stay, a confirmed fact teaches the
// profile), saves, and tells WatchTasks where the action reaches it.
absl::StatusOr<domain::RoomAction> MoveRoomAction(
    store::Database& db, const Actor& actor, int64_t site_id, int64_t action_id,
    const ActionMoveRequest& move, const ActionReply& reply = nullptr);

// Where a staff member's own proposal is for, as they named it.
struct ProposalTarget {
  int64_t stay_id = 0;          // 0: the room's open stay
  std::string room_number;      // "" with a stay
  std::string department_code;  // "": the proposer's own department
};

// Records a staff member's own idea for a guest (what, why, the cost as
// sent: an empty currency is the hotel's) once per `key`: the guest is the
// stay named or the room's open stay, the department the one named or the
// proposer's; it waits for approval above the proposer's spending limit.
absl::StatusOr<domain::RoomAction> ProposeRoomAction(
    store::Database& db, const Actor& actor, domain::Proposal proposal,
    domain::Money estimated_cost, const ProposalTarget& target,
    const store::CreateKey& key);

// Actions waiting for approval: a department's (`department_id`), or every
// department's (0: managers).
absl::StatusOr<store::Page<domain::RoomAction>> ListPendingApprovals(
    store::Database& db, const Actor& actor, int64_t site_id,
    int64_t department_id, const store::PageRequest& page);

// A department's open tasks: the one with `department_code`, or the
// caller's own ("" ).
absl::StatusOr<store::Page<domain::RoomAction>> ListDepartmentTasks(
    store::Database& db, const Actor& actor, int64_t site_id,
    const std::string& department_code, const store::PageRequest& page);

// When the actions of a list were suggested: [start, end).
struct Period {
  absl::Time start;
  absl::Time end;
};
// The actions suggested in `period` (nullopt: today in the site's time
// zone), whatever became of them: the site's (`department` {0, 0}) or one
// department's {site, id} (NOT_FOUND naming `department` when it is not
// one of the site's).
absl::StatusOr<store::Page<domain::RoomAction>> ListRoomActions(
    store::Database& db, const Actor& actor, int64_t site_id,
    std::optional<Period> period, const std::array<int64_t, 2>& department,
    const store::PageRequest& page);

}  // namespace concierge::usecase

#endif  // CONCIERGE_SERVER_USECASE_ROOM_ACTIONS_H_
