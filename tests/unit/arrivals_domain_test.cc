// Reservations and what to prepare before an arrival (server/domain/
// arrivals.h): validation naming the field, the one transition table, and
// the hotel's STANDING rules applied ahead of the stay.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "server/common/embedded_file.h"
#include "server/domain/arrivals.h"
#include "server/domain/housekeeping_rules.h"
#include "tests/support/matchers.h"

namespace concierge {
namespace {

using ::concierge::testing::IsOk;
using ::concierge::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr absl::CivilDay kToday(2026, 3, 10);

domain::Reservation Booked() {
  domain::Reservation r;
  r.site_id = 1;
  r.id = 7;
  r.guest_id = 3;
  r.arrival_date = kToday + 1;
  r.departure_date = kToday + 4;
  r.room_type = "KING";
  r.party = {2, 0, 0};
  return r;
}

struct Defaults {
  domain::Vocabulary vocabulary;
  std::vector<domain::Rule> rules;
};

// The shipped default rules (db/seed), as a new hotel has them.
Defaults LoadDefaults() {
  auto seed = domain::ParseHousekeepingSeed(
      embedded::SeedFile("housekeeping_observations.tsv"),
      embedded::SeedFile("housekeeping_actions.tsv"),
      embedded::SeedFile("housekeeping_rules.tsv"));
  EXPECT_THAT(seed.status(), IsOk());
  Defaults d;
  if (!seed.ok()) return d;
  d.vocabulary.observations = seed->observations;
  d.vocabulary.actions = seed->actions;
  d.rules = seed->rules;
  return d;
}

std::vector<std::string> Codes(const std::vector<domain::ActionSuggestion>& s) {
  std::vector<std::string> out;
  for (const auto& a : s) out.push_back(a.action.code);
  return out;
}

TEST(ReservationValidation, AcceptsABookingAndNamesEachBadField) {
  EXPECT_THAT(domain::ValidateReservation("reservation", Booked(), kToday),
              IsOk());
  // A guest arriving after midnight is still entered the day before.
  domain::Reservation late = Booked();
  late.arrival_date = kToday - 1;
  EXPECT_THAT(domain::ValidateReservation("reservation", late, kToday), IsOk());

  struct Case {
    void (*change)(domain::Reservation&);
    const char* field;
  };
  const Case cases[] = {
      {[](domain::Reservation& r) { r.arrival_date = kToday - 2; },
       "reservation.arrival_date"},
      {[](domain::Reservation& r) {
         r.arrival_date = kToday + 400;
         r.departure_date = kToday + 401;
       },
       "reservation.arrival_date"},
      {[](domain::Reservation& r) { r.departure_date = r.arrival_date; },
       "reservation.departure_date"},
      {[](domain::Reservation& r) { r.departure_date = r.arrival_date + 91; },
       "reservation.departure_date"},
      {[](domain::Reservation& r) { r.room_type = "king size"; },
       "reservation.room_type"},
      {[](domain::Reservation& r) { r.room_type = std::string(33, 'K'); },
       "reservation.room_type"},
      {[](domain::Reservation& r) {
         r.room_type.clear();
         r.room_number.clear();
       },
       "reservation.room_type"},
      {[](domain::Reservation& r) { r.room_number = "12/03"; },
       "reservation.room_number"},
      {[](domain::Reservation& r) { r.party.adults = 0; }, "reservation.party"},
      {[](domain::Reservation& r) { r.party.infants = 11; },
       "reservation.party"},
      {[](domain::Reservation& r) { r.notes = std::string(4001, 'x'); },
       "reservation.notes"},
      {[](domain::Reservation& r) { r.notes = "bad\x01"; },
       "reservation.notes"},
  };
  for (const Case& c : cases) {
    domain::Reservation r = Booked();
    c.change(r);
    EXPECT_THAT(
        domain::ValidateReservation("reservation", r, kToday),
        StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.field)))
        << c.field;
  }
}

TEST(ReservationValidation, DatesAreYearMonthDay) {
  EXPECT_THAT(domain::ParseReservationDate("arrival_date", "2026-03-11"),
              IsOk());
  for (const char* bad : {"", "2026-3-11", "2026-02-30", "tomorrow",
                          "2026-03-11T00:00", "11/03/2026"}) {
    EXPECT_THAT(
        domain::ParseReservationDate("arrival_date", bad),
        StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("arrival_date")))
        << bad;
  }
}

TEST(ReservationStates, OneTableDecidesEveryMove) {
  using domain::ReservationMove;
  using domain::ReservationState;
  const auto ok = [](ReservationState s, ReservationMove m) {
    return domain::CheckReservationMove("name", "sites/1/reservations/7", s, m)
        .ok();
  };
  EXPECT_TRUE(ok(ReservationState::kBooked, ReservationMove::kUpdate));
  EXPECT_TRUE(ok(ReservationState::kBooked, ReservationMove::kCancel));
  EXPECT_TRUE(ok(ReservationState::kBooked, ReservationMove::kCheckIn));
  EXPECT_TRUE(ok(ReservationState::kBooked, ReservationMove::kMarkPrepared));
  // Prepared after check-in counts as after arrival.
  EXPECT_TRUE(ok(ReservationState::kCheckedIn, ReservationMove::kMarkPrepared));
  for (ReservationMove m : {ReservationMove::kUpdate, ReservationMove::kCancel,
                            ReservationMove::kCheckIn}) {
    EXPECT_FALSE(ok(ReservationState::kCheckedIn, m));
  }
  for (ReservationMove m :
       {ReservationMove::kUpdate, ReservationMove::kCancel,
        ReservationMove::kCheckIn, ReservationMove::kMarkPrepared}) {
    EXPECT_THAT(domain::CheckReservationMove("name", "sites/1/reservations/7",
                                             ReservationState::kCancelled, m),
                StatusIs(absl::StatusCode::kFailedPrecondition,
                         HasSubstr("sites/1/reservations/7 is CANCELLED")));
  }
  EXPECT_EQ(
      domain::StateAfter(ReservationState::kBooked, ReservationMove::kCheckIn),
      ReservationState::kCheckedIn);
  EXPECT_EQ(
      domain::StateAfter(ReservationState::kBooked, ReservationMove::kCancel),
      ReservationState::kCancelled);
  for (ReservationState s :
       {ReservationState::kBooked, ReservationState::kCheckedIn,
        ReservationState::kCancelled}) {
    EXPECT_EQ(domain::ReservationStateFromName(domain::ReservationStateName(s)),
              s);
  }
  EXPECT_TRUE(domain::MarkedBeforeArrival(ReservationState::kBooked));
  EXPECT_FALSE(domain::MarkedBeforeArrival(ReservationState::kCheckedIn));
}

