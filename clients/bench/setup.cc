#include "clients/bench/setup.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "concierge/v1/catalog.grpc.pb.h"
#include "concierge/v1/directory.grpc.pb.h"
#include "concierge/v1/guests.grpc.pb.h"

namespace concierge::bench {
namespace {

absl::Status Status(const grpc::Status& s) {
  if (s.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()),
                      s.error_message());
}

// Returns from the enclosing function when a setup call fails.
#define RETURN(call)                 \
  do {                               \
    grpc::Status s_ = (call);        \
    if (!s_.ok()) return Status(s_); \
  } while (false)
#define RETURN_STATUS(call) RETURN(call)

class Admin {
 public:
  Admin(const std::shared_ptr<grpc::Channel>& channel, std::string token)
      : directory_(v1::DirectoryService::NewStub(channel)),
        catalog_(v1::CatalogService::NewStub(channel)),
        guests_(v1::GuestProfileService::NewStub(channel)),
        token_(std::move(token)) {}

  std::unique_ptr<grpc::ClientContext> Ctx(const std::string& as = "") const {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization",
                         "Bearer " + (as.empty() ? token_ : as));
    context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    return context;
  }

  absl::StatusOr<std::string> Site(v1::SiteKind kind, const std::string& name) {
    v1::CreateSiteRequest r;
    r.mutable_site()->set_kind(kind);
    r.mutable_site()->set_display_name(name);
    r.mutable_site()->set_time_zone("Asia/Shanghai");
    v1::Site out;
    RETURN(directory_->CreateSite(Ctx().get(), r, &out));
    return out.name();
  }

  absl::StatusOr<std::string> Department(const std::string& site,
                                         const std::string& code) {
    v1::ListDepartmentsRequest r;
    r.set_parent(site);
    v1::ListDepartmentsResponse out;
    RETURN(directory_->ListDepartments(Ctx().get(), r, &out));
    for (const auto& d : out.departments()) {
      if (d.code() == code) return d.name();
    }
    return absl::NotFoundError(code);
  }

  absl::StatusOr<std::string> Staff(const std::string& site, v1::Role role,
                                    const std::string& department,
                                    const std::string& name) {
    v1::CreateStaffRequest r;
    r.set_parent(site);
    r.mutable_staff()->set_display_name(name);
    r.mutable_staff()->set_role(role);
    r.mutable_staff()->set_department(department);
    v1::Staff out;
    RETURN(directory_->CreateStaff(Ctx().get(), r, &out));
    return out.name();
  }

  absl::StatusOr<std::string> Token(const std::string& principal) {
    v1::IssueTokenRequest r;
    r.set_principal(principal);
    r.set_label("bench");
    v1::IssueTokenResponse out;
    RETURN(directory_->IssueToken(Ctx().get(), r, &out));
    return out.token();
  }

  absl::StatusOr<std::pair<std::string, std::string>> Household(
      const std::string& site, int i) {
    v1::CreateHouseholdRequest h;
    h.set_parent(site);
    h.mutable_household()->set_building(absl::StrCat("B", i / 50 + 1));
    h.mutable_household()->set_unit(absl::StrCat(100 + i));
    v1::Household household;
    RETURN(directory_->CreateHousehold(Ctx().get(), h, &household));
    v1::CreateResidentRequest r;
    r.set_parent(site);
    r.mutable_resident()->set_display_name(absl::StrCat("Resident ", i));
    r.mutable_resident()->set_phone("138-0000-0000");
    r.mutable_resident()->set_household(household.name());
    v1::Resident resident;
    RETURN(directory_->CreateResident(Ctx().get(), r, &resident));
    return std::make_pair(household.name(), resident.name());
  }

  // The manager adopts and announces the default catalogue, as a new
  // community does; its items are then bookable.
  absl::Status AdoptDefaultCatalogue(const std::string& site,
                                     const std::string& manager_token) {
    v1::AdoptDefaultCatalogueRequest adopt;
    adopt.set_parent(site);
    v1::Announcement announcement;
    RETURN_STATUS(catalog_->AdoptDefaultCatalogue(Ctx(manager_token).get(),
                                                  adopt, &announcement));
    v1::PublishAnnouncementRequest publish;
    publish.set_name(announcement.name());
    publish.add_channels(v1::ANNOUNCEMENT_CHANNEL_APP);
    return Status(catalog_->PublishAnnouncement(Ctx(manager_token).get(),
                                                publish, &announcement));
  }

  absl::StatusOr<std::string> ItemByCode(const std::string& site,
                                         const std::string& code) {
    v1::ListServiceItemsRequest r;
    r.set_parent(site);
    r.set_text(code);
    v1::ListServiceItemsResponse out;
    RETURN(catalog_->ListServiceItems(Ctx().get(), r, &out));
    for (const auto& item : out.items()) {
      if (item.code() == code) return item.name();
    }
    return absl::NotFoundError(code);
  }

