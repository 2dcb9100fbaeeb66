// The guest-profile rules without a database: the privacy table, birthdays
// across time zones, supersession, validation, merge and erasure rules.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/time/civil_time.h"
#include "server/domain/guests.h"
#include "tests/support/matchers.h"

namespace concierge {
namespace {

using ::concierge::testing::IsOk;
using ::concierge::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

absl::Time Utc(int y, int m, int d, int hh, int mm = 0) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, 0),
                         absl::UTCTimeZone());
}

absl::TimeZone Zone(const std::string& name) {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone(name, &zone)) << name;
  return zone;
}

domain::Guest FullGuest() {
  domain::Guest g;
  g.id = 7;
  g.chinese_name = "王建國";
  g.latin_name = "WANG Jianguo";
  g.address_zh = "王先生";
  g.address_en = "Mr Wang";
  g.phone = "+86 138 0000 1203";
  g.email = "wang@example.com";
  g.loyalty_number = "SV-1001";
  g.birthday = {1975, 3, 2};
  g.documents.push_back(
      {domain::IdentityDocumentType::kPassport, "CN", "hmac", "5678"});
  return g;
}

// --- privacy ---------------------------------------------------------------

TEST(GuestPrivacy, TheTableByRole) {
  for (domain::Role role : {domain::Role::kGroupAdmin, domain::Role::kAdmin,
                            domain::Role::kManager, domain::Role::kReception}) {
    const domain::GuestView v = domain::GuestViewFor(role);
    EXPECT_TRUE(v.contact && v.birth_year && v.birthday && v.identity_documents)
        << domain::RoleName(role);
  }
  const domain::GuestView supervisor =
      domain::GuestViewFor(domain::Role::kSupervisor);
  EXPECT_TRUE(supervisor.contact);
  EXPECT_FALSE(supervisor.birth_year);
  EXPECT_TRUE(supervisor.birthday);
  EXPECT_FALSE(supervisor.identity_documents);
  const domain::GuestView attendant =
      domain::GuestViewFor(domain::Role::kStaff);
  EXPECT_FALSE(attendant.contact);
  EXPECT_FALSE(attendant.birth_year);
  EXPECT_TRUE(attendant.birthday);
  EXPECT_FALSE(attendant.identity_documents);
  const domain::GuestView partner =
      domain::GuestViewFor(domain::Role::kPartner);
  EXPECT_TRUE(partner.contact && partner.birth_year);
  EXPECT_FALSE(partner.identity_documents);
  const domain::GuestView finance =
      domain::GuestViewFor(domain::Role::kFinance);
  EXPECT_FALSE(finance.contact || finance.birth_year || finance.birthday ||
               finance.identity_documents);
  const domain::GuestView resident =
      domain::GuestViewFor(domain::Role::kResident);
  EXPECT_FALSE(resident.contact || resident.birthday);
}

TEST(GuestPrivacy, AnAttendantSeesNoContactNoBirthYearNoDocuments) {
  domain::Guest g = FullGuest();
  const std::vector<std::string> masked =
      domain::MaskGuest(domain::GuestViewFor(domain::Role::kStaff), &g);
  EXPECT_THAT(masked, ElementsAre("phone", "email", "loyalty_number",
                                  "birthday.year", "identity_documents"));
  EXPECT_EQ(g.phone, "");
  EXPECT_EQ(g.email, "");
  EXPECT_EQ(g.loyalty_number, "");
  EXPECT_EQ(g.birthday.year, 0);
  EXPECT_EQ(g.birthday.month, 3);
  EXPECT_EQ(g.birthday.day, 2);
  EXPECT_THAT(g.documents, IsEmpty());
  // What the brief needs stays.
  EXPECT_EQ(g.address_zh, "王先生");
  EXPECT_EQ(g.chinese_name, "王建國");
}

TEST(GuestPrivacy, ManagersAndTheFrontDeskSeeEverything) {
  for (domain::Role role : {domain::Role::kManager, domain::Role::kReception}) {
    domain::Guest g = FullGuest();
    EXPECT_THAT(domain::MaskGuest(domain::GuestViewFor(role), &g), IsEmpty());
    EXPECT_EQ(g.phone, "+86 138 0000 1203");
    EXPECT_EQ(g.birthday.year, 1975);
    ASSERT_EQ(g.documents.size(), 1u);
    EXPECT_EQ(g.documents[0].number_last4, "5678");
  }
}

