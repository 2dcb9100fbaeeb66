#include "server/demo/demo_data.h"

#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "server/app/bootstrap.h"
#include "server/auth/tokens.h"
#include "server/common/embedded_file.h"
#include "server/domain/status_macros.h"
#include "server/store/directory_repository.h"
#include "server/store/guest_repository.h"
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

// --- hotel guests ----------------------------------------------------------

constexpr char kVipLoyaltyNumber[] = "SV-1001";

std::string DemoStaffName(soci::session& sql, const Site& hotel,
                          const char* display_name) {
  auto staff = store::FindStaffByDisplayName(sql, hotel.id, display_name);
  return staff ? absl::StrCat("sites/", hotel.id, "/staff/", staff->id) : "";
}

// A stay that began `days_ago` days ago; closed after `nights` unless 0.
absl::Status AddStay(soci::session& sql, const Site& hotel, int64_t guest,
                     const std::string& room, absl::Time now, int days_ago,
                     int nights, Party party, TravelPurpose purpose,
                     const std::string& by) {
  Stay stay;
  stay.site_id = hotel.id;
  stay.guest_id = guest;
  stay.room_number = room;
  stay.check_in_time = now - absl::Hours(24 * days_ago);
  stay.expected_check_out_time =
      stay.check_in_time + absl::Hours(24 * (nights == 0 ? 3 : nights));
  stay.party = party;
  stay.purpose = purpose;
  stay.created_by = by;
  std::optional<Stay> stored = store::InsertStay(sql, stay);
  if (!stored) {
    return absl::FailedPreconditionError(
        absl::StrCat("demo: room ", room, " is occupied"));
  }
  if (nights > 0) {
    store::CloseStay(sql, hotel.id, stored->id,
                     stay.check_in_time + absl::Hours(24 * nights), by);
  }
  return absl::OkStatus();
}

absl::Status AddPreference(soci::session& sql, const Site& hotel, int64_t guest,
                           PreferenceCategory category, const char* key,
                           const char* value, PreferenceSource source,
                           const std::string& by, absl::Time when) {
  Preference p;
  p.guest_id = guest;
  p.category = category;
  p.key = key;
  p.value = value;
  p.source = source;
  p.recorded_by = by;
  p.site_id = hotel.id;
  p.record_time = when;
  return store::RecordPreference(sql, p).status();
}

void AddNote(soci::session& sql, const Site& hotel, int64_t guest,
             const char* department, const std::string& by, const char* text,
             absl::Time when) {
  Note n;
  n.guest_id = guest;
  n.site_id = hotel.id;
  n.department = department;
  n.author = by;
  n.text = text;
  n.create_time = when;
  store::InsertNote(sql, n);
}

