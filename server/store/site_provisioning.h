#ifndef CONCIERGE_SERVER_STORE_SITE_PROVISIONING_H_
#define CONCIERGE_SERVER_STORE_SITE_PROVISIONING_H_

#include <soci/soci.h>

#include "server/domain/directory.h"

namespace concierge::store {

// Inserts a new site with everything it starts with (its default departments;
// for a residential site also the default service catalogue; for a hotel the
// default housekeeping vocabulary and rules), inside the caller's
// transaction. Returns the stored site.
domain::Site ProvisionSite(soci::session& sql, const domain::Site& site);

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_SITE_PROVISIONING_H_
