#include "server/store/request_repository.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/store/catalog_repository.h"
#include "server/store/change_feed.h"

namespace concierge::store {
namespace {

constexpr char kRequestColumns[] = R"sql(
SELECT r.id, r.site_id, r.item_id, i.code AS item_code,
       i.title_zh AS item_title_zh, i.title_en AS item_title_en,
       d.code AS department_code, r.fee_kind, r.state, r.channel,
       r.household_id, COALESCE(r.resident_id, 0) AS resident_id,
       r.contact_name, r.unit, r.phone,
       ts_to_us(r.window_start) AS window_start_us,
       ts_to_us(r.window_end) AS window_end_us, r.place, r.content,
       r.requirements, r.entry_granted::int AS entry_granted,
       r.entry_granted_by, ts_to_us(r.entry_granted_at) AS entry_granted_us,
       r.registered_by, r.currency_code, r.agreed_price_minor, r.quote_minor,
       r.proposed_price_minor, r.quoted_by, r.price_decided_by,
       r.department_id, COALESCE(r.assignee_id, 0) AS assignee_id,
       ts_to_us(r.response_due_at) AS response_due_us,
       ts_to_us(r.completion_due_at) AS completion_due_us,
       r.escalation_level::bigint AS escalation_level,
       ts_to_us(r.started_at) AS started_us,
       ts_to_us(r.completed_at) AS completed_us, r.completion_notes,
       r.minutes_spent::bigint AS minutes_spent, r.signature_name,
       ts_to_us(r.signed_off_at) AS signed_off_us, r.settled_minor,
       r.settled_by, ts_to_us(r.settled_at) AS settled_us, r.cancel_reason,
       ts_to_us(r.created_at) AS created_us,
       ts_to_us(r.updated_at) AS updated_us, r.version
FROM service_requests r
JOIN service_items i ON i.id = r.item_id
JOIN departments d ON d.id = r.department_id )sql";

constexpr char kSelectRequest[] = "WHERE r.site_id = :site AND r.id = :id";
constexpr char kSelectRequestForUpdate[] =
    "WHERE r.site_id = :site AND r.id = :id FOR UPDATE OF r";
constexpr char kSelectRequestsByIds[] =
    "WHERE r.id = ANY(CAST(:ids AS bigint[]))";
constexpr char kListRequests[] = R"sql(
WHERE r.site_id = :site AND r.id > :after
  AND (:states = '' OR r.state = ANY(string_to_array(:states, ' ')))
  AND (:department::bigint = 0 OR r.department_id = :department)
  AND (:assignee::bigint = 0 OR r.assignee_id = :assignee)
  AND (:household::bigint = 0 OR r.household_id = :household)
  AND (:item::bigint = 0 OR r.item_id = :item)
  AND (NOT :overdue OR (r.state NOT IN ('COMPLETED', 'SIGNED_OFF', 'SETTLED',
                                        'CANCELLED', 'QUOTED')
       AND (r.response_due_at < us_to_ts(:now)
            OR r.completion_due_at < us_to_ts(:now))))
ORDER BY r.id LIMIT :lim)sql";

constexpr char kInsertRequest[] = R"sql(
INSERT INTO service_requests (site_id, item_id, fee_kind, state, channel,
    household_id, resident_id, contact_name, unit, phone, window_start,
    window_end, place, content, requirements, entry_granted, entry_granted_by,
    entry_granted_at, registered_by, currency_code, agreed_price_minor,
    department_id, response_due_at, completion_due_at, completed_at,
    created_at, updated_at)
VALUES (:site, :item, :fee_kind, :state, :channel, :household, :resident,
    :contact_name, :unit, :phone, us_to_ts(:window_start), us_to_ts(:window_end),
    :place, :content, :requirements, :entry_granted, :entry_granted_by,
    us_to_ts(:entry_granted_at), :registered_by, :currency, :agreed,
    :department, us_to_ts(:response_due), us_to_ts(:completion_due),
    us_to_ts(:completed), us_to_ts(:created), us_to_ts(:created))
