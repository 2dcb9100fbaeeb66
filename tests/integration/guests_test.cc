// GuestProfileService through real gRPC stubs against a real database:
// every department writes and reads the profile, preferences supersede with
// history, merges keep every fact, erasure blanks personal data everywhere,
// each role sees what its work needs, and bad input stores nothing.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "concierge/v1/guests.grpc.pb.h"
#include "tests/support/matchers.h"
#include "tests/support/server_fixture.h"

namespace concierge {
namespace {

using ::concierge::testing::Actor;
using ::concierge::testing::IsOk;
using ::concierge::testing::QueryValue;
using ::concierge::testing::StatusIs;
using ::concierge::testing::StoredActor;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class GuestsTest : public testing::ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    guests_ = v1::GuestProfileService::NewStub(channel());
    hotel_ = CreateSite(v1::SITE_KIND_HOTEL, "Seaview");
    manager_ = CreateStaff(hotel_.name(), v1::ROLE_MANAGER);
    desk_ = CreateStaff(hotel_.name(), v1::ROLE_RECEPTION, "FRONT_DESK");
    supervisor_ =
        CreateStaff(hotel_.name(), v1::ROLE_SUPERVISOR, "HOUSEKEEPING");
    attendant_ = CreateStaff(hotel_.name(), v1::ROLE_STAFF, "HOUSEKEEPING");
    waiter_ = CreateStaff(hotel_.name(), v1::ROLE_STAFF, "FOOD_AND_BEVERAGE");
  }

  v1::GuestProfileService::Stub& guests() { return *guests_; }

  std::string Count(const std::string& table, const std::string& where = "") {
    return QueryValue(db_->url(),
                      absl::StrCat("SELECT count(*) FROM ", table,
                                   where.empty() ? "" : " WHERE ", where));
  }
  static std::string Id(const std::string& name) {
    return name.substr(name.rfind('/') + 1);
  }

  static v1::Guest Named(const std::string& zh, const std::string& en) {
    v1::Guest g;
    g.set_chinese_name(zh);
    g.set_latin_name(en);
    return g;
  }

  v1::Guest Create(const v1::Guest& guest) {
    v1::CreateGuestRequest request;
    *request.mutable_guest() = guest;
    v1::Guest created;
    EXPECT_THAT(guests().CreateGuest(Ctx(desk_.token).get(), request, &created),
                IsOk());
    return created;
  }

  v1::Stay CheckIn(const std::string& guest, const std::string& room,
                   int adults = 1, int infants = 0) {
    v1::CheckInRequest request;
    request.set_parent(hotel_.name());
    request.mutable_stay()->set_guest(guest);
    request.mutable_stay()->set_room_number(room);
    request.mutable_stay()->mutable_party()->set_adults(adults);
    request.mutable_stay()->mutable_party()->set_infants(infants);
    v1::Stay stay;
    EXPECT_THAT(guests().CheckIn(Ctx(desk_.token).get(), request, &stay),
                IsOk());
    return stay;
  }

  void CheckOut(const std::string& stay) {
    v1::CheckOutRequest request;
    request.set_name(stay);
    v1::Stay out;
    EXPECT_THAT(guests().CheckOut(Ctx(desk_.token).get(), request, &out),
                IsOk());
  }

  grpc::Status Observe(const Actor& who, const std::string& guest,
                       const std::string& room, const std::string& note,
                       std::vector<v1::Preference> preferences = {},
                       v1::RecordObservationResponse* out = nullptr) {
    v1::RecordObservationRequest request;
    if (!guest.empty()) request.set_guest(guest);
    if (!room.empty()) {
      request.set_site(hotel_.name());
      request.set_room_number(room);
    }
    request.set_note(note);
    for (auto& p : preferences) *request.add_preferences() = p;
    v1::RecordObservationResponse response;
    return guests().RecordObservation(Ctx(who.token).get(), request,
                                      out ? out : &response);
  }

  static v1::Preference Pref(
      v1::PreferenceCategory category, const std::string& key,
      const std::string& value,
      v1::PreferenceSource source = v1::PREFERENCE_SOURCE_OBSERVED) {
    v1::Preference p;
    p.set_category(category);
    p.set_key(key);
    p.set_value(value);
    p.set_source(source);
    return p;
  }

  absl::StatusOr<v1::RoomGuestBrief> Brief(const Actor& who,
                                           const std::string& room,
                                           const std::string& site = "") {
    v1::GetRoomGuestBriefRequest request;
    request.set_site(site.empty() ? hotel_.name() : site);
    request.set_room_number(room);
    v1::RoomGuestBrief brief;
    grpc::Status status =
        guests().GetRoomGuestBrief(Ctx(who.token).get(), request, &brief);
    if (!status.ok()) {
      return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                          status.error_message());
    }
    return brief;
  }

  v1::GuestProfile Profile(const Actor& who, const std::string& guest) {
    v1::GetGuestProfileRequest request;
    request.set_name(guest);
    v1::GuestProfile profile;
    EXPECT_THAT(
        guests().GetGuestProfile(Ctx(who.token).get(), request, &profile),
        IsOk());
    return profile;
  }

  std::vector<v1::Guest> SearchAll(const Actor& who,
                                   v1::SearchGuestsRequest request) {
    std::vector<v1::Guest> found;
    for (;;) {
      v1::SearchGuestsResponse page;
      EXPECT_THAT(guests().SearchGuests(Ctx(who.token).get(), request, &page),
                  IsOk());
      found.insert(found.end(), page.guests().begin(), page.guests().end());
      if (page.next_page_token().empty()) break;
      request.set_page_token(page.next_page_token());
    }
    return found;
  }

  std::unique_ptr<v1::GuestProfileService::Stub> guests_;
  v1::Site hotel_;
  Actor manager_, desk_, supervisor_, attendant_, waiter_;
};

// --- every department writes and reads
// ------------------------------------------

