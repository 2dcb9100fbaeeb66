#include "server/domain/housekeeping_rules.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"

namespace concierge::domain {
namespace {

// Bounds that keep a rule and a visit small enough to show on a handheld.
constexpr size_t kMaxCodesPerList = 20;
constexpr size_t kMaxNumericConditions = 10;
constexpr size_t kMaxPreferenceConditions = 10;
constexpr size_t kMaxActionsPerRule = 10;
constexpr size_t kMaxObservationsPerVisit = 40;
constexpr double kMaxObservationValue = 1e6;
constexpr int kMaxQuantity = 99;
constexpr int kMaxVipLevel = 5;

absl::Status Invalid(absl::string_view field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", why));
}

std::string Indexed(absl::string_view field, size_t i) {
  return absl::StrCat(field, "[", i, "]");
}

// The shortest plain decimal that reads back as the same double: "23",
// "23.5", "0.0000001" (never an exponent). Rules and visits are stored as
// this text, so a rounded form would change what a stored rule fires on.
std::string FormatNumber(double v) {
  char buffer[512];  // fixed notation of any double fits
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, v,
                                          std::chars_format::fixed);
  std::string s(buffer, error == std::errc() ? end : buffer);
  if (s == "-0") s = "0";
  return s;
}

constexpr std::pair<Comparison, absl::string_view> kComparisonSymbols[] = {
    // Two-character symbols first, so parsing finds "<=" before "<".
    {Comparison::kLessOrEqual, "<="}, {Comparison::kGreaterOrEqual, ">="},
    {Comparison::kLess, "<"},         {Comparison::kGreater, ">"},
    {Comparison::kEqual, "="},
};

absl::string_view Symbol(Comparison c) {
  for (const auto& [comparison, symbol] : kComparisonSymbols) {
    if (comparison == c) return symbol;
  }
  return "?";
}

// The set of numbers a list of conditions on one code admits, as an
// interval; empty when no number satisfies them all.
struct Interval {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_closed = true;
  bool hi_closed = true;

