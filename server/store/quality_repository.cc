#include "server/store/quality_repository.h"

#include "absl/strings/str_cat.h"
#include "server/store/catalog_repository.h"

namespace concierge::store {
namespace {

std::optional<absl::Time> OptTime(const soci::row& r, const char* column) {
  return FromMicros(r.get<std::optional<long long>>(column));
}

int64_t IdOrZero(const soci::row& r, const char* column) {
  return r.get<std::optional<long long>>(column).value_or(0);
}

template <typename T, typename FromRow>
std::vector<T> Collect(soci::rowset<soci::row>& rows, FromRow from_row) {
  std::vector<T> out;
  for (const soci::row& row : rows) out.push_back(from_row(row));
  return out;
}

std::optional<std::string> OptName(bool has, absl::string_view name) {
  if (!has) return std::nullopt;
  return std::string(name);
}

// --- follow-ups ------------------------------------------------------------

constexpr char kInsertFollowUp[] = R"sql(
INSERT INTO follow_ups (site_id, request_id, department_id, completed_at,
    due_at, created_at)
VALUES (:site, :request, :department, us_to_ts(:completed), us_to_ts(:due),
    us_to_ts(:created))
ON CONFLICT (request_id) DO UPDATE
  SET completed_at = EXCLUDED.completed_at, due_at = EXCLUDED.due_at,
      version = follow_ups.version + 1
  WHERE follow_ups.state = 'PENDING')sql";

constexpr char kFollowUpColumns[] = R"sql(
SELECT f.id, f.site_id, f.request_id, f.department_id,
       ts_to_us(f.completed_at) AS completed_us, ts_to_us(f.due_at) AS due_us,
       f.state, f.method, f.satisfaction::bigint AS satisfaction, f.comment,
       f.complained::int AS complained, f.recorded_by,
       ts_to_us(f.recorded_at) AS recorded_us,
       ts_to_us(f.created_at) AS created_us, f.version,
       r.item_id, i.title_zh AS item_title_zh, i.title_en AS item_title_en,
       r.household_id, r.contact_name, r.unit, r.phone,
       (SELECT c.id FROM complaints c WHERE c.follow_up_id = f.id) AS complaint_id
FROM follow_ups f
JOIN service_requests r ON r.id = f.request_id
JOIN service_items i ON i.id = r.item_id )sql";

constexpr char kSelectFollowUp[] = "WHERE f.site_id = :site AND f.id = :id";
constexpr char kSelectFollowUpForUpdate[] =
    "WHERE f.site_id = :site AND f.id = :id FOR UPDATE OF f";
constexpr char kSelectFollowUpByRequest[] =
    "WHERE f.site_id = :site AND f.request_id = :request";
constexpr char kListDueFollowUps[] = R"sql(
WHERE f.site_id = :site AND f.state = 'PENDING' AND f.id > :after
  AND f.due_at <= us_to_ts(:due_before)
  AND (:department::bigint = 0 OR f.department_id = :department)
ORDER BY f.id LIMIT :lim)sql";

// The register's filter (FollowUpRegisterFilter): 0 / '' / -1 for none.
constexpr char kFollowUpRegisterWhere[] = R"sql(
WHERE f.site_id = :site AND f.state = 'DONE'
  AND (:start::bigint = 0 OR f.recorded_at >= us_to_ts(:start))
  AND (:end::bigint = 0 OR f.recorded_at < us_to_ts(:end))
  AND (:department::bigint = 0 OR f.department_id = :department)
  AND (:item::bigint = 0 OR r.item_id = :item)
  AND (:method = '' OR f.method = :method)
  AND f.satisfaction BETWEEN :min_satisfaction AND :max_satisfaction
  AND (:complained::int = -1 OR f.complained::int = :complained) )sql";

constexpr char kSumFollowUpRegister[] = R"sql(
SELECT count(*)::bigint, COALESCE(sum(f.satisfaction), 0)::bigint,
       count(*) FILTER (WHERE f.complained)::bigint
FROM follow_ups f
JOIN service_requests r ON r.id = f.request_id )sql";

constexpr char kTallyFollowUps[] = R"sql(
SELECT f.method, f.satisfaction::bigint AS satisfaction,
       f.complained::int AS complained, count(*)::bigint AS n
FROM follow_ups f
WHERE f.site_id = :site AND f.state = 'DONE'
  AND f.recorded_at >= us_to_ts(:start) AND f.recorded_at < us_to_ts(:end)
GROUP BY 1, 2, 3)sql";

constexpr char kCountFollowUpsOverdue[] = R"sql(
SELECT count(*)::bigint FROM follow_ups f
WHERE f.site_id = :site AND f.state = 'PENDING'
  AND f.due_at >= us_to_ts(:start) AND f.due_at < us_to_ts(:end)
  AND f.due_at < us_to_ts(:as_of))sql";

constexpr char kSaveFollowUpRecord[] = R"sql(
UPDATE follow_ups SET state = :state, method = :method,
  satisfaction = :satisfaction, comment = :comment, complained = :complained,
  recorded_by = :recorded_by, recorded_at = us_to_ts(:recorded),
  version = version + 1
WHERE site_id = :site AND id = :id AND version = :version
RETURNING version)sql";

domain::FollowUp FollowUpFromRow(const soci::row& r) {
  domain::FollowUp f;
  f.id = r.get<long long>("id");
  f.site_id = r.get<long long>("site_id");
  f.request_id = r.get<long long>("request_id");
  f.department_id = r.get<long long>("department_id");
  f.complete_time = FromMicros(r.get<long long>("completed_us"));
  f.due_time = FromMicros(r.get<long long>("due_us"));
  f.state = domain::FollowUpStateFromName(r.get<std::string>("state"))
                .value_or(domain::FollowUpState::kPending);
  if (auto method = r.get<std::optional<std::string>>("method")) {
    f.method = domain::FollowUpMethodFromName(*method);
  }
  f.satisfaction = static_cast<int32_t>(
      r.get<std::optional<long long>>("satisfaction").value_or(0));
  f.comment = r.get<std::string>("comment");
  f.complained = r.get<int>("complained") != 0;
  f.recorded_by = r.get<std::string>("recorded_by");
  f.record_time = OptTime(r, "recorded_us");
  f.create_time = FromMicros(r.get<long long>("created_us"));
  f.version = r.get<long long>("version");
  f.item_id = r.get<long long>("item_id");
  f.item_title_zh = r.get<std::string>("item_title_zh");
  f.item_title_en = r.get<std::string>("item_title_en");
  f.household_id = r.get<long long>("household_id");
  f.contact_name = r.get<std::string>("contact_name");
  f.unit = r.get<std::string>("unit");
  f.phone = r.get<std::string>("phone");
  f.complaint_id = IdOrZero(r, "complaint_id");
  return f;
}

// --- complaints ------------------------------------------------------------

constexpr char kInsertComplaint[] = R"sql(
INSERT INTO complaints (site_id, household_id, resident_id, request_id,
    item_id, department_id, staff_id, follow_up_id, category, severity, text,
    source, state, created_by, created_at, escalated_at, updated_at)
VALUES (:site, :household, :resident, :request, :item, :department, :staff,
    :follow_up, :category, :severity, :text, :source, :state, :created_by,
    us_to_ts(:created), us_to_ts(:escalated), us_to_ts(:created))
RETURNING id)sql";

constexpr char kComplaintColumns[] = R"sql(
SELECT id, site_id, household_id, resident_id, request_id, item_id,
       department_id, staff_id, follow_up_id, category, severity, text,
       source, state, created_by, ts_to_us(created_at) AS created_us, handler,
       ts_to_us(escalated_at) AS escalated_us, escalation_reason, resolution,
       resolved_by, ts_to_us(resolved_at) AS resolved_us,
       ts_to_us(updated_at) AS updated_us, version
FROM complaints )sql";

constexpr char kSelectComplaint[] = "WHERE site_id = :site AND id = :id";
constexpr char kSelectComplaintForUpdate[] =
    "WHERE site_id = :site AND id = :id FOR UPDATE";
constexpr char kListComplaints[] = R"sql(
WHERE site_id = :site AND (:after::bigint = 0 OR id < :after)
  AND (:states = '' OR state = ANY(string_to_array(:states, ' ')))
  AND (:department::bigint = 0 OR department_id = :department)
  AND (:household::bigint = 0 OR household_id = :household)
  AND (:severity = '' OR severity = :severity)
ORDER BY id DESC LIMIT :lim)sql";

constexpr char kSaveComplaint[] = R"sql(
UPDATE complaints SET state = :state, handler = :handler,
  escalated_at = us_to_ts(:escalated), escalation_reason = :escalation_reason,
  resolution = :resolution, resolved_by = :resolved_by,
  resolved_at = us_to_ts(:resolved), updated_at = us_to_ts(:updated),
  version = version + 1
WHERE site_id = :site AND id = :id AND version = :version
RETURNING version)sql";

constexpr char kAppendComplaintEvent[] = R"sql(
INSERT INTO complaint_events (site_id, complaint_id, action, before_state,
    after_state, actor, actor_role, note, created_at, correlation_id)
VALUES (:site, :complaint, :action, :before, :after, :actor, :actor_role,
    :note, us_to_ts(:at), :correlation))sql";

constexpr char kSelectComplaintEvents[] = R"sql(
SELECT action, before_state, after_state, actor, actor_role, note,
       ts_to_us(created_at) AS created_us
FROM complaint_events WHERE complaint_id = :complaint ORDER BY id)sql";

