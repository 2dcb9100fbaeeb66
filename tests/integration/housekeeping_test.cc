// HousekeepingService through real gRPC stubs against a real database:
// every case of the seed through SubmitObservations, the birthday rule on
// the birthday only, approvals and spending limits, a sale on the stay, a
// handover reaching the next shift, a learned preference in the checklist
// at the guest's next stay, a manager's new rule without a restart,
// department queues, the attendant's day, and bad input that stores nothing.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "concierge/v1/guests.grpc.pb.h"
#include "concierge/v1/housekeeping.grpc.pb.h"
#include "concierge/v1/quality.grpc.pb.h"
#include "concierge/v1/requests.grpc.pb.h"
#include "server/app/concierge_server.h"
#include "tests/support/housekeeping_cases.h"
#include "tests/support/matchers.h"
#include "tests/support/server_fixture.h"

namespace concierge {
namespace {

using ::concierge::testing::Actor;
using ::concierge::testing::HousekeepingCase;
using ::concierge::testing::IsOk;
using ::concierge::testing::QueryValue;
using ::concierge::testing::StatusIs;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAreArray;

class HousekeepingTest : public testing::ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    hk_ = v1::HousekeepingService::NewStub(channel());
    guests_ = v1::GuestProfileService::NewStub(channel());
    hotel_ = CreateSite(v1::SITE_KIND_HOTEL, "Seaview");
    manager_ = CreateStaff(hotel_.name(), v1::ROLE_MANAGER);
    desk_ = CreateStaff(hotel_.name(), v1::ROLE_RECEPTION, "FRONT_DESK");
    supervisor_ =
        CreateStaff(hotel_.name(), v1::ROLE_SUPERVISOR, "HOUSEKEEPING", 100000);
    attendant_ =
        CreateStaff(hotel_.name(), v1::ROLE_STAFF, "HOUSEKEEPING", 5000);
    evening_ = CreateStaff(hotel_.name(), v1::ROLE_STAFF, "HOUSEKEEPING", 5000);
    seeded_rules_ = Count("housekeeping_rules");
  }

  v1::HousekeepingService::Stub& hk() { return *hk_; }

  std::string Count(const std::string& table, const std::string& where = "") {
    return QueryValue(db_->url(),
                      absl::StrCat("SELECT count(*) FROM ", table,
                                   where.empty() ? "" : " WHERE ", where));
  }

  v1::Room CreateRoom(const std::string& number, int floor = 12,
                      bool accessible = false) {
    v1::CreateRoomRequest request;
    request.set_parent(hotel_.name());
    request.mutable_room()->set_number(number);
    request.mutable_room()->set_floor(floor);
    request.mutable_room()->set_room_type("KING");
    request.mutable_room()->set_accessible(accessible);
    v1::Room room;
    EXPECT_THAT(hk().CreateRoom(Ctx(manager_.token).get(), request, &room),
                IsOk());
    return room;
  }

  // A guest whose birthday is (month, day), 0: none.
  std::string CreateGuest(const std::string& name, int month = 0, int day = 0,
                          int vip = 0) {
    v1::CreateGuestRequest request;
    request.mutable_guest()->set_latin_name(name);
    request.mutable_guest()->set_vip_level(vip);
    if (month != 0) {
      request.mutable_guest()->mutable_birthday()->set_month(month);
      request.mutable_guest()->mutable_birthday()->set_day(day);
    }
    v1::Guest guest;
    EXPECT_THAT(guests_->CreateGuest(Ctx(desk_.token).get(), request, &guest),
                IsOk());
    return guest.name();
  }

  grpc::Status CheckIn(const std::string& guest, const std::string& room,
                       v1::Stay* stay = nullptr, int infants = 0,
                       std::optional<absl::Time> until = std::nullopt) {
    v1::CheckInRequest request;
    request.set_parent(hotel_.name());
    request.mutable_stay()->set_guest(guest);
    request.mutable_stay()->set_room_number(room);
    request.mutable_stay()->mutable_party()->set_adults(1);
    request.mutable_stay()->mutable_party()->set_infants(infants);
    if (until) {
      request.mutable_stay()->mutable_expected_check_out_time()->set_seconds(
          absl::ToUnixSeconds(*until));
    }
    v1::Stay out;
    return guests_->CheckIn(Ctx(desk_.token).get(), request,
                            stay ? stay : &out);
  }

  void CheckOut(const std::string& room) {
    v1::CheckOutRequest request;
    request.set_site(hotel_.name());
    request.set_room_number(room);
    v1::Stay out;
    EXPECT_THAT(guests_->CheckOut(Ctx(desk_.token).get(), request, &out),
                IsOk());
  }

  static void AddObservations(const std::vector<std::string>& tokens,
                              v1::SubmitObservationsRequest* request) {
    for (const std::string& t : tokens) {
      v1::Observation* o = request->add_observations();
      const size_t open = t.find('(');
      o->set_code(t.substr(0, open));
      if (open != std::string::npos) {
        o->set_value(std::stod(t.substr(open + 1)));
      }
    }
  }

  grpc::Status Submit(const Actor& who, const std::string& room,
                      const std::vector<std::string>& tokens, v1::Visit* visit,
                      const std::string& note = "",
                      v1::VisitKind kind = v1::VISIT_KIND_CLEANING,
                      const std::string& site = "") {
    v1::SubmitObservationsRequest request;
    request.set_site(site.empty() ? hotel_.name() : site);
    request.set_room_number(room);
    request.set_kind(kind);
    AddObservations(tokens, &request);
    request.set_note(note);
    return hk().SubmitObservations(Ctx(who.token).get(), request, visit);
  }

  v1::Visit MustSubmit(const Actor& who, const std::string& room,
                       const std::vector<std::string>& tokens) {
    v1::Visit visit;
    EXPECT_THAT(Submit(who, room, tokens, &visit), IsOk());
    return visit;
  }

  grpc::Status Outcome(const Actor& who, const std::string& action,
                       v1::ActionOutcome outcome, v1::RoomAction* out,
                       const std::string& reason = "") {
    v1::RecordActionOutcomeRequest request;
    request.set_name(action);
    request.set_outcome(outcome);
    request.set_reason(reason);
    return hk().RecordActionOutcome(Ctx(who.token).get(), request, out);
  }

  grpc::Status CountMinibar(
      const Actor& who, const std::string& site, const std::string& room,
      const std::vector<std::pair<std::string, int>>& counts,
      v1::MinibarCount* out, const std::string& request_id = "") {
    v1::CountMinibarRequest request;
    request.set_site(site);
    request.set_room_number(room);
    for (const auto& [item, count] : counts) {
      v1::MinibarQuantity* q = request.add_counts();
      q->set_item_code(item);
      q->set_count(count);
    }
    request.set_request_id(request_id);
    return hk().CountMinibar(Ctx(who.token).get(), request, out);
  }

  // One sweep of the fixture's server: how many moves it made.
  int Sweep() {
    absl::StatusOr<int> moved = server_->SweepOnce();
    EXPECT_TRUE(moved.ok()) << moved.status();
    return moved.ok() ? *moved : -1;
  }

  // A member of staff's own idea for the guest of `room`.
  grpc::Status Propose(const Actor& who, const std::string& room,
                       const std::string& what_en, const std::string& why,
                       int64_t cost_minor, v1::RoomAction* out,
                       const std::string& department = "",
                       const std::string& request_id = "") {
    v1::ProposeRoomActionRequest request;
    request.set_site(hotel_.name());
    request.set_room_number(room);
    request.mutable_what()->set_en(what_en);
    request.set_why(why);
    request.mutable_estimated_cost()->set_minor_units(cost_minor);
    request.set_department_code(department);
    request.set_request_id(request_id);
    return hk().ProposeRoomAction(Ctx(who.token).get(), request, out);
  }

  static std::vector<std::string> Codes(const v1::Visit& visit) {
    std::vector<std::string> codes;
    for (const auto& a : visit.actions()) codes.push_back(a.code());
    return codes;
  }

  static const v1::RoomAction* Action(const v1::Visit& visit,
                                      const std::string& code) {
    for (const auto& a : visit.actions()) {
      if (a.code() == code) return &a;
    }
    return nullptr;
  }

  v1::RoomDay RoomDay(const Actor& who, const std::string& room) {
    v1::GetRoomDayRequest request;
    request.set_site(hotel_.name());
    request.set_room_number(room);
    v1::RoomDay day;
    EXPECT_THAT(hk().GetRoomDay(Ctx(who.token).get(), request, &day), IsOk());
    return day;
  }

  static std::vector<std::string> Checklist(const v1::RoomDay& day) {
    std::vector<std::string> codes;
    for (const auto& item : day.checklist()) codes.push_back(item.code());
    return codes;
  }

  grpc::Status Assign(const Actor& who, const Actor& attendant,
                      const std::vector<std::string>& rooms,
                      v1::AssignRoomsResponse* out, bool replace = false) {
    v1::AssignRoomsRequest request;
    request.set_parent(hotel_.name());
    request.set_attendant(attendant.name);
    for (const auto& r : rooms) request.add_room_numbers(r);
    request.set_replace(replace);
    return hk().AssignRooms(Ctx(who.token).get(), request, out);
  }

  // Today in Shanghai at the fixture's start (2026-03-02 09:00).
  static constexpr int kMonth = 3, kDay = 2;

  std::unique_ptr<v1::HousekeepingService::Stub> hk_;
  std::unique_ptr<v1::GuestProfileService::Stub> guests_;
  v1::Site hotel_;
  Actor manager_, desk_, supervisor_, attendant_, evening_;
  std::string seeded_rules_;
};

// --- the seed's cases
// ----------------------------------------------------------

TEST_F(HousekeepingTest, EveryCaseOfTheSeedThroughTheRpc) {
  const std::vector<HousekeepingCase> cases =
      ::concierge::testing::LoadHousekeepingCases();
  ASSERT_EQ(cases.size(), 13u);
  int n = 0;
  for (const HousekeepingCase& c : cases) {
    const std::string room = absl::StrCat("C", ++n);
    CreateRoom(room);
    const std::string guest = c.birthday_today()
                                  ? CreateGuest(c.room, kMonth, kDay)
                                  : CreateGuest(c.room, 7, 15);
    ASSERT_THAT(CheckIn(guest, room), IsOk());
    v1::Visit visit;
    ASSERT_THAT(Submit(attendant_, room, c.observations, &visit), IsOk())
        << "line " << c.line;
    EXPECT_THAT(Codes(visit),
                UnorderedElementsAreArray(
                    ::concierge::testing::ExpectedActions(cases, c)))
        << "line " << c.line << " (" << c.room << ": " << c.notes << ")";
    for (const std::string& code : c.expected) {
      const v1::RoomAction* a = Action(visit, code);
      ASSERT_NE(a, nullptr) << code;
      ASSERT_FALSE(a->reasons().empty()) << code;
      EXPECT_FALSE(a->reasons(0).rule_code().empty());
      EXPECT_FALSE(a->title().zh().empty());
      EXPECT_FALSE(a->title().en().empty());
      EXPECT_EQ(a->guest(), guest);
    }
    if (c.birthday_today()) {
      const v1::RoomAction* cake = Action(visit, "BIRTHDAY_FLOWERS_AND_CAKE");
      // Costs more than the attendant may spend alone.
      EXPECT_EQ(cake->state(), v1::ROOM_ACTION_STATE_PENDING_APPROVAL);
      EXPECT_THAT(cake->reasons(0).facts(), Contains("birthday_today"));
    }
  }
  EXPECT_EQ(Count("room_visits"), "13");
}

TEST_F(HousekeepingTest, ThePart2RoomAsOneVisitGivesEachActionOnce) {
  CreateRoom("1203");
  ASSERT_THAT(CheckIn(CreateGuest("Wang", kMonth, kDay, 3), "1203"), IsOk());
  v1::Visit visit = MustSubmit(
      attendant_, "1203",
      {"DEVICES_CROWD_ONE_TABLE", "PAPERS_SPREAD_ON_DESK", "BIN_OUT_OF_PLACE",
       "USED_TISSUES_MANY", "AC_OFF", "GIFT_IN_ROOM", "OPENED_DRINKS"});
  std::set<std::string> expected;
  for (const HousekeepingCase& c :
       ::concierge::testing::LoadHousekeepingCases()) {
    if (c.room == "room-1")
      expected.insert(c.expected.begin(), c.expected.end());
  }
  EXPECT_THAT(Codes(visit), UnorderedElementsAreArray(expected));
  EXPECT_EQ(visit.actions_size(), static_cast<int>(expected.size()));
  // Two rules add a tissue box: one box, both reasons.
  const v1::RoomAction* tissues = Action(visit, "ADD_TISSUE_BOX");
  ASSERT_NE(tissues, nullptr);
  ASSERT_EQ(tissues->reasons_size(), 2);
  EXPECT_EQ(tissues->reasons(0).rule_code(), "TISSUES_RUNNING_OUT");
  EXPECT_EQ(tissues->reasons(1).rule_code(), "GUEST_MAY_HAVE_A_COLD");
  EXPECT_EQ(tissues->reasons(1).observations_size(), 2);
  EXPECT_EQ(Count("room_actions"), absl::StrCat(expected.size()));
  EXPECT_EQ(Count("room_action_reasons",
                  "rule_code IN ('TISSUES_RUNNING_OUT', "
                  "'GUEST_MAY_HAVE_A_COLD') AND room_action_id = " +
                      testing::ShortId(tissues->name())),
            "2");
}