  void Apply(const NumericCondition& c) {
    const double v = c.value;
    switch (c.comparison) {
      case Comparison::kLess:
        if (v < hi || (v == hi && hi_closed)) {
          hi = v;
          hi_closed = false;
        }
        break;
      case Comparison::kLessOrEqual:
        if (v < hi) {
          hi = v;
          hi_closed = true;
        }
        break;
      case Comparison::kEqual:
        Apply({c.code, Comparison::kLessOrEqual, v});
        Apply({c.code, Comparison::kGreaterOrEqual, v});
        break;
      case Comparison::kGreaterOrEqual:
        if (v > lo) {
          lo = v;
          lo_closed = true;
        }
        break;
      case Comparison::kGreater:
        if (v > lo || (v == lo && lo_closed)) {
          lo = v;
          lo_closed = false;
        }
        break;
    }
  }
  bool empty() const {
    return lo > hi || (lo == hi && !(lo_closed && hi_closed));
  }
};

absl::Status CheckCodeList(absl::string_view field,
                           const std::vector<std::string>& codes,
                           const Vocabulary& vocabulary) {
  if (codes.size() > kMaxCodesPerList) {
    return Invalid(field, absl::StrCat("at most ", kMaxCodesPerList, " codes"));
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < codes.size(); ++i) {
    const std::string f = Indexed(field, i);
    CONCIERGE_RETURN_IF_ERROR(ValidateCode(f, codes[i]));
    if (vocabulary.FindObservation(codes[i]) == nullptr) {
      return Invalid(f, absl::StrCat("unknown observation code \"", codes[i],
                                     "\" (declare a new code in "
                                     "new_observations)"));
    }
    if (!seen.insert(codes[i]).second) {
      return Invalid(f, absl::StrCat(codes[i], " is given twice"));
    }
  }
  return absl::OkStatus();
}

// The rule's conditions on `context`; fills the facts it used.
bool ProfileHolds(const ProfileConditions& p, const GuestContext& context,
                  std::vector<std::string>* facts) {
  if (p.empty()) return true;
  if (!context.has_guest) return false;
  if (p.birthday_today) {
    if (!context.birthday_today) return false;
    facts->push_back(kBirthdayFact);
  }
  if (p.travelling_with_infant) {
    if (!context.travelling_with_infant()) return false;
    facts->push_back(context.infants > 0
                         ? absl::StrCat("infants=", context.infants)
                         : absl::StrCat("SERVICE:", kInfantFactKey, "=true"));
  }
  if (p.min_vip_level > 0) {
    if (context.vip_level < p.min_vip_level) return false;
    facts->push_back(absl::StrCat("vip_level=", context.vip_level));
  }
  for (const PreferenceFact& wanted : p.preferences) {
    if (std::find(context.preferences.begin(), context.preferences.end(),
                  wanted) == context.preferences.end()) {
      return false;
    }
    facts->push_back(FormatFact(wanted));
  }
  return true;
}

// Whether `rule` fires on `observations`; fills the reason when it does.
bool Fires(const Rule& rule, const std::vector<Observation>& observations,
           const GuestContext& context, SuggestionReason* reason) {
  auto find = [&](absl::string_view code) -> const Observation* {
    for (const Observation& o : observations) {
      if (o.code == code) return &o;
    }
    return nullptr;
  };
  std::set<std::string> used;
  for (const std::string& code : rule.all_of) {
    if (find(code) == nullptr) return false;
    used.insert(code);
  }
  if (!rule.any_of.empty()) {
    bool any = false;
    for (const std::string& code : rule.any_of) {
      if (find(code) != nullptr) {
        any = true;
        used.insert(code);
      }
    }
    if (!any) return false;
  }
  for (const NumericCondition& c : rule.numeric) {
    const Observation* o = find(c.code);
    if (o == nullptr || !o->value || !Satisfies(c, *o->value)) return false;
    used.insert(c.code);
  }
  std::vector<std::string> facts;
  if (!ProfileHolds(rule.profile, context, &facts)) return false;
  reason->rule_id = rule.id;
  reason->rule_code = rule.code;
  reason->title_zh = rule.title_zh;
  reason->title_en = rule.title_en;
  for (const Observation& o : observations) {  // in the order reported
    if (used.count(o.code)) reason->observations.push_back(o);
  }
  reason->facts = std::move(facts);
  return true;
}

int QuantityOf(const ActionDefinition& action,
               const std::vector<Observation>& observations) {
  if (action.quantity_observation.empty()) return 1;
  for (const Observation& o : observations) {
    if (o.code == action.quantity_observation && o.value) {
      const long rounded = std::lround(*o.value);
      return static_cast<int>(std::clamp<long>(rounded, 1, kMaxQuantity));
    }
  }
  return 1;
}

std::vector<ActionSuggestion> Evaluate(
    RuleTrigger trigger, const std::vector<Observation>& observations,
    const GuestContext& context, const std::vector<Rule>& rules,
    const Vocabulary& vocabulary) {
  std::vector<ActionSuggestion> out;
  std::map<std::string, size_t> index;  // action code -> position in `out`
  for (const Rule& rule : rules) {
    if (!rule.enabled || rule.trigger != trigger) continue;
    SuggestionReason reason;
    if (!Fires(rule, observations, context, &reason)) continue;
    for (const std::string& code : rule.actions) {
      const ActionDefinition* action = vocabulary.FindAction(code);
      if (action == nullptr) continue;
      auto [it, inserted] = index.emplace(code, out.size());
      if (inserted) {
        ActionSuggestion s;
        s.action = *action;
        s.quantity = QuantityOf(*action, observations);
        out.push_back(std::move(s));
      }
      std::vector<SuggestionReason>& reasons = out[it->second].reasons;
      const bool listed =
          std::any_of(reasons.begin(), reasons.end(),
                      [&](const auto& r) { return r.rule_id == rule.id; });
      if (!listed) reasons.push_back(reason);
    }
  }
  return out;
}

bool ParseFlag(absl::string_view text, bool* out) {
  if (text == "1" || text == "true") {
    *out = true;
    return true;
  }
  if (text == "0" || text == "false") {
    *out = false;
    return true;
  }
  return false;
}

// "A;B" -> {"A", "B"}; "-" or "" -> {}.
std::vector<std::string> SplitList(absl::string_view text) {
  if (text == "-") return {};
  return absl::StrSplit(text, ';', absl::SkipWhitespace());
}

}  // namespace

// --- vocabulary ------------------------------------------------------------

std::string FormatFact(const PreferenceFact& fact) {
  return absl::StrCat(PreferenceCategoryName(fact.category), ":", fact.key, "=",
                      fact.value);
}

