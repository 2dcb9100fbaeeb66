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

namespace concierge {
namespace {

using ::concierge::testing::IsOk;
using ::concierge::testing::QueryValue;
using ::concierge::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

// Who sends a create.
enum class Who {
  kAdmin,
  kManager,
  kReception,
  kResident,
  kHotelManager,
  kHotelDesk,
  kAttendant
};

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

class ReplayTest : public testing::ServerTest,
                   public ::testing::WithParamInterface<ReplayCase> {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    catalog_ = v1::CatalogService::NewStub(channel());
    desk_ = v1::FrontDeskService::NewStub(channel());
    guests_ = v1::GuestProfileService::NewStub(channel());
    housekeeping_ = v1::HousekeepingService::NewStub(channel());

    // A residential site with its people, a lendable item and an event.
    site_ = CreateSite(v1::SITE_KIND_RESIDENTIAL, "Harmony").name();
    manager_ = CreateStaff(site_, v1::ROLE_MANAGER);
    AdoptDefaultCatalogue(site_, manager_.token);
    reception_ = CreateStaff(site_, v1::ROLE_RECEPTION, "RECEPTION");
    plumber_ = CreateStaff(site_, v1::ROLE_STAFF, "MAINTENANCE");
    resident_ = CreateResident(site_, "Liu");
    v1::CreateLendableItemRequest lendable;
    lendable.set_parent(site_);
    lendable.mutable_lendable()->mutable_display_name()->set_zh("雨傘");
    lendable.mutable_lendable()->mutable_display_name()->set_en("Umbrella");
    lendable.mutable_lendable()->set_total_count(3);
    v1::LendableItem lendable_out;
    ASSERT_THAT(desk_->CreateLendableItem(Ctx(reception_.token).get(), lendable,
                                          &lendable_out),
                IsOk());
    v1::CreateEventRequest event;
    event.set_parent(site_);
    event.mutable_event()->set_item(ItemNamed("FREE_REPAIR_DAY"));
    *event.mutable_event()->mutable_start_time() = Ts(absl::Hours(24 * 10));
    *event.mutable_event()->mutable_end_time() = Ts(absl::Hours(24 * 10 + 7));
    *event.mutable_event()->mutable_registration_deadline() =
        Ts(absl::Hours(24 * 8));
    event.mutable_event()->mutable_place()->set_zh("會所大堂");
    event.mutable_event()->mutable_place()->set_en("Clubhouse lobby");
    event.mutable_event()->set_capacity(30);
    v1::CommunityEvent event_out;
    ASSERT_THAT(
        desk_->CreateEvent(Ctx(reception_.token).get(), event, &event_out),
        IsOk());
    // A published FIXED item, to price.
    v1::CreateServiceItemRequest fixed;
    fixed.set_parent(site_);
    fixed.mutable_item()->set_code("TAP_REPAIR");
    fixed.mutable_item()->mutable_title()->set_zh("水龍頭維修");
    fixed.mutable_item()->mutable_title()->set_en("Tap repair");
    fixed.mutable_item()->set_category(v1::ITEM_CATEGORY_ON_SITE);
    fixed.mutable_item()->set_fee_kind(v1::FEE_KIND_FIXED);
    fixed.mutable_item()->set_fulfilment(v1::FULFILMENT_SCHEDULED);
    fixed.mutable_item()->set_department(DepartmentNamed(site_, "MAINTENANCE"));
    v1::ServiceItem fixed_out;
    ASSERT_THAT(catalog_->CreateServiceItem(Ctx(manager_.token).get(), fixed,
                                            &fixed_out),
                IsOk());
    v1::ApproveServiceItemRequest approve;
    approve.set_name(fixed_out.name());
    ASSERT_THAT(catalog_->ApproveServiceItem(Ctx(manager_.token).get(), approve,
                                             &fixed_out),
                IsOk());

    // A hotel with rooms 1203 (occupied) and 1205 (free), and two guests.
    hotel_ = CreateSite(v1::SITE_KIND_HOTEL, "Seaview").name();
    hotel_manager_ = CreateStaff(hotel_, v1::ROLE_MANAGER);
    hotel_desk_ = CreateStaff(hotel_, v1::ROLE_RECEPTION, "FRONT_DESK");
    attendant_ = CreateStaff(hotel_, v1::ROLE_STAFF, "HOUSEKEEPING");
    for (const char* number : {"1203", "1205"}) {
      v1::CreateRoomRequest room;
      room.set_parent(hotel_);
      room.mutable_room()->set_number(number);
      room.mutable_room()->set_floor(12);
      room.mutable_room()->set_room_type("KING");
      v1::Room room_out;
      ASSERT_THAT(housekeeping_->CreateRoom(Ctx(hotel_manager_.token).get(),
                                            room, &room_out),
                  IsOk());
    }
    const std::string guest = NewGuest("Anna Schmidt");
    free_guest_ = NewGuest("Tom Baker");
    v1::CheckInRequest check_in;
    check_in.set_parent(hotel_);
    check_in.mutable_stay()->set_guest(guest);
    check_in.mutable_stay()->set_room_number("1203");
    check_in.mutable_stay()->mutable_party()->set_adults(1);
    v1::Stay stay;
    ASSERT_THAT(guests_->CheckIn(Ctx(hotel_desk_.token).get(), check_in, &stay),
                IsOk());

    const absl::Time now = clock_.Now();
    vars_ = {
        {"%SITE%", site_},
        {"%HOTEL%", hotel_},
        {"%HOUSEHOLD%", resident_.household},
        {"%MAINTENANCE%", DepartmentNamed(site_, "MAINTENANCE")},
        {"%PLUMBER%", plumber_.name},
        {"%REPAIR_ITEM%", ItemNamed("OUTSIDE_SMALL_REPAIRS")},
        {"%HOSPITALS_ITEM%", ItemNamed("HOSPITALS_INFO")},
        {"%FIXED_ITEM%", fixed_out.name()},
        {"%EVENT_ITEM%", event.event().item()},
        {"%LENDABLE%", lendable_out.name()},
        {"%EVENT%", event_out.name()},
        {"%GUEST%", guest},
        {"%FREE_GUEST%", free_guest_},
        {"%STAY%", stay.name()},
        {"%NOW%", absl::StrCat(absl::ToUnixSeconds(now))},
        {"%IN_1H%", absl::StrCat(absl::ToUnixSeconds(now + absl::Hours(1)))},
        {"%IN_1D%", absl::StrCat(absl::ToUnixSeconds(now + absl::Hours(24)))},
        {"%IN_8D%",
         absl::StrCat(absl::ToUnixSeconds(now + absl::Hours(24 * 8)))},
        {"%IN_10D%",
         absl::StrCat(absl::ToUnixSeconds(now + absl::Hours(24 * 10)))},
        {"%IN_10D_7H%",
         absl::StrCat(absl::ToUnixSeconds(now + absl::Hours(24 * 10 + 7)))},
        {"%MONTH_AGO%",
         absl::StrCat(absl::ToUnixSeconds(now - absl::Hours(24 * 30)))},
    };
  }

