#include "server/store/request_repository.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/store/catalog_repository.h"
#include "server/store/change_feed.h"
#include "server/store/database.h"
#include "server/store/directory_repository.h"
#include "server/store/guest_repository.h"

namespace concierge::store {
namespace {

constexpr char kRequestColumns[] = R"sql(
SELECT r.id, r.site_id, r.item_id, i.code AS item_code,
       i.title_zh AS item_title_zh, i.title_en AS item_title_en,
       d.code AS department_code, r.fee_kind, r.state, r.channel,
       COALESCE(r.household_id, 0) AS household_id,
       COALESCE(r.stay_id, 0) AS stay_id,
       COALESCE(r.resident_id, 0) AS resident_id,
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
       r.reworks::bigint AS reworks,
       COALESCE(r.consumption_id, 0) AS consumption_id,
       ts_to_us(r.created_at) AS created_us,
       ts_to_us(r.updated_at) AS updated_us, r.version
FROM service_requests r
JOIN service_items i ON i.id = r.item_id
JOIN departments d ON d.id = r.department_id )sql";

const pg::Statement kFindRequest("find request",
                                 std::string(kRequestColumns) +
                                     "WHERE r.site_id = $1 AND r.id = $2");
const pg::Statement kFindRequestForUpdate(
    "find request for update",
    std::string(kRequestColumns) +
        "WHERE r.site_id = $1 AND r.id = $2 FOR UPDATE OF r");
constexpr char kSelectRequestsByIds[] =
    "WHERE r.id = ANY(CAST(:ids AS bigint[]))";
// $1 site, $2 after, $3 states (space-separated, '' for all), $4 department,
// $5 assignee, $6 household, $7 item (0 for any), $8 overdue only, $9 now,
// $10 limit, $11 appointments only, with a window overlapping [$12, $13)
// (0: unbounded; a window without an end is the moment it starts), $14
// stay.
// Overdue is the stored overdue_at (the domain's OverdueAt), so the page is
// filtered here, never after.
const pg::Statement kListRequests("list requests",
                                  std::string(kRequestColumns) + R"sql(
WHERE r.site_id = $1 AND r.id > $2
  AND ($3 = '' OR r.state = ANY(string_to_array($3, ' ')))
  AND ($4::bigint = 0 OR r.department_id = $4)
  AND ($5::bigint = 0 OR r.assignee_id = $5)
  AND ($6::bigint = 0 OR r.household_id = $6)
  AND ($7::bigint = 0 OR r.item_id = $7)
  AND ($14::bigint = 0 OR r.stay_id = $14)
  AND (NOT $8::boolean OR r.overdue_at < us_to_ts($9))
  AND (NOT $11::boolean OR (r.window_start IS NOT NULL
       AND ($13::bigint = 0 OR r.window_start < us_to_ts($13))
       AND ($12::bigint = 0 OR r.window_end > us_to_ts($12)
            OR (r.window_end IS NULL AND r.window_start >= us_to_ts($12)))))
ORDER BY r.id LIMIT $10)sql");

const pg::Statement kInsertRequest("insert request", R"sql(
INSERT INTO service_requests (site_id, item_id, fee_kind, state, channel,
    household_id, resident_id, contact_name, unit, phone, window_start,
    window_end, place, content, requirements, entry_granted, entry_granted_by,
    entry_granted_at, registered_by, currency_code, agreed_price_minor,
    department_id, response_due_at, completion_due_at, completed_at,
    created_at, updated_at, overdue_at, stay_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, us_to_ts($11), us_to_ts($12),
    $13, $14, $15, $16, $17, us_to_ts($18), $19, $20, $21, $22,
    us_to_ts($23), us_to_ts($24), us_to_ts($25), us_to_ts($26),
    us_to_ts($26), us_to_ts($27), $28)
RETURNING id)sql");

// A new request in one statement: the idempotency key's claim (when the
// caller sent a request_id) with the request's name as its result, the
// request itself (only if the claim succeeded), and its first event. The
// columns and parameters $1..$28 are kInsertRequest's; $29 scope, $30
// request_id ('' for none), $31 fingerprint; the event: $32 department,
// $33 assignee, $34 action, $35 state after, $36 actor, $37 role, $38 note,
// $39 correlation id; $40 the prefix of the name the key's result records
// (the caller's spelling: the store builds no API names). No row: the key was
// already claimed.
const pg::Statement kInsertRequestOnce("insert request once", R"sql(
WITH new_id AS (
  SELECT nextval(pg_get_serial_sequence('service_requests', 'id')) AS id
), claim AS (
  INSERT INTO idempotency_keys (scope, request_id, fingerprint, resource_name,
                                created_at)
  SELECT $29::text, $30::text, $31::text,
         $40::text || new_id.id,
         us_to_ts($26::bigint)
  FROM new_id WHERE $30::text <> ''
  ON CONFLICT (scope, request_id) DO NOTHING
  RETURNING 1
), request AS (
  INSERT INTO service_requests (id, site_id, item_id, fee_kind, state, channel,
      household_id, resident_id, contact_name, unit, phone, window_start,
      window_end, place, content, requirements, entry_granted,
      entry_granted_by, entry_granted_at, registered_by, currency_code,
      agreed_price_minor, department_id, response_due_at, completion_due_at,
      completed_at, created_at, updated_at, overdue_at, stay_id)
  OVERRIDING SYSTEM VALUE
  SELECT new_id.id, $1::bigint, $2::bigint, $3::text, $4::text, $5::text,
      $6::bigint, $7::bigint, $8::text, $9::text, $10::text,
      us_to_ts($11::bigint), us_to_ts($12::bigint), $13::text, $14::text,
      $15::text, $16::boolean, $17::text, us_to_ts($18::bigint), $19::text,
      $20::text, $21::bigint, $22::bigint, us_to_ts($23::bigint),
      us_to_ts($24::bigint), us_to_ts($25::bigint), us_to_ts($26::bigint),
      us_to_ts($26::bigint), us_to_ts($27::bigint), $28::bigint
  FROM new_id
  WHERE $30::text = '' OR EXISTS (SELECT 1 FROM claim)
  RETURNING id, site_id
), event AS (
  INSERT INTO task_events (site_id, request_id, department_id, assignee_id,
      action, after_state, actor, actor_role, note, created_at, correlation_id)
  SELECT request.site_id, request.id, $32::bigint, $33::bigint, $34::text,
         $35::text, $36::text, $37::text, $38::text, us_to_ts($26::bigint),
         $39::text
  FROM request
)
SELECT id FROM request)sql");

const pg::Statement kSaveRequest("save request", R"sql(
UPDATE service_requests SET
  state = $1, agreed_price_minor = $2, quote_minor = $3,
  proposed_price_minor = $4, quoted_by = $5, price_decided_by = $6,
  department_id = $7, assignee_id = $8, escalation_level = $9,
  started_at = us_to_ts($10), completed_at = us_to_ts($11),
  completion_notes = $12, minutes_spent = $13, signature_name = $14,
  signed_off_at = us_to_ts($15), settled_minor = $16, settled_by = $17,
  settled_at = us_to_ts($18), cancel_reason = $19,
  updated_at = us_to_ts($20), fee_kind = $24, reworks = $25,
  overdue_at = us_to_ts($26), consumption_id = $27, version = version + 1
WHERE site_id = $21 AND id = $22 AND version = $23
RETURNING version)sql");

const pg::Statement kSelectMaterials("select materials", R"sql(
SELECT description_zh, description_en, cost_minor FROM request_materials
WHERE request_id = $1 ORDER BY position)sql");

constexpr char kInsertMaterial[] = R"sql(
INSERT INTO request_materials (request_id, position, description_zh,
    description_en, cost_minor)
VALUES (:id, :position, :zh, :en, :cost))sql";

