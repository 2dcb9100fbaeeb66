#include "server/store/front_desk_repository.h"

#include "absl/strings/str_cat.h"
#include "server/store/catalog_repository.h"

namespace concierge::store {
namespace {

template <typename T, typename FromRow>
std::vector<T> Collect(soci::rowset<soci::row>& rows, FromRow from_row) {
  std::vector<T> out;
  for (const soci::row& row : rows) out.push_back(from_row(row));
  return out;
}

// "" for an unset optional enum filter; the SQL skips the filter then.
template <typename E>
std::string NameOrEmpty(const std::optional<E>& value) {
  return value ? std::string(domain::Name(*value)) : std::string();
}

// --- parcels
// -----------------------------------------------------------------------

constexpr char kParcelColumns[] = R"sql(
SELECT id, site_id, household_id, kind, carrier, tracking_number, shelf,
       photo_ref, note, state, logged_by, ts_to_us(logged_at) AS logged_us,
       collected_by, signature_name, handed_over_by,
       ts_to_us(collected_at) AS collected_us
FROM parcels )sql";

constexpr char kSelectParcel[] = "WHERE site_id = :site AND id = :id";
constexpr char kForUpdate[] = " FOR UPDATE";
constexpr char kListParcels[] = R"sql(
WHERE site_id = :site AND (:after::bigint = 0 OR id < :after)
  AND (:household::bigint = 0 OR household_id = :household)
  AND (:state = '' OR state = :state)
  AND (:before::bigint = 0 OR logged_at < us_to_ts(:before))
ORDER BY id DESC LIMIT :lim)sql";

constexpr char kFindParcelByTracking[] = R"sql(
SELECT id FROM parcels
WHERE site_id = :site AND lower(carrier) = lower(:carrier)
  AND tracking_number = :tracking)sql";

constexpr char kInsertParcel[] = R"sql(
INSERT INTO parcels (site_id, household_id, kind, carrier, tracking_number,
    shelf, photo_ref, note, state, logged_by, logged_at)
VALUES (:site, :household, :kind, :carrier, :tracking, :shelf, :photo, :note,
    :state, :logged_by, us_to_ts(:logged_us))
RETURNING id)sql";

constexpr char kSaveParcelPickup[] = R"sql(
UPDATE parcels
SET state = :state, collected_by = :collected_by,
    signature_name = :signature, handed_over_by = :handed_over_by,
    collected_at = us_to_ts(:collected_us)
WHERE site_id = :site AND id = :id)sql";

domain::Parcel ParcelFromRow(const soci::row& r) {
  domain::Parcel p;
  p.id = r.get<long long>("id");
  p.site_id = r.get<long long>("site_id");
  p.household_id = r.get<long long>("household_id");
  p.kind = domain::ParcelKindFromName(r.get<std::string>("kind"))
               .value_or(domain::ParcelKind::kParcel);
  p.carrier = r.get<std::string>("carrier");
  p.tracking_number = r.get<std::string>("tracking_number");
  p.shelf = r.get<std::string>("shelf");
  p.photo_ref = r.get<std::string>("photo_ref");
  p.note = r.get<std::string>("note");
  p.state = domain::ParcelStateFromName(r.get<std::string>("state"))
                .value_or(domain::ParcelState::kWaiting);
  p.logged_by = r.get<std::string>("logged_by");
  p.log_time = FromMicros(r.get<long long>("logged_us"));
  p.collected_by = r.get<std::string>("collected_by");
  p.signature_name = r.get<std::string>("signature_name");
  p.handed_over_by = r.get<std::string>("handed_over_by");
  p.collect_time = FromMicros(r.get<std::optional<long long>>("collected_us"));
  return p;
}

// --- custody
// -----------------------------------------------------------------------

constexpr char kCustodyColumns[] = R"sql(
SELECT id, site_id, household_id, description, receipt_number, deposited_by,
       received_by, ts_to_us(deposited_at) AS deposited_us, state,
       collected_by, handed_over_by, ts_to_us(returned_at) AS returned_us, note
FROM custody_records )sql";

constexpr char kSelectCustody[] = "WHERE site_id = :site AND id = :id";
constexpr char kListCustody[] = R"sql(
WHERE site_id = :site AND (:after::bigint = 0 OR id < :after)
  AND (:household::bigint = 0 OR household_id = :household)
  AND (:state = '' OR state = :state)
ORDER BY id DESC LIMIT :lim)sql";

constexpr char kFindCustodyByReceipt[] =
    "SELECT id FROM custody_records WHERE site_id = :site AND "
    "receipt_number = :receipt";

constexpr char kInsertCustody[] = R"sql(
INSERT INTO custody_records (site_id, household_id, description,
    receipt_number, deposited_by, received_by, deposited_at, state, note)
VALUES (:site, :household, :description, :receipt, :deposited_by,
    :received_by, us_to_ts(:deposited_us), :state, :note)
RETURNING id)sql";

constexpr char kSaveCustodyReturn[] = R"sql(
UPDATE custody_records
SET state = :state, collected_by = :collected_by,
    handed_over_by = :handed_over_by, returned_at = us_to_ts(:returned_us),
    note = :note
WHERE site_id = :site AND id = :id)sql";

domain::CustodyRecord CustodyFromRow(const soci::row& r) {
  domain::CustodyRecord c;
  c.id = r.get<long long>("id");
  c.site_id = r.get<long long>("site_id");
  c.household_id = r.get<long long>("household_id");
  c.description = r.get<std::string>("description");
  c.receipt_number = r.get<std::string>("receipt_number");
  c.deposited_by = r.get<std::string>("deposited_by");
  c.received_by = r.get<std::string>("received_by");
  c.deposit_time = FromMicros(r.get<long long>("deposited_us"));
  c.state = domain::CustodyStateFromName(r.get<std::string>("state"))
                .value_or(domain::CustodyState::kHeld);
  c.collected_by = r.get<std::string>("collected_by");
  c.handed_over_by = r.get<std::string>("handed_over_by");
  c.return_time = FromMicros(r.get<std::optional<long long>>("returned_us"));
  c.note = r.get<std::string>("note");
  return c;
}

