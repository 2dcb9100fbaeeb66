// DirectoryService through real gRPC stubs against a real database:
// authentication, the authorization table, household isolation, pagination,
// idempotent creates and etags.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "tests/support/matchers.h"
#include "tests/support/server_fixture.h"

namespace concierge {
namespace {

using ::concierge::testing::IsOk;
using ::concierge::testing::QueryValue;
using ::concierge::testing::StatusIs;
using ::testing::HasSubstr;

class DirectoryTest : public testing::ServerTest {};

TEST_F(DirectoryTest, CreatingASiteGivesItsDefaultDepartments) {
  v1::Site hotel = CreateSite(v1::SITE_KIND_HOTEL, "Seaview");
  EXPECT_EQ(hotel.currency_code(), "CNY");
  v1::ListDepartmentsRequest request;
  request.set_parent(hotel.name());
  v1::ListDepartmentsResponse response;
  ASSERT_THAT(directory().ListDepartments(Ctx(admin_token()).get(), request,
                                          &response),
              IsOk());
  std::vector<std::string> codes;
  for (const auto& d : response.departments()) codes.push_back(d.code());
  EXPECT_THAT(codes, ::testing::ElementsAre("FRONT_DESK", "HOUSEKEEPING",
                                            "FOOD_AND_BEVERAGE", "ENGINEERING"));
}

TEST_F(DirectoryTest, BadSiteInputNamesTheFieldAndStoresNothing) {
  v1::CreateSiteRequest request;
  request.mutable_site()->set_kind(v1::SITE_KIND_HOTEL);
  request.mutable_site()->set_display_name("X");
  request.mutable_site()->set_time_zone("Nowhere/Land");
  v1::Site site;
  EXPECT_THAT(directory().CreateSite(Ctx(admin_token()).get(), request, &site),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("site.time_zone")));
  request.mutable_site()->set_time_zone("Asia/Shanghai");
  request.mutable_site()->set_kind(v1::SiteKind(99));
  EXPECT_THAT(directory().CreateSite(Ctx(admin_token()).get(), request, &site),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("site.kind")));
  EXPECT_EQ(QueryValue(db_->url(), "SELECT count(*) FROM sites"), "0");
}

TEST_F(DirectoryTest, MissingInvalidAndRevokedTokensAreUnauthenticated) {
  v1::WhoAmIRequest request;
  v1::Principal me;
  EXPECT_THAT(directory().WhoAmI(Ctx("").get(), request, &me),
              StatusIs(grpc::StatusCode::UNAUTHENTICATED, HasSubstr("Bearer")));
  EXPECT_THAT(directory().WhoAmI(Ctx("cnc_forged").get(), request, &me),
              StatusIs(grpc::StatusCode::UNAUTHENTICATED, HasSubstr("revoked")));
  grpc::ClientContext basic;
  basic.AddMetadata("authorization", "Basic dXNlcjpwYXNz");
  EXPECT_THAT(directory().WhoAmI(&basic, request, &me),
              StatusIs(grpc::StatusCode::UNAUTHENTICATED, HasSubstr("Bearer")));

  v1::Site site = CreateSite(v1::SITE_KIND_RESIDENTIAL);
  testing::Actor manager = CreateStaff(site.name(), v1::ROLE_MANAGER);
  ASSERT_THAT(directory().WhoAmI(Ctx(manager.token).get(), request, &me), IsOk());
  EXPECT_EQ(me.name(), manager.name);
  EXPECT_EQ(me.role(), v1::ROLE_MANAGER);

  v1::RevokeTokenRequest revoke;
  revoke.set_name(me.token());
  v1::Token revoked;
  ASSERT_THAT(directory().RevokeToken(Ctx(admin_token()).get(), revoke, &revoked),
              IsOk());
  EXPECT_TRUE(revoked.has_revoke_time());
  EXPECT_THAT(directory().WhoAmI(Ctx(manager.token).get(), request, &me),
              StatusIs(grpc::StatusCode::UNAUTHENTICATED, HasSubstr("revoked")));
}