TEST_F(HousekeepingTest, TheBirthdayRuleFiresOnlyOnTheBirthdayInTheSitesZone) {
  CreateRoom("1203");
  // Born on 3 March: at 09:00 on 2 March in Shanghai it is not yet the day.
  ASSERT_THAT(CheckIn(CreateGuest("Wang", 3, 3), "1203"), IsOk());
  v1::Visit before = MustSubmit(attendant_, "1203", {"GIFT_IN_ROOM"});
  EXPECT_THAT(Codes(before), IsEmpty());
  // 17:00 UTC on 2 March is 01:00 on 3 March in Shanghai.
  clock_.Set(absl::FromCivil(absl::CivilSecond(2026, 3, 2, 17, 0, 0),
                             absl::UTCTimeZone()));
  v1::Visit on = MustSubmit(attendant_, "1203", {"GIFT_IN_ROOM"});
  EXPECT_THAT(Codes(on), ElementsAre("BIRTHDAY_FLOWERS_AND_CAKE"));
  clock_.Advance(absl::Hours(24));
  v1::Visit after = MustSubmit(attendant_, "1203", {"GIFT_IN_ROOM"});
  EXPECT_THAT(Codes(after), IsEmpty());
}

// --- empowerment
// ------------------------------------------------------------------

TEST_F(HousekeepingTest, CostlyActionsWaitForASupervisorWithinTheirLimit) {
  CreateRoom("1203");
  ASSERT_THAT(CheckIn(CreateGuest("Wang", kMonth, kDay), "1203"), IsOk());
  v1::Visit visit = MustSubmit(attendant_, "1203", {"GIFT_IN_ROOM"});
  const v1::RoomAction* cake = Action(visit, "BIRTHDAY_FLOWERS_AND_CAKE");
  ASSERT_NE(cake, nullptr);
  EXPECT_EQ(cake->state(), v1::ROOM_ACTION_STATE_PENDING_APPROVAL);
  EXPECT_EQ(cake->total_cost().minor_units(), 28800);
  EXPECT_EQ(cake->requested_by(), attendant_.name);

  // Not done before approval; nothing changes.
  v1::RoomAction out;
  EXPECT_THAT(Outcome(attendant_, cake->name(), v1::ACTION_OUTCOME_DONE, &out),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
                       HasSubstr("approves it first")));
  EXPECT_EQ(Count("room_actions", "state = 'PENDING_APPROVAL'"), "1");

  // The attendant cannot approve; a supervisor with a small limit may not
  // either; the department's supervisor sees and approves it.
  v1::ApproveActionRequest approve;
  approve.set_name(cake->name());
  EXPECT_THAT(hk().ApproveAction(Ctx(attendant_.token).get(), approve, &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  const Actor junior =
      CreateStaff(hotel_.name(), v1::ROLE_SUPERVISOR, "HOUSEKEEPING", 10000);
  EXPECT_THAT(hk().ApproveAction(Ctx(junior.token).get(), approve, &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED,
                       HasSubstr("a manager approves it")));
  const Actor other_department =
      CreateStaff(hotel_.name(), v1::ROLE_SUPERVISOR, "ENGINEERING", 1000000);
  EXPECT_THAT(
      hk().ApproveAction(Ctx(other_department.token).get(), approve, &out),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("APPROVE")));
  v1::ListPendingApprovalsRequest list;
  list.set_parent(hotel_.name());
  v1::ListPendingApprovalsResponse pending;
  ASSERT_THAT(
      hk().ListPendingApprovals(Ctx(supervisor_.token).get(), list, &pending),
      IsOk());
  ASSERT_EQ(pending.actions_size(), 1);
  EXPECT_EQ(pending.actions(0).name(), cake->name());
  v1::ListPendingApprovalsResponse engineering;
  ASSERT_THAT(hk().ListPendingApprovals(Ctx(other_department.token).get(), list,
                                        &engineering),
              IsOk());
  EXPECT_EQ(engineering.actions_size(), 0);
  approve.set_note("Happy birthday from housekeeping");
  ASSERT_THAT(hk().ApproveAction(Ctx(supervisor_.token).get(), approve, &out),
              IsOk());
  EXPECT_EQ(out.state(), v1::ROOM_ACTION_STATE_APPROVED);
  EXPECT_EQ(out.decided_by(), supervisor_.name);
  ASSERT_THAT(Outcome(attendant_, cake->name(), v1::ACTION_OUTCOME_DONE, &out),
              IsOk());
  EXPECT_EQ(out.state(), v1::ROOM_ACTION_STATE_DONE);
  EXPECT_EQ(out.outcome_by(), attendant_.name);
  // Twice is a state error, not a second cake.
  EXPECT_THAT(
      Outcome(attendant_, cake->name(), v1::ACTION_OUTCOME_DONE, &out),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("DONE")));

  // An attendant trusted with more does it at once; a rejected one is over.
  const Actor senior =
      CreateStaff(hotel_.name(), v1::ROLE_STAFF, "HOUSEKEEPING", 50000);
  v1::Visit trusted = MustSubmit(senior, "1203", {"GIFT_IN_ROOM"});
  EXPECT_EQ(Action(trusted, "BIRTHDAY_FLOWERS_AND_CAKE")->state(),
            v1::ROOM_ACTION_STATE_SUGGESTED);
  v1::Visit again = MustSubmit(attendant_, "1203", {"GIFT_IN_ROOM"});
  v1::RejectActionRequest reject;
  reject.set_name(Action(again, "BIRTHDAY_FLOWERS_AND_CAKE")->name());
  EXPECT_THAT(
      hk().RejectAction(Ctx(supervisor_.token).get(), reject, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("reason")));
  reject.set_reason("Already sent one today");
  ASSERT_THAT(hk().RejectAction(Ctx(supervisor_.token).get(), reject, &out),
              IsOk());
  EXPECT_EQ(out.state(), v1::ROOM_ACTION_STATE_REJECTED);
  EXPECT_EQ(out.decision_note(), "Already sent one today");
  EXPECT_THAT(
      Outcome(attendant_, out.name(), v1::ACTION_OUTCOME_DONE, &out),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("REJECTED")));
}

TEST_F(HousekeepingTest, ASaleLandsOnTheStay) {
  // A sale the hotel declared (the newspaper it sells to the door).
  v1::CreateRuleRequest create;
  create.set_parent(hotel_.name());
  v1::Rule* rule = create.mutable_rule();
  rule->set_code("READS_THE_PAPER");
  rule->mutable_title()->set_zh("客人看報");
  rule->mutable_title()->set_en("The guest reads the paper");
  rule->add_all_of("NEWSPAPER_READ");
  rule->add_actions("DELIVER_NEWSPAPER");
  v1::ObservationDefinition* code = create.add_new_observations();
  code->set_code("NEWSPAPER_READ");
  code->mutable_label()->set_zh("報紙看過了");
  code->mutable_label()->set_en("A newspaper read");
  v1::ActionDefinition* sale = create.add_new_actions();
  sale->set_code("DELIVER_NEWSPAPER");
  sale->mutable_title()->set_zh("每天送報");
  sale->mutable_title()->set_en("Deliver a newspaper every day");
  sale->set_department_code("HOUSEKEEPING");
  sale->mutable_cost()->set_minor_units(1200);
  sale->set_is_sale(true);
  v1::Rule created;
  ASSERT_THAT(hk().CreateRule(Ctx(manager_.token).get(), create, &created),
              IsOk());

  CreateRoom("1508");
  v1::Stay stay;
  const std::string guest = CreateGuest("Li");
  ASSERT_THAT(CheckIn(guest, "1508", &stay), IsOk());
  v1::Visit visit = MustSubmit(attendant_, "1508", {"NEWSPAPER_READ"});
  const v1::RoomAction* paper = Action(visit, "DELIVER_NEWSPAPER");
  ASSERT_NE(paper, nullptr);
  EXPECT_TRUE(paper->is_sale());
  EXPECT_EQ(paper->total_cost().minor_units(), 1200);
  // A sale is revenue, never held for approval.
  EXPECT_EQ(paper->state(), v1::ROOM_ACTION_STATE_SUGGESTED);
  EXPECT_EQ(Count("guest_consumption"), "0");
  v1::RoomAction done;
  ASSERT_THAT(
      Outcome(attendant_, paper->name(), v1::ACTION_OUTCOME_DONE, &done),
      IsOk());
  EXPECT_THAT(done.consumption(), HasSubstr("/consumption/"));
  EXPECT_EQ(
      Count("guest_consumption", "stay_id = " + testing::ShortId(stay.name()) +
                                     " AND amount_minor = 1200"),
      "1");
  v1::GetGuestProfileRequest profile_request;
  profile_request.set_name(guest);
  v1::GuestProfile profile;
  ASSERT_THAT(guests_->GetGuestProfile(Ctx(desk_.token).get(), profile_request,
                                       &profile),
              IsOk());
  ASSERT_EQ(profile.consumption_size(), 1);
  EXPECT_EQ(profile.consumption(0).stay(), stay.name());
  EXPECT_EQ(profile.consumption(0).amount().minor_units(), 1200);
}

// --- the minibar
// -------------------------------------------------------------------

TEST_F(HousekeepingTest, TheMinibarIsChargedWhenDrunkNotWhenRestocked) {
  CreateRoom("1508");
  v1::Stay stay;
  const std::string guest = CreateGuest("Li");
  ASSERT_THAT(CheckIn(guest, "1508", &stay), IsOk());
  const std::string on_stay = "stay_id = " + testing::ShortId(stay.name());

  // The seed's room: four opened beers on the bedside table (maybe the
  // guest's own). The attendant restocks the minibar; nothing is charged.
  v1::Visit visit = MustSubmit(attendant_, "1508", {"OPENED_DRINKS(4)"});
  const v1::RoomAction* restock = Action(visit, "RESTOCK_MINIBAR");
  ASSERT_NE(restock, nullptr);
  EXPECT_FALSE(restock->is_sale());
  EXPECT_EQ(restock->minibar_item(), "BEER");
  EXPECT_EQ(restock->quantity(), 4);
  EXPECT_EQ(restock->total_cost().minor_units(), 0);
  EXPECT_EQ(restock->title().en(),
            "Restock the minibar (charged when consumed)");
  EXPECT_EQ(restock->state(), v1::ROOM_ACTION_STATE_SUGGESTED);
  // Two beers go in (the seed's two), not four.
  v1::RecordActionOutcomeRequest outcome;
  outcome.set_name(restock->name());
  outcome.set_outcome(v1::ACTION_OUTCOME_DONE);
  outcome.set_quantity(2);
  v1::RoomAction done;
  ASSERT_THAT(
      hk().RecordActionOutcome(Ctx(attendant_.token).get(), outcome, &done),
      IsOk());
  EXPECT_EQ(done.state(), v1::ROOM_ACTION_STATE_DONE);
  EXPECT_EQ(done.quantity(), 2);
  EXPECT_TRUE(done.consumption().empty());
  EXPECT_EQ(Count("guest_consumption"), "0");
  EXPECT_EQ(Count("minibar_restocks",
                  "item_code = 'BEER' AND quantity = 2 AND room_action_id = " +
                      testing::ShortId(restock->name())),
            "1");
  v1::RoomDay day = RoomDay(attendant_, "1508");
  ASSERT_EQ(day.minibar_size(), 1);
  EXPECT_EQ(day.minibar(0).item_code(), "BEER");
  EXPECT_EQ(day.minibar(0).count(), 2);

  // The next visit's count: one beer gone, the water counted for the first
  // time (where its record starts).
  v1::MinibarCount count;
  ASSERT_THAT(
      CountMinibar(attendant_, hotel_.name(), "1508",
                   {{"BEER", 1}, {"MINERAL_WATER", 3}}, &count, "count-1"),
      IsOk());
  EXPECT_THAT(count.name(), HasSubstr("/minibarCounts/"));
  EXPECT_EQ(count.stay(), stay.name());
  EXPECT_EQ(count.guest(), guest);
  EXPECT_EQ(count.counted_by(), attendant_.name);
  ASSERT_EQ(count.lines_size(), 2);
  EXPECT_EQ(count.lines(0).item_code(), "BEER");
  EXPECT_EQ(count.lines(0).title().en(), "Beer");
  EXPECT_EQ(count.lines(0).expected(), 2);
  EXPECT_EQ(count.lines(0).counted(), 1);
  EXPECT_EQ(count.lines(0).consumed(), 1);
  EXPECT_EQ(count.lines(0).amount().minor_units(), 1500);
  EXPECT_THAT(count.lines(0).consumption(), HasSubstr(guest + "/consumption/"));
  EXPECT_FALSE(count.lines(1).has_expected());
  EXPECT_EQ(count.lines(1).consumed(), 0);
  EXPECT_TRUE(count.lines(1).consumption().empty());
  EXPECT_EQ(count.charged().minor_units(), 1500);
  EXPECT_EQ(count.charged().currency_code(), "CNY");
  EXPECT_EQ(Count("guest_consumption",
                  on_stay + " AND kind = 'MINIBAR' AND amount_minor = 1500"),
            "1");
  // Retried: the same count, charged once.
  v1::MinibarCount again;
  ASSERT_THAT(
      CountMinibar(attendant_, hotel_.name(), "1508",
                   {{"BEER", 1}, {"MINERAL_WATER", 3}}, &again, "count-1"),
      IsOk());
  EXPECT_EQ(again.name(), count.name());
  EXPECT_EQ(again.charged().minor_units(), 1500);
  EXPECT_EQ(again.lines(0).consumption(), count.lines(0).consumption());
  EXPECT_EQ(Count("guest_consumption"), "1");
  EXPECT_EQ(Count("minibar_counts"), "1");
  // Counted again at the turndown, nothing drunk since: nothing charged.
  ASSERT_THAT(CountMinibar(attendant_, hotel_.name(), "1508",
                           {{"BEER", 1}, {"MINERAL_WATER", 4}}, &again),
              IsOk());
  EXPECT_EQ(again.charged().minor_units(), 0);
  EXPECT_EQ(again.lines(0).consumed(), 0);
  // One more water than expected: a correction, neither charged nor
  // refunded.
  EXPECT_EQ(again.lines(1).expected(), 3);
  EXPECT_EQ(again.lines(1).consumed(), 0);
  EXPECT_EQ(Count("guest_consumption"), "1");

  // More opened drinks the next day: restocked as suggested (two), still
  // nothing charged.
  clock_.Advance(absl::Hours(20));
  v1::Visit next = MustSubmit(attendant_, "1508", {"OPENED_DRINKS(2)"});
  ASSERT_THAT(Outcome(attendant_, Action(next, "RESTOCK_MINIBAR")->name(),
                      v1::ACTION_OUTCOME_DONE, &done),
              IsOk());
  EXPECT_EQ(done.quantity(), 2);
  EXPECT_EQ(Count("guest_consumption"), "1");
  day = RoomDay(attendant_, "1508");
  ASSERT_EQ(day.minibar_size(), 2);
  EXPECT_EQ(day.minibar(0).item_code(), "BEER");
  EXPECT_EQ(day.minibar(0).count(), 3);
  EXPECT_EQ(day.minibar(1).item_code(), "MINERAL_WATER");
  EXPECT_EQ(day.minibar(1).count(), 4);

  // The guest checks out before anyone counts; the attendant counts the
  // vacant room: the stay that had it since the last count is charged.
  CheckOut("1508");
  clock_.Advance(absl::Minutes(30));
  ASSERT_THAT(CountMinibar(attendant_, hotel_.name(), "1508",
                           {{"BEER", 0}, {"MINERAL_WATER", 4}}, &again),
              IsOk());
  EXPECT_EQ(again.stay(), stay.name());
  EXPECT_EQ(again.lines(0).consumed(), 3);
  EXPECT_EQ(again.charged().minor_units(), 4500);
  EXPECT_EQ(Count("guest_consumption", on_stay + " AND kind = 'MINIBAR'"), "2");
  // Counted again while the room stays empty: that stay is not charged
  // for what went missing after its count.
  clock_.Advance(absl::Hours(2));
  ASSERT_THAT(CountMinibar(attendant_, hotel_.name(), "1508",
                           {{"MINERAL_WATER", 2}}, &again),
              IsOk());
  EXPECT_TRUE(again.stay().empty());
  EXPECT_EQ(again.lines(0).consumed(), 2);
  EXPECT_EQ(again.charged().minor_units(), 0);
  EXPECT_TRUE(again.lines(0).consumption().empty());
  EXPECT_EQ(Count("guest_consumption"), "2");

  // The hotel's price list is in the vocabulary.
  v1::GetVocabularyRequest vocabulary_request;
  vocabulary_request.set_site(hotel_.name());
  v1::Vocabulary vocabulary;
  ASSERT_THAT(hk().GetVocabulary(Ctx(attendant_.token).get(),
                                 vocabulary_request, &vocabulary),
              IsOk());
  bool beer = false;
  for (const auto& item : vocabulary.minibar_items()) {
    if (item.code() != "BEER") continue;
    beer = true;
    EXPECT_EQ(item.price().minor_units(), 1500);
    EXPECT_EQ(item.title().zh(), "啤酒");
  }
  EXPECT_TRUE(beer);
}