TEST_F(GuestsTest, ANoteFromFoodAndBeverageIsInTheHousekeepingBriefAtOnce) {
  v1::Guest wang = Named("王建國", "WANG Jianguo");
  wang.mutable_form_of_address()->set_zh("王先生");
  wang.mutable_form_of_address()->set_en("Mr Wang");
  wang.set_vip_level(3);
  wang.set_phone("+86 138 0000 1203");
  // ServerTest starts at 2026-03-02 09:00 in Asia/Shanghai.
  wang.mutable_birthday()->set_year(1975);
  wang.mutable_birthday()->set_month(3);
  wang.mutable_birthday()->set_day(2);
  wang.add_accessibility_needs(v1::ACCESSIBILITY_NEED_WHEELCHAIR);
  const v1::Guest guest = Create(wang);
  const v1::Stay stay = CheckIn(guest.name(), "1203", 2, 1);

  v1::RecordObservationResponse recorded;
  ASSERT_THAT(
      Observe(waiter_, "", "1203", "Prefers the window table; black coffee.",
              {Pref(v1::PREFERENCE_CATEGORY_FOOD_AND_BEVERAGE, "coffee",
                    "black_no_sugar")},
              &recorded),
      IsOk());
  EXPECT_EQ(recorded.guest(), guest.name());
  EXPECT_EQ(recorded.note().department(), "FOOD_AND_BEVERAGE");
  EXPECT_EQ(recorded.note().author(), waiter_.name);

  absl::StatusOr<v1::RoomGuestBrief> brief = Brief(attendant_, "1203");
  ASSERT_THAT(brief, IsOk());
  EXPECT_EQ(brief->guest(), guest.name());
  EXPECT_EQ(brief->stay(), stay.name());
  EXPECT_EQ(brief->form_of_address().zh(), "王先生");
  EXPECT_EQ(brief->form_of_address().en(), "Mr Wang");
  EXPECT_EQ(brief->vip_level(), 3);
  EXPECT_TRUE(brief->birthday_today());
  EXPECT_TRUE(brief->travelling_with_infant());
  EXPECT_EQ(brief->party().adults(), 2);
  EXPECT_EQ(brief->party().infants(), 1);
  EXPECT_THAT(brief->accessibility_needs(),
              ElementsAre(v1::ACCESSIBILITY_NEED_WHEELCHAIR));
  ASSERT_EQ(brief->recent_notes_size(), 1);
  EXPECT_EQ(brief->recent_notes(0).text(),
            "Prefers the window table; black coffee.");
  EXPECT_EQ(brief->recent_notes(0).department(), "FOOD_AND_BEVERAGE");
  ASSERT_EQ(brief->preferences_size(), 1);
  EXPECT_EQ(brief->preferences(0).key(), "coffee");
  EXPECT_EQ(brief->preferences(0).value(), "black_no_sugar");
  EXPECT_FALSE(brief->regular());
  // The brief never carries contact details.
  EXPECT_THAT(brief->DebugString(), Not(HasSubstr("138")));

  // Exactly one access-log row per brief, written by the same statement.
  EXPECT_EQ(Count("guest_access_log",
                  absl::StrCat("method = 'GetRoomGuestBrief' AND guest_id = ",
                               Id(guest.name()), " AND principal = '",
                               StoredActor(attendant_.name), "'")),
            "1");
  // An empty room is NOT_FOUND naming the room, and logs nothing.
  EXPECT_THAT(Brief(attendant_, "1204"),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("room_number: no guest is checked in to room "
                                 "1204")));
  EXPECT_EQ(Count("guest_access_log"), "1");
}

TEST_F(GuestsTest, BirthdayTodayFollowsEachSitesTimeZone) {
  v1::Site london = CreateSite(v1::SITE_KIND_HOTEL, "London", "Europe/London");
  Actor london_desk =
      CreateStaff(london.name(), v1::ROLE_RECEPTION, "FRONT_DESK");
  Actor london_attendant =
      CreateStaff(london.name(), v1::ROLE_STAFF, "HOUSEKEEPING");
  v1::Guest g = Named("", "Birthday Person");
  g.mutable_birthday()->set_month(3);
  g.mutable_birthday()->set_day(2);
  const v1::Guest shanghai_guest = Create(g);
  const v1::Guest london_guest = Create(g);
  CheckIn(shanghai_guest.name(), "801");
  v1::CheckInRequest request;
  request.set_parent(london.name());
  request.mutable_stay()->set_guest(london_guest.name());
  request.mutable_stay()->set_room_number("801");
  request.mutable_stay()->mutable_party()->set_adults(1);
  v1::Stay stay;
  ASSERT_THAT(guests().CheckIn(Ctx(london_desk.token).get(), request, &stay),
              IsOk());

  // 2026-03-01 17:30 UTC: already 2 March in Shanghai, still 1 March in
  // London.
  clock_.Set(absl::FromCivil(absl::CivilSecond(2026, 3, 1, 17, 30, 0),
                             absl::UTCTimeZone()));
  auto in_shanghai = Brief(attendant_, "801");
  auto in_london = Brief(london_attendant, "801", london.name());
  ASSERT_THAT(in_shanghai, IsOk());
  ASSERT_THAT(in_london, IsOk());
  EXPECT_TRUE(in_shanghai->birthday_today());
  EXPECT_FALSE(in_london->birthday_today());
  // Next morning in London it is the birthday there too.
  clock_.Set(absl::FromCivil(absl::CivilSecond(2026, 3, 2, 8, 0, 0),
                             absl::UTCTimeZone()));
  in_london = Brief(london_attendant, "801", london.name());
  ASSERT_THAT(in_london, IsOk());
  EXPECT_TRUE(in_london->birthday_today());
  // The attendant of one hotel cannot read another hotel's rooms.
  EXPECT_THAT(
      Brief(attendant_, "801", london.name()),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr(london.name())));
}

// --- preferences
// -----------------------------------------------------------------

TEST_F(GuestsTest, ANewerPreferenceSupersedesTheOlderAndHistoryIsKept) {
  const v1::Guest guest = Create(Named("李美玲", "LI Meiling"));
  ASSERT_THAT(Observe(desk_, guest.name(), "", "",
                      {Pref(v1::PREFERENCE_CATEGORY_ROOM, "room_temperature_c",
                            "23", v1::PREFERENCE_SOURCE_STATED)}),
              IsOk());
  clock_.Advance(absl::Hours(30));
  v1::RecordObservationResponse second;
  ASSERT_THAT(
      Observe(attendant_, guest.name(), "", "Cold at 23 degrees",
              {Pref(v1::PREFERENCE_CATEGORY_ROOM, "room_temperature_c", "26")},
              &second),
      IsOk());
  // The same fact again is not recorded twice.
  ASSERT_THAT(
      Observe(attendant_, guest.name(), "", "",
              {Pref(v1::PREFERENCE_CATEGORY_ROOM, "room_temperature_c", "26")}),
      IsOk());
  EXPECT_EQ(Count("guest_preferences"), "2");

  const v1::GuestProfile profile = Profile(manager_, guest.name());
  ASSERT_EQ(profile.preferences_size(), 1);
  EXPECT_EQ(profile.preferences(0).value(), "26");
  EXPECT_EQ(profile.preferences(0).source(), v1::PREFERENCE_SOURCE_OBSERVED);
  EXPECT_EQ(profile.preferences(0).recorded_by(), attendant_.name);
  EXPECT_EQ(profile.preferences(0).site(), hotel_.name());
  EXPECT_EQ(profile.preferences(0).name(), second.preferences(0).name());

  v1::ListPreferenceHistoryRequest request;
  request.set_guest(guest.name());
  v1::ListPreferenceHistoryResponse history;
  ASSERT_THAT(guests().ListPreferenceHistory(Ctx(attendant_.token).get(),
                                             request, &history),
              IsOk());
  ASSERT_EQ(history.preferences_size(), 2);
  EXPECT_EQ(history.preferences(0).value(), "23");
  EXPECT_EQ(history.preferences(0).source(), v1::PREFERENCE_SOURCE_STATED);
  EXPECT_EQ(history.preferences(0).superseded_by(),
            history.preferences(1).name());
  EXPECT_TRUE(history.preferences(0).has_supersede_time());
  EXPECT_EQ(history.preferences(1).value(), "26");
  EXPECT_TRUE(history.preferences(1).superseded_by().empty());
  // Never rewritten: the old row still holds its value.
  EXPECT_EQ(
      Count("guest_preferences", "value = '23' AND superseded_at IS NOT NULL"),
      "1");
}