RETURNING id)sql";

constexpr char kSaveRequest[] = R"sql(
UPDATE service_requests SET
  state = :state, agreed_price_minor = :agreed, quote_minor = :quote,
  proposed_price_minor = :proposed, quoted_by = :quoted_by,
  price_decided_by = :decided_by, department_id = :department,
  assignee_id = :assignee, escalation_level = :escalation,
  started_at = us_to_ts(:started), completed_at = us_to_ts(:completed),
  completion_notes = :notes, minutes_spent = :minutes,
  signature_name = :signature, signed_off_at = us_to_ts(:signed_off),
  settled_minor = :settled, settled_by = :settled_by,
  settled_at = us_to_ts(:settled_at), cancel_reason = :cancel_reason,
  updated_at = us_to_ts(:updated), version = version + 1
WHERE site_id = :site AND id = :id AND version = :version
RETURNING version)sql";

constexpr char kSelectMaterials[] = R"sql(
SELECT description_zh, description_en, cost_minor FROM request_materials
WHERE request_id = :id ORDER BY position)sql";

constexpr char kInsertMaterial[] = R"sql(
INSERT INTO request_materials (request_id, position, description_zh,
    description_en, cost_minor)
VALUES (:id, :position, :zh, :en, :cost))sql";

constexpr char kAppendEvent[] = R"sql(
INSERT INTO task_events (site_id, request_id, department_id, assignee_id,
    from_department_id, from_assignee_id, action, before_state, after_state,
    actor, actor_role, note, created_at)
VALUES (:site, :request, :department, :assignee, :from_department,
    :from_assignee, :action, :before, :after, :actor, :actor_role, :note,
    us_to_ts(:at))
RETURNING id)sql";

constexpr char kEventColumns[] = R"sql(
SELECT e.id, e.xid::text AS xid, e.site_id,
       COALESCE(e.request_id, 0) AS request_id,
       COALESCE(e.room_action_id, 0) AS room_action_id, e.department_id,
       COALESCE(e.assignee_id, 0) AS assignee_id,
       COALESCE(e.from_department_id, 0) AS from_department_id,
       COALESCE(e.from_assignee_id, 0) AS from_assignee_id, e.action,
       COALESCE(e.before_state, '') AS before_state, e.after_state, e.actor,
       e.actor_role, e.note, ts_to_us(e.created_at) AS created_us
FROM task_events e )sql";

constexpr char kListEvents[] = R"sql(
WHERE e.site_id = :site AND e.request_id = :request AND e.id > :after
ORDER BY e.id LIMIT :lim)sql";

constexpr char kFetchTaskEvents[] = R"sql(
WHERE (e.xid, e.id) > (CAST(:xid AS xid8), :id)
  AND e.xid < pg_snapshot_xmin(pg_current_snapshot())
ORDER BY e.xid, e.id LIMIT :lim)sql";

// (The text form gets its own name: ORDER BY xid would sort the text.)
constexpr char kCurrentTaskCursor[] = R"sql(
SELECT e.xid::text AS xid_text, e.id FROM task_events e
WHERE e.xid < pg_snapshot_xmin(pg_current_snapshot())
ORDER BY e.xid DESC, e.id DESC LIMIT 1)sql";

constexpr char kPaidPeriod[] = R"sql(
  r.site_id = :site AND r.fee_kind <> 'FREE'
  AND (:start::bigint = 0 OR r.created_at >= us_to_ts(:start))
  AND (:end::bigint = 0 OR r.created_at < us_to_ts(:end)))sql";

constexpr char kSumPaid[] = R"sql(
SELECT count(*)::bigint, COALESCE(sum(r.agreed_price_minor), 0)::bigint,
       COALESCE(sum(r.settled_minor), 0)::bigint
FROM service_requests r WHERE )sql";