TEST_F(DirectoryTest, ExpiredTokensStopWorking) {
  v1::Site site = CreateSite(v1::SITE_KIND_RESIDENTIAL);
  testing::Actor manager = CreateStaff(site.name(), v1::ROLE_MANAGER);
  v1::IssueTokenRequest issue;
  issue.set_principal(manager.name);
  issue.mutable_ttl()->set_seconds(3600);
  v1::IssueTokenResponse issued;
  ASSERT_THAT(directory().IssueToken(Ctx(admin_token()).get(), issue, &issued),
              IsOk());
  v1::Principal me;
  EXPECT_THAT(directory().WhoAmI(Ctx(issued.token()).get(), {}, &me), IsOk());
  clock_.Advance(absl::Hours(2));
  EXPECT_THAT(directory().WhoAmI(Ctx(issued.token()).get(), {}, &me),
              StatusIs(grpc::StatusCode::UNAUTHENTICATED, HasSubstr("expired")));
}

TEST_F(DirectoryTest, OnlyTheTokenHashIsStored) {
  v1::Site site = CreateSite(v1::SITE_KIND_RESIDENTIAL);
  testing::Actor manager = CreateStaff(site.name(), v1::ROLE_MANAGER);
  EXPECT_EQ(QueryValue(db_->url(),
                       absl::StrCat("SELECT count(*) FROM tokens WHERE "
                                    "token_hash = '", manager.token, "'")),
            "0");
  EXPECT_EQ(QueryValue(db_->url(), "SELECT min(length(token_hash)) FROM tokens"),
            "64");
}

TEST_F(DirectoryTest, AResidentCallingAStaffRpcIsDenied) {
  v1::Site site = CreateSite(v1::SITE_KIND_RESIDENTIAL);
  testing::Actor resident = CreateResident(site.name());
  v1::ListStaffRequest request;
  request.set_parent(site.name());
  v1::ListStaffResponse response;
  EXPECT_THAT(directory().ListStaff(Ctx(resident.token).get(), request, &response),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED,
                       HasSubstr("RESIDENT may not call")));
  v1::CreateSiteRequest create;
  v1::Site out;
  EXPECT_THAT(directory().CreateSite(Ctx(resident.token).get(), create, &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("CreateSite")));
}

TEST_F(DirectoryTest, AResidentCannotReadAnotherHousehold) {
  v1::Site site = CreateSite(v1::SITE_KIND_RESIDENTIAL);
  testing::Actor liu = CreateResident(site.name(), "Liu");
  testing::Actor zhou = CreateResident(site.name(), "Zhou");

  v1::GetHouseholdRequest own;
  own.set_name(liu.household);
  v1::Household household;
  EXPECT_THAT(directory().GetHousehold(Ctx(liu.token).get(), own, &household),
              IsOk());
  v1::GetHouseholdRequest other;
  other.set_name(zhou.household);
  EXPECT_THAT(directory().GetHousehold(Ctx(liu.token).get(), other, &household),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED,
                       HasSubstr("own household")));
  v1::GetResidentRequest get_zhou;
  get_zhou.set_name(zhou.name);
  v1::Resident resident;
  EXPECT_THAT(directory().GetResident(Ctx(liu.token).get(), get_zhou, &resident),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("own household")));
  // A record that does not exist looks the same to a resident.
  v1::GetResidentRequest missing;
  missing.set_name(absl::StrCat(site.name(), "/residents/999999"));
  EXPECT_THAT(directory().GetResident(Ctx(liu.token).get(), missing, &resident),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("own household")));
  v1::ListResidentsRequest list;
  list.set_parent(site.name());
  list.set_household(zhou.household);
  v1::ListResidentsResponse listed;
  EXPECT_THAT(directory().ListResidents(Ctx(liu.token).get(), list, &listed),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("own household")));
  list.clear_household();
  ASSERT_THAT(directory().ListResidents(Ctx(liu.token).get(), list, &listed), IsOk());
  ASSERT_EQ(listed.residents_size(), 1);
  EXPECT_EQ(listed.residents(0).name(), liu.name);
}