  google::protobuf::Timestamp Ts(absl::Duration from_now) {
    google::protobuf::Timestamp t;
    t.set_seconds(absl::ToUnixSeconds(clock_.Now() + from_now));
    return t;
  }

  std::string ItemNamed(const std::string& code) {
    v1::ListServiceItemsRequest request;
    request.set_parent(site_);
    request.set_text(code);
    v1::ListServiceItemsResponse response;
    EXPECT_THAT(catalog_->ListServiceItems(Ctx(manager_.token).get(), request,
                                           &response),
                IsOk());
    for (const auto& item : response.items()) {
      if (item.code() == code) return item.name();
    }
    ADD_FAILURE() << "no item " << code;
    return "";
  }

  std::string NewGuest(const std::string& latin_name) {
    v1::CreateGuestRequest request;
    request.mutable_guest()->set_latin_name(latin_name);
    v1::Guest guest;
    EXPECT_THAT(
        guests_->CreateGuest(Ctx(hotel_desk_.token).get(), request, &guest),
        IsOk());
    return guest.name();
  }

  const std::string& TokenOf(Who who) const {
    switch (who) {
      case Who::kAdmin:
        return admin_token();
      case Who::kManager:
        return manager_.token;
      case Who::kReception:
        return reception_.token;
      case Who::kResident:
        return resident_.token;
      case Who::kHotelManager:
        return hotel_manager_.token;
      case Who::kHotelDesk:
        return hotel_desk_.token;
      case Who::kAttendant:
        return attendant_.token;
    }
    return admin_token();
  }

