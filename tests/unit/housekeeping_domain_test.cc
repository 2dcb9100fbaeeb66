// The housekeeping rules engine and the room action state machine, without
// a database: the default rules against every case of the seed, dedup,
// numbers and profile context, rule validation, the standing checklist,
// empowerment and every move of the action state machine.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "absl/time/civil_time.h"
#include "server/common/embedded_file.h"
#include "server/domain/housekeeping.h"
#include "server/domain/housekeeping_rules.h"
#include "tests/support/housekeeping_cases.h"
#include "tests/support/matchers.h"

namespace concierge {
namespace {

using ::concierge::testing::HousekeepingCase;
using ::concierge::testing::IsOk;
using ::concierge::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAreArray;

// The default set as a site gets it, ids in creation order.
struct Defaults {
  domain::Vocabulary vocabulary;
  std::vector<domain::Rule> rules;
};

Defaults LoadDefaults() {
  auto seed = domain::ParseHousekeepingSeed(
      embedded::SeedFile("housekeeping_observations.tsv"),
      embedded::SeedFile("housekeeping_actions.tsv"),
      embedded::SeedFile("housekeeping_rules.tsv"));
  EXPECT_TRUE(seed.ok()) << seed.status();
  Defaults d;
  if (!seed.ok()) return d;
  d.vocabulary.observations = seed->observations;
  d.vocabulary.actions = seed->actions;
  for (domain::ActionDefinition& a : d.vocabulary.actions)
    a.cost.currency = "CNY";
  d.rules = seed->rules;
  for (size_t i = 0; i < d.rules.size(); ++i) d.rules[i].id = 100 + i;
  return d;
}

std::vector<domain::Observation> Parse(const std::vector<std::string>& tokens) {
  std::vector<domain::Observation> out;
  for (const std::string& t : tokens) {
    auto o = domain::ParseObservation("observation", t);
    EXPECT_TRUE(o.ok()) << t << ": " << o.status();
    if (o.ok()) out.push_back(*o);
  }
  return out;
}

std::vector<std::string> Codes(
    const std::vector<domain::ActionSuggestion>& suggestions) {
  std::vector<std::string> codes;
  for (const domain::ActionSuggestion& s : suggestions)
    codes.push_back(s.action.code);
  return codes;
}

const domain::ActionSuggestion* Find(
    const std::vector<domain::ActionSuggestion>& suggestions,
    absl::string_view code) {
  for (const domain::ActionSuggestion& s : suggestions) {
    if (s.action.code == code) return &s;
  }
  return nullptr;
}

domain::GuestContext Guest(bool birthday = false) {
  domain::GuestContext g;
  g.has_guest = true;
  g.birthday_today = birthday;
  return g;
}

// --- the default rules against the seed's cases ------------------------------

// Found by fuzz/housekeeping_rules_fuzzer (input "A<=0.0000001"): numbers
// were written with 6 decimals, so a rule stored "AC_SETPOINT<=0.0000001"
// as "AC_SETPOINT<=0" and fired on 0.00000005 after a reload.
TEST(HousekeepingNumbers, ConditionsAndObservationsSurviveTheirStoredText) {
  for (double v : {1e-7, 23.0000001, -0.5, 1e6, 0.1 + 0.2, 24.0}) {
    const domain::NumericCondition c{"AC_SETPOINT",
                                     domain::Comparison::kLessOrEqual, v};
    auto back = domain::ParseCondition("numeric", domain::FormatCondition(c));
    ASSERT_TRUE(back.ok()) << domain::FormatCondition(c);
    EXPECT_EQ(*back, c) << domain::FormatCondition(c);
    const domain::Observation o{"AC_SETPOINT", v};
    auto seen =
        domain::ParseObservation("observations", domain::FormatObservation(o));
    ASSERT_TRUE(seen.ok()) << domain::FormatObservation(o);
    EXPECT_EQ(*seen, o) << domain::FormatObservation(o);
  }
  EXPECT_EQ(
      domain::FormatCondition({"A", domain::Comparison::kLessOrEqual, 1e-7}),
      "A<=0.0000001");
  EXPECT_EQ(domain::FormatObservation({"AC_SETPOINT", -0.0}), "AC_SETPOINT(0)");
}

TEST(HousekeepingSeed, ParsesAndSpeaksThePublicVocabulary) {
  const Defaults d = LoadDefaults();
  EXPECT_EQ(d.vocabulary.observations.size(), 17u);
  EXPECT_EQ(d.vocabulary.actions.size(), 21u);
  EXPECT_GE(d.rules.size(), 15u);
  // DOMAIN.md's codes, every one.
  for (const char* code :
       {"DEVICES_CROWD_ONE_TABLE", "PAPERS_SPREAD_ON_DESK", "BIN_OUT_OF_PLACE",
        "USED_TISSUES_MANY", "AC_OFF", "AC_SETPOINT", "BEDSPREAD_OVER_BLANKET",
        "GIFT_IN_ROOM", "OPENED_DRINKS", "CURTAIN_GAP_LEFT",
        "DEVICE_LEFT_RUNNING", "CHAIR_AGAINST_BED", "PLASTIC_SHEET_ON_BED",
        "BABY_CLOTHES_DRYING", "SOILED_BEDDING", "THERMOS_UNCAPPED",
        "WHOLE_FRUIT_IN_ROOM"}) {
    EXPECT_NE(d.vocabulary.FindObservation(code), nullptr) << code;
  }
  EXPECT_TRUE(d.vocabulary.FindObservation("AC_SETPOINT")->takes_number);
  EXPECT_TRUE(d.vocabulary.FindObservation("OPENED_DRINKS")->takes_number);
  EXPECT_FALSE(d.vocabulary.FindObservation("AC_OFF")->takes_number);
  // Restocking is no sale: what is drunk is charged from a count.
  const domain::ActionDefinition* minibar =
      d.vocabulary.FindAction("RESTOCK_MINIBAR");
  ASSERT_NE(minibar, nullptr);
  EXPECT_FALSE(minibar->is_sale);
  EXPECT_EQ(minibar->cost.minor, 0);
  EXPECT_EQ(minibar->minibar_item, "BEER");
  const domain::ActionDefinition* ac =
      d.vocabulary.FindAction("TURNDOWN_SET_AC_26");
  ASSERT_NE(ac, nullptr);
  EXPECT_TRUE(ac->for_next_shift);
  ASSERT_TRUE(ac->teaches.has_value());
  EXPECT_EQ(domain::FormatFact(*ac->teaches), "ROOM:room_temperature_c=26");
  EXPECT_TRUE(d.vocabulary.FindAction("CALL_DOCTOR")->department_task);
  EXPECT_EQ(d.vocabulary.FindAction("CALL_DOCTOR")->department_code,
            "FRONT_DESK");
  for (const domain::ActionDefinition& a : d.vocabulary.actions) {
    EXPECT_FALSE(a.title_zh.empty()) << a.code;
    EXPECT_FALSE(a.title_en.empty()) << a.code;
  }
}

TEST(HousekeepingSeed, EveryCaseOfTheSeedGetsExactlyItsActions) {
  const Defaults d = LoadDefaults();
  const std::vector<HousekeepingCase> cases =
      ::concierge::testing::LoadHousekeepingCases();
  ASSERT_EQ(cases.size(), 13u) << ::concierge::testing::HousekeepingCasesPath();
  for (const HousekeepingCase& c : cases) {
    const std::vector<domain::Observation> observations = Parse(c.observations);
    ASSERT_THAT(domain::ValidateObservations("observations", observations,
                                             d.vocabulary),
                IsOk())
        << "line " << c.line;
    const auto suggestions = domain::SuggestActions(
        observations, Guest(c.birthday_today()), d.rules, d.vocabulary);
    const std::set<std::string> expected =
        ::concierge::testing::ExpectedActions(cases, c);
    EXPECT_THAT(Codes(suggestions), UnorderedElementsAreArray(expected))
        << "line " << c.line << " (" << c.room << ")";
    for (const std::string& code : c.expected) {
      const domain::ActionSuggestion* s = Find(suggestions, code);
      ASSERT_NE(s, nullptr) << code;
      EXPECT_FALSE(s->reasons.empty()) << code;
    }
  }
}

TEST(HousekeepingSeed, ThePart2RoomAsOneVisitGivesEveryActionOnce) {
  const Defaults d = LoadDefaults();
  std::vector<std::string> tokens;
  std::vector<std::string> expected;
  for (const HousekeepingCase& c :
       ::concierge::testing::LoadHousekeepingCases()) {
    if (c.room != "room-1") continue;
    for (const auto& o : c.observations) {
      if (std::find(tokens.begin(), tokens.end(), o) == tokens.end()) {
        tokens.push_back(o);
      }
    }
    for (const auto& a : c.expected) {
      if (std::find(expected.begin(), expected.end(), a) == expected.end()) {
        expected.push_back(a);
      }
    }
  }
  ASSERT_EQ(tokens.size(), 7u);
  const auto suggestions =
      domain::SuggestActions(Parse(tokens), Guest(true), d.rules, d.vocabulary);
  EXPECT_THAT(Codes(suggestions), UnorderedElementsAreArray(expected));
  EXPECT_EQ(Codes(suggestions).size(), expected.size());  // once each
}

TEST(HousekeepingSeed, CasesFileMatchesTheSharedData) {
  const std::string shared = ::concierge::testing::ReadWholeFile(
      CONCIERGE_SOURCE_DIR "/../shared/data/housekeeping_cases.tsv");
  if (shared.empty()) GTEST_SKIP() << "shared data not beside this checkout";
  EXPECT_EQ(shared, ::concierge::testing::ReadWholeFile(
                        ::concierge::testing::HousekeepingCasesPath()));
}

TEST(HousekeepingSeed, RefusesARuleThatSuggestsAnUnknownAction) {
  const std::string observations = "h\nAC_OFF\t0\t\t關\toff\n";
  const std::string actions =
      "h\nADD_BLANKET\t毯\tblanket\tHOUSEKEEPING\t0\t0\t0\t0\t-\t-\t-\t0\n";
  EXPECT_THAT(
      domain::ParseHousekeepingSeed(observations, actions,
                                    "h\nR\tOBSERVATION\tAC_OFF\t-\t-\t-\t"
                                    "ADD_BLANKET\t冷\tcold\n"),
      IsOk());
  EXPECT_THAT(domain::ParseHousekeepingSeed(
                  observations, actions,
                  "h\nR\tOBSERVATION\tAC_OFF\t-\t-\t-\tNOPE\t冷\tcold\n")
                  .status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("NOPE")));
  EXPECT_THAT(domain::ParseHousekeepingSeed(observations, actions, "h\nR\tX\n")
                  .status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("row 1")));
}