domain::Complaint ComplaintFromRow(const soci::row& r) {
  domain::Complaint c;
  c.id = r.get<long long>("id");
  c.site_id = r.get<long long>("site_id");
  c.household_id = r.get<long long>("household_id");
  c.resident_id = IdOrZero(r, "resident_id");
  c.request_id = IdOrZero(r, "request_id");
  c.item_id = IdOrZero(r, "item_id");
  c.department_id = IdOrZero(r, "department_id");
  c.staff_id = IdOrZero(r, "staff_id");
  c.follow_up_id = IdOrZero(r, "follow_up_id");
  c.category = domain::ComplaintCategoryFromName(r.get<std::string>("category"))
                   .value_or(domain::ComplaintCategory::kOther);
  c.severity = domain::ComplaintSeverityFromName(r.get<std::string>("severity"))
                   .value_or(domain::ComplaintSeverity::kMinor);
  c.text = r.get<std::string>("text");
  c.source = domain::ComplaintSourceFromName(r.get<std::string>("source"))
                 .value_or(domain::ComplaintSource::kStaff);
  c.state = domain::ComplaintStateFromName(r.get<std::string>("state"))
                .value_or(domain::ComplaintState::kOpen);
  c.created_by = r.get<std::string>("created_by");
  c.create_time = FromMicros(r.get<long long>("created_us"));
  c.handler = r.get<std::string>("handler");
  c.escalate_time = OptTime(r, "escalated_us");
  c.escalation_reason = r.get<std::string>("escalation_reason");
  c.resolution = r.get<std::string>("resolution");
  c.resolved_by = r.get<std::string>("resolved_by");
  c.resolve_time = OptTime(r, "resolved_us");
  c.update_time = FromMicros(r.get<long long>("updated_us"));
  c.version = r.get<long long>("version");
  return c;
}

// --- praise ----------------------------------------------------------------

constexpr char kInsertPraise[] = R"sql(
INSERT INTO praise (site_id, staff_id, department_id, source, text,
    praised_by, request_id, subject, room_action_id, received_at, recorded_by,
    created_at)
VALUES (:site, :staff, :department, :source, :text, :praised_by, :request,
    :subject, :room_action, us_to_ts(:received), :recorded_by,
    us_to_ts(:created))
RETURNING id)sql";

constexpr char kPraiseColumns[] = R"sql(
SELECT id, site_id, staff_id, department_id, source, text, praised_by,
       request_id, subject, room_action_id,
       ts_to_us(received_at) AS received_us, recorded_by,
       ts_to_us(created_at) AS created_us
FROM praise )sql";

constexpr char kSelectPraise[] = "WHERE site_id = :site AND id = :id";
constexpr char kListPraise[] = R"sql(
WHERE site_id = :site AND (:after::bigint = 0 OR id < :after)
  AND (:staff::bigint = 0 OR staff_id = :staff)
  AND (:department::bigint = 0 OR department_id = :department)
ORDER BY id DESC LIMIT :lim)sql";

domain::Praise PraiseFromRow(const soci::row& r) {
  domain::Praise p;
  p.id = r.get<long long>("id");
  p.site_id = r.get<long long>("site_id");
  p.staff_id = r.get<long long>("staff_id");
  p.department_id = IdOrZero(r, "department_id");
  p.source = domain::PraiseSourceFromName(r.get<std::string>("source"))
                 .value_or(domain::PraiseSource::kTeamReview);
  p.text = r.get<std::string>("text");
  p.praised_by = r.get<std::string>("praised_by");
  p.request_id = IdOrZero(r, "request_id");
  p.subject = r.get<std::string>("subject");
  p.room_action_id = IdOrZero(r, "room_action_id");
  p.receive_time = FromMicros(r.get<long long>("received_us"));
  p.recorded_by = r.get<std::string>("recorded_by");
  p.create_time = FromMicros(r.get<long long>("created_us"));
  return p;
}

// --- the quality report ----------------------------------------------------

// The definitions are QualityCounts' (server/domain/quality.h).
constexpr char kCountQuality[] = R"sql(
WITH done AS (
  SELECT r.id, r.completed_at, r.completion_due_at
  FROM service_requests r
  WHERE r.site_id = :site
    AND r.completed_at >= us_to_ts(:start) AND r.completed_at < us_to_ts(:end)
    AND (:department::bigint = 0 OR r.department_id = :department)
    AND (:staff::bigint = 0 OR r.assignee_id = :staff)
), followed AS (
  SELECT f.* FROM follow_ups f JOIN done ON done.id = f.request_id
), complained AS (
  SELECT c.severity FROM complaints c
  WHERE c.site_id = :site
    AND c.created_at >= us_to_ts(:start) AND c.created_at < us_to_ts(:end)
    AND (:department::bigint = 0 OR c.department_id = :department)
    AND (:staff::bigint = 0 OR c.staff_id = :staff)
), acts AS (
  SELECT a.state FROM room_actions a
  WHERE a.site_id = :site
    AND a.created_at >= us_to_ts(:start) AND a.created_at < us_to_ts(:end)
    AND (:department::bigint = 0 OR a.department_id = :department)
    AND (:staff::bigint = 0 OR a.requester_staff_id = :staff)
), decided AS (
  SELECT a.created_at, a.decided_at FROM room_actions a
  WHERE a.site_id = :site
    AND a.decided_at >= us_to_ts(:start) AND a.decided_at < us_to_ts(:end)
    AND (:department::bigint = 0 OR a.department_id = :department)
    AND (:staff::bigint = 0 OR a.decided_by = :staff_name)
), acted AS (
  SELECT a.quantity * a.unit_cost_minor AS cost, a.is_sale FROM room_actions a
  WHERE a.site_id = :site AND a.state = 'DONE'
    AND a.outcome_at >= us_to_ts(:start) AND a.outcome_at < us_to_ts(:end)
    AND (:department::bigint = 0 OR a.department_id = :department)
    AND (:staff::bigint = 0 OR a.outcome_by = :staff_name)
)
SELECT
  (SELECT count(*) FROM done)::bigint,
  (SELECT count(*) FROM done WHERE completion_due_at IS NOT NULL)::bigint,
  (SELECT count(*) FROM done WHERE completed_at <= completion_due_at)::bigint,
  (SELECT count(*) FROM followed WHERE state = 'DONE')::bigint,
  (SELECT COALESCE(sum(satisfaction), 0) FROM followed
   WHERE state = 'DONE')::bigint,
  (SELECT count(*) FROM complained WHERE severity = 'MINOR')::bigint,
  (SELECT count(*) FROM complained WHERE severity = 'MAJOR')::bigint,
  (SELECT count(*) FROM praise p
   WHERE p.site_id = :site
     AND p.received_at >= us_to_ts(:start) AND p.received_at < us_to_ts(:end)
     AND (:department::bigint = 0 OR p.department_id = :department)
     AND (:staff::bigint = 0 OR p.staff_id = :staff))::bigint,
  (SELECT count(*) FROM followed
   WHERE state = 'DONE' OR due_at <= us_to_ts(:as_of))::bigint,
  (SELECT count(*) FROM followed
   WHERE state = 'DONE' AND recorded_at <= due_at)::bigint,
  (SELECT count(*) FROM task_events e
   WHERE e.site_id = :site AND e.action = 'DECLINE_SIGN_OFF'
     AND e.created_at >= us_to_ts(:start) AND e.created_at < us_to_ts(:end)
     AND (:department::bigint = 0 OR e.department_id = :department)
     AND (:staff::bigint = 0 OR e.assignee_id = :staff))::bigint,
  (SELECT count(*) FROM acts)::bigint,
  (SELECT count(*) FROM acts WHERE state = 'DONE')::bigint,
  (SELECT count(*) FROM acts WHERE state = 'SKIPPED')::bigint,
  (SELECT count(*) FROM acts WHERE state = 'EXPIRED')::bigint,
  (SELECT count(*) FROM decided)::bigint,
  (SELECT COALESCE(sum(extract(epoch FROM decided_at - created_at)), 0)
   FROM decided)::bigint,
  (SELECT COALESCE(sum(cost), 0) FROM acted WHERE NOT is_sale)::bigint,
  ((SELECT COALESCE(sum(cost), 0) FROM acted WHERE is_sale)
   + (SELECT COALESCE(sum(c.amount_minor), 0)
      FROM service_requests r JOIN guest_consumption c ON c.id = r.consumption_id
      WHERE r.site_id = :site
        AND c.recorded_at >= us_to_ts(:start) AND c.recorded_at < us_to_ts(:end)
        AND (:department::bigint = 0 OR r.department_id = :department)
        AND (:staff::bigint = 0 OR r.assignee_id = :staff))
   + (SELECT COALESCE(sum(c.amount_minor), 0) FROM guest_consumption c
      WHERE c.site_id = :site AND c.kind = 'MINIBAR' AND :department::bigint = 0
        AND c.recorded_at >= us_to_ts(:start) AND c.recorded_at < us_to_ts(:end)
        AND (:staff::bigint = 0 OR c.recorded_by = :staff_name)))::bigint)sql";

// --- evaluations -----------------------------------------------------------

constexpr char kInsertEvaluation[] = R"sql(
INSERT INTO evaluations (site_id, staff_id, department_id, period_start,
    period_end, score, note, evaluator, created_at, report_at,
    report_completed, report_with_target, report_on_time,
    report_satisfaction_count, report_satisfaction_sum,
    report_complaints_minor, report_complaints_major, report_praise,
    report_follow_ups_due, report_follow_ups_on_time, report_reworks,
    report_actions_suggested, report_actions_done, report_actions_skipped,
    report_actions_expired, report_approvals, report_approval_seconds,
    report_gift_spend_minor, report_sales_minor)
VALUES (:site, :staff, :department, us_to_ts(:start), us_to_ts(:end), :score,
    :note, :evaluator, us_to_ts(:created), us_to_ts(:report_at), :completed,
    :with_target, :on_time, :satisfaction_count, :satisfaction_sum, :minor,
    :major, :praise, :follow_ups_due, :follow_ups_on_time, :reworks,
    :suggested, :done, :skipped, :expired, :approvals, :approval_seconds,
    :gift_spend, :sales)
