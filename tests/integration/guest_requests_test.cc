// Hotel guests' requests (issue 22) through real gRPC stubs against a real
// database: the hotel's default guest services, requests taken by the
// desk, any member of staff, a partner and the guest's own room code, the
// same dispatch flow as residents' requests, charges to the stay, requests
// that teach the profile, and every refusal storing nothing.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "concierge/v1/catalog.grpc.pb.h"
#include "concierge/v1/guests.grpc.pb.h"
#include "concierge/v1/housekeeping.grpc.pb.h"
#include "concierge/v1/quality.grpc.pb.h"
#include "concierge/v1/requests.grpc.pb.h"
#include "tests/support/matchers.h"
#include "tests/support/server_fixture.h"

namespace concierge {
namespace {

using ::concierge::testing::Actor;
using ::concierge::testing::IsOk;
using ::concierge::testing::QueryValue;
using ::concierge::testing::ShortId;
using ::concierge::testing::StatusIs;
using ::testing::HasSubstr;

class GuestRequestsTest : public testing::ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    guests_ = v1::GuestProfileService::NewStub(channel());
    requests_ = v1::ServiceRequestService::NewStub(channel());
    catalog_ = v1::CatalogService::NewStub(channel());
    hk_ = v1::HousekeepingService::NewStub(channel());
    hotel_ = CreateSite(v1::SITE_KIND_HOTEL, "Seaview");
    manager_ = CreateStaff(hotel_.name(), v1::ROLE_MANAGER);
    desk_ = CreateStaff(hotel_.name(), v1::ROLE_RECEPTION, "FRONT_DESK");
    supervisor_ =
        CreateStaff(hotel_.name(), v1::ROLE_SUPERVISOR, "HOUSEKEEPING");
    attendant_ = CreateStaff(hotel_.name(), v1::ROLE_STAFF, "HOUSEKEEPING");
    waiter_ = CreateStaff(hotel_.name(), v1::ROLE_STAFF, "FOOD_AND_BEVERAGE");
    AdoptDefaultCatalogue(hotel_.name(), manager_.token);
    guest_ = CreateGuest("王建國", "WANG Jianguo");
    stay_ = CheckIn(guest_, "1203");
  }

  std::string Count(const std::string& table, const std::string& where = "") {
    return QueryValue(db_->url(),
                      absl::StrCat("SELECT count(*) FROM ", table,
                                   where.empty() ? "" : " WHERE ", where));
  }

  std::string CreateGuest(const std::string& zh, const std::string& en) {
    v1::CreateGuestRequest request;
    request.mutable_guest()->set_chinese_name(zh);
    request.mutable_guest()->set_latin_name(en);
    v1::Guest created;
    EXPECT_THAT(guests_->CreateGuest(Ctx(desk_.token).get(), request, &created),
                IsOk());
    return created.name();
  }

  v1::Stay CheckIn(const std::string& guest, const std::string& room) {
    v1::CheckInRequest request;
    request.set_parent(hotel_.name());
    request.mutable_stay()->set_guest(guest);
    request.mutable_stay()->set_room_number(room);
    request.mutable_stay()->mutable_party()->set_adults(1);
    v1::Stay stay;
    EXPECT_THAT(guests_->CheckIn(Ctx(desk_.token).get(), request, &stay),
                IsOk());
    return stay;
  }

  void CheckOut(const std::string& stay) {
    v1::CheckOutRequest request;
    request.set_name(stay);
    v1::Stay out;
    EXPECT_THAT(guests_->CheckOut(Ctx(desk_.token).get(), request, &out),
                IsOk());
  }

  std::string Item(const std::string& code) {
    return ItemCoded(hotel_.name(), manager_.token, code);
  }

  grpc::Status Take(const std::string& token, const std::string& item_code,
                    const std::string& room, v1::ServiceRequest* out,
                    const std::string& request_id = "") {
    v1::CreateServiceRequestRequest request;
    request.set_parent(hotel_.name());
    request.set_request_id(request_id);
    request.mutable_request()->set_item(Item(item_code));
    request.mutable_request()->set_room_number(room);
    request.mutable_request()->set_channel(v1::REQUEST_CHANNEL_PHONE);
    request.mutable_request()->set_content("please");
    return requests_->CreateServiceRequest(Ctx(token).get(), request, out);
  }

