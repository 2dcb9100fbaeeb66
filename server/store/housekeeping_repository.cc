#include "server/store/housekeeping_repository.h"

#include <map>
#include <stdexcept>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "server/common/embedded_file.h"
#include "server/store/catalog_repository.h"
#include "server/store/change_feed.h"
#include "server/store/directory_repository.h"
#include "server/store/minibar_repository.h"

namespace concierge::store {
namespace {

// --- SQL -------------------------------------------------------------------

constexpr char kRoomColumns[] = R"sql(
SELECT id, site_id, number, floor::bigint AS floor, room_type,
       accessible::int AS accessible, ts_to_us(created_at) AS created_us,
       created_by
FROM rooms )sql";

constexpr char kInsertRoom[] = R"sql(
INSERT INTO rooms (site_id, number, floor, room_type, accessible, created_at,
                   created_by)
VALUES (:site, :number, :floor, :room_type, :accessible::int::boolean,
        us_to_ts(:created_us), :created_by)
RETURNING id)sql";

constexpr char kSelectRoomByNumber[] =
    "WHERE site_id = :site AND number = :number";
constexpr char kSiteHasRooms[] =
    "SELECT 1 FROM rooms WHERE site_id = :site LIMIT 1";
constexpr char kRoomNumberAccepted[] = R"sql(
SELECT (NOT EXISTS (SELECT 1 FROM rooms WHERE site_id = :site)
        OR EXISTS (SELECT 1 FROM rooms WHERE site_id = :site
                                         AND number = :number))::int)sql";
constexpr char kListRooms[] = R"sql(
WHERE site_id = :site AND id > :after
  AND (:has_floor::int = 0 OR floor = :floor)
  AND (:accessible_only::int = 0 OR accessible)
ORDER BY id LIMIT :lim)sql";

constexpr char kAssignRoom[] = R"sql(
INSERT INTO room_assignments (site_id, room_id, business_date, staff_id,
                              assigned_by, assigned_at)
VALUES (:site, :room, CAST(:date AS date), :staff, :by, us_to_ts(:now_us))
ON CONFLICT (site_id, room_id, business_date) DO UPDATE
  SET staff_id = EXCLUDED.staff_id, assigned_by = EXCLUDED.assigned_by,
      assigned_at = EXCLUDED.assigned_at)sql";

constexpr char kReleaseOtherRooms[] = R"sql(
DELETE FROM room_assignments
WHERE site_id = :site AND staff_id = :staff
  AND business_date = CAST(:date AS date)
  AND NOT (room_id = ANY (CAST(:keep AS bigint[]))))sql";

constexpr char kListAssignedRooms[] = R"sql(
SELECT r.id, r.site_id, r.number, r.floor::bigint AS floor, r.room_type,
       r.accessible::int AS accessible, ts_to_us(r.created_at) AS created_us,
       r.created_by
FROM room_assignments a JOIN rooms r ON r.site_id = a.site_id AND r.id = a.room_id
WHERE a.site_id = :site AND a.staff_id = :staff
  AND a.business_date = CAST(:date AS date)
ORDER BY r.number)sql";

constexpr char kFindAssignee[] = R"sql(
SELECT a.staff_id
FROM room_assignments a JOIN rooms r ON r.site_id = a.site_id AND r.id = a.room_id
WHERE a.site_id = :site AND r.number = :number
  AND a.business_date = CAST(:date AS date))sql";

constexpr char kObservationColumns[] = R"sql(
SELECT id, site_id, code, takes_number::int AS takes_number, unit, label_zh,
       label_en, ts_to_us(created_at) AS created_us, created_by
FROM observation_codes WHERE site_id = :site ORDER BY id)sql";

constexpr char kInsertObservation[] = R"sql(
INSERT INTO observation_codes (site_id, code, takes_number, unit, label_zh,
                               label_en, created_at, created_by)
VALUES (:site, :code, :takes_number::int::boolean, :unit, :label_zh,
        :label_en, us_to_ts(:created_us), :created_by)
RETURNING id)sql";

constexpr char kActionDefinitionColumns[] = R"sql(
SELECT a.id, a.site_id, a.code, a.title_zh, a.title_en, a.department_id,
       d.code AS department_code, a.cost_minor, a.currency_code,
       a.is_sale::int AS is_sale, a.for_next_shift::int AS for_next_shift,
       a.department_task::int AS department_task, a.quantity_observation,
       a.teaches_category, a.teaches_key, a.teaches_value, a.minibar_item,
       a.deadline_minutes::bigint AS deadline_minutes,
       ts_to_us(a.created_at) AS created_us, a.created_by
FROM action_definitions a
JOIN departments d ON d.site_id = a.site_id AND d.id = a.department_id
WHERE a.site_id = :site ORDER BY a.id)sql";

constexpr char kInsertActionDefinition[] = R"sql(
INSERT INTO action_definitions (site_id, code, title_zh, title_en,
    department_id, cost_minor, currency_code, is_sale, for_next_shift,
    department_task, quantity_observation, teaches_category, teaches_key,
    teaches_value, minibar_item, deadline_minutes, created_at, created_by)
VALUES (:site, :code, :title_zh, :title_en, :department, :cost, :currency,
        :is_sale::int::boolean, :for_next_shift::int::boolean,
        :department_task::int::boolean, :quantity_observation,
        :teaches_category, :teaches_key, :teaches_value, :minibar_item,
        :deadline_minutes, us_to_ts(:created_us), :created_by)
RETURNING id)sql";

constexpr char kRuleColumns[] = R"sql(
SELECT id, site_id, code, title_zh, title_en, trigger, all_of, any_of,
       numeric_conditions, birthday_today::int AS birthday_today,
       travelling_with_infant::int AS travelling_with_infant,
       min_vip_level::bigint AS min_vip_level, preference_conditions, actions,
       enabled::int AS enabled, ts_to_us(created_at) AS created_us,
       ts_to_us(updated_at) AS updated_us, updated_by, version
FROM housekeeping_rules )sql";

constexpr char kLoadRules[] = "WHERE site_id = :site ORDER BY id";
constexpr char kListRules[] =
    "WHERE site_id = :site AND id > :after ORDER BY id LIMIT :lim";
constexpr char kSelectRule[] = "WHERE site_id = :site AND id = :id";
constexpr char kLockRule[] = "WHERE site_id = :site AND id = :id FOR UPDATE";
constexpr char kSelectRuleByCode[] = "WHERE site_id = :site AND code = :code";

constexpr char kInsertRule[] = R"sql(
INSERT INTO housekeeping_rules (site_id, code, title_zh, title_en, trigger,
    all_of, any_of, numeric_conditions, birthday_today,
    travelling_with_infant, min_vip_level, preference_conditions, actions,
    enabled, created_at, updated_at, updated_by)
VALUES (:site, :code, :title_zh, :title_en, :trigger, :all_of, :any_of,
        :numeric, :birthday::int::boolean, :infant::int::boolean, :vip,
        :preferences, :actions, :enabled::int::boolean, us_to_ts(:created_us),
        us_to_ts(:updated_us), :updated_by)
RETURNING id)sql";