constexpr char kAppendRepair[] = R"sql(
INSERT INTO repair_history (site_id, household_id, request_id, completed_at,
    notes, minutes_spent, done_by)
VALUES (:site, :household, :request, us_to_ts(:completed), :notes, :minutes,
    :done_by)
ON CONFLICT (request_id) DO NOTHING)sql";

constexpr char kListRepairs[] = R"sql(
SELECT h.request_id, i.title_zh, i.title_en,
       ts_to_us(h.completed_at) AS completed_us, h.notes,
       h.minutes_spent::bigint AS minutes_spent, h.done_by
FROM repair_history h
JOIN service_requests r ON r.id = h.request_id
JOIN service_items i ON i.id = r.item_id
WHERE h.site_id = :site AND h.household_id = :household
ORDER BY h.completed_at, h.id)sql";

constexpr char kLockEscalationCandidates[] = R"sql(
SELECT site_id, id FROM service_requests
WHERE state NOT IN ('COMPLETED', 'SIGNED_OFF', 'SETTLED', 'CANCELLED', 'QUOTED')
  AND escalation_level < 2 AND id > :after
  AND (response_due_at < us_to_ts(:now) OR completion_due_at < us_to_ts(:now))
ORDER BY id
LIMIT :lim
FOR UPDATE SKIP LOCKED)sql";

std::optional<absl::Time> OptTime(const soci::row& r, const char* column) {
  return FromMicros(r.get<std::optional<long long>>(column));
}

std::optional<int64_t> OptInt(const soci::row& r, const char* column) {
  auto v = r.get<std::optional<long long>>(column);
  if (!v) return std::nullopt;
  return *v;
}

ServiceRequest RequestFromRow(const soci::row& r) {
  ServiceRequest q;
  q.id = r.get<long long>("id");
  q.site_id = r.get<long long>("site_id");
  q.item_id = r.get<long long>("item_id");
  q.item_code = r.get<std::string>("item_code");
  q.item_title_zh = r.get<std::string>("item_title_zh");
  q.item_title_en = r.get<std::string>("item_title_en");
  q.department_code = r.get<std::string>("department_code");
  q.fee_kind = FeeKindFromName(r.get<std::string>("fee_kind")).value_or(FeeKind::kFree);
  q.state = RequestStateFromName(r.get<std::string>("state"))
                .value_or(RequestState::kCancelled);
  q.channel = RequestChannelFromName(r.get<std::string>("channel"))
                  .value_or(RequestChannel::kApp);
  q.household_id = r.get<long long>("household_id");
  q.resident_id = r.get<long long>("resident_id");
  q.contact_name = r.get<std::string>("contact_name");
  q.unit = r.get<std::string>("unit");
  q.phone = r.get<std::string>("phone");
  q.window_start = OptTime(r, "window_start_us");
  q.window_end = OptTime(r, "window_end_us");
  q.place = r.get<std::string>("place");
  q.content = r.get<std::string>("content");
  q.requirements = r.get<std::string>("requirements");
  q.entry_granted = r.get<int>("entry_granted") != 0;
  q.entry_granted_by = r.get<std::string>("entry_granted_by");
  q.entry_grant_time = OptTime(r, "entry_granted_us");
  q.registered_by = r.get<std::string>("registered_by");
  q.currency = r.get<std::string>("currency_code");
  q.agreed_price = OptInt(r, "agreed_price_minor");
  q.quote = OptInt(r, "quote_minor");
  q.proposed_price = OptInt(r, "proposed_price_minor");
  q.quoted_by = r.get<std::string>("quoted_by");
  q.price_decided_by = r.get<std::string>("price_decided_by");
  q.department_id = r.get<long long>("department_id");
  q.assignee_id = r.get<long long>("assignee_id");
  q.response_due = OptTime(r, "response_due_us");
  q.completion_due = OptTime(r, "completion_due_us");
  q.escalation_level = static_cast<int32_t>(r.get<long long>("escalation_level"));
  q.start_time = OptTime(r, "started_us");
  q.complete_time = OptTime(r, "completed_us");
  q.completion_notes = r.get<std::string>("completion_notes");
  q.minutes_spent = static_cast<int32_t>(r.get<long long>("minutes_spent"));
  q.signature_name = r.get<std::string>("signature_name");
  q.sign_off_time = OptTime(r, "signed_off_us");
  q.settled_amount = OptInt(r, "settled_minor");
  q.settled_by = r.get<std::string>("settled_by");
  q.settle_time = OptTime(r, "settled_us");
  q.cancel_reason = r.get<std::string>("cancel_reason");
  q.create_time = FromMicros(r.get<long long>("created_us"));
  q.update_time = FromMicros(r.get<long long>("updated_us"));
  q.version = r.get<long long>("version");
  return q;
}