TEST_F(HousekeepingTest, ABadMinibarCountOrRestockStoresNothing) {
  CreateRoom("1508");
  ASSERT_THAT(CheckIn(CreateGuest("Li"), "1508"), IsOk());
  v1::MinibarCount count;
  EXPECT_THAT(
      CountMinibar(attendant_, hotel_.name(), "1508", {}, &count),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("counts")));
  EXPECT_THAT(CountMinibar(attendant_, hotel_.name(), "1508",
                           {{"BEER", 1}, {"WHISKY", 1}}, &count),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("counts[1].item_code")));
  EXPECT_THAT(
      CountMinibar(attendant_, hotel_.name(), "1508", {{"BEER", 100}}, &count),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
               HasSubstr("counts[0].count")));
  EXPECT_THAT(CountMinibar(attendant_, hotel_.name(), "1508",
                           {{"BEER", 1}, {"BEER", 1}}, &count),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("counts[1].item_code")));
  EXPECT_THAT(
      CountMinibar(attendant_, hotel_.name(), "9999", {{"BEER", 1}}, &count),
      StatusIs(grpc::StatusCode::NOT_FOUND, HasSubstr("room_number")));
  const v1::Site other = CreateSite(v1::SITE_KIND_HOTEL, "Hillside");
  EXPECT_THAT(
      CountMinibar(attendant_, other.name(), "1508", {{"BEER", 1}}, &count),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  const Actor accountant = CreateStaff(hotel_.name(), v1::ROLE_FINANCE);
  EXPECT_THAT(
      CountMinibar(accountant, hotel_.name(), "1508", {{"BEER", 1}}, &count),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  EXPECT_EQ(Count("minibar_counts"), "0");
  EXPECT_EQ(Count("minibar_stock"), "0");
  EXPECT_EQ(Count("guest_consumption"), "0");

  // A quantity belongs to a restock only, and to DONE.
  v1::Visit visit = MustSubmit(attendant_, "1508",
                               {"WHOLE_FRUIT_IN_ROOM", "OPENED_DRINKS(2)"});
  v1::RecordActionOutcomeRequest outcome;
  outcome.set_name(
      Action(visit, "PROVIDE_FRUIT_TRAY_KNIFE_TOOTHPICKS")->name());
  outcome.set_outcome(v1::ACTION_OUTCOME_DONE);
  outcome.set_quantity(2);
  v1::RoomAction out;
  EXPECT_THAT(
      hk().RecordActionOutcome(Ctx(attendant_.token).get(), outcome, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("quantity")));
  outcome.set_name(Action(visit, "RESTOCK_MINIBAR")->name());
  outcome.set_quantity(100);
  EXPECT_THAT(
      hk().RecordActionOutcome(Ctx(attendant_.token).get(), outcome, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("quantity")));
  outcome.set_quantity(1);
  outcome.set_outcome(v1::ACTION_OUTCOME_SKIPPED);
  outcome.set_reason("Minibar is full");
  EXPECT_THAT(
      hk().RecordActionOutcome(Ctx(attendant_.token).get(), outcome, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("quantity")));
  EXPECT_EQ(Count("room_actions", "state = 'SUGGESTED'"), "2");
  EXPECT_EQ(Count("minibar_restocks"), "0");
  EXPECT_EQ(Count("minibar_stock"), "0");
}

// --- handover, learning
// ---------------------------------------------------------

TEST_F(HousekeepingTest, AHandoverReachesTheNextShift) {
  CreateRoom("1203");
  CreateRoom("1204");
  const std::string guest = CreateGuest("Wang");
  ASSERT_THAT(CheckIn(guest, "1203"), IsOk());
  v1::AssignRoomsResponse assigned;
  ASSERT_THAT(Assign(supervisor_, attendant_, {"1203", "1204"}, &assigned),
              IsOk());
  // The morning cleaning: the guest was cold at 23 °C.
  v1::Visit visit = MustSubmit(attendant_, "1203",
                               {"BEDSPREAD_OVER_BLANKET", "AC_SETPOINT(23)"});
  EXPECT_THAT(Codes(visit), ElementsAre("ADD_BLANKET", "TURNDOWN_SET_AC_26"));
  const v1::RoomAction* ac = Action(visit, "TURNDOWN_SET_AC_26");
  EXPECT_TRUE(ac->for_next_shift());
  ASSERT_EQ(Count("handover_notes"), "1");

  // The evening attendant's day shows the handover on the room.
  clock_.Advance(absl::Hours(8));
  ASSERT_THAT(Assign(supervisor_, evening_, {"1203"}, &assigned), IsOk());
  v1::ListMyRoomsRequest mine;
  mine.set_parent(hotel_.name());
  v1::ListMyRoomsResponse day;
  ASSERT_THAT(hk().ListMyRooms(Ctx(evening_.token).get(), mine, &day), IsOk());
  EXPECT_EQ(day.business_date(), "2026-03-02");
  ASSERT_EQ(day.rooms_size(), 1);
  const v1::RoomDay& room = day.rooms(0);
  EXPECT_EQ(room.room_number(), "1203");
  EXPECT_EQ(room.attendant(), evening_.name);
  ASSERT_EQ(room.handover_notes_size(), 1);
  EXPECT_THAT(room.handover_notes(0).text(), HasSubstr("TURNDOWN_SET_AC_26"));
  EXPECT_EQ(room.handover_notes(0).room_action(), ac->name());
  std::vector<std::string> open;
  for (const auto& a : room.open_actions()) open.push_back(a.code());
  EXPECT_THAT(open, Contains("TURNDOWN_SET_AC_26"));
  // The morning attendant's day lost the room that moved.
  v1::ListMyRoomsResponse morning;
  ASSERT_THAT(hk().ListMyRooms(Ctx(attendant_.token).get(), mine, &morning),
              IsOk());
  ASSERT_EQ(morning.rooms_size(), 1);
  EXPECT_EQ(morning.rooms(0).room_number(), "1204");

  // The evening shift does it: the profile learns 26 °C.
  v1::RoomAction done;
  ASSERT_THAT(Outcome(evening_, ac->name(), v1::ACTION_OUTCOME_DONE, &done),
              IsOk());
  EXPECT_THAT(done.learned_preference(), HasSubstr("/preferences/"));
  EXPECT_EQ(Count("guest_preferences",
                  "key = 'room_temperature_c' AND value = '26' AND source = "
                  "'LEARNED' AND superseded_at IS NULL"),
            "1");
  // A note by hand reaches the next shift too; old notes age out.
  v1::CreateHandoverNoteRequest note;
  note.set_parent(hotel_.name());
  note.mutable_note()->set_room_number("1204");
  note.mutable_note()->set_text("Guest asked not to be disturbed before 10");
  v1::HandoverNote created;
  ASSERT_THAT(
      hk().CreateHandoverNote(Ctx(attendant_.token).get(), note, &created),
      IsOk());
  EXPECT_EQ(created.author(), attendant_.name);
  v1::ListHandoverNotesRequest notes;
  notes.set_parent(hotel_.name());
  notes.set_room_number("1204");
  v1::ListHandoverNotesResponse listed;
  ASSERT_THAT(hk().ListHandoverNotes(Ctx(evening_.token).get(), notes, &listed),
              IsOk());
  ASSERT_EQ(listed.notes_size(), 1);
  EXPECT_EQ(listed.notes(0).text(), created.text());
  clock_.Advance(absl::Hours(25));
  ASSERT_THAT(hk().ListHandoverNotes(Ctx(evening_.token).get(), notes, &listed),
              IsOk());
  EXPECT_EQ(listed.notes_size(), 0);
  // A handover on a room the hotel does not have is refused.
  note.mutable_note()->set_room_number("9999");
  EXPECT_THAT(
      hk().CreateHandoverNote(Ctx(attendant_.token).get(), note, &created),
      StatusIs(grpc::StatusCode::NOT_FOUND, HasSubstr("note.room_number")));
}

TEST_F(HousekeepingTest, ALearnedPreferenceIsInTheChecklistAtTheNextStay) {
  CreateRoom("1203");
  CreateRoom("0906");
  const std::string guest = CreateGuest("Wang");
  ASSERT_THAT(CheckIn(guest, "1203"), IsOk());
  EXPECT_THAT(Checklist(RoomDay(attendant_, "1203")), IsEmpty());
  v1::Visit visit = MustSubmit(attendant_, "1203", {"CURTAIN_GAP_LEFT"});
  const v1::RoomAction* gap = Action(visit, "TURNDOWN_LEAVE_CURTAIN_GAP");
  ASSERT_NE(gap, nullptr);
  ASSERT_TRUE(gap->has_teaches());
  EXPECT_EQ(gap->teaches().key(), "curtains");
  // Suggested is not yet learned: the attendant confirms by doing it.
  EXPECT_THAT(Checklist(RoomDay(attendant_, "1203")), IsEmpty());
  v1::RoomAction done;
  ASSERT_THAT(Outcome(evening_, gap->name(), v1::ACTION_OUTCOME_DONE, &done),
              IsOk());
  EXPECT_THAT(Checklist(RoomDay(attendant_, "1203")),
              ElementsAre("TURNDOWN_LEAVE_CURTAIN_GAP"));
  CheckOut("1203");

  // Weeks later, another room: nobody observes it again.
  clock_.Advance(absl::Hours(24 * 30));
  ASSERT_THAT(CheckIn(guest, "0906"), IsOk());
  const v1::RoomDay day = RoomDay(attendant_, "0906");
  ASSERT_THAT(Checklist(day), ElementsAre("TURNDOWN_LEAVE_CURTAIN_GAP"));
  EXPECT_EQ(day.checklist(0).reasons(0).rule_code(), "STANDING_CURTAIN_GAP");
  EXPECT_THAT(day.checklist(0).reasons(0).facts(),
              ElementsAre("ROOM:curtains=gap"));
  EXPECT_EQ(day.brief().guest(), guest);
  bool learned = false;
  for (const auto& p : day.brief().preferences()) {
    learned = learned || (p.key() == "curtains" &&
                          p.source() == v1::PREFERENCE_SOURCE_LEARNED);
  }
  EXPECT_TRUE(learned);
  // The vacant room has a day too, without a guest.
  const v1::RoomDay vacant = RoomDay(attendant_, "1203");
  EXPECT_EQ(vacant.state(), v1::ROOM_STATE_VACANT);
  EXPECT_FALSE(vacant.has_brief());
  EXPECT_THAT(Checklist(vacant), IsEmpty());
}

TEST_F(HousekeepingTest, InfantSignsTeachTheProfileAndTheCribStands) {
  CreateRoom("1508");
  const std::string guest = CreateGuest("Li");
  ASSERT_THAT(CheckIn(guest, "1508"), IsOk());
  v1::Visit visit = MustSubmit(
      attendant_, "1508",
      {"CHAIR_AGAINST_BED", "PLASTIC_SHEET_ON_BED", "BABY_CLOTHES_DRYING"});
  v1::RoomAction done;
  ASSERT_THAT(Outcome(attendant_, Action(visit, "PLACE_BABY_CRIB")->name(),
                      v1::ACTION_OUTCOME_DONE, &done),
              IsOk());
  const v1::RoomDay day = RoomDay(attendant_, "1508");
  ASSERT_THAT(Checklist(day), ElementsAre("PLACE_BABY_CRIB"));
  EXPECT_THAT(day.checklist(0).reasons(0).facts(),
              ElementsAre("SERVICE:travelling_with_infant=true"));
}

// --- rules are data
// ----------------------------------------------------------------

TEST_F(HousekeepingTest, AManagersNewRuleTakesEffectWithoutRestart) {
  CreateRoom("1203");
  ASSERT_THAT(CheckIn(CreateGuest("Wang", 0, 0, 2), "1203"), IsOk());
  v1::Visit visit;
  EXPECT_THAT(Submit(attendant_, "1203", {"FLOWERS_WILTING"}, &visit),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("FLOWERS_WILTING")));

  v1::CreateRuleRequest create;
  create.set_parent(hotel_.name());
  v1::Rule* rule = create.mutable_rule();
  rule->set_code("FRESH_FLOWERS");
  rule->mutable_title()->set_zh("花謝了：換上鮮花");
  rule->mutable_title()->set_en("Wilting flowers: replace them");
  rule->add_all_of("FLOWERS_WILTING");
  rule->add_actions("REPLACE_FLOWERS");
  v1::ObservationDefinition* code = create.add_new_observations();
  code->set_code("FLOWERS_WILTING");
  code->mutable_label()->set_zh("花謝了");
  code->mutable_label()->set_en("Flowers wilting");
  v1::ActionDefinition* action = create.add_new_actions();
  action->set_code("REPLACE_FLOWERS");
  action->mutable_title()->set_zh("換上鮮花");
  action->mutable_title()->set_en("Replace the flowers");
  action->set_department_code("HOUSEKEEPING");
  action->mutable_cost()->set_minor_units(3000);
  v1::Rule created;
  EXPECT_THAT(hk().CreateRule(Ctx(supervisor_.token).get(), create, &created),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  ASSERT_THAT(hk().CreateRule(Ctx(manager_.token).get(), create, &created),
              IsOk());
  EXPECT_TRUE(created.enabled());
  EXPECT_EQ(created.updated_by(), manager_.name);

  visit = MustSubmit(attendant_, "1203", {"FLOWERS_WILTING"});
  ASSERT_THAT(Codes(visit), ElementsAre("REPLACE_FLOWERS"));
  EXPECT_EQ(visit.actions(0).reasons(0).rule(), created.name());
  EXPECT_EQ(visit.actions(0).total_cost().currency_code(), "CNY");

  // Only for VIPs of level 3 and up now: this guest is level 2.
  v1::UpdateRuleRequest update;
  *update.mutable_rule() = created;
  update.mutable_rule()->mutable_profile()->set_min_vip_level(3);
  update.mutable_update_mask()->add_paths("profile");
  v1::Rule updated;
  ASSERT_THAT(hk().UpdateRule(Ctx(manager_.token).get(), update, &updated),
              IsOk());
  EXPECT_NE(updated.etag(), created.etag());
  EXPECT_THAT(Codes(MustSubmit(attendant_, "1203", {"FLOWERS_WILTING"})),
              IsEmpty());
  // A stale etag loses.
  EXPECT_THAT(hk().UpdateRule(Ctx(manager_.token).get(), update, &updated),
              StatusIs(grpc::StatusCode::ABORTED, HasSubstr("etag")));

  // A default rule switched off stops at once.
  v1::ListRulesRequest list;
  list.set_parent(hotel_.name());
  list.set_page_size(500);
  v1::ListRulesResponse rules;
  ASSERT_THAT(hk().ListRules(Ctx(attendant_.token).get(), list, &rules),
              IsOk());
  std::string fruit;
  for (const auto& r : rules.rules()) {
    if (r.code() == "FRUIT_TO_CUT") fruit = r.name();
  }
  ASSERT_FALSE(fruit.empty());
  EXPECT_THAT(Codes(MustSubmit(attendant_, "1203", {"WHOLE_FRUIT_IN_ROOM"})),
              ElementsAre("PROVIDE_FRUIT_TRAY_KNIFE_TOOTHPICKS"));
  v1::DisableRuleRequest disable;
  disable.set_name(fruit);
  v1::Rule disabled;
  ASSERT_THAT(hk().DisableRule(Ctx(manager_.token).get(), disable, &disabled),
              IsOk());
  EXPECT_FALSE(disabled.enabled());
  EXPECT_THAT(Codes(MustSubmit(attendant_, "1203", {"WHOLE_FRUIT_IN_ROOM"})),
              IsEmpty());
  // ... and on again.
  v1::UpdateRuleRequest enable;
  *enable.mutable_rule() = disabled;
  enable.mutable_rule()->set_enabled(true);
  enable.mutable_update_mask()->add_paths("enabled");
  ASSERT_THAT(hk().UpdateRule(Ctx(manager_.token).get(), enable, &updated),
              IsOk());
  EXPECT_THAT(Codes(MustSubmit(attendant_, "1203", {"WHOLE_FRUIT_IN_ROOM"})),
              ElementsAre("PROVIDE_FRUIT_TRAY_KNIFE_TOOTHPICKS"));

  v1::GetVocabularyRequest vocabulary_request;
  vocabulary_request.set_site(hotel_.name());
  v1::Vocabulary vocabulary;
  ASSERT_THAT(hk().GetVocabulary(Ctx(attendant_.token).get(),
                                 vocabulary_request, &vocabulary),
              IsOk());
  EXPECT_EQ(vocabulary.observations_size(), 18);
  EXPECT_EQ(vocabulary.actions_size(), 22);
}

TEST_F(HousekeepingTest, ListRulesCountsWhatEachRuleSuggestedThisMonth) {
  CreateRoom("1203");
  ASSERT_THAT(CheckIn(CreateGuest("Wang", 0, 0, 2), "1203"), IsOk());
  // Three suggestions of FRUIT_TO_CUT: one done, one skipped, one waiting.
  v1::RoomAction out;
  v1::Visit first = MustSubmit(attendant_, "1203", {"WHOLE_FRUIT_IN_ROOM"});
  ASSERT_EQ(first.actions_size(), 1);
  ASSERT_THAT(Outcome(attendant_, first.actions(0).name(),
                      v1::ACTION_OUTCOME_DONE, &out),
              IsOk());
  v1::Visit second = MustSubmit(attendant_, "1203", {"WHOLE_FRUIT_IN_ROOM"});
  ASSERT_EQ(second.actions_size(), 1);
  ASSERT_THAT(Outcome(attendant_, second.actions(0).name(),
                      v1::ACTION_OUTCOME_SKIPPED, &out, "guest asleep"),
              IsOk());
  v1::Visit third = MustSubmit(attendant_, "1203", {"WHOLE_FRUIT_IN_ROOM"});
  ASSERT_EQ(third.actions_size(), 1);

  v1::ListRulesRequest list;
  list.set_parent(hotel_.name());
  list.set_page_size(500);
  v1::ListRulesResponse rules;
  ASSERT_THAT(hk().ListRules(Ctx(manager_.token).get(), list, &rules), IsOk());
  int counted = 0;
  for (const v1::Rule& r : rules.rules()) {
    const v1::RuleUsage& u = r.usage_this_month();
    // Every rule has this month's window (to the call's moment), fired or
    // not.
    EXPECT_LE(u.start_time().seconds(), u.end_time().seconds()) << r.code();
    EXPECT_LT(u.end_time().seconds() - u.start_time().seconds(), 31 * 24 * 3600)
        << r.code();
    if (r.code() == "FRUIT_TO_CUT") {
      ++counted;
      EXPECT_EQ(u.fired(), 3);
      EXPECT_EQ(u.done(), 1);
      EXPECT_EQ(u.skipped(), 1);
      EXPECT_EQ(u.waiting(), 1);
      EXPECT_EQ(u.rejected(), 0);
      EXPECT_EQ(u.expired(), 0);
    } else {
      EXPECT_EQ(u.fired(), 0) << r.code();
    }
  }
  EXPECT_EQ(counted, 1);
}

// The supervisor's floor: the day's actions whatever became of them, and
// which rooms have been seen.
TEST_F(HousekeepingTest, TheFloorSeesTheDaysActionsDoneSkippedAndWaiting) {
  CreateRoom("1203");
  CreateRoom("1204");
  ASSERT_THAT(CheckIn(CreateGuest("Wang", 0, 0, 2), "1203"), IsOk());
  EXPECT_FALSE(RoomDay(attendant_, "1203").has_last_visit_time());

  v1::RoomAction out;
  v1::Visit first = MustSubmit(attendant_, "1203", {"WHOLE_FRUIT_IN_ROOM"});
  ASSERT_EQ(first.actions_size(), 1);
  ASSERT_THAT(Outcome(attendant_, first.actions(0).name(),
                      v1::ACTION_OUTCOME_DONE, &out),
              IsOk());
  v1::Visit second = MustSubmit(attendant_, "1203", {"WHOLE_FRUIT_IN_ROOM"});
  ASSERT_THAT(Outcome(attendant_, second.actions(0).name(),
                      v1::ACTION_OUTCOME_SKIPPED, &out, "guest asleep"),
              IsOk());
  v1::Visit third = MustSubmit(attendant_, "1203", {"WHOLE_FRUIT_IN_ROOM"});
  EXPECT_TRUE(RoomDay(attendant_, "1203").has_last_visit_time());
  EXPECT_FALSE(RoomDay(attendant_, "1204").has_last_visit_time());

  auto list = [&](const Actor& who, v1::ListRoomActionsRequest request,
                  v1::ListRoomActionsResponse* response) {
    request.set_parent(hotel_.name());
    return hk().ListRoomActions(Ctx(who.token).get(), request, response);
  };
  auto states = [](const v1::ListRoomActionsResponse& r) {
    std::vector<v1::RoomActionState> out;
    for (const v1::RoomAction& a : r.actions()) out.push_back(a.state());
    return out;
  };
  // Today by default, oldest first, for the housekeeping supervisor and the
  // manager alike.
  for (const Actor* who : {&supervisor_, &manager_}) {
    v1::ListRoomActionsResponse today;
    ASSERT_THAT(list(*who, {}, &today), IsOk());
    EXPECT_THAT(states(today), ElementsAre(v1::ROOM_ACTION_STATE_DONE,
                                           v1::ROOM_ACTION_STATE_SKIPPED,
                                           v1::ROOM_ACTION_STATE_SUGGESTED));
    EXPECT_EQ(today.actions(2).name(), third.actions(0).name());
  }
  // A period that ended before them shows none.
  v1::ListRoomActionsRequest before;
  before.mutable_start_time()->set_seconds(1000);
  before.mutable_end_time()->set_seconds(2000);
  v1::ListRoomActionsResponse none;
  ASSERT_THAT(list(manager_, before, &none), IsOk());
  EXPECT_THAT(none.actions(), IsEmpty());
  // One end alone, or the ends reversed, names the field.
  v1::ListRoomActionsRequest half;
  half.mutable_start_time()->set_seconds(1000);
  EXPECT_THAT(
      list(manager_, half, &none),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("start_time")));
  v1::ListRoomActionsRequest reversed = before;
  reversed.mutable_end_time()->set_seconds(500);
  EXPECT_THAT(
      list(manager_, reversed, &none),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("end_time")));
  // Another site's department is nobody's here.
  v1::ListRoomActionsRequest elsewhere;
  elsewhere.set_department("sites/999/departments/1");
  EXPECT_THAT(list(manager_, elsewhere, &none),
              StatusIs(grpc::StatusCode::NOT_FOUND, HasSubstr("department")));
  // Attendants do not see the floor.
  EXPECT_THAT(list(attendant_, {}, &none),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, ::testing::_));
}