RETURNING id)sql";

constexpr char kEvaluationColumns[] = R"sql(
SELECT e.id, e.site_id, e.staff_id, e.department_id,
       ts_to_us(e.period_start) AS start_us, ts_to_us(e.period_end) AS end_us,
       e.score::bigint AS score, e.note, e.evaluator,
       ts_to_us(e.created_at) AS created_us,
       ts_to_us(e.report_at) AS report_us, e.report_completed,
       e.report_with_target, e.report_on_time, e.report_satisfaction_count,
       e.report_satisfaction_sum, e.report_complaints_minor,
       e.report_complaints_major, e.report_praise, e.report_follow_ups_due,
       e.report_follow_ups_on_time, e.report_reworks,
       e.report_actions_suggested, e.report_actions_done,
       e.report_actions_skipped, e.report_actions_expired, e.report_approvals,
       e.report_approval_seconds, e.report_gift_spend_minor,
       e.report_sales_minor, site.kind AS site_kind,
       site.currency_code AS currency
FROM evaluations e JOIN sites site ON site.id = e.site_id )sql";

constexpr char kSelectEvaluation[] = "WHERE e.site_id = :site AND e.id = :id";
constexpr char kListEvaluations[] = R"sql(
WHERE e.site_id = :site AND (:after::bigint = 0 OR e.id < :after)
  AND (:staff::bigint = 0 OR e.staff_id = :staff)
  AND (:department::bigint = 0 OR e.department_id = :department
       OR (:with_staff::int = 1 AND e.staff_id IN
           (SELECT s.id FROM staff s WHERE s.department_id = :department)))
ORDER BY e.id DESC LIMIT :lim)sql";

domain::Evaluation EvaluationFromRow(const soci::row& r) {
  domain::Evaluation e;
  e.id = r.get<long long>("id");
  e.site_id = r.get<long long>("site_id");
  e.staff_id = IdOrZero(r, "staff_id");
  e.department_id = IdOrZero(r, "department_id");
  e.start = FromMicros(r.get<long long>("start_us"));
  e.end = FromMicros(r.get<long long>("end_us"));
  e.score = static_cast<int32_t>(r.get<long long>("score"));
  e.note = r.get<std::string>("note");
  e.evaluator = r.get<std::string>("evaluator");
  e.create_time = FromMicros(r.get<long long>("created_us"));
  domain::QualityCounts c;
  c.completed = r.get<long long>("report_completed");
  c.with_target = r.get<long long>("report_with_target");
  c.on_time = r.get<long long>("report_on_time");
  c.satisfaction_count = r.get<long long>("report_satisfaction_count");
  c.satisfaction_sum = r.get<long long>("report_satisfaction_sum");
  c.complaints_minor = r.get<long long>("report_complaints_minor");
  c.complaints_major = r.get<long long>("report_complaints_major");
  c.praise = r.get<long long>("report_praise");
  c.follow_ups_due = r.get<long long>("report_follow_ups_due");
  c.follow_ups_on_time = r.get<long long>("report_follow_ups_on_time");
  c.reworks = r.get<long long>("report_reworks");
  c.actions_suggested = r.get<long long>("report_actions_suggested");
  c.actions_done = r.get<long long>("report_actions_done");
  c.actions_skipped = r.get<long long>("report_actions_skipped");
  c.actions_expired = r.get<long long>("report_actions_expired");
  c.approvals = r.get<long long>("report_approvals");
  c.approval_seconds = r.get<long long>("report_approval_seconds");
  c.gift_spend_minor = r.get<long long>("report_gift_spend_minor");
  c.sales_minor = r.get<long long>("report_sales_minor");
  domain::ReportSubject subject{e.site_id, e.department_id, e.staff_id};
  e.report = domain::MakeQualityReport(
      subject, e.start, e.end, FromMicros(r.get<long long>("report_us")), c);
  e.report.hotel = r.get<std::string>("site_kind") == "HOTEL";
  e.report.currency = r.get<std::string>("currency");
  return e;
}

// --- suggestions -----------------------------------------------------------

constexpr char kInsertSuggestion[] = R"sql(
INSERT INTO suggestions (site_id, household_id, resident_id, kind, item_id,
    text, state, created_by, created_at, updated_at)
VALUES (:site, :household, :resident, :kind, :item, :text, :state,
    :created_by, us_to_ts(:created), us_to_ts(:created))
RETURNING id)sql";

constexpr char kSuggestionColumns[] = R"sql(
SELECT id, site_id, household_id, resident_id, kind, item_id, text, state,
       decided_by, ts_to_us(decided_at) AS decided_us, reason, plan_id,
       adopted_item_id, created_by, ts_to_us(created_at) AS created_us,
       ts_to_us(updated_at) AS updated_us, version
FROM suggestions )sql";

constexpr char kSelectSuggestion[] = "WHERE site_id = :site AND id = :id";
constexpr char kSelectSuggestionForUpdate[] =
    "WHERE site_id = :site AND id = :id FOR UPDATE";
constexpr char kListSuggestions[] = R"sql(
WHERE site_id = :site AND (:after::bigint = 0 OR id < :after)
  AND (:household::bigint = 0 OR household_id = :household)
  AND (:states = '' OR state = ANY(string_to_array(:states, ' ')))
ORDER BY id DESC LIMIT :lim)sql";
constexpr char kOpenAcceptedSuggestions[] =
    "WHERE site_id = :site AND state = 'ACCEPTED' ORDER BY id";

constexpr char kSaveSuggestion[] = R"sql(
UPDATE suggestions SET state = :state, decided_by = :decided_by,
  decided_at = us_to_ts(:decided), reason = :reason, plan_id = :plan,
  adopted_item_id = :adopted_item, updated_at = us_to_ts(:updated),
  version = version + 1
WHERE site_id = :site AND id = :id AND version = :version
RETURNING version)sql";

domain::Suggestion SuggestionFromRow(const soci::row& r) {
  domain::Suggestion s;
  s.id = r.get<long long>("id");
  s.site_id = r.get<long long>("site_id");
  s.household_id = r.get<long long>("household_id");
  s.resident_id = IdOrZero(r, "resident_id");
  s.kind = domain::SuggestionKindFromName(r.get<std::string>("kind"))
               .value_or(domain::SuggestionKind::kNewService);
  s.item_id = IdOrZero(r, "item_id");
  s.text = r.get<std::string>("text");
  s.state = domain::SuggestionStateFromName(r.get<std::string>("state"))
                .value_or(domain::SuggestionState::kSubmitted);
  s.decided_by = r.get<std::string>("decided_by");
  s.decide_time = OptTime(r, "decided_us");
  s.reason = r.get<std::string>("reason");
  s.plan_id = IdOrZero(r, "plan_id");
  s.adopted_item_id = IdOrZero(r, "adopted_item_id");
  s.created_by = r.get<std::string>("created_by");
  s.create_time = FromMicros(r.get<long long>("created_us"));
  s.update_time = FromMicros(r.get<long long>("updated_us"));
  s.version = r.get<long long>("version");
  return s;
}

// --- surveys ---------------------------------------------------------------

constexpr char kInsertSurvey[] = R"sql(
INSERT INTO surveys (site_id, item_id, title_zh, title_en, open_at, close_at,
    created_by, created_at)
VALUES (:site, :item, :title_zh, :title_en, us_to_ts(:open), us_to_ts(:close),
    :created_by, us_to_ts(:created))
RETURNING id)sql";

constexpr char kInsertQuestion[] = R"sql(
INSERT INTO survey_questions (survey_id, position, site_id, kind, text_zh,
    text_en, item_id)
VALUES (:survey, :position, :site, :kind, :text_zh, :text_en, :item))sql";

constexpr char kSurveyColumns[] = R"sql(
SELECT id, site_id, item_id, title_zh, title_en, ts_to_us(open_at) AS open_us,
       ts_to_us(close_at) AS close_us, created_by,
       ts_to_us(created_at) AS created_us
FROM surveys )sql";

constexpr char kSelectSurvey[] = "WHERE site_id = :site AND id = :id";
constexpr char kListSurveys[] = R"sql(
WHERE site_id = :site AND (:after::bigint = 0 OR id < :after)
  AND (:open_at::bigint = 0 OR (open_at <= us_to_ts(:open_at)
                                AND close_at > us_to_ts(:open_at)))
ORDER BY id DESC LIMIT :lim)sql";

constexpr char kSelectQuestions[] = R"sql(
SELECT kind, text_zh, text_en, item_id FROM survey_questions
WHERE survey_id = :survey ORDER BY position)sql";

constexpr char kUpsertResponse[] = R"sql(
INSERT INTO survey_responses (site_id, survey_id, household_id, submitted_by,
    created_at, updated_at)
VALUES (:site, :survey, :household, :submitted_by, us_to_ts(:now),
    us_to_ts(:now))
ON CONFLICT (survey_id, household_id) DO UPDATE
SET submitted_by = EXCLUDED.submitted_by, updated_at = EXCLUDED.updated_at,
    version = survey_responses.version + 1
RETURNING id, ts_to_us(created_at), ts_to_us(updated_at))sql";

constexpr char kDeleteAnswers[] =
    "DELETE FROM survey_answers WHERE response_id = :response";
constexpr char kInsertAnswer[] = R"sql(
INSERT INTO survey_answers (response_id, question, score, text)
VALUES (:response, :question, :score, :text))sql";

constexpr char kCountHouseholds[] =
    "SELECT count(*)::bigint FROM households WHERE site_id = :site";
constexpr char kCountResponses[] =
    "SELECT count(*)::bigint FROM survey_responses WHERE survey_id = :survey";