// --- dedup, numbers, context -------------------------------------------------

TEST(HousekeepingRules, TwoRulesSuggestingOneActionGiveOneWithBothReasons) {
  const Defaults d = LoadDefaults();
  const auto suggestions = domain::SuggestActions(
      Parse({"USED_TISSUES_MANY", "AC_OFF"}), Guest(), d.rules, d.vocabulary);
  EXPECT_THAT(Codes(suggestions),
              ElementsAre("ADD_TISSUE_BOX", "BOIL_WATER", "ADD_BLANKET",
                          "LEAVE_CARE_CARD"));
  const domain::ActionSuggestion* tissues = Find(suggestions, "ADD_TISSUE_BOX");
  ASSERT_EQ(tissues->reasons.size(), 2u);
  EXPECT_EQ(tissues->reasons[0].rule_code, "TISSUES_RUNNING_OUT");
  EXPECT_EQ(tissues->reasons[1].rule_code, "GUEST_MAY_HAVE_A_COLD");
  EXPECT_THAT(
      tissues->reasons[1].observations,
      ElementsAre(domain::Observation{"USED_TISSUES_MANY", std::nullopt},
                  domain::Observation{"AC_OFF", std::nullopt}));
  // The blanket of a cold guest and of a cold bed is one blanket.
  const auto blanket = domain::SuggestActions(
      Parse({"USED_TISSUES_MANY", "AC_OFF", "BEDSPREAD_OVER_BLANKET",
             "AC_SETPOINT(23)"}),
      Guest(), d.rules, d.vocabulary);
  ASSERT_NE(Find(blanket, "ADD_BLANKET"), nullptr);
  EXPECT_EQ(Find(blanket, "ADD_BLANKET")->reasons.size(), 3u);
  const std::vector<std::string> codes = Codes(blanket);
  EXPECT_EQ(std::count(codes.begin(), codes.end(), "ADD_BLANKET"), 1);
}

TEST(HousekeepingRules, NumericConditionsNeedTheNumber) {
  const Defaults d = LoadDefaults();
  auto codes = [&](std::vector<std::string> tokens) {
    return Codes(
        domain::SuggestActions(Parse(tokens), Guest(), d.rules, d.vocabulary));
  };
  EXPECT_THAT(codes({"BEDSPREAD_OVER_BLANKET", "AC_SETPOINT(23)"}),
              ElementsAre("ADD_BLANKET", "TURNDOWN_SET_AC_26"));
  EXPECT_THAT(codes({"BEDSPREAD_OVER_BLANKET", "AC_SETPOINT(24)"}),
              ElementsAre("ADD_BLANKET", "TURNDOWN_SET_AC_26"));
  EXPECT_THAT(codes({"BEDSPREAD_OVER_BLANKET", "AC_SETPOINT(24.5)"}),
              ElementsAre("ADD_BLANKET"));
  EXPECT_THAT(codes({"BEDSPREAD_OVER_BLANKET", "AC_SETPOINT"}),
              ElementsAre("ADD_BLANKET"));
  EXPECT_THAT(codes({"AC_SETPOINT(20)"}), IsEmpty());
}