TEST(GuestPrivacy, SupervisorsSeeContactButNotTheBirthYear) {
  domain::Guest g = FullGuest();
  EXPECT_THAT(
      domain::MaskGuest(domain::GuestViewFor(domain::Role::kSupervisor), &g),
      ElementsAre("birthday.year", "identity_documents"));
  EXPECT_EQ(g.phone, "+86 138 0000 1203");
  EXPECT_EQ(g.birthday.year, 0);
  EXPECT_EQ(g.birthday.month, 3);
}

TEST(GuestPrivacy, MaskedFieldsAreListedEvenWhenEmpty) {
  domain::Guest g;  // no phone at all: the list must not reveal that
  EXPECT_THAT(domain::MaskGuest(domain::GuestViewFor(domain::Role::kStaff), &g),
              ElementsAre("phone", "email", "loyalty_number", "birthday.year",
                          "identity_documents"));
  domain::Guest f;
  EXPECT_THAT(
      domain::MaskGuest(domain::GuestViewFor(domain::Role::kFinance), &f),
      ElementsAre("phone", "email", "loyalty_number", "birthday",
                  "identity_documents"));
}

TEST(GuestPrivacy, AskingExplicitlyForWithheldFieldsIsDenied) {
  EXPECT_THAT(domain::CheckMayRead(domain::Role::kStaff, "read_mask", "phone"),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("read_mask: role STAFF may not read phone")));
  EXPECT_THAT(
      domain::CheckMayRead(domain::Role::kStaff, "read_mask", "birthday.year"),
      StatusIs(absl::StatusCode::kPermissionDenied,
               HasSubstr("birthday.year")));
  EXPECT_THAT(
      domain::CheckMayRead(domain::Role::kStaff, "read_mask", "birthday.month"),
      IsOk());
  EXPECT_THAT(
      domain::CheckMayRead(domain::Role::kSupervisor, "read_mask",
                           "birthday.year"),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("SUPERVISOR")));
  EXPECT_THAT(domain::CheckMayRead(domain::Role::kSupervisor, "phone", "phone"),
              IsOk());
  EXPECT_THAT(domain::CheckMayRead(domain::Role::kSupervisor, "read_mask",
                                   "identity_documents.number_last4"),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("identity_documents")));
  EXPECT_THAT(domain::CheckMayRead(domain::Role::kReception, "read_mask",
                                   "identity_documents"),
              IsOk());
  EXPECT_THAT(
      domain::CheckMayRead(domain::Role::kFinance, "read_mask", "birthday"),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("birthday")));
  EXPECT_THAT(
      domain::CheckMayRead(domain::Role::kStaff, "read_mask", "chinese_name"),
      IsOk());
}

// --- birthdays
// --------------------------------------------------------------------

TEST(Birthday, TodayInShanghaiButNotYetInUtc) {
  // 2026-03-01 17:30 UTC is 2026-03-02 01:30 in Asia/Shanghai.
  const absl::Time now = Utc(2026, 3, 1, 17, 30);
  EXPECT_TRUE(domain::IsBirthdayToday(3, 2, now, Zone("Asia/Shanghai")));
  EXPECT_FALSE(domain::IsBirthdayToday(3, 2, now, absl::UTCTimeZone()));
  EXPECT_TRUE(domain::IsBirthdayToday(3, 1, now, absl::UTCTimeZone()));
  EXPECT_FALSE(domain::IsBirthdayToday(3, 1, now, Zone("Asia/Shanghai")));
  // And west of UTC it is still the day before.
  EXPECT_FALSE(domain::IsBirthdayToday(3, 2, Utc(2026, 3, 2, 3),
                                       Zone("America/New_York")));
  EXPECT_TRUE(domain::IsBirthdayToday(3, 1, Utc(2026, 3, 2, 3),
                                      Zone("America/New_York")));
}