const pg::Statement kAppendEvent("append event", R"sql(
INSERT INTO task_events (site_id, request_id, department_id, assignee_id,
    from_department_id, from_assignee_id, action, before_state, after_state,
    actor, actor_role, note, created_at, correlation_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, us_to_ts($13),
        $14))sql");

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

const pg::Statement kFetchTaskEvents("fetch task events",
                                     std::string(kEventColumns) + R"sql(
WHERE (e.xid, e.id) > (CAST($1 AS xid8), $2)
  AND e.xid < pg_snapshot_xmin(pg_current_snapshot())
ORDER BY e.xid, e.id LIMIT $3)sql");

// (The text form gets its own name: ORDER BY xid would sort the text.)
const pg::Statement kCurrentTaskCursor("current task cursor", R"sql(
SELECT e.xid::text AS xid_text, e.id FROM task_events e
WHERE e.xid < pg_snapshot_xmin(pg_current_snapshot())
ORDER BY e.xid DESC, e.id DESC LIMIT 1)sql");

const pg::Statement kCommittedNow("committed now", R"sql(
SELECT pg_snapshot_xmin(s)::text AS xmin, pg_snapshot_xmax(s)::text AS xmax,
       COALESCE((SELECT string_agg(x::text, ',' ORDER BY x)
                 FROM pg_snapshot_xip(s) x), '') AS running
FROM pg_current_snapshot() s)sql");

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
ON CONFLICT (request_id) DO UPDATE
  SET completed_at = EXCLUDED.completed_at, notes = EXCLUDED.notes,
      minutes_spent = EXCLUDED.minutes_spent, done_by = EXCLUDED.done_by)sql";

