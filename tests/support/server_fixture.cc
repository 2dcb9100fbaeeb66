#include "tests/support/server_fixture.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "concierge/v1/catalog.grpc.pb.h"
#include "tests/support/matchers.h"
#include "tests/support/message_audit.h"

namespace concierge::testing {

absl::Time ServerTest::StartTime() {
  return absl::FromCivil(absl::CivilSecond(2026, 3, 2, 1, 0, 0),
                         absl::UTCTimeZone());
}

void ServerTest::SetUp() {
  db_ = std::make_unique<TestDatabase>();
  char dir_template[] = "/tmp/concierge-test-XXXXXX";
  scratch_dir_ = mkdtemp(dir_template);
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.database.url = db_->url();
  options.database.pool_size = 4;
  options.admin_token_file = scratch_dir_ + "/admin-token";
  options.health_probe_interval = absl::Milliseconds(200);
  options.sweep_interval = absl::ZeroDuration();  // tests sweep by hand
  ConfigureServer(options);
  auto server = ConciergeServer::Start(options, &clock_);
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = std::move(*server);
  admin_token_ = server_->bootstrap_token();
  ASSERT_FALSE(admin_token_.empty());
  channel_ = server_->InProcessChannel(MessageAudit());
  directory_ = v1::DirectoryService::NewStub(channel_);
}

void ServerTest::TearDown() {
  if (server_) server_->Shutdown(absl::Seconds(1));
  server_.reset();
  db_.reset();
  std::filesystem::remove_all(scratch_dir_);
}

std::unique_ptr<grpc::ClientContext> ServerTest::Ctx(const std::string& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) {
    context->AddMetadata("authorization", absl::StrCat("Bearer ", token));
  }
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  return context;
}

v1::Site ServerTest::CreateSite(v1::SiteKind kind, const std::string& name,
                                const std::string& time_zone) {
  v1::CreateSiteRequest request;
  request.mutable_site()->set_kind(kind);
  request.mutable_site()->set_display_name(name);
  request.mutable_site()->set_time_zone(time_zone);
  v1::Site site;
  grpc::Status status =
      directory_->CreateSite(Ctx(admin_token_).get(), request, &site);
  EXPECT_THAT(status, IsOk());
  return site;
}

std::string ServerTest::DepartmentNamed(const std::string& site,
                                        const std::string& code) {
  v1::ListDepartmentsRequest request;
  request.set_parent(site);
  v1::ListDepartmentsResponse response;
  EXPECT_THAT(directory_->ListDepartments(Ctx(admin_token_).get(), request,
                                          &response),
              IsOk());
  for (const auto& d : response.departments()) {
    if (d.code() == code) return d.name();
  }
  ADD_FAILURE() << "no department " << code << " in " << site;
  return "";
}

void ServerTest::AdoptDefaultCatalogue(const std::string& site,
                                       const std::string& manager_token) {
  auto catalog = v1::CatalogService::NewStub(channel_);
  v1::AdoptDefaultCatalogueRequest adopt;
  adopt.set_parent(site);
  v1::Announcement announcement;
  ASSERT_THAT(catalog->AdoptDefaultCatalogue(Ctx(manager_token).get(), adopt,
                                             &announcement),
              IsOk());
  v1::PublishAnnouncementRequest publish;
  publish.set_name(announcement.name());
  publish.add_channels(v1::ANNOUNCEMENT_CHANNEL_ENTRANCE_POSTER);
  ASSERT_THAT(catalog->PublishAnnouncement(Ctx(manager_token).get(), publish,
                                           &announcement),
              IsOk());
}

std::string ServerTest::ItemCoded(const std::string& site,
                                  const std::string& manager_token,
                                  const std::string& code) {
  auto catalog = v1::CatalogService::NewStub(channel_);
  v1::ListServiceItemsRequest request;
  request.set_parent(site);
  request.set_text(code);
  v1::ListServiceItemsResponse response;
  EXPECT_THAT(
      catalog->ListServiceItems(Ctx(manager_token).get(), request, &response),
      IsOk());
  for (const auto& item : response.items()) {
    if (item.code() == code) return item.name();
  }
  ADD_FAILURE() << "no item " << code;
  return "";
}