TEST(Birthday, TheTwentyNinthOfFebruary) {
  const absl::TimeZone shanghai = Zone("Asia/Shanghai");
  // 2027 is a common year: celebrated on the 28th.
  EXPECT_TRUE(domain::IsBirthdayToday(2, 29, Utc(2027, 2, 28, 4), shanghai));
  // 2028 is a leap year: on the 29th only.
  EXPECT_FALSE(domain::IsBirthdayToday(2, 29, Utc(2028, 2, 28, 4), shanghai));
  EXPECT_TRUE(domain::IsBirthdayToday(2, 29, Utc(2028, 2, 29, 4), shanghai));
  EXPECT_FALSE(domain::IsBirthdayToday(2, 28, Utc(2028, 2, 29, 4), shanghai));
}

TEST(Birthday, NoBirthdayIsNeverToday) {
  EXPECT_FALSE(
      domain::IsBirthdayToday(0, 0, Utc(2026, 3, 2, 4), absl::UTCTimeZone()));
}

TEST(Regular, DerivedFromCompletedStays) {
  EXPECT_FALSE(domain::IsRegular(0));
  EXPECT_FALSE(domain::IsRegular(domain::kRegularMinCompletedStays - 1));
  EXPECT_TRUE(domain::IsRegular(domain::kRegularMinCompletedStays));
}

// --- preferences
// ------------------------------------------------------------------

TEST(Preferences, ANewerDifferentFactSupersedesTheSameDoesNot) {
  domain::Preference current;
  current.category = domain::PreferenceCategory::kRoom;
  current.key = "room_temperature_c";
  current.value = "23";
  current.source = domain::PreferenceSource::kStated;
  domain::Preference incoming = current;
  EXPECT_TRUE(domain::PreferenceChanges(std::nullopt, incoming));
  EXPECT_FALSE(domain::PreferenceChanges(current, incoming));
  incoming.value = "26";
  EXPECT_TRUE(domain::PreferenceChanges(current, incoming));
  incoming.value = "23";
  incoming.source = domain::PreferenceSource::kLearned;
  EXPECT_TRUE(domain::PreferenceChanges(current, incoming));
}

TEST(Preferences, KeysAreLowerSnakeAndValuesOneLine) {
  domain::Preference p;
  p.key = "curtains";
  p.value = "gap";
  EXPECT_THAT(domain::ValidatePreference("preferences[0]", p), IsOk());
  p.key = "Curtains";
  EXPECT_THAT(domain::ValidatePreference("preferences[0]", p),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("preferences[0].key")));
  p.key = "curtains";
  p.value = "";
  EXPECT_THAT(domain::ValidatePreference("preferences[0]", p),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("preferences[0].value: is required")));
  p.value = "gap\nwide";
  EXPECT_THAT(domain::ValidatePreference("preferences[0]", p),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("preferences[0].value")));
}

// --- validation
// ------------------------------------------------------------------------

TEST(GuestValidation, NamesTheField) {
  const absl::Time now = Utc(2026, 3, 2, 1);
  domain::Guest g = FullGuest();
  EXPECT_THAT(domain::ValidateGuest("guest", g, now), IsOk());
  domain::Guest nameless = g;
  nameless.chinese_name = "";
  nameless.latin_name = "  ";
  EXPECT_THAT(domain::ValidateGuest("guest", nameless, now),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("guest.chinese_name")));
  domain::Guest latin_only = nameless;
  latin_only.latin_name = "Anna SCHMIDT";
  EXPECT_THAT(domain::ValidateGuest("guest", latin_only, now), IsOk());
  domain::Guest bad = g;
  bad.phone = "call me";
  EXPECT_THAT(
      domain::ValidateGuest("guest", bad, now),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("guest.phone")));
  bad = g;
  bad.email = "wang@";
  EXPECT_THAT(
      domain::ValidateGuest("guest", bad, now),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("guest.email")));
  bad = g;
  bad.vip_level = 6;
  EXPECT_THAT(domain::ValidateGuest("guest", bad, now),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("guest.vip_level")));
  bad = g;
  bad.language = "chinese please";
  EXPECT_THAT(domain::ValidateGuest("guest", bad, now),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("guest.language")));
  bad = g;
  bad.loyalty_number = "SV 1001";
  EXPECT_THAT(domain::ValidateGuest("guest", bad, now),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("guest.loyalty_number")));
  bad = g;
  bad.birthday = {1975, 2, 30};
  EXPECT_THAT(domain::ValidateGuest("guest", bad, now),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("guest.birthday.day")));
  bad.birthday = {0, 2, 29};  // no year: 29 February is possible
  EXPECT_THAT(domain::ValidateGuest("guest", bad, now), IsOk());
  bad.birthday = {2027, 1, 1};
  EXPECT_THAT(domain::ValidateGuest("guest", bad, now),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("guest.birthday.year")));
  bad.birthday = {1975, 13, 1};
  EXPECT_THAT(domain::ValidateGuest("guest", bad, now),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("guest.birthday.month")));
}

