#include "server/store/directory_repository.h"

#include <string>
#include <vector>

namespace concierge::store {
namespace {

// --- sites ---------------------------------------------------------------

constexpr char kInsertSite[] = R"sql(
INSERT INTO sites (kind, display_name, time_zone, currency_code, created_at)
VALUES (:kind, :display_name, :time_zone, :currency, us_to_ts(:created_us))
RETURNING id)sql";

constexpr char kSiteColumns[] = R"sql(
SELECT id, kind, display_name, time_zone, currency_code,
       ts_to_us(created_at) AS created_us, version
FROM sites )sql";

const pg::Statement kFindSite("find site",
                             std::string(kSiteColumns) + "WHERE id = $1");
constexpr char kListSites[] =
    "WHERE id > :after AND (:only::bigint = 0 OR id = :only) ORDER BY id LIMIT :lim";

template <typename Row>
domain::Site SiteFromRow(const Row& r) {
  domain::Site s;
  s.id = Get<long long>(r, "id");
  s.kind = domain::SiteKindFromName(Get<std::string>(r, "kind"))
               .value_or(domain::SiteKind::kResidential);
  s.display_name = Get<std::string>(r, "display_name");
  s.time_zone = Get<std::string>(r, "time_zone");
  s.currency = Get<std::string>(r, "currency_code");
  s.create_time = FromMicros(Get<long long>(r, "created_us"));
  s.version = Get<long long>(r, "version");
  return s;
}

// --- departments -----------------------------------------------------------

constexpr char kInsertDepartment[] = R"sql(
INSERT INTO departments (site_id, code, title_zh, title_en, hourly_cost_minor,
                         created_at)
VALUES (:site_id, :code, :title_zh, :title_en, :hourly_cost,
        us_to_ts(:created_us))
RETURNING id)sql";

constexpr char kDepartmentColumns[] = R"sql(
SELECT id, site_id, code, title_zh, title_en, hourly_cost_minor,
       ts_to_us(created_at) AS created_us
FROM departments )sql";

constexpr char kSelectDepartment[] = "WHERE site_id = :site AND id = :id";
constexpr char kSelectDepartmentByCode[] =
    "WHERE site_id = :site AND code = :code";
constexpr char kListDepartments[] =
    "WHERE site_id = :site AND id > :after ORDER BY id LIMIT :lim";

domain::Department DepartmentFromRow(const soci::row& r) {
  domain::Department d;
  d.id = r.get<long long>("id");
  d.site_id = r.get<long long>("site_id");
  d.code = r.get<std::string>("code");
  d.title_zh = r.get<std::string>("title_zh");
  d.title_en = r.get<std::string>("title_en");
  d.hourly_cost_minor = r.get<long long>("hourly_cost_minor");
  d.create_time = FromMicros(r.get<long long>("created_us"));
  return d;
}

// --- staff -------------------------------------------------------------------

constexpr char kInsertStaff[] = R"sql(
INSERT INTO staff (site_id, department_id, role, display_name, phone,
                   spending_limit_minor, active, created_at)
VALUES (:site_id, :department_id, :role, :display_name, :phone, :limit,
        :active, us_to_ts(:created_us))
RETURNING id)sql";

constexpr char kStaffColumns[] = R"sql(
SELECT id, site_id, COALESCE(department_id, 0) AS department_id, role,
       display_name, phone, spending_limit_minor, active::int AS active,
       ts_to_us(created_at) AS created_us, version
FROM staff )sql";

constexpr char kSelectStaff[] = "WHERE site_id = :site AND id = :id";
constexpr char kListStaff[] = R"sql(
WHERE site_id = :site AND id > :after
  AND (:department::bigint = 0 OR department_id = :department)
  AND (:role = '' OR role = :role)
ORDER BY id LIMIT :lim)sql";

constexpr char kUpdateStaff[] = R"sql(
UPDATE staff
SET department_id = :department_id, role = :role,
    display_name = :display_name, phone = :phone,
    spending_limit_minor = :limit, active = :active, version = version + 1
WHERE site_id = :site AND id = :id AND version = :version
RETURNING version)sql";