  // A checked-in guest with a standing preference an attendant observed.
  absl::Status GuestInRoom(const std::string& hotel, const std::string& room,
                           int i, const std::string& attendant_token) {
    v1::CreateGuestRequest g;
    g.mutable_guest()->set_latin_name(absl::StrCat("Guest ", i));
    g.mutable_guest()->set_chinese_name(absl::StrCat("客人", i));
    g.mutable_guest()->set_vip_level(i % 5 == 0 ? 2 : 0);
    v1::Guest guest;
    RETURN_STATUS(guests_->CreateGuest(Ctx().get(), g, &guest));
    v1::CheckInRequest c;
    c.set_parent(hotel);
    c.mutable_stay()->set_guest(guest.name());
    c.mutable_stay()->set_room_number(room);
    c.mutable_stay()->mutable_party()->set_adults(2);
    c.mutable_stay()->mutable_expected_check_out_time()->set_seconds(
        absl::ToUnixSeconds(absl::Now() + absl::Hours(72)));
    v1::Stay stay;
    RETURN_STATUS(guests_->CheckIn(Ctx().get(), c, &stay));
    v1::RecordObservationRequest o;
    o.set_guest(guest.name());
    o.set_note("Prefers a gap in the curtains");
    auto* pref = o.add_preferences();
    pref->set_category(v1::PREFERENCE_CATEGORY_ROOM);
    pref->set_key("curtains");
    pref->set_value("gap");
    pref->set_source(v1::PREFERENCE_SOURCE_OBSERVED);
    v1::RecordObservationResponse observed;
    return Status(
        guests_->RecordObservation(Ctx(attendant_token).get(), o, &observed));
  }

 private:
  std::unique_ptr<v1::DirectoryService::Stub> directory_;
  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  std::unique_ptr<v1::GuestProfileService::Stub> guests_;
  std::string token_;
};

}  // namespace