constexpr char kScoreCounts[] = R"sql(
SELECT a.question::bigint, a.score::bigint, count(*)::bigint
FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id
WHERE r.survey_id = :survey AND a.score IS NOT NULL
GROUP BY a.question, a.score)sql";
constexpr char kTexts[] = R"sql(
SELECT a.question::bigint, a.text
FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id
WHERE r.survey_id = :survey AND a.text <> ''
ORDER BY r.id, a.question)sql";

domain::Survey SurveyFromRow(const soci::row& r) {
  domain::Survey s;
  s.id = r.get<long long>("id");
  s.site_id = r.get<long long>("site_id");
  s.item_id = IdOrZero(r, "item_id");
  s.title_zh = r.get<std::string>("title_zh");
  s.title_en = r.get<std::string>("title_en");
  s.open_time = FromMicros(r.get<long long>("open_us"));
  s.close_time = FromMicros(r.get<long long>("close_us"));
  s.created_by = r.get<std::string>("created_by");
  s.create_time = FromMicros(r.get<long long>("created_us"));
  return s;
}

void LoadQuestions(soci::session& sql, domain::Survey* s) {
  soci::rowset<soci::row> rows =
      (sql.prepare << kSelectQuestions, soci::use(s->id, "survey"));
  for (const soci::row& r : rows) {
    domain::SurveyQuestion q;
    q.kind = domain::QuestionKindFromName(r.get<std::string>("kind"))
                 .value_or(domain::QuestionKind::kText);
    q.text_zh = r.get<std::string>("text_zh");
    q.text_en = r.get<std::string>("text_en");
    q.item_id = IdOrZero(r, "item_id");
    s->questions.push_back(std::move(q));
  }
}

// --- the annual review -----------------------------------------------------

// Money over the requests completed in the year; requests counted by
// registration; see ItemYearCounts for each figure.
constexpr char kReviewItems[] = R"sql(
WITH req AS (
  SELECT r.item_id,
    count(*) FILTER (WHERE r.created_at >= us_to_ts(:start)
                       AND r.created_at < us_to_ts(:end)) AS requests,
    count(*) FILTER (WHERE r.completed_at >= us_to_ts(:start)
                       AND r.completed_at < us_to_ts(:end)) AS completed,
    sum(r.settled_minor) FILTER (WHERE r.completed_at >= us_to_ts(:start)
                       AND r.completed_at < us_to_ts(:end)) AS revenue,
    count(*) FILTER (WHERE r.completed_at >= us_to_ts(:start)
                       AND r.completed_at < us_to_ts(:end)
                       AND r.fee_kind <> 'FREE'
                       AND r.settled_minor IS NULL) AS unsettled,
    sum(r.minutes_spent::bigint * d.hourly_cost_minor)
      FILTER (WHERE r.completed_at >= us_to_ts(:start)
                AND r.completed_at < us_to_ts(:end)) AS minute_rate,
    sum(m.cost) FILTER (WHERE r.completed_at >= us_to_ts(:start)
                          AND r.completed_at < us_to_ts(:end)) AS materials
  FROM service_requests r
  JOIN departments d ON d.id = r.department_id
  LEFT JOIN (SELECT request_id, sum(cost_minor) AS cost
             FROM request_materials GROUP BY request_id) m
    ON m.request_id = r.id
  WHERE r.site_id = :site
    AND ((r.created_at >= us_to_ts(:start) AND r.created_at < us_to_ts(:end))
         OR (r.completed_at >= us_to_ts(:start)
             AND r.completed_at < us_to_ts(:end)))
  GROUP BY r.item_id
), sat AS (
  SELECT r.item_id, count(*) AS n, sum(f.satisfaction) AS total
  FROM follow_ups f JOIN service_requests r ON r.id = f.request_id
  WHERE f.site_id = :site AND f.state = 'DONE'
    AND r.completed_at >= us_to_ts(:start) AND r.completed_at < us_to_ts(:end)
  GROUP BY r.item_id
), lk AS (
  SELECT item_id, count(*) AS n FROM lookups
  WHERE site_id = :site AND item_id IS NOT NULL
    AND looked_up_at >= us_to_ts(:start) AND looked_up_at < us_to_ts(:end)
  GROUP BY item_id
), sv AS (
  SELECT s.item_id, count(*) AS n
  FROM survey_responses sr JOIN surveys s ON s.id = sr.survey_id
  WHERE sr.site_id = :site AND s.item_id IS NOT NULL
    AND sr.created_at >= us_to_ts(:start) AND sr.created_at < us_to_ts(:end)
  GROUP BY s.item_id
), cp AS (
  SELECT item_id, count(*) AS n FROM complaints
  WHERE site_id = :site AND item_id IS NOT NULL
    AND created_at >= us_to_ts(:start) AND created_at < us_to_ts(:end)
  GROUP BY item_id
)
SELECT i.id, i.code, i.title_zh, i.title_en, i.fee_kind, i.state,
       i.display_order::bigint AS display_order,
       COALESCE(req.requests, 0)::bigint AS requests,
       COALESCE(req.completed, 0)::bigint AS completed,
       COALESCE(req.revenue, 0)::bigint AS revenue,
       COALESCE(req.unsettled, 0)::bigint AS unsettled,
       COALESCE(req.minute_rate, 0)::bigint AS minute_rate,
       COALESCE(req.materials, 0)::bigint AS materials,
       COALESCE(sat.n, 0)::bigint AS satisfaction_count,
       COALESCE(sat.total, 0)::bigint AS satisfaction_sum,
       COALESCE(lk.n, 0)::bigint AS lookups,
       COALESCE(sv.n, 0)::bigint AS survey_responses,
       COALESCE(cp.n, 0)::bigint AS complaints
FROM service_items i
LEFT JOIN req ON req.item_id = i.id
LEFT JOIN sat ON sat.item_id = i.id
LEFT JOIN lk ON lk.item_id = i.id
LEFT JOIN sv ON sv.item_id = i.id
LEFT JOIN cp ON cp.item_id = i.id
WHERE i.site_id = :site AND i.created_at < us_to_ts(:end)
  AND (i.retired_at IS NULL OR i.retired_at >= us_to_ts(:start))
ORDER BY i.display_order, i.id)sql";

constexpr char kReviewSuggestions[] = R"sql(
SELECT item_id, text FROM suggestions
WHERE site_id = :site AND item_id IS NOT NULL
  AND created_at >= us_to_ts(:start) AND created_at < us_to_ts(:end)
ORDER BY id)sql";

constexpr char kReviewSurveyComments[] = R"sql(
SELECT q.item_id, a.text
FROM survey_answers a
JOIN survey_responses sr ON sr.id = a.response_id
JOIN survey_questions q ON q.survey_id = sr.survey_id
                       AND q.position = a.question
WHERE sr.site_id = :site AND q.item_id IS NOT NULL AND a.text <> ''
  AND sr.updated_at >= us_to_ts(:start) AND sr.updated_at < us_to_ts(:end)
ORDER BY sr.id, a.question)sql";

// --- service plans ---------------------------------------------------------

constexpr char kInsertPlan[] = R"sql(
INSERT INTO service_plans (site_id, year, title_zh, title_en, note, state,
    created_by, created_at, updated_at)
VALUES (:site, :year, :title_zh, :title_en, :note, :state, :created_by,
    us_to_ts(:created), us_to_ts(:created))
RETURNING id)sql";

constexpr char kInsertPlanEntry[] = R"sql(
INSERT INTO service_plan_entries (plan_id, position, site_id, action, item_id,
    suggestion_id, note, price_minor, effective_at, new_code, new_title_zh,
    new_title_en, new_description_zh, new_description_en, new_category,
    new_fee_kind, new_fulfilment, new_department_id, new_conditions_zh,
    new_conditions_en)
VALUES (:plan, :position, :site, :action, :item, :suggestion, :note, :price,
    us_to_ts(:effective), :code, :title_zh, :title_en, :description_zh,
    :description_en, :category, :fee_kind, :fulfilment, :department,
    :conditions_zh, :conditions_en))sql";

constexpr char kPlanColumns[] = R"sql(
SELECT id, site_id, year::bigint AS year, title_zh, title_en, note, state,
       created_by, ts_to_us(created_at) AS created_us, approved_by,
       ts_to_us(approved_at) AS approved_us, announcement_id,
       ts_to_us(updated_at) AS updated_us, version
FROM service_plans )sql";

constexpr char kSelectPlan[] = "WHERE site_id = :site AND id = :id";
constexpr char kSelectPlanForUpdate[] =
    "WHERE site_id = :site AND id = :id FOR UPDATE";
constexpr char kListPlans[] = R"sql(
WHERE site_id = :site AND (:after::bigint = 0 OR id < :after)
ORDER BY id DESC LIMIT :lim)sql";

constexpr char kSelectPlanEntries[] = R"sql(
SELECT action, item_id, suggestion_id, note, price_minor,
       ts_to_us(effective_at) AS effective_us, new_code, new_title_zh,
       new_title_en, new_description_zh, new_description_en, new_category,
       new_fee_kind, new_fulfilment, new_department_id, new_conditions_zh,
       new_conditions_en, result_price_id
FROM service_plan_entries WHERE plan_id = :plan ORDER BY position)sql";

constexpr char kSavePlanApproval[] = R"sql(
UPDATE service_plans SET state = :state, approved_by = :approved_by,
  approved_at = us_to_ts(:approved), announcement_id = :announcement,
  updated_at = us_to_ts(:updated), version = version + 1
WHERE site_id = :site AND id = :id AND version = :version
RETURNING version)sql";

constexpr char kSaveEntryResult[] = R"sql(
UPDATE service_plan_entries SET item_id = :item, result_price_id = :price
WHERE plan_id = :plan AND position = :position)sql";

constexpr char kApprovedPlanExists[] = R"sql(
SELECT count(*)::bigint FROM service_plans
WHERE site_id = :site AND year = :year AND state = 'APPROVED')sql";