domain::Staff StaffFromRow(const soci::row& r) {
  domain::Staff s;
  s.id = r.get<long long>("id");
  s.site_id = r.get<long long>("site_id");
  s.department_id = r.get<long long>("department_id");
  s.role = domain::RoleFromName(r.get<std::string>("role"))
               .value_or(domain::Role::kStaff);
  s.display_name = r.get<std::string>("display_name");
  s.phone = r.get<std::string>("phone");
  s.spending_limit_minor = r.get<long long>("spending_limit_minor");
  s.active = r.get<int>("active") != 0;
  s.create_time = FromMicros(r.get<long long>("created_us"));
  s.version = r.get<long long>("version");
  return s;
}

// --- households and residents --------------------------------------------

constexpr char kInsertHousehold[] = R"sql(
INSERT INTO households (site_id, building, unit, address, created_at)
VALUES (:site_id, :building, :unit, :address, us_to_ts(:created_us))
RETURNING id)sql";

constexpr char kHouseholdColumns[] = R"sql(
SELECT id, site_id, building, unit, address,
       ts_to_us(created_at) AS created_us
FROM households )sql";

const pg::Statement kFindHousehold(
    "find household",
    std::string(kHouseholdColumns) + "WHERE site_id = $1 AND id = $2");
constexpr char kListHouseholds[] =
    "WHERE site_id = :site AND id > :after ORDER BY id LIMIT :lim";

template <typename Row>
domain::Household HouseholdFromRow(const Row& r) {
  domain::Household h;
  h.id = Get<long long>(r, "id");
  h.site_id = Get<long long>(r, "site_id");
  h.building = Get<std::string>(r, "building");
  h.unit = Get<std::string>(r, "unit");
  h.address = Get<std::string>(r, "address");
  h.create_time = FromMicros(Get<long long>(r, "created_us"));
  return h;
}

constexpr char kInsertResident[] = R"sql(
INSERT INTO residents (site_id, household_id, display_name, phone, created_at)
VALUES (:site_id, :household_id, :display_name, :phone, us_to_ts(:created_us))
RETURNING id)sql";

constexpr char kResidentColumns[] = R"sql(
SELECT id, site_id, household_id, display_name, phone,
       ts_to_us(created_at) AS created_us
FROM residents )sql";

const pg::Statement kFindResident(
    "find resident",
    std::string(kResidentColumns) + "WHERE site_id = $1 AND id = $2");
constexpr char kListResidents[] = R"sql(
WHERE site_id = :site AND id > :after
  AND (:household::bigint = 0 OR household_id = :household)
ORDER BY id LIMIT :lim)sql";

template <typename Row>
domain::Resident ResidentFromRow(const Row& r) {
  domain::Resident p;
  p.id = Get<long long>(r, "id");
  p.site_id = Get<long long>(r, "site_id");
  p.household_id = Get<long long>(r, "household_id");
  p.display_name = Get<std::string>(r, "display_name");
  p.phone = Get<std::string>(r, "phone");
  p.create_time = FromMicros(Get<long long>(r, "created_us"));
  return p;
}

// --- partners ----------------------------------------------------------------

constexpr char kInsertPartner[] = R"sql(
INSERT INTO partners (site_id, display_name, scopes, created_at)
VALUES (:site_id, :display_name, :scopes, us_to_ts(:created_us))
RETURNING id)sql";

constexpr char kPartnerColumns[] = R"sql(
SELECT id, site_id, display_name, scopes, ts_to_us(created_at) AS created_us
FROM partners )sql";

constexpr char kSelectPartner[] = "WHERE site_id = :site AND id = :id";
constexpr char kListPartners[] =
    "WHERE site_id = :site AND id > :after ORDER BY id LIMIT :lim";

domain::Partner PartnerFromRow(const soci::row& r) {
  domain::Partner p;
  p.id = r.get<long long>("id");
  p.site_id = r.get<long long>("site_id");
  p.display_name = r.get<std::string>("display_name");
  p.scopes = SplitWords(r.get<std::string>("scopes"));
  p.create_time = FromMicros(r.get<long long>("created_us"));
  return p;
}

