#include "server/usecase/loaders.h"

#include "absl/strings/str_cat.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/store/catalog_repository.h"
#include "server/store/directory_repository.h"

namespace concierge::usecase {

absl::StatusOr<domain::Site> LoadSite(soci::session& sql, int64_t site_id) {
  std::optional<domain::Site> site = store::FindSite(sql, site_id);
  if (!site) {
    return absl::NotFoundError(absl::StrCat("sites/", site_id, " not found"));
  }
  return *site;
}

absl::StatusOr<absl::TimeZone> SiteZone(soci::session& sql, int64_t site_id) {
  CONCIERGE_ASSIGN_OR_RETURN(domain::Site site, LoadSite(sql, site_id));
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(site.time_zone, &zone)) zone = absl::UTCTimeZone();
  return zone;
}

absl::StatusOr<domain::ServiceItem> LoadItem(soci::session& sql,
                                             int64_t site_id, int64_t item_id) {
  std::optional<domain::ServiceItem> item =
      store::FindItem(sql, site_id, item_id);
  if (!item) {
    return absl::NotFoundError(
        absl::StrCat(SiteChildName(site_id, "items", item_id), " not found"));
  }
  return *item;
}

absl::StatusOr<int64_t> FindDepartment(soci::session& sql, int64_t site_id,
                                       absl::string_view field,
                                       const std::array<int64_t, 2>& named) {
  if (named[0] != site_id || !store::FindDepartment(sql, site_id, named[1])) {
    return absl::NotFoundError(
        absl::StrCat(field, ": ", DepartmentName(named[0], named[1]),
                     " is not a department of sites/", site_id));
  }
  return named[1];
}

absl::StatusOr<int64_t> ResolveDepartment(soci::session& sql, int64_t site_id,
                                          absl::string_view field,
                                          const std::string& name) {
  if (name.empty()) return 0;
  CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                             ParseSiteChild(field, name, "departments"));
  return FindDepartment(sql, site_id, field, ids);
}

}  // namespace concierge::usecase