absl::StatusOr<PreferenceFact> ParseFact(absl::string_view field,
                                         absl::string_view text) {
  const size_t colon = text.find(':');
  const size_t equals = text.find('=');
  if (colon == absl::string_view::npos || equals == absl::string_view::npos ||
      equals < colon) {
    return Invalid(field, "must be CATEGORY:key=value, e.g. ROOM:curtains=gap");
  }
  const auto category =
      PreferenceCategoryFromName(absl::AsciiStrToUpper(text.substr(0, colon)));
  if (!category) {
    return Invalid(field,
                   "category must be ROOM, FOOD_AND_BEVERAGE, AMENITY or "
                   "SERVICE");
  }
  PreferenceFact fact{*category,
                      std::string(text.substr(colon + 1, equals - colon - 1)),
                      std::string(text.substr(equals + 1))};
  CONCIERGE_RETURN_IF_ERROR(ValidateFact(field, fact));
  return fact;
}

absl::Status ValidateFact(absl::string_view field, const PreferenceFact& fact) {
  Preference p;
  p.category = fact.category;
  p.key = fact.key;
  p.value = fact.value;
  return ValidatePreference(field, p);
}

const ObservationDefinition* Vocabulary::FindObservation(
    absl::string_view code) const {
  for (const ObservationDefinition& d : observations) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

const ActionDefinition* Vocabulary::FindAction(absl::string_view code) const {
  for (const ActionDefinition& d : actions) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

absl::Status ValidateObservationDefinition(absl::string_view field,
                                           const ObservationDefinition& def) {
  CONCIERGE_RETURN_IF_ERROR(
      ValidateCode(absl::StrCat(field, ".code"), def.code));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText(absl::StrCat(field, ".unit"), def.unit,
                   TextRule{.required = false, .max_chars = 16}));
  if (!def.takes_number && !def.unit.empty()) {
    return Invalid(absl::StrCat(field, ".unit"),
                   "only codes that take a number have a unit");
  }
  CONCIERGE_RETURN_IF_ERROR(ValidateText(absl::StrCat(field, ".label.zh"),
                                         def.label_zh, kRequiredName));
  return ValidateText(absl::StrCat(field, ".label.en"), def.label_en,
                      kRequiredName);
}

absl::Status ValidateActionDefinition(absl::string_view field,
                                      const ActionDefinition& def,
                                      absl::string_view site_currency,
                                      const Vocabulary& vocabulary) {
  CONCIERGE_RETURN_IF_ERROR(
      ValidateCode(absl::StrCat(field, ".code"), def.code));
  CONCIERGE_RETURN_IF_ERROR(ValidateText(absl::StrCat(field, ".title.zh"),
                                         def.title_zh, kRequiredName));
  CONCIERGE_RETURN_IF_ERROR(ValidateText(absl::StrCat(field, ".title.en"),
                                         def.title_en, kRequiredName));
  CONCIERGE_RETURN_IF_ERROR(ValidateCode(
      absl::StrCat(field, ".department_code"), def.department_code));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateAmount(absl::StrCat(field, ".cost"), def.cost, site_currency));
  if (def.is_sale && def.cost.minor == 0) {
    return Invalid(absl::StrCat(field, ".cost"), "a sale needs a price");
  }
  if (def.is_sale && def.department_task) {
    return Invalid(absl::StrCat(field, ".is_sale"),
                   "a sale is made in the room, not by a department's queue");
  }
  if (def.for_next_shift && def.department_task) {
    return Invalid(absl::StrCat(field, ".for_next_shift"),
                   "a department task is not handed over to the next shift");
  }
  if (!def.quantity_observation.empty()) {
    const std::string f = absl::StrCat(field, ".quantity_observation");
    const ObservationDefinition* o =
        vocabulary.FindObservation(def.quantity_observation);
    if (o == nullptr) {
      return Invalid(f, absl::StrCat("unknown observation code \"",
                                     def.quantity_observation, "\""));
    }
    if (!o->takes_number) {
      return Invalid(f, absl::StrCat(def.quantity_observation,
                                     " takes no number to count by"));
    }
  }
  if (def.teaches) {
    CONCIERGE_RETURN_IF_ERROR(
        ValidateFact(absl::StrCat(field, ".teaches"), *def.teaches));
  }
  if (def.deadline_minutes < 0 || def.deadline_minutes > kMaxDeadlineMinutes) {
    return Invalid(absl::StrCat(field, ".deadline_minutes"),
                   absl::StrCat("must be 0 (the default) to ",
                                kMaxDeadlineMinutes, " (a week)"));
  }
  if (!def.minibar_item.empty()) {
    CONCIERGE_RETURN_IF_ERROR(
        ValidateCode(absl::StrCat(field, ".minibar_item"), def.minibar_item));
    if (def.is_sale) {
      return Invalid(absl::StrCat(field, ".is_sale"),
                     "a minibar restock charges nothing: what the guest "
                     "consumes is charged when the minibar is counted");
    }
    if (def.department_task) {
      return Invalid(absl::StrCat(field, ".department_task"),
                     "the minibar is restocked in the room");
    }
  }
  return absl::OkStatus();
}