// --- lending
// ------------------------------------------------------------------------

constexpr char kLendableColumns[] = R"sql(
SELECT l.id, l.site_id, l.name_zh, l.name_en, l.item_id,
       l.total_count::bigint AS total_count,
       l.available_count::bigint AS available_count, l.created_by,
       ts_to_us(l.created_at) AS created_us, l.stock_changed_by,
       ts_to_us(l.stock_changed_at) AS stock_changed_us, l.stock_change_reason,
       (SELECT ts_to_us(min(o.due_at)) FROM loans o
        WHERE o.lendable_id = l.id AND o.state = 'OUT') AS next_due_us
FROM lendable_items l )sql";

constexpr char kSelectLendable[] = "WHERE l.site_id = :site AND l.id = :id";
constexpr char kListLendables[] =
    "WHERE l.site_id = :site AND l.id > :after ORDER BY l.id LIMIT :lim";

constexpr char kInsertLendable[] = R"sql(
INSERT INTO lendable_items (site_id, name_zh, name_en, item_id, total_count,
    available_count, created_by, created_at)
VALUES (:site, :name_zh, :name_en, :item, :total, :total, :created_by,
    us_to_ts(:created_us))
RETURNING id)sql";

// Under READ COMMITTED a second UPDATE waits for the first one's row lock
// and then re-checks `available_count > 0` against the committed row.
constexpr char kTakeOne[] = R"sql(
UPDATE lendable_items SET available_count = available_count - 1
WHERE site_id = :site AND id = :id AND available_count > 0
RETURNING available_count::bigint)sql";

// The available count moves with the total in the same conditional UPDATE,
// so a loan or return at the same moment is counted exactly once; the
// condition keeps the total at or above the number out on loan.
constexpr char kSetStock[] = R"sql(
UPDATE lendable_items
SET available_count = available_count + (:total - total_count),
    total_count = :total, stock_changed_by = :by,
    stock_changed_at = us_to_ts(:at_us), stock_change_reason = :reason
WHERE site_id = :site AND id = :id AND total_count - available_count <= :total
RETURNING id)sql";

constexpr char kPutBack[] = R"sql(
UPDATE lendable_items SET available_count = available_count + 1
WHERE site_id = :site AND id = :id)sql";

constexpr char kLoanColumns[] = R"sql(
SELECT o.id, o.site_id, o.lendable_id, l.name_zh AS lendable_zh,
       l.name_en AS lendable_en, o.household_id, o.borrower,
       ts_to_us(o.due_at) AS due_us, o.state, o.lent_by,
       ts_to_us(o.lent_at) AS lent_us, o.received_by,
       ts_to_us(o.returned_at) AS returned_us
FROM loans o JOIN lendable_items l ON l.id = o.lendable_id )sql";

constexpr char kSelectLoan[] = "WHERE o.site_id = :site AND o.id = :id";
constexpr char kLockLoan[] = " FOR UPDATE OF o";
constexpr char kListLoans[] = R"sql(
WHERE o.site_id = :site AND (:after::bigint = 0 OR o.id < :after)
  AND (:household::bigint = 0 OR o.household_id = :household)
  AND (:lendable::bigint = 0 OR o.lendable_id = :lendable)
  AND (:state = '' OR o.state = :state)
  AND (:overdue_at::bigint = 0
       OR (o.state = 'OUT' AND o.due_at < us_to_ts(:overdue_at)))
ORDER BY o.id DESC LIMIT :lim)sql";

constexpr char kInsertLoan[] = R"sql(
INSERT INTO loans (site_id, lendable_id, household_id, borrower, due_at,
    state, lent_by, lent_at)
VALUES (:site, :lendable, :household, :borrower, us_to_ts(:due_us), :state,
    :lent_by, us_to_ts(:lent_us))
RETURNING id)sql";

constexpr char kSaveLoanReturn[] = R"sql(
UPDATE loans
SET state = :state, received_by = :received_by,
    returned_at = us_to_ts(:returned_us)
WHERE site_id = :site AND id = :id)sql";

domain::LendableItem LendableFromRow(const soci::row& r) {
  domain::LendableItem l;
  l.id = r.get<long long>("id");
  l.site_id = r.get<long long>("site_id");
  l.name_zh = r.get<std::string>("name_zh");
  l.name_en = r.get<std::string>("name_en");
  l.item_id = r.get<std::optional<long long>>("item_id").value_or(0);
  l.total_count = static_cast<int32_t>(r.get<long long>("total_count"));
  l.available_count = static_cast<int32_t>(r.get<long long>("available_count"));
  l.created_by = r.get<std::string>("created_by");
  l.create_time = FromMicros(r.get<long long>("created_us"));
  l.next_due_time = FromMicros(r.get<std::optional<long long>>("next_due_us"));
  l.stock_changed_by = r.get<std::string>("stock_changed_by");
  l.stock_change_time =
      FromMicros(r.get<std::optional<long long>>("stock_changed_us"));
  l.stock_change_reason = r.get<std::string>("stock_change_reason");
  return l;
}

