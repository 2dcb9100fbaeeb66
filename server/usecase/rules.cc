#include "server/usecase/rules.h"

#include <map>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "server/common/etag.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/minibar.h"
#include "server/store/directory_repository.h"
#include "server/store/housekeeping_repository.h"
#include "server/store/minibar_repository.h"
#include "server/usecase/hotel.h"
#include "server/usecase/loaders.h"

namespace concierge::usecase {
namespace {

absl::Status DeclareObservations(const domain::Site& site, NewDefinitions* defs,
                                 domain::Vocabulary* vocabulary) {
  for (size_t i = 0; i < defs->observations.size(); ++i) {
    const std::string field = absl::StrCat("new_observations[", i, "]");
    domain::ObservationDefinition& d = defs->observations[i];
    d.site_id = site.id;
    CONCIERGE_RETURN_IF_ERROR(domain::ValidateObservationDefinition(field, d));
    if (vocabulary->FindObservation(d.code) != nullptr) {
      return absl::AlreadyExistsError(absl::StrCat(
          field, ".code: ", SiteName(site.id), " already has ", d.code));
    }
    vocabulary->observations.push_back(d);
  }
  return absl::OkStatus();
}

absl::Status DeclareActions(soci::session& sql, const domain::Site& site,
                            NewDefinitions* defs,
                            domain::Vocabulary* vocabulary) {
  for (size_t i = 0; i < defs->actions.size(); ++i) {
    const std::string field = absl::StrCat("new_actions[", i, "]");
    domain::ActionDefinition& a = defs->actions[i];
    a.site_id = site.id;
    if (a.cost.currency.empty()) a.cost.currency = site.currency;
    CONCIERGE_RETURN_IF_ERROR(
        domain::ValidateActionDefinition(field, a, site.currency, *vocabulary));
    if (vocabulary->FindAction(a.code) != nullptr) {
      return absl::AlreadyExistsError(absl::StrCat(
          field, ".code: ", SiteName(site.id), " already has ", a.code));
    }
    std::optional<domain::Department> department =
        store::FindDepartmentByCode(sql, site.id, a.department_code);
    if (!department) {
      return absl::NotFoundError(
          absl::StrCat(field, ".department_code: ", SiteName(site.id),
                       " has no department ", a.department_code));
    }
    a.department_id = department->id;
    if (!a.minibar_item.empty() &&
        domain::FindMinibarItem(store::LoadMinibarItems(sql, site.id),
                                a.minibar_item) == nullptr) {
      return absl::NotFoundError(
          absl::StrCat(field, ".minibar_item: ", SiteName(site.id),
                       "'s minibars hold no ", a.minibar_item));
    }
    vocabulary->actions.push_back(a);
  }
  return absl::OkStatus();
}

// The vocabulary with `defs` declared in it, or why they cannot be.
absl::StatusOr<domain::Vocabulary> Declare(soci::session& sql,
                                           const domain::Site& site,
                                           NewDefinitions* defs) {
  domain::Vocabulary vocabulary = store::LoadVocabulary(sql, site.id);
  CONCIERGE_RETURN_IF_ERROR(DeclareObservations(site, defs, &vocabulary));
  CONCIERGE_RETURN_IF_ERROR(DeclareActions(sql, site, defs, &vocabulary));
  return vocabulary;
}

void InsertDefinitions(soci::session& sql, const NewDefinitions& defs) {
  for (const domain::ObservationDefinition& d : defs.observations) {
    store::InsertObservationDefinition(sql, d);
  }
  for (const domain::ActionDefinition& a : defs.actions) {
    store::InsertActionDefinition(sql, a);
  }
}

absl::Status ApplyMask(const domain::Rule& given,
                       const std::vector<std::string>& paths,
                       domain::Rule* updated) {
  for (const std::string& path : paths) {
    if (path == "title") {
      updated->title_zh = given.title_zh;
      updated->title_en = given.title_en;
    } else if (path == "trigger") {
      updated->trigger = given.trigger;
    } else if (path == "all_of") {
      updated->all_of = given.all_of;
    } else if (path == "any_of") {
      updated->any_of = given.any_of;
    } else if (path == "numeric_conditions") {
      updated->numeric = given.numeric;
    } else if (path == "profile") {
      updated->profile = given.profile;
    } else if (path == "actions") {
      updated->actions = given.actions;
    } else if (path == "enabled") {
      updated->enabled = given.enabled;
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "update_mask: unknown or read-only field \"", path.substr(0, 64),
          "\" (allowed: title, trigger, all_of, any_of, numeric_conditions, "
          "profile, actions, enabled)"));
    }
  }
  return absl::OkStatus();
}

std::string RuleName(int64_t site_id, int64_t rule_id) {
  return SiteChildName(site_id, "rules", rule_id);
}

}  // namespace