TEST_F(DirectoryTest, StaffOfOneSiteCannotTouchAnother) {
  v1::Site a = CreateSite(v1::SITE_KIND_RESIDENTIAL, "A");
  v1::Site b = CreateSite(v1::SITE_KIND_RESIDENTIAL, "B");
  testing::Actor manager_a = CreateStaff(a.name(), v1::ROLE_MANAGER);
  v1::ListStaffRequest request;
  request.set_parent(b.name());
  v1::ListStaffResponse response;
  EXPECT_THAT(directory().ListStaff(Ctx(manager_a.token).get(), request, &response),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr(b.name())));
  v1::ListSitesResponse sites;
  ASSERT_THAT(directory().ListSites(Ctx(manager_a.token).get(), {}, &sites), IsOk());
  ASSERT_EQ(sites.sites_size(), 1);
  EXPECT_EQ(sites.sites(0).name(), a.name());
}

TEST_F(DirectoryTest, ManagersCannotCreateOrSpeakForAdmins) {
  v1::Site site = CreateSite(v1::SITE_KIND_RESIDENTIAL);
  testing::Actor manager = CreateStaff(site.name(), v1::ROLE_MANAGER);
  testing::Actor admin = CreateStaff(site.name(), v1::ROLE_ADMIN);
  v1::CreateStaffRequest create;
  create.set_parent(site.name());
  create.mutable_staff()->set_display_name("Sneaky");
  create.mutable_staff()->set_role(v1::ROLE_ADMIN);
  v1::Staff staff;
  EXPECT_THAT(directory().CreateStaff(Ctx(manager.token).get(), create, &staff),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("ADMIN")));
  v1::IssueTokenRequest issue;
  issue.set_principal(admin.name);
  v1::IssueTokenResponse issued;
  EXPECT_THAT(directory().IssueToken(Ctx(manager.token).get(), issue, &issued),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("ADMIN")));
}

TEST_F(DirectoryTest, PaginationWalks250WithoutLossOrRepeat) {
  v1::Site site = CreateSite(v1::SITE_KIND_RESIDENTIAL);
  for (int i = 0; i < 250; ++i) {
    v1::CreateHouseholdRequest request;
    request.set_parent(site.name());
    request.mutable_household()->set_building("B");
    request.mutable_household()->set_unit(absl::StrCat(i));
    v1::Household h;
    ASSERT_THAT(directory().CreateHousehold(Ctx(admin_token()).get(), request, &h),
                IsOk());
  }
  std::set<std::string> seen;
  int pages = 0;
  v1::ListHouseholdsRequest request;
  request.set_parent(site.name());
  request.set_page_size(40);
  for (;;) {
    v1::ListHouseholdsResponse response;
    ASSERT_THAT(directory().ListHouseholds(Ctx(admin_token()).get(), request,
                                           &response),
                IsOk());
    ++pages;
    for (const auto& h : response.households()) {
      EXPECT_TRUE(seen.insert(h.name()).second) << "repeated " << h.name();
    }
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_EQ(seen.size(), 250u);
  EXPECT_EQ(pages, 7);
}

TEST_F(DirectoryTest, PageTokensAreBoundToTheirListAndCaller) {
  v1::Site site = CreateSite(v1::SITE_KIND_RESIDENTIAL);
  for (int i = 0; i < 3; ++i) CreateStaff(site.name(), v1::ROLE_RECEPTION, "RECEPTION");
  v1::ListStaffRequest request;
  request.set_parent(site.name());
  request.set_page_size(1);
  v1::ListStaffResponse response;
  ASSERT_THAT(directory().ListStaff(Ctx(admin_token()).get(), request, &response),
              IsOk());
  ASSERT_FALSE(response.next_page_token().empty());

  v1::ListStaffRequest other_filter = request;
  other_filter.set_page_token(response.next_page_token());
  other_filter.set_role(v1::ROLE_MANAGER);
  v1::ListStaffResponse out;
  EXPECT_THAT(directory().ListStaff(Ctx(admin_token()).get(), other_filter, &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("page_token")));
  v1::ListStaffRequest forged = request;
  std::string token = response.next_page_token();
  token[token.size() / 2] = token[token.size() / 2] == 'A' ? 'B' : 'A';
  forged.set_page_token(token);
  EXPECT_THAT(directory().ListStaff(Ctx(admin_token()).get(), forged, &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("page_token")));
  v1::ListStaffRequest negative = request;
  negative.set_page_size(-5);
  EXPECT_THAT(directory().ListStaff(Ctx(admin_token()).get(), negative, &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("page_size")));
}

TEST_F(DirectoryTest, ARepeatedCreateWithTheSameRequestIdCreatesOneRow) {
  v1::Site site = CreateSite(v1::SITE_KIND_RESIDENTIAL);
  v1::CreateHouseholdRequest request;
  request.set_parent(site.name());
  request.set_request_id("household-42");
  request.mutable_household()->set_building("B");
  request.mutable_household()->set_unit("42");
  v1::Household first, second;
  ASSERT_THAT(directory().CreateHousehold(Ctx(admin_token()).get(), request, &first),
              IsOk());
  ASSERT_THAT(directory().CreateHousehold(Ctx(admin_token()).get(), request, &second),
              IsOk());
  EXPECT_EQ(first.name(), second.name());
  EXPECT_EQ(QueryValue(db_->url(), "SELECT count(*) FROM households"), "1");

  request.mutable_household()->set_unit("43");
  v1::Household third;
  EXPECT_THAT(directory().CreateHousehold(Ctx(admin_token()).get(), request, &third),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("request_id: already used")));
  EXPECT_EQ(QueryValue(db_->url(), "SELECT count(*) FROM households"), "1");
}

