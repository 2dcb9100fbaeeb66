#include "server/store/reservation_repository.h"

#include <utility>

#include "absl/time/civil_time.h"

namespace concierge::store {
namespace {

// --- SQL ---------------------------------------------------------------------
// Parameters: :site and :id the reservation's site and id; dates travel as
// "YYYY-MM-DD" text (CAST(:x AS date), to_char on the way back); times as
// Unix microseconds (us_to_ts / ts_to_us); :version the version the caller
// read; :after and :lim keyset pagination.

constexpr char kInsert[] = R"sql(
INSERT INTO reservations (site_id, guest_id, arrival_date, departure_date,
                          room_type, room_number, adults, children, infants,
                          notes, state, created_by, created_at, updated_at)
VALUES (:site, :guest, CAST(:arrival AS date), CAST(:departure AS date),
        :room_type, :room, :adults, :children, :infants, :notes, 'BOOKED',
        :created_by, us_to_ts(:now_us), us_to_ts(:now_us))
RETURNING id)sql";

constexpr char kColumns[] = R"sql(
SELECT id, site_id, guest_id, to_char(arrival_date, 'YYYY-MM-DD') AS arrival,
       to_char(departure_date, 'YYYY-MM-DD') AS departure, room_type,
       room_number, adults::bigint AS adults, children::bigint AS children,
       infants::bigint AS infants, notes, state, COALESCE(stay_id, 0) AS stay_id,
       created_by, ts_to_us(created_at) AS created_us,
       ts_to_us(updated_at) AS updated_us,
       ts_to_us(checked_in_at) AS checked_in_us,
       ts_to_us(cancelled_at) AS cancelled_us, cancel_reason, version
FROM reservations )sql";

constexpr char kWhereOne[] = "WHERE site_id = :site AND id = :id";
constexpr char kWhereOneLocked[] =
    "WHERE site_id = :site AND id = :id FOR UPDATE";

constexpr char kSave[] = R"sql(
UPDATE reservations
SET arrival_date = CAST(:arrival AS date),
    departure_date = CAST(:departure AS date), room_type = :room_type,
    room_number = :room, adults = :adults, children = :children,
    infants = :infants, notes = :notes, state = :state,
    stay_id = NULLIF(:stay, 0), updated_at = us_to_ts(:now_us),
    checked_in_at = us_to_ts(:checked_in_us),
    cancelled_at = us_to_ts(:cancelled_us), cancel_reason = :reason,
    version = version + 1
WHERE site_id = :site AND id = :id AND version = :version
RETURNING id)sql";

// :date "" and :guest 0 and :state "" stand for "any".
constexpr char kList[] = R"sql(
WHERE site_id = :site AND id > :after
  AND (:date = '' OR arrival_date = CAST(NULLIF(:date, '') AS date))
  AND (:guest::bigint = 0 OR guest_id = :guest)
  AND (:state = '' OR state = :state)
ORDER BY id LIMIT :lim)sql";

constexpr char kArriving[] = R"sql(
WHERE site_id = :site AND arrival_date = CAST(:date AS date)
  AND (:cancelled::int = 1 OR state <> 'CANCELLED')
ORDER BY id)sql";

constexpr char kInsertMark[] = R"sql(
INSERT INTO arrival_preparations (site_id, reservation_id, action_code,
                                  room_number, done_by, done_at,
                                  done_before_arrival)
VALUES (:site, :reservation, :code, :room, :by, us_to_ts(:done_us),
        :before::int = 1)
ON CONFLICT (reservation_id, action_code) DO NOTHING
RETURNING 1)sql";

constexpr char kMarkColumns[] = R"sql(
SELECT p.site_id, p.reservation_id, p.action_code, p.room_number, p.done_by,
       ts_to_us(p.done_at) AS done_us, p.done_before_arrival::int AS before_arrival
FROM arrival_preparations p )sql";

constexpr char kWhereMark[] = R"sql(
WHERE p.site_id = :site AND p.reservation_id = :reservation
  AND p.action_code = :code)sql";

constexpr char kMarksOfDate[] = R"sql(
JOIN reservations r ON r.site_id = p.site_id AND r.id = p.reservation_id
WHERE r.site_id = :site AND r.arrival_date = CAST(:date AS date)
ORDER BY p.reservation_id, p.action_code)sql";