// Three guests of the demo hotel: a VIP regular in room 1203 whose birthday
// is the day the demo is first set up, a family with an infant in 1508 and
// a wheelchair user between stays. Created once (found by loyalty number).
absl::Status AddHotelGuests(soci::session& sql, const Site& hotel,
                            absl::Time now, Output* out) {
  if (auto existing =
          store::FindGuestIdByLoyaltyNumber(sql, kVipLoyaltyNumber)) {
    out->Add("DEMO_VIP_GUEST", absl::StrCat("guests/", *existing));
    return absl::OkStatus();
  }
  const std::string desk = DemoStaffName(sql, hotel, "吳前台 Front desk Wu");
  const std::string attendant =
      DemoStaffName(sql, hotel, "何服務員 Attendant He");
  const std::string waiter = DemoStaffName(sql, hotel, "馬服務員 Waiter Ma");
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(hotel.time_zone, &zone)) zone = absl::UTCTimeZone();
  const absl::CivilDay today = absl::ToCivilDay(now, zone);

  Guest wang;
  wang.chinese_name = "王建國";
  wang.latin_name = "WANG Jianguo";
  wang.address_zh = "王先生";
  wang.address_en = "Mr Wang";
  wang.phone = "+86 138 0000 1203";
  wang.email = "wang.jianguo@example.com";
  wang.language = "zh-CN";
  wang.vip_level = 3;
  wang.loyalty_number = kVipLoyaltyNumber;
  wang.birthday = {1975, today.month(), today.day()};
  wang.create_time = now - absl::Hours(24 * 400);
  wang.update_time = wang.create_time;
  wang.created_by = desk;
  wang = store::InsertGuest(sql, wang);
  const Party alone{1, 0, 0};
  for (auto [room, days_ago] : {std::pair{"1201", 200}, std::pair{"1508", 120},
                                std::pair{"0906", 40}}) {
    RETURN_IF_ERROR(AddStay(sql, hotel, wang.id, room, now, days_ago, 2, alone,
                            TravelPurpose::kBusiness, desk));
  }
  RETURN_IF_ERROR(AddStay(sql, hotel, wang.id, "1203", now, 1, 0, alone,
                          TravelPurpose::kBusiness, desk));
  const absl::Time earlier = now - absl::Hours(24 * 120);
  RETURN_IF_ERROR(AddPreference(sql, hotel, wang.id, PreferenceCategory::kRoom,
                                "room_temperature_c", "23",
                                PreferenceSource::kStated, desk, earlier));
  RETURN_IF_ERROR(AddPreference(sql, hotel, wang.id, PreferenceCategory::kRoom,
                                "room_temperature_c", "26",
                                PreferenceSource::kObserved, attendant,
                                now - absl::Hours(24 * 40)));
  RETURN_IF_ERROR(AddPreference(sql, hotel, wang.id, PreferenceCategory::kRoom,
                                "curtains", "gap", PreferenceSource::kObserved,
                                attendant, now - absl::Hours(24 * 40)));
  RETURN_IF_ERROR(AddPreference(
      sql, hotel, wang.id, PreferenceCategory::kFoodAndBeverage, "coffee",
      "black_no_sugar", PreferenceSource::kObserved, waiter, earlier));
  RETURN_IF_ERROR(
      AddPreference(sql, hotel, wang.id, PreferenceCategory::kAmenity, "pillow",
                    "feather_free", PreferenceSource::kStated, desk, earlier));
  AddNote(sql, hotel, wang.id, "FOOD_AND_BEVERAGE", waiter,
          "喜歡西餐廳靠窗座位，早餐時看報 / Prefers the window table in the "
          "western restaurant; reads the paper at breakfast.",
          now - absl::Hours(24 * 40));
  AddNote(sql, hotel, wang.id, "HOUSEKEEPING", attendant,
          "晚上常在書桌工作，整理時保持文件順序 / Works late at the desk: keep "
          "his papers in order when tidying.",
          now - absl::Hours(20));
  out->Add("DEMO_VIP_GUEST", absl::StrCat("guests/", wang.id));

  Guest li;
  li.chinese_name = "李美玲";
  li.latin_name = "LI Meiling";
  li.address_zh = "李女士";
  li.address_en = "Ms Li";
  li.phone = "+86 139 0000 1508";
  li.language = "zh-CN";
  li.birthday = {0, 11, 18};
  li.create_time = now - absl::Hours(48);
  li.update_time = li.create_time;
  li.created_by = desk;
  li = store::InsertGuest(sql, li);
  RETURN_IF_ERROR(AddStay(sql, hotel, li.id, "1508", now, 2, 0, {2, 0, 1},
                          TravelPurpose::kFamily, desk));
  RETURN_IF_ERROR(AddPreference(
      sql, hotel, li.id, PreferenceCategory::kAmenity, "baby_crib", "true",
      PreferenceSource::kObserved, attendant, now - absl::Hours(30)));
  AddNote(sql, hotel, li.id, "HOUSEKEEPING", attendant,
          "浴室晾著嬰兒衣物：已放嬰兒床，可提供溫奶器 / Baby clothes drying in "
          "the bathroom: crib placed, bottle warmer offered.",
          now - absl::Hours(30));

  Guest anna;
  anna.latin_name = "Anna SCHMIDT";
  anna.address_zh = "施密特女士";
  anna.address_en = "Ms Schmidt";
  anna.language = "de";
  anna.accessibility = {AccessibilityNeed::kWheelchair};
  anna.accessibility_note = "needs a roll-in shower";
  anna.create_time = now - absl::Hours(24 * 90);
  anna.update_time = anna.create_time;
  anna.created_by = desk;
  anna = store::InsertGuest(sql, anna);
  return AddStay(sql, hotel, anna.id, "0302", now, 90, 4, alone,
                 TravelPurpose::kConference, desk);
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
        return AddHotelGuests(sql, hotel, now, &out);
      }));
  return WritePrivateFile(out_path, out.text);
}

}  // namespace concierge