constexpr char kUpdateRule[] = R"sql(
UPDATE housekeeping_rules SET title_zh = :title_zh, title_en = :title_en,
    trigger = :trigger, all_of = :all_of, any_of = :any_of,
    numeric_conditions = :numeric, birthday_today = :birthday::int::boolean,
    travelling_with_infant = :infant::int::boolean, min_vip_level = :vip,
    preference_conditions = :preferences, actions = :actions,
    enabled = :enabled::int::boolean, updated_at = us_to_ts(:updated_us),
    updated_by = :updated_by, version = version + 1
WHERE site_id = :site AND id = :id AND version = :version
RETURNING version)sql";

// An action suggested by two rules has a reason row for each: it counts
// for both. room_actions_by_time keeps this to the month's actions.
constexpr char kCountRuleUsage[] = R"sql(
SELECT r.rule_id,
       count(*)::int AS fired,
       (count(*) FILTER (WHERE a.state = 'DONE'))::int AS done,
       (count(*) FILTER (WHERE a.state = 'SKIPPED'))::int AS skipped,
       (count(*) FILTER (WHERE a.state IN ('SUGGESTED', 'PENDING_APPROVAL',
                                           'APPROVED')))::int AS waiting,
       (count(*) FILTER (WHERE a.state = 'REJECTED'))::int AS rejected,
       (count(*) FILTER (WHERE a.state = 'EXPIRED'))::int AS expired
FROM room_actions a JOIN room_action_reasons r ON r.room_action_id = a.id
WHERE a.site_id = :site AND a.created_at >= us_to_ts(:start_us)
  AND a.created_at <= us_to_ts(:end_us)
GROUP BY r.rule_id)sql";

constexpr char kCountActionDefinitions[] =
    "SELECT count(*)::bigint FROM action_definitions WHERE site_id = :site";

constexpr char kVisitColumns[] = R"sql(
SELECT id, site_id, room_number, kind, COALESCE(stay_id, 0) AS stay_id,
       COALESCE(guest_id, 0) AS guest_id, observations, note,
       COALESCE(note_id, 0) AS note_id, COALESCE(staff_id, 0) AS staff_id,
       visited_by, ts_to_us(created_at) AS created_us
FROM room_visits WHERE site_id = :site AND id = :id)sql";

constexpr char kInsertVisit[] = R"sql(
INSERT INTO room_visits (site_id, room_number, kind, stay_id, guest_id,
    observations, note, note_id, staff_id, visited_by, created_at)
VALUES (:site, :room, :kind, :stay, :guest, :observations, :note, :note_id,
        :staff, :visited_by, us_to_ts(:created_us))
RETURNING id)sql";

constexpr char kActionColumns[] = R"sql(
SELECT a.id, a.site_id, COALESCE(a.visit_id, 0) AS visit_id, a.room_number,
       COALESCE(a.stay_id, 0) AS stay_id, COALESCE(a.guest_id, 0) AS guest_id,
       a.code, a.title_zh, a.title_en, a.department_id,
       d.code AS department_code, a.quantity::bigint AS quantity,
       a.unit_cost_minor, a.currency_code, a.is_sale::int AS is_sale,
       a.for_next_shift::int AS for_next_shift,
       a.department_task::int AS department_task, a.teaches_category,
       a.teaches_key, a.teaches_value, a.minibar_item, a.state,
       ts_to_us(a.deadline_at) AS deadline_us,
       ts_to_us(a.escalate_at) AS escalate_us,
       a.escalation_level::bigint AS escalation_level,
       ts_to_us(a.expired_at) AS expired_us, a.expiry_reason_zh,
       a.expiry_reason_en, a.proposed::int AS proposed, a.proposal_reason,
       a.requested_by,
       COALESCE(a.requester_staff_id, 0) AS requester_staff_id,
       COALESCE(a.requester_department_id, 0) AS requester_department_id,
       a.decided_by, ts_to_us(a.decided_at) AS decided_us, a.decision_note,
       a.outcome_by, ts_to_us(a.outcome_at) AS outcome_us, a.skip_reason,
       COALESCE(a.consumption_id, 0) AS consumption_id,
       COALESCE(a.learned_preference_id, 0) AS learned_preference_id,
       ts_to_us(a.created_at) AS created_us,
       ts_to_us(a.updated_at) AS updated_us, a.version
FROM room_actions a
JOIN departments d ON d.site_id = a.site_id AND d.id = a.department_id )sql";

constexpr char kSelectAction[] = "WHERE a.site_id = :site AND a.id = :id";
constexpr char kLockAction[] =
    "WHERE a.site_id = :site AND a.id = :id FOR UPDATE OF a";
constexpr char kVisitActions[] =
    "WHERE a.site_id = :site AND a.visit_id = :visit ORDER BY a.id";
constexpr char kOpenRoomActions[] = R"sql(
WHERE a.site_id = :site AND a.room_number = :room
  AND a.state IN ('SUGGESTED', 'PENDING_APPROVAL', 'APPROVED')
ORDER BY a.id)sql";
constexpr char kPendingApprovals[] = R"sql(
WHERE a.site_id = :site AND a.state = 'PENDING_APPROVAL' AND a.id > :after
  AND (:department::bigint = 0 OR a.requester_department_id = :department
       OR a.department_id = :department)
ORDER BY a.id LIMIT :lim)sql";
constexpr char kDepartmentTasks[] = R"sql(
WHERE a.site_id = :site AND a.department_task
  AND a.state IN ('SUGGESTED', 'APPROVED') AND a.department_id = :department
  AND a.id > :after
ORDER BY a.id LIMIT :lim)sql";

constexpr char kActionsSuggestedBetween[] = R"sql(
WHERE a.site_id = :site AND a.created_at >= us_to_ts(:start_us)
  AND a.created_at < us_to_ts(:end_us)
  AND (:department::bigint = 0 OR a.requester_department_id = :department
       OR a.department_id = :department)
  AND a.id > :after
ORDER BY a.id LIMIT :lim)sql";
constexpr char kLastVisit[] = R"sql(
SELECT COALESCE(ts_to_us(max(created_at)), 0) FROM room_visits
WHERE site_id = :site AND room_number = :room
  AND created_at >= us_to_ts(:start_us) AND created_at < us_to_ts(:end_us))sql";

constexpr char kInsertAction[] = R"sql(
INSERT INTO room_actions (site_id, visit_id, room_number, stay_id, guest_id,
    code, title_zh, title_en, department_id, quantity, unit_cost_minor,
    currency_code, is_sale, for_next_shift, department_task, teaches_category,
    teaches_key, teaches_value, minibar_item, state, deadline_at, escalate_at,
    proposed, proposal_reason, requested_by, requester_staff_id,
    requester_department_id, created_at, updated_at)
VALUES (:site, :visit, :room, :stay, :guest, :code, :title_zh, :title_en,
        :department, :quantity, :cost, :currency, :is_sale::int::boolean,
        :for_next_shift::int::boolean, :department_task::int::boolean,
        :teaches_category, :teaches_key, :teaches_value, :minibar_item, :state,
        us_to_ts(:deadline_us), us_to_ts(:escalate_us),
        :proposed::int::boolean, :proposal_reason, :requested_by,
        :requester_staff, :requester_department, us_to_ts(:created_us),
        us_to_ts(:created_us))
RETURNING id)sql";