constexpr char kSelectSiteByName[] =
    "WHERE display_name = :name ORDER BY id LIMIT 1";
constexpr char kSelectStaffByName[] =
    "WHERE site_id = :site AND display_name = :name ORDER BY id LIMIT 1";
constexpr char kSelectHouseholdByUnit[] =
    "WHERE site_id = :site AND building = :building AND unit = :unit";
constexpr char kSelectResidentByName[] =
    "WHERE household_id = :household AND display_name = :name "
    "ORDER BY id LIMIT 1";

// Runs a SELECT of one row; nullopt when there is none.
template <typename T, typename FromRow, typename... Uses>
std::optional<T> SelectOne(soci::session& sql, const std::string& query,
                           FromRow from_row, Uses&&... uses) {
  soci::row row;
  ((sql << query), ..., std::forward<Uses>(uses)), soci::into(row);
  if (!sql.got_data()) return std::nullopt;
  return from_row(row);
}

template <typename T, typename FromRow>
std::vector<T> CollectRows(soci::rowset<soci::row>& rows, FromRow from_row) {
  std::vector<T> out;
  for (const soci::row& row : rows) out.push_back(from_row(row));
  return out;
}

}  // namespace

domain::Site InsertSite(soci::session& sql, const domain::Site& site) {
  domain::Site stored = site;
  const std::string kind(domain::SiteKindName(site.kind));
  const long long created_us = ToMicros(site.create_time);
  sql << kInsertSite, soci::use(kind, "kind"),
      soci::use(site.display_name, "display_name"),
      soci::use(site.time_zone, "time_zone"),
      soci::use(site.currency, "currency"),
      soci::use(created_us, "created_us"), soci::into(stored.id);
  stored.version = 1;
  return stored;
}

pg::Command FindSiteCommand(int64_t site_id) { return {kFindSite, {site_id}}; }

std::optional<domain::Site> SiteFromResult(const pg::Result& result) {
  return FirstRow<domain::Site>(result, SiteFromRow<pg::Row>);
}

std::optional<domain::Site> FindSite(soci::session& sql, int64_t site_id) {
  return SiteFromResult(pg::Execute(sql, FindSiteCommand(site_id)));
}

Page<domain::Site> ListSites(soci::session& sql, int64_t only_site,
                             PageRequest page) {
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kSiteColumns) + kListSites,
       soci::use(page.after_id, "after"), soci::use(only_site, "only"),
       soci::use(fetch, "lim"));
  return MakePage(CollectRows<domain::Site>(rows, SiteFromRow<soci::row>),
                  page.limit);
}

domain::Department InsertDepartment(soci::session& sql,
                                    const domain::Department& department) {
  domain::Department stored = department;
  const long long created_us = ToMicros(department.create_time);
  sql << kInsertDepartment, soci::use(department.site_id, "site_id"),
      soci::use(department.code, "code"),
      soci::use(department.title_zh, "title_zh"),
      soci::use(department.title_en, "title_en"),
      soci::use(department.hourly_cost_minor, "hourly_cost"),
      soci::use(created_us, "created_us"), soci::into(stored.id);
  return stored;
}

std::optional<domain::Department> FindDepartment(soci::session& sql,
                                                 int64_t site_id,
                                                 int64_t department_id) {
  return SelectOne<domain::Department>(
      sql, std::string(kDepartmentColumns) + kSelectDepartment,
      DepartmentFromRow, soci::use(site_id, "site"),
      soci::use(department_id, "id"));
}

std::optional<domain::Department> FindDepartmentByCode(
    soci::session& sql, int64_t site_id, const std::string& code) {
  return SelectOne<domain::Department>(
      sql, std::string(kDepartmentColumns) + kSelectDepartmentByCode,
      DepartmentFromRow, soci::use(site_id, "site"), soci::use(code, "code"));
}

Page<domain::Department> ListDepartments(soci::session& sql, int64_t site_id,
                                         PageRequest page) {
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kDepartmentColumns) + kListDepartments,
       soci::use(site_id, "site"), soci::use(page.after_id, "after"),
       soci::use(fetch, "lim"));
  return MakePage(CollectRows<domain::Department>(rows, DepartmentFromRow),
                  page.limit);
}