TEST_F(HousekeepingTest, RulesThatCouldNeverMatchAreRefusedAndNothingStored) {
  auto create = [&](std::function<void(v1::CreateRuleRequest*)> edit) {
    v1::CreateRuleRequest request;
    request.set_parent(hotel_.name());
    v1::Rule* rule = request.mutable_rule();
    rule->set_code("TOO_WARM");
    rule->mutable_title()->set_zh("太熱");
    rule->mutable_title()->set_en("Too warm");
    rule->add_all_of("AC_OFF");
    rule->add_actions("BOIL_WATER");
    edit(&request);
    v1::Rule created;
    return hk().CreateRule(Ctx(manager_.token).get(), request, &created);
  };
  auto numeric = [](v1::Rule* r, v1::Comparison c, double v) {
    v1::NumericCondition* n = r->add_numeric_conditions();
    n->set_code("AC_SETPOINT");
    n->set_comparison(c);
    n->set_value(v);
  };
  EXPECT_THAT(create([&](v1::CreateRuleRequest* r) {
                numeric(r->mutable_rule(), v1::COMPARISON_GREATER, 26);
                numeric(r->mutable_rule(), v1::COMPARISON_LESS, 20);
              }),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("rule.numeric_conditions[1]")));
  EXPECT_THAT(
      create(
          [](v1::CreateRuleRequest* r) { r->mutable_rule()->clear_all_of(); }),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("never match")));
  EXPECT_THAT(create([](v1::CreateRuleRequest* r) {
                r->mutable_rule()->add_any_of("AC_OF");
              }),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("rule.any_of[0]: unknown observation code")));
  EXPECT_THAT(create([](v1::CreateRuleRequest* r) {
                v1::NumericCondition* n =
                    r->mutable_rule()->add_numeric_conditions();
                n->set_code("AC_OFF");
                n->set_comparison(v1::COMPARISON_GREATER_OR_EQUAL);
                n->set_value(1);
              }),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("AC_OFF takes no number")));
  EXPECT_THAT(create([](v1::CreateRuleRequest* r) {
                r->mutable_rule()->add_actions("DANCE");
              }),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("rule.actions[1]: unknown action code")));
  // A declared action of a department the hotel lacks.
  EXPECT_THAT(create([](v1::CreateRuleRequest* r) {
                v1::ActionDefinition* a = r->add_new_actions();
                a->set_code("SPA_VOUCHER");
                a->mutable_title()->set_zh("水療券");
                a->mutable_title()->set_en("Spa voucher");
                a->set_department_code("SPA");
                r->mutable_rule()->add_actions("SPA_VOUCHER");
              }),
              StatusIs(grpc::StatusCode::NOT_FOUND,
                       HasSubstr("new_actions[0].department_code")));
  EXPECT_THAT(
      create([](v1::CreateRuleRequest* r) {
        r->mutable_rule()->set_code("FRUIT_TO_CUT");
      }),
      StatusIs(grpc::StatusCode::ALREADY_EXISTS, HasSubstr("rule.code")));
  EXPECT_THAT(create([](v1::CreateRuleRequest* r) {
                v1::ObservationDefinition* o = r->add_new_observations();
                o->set_code("AC_OFF");
                o->mutable_label()->set_zh("關");
                o->mutable_label()->set_en("off");
              }),
              StatusIs(grpc::StatusCode::ALREADY_EXISTS,
                       HasSubstr("new_observations[0].code")));
  EXPECT_EQ(Count("housekeeping_rules"), seeded_rules_);
  EXPECT_EQ(Count("observation_codes"), "17");
  EXPECT_EQ(Count("action_definitions"), "21");
}