constexpr char kListRepairs[] = R"sql(
SELECT h.request_id, i.title_zh, i.title_en,
       ts_to_us(h.completed_at) AS completed_us, h.notes,
       h.minutes_spent::bigint AS minutes_spent, h.done_by
FROM repair_history h
JOIN service_requests r ON r.id = h.request_id
JOIN service_items i ON i.id = r.item_id
WHERE h.site_id = :site AND h.household_id = :household
ORDER BY h.completed_at, h.id)sql";

const pg::Statement kCountGuestRequests("count guest requests", R"sql(
SELECT count(*) FILTER (WHERE r.stay_id = $3) AS this_stay,
       count(*) FILTER (WHERE r.stay_id <> $3) AS other_stays
FROM service_requests r
JOIN stays s ON s.id = r.stay_id
JOIN service_items i ON i.id = r.item_id
WHERE s.guest_id = $1 AND i.code = $2 AND r.id <> $4
  AND r.completed_at IS NOT NULL AND r.state <> 'CANCELLED')sql");

constexpr char kLockEscalationCandidates[] = R"sql(
SELECT site_id, id FROM service_requests
WHERE overdue_at IS NOT NULL AND escalation_level < 2 AND id > :after
  AND overdue_at < us_to_ts(:now)
ORDER BY id
LIMIT :lim
FOR UPDATE SKIP LOCKED)sql";

template <typename Row>
std::optional<absl::Time> OptTime(const Row& r, const char* column) {
  return FromMicros(Get<std::optional<long long>>(r, column));
}

template <typename Row>
std::optional<int64_t> OptInt(const Row& r, const char* column) {
  auto v = Get<std::optional<long long>>(r, column);
  if (!v) return std::nullopt;
  return *v;
}