constexpr char kSaveAction[] = R"sql(
UPDATE room_actions SET state = :state, quantity = :quantity,
    escalation_level = :escalation_level, expired_at = us_to_ts(:expired_us),
    expiry_reason_zh = :expiry_zh, expiry_reason_en = :expiry_en,
    decided_by = :decided_by,
    decided_at = us_to_ts(:decided_us), decision_note = :decision_note,
    outcome_by = :outcome_by, outcome_at = us_to_ts(:outcome_us),
    skip_reason = :skip_reason, consumption_id = :consumption,
    learned_preference_id = :preference, updated_at = us_to_ts(:updated_us),
    version = version + 1
WHERE site_id = :site AND id = :id AND version = :version
RETURNING version)sql";

// Open actions whose escalation or deadline is due, taken so that of
// several sweepers each takes a row once (the others skip it).
constexpr char kLockDueActions[] = R"sql(
SELECT site_id, id FROM room_actions
WHERE deadline_at IS NOT NULL
  AND state IN ('SUGGESTED', 'PENDING_APPROVAL', 'APPROVED')
  AND id > :after
  AND (deadline_at <= us_to_ts(:now1)
       OR (escalation_level = 0 AND escalate_at <= us_to_ts(:now2)))
ORDER BY id
LIMIT :lim
FOR UPDATE SKIP LOCKED)sql";

constexpr char kExpiredRoomActions[] = R"sql(
WHERE a.site_id = :site AND a.room_number = :room AND a.state = 'EXPIRED'
  AND a.expired_at >= us_to_ts(:since_us)
ORDER BY a.id)sql";

constexpr char kActionsByIds[] =
    "WHERE a.id = ANY (CAST(:ids AS bigint[])) ORDER BY a.id";

constexpr char kAppendActionEvent[] = R"sql(
INSERT INTO task_events (site_id, room_action_id, department_id, assignee_id,
    action, before_state, after_state, actor, actor_role, note, created_at,
    correlation_id)
VALUES (:site, :action, :department, :assignee, :move, :before, :after,
        :actor, :actor_role, :note, us_to_ts(:at), :correlation))sql";

constexpr char kInsertReason[] = R"sql(
INSERT INTO room_action_reasons (room_action_id, position, rule_id, rule_code,
    title_zh, title_en, observations, facts)
VALUES (:action, :position, :rule, :rule_code, :title_zh, :title_en,
        :observations, :facts))sql";

constexpr char kSelectReasons[] = R"sql(
SELECT room_action_id, rule_id, rule_code, title_zh, title_en, observations,
       facts
FROM room_action_reasons
WHERE room_action_id = ANY (CAST(:ids AS bigint[]))
ORDER BY room_action_id, position)sql";

constexpr char kNoteColumns[] = R"sql(
SELECT id, site_id, room_number, text, COALESCE(room_action_id, 0) AS action_id,
       author, ts_to_us(created_at) AS created_us
FROM handover_notes )sql";

constexpr char kInsertNote[] = R"sql(
INSERT INTO handover_notes (site_id, room_number, text, room_action_id, author,
                            created_at)
VALUES (:site, :room, :text, :action, :author, us_to_ts(:created_us))
RETURNING id)sql";
constexpr char kSelectNote[] = "WHERE site_id = :site AND id = :id";
constexpr char kListNotes[] = R"sql(
WHERE site_id = :site AND id > :after
  AND (:room = '' OR room_number = :room)
  AND created_at >= us_to_ts(:since_us)
ORDER BY id LIMIT :lim)sql";

// --- helpers ---------------------------------------------------------------

bool Flag(const soci::row& r, const char* column) {
  return r.get<int>(column) != 0;
}

template <typename T, typename FromRow, typename... Uses>
std::optional<T> SelectOne(soci::session& sql, const std::string& query,
                           FromRow from_row, Uses&&... uses) {
  soci::row row;
  ((sql << query), ..., std::forward<Uses>(uses)), soci::into(row);
  if (!sql.got_data()) return std::nullopt;
  return from_row(row);
}

std::string Date(absl::CivilDay day) { return absl::FormatCivilTime(day); }

domain::Room RoomFromRow(const soci::row& r) {
  domain::Room room;
  room.id = r.get<long long>("id");
  room.site_id = r.get<long long>("site_id");
  room.number = r.get<std::string>("number");
  room.floor = static_cast<int>(r.get<long long>("floor"));
  room.room_type = r.get<std::string>("room_type");
  room.accessible = Flag(r, "accessible");
  room.create_time = FromMicros(r.get<long long>("created_us"));
  room.created_by = r.get<std::string>("created_by");
  return room;
}

// The three nullable "teaches" columns.
struct FactColumns {
  std::optional<std::string> category, key, value;
};
FactColumns ToColumns(const std::optional<domain::PreferenceFact>& fact) {
  if (!fact) return {};
  return {std::string(domain::PreferenceCategoryName(fact->category)),
          fact->key, fact->value};
}
std::optional<domain::PreferenceFact> FactFromRow(const soci::row& r) {
  auto category = r.get<std::optional<std::string>>("teaches_category");
  if (!category) return std::nullopt;
  domain::PreferenceFact fact;
  fact.category = domain::PreferenceCategoryFromName(*category).value_or(
      domain::PreferenceCategory::kRoom);
  fact.key = r.get<std::string>("teaches_key");
  fact.value = r.get<std::string>("teaches_value");
  return fact;
}

domain::ActionDefinition ActionDefinitionFromRow(const soci::row& r) {
  domain::ActionDefinition a;
  a.id = r.get<long long>("id");
  a.site_id = r.get<long long>("site_id");
  a.code = r.get<std::string>("code");
  a.title_zh = r.get<std::string>("title_zh");
  a.title_en = r.get<std::string>("title_en");
  a.department_id = r.get<long long>("department_id");
  a.department_code = r.get<std::string>("department_code");
  a.cost.minor = r.get<long long>("cost_minor");
  a.cost.currency = r.get<std::string>("currency_code");
  a.is_sale = Flag(r, "is_sale");
  a.for_next_shift = Flag(r, "for_next_shift");
  a.department_task = Flag(r, "department_task");
  a.quantity_observation = r.get<std::string>("quantity_observation");
  a.teaches = FactFromRow(r);
  a.minibar_item = r.get<std::string>("minibar_item");
  a.deadline_minutes = static_cast<int>(r.get<long long>("deadline_minutes"));
  a.create_time = FromMicros(r.get<long long>("created_us"));
  a.created_by = r.get<std::string>("created_by");
  return a;
}

// Rules keep their lists as text (space-separated codes and conditions,
// one preference fact per line); these were validated when written.
struct RuleColumns {
  std::string all_of, any_of, numeric, preferences, actions;
};
RuleColumns ToColumns(const domain::Rule& rule) {
  RuleColumns c;
  c.all_of = JoinWords(rule.all_of);
  c.any_of = JoinWords(rule.any_of);
  std::vector<std::string> numeric;
  for (const domain::NumericCondition& n : rule.numeric) {
    numeric.push_back(domain::FormatCondition(n));
  }
  c.numeric = JoinWords(numeric);
  std::vector<std::string> facts;
  for (const domain::PreferenceFact& f : rule.profile.preferences) {
    facts.push_back(domain::FormatFact(f));
  }
  c.preferences = absl::StrJoin(facts, "\n");
  c.actions = JoinWords(rule.actions);
  return c;
}

