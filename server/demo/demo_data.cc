#include "server/demo/demo_data.h"

#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "server/app/bootstrap.h"
#include "server/auth/tokens.h"
#include "server/common/embedded_file.h"
#include "server/common/status_macros.h"
#include "server/demo/front_desk_demo.h"
#include "server/store/catalog_repository.h"
#include "server/store/directory_repository.h"
#include "server/store/guest_repository.h"
#include "server/store/housekeeping_repository.h"
#include "server/store/migrator.h"
#include "server/store/minibar_repository.h"
#include "server/store/quality_repository.h"
#include "server/store/request_repository.h"
#include "server/store/reservation_repository.h"
#include "server/store/site_provisioning.h"
#include "server/store/token_repository.h"
#include "server/usecase/catalog_workflows.h"

namespace concierge {
namespace {

constexpr char kDemoLabel[] = "demo";
constexpr char kResidentialName[] = "和諧花園 Harmony Gardens (demo)";
constexpr char kHotelName[] = "海景酒店 Seaview Hotel (demo)";

struct DemoStaff {
  const char* variable;  // shell variable receiving the token
  const char* display_name;
  domain::Role role;
  const char* department;  // "" for none
  int64_t spending_limit_minor;
};

constexpr DemoStaff kResidentialStaff[] = {
    {"RES_MANAGER_TOKEN", "王經理 Manager Wang", domain::Role::kManager, "", 0},
    {"RES_RECEPTION_TOKEN", "李前台 Receptionist Li", domain::Role::kReception,
     "RECEPTION", 0},
    {"RES_SUPERVISOR_TOKEN", "張主管 Supervisor Zhang",
     domain::Role::kSupervisor, "MAINTENANCE", 50000},
    {"RES_PLUMBER_TOKEN", "陳師傅 Plumber Chen", domain::Role::kStaff,
     "MAINTENANCE", 0},
    {"RES_CLEANING_SUPERVISOR_TOKEN", "孫主管 Supervisor Sun",
     domain::Role::kSupervisor, "CLEANING", 20000},
    {"RES_FINANCE_TOKEN", "趙會計 Accountant Zhao", domain::Role::kFinance, "",
     0},
};

constexpr DemoStaff kHotelStaff[] = {
    {"HOTEL_MANAGER_TOKEN", "林總經理 Manager Lin", domain::Role::kManager, "",
     0},
    {"HOTEL_FRONT_DESK_TOKEN", "吳前台 Front desk Wu", domain::Role::kReception,
     "FRONT_DESK", 0},
    {"HOTEL_HK_SUPERVISOR_TOKEN", "鄭領班 Supervisor Zheng",
     domain::Role::kSupervisor, "HOUSEKEEPING", 100000},
    {"HOTEL_ATTENDANT_TOKEN", "何服務員 Attendant He", domain::Role::kStaff,
     "HOUSEKEEPING", 5000},
    {"HOTEL_WAITER_TOKEN", "馬服務員 Waiter Ma", domain::Role::kStaff,
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

domain::Site FindOrCreateSite(soci::session& sql, domain::SiteKind kind,
                              const std::string& name, absl::Time now) {
  if (auto site = store::FindSiteByDisplayName(sql, name)) return *site;
  domain::Site site;
  site.kind = kind;
  site.display_name = name;
  site.time_zone = "Asia/Shanghai";
  site.currency = "CNY";
  site.create_time = now;
  return store::ProvisionSite(sql, site);
}

std::string IssueDemoToken(soci::session& sql, domain::PrincipalKind kind,
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

void AddStaff(soci::session& sql, const domain::Site& site,
              std::span<const DemoStaff> people, absl::Time now, Output* out) {
  for (const DemoStaff& person : people) {
    std::optional<domain::Staff> staff =
        store::FindStaffByDisplayName(sql, site.id, person.display_name);
    if (!staff) {
      domain::Staff s;
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
    out->Add(person.variable, IssueDemoToken(sql, domain::PrincipalKind::kStaff,
                                             site.id, staff->id, now));
  }
}

void AddHouseholds(soci::session& sql, const domain::Site& site, absl::Time now,
                   Output* out) {
  for (const DemoHousehold& h : kHouseholds) {
    std::optional<domain::Household> household =
        store::FindHouseholdByUnit(sql, site.id, h.building, h.unit);
    if (!household) {
      domain::Household n;
      n.site_id = site.id;
      n.building = h.building;
      n.unit = h.unit;
      n.address = absl::StrCat(h.building, " ", h.unit);
      n.create_time = now;
      household = store::InsertHousehold(sql, n);
    }
    std::optional<domain::Resident> resident =
        store::FindResidentByDisplayName(sql, household->id, h.resident);
    if (!resident) {
      domain::Resident r;
      r.site_id = site.id;
      r.household_id = household->id;
      r.display_name = h.resident;
      r.phone = h.phone;
      r.create_time = now;
      resident = store::InsertResident(sql, r);
    }
    out->Add(h.variable, IssueDemoToken(sql, domain::PrincipalKind::kResident,
                                        site.id, resident->id, now));
  }
}

struct DemoPaidItem {
  const char* code;
  const char* title_zh;
  const char* title_en;
  domain::FeeKind fee;
  const char* department;
  int64_t price_minor;  // FIXED only
};

// Illustrative paid services (demo data, not the default catalogue).
constexpr DemoPaidItem kPaidItems[] = {
    {"TAP_REPAIR", "入戶水龍頭維修", "In-home tap repair",
     domain::FeeKind::kFixed, "MAINTENANCE", 5000},
    {"DRAIN_UNBLOCK", "下水道疏通", "Drain unblocking", domain::FeeKind::kFixed,
     "MAINTENANCE", 8000},
    {"KITCHEN_DEEP_CLEAN", "廚房深度清潔", "Kitchen deep clean",
     domain::FeeKind::kQuoted, "CLEANING", 0},
};

struct DemoProvider {
  const char* item_code;
  const char* name_zh;
  const char* name_en;
  const char* phone;
  const char* address;
};

constexpr DemoProvider kProviders[] = {
    {"HOSPITALS_INFO", "市第一人民醫院", "First People's Hospital",
     "021-5555-0120", "人民路 1 號 1 Renmin Road"},
    {"HOSPITALS_INFO", "和諧社區衛生服務中心", "Harmony Community Clinic",
     "021-5555-0121", "園區東門 East gate"},
    {"MOVERS_INFO", "順達搬家公司", "Shunda Movers", "400-555-0130", ""},
    {"TRANSPORT_SCHEDULES", "火車站問詢處", "Railway station enquiries",
     "12306", ""},
};

// The default catalogue adopted and announced as a manager would on a new
// site (CatalogService.AdoptDefaultCatalogue, then PublishAnnouncement);
// done once per site: a site whose default items are no longer DRAFT was
// adopted already.
absl::Status AdoptDefaultCatalogueDemo(soci::session& sql,
                                       const domain::Site& site,
                                       absl::Time now) {
  std::optional<domain::ServiceItem> probe = store::FindItemByCode(
      sql, site.id,
      site.kind == domain::SiteKind::kHotel ? "EXTRA_TOWELS" : "YELLOW_PAGES");
  // (A hotel created before its default list shipped gets it at adoption.)
  if (probe ? probe->state != domain::ItemState::kDraft
            : site.kind != domain::SiteKind::kHotel) {
    return absl::OkStatus();
  }
  CONCIERGE_ASSIGN_OR_RETURN(
      domain::Announcement adopted,
      usecase::AdoptDefaultItems(sql, site.id, {}, {}, "system", now));
  return usecase::PublishAnnouncementNow(
             sql, adopted,
             {domain::AnnouncementChannel::kEntrancePoster,
              domain::AnnouncementChannel::kMailbox,
              domain::AnnouncementChannel::kApp},
             "system", now)
      .status();
}

// Paid items with illustrative prices, announced so residents can book
// them; and a few providers for lookups. Done once per site.
void AddResidentialCatalogueDemo(soci::session& sql, const domain::Site& site,
                                 absl::Time now) {
  if (store::FindItemByCode(sql, site.id, kPaidItems[0].code)) return;
  domain::Announcement announcement;
  announcement.site_id = site.id;
  announcement.title_zh = "新增有償維修及清潔服務";
  announcement.title_en = "New paid repair and cleaning services";
  announcement.body_zh = "應住戶要求，服務中心新增以下有償服務（示範價格）。";
  announcement.body_en =
      "At residents' request the service center now offers these paid "
      "services (illustrative demo prices).";
  announcement.created_by = "system";
  announcement.create_time = now;
  for (int i = 0; i < 3; ++i) {
    const DemoPaidItem& paid = kPaidItems[i];
    domain::ServiceItem item;
    item.site_id = site.id;
    item.code = paid.code;
    item.title_zh = paid.title_zh;
    item.title_en = paid.title_en;
    item.category = domain::ItemCategory::kOnSite;
    item.fee_kind = paid.fee;
    item.fulfilment = domain::Fulfilment::kScheduled;
    item.department_id =
        store::FindDepartmentByCode(sql, site.id, paid.department)->id;
    item.state = domain::ItemState::kPublished;
    item.display_order = 100 + i;
    item.illustrative = true;
    item.approved_by = "system";
    item.approve_time = now;
    item.create_time = now;
    domain::ApplyDefaultTargets(&item);
    item = store::InsertItem(sql, item);
    announcement.item_ids.push_back(item.id);
    if (paid.fee != domain::FeeKind::kFixed) continue;
    domain::PriceVersion price;
    price.site_id = site.id;
    price.item_id = item.id;
    price.amount = domain::Money{site.currency, paid.price_minor};
    price.effective_time = now + absl::Seconds(1);
    price.state = domain::PriceState::kApproved;
    price.proposed_by = "system";
    price.propose_time = now;
    price = store::InsertPrice(sql, price);
    price.decided_by = "system";
    price.decide_time = now;
    store::RecordPriceDecision(sql, price);
    announcement.price_ids.push_back(price.id);
  }
  store::MarkPricesAnnounced(sql, site.id, announcement.price_ids, now);
  announcement = store::InsertAnnouncement(sql, announcement);
  announcement.published = true;
  announcement.channels = {domain::AnnouncementChannel::kEntrancePoster,
                           domain::AnnouncementChannel::kMailbox,
                           domain::AnnouncementChannel::kApp};
  announcement.published_by = "system";
  announcement.publish_time = now;
  store::RecordPublication(sql, announcement);
  for (const DemoProvider& p : kProviders) {
    domain::Provider provider;
    provider.site_id = site.id;
    provider.item_id = store::FindItemByCode(sql, site.id, p.item_code)->id;
    provider.name_zh = p.name_zh;
    provider.name_en = p.name_en;
    provider.phone = p.phone;
    provider.address = p.address;
    provider.create_time = now;
    store::InsertProvider(sql, provider);
  }
}

// --- quality history ---------------------------------------------------------

// How the demo's past actors are stored (domain::ActorKey).
std::string DemoActor(absl::string_view collection, int64_t site, int64_t id) {
  return domain::ActorKey(collection == "residents"
                              ? domain::PrincipalKind::kResident
                              : domain::PrincipalKind::kStaff,
                          site, id);
}

// A free request of the past, done and logged as the real flow would have.
domain::ServiceRequest AddDoneRequest(
    soci::session& sql, const domain::Site& site,
    const domain::ServiceItem& item, const domain::Household& household,
    const domain::Resident& resident, const domain::Staff& worker,
    absl::Time registered, absl::Time completed, int minutes, const char* notes,
    std::vector<domain::MaterialUse> materials) {
  domain::ServiceRequest r;
  r.site_id = site.id;
  r.item_id = item.id;
  r.item_code = item.code;
  r.fee_kind = item.fee_kind;
  r.state = domain::RequestState::kDispatched;
  r.channel = domain::RequestChannel::kApp;
  r.household_id = household.id;
  r.resident_id = resident.id;
  r.contact_name = resident.display_name;
  r.unit = absl::StrCat(household.building, " ", household.unit);
  r.phone = resident.phone;
  r.registered_by = DemoActor("residents", site.id, resident.id);
  r.currency = site.currency;
  r.department_id = item.department_id;
  r.create_time = registered;
  domain::SetDueTimes(item, &r);
  r = store::InsertRequest(sql, r);
  auto log = [&](domain::RequestAction action,
                 std::optional<domain::RequestState> before,
                 domain::RequestState after, const std::string& actor,
                 const char* role, absl::Time at) {
    domain::RequestEvent e;
    e.site_id = site.id;
    e.request_id = r.id;
    e.department_id = r.department_id;
    e.assignee_id = action == domain::RequestAction::kRegister ? 0 : worker.id;
    e.action = action;
    e.before = before;
    e.after = after;
    e.actor = actor;
    e.actor_role = role;
    e.time = at;
    store::AppendEvent(sql, e);
  };
  const std::string worker_name = DemoActor("staff", site.id, worker.id);
  log(domain::RequestAction::kRegister, std::nullopt,
      domain::RequestState::kDispatched, r.registered_by, "RESIDENT",
      registered);
  log(domain::RequestAction::kAssign, domain::RequestState::kDispatched,
      domain::RequestState::kAssigned, worker_name, "SUPERVISOR",
      registered + absl::Minutes(20));
  log(domain::RequestAction::kStart, domain::RequestState::kAssigned,
      domain::RequestState::kInProgress, worker_name, "STAFF",
      completed - absl::Minutes(minutes));
  log(domain::RequestAction::kComplete, domain::RequestState::kInProgress,
      domain::RequestState::kCompleted, worker_name, "STAFF", completed);
  r.state = domain::RequestState::kCompleted;
  r.assignee_id = worker.id;
  r.start_time = completed - absl::Minutes(minutes);
  r.complete_time = completed;
  r.completion_notes = notes;
  r.minutes_spent = minutes;
  r.materials = materials;
  r.update_time = completed;
  store::SaveRequest(sql, r, r.version);
  store::InsertMaterials(sql, r.id, materials);
  if (r.department_code.empty()) {
    r.department_code =
        store::FindDepartment(sql, site.id, r.department_id)->code;
  }
  if (r.department_code == "MAINTENANCE") {
    store::AppendRepairRecord(sql, r, worker_name);
  }
  store::InsertFollowUp(sql, domain::ScheduleFollowUp(r, item));
  return r;
}

// A few weeks of quality history for the residential demo, so that
// `followups`, `complaints`, `report`, `review`, `suggestions` and `survey`
// show something: free repairs and a carrying job done, one follow-up made,
// two due (one overdue), a complaint resolved, praise, suggestions (one
// accepted for the next plan) and an open satisfaction survey with one
// answer. Department cost rates feed the annual review. Done once per site.
void AddQualityHistory(soci::session& sql, const domain::Site& site,
                       absl::Time now) {
  if (!store::ListPraise(sql, site.id, 0, 0, {0, 1}).items.empty()) return;
  const absl::Duration day = absl::Hours(24);
  for (const auto& [code, rate] :
       {std::pair{"MAINTENANCE", 4000}, std::pair{"CLEANING", 3000},
        std::pair{"RECEPTION", 2500}}) {
    if (auto d = store::FindDepartmentByCode(sql, site.id, code)) {
      if (d->hourly_cost_minor == 0) {
        store::SetDepartmentHourlyCost(sql, site.id, d->id, rate);
      }
    }
  }
  const auto staff = [&](const char* name) {
    return *store::FindStaffByDisplayName(sql, site.id, name);
  };
  const domain::Staff manager = staff("王經理 Manager Wang");
  const domain::Staff supervisor = staff("張主管 Supervisor Zhang");
  const domain::Staff plumber = staff("陳師傅 Plumber Chen");
  const domain::Staff cleaning_supervisor = staff("孫主管 Supervisor Sun");
  const domain::Household liu_home = *store::FindHouseholdByUnit(
      sql, site.id, kHouseholds[0].building, kHouseholds[0].unit);
  const domain::Household zhou_home = *store::FindHouseholdByUnit(
      sql, site.id, kHouseholds[1].building, kHouseholds[1].unit);
  const domain::Resident liu = *store::FindResidentByDisplayName(
      sql, liu_home.id, kHouseholds[0].resident);
  const domain::Resident zhou = *store::FindResidentByDisplayName(
      sql, zhou_home.id, kHouseholds[1].resident);
  const domain::ServiceItem repairs =
      *store::FindItemByCode(sql, site.id, "OUTSIDE_SMALL_REPAIRS");
  const domain::ServiceItem carrying =
      *store::FindItemByCode(sql, site.id, "CARRY_SMALL_ITEMS");
  const std::string manager_name = DemoActor("staff", site.id, manager.id);
  const std::string supervisor_name =
      DemoActor("staff", site.id, supervisor.id);

  // Liu's radio taken out for repair: done, followed up, praised.
  const domain::ServiceRequest fixed = AddDoneRequest(
      sql, site, repairs, liu_home, liu, plumber, now - 12 * day,
      now - 11 * day, 30, "收音機送修並取回 / radio repaired and returned",
      {{"保險絲", "fuse", 200}});
  domain::FollowUp f = *store::FindFollowUpByRequest(sql, site.id, fixed.id);
  const int64_t version = f.version;
  f.state = domain::FollowUpState::kDone;
  f.method = domain::FollowUpMethod::kPhone;
  f.satisfaction = 5;
  f.comment = "很滿意，感謝陳師傅 / very pleased, thanks to Mr Chen";
  f.recorded_by = supervisor_name;
  f.record_time = now - 9 * day;
  store::SaveFollowUpRecord(sql, f, version);
  domain::Praise praise;
  praise.site_id = site.id;
  praise.staff_id = plumber.id;
  praise.department_id = plumber.department_id;
  praise.source = domain::PraiseSource::kResidentLetter;
  praise.text = "感謝信：師傅耐心細緻 / Thank-you letter: patient and careful";
  praise.praised_by = kHouseholds[0].resident;
  praise.request_id = fixed.id;
  praise.receive_time = now - 9 * day;
  praise.recorded_by = DemoActor("staff", site.id, manager.id);
  praise.create_time = now - 9 * day;
  store::InsertPraise(sql, praise);

  // Zhou's boxes carried: the follow-up is overdue.
  AddDoneRequest(sql, site, carrying, zhou_home, zhou, cleaning_supervisor,
                 now - 6 * day, now - 6 * day + absl::Hours(2), 45,
                 "搬運兩箱書 / two boxes of books carried", {});

  // Zhou's kettle: done late, complained about, settled by the supervisor;
  // the follow-up was due yesterday.
  const domain::ServiceRequest late = AddDoneRequest(
      sql, site, repairs, zhou_home, zhou, plumber, now - 8 * day,
      now - 4 * day, 60, "電水壺送修 / kettle repaired", {});
  domain::Complaint c;
  c.site_id = site.id;
  c.household_id = zhou_home.id;
  c.resident_id = zhou.id;
  c.request_id = late.id;
  c.item_id = repairs.id;
  c.department_id = supervisor.department_id;
  c.staff_id = plumber.id;
  c.category = domain::ComplaintCategory::kTimeliness;
  c.severity = domain::ComplaintSeverity::kMinor;
  c.text = "晚了一天才送回 / It came back a day late";
  c.source = domain::ComplaintSource::kResident;
  c.state = domain::ComplaintState::kOpen;
  c.created_by = DemoActor("residents", site.id, zhou.id);
  c.create_time = now - 3 * day;
  c = store::InsertComplaint(sql, c);
  domain::ComplaintEvent e;
  e.action = domain::ComplaintAction::kCreate;
  e.after = domain::ComplaintState::kOpen;
  e.actor = c.created_by;
  e.actor_role = "RESIDENT";
  e.time = c.create_time;
  store::AppendComplaintEvent(sql, site.id, c.id, e);
  e.action = domain::ComplaintAction::kHandle;
  e.before = domain::ComplaintState::kOpen;
  e.after = domain::ComplaintState::kInHandling;
  e.actor = supervisor_name;
  e.actor_role = "SUPERVISOR";
  e.note = "已致電住戶 / called the resident";
  e.time = c.create_time + absl::Hours(2);
  store::AppendComplaintEvent(sql, site.id, c.id, e);
  e.action = domain::ComplaintAction::kResolve;
  e.before = domain::ComplaintState::kInHandling;
  e.after = domain::ComplaintState::kResolved;
  e.note = "";
  e.time = c.create_time + absl::Hours(5);
  store::AppendComplaintEvent(sql, site.id, c.id, e);
  c.state = domain::ComplaintState::kResolved;
  c.handler = supervisor_name;
  c.resolution =
      "已致歉；外修時效改為事先告知 / Apologised; we now tell residents how "
      "long an outside repair will take";
  c.resolved_by = supervisor_name;
  c.resolve_time = e.time;
  c.update_time = e.time;
  store::SaveComplaint(sql, c, c.version);

  // Residents' ideas: one accepted for the next plan, one waiting.
  domain::Suggestion bike;
  bike.site_id = site.id;
  bike.household_id = liu_home.id;
  bike.resident_id = liu.id;
  bike.kind = domain::SuggestionKind::kNewService;
  bike.text = "希望增設單車維修 / A bicycle repair service, please";
  bike.created_by = DemoActor("residents", site.id, liu.id);
  bike.create_time = now - 20 * day;
  bike = store::InsertSuggestion(sql, bike);
  bike.state = domain::SuggestionState::kAccepted;
  bike.decided_by = manager_name;
  bike.decide_time = now - 15 * day;
  bike.reason = "列入下年度計劃 / for next year's plan";
  bike.update_time = now - 15 * day;
  store::SaveSuggestion(sql, bike, bike.version);
  domain::Suggestion umbrellas;
  umbrellas.site_id = site.id;
  umbrellas.household_id = zhou_home.id;
  umbrellas.resident_id = zhou.id;
  umbrellas.kind = domain::SuggestionKind::kChange;
  umbrellas.item_id =
      store::FindItemByCode(sql, site.id, "UMBRELLA_LENDING")->id;
  umbrellas.text = "東門也放些雨傘 / Umbrellas at the east gate too";
  umbrellas.created_by = DemoActor("residents", site.id, zhou.id);
  umbrellas.create_time = now - 2 * day;
  store::InsertSuggestion(sql, umbrellas);

  // This year's satisfaction survey, open for a month; Zhou has answered.
  domain::Survey survey;
  survey.site_id = site.id;
  if (auto item = store::FindItemByCode(sql, site.id, "SATISFACTION_SURVEY")) {
    survey.item_id = item->id;
  }
  survey.title_zh = "住戶滿意率調查";
  survey.title_en = "Resident satisfaction survey";
  survey.questions = {
      {"您對服務中心的總體滿意度", "Overall, how satisfied are you?",
       domain::QuestionKind::kScale, 0},
      {"您對維修服務的滿意度", "How satisfied are you with repairs?",
       domain::QuestionKind::kScale, repairs.id},
      {"您希望增加哪些服務？", "What services would you like us to add?",
       domain::QuestionKind::kText, 0},
  };
  survey.open_time = now - 2 * day;
  survey.close_time = now + 28 * day;
  survey.created_by = manager_name;
  survey.create_time = now - 2 * day;
  survey = store::InsertSurvey(sql, survey);
  store::UpsertSurveyResponse(
      sql, site.id, survey.id, zhou_home.id,
      DemoActor("residents", site.id, zhou.id),
      {{0, 4, ""}, {1, 3, ""}, {2, 0, "代收快遞 / parcel lockers"}}, now - day);
}

// --- hotel guests ----------------------------------------------------------

constexpr char kVipLoyaltyNumber[] = "SV-1001";

std::string DemoStaffActor(soci::session& sql, const domain::Site& hotel,
                           const char* display_name) {
  auto staff = store::FindStaffByDisplayName(sql, hotel.id, display_name);
  return staff ? domain::ActorKey(domain::PrincipalKind::kStaff, hotel.id,
                                  staff->id)
               : "";
}

// A stay that began `days_ago` days ago; closed after `nights` unless 0.
absl::Status AddStay(soci::session& sql, const domain::Site& hotel,
                     int64_t guest, const std::string& room, absl::Time now,
                     int days_ago, int nights, domain::Party party,
                     domain::TravelPurpose purpose, const std::string& by) {
  domain::Stay stay;
  stay.site_id = hotel.id;
  stay.guest_id = guest;
  stay.room_number = room;
  stay.check_in_time = now - absl::Hours(24 * days_ago);
  stay.expected_check_out_time =
      stay.check_in_time + absl::Hours(24 * (nights == 0 ? 3 : nights));
  stay.party = party;
  stay.purpose = purpose;
  stay.created_by = by;
  std::optional<domain::Stay> stored = store::InsertStay(sql, stay);
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

absl::Status AddPreference(soci::session& sql, const domain::Site& hotel,
                           int64_t guest, domain::PreferenceCategory category,
                           const char* key, const char* value,
                           domain::PreferenceSource source,
                           const std::string& by, absl::Time when) {
  domain::Preference p;
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

void AddNote(soci::session& sql, const domain::Site& hotel, int64_t guest,
             const char* department, const std::string& by, const char* text,
             absl::Time when) {
  domain::Note n;
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
absl::Status AddHotelGuests(soci::session& sql, const domain::Site& hotel,
                            absl::Time now, Output* out) {
  if (auto existing =
          store::FindGuestIdByLoyaltyNumber(sql, kVipLoyaltyNumber)) {
    out->Add("DEMO_VIP_GUEST", absl::StrCat("guests/", *existing));
    return absl::OkStatus();
  }
  const std::string desk = DemoStaffActor(sql, hotel, "吳前台 Front desk Wu");
  const std::string attendant =
      DemoStaffActor(sql, hotel, "何服務員 Attendant He");
  const std::string waiter = DemoStaffActor(sql, hotel, "馬服務員 Waiter Ma");
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(hotel.time_zone, &zone)) zone = absl::UTCTimeZone();
  const absl::CivilDay today = absl::ToCivilDay(now, zone);

  domain::Guest wang;
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
  const domain::Party alone{1, 0, 0};
  for (auto [room, days_ago] : {std::pair{"1201", 200}, std::pair{"1508", 120},
                                std::pair{"0906", 40}}) {
    CONCIERGE_RETURN_IF_ERROR(AddStay(sql, hotel, wang.id, room, now, days_ago,
                                      2, alone,
                                      domain::TravelPurpose::kBusiness, desk));
  }
  CONCIERGE_RETURN_IF_ERROR(AddStay(sql, hotel, wang.id, "1203", now, 1, 0,
                                    alone, domain::TravelPurpose::kBusiness,
                                    desk));
  const absl::Time earlier = now - absl::Hours(24 * 120);
  CONCIERGE_RETURN_IF_ERROR(
      AddPreference(sql, hotel, wang.id, domain::PreferenceCategory::kRoom,
                    "room_temperature_c", "23",
                    domain::PreferenceSource::kStated, desk, earlier));
  CONCIERGE_RETURN_IF_ERROR(AddPreference(
      sql, hotel, wang.id, domain::PreferenceCategory::kRoom,
      "room_temperature_c", "26", domain::PreferenceSource::kObserved,
      attendant, now - absl::Hours(24 * 40)));
  CONCIERGE_RETURN_IF_ERROR(
      AddPreference(sql, hotel, wang.id, domain::PreferenceCategory::kRoom,
                    "curtains", "gap", domain::PreferenceSource::kObserved,
                    attendant, now - absl::Hours(24 * 40)));
  CONCIERGE_RETURN_IF_ERROR(AddPreference(
      sql, hotel, wang.id, domain::PreferenceCategory::kFoodAndBeverage,
      "coffee", "black_no_sugar", domain::PreferenceSource::kObserved, waiter,
      earlier));
  CONCIERGE_RETURN_IF_ERROR(AddPreference(
      sql, hotel, wang.id, domain::PreferenceCategory::kAmenity, "pillow",
      "feather_free", domain::PreferenceSource::kStated, desk, earlier));
  AddNote(sql, hotel, wang.id, "FOOD_AND_BEVERAGE", waiter,
          "喜歡西餐廳靠窗座位，早餐時看報 / Prefers the window table in the "
          "western restaurant; reads the paper at breakfast.",
          now - absl::Hours(24 * 40));
  AddNote(sql, hotel, wang.id, "HOUSEKEEPING", attendant,
          "晚上常在書桌工作，整理時保持文件順序 / Works late at the desk: keep "
          "his papers in order when tidying.",
          now - absl::Hours(20));
  out->Add("DEMO_VIP_GUEST", absl::StrCat("guests/", wang.id));

  domain::Guest li;
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
  CONCIERGE_RETURN_IF_ERROR(AddStay(sql, hotel, li.id, "1508", now, 2, 0,
                                    {2, 0, 1}, domain::TravelPurpose::kFamily,
                                    desk));
  CONCIERGE_RETURN_IF_ERROR(
      AddPreference(sql, hotel, li.id, domain::PreferenceCategory::kAmenity,
                    "baby_crib", "true", domain::PreferenceSource::kObserved,
                    attendant, now - absl::Hours(30)));
  AddNote(sql, hotel, li.id, "HOUSEKEEPING", attendant,
          "浴室晾著嬰兒衣物：已放嬰兒床，可提供溫奶器 / Baby clothes drying in "
          "the bathroom: crib placed, bottle warmer offered.",
          now - absl::Hours(30));

  domain::Guest anna;
  anna.latin_name = "Anna SCHMIDT";
  anna.address_zh = "施密特女士";
  anna.address_en = "Ms Schmidt";
  anna.language = "de";
  anna.accessibility = {domain::AccessibilityNeed::kWheelchair};
  anna.accessibility_note = "needs a roll-in shower";
  anna.create_time = now - absl::Hours(24 * 90);
  anna.update_time = anna.create_time;
  anna.created_by = desk;
  anna = store::InsertGuest(sql, anna);
  return AddStay(sql, hotel, anna.id, "0302", now, 90, 4, alone,
                 domain::TravelPurpose::kConference, desk);
}

// --- hotel rooms -----------------------------------------------------------

// The demo hotel's rooms (every room a demo stay uses among them), and the
// attendant's rooms for today, so the handheld's `rooms` has a day to show.
// Rooms are created once; today's assignment is refreshed on every run.
absl::Status AddHotelRooms(soci::session& sql, const domain::Site& hotel,
                           absl::Time now) {
  store::EnsureHousekeepingDefaults(sql, hotel);
  struct DemoRoom {
    std::string number;
    int floor;
    std::string type;
    bool accessible;
  };
  std::vector<DemoRoom> rooms = {{"0301", 3, "TWIN", false},
                                 {"0302", 3, "KING", true},
                                 {"0906", 9, "KING", false}};
  for (int floor : {12, 15}) {
    for (int n = 1; n <= 10; ++n) {
      rooms.push_back({absl::StrFormat("%02d%02d", floor, n), floor,
                       n == 3 || n == 8 ? "SUITE" : (n % 2 ? "KING" : "TWIN"),
                       false});
    }
  }
  for (const DemoRoom& r : rooms) {
    if (store::FindRoomByNumber(sql, hotel.id, r.number)) continue;
    domain::Room room;
    room.site_id = hotel.id;
    room.number = r.number;
    room.floor = r.floor;
    room.room_type = r.type;
    room.accessible = r.accessible;
    room.create_time = now;
    room.created_by = "demo";
    store::InsertRoom(sql, room);
  }
  // The occupied rooms' minibars were counted when their guests arrived, so
  // the handheld's `room` shows what each should hold and a `minibar`
  // count charges what was drunk since.
  const std::vector<domain::MinibarItem> items =
      store::LoadMinibarItems(sql, hotel.id);
  for (const char* number : {"1203", "1508"}) {
    if (!store::ListMinibarStock(sql, hotel.id, number).empty()) continue;
    for (const char* item : {"BEER", "SOFT_DRINK", "MINERAL_WATER"}) {
      if (domain::FindMinibarItem(items, item) == nullptr) continue;
      store::SetMinibarStock(sql, hotel.id, number, item, 2, now);
    }
  }
  auto attendant =
      store::FindStaffByDisplayName(sql, hotel.id, "何服務員 Attendant He");
  if (!attendant) return absl::OkStatus();
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(hotel.time_zone, &zone)) zone = absl::UTCTimeZone();
  const absl::CivilDay today = absl::ToCivilDay(now, zone);
  for (const char* number : {"1201", "1202", "1203", "1204", "1508"}) {
    auto room = store::FindRoomByNumber(sql, hotel.id, number);
    if (!room) continue;
    store::AssignRoom(sql, hotel.id, room->id, today, attendant->id, "demo",
                      now);
  }
  return absl::OkStatus();
}

// --- arrivals --------------------------------------------------------------

// The feather-free pillow's standing rule (a default since issue 22,
// db/seed/housekeeping_rules.tsv) for a demo hotel created before it was:
// an arrival with that preference gets it prepared. Created once.
void AddPillowRule(soci::session& sql, const domain::Site& hotel,
                   absl::Time now) {
  constexpr char kAction[] = "PREPARE_FEATHER_FREE_PILLOW";
  domain::Vocabulary vocabulary = store::LoadVocabulary(sql, hotel.id);
  if (vocabulary.FindAction(kAction) != nullptr) return;
  auto department = store::FindDepartmentByCode(sql, hotel.id, "HOUSEKEEPING");
  if (!department) return;
  domain::ActionDefinition action;
  action.site_id = hotel.id;
  action.code = kAction;
  action.title_zh = "換上無羽絨枕頭";
  action.title_en = "Put feather-free pillows on the bed";
  action.department_id = department->id;
  action.department_code = department->code;
  action.cost = {hotel.currency, 0};
  action.create_time = now;
  action.created_by = "demo";
  vocabulary.actions.push_back(store::InsertActionDefinition(sql, action));
  domain::Rule rule;
  rule.site_id = hotel.id;
  rule.code = "STANDING_FEATHER_FREE_PILLOW";
  rule.title_zh = "客人要無羽絨枕頭";
  rule.title_en = "The guest asks for feather-free pillows";
  rule.trigger = domain::RuleTrigger::kStanding;
  rule.profile.preferences = {
      {domain::PreferenceCategory::kAmenity, "pillow", "feather_free"}};
  rule.actions = {kAction};
  rule.create_time = now;
  rule.update_time = now;
  rule.updated_by = "demo";
  if (domain::ValidateRule("rule", rule, vocabulary).ok()) {
    store::InsertRule(sql, rule);
  }
}

// Tomorrow's arrivals: a returning guest (three earlier stays, feather-free
// pillows) in 1205 and a family with an infant in 1207, both rooms the
// demo attendant's tomorrow, so that `arrivals --date <tomorrow>` has
// something to prepare. Created once per date.
absl::Status AddArrivals(soci::session& sql, const domain::Site& hotel,
                         absl::Time now, Output* out) {
  AddPillowRule(sql, hotel, now);
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(hotel.time_zone, &zone)) zone = absl::UTCTimeZone();
  const absl::CivilDay tomorrow = absl::ToCivilDay(now, zone) + 1;
  out->Add("DEMO_ARRIVAL_DATE", domain::FormatBusinessDate(tomorrow));
  auto attendant =
      store::FindStaffByDisplayName(sql, hotel.id, "何服務員 Attendant He");
  for (const char* number : {"1205", "1207"}) {
    auto room = store::FindRoomByNumber(sql, hotel.id, number);
    if (room && attendant) {
      store::AssignRoom(sql, hotel.id, room->id, tomorrow, attendant->id,
                        "demo", now);
    }
  }
  if (!store::ListArriving(sql, hotel.id, tomorrow, true).empty()) {
    return absl::OkStatus();
  }
  const std::string desk = DemoStaffActor(sql, hotel, "吳前台 Front desk Wu");
  const std::string housekeeper =
      DemoStaffActor(sql, hotel, "何服務員 Attendant He");

  domain::Guest chen;
  chen.chinese_name = "陳志明";
  chen.latin_name = "CHEN Zhiming";
  chen.address_zh = "陳先生";
  chen.address_en = "Mr Chen";
  chen.language = "zh-CN";
  chen.vip_level = 1;
  chen.create_time = now - absl::Hours(24 * 300);
  chen.update_time = chen.create_time;
  chen.created_by = desk;
  chen = store::InsertGuest(sql, chen);
  for (int days_ago : {300, 200, 100}) {
    CONCIERGE_RETURN_IF_ERROR(AddStay(sql, hotel, chen.id, "1206", now,
                                      days_ago, 2, {1, 0, 0},
                                      domain::TravelPurpose::kBusiness, desk));
  }
  CONCIERGE_RETURN_IF_ERROR(
      AddPreference(sql, hotel, chen.id, domain::PreferenceCategory::kAmenity,
                    "pillow", "feather_free", domain::PreferenceSource::kStated,
                    desk, now - absl::Hours(24 * 100)));
  CONCIERGE_RETURN_IF_ERROR(
      AddPreference(sql, hotel, chen.id, domain::PreferenceCategory::kRoom,
                    "curtains", "gap", domain::PreferenceSource::kObserved,
                    housekeeper, now - absl::Hours(24 * 99)));

  domain::Guest zhao;
  zhao.chinese_name = "趙雪";
  zhao.latin_name = "ZHAO Xue";
  zhao.address_zh = "趙女士";
  zhao.address_en = "Ms Zhao";
  zhao.language = "zh-CN";
  zhao.create_time = now;
  zhao.update_time = now;
  zhao.created_by = desk;
  zhao = store::InsertGuest(sql, zhao);

  struct DemoReservation {
    int64_t guest;
    std::string room_type, room;
    domain::Party party;
    std::string notes;
  };
  const DemoReservation reservations[] = {
      {chen.id,
       "KING",
       "1205",
       {1, 0, 0},
       "回頭客，商務 / Returning guest, on business"},
      {zhao.id,
       "TWIN",
       "1207",
       {2, 0, 1},
       "一歲嬰兒同行 / Travelling with a one-year-old"},
  };
  for (const DemoReservation& d : reservations) {
    domain::Reservation r;
    r.site_id = hotel.id;
    r.guest_id = d.guest;
    r.arrival_date = tomorrow;
    r.departure_date = tomorrow + 3;
    r.room_type = d.room_type;
    r.room_number = d.room;
    r.party = d.party;
    r.notes = d.notes;
    r.created_by = desk;
    r.create_time = now;
    r.update_time = now;
    CONCIERGE_RETURN_IF_ERROR(
        domain::ValidateReservation("reservation", r, tomorrow - 1));
    r = store::InsertReservation(sql, r);
    out->Add(d.party.infants > 0 ? "DEMO_FAMILY_RESERVATION"
                                 : "DEMO_RETURNING_RESERVATION",
             absl::StrCat("sites/", hotel.id, "/reservations/", r.id));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status RunDemoSetup(const ServerOptions& options,
                          const domain::Clock& clock,
                          const std::string& out_path) {
  store::DatabaseOptions db_options = options.database;
  db_options.pool_size = 1;
  CONCIERGE_ASSIGN_OR_RETURN(auto db, store::Database::Open(db_options));
  CONCIERGE_RETURN_IF_ERROR(
      store::Migrate(db->connect_string(), embedded::Migrations()).status());
  CONCIERGE_RETURN_IF_ERROR(
      BootstrapAdmin(*db, clock, options.admin_token_file).status());
  const absl::Time now = clock.Now();
  Output out;
  CONCIERGE_RETURN_IF_ERROR(db->Transact(
      "DemoSetup", absl::Now() + absl::Seconds(60),
      [&](soci::session& sql) -> absl::Status {
        store::RevokeTokensByLabel(sql, kDemoLabel, now);
        const std::optional<int64_t> admin = store::FindFirstAdmin(sql);
        out.Add(
            "ADMIN_TOKEN",
            IssueDemoToken(sql, domain::PrincipalKind::kAdmin, 0, *admin, now));
        const domain::Site residential = FindOrCreateSite(
            sql, domain::SiteKind::kResidential, kResidentialName, now);
        const domain::Site hotel =
            FindOrCreateSite(sql, domain::SiteKind::kHotel, kHotelName, now);
        out.Add("RESIDENTIAL_SITE", absl::StrCat("sites/", residential.id));
        out.Add("HOTEL_SITE", absl::StrCat("sites/", hotel.id));
        AddStaff(sql, residential, kResidentialStaff, now, &out);
        AddHouseholds(sql, residential, now, &out);
        CONCIERGE_RETURN_IF_ERROR(
            AdoptDefaultCatalogueDemo(sql, residential, now));
        AddResidentialCatalogueDemo(sql, residential, now);
        CONCIERGE_RETURN_IF_ERROR(AddFrontDeskDemo(
            sql, residential, kResidentialStaff[1].display_name,
            kHouseholds[0].building, kHouseholds[0].unit, now));
        AddQualityHistory(sql, residential, now);
        AddStaff(sql, hotel, kHotelStaff, now, &out);
        CONCIERGE_RETURN_IF_ERROR(AdoptDefaultCatalogueDemo(sql, hotel, now));
        CONCIERGE_RETURN_IF_ERROR(AddHotelGuests(sql, hotel, now, &out));
        CONCIERGE_RETURN_IF_ERROR(AddHotelRooms(sql, hotel, now));
        // The QR code left in room 1203 (IssueRoomCredential).
        if (auto stay = store::FindOpenStay(sql, hotel.id, "1203")) {
          out.Add("ROOM_1203_TOKEN",
                  IssueDemoToken(sql, domain::PrincipalKind::kGuest, hotel.id,
                                 stay->id, now));
        }
        return AddArrivals(sql, hotel, now, &out);
      }));
  return WritePrivateFile(out_path, out.text);
}

}  // namespace concierge