  // Sends the case's create with `request_id`; on OK, `name` receives the
  // created resource's name.
  grpc::Status Send(const ReplayCase& c, const std::string& request_id,
                    std::string* name) {
    const google::protobuf::MethodDescriptor* method =
        google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
            absl::StrCat("concierge.v1.", c.method));
    if (method == nullptr) {
      ADD_FAILURE() << "no method " << c.method;
      return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, c.method);
    }
    std::unique_ptr<google::protobuf::Message> request =
        testing::NewRequest(method);
    const std::string text = absl::StrReplaceAll(c.request, vars_);
    if (!google::protobuf::TextFormat::ParseFromString(text, request.get())) {
      ADD_FAILURE() << "bad request text: " << text;
      return grpc::Status(grpc::StatusCode::INTERNAL, "bad request text");
    }
    const google::protobuf::FieldDescriptor* id_field =
        request->GetDescriptor()->FindFieldByName("request_id");
    request->GetReflection()->SetString(request.get(), id_field, request_id);
    std::string bytes;
    grpc::Status status =
        testing::CallUnary(channel(), method, *request, TokenOf(c.who), &bytes);
    if (!status.ok()) return status;
    std::unique_ptr<google::protobuf::Message> response(
        google::protobuf::MessageFactory::generated_factory()
            ->GetPrototype(method->output_type())
            ->New());
    EXPECT_TRUE(response->ParseFromString(bytes));
    const google::protobuf::Message* at = response.get();
    const std::vector<std::string> path = absl::StrSplit(c.name_field, '.');
    for (size_t i = 0; i + 1 < path.size(); ++i) {
      at = &at->GetReflection()->GetMessage(
          *at, at->GetDescriptor()->FindFieldByName(path[i]));
    }
    *name = at->GetReflection()->GetString(
        *at, at->GetDescriptor()->FindFieldByName(path.back()));
    return status;
  }

  std::string Count(const std::string& table) {
    return QueryValue(db_->url(), absl::StrCat("SELECT count(*) FROM ", table));
  }

  // Removes a row the API never deletes: triggers (the desk tables refuse
  // DELETE) and foreign keys off for this session only.
  void RemoveRow(const std::string& table, const std::string& id) {
    QueryValue(db_->url(),
               absl::StrCat("SET session_replication_role = replica; "
                            "DELETE FROM ",
                            table, " WHERE id = ", id));
    ASSERT_EQ(QueryValue(db_->url(), absl::StrCat("SELECT count(*) FROM ",
                                                  table, " WHERE id = ", id)),
              "0");
  }

  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  std::unique_ptr<v1::FrontDeskService::Stub> desk_;
  std::unique_ptr<v1::GuestProfileService::Stub> guests_;
  std::unique_ptr<v1::HousekeepingService::Stub> housekeeping_;
  std::string site_, hotel_, free_guest_;
  testing::Actor manager_, reception_, plumber_, resident_, hotel_manager_,
      hotel_desk_, attendant_;
  std::map<std::string, std::string> vars_;
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
      EXPECT_TRUE(
          covered.contains(absl::StrCat(service->name(), ".", method->name())))
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