domain::Loan LoanFromRow(const soci::row& r) {
  domain::Loan o;
  o.id = r.get<long long>("id");
  o.site_id = r.get<long long>("site_id");
  o.lendable_id = r.get<long long>("lendable_id");
  o.lendable_name_zh = r.get<std::string>("lendable_zh");
  o.lendable_name_en = r.get<std::string>("lendable_en");
  o.household_id = r.get<long long>("household_id");
  o.borrower = r.get<std::string>("borrower");
  o.due_time = FromMicros(r.get<long long>("due_us"));
  o.state = domain::LoanStateFromName(r.get<std::string>("state"))
                .value_or(domain::LoanState::kOut);
  o.lent_by = r.get<std::string>("lent_by");
  o.lend_time = FromMicros(r.get<long long>("lent_us"));
  o.received_by = r.get<std::string>("received_by");
  o.return_time = FromMicros(r.get<std::optional<long long>>("returned_us"));
  return o;
}

// --- messages
// ----------------------------------------------------------------------

constexpr char kMessageColumns[] = R"sql(
SELECT id, site_id, household_id, from_name, from_phone, body, channel,
       state, left_by, ts_to_us(left_at) AS left_us, acknowledged_by,
       ts_to_us(acknowledged_at) AS acknowledged_us
FROM visitor_messages )sql";

constexpr char kSelectMessage[] = "WHERE site_id = :site AND id = :id";
constexpr char kListMessages[] = R"sql(
WHERE site_id = :site AND household_id = :household
  AND (:after::bigint = 0 OR id < :after)
  AND (:unread = 0 OR state = 'UNREAD')
ORDER BY id DESC LIMIT :lim)sql";

constexpr char kInsertMessage[] = R"sql(
INSERT INTO visitor_messages (site_id, household_id, from_name, from_phone,
    body, channel, state, left_by, left_at)
VALUES (:site, :household, :from_name, :from_phone, :body, :channel, :state,
    :left_by, us_to_ts(:left_us))
RETURNING id)sql";

constexpr char kSaveMessageAck[] = R"sql(
UPDATE visitor_messages
SET state = :state, acknowledged_by = :acknowledged_by,
    acknowledged_at = us_to_ts(:acknowledged_us)
WHERE site_id = :site AND id = :id)sql";

domain::VisitorMessage MessageFromRow(const soci::row& r) {
  domain::VisitorMessage m;
  m.id = r.get<long long>("id");
  m.site_id = r.get<long long>("site_id");
  m.household_id = r.get<long long>("household_id");
  m.from_name = r.get<std::string>("from_name");
  m.from_phone = r.get<std::string>("from_phone");
  m.text = r.get<std::string>("body");
  m.channel = domain::MessageChannelFromName(r.get<std::string>("channel"))
                  .value_or(domain::MessageChannel::kPhone);
  m.state = domain::MessageStateFromName(r.get<std::string>("state"))
                .value_or(domain::MessageState::kUnread);
  m.left_by = r.get<std::string>("left_by");
  m.leave_time = FromMicros(r.get<long long>("left_us"));
  m.acknowledged_by = r.get<std::string>("acknowledged_by");
  m.acknowledge_time =
      FromMicros(r.get<std::optional<long long>>("acknowledged_us"));
  return m;
}

// --- events
// ----------------------------------------------------------------------

constexpr char kEventColumns[] = R"sql(
SELECT e.id, e.site_id, e.item_id, i.code AS item_code, e.title_zh,
       e.title_en, e.description_zh, e.description_en,
       ts_to_us(e.starts_at) AS starts_us, ts_to_us(e.ends_at) AS ends_us,
       e.place_zh, e.place_en, e.capacity::bigint AS capacity,
       ts_to_us(e.registration_deadline) AS deadline_us, e.created_by,
       ts_to_us(e.created_at) AS created_us, e.cancelled_by,
       ts_to_us(e.cancelled_at) AS cancelled_us, e.cancel_reason,
       (SELECT count(*) FROM event_registrations r WHERE r.event_id = e.id
          AND r.state IN ('REGISTERED', 'ATTENDED'))::bigint
         AS registered_households,
       (SELECT COALESCE(sum(r.party_size), 0) FROM event_registrations r
        WHERE r.event_id = e.id AND r.state IN ('REGISTERED', 'ATTENDED'))::bigint
         AS registered_people,
       (SELECT count(*) FROM event_registrations r WHERE r.event_id = e.id
          AND r.state = 'WAITLISTED')::bigint AS waitlisted_households,
       (SELECT COALESCE(sum(r.attended_people), 0) FROM event_registrations r
        WHERE r.event_id = e.id AND r.state = 'ATTENDED')::bigint
         AS attended_people
FROM community_events e
JOIN service_items i ON i.site_id = e.site_id AND i.id = e.item_id )sql";

constexpr char kSelectEvent[] = "WHERE e.site_id = :site AND e.id = :id";
constexpr char kListEvents[] = R"sql(
WHERE e.site_id = :site AND e.id > :after
  AND (:item::bigint = 0 OR e.item_id = :item)
  AND (:ends_after::bigint = 0 OR e.ends_at > us_to_ts(:ends_after))
ORDER BY e.id LIMIT :lim)sql";

constexpr char kLockEvent[] =
    "SELECT id FROM community_events WHERE site_id = :site AND id = :id "
    "FOR UPDATE";

constexpr char kSaveEventCancellation[] = R"sql(
UPDATE community_events
SET cancelled_by = :by, cancelled_at = us_to_ts(:at_us), cancel_reason = :reason
WHERE site_id = :site AND id = :id)sql";

constexpr char kInsertEvent[] = R"sql(
INSERT INTO community_events (site_id, item_id, title_zh, title_en,
    description_zh, description_en, starts_at, ends_at, place_zh, place_en,
    capacity, registration_deadline, created_by, created_at)
VALUES (:site, :item, :title_zh, :title_en, :description_zh, :description_en,
    us_to_ts(:starts_us), us_to_ts(:ends_us), :place_zh, :place_en, :capacity,
    us_to_ts(:deadline_us), :created_by, us_to_ts(:created_us))
