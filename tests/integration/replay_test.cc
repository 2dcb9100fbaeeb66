// Replaying a create whose resource is gone: every create that takes a
// request_id (CreateOnce), sent again with it after the row it created was
// removed, answers NOT_FOUND naming that resource and stores nothing. No RPC
// deletes these resources (their tables refuse DELETE, or nothing in the API
// issues one), so the test removes the row by hand, with triggers and
// foreign keys off, as a future delete, a restore or an operator would.

#include <gmock/gmock.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/timestamp.pb.h>
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "concierge/v1/catalog.grpc.pb.h"
#include "concierge/v1/frontdesk.grpc.pb.h"
#include "concierge/v1/guests.grpc.pb.h"
#include "concierge/v1/housekeeping.grpc.pb.h"
#include "tests/support/generic_call.h"
#include "tests/support/matchers.h"
#include "tests/support/server_fixture.h"
#include "tests/support/world_fixture.h"
#include "tests/support/write_methods.h"

namespace concierge {
namespace {

using ::concierge::testing::IsOk;
using ::concierge::testing::QueryValue;
using ::concierge::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

using testing::Who;

struct ReplayCase {
  // "Service.Method" of concierge.v1.
  std::string method;
  Who who;
  // The request in protobuf text format without its request_id; %NAME%
  // stands for a name or time of the world (ReplayTest::Vars).
  std::string request;
  // The table that holds the created row (its id is the name's last part).
  std::string table;
  // Where the response holds the created resource's name.
  std::string name_field = "name";
};

void PrintTo(const ReplayCase& c, std::ostream* out) { *out << c.method; }

std::string CaseName(const ::testing::TestParamInfo<ReplayCase>& info) {
  return info.param.method.substr(info.param.method.find('.') + 1);
}

class ReplayTest : public testing::WorldTest,
                   public ::testing::WithParamInterface<ReplayCase> {
 protected:
  // Sends the case's create with `request_id`; on OK, `name` receives the
  // created resource's name.
  grpc::Status Send(const ReplayCase& c, const std::string& request_id,
                    std::string* name) {
    return WorldTest::Send(c.method, c.who, c.request, request_id, name,
                           c.name_field);
  }
};

const ReplayCase kCases[] = {
    // DirectoryService
    ReplayCase{"DirectoryService.CreateSite", Who::kAdmin,
               R"(site { kind: SITE_KIND_HOTEL display_name: "Harbour"
                         time_zone: "Asia/Shanghai" })",
               "sites"},
    ReplayCase{"DirectoryService.CreateDepartment", Who::kManager,
               R"(parent: "%SITE%" department {
                    code: "GARDEN" title { zh: "園藝" en: "Garden" } })",
               "departments"},
    ReplayCase{"DirectoryService.CreateStaff", Who::kManager,
               R"(parent: "%SITE%" staff {
                    display_name: "New hire" role: ROLE_STAFF
                    department: "%MAINTENANCE%" })",
               "staff"},
    ReplayCase{"DirectoryService.CreateHousehold", Who::kReception,
               R"(parent: "%SITE%" household {
                    building: "Building 9" unit: "901" })",
               "households"},
    ReplayCase{"DirectoryService.CreateResident", Who::kReception,
               R"(parent: "%SITE%" resident {
                    display_name: "Ms Wu" phone: "138-0000-0001"
                    household: "%HOUSEHOLD%" })",
               "residents"},
    ReplayCase{"DirectoryService.CreatePartner", Who::kAdmin,
               R"(parent: "%SITE%" partner {
                    display_name: "CRM" scopes: "directory.read" })",
               "partners"},
    // CatalogService
    ReplayCase{"CatalogService.CreateServiceItem", Who::kManager,
               R"(parent: "%SITE%" item {
                    code: "BALCONY_SWEEP"
                    title { zh: "陽台清掃" en: "Balcony sweep" }
                    category: ITEM_CATEGORY_ON_SITE fee_kind: FEE_KIND_FREE
                    fulfilment: FULFILMENT_SCHEDULED
                    department: "%MAINTENANCE%" })",
               "service_items"},
    ReplayCase{"CatalogService.SetServicePrice", Who::kManager,
               R"(parent: "%FIXED_ITEM%" price {
                    amount { minor_units: 5000 }
                    effective_time { seconds: %IN_1H% } })",
               "service_prices"},
    ReplayCase{"CatalogService.CreateAnnouncement", Who::kManager,
               R"(parent: "%SITE%" announcement {
                    title { zh: "新服務" en: "New services" }
                    items: "%REPAIR_ITEM%" })",
               "announcements"},
    ReplayCase{"CatalogService.AdoptDefaultCatalogue", Who::kManager,
               R"(parent: "%SITE%" item_codes: "CITY_SHUTTLE")",
               "announcements"},
    ReplayCase{"CatalogService.CreateProvider", Who::kReception,
               R"(parent: "%SITE%" provider {
                    item: "%HOSPITALS_ITEM%"
                    display_name { zh: "市第一人民醫院"
                                   en: "First People's Hospital" }
                    phone: "021-5555-0120" })",
               "providers"},
    // ServiceRequestService
    ReplayCase{"ServiceRequestService.CreateServiceRequest", Who::kResident,
               R"(parent: "%SITE%" request {
                    item: "%REPAIR_ITEM%" content: "The gate squeaks" })",
               "service_requests"},
    // GuestProfileService
    ReplayCase{"GuestProfileService.CreateGuest", Who::kHotelDesk,
               R"(guest { chinese_name: "王芳" latin_name: "Wang Fang" })",
               "guests"},
    ReplayCase{"GuestProfileService.CheckIn", Who::kHotelDesk,
               R"(parent: "%HOTEL%" stay {
                    guest: "%FREE_GUEST%" room_number: "1205"
                    party { adults: 1 } })",
               "stays"},
    ReplayCase{"GuestProfileService.RecordObservation", Who::kAttendant,
               R"(guest: "%GUEST%" note: "Likes extra pillows")", "guest_notes",
               "note.name"},
    ReplayCase{"GuestProfileService.RecordConsumption", Who::kHotelDesk,
               R"(stay: "%STAY%" entry {
                    kind: CONSUMPTION_KIND_MINIBAR
                    description: "2 x Tsingtao"
                    amount { minor_units: 3000 } })",
               "guest_consumption"},
    // ArrivalService
    ReplayCase{"ArrivalService.CreateReservation", Who::kHotelDesk,
               R"(parent: "%HOTEL%" reservation {
                    guest: "%FREE_GUEST%" arrival_date: "2026-03-03"
                    departure_date: "2026-03-05" room_type: "KING"
                    party { adults: 1 } })",
               "reservations"},
    // FrontDeskService
    ReplayCase{"FrontDeskService.LogParcel", Who::kReception,
               R"(parent: "%SITE%" parcel {
                    household: "%HOUSEHOLD%" kind: PARCEL_KIND_PARCEL
                    carrier: "SF Express" tracking_number: "SF100"
                    shelf: "A2" })",
               "parcels"},
    ReplayCase{"FrontDeskService.DepositValuables", Who::kReception,
               R"(parent: "%SITE%" record {
                    household: "%HOUSEHOLD%"
                    description: "A jade bracelet in a red box"
                    receipt_number: "R-0001" deposited_by: "Ms Liu" })",
               "custody_records"},
    ReplayCase{"FrontDeskService.CreateLendableItem", Who::kReception,
               R"(parent: "%SITE%" lendable {
                    display_name { zh: "梯子" en: "Ladder" }
                    total_count: 1 })",
               "lendable_items"},
    ReplayCase{"FrontDeskService.LendItem", Who::kReception,
               R"(parent: "%SITE%" loan {
                    lendable: "%LENDABLE%" household: "%HOUSEHOLD%"
                    borrower: "Ms Liu" due_time { seconds: %IN_1D% } })",
               "loans"},
    ReplayCase{"FrontDeskService.LeaveMessage", Who::kReception,
               R"(parent: "%SITE%" message {
                    household: "%HOUSEHOLD%" from_name: "Auntie Wang"
                    from_phone: "139-0000-2020"
                    text: "Will drop by with soup at 7 pm"
                    channel: MESSAGE_CHANNEL_PHONE })",
               "visitor_messages"},
    ReplayCase{"FrontDeskService.CreateEvent", Who::kReception,
               R"(parent: "%SITE%" event {
                    item: "%EVENT_ITEM%"
                    start_time { seconds: %IN_10D% }
                    end_time { seconds: %IN_10D_7H% }
                    registration_deadline { seconds: %IN_8D% }
                    place { zh: "會所" en: "Clubhouse" } capacity: 10 })",
               "community_events"},
    ReplayCase{"FrontDeskService.RegisterForEvent", Who::kResident,
               R"(parent: "%EVENT%" registration {
                    party_size: 2 details: "a wobbly chair" })",
               "event_registrations"},
    // HousekeepingService
    ReplayCase{"HousekeepingService.CreateRoom", Who::kHotelManager,
               R"(parent: "%HOTEL%" room {
                    number: "1301" floor: 13 room_type: "KING" })",
               "rooms"},
    ReplayCase{"HousekeepingService.SubmitObservations", Who::kAttendant,
               R"(site: "%HOTEL%" room_number: "1203"
                  kind: VISIT_KIND_CLEANING observations { code: "AC_OFF" })",
               "room_visits"},
    ReplayCase{"HousekeepingService.ProposeRoomAction", Who::kAttendant,
               R"(site: "%HOTEL%" room_number: "1203"
                  what { en: "A mosquito net over the bed" }
                  why: "Slept under one on the last stay")",
               "room_actions"},
    ReplayCase{"HousekeepingService.CountMinibar", Who::kAttendant,
               R"(site: "%HOTEL%" room_number: "1203"
                  counts { item_code: "BEER" count: 1 })",
               "minibar_counts"},
    ReplayCase{"HousekeepingService.CreateHandoverNote", Who::kAttendant,
               R"(parent: "%HOTEL%" note {
                    room_number: "1203"
                    text: "Asked not to be disturbed before 10" })",
               "handover_notes"},
    ReplayCase{"HousekeepingService.CreateRule", Who::kHotelManager,
               R"(parent: "%HOTEL%" rule {
                    code: "TOO_WARM" title { zh: "太熱" en: "Too warm" }
                    all_of: "AC_OFF" actions: "BOIL_WATER" })",
               "housekeeping_rules"},
    // QualityService
    ReplayCase{"QualityService.CreateComplaint", Who::kResident,
               R"(parent: "%SITE%" complaint {
                    category: COMPLAINT_CATEGORY_SERVICE_QUALITY
                    severity: COMPLAINT_SEVERITY_MINOR
                    text: "The lift is slow" })",
               "complaints"},
    ReplayCase{"QualityService.RecordPraise", Who::kReception,
               R"(parent: "%SITE%" praise {
                    staff: "%PLUMBER%" source: PRAISE_SOURCE_RESIDENT_LETTER
                    text: "Fixed it quickly and tidied up"
                    praised_by: "Ms Liu, 1-101" })",
               "praise"},
    ReplayCase{"QualityService.CreateEvaluation", Who::kManager,
               R"(parent: "%SITE%" evaluation {
                    subject: "%PLUMBER%"
                    start_time { seconds: %MONTH_AGO% }
                    end_time { seconds: %NOW% }
                    score: 86 note: "Quick and tidy" })",
               "evaluations"},
    ReplayCase{"QualityService.CreateSuggestion", Who::kResident,
               R"(parent: "%SITE%" suggestion {
                    kind: SUGGESTION_KIND_NEW_SERVICE
                    text: "A bicycle repair corner" })",
               "suggestions"},
    ReplayCase{"QualityService.CreateSurvey", Who::kManager,
               R"(parent: "%SITE%" survey {
                    title { zh: "調查" en: "Survey" }
                    questions { text { zh: "滿意嗎" en: "Satisfied?" }
                                kind: QUESTION_KIND_SCALE }
                    open_time { seconds: %NOW% }
                    close_time { seconds: %IN_1D% } })",
               "surveys"},
    ReplayCase{"QualityService.CreateServicePlan", Who::kManager,
               R"(parent: "%SITE%" plan {
                    year: 2027 title { zh: "計劃" en: "Plan" }
                    entries { action: PLAN_ACTION_KEEP
                              item: "%REPAIR_ITEM%" } })",
               "service_plans"}};