// --- observations ----------------------------------------------------------

std::string FormatObservation(const Observation& o) {
  if (!o.value) return o.code;
  return absl::StrCat(o.code, "(", FormatNumber(*o.value), ")");
}

absl::StatusOr<Observation> ParseObservation(absl::string_view field,
                                             absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  Observation o;
  const size_t open = text.find('(');
  if (open == absl::string_view::npos) {
    o.code = std::string(text);
  } else {
    if (text.back() != ')') {
      return Invalid(field, "write CODE or CODE(number), e.g. AC_SETPOINT(23)");
    }
    o.code = std::string(text.substr(0, open));
    double v = 0;
    const absl::string_view number =
        text.substr(open + 1, text.size() - open - 2);
    if (!absl::SimpleAtod(number, &v) || !std::isfinite(v)) {
      return Invalid(field, absl::StrCat("\"", number, "\" is not a number"));
    }
    o.value = v;
  }
  CONCIERGE_RETURN_IF_ERROR(ValidateCode(field, o.code));
  return o;
}

absl::Status ValidateObservations(absl::string_view field,
                                  const std::vector<Observation>& observations,
                                  const Vocabulary& vocabulary) {
  if (observations.size() > kMaxObservationsPerVisit) {
    return Invalid(field, absl::StrCat("at most ", kMaxObservationsPerVisit));
  }
  for (size_t i = 0; i < observations.size(); ++i) {
    const Observation& o = observations[i];
    const std::string f = Indexed(field, i);
    CONCIERGE_RETURN_IF_ERROR(ValidateCode(absl::StrCat(f, ".code"), o.code));
    const ObservationDefinition* def = vocabulary.FindObservation(o.code);
    if (def == nullptr) {
      return Invalid(absl::StrCat(f, ".code"),
                     absl::StrCat("unknown observation code \"", o.code,
                                  "\" (a hotel adds codes through its rules)"));
    }
    if (o.value) {
      if (!def->takes_number) {
        return Invalid(absl::StrCat(f, ".value"),
                       absl::StrCat(o.code, " takes no number"));
      }
      if (!std::isfinite(*o.value) ||
          std::fabs(*o.value) > kMaxObservationValue) {
        return Invalid(absl::StrCat(f, ".value"),
                       "must be a finite number within +-1000000");
      }
    }
  }
  return MergeRepeatedObservations(field, observations).status();
}

absl::StatusOr<std::vector<Observation>> MergeRepeatedObservations(
    absl::string_view field, const std::vector<Observation>& observations) {
  std::vector<Observation> out;
  std::map<std::string, size_t> first;  // code -> position in `out`
  for (size_t i = 0; i < observations.size(); ++i) {
    const Observation& o = observations[i];
    auto [it, inserted] = first.emplace(o.code, out.size());
    if (inserted) {
      out.push_back(o);
      continue;
    }
    Observation& kept = out[it->second];
    if (!o.value || kept.value == o.value) continue;  // the same tap again
    if (!kept.value) {
      kept.value = o.value;  // the number says more than the bare code
      continue;
    }
    return Invalid(
        absl::StrCat(Indexed(field, i), ".value"),
        absl::StrCat(o.code, " is reported as both ", FormatObservation(kept),
                     " and ", FormatObservation(o),
                     ": report it once, with the number seen"));
  }
  return out;
}

// --- rules -----------------------------------------------------------------

absl::string_view RuleTriggerName(RuleTrigger t) {
  return t == RuleTrigger::kObservation ? "OBSERVATION" : "STANDING";
}

std::optional<RuleTrigger> RuleTriggerFromName(absl::string_view name) {
  if (name == "OBSERVATION") return RuleTrigger::kObservation;
  if (name == "STANDING") return RuleTrigger::kStanding;
  return std::nullopt;
}