RETURNING id)sql";

domain::CommunityEvent EventFromRow(const soci::row& r) {
  domain::CommunityEvent e;
  e.id = r.get<long long>("id");
  e.site_id = r.get<long long>("site_id");
  e.item_id = r.get<long long>("item_id");
  e.item_code = r.get<std::string>("item_code");
  e.title_zh = r.get<std::string>("title_zh");
  e.title_en = r.get<std::string>("title_en");
  e.description_zh = r.get<std::string>("description_zh");
  e.description_en = r.get<std::string>("description_en");
  e.start_time = FromMicros(r.get<long long>("starts_us"));
  e.end_time = FromMicros(r.get<long long>("ends_us"));
  e.place_zh = r.get<std::string>("place_zh");
  e.place_en = r.get<std::string>("place_en");
  e.capacity = static_cast<int32_t>(r.get<long long>("capacity"));
  e.registration_deadline = FromMicros(r.get<long long>("deadline_us"));
  e.created_by = r.get<std::string>("created_by");
  e.create_time = FromMicros(r.get<long long>("created_us"));
  e.cancelled_by = r.get<std::string>("cancelled_by");
  e.cancel_time = FromMicros(r.get<std::optional<long long>>("cancelled_us"));
  e.cancel_reason = r.get<std::string>("cancel_reason");
  e.registered_households =
      static_cast<int32_t>(r.get<long long>("registered_households"));
  e.registered_people =
      static_cast<int32_t>(r.get<long long>("registered_people"));
  e.waitlisted_households =
      static_cast<int32_t>(r.get<long long>("waitlisted_households"));
  e.attended_people = static_cast<int32_t>(r.get<long long>("attended_people"));
  return e;
}

// --- registrations
// ---------------------------------------------------------------

constexpr char kRegistrationColumns[] = R"sql(
SELECT r.id, r.site_id, r.event_id, r.household_id,
       r.party_size::bigint AS party_size, r.details, r.state,
       CASE WHEN r.state = 'WAITLISTED' THEN
         (SELECT count(*) FROM event_registrations w
          WHERE w.event_id = r.event_id AND w.state = 'WAITLISTED'
            AND w.id <= r.id)
       ELSE 0 END::bigint AS waitlist_position,
       r.registered_by, ts_to_us(r.registered_at) AS registered_us,
       ts_to_us(r.promoted_at) AS promoted_us, r.cancelled_by,
       ts_to_us(r.cancelled_at) AS cancelled_us,
       r.attended_people::bigint AS attended_people, r.attendance_recorded_by,
       ts_to_us(r.attendance_recorded_at) AS attendance_us
FROM event_registrations r )sql";

constexpr char kSelectRegistration[] =
    "WHERE r.site_id = :site AND r.event_id = :event AND r.id = :id";
constexpr char kLockRegistration[] = " FOR UPDATE OF r";
constexpr char kSelectLiveRegistration[] =
    "WHERE r.event_id = :event AND r.household_id = :household "
    "AND r.state <> 'CANCELLED'";
constexpr char kSelectLiveRegistrations[] =
    "WHERE r.household_id = :household AND r.state <> 'CANCELLED' "
    "AND r.event_id = ANY(CAST(:ids AS bigint[]))";
constexpr char kListRegistrations[] = R"sql(
WHERE r.site_id = :site AND r.event_id = :event AND r.id > :after
  AND (:household::bigint = 0 OR r.household_id = :household)
ORDER BY r.id LIMIT :lim)sql";

constexpr char kInsertRegistration[] = R"sql(
INSERT INTO event_registrations (site_id, event_id, household_id, party_size,
    details, state, registered_by, registered_at)
VALUES (:site, :event, :household, :party, :details, :state, :registered_by,
    us_to_ts(:registered_us))
RETURNING id)sql";

constexpr char kPeopleHoldingPlaces[] = R"sql(
SELECT COALESCE(sum(party_size), 0)::bigint FROM event_registrations
WHERE event_id = :event AND state IN ('REGISTERED', 'ATTENDED'))sql";

constexpr char kSelectOpenRegistrations[] =
    "WHERE r.site_id = :site AND r.event_id = :event "
    "AND r.state IN ('REGISTERED', 'WAITLISTED') ORDER BY r.id";

constexpr char kWaitlist[] = R"sql(
SELECT id, party_size::bigint AS party_size FROM event_registrations
WHERE event_id = :event AND state = 'WAITLISTED' ORDER BY id)sql";

constexpr char kSaveRegistration[] = R"sql(
UPDATE event_registrations
SET state = :state, promoted_at = us_to_ts(:promoted_us),
    cancelled_by = :cancelled_by, cancelled_at = us_to_ts(:cancelled_us),
    attended_people = :attended_people,
    attendance_recorded_by = :attendance_by,
    attendance_recorded_at = us_to_ts(:attendance_us)
WHERE site_id = :site AND id = :id)sql";

domain::EventRegistration RegistrationFromRow(const soci::row& r) {
  domain::EventRegistration g;
  g.id = r.get<long long>("id");
  g.site_id = r.get<long long>("site_id");
  g.event_id = r.get<long long>("event_id");
  g.household_id = r.get<long long>("household_id");
  g.party_size = static_cast<int32_t>(r.get<long long>("party_size"));
  g.details = r.get<std::string>("details");
  g.state = domain::RegistrationStateFromName(r.get<std::string>("state"))
                .value_or(domain::RegistrationState::kRegistered);
  g.waitlist_position =
      static_cast<int32_t>(r.get<long long>("waitlist_position"));
  g.registered_by = r.get<std::string>("registered_by");
  g.register_time = FromMicros(r.get<long long>("registered_us"));
  g.promote_time = FromMicros(r.get<std::optional<long long>>("promoted_us"));
  g.cancelled_by = r.get<std::string>("cancelled_by");
  g.cancel_time = FromMicros(r.get<std::optional<long long>>("cancelled_us"));
  g.attended_people = static_cast<int32_t>(r.get<long long>("attended_people"));
  g.attendance_recorded_by = r.get<std::string>("attendance_recorded_by");
  g.attendance_time =
      FromMicros(r.get<std::optional<long long>>("attendance_us"));
  return g;
}