TEST(StayValidation, RoomsPartiesAndAStayThatEndsBeforeItStarts) {
  EXPECT_THAT(domain::ValidateRoomNumber("room_number", "1203"), IsOk());
  EXPECT_THAT(domain::ValidateRoomNumber("room_number", "B-12"), IsOk());
  EXPECT_THAT(
      domain::ValidateRoomNumber("room_number", ""),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("room_number")));
  EXPECT_THAT(
      domain::ValidateRoomNumber("room_number", "12 03"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("room_number")));
  EXPECT_THAT(domain::ValidateParty("stay.party", {0, 0, 0}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("stay.party.adults")));
  EXPECT_THAT(domain::ValidateParty("stay.party", {2, 0, -1}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("stay.party.infants")));
  EXPECT_THAT(domain::ValidateParty("stay.party", {2, 1, 1}), IsOk());

  domain::Stay stay;
  stay.check_in_time = Utc(2026, 3, 2, 6);
  stay.expected_check_out_time = Utc(2026, 3, 1, 4);
  EXPECT_THAT(domain::ValidateStayTimes("stay", stay),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("stay.expected_check_out_time: the stay would "
                                 "end before it starts")));
  stay.expected_check_out_time = Utc(2026, 3, 4, 4);
  EXPECT_THAT(domain::ValidateStayTimes("stay", stay), IsOk());
  stay.check_out_time = Utc(2026, 3, 2, 5);
  EXPECT_THAT(domain::ValidateStayTimes("", stay),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("check_out_time: the stay would end")));
}

TEST(ConsumptionValidation, AmountsArePositiveInTheSiteCurrency) {
  domain::ConsumptionEntry e;
  e.description = "2 x Tsingtao";
  e.amount = {"CNY", 3000};
  EXPECT_THAT(domain::ValidateConsumption("entry", e, "CNY"), IsOk());
  e.amount.minor = 0;
  EXPECT_THAT(domain::ValidateConsumption("entry", e, "CNY"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("entry.amount.minor_units")));
  e.amount = {"USD", 100};
  EXPECT_THAT(domain::ValidateConsumption("entry", e, "CNY"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("entry.amount.currency_code")));
  e.amount = {"CNY", 100};
  e.description = "";
  EXPECT_THAT(domain::ValidateConsumption("entry", e, "CNY"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("entry.description")));
}

// --- identity documents
// ----------------------------------------------------------------

TEST(IdentityDocuments, NormalisedHashedAndNeverKeptInClear) {
  auto number = domain::NormalizeDocumentNumber("n", "e 1234-5678");
  ASSERT_TRUE(number.ok());
  EXPECT_EQ(*number, "E12345678");
  EXPECT_THAT(domain::NormalizeDocumentNumber(
                  "guest.identity_documents[0].number", "12"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("guest.identity_documents[0].number")));
  EXPECT_THAT(domain::NormalizeDocumentNumber("n", "E1234/5678"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("n:")));

  const domain::IdentityDocument a = domain::MakeIdentityDocument(
      "pepper-1", domain::IdentityDocumentType::kPassport, "CN", "E12345678");
  EXPECT_EQ(a.number_last4, "5678");
  EXPECT_EQ(a.number_hmac.find("E12345678"), std::string::npos);
  EXPECT_EQ(a.number_hmac.size(), 43u);  // 32 bytes, base64url
  EXPECT_EQ(domain::MakeIdentityDocument(
                "pepper-1", domain::IdentityDocumentType::kPassport, "CN",
                "E12345678")
                .number_hmac,
            a.number_hmac);
  EXPECT_NE(domain::MakeIdentityDocument(
                "pepper-2", domain::IdentityDocumentType::kPassport, "CN",
                "E12345678")
                .number_hmac,
            a.number_hmac);
  EXPECT_NE(domain::MakeIdentityDocument(
                "pepper-1", domain::IdentityDocumentType::kNationalId, "CN",
                "E12345678")
                .number_hmac,
            a.number_hmac);
  EXPECT_THAT(domain::ValidateCountryCode("c", "CN"), IsOk());
  EXPECT_THAT(domain::ValidateCountryCode("c", "cn"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("c:")));
}