std::string ServerTest::PublishFixedItem(const std::string& site,
                                         const std::string& manager_token,
                                         int64_t minor) {
  auto catalog = v1::CatalogService::NewStub(channel_);
  v1::CreateServiceItemRequest create;
  create.set_parent(site);
  auto* item = create.mutable_item();
  item->set_code("TAP_REPAIR");
  item->mutable_title()->set_zh("水龍頭維修");
  item->mutable_title()->set_en("Tap repair");
  item->set_category(v1::ITEM_CATEGORY_ON_SITE);
  item->set_fee_kind(v1::FEE_KIND_FIXED);
  item->set_fulfilment(v1::FULFILMENT_SCHEDULED);
  item->set_department(DepartmentNamed(site, "MAINTENANCE"));
  v1::ServiceItem created;
  EXPECT_THAT(
      catalog->CreateServiceItem(Ctx(manager_token).get(), create, &created),
      IsOk());
  v1::ApproveServiceItemRequest approve;
  approve.set_name(created.name());
  EXPECT_THAT(
      catalog->ApproveServiceItem(Ctx(manager_token).get(), approve, &created),
      IsOk());
  v1::SetServicePriceRequest set;
  set.set_parent(created.name());
  set.mutable_price()->mutable_amount()->set_minor_units(minor);
  set.mutable_price()->mutable_effective_time()->set_seconds(
      absl::ToUnixSeconds(clock_.Now() + absl::Hours(1)));
  v1::ServicePrice price;
  EXPECT_THAT(catalog->SetServicePrice(Ctx(manager_token).get(), set, &price),
              IsOk());
  v1::ApproveServicePriceRequest approve_price;
  approve_price.set_name(price.name());
  EXPECT_THAT(catalog->ApproveServicePrice(Ctx(manager_token).get(),
                                           approve_price, &price),
              IsOk());
  v1::CreateAnnouncementRequest announce;
  announce.set_parent(site);
  announce.mutable_announcement()->mutable_title()->set_zh("通知");
  announce.mutable_announcement()->mutable_title()->set_en("Notice");
  announce.mutable_announcement()->add_items(created.name());
  announce.mutable_announcement()->add_prices(price.name());
  v1::Announcement a;
  EXPECT_THAT(
      catalog->CreateAnnouncement(Ctx(manager_token).get(), announce, &a),
      IsOk());
  v1::PublishAnnouncementRequest publish;
  publish.set_name(a.name());
  publish.add_channels(v1::ANNOUNCEMENT_CHANNEL_MAILBOX);
  EXPECT_THAT(
      catalog->PublishAnnouncement(Ctx(manager_token).get(), publish, &a),
      IsOk());
  clock_.Advance(absl::Hours(2));
  return created.name();
}

std::string ServerTest::IssueToken(const std::string& principal) {
  v1::IssueTokenRequest request;
  request.set_principal(principal);
  v1::IssueTokenResponse response;
  EXPECT_THAT(
      directory_->IssueToken(Ctx(admin_token_).get(), request, &response),
      IsOk());
  return response.token();
}

Actor ServerTest::CreateStaff(const std::string& site, v1::Role role,
                              const std::string& department_code,
                              int64_t spending_limit_minor,
                              const std::string& display_name) {
  v1::CreateStaffRequest request;
  request.set_parent(site);
  request.mutable_staff()->set_display_name(
      display_name.empty() ? absl::StrCat(v1::Role_Name(role), " person")
                           : display_name);
  request.mutable_staff()->set_role(role);
  if (!department_code.empty()) {
    request.mutable_staff()->set_department(
        DepartmentNamed(site, department_code));
  }
  request.mutable_staff()->mutable_spending_limit()->set_minor_units(
      spending_limit_minor);
  v1::Staff staff;
  EXPECT_THAT(directory_->CreateStaff(Ctx(admin_token_).get(), request, &staff),
              IsOk());
  return Actor{staff.name(), IssueToken(staff.name()), site, "",
               staff.department()};
}

Actor ServerTest::CreateResident(const std::string& site,
                                 const std::string& display_name) {
  v1::CreateHouseholdRequest household_request;
  household_request.set_parent(site);
  household_request.mutable_household()->set_building("Building 1");
  household_request.mutable_household()->set_unit(
      absl::StrCat(101 + unit_counter_++));
  v1::Household household;
  EXPECT_THAT(directory_->CreateHousehold(Ctx(admin_token_).get(),
                                          household_request, &household),
              IsOk());
  v1::CreateResidentRequest request;
  request.set_parent(site);
  request.mutable_resident()->set_display_name(
      display_name.empty() ? absl::StrCat("Resident ", household.unit())
                           : display_name);
  request.mutable_resident()->set_phone("138-0000-0000");
  request.mutable_resident()->set_household(household.name());
  v1::Resident resident;
  EXPECT_THAT(
      directory_->CreateResident(Ctx(admin_token_).get(), request, &resident),
      IsOk());
  return Actor{resident.name(), IssueToken(resident.name()), site,
               household.name(), ""};
}

}  // namespace concierge::testing