// --- history
// ---------------------------------------------------------------------

constexpr char kAppendHistory[] = R"sql(
INSERT INTO front_desk_history (site_id, household_id, action, subject,
    summary_zh, summary_en, actor, recorded_at, correlation_id)
VALUES (:site, :household, :action, :subject, :summary_zh, :summary_en,
    :actor, us_to_ts(:at_us), :correlation))sql";

constexpr char kListHistory[] = R"sql(
SELECT id, site_id, household_id, action, subject, summary_zh, summary_en,
       actor, ts_to_us(recorded_at) AS recorded_us
FROM front_desk_history
WHERE site_id = :site AND household_id = :household
  AND (:after::bigint = 0 OR id < :after)
ORDER BY id DESC LIMIT :lim)sql";

domain::HistoryEntry HistoryFromRow(const soci::row& r) {
  domain::HistoryEntry h;
  h.id = r.get<long long>("id");
  h.site_id = r.get<long long>("site_id");
  h.household_id = r.get<long long>("household_id");
  h.action = domain::FrontDeskActionFromName(r.get<std::string>("action"))
                 .value_or(domain::FrontDeskAction::kParcelLogged);
  h.subject = r.get<std::string>("subject");
  h.summary.zh = r.get<std::string>("summary_zh");
  h.summary.en = r.get<std::string>("summary_en");
  h.actor = r.get<std::string>("actor");
  h.time = FromMicros(r.get<long long>("recorded_us"));
  return h;
}

}  // namespace

// --- parcels
// -----------------------------------------------------------------------

domain::Parcel InsertParcel(soci::session& sql, const domain::Parcel& p) {
  domain::Parcel stored = p;
  const std::string kind(domain::Name(p.kind));
  const std::string state(domain::Name(p.state));
  const long long logged_us = ToMicros(p.log_time);
  sql << kInsertParcel, soci::use(p.site_id, "site"),
      soci::use(p.household_id, "household"), soci::use(kind, "kind"),
      soci::use(p.carrier, "carrier"), soci::use(p.tracking_number, "tracking"),
      soci::use(p.shelf, "shelf"), soci::use(p.photo_ref, "photo"),
      soci::use(p.note, "note"), soci::use(state, "state"),
      soci::use(p.logged_by, "logged_by"), soci::use(logged_us, "logged_us"),
      soci::into(stored.id);
  return stored;
}

std::optional<domain::Parcel> FindParcel(soci::session& sql, int64_t site_id,
                                         int64_t id, bool for_update) {
  soci::row r;
  const std::string query =
      absl::StrCat(kParcelColumns, kSelectParcel, for_update ? kForUpdate : "");
  sql << query, soci::use(site_id, "site"), soci::use(id, "id"), soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  return ParcelFromRow(r);
}

std::optional<int64_t> FindParcelByTracking(
    soci::session& sql, int64_t site_id, const std::string& carrier,
    const std::string& tracking_number) {
  long long id = 0;
  sql << kFindParcelByTracking, soci::use(site_id, "site"),
      soci::use(carrier, "carrier"), soci::use(tracking_number, "tracking"),
      soci::into(id);
  if (!sql.got_data()) return std::nullopt;
  return id;
}

Page<domain::Parcel> ListParcels(soci::session& sql, int64_t site_id,
                                 const ParcelFilter& filter, PageRequest page) {
  const std::string state = NameOrEmpty(filter.state);
  const long long before = MicrosOrZero(filter.logged_before);
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kParcelColumns) + kListParcels,
       soci::use(site_id, "site"), soci::use(page.after_id, "after"),
       soci::use(filter.household_id, "household"), soci::use(state, "state"),
       soci::use(before, "before"), soci::use(fetch, "lim"));
  return MakePage(Collect<domain::Parcel>(rows, ParcelFromRow), page.limit);
}

void SaveParcelPickup(soci::session& sql, const domain::Parcel& p) {
  const std::string state(domain::Name(p.state));
  const std::optional<long long> collected_us = ToMicros(p.collect_time);
  sql << kSaveParcelPickup, soci::use(state, "state"),
      soci::use(p.collected_by, "collected_by"),
      soci::use(p.signature_name, "signature"),
      soci::use(p.handed_over_by, "handed_over_by"),
      soci::use(collected_us, "collected_us"), soci::use(p.site_id, "site"),
      soci::use(p.id, "id");
}

// --- custody
// -----------------------------------------------------------------------

domain::CustodyRecord InsertCustody(soci::session& sql,
                                    const domain::CustodyRecord& c) {
  domain::CustodyRecord stored = c;
  const std::string state(domain::Name(c.state));
  const long long deposited_us = ToMicros(c.deposit_time);
  sql << kInsertCustody, soci::use(c.site_id, "site"),
      soci::use(c.household_id, "household"),
      soci::use(c.description, "description"),
      soci::use(c.receipt_number, "receipt"),
      soci::use(c.deposited_by, "deposited_by"),
      soci::use(c.received_by, "received_by"),
      soci::use(deposited_us, "deposited_us"), soci::use(state, "state"),
      soci::use(c.note, "note"), soci::into(stored.id);
  return stored;
}