// --- merge
// --------------------------------------------------------------------------

TEST_F(GuestsTest, AMergeKeepsEveryFactAndLeavesATombstone) {
  // Two profiles of one person, made at two desks.
  v1::Guest a = Named("", "WANG Jianguo");
  a.set_vip_level(1);
  auto* doc = a.add_identity_documents();
  doc->set_type(v1::IDENTITY_DOCUMENT_TYPE_PASSPORT);
  doc->set_issuing_country("CN");
  doc->set_number("E12345678");
  const v1::Guest survivor = Create(a);
  v1::Guest b = Named("王建國", "Wang J.");
  b.set_loyalty_number("SV-1001");
  b.set_vip_level(3);
  b.set_phone("138 0000 1203");
  const v1::Guest duplicate = Create(b);

  // Facts on both: preferences (the duplicate's is newer), notes, stays,
  // consumption, reads.
  ASSERT_THAT(Observe(desk_, survivor.name(), "", "Quiet room please",
                      {Pref(v1::PREFERENCE_CATEGORY_ROOM, "curtains", "closed",
                            v1::PREFERENCE_SOURCE_STATED)}),
              IsOk());
  const v1::Stay old_stay = CheckIn(survivor.name(), "1201");
  v1::RecordConsumptionRequest charge;
  charge.set_stay(old_stay.name());
  charge.mutable_entry()->set_kind(v1::CONSUMPTION_KIND_MINIBAR);
  charge.mutable_entry()->set_description("2 x Tsingtao");
  charge.mutable_entry()->mutable_amount()->set_minor_units(3000);
  v1::ConsumptionEntry entry;
  ASSERT_THAT(
      guests().RecordConsumption(Ctx(waiter_.token).get(), charge, &entry),
      IsOk());
  CheckOut(old_stay.name());
  clock_.Advance(absl::Hours(1));
  const v1::Stay open_stay = CheckIn(duplicate.name(), "1508");
  ASSERT_THAT(Observe(attendant_, "", "1508", "Leaves the curtains open a gap",
                      {Pref(v1::PREFERENCE_CATEGORY_ROOM, "curtains", "gap")}),
              IsOk());
  Profile(supervisor_, duplicate.name());

  const std::string before_notes = Count("guest_notes");
  const std::string before_prefs = Count("guest_preferences");
  const std::string before_stays = Count("stays");
  const std::string before_access = Count("guest_access_log");

  v1::MergeGuestsRequest merge;
  merge.set_survivor(survivor.name());
  merge.set_duplicate(duplicate.name());
  v1::Guest merged;
  EXPECT_THAT(
      guests().MergeGuests(Ctx(desk_.token).get(), merge, &merged),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("RECEPTION")));
  ASSERT_THAT(guests().MergeGuests(Ctx(manager_.token).get(), merge, &merged),
              IsOk());
  EXPECT_EQ(merged.name(), survivor.name());
  EXPECT_EQ(merged.chinese_name(), "王建國");      // filled from the duplicate
  EXPECT_EQ(merged.latin_name(), "WANG Jianguo");  // the survivor's wins
  EXPECT_EQ(merged.loyalty_number(), "SV-1001");
  EXPECT_EQ(merged.phone(), "138 0000 1203");
  EXPECT_EQ(merged.vip_level(), 3);
  EXPECT_EQ(merged.identity_documents_size(), 1);

  // Nothing lost, everything on the survivor.
  EXPECT_EQ(Count("guest_notes"), before_notes);
  EXPECT_EQ(Count("guest_preferences"), before_prefs);
  EXPECT_EQ(Count("stays"), before_stays);
  const std::string dup_id = Id(duplicate.name());
  const std::string sur_id = Id(survivor.name());
  for (const char* table :
       {"guest_notes", "guest_preferences", "stays", "guest_consumption",
        "guest_documents", "guest_access_log"}) {
    EXPECT_EQ(Count(table, "guest_id = " + dup_id), "0") << table;
  }
  EXPECT_EQ(Count("guest_access_log", "guest_id = " + sur_id),
            // the moved reads, plus none for the merge itself
            QueryValue(db_->url(), "SELECT count(*) FROM guest_access_log"));
  EXPECT_EQ(Count("guest_access_log"), before_access);

  const v1::GuestProfile profile = Profile(manager_, survivor.name());
  EXPECT_EQ(profile.notes_size(), 2);
  EXPECT_EQ(profile.completed_stays(), 1);
  ASSERT_EQ(profile.open_stays_size(), 1);
  EXPECT_EQ(profile.open_stays(0).name(), open_stay.name());
  EXPECT_EQ(profile.consumption_size(), 1);
  ASSERT_EQ(profile.consumption_totals_size(), 1);
  EXPECT_EQ(profile.consumption_totals(0).minor_units(), 3000);
  ASSERT_EQ(profile.preferences_size(), 1);  // the newer one is current
  EXPECT_EQ(profile.preferences(0).value(), "gap");
  EXPECT_THAT(profile.merged_guests(), ElementsAre(duplicate.name()));
  v1::ListPreferenceHistoryRequest history_request;
  history_request.set_guest(survivor.name());
  v1::ListPreferenceHistoryResponse history;
  ASSERT_THAT(guests().ListPreferenceHistory(Ctx(manager_.token).get(),
                                             history_request, &history),
              IsOk());
  ASSERT_EQ(history.preferences_size(), 2);
  EXPECT_EQ(history.preferences(0).value(), "closed");
  EXPECT_EQ(history.preferences(0).superseded_by(),
            history.preferences(1).name());

  // The tombstone: who, when, into whom; reading it answers for the survivor.
  EXPECT_EQ(QueryValue(db_->url(),
                       "SELECT merged_into FROM guests WHERE id = " + dup_id),
            sur_id);
  EXPECT_EQ(QueryValue(db_->url(),
                       "SELECT merged_by FROM guests WHERE id = " + dup_id),
            StoredActor(manager_.name));
  EXPECT_EQ(QueryValue(db_->url(),
                       "SELECT chinese_name || latin_name || phone || "
                       "loyalty_number FROM guests WHERE id = " +
                           dup_id),
            "");
  EXPECT_EQ(Profile(attendant_, duplicate.name()).guest().name(),
            survivor.name());
  auto brief = Brief(attendant_, "1508");
  ASSERT_THAT(brief, IsOk());
  EXPECT_EQ(brief->guest(), survivor.name());
  // Facts addressed to the tombstone land on the survivor; an update of it is
  // refused, naming the survivor.
  v1::RecordObservationResponse late;
  ASSERT_THAT(Observe(waiter_, duplicate.name(), "", "Late note", {}, &late),
              IsOk());
  EXPECT_EQ(late.guest(), survivor.name());
  v1::UpdateGuestRequest update;
  update.mutable_guest()->set_name(duplicate.name());
  update.mutable_guest()->set_etag("2");
  update.mutable_update_mask()->add_paths("vip_level");
  v1::Guest updated;
  EXPECT_THAT(guests().UpdateGuest(Ctx(desk_.token).get(), update, &updated),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr(survivor.name())));
  // Searching finds one person only.
  v1::SearchGuestsRequest search;
  search.set_query("wang");
  const auto found = SearchAll(manager_, search);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].name(), survivor.name());
  // Merging again is refused.
  EXPECT_THAT(
      guests().MergeGuests(Ctx(manager_.token).get(), merge, &merged),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("duplicate")));
}

