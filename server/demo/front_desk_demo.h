#ifndef CONCIERGE_SERVER_DEMO_FRONT_DESK_DEMO_H_
#define CONCIERGE_SERVER_DEMO_FRONT_DESK_DEMO_H_

#include <soci/soci.h>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "server/domain/directory.h"

namespace concierge {

// The residential demo's front desk, so the resident client shows it right
// away: umbrellas and small tools to lend, a parcel and a visitor's message
// waiting for household 101, and a free repair day next month announced on
// the entrance poster, in the mailboxes and in the app. `reception` and
// `household` are the display name and unit of the demo's receptionist and
// first household. Done once per site (skipped when the site already has
// lendables).
absl::Status AddFrontDeskDemo(soci::session& sql, const domain::Site& site,
                              const char* reception, const char* building,
                              const char* unit, absl::Time now);

}  // namespace concierge

#endif  // CONCIERGE_SERVER_DEMO_FRONT_DESK_DEMO_H_
