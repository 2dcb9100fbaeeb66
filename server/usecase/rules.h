#ifndef CONCIERGE_SERVER_USECASE_RULES_H_
#define CONCIERGE_SERVER_USECASE_RULES_H_

// The hotel manager's rules (observations and the guest's profile ->
// personalised actions) and the vocabulary they are written in.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/domain/housekeeping.h"
#include "server/domain/housekeeping_rules.h"
#include "server/domain/minibar.h"
#include "server/store/database.h"
#include "server/store/idempotency.h"
#include "server/store/sql_util.h"
#include "server/usecase/actor.h"

namespace concierge::usecase {

// Observations and actions a rule declares along with it, as sent (an
// action's cost without a currency is the hotel's); checked against the
// hotel's vocabulary, departments and minibar items, and stored with the
// rule.
struct NewDefinitions {
  std::vector<domain::ObservationDefinition> observations;
  std::vector<domain::ActionDefinition> actions;
};

using RuleReply = std::function<void(const domain::Rule&)>;

// A new rule (with its new definitions) once per `key`; ALREADY_EXISTS when
// the hotel has a rule with its code.
absl::StatusOr<domain::Rule> CreateRule(store::Database& db, const Actor& actor,
                                        domain::Rule rule, NewDefinitions defs,
                                        const store::CreateKey& key);

// Changes the fields of `paths` (title, trigger, all_of, any_of,
// numeric_conditions, profile, actions, enabled) to `given`'s, if the rule is
// still at `expected_version`.
absl::StatusOr<domain::Rule> UpdateRule(store::Database& db, const Actor& actor,
                                        int64_t site_id, int64_t rule_id,
                                        int64_t expected_version,
                                        const domain::Rule& given,
                                        const std::vector<std::string>& paths,
                                        NewDefinitions defs,
                                        const RuleReply& reply = nullptr);

// Disables the rule (already disabled: as it is); `expected_version` 0: any.
absl::StatusOr<domain::Rule> DisableRule(store::Database& db,
                                         const Actor& actor, int64_t site_id,
                                         int64_t rule_id,
                                         int64_t expected_version,
                                         const RuleReply& reply = nullptr);

absl::StatusOr<store::Page<domain::Rule>> ListRules(
    store::Database& db, const Actor& actor, int64_t site_id,
    const store::PageRequest& page);

// What an attendant may record and do at a site: its observation and
// action definitions and its minibar's items.
struct SiteVocabulary {
  domain::Vocabulary vocabulary;
  std::vector<domain::MinibarItem> minibar_items;
};
absl::StatusOr<SiteVocabulary> GetVocabulary(store::Database& db,
                                             const Actor& actor,
                                             int64_t site_id);

}  // namespace concierge::usecase

#endif  // CONCIERGE_SERVER_USECASE_RULES_H_