constexpr char kSetHourlyCost[] = R"sql(
UPDATE departments SET hourly_cost_minor = :rate
WHERE site_id = :site AND id = :id)sql";

domain::ServicePlan PlanFromRow(const soci::row& r) {
  domain::ServicePlan p;
  p.id = r.get<long long>("id");
  p.site_id = r.get<long long>("site_id");
  p.year = static_cast<int32_t>(r.get<long long>("year"));
  p.title_zh = r.get<std::string>("title_zh");
  p.title_en = r.get<std::string>("title_en");
  p.note = r.get<std::string>("note");
  p.state = domain::PlanStateFromName(r.get<std::string>("state"))
                .value_or(domain::PlanState::kDraft);
  p.created_by = r.get<std::string>("created_by");
  p.create_time = FromMicros(r.get<long long>("created_us"));
  p.approved_by = r.get<std::string>("approved_by");
  p.approve_time = OptTime(r, "approved_us");
  p.announcement_id = IdOrZero(r, "announcement_id");
  p.update_time = FromMicros(r.get<long long>("updated_us"));
  p.version = r.get<long long>("version");
  return p;
}

void LoadEntries(soci::session& sql, domain::ServicePlan* plan) {
  soci::rowset<soci::row> rows =
      (sql.prepare << kSelectPlanEntries, soci::use(plan->id, "plan"));
  for (const soci::row& r : rows) {
    domain::PlanEntry e;
    e.action = domain::PlanActionFromName(r.get<std::string>("action"))
                   .value_or(domain::PlanAction::kKeep);
    e.item_id = IdOrZero(r, "item_id");
    e.suggestion_id = IdOrZero(r, "suggestion_id");
    e.note = r.get<std::string>("note");
    if (auto price = r.get<std::optional<long long>>("price_minor")) {
      e.price = domain::Money{"", *price};
    }
    e.effective_time = OptTime(r, "effective_us");
    domain::ServiceItem& n = e.new_item;
    n.site_id = plan->site_id;
    n.code = r.get<std::string>("new_code");
    n.title_zh = r.get<std::string>("new_title_zh");
    n.title_en = r.get<std::string>("new_title_en");
    n.description_zh = r.get<std::string>("new_description_zh");
    n.description_en = r.get<std::string>("new_description_en");
    n.category =
        domain::ItemCategoryFromName(r.get<std::string>("new_category"))
            .value_or(domain::ItemCategory::kOther);
    n.fee_kind = domain::FeeKindFromName(r.get<std::string>("new_fee_kind"))
                     .value_or(domain::FeeKind::kFree);
    n.fulfilment =
        domain::FulfilmentFromName(r.get<std::string>("new_fulfilment"))
            .value_or(domain::Fulfilment::kScheduled);
    n.department_id = IdOrZero(r, "new_department_id");
    n.conditions_zh = r.get<std::string>("new_conditions_zh");
    n.conditions_en = r.get<std::string>("new_conditions_en");
    e.price_id = IdOrZero(r, "result_price_id");
    plan->entries.push_back(std::move(e));
  }
}

}  // namespace

// --- follow-ups ------------------------------------------------------------

void InsertFollowUp(soci::session& sql, const domain::FollowUp& f) {
  const long long completed = ToMicros(f.complete_time);
  const long long due = ToMicros(f.due_time);
  const long long created = ToMicros(f.create_time);
  sql << kInsertFollowUp, soci::use(f.site_id, "site"),
      soci::use(f.request_id, "request"),
      soci::use(f.department_id, "department"),
      soci::use(completed, "completed"), soci::use(due, "due"),
      soci::use(created, "created");
}

std::optional<domain::FollowUp> FindFollowUp(soci::session& sql,
                                             int64_t site_id, int64_t id,
                                             bool for_update) {
  soci::row row;
  sql << std::string(kFollowUpColumns) +
             (for_update ? kSelectFollowUpForUpdate : kSelectFollowUp),
      soci::use(site_id, "site"), soci::use(id, "id"), soci::into(row);
  if (!sql.got_data()) return std::nullopt;
  return FollowUpFromRow(row);
}

std::optional<domain::FollowUp> FindFollowUpByRequest(soci::session& sql,
                                                      int64_t site_id,
                                                      int64_t request_id) {
  soci::row row;
  sql << std::string(kFollowUpColumns) + kSelectFollowUpByRequest,
      soci::use(site_id, "site"), soci::use(request_id, "request"),
      soci::into(row);
  if (!sql.got_data()) return std::nullopt;
  return FollowUpFromRow(row);
}

Page<domain::FollowUp> ListDueFollowUps(soci::session& sql, int64_t site_id,
                                        int64_t department_id,
                                        absl::Time due_before,
                                        PageRequest page) {
  const long long due = ToMicros(due_before);
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kFollowUpColumns) + kListDueFollowUps,
       soci::use(site_id, "site"), soci::use(page.after_id, "after"),
       soci::use(due, "due_before"), soci::use(department_id, "department"),
       soci::use(fetch, "lim"));
  return MakePage(Collect<domain::FollowUp>(rows, FollowUpFromRow), page.limit);
}

namespace {

// The register filter's parameters, bound by name.
struct RegisterParams {
  long long start = 0, end = 0;
  std::string method;
  int min_satisfaction = 1, max_satisfaction = 5, complained = -1;
  explicit RegisterParams(const FollowUpRegisterFilter& f)
      : start(MicrosOrZero(f.start)),
        end(MicrosOrZero(f.end)),
        method(f.method ? std::string(domain::Name(*f.method)) : "") {
    if (f.band) {
      min_satisfaction = f.band->min_satisfaction;
      max_satisfaction = f.band->max_satisfaction;
      complained = f.band->complained ? 1 : 0;
    }
  }
};

}  // namespace

Page<domain::FollowUp> ListFollowUpRegister(
    soci::session& sql, int64_t site_id, const FollowUpRegisterFilter& filter,
    PageRequest page) {
  const RegisterParams p(filter);
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kFollowUpColumns) + kFollowUpRegisterWhere +
                          "AND f.id > :after ORDER BY f.id LIMIT :lim",
       soci::use(site_id, "site"), soci::use(p.start, "start"),
       soci::use(p.end, "end"), soci::use(filter.department_id, "department"),
       soci::use(filter.item_id, "item"), soci::use(p.method, "method"),
       soci::use(p.min_satisfaction, "min_satisfaction"),
       soci::use(p.max_satisfaction, "max_satisfaction"),
       soci::use(p.complained, "complained"), soci::use(page.after_id, "after"),
       soci::use(fetch, "lim"));
  return MakePage(Collect<domain::FollowUp>(rows, FollowUpFromRow), page.limit);
}

FollowUpRegisterTotals SumFollowUpRegister(
    soci::session& sql, int64_t site_id, const FollowUpRegisterFilter& filter) {
  const RegisterParams p(filter);
  long long count = 0, satisfaction_sum = 0, complained = 0;
  sql << std::string(kSumFollowUpRegister) + kFollowUpRegisterWhere,
      soci::use(site_id, "site"), soci::use(p.start, "start"),
      soci::use(p.end, "end"), soci::use(filter.department_id, "department"),
      soci::use(filter.item_id, "item"), soci::use(p.method, "method"),
      soci::use(p.min_satisfaction, "min_satisfaction"),
      soci::use(p.max_satisfaction, "max_satisfaction"),
      soci::use(p.complained, "complained"), soci::into(count),
      soci::into(satisfaction_sum), soci::into(complained);
  return {count, satisfaction_sum, complained};
}

std::vector<domain::FollowUpTally> TallyFollowUps(soci::session& sql,
                                                  int64_t site_id,
                                                  absl::Time start,
                                                  absl::Time end) {
  const long long start_us = ToMicros(start), end_us = ToMicros(end);
  soci::rowset<soci::row> rows =
      (sql.prepare << kTallyFollowUps, soci::use(site_id, "site"),
       soci::use(start_us, "start"), soci::use(end_us, "end"));
  std::vector<domain::FollowUpTally> out;
  for (const soci::row& r : rows) {
    domain::FollowUpTally t;
    t.method = domain::FollowUpMethodFromName(r.get<std::string>("method"))
                   .value_or(domain::FollowUpMethod::kPhone);
    t.satisfaction = static_cast<int32_t>(r.get<long long>("satisfaction"));
    t.complained = r.get<int>("complained") != 0;
    t.count = r.get<long long>("n");
    out.push_back(t);
  }
  return out;
}

int64_t CountFollowUpsOverdue(soci::session& sql, int64_t site_id,
                              absl::Time start, absl::Time end,
                              absl::Time as_of) {
  const long long start_us = ToMicros(start), end_us = ToMicros(end),
                  as_of_us = ToMicros(as_of);
  long long count = 0;
  sql << kCountFollowUpsOverdue, soci::use(site_id, "site"),
      soci::use(start_us, "start"), soci::use(end_us, "end"),
      soci::use(as_of_us, "as_of"), soci::into(count);
  return count;
}

bool SaveFollowUpRecord(soci::session& sql, const domain::FollowUp& f,
                        int64_t expected_version) {
  const std::string state(domain::Name(f.state));
  const std::optional<std::string> method =
      OptName(f.method.has_value(), f.method ? domain::Name(*f.method) : "");
  const int satisfaction = f.satisfaction;
  const int complained = f.complained ? 1 : 0;
  const std::optional<long long> recorded = ToMicros(f.record_time);
  long long version = 0;
  sql << kSaveFollowUpRecord, soci::use(state, "state"),
      soci::use(method, "method"), soci::use(satisfaction, "satisfaction"),
      soci::use(f.comment, "comment"), soci::use(complained, "complained"),
      soci::use(f.recorded_by, "recorded_by"), soci::use(recorded, "recorded"),
      soci::use(f.site_id, "site"), soci::use(f.id, "id"),
      soci::use(expected_version, "version"), soci::into(version);
  return sql.got_data();
}