  std::string RoomCode(const std::string& room) {
    v1::IssueRoomCredentialRequest request;
    request.set_site(hotel_.name());
    request.set_room_number(room);
    v1::RoomCredential credential;
    EXPECT_THAT(guests_->IssueRoomCredential(Ctx(desk_.token).get(), request,
                                             &credential),
                IsOk());
    return credential.token();
  }

  // Assigned by the housekeeping supervisor, started and completed by the
  // attendant.
  v1::ServiceRequest Finish(const v1::ServiceRequest& r) {
    v1::AssignServiceRequestRequest assign;
    assign.set_name(r.name());
    assign.set_assignee(attendant_.name);
    v1::ServiceRequest out;
    EXPECT_THAT(requests_->AssignServiceRequest(Ctx(supervisor_.token).get(),
                                                assign, &out),
                IsOk());
    v1::StartServiceRequestRequest start;
    start.set_name(r.name());
    EXPECT_THAT(requests_->StartServiceRequest(Ctx(attendant_.token).get(),
                                               start, &out),
                IsOk());
    v1::CompleteServiceRequestRequest complete;
    complete.set_name(r.name());
    complete.set_notes("brought to the room");
    EXPECT_THAT(requests_->CompleteServiceRequest(Ctx(attendant_.token).get(),
                                                  complete, &out),
                IsOk());
    return out;
  }

  std::unique_ptr<v1::GuestProfileService::Stub> guests_;
  std::unique_ptr<v1::ServiceRequestService::Stub> requests_;
  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  std::unique_ptr<v1::HousekeepingService::Stub> hk_;
  v1::Site hotel_;
  Actor manager_, desk_, supervisor_, attendant_, waiter_;
  std::string guest_;
  v1::Stay stay_;
};

TEST_F(GuestRequestsTest,
       ANewHotelStartsWithTheGuestServicesListInBothLanguages) {
  v1::ListServiceItemsRequest request;
  request.set_parent(hotel_.name());
  request.set_page_size(100);
  v1::ListServiceItemsResponse response;
  ASSERT_THAT(
      catalog_->ListServiceItems(Ctx(desk_.token).get(), request, &response),
      IsOk());
  // 18 in the list; the shoe shine only when chosen.
  EXPECT_EQ(response.items_size(), 18);
  int published = 0;
  for (const v1::ServiceItem& item : response.items()) {
    EXPECT_FALSE(item.title().zh().empty()) << item.code();
    EXPECT_FALSE(item.title().en().empty()) << item.code();
    EXPECT_TRUE(item.has_response_target()) << item.code();
    if (item.state() == v1::ITEM_STATE_PUBLISHED) ++published;
    if (item.code() == "EXTRA_BED") {
      EXPECT_EQ(item.fee_kind(), v1::FEE_KIND_FIXED);
      EXPECT_EQ(item.current_price().minor_units(), 20000);
    }
    if (item.code() == "FEATHER_FREE_PILLOW") {
      EXPECT_EQ(item.teaches(), "AMENITY:pillow=feather_free");
    }
  }
  EXPECT_EQ(published, 17);
}

TEST_F(GuestRequestsTest, TheDeskTakesARequestThatRunsTheSameDispatchFlow) {
  v1::ServiceRequest r;
  ASSERT_THAT(Take(desk_.token, "EXTRA_TOWELS", "1203", &r), IsOk());
  EXPECT_EQ(r.state(), v1::REQUEST_STATE_DISPATCHED);
  EXPECT_EQ(r.stay(), stay_.name());
  EXPECT_TRUE(r.household().empty());
  EXPECT_EQ(r.unit(), "1203");
  EXPECT_EQ(r.contact_name(), "WANG Jianguo");
  EXPECT_EQ(r.department(), DepartmentNamed(hotel_.name(), "HOUSEKEEPING"));
  // Towels within 10 minutes, done within 20 (the hotel list's targets).
  EXPECT_EQ(r.response_due_time().seconds() - r.create_time().seconds(), 600);
  EXPECT_EQ(r.completion_due_time().seconds() - r.create_time().seconds(),
            1200);

  const v1::ServiceRequest done = Finish(r);
  EXPECT_EQ(done.state(), v1::REQUEST_STATE_COMPLETED);
  EXPECT_FALSE(done.charged_to_stay());
  EXPECT_EQ(Count("guest_consumption"), "0");
  EXPECT_EQ(Count("follow_ups"), "0")
      << "a hotel request has no follow-up call";
  EXPECT_EQ(Count("task_events", "request_id = " + ShortId(r.name())), "4");

  // Any member of staff who meets the guest takes one too: the waiter at
  // breakfast.
  v1::ServiceRequest iron;
  ASSERT_THAT(Take(waiter_.token, "IRON", "1203", &iron), IsOk());
  EXPECT_EQ(iron.registered_by(), waiter_.name);
}

