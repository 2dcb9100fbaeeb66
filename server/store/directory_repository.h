#ifndef CONCIERGE_SERVER_STORE_DIRECTORY_REPOSITORY_H_
#define CONCIERGE_SERVER_STORE_DIRECTORY_REPOSITORY_H_

// Sites, departments, staff, households, residents and partners.
//
// Every function runs on a session inside Database::Transact/Read; SOCI
// exceptions they throw are mapped to absl::Status there.

#include <cstdint>
#include <optional>

#include <soci/soci.h>

#include "server/domain/directory.h"
#include "server/store/sql_util.h"

namespace concierge::store {

Site InsertSite(soci::session& sql, const Site& site);
std::optional<Site> FindSite(soci::session& sql, int64_t site_id);
// FindSite, FindHousehold and FindResident as commands for pg::ExecuteBatch,
// and the readers of their results.
pg::Command FindSiteCommand(int64_t site_id);
std::optional<Site> SiteFromResult(const pg::Result& result);
pg::Command FindHouseholdCommand(int64_t site_id, int64_t household_id);
std::optional<Household> HouseholdFromResult(const pg::Result& result);
pg::Command FindResidentCommand(int64_t site_id, int64_t resident_id);
std::optional<Resident> ResidentFromResult(const pg::Result& result);
// `only_site` = 0 lists every site.
Page<Site> ListSites(soci::session& sql, int64_t only_site, PageRequest page);

Department InsertDepartment(soci::session& sql, const Department& department);
std::optional<Department> FindDepartment(soci::session& sql, int64_t site_id,
                                         int64_t department_id);
std::optional<Department> FindDepartmentByCode(soci::session& sql,
                                               int64_t site_id,
                                               const std::string& code);
Page<Department> ListDepartments(soci::session& sql, int64_t site_id,
                                 PageRequest page);

struct StaffFilter {
  int64_t department_id = 0;  // 0: any
  std::optional<Role> role;
};
Staff InsertStaff(soci::session& sql, const Staff& staff);
std::optional<Staff> FindStaff(soci::session& sql, int64_t site_id,
                               int64_t staff_id);
Page<Staff> ListStaff(soci::session& sql, int64_t site_id,
                      const StaffFilter& filter, PageRequest page);
// Writes `staff` if its version is still `expected_version`; returns the
// stored row (version + 1) or nullopt when the version moved on.
std::optional<Staff> UpdateStaff(soci::session& sql, const Staff& staff,
                                 int64_t expected_version);

Household InsertHousehold(soci::session& sql, const Household& household);
std::optional<Household> FindHousehold(soci::session& sql, int64_t site_id,
                                       int64_t household_id);
Page<Household> ListHouseholds(soci::session& sql, int64_t site_id,
                               PageRequest page);

Resident InsertResident(soci::session& sql, const Resident& resident);
std::optional<Resident> FindResident(soci::session& sql, int64_t site_id,
                                     int64_t resident_id);
// `household_id` = 0 lists the whole site.
Page<Resident> ListResidents(soci::session& sql, int64_t site_id,
                             int64_t household_id, PageRequest page);

Partner InsertPartner(soci::session& sql, const Partner& partner);
std::optional<Partner> FindPartner(soci::session& sql, int64_t site_id,
                                   int64_t partner_id);
Page<Partner> ListPartners(soci::session& sql, int64_t site_id,
                           PageRequest page);

// Lookups by natural key, for the demo setup and for desk searches.
std::optional<Site> FindSiteByDisplayName(soci::session& sql,
                                          const std::string& display_name);
std::optional<Staff> FindStaffByDisplayName(soci::session& sql,
                                            int64_t site_id,
                                            const std::string& display_name);
std::optional<Household> FindHouseholdByUnit(soci::session& sql,
                                             int64_t site_id,
                                             const std::string& building,
                                             const std::string& unit);
std::optional<Resident> FindResidentByDisplayName(
    soci::session& sql, int64_t household_id, const std::string& display_name);

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_DIRECTORY_REPOSITORY_H_