// --- complaints ------------------------------------------------------------

domain::Complaint InsertComplaint(soci::session& sql,
                                  const domain::Complaint& c) {
  domain::Complaint stored = c;
  const std::optional<long long> resident = NullIfZero(c.resident_id),
                                 request = NullIfZero(c.request_id),
                                 item = NullIfZero(c.item_id),
                                 department = NullIfZero(c.department_id),
                                 staff = NullIfZero(c.staff_id),
                                 follow_up = NullIfZero(c.follow_up_id);
  const std::string category(domain::Name(c.category)),
      severity(domain::Name(c.severity)), source(domain::Name(c.source)),
      state(domain::Name(c.state));
  const long long created = ToMicros(c.create_time);
  const std::optional<long long> escalated = ToMicros(c.escalate_time);
  sql << kInsertComplaint, soci::use(c.site_id, "site"),
      soci::use(c.household_id, "household"), soci::use(resident, "resident"),
      soci::use(request, "request"), soci::use(item, "item"),
      soci::use(department, "department"), soci::use(staff, "staff"),
      soci::use(follow_up, "follow_up"), soci::use(category, "category"),
      soci::use(severity, "severity"), soci::use(c.text, "text"),
      soci::use(source, "source"), soci::use(state, "state"),
      soci::use(c.created_by, "created_by"), soci::use(created, "created"),
      soci::use(escalated, "escalated"), soci::into(stored.id);
  stored.update_time = c.create_time;
  stored.version = 1;
  return stored;
}

std::optional<domain::Complaint> FindComplaint(soci::session& sql,
                                               int64_t site_id, int64_t id,
                                               bool for_update) {
  soci::row row;
  sql << std::string(kComplaintColumns) +
             (for_update ? kSelectComplaintForUpdate : kSelectComplaint),
      soci::use(site_id, "site"), soci::use(id, "id"), soci::into(row);
  if (!sql.got_data()) return std::nullopt;
  domain::Complaint c = ComplaintFromRow(row);
  soci::rowset<soci::row> events =
      (sql.prepare << kSelectComplaintEvents, soci::use(c.id, "complaint"));
  for (const soci::row& r : events) {
    domain::ComplaintEvent e;
    e.action = domain::ComplaintActionFromName(r.get<std::string>("action"))
                   .value_or(domain::ComplaintAction::kNote);
    if (auto before = r.get<std::optional<std::string>>("before_state")) {
      e.before = domain::ComplaintStateFromName(*before);
    }
    e.after = domain::ComplaintStateFromName(r.get<std::string>("after_state"))
                  .value_or(domain::ComplaintState::kOpen);
    e.actor = r.get<std::string>("actor");
    e.actor_role = r.get<std::string>("actor_role");
    e.note = r.get<std::string>("note");
    e.time = FromMicros(r.get<long long>("created_us"));
    c.history.push_back(std::move(e));
  }
  return c;
}

Page<domain::Complaint> ListComplaints(soci::session& sql, int64_t site_id,
                                       const ComplaintFilter& filter,
                                       PageRequest page) {
  std::vector<std::string> names;
  for (domain::ComplaintState s : filter.states)
    names.emplace_back(domain::Name(s));
  const std::string states = JoinWords(names);
  const std::string severity =
      filter.severity ? std::string(domain::Name(*filter.severity)) : "";
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kComplaintColumns) + kListComplaints,
       soci::use(site_id, "site"), soci::use(page.after_id, "after"),
       soci::use(states, "states"),
       soci::use(filter.department_id, "department"),
       soci::use(filter.household_id, "household"),
       soci::use(severity, "severity"), soci::use(fetch, "lim"));
  return MakePage(Collect<domain::Complaint>(rows, ComplaintFromRow),
                  page.limit);
}

bool SaveComplaint(soci::session& sql, const domain::Complaint& c,
                   int64_t expected_version) {
  const std::string state(domain::Name(c.state));
  const std::optional<long long> escalated = ToMicros(c.escalate_time),
                                 resolved = ToMicros(c.resolve_time);
  const long long updated = ToMicros(c.update_time);
  long long version = 0;
  sql << kSaveComplaint, soci::use(state, "state"),
      soci::use(c.handler, "handler"), soci::use(escalated, "escalated"),
      soci::use(c.escalation_reason, "escalation_reason"),
      soci::use(c.resolution, "resolution"),
      soci::use(c.resolved_by, "resolved_by"), soci::use(resolved, "resolved"),
      soci::use(updated, "updated"), soci::use(c.site_id, "site"),
      soci::use(c.id, "id"), soci::use(expected_version, "version"),
      soci::into(version);
  return sql.got_data();
}

void AppendComplaintEvent(soci::session& sql, int64_t site_id,
                          int64_t complaint_id,
                          const domain::ComplaintEvent& e) {
  const std::string action(domain::Name(e.action)),
      after(domain::Name(e.after));
  const std::optional<std::string> before =
      OptName(e.before.has_value(), e.before ? domain::Name(*e.before) : "");
  const long long at = ToMicros(e.time);
  const std::optional<std::string> correlation = CorrelationId();
  sql << kAppendComplaintEvent, soci::use(site_id, "site"),
      soci::use(complaint_id, "complaint"), soci::use(action, "action"),
      soci::use(before, "before"), soci::use(after, "after"),
      soci::use(e.actor, "actor"), soci::use(e.actor_role, "actor_role"),
      soci::use(e.note, "note"), soci::use(at, "at"),
      soci::use(correlation, "correlation");
}

// --- praise ----------------------------------------------------------------

domain::Praise InsertPraise(soci::session& sql, const domain::Praise& p) {
  domain::Praise stored = p;
  const std::optional<long long> department = NullIfZero(p.department_id),
                                 request = NullIfZero(p.request_id),
                                 room_action = NullIfZero(p.room_action_id);
  const std::string source(domain::Name(p.source));
  const long long received = ToMicros(p.receive_time);
  const long long created = ToMicros(p.create_time);
  sql << kInsertPraise, soci::use(p.site_id, "site"),
      soci::use(p.staff_id, "staff"), soci::use(department, "department"),
      soci::use(source, "source"), soci::use(p.text, "text"),
      soci::use(p.praised_by, "praised_by"), soci::use(request, "request"),
      soci::use(p.subject, "subject"), soci::use(room_action, "room_action"),
      soci::use(received, "received"), soci::use(p.recorded_by, "recorded_by"),
      soci::use(created, "created"), soci::into(stored.id);
  return stored;
}

std::optional<domain::Praise> FindPraise(soci::session& sql, int64_t site_id,
                                         int64_t id) {
  soci::row row;
  sql << std::string(kPraiseColumns) + kSelectPraise,
      soci::use(site_id, "site"), soci::use(id, "id"), soci::into(row);
  if (!sql.got_data()) return std::nullopt;
  return PraiseFromRow(row);
}

Page<domain::Praise> ListPraise(soci::session& sql, int64_t site_id,
                                int64_t staff_id, int64_t department_id,
                                PageRequest page) {
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kPraiseColumns) + kListPraise,
       soci::use(site_id, "site"), soci::use(page.after_id, "after"),
       soci::use(staff_id, "staff"), soci::use(department_id, "department"),
       soci::use(fetch, "lim"));
  return MakePage(Collect<domain::Praise>(rows, PraiseFromRow), page.limit);
}

// --- the quality report ----------------------------------------------------

domain::QualityCounts CountQuality(soci::session& sql,
                                   const domain::ReportSubject& subject,
                                   const std::string& staff_actor,
                                   absl::Time start, absl::Time end,
                                   absl::Time as_of) {
  const long long start_us = ToMicros(start), end_us = ToMicros(end),
                  as_of_us = ToMicros(as_of);
  long long v[19] = {};
  sql << kCountQuality, soci::use(subject.site_id, "site"),
      soci::use(start_us, "start"), soci::use(end_us, "end"),
      soci::use(subject.department_id, "department"),
      soci::use(subject.staff_id, "staff"), soci::use(as_of_us, "as_of"),
      soci::use(staff_actor, "staff_name"), soci::into(v[0]), soci::into(v[1]),
      soci::into(v[2]), soci::into(v[3]), soci::into(v[4]), soci::into(v[5]),
      soci::into(v[6]), soci::into(v[7]), soci::into(v[8]), soci::into(v[9]),
      soci::into(v[10]), soci::into(v[11]), soci::into(v[12]),
      soci::into(v[13]), soci::into(v[14]), soci::into(v[15]),
      soci::into(v[16]), soci::into(v[17]), soci::into(v[18]);
  domain::QualityCounts c;
  c.completed = v[0];
  c.with_target = v[1];
  c.on_time = v[2];
  c.satisfaction_count = v[3];
  c.satisfaction_sum = v[4];
  c.complaints_minor = v[5];
  c.complaints_major = v[6];
  c.praise = v[7];
  c.follow_ups_due = v[8];
  c.follow_ups_on_time = v[9];
  c.reworks = v[10];
  c.actions_suggested = v[11];
  c.actions_done = v[12];
  c.actions_skipped = v[13];
  c.actions_expired = v[14];
  c.approvals = v[15];
  c.approval_seconds = v[16];
  c.gift_spend_minor = v[17];
  c.sales_minor = v[18];
  return c;
}

// --- evaluations -----------------------------------------------------------