TEST_F(GuestRequestsTest, APricedRequestIsChargedToTheStayWhenDoneAndOnlyOnce) {
  v1::ServiceRequest r;
  ASSERT_THAT(Take(desk_.token, "EXTRA_BED", "1203", &r), IsOk());
  EXPECT_EQ(r.agreed_price().minor_units(), 20000);
  const v1::ServiceRequest done = Finish(r);
  EXPECT_TRUE(done.charged_to_stay());
  EXPECT_EQ(Count("guest_consumption",
                  "kind = 'PAID_SERVICE' AND amount_minor = 20000 AND "
                  "stay_id = " +
                      ShortId(stay_.name())),
            "1");
  // The guest confirms; nothing is left to settle.
  v1::SignOffServiceRequestRequest sign;
  sign.set_name(r.name());
  v1::ServiceRequest signed_off;
  ASSERT_THAT(requests_->SignOffServiceRequest(Ctx(RoomCode("1203")).get(),
                                               sign, &signed_off),
              IsOk());
  EXPECT_EQ(signed_off.signature_name(), "WANG Jianguo");
  const Actor finance = CreateStaff(hotel_.name(), v1::ROLE_FINANCE);
  v1::SettleServiceRequestRequest settle;
  settle.set_name(r.name());
  settle.mutable_amount()->set_minor_units(20000);
  v1::ServiceRequest settled;
  EXPECT_THAT(requests_->SettleServiceRequest(Ctx(finance.token).get(), settle,
                                              &settled),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
                       HasSubstr("charged to the stay")));
  EXPECT_EQ(Count("guest_consumption"), "1");
}

TEST_F(GuestRequestsTest, APartnerTakesRequestsOnceWithItsRequestId) {
  v1::CreatePartnerRequest create;
  create.set_parent(hotel_.name());
  create.mutable_partner()->set_display_name("PMS");
  create.mutable_partner()->add_scopes("requests.write");
  create.mutable_partner()->add_scopes("requests.read");
  v1::Partner partner;
  ASSERT_THAT(
      directory().CreatePartner(Ctx(admin_token()).get(), create, &partner),
      IsOk());
  const std::string pms = IssueToken(partner.name());
  v1::ServiceRequest first, again;
  ASSERT_THAT(Take(pms, "CRIB", "1203", &first, "pms-778"), IsOk());
  EXPECT_EQ(first.channel(), v1::REQUEST_CHANNEL_PARTNER);
  ASSERT_THAT(Take(pms, "CRIB", "1203", &again, "pms-778"), IsOk());
  EXPECT_EQ(again.name(), first.name());
  EXPECT_EQ(Count("service_requests"), "1");
}