TEST(HousekeepingRules, TheBirthdayRuleNeedsTheBirthday) {
  const Defaults d = LoadDefaults();
  const auto obs = Parse({"GIFT_IN_ROOM", "OPENED_DRINKS(2)"});
  EXPECT_THAT(
      Codes(domain::SuggestActions(obs, Guest(false), d.rules, d.vocabulary)),
      ElementsAre("RESTOCK_MINIBAR"));
  const auto birthday =
      domain::SuggestActions(obs, Guest(true), d.rules, d.vocabulary);
  EXPECT_THAT(Codes(birthday),
              ElementsAre("BIRTHDAY_FLOWERS_AND_CAKE", "RESTOCK_MINIBAR"));
  EXPECT_THAT(Find(birthday, "BIRTHDAY_FLOWERS_AND_CAKE")->reasons[0].facts,
              ElementsAre("birthday_today"));
  // A vacant room has no guest, so no birthday.
  EXPECT_THAT(Codes(domain::SuggestActions(obs, domain::GuestContext{}, d.rules,
                                           d.vocabulary)),
              ElementsAre("RESTOCK_MINIBAR"));
}

TEST(HousekeepingRules, QuantityComesFromTheObservedNumber) {
  const Defaults d = LoadDefaults();
  auto quantity = [&](const std::string& token) {
    auto s =
        domain::SuggestActions(Parse({token}), Guest(), d.rules, d.vocabulary);
    return s.empty() ? 0 : s[0].quantity;
  };
  EXPECT_EQ(quantity("OPENED_DRINKS"), 1);
  EXPECT_EQ(quantity("OPENED_DRINKS(2)"), 2);
  EXPECT_EQ(quantity("OPENED_DRINKS(0)"), 1);
  EXPECT_EQ(quantity("OPENED_DRINKS(500)"), 99);
}

TEST(HousekeepingRules, DisabledRulesDoNotFire) {
  Defaults d = LoadDefaults();
  for (domain::Rule& r : d.rules) {
    if (r.code == "FRUIT_TO_CUT") r.enabled = false;
  }
  EXPECT_THAT(domain::SuggestActions(Parse({"WHOLE_FRUIT_IN_ROOM"}), Guest(),
                                     d.rules, d.vocabulary),
              IsEmpty());
}

TEST(HousekeepingRules, StandingChecklistComesFromTheProfile) {
  const Defaults d = LoadDefaults();
  domain::GuestContext g = Guest();
  EXPECT_THAT(domain::StandingChecklist(g, d.rules, d.vocabulary), IsEmpty());
  g.preferences = {
      {domain::PreferenceCategory::kRoom, "curtains", "gap"},
      {domain::PreferenceCategory::kRoom, "room_temperature_c", "26"}};
  const auto list = domain::StandingChecklist(g, d.rules, d.vocabulary);
  EXPECT_THAT(Codes(list),
              ElementsAre("TURNDOWN_LEAVE_CURTAIN_GAP", "TURNDOWN_SET_AC_26"));
  EXPECT_THAT(list[0].reasons[0].facts, ElementsAre("ROOM:curtains=gap"));
  // The learned fact or the party: one crib, both reasons.
  domain::GuestContext family = Guest();
  family.infants = 1;
  family.preferences = {
      {domain::PreferenceCategory::kAmenity, "baby_crib", "true"}};
  const auto crib = domain::StandingChecklist(family, d.rules, d.vocabulary);
  ASSERT_THAT(Codes(crib), ElementsAre("PLACE_BABY_CRIB"));
  EXPECT_EQ(crib[0].reasons.size(), 2u);
  domain::GuestContext learned = Guest();
  learned.preferences = {
      {domain::PreferenceCategory::kService, "travelling_with_infant", "true"}};
  EXPECT_TRUE(learned.travelling_with_infant());
  EXPECT_THAT(Codes(domain::StandingChecklist(learned, d.rules, d.vocabulary)),
              ElementsAre("PLACE_BABY_CRIB"));
  // No guest, no checklist; observations do not fire standing rules.
  EXPECT_THAT(
      domain::StandingChecklist(domain::GuestContext{}, d.rules, d.vocabulary),
      IsEmpty());
  EXPECT_THAT(domain::SuggestActions({}, g, d.rules, d.vocabulary), IsEmpty());
}

// --- observations
// -------------------------------------------------------------

TEST(HousekeepingObservations, ParseAndFormat) {
  auto o = domain::ParseObservation("x", "AC_SETPOINT(23)");
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->code, "AC_SETPOINT");
  EXPECT_EQ(*o->value, 23);
  EXPECT_EQ(domain::FormatObservation(*o), "AC_SETPOINT(23)");
  EXPECT_EQ(domain::FormatObservation({"AC_SETPOINT", 23.5}),
            "AC_SETPOINT(23.5)");
  EXPECT_EQ(domain::FormatObservation({"AC_OFF", std::nullopt}), "AC_OFF");
  EXPECT_THAT(
      domain::ParseObservation("observations[0]", "AC_SETPOINT(hot)").status(),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("observations[0]")));
  EXPECT_THAT(domain::ParseObservation("x", "AC_SETPOINT(23").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("CODE")));
  EXPECT_THAT(domain::ParseObservation("x", "ac_off").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("x")));
}

TEST(HousekeepingObservations, ValidationNamesTheField) {
  const Defaults d = LoadDefaults();
  const domain::Vocabulary& v = d.vocabulary;
  EXPECT_THAT(domain::ValidateObservations(
                  "observations", Parse({"AC_OFF", "AC_SETPOINT(23)"}), v),
              IsOk());
  EXPECT_THAT(domain::ValidateObservations("observations",
                                           Parse({"AC_OFF", "AC_OF"}), v),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("observations[1].code: unknown observation "
                                 "code \"AC_OF\"")));
  EXPECT_THAT(
      domain::ValidateObservations("observations", Parse({"AC_OFF(2)"}), v),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("observations[0].value: AC_OFF takes no "
                         "number")));
  // A double tap is not an error (MergeRepeatedObservations counts it once);
  // two different numbers are.
  EXPECT_THAT(domain::ValidateObservations("observations",
                                           Parse({"AC_OFF", "AC_OFF"}), v),
              IsOk());
  EXPECT_THAT(domain::ValidateObservations(
                  "observations",
                  Parse({"AC_OFF", "AC_SETPOINT(23)", "AC_SETPOINT(25)"}), v),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("observations[2].value")));
  EXPECT_THAT(
      domain::ValidateObservations(
          "observations",
          {{"AC_SETPOINT", std::numeric_limits<double>::infinity()}}, v),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("observations[0].value")));
  EXPECT_THAT(
      domain::ValidateObservations("observations", {{"AC_SETPOINT", 2e6}}, v),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("observations[0].value")));
}

