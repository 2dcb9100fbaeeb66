// The housekeeping rules engine and its parsers: what an attendant types
// ("AC_SETPOINT(23)"), what a manager writes into a rule ("AC_SETPOINT<=24",
// "ROOM:curtains=gap") and what the engine suggests from them. Starts from
// the default vocabulary and rules of db/seed/.
//
// Properties: parsers refuse with INVALID_ARGUMENT naming the field; what
// they accept formats back to text that parses to the same value (rules
// are stored as that text); a double tap merges into one observation per
// code; suggestions name known actions once each, with
// a quantity of 1 to 99 and a reason; a validated rule behaves the same
// after the round trip through its stored text.

#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_split.h"
#include "fuzz/fuzz_check.h"
#include "server/domain/housekeeping_rules.h"

namespace concierge::fuzz {
namespace {

std::string ReadSeed(const std::string& name) {
  std::ifstream in(std::string(CONCIERGE_SOURCE_DIR) + "/db/seed/" + name);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

struct Defaults {
  domain::Vocabulary vocabulary;
  std::vector<domain::Rule> rules;
};

const Defaults& Seed() {
  static const Defaults* defaults = [] {
    auto seed =
        domain::ParseHousekeepingSeed(ReadSeed("housekeeping_observations.tsv"),
                                      ReadSeed("housekeeping_actions.tsv"),
                                      ReadSeed("housekeeping_rules.tsv"));
    Require(seed.ok(), "the default housekeeping seed does not parse");
    auto* d = new Defaults;
    d->vocabulary.observations = seed->observations;
    d->vocabulary.actions = seed->actions;
    d->rules = seed->rules;
    return d;
  }();
  return *defaults;
}

// Mostly a known code (so the engine gets past validation), sometimes not.
std::string PickCode(FuzzedDataProvider& in, bool observation) {
  const domain::Vocabulary& v = Seed().vocabulary;
  if (in.ConsumeIntegralInRange<int>(0, 7) == 0) {
    return in.ConsumeRandomLengthString(20);
  }
  if (observation) {
    return v
        .observations[in.ConsumeIntegralInRange<size_t>(
            0, v.observations.size() - 1)]
        .code;
  }
  return v.actions[in.ConsumeIntegralInRange<size_t>(0, v.actions.size() - 1)]
      .code;
}

// An observation as the attendant's client sends it: known code or not,
// a number written by the fuzzer.
std::string ObservationText(FuzzedDataProvider& in) {
  std::string text = PickCode(in, true);
  if (in.ConsumeBool()) {
    text += "(" + in.ConsumeRandomLengthString(12) + ")";
  }
  return text;
}

domain::GuestContext FuzzGuest(FuzzedDataProvider& in) {
  domain::GuestContext guest;
  guest.has_guest = in.ConsumeBool();
  guest.birthday_today = in.ConsumeBool();
  guest.infants = in.ConsumeIntegralInRange<int>(-1, 3);
  guest.vip_level = in.ConsumeIntegralInRange<int>(-1, 6);
  const int facts = in.ConsumeIntegralInRange<int>(0, 3);
  for (int i = 0; i < facts; ++i) {
    auto fact = domain::ParseFact("fact", in.ConsumeRandomLengthString(40));
    if (fact.ok()) guest.preferences.push_back(*fact);
  }
  return guest;
}

void CheckSuggestions(
    const std::vector<domain::ActionSuggestion>& suggestions) {
  std::set<std::string> codes;
  for (const domain::ActionSuggestion& s : suggestions) {
    Require(Seed().vocabulary.FindAction(s.action.code) != nullptr,
            "a suggested action outside the vocabulary: " + s.action.code);
    Require(codes.insert(s.action.code).second,
            "an action suggested twice: " + s.action.code);
    Require(s.quantity >= 1 && s.quantity <= 99,
            "quantity out of 1..99 for " + s.action.code);
    Require(!s.reasons.empty(), "a suggestion without a reason");
  }
}

// The parsers: refusals name the field; accepted values survive their
// stored text form.
void FuzzParsers(FuzzedDataProvider& in) {
  const std::string text = in.ConsumeRandomLengthString(80);
  if (auto o = domain::ParseObservation("observations[0]", text); o.ok()) {
    auto again = domain::ParseObservation("observations[0]",
                                          domain::FormatObservation(*o));
    Require(again.ok() && again->code == o->code &&
                again->value.has_value() == o->value.has_value(),
            "an observation does not survive its text form: " + text);
  } else {
    RequireDeliberate(o.status(), "ParseObservation");
  }
  if (auto c = domain::ParseCondition("rule.numeric[0]", text); c.ok()) {
    auto again =
        domain::ParseCondition("rule.numeric[0]", domain::FormatCondition(*c));
    Require(again.ok() && *again == *c,
            "a condition does not survive its stored text: " + text + " -> " +
                domain::FormatCondition(*c));
  } else {
    RequireDeliberate(c.status(), "ParseCondition");
  }
  if (auto f = domain::ParseFact("rule.profile.preferences[0]", text); f.ok()) {
    RequireCleanText(f->key, false, "fact key");
    RequireCleanText(f->value, false, "fact value");
    auto again = domain::ParseFact("fact", domain::FormatFact(*f));
    Require(again.ok() && *again == *f,
            "a fact does not survive its stored text: " + text);
  } else {
    RequireDeliberate(f.status(), "ParseFact");
  }
}

// An attendant's visit: observations validated, then evaluated against the
// default rules and the guest.
void FuzzVisit(FuzzedDataProvider& in) {
  std::vector<domain::Observation> observations;
  const int count = in.ConsumeIntegralInRange<int>(0, 8);
  for (int i = 0; i < count; ++i) {
    auto o = domain::ParseObservation("observations", ObservationText(in));
    if (!o.ok()) {
      RequireDeliberate(o.status(), "ParseObservation");
      return;
    }
    observations.push_back(*o);
  }
  const absl::Status valid = domain::ValidateObservations(
      "observations", observations, Seed().vocabulary);
  RequireDeliberate(valid, "ValidateObservations");
  if (!valid.ok()) return;
  // A double tap is one observation: what validation accepts merges, each
  // code once, every code reported kept.
  auto merged = domain::MergeRepeatedObservations("observations", observations);
  Require(merged.ok(), "validated observations do not merge");
  std::set<std::string> reported, kept;
  for (const domain::Observation& o : observations) reported.insert(o.code);
  for (const domain::Observation& o : *merged) {
    Require(kept.insert(o.code).second, "a code kept twice: " + o.code);
  }
  Require(kept == reported, "merging lost or invented a code");
  observations = *std::move(merged);
  const domain::GuestContext guest = FuzzGuest(in);
  CheckSuggestions(domain::SuggestActions(observations, guest, Seed().rules,
                                          Seed().vocabulary));
  CheckSuggestions(
      domain::StandingChecklist(guest, Seed().rules, Seed().vocabulary));
}

// A manager's rule: validated; if accepted it must fire the same before and
// after the round trip through the text the store keeps.
void FuzzRule(FuzzedDataProvider& in) {
  domain::Rule rule;
  rule.id = 1;
  rule.code = in.ConsumeBool() ? "FUZZ_RULE" : in.ConsumeRandomLengthString(20);
  rule.title_zh = "規則";
  rule.title_en = in.ConsumeRandomLengthString(30);
  rule.trigger = in.ConsumeBool() ? domain::RuleTrigger::kObservation
                                  : domain::RuleTrigger::kStanding;
  for (int i = in.ConsumeIntegralInRange<int>(0, 2); i > 0; --i) {
    rule.all_of.push_back(PickCode(in, true));
  }
  for (int i = in.ConsumeIntegralInRange<int>(0, 2); i > 0; --i) {
    rule.any_of.push_back(PickCode(in, true));
  }
  for (int i = in.ConsumeIntegralInRange<int>(0, 2); i > 0; --i) {
    auto c = domain::ParseCondition(
        "numeric",
        PickCode(in, true) + "<=" + in.ConsumeRandomLengthString(12));
    if (c.ok()) rule.numeric.push_back(*c);
  }
  rule.profile.birthday_today = in.ConsumeBool();
  rule.profile.min_vip_level = in.ConsumeIntegralInRange<int>(-1, 7);
  for (int i = in.ConsumeIntegralInRange<int>(1, 3); i > 0; --i) {
    rule.actions.push_back(PickCode(in, false));
  }
  const absl::Status valid =
      domain::ValidateRule("rule", rule, Seed().vocabulary);
  RequireDeliberate(valid, "ValidateRule");
  if (!valid.ok()) return;

  domain::Rule stored = rule;
  stored.numeric.clear();
  for (const domain::NumericCondition& c : rule.numeric) {
    auto parsed = domain::ParseCondition("numeric_conditions",
                                         domain::FormatCondition(c));
    Require(parsed.ok(), "a validated condition does not parse back");
    stored.numeric.push_back(*parsed);
  }
  // What a visit may report: each code once, numbered ones near the bound.
  std::map<std::string, domain::Observation> seen;
  for (const std::string& code : rule.all_of) seen[code] = {code, {}};
  for (const domain::NumericCondition& c : rule.numeric) {
    const double delta = in.ConsumeFloatingPointInRange<double>(-1, 1);
    seen[c.code] = {c.code, c.value + delta * in.ConsumeProbability<double>()};
  }
  std::vector<domain::Observation> observations;
  for (const auto& [code, o] : seen) observations.push_back(o);
  const domain::GuestContext guest = FuzzGuest(in);
  const auto before =
      domain::SuggestActions(observations, guest, {rule}, Seed().vocabulary);
  const auto after =
      domain::SuggestActions(observations, guest, {stored}, Seed().vocabulary);
  CheckSuggestions(before);
  Require(before.size() == after.size(),
          "a rule fires differently after it is stored");
}

}  // namespace
}  // namespace concierge::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace concierge::fuzz;
  FuzzedDataProvider in(data, size);
  switch (in.ConsumeIntegralInRange<int>(0, 2)) {
    case 0:
      FuzzParsers(in);
      break;
    case 1:
      FuzzVisit(in);
      break;
    default:
      FuzzRule(in);
      break;
  }
  return 0;
}
