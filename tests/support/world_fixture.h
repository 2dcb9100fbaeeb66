#ifndef CONCIERGE_TESTS_SUPPORT_WORLD_FIXTURE_H_
#define CONCIERGE_TESTS_SUPPORT_WORLD_FIXTURE_H_

// A small world on both kinds of site, for tests that walk every RPC of a
// kind with requests written as data (protobuf text format with %NAME%
// placeholders): a residential site with its manager, reception, a plumber
// and a resident, a lendable item, an event and an approved FIXED item; a
// hotel with rooms 1203 (occupied) and 1205, and two guests.

#include <gmock/gmock.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/timestamp.pb.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
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

namespace concierge::testing {

// Who sends a request.
enum class Who {
  kAdmin,
  kManager,
  kReception,
  kResident,
  kHotelManager,
  kHotelDesk,
  kAttendant,
  kDeskSupervisor,    // the residential site's RECEPTION supervisor
  kMaintSupervisor,   // its MAINTENANCE supervisor
  kFinance
};

class WorldTest : public ServerTest {
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
    desk_supervisor_ = CreateStaff(site_, v1::ROLE_SUPERVISOR, "RECEPTION");
    maint_supervisor_ = CreateStaff(site_, v1::ROLE_SUPERVISOR, "MAINTENANCE");
    finance_ = CreateStaff(site_, v1::ROLE_FINANCE);
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
        {"%DESK_SUPERVISOR%", desk_supervisor_.name},
        {"%ATTENDANT%", attendant_.name},
        {"%CLEANING%", DepartmentNamed(site_, "CLEANING")},
        {"%OTHER_ITEM%", ItemNamed("OTHER_REASONABLE")},
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
      case Who::kDeskSupervisor:
        return desk_supervisor_.token;
      case Who::kMaintSupervisor:
        return maint_supervisor_.token;
      case Who::kFinance:
        return finance_.token;
    }
    return admin_token();
  }

  // Sends `method` ("Service.Method") as `who` with the request in text
  // format (%NAME% replaced from vars_) and `request_id`; on OK, `response`
  // (if given) receives the response and `name` (if given) the string at
  // `name_field` ("name", "stay.name", ...).
  grpc::Status Send(const std::string& method_name, Who who,
                    const std::string& request_text,
                    const std::string& request_id, std::string* name,
                    const std::string& name_field = "name",
                    std::unique_ptr<google::protobuf::Message>* response =
                        nullptr) {
    const google::protobuf::MethodDescriptor* method =
        google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
            absl::StrCat("concierge.v1.", method_name));
    if (method == nullptr) {
      ADD_FAILURE() << "no method " << method_name;
      return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, method_name);
    }
    std::unique_ptr<google::protobuf::Message> request = NewRequest(method);
    const std::string text = absl::StrReplaceAll(request_text, vars_);
    if (!google::protobuf::TextFormat::ParseFromString(text, request.get())) {
      ADD_FAILURE() << "bad request text: " << text;
      return grpc::Status(grpc::StatusCode::INTERNAL, "bad request text");
    }
    const google::protobuf::FieldDescriptor* id_field =
        request->GetDescriptor()->FindFieldByName("request_id");
    if (id_field != nullptr) {
      request->GetReflection()->SetString(request.get(), id_field, request_id);
    }
    std::string bytes;
    grpc::Status status =
        CallUnary(channel(), method, *request, TokenOf(who), &bytes);
    if (!status.ok()) return status;
    std::unique_ptr<google::protobuf::Message> out(
        google::protobuf::MessageFactory::generated_factory()
            ->GetPrototype(method->output_type())
            ->New());
    EXPECT_TRUE(out->ParseFromString(bytes));
    if (name != nullptr) {
      const google::protobuf::Message* at = out.get();
      const std::vector<std::string> path = absl::StrSplit(name_field, '.');
      for (size_t i = 0; i + 1 < path.size(); ++i) {
        at = &at->GetReflection()->GetMessage(
            *at, at->GetDescriptor()->FindFieldByName(path[i]));
      }
      *name = at->GetReflection()->GetString(
          *at, at->GetDescriptor()->FindFieldByName(path.back()));
    }
    if (response != nullptr) *response = std::move(out);
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
  Actor manager_, reception_, plumber_, resident_, hotel_manager_,
      hotel_desk_, attendant_, desk_supervisor_, maint_supervisor_, finance_;
  std::map<std::string, std::string> vars_;
};

}  // namespace concierge::testing

#endif  // CONCIERGE_TESTS_SUPPORT_WORLD_FIXTURE_H_