// --- erasure
// ------------------------------------------------------------------------

TEST_F(GuestsTest, ErasureRemovesPersonalFieldsEverywhereAndKeepsAggregates) {
  v1::Guest g = Named("趙小紅", "ZHAO Xiaohong");
  g.set_phone("139 1234 5678");
  g.set_email("zhao@example.com");
  g.set_loyalty_number("SV-2002");
  g.mutable_birthday()->set_year(1988);
  g.mutable_birthday()->set_month(7);
  g.mutable_birthday()->set_day(9);
  auto* doc = g.add_identity_documents();
  doc->set_type(v1::IDENTITY_DOCUMENT_TYPE_NATIONAL_ID);
  doc->set_number("110101198807090000");
  const v1::Guest guest = Create(g);
  const v1::Stay stay = CheckIn(guest.name(), "1203", 1, 1);
  ASSERT_THAT(Observe(waiter_, "", "1203", "Zhao's husband is allergic to nuts",
                      {Pref(v1::PREFERENCE_CATEGORY_ROOM, "curtains", "gap"),
                       Pref(v1::PREFERENCE_CATEGORY_SERVICE, "wake_up",
                            "call Ms Zhao at 7")}),
              IsOk());
  v1::RecordConsumptionRequest charge;
  charge.set_site(hotel_.name());
  charge.set_room_number("1203");
  charge.mutable_entry()->set_kind(v1::CONSUMPTION_KIND_PAID_SERVICE);
  charge.mutable_entry()->set_description("Birthday cake for Ms Zhao");
  charge.mutable_entry()->mutable_amount()->set_minor_units(18800);
  v1::ConsumptionEntry entry;
  ASSERT_THAT(
      guests().RecordConsumption(Ctx(waiter_.token).get(), charge, &entry),
      IsOk());
  Profile(attendant_, guest.name());

  v1::EraseGuestRequest erase;
  erase.set_name(guest.name());
  v1::Guest erased;
  // Checked in: the stay must end first.
  EXPECT_THAT(
      guests().EraseGuest(Ctx(manager_.token).get(), erase, &erased),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("room 1203")));
  EXPECT_THAT(
      guests().EraseGuest(Ctx(desk_.token).get(), erase, &erased),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("EraseGuest")));
  CheckOut(stay.name());
  ASSERT_THAT(guests().EraseGuest(Ctx(manager_.token).get(), erase, &erased),
              IsOk());
  EXPECT_TRUE(erased.erased());
  EXPECT_EQ(erased.erased_by(), manager_.name);
  EXPECT_TRUE(erased.has_erase_time());

  // The profile.
  const v1::GuestProfile profile = Profile(manager_, guest.name());
  EXPECT_TRUE(profile.guest().erased());
  EXPECT_EQ(profile.guest().chinese_name(), "");
  EXPECT_EQ(profile.guest().latin_name(), "");
  EXPECT_EQ(profile.guest().phone(), "");
  EXPECT_EQ(profile.guest().email(), "");
  EXPECT_EQ(profile.guest().loyalty_number(), "");
  EXPECT_FALSE(profile.guest().has_birthday());
  EXPECT_EQ(profile.guest().identity_documents_size(), 0);
  // Notes blanked, aggregates kept.
  ASSERT_EQ(profile.notes_size(), 1);
  EXPECT_EQ(profile.notes(0).text(), "");
  EXPECT_TRUE(profile.notes(0).redacted());
  EXPECT_EQ(profile.completed_stays(), 1);
  ASSERT_EQ(profile.consumption_size(), 1);
  EXPECT_EQ(profile.consumption(0).amount().minor_units(), 18800);
  EXPECT_EQ(profile.consumption(0).description(), "");
  ASSERT_EQ(profile.preferences_size(), 2);
  for (const auto& p : profile.preferences()) {
    // A plain token says nothing about the person; free text does.
    EXPECT_EQ(p.value(), p.key() == "curtains" ? "gap" : "") << p.key();
  }

  // The database holds none of it any more, search index included.
  const std::string id = Id(guest.name());
  for (const char* needle :
       {"zhao", "趙", "1234 5678", "12345678", "SV-2002", "allergic", "cake",
        "Ms Zhao", "19880709", "110101"}) {
    for (const char* table :
         {"guests", "guest_notes", "guest_preferences", "guest_consumption",
          "guest_documents", "guest_access_log"}) {
      EXPECT_EQ(QueryValue(db_->url(),
                           absl::StrCat("SELECT count(*) FROM ", table,
                                        " t WHERE lower(t::text) LIKE lower('%",
                                        needle, "%')")),
                "0")
          << needle << " in " << table;
    }
  }
  EXPECT_EQ(Count("guests", "search_text <> ' ' OR phone_digits <> ''"), "0");
  EXPECT_EQ(Count("guest_documents"), "0");
  v1::SearchGuestsRequest by_name;
  by_name.set_query("zhao");
  EXPECT_THAT(SearchAll(manager_, by_name), IsEmpty());
  v1::SearchGuestsRequest by_phone;
  by_phone.set_phone("139 1234 5678");
  EXPECT_THAT(SearchAll(manager_, by_phone), IsEmpty());

  // The access log keeps its rows, with ids only.
  EXPECT_NE(Count("guest_access_log", "guest_id = " + id), "0");
  EXPECT_EQ(QueryValue(db_->url(),
                       "SELECT string_agg(column_name, ',' ORDER BY "
                       "ordinal_position) FROM information_schema.columns "
                       "WHERE table_name = 'guest_access_log'"),
            "id,guest_id,principal,method,site_id,accessed_at");
  v1::ListProfileAccessRequest access;
  access.set_guest(guest.name());
  v1::ListProfileAccessResponse log;
  ASSERT_THAT(
      guests().ListProfileAccess(Ctx(manager_.token).get(), access, &log),
      IsOk());
  ASSERT_GE(log.entries_size(), 2);
  EXPECT_EQ(log.entries(0).guest(), guest.name());
  EXPECT_EQ(log.entries(0).principal(), attendant_.name);
  EXPECT_EQ(log.entries(0).method(), "GetGuestProfile");
  EXPECT_EQ(log.entries(0).site(), hotel_.name());

  // An erased guest takes no new facts.
  EXPECT_THAT(
      Observe(waiter_, guest.name(), "", "Hello"),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("erased")));
  v1::CheckInRequest again;
  again.set_parent(hotel_.name());
  again.mutable_stay()->set_guest(guest.name());
  again.mutable_stay()->set_room_number("1203");
  again.mutable_stay()->mutable_party()->set_adults(1);
  v1::Stay refused;
  EXPECT_THAT(
      guests().CheckIn(Ctx(desk_.token).get(), again, &refused),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("erased")));
}