std::optional<domain::CustodyRecord> FindCustody(soci::session& sql,
                                                 int64_t site_id, int64_t id,
                                                 bool for_update) {
  soci::row r;
  const std::string query = absl::StrCat(kCustodyColumns, kSelectCustody,
                                         for_update ? kForUpdate : "");
  sql << query, soci::use(site_id, "site"), soci::use(id, "id"), soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  return CustodyFromRow(r);
}

std::optional<int64_t> FindCustodyByReceipt(soci::session& sql, int64_t site_id,
                                            const std::string& receipt_number) {
  long long id = 0;
  sql << kFindCustodyByReceipt, soci::use(site_id, "site"),
      soci::use(receipt_number, "receipt"), soci::into(id);
  if (!sql.got_data()) return std::nullopt;
  return id;
}

Page<domain::CustodyRecord> ListCustody(soci::session& sql, int64_t site_id,
                                        const CustodyFilter& filter,
                                        PageRequest page) {
  const std::string state = NameOrEmpty(filter.state);
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kCustodyColumns) + kListCustody,
       soci::use(site_id, "site"), soci::use(page.after_id, "after"),
       soci::use(filter.household_id, "household"), soci::use(state, "state"),
       soci::use(fetch, "lim"));
  return MakePage(Collect<domain::CustodyRecord>(rows, CustodyFromRow),
                  page.limit);
}

void SaveCustodyReturn(soci::session& sql, const domain::CustodyRecord& c) {
  const std::string state(domain::Name(c.state));
  const std::optional<long long> returned_us = ToMicros(c.return_time);
  sql << kSaveCustodyReturn, soci::use(state, "state"),
      soci::use(c.collected_by, "collected_by"),
      soci::use(c.handed_over_by, "handed_over_by"),
      soci::use(returned_us, "returned_us"), soci::use(c.note, "note"),
      soci::use(c.site_id, "site"), soci::use(c.id, "id");
}

// --- lending
// ------------------------------------------------------------------------

domain::LendableItem InsertLendable(soci::session& sql,
                                    const domain::LendableItem& l) {
  domain::LendableItem stored = l;
  const std::optional<long long> item = NullIfZero(l.item_id);
  const long long created_us = ToMicros(l.create_time);
  sql << kInsertLendable, soci::use(l.site_id, "site"),
      soci::use(l.name_zh, "name_zh"), soci::use(l.name_en, "name_en"),
      soci::use(item, "item"), soci::use(l.total_count, "total"),
      soci::use(l.created_by, "created_by"),
      soci::use(created_us, "created_us"), soci::into(stored.id);
  stored.available_count = l.total_count;
  stored.next_due_time.reset();
  return stored;
}

std::optional<domain::LendableItem> FindLendable(soci::session& sql,
                                                 int64_t site_id, int64_t id) {
  soci::row r;
  sql << std::string(kLendableColumns) + kSelectLendable,
      soci::use(site_id, "site"), soci::use(id, "id"), soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  return LendableFromRow(r);
}

Page<domain::LendableItem> ListLendables(soci::session& sql, int64_t site_id,
                                         PageRequest page) {
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kLendableColumns) + kListLendables,
       soci::use(site_id, "site"), soci::use(page.after_id, "after"),
       soci::use(fetch, "lim"));
  return MakePage(Collect<domain::LendableItem>(rows, LendableFromRow),
                  page.limit);
}

bool TakeOne(soci::session& sql, int64_t site_id, int64_t lendable_id) {
  long long left = 0;
  sql << kTakeOne, soci::use(site_id, "site"), soci::use(lendable_id, "id"),
      soci::into(left);
  return sql.got_data();
}

bool SetStock(soci::session& sql, const domain::LendableItem& item) {
  const long long at_us = ToMicros(*item.stock_change_time);
  long long id = 0;
  sql << kSetStock, soci::use(item.total_count, "total"),
      soci::use(item.stock_changed_by, "by"), soci::use(at_us, "at_us"),
      soci::use(item.stock_change_reason, "reason"),
      soci::use(item.site_id, "site"), soci::use(item.id, "id"), soci::into(id);
  return sql.got_data();
}

void PutBack(soci::session& sql, int64_t site_id, int64_t lendable_id) {
  sql << kPutBack, soci::use(site_id, "site"), soci::use(lendable_id, "id");
}

domain::Loan InsertLoan(soci::session& sql, const domain::Loan& o) {
  domain::Loan stored = o;
  const std::string state(domain::Name(o.state));
  const long long due_us = ToMicros(o.due_time);
  const long long lent_us = ToMicros(o.lend_time);
  sql << kInsertLoan, soci::use(o.site_id, "site"),
      soci::use(o.lendable_id, "lendable"),
      soci::use(o.household_id, "household"), soci::use(o.borrower, "borrower"),
      soci::use(due_us, "due_us"), soci::use(state, "state"),
      soci::use(o.lent_by, "lent_by"), soci::use(lent_us, "lent_us"),
      soci::into(stored.id);
  return stored;
}

std::optional<domain::Loan> FindLoan(soci::session& sql, int64_t site_id,
                                     int64_t id, bool for_update) {
  soci::row r;
  const std::string query =
      absl::StrCat(kLoanColumns, kSelectLoan, for_update ? kLockLoan : "");
  sql << query, soci::use(site_id, "site"), soci::use(id, "id"), soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  return LoanFromRow(r);
}

Page<domain::Loan> ListLoans(soci::session& sql, int64_t site_id,
                             const LoanFilter& filter, PageRequest page) {
  const std::string state = NameOrEmpty(filter.state);
  const long long overdue_at = MicrosOrZero(filter.overdue_at);
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kLoanColumns) + kListLoans,
       soci::use(site_id, "site"), soci::use(page.after_id, "after"),
       soci::use(filter.household_id, "household"),
       soci::use(filter.lendable_id, "lendable"), soci::use(state, "state"),
       soci::use(overdue_at, "overdue_at"), soci::use(fetch, "lim"));
  return MakePage(Collect<domain::Loan>(rows, LoanFromRow), page.limit);
}