RequestEvent EventFromRow(const soci::row& r) {
  RequestEvent e;
  e.id = r.get<long long>("id");
  e.site_id = r.get<long long>("site_id");
  e.request_id = r.get<long long>("request_id");
  e.room_action_id = r.get<long long>("room_action_id");
  if (e.room_action_id != 0) {  // a room action's move: its own names
    e.room_move = r.get<std::string>("action");
    e.room_before = r.get<std::string>("before_state");
    e.room_after = r.get<std::string>("after_state");
  }
  e.department_id = r.get<long long>("department_id");
  e.assignee_id = r.get<long long>("assignee_id");
  e.from_department_id = r.get<long long>("from_department_id");
  e.from_assignee_id = r.get<long long>("from_assignee_id");
  e.action = RequestActionFromName(r.get<std::string>("action"))
                 .value_or(RequestAction::kRegister);
  e.before = RequestStateFromName(r.get<std::string>("before_state"));
  e.after = RequestStateFromName(r.get<std::string>("after_state"))
                .value_or(RequestState::kCancelled);
  e.actor = r.get<std::string>("actor");
  e.actor_role = r.get<std::string>("actor_role");
  e.note = r.get<std::string>("note");
  e.time = FromMicros(r.get<long long>("created_us"));
  return e;
}

std::vector<MaterialUse> LoadMaterials(soci::session& sql, int64_t request_id) {
  std::vector<MaterialUse> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << kSelectMaterials, soci::use(request_id, "id"));
  for (const soci::row& r : rows) {
    out.push_back({r.get<std::string>(0), r.get<std::string>(1),
                   r.get<long long>(2)});
  }
  return out;
}

std::optional<long long> OptMicros(std::optional<absl::Time> t) {
  return ToMicros(t);
}

std::optional<long long> OptLong(std::optional<int64_t> v) {
  if (!v) return std::nullopt;
  return *v;
}

uint64_t ParseXid(const std::string& text) {
  uint64_t xid = 0;
  absl::SimpleAtoi(text, &xid);
  return xid;
}

}  // namespace

ServiceRequest InsertRequest(soci::session& sql, const ServiceRequest& r) {
  ServiceRequest stored = r;
  const std::string fee_kind(Name(r.fee_kind)), state(Name(r.state)),
      channel(Name(r.channel));
  const std::optional<long long> resident = NullIfZero(r.resident_id);
  const std::optional<long long> window_start = OptMicros(r.window_start),
                                 window_end = OptMicros(r.window_end),
                                 granted_at = OptMicros(r.entry_grant_time),
                                 response_due = OptMicros(r.response_due),
                                 completion_due = OptMicros(r.completion_due),
                                 completed = OptMicros(r.complete_time);
  const std::optional<long long> agreed = OptLong(r.agreed_price);
  const int entry = r.entry_granted ? 1 : 0;
  const long long created = ToMicros(r.create_time);
  sql << kInsertRequest, soci::use(r.site_id, "site"),
      soci::use(r.item_id, "item"), soci::use(fee_kind, "fee_kind"),
      soci::use(state, "state"), soci::use(channel, "channel"),
      soci::use(r.household_id, "household"), soci::use(resident, "resident"),
      soci::use(r.contact_name, "contact_name"), soci::use(r.unit, "unit"),
      soci::use(r.phone, "phone"), soci::use(window_start, "window_start"),
      soci::use(window_end, "window_end"), soci::use(r.place, "place"),
      soci::use(r.content, "content"),
      soci::use(r.requirements, "requirements"),
      soci::use(entry, "entry_granted"),
      soci::use(r.entry_granted_by, "entry_granted_by"),
      soci::use(granted_at, "entry_granted_at"),
      soci::use(r.registered_by, "registered_by"),
      soci::use(r.currency, "currency"), soci::use(agreed, "agreed"),
      soci::use(r.department_id, "department"),
      soci::use(response_due, "response_due"),
      soci::use(completion_due, "completion_due"),
      soci::use(completed, "completed"), soci::use(created, "created"),
      soci::into(stored.id);
  stored.update_time = r.create_time;
  stored.version = 1;
  return stored;
}

