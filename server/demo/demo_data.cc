#include "server/demo/demo_data.h"

#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/app/bootstrap.h"
#include "server/auth/tokens.h"
#include "server/common/embedded_file.h"
#include "server/domain/status_macros.h"
#include "server/store/directory_repository.h"
#include "server/store/migrator.h"
#include "server/store/site_provisioning.h"
#include "server/store/token_repository.h"

namespace concierge {
namespace {

constexpr char kDemoLabel[] = "demo";
constexpr char kResidentialName[] = "和諧花園 Harmony Gardens (demo)";
constexpr char kHotelName[] = "海景酒店 Seaview Hotel (demo)";

struct DemoStaff {
  const char* variable;  // shell variable receiving the token
  const char* display_name;
  Role role;
  const char* department;  // "" for none
  int64_t spending_limit_minor;
};

constexpr DemoStaff kResidentialStaff[] = {
    {"RES_MANAGER_TOKEN", "王經理 Manager Wang", Role::kManager, "", 0},
    {"RES_RECEPTION_TOKEN", "李前台 Receptionist Li", Role::kReception,
     "RECEPTION", 0},
    {"RES_SUPERVISOR_TOKEN", "張主管 Supervisor Zhang", Role::kSupervisor,
     "MAINTENANCE", 50000},
    {"RES_PLUMBER_TOKEN", "陳師傅 Plumber Chen", Role::kStaff, "MAINTENANCE",
     0},
    {"RES_CLEANING_SUPERVISOR_TOKEN", "孫主管 Supervisor Sun",
     Role::kSupervisor, "CLEANING", 20000},
    {"RES_FINANCE_TOKEN", "趙會計 Accountant Zhao", Role::kFinance, "", 0},
};

constexpr DemoStaff kHotelStaff[] = {
    {"HOTEL_MANAGER_TOKEN", "林總經理 Manager Lin", Role::kManager, "", 0},
    {"HOTEL_FRONT_DESK_TOKEN", "吳前台 Front desk Wu", Role::kReception,
     "FRONT_DESK", 0},
    {"HOTEL_HK_SUPERVISOR_TOKEN", "鄭領班 Supervisor Zheng", Role::kSupervisor,
     "HOUSEKEEPING", 100000},
    {"HOTEL_ATTENDANT_TOKEN", "何服務員 Attendant He", Role::kStaff,
     "HOUSEKEEPING", 5000},
    {"HOTEL_WAITER_TOKEN", "馬服務員 Waiter Ma", Role::kStaff,
     "FOOD_AND_BEVERAGE", 5000},
};

struct DemoHousehold {
  const char* variable;
  const char* building;
  const char* unit;
  const char* resident;
  const char* phone;
};

constexpr DemoHousehold kHouseholds[] = {
    {"RESIDENT_TOKEN", "1棟 Building 1", "101", "劉女士 Ms Liu",
     "138-0000-0101"},
    {"RESIDENT2_TOKEN", "1棟 Building 1", "102", "周先生 Mr Zhou",
     "138-0000-0102"},
};

// Collects "VAR=value" lines for the output file.
struct Output {
  std::string text;
  void Add(absl::string_view variable, absl::string_view value) {
    absl::StrAppend(&text, variable, "='", value, "'\n");
  }
};

Site FindOrCreateSite(soci::session& sql, SiteKind kind,
                      const std::string& name, absl::Time now) {
  if (auto site = store::FindSiteByDisplayName(sql, name)) return *site;
  Site site;
  site.kind = kind;
  site.display_name = name;
  site.time_zone = "Asia/Shanghai";
  site.currency = "CNY";
  site.create_time = now;
  return store::ProvisionSite(sql, site);
}

std::string IssueDemoToken(soci::session& sql, PrincipalKind kind,
                           int64_t site_id, int64_t principal_id,
                           absl::Time now) {
  store::TokenRecord record;
  record.kind = kind;
  record.principal_id = principal_id;
  record.site_id = site_id;
  record.label = kDemoLabel;
  record.create_time = now;
  const std::string token = auth::NewTokenText();
  store::InsertToken(sql, record, auth::HashToken(token));
  return token;
}

void AddStaff(soci::session& sql, const Site& site,
              std::span<const DemoStaff> people, absl::Time now, Output* out) {
  for (const DemoStaff& person : people) {
    std::optional<Staff> staff =
        store::FindStaffByDisplayName(sql, site.id, person.display_name);
    if (!staff) {
      Staff s;
      s.site_id = site.id;
      s.role = person.role;
      s.display_name = person.display_name;
      s.spending_limit_minor = person.spending_limit_minor;
      s.create_time = now;
      if (*person.department != '\0') {
        s.department_id =
            store::FindDepartmentByCode(sql, site.id, person.department)->id;
      }
      staff = store::InsertStaff(sql, s);
    }
    out->Add(person.variable, IssueDemoToken(sql, PrincipalKind::kStaff,
                                             site.id, staff->id, now));
  }
}

void AddHouseholds(soci::session& sql, const Site& site, absl::Time now,
                   Output* out) {
  for (const DemoHousehold& h : kHouseholds) {
    std::optional<Household> household =
        store::FindHouseholdByUnit(sql, site.id, h.building, h.unit);
    if (!household) {
      Household n;
      n.site_id = site.id;
      n.building = h.building;
      n.unit = h.unit;
      n.address = absl::StrCat(h.building, " ", h.unit);
      n.create_time = now;
      household = store::InsertHousehold(sql, n);
    }
    std::optional<Resident> resident =
        store::FindResidentByDisplayName(sql, household->id, h.resident);
    if (!resident) {
      Resident r;
      r.site_id = site.id;
      r.household_id = household->id;
      r.display_name = h.resident;
      r.phone = h.phone;
      r.create_time = now;
      resident = store::InsertResident(sql, r);
    }
    out->Add(h.variable, IssueDemoToken(sql, PrincipalKind::kResident, site.id,
                                        resident->id, now));
  }
}

}  // namespace

absl::Status RunDemoSetup(const ServerOptions& options, const Clock& clock,
                          const std::string& out_path) {
  store::DatabaseOptions db_options = options.database;
  db_options.pool_size = 1;
  ASSIGN_OR_RETURN(auto db, store::Database::Open(db_options));
  RETURN_IF_ERROR(
      store::Migrate(db->connect_string(), embedded::Migrations()).status());
  RETURN_IF_ERROR(
      BootstrapAdmin(*db, clock, options.admin_token_file).status());
  const absl::Time now = clock.Now();
  Output out;
  RETURN_IF_ERROR(db->Transact(
      "DemoSetup", absl::Now() + absl::Seconds(60),
      [&](soci::session& sql) -> absl::Status {
        store::RevokeTokensByLabel(sql, kDemoLabel, now);
        const std::optional<int64_t> admin = store::FindFirstAdmin(sql);
        out.Add("ADMIN_TOKEN",
                IssueDemoToken(sql, PrincipalKind::kAdmin, 0, *admin, now));
        const Site residential = FindOrCreateSite(
            sql, SiteKind::kResidential, kResidentialName, now);
        const Site hotel =
            FindOrCreateSite(sql, SiteKind::kHotel, kHotelName, now);
        out.Add("RESIDENTIAL_SITE", absl::StrCat("sites/", residential.id));
        out.Add("HOTEL_SITE", absl::StrCat("sites/", hotel.id));
        AddStaff(sql, residential, kResidentialStaff, now, &out);
        AddHouseholds(sql, residential, now, &out);
        AddStaff(sql, hotel, kHotelStaff, now, &out);
        return absl::OkStatus();
      }));
  return WritePrivateFile(out_path, out.text);
}

}  // namespace concierge