TEST_F(DirectoryTest, ConcurrentRetriesWithOneRequestIdCreateOneRow) {
  v1::Site site = CreateSite(v1::SITE_KIND_RESIDENTIAL);
  v1::CreateStaffRequest request;
  request.set_parent(site.name());
  request.set_request_id("staff-retry");
  request.mutable_staff()->set_display_name("Chen");
  request.mutable_staff()->set_role(v1::ROLE_FINANCE);
  std::vector<std::string> names(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      v1::Staff staff;
      grpc::Status status =
          directory().CreateStaff(Ctx(admin_token()).get(), request, &staff);
      EXPECT_THAT(status, IsOk());
      names[i] = staff.name();
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& name : names) EXPECT_EQ(name, names[0]);
  EXPECT_EQ(QueryValue(db_->url(), "SELECT count(*) FROM staff"), "1");
}

TEST_F(DirectoryTest, UpdatesNeedTheCurrentEtag) {
  v1::Site site = CreateSite(v1::SITE_KIND_RESIDENTIAL);
  testing::Actor plumber = CreateStaff(site.name(), v1::ROLE_STAFF, "MAINTENANCE");
  v1::GetStaffRequest get;
  get.set_name(plumber.name);
  v1::Staff current;
  ASSERT_THAT(directory().GetStaff(Ctx(admin_token()).get(), get, &current), IsOk());

  v1::UpdateStaffRequest update;
  *update.mutable_staff() = current;
  update.mutable_staff()->set_phone("139 1111 2222");
  update.mutable_update_mask()->add_paths("phone");
  v1::Staff updated;
  ASSERT_THAT(directory().UpdateStaff(Ctx(admin_token()).get(), update, &updated),
              IsOk());
  EXPECT_EQ(updated.phone(), "139 1111 2222");
  EXPECT_NE(updated.etag(), current.etag());

  update.mutable_staff()->set_phone("000 0000");
  EXPECT_THAT(directory().UpdateStaff(Ctx(admin_token()).get(), update, &updated),
              StatusIs(grpc::StatusCode::ABORTED, HasSubstr("staff.etag")));
  update.mutable_update_mask()->set_paths(0, "create_time");
  EXPECT_THAT(directory().UpdateStaff(Ctx(admin_token()).get(), update, &updated),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("update_mask")));
}