// --- privacy by role
// ---------------------------------------------------------------

TEST_F(GuestsTest, EachRoleSeesWhatItsWorkNeeds) {
  v1::Guest g = Named("王建國", "WANG Jianguo");
  g.set_phone("+86 138 0000 1203");
  g.set_email("wang@example.com");
  g.set_loyalty_number("SV-1001");
  g.mutable_birthday()->set_year(1975);
  g.mutable_birthday()->set_month(3);
  g.mutable_birthday()->set_day(2);
  auto* doc = g.add_identity_documents();
  doc->set_type(v1::IDENTITY_DOCUMENT_TYPE_PASSPORT);
  doc->set_issuing_country("CN");
  doc->set_number("E 1234 5678");
  const v1::Guest guest = Create(g);

  const v1::Guest seen_by_attendant = Profile(attendant_, guest.name()).guest();
  EXPECT_EQ(seen_by_attendant.chinese_name(), "王建國");
  EXPECT_EQ(seen_by_attendant.phone(), "");
  EXPECT_EQ(seen_by_attendant.email(), "");
  EXPECT_EQ(seen_by_attendant.loyalty_number(), "");
  EXPECT_EQ(seen_by_attendant.birthday().year(), 0);
  EXPECT_EQ(seen_by_attendant.birthday().month(), 3);
  EXPECT_EQ(seen_by_attendant.identity_documents_size(), 0);
  EXPECT_THAT(seen_by_attendant.masked_fields(), Contains("phone"));
  EXPECT_THAT(seen_by_attendant.masked_fields(), Contains("birthday.year"));

  const v1::Guest seen_by_supervisor =
      Profile(supervisor_, guest.name()).guest();
  EXPECT_EQ(seen_by_supervisor.phone(), "+86 138 0000 1203");
  EXPECT_EQ(seen_by_supervisor.birthday().year(), 0);
  EXPECT_EQ(seen_by_supervisor.identity_documents_size(), 0);

  for (const Actor* who : {&manager_, &desk_}) {
    const v1::Guest seen = Profile(*who, guest.name()).guest();
    EXPECT_EQ(seen.phone(), "+86 138 0000 1203");
    EXPECT_EQ(seen.birthday().year(), 1975);
    ASSERT_EQ(seen.identity_documents_size(), 1);
    EXPECT_EQ(seen.identity_documents(0).number_last4(), "5678");
    EXPECT_EQ(seen.identity_documents(0).number(), "");
    EXPECT_THAT(seen.masked_fields(), IsEmpty());
  }

  // An attendant asking for the phone number is refused, naming it.
  v1::GetGuestProfileRequest ask;
  ask.set_name(guest.name());
  ask.mutable_read_mask()->add_paths("phone");
  v1::GuestProfile out;
  EXPECT_THAT(guests().GetGuestProfile(Ctx(attendant_.token).get(), ask, &out),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("read_mask: role STAFF may not read phone")));
  // ... while the front desk gets just that.
  ASSERT_THAT(guests().GetGuestProfile(Ctx(desk_.token).get(), ask, &out),
              IsOk());
  EXPECT_EQ(out.guest().phone(), "+86 138 0000 1203");
  EXPECT_EQ(out.guest().chinese_name(), "");  // not asked for
  EXPECT_EQ(out.guest().name(), guest.name());
  ask.mutable_read_mask()->set_paths(0, "no_such_field");
  EXPECT_THAT(
      guests().GetGuestProfile(Ctx(desk_.token).get(), ask, &out),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("read_mask")));
  v1::SearchGuestsRequest by_phone;
  by_phone.set_phone("13800001203");
  v1::SearchGuestsResponse found;
  EXPECT_THAT(
      guests().SearchGuests(Ctx(attendant_.token).get(), by_phone, &found),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("phone")));
  EXPECT_THAT(SearchAll(supervisor_, by_phone), ::testing::SizeIs(1));
  // Search results are masked like the profile.
  v1::SearchGuestsRequest by_name;
  by_name.set_query("王");
  const auto results = SearchAll(attendant_, by_name);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].phone(), "");

  // Residential sites and residents have no business here.
  v1::Site residential = CreateSite(v1::SITE_KIND_RESIDENTIAL, "Gardens");
  Actor res_manager = CreateStaff(residential.name(), v1::ROLE_MANAGER);
  Actor resident = CreateResident(residential.name());
  v1::GetGuestProfileRequest get;
  get.set_name(guest.name());
  EXPECT_THAT(
      guests().GetGuestProfile(Ctx(res_manager.token).get(), get, &out),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("HOTEL")));
  EXPECT_THAT(guests().GetGuestProfile(Ctx(resident.token).get(), get, &out),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("RESIDENT may not call")));
  // Only managers read the access log.
  v1::ListProfileAccessRequest access;
  access.set_guest(guest.name());
  v1::ListProfileAccessResponse log;
  EXPECT_THAT(
      guests().ListProfileAccess(Ctx(attendant_.token).get(), access, &log),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("STAFF")));
  ASSERT_THAT(
      guests().ListProfileAccess(Ctx(manager_.token).get(), access, &log),
      IsOk());
  std::set<std::string> methods;
  for (const auto& e : log.entries()) methods.insert(e.method());
  EXPECT_THAT(methods, ElementsAre("GetGuestProfile", "SearchGuests"));
}