#define TRY(lhs, expr)                          \
  auto lhs##_or = (expr);                       \
  if (!lhs##_or.ok()) return lhs##_or.status(); \
  auto lhs = *lhs##_or

absl::StatusOr<BenchData> CreateBenchData(
    const std::shared_ptr<grpc::Channel>& channel,
    const std::string& admin_token, const SetupSizes& sizes) {
  Admin admin(channel, admin_token);
  BenchData data;
  const std::string tag =
      absl::FormatTime("%H%M%S", absl::Now(), absl::UTCTimeZone());
  TRY(site, admin.Site(v1::SITE_KIND_RESIDENTIAL, "bench residential " + tag));
  data.residential_site = site;
  TRY(manager, admin.Staff(site, v1::ROLE_MANAGER, "", "Bench manager"));
  TRY(manager_token, admin.Token(manager));
  if (absl::Status adopted = admin.AdoptDefaultCatalogue(site, manager_token);
      !adopted.ok()) {
    return adopted;
  }
  TRY(item, admin.ItemByCode(site, "OUTSIDE_SMALL_REPAIRS"));
  data.item = item;
  TRY(maintenance, admin.Department(site, "MAINTENANCE"));
  TRY(supervisor,
      admin.Staff(site, v1::ROLE_SUPERVISOR, maintenance, "Bench supervisor"));
  TRY(supervisor_token, admin.Token(supervisor));
  data.supervisor_token = supervisor_token;
  for (int i = 0; i < sizes.watchers; ++i) {
    TRY(staff, admin.Staff(site, v1::ROLE_STAFF, maintenance,
                           absl::StrCat("Plumber ", i)));
    TRY(token, admin.Token(staff));
    data.assignee_names.push_back(staff);
    data.watcher_tokens.push_back(token);
  }
  for (int i = 0; i < sizes.households; ++i) {
    TRY(household, admin.Household(site, i));
    TRY(token, admin.Token(household.second));
    data.household_names.push_back(household.first);
    data.resident_tokens.push_back(token);
  }
  for (int n = 0; n < sizes.spread_sites; ++n) {
    SpreadSite spread;
    TRY(spread_site, admin.Site(v1::SITE_KIND_RESIDENTIAL,
                                absl::StrCat("bench spread ", n, " ", tag)));
    spread.site = spread_site;
    TRY(spread_manager,
        admin.Staff(spread.site, v1::ROLE_MANAGER, "", "Bench manager"));
    TRY(spread_manager_token, admin.Token(spread_manager));
    if (absl::Status adopted =
            admin.AdoptDefaultCatalogue(spread.site, spread_manager_token);
        !adopted.ok()) {
      return adopted;
    }
    TRY(spread_item, admin.ItemByCode(spread.site, "OUTSIDE_SMALL_REPAIRS"));
    spread.item = spread_item;
    TRY(spread_maintenance, admin.Department(spread.site, "MAINTENANCE"));
    TRY(spread_supervisor, admin.Staff(spread.site, v1::ROLE_SUPERVISOR,
                                       spread_maintenance, "Bench supervisor"));
    TRY(spread_supervisor_token, admin.Token(spread_supervisor));
    spread.supervisor_token = spread_supervisor_token;
    TRY(spread_household, admin.Household(spread.site, 0));
    TRY(spread_resident_token, admin.Token(spread_household.second));
    spread.resident_token = spread_resident_token;
    for (int i = 0; i < sizes.spread_staff; ++i) {
      TRY(staff, admin.Staff(spread.site, v1::ROLE_STAFF, spread_maintenance,
                             absl::StrCat("Engineer ", i)));
      TRY(token, admin.Token(staff));
      spread.staff_names.push_back(staff);
      spread.staff_tokens.push_back(token);
    }
    data.spread.push_back(std::move(spread));
  }
  TRY(hotel, admin.Site(v1::SITE_KIND_HOTEL, "bench hotel " + tag));
  data.hotel_site = hotel;
  TRY(housekeeping, admin.Department(hotel, "HOUSEKEEPING"));
  TRY(attendant,
      admin.Staff(hotel, v1::ROLE_STAFF, housekeeping, "Bench attendant"));
  TRY(attendant_token, admin.Token(attendant));
  data.attendant_token = attendant_token;
  for (int i = 0; i < sizes.rooms; ++i) {
    const std::string room = absl::StrCat(1000 + (i / 40 + 1) * 100 + i % 40);
    absl::Status status = admin.GuestInRoom(hotel, room, i, attendant_token);
    if (!status.ok()) return status;
    data.rooms.push_back(room);
  }
  return data;
}

absl::Status SaveBenchData(const BenchData& d, const std::string& path) {
  std::ofstream out(path);
  if (!out) return absl::FailedPreconditionError("cannot write " + path);
  out << "residential_site=" << d.residential_site << "\n"
      << "hotel_site=" << d.hotel_site << "\n"
      << "item=" << d.item << "\n"
      << "supervisor_token=" << d.supervisor_token << "\n"
      << "attendant_token=" << d.attendant_token << "\n"
      << "resident_tokens=" << absl::StrJoin(d.resident_tokens, ",") << "\n"
      << "household_names=" << absl::StrJoin(d.household_names, ",") << "\n"
      << "assignee_names=" << absl::StrJoin(d.assignee_names, ",") << "\n"
      << "watcher_tokens=" << absl::StrJoin(d.watcher_tokens, ",") << "\n"
      << "rooms=" << absl::StrJoin(d.rooms, ",") << "\n";
  // One line per spread site: site|item|supervisor|resident|names|tokens.
  for (const SpreadSite& s : d.spread) {
    out << "spread=" << s.site << "|" << s.item << "|" << s.supervisor_token
        << "|" << s.resident_token << "|" << absl::StrJoin(s.staff_names, ",")
        << "|" << absl::StrJoin(s.staff_tokens, ",") << "\n";
  }
  return absl::OkStatus();
}

absl::StatusOr<BenchData> LoadBenchData(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    return absl::NotFoundError("cannot read " + path + "; run setup first");
  BenchData d;
  std::string line;
  while (std::getline(in, line)) {
    const size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    auto list = [&] {
      return std::vector<std::string>(
          absl::StrSplit(value, ',', absl::SkipEmpty()));
    };
    if (key == "residential_site") d.residential_site = value;
    if (key == "hotel_site") d.hotel_site = value;
    if (key == "item") d.item = value;
    if (key == "supervisor_token") d.supervisor_token = value;
    if (key == "attendant_token") d.attendant_token = value;
    if (key == "resident_tokens") d.resident_tokens = list();
    if (key == "household_names") d.household_names = list();
    if (key == "assignee_names") d.assignee_names = list();
    if (key == "watcher_tokens") d.watcher_tokens = list();
    if (key == "rooms") d.rooms = list();
    if (key == "spread") {
      std::vector<std::string> f = absl::StrSplit(value, '|');
      if (f.size() != 6) return absl::DataLossError("bad spread line");
      SpreadSite s{f[0],
                   f[1],
                   f[2],
                   f[3],
                   absl::StrSplit(f[4], ',', absl::SkipEmpty()),
                   absl::StrSplit(f[5], ',', absl::SkipEmpty())};
      d.spread.push_back(std::move(s));
    }
  }
  return d;
}

}  // namespace concierge::bench