TEST_F(DirectoryTest, DeactivatedStaffLoseAccessAtOnce) {
  v1::Site site = CreateSite(v1::SITE_KIND_RESIDENTIAL);
  testing::Actor clerk = CreateStaff(site.name(), v1::ROLE_RECEPTION, "RECEPTION");
  v1::Principal me;
  ASSERT_THAT(directory().WhoAmI(Ctx(clerk.token).get(), {}, &me), IsOk());
  v1::GetStaffRequest get;
  get.set_name(clerk.name);
  v1::Staff current;
  ASSERT_THAT(directory().GetStaff(Ctx(admin_token()).get(), get, &current), IsOk());
  v1::UpdateStaffRequest update;
  *update.mutable_staff() = current;
  update.mutable_staff()->set_active(false);
  update.mutable_update_mask()->add_paths("active");
  v1::Staff updated;
  ASSERT_THAT(directory().UpdateStaff(Ctx(admin_token()).get(), update, &updated),
              IsOk());
  EXPECT_THAT(directory().WhoAmI(Ctx(clerk.token).get(), {}, &me),
              StatusIs(grpc::StatusCode::UNAUTHENTICATED, HasSubstr("revoked")));
}

TEST_F(DirectoryTest, PartnersNeedKnownScopes) {
  v1::Site site = CreateSite(v1::SITE_KIND_RESIDENTIAL);
  v1::CreatePartnerRequest request;
  request.set_parent(site.name());
  request.mutable_partner()->set_display_name("CRM");
  request.mutable_partner()->add_scopes("everything");
  v1::Partner partner;
  EXPECT_THAT(directory().CreatePartner(Ctx(admin_token()).get(), request, &partner),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("partner.scopes")));
  request.mutable_partner()->set_scopes(0, "directory.read");
  ASSERT_THAT(directory().CreatePartner(Ctx(admin_token()).get(), request, &partner),
              IsOk());
  const std::string token = IssueToken(partner.name());
  v1::GetSiteRequest get;
  get.set_name(site.name());
  v1::Site seen;
  EXPECT_THAT(directory().GetSite(Ctx(token).get(), get, &seen), IsOk());
  v1::ListStaffRequest staff;
  staff.set_parent(site.name());
  v1::ListStaffResponse listed;
  EXPECT_THAT(directory().ListStaff(Ctx(token).get(), staff, &listed),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("PARTNER")));
}

}  // namespace
}  // namespace concierge

namespace concierge {
namespace {

// Two replicas on one database: a revoke on one is seen by the other's
// token cache through the change feed, not only after the cache expires.
TEST_F(DirectoryTest, ARevokeOnOneReplicaReachesTheOther) {
  v1::Site site = CreateSite(v1::SITE_KIND_RESIDENTIAL);
  testing::Actor clerk = CreateStaff(site.name(), v1::ROLE_RECEPTION, "RECEPTION");

  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.database.url = db_->url();
  options.database.pool_size = 2;
  options.admin_token_file = scratch_dir_ + "/other-admin-token";
  auto other = ConciergeServer::Start(options, &clock_);
  ASSERT_TRUE(other.ok()) << other.status();
  auto other_directory = v1::DirectoryService::NewStub((*other)->InProcessChannel());
  v1::Principal me;
  ASSERT_THAT(other_directory->WhoAmI(Ctx(clerk.token).get(), {}, &me), IsOk());

  v1::RevokeTokenRequest revoke;
  revoke.set_name(me.token());
  v1::Token revoked;
  ASSERT_THAT(directory().RevokeToken(Ctx(admin_token()).get(), revoke, &revoked),
              IsOk());
  // Well inside the 5 s cache lifetime.
  const absl::Time give_up = absl::Now() + absl::Seconds(2);
  grpc::Status status;
  do {
    status = other_directory->WhoAmI(Ctx(clerk.token).get(), {}, &me);
  } while (status.ok() && absl::Now() < give_up);
  EXPECT_THAT(status, StatusIs(grpc::StatusCode::UNAUTHENTICATED, HasSubstr("revoked")));
  (*other)->Shutdown(absl::Seconds(1));
}

}  // namespace
}  // namespace concierge