TEST(HousekeepingObservations, ADoubleTapIsOneObservation) {
  const Defaults d = LoadDefaults();
  // The same code twice, without a number or with the same one: once, in
  // the place it was first reported.
  auto merged = domain::MergeRepeatedObservations(
      "observations", Parse({"AC_OFF", "OPENED_DRINKS(2)", "AC_OFF",
                             "OPENED_DRINKS(2)", "GIFT_IN_ROOM"}));
  ASSERT_THAT(merged.status(), IsOk());
  EXPECT_THAT(*merged,
              ElementsAre(domain::Observation{"AC_OFF", std::nullopt},
                          domain::Observation{"OPENED_DRINKS", 2},
                          domain::Observation{"GIFT_IN_ROOM", std::nullopt}));
  // A bare code and the same code with a number: once, with the number,
  // whichever came first.
  merged = domain::MergeRepeatedObservations(
      "observations", Parse({"OPENED_DRINKS", "AC_OFF", "OPENED_DRINKS(4)"}));
  ASSERT_THAT(merged.status(), IsOk());
  EXPECT_THAT(*merged,
              ElementsAre(domain::Observation{"OPENED_DRINKS", 4},
                          domain::Observation{"AC_OFF", std::nullopt}));
  merged = domain::MergeRepeatedObservations(
      "observations", Parse({"OPENED_DRINKS(4)", "OPENED_DRINKS"}));
  ASSERT_THAT(merged.status(), IsOk());
  EXPECT_THAT(*merged, ElementsAre(domain::Observation{"OPENED_DRINKS", 4}));
  // Two different numbers: which one? The error names the field, the code
  // and both numbers.
  EXPECT_THAT(domain::MergeRepeatedObservations(
                  "observations",
                  Parse({"AC_SETPOINT(23)", "AC_OFF", "AC_SETPOINT(25.5)"}))
                  .status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("observations[2].value"),
                             HasSubstr("AC_SETPOINT(23)"),
                             HasSubstr("AC_SETPOINT(25.5)"))));
  // The engine sees the double-tapped visit as the single one.
  const auto once = domain::SuggestActions(
      Parse({"USED_TISSUES_MANY", "AC_OFF"}), Guest(), d.rules, d.vocabulary);
  merged = domain::MergeRepeatedObservations(
      "observations",
      Parse({"USED_TISSUES_MANY", "AC_OFF", "AC_OFF", "USED_TISSUES_MANY"}));
  ASSERT_THAT(merged.status(), IsOk());
  const auto twice =
      domain::SuggestActions(*merged, Guest(), d.rules, d.vocabulary);
  EXPECT_EQ(Codes(twice), Codes(once));
  ASSERT_EQ(twice.size(), once.size());
  for (size_t i = 0; i < once.size(); ++i) {
    ASSERT_EQ(twice[i].reasons.size(), once[i].reasons.size());
    for (size_t j = 0; j < once[i].reasons.size(); ++j) {
      EXPECT_EQ(twice[i].reasons[j].observations,
                once[i].reasons[j].observations);
    }
  }
}

// --- rule validation
// ------------------------------------------------------------

domain::Rule ValidRule() {
  domain::Rule r;
  r.code = "CUSTOM";
  r.title_zh = "自訂";
  r.title_en = "Custom";
  r.all_of = {"AC_OFF"};
  r.actions = {"ADD_BLANKET"};
  return r;
}

TEST(HousekeepingRuleValidation, RefusesRulesThatCanNeverMatch) {
  const domain::Vocabulary v = LoadDefaults().vocabulary;
  EXPECT_THAT(domain::ValidateRule("rule", ValidRule(), v), IsOk());
  auto expect_invalid = [&](const domain::Rule& r, const std::string& field) {
    EXPECT_THAT(domain::ValidateRule("rule", r, v),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(field)))
        << field;
  };

  domain::Rule empty = ValidRule();
  empty.all_of.clear();
  expect_invalid(empty, "never match");

  domain::Rule bounds = ValidRule();
  bounds.numeric = {{"AC_SETPOINT", domain::Comparison::kGreater, 26},
                    {"AC_SETPOINT", domain::Comparison::kLess, 20}};
  expect_invalid(bounds, "rule.numeric_conditions[1]: no number satisfies");
  domain::Rule open = ValidRule();
  open.numeric = {{"AC_SETPOINT", domain::Comparison::kLess, 5},
                  {"AC_SETPOINT", domain::Comparison::kGreaterOrEqual, 5}};
  expect_invalid(open, "rule.numeric_conditions[1]");
  domain::Rule equal = ValidRule();
  equal.numeric = {{"OPENED_DRINKS", domain::Comparison::kEqual, 3},
                   {"OPENED_DRINKS", domain::Comparison::kEqual, 4}};
  expect_invalid(equal, "rule.numeric_conditions[1]");
  domain::Rule touching = ValidRule();
  touching.numeric = {{"AC_SETPOINT", domain::Comparison::kLessOrEqual, 5},
                      {"AC_SETPOINT", domain::Comparison::kGreaterOrEqual, 5}};
  EXPECT_THAT(domain::ValidateRule("rule", touching, v), IsOk());

  domain::Rule no_number = ValidRule();
  no_number.numeric = {{"AC_OFF", domain::Comparison::kGreaterOrEqual, 1}};
  expect_invalid(no_number, "rule.numeric_conditions[0].code: AC_OFF takes no");

  domain::Rule unknown = ValidRule();
  unknown.any_of = {"AC_OFF_TYPO"};
  expect_invalid(unknown, "rule.any_of[0]: unknown observation code");
  domain::Rule unknown_action = ValidRule();
  unknown_action.actions = {"ADD_BLANKET", "DANCE"};
  expect_invalid(unknown_action, "rule.actions[1]: unknown action code");
  domain::Rule no_actions = ValidRule();
  no_actions.actions.clear();
  expect_invalid(no_actions, "rule.actions");
  domain::Rule twice = ValidRule();
  twice.all_of = {"AC_OFF", "AC_OFF"};
  expect_invalid(twice, "rule.all_of[1]");
  domain::Rule overlap = ValidRule();
  overlap.any_of = {"AC_OFF"};
  expect_invalid(overlap, "rule.any_of[0]");

  domain::Rule vip = ValidRule();
  vip.profile.min_vip_level = 6;
  expect_invalid(vip, "rule.profile.min_vip_level");
  domain::Rule two_values = ValidRule();
  two_values.profile.preferences = {
      {domain::PreferenceCategory::kRoom, "curtains", "gap"},
      {domain::PreferenceCategory::kRoom, "curtains", "closed"}};
  expect_invalid(two_values, "rule.profile.preferences[1]");

  domain::Rule standing = ValidRule();
  standing.trigger = domain::RuleTrigger::kStanding;
  expect_invalid(standing, "rule.trigger");
  standing.all_of.clear();
  expect_invalid(standing, "rule.profile");
  standing.profile.min_vip_level = 1;
  EXPECT_THAT(domain::ValidateRule("rule", standing, v), IsOk());

  domain::Rule untitled = ValidRule();
  untitled.title_en.clear();
  expect_invalid(untitled, "rule.title.en");
  domain::Rule bad_code = ValidRule();
  bad_code.code = "lower";
  expect_invalid(bad_code, "rule.code");
}