domain::Staff InsertStaff(soci::session& sql, const domain::Staff& staff) {
  domain::Staff stored = staff;
  const std::string role(domain::RoleName(staff.role));
  const std::optional<long long> department = NullIfZero(staff.department_id);
  const int active = staff.active ? 1 : 0;
  const long long created_us = ToMicros(staff.create_time);
  sql << kInsertStaff, soci::use(staff.site_id, "site_id"),
      soci::use(department, "department_id"), soci::use(role, "role"),
      soci::use(staff.display_name, "display_name"),
      soci::use(staff.phone, "phone"),
      soci::use(staff.spending_limit_minor, "limit"),
      soci::use(active, "active"), soci::use(created_us, "created_us"),
      soci::into(stored.id);
  stored.version = 1;
  return stored;
}

std::optional<domain::Staff> FindStaff(soci::session& sql, int64_t site_id,
                                       int64_t staff_id) {
  return SelectOne<domain::Staff>(
      sql, std::string(kStaffColumns) + kSelectStaff, StaffFromRow,
      soci::use(site_id, "site"), soci::use(staff_id, "id"));
}

Page<domain::Staff> ListStaff(soci::session& sql, int64_t site_id,
                              const StaffFilter& filter, PageRequest page) {
  const int fetch = page.limit + 1;
  const std::string role =
      filter.role ? std::string(domain::RoleName(*filter.role)) : std::string();
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kStaffColumns) + kListStaff,
       soci::use(site_id, "site"), soci::use(page.after_id, "after"),
       soci::use(filter.department_id, "department"), soci::use(role, "role"),
       soci::use(fetch, "lim"));
  return MakePage(CollectRows<domain::Staff>(rows, StaffFromRow), page.limit);
}

std::optional<domain::Staff> UpdateStaff(soci::session& sql,
                                         const domain::Staff& staff,
                                         int64_t expected_version) {
  const std::string role(domain::RoleName(staff.role));
  const std::optional<long long> department = NullIfZero(staff.department_id);
  const int active = staff.active ? 1 : 0;
  long long new_version = 0;
  sql << kUpdateStaff, soci::use(department, "department_id"),
      soci::use(role, "role"), soci::use(staff.display_name, "display_name"),
      soci::use(staff.phone, "phone"),
      soci::use(staff.spending_limit_minor, "limit"),
      soci::use(active, "active"), soci::use(staff.site_id, "site"),
      soci::use(staff.id, "id"), soci::use(expected_version, "version"),
      soci::into(new_version);
  if (!sql.got_data()) return std::nullopt;
  return FindStaff(sql, staff.site_id, staff.id);
}

domain::Household InsertHousehold(soci::session& sql,
                                  const domain::Household& household) {
  domain::Household stored = household;
  const long long created_us = ToMicros(household.create_time);
  sql << kInsertHousehold, soci::use(household.site_id, "site_id"),
      soci::use(household.building, "building"),
      soci::use(household.unit, "unit"),
      soci::use(household.address, "address"),
      soci::use(created_us, "created_us"), soci::into(stored.id);
  return stored;
}

pg::Command FindHouseholdCommand(int64_t site_id, int64_t household_id) {
  return {kFindHousehold, {site_id, household_id}};
}

std::optional<domain::Household> HouseholdFromResult(const pg::Result& result) {
  return FirstRow<domain::Household>(result, HouseholdFromRow<pg::Row>);
}

std::optional<domain::Household> FindHousehold(soci::session& sql,
                                               int64_t site_id,
                                               int64_t household_id) {
  return HouseholdFromResult(
      pg::Execute(sql, FindHouseholdCommand(site_id, household_id)));
}

Page<domain::Household> ListHouseholds(soci::session& sql, int64_t site_id,
                                       PageRequest page) {
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kHouseholdColumns) + kListHouseholds,
       soci::use(site_id, "site"), soci::use(page.after_id, "after"),
       soci::use(fetch, "lim"));
  return MakePage(
      CollectRows<domain::Household>(rows, HouseholdFromRow<soci::row>),
      page.limit);
}