std::string FormatCondition(const NumericCondition& c) {
  return absl::StrCat(c.code, Symbol(c.comparison), FormatNumber(c.value));
}

absl::StatusOr<NumericCondition> ParseCondition(absl::string_view field,
                                                absl::string_view text) {
  for (const auto& [comparison, symbol] : kComparisonSymbols) {
    const size_t at = text.find(symbol);
    if (at == absl::string_view::npos) continue;
    NumericCondition c;
    c.code = std::string(absl::StripAsciiWhitespace(text.substr(0, at)));
    c.comparison = comparison;
    const absl::string_view number =
        absl::StripAsciiWhitespace(text.substr(at + symbol.size()));
    if (!absl::SimpleAtod(number, &c.value) || !std::isfinite(c.value)) {
      return Invalid(field, absl::StrCat("\"", number, "\" is not a number"));
    }
    CONCIERGE_RETURN_IF_ERROR(ValidateCode(field, c.code));
    return c;
  }
  return Invalid(field, "write CODE<=n (operators <, <=, =, >=, >)");
}

bool Satisfies(const NumericCondition& c, double v) {
  switch (c.comparison) {
    case Comparison::kLess:
      return v < c.value;
    case Comparison::kLessOrEqual:
      return v <= c.value;
    case Comparison::kEqual:
      return v == c.value;
    case Comparison::kGreaterOrEqual:
      return v >= c.value;
    case Comparison::kGreater:
      return v > c.value;
  }
  return false;
}

absl::Status ValidateRule(absl::string_view field, const Rule& rule,
                          const Vocabulary& vocabulary) {
  auto f = [&](absl::string_view name) {
    return absl::StrCat(field, ".", name);
  };
  CONCIERGE_RETURN_IF_ERROR(ValidateCode(f("code"), rule.code));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText(f("title.zh"), rule.title_zh, kRequiredName));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText(f("title.en"), rule.title_en, kRequiredName));
  CONCIERGE_RETURN_IF_ERROR(
      CheckCodeList(f("all_of"), rule.all_of, vocabulary));
  CONCIERGE_RETURN_IF_ERROR(
      CheckCodeList(f("any_of"), rule.any_of, vocabulary));
  for (size_t i = 0; i < rule.any_of.size(); ++i) {
    if (std::find(rule.all_of.begin(), rule.all_of.end(), rule.any_of[i]) !=
        rule.all_of.end()) {
      return Invalid(Indexed(f("any_of"), i),
                     absl::StrCat(rule.any_of[i], " is already in all_of"));
    }
  }
  if (rule.numeric.size() > kMaxNumericConditions) {
    return Invalid(f("numeric_conditions"),
                   absl::StrCat("at most ", kMaxNumericConditions));
  }
  std::map<std::string, Interval> bounds;
  for (size_t i = 0; i < rule.numeric.size(); ++i) {
    const NumericCondition& c = rule.numeric[i];
    const std::string cf = Indexed(f("numeric_conditions"), i);
    CONCIERGE_RETURN_IF_ERROR(ValidateCode(absl::StrCat(cf, ".code"), c.code));
    const ObservationDefinition* def = vocabulary.FindObservation(c.code);
    if (def == nullptr) {
      return Invalid(absl::StrCat(cf, ".code"),
                     absl::StrCat("unknown observation code \"", c.code,
                                  "\" (declare a new code in "
                                  "new_observations)"));
    }
    if (!def->takes_number) {
      return Invalid(absl::StrCat(cf, ".code"),
                     absl::StrCat(c.code,
                                  " takes no number, so this condition could "
                                  "never hold"));
    }
    if (!std::isfinite(c.value) || std::fabs(c.value) > kMaxObservationValue) {
      return Invalid(absl::StrCat(cf, ".value"),
                     "must be a finite number within +-1000000");
    }
    Interval& interval = bounds[c.code];
    interval.Apply(c);
    if (interval.empty()) {
      return Invalid(
          cf, absl::StrCat("no number satisfies every condition on ", c.code,
                           ", so the rule could never match"));
    }
  }
  const bool observes =
      !rule.all_of.empty() || !rule.any_of.empty() || !rule.numeric.empty();
  const ProfileConditions& p = rule.profile;
  if (p.min_vip_level < 0 || p.min_vip_level > kMaxVipLevel) {
    return Invalid(f("profile.min_vip_level"), "must be 0 (none) to 5");
  }
  if (p.preferences.size() > kMaxPreferenceConditions) {
    return Invalid(f("profile.preferences"),
                   absl::StrCat("at most ", kMaxPreferenceConditions));
  }
  for (size_t i = 0; i < p.preferences.size(); ++i) {
    const std::string pf = Indexed(f("profile.preferences"), i);
    CONCIERGE_RETURN_IF_ERROR(ValidateFact(pf, p.preferences[i]));
    for (size_t j = 0; j < i; ++j) {
      if (p.preferences[j].category == p.preferences[i].category &&
          p.preferences[j].key == p.preferences[i].key) {
        return Invalid(pf, absl::StrCat("a guest has one current value of ",
                                        p.preferences[i].key,
                                        ", so asking for two could never "
                                        "match"));
      }
    }
  }
  switch (rule.trigger) {
    case RuleTrigger::kObservation:
      if (!observes) {
        return Invalid(field,
                       "an OBSERVATION rule needs at least one of all_of, "
                       "any_of and numeric_conditions (it could never match)");
      }
      break;
    case RuleTrigger::kStanding:
      if (observes) {
        return Invalid(f("trigger"),
                       "a STANDING rule works from the profile alone; it takes "
                       "no observations");
      }
      if (p.empty()) {
        return Invalid(f("profile"),
                       "a STANDING rule needs at least one profile condition");
      }
      break;
  }
  if (rule.actions.empty()) {
    return Invalid(f("actions"), "give at least one action code");
  }
  if (rule.actions.size() > kMaxActionsPerRule) {
    return Invalid(f("actions"), absl::StrCat("at most ", kMaxActionsPerRule));
  }
  for (size_t i = 0; i < rule.actions.size(); ++i) {
    const std::string af = Indexed(f("actions"), i);
    CONCIERGE_RETURN_IF_ERROR(ValidateCode(af, rule.actions[i]));
    if (vocabulary.FindAction(rule.actions[i]) == nullptr) {
      return Invalid(af, absl::StrCat("unknown action code \"", rule.actions[i],
                                      "\" (declare a new action in "
                                      "new_actions)"));
    }
    for (size_t j = 0; j < i; ++j) {
      if (rule.actions[j] == rule.actions[i]) {
        return Invalid(af, absl::StrCat(rule.actions[i], " is given twice"));
      }
    }
  }
  return absl::OkStatus();
}