TEST(HousekeepingRuleValidation, ConditionsRoundTripAsText) {
  for (const char* text :
       {"AC_SETPOINT<=24", "OPENED_DRINKS>=1", "X<0.5", "Y>3", "Z=7"}) {
    auto c = domain::ParseCondition("c", text);
    ASSERT_TRUE(c.ok()) << text;
    EXPECT_EQ(domain::FormatCondition(*c), text);
  }
  EXPECT_THAT(
      domain::ParseCondition("rule.numeric", "AC_SETPOINT~3").status(),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("rule.numeric")));
  auto fact = domain::ParseFact("f", "room:curtains=gap");
  ASSERT_TRUE(fact.ok());
  EXPECT_EQ(domain::FormatFact(*fact), "ROOM:curtains=gap");
  EXPECT_FALSE(domain::ParseFact("f", "MOOD:happy=yes").ok());
}

TEST(HousekeepingRuleValidation, ActionDefinitions) {
  const domain::Vocabulary v = LoadDefaults().vocabulary;
  domain::ActionDefinition a;
  a.code = "WELCOME_FRUIT";
  a.title_zh = "迎賓水果";
  a.title_en = "Welcome fruit";
  a.department_code = "FOOD_AND_BEVERAGE";
  a.cost = {"CNY", 6800};
  EXPECT_THAT(domain::ValidateActionDefinition("new_actions[0]", a, "CNY", v),
              IsOk());
  domain::ActionDefinition sale = a;
  sale.is_sale = true;
  sale.cost.minor = 0;
  EXPECT_THAT(
      domain::ValidateActionDefinition("new_actions[0]", sale, "CNY", v),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("new_actions[0].cost")));
  domain::ActionDefinition count = a;
  count.quantity_observation = "AC_OFF";
  EXPECT_THAT(
      domain::ValidateActionDefinition("new_actions[0]", count, "CNY", v),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("quantity_observation")));
  domain::ActionDefinition currency = a;
  currency.cost.currency = "USD";
  EXPECT_THAT(
      domain::ValidateActionDefinition("new_actions[0]", currency, "CNY", v),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("new_actions[0].cost")));
  // A minibar restock charges nothing when stocked: it is no sale.
  domain::ActionDefinition restock = a;
  restock.minibar_item = "JUICE";
  EXPECT_THAT(
      domain::ValidateActionDefinition("new_actions[0]", restock, "CNY", v),
      IsOk());
  restock.is_sale = true;
  EXPECT_THAT(
      domain::ValidateActionDefinition("new_actions[0]", restock, "CNY", v),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("new_actions[0].is_sale")));
  restock.is_sale = false;
  restock.minibar_item = "juice";
  EXPECT_THAT(
      domain::ValidateActionDefinition("new_actions[0]", restock, "CNY", v),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("new_actions[0].minibar_item")));
}

// --- the action state machine ------------------------------------------------

using S = domain::ActionState;
using M = domain::ActionMove;
using R = domain::ActionRelation;

constexpr S kAllStates[] = {S::kSuggested, S::kPendingApproval, S::kApproved,
                            S::kDone,      S::kSkipped,         S::kRejected,
                            S::kExpired};
constexpr M kAllMoves[] = {M::kApprove, M::kReject,   M::kDone,
                           M::kSkip,    M::kEscalate, M::kExpire};
const domain::ActionRelations kEveryone{R::kRequester, R::kDepartment,
                                        R::kApprover, R::kManager, R::kSystem};

// The legal moves, written out independently of the table.
struct Legal {
  S from;
  M move;
  S to;
};
constexpr Legal kLegal[] = {
    {S::kSuggested, M::kDone, S::kDone},
    {S::kSuggested, M::kSkip, S::kSkipped},
    {S::kApproved, M::kDone, S::kDone},
    {S::kApproved, M::kSkip, S::kSkipped},
    {S::kPendingApproval, M::kApprove, S::kApproved},
    {S::kPendingApproval, M::kReject, S::kRejected},
    {S::kPendingApproval, M::kSkip, S::kSkipped},
    // The sweeper's: the deadline nears (the state stays), or passed.
    {S::kSuggested, M::kEscalate, S::kSuggested},
    {S::kPendingApproval, M::kEscalate, S::kPendingApproval},
    {S::kApproved, M::kEscalate, S::kApproved},
    {S::kSuggested, M::kExpire, S::kExpired},
    {S::kPendingApproval, M::kExpire, S::kExpired},
    {S::kApproved, M::kExpire, S::kExpired},
};

TEST(ActionStateMachine, ExactlyTheLegalMovesExist) {
  for (S from : kAllStates) {
    for (M move : kAllMoves) {
      const Legal* legal = nullptr;
      for (const Legal& l : kLegal) {
        if (l.from == from && l.move == move) legal = &l;
      }
      auto next = domain::DecideActionMove(from, move, kEveryone);
      if (legal) {
        ASSERT_TRUE(next.ok())
            << domain::ActionStateName(from) << " "
            << domain::ActionMoveName(move) << ": " << next.status();
        EXPECT_EQ(*next, legal->to);
      } else {
        EXPECT_THAT(
            next.status(),
            StatusIs(absl::StatusCode::kFailedPrecondition,
                     HasSubstr(std::string(domain::ActionStateName(from)))))
            << domain::ActionStateName(from) << " "
            << domain::ActionMoveName(move);
      }
    }
  }
}

TEST(ActionStateMachine, DoneBeforeApprovalSaysSo) {
  EXPECT_THAT(
      domain::DecideActionMove(S::kPendingApproval, M::kDone, {R::kRequester}),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("approves it first")));
}