template <typename Row>
domain::ServiceRequest RequestFromRow(const Row& r) {
  domain::ServiceRequest q;
  q.id = Get<long long>(r, "id");
  q.site_id = Get<long long>(r, "site_id");
  q.item_id = Get<long long>(r, "item_id");
  q.item_code = Get<std::string>(r, "item_code");
  q.item_title_zh = Get<std::string>(r, "item_title_zh");
  q.item_title_en = Get<std::string>(r, "item_title_en");
  q.department_code = Get<std::string>(r, "department_code");
  q.fee_kind = domain::FeeKindFromName(Get<std::string>(r, "fee_kind"))
                   .value_or(domain::FeeKind::kFree);
  q.state = domain::RequestStateFromName(Get<std::string>(r, "state"))
                .value_or(domain::RequestState::kCancelled);
  q.channel = domain::RequestChannelFromName(Get<std::string>(r, "channel"))
                  .value_or(domain::RequestChannel::kApp);
  q.household_id = Get<long long>(r, "household_id");
  q.stay_id = Get<long long>(r, "stay_id");
  q.resident_id = Get<long long>(r, "resident_id");
  q.contact_name = Get<std::string>(r, "contact_name");
  q.unit = Get<std::string>(r, "unit");
  q.phone = Get<std::string>(r, "phone");
  q.window_start = OptTime(r, "window_start_us");
  q.window_end = OptTime(r, "window_end_us");
  q.place = Get<std::string>(r, "place");
  q.content = Get<std::string>(r, "content");
  q.requirements = Get<std::string>(r, "requirements");
  q.entry_granted = Get<int>(r, "entry_granted") != 0;
  q.entry_granted_by = Get<std::string>(r, "entry_granted_by");
  q.entry_grant_time = OptTime(r, "entry_granted_us");
  q.registered_by = Get<std::string>(r, "registered_by");
  q.currency = Get<std::string>(r, "currency_code");
  q.agreed_price = OptInt(r, "agreed_price_minor");
  q.quote = OptInt(r, "quote_minor");
  q.proposed_price = OptInt(r, "proposed_price_minor");
  q.quoted_by = Get<std::string>(r, "quoted_by");
  q.price_decided_by = Get<std::string>(r, "price_decided_by");
  q.department_id = Get<long long>(r, "department_id");
  q.assignee_id = Get<long long>(r, "assignee_id");
  q.response_due = OptTime(r, "response_due_us");
  q.completion_due = OptTime(r, "completion_due_us");
  q.escalation_level =
      static_cast<int32_t>(Get<long long>(r, "escalation_level"));
  q.start_time = OptTime(r, "started_us");
  q.complete_time = OptTime(r, "completed_us");
  q.completion_notes = Get<std::string>(r, "completion_notes");
  q.minutes_spent = static_cast<int32_t>(Get<long long>(r, "minutes_spent"));
  q.signature_name = Get<std::string>(r, "signature_name");
  q.sign_off_time = OptTime(r, "signed_off_us");
  q.settled_amount = OptInt(r, "settled_minor");
  q.settled_by = Get<std::string>(r, "settled_by");
  q.settle_time = OptTime(r, "settled_us");
  q.cancel_reason = Get<std::string>(r, "cancel_reason");
  q.reworks = static_cast<int32_t>(Get<long long>(r, "reworks"));
  q.consumption_id = Get<long long>(r, "consumption_id");
  q.create_time = FromMicros(Get<long long>(r, "created_us"));
  q.update_time = FromMicros(Get<long long>(r, "updated_us"));
  q.version = Get<long long>(r, "version");
  return q;
}

template <typename Row>
domain::RequestEvent EventFromRow(const Row& r) {
  domain::RequestEvent e;
  e.id = Get<long long>(r, "id");
  e.site_id = Get<long long>(r, "site_id");
  e.request_id = Get<long long>(r, "request_id");
  e.room_action_id = Get<long long>(r, "room_action_id");
  if (e.room_action_id != 0) {  // a room action's move: its own names
    e.room_move = Get<std::string>(r, "action");
    e.room_before = Get<std::string>(r, "before_state");
    e.room_after = Get<std::string>(r, "after_state");
  }
  e.department_id = Get<long long>(r, "department_id");
  e.assignee_id = Get<long long>(r, "assignee_id");
  e.from_department_id = Get<long long>(r, "from_department_id");
  e.from_assignee_id = Get<long long>(r, "from_assignee_id");
  e.action = domain::RequestActionFromName(Get<std::string>(r, "action"))
                 .value_or(domain::RequestAction::kRegister);
  e.before = domain::RequestStateFromName(Get<std::string>(r, "before_state"));
  e.after = domain::RequestStateFromName(Get<std::string>(r, "after_state"))
                .value_or(domain::RequestState::kCancelled);
  e.actor = Get<std::string>(r, "actor");
  e.actor_role = Get<std::string>(r, "actor_role");
  e.note = Get<std::string>(r, "note");
  e.time = FromMicros(Get<long long>(r, "created_us"));
  return e;
}

std::vector<domain::MaterialUse> MaterialsFromResult(const pg::Result& result) {
  std::vector<domain::MaterialUse> out;
  for (int i = 0; i < result.size(); ++i) {
    const pg::Row r = result.row(i);
    out.push_back({r.get<std::string>("description_zh"),
                   r.get<std::string>("description_en"),
                   r.get<long long>("cost_minor")});
  }
  return out;
}

uint64_t ParseXid(const std::string& text) {
  uint64_t xid = 0;
  absl::SimpleAtoi(text, &xid);
  return xid;
}

}  // namespace