TEST_P(ReplayTest,
       AReplayWhoseResourceIsGoneIsNotFoundNamingItAndStoresNothing) {
  const ReplayCase& c = GetParam();
  std::string first, again;
  ASSERT_THAT(Send(c, "replay-1", &first), IsOk());
  ASSERT_FALSE(first.empty());
  // While it is there, a replay answers it.
  ASSERT_THAT(Send(c, "replay-1", &again), IsOk());
  EXPECT_EQ(again, first);

  RemoveRow(c.table, testing::ShortId(first));
  const std::string rows = Count(c.table);
  const std::string keys = Count("idempotency_keys");
  std::string name;
  EXPECT_THAT(Send(c, "replay-1", &name),
              StatusIs(grpc::StatusCode::NOT_FOUND,
                       AllOf(HasSubstr("request_id"), HasSubstr(first),
                             HasSubstr("no longer exists"))));
  EXPECT_EQ(Count(c.table), rows);
  EXPECT_EQ(Count("idempotency_keys"), keys);
  // The same answer every time; a new request_id creates anew.
  EXPECT_THAT(Send(c, "replay-1", &name),
              StatusIs(grpc::StatusCode::NOT_FOUND, HasSubstr(first)));
}

INSTANTIATE_TEST_SUITE_P(EveryCreate, ReplayTest, ::testing::ValuesIn(kCases),
                         CaseName);