domain::Rule RuleFromRow(const soci::row& r) {
  domain::Rule rule;
  rule.id = r.get<long long>("id");
  rule.site_id = r.get<long long>("site_id");
  rule.code = r.get<std::string>("code");
  rule.title_zh = r.get<std::string>("title_zh");
  rule.title_en = r.get<std::string>("title_en");
  rule.trigger = domain::RuleTriggerFromName(r.get<std::string>("trigger"))
                     .value_or(domain::RuleTrigger::kObservation);
  rule.all_of = SplitWords(r.get<std::string>("all_of"));
  rule.any_of = SplitWords(r.get<std::string>("any_of"));
  for (const std::string& word :
       SplitWords(r.get<std::string>("numeric_conditions"))) {
    if (auto c = domain::ParseCondition("numeric_conditions", word); c.ok()) {
      rule.numeric.push_back(*c);
    }
  }
  rule.profile.birthday_today = Flag(r, "birthday_today");
  rule.profile.travelling_with_infant = Flag(r, "travelling_with_infant");
  rule.profile.min_vip_level =
      static_cast<int>(r.get<long long>("min_vip_level"));
  for (absl::string_view line :
       absl::StrSplit(r.get<std::string>("preference_conditions"), '\n',
                      absl::SkipEmpty())) {
    if (auto f = domain::ParseFact("preference_conditions", line); f.ok()) {
      rule.profile.preferences.push_back(*f);
    }
  }
  rule.actions = SplitWords(r.get<std::string>("actions"));
  rule.enabled = Flag(r, "enabled");
  rule.create_time = FromMicros(r.get<long long>("created_us"));
  rule.update_time = FromMicros(r.get<long long>("updated_us"));
  rule.updated_by = r.get<std::string>("updated_by");
  rule.version = r.get<long long>("version");
  return rule;
}

std::vector<domain::Observation> ParseObservationWords(
    const std::string& text) {
  std::vector<domain::Observation> out;
  for (const std::string& word : SplitWords(text)) {
    if (auto o = domain::ParseObservation("observations", word); o.ok()) {
      out.push_back(*o);
    }
  }
  return out;
}

std::string FormatObservationWords(
    const std::vector<domain::Observation>& list) {
  std::vector<std::string> words;
  for (const domain::Observation& o : list)
    words.push_back(domain::FormatObservation(o));
  return JoinWords(words);
}

domain::Visit VisitFromRow(const soci::row& r) {
  domain::Visit v;
  v.id = r.get<long long>("id");
  v.site_id = r.get<long long>("site_id");
  v.room_number = r.get<std::string>("room_number");
  v.kind = domain::VisitKindFromName(r.get<std::string>("kind"))
               .value_or(domain::VisitKind::kCleaning);
  v.stay_id = r.get<long long>("stay_id");
  v.guest_id = r.get<long long>("guest_id");
  v.observations = ParseObservationWords(r.get<std::string>("observations"));
  v.note = r.get<std::string>("note");
  v.note_id = r.get<long long>("note_id");
  v.staff_id = r.get<long long>("staff_id");
  v.visited_by = r.get<std::string>("visited_by");
  v.create_time = FromMicros(r.get<long long>("created_us"));
  return v;
}

domain::RoomAction ActionFromRow(const soci::row& r) {
  domain::RoomAction a;
  a.id = r.get<long long>("id");
  a.site_id = r.get<long long>("site_id");
  a.visit_id = r.get<long long>("visit_id");
  a.room_number = r.get<std::string>("room_number");
  a.stay_id = r.get<long long>("stay_id");
  a.guest_id = r.get<long long>("guest_id");
  a.code = r.get<std::string>("code");
  a.title_zh = r.get<std::string>("title_zh");
  a.title_en = r.get<std::string>("title_en");
  a.department_id = r.get<long long>("department_id");
  a.department_code = r.get<std::string>("department_code");
  a.quantity = static_cast<int>(r.get<long long>("quantity"));
  a.unit_cost.minor = r.get<long long>("unit_cost_minor");
  a.unit_cost.currency = r.get<std::string>("currency_code");
  a.is_sale = Flag(r, "is_sale");
  a.for_next_shift = Flag(r, "for_next_shift");
  a.department_task = Flag(r, "department_task");
  a.teaches = FactFromRow(r);
  a.minibar_item = r.get<std::string>("minibar_item");
  a.deadline = FromMicros(r.get<std::optional<long long>>("deadline_us"));
  a.escalate_time = FromMicros(r.get<std::optional<long long>>("escalate_us"));
  a.escalation_level = static_cast<int>(r.get<long long>("escalation_level"));
  a.expire_time = FromMicros(r.get<std::optional<long long>>("expired_us"));
  a.expiry_reason_zh = r.get<std::string>("expiry_reason_zh");
  a.expiry_reason_en = r.get<std::string>("expiry_reason_en");
  a.proposed = Flag(r, "proposed");
  a.proposal_reason = r.get<std::string>("proposal_reason");
  a.state = domain::ActionStateFromName(r.get<std::string>("state"))
                .value_or(domain::ActionState::kSuggested);
  a.requested_by = r.get<std::string>("requested_by");
  a.requester_staff_id = r.get<long long>("requester_staff_id");
  a.requester_department_id = r.get<long long>("requester_department_id");
  a.decided_by = r.get<std::string>("decided_by");
  a.decide_time = FromMicros(r.get<std::optional<long long>>("decided_us"));
  a.decision_note = r.get<std::string>("decision_note");
  a.outcome_by = r.get<std::string>("outcome_by");
  a.outcome_time = FromMicros(r.get<std::optional<long long>>("outcome_us"));
  a.skip_reason = r.get<std::string>("skip_reason");
  a.consumption_id = r.get<long long>("consumption_id");
  a.learned_preference_id = r.get<long long>("learned_preference_id");
  a.create_time = FromMicros(r.get<long long>("created_us"));
  a.update_time = FromMicros(r.get<long long>("updated_us"));
  a.version = r.get<long long>("version");
  return a;
}

// Loads the reasons of every action in `actions`, in one statement.
void LoadReasons(soci::session& sql, std::vector<domain::RoomAction>& actions) {
  if (actions.empty()) return;
  std::vector<int64_t> ids;
  std::map<int64_t, domain::RoomAction*> by_id;
  for (domain::RoomAction& a : actions) {
    ids.push_back(a.id);
    by_id[a.id] = &a;
  }
  const std::string array = IdArray(ids);
  soci::rowset<soci::row> rows =
      (sql.prepare << kSelectReasons, soci::use(array, "ids"));
  for (const soci::row& r : rows) {
    auto it = by_id.find(r.get<long long>("room_action_id"));
    if (it == by_id.end()) continue;
    domain::SuggestionReason reason;
    reason.rule_id = r.get<long long>("rule_id");
    reason.rule_code = r.get<std::string>("rule_code");
    reason.title_zh = r.get<std::string>("title_zh");
    reason.title_en = r.get<std::string>("title_en");
    reason.observations =
        ParseObservationWords(r.get<std::string>("observations"));
    reason.facts =
        absl::StrSplit(r.get<std::string>("facts"), '\n', absl::SkipEmpty());
    it->second->reasons.push_back(std::move(reason));
  }
}

std::vector<domain::RoomAction> SelectActions(soci::session& sql,
                                              soci::rowset<soci::row>& rows) {
  std::vector<domain::RoomAction> out;
  for (const soci::row& r : rows) out.push_back(ActionFromRow(r));
  LoadReasons(sql, out);
  return out;
}