namespace {

// The request row's columns, in the order kInsertRequest and
// kInsertRequestOnce both take them as their first parameters ($1..$28).
std::vector<pg::Param> RequestRowParams(const domain::ServiceRequest& r) {
  return {r.site_id,
          r.item_id,
          domain::Name(r.fee_kind),
          domain::Name(r.state),
          domain::Name(r.channel),
          NullIfZero(r.household_id),
          NullIfZero(r.resident_id),
          r.contact_name,
          r.unit,
          r.phone,
          ToMicros(r.window_start),
          ToMicros(r.window_end),
          r.place,
          r.content,
          r.requirements,
          r.entry_granted,
          r.entry_granted_by,
          ToMicros(r.entry_grant_time),
          r.registered_by,
          r.currency,
          r.agreed_price,
          r.department_id,
          ToMicros(r.response_due),
          ToMicros(r.completion_due),
          ToMicros(r.complete_time),
          ToMicros(r.create_time),
          ToMicros(domain::OverdueAt(r)),
          NullIfZero(r.stay_id)};
}

// `r` as its insert stored it: the id the insert returned, version 1.
domain::ServiceRequest StoredRequest(const pg::Result& result,
                                     const domain::ServiceRequest& r) {
  domain::ServiceRequest stored = r;
  stored.id = result.row(0).get<long long>("id");
  stored.update_time = r.create_time;
  stored.version = 1;
  return stored;
}

}  // namespace

domain::ServiceRequest InsertRequest(soci::session& sql,
                                     const domain::ServiceRequest& r) {
  return StoredRequest(pg::Execute(sql, kInsertRequest, RequestRowParams(r)),
                       r);
}

namespace {

pg::Command InsertRequestOnceCommand(const RequestOnce& once) {
  const domain::RequestEvent& event = once.event;
  std::vector<pg::Param> params = RequestRowParams(once.r);
  params.insert(params.end(),
                {once.key.scope, once.key.request_id, once.key.fingerprint,
                 event.department_id, NullIfZero(event.assignee_id),
                 domain::Name(event.action), domain::Name(event.after),
                 event.actor, event.actor_role, event.note,
                 once.correlation_id.empty()
                     ? std::nullopt
                     : std::optional<std::string>(once.correlation_id),
                 once.name_prefix});
  return {kInsertRequestOnce, std::move(params)};
}

}  // namespace

std::vector<Booking> LoadBookings(soci::session& sql,
                                  const std::vector<BookingKey>& keys) {
  std::vector<pg::Command> commands;
  for (const BookingKey& k : keys) {
    commands.push_back(FindSiteCommand(k.site_id));
    commands.push_back(FindHouseholdCommand(k.site_id, k.household_id));
    commands.push_back(FindItemCommand(k.site_id, k.item_id));
    commands.push_back(ListItemPricesCommand(k.site_id, k.item_id));
    if (k.resident_id != 0) {
      commands.push_back(FindResidentCommand(k.site_id, k.resident_id));
    }
  }
  const std::vector<pg::Result> rows = pg::ExecuteBatch(sql, commands);
  std::vector<Booking> bookings;
  size_t next = 0;
  for (const BookingKey& k : keys) {
    Booking& b = bookings.emplace_back();
    b.site = SiteFromResult(rows[next++]);
    b.household = HouseholdFromResult(rows[next++]);
    b.item = ItemFromResult(rows[next++]);
    b.prices = PricesFromResult(rows[next++]);
    if (k.resident_id != 0) b.resident = ResidentFromResult(rows[next++]);
    // A hotel's request: the stay and its guest, one by one (a hotel books
    // a handful a minute, a community's desk the hot path above).
    if (k.stay_id != 0) {
      b.stay = FindStay(sql, k.site_id, k.stay_id);
    } else if (!k.room_number.empty()) {
      b.stay = FindOpenStay(sql, k.site_id, k.room_number);
    }
    if (b.stay) b.guest = FindGuest(sql, b.stay->guest_id);
  }
  return bookings;
}

std::vector<std::optional<domain::ServiceRequest>> InsertRequestsOnce(
    soci::session& sql, const std::vector<RequestOnce>& requests) {
  std::vector<std::optional<domain::ServiceRequest>> stored;
  if (requests.empty()) return stored;
  std::vector<pg::Command> inserts;
  for (const RequestOnce& once : requests) {
    inserts.push_back(InsertRequestOnceCommand(once));
  }
  const std::vector<pg::Result> results = pg::ExecuteBatch(sql, inserts);
  for (size_t i = 0; i < requests.size(); ++i) {
    if (results[i].empty()) {
      stored.push_back(std::nullopt);
      continue;
    }
    // As AppendEvent: watchers are woken once this commits.
    ChangeFeed::NotifyAfterCommit(ChangeFeed::kEventsChannel);
    stored.push_back(StoredRequest(results[i], requests[i].r));
  }
  return stored;
}