// --- bad input
// ------------------------------------------------------------------------

TEST_F(HousekeepingTest, BadObservationsAreRefusedAndNothingIsStored) {
  CreateRoom("1203");
  ASSERT_THAT(CheckIn(CreateGuest("Wang"), "1203"), IsOk());
  const std::string notes_before = Count("guest_notes");
  v1::Visit visit;
  EXPECT_THAT(Submit(attendant_, "1203", {"AC_OFF", "AC_OF"}, &visit, "note"),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("observations[1].code: unknown observation "
                                 "code \"AC_OF\"")));
  EXPECT_THAT(Submit(attendant_, "1203", {"AC_OFF(3)"}, &visit),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("observations[0].value: AC_OFF takes no "
                                 "number")));
  EXPECT_THAT(Submit(attendant_, "1203", {"AC_SETPOINT(23)", "AC_SETPOINT(25)"},
                     &visit),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("observations[1].value")));
  EXPECT_THAT(
      Submit(attendant_, "1203", {}, &visit),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("observations")));
  EXPECT_THAT(Submit(attendant_, "9999", {"AC_OFF"}, &visit),
              StatusIs(grpc::StatusCode::NOT_FOUND, HasSubstr("room_number")));
  EXPECT_THAT(
      Submit(attendant_, "12 03", {"AC_OFF"}, &visit),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("room_number")));
  // A room of another hotel is not the attendant's to observe.
  const v1::Site other = CreateSite(v1::SITE_KIND_HOTEL, "Hillside");
  EXPECT_THAT(
      Submit(attendant_, "1203", {"AC_OFF"}, &visit, "",
             v1::VISIT_KIND_CLEANING, other.name()),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr(other.name())));
  // Residential staff are not hotel staff.
  const v1::Site estate = CreateSite(v1::SITE_KIND_RESIDENTIAL, "Gardens");
  const Actor plumber =
      CreateStaff(estate.name(), v1::ROLE_STAFF, "MAINTENANCE");
  EXPECT_THAT(
      Submit(plumber, "1203", {"AC_OFF"}, &visit, "", v1::VISIT_KIND_CLEANING,
             estate.name()),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("HOTEL")));
  EXPECT_EQ(Count("room_visits"), "0");
  EXPECT_EQ(Count("room_actions"), "0");
  EXPECT_EQ(Count("handover_notes"), "0");
  EXPECT_EQ(Count("guest_notes"), notes_before);
  EXPECT_EQ(Count("guest_access_log", "method = 'SubmitObservations'"), "0");

  // Outcomes: a bad outcome, a skip without reason, an unknown action.
  v1::Visit ok = MustSubmit(attendant_, "1203", {"WHOLE_FRUIT_IN_ROOM"});
  v1::RoomAction out;
  const std::string action = ok.actions(0).name();
  EXPECT_THAT(
      Outcome(attendant_, action, v1::ACTION_OUTCOME_UNSPECIFIED, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("outcome")));
  EXPECT_THAT(
      Outcome(attendant_, action, v1::ACTION_OUTCOME_SKIPPED, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("reason")));
  EXPECT_THAT(
      Outcome(attendant_, absl::StrCat(hotel_.name(), "/roomActions/999"),
              v1::ACTION_OUTCOME_DONE, &out),
      StatusIs(grpc::StatusCode::NOT_FOUND, HasSubstr("name")));
  EXPECT_THAT(
      Outcome(attendant_, "roomActions/1", v1::ACTION_OUTCOME_DONE, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("name")));
  // Another attendant's action is not theirs to skip... but the department
  // may (a colleague finishing the room).
  const Actor waiter =
      CreateStaff(hotel_.name(), v1::ROLE_STAFF, "FOOD_AND_BEVERAGE");
  EXPECT_THAT(
      Outcome(waiter, action, v1::ACTION_OUTCOME_SKIPPED, &out, "not mine"),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("SKIP")));
  EXPECT_EQ(Count("room_actions", "state = 'SUGGESTED'"), "1");
  ASSERT_THAT(Outcome(attendant_, action, v1::ACTION_OUTCOME_SKIPPED, &out,
                      "Guest had already cut it"),
              IsOk());
  EXPECT_EQ(out.state(), v1::ROOM_ACTION_STATE_SKIPPED);
  EXPECT_EQ(out.skip_reason(), "Guest had already cut it");
}

TEST_F(HousekeepingTest, NotesGoToTheProfileAndRepeatsCreateNothing) {
  CreateRoom("1203");
  CreateRoom("1204");
  const std::string guest = CreateGuest("Wang");
  ASSERT_THAT(CheckIn(guest, "1203"), IsOk());
  v1::SubmitObservationsRequest request;
  request.set_site(hotel_.name());
  request.set_room_number("1203");
  AddObservations({"THERMOS_UNCAPPED"}, &request);
  request.set_note("Reads late; leave the desk lamp on");
  request.set_request_id("visit-1");
  v1::Visit first, repeat;
  ASSERT_THAT(
      hk().SubmitObservations(Ctx(attendant_.token).get(), request, &first),
      IsOk());
  ASSERT_THAT(
      hk().SubmitObservations(Ctx(attendant_.token).get(), request, &repeat),
      IsOk());
  EXPECT_EQ(first.name(), repeat.name());
  EXPECT_EQ(repeat.actions_size(), 2);
  EXPECT_EQ(Count("room_visits"), "1");
  EXPECT_EQ(Count("room_actions"), "2");
  EXPECT_THAT(first.profile_note(), HasSubstr(guest + "/notes/"));
  // One copy, on the profile (erasure blanks it there).
  EXPECT_TRUE(first.note().empty());
  EXPECT_EQ(Count("room_visits", "note <> ''"), "0");
  EXPECT_EQ(Count("guest_notes",
                  "department = 'HOUSEKEEPING' AND text = 'Reads late; leave "
                  "the desk lamp on'"),
            "1");
  // Reading the profile to evaluate the rules is in the access log.
  EXPECT_EQ(Count("guest_access_log", "method = 'SubmitObservations'"), "1");
  // A vacant room keeps the note on the visit only.
  v1::Visit vacant;
  ASSERT_THAT(Submit(attendant_, "1204", {"BIN_OUT_OF_PLACE"}, &vacant,
                     "Window latch loose"),
              IsOk());
  EXPECT_TRUE(vacant.guest().empty());
  EXPECT_TRUE(vacant.profile_note().empty());
  EXPECT_EQ(vacant.note(), "Window latch loose");
  EXPECT_THAT(Codes(vacant), ElementsAre("RESTORE_BIN_POSITION"));
}

TEST_F(HousekeepingTest, ADoubleTapIsOneObservation) {
  CreateRoom("1203");
  ASSERT_THAT(CheckIn(CreateGuest("Wang"), "1203"), IsOk());
  // Tapped twice, with and without the same number: one observation, one
  // of each action, each reason listing the code once.
  v1::Visit visit =
      MustSubmit(attendant_, "1203",
                 {"USED_TISSUES_MANY", "AC_OFF", "USED_TISSUES_MANY",
                  "AC_SETPOINT(23)", "AC_OFF", "AC_SETPOINT(23)"});
  ASSERT_EQ(visit.observations_size(), 3);
  EXPECT_EQ(visit.observations(0).code(), "USED_TISSUES_MANY");
  EXPECT_EQ(visit.observations(1).code(), "AC_OFF");
  EXPECT_EQ(visit.observations(2).code(), "AC_SETPOINT");
  EXPECT_EQ(visit.observations(2).value(), 23);
  EXPECT_THAT(Codes(visit), ElementsAre("ADD_TISSUE_BOX", "BOIL_WATER",
                                        "ADD_BLANKET", "LEAVE_CARE_CARD"));
  const v1::RoomAction* tissues = Action(visit, "ADD_TISSUE_BOX");
  ASSERT_NE(tissues, nullptr);
  ASSERT_EQ(tissues->reasons_size(), 2);
  EXPECT_EQ(tissues->reasons(1).observations_size(), 2);
  EXPECT_EQ(Count("room_visits",
                  "observations = 'USED_TISSUES_MANY AC_OFF AC_SETPOINT(23)'"),
            "1");
  // The bare code and the code with its number: once, with the number.
  v1::Visit drinks =
      MustSubmit(attendant_, "1203", {"OPENED_DRINKS", "OPENED_DRINKS(2)"});
  ASSERT_EQ(drinks.observations_size(), 1);
  EXPECT_EQ(drinks.observations(0).value(), 2);
  ASSERT_NE(Action(drinks, "RESTOCK_MINIBAR"), nullptr);
  EXPECT_EQ(Action(drinks, "RESTOCK_MINIBAR")->quantity(), 2);

  // Two different numbers: the attendant must say which; nothing is stored.
  const std::string visits = Count("room_visits");
  const std::string actions = Count("room_actions");
  v1::Visit refused;
  EXPECT_THAT(Submit(attendant_, "1203",
                     {"OPENED_DRINKS(2)", "AC_OFF", "OPENED_DRINKS(3)"},
                     &refused, "a note"),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       AllOf(HasSubstr("observations[2].value"),
                             HasSubstr("OPENED_DRINKS(2)"),
                             HasSubstr("OPENED_DRINKS(3)"))));
  EXPECT_EQ(Count("room_visits"), visits);
  EXPECT_EQ(Count("room_actions"), actions);
  EXPECT_EQ(Count("guest_notes", "text = 'a note'"), "0");
}

// --- departments
// ----------------------------------------------------------------------