// A create added later gets a case here, or this fails.
TEST(ReplayCases, EveryCreateWithARequestIdHasOne) {
  std::set<std::string> covered;
  for (const ReplayCase& c : kCases) covered.insert(c.method);
  for (const auto* service : testing::AllConciergeServices()) {
    for (int i = 0; i < service->method_count(); ++i) {
      const google::protobuf::MethodDescriptor* method = service->method(i);
      if (method->input_type()->FindFieldByName("request_id") == nullptr) {
        continue;
      }
      const std::string name =
          absl::StrCat(service->name(), ".", method->name());
      // Moves and updates replay their first response (write_retry_test.cc);
      // IssueToken and IssueRoomCredential never answer a repeat (their
      // secret is not kept).
      if (testing::ReplayedWrites().contains(name) ||
          name == "DirectoryService.IssueToken" ||
          name == "GuestProfileService.IssueRoomCredential") {
        continue;
      }
      EXPECT_TRUE(covered.contains(name))
          << method->full_name() << " takes a request_id but has no case";
    }
  }
}

// Erasure is not removal: the erased guest keeps its name with `erased`
// set (guests.proto), so a CreateGuest replayed after EraseGuest answers that
// record, as GetGuestProfile does, and stores nothing.
TEST_F(ReplayTest, AfterEraseGuestACreateGuestReplayAnswersTheErasedRecord) {
  v1::CreateGuestRequest create;
  create.set_request_id("guest-1");
  create.mutable_guest()->set_chinese_name("王芳");
  create.mutable_guest()->set_latin_name("Wang Fang");
  create.mutable_guest()->set_phone("138-1234-5678");
  v1::Guest created;
  ASSERT_THAT(
      guests_->CreateGuest(Ctx(hotel_desk_.token).get(), create, &created),
      IsOk());
  v1::EraseGuestRequest erase;
  erase.set_name(created.name());
  v1::Guest erased;
  ASSERT_THAT(
      guests_->EraseGuest(Ctx(hotel_manager_.token).get(), erase, &erased),
      IsOk());
  const std::string guests = Count("guests");
  const std::string keys = Count("idempotency_keys");

  v1::Guest replayed;
  ASSERT_THAT(
      guests_->CreateGuest(Ctx(hotel_desk_.token).get(), create, &replayed),
      IsOk());
  EXPECT_EQ(replayed.name(), created.name());
  EXPECT_TRUE(replayed.erased());
  EXPECT_EQ(replayed.latin_name(), "");
  EXPECT_EQ(replayed.phone(), "");
  EXPECT_EQ(Count("guests"), guests);
  EXPECT_EQ(Count("idempotency_keys"), keys);
}

}  // namespace
}  // namespace concierge
