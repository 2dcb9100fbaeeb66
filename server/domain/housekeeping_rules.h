#ifndef CONCIERGE_SERVER_DOMAIN_HOUSEKEEPING_RULES_H_
#define CONCIERGE_SERVER_DOMAIN_HOUSEKEEPING_RULES_H_

// The housekeeping rules engine (seed Parts 2 and 3: observe, infer, act,
// remember). Pure: observations, the guest's context, the site's rules and
// vocabulary in; suggested actions out, each with the rules that fired and
// the observations and profile facts they used. No SQL, no clock, no gRPC.
//
// Everything the engine knows is data of a site: observation codes (what an
// attendant may report, some with a number), action definitions (text,
// department, cost, sale, handover, what the action teaches the profile)
// and rules. The defaults are db/seed/housekeeping_*.tsv.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/guests.h"
#include "server/domain/money.h"

namespace concierge::domain {

// --- vocabulary ------------------------------------------------------------

// What an attendant may report in a room.
struct ObservationDefinition {
  int64_t id = 0;
  int64_t site_id = 0;
  std::string code;  // "AC_SETPOINT"
  // The observation may carry a number (always optional); codes that take
  // none refuse one.
  bool takes_number = false;
  std::string unit;  // "°C"
  std::string label_zh, label_en;
  absl::Time create_time;
  std::string created_by;
};

// A (category, key, value) of a guest's profile: what a rule asks of the
// profile, what an action teaches it. "ROOM:curtains=gap" as text.
struct PreferenceFact {
  PreferenceCategory category = PreferenceCategory::kRoom;
  std::string key;
  std::string value;
  friend bool operator==(const PreferenceFact&,
                         const PreferenceFact&) = default;
};
std::string FormatFact(const PreferenceFact& fact);
// "ROOM:curtains=gap"; INVALID_ARGUMENT naming `field` when malformed.
absl::StatusOr<PreferenceFact> ParseFact(absl::string_view field,
                                         absl::string_view text);
absl::Status ValidateFact(absl::string_view field, const PreferenceFact& fact);

// What an action is, per site.
struct ActionDefinition {
  int64_t id = 0;
  int64_t site_id = 0;
  std::string code;  // "ADD_BLANKET"
  std::string title_zh, title_en;
  int64_t department_id = 0;
  std::string department_code;
  // Per unit: the hotel's cost (a gift) or, for a sale, the price charged.
  Money cost;
  // DONE charges cost x quantity to the stay (a sale made in the room).
  bool is_sale = false;
  // Done at the next turndown by the next shift (a handover).
  bool for_next_shift = false;
  // Carried out by its department from a queue, not by the attendant.
  bool department_task = false;
  // An observation code whose number is the quantity; "" for always 1.
  std::string quantity_observation;
  // The LEARNED preference DONE writes.
  std::optional<PreferenceFact> teaches;
  // A restock of the minibar: the item (a MinibarItem code) DONE adds,
  // quantity of it, charging nothing; "" for other actions. What the guest
  // consumes is charged from a count (server/domain/minibar.h).
  std::string minibar_item;
  // For an action that waits (approval, another department): how long it
  // stays useful, 1 to kMaxDeadlineMinutes; 0: the default (housekeeping.h,
  // WaitingDeadline).
  int deadline_minutes = 0;
  absl::Time create_time;
  std::string created_by;
};

// A site's vocabulary: what may be observed and what may be suggested.
struct Vocabulary {
  std::vector<ObservationDefinition> observations;
  std::vector<ActionDefinition> actions;