domain::Evaluation InsertEvaluation(soci::session& sql,
                                    const domain::Evaluation& e) {
  domain::Evaluation stored = e;
  const std::optional<long long> staff = NullIfZero(e.staff_id),
                                 department = NullIfZero(e.department_id);
  const long long start = ToMicros(e.start), end = ToMicros(e.end),
                  created = ToMicros(e.create_time),
                  report_at = ToMicros(e.report.report_time);
  const domain::QualityCounts& c = e.report.counts;
  const int score = e.score;
  sql << kInsertEvaluation, soci::use(e.site_id, "site"),
      soci::use(staff, "staff"), soci::use(department, "department"),
      soci::use(start, "start"), soci::use(end, "end"),
      soci::use(score, "score"), soci::use(e.note, "note"),
      soci::use(e.evaluator, "evaluator"), soci::use(created, "created"),
      soci::use(report_at, "report_at"), soci::use(c.completed, "completed"),
      soci::use(c.with_target, "with_target"), soci::use(c.on_time, "on_time"),
      soci::use(c.satisfaction_count, "satisfaction_count"),
      soci::use(c.satisfaction_sum, "satisfaction_sum"),
      soci::use(c.complaints_minor, "minor"),
      soci::use(c.complaints_major, "major"), soci::use(c.praise, "praise"),
      soci::use(c.follow_ups_due, "follow_ups_due"),
      soci::use(c.follow_ups_on_time, "follow_ups_on_time"),
      soci::use(c.reworks, "reworks"),
      soci::use(c.actions_suggested, "suggested"),
      soci::use(c.actions_done, "done"),
      soci::use(c.actions_skipped, "skipped"),
      soci::use(c.actions_expired, "expired"),
      soci::use(c.approvals, "approvals"),
      soci::use(c.approval_seconds, "approval_seconds"),
      soci::use(c.gift_spend_minor, "gift_spend"),
      soci::use(c.sales_minor, "sales"), soci::into(stored.id);
  return stored;
}

std::optional<domain::Evaluation> FindEvaluation(soci::session& sql,
                                                 int64_t site_id, int64_t id) {
  soci::row row;
  sql << std::string(kEvaluationColumns) + kSelectEvaluation,
      soci::use(site_id, "site"), soci::use(id, "id"), soci::into(row);
  if (!sql.got_data()) return std::nullopt;
  return EvaluationFromRow(row);
}

Page<domain::Evaluation> ListEvaluations(soci::session& sql, int64_t site_id,
                                         int64_t staff_id,
                                         int64_t department_id,
                                         bool with_department_staff,
                                         PageRequest page) {
  const int fetch = page.limit + 1;
  const int with_staff = with_department_staff ? 1 : 0;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kEvaluationColumns) + kListEvaluations,
       soci::use(site_id, "site"), soci::use(page.after_id, "after"),
       soci::use(staff_id, "staff"), soci::use(department_id, "department"),
       soci::use(with_staff, "with_staff"), soci::use(fetch, "lim"));
  return MakePage(Collect<domain::Evaluation>(rows, EvaluationFromRow),
                  page.limit);
}

// --- suggestions -----------------------------------------------------------

domain::Suggestion InsertSuggestion(soci::session& sql,
                                    const domain::Suggestion& s) {
  domain::Suggestion stored = s;
  const std::optional<long long> resident = NullIfZero(s.resident_id),
                                 item = NullIfZero(s.item_id);
  const std::string kind(domain::Name(s.kind)), state(domain::Name(s.state));
  const long long created = ToMicros(s.create_time);
  sql << kInsertSuggestion, soci::use(s.site_id, "site"),
      soci::use(s.household_id, "household"), soci::use(resident, "resident"),
      soci::use(kind, "kind"), soci::use(item, "item"),
      soci::use(s.text, "text"), soci::use(state, "state"),
      soci::use(s.created_by, "created_by"), soci::use(created, "created"),
      soci::into(stored.id);
  stored.update_time = s.create_time;
  stored.version = 1;
  return stored;
}

std::optional<domain::Suggestion> FindSuggestion(soci::session& sql,
                                                 int64_t site_id, int64_t id,
                                                 bool for_update) {
  soci::row row;
  sql << std::string(kSuggestionColumns) +
             (for_update ? kSelectSuggestionForUpdate : kSelectSuggestion),
      soci::use(site_id, "site"), soci::use(id, "id"), soci::into(row);
  if (!sql.got_data()) return std::nullopt;
  return SuggestionFromRow(row);
}

Page<domain::Suggestion> ListSuggestions(
    soci::session& sql, int64_t site_id, int64_t household_id,
    const std::vector<domain::SuggestionState>& states, PageRequest page) {
  std::vector<std::string> names;
  for (domain::SuggestionState s : states) names.emplace_back(domain::Name(s));
  const std::string state_words = JoinWords(names);
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kSuggestionColumns) + kListSuggestions,
       soci::use(site_id, "site"), soci::use(page.after_id, "after"),
       soci::use(household_id, "household"), soci::use(state_words, "states"),
       soci::use(fetch, "lim"));
  return MakePage(Collect<domain::Suggestion>(rows, SuggestionFromRow),
                  page.limit);
}

bool SaveSuggestion(soci::session& sql, const domain::Suggestion& s,
                    int64_t expected_version) {
  const std::string state(domain::Name(s.state));
  const std::optional<long long> decided = ToMicros(s.decide_time);
  const std::optional<long long> plan = NullIfZero(s.plan_id),
                                 adopted = NullIfZero(s.adopted_item_id);
  const long long updated = ToMicros(s.update_time);
  long long version = 0;
  sql << kSaveSuggestion, soci::use(state, "state"),
      soci::use(s.decided_by, "decided_by"), soci::use(decided, "decided"),
      soci::use(s.reason, "reason"), soci::use(plan, "plan"),
      soci::use(adopted, "adopted_item"), soci::use(updated, "updated"),
      soci::use(s.site_id, "site"), soci::use(s.id, "id"),
      soci::use(expected_version, "version"), soci::into(version);
  return sql.got_data();
}

std::vector<domain::Suggestion> OpenAcceptedSuggestions(soci::session& sql,
                                                        int64_t site_id) {
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kSuggestionColumns) +
                          kOpenAcceptedSuggestions,
       soci::use(site_id, "site"));
  return Collect<domain::Suggestion>(rows, SuggestionFromRow);
}

// --- surveys ---------------------------------------------------------------

domain::Survey InsertSurvey(soci::session& sql, const domain::Survey& s) {
  domain::Survey stored = s;
  const std::optional<long long> item = NullIfZero(s.item_id);
  const long long open = ToMicros(s.open_time), close = ToMicros(s.close_time),
                  created = ToMicros(s.create_time);
  sql << kInsertSurvey, soci::use(s.site_id, "site"), soci::use(item, "item"),
      soci::use(s.title_zh, "title_zh"), soci::use(s.title_en, "title_en"),
      soci::use(open, "open"), soci::use(close, "close"),
      soci::use(s.created_by, "created_by"), soci::use(created, "created"),
      soci::into(stored.id);
  for (size_t i = 0; i < s.questions.size(); ++i) {
    const domain::SurveyQuestion& q = s.questions[i];
    const int position = static_cast<int>(i);
    const std::string kind(domain::Name(q.kind));
    const std::optional<long long> question_item = NullIfZero(q.item_id);
    sql << kInsertQuestion, soci::use(stored.id, "survey"),
        soci::use(position, "position"), soci::use(s.site_id, "site"),
        soci::use(kind, "kind"), soci::use(q.text_zh, "text_zh"),
        soci::use(q.text_en, "text_en"), soci::use(question_item, "item");
  }
  return stored;
}

std::optional<domain::Survey> FindSurvey(soci::session& sql, int64_t site_id,
                                         int64_t id) {
  soci::row row;
  sql << std::string(kSurveyColumns) + kSelectSurvey,
      soci::use(site_id, "site"), soci::use(id, "id"), soci::into(row);
  if (!sql.got_data()) return std::nullopt;
  domain::Survey s = SurveyFromRow(row);
  LoadQuestions(sql, &s);
  return s;
}

Page<domain::Survey> ListSurveys(soci::session& sql, int64_t site_id,
                                 std::optional<absl::Time> open_at,
                                 PageRequest page) {
  const long long open_us = open_at ? ToMicros(*open_at) : 0;
  const int fetch = page.limit + 1;
  std::vector<domain::Survey> surveys;
  {
    soci::rowset<soci::row> rows =
        (sql.prepare << std::string(kSurveyColumns) + kListSurveys,
         soci::use(site_id, "site"), soci::use(page.after_id, "after"),
         soci::use(open_us, "open_at"), soci::use(fetch, "lim"));
    surveys = Collect<domain::Survey>(rows, SurveyFromRow);
  }
  for (domain::Survey& s : surveys) LoadQuestions(sql, &s);
  return MakePage(std::move(surveys), page.limit);
}

StoredResponse UpsertSurveyResponse(
    soci::session& sql, int64_t site_id, int64_t survey_id,
    int64_t household_id, const std::string& submitted_by,
    const std::vector<domain::SurveyAnswer>& answers, absl::Time now) {
  StoredResponse out;
  out.household_id = household_id;
  out.submitted_by = submitted_by;
  out.answers = answers;
  const long long now_us = ToMicros(now);
  long long created_us = 0, updated_us = 0;
  sql << kUpsertResponse, soci::use(site_id, "site"),
      soci::use(survey_id, "survey"), soci::use(household_id, "household"),
      soci::use(submitted_by, "submitted_by"), soci::use(now_us, "now"),
      soci::into(out.id), soci::into(created_us), soci::into(updated_us);
  out.create_time = FromMicros(created_us);
  out.update_time = FromMicros(updated_us);
  sql << kDeleteAnswers, soci::use(out.id, "response");
  for (const domain::SurveyAnswer& a : answers) {
    const int question = a.question;
    const std::optional<int> score =
        a.score == 0 ? std::nullopt : std::optional<int>(a.score);
    sql << kInsertAnswer, soci::use(out.id, "response"),
        soci::use(question, "question"), soci::use(score, "score"),
        soci::use(a.text, "text");
  }
  return out;
}