// --- bad input
// ------------------------------------------------------------------------

TEST_F(GuestsTest, BadInputGetsTheRightStatusNamingTheFieldAndStoresNothing) {
  const v1::Guest guest = Create(Named("", "Anna SCHMIDT"));
  const v1::Stay stay = CheckIn(guest.name(), "1203");

  // Unknown guest, unknown room.
  v1::GetGuestProfileRequest get;
  get.set_name("guests/999999");
  v1::GuestProfile profile;
  EXPECT_THAT(guests().GetGuestProfile(Ctx(desk_.token).get(), get, &profile),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("name: guests/999999 not found")));
  get.set_name("guest/1");
  EXPECT_THAT(guests().GetGuestProfile(Ctx(desk_.token).get(), get, &profile),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("name: must look like guests/{id}")));
  EXPECT_THAT(Observe(waiter_, "guests/999999", "", "A note"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("guest:")));
  EXPECT_THAT(Observe(waiter_, "", "404", "A note"),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("room_number: no guest is checked in to room "
                                 "404")));
  EXPECT_THAT(
      Observe(waiter_, "", "40 4", "A note"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("room_number")));
  EXPECT_EQ(Count("guest_notes"), "0");

  // A check-in to an occupied room.
  const v1::Guest other = Create(Named("", "Other Guest"));
  v1::CheckInRequest checkin;
  checkin.set_parent(hotel_.name());
  checkin.mutable_stay()->set_guest(other.name());
  checkin.mutable_stay()->set_room_number("1203");
  checkin.mutable_stay()->mutable_party()->set_adults(1);
  v1::Stay out;
  EXPECT_THAT(
      guests().CheckIn(Ctx(desk_.token).get(), checkin, &out),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("stay.room_number: room 1203 at " + hotel_.name() +
                         " is occupied (" + stay.name() + ")")));
  // A stay that ends before it starts.
  checkin.mutable_stay()->set_room_number("1204");
  checkin.mutable_stay()->mutable_expected_check_out_time()->set_seconds(
      absl::ToUnixSeconds(clock_.Now() - absl::Hours(24)));
  EXPECT_THAT(guests().CheckIn(Ctx(desk_.token).get(), checkin, &out),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("stay.expected_check_out_time: the stay would "
                                 "end before it starts")));
  checkin.mutable_stay()->clear_expected_check_out_time();
  checkin.mutable_stay()->mutable_party()->set_adults(0);
  EXPECT_THAT(guests().CheckIn(Ctx(desk_.token).get(), checkin, &out),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("stay.party.adults")));
  v1::CheckOutRequest early;
  early.set_name(stay.name());
  early.mutable_check_out_time()->set_seconds(
      absl::ToUnixSeconds(clock_.Now() - absl::Hours(1)));
  EXPECT_THAT(guests().CheckOut(Ctx(desk_.token).get(), early, &out),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("check_out_time: the stay would end before")));
  EXPECT_EQ(Count("stays"), "1");
  EXPECT_EQ(Count("stays", "check_out_at IS NOT NULL"), "0");

  // A preference with an unknown category, sent with a note: neither stored.
  EXPECT_THAT(Observe(attendant_, guest.name(), "", "A note that must not stay",
                      {Pref(v1::PREFERENCE_CATEGORY_ROOM, "curtains", "gap"),
                       Pref(v1::PreferenceCategory(99), "pillow", "soft")}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("preferences[1].category")));
  EXPECT_THAT(
      Observe(attendant_, guest.name(), "", "",
              {Pref(v1::PREFERENCE_CATEGORY_UNSPECIFIED, "pillow", "soft")}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("preferences[0].category")));
  EXPECT_THAT(
      Observe(attendant_, guest.name(), "", "",
              {Pref(v1::PREFERENCE_CATEGORY_ROOM, "Pillow Type", "soft")}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("preferences[0].key")));
  EXPECT_THAT(Observe(attendant_, guest.name(), "", "",
                      {Pref(v1::PREFERENCE_CATEGORY_ROOM, "pillow", "soft",
                            v1::PREFERENCE_SOURCE_LEARNED)}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("preferences[0].source")));
  EXPECT_THAT(Observe(attendant_, guest.name(), "", ""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("note")));
  EXPECT_EQ(Count("guest_notes"), "0");
  EXPECT_EQ(Count("guest_preferences"), "0");

  // Guests: no name; a loyalty number or document already on file.
  v1::CreateGuestRequest create;
  v1::Guest created;
  EXPECT_THAT(guests().CreateGuest(Ctx(desk_.token).get(), create, &created),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("guest.chinese_name")));
  *create.mutable_guest() = Named("", "Loyal One");
  create.mutable_guest()->set_loyalty_number("SV-7");
  ASSERT_THAT(guests().CreateGuest(Ctx(desk_.token).get(), create, &created),
              IsOk());
  *create.mutable_guest() = Named("", "Loyal Two");
  create.mutable_guest()->set_loyalty_number("SV-7");
  EXPECT_THAT(guests().CreateGuest(Ctx(desk_.token).get(), create, &created),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       HasSubstr("guest.loyalty_number")));
  create.mutable_guest()->clear_loyalty_number();
  create.mutable_guest()->add_accessibility_needs(v1::AccessibilityNeed(42));
  EXPECT_THAT(guests().CreateGuest(Ctx(desk_.token).get(), create, &created),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("guest.accessibility_needs[0]")));
  EXPECT_EQ(Count("guests"), "3");

  // Charges: engineering may not; amounts must be positive.
  Actor engineer = CreateStaff(hotel_.name(), v1::ROLE_STAFF, "ENGINEERING");
  v1::RecordConsumptionRequest charge;
  charge.set_stay(stay.name());
  charge.mutable_entry()->set_kind(v1::CONSUMPTION_KIND_MINIBAR);
  charge.mutable_entry()->set_description("Water");
  charge.mutable_entry()->mutable_amount()->set_minor_units(0);
  v1::ConsumptionEntry entry;
  EXPECT_THAT(
      guests().RecordConsumption(Ctx(engineer.token).get(), charge, &entry),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("ENGINEERING")));
  EXPECT_THAT(
      guests().RecordConsumption(Ctx(attendant_.token).get(), charge, &entry),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("entry.amount.minor_units")));
  EXPECT_EQ(Count("guest_consumption"), "0");
}