TEST_F(HousekeepingTest, DepartmentTasksReachTheirDepartment) {
  CreateRoom("1203");
  ASSERT_THAT(CheckIn(CreateGuest("Tour guest"), "1203"), IsOk());
  v1::Visit visit = MustSubmit(attendant_, "1203", {"SOILED_BEDDING"});
  EXPECT_THAT(Codes(visit), ElementsAre("REPLACE_SOILED_LINEN",
                                        "NOTIFY_SUPERVISOR", "CALL_DOCTOR"));
  const v1::RoomAction* doctor = Action(visit, "CALL_DOCTOR");
  EXPECT_TRUE(doctor->department_task());
  EXPECT_EQ(doctor->department_code(), "FRONT_DESK");

  v1::ListDepartmentTasksRequest queue;
  queue.set_parent(hotel_.name());
  v1::ListDepartmentTasksResponse desk_tasks;
  ASSERT_THAT(
      hk().ListDepartmentTasks(Ctx(desk_.token).get(), queue, &desk_tasks),
      IsOk());
  ASSERT_EQ(desk_tasks.actions_size(), 1);
  EXPECT_EQ(desk_tasks.actions(0).code(), "CALL_DOCTOR");
  EXPECT_EQ(desk_tasks.actions(0).room_number(), "1203");
  v1::ListDepartmentTasksResponse hk_tasks;
  ASSERT_THAT(
      hk().ListDepartmentTasks(Ctx(supervisor_.token).get(), queue, &hk_tasks),
      IsOk());
  ASSERT_EQ(hk_tasks.actions_size(), 1);
  EXPECT_EQ(hk_tasks.actions(0).code(), "NOTIFY_SUPERVISOR");
  queue.set_department_code("SPA");
  EXPECT_THAT(
      hk().ListDepartmentTasks(Ctx(desk_.token).get(), queue, &desk_tasks),
      StatusIs(grpc::StatusCode::NOT_FOUND, HasSubstr("department_code")));

  // The doctor is the front desk's to call, not the attendant's.
  v1::RoomAction out;
  EXPECT_THAT(
      Outcome(attendant_, doctor->name(), v1::ACTION_OUTCOME_DONE, &out),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("DONE")));
  ASSERT_THAT(Outcome(desk_, doctor->name(), v1::ACTION_OUTCOME_DONE, &out),
              IsOk());
  queue.set_department_code("FRONT_DESK");
  ASSERT_THAT(
      hk().ListDepartmentTasks(Ctx(manager_.token).get(), queue, &desk_tasks),
      IsOk());
  EXPECT_EQ(desk_tasks.actions_size(), 0);
}

// Reads TaskEvents from a WatchTasks stream on its own thread.
class Watcher {
 public:
  Watcher(v1::ServiceRequestService::Stub* stub, const std::string& token,
          const std::string& site, v1::WatchScope scope) {
    context_.AddMetadata("authorization", "Bearer " + token);
    v1::WatchTasksRequest request;
    request.set_parent(site);
    request.set_scope(scope);
    reader_ = stub->WatchTasks(&context_, request);
    thread_ = std::thread([this] {
      v1::TaskEvent event;
      while (reader_->Read(&event)) {
        absl::MutexLock lock(&mu_);
        events_.push_back(event);
      }
    });
    // The stream starts "from now": let it open before anything happens.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  ~Watcher() {
    context_.TryCancel();
    thread_.join();
    reader_->Finish();
  }
  // Waits until `n` events arrived (or 10 s), returns what arrived.
  std::vector<v1::TaskEvent> WaitFor(size_t n) {
    const absl::Time give_up = absl::Now() + absl::Seconds(10);
    for (;;) {
      {
        absl::MutexLock lock(&mu_);
        if (events_.size() >= n || absl::Now() > give_up) return events_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

 private:
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReader<v1::TaskEvent>> reader_;
  std::thread thread_;
  absl::Mutex mu_;
  std::vector<v1::TaskEvent> events_;
};

TEST_F(HousekeepingTest, DepartmentTasksReachTheDepartmentsWatchStream) {
  CreateRoom("1203");
  ASSERT_THAT(CheckIn(CreateGuest("Tour guest", kMonth, kDay), "1203"), IsOk());
  auto requests = v1::ServiceRequestService::NewStub(channel());
  const Actor porter = CreateStaff(hotel_.name(), v1::ROLE_STAFF, "FRONT_DESK");
  Watcher front_desk(requests.get(), porter.token, hotel_.name(),
                     v1::WATCH_SCOPE_DEPARTMENT);
  Watcher housekeeping(requests.get(), supervisor_.token, hotel_.name(),
                       v1::WATCH_SCOPE_DEPARTMENT);
  Watcher mine(requests.get(), attendant_.token, hotel_.name(),
               v1::WATCH_SCOPE_ASSIGNED_TO_ME);

  // In-room work stays off the stream; another department's task and an
  // action waiting for approval are on it.
  v1::Visit visit =
      MustSubmit(attendant_, "1203", {"SOILED_BEDDING", "GIFT_IN_ROOM"});
  const v1::RoomAction* doctor = Action(visit, "CALL_DOCTOR");
  const v1::RoomAction* cake = Action(visit, "BIRTHDAY_FLOWERS_AND_CAKE");
  ASSERT_NE(doctor, nullptr);
  ASSERT_NE(cake, nullptr);
  v1::RoomAction out;
  ASSERT_THAT(Outcome(porter, doctor->name(), v1::ACTION_OUTCOME_DONE, &out),
              IsOk());

  std::vector<v1::TaskEvent> desk = front_desk.WaitFor(2);
  ASSERT_EQ(desk.size(), 2u);
  EXPECT_FALSE(desk[0].has_event());
  EXPECT_EQ(desk[0].room_action().code(), "CALL_DOCTOR");
  EXPECT_EQ(desk[0].room_action().room_number(), "1203");
  EXPECT_EQ(desk[0].department(), porter.department);
  EXPECT_EQ(desk[0].assignee(), attendant_.name);
  const v1::RoomActionEvent& asked = desk[0].room_action_event();
  EXPECT_EQ(asked.room_action(), doctor->name());
  EXPECT_EQ(asked.move(), "SUGGEST");
  EXPECT_EQ(asked.before_state(), v1::ROOM_ACTION_STATE_UNSPECIFIED);
  EXPECT_EQ(asked.after_state(), v1::ROOM_ACTION_STATE_SUGGESTED);
  EXPECT_EQ(asked.actor(), attendant_.name);
  EXPECT_EQ(asked.actor_role(), v1::ROLE_STAFF);
  const v1::RoomActionEvent& done = desk[1].room_action_event();
  EXPECT_EQ(done.move(), "DONE");
  EXPECT_EQ(done.before_state(), v1::ROOM_ACTION_STATE_SUGGESTED);
  EXPECT_EQ(done.after_state(), v1::ROOM_ACTION_STATE_DONE);
  EXPECT_EQ(done.actor(), porter.name);
  // The snapshot is the action as it is now.
  EXPECT_EQ(desk[1].room_action().state(), v1::ROOM_ACTION_STATE_DONE);
  EXPECT_NE(desk[0].cursor(), desk[1].cursor());

  std::vector<v1::TaskEvent> hk = housekeeping.WaitFor(2);
  std::set<std::string> hk_codes;
  for (const auto& e : hk) hk_codes.insert(e.room_action().code());
  EXPECT_EQ(hk_codes, (std::set<std::string>{"NOTIFY_SUPERVISOR",
                                             "BIRTHDAY_FLOWERS_AND_CAKE"}));
  // The attendant hears of everything they asked for: the doctor (asked,
  // done), the supervisor, the cake.
  EXPECT_EQ(mine.WaitFor(4).size(), 4u);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(front_desk.WaitFor(3).size(), 2u);
  EXPECT_EQ(Count("task_events", "room_action_id IS NOT NULL"), "4");
  EXPECT_EQ(Count("task_events", "request_id IS NOT NULL"), "0");
}

// --- deadlines
// --------------------------------------------------------------------

// 2026-03-02 in UTC, the fixture's day (09:00 in Shanghai is 01:00 UTC).
absl::Time Utc(int hour, int minute = 0) {
  return absl::FromCivil(absl::CivilSecond(2026, 3, 2, hour, minute, 0),
                         absl::UTCTimeZone());
}

absl::Time FromProtoTime(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

TEST_F(HousekeepingTest, BirthdayFlowersEscalateThenExpireWithTheBirthday) {
  CreateRoom("1203");
  ASSERT_THAT(CheckIn(CreateGuest("Wang", kMonth, kDay), "1203"), IsOk());
  auto requests = v1::ServiceRequestService::NewStub(channel());
  Watcher manager(requests.get(), manager_.token, hotel_.name(),
                  v1::WATCH_SCOPE_SITE);
  Watcher mine(requests.get(), attendant_.token, hotel_.name(),
               v1::WATCH_SCOPE_ASSIGNED_TO_ME);
  v1::Visit visit = MustSubmit(attendant_, "1203", {"GIFT_IN_ROOM"});
  const v1::RoomAction* cake = Action(visit, "BIRTHDAY_FLOWERS_AND_CAKE");
  ASSERT_NE(cake, nullptr);
  ASSERT_EQ(cake->state(), v1::ROOM_ACTION_STATE_PENDING_APPROVAL);
  // Useful until the end of the birthday in Shanghai (16:00 UTC); it goes
  // to the manager halfway there (08:30 UTC) if nobody decided.
  EXPECT_EQ(FromProtoTime(cake->deadline_time()), Utc(16));
  EXPECT_EQ(FromProtoTime(cake->escalate_time()), Utc(8, 30));
  EXPECT_EQ(cake->escalation_level(), 0);
  // In-room work waits for nobody and has no deadline.
  v1::Visit fruit = MustSubmit(attendant_, "1203", {"WHOLE_FRUIT_IN_ROOM"});
  EXPECT_FALSE(fruit.actions(0).has_deadline_time());

  clock_.Set(Utc(8));
  EXPECT_EQ(Sweep(), 0);
  clock_.Set(Utc(9));
  EXPECT_EQ(Sweep(), 1);
  EXPECT_EQ(Sweep(), 0);  // once
  v1::ListPendingApprovalsRequest list;
  list.set_parent(hotel_.name());
  v1::ListPendingApprovalsResponse pending;
  ASSERT_THAT(
      hk().ListPendingApprovals(Ctx(manager_.token).get(), list, &pending),
      IsOk());
  ASSERT_EQ(pending.actions_size(), 1);
  EXPECT_EQ(pending.actions(0).escalation_level(), 1);
  EXPECT_EQ(pending.actions(0).state(), v1::ROOM_ACTION_STATE_PENDING_APPROVAL);

  // Nobody approved: at midnight in Shanghai the birthday is over.
  clock_.Set(Utc(15, 59));
  EXPECT_EQ(Sweep(), 0);
  clock_.Set(Utc(16));
  EXPECT_EQ(Sweep(), 1);
  EXPECT_EQ(Sweep(), 0);
  EXPECT_EQ(Count("room_actions", "state = 'EXPIRED'"), "1");
  v1::RoomAction out;
  v1::ApproveActionRequest approve;
  approve.set_name(cake->name());
  EXPECT_THAT(
      hk().ApproveAction(Ctx(supervisor_.token).get(), approve, &out),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("EXPIRED")));
  // The attendant sees it, and why, on the room's day.
  const v1::RoomDay day = RoomDay(attendant_, "1203");
  for (const auto& a : day.open_actions()) {
    EXPECT_NE(a.name(), cake->name());
  }
  ASSERT_EQ(day.expired_actions_size(), 1);
  const v1::RoomAction& expired = day.expired_actions(0);
  EXPECT_EQ(expired.name(), cake->name());
  EXPECT_EQ(expired.state(), v1::ROOM_ACTION_STATE_EXPIRED);
  EXPECT_EQ(FromProtoTime(expired.expire_time()), Utc(16));
  EXPECT_THAT(expired.expiry_reason().en(),
              HasSubstr("birthday is over: it was not approved in time"));
  EXPECT_THAT(expired.expiry_reason().zh(), HasSubstr("生日已過"));
  // ... and the next day it has aged out of the room's day.
  clock_.Set(Utc(16) + absl::Hours(25));
  EXPECT_EQ(RoomDay(attendant_, "1203").expired_actions_size(), 0);

  // The manager heard of the escalation and the expiry; so did the
  // attendant who asked.
  std::vector<std::string> moves;
  for (const v1::TaskEvent& e : manager.WaitFor(3)) {
    if (e.room_action_event().room_action() == cake->name()) {
      moves.push_back(e.room_action_event().move());
    }
  }
  EXPECT_THAT(moves, ElementsAre("SUGGEST", "ESCALATE", "EXPIRE"));
  const std::vector<v1::TaskEvent> heard = mine.WaitFor(3);
  ASSERT_EQ(heard.size(), 3u);
  const v1::RoomActionEvent& expiry = heard[2].room_action_event();
  EXPECT_EQ(expiry.move(), "EXPIRE");
  EXPECT_EQ(expiry.actor(), "system");
  EXPECT_EQ(expiry.before_state(), v1::ROOM_ACTION_STATE_PENDING_APPROVAL);
  EXPECT_EQ(expiry.after_state(), v1::ROOM_ACTION_STATE_EXPIRED);
  EXPECT_THAT(expiry.note(), HasSubstr("birthday is over"));
  EXPECT_EQ(heard[2].room_action().state(), v1::ROOM_ACTION_STATE_EXPIRED);
}

TEST_F(HousekeepingTest, ApprovingBeforeTheDeadlineStillWorksButNotAfter) {
  CreateRoom("1203");
  ASSERT_THAT(CheckIn(CreateGuest("Wang", kMonth, kDay), "1203"), IsOk());
  v1::Visit first = MustSubmit(attendant_, "1203", {"GIFT_IN_ROOM"});
  v1::Visit second = MustSubmit(attendant_, "1203", {"GIFT_IN_ROOM"});
  // Escalated to the manager; the supervisor may still approve it.
  clock_.Set(Utc(9));
  EXPECT_EQ(Sweep(), 2);
  v1::ApproveActionRequest approve;
  approve.set_name(first.actions(0).name());
  v1::RoomAction approved;
  ASSERT_THAT(
      hk().ApproveAction(Ctx(supervisor_.token).get(), approve, &approved),
      IsOk());
  EXPECT_EQ(approved.state(), v1::ROOM_ACTION_STATE_APPROVED);
  // The deadline passed before the sweeper ran: approving it is of no use.
  clock_.Set(Utc(16));
  approve.set_name(second.actions(0).name());
  v1::RoomAction late;
  EXPECT_THAT(
      hk().ApproveAction(Ctx(manager_.token).get(), approve, &late),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("deadline")));
  EXPECT_EQ(Count("room_actions", "state = 'PENDING_APPROVAL'"), "1");
  // Approved but not done by midnight: that one expires too.
  EXPECT_EQ(Sweep(), 2);
  EXPECT_THAT(
      RoomDay(attendant_, "1203").expired_actions(0).expiry_reason().en(),
      HasSubstr("not done in time"));
}

TEST_F(HousekeepingTest, ACallForTheDoctorExpiresAtTheFrontDeskWithinMinutes) {
  CreateRoom("1203");
  ASSERT_THAT(CheckIn(CreateGuest("Tour guest"), "1203"), IsOk());
  const absl::Time start = clock_.Now();
  v1::Visit visit = MustSubmit(attendant_, "1203", {"SOILED_BEDDING"});
  const v1::RoomAction* doctor = Action(visit, "CALL_DOCTOR");
  const v1::RoomAction* supervisor = Action(visit, "NOTIFY_SUPERVISOR");
  ASSERT_NE(doctor, nullptr);
  ASSERT_NE(supervisor, nullptr);
  EXPECT_EQ(FromProtoTime(doctor->deadline_time()), start + absl::Minutes(30));
  EXPECT_EQ(FromProtoTime(supervisor->deadline_time()),
            start + absl::Minutes(60));
  EXPECT_FALSE(Action(visit, "REPLACE_SOILED_LINEN")->has_deadline_time());

  clock_.Set(start + absl::Minutes(16));  // the doctor goes to the manager
  EXPECT_EQ(Sweep(), 1);
  clock_.Set(start + absl::Minutes(31));  // expired; the supervisor's half
  EXPECT_EQ(Sweep(), 2);
  // Off the front desk's queue; too late to record as done.
  v1::ListDepartmentTasksRequest queue;
  queue.set_parent(hotel_.name());
  v1::ListDepartmentTasksResponse tasks;
  ASSERT_THAT(hk().ListDepartmentTasks(Ctx(desk_.token).get(), queue, &tasks),
              IsOk());
  EXPECT_EQ(tasks.actions_size(), 0);
  v1::RoomAction out;
  EXPECT_THAT(
      Outcome(desk_, doctor->name(), v1::ACTION_OUTCOME_DONE, &out),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("EXPIRED")));
  const v1::RoomDay day = RoomDay(attendant_, "1203");
  ASSERT_EQ(day.expired_actions_size(), 1);
  EXPECT_EQ(day.expired_actions(0).code(), "CALL_DOCTOR");
  EXPECT_EQ(day.expired_actions(0).expiry_reason().en(),
            "Its deadline passed before FRONT_DESK acted on it");
  // The supervisor's task, escalated, is still open and may be done.
  ASSERT_THAT(
      Outcome(supervisor_, supervisor->name(), v1::ACTION_OUTCOME_DONE, &out),
      IsOk());
  EXPECT_EQ(out.escalation_level(), 1);
  clock_.Set(start + absl::Hours(2));
  EXPECT_EQ(Sweep(), 0);
  EXPECT_EQ(Count("task_events", "action = 'ESCALATE'"), "2");
  EXPECT_EQ(Count("task_events", "action = 'EXPIRE'"), "1");
}

TEST_F(HousekeepingTest, TwoSweepersMoveEachWaitingActionExactlyOnce) {
  CreateRoom("1203");
  ASSERT_THAT(CheckIn(CreateGuest("Tour guest"), "1203"), IsOk());
  const absl::Time start = clock_.Now();
  constexpr int kVisits = 15;  // a doctor and the supervisor each
  for (int i = 0; i < kVisits; ++i) {
    MustSubmit(attendant_, "1203", {"SOILED_BEDDING"});
  }
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.database.url = db_->url();
  options.database.pool_size = 2;
  options.admin_token_file = scratch_dir_ + "/second-admin-token";
  options.sweep_interval = absl::ZeroDuration();
  auto second = ConciergeServer::Start(options, &clock_);
  ASSERT_TRUE(second.ok()) << second.status();
  auto sweep_twice = [&] {
    std::future<absl::StatusOr<int>> a =
        std::async(std::launch::async, [&] { return server_->SweepOnce(); });
    std::future<absl::StatusOr<int>> b =
        std::async(std::launch::async, [&] { return (*second)->SweepOnce(); });
    absl::StatusOr<int> ra = a.get(), rb = b.get();
    EXPECT_TRUE(ra.ok() && rb.ok());
    return (ra.ok() ? *ra : 0) + (rb.ok() ? *rb : 0);
  };
  clock_.Set(start + absl::Minutes(20));  // the doctors escalate
  EXPECT_EQ(sweep_twice(), kVisits);
  EXPECT_EQ(sweep_twice(), 0);
  clock_.Set(start + absl::Minutes(40));  // doctors expire, supervisors too
  EXPECT_EQ(sweep_twice(), 2 * kVisits);
  EXPECT_EQ(sweep_twice(), 0);
  clock_.Set(start + absl::Minutes(61));  // the supervisors' tasks expire
  EXPECT_EQ(sweep_twice(), kVisits);
  EXPECT_EQ(sweep_twice(), 0);
  EXPECT_EQ(Count("task_events", "action = 'ESCALATE'"),
            absl::StrCat(2 * kVisits));
  EXPECT_EQ(Count("task_events", "action = 'EXPIRE'"),
            absl::StrCat(2 * kVisits));
  EXPECT_EQ(Count("room_actions", "state = 'EXPIRED'"),
            absl::StrCat(2 * kVisits));
  (*second)->Shutdown(absl::Seconds(1));
}

// --- staff's own ideas
// -------------------------------------------------------------

TEST_F(HousekeepingTest, AWaitersIdeaWaitsForApprovalTeachesAndIsPraised) {
  CreateRoom("1203");
  const std::string guest = CreateGuest("Wang");
  v1::Stay stay;
  ASSERT_THAT(CheckIn(guest, "1203", &stay), IsOk());
  const Actor waiter =
      CreateStaff(hotel_.name(), v1::ROLE_STAFF, "FOOD_AND_BEVERAGE", 5000);
  auto requests = v1::ServiceRequestService::NewStub(channel());
  Watcher housekeeping(requests.get(), supervisor_.token, hotel_.name(),
                       v1::WATCH_SCOPE_DEPARTMENT);

  // Seed Part 3: the guest once slept under a mosquito net and misses it.
  // No rule says so; the waiter who heard it proposes one, for
  // housekeeping to put up, at 80.00: above the waiter's 50.00.
  v1::ProposeRoomActionRequest request;
  request.set_site(hotel_.name());
  request.set_room_number("1203");
  request.mutable_what()->set_en("A mosquito net over the bed");
  request.set_why("Told me at breakfast he misses sleeping under one");
  request.mutable_estimated_cost()->set_minor_units(8000);
  request.set_department_code("HOUSEKEEPING");
  request.mutable_teaches()->set_category(v1::PREFERENCE_CATEGORY_ROOM);
  request.mutable_teaches()->set_key("mosquito_net");
  request.mutable_teaches()->set_value("true");
  request.set_request_id("net-1");
  v1::RoomAction net;
  ASSERT_THAT(hk().ProposeRoomAction(Ctx(waiter.token).get(), request, &net),
              IsOk());
  EXPECT_THAT(net.name(), HasSubstr("/roomActions/"));
  EXPECT_TRUE(net.proposed());
  EXPECT_EQ(net.code(), "STAFF_PROPOSAL");
  EXPECT_EQ(net.proposal_reason(),
            "Told me at breakfast he misses sleeping under one");
  EXPECT_EQ(net.title().en(), "A mosquito net over the bed");
  EXPECT_TRUE(net.title().zh().empty());  // as given
  EXPECT_TRUE(net.visit().empty());
  EXPECT_EQ(net.reasons_size(), 0);
  EXPECT_EQ(net.room_number(), "1203");
  EXPECT_EQ(net.stay(), stay.name());
  EXPECT_EQ(net.guest(), guest);
  EXPECT_EQ(net.requested_by(), waiter.name);
  EXPECT_EQ(net.department_code(), "HOUSEKEEPING");
  EXPECT_TRUE(net.department_task());
  EXPECT_EQ(net.total_cost().minor_units(), 8000);
  EXPECT_EQ(net.state(), v1::ROOM_ACTION_STATE_PENDING_APPROVAL);
  EXPECT_EQ(FromProtoTime(net.deadline_time()), clock_.Now() + absl::Hours(8));
  // Retried: the same proposal.
  v1::RoomAction again;
  ASSERT_THAT(hk().ProposeRoomAction(Ctx(waiter.token).get(), request, &again),
              IsOk());
  EXPECT_EQ(again.name(), net.name());
  EXPECT_EQ(Count("room_actions"), "1");
  // Housekeeping hears of it; it is on the room's day and the approvals.
  const std::vector<v1::TaskEvent> heard = housekeeping.WaitFor(1);
  ASSERT_EQ(heard.size(), 1u);
  EXPECT_EQ(heard[0].room_action_event().move(), "PROPOSE");
  EXPECT_EQ(heard[0].room_action_event().actor(), waiter.name);
  EXPECT_EQ(heard[0].room_action_event().note(), net.proposal_reason());
  bool open = false;
  const v1::RoomDay day = RoomDay(attendant_, "1203");
  for (const auto& a : day.open_actions()) {
    open = open || a.name() == net.name();
  }
  EXPECT_TRUE(open);
  v1::ListPendingApprovalsRequest list;
  list.set_parent(hotel_.name());
  v1::ListPendingApprovalsResponse pending;
  ASSERT_THAT(
      hk().ListPendingApprovals(Ctx(supervisor_.token).get(), list, &pending),
      IsOk());
  ASSERT_EQ(pending.actions_size(), 1);
  EXPECT_EQ(pending.actions(0).name(), net.name());

  // Not before approval; the supervisor approves; housekeeping puts it up
  // and the profile learns it.
  v1::RoomAction out;
  EXPECT_THAT(Outcome(attendant_, net.name(), v1::ACTION_OUTCOME_DONE, &out),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
                       HasSubstr("approves it first")));
  v1::ApproveActionRequest approve;
  approve.set_name(net.name());
  ASSERT_THAT(hk().ApproveAction(Ctx(supervisor_.token).get(), approve, &out),
              IsOk());
  EXPECT_EQ(out.state(), v1::ROOM_ACTION_STATE_APPROVED);
  ASSERT_THAT(Outcome(attendant_, net.name(), v1::ACTION_OUTCOME_DONE, &out),
              IsOk());
  EXPECT_EQ(out.state(), v1::ROOM_ACTION_STATE_DONE);
  EXPECT_THAT(out.learned_preference(), HasSubstr(guest + "/preferences/"));
  EXPECT_EQ(Count("guest_preferences",
                  "key = 'mosquito_net' AND value = 'true' AND source = "
                  "'LEARNED'"),
            "1");