std::optional<domain::ServiceRequest> FindRequest(soci::session& sql,
                                                  int64_t site_id,
                                                  int64_t request_id,
                                                  bool for_update) {
  // The request and its materials in one round trip.
  std::vector<pg::Result> results =
      pg::ExecuteBatch(sql, {{for_update ? kFindRequestForUpdate : kFindRequest,
                              {site_id, request_id}},
                             {kSelectMaterials, {request_id}}});
  std::optional<domain::ServiceRequest> r =
      FirstRow<domain::ServiceRequest>(results[0], RequestFromRow<pg::Row>);
  if (r) r->materials = MaterialsFromResult(results[1]);
  return r;
}

std::vector<domain::ServiceRequest> FindRequestsByIds(
    soci::session& sql, const std::vector<int64_t>& ids) {
  std::vector<domain::ServiceRequest> out;
  if (ids.empty()) return out;
  const std::string array = IdArray(ids);
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kRequestColumns) + kSelectRequestsByIds,
       soci::use(array, "ids"));
  for (const soci::row& r : rows) out.push_back(RequestFromRow(r));
  return out;
}

bool SaveRequest(soci::session& sql, const domain::ServiceRequest& r,
                 int64_t expected_version) {
  pg::Result result = pg::Execute(sql, kSaveRequest,
                                  {domain::Name(r.state),
                                   r.agreed_price,
                                   r.quote,
                                   r.proposed_price,
                                   r.quoted_by,
                                   r.price_decided_by,
                                   r.department_id,
                                   NullIfZero(r.assignee_id),
                                   r.escalation_level,
                                   ToMicros(r.start_time),
                                   ToMicros(r.complete_time),
                                   r.completion_notes,
                                   r.minutes_spent,
                                   r.signature_name,
                                   ToMicros(r.sign_off_time),
                                   r.settled_amount,
                                   r.settled_by,
                                   ToMicros(r.settle_time),
                                   r.cancel_reason,
                                   ToMicros(r.update_time),
                                   r.site_id,
                                   r.id,
                                   expected_version,
                                   domain::Name(r.fee_kind),
                                   r.reworks,
                                   ToMicros(domain::OverdueAt(r)),
                                   NullIfZero(r.consumption_id)});
  return !result.empty();
}

void InsertMaterials(soci::session& sql, int64_t request_id,
                     const std::vector<domain::MaterialUse>& materials,
                     size_t first_position) {
  for (size_t i = 0; i < materials.size(); ++i) {
    const int position = static_cast<int>(first_position + i);
    sql << kInsertMaterial, soci::use(request_id, "id"),
        soci::use(position, "position"),
        soci::use(materials[i].description_zh, "zh"),
        soci::use(materials[i].description_en, "en"),
        soci::use(materials[i].cost_minor, "cost");
  }
}

Page<domain::ServiceRequest> ListRequests(soci::session& sql, int64_t site_id,
                                          const RequestFilter& filter,
                                          PageRequest page) {
  std::vector<std::string> names;
  for (domain::RequestState s : filter.states)
    names.emplace_back(domain::Name(s));
  pg::Result result = pg::Execute(
      sql, kListRequests,
      {site_id, page.after_id, JoinWords(names), filter.department_id,
       filter.assignee_id, filter.household_id, filter.item_id,
       filter.overdue_only, ToMicros(filter.now), page.limit + 1,
       filter.appointment.has_value(),
       filter.appointment ? MicrosOrZero(filter.appointment->start) : 0LL,
       filter.appointment ? MicrosOrZero(filter.appointment->end) : 0LL,
       filter.stay_id});
  return MakePage(
      AllRows<domain::ServiceRequest>(result, RequestFromRow<pg::Row>),
      page.limit);
}