TEST(Preparations, TheStandingRulesApplyAheadOfTheStay) {
  const Defaults d = LoadDefaults();
  domain::Guest guest;
  guest.id = 3;
  domain::Reservation plain = Booked();
  // Nothing known: nothing to prepare.
  EXPECT_THAT(
      domain::PreparationsFor(plain, domain::ArrivalContext(guest, {}, plain),
                              d.rules, d.vocabulary),
      IsEmpty());
  // An infant in the booked party: a crib, from the party alone.
  domain::Reservation family = Booked();
  family.party = {2, 0, 1};
  const auto crib = domain::PreparationsFor(
      family, domain::ArrivalContext(guest, {}, family), d.rules, d.vocabulary);
  EXPECT_THAT(Codes(crib), ElementsAre("PLACE_BABY_CRIB"));
  // A returning guest's standing preferences.
  std::vector<domain::Preference> prefs(1);
  prefs[0].category = domain::PreferenceCategory::kRoom;
  prefs[0].key = "curtains";
  prefs[0].value = "gap";
  const auto gap = domain::PreparationsFor(
      plain, domain::ArrivalContext(guest, prefs, plain), d.rules,
      d.vocabulary);
  ASSERT_THAT(Codes(gap), ElementsAre("TURNDOWN_LEAVE_CURTAIN_GAP"));
  EXPECT_THAT(gap[0].reasons[0].facts, ElementsAre("ROOM:curtains=gap"));
  // A cancelled reservation needs nothing.
  domain::Reservation cancelled = family;
  cancelled.state = domain::ReservationState::kCancelled;
  EXPECT_THAT(domain::PreparationsFor(
                  cancelled, domain::ArrivalContext(guest, {}, cancelled),
                  d.rules, d.vocabulary),
              IsEmpty());
}

TEST(Preparations, AHotelsOwnStandingRuleForAFeatherFreePillow) {
  Defaults d = LoadDefaults();
  domain::ActionDefinition pillow;
  pillow.code = "PREPARE_FEATHER_FREE_PILLOW";
  pillow.title_zh = "換上無羽絨枕頭";
  pillow.title_en = "Feather-free pillows";
  pillow.department_code = "HOUSEKEEPING";
  d.vocabulary.actions.push_back(pillow);
  domain::Rule rule;
  rule.code = "STANDING_FEATHER_FREE_PILLOW";
  rule.title_zh = "客人要無羽絨枕頭";
  rule.title_en = "Feather-free pillows";
  rule.trigger = domain::RuleTrigger::kStanding;
  rule.profile.preferences = {
      {domain::PreferenceCategory::kAmenity, "pillow", "feather_free"}};
  rule.actions = {pillow.code};
  ASSERT_THAT(domain::ValidateRule("rule", rule, d.vocabulary), IsOk());
  d.rules.push_back(rule);

  domain::Guest guest;
  guest.vip_level = 3;
  std::vector<domain::Preference> prefs(1);
  prefs[0].category = domain::PreferenceCategory::kAmenity;
  prefs[0].key = "pillow";
  prefs[0].value = "feather_free";
  domain::Reservation r = Booked();
  r.party = {1, 0, 1};
  const domain::GuestContext context = domain::ArrivalContext(guest, prefs, r);
  EXPECT_EQ(context.vip_level, 3);
  EXPECT_TRUE(context.travelling_with_infant());
  EXPECT_THAT(Codes(domain::PreparationsFor(r, context, d.rules, d.vocabulary)),
              ElementsAre("PLACE_BABY_CRIB", "PREPARE_FEATHER_FREE_PILLOW"));
}

TEST(Preparations, BirthdayIsTheArrivalDatesAndCountsAddUp) {
  domain::Guest guest;
  guest.birthday = {1980, 3, 11};
  EXPECT_TRUE(domain::ArrivalContext(guest, {}, Booked()).birthday_today);
  guest.birthday = {1980, 3, 10};
  EXPECT_FALSE(domain::ArrivalContext(guest, {}, Booked()).birthday_today);

  domain::PreparationCounts counts;
  domain::PreparationMark before, after;
  before.before_arrival = true;
  counts.Add(&before);
  counts.Add(&after);
  counts.Add(nullptr);
  counts.Add(nullptr);
  EXPECT_EQ(counts.total, 4);
  EXPECT_EQ(counts.done_before_arrival, 1);
  EXPECT_EQ(counts.done_after_arrival, 1);
  EXPECT_EQ(counts.not_done, 2);
}

}  // namespace
}  // namespace concierge