  // The guest's letter praises it: the praise links to the action and goes
  // to the waiter who had the idea.
  auto quality = v1::QualityService::NewStub(channel());
  v1::RecordPraiseRequest praise;
  praise.set_parent(hotel_.name());
  praise.mutable_praise()->set_room_action(net.name());
  praise.mutable_praise()->set_source(v1::PRAISE_SOURCE_GUEST_LETTER);
  praise.mutable_praise()->set_text("Slept like thirty years ago");
  praise.mutable_praise()->set_praised_by("Mr Wang, 1203");
  v1::Praise praised;
  ASSERT_THAT(
      quality->RecordPraise(Ctx(manager_.token).get(), praise, &praised),
      IsOk());
  EXPECT_EQ(praised.room_action(), net.name());
  EXPECT_EQ(praised.staff(), waiter.name);
  EXPECT_EQ(praised.department(), waiter.department);
  v1::ListPraiseRequest praise_list;
  praise_list.set_parent(hotel_.name());
  praise_list.set_staff(waiter.name);
  v1::ListPraiseResponse listed;
  ASSERT_THAT(
      quality->ListPraise(Ctx(manager_.token).get(), praise_list, &listed),
      IsOk());
  ASSERT_EQ(listed.praise_size(), 1);
  EXPECT_EQ(listed.praise(0).room_action(), net.name());
  // A rule's action can be praised too, naming whom.
  v1::Visit visit = MustSubmit(attendant_, "1203", {"THERMOS_UNCAPPED"});
  praise.mutable_praise()->set_room_action(visit.actions(0).name());
  praise.mutable_praise()->set_staff(evening_.name);
  ASSERT_THAT(
      quality->RecordPraise(Ctx(manager_.token).get(), praise, &praised),
      IsOk());
  EXPECT_EQ(praised.staff(), evening_.name);
  // A room action that does not exist is not praised.
  praise.mutable_praise()->set_room_action(
      absl::StrCat(hotel_.name(), "/roomActions/999"));
  EXPECT_THAT(
      quality->RecordPraise(Ctx(manager_.token).get(), praise, &praised),
      StatusIs(grpc::StatusCode::NOT_FOUND, HasSubstr("praise.room_action")));
  EXPECT_EQ(Count("praise"), "2");
}

