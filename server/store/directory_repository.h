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

domain::Site InsertSite(soci::session& sql, const domain::Site& site);
std::optional<domain::Site> FindSite(soci::session& sql, int64_t site_id);
// FindSite, FindHousehold and FindResident as commands for pg::ExecuteBatch,
// and the readers of their results.
pg::Command FindSiteCommand(int64_t site_id);
std::optional<domain::Site> SiteFromResult(const pg::Result& result);
pg::Command FindHouseholdCommand(int64_t site_id, int64_t household_id);
std::optional<domain::Household> HouseholdFromResult(const pg::Result& result);
pg::Command FindResidentCommand(int64_t site_id, int64_t resident_id);
std::optional<domain::Resident> ResidentFromResult(const pg::Result& result);
// `only_site` = 0 lists every site.
Page<domain::Site> ListSites(soci::session& sql, int64_t only_site,
                             PageRequest page);

domain::Department InsertDepartment(soci::session& sql,
                                    const domain::Department& department);
std::optional<domain::Department> FindDepartment(soci::session& sql,
                                                 int64_t site_id,
                                                 int64_t department_id);
std::optional<domain::Department> FindDepartmentByCode(soci::session& sql,
                                                       int64_t site_id,
                                                       const std::string& code);
Page<domain::Department> ListDepartments(soci::session& sql, int64_t site_id,
                                         PageRequest page);

struct StaffFilter {
  int64_t department_id = 0;  // 0: any
  std::optional<domain::Role> role;
};
domain::Staff InsertStaff(soci::session& sql, const domain::Staff& staff);
std::optional<domain::Staff> FindStaff(soci::session& sql, int64_t site_id,
                                       int64_t staff_id);
Page<domain::Staff> ListStaff(soci::session& sql, int64_t site_id,
                              const StaffFilter& filter, PageRequest page);
// Writes `staff` if its version is still `expected_version`; returns the
// stored row (version + 1) or nullopt when the version moved on.
std::optional<domain::Staff> UpdateStaff(soci::session& sql,
                                         const domain::Staff& staff,
                                         int64_t expected_version);

domain::Household InsertHousehold(soci::session& sql,
                                  const domain::Household& household);
std::optional<domain::Household> FindHousehold(soci::session& sql,
                                               int64_t site_id,
                                               int64_t household_id);
Page<domain::Household> ListHouseholds(soci::session& sql, int64_t site_id,
                                       PageRequest page);

domain::Resident InsertResident(soci::session& sql,
                                const domain::Resident& resident);
std::optional<domain::Resident> FindResident(soci::session& sql,
                                             int64_t site_id,
                                             int64_t resident_id);
// `household_id` = 0 lists the whole site.
Page<domain::Resident> ListResidents(soci::session& sql, int64_t site_id,
                                     int64_t household_id, PageRequest page);

domain::Partner InsertPartner(soci::session& sql,
                              const domain::Partner& partner);
std::optional<domain::Partner> FindPartner(soci::session& sql, int64_t site_id,
                                           int64_t partner_id);
Page<domain::Partner> ListPartners(soci::session& sql, int64_t site_id,
                                   PageRequest page);

// Lookups by natural key, for the demo setup and for desk searches.
std::optional<domain::Site> FindSiteByDisplayName(
    soci::session& sql, const std::string& display_name);
std::optional<domain::Staff> FindStaffByDisplayName(
    soci::session& sql, int64_t site_id, const std::string& display_name);
std::optional<domain::Household> FindHouseholdByUnit(
    soci::session& sql, int64_t site_id, const std::string& building,
    const std::string& unit);
std::optional<domain::Resident> FindResidentByDisplayName(
    soci::session& sql, int64_t household_id, const std::string& display_name);

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_DIRECTORY_REPOSITORY_H_