TEST(ActionStateMachine, WhoMayMove) {
  // The attendant does and drops their own actions but never decides.
  EXPECT_TRUE(
      domain::DecideActionMove(S::kSuggested, M::kDone, {R::kRequester}).ok());
  EXPECT_TRUE(
      domain::DecideActionMove(S::kPendingApproval, M::kSkip, {R::kRequester})
          .ok());
  EXPECT_THAT(
      domain::DecideActionMove(S::kPendingApproval, M::kApprove,
                               {R::kRequester}),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("APPROVE")));
  EXPECT_THAT(
      domain::DecideActionMove(S::kPendingApproval, M::kReject,
                               {R::kDepartment}),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("REJECT")));
  // The next shift (the department) does a handed-over action.
  EXPECT_TRUE(
      domain::DecideActionMove(S::kSuggested, M::kDone, {R::kDepartment}).ok());
  // A supervisor decides but does not do another department's work.
  EXPECT_TRUE(
      domain::DecideActionMove(S::kPendingApproval, M::kApprove, {R::kApprover})
          .ok());
  EXPECT_THAT(domain::DecideActionMove(S::kSuggested, M::kDone, {R::kApprover}),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("DONE")));
  // Strangers may do nothing.
  for (M move : kAllMoves) {
    EXPECT_THAT(domain::DecideActionMove(S::kSuggested, move, {}),
                StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("")));
  }
  // A manager may do everything the table allows.
  EXPECT_TRUE(
      domain::DecideActionMove(S::kPendingApproval, M::kApprove, {R::kManager})
          .ok());
  EXPECT_TRUE(
      domain::DecideActionMove(S::kApproved, M::kDone, {R::kManager}).ok());
  // Escalating and expiring are the sweeper's alone; the sweeper does
  // nothing else.
  for (M move : {M::kEscalate, M::kExpire}) {
    EXPECT_THAT(domain::DecideActionMove(
                    S::kPendingApproval, move,
                    {R::kRequester, R::kDepartment, R::kApprover, R::kManager}),
                StatusIs(absl::StatusCode::kPermissionDenied,
                         HasSubstr(std::string(domain::ActionMoveName(move)))));
    EXPECT_TRUE(
        domain::DecideActionMove(S::kPendingApproval, move, {R::kSystem}).ok());
  }
  for (M move : {M::kApprove, M::kReject, M::kDone, M::kSkip}) {
    EXPECT_THAT(
        domain::DecideActionMove(S::kPendingApproval, move, {R::kSystem}),
        StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("")));
  }
  // An expired action is over for everyone.
  EXPECT_THAT(
      domain::DecideActionMove(S::kExpired, M::kDone, kEveryone),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("EXPIRED")));
}

TEST(ActionStateMachine, EmpowermentByTheSpendingLimit) {
  domain::ActionDefinition cake;
  cake.cost = {"CNY", 28800};
  EXPECT_EQ(domain::InitialActionState(cake, 1, 5000), S::kPendingApproval);
  EXPECT_EQ(domain::InitialActionState(cake, 1, 28800), S::kSuggested);
  EXPECT_EQ(domain::InitialActionState(cake, 1, std::nullopt), S::kSuggested);
  domain::ActionDefinition tissues;
  tissues.cost = {"CNY", 300};
  EXPECT_EQ(domain::InitialActionState(tissues, 1, 0), S::kPendingApproval);
  EXPECT_EQ(domain::InitialActionState(tissues, 2, 500), S::kPendingApproval);
  EXPECT_EQ(domain::InitialActionState(tissues, 1, 500), S::kSuggested);
  domain::ActionDefinition free_action;
  EXPECT_EQ(domain::InitialActionState(free_action, 1, 0), S::kSuggested);
  // A sale earns money: never held for approval.
  domain::ActionDefinition minibar;
  minibar.cost = {"CNY", 1500};
  minibar.is_sale = true;
  EXPECT_EQ(domain::InitialActionState(minibar, 10, 0), S::kSuggested);

  domain::RoomAction action;
  action.unit_cost = {"CNY", 28800};
  EXPECT_THAT(domain::CheckApproverLimit(action, 100000), IsOk());
  EXPECT_THAT(domain::CheckApproverLimit(action, std::nullopt), IsOk());
  EXPECT_THAT(domain::CheckApproverLimit(action, 10000),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("a manager approves it")));
}

TEST(ActionStateMachine, OpenStates) {
  EXPECT_TRUE(domain::IsOpen(S::kSuggested));
  EXPECT_TRUE(domain::IsOpen(S::kPendingApproval));
  EXPECT_TRUE(domain::IsOpen(S::kApproved));
  EXPECT_FALSE(domain::IsOpen(S::kDone));
  EXPECT_FALSE(domain::IsOpen(S::kSkipped));
  EXPECT_FALSE(domain::IsOpen(S::kRejected));
  EXPECT_FALSE(domain::IsOpen(S::kExpired));
  for (S s : kAllStates) {
    EXPECT_EQ(domain::ActionStateFromName(domain::ActionStateName(s)), s);
  }
}

// --- deadlines
// -----------------------------------------------------------------

struct DeadlineFixture {
  absl::TimeZone shanghai;
  absl::Time now;  // 2026-03-02 09:00 in Shanghai
  DeadlineFixture() {
    EXPECT_TRUE(absl::LoadTimeZone("Asia/Shanghai", &shanghai));
    now = absl::FromCivil(absl::CivilSecond(2026, 3, 2, 9, 0, 0), shanghai);
  }
  domain::DeadlineContext Context(int minutes = 0) const {
    domain::DeadlineContext c;
    c.now = now;
    c.zone = shanghai;
    c.deadline_minutes = minutes;
    return c;
  }
};

domain::RoomAction Waiting(S state, bool department_task = false,
                           bool birthday = false) {
  domain::RoomAction a;
  a.state = state;
  a.department_task = department_task;
  if (birthday) {
    domain::SuggestionReason r;
    r.facts = {"birthday_today"};
    a.reasons.push_back(r);
  }
  return a;
}

TEST(ActionDeadlines, BirthdayFlowersAreUsefulUntilTheBirthdayEnds) {
  const DeadlineFixture f;
  const domain::RoomAction cake = Waiting(S::kPendingApproval, false, true);
  // Midnight at the end of 2 March in Shanghai, whatever the definition
  // says.
  const absl::Time midnight =
      absl::FromCivil(absl::CivilDay(2026, 3, 3), f.shanghai);
  EXPECT_EQ(domain::WaitingDeadline(cake, f.Context()), midnight);
  EXPECT_EQ(domain::WaitingDeadline(cake, f.Context(30)), midnight);
  // A guest who leaves at 14:00 has no use for flowers at 15:00.
  domain::DeadlineContext leaving = f.Context();
  leaving.departure = f.now + absl::Hours(5);
  EXPECT_EQ(domain::WaitingDeadline(cake, leaving), f.now + absl::Hours(5));
  // A departure already past (an overstaying guest) does not cut it.
  leaving.departure = f.now - absl::Hours(1);
  EXPECT_EQ(domain::WaitingDeadline(cake, leaving), midnight);
}

TEST(ActionDeadlines, ADoctorWithinMinutesOthersWithinAShift) {
  const DeadlineFixture f;
  EXPECT_EQ(
      domain::WaitingDeadline(Waiting(S::kSuggested, true), f.Context(30)),
      f.now + absl::Minutes(30));
  EXPECT_EQ(domain::WaitingDeadline(Waiting(S::kSuggested, true), f.Context()),
            f.now + domain::kDefaultWaitingDeadline);
  EXPECT_EQ(domain::WaitingDeadline(Waiting(S::kPendingApproval), f.Context()),
            f.now + absl::Hours(8));
  // The attendant's own work in the room waits for nobody: no deadline.
  EXPECT_EQ(domain::WaitingDeadline(Waiting(S::kSuggested), f.Context(30)),
            std::nullopt);
  EXPECT_EQ(
      domain::WaitingDeadline(Waiting(S::kSuggested, false, true), f.Context()),
      std::nullopt);
}