int64_t CountHouseholds(soci::session& sql, int64_t site_id) {
  long long n = 0;
  sql << kCountHouseholds, soci::use(site_id, "site"), soci::into(n);
  return n;
}

int64_t CountSurveyResponses(soci::session& sql, int64_t survey_id) {
  long long n = 0;
  sql << kCountResponses, soci::use(survey_id, "survey"), soci::into(n);
  return n;
}

std::vector<std::array<int64_t, 5>> SurveyScoreCounts(soci::session& sql,
                                                      int64_t survey_id,
                                                      size_t questions) {
  std::vector<std::array<int64_t, 5>> out(questions);
  soci::rowset<soci::row> rows =
      (sql.prepare << kScoreCounts, soci::use(survey_id, "survey"));
  for (const soci::row& r : rows) {
    const long long q = r.get<long long>(0), score = r.get<long long>(1);
    if (q < 0 || q >= static_cast<long long>(questions) || score < 1 ||
        score > 5) {
      continue;
    }
    out[q][score - 1] = r.get<long long>(2);
  }
  return out;
}

std::vector<std::vector<std::string>> SurveyTexts(soci::session& sql,
                                                  int64_t survey_id,
                                                  size_t questions) {
  std::vector<std::vector<std::string>> out(questions);
  soci::rowset<soci::row> rows =
      (sql.prepare << kTexts, soci::use(survey_id, "survey"));
  for (const soci::row& r : rows) {
    const long long q = r.get<long long>(0);
    if (q < 0 || q >= static_cast<long long>(questions)) continue;
    out[q].push_back(r.get<std::string>(1));
  }
  return out;
}

// --- the annual review -----------------------------------------------------

std::vector<ItemYearRow> ReviewItems(soci::session& sql, int64_t site_id,
                                     absl::Time start, absl::Time end) {
  const long long start_us = ToMicros(start), end_us = ToMicros(end);
  std::vector<ItemYearRow> out;
  {
    soci::rowset<soci::row> rows =
        (sql.prepare << kReviewItems, soci::use(site_id, "site"),
         soci::use(start_us, "start"), soci::use(end_us, "end"));
    for (const soci::row& r : rows) {
      ItemYearRow row;
      domain::ServiceItem& i = row.item;
      i.id = r.get<long long>("id");
      i.site_id = site_id;
      i.code = r.get<std::string>("code");
      i.title_zh = r.get<std::string>("title_zh");
      i.title_en = r.get<std::string>("title_en");
      i.fee_kind = domain::FeeKindFromName(r.get<std::string>("fee_kind"))
                       .value_or(domain::FeeKind::kFree);
      i.state = domain::ItemStateFromName(r.get<std::string>("state"))
                    .value_or(domain::ItemState::kDraft);
      i.display_order = static_cast<int32_t>(r.get<long long>("display_order"));
      domain::ItemYearCounts& c = row.counts;
      c.requests = r.get<long long>("requests");
      c.completed = r.get<long long>("completed");
      c.revenue_minor = r.get<long long>("revenue");
      c.unsettled = r.get<long long>("unsettled");
      c.minute_rate_sum = r.get<long long>("minute_rate");
      c.materials_minor = r.get<long long>("materials");
      c.satisfaction_count = r.get<long long>("satisfaction_count");
      c.satisfaction_sum = r.get<long long>("satisfaction_sum");
      c.lookups = r.get<long long>("lookups");
      c.survey_responses = r.get<long long>("survey_responses");
      c.complaints = r.get<long long>("complaints");
      out.push_back(std::move(row));
    }
  }
  auto attach = [&](const char* query, auto member) {
    soci::rowset<soci::row> rows =
        (sql.prepare << query, soci::use(site_id, "site"),
         soci::use(start_us, "start"), soci::use(end_us, "end"));
    for (const soci::row& r : rows) {
      const long long item = r.get<long long>(0);
      for (ItemYearRow& row : out) {
        if (row.item.id == item) (row.*member).push_back(r.get<std::string>(1));
      }
    }
  };
  attach(kReviewSuggestions, &ItemYearRow::suggestions);
  attach(kReviewSurveyComments, &ItemYearRow::survey_comments);
  return out;
}

// --- service plans ---------------------------------------------------------

domain::ServicePlan InsertPlan(soci::session& sql,
                               const domain::ServicePlan& plan) {
  domain::ServicePlan stored = plan;
  const int year = plan.year;
  const std::string state(domain::Name(plan.state));
  const long long created = ToMicros(plan.create_time);
  sql << kInsertPlan, soci::use(plan.site_id, "site"), soci::use(year, "year"),
      soci::use(plan.title_zh, "title_zh"),
      soci::use(plan.title_en, "title_en"), soci::use(plan.note, "note"),
      soci::use(state, "state"), soci::use(plan.created_by, "created_by"),
      soci::use(created, "created"), soci::into(stored.id);
  for (size_t i = 0; i < plan.entries.size(); ++i) {
    const domain::PlanEntry& e = plan.entries[i];
    const domain::ServiceItem& n = e.new_item;
    const bool add = e.action == domain::PlanAction::kAdd;
    const int position = static_cast<int>(i);
    const std::string action(domain::Name(e.action));
    const std::optional<long long> item = NullIfZero(e.item_id),
                                   suggestion = NullIfZero(e.suggestion_id),
                                   department =
                                       NullIfZero(add ? n.department_id : 0);
    const std::optional<long long> price =
        e.price ? std::optional<long long>(e.price->minor) : std::nullopt;
    const std::optional<long long> effective = ToMicros(e.effective_time);
    const std::string category(add ? domain::Name(n.category) : ""),
        fee_kind(add ? domain::Name(n.fee_kind) : ""),
        fulfilment(add ? domain::Name(n.fulfilment) : "");
    const std::string empty;
    sql << kInsertPlanEntry, soci::use(stored.id, "plan"),
        soci::use(position, "position"), soci::use(plan.site_id, "site"),
        soci::use(action, "action"), soci::use(item, "item"),
        soci::use(suggestion, "suggestion"), soci::use(e.note, "note"),
        soci::use(price, "price"), soci::use(effective, "effective"),
        soci::use(add ? n.code : empty, "code"),
        soci::use(add ? n.title_zh : empty, "title_zh"),
        soci::use(add ? n.title_en : empty, "title_en"),
        soci::use(add ? n.description_zh : empty, "description_zh"),
        soci::use(add ? n.description_en : empty, "description_en"),
        soci::use(category, "category"), soci::use(fee_kind, "fee_kind"),
        soci::use(fulfilment, "fulfilment"),
        soci::use(department, "department"),
        soci::use(add ? n.conditions_zh : empty, "conditions_zh"),
        soci::use(add ? n.conditions_en : empty, "conditions_en");
  }
  stored.update_time = plan.create_time;
  stored.version = 1;
  return stored;
}

std::optional<domain::ServicePlan> FindPlan(soci::session& sql, int64_t site_id,
                                            int64_t id, bool for_update) {
  soci::row row;
  sql << std::string(kPlanColumns) +
             (for_update ? kSelectPlanForUpdate : kSelectPlan),
      soci::use(site_id, "site"), soci::use(id, "id"), soci::into(row);
  if (!sql.got_data()) return std::nullopt;
  domain::ServicePlan p = PlanFromRow(row);
  LoadEntries(sql, &p);
  return p;
}

Page<domain::ServicePlan> ListPlans(soci::session& sql, int64_t site_id,
                                    PageRequest page) {
  const int fetch = page.limit + 1;
  std::vector<domain::ServicePlan> plans;
  {
    soci::rowset<soci::row> rows =
        (sql.prepare << std::string(kPlanColumns) + kListPlans,
         soci::use(site_id, "site"), soci::use(page.after_id, "after"),
         soci::use(fetch, "lim"));
    plans = Collect<domain::ServicePlan>(rows, PlanFromRow);
  }
  for (domain::ServicePlan& p : plans) LoadEntries(sql, &p);
  return MakePage(std::move(plans), page.limit);
}

bool SavePlanApproval(soci::session& sql, const domain::ServicePlan& plan,
                      int64_t expected_version) {
  const std::string state(domain::Name(plan.state));
  const std::optional<long long> approved = ToMicros(plan.approve_time);
  const std::optional<long long> announcement =
      NullIfZero(plan.announcement_id);
  const long long updated = ToMicros(plan.update_time);
  long long version = 0;
  sql << kSavePlanApproval, soci::use(state, "state"),
      soci::use(plan.approved_by, "approved_by"),
      soci::use(approved, "approved"), soci::use(announcement, "announcement"),
      soci::use(updated, "updated"), soci::use(plan.site_id, "site"),
      soci::use(plan.id, "id"), soci::use(expected_version, "version"),
      soci::into(version);
  if (!sql.got_data()) return false;
  for (size_t i = 0; i < plan.entries.size(); ++i) {
    const domain::PlanEntry& e = plan.entries[i];
    const int position = static_cast<int>(i);
    const std::optional<long long> item = NullIfZero(e.item_id),
                                   price = NullIfZero(e.price_id);
    sql << kSaveEntryResult, soci::use(item, "item"), soci::use(price, "price"),
        soci::use(plan.id, "plan"), soci::use(position, "position");
  }
  return true;
}

bool ApprovedPlanExists(soci::session& sql, int64_t site_id, int32_t year) {
  long long n = 0;
  const int y = year;
  sql << kApprovedPlanExists, soci::use(site_id, "site"), soci::use(y, "year"),
      soci::into(n);
  return n > 0;
}

void SetDepartmentHourlyCost(soci::session& sql, int64_t site_id,
                             int64_t department_id, int64_t minor_per_hour) {
  sql << kSetHourlyCost, soci::use(minor_per_hour, "rate"),
      soci::use(site_id, "site"), soci::use(department_id, "id");
}

}  // namespace concierge::store
