#include "server/store/site_provisioning.h"

#include "server/store/directory_repository.h"

namespace concierge::store {

Site ProvisionSite(soci::session& sql, const Site& site) {
  Site stored = InsertSite(sql, site);
  for (Department department : DefaultDepartments(site.kind)) {
    department.site_id = stored.id;
    department.create_time = site.create_time;
    InsertDepartment(sql, department);
  }
  return stored;
}

}  // namespace concierge::store