TEST_F(HousekeepingTest, AnIdeaWithinTheLimitGoesAheadAndMayExpire) {
  CreateRoom("1203");
  ASSERT_THAT(CheckIn(CreateGuest("Wang"), "1203"), IsOk());
  // The attendant's own idea, free and for housekeeping: do it now.
  v1::ProposeRoomActionRequest request;
  request.set_site(hotel_.name());
  request.set_room_number("1203");
  request.mutable_what()->set_zh("在枕頭上放一隻紙鶴");
  request.set_why("客人在看摺紙的書");
  v1::RoomAction crane;
  ASSERT_THAT(
      hk().ProposeRoomAction(Ctx(attendant_.token).get(), request, &crane),
      IsOk());
  EXPECT_EQ(crane.state(), v1::ROOM_ACTION_STATE_SUGGESTED);
  EXPECT_EQ(crane.title().zh(), "在枕頭上放一隻紙鶴");
  EXPECT_TRUE(crane.title().en().empty());
  EXPECT_EQ(crane.department_code(), "HOUSEKEEPING");
  EXPECT_FALSE(crane.department_task());
  EXPECT_FALSE(crane.has_deadline_time());
  EXPECT_EQ(Count("task_events"), "0");  // nobody else needs to hear
  v1::RoomAction done;
  ASSERT_THAT(Outcome(attendant_, crane.name(), v1::ACTION_OUTCOME_DONE, &done),
              IsOk());
  EXPECT_EQ(done.state(), v1::ROOM_ACTION_STATE_DONE);
  EXPECT_EQ(done.outcome_by(), attendant_.name);

  // Above the limit, useful only until the evening: nobody approved it.
  v1::RoomAction supper;
  request.clear_what();
  request.mutable_what()->set_en("A late supper of congee");
  request.set_why("Back from the airport at 11 pm, missed dinner");
  request.mutable_estimated_cost()->set_minor_units(6000);
  request.mutable_deadline_time()->set_seconds(
      absl::ToUnixSeconds(clock_.Now() + absl::Hours(2)));
  ASSERT_THAT(
      hk().ProposeRoomAction(Ctx(attendant_.token).get(), request, &supper),
      IsOk());
  EXPECT_EQ(supper.state(), v1::ROOM_ACTION_STATE_PENDING_APPROVAL);
  EXPECT_EQ(FromProtoTime(supper.deadline_time()),
            clock_.Now() + absl::Hours(2));
  clock_.Advance(absl::Hours(2));
  EXPECT_EQ(Sweep(), 1);
  const v1::RoomDay day = RoomDay(attendant_, "1203");
  ASSERT_EQ(day.expired_actions_size(), 1);
  EXPECT_EQ(day.expired_actions(0).name(), supper.name());
  EXPECT_EQ(day.expired_actions(0).expiry_reason().en(),
            "Its deadline passed before anyone approved it");
  // Or withdrawn by its proposer before that.
  v1::RoomAction withdrawn;
  request.clear_deadline_time();
  ASSERT_THAT(
      hk().ProposeRoomAction(Ctx(attendant_.token).get(), request, &withdrawn),
      IsOk());
  ASSERT_THAT(Outcome(attendant_, withdrawn.name(), v1::ACTION_OUTCOME_SKIPPED,
                      &done, "Guest ate out"),
              IsOk());
  EXPECT_EQ(done.state(), v1::ROOM_ACTION_STATE_SKIPPED);
}

TEST_F(HousekeepingTest, ABadProposalStoresNothing) {
  CreateRoom("1203");
  CreateRoom("1204");
  v1::Stay stay;
  ASSERT_THAT(CheckIn(CreateGuest("Wang"), "1203", &stay), IsOk());
  v1::RoomAction out;
  EXPECT_THAT(Propose(attendant_, "1203", "", "why", 0, &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("what")));
  EXPECT_THAT(Propose(attendant_, "1203", "A net", "", 0, &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("why")));
  EXPECT_THAT(Propose(attendant_, "1203", "A net", "why", -5, &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("estimated_cost")));
  EXPECT_THAT(
      Propose(attendant_, "1203", "A net", "why", 0, &out, "SPA"),
      StatusIs(grpc::StatusCode::NOT_FOUND, HasSubstr("department_code")));
  EXPECT_THAT(Propose(attendant_, "1204", "A net", "why", 0, &out),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
                       HasSubstr("room_number")));
  EXPECT_THAT(Propose(attendant_, "9999", "A net", "why", 0, &out),
              StatusIs(grpc::StatusCode::NOT_FOUND, HasSubstr("room_number")));
  EXPECT_THAT(
      Propose(attendant_, "12 03", "A net", "why", 0, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("room_number")));
  // A manager of no department names who does it.
  EXPECT_THAT(Propose(manager_, "1203", "A net", "why", 0, &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("department_code")));
  v1::ProposeRoomActionRequest request;
  request.set_site(hotel_.name());
  request.mutable_what()->set_en("A net");
  request.set_why("why");
  request.mutable_deadline_time()->set_seconds(
      absl::ToUnixSeconds(clock_.Now() - absl::Minutes(1)));
  request.set_stay(stay.name());
  EXPECT_THAT(
      hk().ProposeRoomAction(Ctx(attendant_.token).get(), request, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("deadline_time")));
  request.clear_deadline_time();
  request.set_room_number("1204");
  EXPECT_THAT(
      hk().ProposeRoomAction(Ctx(attendant_.token).get(), request, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("room_number")));
  request.clear_room_number();
  request.set_stay(absl::StrCat(hotel_.name(), "/stays/999"));
  EXPECT_THAT(
      hk().ProposeRoomAction(Ctx(attendant_.token).get(), request, &out),
      StatusIs(grpc::StatusCode::NOT_FOUND, HasSubstr("stay")));
  // Another hotel's guest, a residential site's staff.
  const v1::Site other = CreateSite(v1::SITE_KIND_HOTEL, "Hillside");
  request.set_site(other.name());
  request.set_stay("");
  request.set_room_number("1203");
  EXPECT_THAT(
      hk().ProposeRoomAction(Ctx(attendant_.token).get(), request, &out),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  const v1::Site estate = CreateSite(v1::SITE_KIND_RESIDENTIAL, "Gardens");
  const Actor plumber =
      CreateStaff(estate.name(), v1::ROLE_STAFF, "MAINTENANCE");
  request.set_site(estate.name());
  EXPECT_THAT(
      hk().ProposeRoomAction(Ctx(plumber.token).get(), request, &out),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("HOTEL")));
  EXPECT_EQ(Count("room_actions"), "0");
  EXPECT_EQ(Count("task_events"), "0");
  // Any member of staff of the hotel may propose, finance too, naming the
  // department that does it (its queue).
  const Actor accountant = CreateStaff(hotel_.name(), v1::ROLE_FINANCE, "", 0);
  EXPECT_THAT(Propose(accountant, "1203", "A fruit basket", "Birthday soon", 0,
                      &out, "FOOD_AND_BEVERAGE"),
              IsOk());
  EXPECT_TRUE(out.department_task());
}

// --- rooms and the day
// ---------------------------------------------------------------

TEST_F(HousekeepingTest, RoomsAndTheAttendantsDay) {
  CreateRoom("1201");
  CreateRoom("1202");
  CreateRoom("1203");
  CreateRoom("0302", 3, /*accessible=*/true);
  v1::CreateRoomRequest duplicate;
  duplicate.set_parent(hotel_.name());
  duplicate.mutable_room()->set_number("1203");
  duplicate.mutable_room()->set_floor(12);
  v1::Room room;
  EXPECT_THAT(
      hk().CreateRoom(Ctx(manager_.token).get(), duplicate, &room),
      StatusIs(grpc::StatusCode::ALREADY_EXISTS, HasSubstr("room.number")));
  duplicate.mutable_room()->set_number("1299");
  duplicate.mutable_room()->set_floor(400);
  EXPECT_THAT(
      hk().CreateRoom(Ctx(manager_.token).get(), duplicate, &room),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("room.floor")));
  EXPECT_THAT(hk().CreateRoom(Ctx(attendant_.token).get(), duplicate, &room),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  EXPECT_EQ(Count("rooms"), "4");
  v1::ListRoomsRequest list;
  list.set_parent(hotel_.name());
  list.set_accessible_only(true);
  v1::ListRoomsResponse rooms;
  ASSERT_THAT(hk().ListRooms(Ctx(attendant_.token).get(), list, &rooms),
              IsOk());
  ASSERT_EQ(rooms.rooms_size(), 1);
  EXPECT_EQ(rooms.rooms(0).number(), "0302");
  list.set_accessible_only(false);
  list.set_floor(12);
  list.set_page_size(2);
  ASSERT_THAT(hk().ListRooms(Ctx(attendant_.token).get(), list, &rooms),
              IsOk());
  EXPECT_EQ(rooms.rooms_size(), 2);
  EXPECT_FALSE(rooms.next_page_token().empty());

  // Once the hotel has rooms, a stay must be in one of them.
  const std::string wang = CreateGuest("Wang");
  EXPECT_THAT(CheckIn(wang, "7777"), StatusIs(grpc::StatusCode::NOT_FOUND,
                                              HasSubstr("stay.room_number")));
  EXPECT_EQ(Count("stays"), "0");
  const absl::Time tonight = absl::FromCivil(
      absl::CivilSecond(2026, 3, 2, 12, 0, 0), absl::UTCTimeZone());
  ASSERT_THAT(CheckIn(wang, "1202", nullptr, 0, tonight), IsOk());
  ASSERT_THAT(
      CheckIn(CreateGuest("Li"), "1203", nullptr, 1, tonight + absl::Hours(48)),
      IsOk());

  v1::AssignRoomsResponse assigned;
  EXPECT_THAT(Assign(attendant_, attendant_, {"1201"}, &assigned),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  EXPECT_THAT(
      Assign(supervisor_, attendant_, {"1201", "1299"}, &assigned),
      StatusIs(grpc::StatusCode::NOT_FOUND, HasSubstr("room_numbers[1]")));
  EXPECT_THAT(Assign(supervisor_, attendant_, {"1201", "1201"}, &assigned),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("room_numbers[1]")));
  EXPECT_THAT(
      Assign(supervisor_, desk_, {"1201"}, &assigned),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("attendant")));
  EXPECT_EQ(Count("room_assignments"), "0");
  ASSERT_THAT(
      Assign(supervisor_, attendant_, {"1203", "1201", "1202"}, &assigned),
      IsOk());
  EXPECT_THAT(assigned.room_numbers(), ElementsAre("1201", "1202", "1203"));
  EXPECT_EQ(assigned.business_date(), "2026-03-02");

  v1::ListMyRoomsRequest mine;
  mine.set_parent(hotel_.name());
  v1::ListMyRoomsResponse day;
  ASSERT_THAT(hk().ListMyRooms(Ctx(attendant_.token).get(), mine, &day),
              IsOk());
  ASSERT_EQ(day.rooms_size(), 3);
  EXPECT_EQ(day.rooms(0).state(), v1::ROOM_STATE_VACANT);
  EXPECT_EQ(day.rooms(1).state(), v1::ROOM_STATE_DUE_OUT);
  EXPECT_EQ(day.rooms(2).state(), v1::ROOM_STATE_OCCUPIED);
  EXPECT_TRUE(day.rooms(2).brief().travelling_with_infant());
  EXPECT_THAT(Checklist(day.rooms(2)), ElementsAre("PLACE_BABY_CRIB"));
  EXPECT_EQ(day.rooms(2).room().floor(), 12);
  // The brief is the profile service's: reading it is logged.
  EXPECT_EQ(Count("guest_access_log", "method = 'ListMyRooms'"), "2");

  // Another attendant's day is for supervisors.
  mine.set_attendant(attendant_.name);
  EXPECT_THAT(
      hk().ListMyRooms(Ctx(evening_.token).get(), mine, &day),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("attendant")));
  ASSERT_THAT(hk().ListMyRooms(Ctx(supervisor_.token).get(), mine, &day),
              IsOk());
  EXPECT_EQ(day.rooms_size(), 3);
  // Tomorrow is another day; replace keeps only the rooms given.
  mine.set_business_date("2026-03-03");
  ASSERT_THAT(hk().ListMyRooms(Ctx(supervisor_.token).get(), mine, &day),
              IsOk());
  EXPECT_EQ(day.rooms_size(), 0);
  mine.set_business_date("03/03/2026");
  EXPECT_THAT(
      hk().ListMyRooms(Ctx(supervisor_.token).get(), mine, &day),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("business_date")));
  ASSERT_THAT(Assign(supervisor_, attendant_, {"1203"}, &assigned, true),
              IsOk());
  EXPECT_THAT(assigned.room_numbers(), ElementsAre("1203"));
}

TEST_F(HousekeepingTest, ASiteWithoutRoomsStillWorksFromStays) {
  // Before the manager enters the rooms, any well-formed number goes, as in
  // CheckIn.
  ASSERT_THAT(CheckIn(CreateGuest("Wang"), "1203"), IsOk());
  v1::Visit visit = MustSubmit(attendant_, "1203", {"THERMOS_UNCAPPED"});
  EXPECT_EQ(visit.actions_size(), 2);
  const v1::RoomDay day = RoomDay(attendant_, "1203");
  EXPECT_FALSE(day.has_room());
  EXPECT_EQ(day.state(), v1::ROOM_STATE_OCCUPIED);
  EXPECT_EQ(day.open_actions_size(), 2);
}

}  // namespace
}  // namespace concierge