TEST_F(GuestRequestsTest, TheRoomCodeReachesItsOwnStayOnlyAndEndsAtCheckout) {
  const v1::Stay next_door = CheckIn(CreateGuest("李", "LI Na"), "1204");
  v1::ServiceRequest theirs;
  ASSERT_THAT(Take(desk_.token, "EXTRA_PILLOWS", "1204", &theirs), IsOk());
  const std::string code = RoomCode("1203");

  // The guest reads the published guest services...
  v1::ListServiceItemsRequest items;
  items.set_parent(hotel_.name());
  items.set_page_size(100);
  v1::ListServiceItemsResponse listed;
  ASSERT_THAT(catalog_->ListServiceItems(Ctx(code).get(), items, &listed),
              IsOk());
  EXPECT_EQ(listed.items_size(), 17);
  // ... asks for one for the room, from the room ...
  v1::CreateServiceRequestRequest ask;
  ask.set_parent(hotel_.name());
  ask.mutable_request()->set_item(Item("EXTRA_TOWELS"));
  ask.mutable_request()->set_content("two bath towels");
  v1::ServiceRequest mine;
  ASSERT_THAT(requests_->CreateServiceRequest(Ctx(code).get(), ask, &mine),
              IsOk());
  EXPECT_EQ(mine.stay(), stay_.name());
  EXPECT_EQ(mine.channel(), v1::REQUEST_CHANNEL_APP);
  EXPECT_EQ(mine.unit(), "1203");
  // ... and sees its own requests only.
  v1::ListServiceRequestsRequest list;
  list.set_parent(hotel_.name());
  v1::ListServiceRequestsResponse own;
  ASSERT_THAT(requests_->ListServiceRequests(Ctx(code).get(), list, &own),
              IsOk());
  ASSERT_EQ(own.requests_size(), 1);
  EXPECT_EQ(own.requests(0).name(), mine.name());

  // 1203's code can neither read nor create anything for 1204.
  v1::GetServiceRequestRequest get;
  get.set_name(theirs.name());
  v1::ServiceRequest read;
  EXPECT_THAT(requests_->GetServiceRequest(Ctx(code).get(), get, &read),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  ask.mutable_request()->set_stay(next_door.name());
  EXPECT_THAT(requests_->CreateServiceRequest(Ctx(code).get(), ask, &read),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  ask.mutable_request()->clear_stay();
  ask.mutable_request()->set_room_number("1204");
  EXPECT_THAT(requests_->CreateServiceRequest(Ctx(code).get(), ask, &read),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  list.set_stay(next_door.name());
  EXPECT_THAT(requests_->ListServiceRequests(Ctx(code).get(), list, &own),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  // Nor any profile.
  v1::GetGuestProfileRequest profile;
  profile.set_name(guest_);
  v1::GuestProfile seen;
  EXPECT_THAT(guests_->GetGuestProfile(Ctx(code).get(), profile, &seen),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  EXPECT_EQ(Count("service_requests"), "2");

  CheckOut(stay_.name());
  ask.mutable_request()->clear_room_number();
  EXPECT_THAT(requests_->CreateServiceRequest(Ctx(code).get(), ask, &read),
              StatusIs(grpc::StatusCode::UNAUTHENTICATED,
                       HasSubstr("stay that has ended")));
  EXPECT_EQ(Count("service_requests"), "2");
  // A code for a checked-out stay is not issued either.
  v1::IssueRoomCredentialRequest issue;
  issue.set_stay(stay_.name());
  v1::RoomCredential credential;
  EXPECT_THAT(
      guests_->IssueRoomCredential(Ctx(desk_.token).get(), issue, &credential),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
               HasSubstr("checked out")));
}

TEST_F(GuestRequestsTest, BadRequestsAreRefusedNamingTheFieldAndStoreNothing) {
  const v1::Site other = CreateSite(v1::SITE_KIND_HOTEL, "Harbour");
  const Actor other_manager = CreateStaff(other.name(), v1::ROLE_MANAGER);
  AdoptDefaultCatalogue(other.name(), other_manager.token);
  v1::CreateServiceRequestRequest request;
  request.set_parent(hotel_.name());
  request.mutable_request()->set_channel(v1::REQUEST_CHANNEL_PHONE);
  request.mutable_request()->set_room_number("1203");
  request.mutable_request()->set_item(
      ItemCoded(other.name(), other_manager.token, "EXTRA_TOWELS"));
  v1::ServiceRequest out;
  EXPECT_THAT(
      requests_->CreateServiceRequest(Ctx(desk_.token).get(), request, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("request.item")));

  request.mutable_request()->set_item(Item("EXTRA_TOWELS"));
  request.mutable_request()->clear_room_number();
  EXPECT_THAT(
      requests_->CreateServiceRequest(Ctx(desk_.token).get(), request, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("request.stay")));
  request.mutable_request()->set_room_number("0101");
  EXPECT_THAT(
      requests_->CreateServiceRequest(Ctx(desk_.token).get(), request, &out),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
               HasSubstr("nobody is checked in to room 0101")));
  request.mutable_request()->set_room_number("1203");
  request.mutable_request()->set_household(hotel_.name() + "/households/1");
  EXPECT_THAT(
      requests_->CreateServiceRequest(Ctx(desk_.token).get(), request, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
               HasSubstr("request.household")));
  request.mutable_request()->clear_household();
  // A priced service cannot be completed at the desk: it is charged when
  // done.
  request.mutable_request()->set_item(Item("EXTRA_BED"));
  request.set_complete_at_desk(true);
  EXPECT_THAT(
      requests_->CreateServiceRequest(Ctx(desk_.token).get(), request, &out),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
               HasSubstr("complete_at_desk")));
  EXPECT_EQ(Count("service_requests"), "0");
  EXPECT_EQ(Count("task_events"), "0");
}

TEST_F(GuestRequestsTest, ACommunityStillTakesRequestsAtItsDeskOnly) {
  const v1::Site community = CreateSite(v1::SITE_KIND_RESIDENTIAL, "Harmony");
  const Actor manager = CreateStaff(community.name(), v1::ROLE_MANAGER);
  AdoptDefaultCatalogue(community.name(), manager.token);
  const Actor cleaner =
      CreateStaff(community.name(), v1::ROLE_STAFF, "CLEANING");
  const Actor resident = CreateResident(community.name());
  v1::CreateServiceRequestRequest request;
  request.set_parent(community.name());
  request.mutable_request()->set_item(
      ItemCoded(community.name(), manager.token, "YELLOW_PAGES"));
  request.mutable_request()->set_household(resident.household);
  request.mutable_request()->set_channel(v1::REQUEST_CHANNEL_PHONE);
  v1::ServiceRequest out;
  EXPECT_THAT(
      requests_->CreateServiceRequest(Ctx(cleaner.token).get(), request, &out),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("desk")));
  request.mutable_request()->set_room_number("1203");
  const Actor reception =
      CreateStaff(community.name(), v1::ROLE_RECEPTION, "RECEPTION");
  EXPECT_THAT(
      requests_->CreateServiceRequest(Ctx(reception.token).get(), request,
                                      &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("request.stay")));
  EXPECT_EQ(Count("service_requests"), "0");
}

TEST_F(GuestRequestsTest, AskingAgainAtASecondStayTeachesTheProfile) {
  v1::ServiceRequest first;
  ASSERT_THAT(Take(desk_.token, "FEATHER_FREE_PILLOW", "1203", &first), IsOk());
  Finish(first);
  EXPECT_EQ(Count("room_actions"), "0") << "one stay teaches nothing yet";
  CheckOut(stay_.name());

  CheckIn(guest_, "1508");
  v1::ServiceRequest second;
  ASSERT_THAT(Take(desk_.token, "FEATHER_FREE_PILLOW", "1508", &second),
              IsOk());
  Finish(second);
  // The department is asked to confirm the habit, once.
  v1::ListDepartmentTasksRequest tasks;
  tasks.set_parent(hotel_.name());
  tasks.set_department_code("HOUSEKEEPING");
  v1::ListDepartmentTasksResponse listed;
  ASSERT_THAT(
      hk_->ListDepartmentTasks(Ctx(supervisor_.token).get(), tasks, &listed),
      IsOk());
  ASSERT_EQ(listed.actions_size(), 1);
  const v1::RoomAction& confirm = listed.actions(0);
  EXPECT_EQ(confirm.room_number(), "1508");
  EXPECT_THAT(confirm.title().en(), HasSubstr("Feather-free pillow"));
  v1::ServiceRequest third;
  ASSERT_THAT(Take(desk_.token, "FEATHER_FREE_PILLOW", "1508", &third), IsOk());
  Finish(third);
  EXPECT_EQ(Count("room_actions"), "1") << "not asked twice in one stay";

  v1::RecordActionOutcomeRequest outcome;
  outcome.set_name(confirm.name());
  outcome.set_outcome(v1::ACTION_OUTCOME_DONE);
  v1::RoomAction done;
  ASSERT_THAT(
      hk_->RecordActionOutcome(Ctx(supervisor_.token).get(), outcome, &done),
      IsOk());
  EXPECT_FALSE(done.learned_preference().empty());
  EXPECT_EQ(Count("guest_preferences",
                  "key = 'pillow' AND value = 'feather_free' AND source = "
                  "'LEARNED' AND superseded_by IS NULL"),
            "1");
}

TEST_F(GuestRequestsTest, TheHotelsReportCountsActionsRequestsAndSales) {
  v1::ServiceRequest bed, pillow;
  ASSERT_THAT(Take(desk_.token, "EXTRA_BED", "1203", &bed), IsOk());
  Finish(bed);
  ASSERT_THAT(Take(desk_.token, "FEATHER_FREE_PILLOW", "1203", &pillow),
              IsOk());
  Finish(pillow);
  CheckOut(stay_.name());
  CheckIn(guest_, "1508");
  ASSERT_THAT(Take(desk_.token, "FEATHER_FREE_PILLOW", "1508", &pillow),
              IsOk());
  Finish(pillow);  // proposes confirming the habit: one action suggested

  auto quality = v1::QualityService::NewStub(channel());
  auto report_on = [&](const std::string& subject) {
    v1::GetQualityReportRequest request;
    request.set_subject(subject);
    request.mutable_start_time()->set_seconds(
        absl::ToUnixSeconds(clock_.Now() - absl::Hours(24)));
    request.mutable_end_time()->set_seconds(
        absl::ToUnixSeconds(clock_.Now() + absl::Hours(24)));
    v1::QualityReport report;
    EXPECT_THAT(
        quality->GetQualityReport(Ctx(manager_.token).get(), request, &report),
        IsOk());
    return report;
  };
  const v1::QualityReport site = report_on(hotel_.name());
  EXPECT_EQ(site.requests_completed(), 3);
  EXPECT_EQ(site.on_time(), 3);
  ASSERT_TRUE(site.has_hotel());
  EXPECT_EQ(site.hotel().actions_suggested(), 1);
  EXPECT_EQ(site.hotel().actions_done(), 0);
  EXPECT_EQ(site.hotel().sales().minor_units(), 20000);
  EXPECT_EQ(site.hotel().sales().currency_code(), "CNY");
  const v1::QualityReport attendant = report_on(attendant_.name);
  EXPECT_EQ(attendant.requests_completed(), 3);
  EXPECT_EQ(attendant.hotel().sales().minor_units(), 20000);
  const v1::QualityReport waiters =
      report_on(DepartmentNamed(hotel_.name(), "FOOD_AND_BEVERAGE"));
  EXPECT_EQ(waiters.requests_completed(), 0);
  EXPECT_EQ(waiters.hotel().sales().minor_units(), 0);

  // An evaluation keeps the hotel figures it was made from.
  v1::CreateEvaluationRequest evaluate;
  evaluate.set_parent(hotel_.name());
  evaluate.mutable_evaluation()->set_subject(attendant_.name);
  *evaluate.mutable_evaluation()->mutable_start_time() = site.start_time();
  *evaluate.mutable_evaluation()->mutable_end_time() = site.end_time();
  evaluate.mutable_evaluation()->set_score(90);
  v1::Evaluation evaluation;
  ASSERT_THAT(quality->CreateEvaluation(Ctx(manager_.token).get(), evaluate,
                                        &evaluation),
              IsOk());
  EXPECT_EQ(evaluation.report().hotel().sales().minor_units(), 20000);
  v1::ListEvaluationsRequest list;
  list.set_parent(hotel_.name());
  v1::ListEvaluationsResponse listed;
  ASSERT_THAT(
      quality->ListEvaluations(Ctx(manager_.token).get(), list, &listed),
      IsOk());
  ASSERT_EQ(listed.evaluations_size(), 1);
  EXPECT_EQ(listed.evaluations(0).report().hotel().sales().minor_units(),
            20000);
}

}  // namespace
}  // namespace concierge