domain::Resident InsertResident(soci::session& sql,
                                const domain::Resident& resident) {
  domain::Resident stored = resident;
  const long long created_us = ToMicros(resident.create_time);
  sql << kInsertResident, soci::use(resident.site_id, "site_id"),
      soci::use(resident.household_id, "household_id"),
      soci::use(resident.display_name, "display_name"),
      soci::use(resident.phone, "phone"), soci::use(created_us, "created_us"),
      soci::into(stored.id);
  return stored;
}

pg::Command FindResidentCommand(int64_t site_id, int64_t resident_id) {
  return {kFindResident, {site_id, resident_id}};
}

std::optional<domain::Resident> ResidentFromResult(const pg::Result& result) {
  return FirstRow<domain::Resident>(result, ResidentFromRow<pg::Row>);
}

std::optional<domain::Resident> FindResident(soci::session& sql,
                                             int64_t site_id,
                                             int64_t resident_id) {
  return ResidentFromResult(
      pg::Execute(sql, FindResidentCommand(site_id, resident_id)));
}

Page<domain::Resident> ListResidents(soci::session& sql, int64_t site_id,
                                     int64_t household_id, PageRequest page) {
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kResidentColumns) + kListResidents,
       soci::use(site_id, "site"), soci::use(page.after_id, "after"),
       soci::use(household_id, "household"), soci::use(fetch, "lim"));
  return MakePage(
      CollectRows<domain::Resident>(rows, ResidentFromRow<soci::row>),
      page.limit);
}

domain::Partner InsertPartner(soci::session& sql,
                              const domain::Partner& partner) {
  domain::Partner stored = partner;
  const std::string scopes = JoinWords(partner.scopes);
  const long long created_us = ToMicros(partner.create_time);
  sql << kInsertPartner, soci::use(partner.site_id, "site_id"),
      soci::use(partner.display_name, "display_name"),
      soci::use(scopes, "scopes"), soci::use(created_us, "created_us"),
      soci::into(stored.id);
  return stored;
}

std::optional<domain::Partner> FindPartner(soci::session& sql, int64_t site_id,
                                           int64_t partner_id) {
  return SelectOne<domain::Partner>(
      sql, std::string(kPartnerColumns) + kSelectPartner, PartnerFromRow,
      soci::use(site_id, "site"), soci::use(partner_id, "id"));
}

Page<domain::Partner> ListPartners(soci::session& sql, int64_t site_id,
                                   PageRequest page) {
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kPartnerColumns) + kListPartners,
       soci::use(site_id, "site"), soci::use(page.after_id, "after"),
       soci::use(fetch, "lim"));
  return MakePage(CollectRows<domain::Partner>(rows, PartnerFromRow),
                  page.limit);
}

std::optional<domain::Site> FindSiteByDisplayName(
    soci::session& sql, const std::string& display_name) {
  return SelectOne<domain::Site>(
      sql, std::string(kSiteColumns) + kSelectSiteByName,
      SiteFromRow<soci::row>, soci::use(display_name, "name"));
}

std::optional<domain::Staff> FindStaffByDisplayName(
    soci::session& sql, int64_t site_id, const std::string& display_name) {
  return SelectOne<domain::Staff>(
      sql, std::string(kStaffColumns) + kSelectStaffByName, StaffFromRow,
      soci::use(site_id, "site"), soci::use(display_name, "name"));
}

std::optional<domain::Household> FindHouseholdByUnit(
    soci::session& sql, int64_t site_id, const std::string& building,
    const std::string& unit) {
  return SelectOne<domain::Household>(
      sql, std::string(kHouseholdColumns) + kSelectHouseholdByUnit,
      HouseholdFromRow<soci::row>, soci::use(site_id, "site"),
      soci::use(building, "building"), soci::use(unit, "unit"));
}

std::optional<domain::Resident> FindResidentByDisplayName(
    soci::session& sql, int64_t household_id, const std::string& display_name) {
  return SelectOne<domain::Resident>(
      sql, std::string(kResidentColumns) + kSelectResidentByName,
      ResidentFromRow<soci::row>, soci::use(household_id, "household"),
      soci::use(display_name, "name"));
}

}  // namespace concierge::store
