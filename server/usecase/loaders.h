#ifndef CONCIERGE_SERVER_USECASE_LOADERS_H_
#define CONCIERGE_SERVER_USECASE_LOADERS_H_

// "Find it or say NOT_FOUND" for resources several services refer to.

#include <soci/soci.h>

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/catalog.h"
#include "server/domain/directory.h"
#include "server/domain/principal.h"

namespace concierge::usecase {

absl::StatusOr<domain::Site> LoadSite(soci::session& sql, int64_t site_id);
// The site's time zone (UTC when the site's zone is unknown here).
absl::StatusOr<absl::TimeZone> SiteZone(soci::session& sql, int64_t site_id);
absl::StatusOr<domain::ServiceItem> LoadItem(soci::session& sql,
                                             int64_t site_id, int64_t item_id);

// The department {site, id} named in `field`, if it is one of `site_id`'s;
// NOT_FOUND otherwise.
absl::StatusOr<int64_t> FindDepartment(soci::session& sql, int64_t site_id,
                                       absl::string_view field,
                                       const std::array<int64_t, 2>& named);
// A department of `site_id` given in `field` as a resource name; "" gives 0.
absl::StatusOr<int64_t> ResolveDepartment(soci::session& sql, int64_t site_id,
                                          absl::string_view field,
                                          const std::string& name);

}  // namespace concierge::usecase

#endif  // CONCIERGE_SERVER_USECASE_LOADERS_H_