void SaveLoanReturn(soci::session& sql, const domain::Loan& o) {
  const std::string state(domain::Name(o.state));
  const std::optional<long long> returned_us = ToMicros(o.return_time);
  sql << kSaveLoanReturn, soci::use(state, "state"),
      soci::use(o.received_by, "received_by"),
      soci::use(returned_us, "returned_us"), soci::use(o.site_id, "site"),
      soci::use(o.id, "id");
}

// --- messages
// ------------------------------------------------------------------------

domain::VisitorMessage InsertMessage(soci::session& sql,
                                     const domain::VisitorMessage& m) {
  domain::VisitorMessage stored = m;
  const std::string channel(domain::Name(m.channel));
  const std::string state(domain::Name(m.state));
  const long long left_us = ToMicros(m.leave_time);
  sql << kInsertMessage, soci::use(m.site_id, "site"),
      soci::use(m.household_id, "household"),
      soci::use(m.from_name, "from_name"),
      soci::use(m.from_phone, "from_phone"), soci::use(m.text, "body"),
      soci::use(channel, "channel"), soci::use(state, "state"),
      soci::use(m.left_by, "left_by"), soci::use(left_us, "left_us"),
      soci::into(stored.id);
  return stored;
}

std::optional<domain::VisitorMessage> FindMessage(soci::session& sql,
                                                  int64_t site_id, int64_t id,
                                                  bool for_update) {
  soci::row r;
  const std::string query = absl::StrCat(kMessageColumns, kSelectMessage,
                                         for_update ? kForUpdate : "");
  sql << query, soci::use(site_id, "site"), soci::use(id, "id"), soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  return MessageFromRow(r);
}

Page<domain::VisitorMessage> ListMessages(soci::session& sql, int64_t site_id,
                                          int64_t household_id,
                                          bool unread_only, PageRequest page) {
  const int unread = unread_only ? 1 : 0;
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kMessageColumns) + kListMessages,
       soci::use(site_id, "site"), soci::use(household_id, "household"),
       soci::use(page.after_id, "after"), soci::use(unread, "unread"),
       soci::use(fetch, "lim"));
  return MakePage(Collect<domain::VisitorMessage>(rows, MessageFromRow),
                  page.limit);
}

void SaveMessageAck(soci::session& sql, const domain::VisitorMessage& m) {
  const std::string state(domain::Name(m.state));
  const std::optional<long long> acknowledged_us = ToMicros(m.acknowledge_time);
  sql << kSaveMessageAck, soci::use(state, "state"),
      soci::use(m.acknowledged_by, "acknowledged_by"),
      soci::use(acknowledged_us, "acknowledged_us"),
      soci::use(m.site_id, "site"), soci::use(m.id, "id");
}

// --- events and registrations
// ---------------------------------------------------------

domain::CommunityEvent InsertEvent(soci::session& sql,
                                   const domain::CommunityEvent& e) {
  domain::CommunityEvent stored = e;
  const long long starts_us = ToMicros(e.start_time);
  const long long ends_us = ToMicros(e.end_time);
  const long long deadline_us = ToMicros(e.registration_deadline);
  const long long created_us = ToMicros(e.create_time);
  sql << kInsertEvent, soci::use(e.site_id, "site"),
      soci::use(e.item_id, "item"), soci::use(e.title_zh, "title_zh"),
      soci::use(e.title_en, "title_en"),
      soci::use(e.description_zh, "description_zh"),
      soci::use(e.description_en, "description_en"),
      soci::use(starts_us, "starts_us"), soci::use(ends_us, "ends_us"),
      soci::use(e.place_zh, "place_zh"), soci::use(e.place_en, "place_en"),
      soci::use(e.capacity, "capacity"), soci::use(deadline_us, "deadline_us"),
      soci::use(e.created_by, "created_by"),
      soci::use(created_us, "created_us"), soci::into(stored.id);
  return stored;
}

std::optional<domain::CommunityEvent> FindEvent(soci::session& sql,
                                                int64_t site_id, int64_t id) {
  soci::row r;
  sql << std::string(kEventColumns) + kSelectEvent, soci::use(site_id, "site"),
      soci::use(id, "id"), soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  return EventFromRow(r);
}

bool LockEvent(soci::session& sql, int64_t site_id, int64_t id) {
  long long found = 0;
  sql << kLockEvent, soci::use(site_id, "site"), soci::use(id, "id"),
      soci::into(found);
  return sql.got_data();
}

void SaveEventCancellation(soci::session& sql,
                           const domain::CommunityEvent& e) {
  const long long at_us = ToMicros(*e.cancel_time);
  sql << kSaveEventCancellation, soci::use(e.cancelled_by, "by"),
      soci::use(at_us, "at_us"), soci::use(e.cancel_reason, "reason"),
      soci::use(e.site_id, "site"), soci::use(e.id, "id");
}

Page<domain::CommunityEvent> ListEvents(soci::session& sql, int64_t site_id,
                                        const EventFilter& filter,
                                        PageRequest page) {
  const long long ends_after = MicrosOrZero(filter.ends_after);
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kEventColumns) + kListEvents,
       soci::use(site_id, "site"), soci::use(page.after_id, "after"),
       soci::use(filter.item_id, "item"), soci::use(ends_after, "ends_after"),
       soci::use(fetch, "lim"));
  return MakePage(Collect<domain::CommunityEvent>(rows, EventFromRow),
                  page.limit);
}