// --- evaluation ------------------------------------------------------------

bool GuestContext::travelling_with_infant() const {
  if (infants > 0) return true;
  const PreferenceFact fact{PreferenceCategory::kService, kInfantFactKey,
                            "true"};
  return std::find(preferences.begin(), preferences.end(), fact) !=
         preferences.end();
}

std::vector<ActionSuggestion> SuggestActions(
    const std::vector<Observation>& observations, const GuestContext& context,
    const std::vector<Rule>& rules, const Vocabulary& vocabulary) {
  return Evaluate(RuleTrigger::kObservation, observations, context, rules,
                  vocabulary);
}

std::vector<ActionSuggestion> StandingChecklist(const GuestContext& context,
                                                const std::vector<Rule>& rules,
                                                const Vocabulary& vocabulary) {
  if (!context.has_guest) return {};
  return Evaluate(RuleTrigger::kStanding, {}, context, rules, vocabulary);
}

// --- the default set -------------------------------------------------------

absl::StatusOr<HousekeepingSeed> ParseHousekeepingSeed(
    absl::string_view observations_tsv, absl::string_view actions_tsv,
    absl::string_view rules_tsv) {
  HousekeepingSeed seed;
  // Each file: a header line, then tab-separated fields.
  auto lines = [](absl::string_view tsv) {
    std::vector<std::vector<std::string>> out;
    bool header = true;
    for (absl::string_view line :
         absl::StrSplit(tsv, '\n', absl::SkipEmpty())) {
      if (header) {
        header = false;
        continue;
      }
      out.push_back(
          absl::StrSplit(absl::StripTrailingAsciiWhitespace(line), '\t'));
    }
    return out;
  };
  auto bad = [](absl::string_view file, size_t row, absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat("housekeeping seed ", file, " row ", row + 1, ": ", why));
  };

  const auto observation_rows = lines(observations_tsv);
  for (size_t i = 0; i < observation_rows.size(); ++i) {
    const auto& f = observation_rows[i];
    if (f.size() != 5) return bad("observations", i, "expected 5 fields");
    ObservationDefinition d;
    d.code = f[0];
    if (!ParseFlag(f[1], &d.takes_number)) {
      return bad("observations", i, "takes_number is 0 or 1");
    }
    d.unit = f[2];
    d.label_zh = f[3];
    d.label_en = f[4];
    CONCIERGE_RETURN_IF_ERROR(ValidateObservationDefinition(
        absl::StrCat("observations row ", i + 1), d));
    seed.observations.push_back(std::move(d));
  }
  Vocabulary vocabulary;
  vocabulary.observations = seed.observations;

  const auto action_rows = lines(actions_tsv);
  for (size_t i = 0; i < action_rows.size(); ++i) {
    const auto& f = action_rows[i];
    if (f.size() != 12) return bad("actions", i, "expected 12 fields");
    ActionDefinition a;
    a.code = f[0];
    a.title_zh = f[1];
    a.title_en = f[2];
    a.department_code = f[3];
    if (!absl::SimpleAtoi(f[4], &a.cost.minor) ||
        !ParseFlag(f[5], &a.is_sale) || !ParseFlag(f[6], &a.for_next_shift) ||
        !ParseFlag(f[7], &a.department_task)) {
      return bad("actions", i, "cost_minor is a number, flags are 0 or 1");
    }
    if (f[8] != "-") a.quantity_observation = f[8];
    if (f[9] != "-") {
      CONCIERGE_ASSIGN_OR_RETURN(
          a.teaches,
          ParseFact(absl::StrCat("actions row ", i + 1, ".teaches"), f[9]));
    }
    if (f[10] != "-") a.minibar_item = f[10];
    if (!absl::SimpleAtoi(f[11], &a.deadline_minutes)) {
      return bad("actions", i, "deadline_minutes is a number");
    }
    a.cost.currency = "CNY";  // validated shape only; sites use their own
    CONCIERGE_RETURN_IF_ERROR(ValidateActionDefinition(
        absl::StrCat("actions row ", i + 1), a, "CNY", vocabulary));
    a.cost.currency.clear();
    seed.actions.push_back(std::move(a));
  }
  vocabulary.actions = seed.actions;

  const auto rule_rows = lines(rules_tsv);
  for (size_t i = 0; i < rule_rows.size(); ++i) {
    const auto& f = rule_rows[i];
    if (f.size() != 9) return bad("rules", i, "expected 9 fields");
    const std::string field = absl::StrCat("rules row ", i + 1);
    Rule r;
    r.code = f[0];
    const auto trigger = RuleTriggerFromName(f[1]);
    if (!trigger) return bad("rules", i, "trigger is OBSERVATION or STANDING");
    r.trigger = *trigger;
    r.all_of = SplitList(f[2]);
    r.any_of = SplitList(f[3]);
    for (const std::string& text : SplitList(f[4])) {
      CONCIERGE_ASSIGN_OR_RETURN(
          NumericCondition c,
          ParseCondition(absl::StrCat(field, ".numeric"), text));
      r.numeric.push_back(std::move(c));
    }
    for (const std::string& token : SplitList(f[5])) {
      if (token == "birthday_today") {
        r.profile.birthday_today = true;
      } else if (token == "travelling_with_infant") {
        r.profile.travelling_with_infant = true;
      } else if (absl::StartsWith(token, "vip>=")) {
        if (!absl::SimpleAtoi(token.substr(5), &r.profile.min_vip_level)) {
          return bad("rules", i, "vip>=N");
        }
      } else if (absl::StartsWith(token, "pref:")) {
        CONCIERGE_ASSIGN_OR_RETURN(
            PreferenceFact fact, ParseFact(absl::StrCat(field, ".profile"),
                                           absl::string_view(token).substr(5)));
        r.profile.preferences.push_back(std::move(fact));
      } else {
        return bad("rules", i,
                   absl::StrCat("unknown profile condition \"", token, "\""));
      }
    }
    r.actions = SplitList(f[6]);
    r.title_zh = f[7];
    r.title_en = f[8];
    CONCIERGE_RETURN_IF_ERROR(ValidateRule(field, r, vocabulary));
    for (const Rule& earlier : seed.rules) {
      if (earlier.code == r.code) return bad("rules", i, "code given twice");
    }
    seed.rules.push_back(std::move(r));
  }
  return seed;
}

}  // namespace concierge::domain