// --- who may charge
// ----------------------------------------------------------------------

TEST(Consumption, WhichDepartmentsMayChargeAStay) {
  EXPECT_TRUE(
      domain::MayRecordConsumption(domain::Role::kStaff, "FOOD_AND_BEVERAGE"));
  EXPECT_TRUE(
      domain::MayRecordConsumption(domain::Role::kStaff, "HOUSEKEEPING"));
  EXPECT_TRUE(
      domain::MayRecordConsumption(domain::Role::kSupervisor, "FRONT_DESK"));
  EXPECT_FALSE(
      domain::MayRecordConsumption(domain::Role::kStaff, "ENGINEERING"));
  EXPECT_FALSE(domain::MayRecordConsumption(domain::Role::kStaff, ""));
  EXPECT_FALSE(domain::MayRecordConsumption(domain::Role::kFinance, ""));
  EXPECT_TRUE(domain::MayRecordConsumption(domain::Role::kReception, ""));
  EXPECT_TRUE(domain::MayRecordConsumption(domain::Role::kManager, ""));
}

// --- merge and erasure
// ---------------------------------------------------------------------

TEST(Merge, TheSurvivorWinsAndItsGapsAreFilled) {
  domain::Guest survivor;
  survivor.id = 1;
  survivor.latin_name = "WANG Jianguo";
  survivor.phone = "138 0000 0001";
  survivor.vip_level = 1;
  survivor.birthday = {0, 3, 2};
  survivor.accessibility = {domain::AccessibilityNeed::kWheelchair};
  domain::Guest duplicate;
  duplicate.id = 2;
  duplicate.chinese_name = "王建國";
  duplicate.latin_name = "Wang J.";
  duplicate.phone = "139 9999 9999";
  duplicate.email = "wang@example.com";
  duplicate.loyalty_number = "SV-1001";
  duplicate.vip_level = 3;
  duplicate.birthday = {1975, 3, 2};
  duplicate.accessibility = {domain::AccessibilityNeed::kHearingImpairment,
                             domain::AccessibilityNeed::kWheelchair};
  const domain::Guest merged = domain::MergeProfiles(survivor, duplicate);
  EXPECT_EQ(merged.id, 1);
  EXPECT_EQ(merged.latin_name, "WANG Jianguo");
  EXPECT_EQ(merged.chinese_name, "王建國");
  EXPECT_EQ(merged.phone, "138 0000 0001");
  EXPECT_EQ(merged.email, "wang@example.com");
  EXPECT_EQ(merged.loyalty_number, "SV-1001");
  EXPECT_EQ(merged.vip_level, 3);
  EXPECT_EQ(merged.birthday.year, 1975);
  EXPECT_THAT(merged.accessibility,
              ElementsAre(domain::AccessibilityNeed::kWheelchair,
                          domain::AccessibilityNeed::kHearingImpairment));
}

TEST(Erasure, OnlyPlainTokenPreferenceValuesSurvive) {
  for (const char* kept :
       {"gap", "26", "true", "feather_free", "1.5", "low-foam"}) {
    EXPECT_TRUE(domain::IsAnonymousPreferenceValue(kept)) << kept;
  }
  for (const char* blanked :
       {"", "Mr Wang's wife is allergic", "王先生", "Gap",
        "call 13800001203 first", "a_very_long_value_that_goes_on_and_on"}) {
    EXPECT_FALSE(domain::IsAnonymousPreferenceValue(blanked)) << blanked;
  }
}

}  // namespace
}  // namespace concierge