void AppendEvent(soci::session& sql, const domain::RequestEvent& e) {
  std::optional<std::string> before;
  if (e.before) before = std::string(domain::Name(*e.before));
  ExecuteAtCommit(
      sql,
      {kAppendEvent,
       {e.site_id, e.request_id, e.department_id, NullIfZero(e.assignee_id),
        NullIfZero(e.from_department_id), NullIfZero(e.from_assignee_id),
        domain::Name(e.action), before, domain::Name(e.after), e.actor,
        e.actor_role, e.note, ToMicros(e.time), CorrelationId()}});
  // Watchers are woken once this commits (a NOTIFY inside the transaction
  // would make every booking commit one at a time).
  ChangeFeed::NotifyAfterCommit(ChangeFeed::kEventsChannel);
}

Page<domain::RequestEvent> ListEvents(soci::session& sql, int64_t site_id,
                                      int64_t request_id, PageRequest page) {
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kEventColumns) + kListEvents,
       soci::use(site_id, "site"), soci::use(request_id, "request"),
       soci::use(page.after_id, "after"), soci::use(fetch, "lim"));
  std::vector<domain::RequestEvent> out;
  for (const soci::row& r : rows) out.push_back(EventFromRow(r));
  return MakePage(std::move(out), page.limit);
}

std::vector<TaskFeedEvent> FetchTaskEvents(soci::session& sql, TaskCursor after,
                                           int limit) {
  pg::Result result = pg::Execute(sql, kFetchTaskEvents,
                                  {absl::StrCat(after.xid), after.id, limit});
  std::vector<TaskFeedEvent> out;
  for (int i = 0; i < result.size(); ++i) {
    const pg::Row r = result.row(i);
    TaskFeedEvent e;
    e.event = EventFromRow(r);
    e.cursor = TaskCursor{ParseXid(r.get<std::string>("xid")), e.event.id};
    out.push_back(std::move(e));
  }
  return out;
}

TaskCursor CurrentTaskCursor(soci::session& sql) {
  pg::Result result = pg::Execute(sql, kCurrentTaskCursor, {});
  if (result.empty()) return TaskCursor{};
  return TaskCursor{ParseXid(result.row(0).get<std::string>("xid_text")),
                    result.row(0).get<long long>("id")};
}

CommittedBefore CommittedNow(soci::session& sql) {
  pg::Result result = pg::Execute(sql, kCommittedNow, {});
  const pg::Row row = result.row(0);
  CommittedBefore committed;
  committed.xmin = ParseXid(row.get<std::string>("xmin"));
  committed.xmax = ParseXid(row.get<std::string>("xmax"));
  for (absl::string_view x : absl::StrSplit(row.get<std::string>("running"),
                                            ',', absl::SkipEmpty())) {
    committed.running.push_back(ParseXid(std::string(x)));
  }
  std::sort(committed.running.begin(), committed.running.end());
  return committed;
}

Page<domain::ServiceRequest> ListPaidRequests(soci::session& sql,
                                              int64_t site_id,
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
  std::vector<domain::ServiceRequest> out;
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
      soci::use(start_us, "start"), soci::use(end_us, "end"), soci::into(count),
      soci::into(agreed), soci::into(settled);
  totals.count = count;
  totals.agreed_minor = agreed;
  totals.settled_minor = settled;
  return totals;
}

void AppendRepairRecord(soci::session& sql, const domain::ServiceRequest& r,
                        const std::string& done_by) {
  const long long completed = ToMicros(r.complete_time.value_or(r.update_time));
  const int minutes = r.minutes_spent;
  sql << kAppendRepair, soci::use(r.site_id, "site"),
      soci::use(r.household_id, "household"), soci::use(r.id, "request"),
      soci::use(completed, "completed"), soci::use(r.completion_notes, "notes"),
      soci::use(minutes, "minutes"), soci::use(done_by, "done_by");
}

std::vector<RepairRecord> ListRepairHistory(soci::session& sql, int64_t site_id,
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
  for (RepairRecord& rec : out)
    rec.materials = MaterialsFromResult(
        pg::Execute(sql, kSelectMaterials, {rec.request_id}));
  return out;
}

RepeatedRequests CountGuestRequests(soci::session& sql, int64_t guest_id,
                                    const std::string& item_code,
                                    int64_t stay_id, int64_t request_id) {
  const pg::Result result = pg::Execute(
      sql, kCountGuestRequests, {guest_id, item_code, stay_id, request_id});
  const pg::Row row = result.row(0);
  return {row.get<long long>("this_stay"), row.get<long long>("other_stays")};
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