// --- rows --------------------------------------------------------------------

absl::CivilDay DayOf(const std::string& text) {
  absl::CivilDay day;
  (void)absl::ParseCivilTime(text, &day);  // the database's own to_char
  return day;
}

std::string DateText(absl::CivilDay day) { return absl::FormatCivilTime(day); }

domain::Reservation FromRow(const soci::row& r) {
  domain::Reservation out;
  out.id = r.get<long long>("id");
  out.site_id = r.get<long long>("site_id");
  out.guest_id = r.get<long long>("guest_id");
  out.arrival_date = DayOf(r.get<std::string>("arrival"));
  out.departure_date = DayOf(r.get<std::string>("departure"));
  out.room_type = r.get<std::string>("room_type");
  out.room_number = r.get<std::string>("room_number");
  out.party.adults = static_cast<int>(r.get<long long>("adults"));
  out.party.children = static_cast<int>(r.get<long long>("children"));
  out.party.infants = static_cast<int>(r.get<long long>("infants"));
  out.notes = r.get<std::string>("notes");
  out.state = domain::ReservationStateFromName(r.get<std::string>("state"))
                  .value_or(domain::ReservationState::kBooked);
  out.stay_id = r.get<long long>("stay_id");
  out.created_by = r.get<std::string>("created_by");
  out.create_time = FromMicros(r.get<long long>("created_us"));
  out.update_time = FromMicros(r.get<long long>("updated_us"));
  out.check_in_time =
      FromMicros(r.get<std::optional<long long>>("checked_in_us"));
  out.cancel_time = FromMicros(r.get<std::optional<long long>>("cancelled_us"));
  out.cancel_reason = r.get<std::string>("cancel_reason");
  out.version = r.get<long long>("version");
  return out;
}

domain::PreparationMark MarkFromRow(const soci::row& r) {
  domain::PreparationMark m;
  m.site_id = r.get<long long>("site_id");
  m.reservation_id = r.get<long long>("reservation_id");
  m.action_code = r.get<std::string>("action_code");
  m.room_number = r.get<std::string>("room_number");
  m.done_by = r.get<std::string>("done_by");
  m.done_time = FromMicros(r.get<long long>("done_us"));
  m.before_arrival = r.get<int>("before_arrival") != 0;
  return m;
}

std::optional<domain::Reservation> SelectOne(soci::session& sql,
                                             const char* where, int64_t site_id,
                                             int64_t id) {
  soci::row row;
  sql << std::string(kColumns) + where, soci::use(site_id, "site"),
      soci::use(id, "id"), soci::into(row);
  if (!sql.got_data()) return std::nullopt;
  return FromRow(row);
}

}  // namespace

domain::Reservation InsertReservation(soci::session& sql,
                                      const domain::Reservation& r) {
  domain::Reservation stored = r;
  const std::string arrival = DateText(r.arrival_date);
  const std::string departure = DateText(r.departure_date);
  const long long now_us = ToMicros(r.create_time);
  long long id = 0;
  sql << kInsert, soci::use(r.site_id, "site"), soci::use(r.guest_id, "guest"),
      soci::use(arrival, "arrival"), soci::use(departure, "departure"),
      soci::use(r.room_type, "room_type"), soci::use(r.room_number, "room"),
      soci::use(r.party.adults, "adults"),
      soci::use(r.party.children, "children"),
      soci::use(r.party.infants, "infants"), soci::use(r.notes, "notes"),
      soci::use(r.created_by, "created_by"), soci::use(now_us, "now_us"),
      soci::into(id);
  stored.id = id;
  stored.state = domain::ReservationState::kBooked;
  stored.update_time = r.create_time;
  stored.version = 1;
  return stored;
}

std::optional<domain::Reservation> FindReservation(soci::session& sql,
                                                   int64_t site_id,
                                                   int64_t reservation_id) {
  return SelectOne(sql, kWhereOne, site_id, reservation_id);
}

std::optional<domain::Reservation> LockReservation(soci::session& sql,
                                                   int64_t site_id,
                                                   int64_t reservation_id) {
  return SelectOne(sql, kWhereOneLocked, site_id, reservation_id);
}