domain::EventRegistration InsertRegistration(
    soci::session& sql, const domain::EventRegistration& g) {
  domain::EventRegistration stored = g;
  const std::string state(domain::Name(g.state));
  const long long registered_us = ToMicros(g.register_time);
  sql << kInsertRegistration, soci::use(g.site_id, "site"),
      soci::use(g.event_id, "event"), soci::use(g.household_id, "household"),
      soci::use(g.party_size, "party"), soci::use(g.details, "details"),
      soci::use(state, "state"), soci::use(g.registered_by, "registered_by"),
      soci::use(registered_us, "registered_us"), soci::into(stored.id);
  return stored;
}

std::optional<domain::EventRegistration> FindRegistration(soci::session& sql,
                                                          int64_t site_id,
                                                          int64_t event_id,
                                                          int64_t id,
                                                          bool for_update) {
  soci::row r;
  const std::string query =
      absl::StrCat(kRegistrationColumns, kSelectRegistration,
                   for_update ? kLockRegistration : "");
  sql << query, soci::use(site_id, "site"), soci::use(event_id, "event"),
      soci::use(id, "id"), soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  return RegistrationFromRow(r);
}

std::optional<domain::EventRegistration> FindLiveRegistration(
    soci::session& sql, int64_t event_id, int64_t household_id) {
  soci::row r;
  sql << std::string(kRegistrationColumns) + kSelectLiveRegistration,
      soci::use(event_id, "event"), soci::use(household_id, "household"),
      soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  return RegistrationFromRow(r);
}

std::map<int64_t, domain::EventRegistration> LiveRegistrationsOf(
    soci::session& sql, int64_t household_id,
    const std::vector<int64_t>& event_ids) {
  std::map<int64_t, domain::EventRegistration> out;
  if (event_ids.empty()) return out;
  const std::string ids = IdArray(event_ids);
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kRegistrationColumns) +
                          kSelectLiveRegistrations,
       soci::use(household_id, "household"), soci::use(ids, "ids"));
  for (const soci::row& row : rows) {
    domain::EventRegistration g = RegistrationFromRow(row);
    out[g.event_id] = g;
  }
  return out;
}

Page<domain::EventRegistration> ListRegistrations(soci::session& sql,
                                                  int64_t site_id,
                                                  int64_t event_id,
                                                  int64_t household_id,
                                                  PageRequest page) {
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kRegistrationColumns) + kListRegistrations,
       soci::use(site_id, "site"), soci::use(event_id, "event"),
       soci::use(page.after_id, "after"), soci::use(household_id, "household"),
       soci::use(fetch, "lim"));
  return MakePage(Collect<domain::EventRegistration>(rows, RegistrationFromRow),
                  page.limit);
}

int32_t PeopleHoldingPlaces(soci::session& sql, int64_t event_id) {
  long long people = 0;
  sql << kPeopleHoldingPlaces, soci::use(event_id, "event"), soci::into(people);
  return static_cast<int32_t>(people);
}

std::vector<domain::EventRegistration> OpenRegistrations(soci::session& sql,
                                                         int64_t site_id,
                                                         int64_t event_id) {
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kRegistrationColumns) +
                          kSelectOpenRegistrations,
       soci::use(site_id, "site"), soci::use(event_id, "event"));
  return Collect<domain::EventRegistration>(rows, RegistrationFromRow);
}

std::vector<domain::WaitingParty> Waitlist(soci::session& sql,
                                           int64_t event_id) {
  std::vector<domain::WaitingParty> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << kWaitlist, soci::use(event_id, "event"));
  for (const soci::row& row : rows) {
    out.push_back({row.get<long long>("id"),
                   static_cast<int32_t>(row.get<long long>("party_size"))});
  }
  return out;
}

void SaveRegistration(soci::session& sql, const domain::EventRegistration& g) {
  const std::string state(domain::Name(g.state));
  const std::optional<long long> promoted_us = ToMicros(g.promote_time);
  const std::optional<long long> cancelled_us = ToMicros(g.cancel_time);
  const std::optional<long long> attendance_us = ToMicros(g.attendance_time);
  sql << kSaveRegistration, soci::use(state, "state"),
      soci::use(promoted_us, "promoted_us"),
      soci::use(g.cancelled_by, "cancelled_by"),
      soci::use(cancelled_us, "cancelled_us"),
      soci::use(g.attended_people, "attended_people"),
      soci::use(g.attendance_recorded_by, "attendance_by"),
      soci::use(attendance_us, "attendance_us"), soci::use(g.site_id, "site"),
      soci::use(g.id, "id");
}

// --- history
// ---------------------------------------------------------------------------

void AppendHistory(soci::session& sql, const domain::HistoryEntry& h) {
  const std::string action(domain::Name(h.action));
  const long long at_us = ToMicros(h.time);
  const std::optional<std::string> correlation = CorrelationId();
  sql << kAppendHistory, soci::use(h.site_id, "site"),
      soci::use(h.household_id, "household"), soci::use(action, "action"),
      soci::use(h.subject, "subject"), soci::use(h.summary.zh, "summary_zh"),
      soci::use(h.summary.en, "summary_en"), soci::use(h.actor, "actor"),
      soci::use(at_us, "at_us"), soci::use(correlation, "correlation");
}

Page<domain::HistoryEntry> ListHistory(soci::session& sql, int64_t site_id,
                                       int64_t household_id, PageRequest page) {
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << kListHistory, soci::use(site_id, "site"),
       soci::use(household_id, "household"), soci::use(page.after_id, "after"),
       soci::use(fetch, "lim"));
  return MakePage(Collect<domain::HistoryEntry>(rows, HistoryFromRow),
                  page.limit);
}

}  // namespace concierge::store