std::optional<ServiceRequest> FindRequest(soci::session& sql, int64_t site_id,
                                          int64_t request_id, bool for_update) {
  soci::row row;
  sql << std::string(kRequestColumns) +
             (for_update ? kSelectRequestForUpdate : kSelectRequest),
      soci::use(site_id, "site"), soci::use(request_id, "id"), soci::into(row);
  if (!sql.got_data()) return std::nullopt;
  ServiceRequest r = RequestFromRow(row);
  r.materials = LoadMaterials(sql, r.id);
  return r;
}

std::vector<ServiceRequest> FindRequestsByIds(soci::session& sql,
                                              const std::vector<int64_t>& ids) {
  std::vector<ServiceRequest> out;
  if (ids.empty()) return out;
  const std::string array = IdArray(ids);
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kRequestColumns) + kSelectRequestsByIds,
       soci::use(array, "ids"));
  for (const soci::row& r : rows) out.push_back(RequestFromRow(r));
  return out;
}

bool SaveRequest(soci::session& sql, const ServiceRequest& r,
                 int64_t expected_version) {
  const std::string state(Name(r.state));
  const std::optional<long long> agreed = OptLong(r.agreed_price),
                                 quote = OptLong(r.quote),
                                 proposed = OptLong(r.proposed_price),
                                 settled = OptLong(r.settled_amount);
  const std::optional<long long> assignee = NullIfZero(r.assignee_id);
  const std::optional<long long> started = OptMicros(r.start_time),
                                 completed = OptMicros(r.complete_time),
                                 signed_off = OptMicros(r.sign_off_time),
                                 settled_at = OptMicros(r.settle_time);
  const int escalation = r.escalation_level;
  const int minutes = r.minutes_spent;
  const long long updated = ToMicros(r.update_time);
  long long version = 0;
  sql << kSaveRequest, soci::use(state, "state"), soci::use(agreed, "agreed"),
      soci::use(quote, "quote"), soci::use(proposed, "proposed"),
      soci::use(r.quoted_by, "quoted_by"),
      soci::use(r.price_decided_by, "decided_by"),
      soci::use(r.department_id, "department"),
      soci::use(assignee, "assignee"), soci::use(escalation, "escalation"),
      soci::use(started, "started"), soci::use(completed, "completed"),
      soci::use(r.completion_notes, "notes"), soci::use(minutes, "minutes"),
      soci::use(r.signature_name, "signature"),
      soci::use(signed_off, "signed_off"), soci::use(settled, "settled"),
      soci::use(r.settled_by, "settled_by"),
      soci::use(settled_at, "settled_at"),
      soci::use(r.cancel_reason, "cancel_reason"),
      soci::use(updated, "updated"), soci::use(r.site_id, "site"),
      soci::use(r.id, "id"), soci::use(expected_version, "version"),
      soci::into(version);
  return sql.got_data();
}