std::optional<domain::Reservation> SaveReservation(soci::session& sql,
                                                   const domain::Reservation& r,
                                                   int64_t expected_version) {
  const std::string arrival = DateText(r.arrival_date);
  const std::string departure = DateText(r.departure_date);
  const std::string state(domain::ReservationStateName(r.state));
  const long long now_us = ToMicros(r.update_time);
  const std::optional<long long> checked_in_us = ToMicros(r.check_in_time);
  const std::optional<long long> cancelled_us = ToMicros(r.cancel_time);
  long long id = 0;
  sql << kSave, soci::use(arrival, "arrival"),
      soci::use(departure, "departure"), soci::use(r.room_type, "room_type"),
      soci::use(r.room_number, "room"), soci::use(r.party.adults, "adults"),
      soci::use(r.party.children, "children"),
      soci::use(r.party.infants, "infants"), soci::use(r.notes, "notes"),
      soci::use(state, "state"), soci::use(r.stay_id, "stay"),
      soci::use(now_us, "now_us"), soci::use(checked_in_us, "checked_in_us"),
      soci::use(cancelled_us, "cancelled_us"),
      soci::use(r.cancel_reason, "reason"), soci::use(r.site_id, "site"),
      soci::use(r.id, "id"), soci::use(expected_version, "version"),
      soci::into(id);
  if (!sql.got_data()) return std::nullopt;
  return FindReservation(sql, r.site_id, r.id);
}

Page<domain::Reservation> ListReservations(soci::session& sql, int64_t site_id,
                                           const ReservationFilter& filter,
                                           PageRequest page) {
  const int fetch = page.limit + 1;
  const std::string date =
      filter.arrival_date ? DateText(*filter.arrival_date) : "";
  const std::string state =
      filter.state ? std::string(domain::ReservationStateName(*filter.state))
                   : "";
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kColumns) + kList, soci::use(site_id, "site"),
       soci::use(page.after_id, "after"), soci::use(date, "date"),
       soci::use(filter.guest_id, "guest"), soci::use(state, "state"),
       soci::use(fetch, "lim"));
  std::vector<domain::Reservation> out;
  for (const soci::row& r : rows) out.push_back(FromRow(r));
  return MakePage(std::move(out), page.limit);
}

std::vector<domain::Reservation> ListArriving(soci::session& sql,
                                              int64_t site_id,
                                              absl::CivilDay date,
                                              bool include_cancelled) {
  const std::string day = DateText(date);
  const int cancelled = include_cancelled ? 1 : 0;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kColumns) + kArriving,
       soci::use(site_id, "site"), soci::use(day, "date"),
       soci::use(cancelled, "cancelled"));
  std::vector<domain::Reservation> out;
  for (const soci::row& r : rows) out.push_back(FromRow(r));
  return out;
}

bool InsertPreparationMark(soci::session& sql,
                           const domain::PreparationMark& mark) {
  const long long done_us = ToMicros(mark.done_time);
  const int before = mark.before_arrival ? 1 : 0;
  int inserted = 0;
  sql << kInsertMark, soci::use(mark.site_id, "site"),
      soci::use(mark.reservation_id, "reservation"),
      soci::use(mark.action_code, "code"), soci::use(mark.room_number, "room"),
      soci::use(mark.done_by, "by"), soci::use(done_us, "done_us"),
      soci::use(before, "before"), soci::into(inserted);
  return sql.got_data();
}

std::optional<domain::PreparationMark> FindPreparationMark(
    soci::session& sql, int64_t site_id, int64_t reservation_id,
    const std::string& action_code) {
  soci::row row;
  sql << std::string(kMarkColumns) + kWhereMark, soci::use(site_id, "site"),
      soci::use(reservation_id, "reservation"), soci::use(action_code, "code"),
      soci::into(row);
  if (!sql.got_data()) return std::nullopt;
  return MarkFromRow(row);
}

std::vector<domain::PreparationMark> ListPreparationMarks(soci::session& sql,
                                                          int64_t site_id,
                                                          absl::CivilDay date) {
  const std::string day = DateText(date);
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kMarkColumns) + kMarksOfDate,
       soci::use(site_id, "site"), soci::use(day, "date"));
  std::vector<domain::PreparationMark> out;
  for (const soci::row& r : rows) out.push_back(MarkFromRow(r));
  return out;
}

}  // namespace concierge::store