domain::HandoverNote NoteFromRow(const soci::row& r) {
  domain::HandoverNote n;
  n.id = r.get<long long>("id");
  n.site_id = r.get<long long>("site_id");
  n.room_number = r.get<std::string>("room_number");
  n.text = r.get<std::string>("text");
  n.room_action_id = r.get<long long>("action_id");
  n.author = r.get<std::string>("author");
  n.create_time = FromMicros(r.get<long long>("created_us"));
  return n;
}

}  // namespace

// --- rooms -------------------------------------------------------------------

domain::Room InsertRoom(soci::session& sql, const domain::Room& room) {
  domain::Room stored = room;
  const int accessible = room.accessible ? 1 : 0;
  const long long created_us = ToMicros(room.create_time);
  sql << kInsertRoom, soci::use(room.site_id, "site"),
      soci::use(room.number, "number"), soci::use(room.floor, "floor"),
      soci::use(room.room_type, "room_type"),
      soci::use(accessible, "accessible"), soci::use(created_us, "created_us"),
      soci::use(room.created_by, "created_by"), soci::into(stored.id);
  return stored;
}

std::optional<domain::Room> FindRoomByNumber(soci::session& sql,
                                             int64_t site_id,
                                             const std::string& number) {
  return SelectOne<domain::Room>(
      sql, std::string(kRoomColumns) + kSelectRoomByNumber, RoomFromRow,
      soci::use(site_id, "site"), soci::use(number, "number"));
}

bool SiteHasRooms(soci::session& sql, int64_t site_id) {
  int one = 0;
  sql << kSiteHasRooms, soci::use(site_id, "site"), soci::into(one);
  return sql.got_data();
}

bool RoomNumberAccepted(soci::session& sql, int64_t site_id,
                        const std::string& number) {
  int accepted = 0;
  sql << kRoomNumberAccepted, soci::use(site_id, "site"),
      soci::use(number, "number"), soci::into(accepted);
  return accepted != 0;
}

Page<domain::Room> ListRooms(soci::session& sql, int64_t site_id,
                             const RoomFilter& filter, PageRequest page) {
  const int has_floor = filter.floor ? 1 : 0;
  const int floor = filter.floor.value_or(0);
  const int accessible_only = filter.accessible_only ? 1 : 0;
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kRoomColumns) + kListRooms,
       soci::use(site_id, "site"), soci::use(page.after_id, "after"),
       soci::use(has_floor, "has_floor"), soci::use(floor, "floor"),
       soci::use(accessible_only, "accessible_only"), soci::use(fetch, "lim"));
  std::vector<domain::Room> out;
  for (const soci::row& r : rows) out.push_back(RoomFromRow(r));
  return MakePage(std::move(out), page.limit);
}

void AssignRoom(soci::session& sql, int64_t site_id, int64_t room_id,
                absl::CivilDay date, int64_t staff_id,
                const std::string& assigned_by, absl::Time now) {
  const std::string day = Date(date);
  const long long now_us = ToMicros(now);
  sql << kAssignRoom, soci::use(site_id, "site"), soci::use(room_id, "room"),
      soci::use(day, "date"), soci::use(staff_id, "staff"),
      soci::use(assigned_by, "by"), soci::use(now_us, "now_us");
}

void ReleaseOtherRooms(soci::session& sql, int64_t site_id, int64_t staff_id,
                       absl::CivilDay date,
                       const std::vector<int64_t>& keep_room_ids) {
  const std::string day = Date(date);
  const std::string keep = IdArray(keep_room_ids);
  sql << kReleaseOtherRooms, soci::use(site_id, "site"),
      soci::use(staff_id, "staff"), soci::use(day, "date"),
      soci::use(keep, "keep");
}

std::vector<domain::Room> ListAssignedRooms(soci::session& sql, int64_t site_id,
                                            int64_t staff_id,
                                            absl::CivilDay date) {
  const std::string day = Date(date);
  soci::rowset<soci::row> rows =
      (sql.prepare << kListAssignedRooms, soci::use(site_id, "site"),
       soci::use(staff_id, "staff"), soci::use(day, "date"));
  std::vector<domain::Room> out;
  for (const soci::row& r : rows) out.push_back(RoomFromRow(r));
  return out;
}

int64_t FindAssignee(soci::session& sql, int64_t site_id,
                     const std::string& room_number, absl::CivilDay date) {
  const std::string day = Date(date);
  long long staff = 0;
  sql << kFindAssignee, soci::use(site_id, "site"),
      soci::use(room_number, "number"), soci::use(day, "date"),
      soci::into(staff);
  return sql.got_data() ? staff : 0;
}

// --- vocabulary and rules ----------------------------------------------------

domain::Vocabulary LoadVocabulary(soci::session& sql, int64_t site_id) {
  domain::Vocabulary v;
  {
    soci::rowset<soci::row> rows =
        (sql.prepare << kObservationColumns, soci::use(site_id, "site"));
    for (const soci::row& r : rows) {
      domain::ObservationDefinition d;
      d.id = r.get<long long>("id");
      d.site_id = r.get<long long>("site_id");
      d.code = r.get<std::string>("code");
      d.takes_number = Flag(r, "takes_number");
      d.unit = r.get<std::string>("unit");
      d.label_zh = r.get<std::string>("label_zh");
      d.label_en = r.get<std::string>("label_en");
      d.create_time = FromMicros(r.get<long long>("created_us"));
      d.created_by = r.get<std::string>("created_by");
      v.observations.push_back(std::move(d));
    }
  }
  soci::rowset<soci::row> rows =
      (sql.prepare << kActionDefinitionColumns, soci::use(site_id, "site"));
  for (const soci::row& r : rows) {
    v.actions.push_back(ActionDefinitionFromRow(r));
  }
  return v;
}

domain::ObservationDefinition InsertObservationDefinition(
    soci::session& sql, const domain::ObservationDefinition& def) {
  domain::ObservationDefinition stored = def;
  const int takes_number = def.takes_number ? 1 : 0;
  const long long created_us = ToMicros(def.create_time);
  sql << kInsertObservation, soci::use(def.site_id, "site"),
      soci::use(def.code, "code"), soci::use(takes_number, "takes_number"),
      soci::use(def.unit, "unit"), soci::use(def.label_zh, "label_zh"),
      soci::use(def.label_en, "label_en"), soci::use(created_us, "created_us"),
      soci::use(def.created_by, "created_by"), soci::into(stored.id);
  return stored;
}

domain::ActionDefinition InsertActionDefinition(
    soci::session& sql, const domain::ActionDefinition& def) {
  domain::ActionDefinition stored = def;
  const int is_sale = def.is_sale ? 1 : 0;
  const int for_next_shift = def.for_next_shift ? 1 : 0;
  const int department_task = def.department_task ? 1 : 0;
  const FactColumns teaches = ToColumns(def.teaches);
  const long long created_us = ToMicros(def.create_time);
  sql << kInsertActionDefinition, soci::use(def.site_id, "site"),
      soci::use(def.code, "code"), soci::use(def.title_zh, "title_zh"),
      soci::use(def.title_en, "title_en"),
      soci::use(def.department_id, "department"),
      soci::use(def.cost.minor, "cost"),
      soci::use(def.cost.currency, "currency"), soci::use(is_sale, "is_sale"),
      soci::use(for_next_shift, "for_next_shift"),
      soci::use(department_task, "department_task"),
      soci::use(def.quantity_observation, "quantity_observation"),
      soci::use(teaches.category, "teaches_category"),
      soci::use(teaches.key, "teaches_key"),
      soci::use(teaches.value, "teaches_value"),
      soci::use(def.minibar_item, "minibar_item"),
      soci::use(def.deadline_minutes, "deadline_minutes"),
      soci::use(created_us, "created_us"),
      soci::use(def.created_by, "created_by"), soci::into(stored.id);
  return stored;
}

