#include "server/store/site_provisioning.h"

#include "server/store/catalog_repository.h"
#include "server/store/directory_repository.h"
#include "server/store/housekeeping_repository.h"

namespace concierge::store {

domain::Site ProvisionSite(soci::session& sql, const domain::Site& site) {
  domain::Site stored = InsertSite(sql, site);
  std::vector<domain::Department> departments;
  for (domain::Department department : domain::DefaultDepartments(site.kind)) {
    department.site_id = stored.id;
    department.create_time = site.create_time;
    departments.push_back(InsertDepartment(sql, department));
  }
  InsertDefaultCatalogue(sql, stored, departments);
  if (site.kind == domain::SiteKind::kHotel) {
    InsertHousekeepingDefaults(sql, stored, departments);
  }
  return stored;
}

}  // namespace concierge::store