absl::StatusOr<domain::Rule> CreateRule(store::Database& db, const Actor& actor,
                                        domain::Rule rule, NewDefinitions defs,
                                        const store::CreateKey& key) {
  const int64_t site_id = rule.site_id;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CreateRule", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(HotelSite hotel,
                                   LoadHotel(sql, "parent", site_id));
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(
                sql, key, actor.now, [&]() -> absl::StatusOr<std::string> {
                  CONCIERGE_ASSIGN_OR_RETURN(
                      const domain::Vocabulary vocabulary,
                      Declare(sql, hotel.site, &defs));
                  CONCIERGE_RETURN_IF_ERROR(
                      domain::ValidateRule("rule", rule, vocabulary));
                  if (store::FindRuleByCode(sql, site_id, rule.code)) {
                    return absl::AlreadyExistsError(
                        absl::StrCat("rule.code: ", SiteName(site_id),
                                     " already has a rule ", rule.code));
                  }
                  InsertDefinitions(sql, defs);
                  rule = store::InsertRule(sql, rule);
                  return RuleName(site_id, rule.id);
                }));
        if (!existing) return absl::OkStatus();
        CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                   ParseSiteChild("rule", *existing, "rules"));
        std::optional<domain::Rule> first =
            store::FindRule(sql, ids[0], ids[1]);
        if (!first) return store::ReplayedResourceGone(*existing);
        rule = *std::move(first);
        return absl::OkStatus();
      }));
  return rule;
}

absl::StatusOr<domain::Rule> UpdateRule(store::Database& db, const Actor& actor,
                                        int64_t site_id, int64_t rule_id,
                                        int64_t expected_version,
                                        const domain::Rule& given,
                                        const std::vector<std::string>& paths,
                                        NewDefinitions defs,
                                        const RuleReply& reply) {
  domain::Rule stored;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "UpdateRule", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(HotelSite hotel,
                                   LoadHotel(sql, "rule.name", site_id));
        std::optional<domain::Rule> current =
            store::FindRule(sql, site_id, rule_id, /*for_update=*/true);
        if (!current) {
          return absl::NotFoundError(absl::StrCat(
              "rule.name: ", RuleName(site_id, rule_id), " not found"));
        }
        domain::Rule updated = *current;
        CONCIERGE_RETURN_IF_ERROR(ApplyMask(given, paths, &updated));
        CONCIERGE_ASSIGN_OR_RETURN(const domain::Vocabulary vocabulary,
                                   Declare(sql, hotel.site, &defs));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRule("rule", updated, vocabulary));
        if (current->version != expected_version) {
          return StaleEtag("rule.etag", "rule");
        }
        InsertDefinitions(sql, defs);
        updated.update_time = actor.now;
        updated.updated_by = domain::ActorKey(actor.principal);
        std::optional<domain::Rule> saved =
            store::UpdateRule(sql, updated, expected_version);
        if (!saved) return StaleEtag("rule.etag", "rule");
        if (reply) reply(*saved);
        stored = *std::move(saved);
        return absl::OkStatus();
      }));
  return stored;
}

absl::StatusOr<domain::Rule> DisableRule(store::Database& db,
                                         const Actor& actor, int64_t site_id,
                                         int64_t rule_id,
                                         int64_t expected_version,
                                         const RuleReply& reply) {
  domain::Rule disabled;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "DisableRule", actor.deadline, [&](soci::session& sql) -> absl::Status {
        std::optional<domain::Rule> rule =
            store::FindRule(sql, site_id, rule_id, /*for_update=*/true);
        if (!rule) {
          return absl::NotFoundError(
              absl::StrCat("name: ", RuleName(site_id, rule_id), " not found"));
        }
        if (expected_version != 0 && expected_version != rule->version) {
          return StaleEtag("etag", "rule");
        }
        if (rule->enabled) {
          domain::Rule updated = *rule;
          updated.enabled = false;
          updated.update_time = actor.now;
          updated.updated_by = domain::ActorKey(actor.principal);
          rule = store::UpdateRule(sql, updated, rule->version);
          if (!rule) return StaleEtag("etag", "rule");
        }
        if (reply) reply(*rule);
        disabled = *std::move(rule);
        return absl::OkStatus();
      }));
  return disabled;
}

absl::StatusOr<store::Page<domain::Rule>> ListRules(
    store::Database& db, const Actor& actor, int64_t site_id,
    const store::PageRequest& page) {
  store::Page<domain::Rule> listed;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListRules", actor.deadline, [&](soci::session& sql) -> absl::Status {
        listed = store::ListRules(sql, site_id, page);
        CONCIERGE_ASSIGN_OR_RETURN(absl::TimeZone zone, SiteZone(sql, site_id));
        const absl::Time month_start = absl::FromCivil(
            absl::CivilMonth(absl::ToCivilSecond(actor.now, zone)), zone);
        const std::map<int64_t, domain::RuleUsage> usage =
            store::CountRuleUsage(sql, site_id, month_start, actor.now);
        for (domain::Rule& rule : listed.items) {
          auto found = usage.find(rule.id);
          rule.usage =
              found != usage.end() ? found->second : domain::RuleUsage{};
          rule.usage.start = month_start;
          rule.usage.end = actor.now;
        }
        return absl::OkStatus();
      }));
  return listed;
}

absl::StatusOr<SiteVocabulary> GetVocabulary(store::Database& db,
                                             const Actor& actor,
                                             int64_t site_id) {
  SiteVocabulary out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "GetVocabulary", actor.deadline, [&](soci::session& sql) -> absl::Status {
        out.vocabulary = store::LoadVocabulary(sql, site_id);
        out.minibar_items = store::LoadMinibarItems(sql, site_id);
        return absl::OkStatus();
      }));
  return out;
}

}  // namespace concierge::usecase