std::vector<domain::Rule> LoadRules(soci::session& sql, int64_t site_id) {
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kRuleColumns) + kLoadRules,
       soci::use(site_id, "site"));
  std::vector<domain::Rule> out;
  for (const soci::row& r : rows) out.push_back(RuleFromRow(r));
  return out;
}

Page<domain::Rule> ListRules(soci::session& sql, int64_t site_id,
                             PageRequest page) {
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kRuleColumns) + kListRules,
       soci::use(site_id, "site"), soci::use(page.after_id, "after"),
       soci::use(fetch, "lim"));
  std::vector<domain::Rule> out;
  for (const soci::row& r : rows) out.push_back(RuleFromRow(r));
  return MakePage(std::move(out), page.limit);
}

std::map<int64_t, domain::RuleUsage> CountRuleUsage(soci::session& sql,
                                                    int64_t site_id,
                                                    absl::Time start,
                                                    absl::Time end) {
  const int64_t start_us = absl::ToUnixMicros(start);
  const int64_t end_us = absl::ToUnixMicros(end);
  soci::rowset<soci::row> rows =
      (sql.prepare << kCountRuleUsage, soci::use(site_id, "site"),
       soci::use(start_us, "start_us"), soci::use(end_us, "end_us"));
  std::map<int64_t, domain::RuleUsage> out;
  for (const soci::row& r : rows) {
    domain::RuleUsage& u = out[r.get<long long>("rule_id")];
    u.start = start;
    u.end = end;
    u.fired = r.get<int>("fired");
    u.done = r.get<int>("done");
    u.skipped = r.get<int>("skipped");
    u.waiting = r.get<int>("waiting");
    u.rejected = r.get<int>("rejected");
    u.expired = r.get<int>("expired");
  }
  return out;
}

std::optional<domain::Rule> FindRule(soci::session& sql, int64_t site_id,
                                     int64_t rule_id, bool for_update) {
  return SelectOne<domain::Rule>(
      sql, std::string(kRuleColumns) + (for_update ? kLockRule : kSelectRule),
      RuleFromRow, soci::use(site_id, "site"), soci::use(rule_id, "id"));
}

std::optional<domain::Rule> FindRuleByCode(soci::session& sql, int64_t site_id,
                                           const std::string& code) {
  return SelectOne<domain::Rule>(
      sql, std::string(kRuleColumns) + kSelectRuleByCode, RuleFromRow,
      soci::use(site_id, "site"), soci::use(code, "code"));
}

domain::Rule InsertRule(soci::session& sql, const domain::Rule& rule) {
  domain::Rule stored = rule;
  const RuleColumns c = ToColumns(rule);
  const std::string trigger(domain::RuleTriggerName(rule.trigger));
  const int birthday = rule.profile.birthday_today ? 1 : 0;
  const int infant = rule.profile.travelling_with_infant ? 1 : 0;
  const int enabled = rule.enabled ? 1 : 0;
  const long long created_us = ToMicros(rule.create_time);
  const long long updated_us = ToMicros(rule.update_time);
  sql << kInsertRule, soci::use(rule.site_id, "site"),
      soci::use(rule.code, "code"), soci::use(rule.title_zh, "title_zh"),
      soci::use(rule.title_en, "title_en"), soci::use(trigger, "trigger"),
      soci::use(c.all_of, "all_of"), soci::use(c.any_of, "any_of"),
      soci::use(c.numeric, "numeric"), soci::use(birthday, "birthday"),
      soci::use(infant, "infant"), soci::use(rule.profile.min_vip_level, "vip"),
      soci::use(c.preferences, "preferences"), soci::use(c.actions, "actions"),
      soci::use(enabled, "enabled"), soci::use(created_us, "created_us"),
      soci::use(updated_us, "updated_us"),
      soci::use(rule.updated_by, "updated_by"), soci::into(stored.id);
  stored.version = 1;
  return stored;
}

std::optional<domain::Rule> UpdateRule(soci::session& sql,
                                       const domain::Rule& rule,
                                       int64_t expected_version) {
  const RuleColumns c = ToColumns(rule);
  const std::string trigger(domain::RuleTriggerName(rule.trigger));
  const int birthday = rule.profile.birthday_today ? 1 : 0;
  const int infant = rule.profile.travelling_with_infant ? 1 : 0;
  const int enabled = rule.enabled ? 1 : 0;
  const long long updated_us = ToMicros(rule.update_time);
  long long version = 0;
  sql << kUpdateRule, soci::use(rule.title_zh, "title_zh"),
      soci::use(rule.title_en, "title_en"), soci::use(trigger, "trigger"),
      soci::use(c.all_of, "all_of"), soci::use(c.any_of, "any_of"),
      soci::use(c.numeric, "numeric"), soci::use(birthday, "birthday"),
      soci::use(infant, "infant"), soci::use(rule.profile.min_vip_level, "vip"),
      soci::use(c.preferences, "preferences"), soci::use(c.actions, "actions"),
      soci::use(enabled, "enabled"), soci::use(updated_us, "updated_us"),
      soci::use(rule.updated_by, "updated_by"), soci::use(rule.site_id, "site"),
      soci::use(rule.id, "id"), soci::use(expected_version, "version"),
      soci::into(version);
  if (!sql.got_data()) return std::nullopt;
  return FindRule(sql, rule.site_id, rule.id);
}

void InsertHousekeepingDefaults(
    soci::session& sql, const domain::Site& site,
    const std::vector<domain::Department>& departments) {
  auto seed = domain::ParseHousekeepingSeed(
      embedded::SeedFile("housekeeping_observations.tsv"),
      embedded::SeedFile("housekeeping_actions.tsv"),
      embedded::SeedFile("housekeeping_rules.tsv"));
  if (!seed.ok()) {
    // The seed is compiled in and covered by tests; failing here is a
    // build defect, reported as such by Database::Transact.
    throw std::runtime_error(std::string(seed.status().message()));
  }
  constexpr char kSystem[] = "system";
  for (domain::ObservationDefinition d : seed->observations) {
    d.site_id = site.id;
    d.create_time = site.create_time;
    d.created_by = kSystem;
    InsertObservationDefinition(sql, d);
  }
  for (domain::ActionDefinition a : seed->actions) {
    a.site_id = site.id;
    a.cost.currency = site.currency;
    a.create_time = site.create_time;
    a.created_by = kSystem;
    for (const domain::Department& d : departments) {
      if (d.code == a.department_code) a.department_id = d.id;
    }
    if (a.department_id == 0) {
      throw std::runtime_error(absl::StrCat("housekeeping seed: site ", site.id,
                                            " has no department ",
                                            a.department_code));
    }
    InsertActionDefinition(sql, a);
  }
  for (domain::Rule r : seed->rules) {
    r.site_id = site.id;
    r.create_time = r.update_time = site.create_time;
    r.updated_by = kSystem;
    InsertRule(sql, r);
  }
  auto items =
      domain::ParseMinibarSeed(embedded::SeedFile("housekeeping_minibar.tsv"));
  if (!items.ok()) {
    throw std::runtime_error(std::string(items.status().message()));
  }
  for (domain::MinibarItem item : *items) {
    item.site_id = site.id;
    item.price.currency = site.currency;
    item.create_time = site.create_time;
    item.created_by = kSystem;
    InsertMinibarItemIfMissing(sql, item);
  }
}

