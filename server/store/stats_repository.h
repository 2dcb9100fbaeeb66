#ifndef CONCIERGE_SERVER_STORE_STATS_REPOSITORY_H_
#define CONCIERGE_SERVER_STORE_STATS_REPOSITORY_H_

// Counts for the metrics endpoint: what waits on each site.

#include <soci/soci.h>

#include <cstdint>
#include <vector>

#include "absl/time/time.h"

namespace concierge::store {

struct SiteBacklog {
  int64_t site_id = 0;
  // Open requests past a due time at `now` (the domain's IsOverdue).
  int64_t overdue_requests = 0;
  // Hotel room actions waiting for a supervisor's approval.
  int64_t pending_approvals = 0;
  // Hotel room actions that expired (their deadline passed while they
  // waited), ever.
  int64_t expired_room_actions = 0;
};

// One row per site (zeros included, so a site's series never vanish), in
// one statement.
std::vector<SiteBacklog> CountSiteBacklogs(soci::session& sql, absl::Time now);

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_STATS_REPOSITORY_H_