TEST(ActionDeadlines, EscalationHalfwayThenExpiry) {
  const DeadlineFixture f;
  domain::RoomAction doctor = Waiting(S::kSuggested, true);
  doctor.create_time = f.now;
  domain::SetDeadline(&doctor, f.now + absl::Minutes(30));
  EXPECT_EQ(doctor.escalate_time, f.now + absl::Minutes(15));
  EXPECT_EQ(domain::DueMove(doctor, f.now + absl::Minutes(14)), std::nullopt);
  EXPECT_EQ(domain::DueMove(doctor, f.now + absl::Minutes(15)), M::kEscalate);
  doctor.escalation_level = 1;  // escalated once
  EXPECT_EQ(domain::DueMove(doctor, f.now + absl::Minutes(20)), std::nullopt);
  EXPECT_EQ(domain::DueMove(doctor, f.now + absl::Minutes(30)), M::kExpire);
  // A sweep that comes late expires without escalating first.
  doctor.escalation_level = 0;
  EXPECT_EQ(domain::DueMove(doctor, f.now + absl::Hours(2)), M::kExpire);
  // Done, skipped or without a deadline: nothing to do.
  doctor.state = S::kDone;
  EXPECT_EQ(domain::DueMove(doctor, f.now + absl::Hours(2)), std::nullopt);
  domain::RoomAction plain = Waiting(S::kSuggested);
  domain::SetDeadline(&plain, std::nullopt);
  EXPECT_FALSE(plain.escalate_time.has_value());
  EXPECT_EQ(domain::DueMove(plain, f.now + absl::Hours(48)), std::nullopt);
}

TEST(ActionDeadlines, MakeRoomActionGivesAWaitingActionItsDeadline) {
  const DeadlineFixture f;
  domain::Visit visit;
  visit.create_time = f.now;
  domain::ActionSuggestion doctor;
  doctor.action.code = "CALL_DOCTOR";
  doctor.action.department_task = true;
  doctor.action.deadline_minutes = 30;
  const domain::RoomAction a =
      domain::MakeRoomAction(visit, doctor, 5000, 1, f.Context());
  EXPECT_EQ(a.deadline, f.now + absl::Minutes(30));
  EXPECT_EQ(a.escalate_time, f.now + absl::Minutes(15));
  domain::ActionSuggestion blanket;
  blanket.action.code = "ADD_BLANKET";
  EXPECT_FALSE(domain::MakeRoomAction(visit, blanket, 5000, 1, f.Context())
                   .deadline.has_value());
}

TEST(ActionDeadlines, TheReasonSaysWhyInBothLanguages) {
  domain::RoomAction cake = Waiting(S::kPendingApproval, false, true);
  domain::LocalizedReason why = domain::ExpiryReason(cake);
  EXPECT_THAT(why.en, HasSubstr("birthday is over"));
  EXPECT_THAT(why.en, HasSubstr("not approved"));
  EXPECT_THAT(why.zh, HasSubstr("生日已過"));
  domain::RoomAction doctor = Waiting(S::kSuggested, true);
  doctor.department_code = "FRONT_DESK";
  EXPECT_THAT(domain::ExpiryReason(doctor).en, HasSubstr("FRONT_DESK"));
  EXPECT_THAT(domain::ExpiryReason(Waiting(S::kApproved)).en,
              HasSubstr("Approved"));
  EXPECT_FALSE(domain::EscalationNote(cake).zh.empty());
  EXPECT_THAT(domain::EscalationNote(cake).en, HasSubstr("manager"));
}

TEST(ActionDeadlines, ApprovingAfterTheDeadlineIsOfNoUse) {
  const DeadlineFixture f;
  domain::RoomAction cake = Waiting(S::kPendingApproval, false, true);
  cake.deadline = f.now;
  EXPECT_THAT(
      domain::CheckStillUseful(cake, M::kApprove, f.now - absl::Seconds(1)),
      IsOk());
  EXPECT_THAT(
      domain::CheckStillUseful(cake, M::kApprove, f.now),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("deadline")));
  // Skipping or rejecting it is still allowed (and records why).
  EXPECT_THAT(domain::CheckStillUseful(cake, M::kReject, f.now), IsOk());
  EXPECT_THAT(domain::CheckStillUseful(cake, M::kSkip, f.now), IsOk());
}

TEST(ActionDeadlines, DefinitionsBoundTheirMinutes) {
  const domain::Vocabulary v = LoadDefaults().vocabulary;
  EXPECT_EQ(v.FindAction("CALL_DOCTOR")->deadline_minutes, 30);
  EXPECT_EQ(v.FindAction("BIRTHDAY_FLOWERS_AND_CAKE")->deadline_minutes, 0);
  domain::ActionDefinition a = *v.FindAction("CALL_DOCTOR");
  a.cost.currency = "CNY";
  a.deadline_minutes = domain::kMaxDeadlineMinutes + 1;
  EXPECT_THAT(domain::ValidateActionDefinition("new_actions[0]", a, "CNY", v),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("new_actions[0].deadline_minutes")));
  a.deadline_minutes = -1;
  EXPECT_THAT(domain::ValidateActionDefinition("new_actions[0]", a, "CNY", v),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("new_actions[0].deadline_minutes")));
}

// --- staff's own ideas
// ------------------------------------------------------------

domain::Proposal MosquitoNet(absl::Time now) {
  domain::Proposal p;
  p.site_id = 1;
  p.room_number = "1203";
  p.stay_id = 7;
  p.guest_id = 9;
  p.what_en = "A mosquito net over the bed";
  p.why = "He misses sleeping under one, as thirty years ago";
  p.estimated_cost = {"CNY", 8000};
  p.department_id = 2;  // housekeeping
  p.department_code = "HOUSEKEEPING";
  p.teaches = domain::PreferenceFact{domain::PreferenceCategory::kRoom,
                                     "mosquito_net", "true"};
  p.proposed_by = "sites/1/staff/4";
  p.proposer_staff_id = 4;
  p.proposer_department_id = 3;  // the restaurant
  p.create_time = now;
  return p;
}

TEST(StaffProposals, ValidationNamesTheField) {
  const DeadlineFixture f;
  const domain::Proposal ok = MosquitoNet(f.now);
  EXPECT_THAT(domain::ValidateProposal(ok, "CNY", f.now), IsOk());
  domain::Proposal p = ok;
  p.what_en.clear();
  EXPECT_THAT(domain::ValidateProposal(p, "CNY", f.now),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("what")));
  p.what_zh = "在床上掛一頂蚊帳";  // Chinese alone is enough
  EXPECT_THAT(domain::ValidateProposal(p, "CNY", f.now), IsOk());
  p.what_zh = "line\nbreak";
  EXPECT_THAT(
      domain::ValidateProposal(p, "CNY", f.now),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("what.zh")));
  p = ok;
  p.why.clear();
  EXPECT_THAT(domain::ValidateProposal(p, "CNY", f.now),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("why")));
  p = ok;
  p.estimated_cost.minor = -1;
  EXPECT_THAT(domain::ValidateProposal(p, "CNY", f.now),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("estimated_cost")));
  p = ok;
  p.deadline = f.now;
  EXPECT_THAT(
      domain::ValidateProposal(p, "CNY", f.now),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("deadline_time")));
  p.deadline = f.now + absl::Hours(24 * 31);
  EXPECT_THAT(
      domain::ValidateProposal(p, "CNY", f.now),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("deadline_time")));
  p = ok;
  p.teaches->key = "Mosquito Net";
  EXPECT_THAT(
      domain::ValidateProposal(p, "CNY", f.now),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("teaches")));
}