// --- search
// ---------------------------------------------------------------------------

TEST_F(GuestsTest,
       SearchFindsChineseAndLatinNamesPhonesAndDocumentsPageByPage) {
  std::set<std::string> zhangs;
  for (int i = 0; i < 7; ++i) {
    v1::Guest g = Named(absl::StrCat("張偉", i), absl::StrCat("ZHANG Wei ", i));
    g.set_phone(absl::StrCat("+86 139 0000 000", i));
    zhangs.insert(Create(g).name());
  }
  v1::Guest other = Named("李娜", "LI Na");
  other.set_loyalty_number("SV-9");
  auto* doc = other.add_identity_documents();
  doc->set_type(v1::IDENTITY_DOCUMENT_TYPE_PASSPORT);
  doc->set_issuing_country("CN");
  doc->set_number("G7654321");
  const v1::Guest li = Create(other);

  for (const std::string query : {"zhang", "ZHANG wei", "張"}) {
    v1::SearchGuestsRequest request;
    request.set_query(query);
    request.set_page_size(3);
    std::set<std::string> found;
    int pages = 0;
    for (;;) {
      v1::SearchGuestsResponse page;
      ASSERT_THAT(guests().SearchGuests(Ctx(desk_.token).get(), request, &page),
                  IsOk());
      ++pages;
      for (const auto& g : page.guests()) {
        EXPECT_TRUE(found.insert(g.name()).second) << "repeated " << g.name();
      }
      if (page.next_page_token().empty()) break;
      request.set_page_token(page.next_page_token());
    }
    EXPECT_EQ(found, zhangs) << query;
    EXPECT_EQ(pages, 3) << query;
  }
  v1::SearchGuestsRequest by_phone;
  by_phone.set_phone("139-0000-0003");
  auto found = SearchAll(desk_, by_phone);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].latin_name(), "ZHANG Wei 3");
  by_phone.set_phone("13900000003");  // with or without the country prefix
  EXPECT_EQ(SearchAll(desk_, by_phone).size(), 1u);
  by_phone.set_phone("0003");
  v1::SearchGuestsResponse refused;
  EXPECT_THAT(guests().SearchGuests(Ctx(desk_.token).get(), by_phone, &refused),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("phone")));
  v1::SearchGuestsRequest by_loyalty;
  by_loyalty.set_loyalty_number("SV-9");
  found = SearchAll(desk_, by_loyalty);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].name(), li.name());
  v1::SearchGuestsRequest by_document;
  by_document.mutable_identity_document()->set_type(
      v1::IDENTITY_DOCUMENT_TYPE_PASSPORT);
  by_document.mutable_identity_document()->set_issuing_country("CN");
  by_document.mutable_identity_document()->set_number("g765 4321");
  found = SearchAll(desk_, by_document);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].name(), li.name());
  EXPECT_THAT(guests().SearchGuests(Ctx(supervisor_.token).get(), by_document,
                                    &refused),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("identity_document")));
  v1::SearchGuestsRequest empty;
  EXPECT_THAT(guests().SearchGuests(Ctx(desk_.token).get(), empty, &refused),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("query")));
  // The number is never stored in clear, and a second guest cannot claim it.
  EXPECT_EQ(QueryValue(db_->url(),
                       "SELECT count(*) FROM guest_documents d "
                       "WHERE d::text LIKE '%7654321%'"),
            "0");
  v1::CreateGuestRequest create;
  *create.mutable_guest() = Named("", "Impostor");
  *create.mutable_guest()->add_identity_documents() =
      by_document.identity_document();
  v1::Guest created;
  EXPECT_THAT(guests().CreateGuest(Ctx(desk_.token).get(), create, &created),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       HasSubstr("guest.identity_documents[0]")));
}

// --- updates, stays, idempotency
// ---------------------------------------------------------

TEST_F(GuestsTest, UpdatesNeedTheCurrentEtag) {
  const v1::Guest guest = Create(Named("", "Anna SCHMIDT"));
  v1::UpdateGuestRequest request;
  request.mutable_guest()->set_name(guest.name());
  request.mutable_guest()->set_etag(guest.etag());
  request.mutable_guest()->set_vip_level(2);
  request.mutable_guest()->set_chinese_name("ignored, not in the mask");
  request.mutable_update_mask()->add_paths("vip_level");
  v1::Guest updated;
  ASSERT_THAT(guests().UpdateGuest(Ctx(desk_.token).get(), request, &updated),
              IsOk());
  EXPECT_EQ(updated.vip_level(), 2);
  EXPECT_EQ(updated.chinese_name(), "");
  EXPECT_NE(updated.etag(), guest.etag());
  EXPECT_THAT(guests().UpdateGuest(Ctx(desk_.token).get(), request, &updated),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("guest.etag")));
  request.mutable_guest()->set_etag(updated.etag());
  request.mutable_update_mask()->set_paths(0, "erased");
  EXPECT_THAT(
      guests().UpdateGuest(Ctx(desk_.token).get(), request, &updated),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("update_mask")));
  EXPECT_THAT(
      guests().UpdateGuest(Ctx(attendant_.token).get(), request, &updated),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("STAFF")));
}

TEST_F(GuestsTest, RegularIsDerivedFromCompletedStaysAcrossTheGroup) {
  v1::Site second = CreateSite(v1::SITE_KIND_HOTEL, "Mountain");
  Actor second_desk =
      CreateStaff(second.name(), v1::ROLE_RECEPTION, "FRONT_DESK");
  const v1::Guest guest = Create(Named("", "Frequent Flyer"));
  for (int i = 0; i < 3; ++i) {
    const v1::Stay stay = CheckIn(guest.name(), "501");
    clock_.Advance(absl::Hours(48));
    CheckOut(stay.name());
    if (i == 1) {
      EXPECT_FALSE(Profile(manager_, guest.name()).regular());
    }
  }
  EXPECT_TRUE(Profile(manager_, guest.name()).regular());
  // Recognised at the group's other hotel too.
  v1::CheckInRequest request;
  request.set_parent(second.name());
  request.mutable_stay()->set_guest(guest.name());
  request.mutable_stay()->set_room_number("201");
  request.mutable_stay()->mutable_party()->set_adults(1);
  v1::Stay stay;
  ASSERT_THAT(guests().CheckIn(Ctx(second_desk.token).get(), request, &stay),
              IsOk());
  Actor second_attendant =
      CreateStaff(second.name(), v1::ROLE_STAFF, "HOUSEKEEPING");
  auto brief = Brief(second_attendant, "201", second.name());
  ASSERT_THAT(brief, IsOk());
  EXPECT_TRUE(brief->regular());
  // Stays of the guest across the group, page by page.
  v1::ListStaysRequest list;
  list.set_guest(guest.name());
  list.set_page_size(2);
  std::vector<std::string> rooms;
  for (;;) {
    v1::ListStaysResponse page;
    ASSERT_THAT(guests().ListStays(Ctx(attendant_.token).get(), list, &page),
                IsOk());
    for (const auto& s : page.stays()) rooms.push_back(s.room_number());
    if (page.next_page_token().empty()) break;
    list.set_page_token(page.next_page_token());
  }
  EXPECT_THAT(rooms, ElementsAre("501", "501", "501", "201"));
}