  const ObservationDefinition* FindObservation(absl::string_view code) const;
  const ActionDefinition* FindAction(absl::string_view code) const;
};

absl::Status ValidateObservationDefinition(absl::string_view field,
                                           const ObservationDefinition& def);
// Shape only: the department's and the minibar item's existence are the
// store's to check; `quantity_observation` must be a code of `vocabulary`
// that takes a number; a minibar restock is no sale (what is consumed is
// charged from a count, never when stocked).
absl::Status ValidateActionDefinition(absl::string_view field,
                                      const ActionDefinition& def,
                                      absl::string_view site_currency,
                                      const Vocabulary& vocabulary);

// --- observations ----------------------------------------------------------

// One thing seen in a room: "AC_SETPOINT(23)" is {AC_SETPOINT, 23}.
struct Observation {
  std::string code;
  std::optional<double> value;
  friend bool operator==(const Observation&, const Observation&) = default;
};
// "AC_SETPOINT(23)", "AC_SETPOINT(23.5)", "AC_OFF".
std::string FormatObservation(const Observation& o);
// The inverse; INVALID_ARGUMENT naming `field` when malformed (the codes
// themselves are checked against a vocabulary by ValidateObservations).
absl::StatusOr<Observation> ParseObservation(absl::string_view field,
                                             absl::string_view text);

// Every code known to `vocabulary` (INVALID_ARGUMENT "observations[i].code"
// naming an unknown one), a number only where the code takes one and then
// finite and within +-1e6, and no code reported with two different numbers
// (see MergeRepeatedObservations). `field` is the list's name.
absl::Status ValidateObservations(absl::string_view field,
                                  const std::vector<Observation>& observations,
                                  const Vocabulary& vocabulary);

// A double tap is one observation: a code reported twice in one visit,
// both times without a number or with the same number, counts once (in the
// place it was first reported). A code once with a number and once without
// counts once, with the number (the number only says more). The same code
// with two different numbers is INVALID_ARGUMENT naming the second
// ("observations[3].value") and both numbers: the attendant must say which.
absl::StatusOr<std::vector<Observation>> MergeRepeatedObservations(
    absl::string_view field, const std::vector<Observation>& observations);

// --- rules -----------------------------------------------------------------

enum class RuleTrigger { kObservation, kStanding };
absl::string_view RuleTriggerName(RuleTrigger t);
std::optional<RuleTrigger> RuleTriggerFromName(absl::string_view name);

enum class Comparison {
  kLess,
  kLessOrEqual,
  kEqual,
  kGreaterOrEqual,
  kGreater
};

// "AC_SETPOINT <= 24": the code was observed WITH a number satisfying it.
struct NumericCondition {
  std::string code;
  Comparison comparison = Comparison::kLessOrEqual;
  double value = 0;
  friend bool operator==(const NumericCondition&,
                         const NumericCondition&) = default;
};
// "AC_SETPOINT<=24" (operators <, <=, =, >=, >).
std::string FormatCondition(const NumericCondition& c);
absl::StatusOr<NumericCondition> ParseCondition(absl::string_view field,
                                                absl::string_view text);
bool Satisfies(const NumericCondition& c, double value);

// Conditions on the guest of the room's open stay; none hold in a vacant
// room.
struct ProfileConditions {
  bool birthday_today = false;
  bool travelling_with_infant = false;
  int min_vip_level = 0;  // 0: none
  std::vector<PreferenceFact> preferences;
  bool empty() const {
    return !birthday_today && !travelling_with_infant && min_vip_level == 0 &&
           preferences.empty();
  }
};

// How often a rule fired in [start, end) and what became of the actions
// it suggested (counted by the state they are in now).
struct RuleUsage {
  absl::Time start;
  absl::Time end;
  int fired = 0;
  int done = 0;
  int skipped = 0;
  int waiting = 0;  // suggested, awaiting approval, approved
  int rejected = 0;
  int expired = 0;
};

struct Rule {
  int64_t id = 0;
  int64_t site_id = 0;
  std::string code;
  std::string title_zh, title_en;  // why, shown with each suggestion
  RuleTrigger trigger = RuleTrigger::kObservation;
  std::vector<std::string> all_of;
  std::vector<std::string> any_of;
  std::vector<NumericCondition> numeric;
  ProfileConditions profile;
  std::vector<std::string> actions;
  bool enabled = true;
  absl::Time create_time;
  absl::Time update_time;
  std::string updated_by;
  int64_t version = 1;
  // Read model, set by ListRules only: this month's usage.
  RuleUsage usage;
};

// A rule that can fire, against `vocabulary` (the site's, plus what the
// same call declares): INVALID_ARGUMENT naming the field for an empty or
// malformed code or title; an OBSERVATION rule without any observation
// condition, or a STANDING rule with one or without a profile condition;
// unknown observation or action codes; a number condition on a code that
// takes none; numeric bounds no number satisfies (AC_SETPOINT>26 and
// AC_SETPOINT<20); two values required of one preference; a VIP level
// above 5; no actions; a code given twice.
absl::Status ValidateRule(absl::string_view field, const Rule& rule,
                          const Vocabulary& vocabulary);

// --- evaluation ------------------------------------------------------------

// The guest of the room's open stay, as the rules see them.
struct GuestContext {
  bool has_guest = false;
  bool birthday_today = false;  // in the site's time zone
  int infants = 0;              // in the stay's party
  int vip_level = 0;
  std::vector<PreferenceFact> preferences;  // current ones
  // An infant in the party, or the fact SERVICE travelling_with_infant=true.
  bool travelling_with_infant() const;
};
// The profile fact meaning "an infant travels with the guest".
inline constexpr char kInfantFactKey[] = "travelling_with_infant";
// The fact a reason lists when a rule fired on the guest's birthday.
inline constexpr char kBirthdayFact[] = "birthday_today";
// The longest an action may wait (ActionDefinition.deadline_minutes).
inline constexpr int kMaxDeadlineMinutes = 7 * 24 * 60;

// One rule that fired for a suggestion.
struct SuggestionReason {
  int64_t rule_id = 0;
  std::string rule_code;
  std::string title_zh, title_en;
  std::vector<Observation> observations;  // those the rule used
  std::vector<std::string> facts;  // "birthday_today", "ROOM:curtains=gap"
};

// An action to take, once per code however many rules suggest it.
struct ActionSuggestion {
  ActionDefinition action;
  int quantity = 1;  // from action.quantity_observation, 1 to 99
  std::vector<SuggestionReason> reasons;
};

// The enabled OBSERVATION rules that `observations` (already validated) and
// `context` satisfy, in rule order, turned into suggestions deduplicated by
// action code (every firing rule listed as a reason), in the order each
// action first appears. Rules naming an action `vocabulary` lacks are
// skipped for that action.
std::vector<ActionSuggestion> SuggestActions(
    const std::vector<Observation>& observations, const GuestContext& context,
    const std::vector<Rule>& rules, const Vocabulary& vocabulary);

// The standing checklist: the enabled STANDING rules `context` satisfies,
// deduplicated the same way. Empty for a vacant room.
std::vector<ActionSuggestion> StandingChecklist(const GuestContext& context,
                                                const std::vector<Rule>& rules,
                                                const Vocabulary& vocabulary);

// --- the default set (db/seed/housekeeping_*.tsv) --------------------------

struct HousekeepingSeed {
  std::vector<ObservationDefinition> observations;
  // department_code set, department_id not; cost without currency.
  std::vector<ActionDefinition> actions;
  std::vector<Rule> rules;
};
// Parses the three seed files (a header line each). Every rule is
// validated against the seed's own vocabulary, so a seed that could
// suggest an unknown action fails here (and in the unit tests), not in a
// hotel.
absl::StatusOr<HousekeepingSeed> ParseHousekeepingSeed(
    absl::string_view observations_tsv, absl::string_view actions_tsv,
    absl::string_view rules_tsv);

}  // namespace concierge::domain

#endif  // CONCIERGE_SERVER_DOMAIN_HOUSEKEEPING_RULES_H_