TEST(StaffProposals, WithinTheLimitItGoesAheadAboveItWaits) {
  const DeadlineFixture f;
  // A waiter's idea for housekeeping, above the waiter's 50.00: it waits
  // for approval, with the default deadline, in housekeeping's queue.
  const domain::RoomAction net =
      domain::MakeProposedAction(MosquitoNet(f.now), 5000, f.Context());
  EXPECT_EQ(net.code, domain::kProposalCode);
  EXPECT_TRUE(net.proposed);
  EXPECT_EQ(net.proposal_reason,
            "He misses sleeping under one, as thirty years ago");
  EXPECT_EQ(net.title_en, "A mosquito net over the bed");
  EXPECT_TRUE(net.title_zh.empty());
  EXPECT_EQ(net.visit_id, 0);
  EXPECT_TRUE(net.reasons.empty());
  EXPECT_EQ(net.state, S::kPendingApproval);
  EXPECT_EQ(net.total_cost(), (domain::Money{"CNY", 8000}));
  EXPECT_TRUE(net.department_task);
  EXPECT_EQ(net.requester_staff_id, 4);
  EXPECT_EQ(net.deadline, f.now + domain::kDefaultWaitingDeadline);
  ASSERT_TRUE(net.teaches.has_value());
  // Within the limit, for the proposer's own department: do it now, no
  // deadline.
  domain::Proposal crane = MosquitoNet(f.now);
  crane.estimated_cost.minor = 0;
  crane.proposer_department_id = 2;
  const domain::RoomAction folded =
      domain::MakeProposedAction(crane, 5000, f.Context());
  EXPECT_EQ(folded.state, S::kSuggested);
  EXPECT_FALSE(folded.department_task);
  EXPECT_FALSE(folded.deadline.has_value());
  // A manager has no limit.
  EXPECT_EQ(
      domain::MakeProposedAction(MosquitoNet(f.now), std::nullopt, f.Context())
          .state,
      S::kSuggested);
  // The proposer's own deadline wins, waiting or not.
  crane.deadline = f.now + absl::Hours(2);
  EXPECT_EQ(domain::MakeProposedAction(crane, 5000, f.Context()).deadline,
            f.now + absl::Hours(2));
  domain::Proposal soon = MosquitoNet(f.now);
  soon.deadline = f.now + absl::Hours(12);
  const domain::RoomAction waiting =
      domain::MakeProposedAction(soon, 5000, f.Context());
  EXPECT_EQ(waiting.deadline, f.now + absl::Hours(12));
  EXPECT_EQ(waiting.escalate_time, f.now + absl::Hours(6));
}

// --- rooms and days
// ------------------------------------------------------------

TEST(HousekeepingRooms, StateFollowsTheStayInTheSitesZone) {
  absl::TimeZone shanghai;
  ASSERT_TRUE(absl::LoadTimeZone("Asia/Shanghai", &shanghai));
  // 2026-03-02 09:00 in Shanghai.
  const absl::Time now =
      absl::FromCivil(absl::CivilSecond(2026, 3, 2, 9, 0, 0), shanghai);
  EXPECT_EQ(domain::RoomStateOf(std::nullopt, now, shanghai),
            domain::RoomState::kVacant);
  domain::Stay stay;
  stay.check_in_time = now - absl::Hours(24);
  EXPECT_EQ(domain::RoomStateOf(stay, now, shanghai),
            domain::RoomState::kOccupied);
  stay.expected_check_out_time =
      absl::FromCivil(absl::CivilSecond(2026, 3, 2, 23, 30, 0), shanghai);
  EXPECT_EQ(domain::RoomStateOf(stay, now, shanghai),
            domain::RoomState::kDueOut);
  // 00:30 on the 3rd in Shanghai is still the 2nd in UTC: the site's zone
  // decides.
  stay.expected_check_out_time =
      absl::FromCivil(absl::CivilSecond(2026, 3, 3, 0, 30, 0), shanghai);
  EXPECT_EQ(domain::RoomStateOf(stay, now, shanghai),
            domain::RoomState::kOccupied);
  EXPECT_EQ(domain::RoomStateOf(stay, now, absl::UTCTimeZone()),
            domain::RoomState::kDueOut);
  stay.check_out_time = now;
  EXPECT_EQ(domain::RoomStateOf(stay, now, shanghai),
            domain::RoomState::kVacant);
}

TEST(HousekeepingRooms, BusinessDates) {
  const absl::Time now = absl::FromCivil(
      absl::CivilSecond(2026, 3, 1, 17, 0, 0), absl::UTCTimeZone());
  absl::TimeZone shanghai;
  ASSERT_TRUE(absl::LoadTimeZone("Asia/Shanghai", &shanghai));
  auto today = domain::ParseBusinessDate("business_date", "", now, shanghai);
  ASSERT_TRUE(today.ok());
  EXPECT_EQ(domain::FormatBusinessDate(*today), "2026-03-02");
  EXPECT_EQ(domain::FormatBusinessDate(*domain::ParseBusinessDate(
                "business_date", "2026-03-05", now, shanghai)),
            "2026-03-05");
  for (const char* bad : {"2026-02-30", "2026-3-5", "tomorrow", "2028-01-01"}) {
    EXPECT_THAT(
        domain::ParseBusinessDate("business_date", bad, now, shanghai).status(),
        StatusIs(absl::StatusCode::kInvalidArgument,
                 HasSubstr("business_date")))
        << bad;
  }
}

TEST(HousekeepingRooms, RoomValidation) {
  domain::Room room;
  room.number = "1203";
  room.floor = 12;
  room.room_type = "KING";
  EXPECT_THAT(domain::ValidateRoom(room), IsOk());
  room.number = "12 03";
  EXPECT_THAT(
      domain::ValidateRoom(room),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("room.number")));
  room.number = "1203";
  room.floor = 301;
  EXPECT_THAT(
      domain::ValidateRoom(room),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("room.floor")));
  room.floor = 12;
  room.room_type = "king size";
  EXPECT_THAT(domain::ValidateRoom(room),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("room.room_type")));
}

TEST(HousekeepingVisits, NeedAnObservationOrANote) {
  domain::Visit v;
  EXPECT_THAT(
      domain::ValidateVisitContent(v),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("observations")));
  v.note = "Guest asked for quiet";
  EXPECT_THAT(domain::ValidateVisitContent(v), IsOk());
  v.note = std::string(5000, 'x');
  EXPECT_THAT(domain::ValidateVisitContent(v),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("note")));
}

}  // namespace
}  // namespace concierge