bool EnsureHousekeepingDefaults(soci::session& sql, const domain::Site& site) {
  long long count = 0;
  sql << kCountActionDefinitions, soci::use(site.id, "site"), soci::into(count);
  if (count > 0) return false;
  const Page<domain::Department> departments =
      ListDepartments(sql, site.id, PageRequest{0, 500});
  InsertHousekeepingDefaults(sql, site, departments.items);
  return true;
}

// --- visits and actions ------------------------------------------------------

domain::Visit InsertVisit(soci::session& sql, const domain::Visit& visit) {
  domain::Visit stored = visit;
  const std::string kind(domain::VisitKindName(visit.kind));
  const std::optional<long long> stay = NullIfZero(visit.stay_id),
                                 guest = NullIfZero(visit.guest_id),
                                 note_id = NullIfZero(visit.note_id),
                                 staff = NullIfZero(visit.staff_id);
  const std::string observations = FormatObservationWords(visit.observations);
  const long long created_us = ToMicros(visit.create_time);
  sql << kInsertVisit, soci::use(visit.site_id, "site"),
      soci::use(visit.room_number, "room"), soci::use(kind, "kind"),
      soci::use(stay, "stay"), soci::use(guest, "guest"),
      soci::use(observations, "observations"), soci::use(visit.note, "note"),
      soci::use(note_id, "note_id"), soci::use(staff, "staff"),
      soci::use(visit.visited_by, "visited_by"),
      soci::use(created_us, "created_us"), soci::into(stored.id);
  return stored;
}

std::optional<domain::Visit> FindVisit(soci::session& sql, int64_t site_id,
                                       int64_t visit_id) {
  return SelectOne<domain::Visit>(sql, kVisitColumns, VisitFromRow,
                                  soci::use(site_id, "site"),
                                  soci::use(visit_id, "id"));
}

domain::RoomAction InsertRoomAction(soci::session& sql,
                                    const domain::RoomAction& action) {
  domain::RoomAction stored = action;
  const std::optional<long long> stay = NullIfZero(action.stay_id),
                                 guest = NullIfZero(action.guest_id),
                                 requester_staff =
                                     NullIfZero(action.requester_staff_id),
                                 requester_department =
                                     NullIfZero(action.requester_department_id);
  const int is_sale = action.is_sale ? 1 : 0;
  const int for_next_shift = action.for_next_shift ? 1 : 0;
  const int department_task = action.department_task ? 1 : 0;
  const FactColumns teaches = ToColumns(action.teaches);
  const std::string state(domain::ActionStateName(action.state));
  const long long created_us = ToMicros(action.create_time);
  const std::optional<long long> deadline_us = ToMicros(action.deadline),
                                 escalate_us = ToMicros(action.escalate_time),
                                 visit = NullIfZero(action.visit_id);
  const int proposed = action.proposed ? 1 : 0;
  sql << kInsertAction, soci::use(action.site_id, "site"),
      soci::use(visit, "visit"), soci::use(action.room_number, "room"),
      soci::use(stay, "stay"), soci::use(guest, "guest"),
      soci::use(action.code, "code"), soci::use(action.title_zh, "title_zh"),
      soci::use(action.title_en, "title_en"),
      soci::use(action.department_id, "department"),
      soci::use(action.quantity, "quantity"),
      soci::use(action.unit_cost.minor, "cost"),
      soci::use(action.unit_cost.currency, "currency"),
      soci::use(is_sale, "is_sale"),
      soci::use(for_next_shift, "for_next_shift"),
      soci::use(department_task, "department_task"),
      soci::use(teaches.category, "teaches_category"),
      soci::use(teaches.key, "teaches_key"),
      soci::use(teaches.value, "teaches_value"),
      soci::use(action.minibar_item, "minibar_item"), soci::use(state, "state"),
      soci::use(deadline_us, "deadline_us"),
      soci::use(escalate_us, "escalate_us"), soci::use(proposed, "proposed"),
      soci::use(action.proposal_reason, "proposal_reason"),
      soci::use(action.requested_by, "requested_by"),
      soci::use(requester_staff, "requester_staff"),
      soci::use(requester_department, "requester_department"),
      soci::use(created_us, "created_us"), soci::into(stored.id);
  for (size_t i = 0; i < action.reasons.size(); ++i) {
    const domain::SuggestionReason& reason = action.reasons[i];
    const int position = static_cast<int>(i);
    const std::string observations =
        FormatObservationWords(reason.observations);
    const std::string facts = absl::StrJoin(reason.facts, "\n");
    sql << kInsertReason, soci::use(stored.id, "action"),
        soci::use(position, "position"), soci::use(reason.rule_id, "rule"),
        soci::use(reason.rule_code, "rule_code"),
        soci::use(reason.title_zh, "title_zh"),
        soci::use(reason.title_en, "title_en"),
        soci::use(observations, "observations"), soci::use(facts, "facts");
  }
  stored.version = 1;
  return stored;
}

std::optional<domain::RoomAction> FindRoomAction(soci::session& sql,
                                                 int64_t site_id,
                                                 int64_t action_id,
                                                 bool for_update) {
  std::optional<domain::RoomAction> action = SelectOne<domain::RoomAction>(
      sql,
      std::string(kActionColumns) + (for_update ? kLockAction : kSelectAction),
      ActionFromRow, soci::use(site_id, "site"), soci::use(action_id, "id"));
  if (!action) return std::nullopt;
  std::vector<domain::RoomAction> one = {*std::move(action)};
  LoadReasons(sql, one);
  return std::move(one.front());
}

bool SaveRoomAction(soci::session& sql, const domain::RoomAction& a,
                    int64_t expected_version) {
  const std::string state(domain::ActionStateName(a.state));
  const std::optional<long long> decided_us = ToMicros(a.decide_time),
                                 outcome_us = ToMicros(a.outcome_time),
                                 consumption = NullIfZero(a.consumption_id),
                                 preference =
                                     NullIfZero(a.learned_preference_id);
  const long long updated_us = ToMicros(a.update_time);
  const std::optional<long long> expired_us = ToMicros(a.expire_time);
  long long version = 0;
  sql << kSaveAction, soci::use(state, "state"),
      soci::use(a.quantity, "quantity"),
      soci::use(a.escalation_level, "escalation_level"),
      soci::use(expired_us, "expired_us"),
      soci::use(a.expiry_reason_zh, "expiry_zh"),
      soci::use(a.expiry_reason_en, "expiry_en"),
      soci::use(a.decided_by, "decided_by"),
      soci::use(decided_us, "decided_us"),
      soci::use(a.decision_note, "decision_note"),
      soci::use(a.outcome_by, "outcome_by"),
      soci::use(outcome_us, "outcome_us"),
      soci::use(a.skip_reason, "skip_reason"),
      soci::use(consumption, "consumption"),
      soci::use(preference, "preference"), soci::use(updated_us, "updated_us"),
      soci::use(a.site_id, "site"), soci::use(a.id, "id"),
      soci::use(expected_version, "version"), soci::into(version);
  return sql.got_data();
}

