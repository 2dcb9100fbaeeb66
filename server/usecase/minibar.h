#ifndef CONCIERGE_SERVER_USECASE_MINIBAR_H_
#define CONCIERGE_SERVER_USECASE_MINIBAR_H_

// Counting a room's minibar: what was drunk since the last count is charged
// to the stay that had the room.

#include <vector>

#include "absl/status/statusor.h"
#include "server/domain/minibar.h"
#include "server/store/database.h"
#include "server/store/idempotency.h"
#include "server/usecase/actor.h"

namespace concierge::usecase {

// Records `count` (site, room, counted_by, time) with `counts` once per
// `key`: checks the room and the hotel's minibar items, compares with the
// stock (locked: counts and restocks take turns), charges what is missing
// to the room's guest now or the one who checked out since the last count,
// and sets the stock to what was counted.
absl::StatusOr<domain::MinibarCount> CountMinibar(
    store::Database& db, const Actor& actor, domain::MinibarCount count,
    const std::vector<domain::MinibarQuantity>& counts,
    const store::CreateKey& key);

}  // namespace concierge::usecase

#endif  // CONCIERGE_SERVER_USECASE_MINIBAR_H_