void InsertMaterials(soci::session& sql, int64_t request_id,
                     const std::vector<MaterialUse>& materials) {
  for (size_t i = 0; i < materials.size(); ++i) {
    const int position = static_cast<int>(i);
    sql << kInsertMaterial, soci::use(request_id, "id"),
        soci::use(position, "position"),
        soci::use(materials[i].description_zh, "zh"),
        soci::use(materials[i].description_en, "en"),
        soci::use(materials[i].cost_minor, "cost");
  }
}

Page<ServiceRequest> ListRequests(soci::session& sql, int64_t site_id,
                                  const RequestFilter& filter,
                                  PageRequest page) {
  std::vector<std::string> names;
  for (RequestState s : filter.states) names.emplace_back(Name(s));
  const std::string states = JoinWords(names);
  const int overdue = filter.overdue_only ? 1 : 0;
  const long long now = ToMicros(filter.now);
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kRequestColumns) + kListRequests,
       soci::use(site_id, "site"), soci::use(page.after_id, "after"),
       soci::use(states, "states"),
       soci::use(filter.department_id, "department"),
       soci::use(filter.assignee_id, "assignee"),
       soci::use(filter.household_id, "household"),
       soci::use(filter.item_id, "item"), soci::use(overdue, "overdue"),
       soci::use(now, "now"), soci::use(fetch, "lim"));
  std::vector<ServiceRequest> out;
  for (const soci::row& r : rows) out.push_back(RequestFromRow(r));
  return MakePage(std::move(out), page.limit);
}

RequestEvent AppendEvent(soci::session& sql, const RequestEvent& e) {
  RequestEvent stored = e;
  const std::optional<long long> assignee = NullIfZero(e.assignee_id),
                                 from_department = NullIfZero(e.from_department_id),
                                 from_assignee = NullIfZero(e.from_assignee_id);
  const std::string action(Name(e.action));
  const std::optional<std::string> before =
      e.before ? std::optional<std::string>(std::string(Name(*e.before)))
               : std::nullopt;
  const std::string after(Name(e.after));
  const long long at = ToMicros(e.time);
  sql << kAppendEvent, soci::use(e.site_id, "site"),
      soci::use(e.request_id, "request"),
      soci::use(e.department_id, "department"),
      soci::use(assignee, "assignee"),
      soci::use(from_department, "from_department"),
      soci::use(from_assignee, "from_assignee"), soci::use(action, "action"),
      soci::use(before, "before"), soci::use(after, "after"),
      soci::use(e.actor, "actor"), soci::use(e.actor_role, "actor_role"),
      soci::use(e.note, "note"), soci::use(at, "at"), soci::into(stored.id);
  ChangeFeed::Notify(sql, ChangeFeed::kEventsChannel, "");
  return stored;
}

Page<RequestEvent> ListEvents(soci::session& sql, int64_t site_id,
                              int64_t request_id, PageRequest page) {
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kEventColumns) + kListEvents,
       soci::use(site_id, "site"), soci::use(request_id, "request"),
       soci::use(page.after_id, "after"), soci::use(fetch, "lim"));
  std::vector<RequestEvent> out;
  for (const soci::row& r : rows) out.push_back(EventFromRow(r));
  return MakePage(std::move(out), page.limit);
}

std::vector<TaskFeedEvent> FetchTaskEvents(soci::session& sql,
                                           TaskCursor after, int limit) {
  const std::string xid = absl::StrCat(after.xid);
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kEventColumns) + kFetchTaskEvents,
       soci::use(xid, "xid"), soci::use(after.id, "id"),
       soci::use(limit, "lim"));
  std::vector<TaskFeedEvent> out;
  for (const soci::row& r : rows) {
    TaskFeedEvent e;
    e.event = EventFromRow(r);
    e.cursor = TaskCursor{ParseXid(r.get<std::string>("xid")), e.event.id};
    out.push_back(std::move(e));
  }
  return out;
}