std::vector<domain::RoomAction> FindRoomActionsByIds(
    soci::session& sql, const std::vector<int64_t>& ids) {
  if (ids.empty()) return {};
  const std::string array = IdArray(ids);
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kActionColumns) + kActionsByIds,
       soci::use(array, "ids"));
  return SelectActions(sql, rows);
}

void AppendRoomActionEvent(soci::session& sql, const domain::RoomAction& action,
                           absl::string_view move,
                           std::optional<domain::ActionState> before,
                           const std::string& actor,
                           const std::string& actor_role, absl::Time time,
                           absl::string_view note_text) {
  const std::optional<long long> assignee =
      NullIfZero(action.requester_staff_id);
  const std::string move_name(move);
  const std::optional<std::string> before_name =
      before ? std::optional<std::string>(
                   std::string(domain::ActionStateName(*before)))
             : std::nullopt;
  const std::string after(domain::ActionStateName(action.state));
  const std::string note = !note_text.empty()           ? std::string(note_text)
                           : action.skip_reason.empty() ? action.decision_note
                                                        : action.skip_reason;
  const long long at = ToMicros(time);
  const std::optional<std::string> correlation = CorrelationId();
  sql << kAppendActionEvent, soci::use(action.site_id, "site"),
      soci::use(action.id, "action"),
      soci::use(action.department_id, "department"),
      soci::use(assignee, "assignee"), soci::use(move_name, "move"),
      soci::use(before_name, "before"), soci::use(after, "after"),
      soci::use(actor, "actor"), soci::use(actor_role, "actor_role"),
      soci::use(note, "note"), soci::use(at, "at"),
      soci::use(correlation, "correlation");
  ChangeFeed::NotifyAfterCommit(ChangeFeed::kEventsChannel);
}

std::vector<domain::RoomAction> ListVisitActions(soci::session& sql,
                                                 int64_t site_id,
                                                 int64_t visit_id) {
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kActionColumns) + kVisitActions,
       soci::use(site_id, "site"), soci::use(visit_id, "visit"));
  return SelectActions(sql, rows);
}

std::vector<std::pair<int64_t, int64_t>> LockDueRoomActions(soci::session& sql,
                                                            absl::Time now,
                                                            int64_t after_id,
                                                            int limit) {
  const long long now_us = ToMicros(now);
  soci::rowset<soci::row> rows =
      (sql.prepare << kLockDueActions, soci::use(after_id, "after"),
       soci::use(now_us, "now1"), soci::use(now_us, "now2"),
       soci::use(limit, "lim"));
  std::vector<std::pair<int64_t, int64_t>> out;
  for (const soci::row& r : rows) {
    out.emplace_back(r.get<long long>(0), r.get<long long>(1));
  }
  return out;
}

std::vector<domain::RoomAction> ListExpiredRoomActions(
    soci::session& sql, int64_t site_id, const std::string& room_number,
    absl::Time since) {
  const long long since_us = ToMicros(since);
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kActionColumns) + kExpiredRoomActions,
       soci::use(site_id, "site"), soci::use(room_number, "room"),
       soci::use(since_us, "since_us"));
  return SelectActions(sql, rows);
}

std::vector<domain::RoomAction> ListOpenRoomActions(
    soci::session& sql, int64_t site_id, const std::string& room_number) {
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kActionColumns) + kOpenRoomActions,
       soci::use(site_id, "site"), soci::use(room_number, "room"));
  return SelectActions(sql, rows);
}

Page<domain::RoomAction> ListPendingApprovals(soci::session& sql,
                                              int64_t site_id,
                                              int64_t requester_department_id,
                                              PageRequest page) {
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kActionColumns) + kPendingApprovals,
       soci::use(site_id, "site"), soci::use(page.after_id, "after"),
       soci::use(requester_department_id, "department"),
       soci::use(fetch, "lim"));
  return MakePage(SelectActions(sql, rows), page.limit);
}

Page<domain::RoomAction> ListDepartmentTasks(soci::session& sql,
                                             int64_t site_id,
                                             int64_t department_id,
                                             PageRequest page) {
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kActionColumns) + kDepartmentTasks,
       soci::use(site_id, "site"), soci::use(department_id, "department"),
       soci::use(page.after_id, "after"), soci::use(fetch, "lim"));
  return MakePage(SelectActions(sql, rows), page.limit);
}

Page<domain::RoomAction> ListActionsSuggestedBetween(
    soci::session& sql, int64_t site_id, int64_t department_id,
    absl::Time start, absl::Time end, PageRequest page) {
  const int fetch = page.limit + 1;
  const int64_t start_us = ToMicros(start);
  const int64_t end_us = ToMicros(end);
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kActionColumns) + kActionsSuggestedBetween,
       soci::use(site_id, "site"), soci::use(start_us, "start_us"),
       soci::use(end_us, "end_us"), soci::use(department_id, "department"),
       soci::use(page.after_id, "after"), soci::use(fetch, "lim"));
  return MakePage(SelectActions(sql, rows), page.limit);
}

std::optional<absl::Time> LastVisitBetween(soci::session& sql, int64_t site_id,
                                           const std::string& room_number,
                                           absl::Time start, absl::Time end) {
  const int64_t start_us = ToMicros(start);
  const int64_t end_us = ToMicros(end);
  long long last_us = 0;
  sql << kLastVisit, soci::use(site_id, "site"), soci::use(room_number, "room"),
      soci::use(start_us, "start_us"), soci::use(end_us, "end_us"),
      soci::into(last_us);
  if (last_us == 0) return std::nullopt;
  return FromMicros(last_us);
}

// --- handover ----------------------------------------------------------------

domain::HandoverNote InsertHandoverNote(soci::session& sql,
                                        const domain::HandoverNote& note) {
  domain::HandoverNote stored = note;
  const std::optional<long long> action = NullIfZero(note.room_action_id);
  const long long created_us = ToMicros(note.create_time);
  sql << kInsertNote, soci::use(note.site_id, "site"),
      soci::use(note.room_number, "room"), soci::use(note.text, "text"),
      soci::use(action, "action"), soci::use(note.author, "author"),
      soci::use(created_us, "created_us"), soci::into(stored.id);
  return stored;
}

std::optional<domain::HandoverNote> FindHandoverNote(soci::session& sql,
                                                     int64_t site_id,
                                                     int64_t note_id) {
  return SelectOne<domain::HandoverNote>(
      sql, std::string(kNoteColumns) + kSelectNote, NoteFromRow,
      soci::use(site_id, "site"), soci::use(note_id, "id"));
}

Page<domain::HandoverNote> ListHandoverNotes(soci::session& sql,
                                             int64_t site_id,
                                             const std::string& room_number,
                                             absl::Time since,
                                             PageRequest page) {
  const long long since_us = ToMicros(since);
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kNoteColumns) + kListNotes,
       soci::use(site_id, "site"), soci::use(page.after_id, "after"),
       soci::use(room_number, "room"), soci::use(since_us, "since_us"),
       soci::use(fetch, "lim"));
  std::vector<domain::HandoverNote> out;
  for (const soci::row& r : rows) out.push_back(NoteFromRow(r));
  return MakePage(std::move(out), page.limit);
}

}  // namespace concierge::store