TEST_F(GuestsTest, RacingCheckInsToOneRoomLetExactlyOneWin) {
  std::vector<v1::Guest> people;
  for (int i = 0; i < 4; ++i) {
    people.push_back(Create(Named("", absl::StrCat("Racer ", i))));
  }
  std::vector<grpc::Status> results(people.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < people.size(); ++i) {
    threads.emplace_back([&, i] {
      v1::CheckInRequest request;
      request.set_parent(hotel_.name());
      request.mutable_stay()->set_guest(people[i].name());
      request.mutable_stay()->set_room_number("909");
      request.mutable_stay()->mutable_party()->set_adults(1);
      v1::Stay stay;
      results[i] = guests().CheckIn(Ctx(desk_.token).get(), request, &stay);
    });
  }
  for (auto& t : threads) t.join();
  int won = 0;
  for (const grpc::Status& s : results) {
    if (s.ok()) {
      ++won;
    } else {
      EXPECT_THAT(s, StatusIs(absl::StatusCode::kFailedPrecondition,
                              HasSubstr("room 909")));
    }
  }
  EXPECT_EQ(won, 1);
  EXPECT_EQ(Count("stays", "room_number = '909'"), "1");
}

TEST_F(GuestsTest, APmsPartnerRegistersGuestsAndStaysWithItsScopes) {
  auto partner_with = [&](const std::vector<std::string>& scopes) {
    v1::CreatePartnerRequest request;
    request.set_parent(hotel_.name());
    request.mutable_partner()->set_display_name("PMS");
    for (const auto& scope : scopes)
      request.mutable_partner()->add_scopes(scope);
    v1::Partner partner;
    EXPECT_THAT(
        directory().CreatePartner(Ctx(admin_token()).get(), request, &partner),
        IsOk());
    return IssueToken(partner.name());
  };
  const std::string pms = partner_with({"guests.read", "guests.write"});
  const std::string reader = partner_with({"guests.read"});

  v1::CreateGuestRequest create;
  *create.mutable_guest() = Named("", "Booked Online");
  create.mutable_guest()->set_phone("+44 20 7946 0000");
  auto* doc = create.mutable_guest()->add_identity_documents();
  doc->set_type(v1::IDENTITY_DOCUMENT_TYPE_PASSPORT);
  doc->set_issuing_country("GB");
  doc->set_number("123456789");
  create.set_request_id("pms-booking-42");
  v1::Guest guest, again;
  ASSERT_THAT(guests().CreateGuest(Ctx(pms).get(), create, &guest), IsOk());
  // A retried create returns the same guest and creates nothing.
  ASSERT_THAT(guests().CreateGuest(Ctx(pms).get(), create, &again), IsOk());
  EXPECT_EQ(again.name(), guest.name());
  EXPECT_EQ(Count("guests"), "1");
  // Partners see contact details but not documents.
  EXPECT_EQ(guest.phone(), "+44 20 7946 0000");
  EXPECT_EQ(guest.identity_documents_size(), 0);
  EXPECT_THAT(guest.masked_fields(), ElementsAre("identity_documents"));
  EXPECT_EQ(QueryValue(db_->url(), "SELECT created_by FROM guests"),
            QueryValue(db_->url(),
                       "SELECT 'partner:' || id || '@' || site_id "
                       "FROM partners WHERE scopes LIKE '%guests.write%'"));

  v1::CheckInRequest checkin;
  checkin.set_parent(hotel_.name());
  checkin.mutable_stay()->set_guest(guest.name());
  checkin.mutable_stay()->set_room_number("705");
  checkin.mutable_stay()->mutable_party()->set_adults(2);
  v1::Stay stay;
  ASSERT_THAT(guests().CheckIn(Ctx(pms).get(), checkin, &stay), IsOk());
  EXPECT_THAT(
      guests().CheckIn(Ctx(reader).get(), checkin, &stay),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("guests.write")));
  // The in-house list of the hotel.
  v1::ListStaysRequest in_house;
  in_house.set_site(hotel_.name());
  in_house.set_open_only(true);
  v1::ListStaysResponse listed;
  ASSERT_THAT(guests().ListStays(Ctx(reader).get(), in_house, &listed), IsOk());
  ASSERT_EQ(listed.stays_size(), 1);
  EXPECT_EQ(listed.stays(0).room_number(), "705");
  EXPECT_TRUE(listed.stays(0).open());
  // The handheld's brief is for staff only.
  v1::GetRoomGuestBriefRequest brief;
  brief.set_site(hotel_.name());
  brief.set_room_number("705");
  v1::RoomGuestBrief out;
  EXPECT_THAT(guests().GetRoomGuestBrief(Ctx(pms).get(), brief, &out),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("PARTNER may not call")));
}

TEST_F(GuestsTest, ARepeatedObservationRecordsNothingNew) {
  const v1::Guest guest = Create(Named("", "Anna SCHMIDT"));
  v1::RecordObservationRequest request;
  request.set_guest(guest.name());
  request.set_note("Reads Die Zeit at breakfast");
  *request.add_preferences() =
      Pref(v1::PREFERENCE_CATEGORY_AMENITY, "newspaper", "die_zeit");
  request.set_request_id("handheld-7-0001");
  v1::RecordObservationResponse first, second;
  ASSERT_THAT(
      guests().RecordObservation(Ctx(waiter_.token).get(), request, &first),
      IsOk());
  ASSERT_THAT(
      guests().RecordObservation(Ctx(waiter_.token).get(), request, &second),
      IsOk());
  EXPECT_EQ(second.note().name(), first.note().name());
  ASSERT_EQ(second.preferences_size(), 1);
  EXPECT_EQ(second.preferences(0).name(), first.preferences(0).name());
  EXPECT_EQ(Count("guest_notes"), "1");
  EXPECT_EQ(Count("guest_preferences"), "1");
}

}  // namespace
}  // namespace concierge