TaskCursor CurrentTaskCursor(soci::session& sql) {
  std::string xid;
  long long id = 0;
  sql << kCurrentTaskCursor, soci::into(xid), soci::into(id);
  if (!sql.got_data()) return TaskCursor{};
  return TaskCursor{ParseXid(xid), id};
}

Page<ServiceRequest> ListPaidRequests(soci::session& sql, int64_t site_id,
                                      std::optional<absl::Time> start,
                                      std::optional<absl::Time> end,
                                      PageRequest page) {
  const long long start_us = start ? ToMicros(*start) : 0;
  const long long end_us = end ? ToMicros(*end) : 0;
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kRequestColumns) + "WHERE " + kPaidPeriod +
                          " AND r.id > :after ORDER BY r.id LIMIT :lim",
       soci::use(site_id, "site"), soci::use(start_us, "start"),
       soci::use(end_us, "end"), soci::use(page.after_id, "after"),
       soci::use(fetch, "lim"));
  std::vector<ServiceRequest> out;
  for (const soci::row& r : rows) out.push_back(RequestFromRow(r));
  return MakePage(std::move(out), page.limit);
}

PaidTotals SumPaidRequests(soci::session& sql, int64_t site_id,
                           std::optional<absl::Time> start,
                           std::optional<absl::Time> end) {
  const long long start_us = start ? ToMicros(*start) : 0;
  const long long end_us = end ? ToMicros(*end) : 0;
  PaidTotals totals;
  long long count = 0, agreed = 0, settled = 0;
  sql << std::string(kSumPaid) + kPaidPeriod, soci::use(site_id, "site"),
      soci::use(start_us, "start"), soci::use(end_us, "end"),
      soci::into(count), soci::into(agreed), soci::into(settled);
  totals.count = count;
  totals.agreed_minor = agreed;
  totals.settled_minor = settled;
  return totals;
}

void AppendRepairRecord(soci::session& sql, const ServiceRequest& r,
                        const std::string& done_by) {
  const long long completed = ToMicros(r.complete_time.value_or(r.update_time));
  const int minutes = r.minutes_spent;
  sql << kAppendRepair, soci::use(r.site_id, "site"),
      soci::use(r.household_id, "household"), soci::use(r.id, "request"),
      soci::use(completed, "completed"),
      soci::use(r.completion_notes, "notes"), soci::use(minutes, "minutes"),
      soci::use(done_by, "done_by");
}

std::vector<RepairRecord> ListRepairHistory(soci::session& sql,
                                            int64_t site_id,
                                            int64_t household_id) {
  std::vector<RepairRecord> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << kListRepairs, soci::use(site_id, "site"),
       soci::use(household_id, "household"));
  for (const soci::row& r : rows) {
    RepairRecord rec;
    rec.request_id = r.get<long long>("request_id");
    rec.item_title_zh = r.get<std::string>("title_zh");
    rec.item_title_en = r.get<std::string>("title_en");
    rec.complete_time = FromMicros(r.get<long long>("completed_us"));
    rec.notes = r.get<std::string>("notes");
    rec.minutes_spent = static_cast<int32_t>(r.get<long long>("minutes_spent"));
    rec.done_by = r.get<std::string>("done_by");
    out.push_back(std::move(rec));
  }
  for (RepairRecord& rec : out) rec.materials = LoadMaterials(sql, rec.request_id);
  return out;
}

std::vector<std::pair<int64_t, int64_t>> LockEscalationCandidates(
    soci::session& sql, absl::Time now, int64_t after_id, int limit) {
  const long long now_us = ToMicros(now);
  soci::rowset<soci::row> rows =
      (sql.prepare << kLockEscalationCandidates, soci::use(now_us, "now"),
       soci::use(after_id, "after"), soci::use(limit, "lim"));
  std::vector<std::pair<int64_t, int64_t>> out;
  for (const soci::row& r : rows) {
    out.emplace_back(r.get<long long>(0), r.get<long long>(1));
  }
  return out;
}

}  // namespace concierge::store
