#include "server/store/guest_repository.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/common/status_macros.h"
#include "server/store/access_log.h"
#include "server/store/idempotency.h"
#include "server/store/json_rows.h"

namespace concierge::store {
namespace {

// --- guests
// --------------------------------------------------------------------

constexpr char kInsertGuest[] = R"sql(
INSERT INTO guests (chinese_name, latin_name, address_zh, address_en, phone,
                    email, language, vip_level, loyalty_number, birth_year,
                    birth_month, birth_day, accessibility, accessibility_note,
                    created_at, created_by, updated_at)
VALUES (:chinese_name, :latin_name, :address_zh, :address_en, :phone, :email,
        :language, :vip_level, :loyalty_number, :birth_year, :birth_month,
        :birth_day, :accessibility, :accessibility_note, us_to_ts(:now_us),
        :created_by, us_to_ts(:now_us))
RETURNING id)sql";

constexpr char kGuestColumns[] = R"sql(
SELECT id, chinese_name, latin_name, address_zh, address_en, phone, email,
       language, vip_level::bigint AS vip_level, loyalty_number,
       COALESCE(birth_year, 0)::bigint AS birth_year,
       COALESCE(birth_month, 0)::bigint AS birth_month,
       COALESCE(birth_day, 0)::bigint AS birth_day,
       accessibility, accessibility_note,
       ts_to_us(created_at) AS created_us, created_by,
       ts_to_us(updated_at) AS updated_us, version,
       COALESCE(merged_into, 0) AS merged_into, ts_to_us(merged_at) AS merged_us,
       COALESCE(merged_by, '') AS merged_by, ts_to_us(erased_at) AS erased_us,
       COALESCE(erased_by, '') AS erased_by
FROM guests )sql";

constexpr char kSelectGuest[] = "WHERE id = :id";
constexpr char kLockGuest[] = "WHERE id = :id FOR NO KEY UPDATE";

constexpr char kSearchGuests[] = R"sql(
WHERE id > :after AND merged_into IS NULL AND erased_at IS NULL
  AND (:name = '' OR strpos(search_text, lower(:name)) > 0)
  AND (:phone = '' OR (phone_digits <> ''
                       AND reverse(phone_digits) LIKE reverse(:phone) || '%'))
  AND (:loyalty = '' OR loyalty_number = :loyalty)
  AND (:doc = '' OR id IN (SELECT guest_id FROM guest_documents
                           WHERE number_hmac = :doc))
ORDER BY id LIMIT :lim)sql";

constexpr char kUpdateGuest[] = R"sql(
UPDATE guests
SET chinese_name = :chinese_name, latin_name = :latin_name,
    address_zh = :address_zh, address_en = :address_en, phone = :phone,
    email = :email, language = :language, vip_level = :vip_level,
    loyalty_number = :loyalty_number, birth_year = :birth_year,
    birth_month = :birth_month, birth_day = :birth_day,
    accessibility = :accessibility, accessibility_note = :accessibility_note,
    updated_at = us_to_ts(:now_us), version = version + 1
WHERE id = :id AND version = :version
RETURNING version)sql";

constexpr char kSelectDocuments[] = R"sql(
SELECT guest_id, doc_type, issuing_country, number_hmac, number_last4
FROM guest_documents
WHERE guest_id = ANY(string_to_array(:ids, ',')::bigint[])
ORDER BY guest_id, id)sql";
constexpr char kDeleteDocuments[] =
    "DELETE FROM guest_documents WHERE guest_id = :id";
constexpr char kInsertDocument[] = R"sql(
INSERT INTO guest_documents (guest_id, doc_type, issuing_country, number_hmac,
                             number_last4, created_at)
VALUES (:guest_id, :doc_type, :country, :hmac, :last4, us_to_ts(:now_us)))sql";
constexpr char kFindGuestByDocument[] =
    "SELECT guest_id FROM guest_documents WHERE number_hmac = :hmac";
constexpr char kFindGuestByLoyalty[] =
    "SELECT id FROM guests WHERE loyalty_number = :number AND :number <> ''";
constexpr char kListMergedInto[] =
    "SELECT id FROM guests WHERE merged_into = :id ORDER BY id";

std::string JoinAccessibility(
    const std::vector<domain::AccessibilityNeed>& needs) {
  std::vector<std::string> words;
  for (domain::AccessibilityNeed n : needs) {
    words.emplace_back(domain::AccessibilityNeedName(n));
  }
  return JoinWords(words);
}

std::vector<domain::AccessibilityNeed> SplitAccessibility(
    const std::string& text) {
  std::vector<domain::AccessibilityNeed> needs;
  for (const std::string& word : SplitWords(text)) {
    if (auto n = domain::AccessibilityNeedFromName(word)) needs.push_back(*n);
  }
  return needs;
}

domain::Guest GuestFromRow(const soci::row& r) {
  domain::Guest g;
  g.id = r.get<long long>("id");
  g.chinese_name = r.get<std::string>("chinese_name");
  g.latin_name = r.get<std::string>("latin_name");
  g.address_zh = r.get<std::string>("address_zh");
  g.address_en = r.get<std::string>("address_en");
  g.phone = r.get<std::string>("phone");
  g.email = r.get<std::string>("email");
  g.language = r.get<std::string>("language");
  g.vip_level = static_cast<int>(r.get<long long>("vip_level"));
  g.loyalty_number = r.get<std::string>("loyalty_number");
  g.birthday.year = static_cast<int>(r.get<long long>("birth_year"));
  g.birthday.month = static_cast<int>(r.get<long long>("birth_month"));
  g.birthday.day = static_cast<int>(r.get<long long>("birth_day"));
  g.accessibility = SplitAccessibility(r.get<std::string>("accessibility"));
  g.accessibility_note = r.get<std::string>("accessibility_note");
  g.create_time = FromMicros(r.get<long long>("created_us"));
  g.created_by = r.get<std::string>("created_by");
  g.update_time = FromMicros(r.get<long long>("updated_us"));
  g.version = r.get<long long>("version");
  g.merged_into = r.get<long long>("merged_into");
  g.merge_time = FromMicros(r.get<std::optional<long long>>("merged_us"));
  g.merged_by = r.get<std::string>("merged_by");
  g.erase_time = FromMicros(r.get<std::optional<long long>>("erased_us"));
  g.erased_by = r.get<std::string>("erased_by");
  return g;
}

// The birthday as three NULLable columns.
struct BirthColumns {
  std::optional<int> year;
  std::optional<int> month;
  std::optional<int> day;
};
BirthColumns ToColumns(const domain::BirthDate& b) {
  BirthColumns c;
  if (b.month != 0) {
    c.month = b.month;
    c.day = b.day;
    if (b.year != 0) c.year = b.year;
  }
  return c;
}

// --- stays
// -----------------------------------------------------------------------

constexpr char kInsertStay[] = R"sql(
INSERT INTO stays (site_id, guest_id, room_number, check_in_at,
                   expected_check_out_at, adults, children, infants, purpose,
                   created_by)
VALUES (:site_id, :guest_id, :room, us_to_ts(:check_in_us),
        us_to_ts(:expected_us), :adults, :children, :infants, :purpose,
        :created_by)
ON CONFLICT (site_id, room_number) WHERE check_out_at IS NULL DO NOTHING
RETURNING id)sql";

constexpr char kStayColumns[] = R"sql(
SELECT id, site_id, guest_id, room_number, ts_to_us(check_in_at) AS check_in_us,
       ts_to_us(expected_check_out_at) AS expected_us,
       ts_to_us(check_out_at) AS check_out_us, adults::bigint AS adults,
       children::bigint AS children, infants::bigint AS infants, purpose,
       created_by
FROM stays )sql";

constexpr char kSelectStay[] = "WHERE site_id = :site AND id = :id";
constexpr char kSelectOpenStay[] =
    "WHERE site_id = :site AND room_number = :room AND check_out_at IS NULL";
constexpr char kListStays[] = R"sql(
WHERE id > :after
  AND (:guest::bigint = 0 OR guest_id = :guest)
  AND (:site::bigint = 0 OR site_id = :site)
  AND (:open::int = 0 OR check_out_at IS NULL)
ORDER BY id LIMIT :lim)sql";
constexpr char kOpenStaysOfGuest[] =
    "WHERE guest_id = :guest AND check_out_at IS NULL ORDER BY id";

constexpr char kCloseStay[] = R"sql(
UPDATE stays SET check_out_at = us_to_ts(:check_out_us), checked_out_by = :by
WHERE site_id = :site AND id = :id AND check_out_at IS NULL
RETURNING id)sql";

constexpr char kCompletedStays[] =
    "SELECT count(*) FROM stays WHERE guest_id = :guest "
    "AND check_out_at IS NOT NULL";
constexpr char kStayPurposes[] = R"sql(
SELECT purpose FROM stays WHERE guest_id = :guest AND purpose <> 'UNSPECIFIED'
GROUP BY purpose ORDER BY count(*) DESC, purpose)sql";

domain::Stay StayFromRow(const soci::row& r) {
  domain::Stay s;
  s.id = r.get<long long>("id");
  s.site_id = r.get<long long>("site_id");
  s.guest_id = r.get<long long>("guest_id");
  s.room_number = r.get<std::string>("room_number");
  s.check_in_time = FromMicros(r.get<long long>("check_in_us"));
  s.expected_check_out_time =
      FromMicros(r.get<std::optional<long long>>("expected_us"));
  s.check_out_time =
      FromMicros(r.get<std::optional<long long>>("check_out_us"));
  s.party.adults = static_cast<int>(r.get<long long>("adults"));
  s.party.children = static_cast<int>(r.get<long long>("children"));
  s.party.infants = static_cast<int>(r.get<long long>("infants"));
  s.purpose = domain::TravelPurposeFromName(r.get<std::string>("purpose"))
                  .value_or(domain::TravelPurpose::kUnspecified);
  s.created_by = r.get<std::string>("created_by");
  return s;
}

// --- preferences
// ---------------------------------------------------------------------

constexpr char kPreferenceColumns[] = R"sql(
SELECT id, guest_id, category, key, value, source, recorded_by,
       COALESCE(site_id, 0) AS site_id, ts_to_us(recorded_at) AS recorded_us,
       COALESCE(superseded_by, 0) AS superseded_by,
       ts_to_us(superseded_at) AS superseded_us
FROM guest_preferences )sql";

constexpr char kSelectCurrentPreference[] = R"sql(
WHERE guest_id = :guest AND category = :category AND key = :key
  AND superseded_at IS NULL)sql";
constexpr char kListCurrentPreferences[] =
    "WHERE guest_id = :guest AND superseded_at IS NULL ORDER BY category, key";
constexpr char kListPreferenceHistory[] = R"sql(
WHERE guest_id = :guest AND id > :after
  AND (:category = '' OR category = :category)
  AND (:key = '' OR key = :key)
ORDER BY id LIMIT :lim)sql";

constexpr char kSupersedePreference[] = R"sql(
UPDATE guest_preferences SET superseded_at = us_to_ts(:now_us)
WHERE id = :id AND superseded_at IS NULL)sql";
constexpr char kLinkSupersededPreference[] =
    "UPDATE guest_preferences SET superseded_by = :new_id WHERE id = :id";
constexpr char kInsertPreference[] = R"sql(
INSERT INTO guest_preferences (guest_id, category, key, value, source,
                               recorded_by, site_id, recorded_at)
VALUES (:guest, :category, :key, :value, :source, :recorded_by, :site,
        us_to_ts(:recorded_us))
RETURNING id)sql";

domain::Preference PreferenceFromRow(const soci::row& r) {
  domain::Preference p;
  p.id = r.get<long long>("id");
  p.guest_id = r.get<long long>("guest_id");
  p.category =
      domain::PreferenceCategoryFromName(r.get<std::string>("category"))
          .value_or(domain::PreferenceCategory::kRoom);
  p.key = r.get<std::string>("key");
  p.value = r.get<std::string>("value");
  p.source = domain::PreferenceSourceFromName(r.get<std::string>("source"))
                 .value_or(domain::PreferenceSource::kObserved);
  p.recorded_by = r.get<std::string>("recorded_by");
  p.site_id = r.get<long long>("site_id");
  p.record_time = FromMicros(r.get<long long>("recorded_us"));
  p.superseded_by = r.get<long long>("superseded_by");
  p.supersede_time =
      FromMicros(r.get<std::optional<long long>>("superseded_us"));
  return p;
}

// --- notes
// -----------------------------------------------------------------------------

constexpr char kInsertNote[] = R"sql(
INSERT INTO guest_notes (guest_id, site_id, department, author, text,
                         created_at)
VALUES (:guest, :site, :department, :author, :text, us_to_ts(:created_us))
RETURNING id)sql";

constexpr char kNoteColumns[] = R"sql(
SELECT id, guest_id, COALESCE(site_id, 0) AS site_id, department, author, text,
       ts_to_us(created_at) AS created_us, redacted::int AS redacted
FROM guest_notes )sql";

constexpr char kSelectNote[] = "WHERE guest_id = :guest AND id = :id";
constexpr char kListRecentNotes[] =
    "WHERE guest_id = :guest ORDER BY id DESC LIMIT :lim";

domain::Note NoteFromRow(const soci::row& r) {
  domain::Note n;
  n.id = r.get<long long>("id");
  n.guest_id = r.get<long long>("guest_id");
  n.site_id = r.get<long long>("site_id");
  n.department = r.get<std::string>("department");
  n.author = r.get<std::string>("author");
  n.text = r.get<std::string>("text");
  n.create_time = FromMicros(r.get<long long>("created_us"));
  n.redacted = r.get<int>("redacted") != 0;
  return n;
}

// --- consumption
// -------------------------------------------------------------------------

constexpr char kStayGuestAndCurrency[] = R"sql(
SELECT s.guest_id, si.currency_code
FROM stays s JOIN sites si ON si.id = s.site_id
WHERE s.site_id = :site AND s.id = :stay)sql";

constexpr char kInsertConsumption[] = R"sql(
INSERT INTO guest_consumption (guest_id, site_id, stay_id, kind, description,
                               amount_minor, currency_code, recorded_by,
                               recorded_at)
VALUES (:guest, :site, :stay, :kind, :description, :amount, :currency,
        :recorded_by, us_to_ts(:recorded_us))
RETURNING id)sql";

constexpr char kConsumptionColumns[] = R"sql(
SELECT id, guest_id, site_id, stay_id, kind, description, amount_minor,
       currency_code, recorded_by, ts_to_us(recorded_at) AS recorded_us
FROM guest_consumption )sql";
constexpr char kListRecentConsumption[] =
    "WHERE guest_id = :guest ORDER BY id DESC LIMIT :lim";
constexpr char kSelectConsumption[] = "WHERE guest_id = :guest AND id = :id";

constexpr char kConsumptionTotals[] = R"sql(
SELECT currency_code, sum(amount_minor)::bigint AS total
FROM guest_consumption WHERE guest_id = :guest
GROUP BY currency_code ORDER BY currency_code)sql";

domain::ConsumptionEntry ConsumptionFromRow(const soci::row& r) {
  domain::ConsumptionEntry c;
  c.id = r.get<long long>("id");
  c.guest_id = r.get<long long>("guest_id");
  c.site_id = r.get<long long>("site_id");
  c.stay_id = r.get<long long>("stay_id");
  c.kind = domain::ConsumptionKindFromName(r.get<std::string>("kind"))
               .value_or(domain::ConsumptionKind::kOther);
  c.description = r.get<std::string>("description");
  c.amount = domain::Money{r.get<std::string>("currency_code"),
                           r.get<long long>("amount_minor")};
  c.recorded_by = r.get<std::string>("recorded_by");
  c.record_time = FromMicros(r.get<long long>("recorded_us"));
  return c;
}

// --- access log
// --------------------------------------------------------------------------

constexpr char kListAccess[] = R"sql(
SELECT id, guest_id, principal, method, COALESCE(site_id, 0) AS site_id,
       ts_to_us(accessed_at) AS accessed_us
FROM guest_access_log WHERE guest_id = :guest AND id > :after
ORDER BY id LIMIT :lim)sql";

// --- merge and erasure
// ---------------------------------------------------------------------

// Where both guests hold a current preference of one key, the older one
// (by record time, then id) is superseded by the newer one.
constexpr char kMergeSupersede[] = R"sql(
UPDATE guest_preferences older
SET superseded_at = us_to_ts(:now_us), superseded_by = newer.id
FROM guest_preferences newer
WHERE older.guest_id IN (:survivor, :duplicate)
  AND newer.guest_id IN (:survivor, :duplicate)
  AND older.guest_id <> newer.guest_id
  AND older.category = newer.category AND older.key = newer.key
  AND older.superseded_at IS NULL AND newer.superseded_at IS NULL
  AND (older.recorded_at, older.id) < (newer.recorded_at, newer.id))sql";

constexpr const char* kMoveFacts[] = {
    "UPDATE guest_preferences SET guest_id = :survivor "
    "WHERE guest_id = :duplicate",
    "UPDATE guest_notes SET guest_id = :survivor WHERE guest_id = :duplicate",
    "UPDATE stays SET guest_id = :survivor WHERE guest_id = :duplicate",
    "UPDATE guest_consumption SET guest_id = :survivor "
    "WHERE guest_id = :duplicate",
    "UPDATE guest_documents SET guest_id = :survivor "
    "WHERE guest_id = :duplicate",
    "UPDATE guest_access_log SET guest_id = :survivor "
    "WHERE guest_id = :duplicate",
    "UPDATE guests SET merged_into = :survivor WHERE merged_into = :duplicate",
};

// The personal columns every tombstone and erased guest has blank.
#define CONCIERGE_BLANK_PERSONAL_COLUMNS                                   \
  "chinese_name = '', latin_name = '', address_zh = '', address_en = '', " \
  "phone = '', email = '', language = '', loyalty_number = '', "           \
  "birth_year = NULL, birth_month = NULL, birth_day = NULL, "              \
  "accessibility = '', accessibility_note = '', "                          \
  "updated_at = us_to_ts(:now_us), version = version + 1"

constexpr char kMakeTombstone[] =
    "UPDATE guests SET " CONCIERGE_BLANK_PERSONAL_COLUMNS
    ", merged_into = :survivor, merged_at = us_to_ts(:now_us), "
    "merged_by = :by WHERE id = :duplicate";

constexpr char kEraseGuest[] =
    "UPDATE guests SET " CONCIERGE_BLANK_PERSONAL_COLUMNS
    ", erased_at = us_to_ts(:now_us), erased_by = :by WHERE id = :id";

#undef CONCIERGE_BLANK_PERSONAL_COLUMNS

constexpr const char* kEraseFacts[] = {
    "DELETE FROM guest_documents WHERE guest_id = :id",
    "UPDATE guest_notes SET text = '', redacted = true WHERE guest_id = :id",
    "UPDATE guest_consumption SET description = '' WHERE guest_id = :id",
};
constexpr char kErasePreferenceValues[] = R"sql(
UPDATE guest_preferences SET value = ''
WHERE guest_id = :id AND value !~ :pattern)sql";

// --- the room brief
// -----------------------------------------------------------------------

// One statement for a batch of rooms (RoomBriefReader): for each asked room
// with an open stay, the stay, its guest, the current preferences and the
// newest notes (json_agg, read by ParseJsonRows), one row per room tagged
// with its position in the arrays; and, in the same statement and snapshot,
// the access-log row of every guest it returns (a data-modifying CTE).
// Rooms without an open stay return no row and log nothing.
// Arrays, one element per room: $1 site, $2 room, $3 how many notes,
// $4 reader, $5 method, $6 the reader's site (0: none), $7 when (us).
const pg::Statement kRoomBriefs("room briefs", R"sql(
WITH asked AS (
  SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[],
                       $5::text[], $6::bigint[], $7::bigint[])
    WITH ORDINALITY AS a(site_id, room_number, note_limit, principal, method,
                         reader_site_id, at_us, slot)
), found AS (
  SELECT a.slot, a.site_id, a.note_limit, a.principal, a.method,
         a.reader_site_id, a.at_us, s.id AS stay_id, s.guest_id, s.adults,
         s.children, s.infants, s.check_in_at, s.expected_check_out_at
  FROM asked a
  JOIN stays s ON s.site_id = a.site_id AND s.room_number = a.room_number
              AND s.check_out_at IS NULL
), logged AS (
  INSERT INTO guest_access_log (guest_id, principal, method, site_id,
                                accessed_at)
  SELECT guest_id, principal, method, NULLIF(reader_site_id, 0),
         us_to_ts(at_us)
  FROM found
)
SELECT f.slot, f.stay_id, g.id AS guest_id, g.chinese_name, g.latin_name,
       g.address_zh, g.address_en, g.language, g.vip_level::bigint AS vip_level,
       COALESCE(g.birth_month, 0)::bigint AS birth_month,
       COALESCE(g.birth_day, 0)::bigint AS birth_day,
       g.accessibility, g.accessibility_note,
       f.adults::bigint AS adults, f.children::bigint AS children,
       f.infants::bigint AS infants, ts_to_us(f.check_in_at) AS check_in_us,
       ts_to_us(f.expected_check_out_at) AS expected_us,
       (SELECT time_zone FROM sites WHERE id = f.site_id) AS time_zone,
       (SELECT count(*) FROM stays c
        WHERE c.guest_id = g.id AND c.check_out_at IS NOT NULL)
         AS completed_stays,
       (SELECT json_agg(json_build_array(p.id, p.category, p.key, p.value,
                                         p.source, p.recorded_by, p.site_id,
                                         ts_to_us(p.recorded_at))
                        ORDER BY p.category, p.key)
        FROM guest_preferences p
        WHERE p.guest_id = g.id AND p.superseded_at IS NULL)::text
         AS preferences,
       (SELECT json_agg(json_build_array(n.id, n.department, n.author,
                                         n.site_id, n.text,
                                         ts_to_us(n.created_at))
                        ORDER BY n.id DESC)
        FROM (SELECT * FROM guest_notes WHERE guest_id = g.id
              ORDER BY id DESC LIMIT f.note_limit) n)::text AS notes
FROM found f JOIN guests g ON g.id = f.guest_id)sql");

// --- helpers
// ---------------------------------------------------------------------------------

// Runs a SELECT of one row; nullopt when there is none.
template <typename T, typename FromRow, typename... Uses>
std::optional<T> SelectOne(soci::session& sql, const std::string& query,
                           FromRow from_row, Uses&&... uses) {
  soci::row row;
  ((sql << query), ..., std::forward<Uses>(uses)), soci::into(row);
  if (!sql.got_data()) return std::nullopt;
  return from_row(row);
}

template <typename T, typename FromRow>
std::vector<T> CollectRows(soci::rowset<soci::row>& rows, FromRow from_row) {
  std::vector<T> out;
  for (const soci::row& row : rows) out.push_back(from_row(row));
  return out;
}

// The documents of every guest in `guests`, in one statement.
void LoadDocuments(soci::session& sql, std::vector<domain::Guest>& guests) {
  if (guests.empty()) return;
  std::vector<int64_t> ids;
  for (const domain::Guest& g : guests) ids.push_back(g.id);
  const std::string id_list = absl::StrJoin(ids, ",");
  soci::rowset<soci::row> rows =
      (sql.prepare << kSelectDocuments, soci::use(id_list, "ids"));
  for (const soci::row& r : rows) {
    domain::IdentityDocument d;
    const int64_t guest_id = r.get<long long>("guest_id");
    d.type =
        domain::IdentityDocumentTypeFromName(r.get<std::string>("doc_type"))
            .value_or(domain::IdentityDocumentType::kOther);
    d.issuing_country = r.get<std::string>("issuing_country");
    d.number_hmac = r.get<std::string>("number_hmac");
    d.number_last4 = r.get<std::string>("number_last4");
    for (domain::Guest& g : guests) {
      if (g.id == guest_id) g.documents.push_back(d);
    }
  }
}

std::optional<domain::Guest> SelectGuest(soci::session& sql, int64_t guest_id,
                                         const char* where) {
  std::optional<domain::Guest> guest =
      SelectOne<domain::Guest>(sql, std::string(kGuestColumns) + where,
                               GuestFromRow, soci::use(guest_id, "id"));
  if (!guest) return std::nullopt;
  std::vector<domain::Guest> one = {*std::move(guest)};
  LoadDocuments(sql, one);
  return std::move(one.front());
}

int64_t ParseInt(const JsonScalar& v) {
  int64_t out = 0;
  if (v) (void)absl::SimpleAtoi(*v, &out);
  return out;
}

const std::string& Text(const JsonScalar& v) {
  static const std::string* const kEmpty = new std::string();
  return v ? *v : *kEmpty;
}

}  // namespace

// --- guests
// ----------------------------------------------------------------------------------

domain::Guest InsertGuest(soci::session& sql, const domain::Guest& guest) {
  domain::Guest stored = guest;
  const BirthColumns birth = ToColumns(guest.birthday);
  const std::string accessibility = JoinAccessibility(guest.accessibility);
  const long long now_us = ToMicros(guest.create_time);
  sql << kInsertGuest, soci::use(guest.chinese_name, "chinese_name"),
      soci::use(guest.latin_name, "latin_name"),
      soci::use(guest.address_zh, "address_zh"),
      soci::use(guest.address_en, "address_en"),
      soci::use(guest.phone, "phone"), soci::use(guest.email, "email"),
      soci::use(guest.language, "language"),
      soci::use(guest.vip_level, "vip_level"),
      soci::use(guest.loyalty_number, "loyalty_number"),
      soci::use(birth.year, "birth_year"),
      soci::use(birth.month, "birth_month"), soci::use(birth.day, "birth_day"),
      soci::use(accessibility, "accessibility"),
      soci::use(guest.accessibility_note, "accessibility_note"),
      soci::use(now_us, "now_us"), soci::use(guest.created_by, "created_by"),
      soci::into(stored.id);
  stored.version = 1;
  stored.update_time = guest.create_time;
  ReplaceDocuments(sql, stored.id, guest.documents, guest.create_time);
  return stored;
}

std::optional<domain::Guest> FindGuest(soci::session& sql, int64_t guest_id) {
  return SelectGuest(sql, guest_id, kSelectGuest);
}

std::optional<domain::Guest> LockGuest(soci::session& sql, int64_t guest_id) {
  return SelectGuest(sql, guest_id, kLockGuest);
}

std::optional<domain::Guest> UpdateGuest(soci::session& sql,
                                         const domain::Guest& guest,
                                         int64_t expected_version,
                                         absl::Time now) {
  const BirthColumns birth = ToColumns(guest.birthday);
  const std::string accessibility = JoinAccessibility(guest.accessibility);
  const long long now_us = ToMicros(now);
  long long new_version = 0;
  sql << kUpdateGuest, soci::use(guest.chinese_name, "chinese_name"),
      soci::use(guest.latin_name, "latin_name"),
      soci::use(guest.address_zh, "address_zh"),
      soci::use(guest.address_en, "address_en"),
      soci::use(guest.phone, "phone"), soci::use(guest.email, "email"),
      soci::use(guest.language, "language"),
      soci::use(guest.vip_level, "vip_level"),
      soci::use(guest.loyalty_number, "loyalty_number"),
      soci::use(birth.year, "birth_year"),
      soci::use(birth.month, "birth_month"), soci::use(birth.day, "birth_day"),
      soci::use(accessibility, "accessibility"),
      soci::use(guest.accessibility_note, "accessibility_note"),
      soci::use(now_us, "now_us"), soci::use(guest.id, "id"),
      soci::use(expected_version, "version"), soci::into(new_version);
  if (!sql.got_data()) return std::nullopt;
  return FindGuest(sql, guest.id);
}

void ReplaceDocuments(soci::session& sql, int64_t guest_id,
                      const std::vector<domain::IdentityDocument>& documents,
                      absl::Time now) {
  sql << kDeleteDocuments, soci::use(guest_id, "id");
  const long long now_us = ToMicros(now);
  for (const domain::IdentityDocument& d : documents) {
    const std::string type(domain::IdentityDocumentTypeName(d.type));
    sql << kInsertDocument, soci::use(guest_id, "guest_id"),
        soci::use(type, "doc_type"), soci::use(d.issuing_country, "country"),
        soci::use(d.number_hmac, "hmac"), soci::use(d.number_last4, "last4"),
        soci::use(now_us, "now_us");
  }
}

std::optional<int64_t> FindGuestIdByDocument(soci::session& sql,
                                             const std::string& number_hmac) {
  long long id = 0;
  sql << kFindGuestByDocument, soci::use(number_hmac, "hmac"), soci::into(id);
  if (!sql.got_data()) return std::nullopt;
  return id;
}

std::optional<int64_t> FindGuestIdByLoyaltyNumber(soci::session& sql,
                                                  const std::string& number) {
  long long id = 0;
  sql << kFindGuestByLoyalty, soci::use(number, "number"), soci::into(id);
  if (!sql.got_data()) return std::nullopt;
  return id;
}

std::vector<int64_t> ListMergedInto(soci::session& sql, int64_t guest_id) {
  std::vector<int64_t> ids;
  soci::rowset<soci::row> rows =
      (sql.prepare << kListMergedInto, soci::use(guest_id, "id"));
  for (const soci::row& r : rows) ids.push_back(r.get<long long>("id"));
  return ids;
}

Page<domain::Guest> SearchGuests(soci::session& sql, const GuestSearch& search,
                                 PageRequest page) {
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kGuestColumns) + kSearchGuests,
       soci::use(page.after_id, "after"), soci::use(search.name_part, "name"),
       soci::use(search.phone_digits, "phone"),
       soci::use(search.loyalty_number, "loyalty"),
       soci::use(search.document_hmac, "doc"), soci::use(fetch, "lim"));
  Page<domain::Guest> result =
      MakePage(CollectRows<domain::Guest>(rows, GuestFromRow), page.limit);
  LoadDocuments(sql, result.items);
  return result;
}

// --- stays
// -------------------------------------------------------------------------------------

std::optional<domain::Stay> InsertStay(soci::session& sql,
                                       const domain::Stay& stay) {
  domain::Stay stored = stay;
  const long long check_in_us = ToMicros(stay.check_in_time);
  const std::optional<long long> expected_us =
      ToMicros(stay.expected_check_out_time);
  const std::string purpose(domain::TravelPurposeName(stay.purpose));
  sql << kInsertStay, soci::use(stay.site_id, "site_id"),
      soci::use(stay.guest_id, "guest_id"), soci::use(stay.room_number, "room"),
      soci::use(check_in_us, "check_in_us"),
      soci::use(expected_us, "expected_us"),
      soci::use(stay.party.adults, "adults"),
      soci::use(stay.party.children, "children"),
      soci::use(stay.party.infants, "infants"), soci::use(purpose, "purpose"),
      soci::use(stay.created_by, "created_by"), soci::into(stored.id);
  if (!sql.got_data()) return std::nullopt;
  return stored;
}

std::optional<domain::Stay> FindStay(soci::session& sql, int64_t site_id,
                                     int64_t stay_id) {
  return SelectOne<domain::Stay>(sql, std::string(kStayColumns) + kSelectStay,
                                 StayFromRow, soci::use(site_id, "site"),
                                 soci::use(stay_id, "id"));
}

std::optional<domain::Stay> FindOpenStay(soci::session& sql, int64_t site_id,
                                         const std::string& room_number) {
  return SelectOne<domain::Stay>(
      sql, std::string(kStayColumns) + kSelectOpenStay, StayFromRow,
      soci::use(site_id, "site"), soci::use(room_number, "room"));
}

std::optional<domain::Stay> CloseStay(soci::session& sql, int64_t site_id,
                                      int64_t stay_id,
                                      absl::Time check_out_time,
                                      const std::string& checked_out_by) {
  const long long check_out_us = ToMicros(check_out_time);
  long long id = 0;
  sql << kCloseStay, soci::use(check_out_us, "check_out_us"),
      soci::use(checked_out_by, "by"), soci::use(site_id, "site"),
      soci::use(stay_id, "id"), soci::into(id);
  if (!sql.got_data()) return std::nullopt;
  return FindStay(sql, site_id, stay_id);
}

Page<domain::Stay> ListStays(soci::session& sql, const StayFilter& filter,
                             PageRequest page) {
  const int fetch = page.limit + 1;
  const int open = filter.open_only ? 1 : 0;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kStayColumns) + kListStays,
       soci::use(page.after_id, "after"), soci::use(filter.guest_id, "guest"),
       soci::use(filter.site_id, "site"), soci::use(open, "open"),
       soci::use(fetch, "lim"));
  return MakePage(CollectRows<domain::Stay>(rows, StayFromRow), page.limit);
}

StayStats GetStayStats(soci::session& sql, int64_t guest_id) {
  StayStats stats;
  long long completed = 0;
  sql << kCompletedStays, soci::use(guest_id, "guest"), soci::into(completed);
  stats.completed = completed;
  {
    soci::rowset<soci::row> rows =
        (sql.prepare << std::string(kStayColumns) + kOpenStaysOfGuest,
         soci::use(guest_id, "guest"));
    stats.open = CollectRows<domain::Stay>(rows, StayFromRow);
  }
  soci::rowset<soci::row> purposes =
      (sql.prepare << kStayPurposes, soci::use(guest_id, "guest"));
  for (const soci::row& r : purposes) {
    if (auto p = domain::TravelPurposeFromName(r.get<std::string>("purpose"))) {
      stats.purposes.push_back(*p);
    }
  }
  return stats;
}

// --- preferences
// ------------------------------------------------------------------------------

absl::StatusOr<domain::Preference> RecordPreference(
    soci::session& sql, domain::Preference preference) {
  CONCIERGE_RETURN_IF_ERROR(
      domain::ValidatePreference("preference", preference));
  std::optional<domain::Guest> guest = LockGuest(sql, preference.guest_id);
  if (guest && guest->merged()) guest = LockGuest(sql, guest->merged_into);
  if (!guest) {
    return absl::NotFoundError(
        absl::StrCat("guests/", preference.guest_id, " not found"));
  }
  if (guest->erased()) {
    return absl::FailedPreconditionError(
        absl::StrCat("guests/", guest->id, " was erased"));
  }
  preference.guest_id = guest->id;
  std::optional<domain::Preference> current = FindCurrentPreference(
      sql, guest->id, preference.category, preference.key);
  if (!domain::PreferenceChanges(current, preference)) return *current;

  const long long now_us = ToMicros(preference.record_time);
  if (current) {
    sql << kSupersedePreference, soci::use(now_us, "now_us"),
        soci::use(current->id, "id");
  }
  const std::string category(
      domain::PreferenceCategoryName(preference.category));
  const std::string source(domain::PreferenceSourceName(preference.source));
  const std::optional<long long> site = NullIfZero(preference.site_id);
  sql << kInsertPreference, soci::use(preference.guest_id, "guest"),
      soci::use(category, "category"), soci::use(preference.key, "key"),
      soci::use(preference.value, "value"), soci::use(source, "source"),
      soci::use(preference.recorded_by, "recorded_by"), soci::use(site, "site"),
      soci::use(now_us, "recorded_us"), soci::into(preference.id);
  if (current) {
    sql << kLinkSupersededPreference, soci::use(preference.id, "new_id"),
        soci::use(current->id, "id");
  }
  preference.superseded_by = 0;
  preference.supersede_time.reset();
  return preference;
}

std::optional<domain::Preference> FindCurrentPreference(
    soci::session& sql, int64_t guest_id, domain::PreferenceCategory category,
    const std::string& key) {
  const std::string category_name(domain::PreferenceCategoryName(category));
  return SelectOne<domain::Preference>(
      sql, std::string(kPreferenceColumns) + kSelectCurrentPreference,
      PreferenceFromRow, soci::use(guest_id, "guest"),
      soci::use(category_name, "category"), soci::use(key, "key"));
}

std::vector<domain::Preference> ListCurrentPreferences(soci::session& sql,
                                                       int64_t guest_id) {
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kPreferenceColumns) + kListCurrentPreferences,
       soci::use(guest_id, "guest"));
  return CollectRows<domain::Preference>(rows, PreferenceFromRow);
}

Page<domain::Preference> ListPreferenceHistory(soci::session& sql,
                                               int64_t guest_id,
                                               const PreferenceFilter& filter,
                                               PageRequest page) {
  const int fetch = page.limit + 1;
  const std::string category =
      filter.category
          ? std::string(domain::PreferenceCategoryName(*filter.category))
          : std::string();
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kPreferenceColumns) + kListPreferenceHistory,
       soci::use(guest_id, "guest"), soci::use(page.after_id, "after"),
       soci::use(category, "category"), soci::use(filter.key, "key"),
       soci::use(fetch, "lim"));
  return MakePage(CollectRows<domain::Preference>(rows, PreferenceFromRow),
                  page.limit);
}

// --- notes
// ------------------------------------------------------------------------------------

domain::Note InsertNote(soci::session& sql, const domain::Note& note) {
  domain::Note stored = note;
  const std::optional<long long> site = NullIfZero(note.site_id);
  const long long created_us = ToMicros(note.create_time);
  sql << kInsertNote, soci::use(note.guest_id, "guest"),
      soci::use(site, "site"), soci::use(note.department, "department"),
      soci::use(note.author, "author"), soci::use(note.text, "text"),
      soci::use(created_us, "created_us"), soci::into(stored.id);
  return stored;
}

std::optional<domain::Note> FindNote(soci::session& sql, int64_t guest_id,
                                     int64_t note_id) {
  return SelectOne<domain::Note>(sql, std::string(kNoteColumns) + kSelectNote,
                                 NoteFromRow, soci::use(guest_id, "guest"),
                                 soci::use(note_id, "id"));
}

std::vector<domain::Note> ListRecentNotes(soci::session& sql, int64_t guest_id,
                                          int limit) {
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kNoteColumns) + kListRecentNotes,
       soci::use(guest_id, "guest"), soci::use(limit, "lim"));
  return CollectRows<domain::Note>(rows, NoteFromRow);
}

// --- consumption
// -------------------------------------------------------------------------------

absl::StatusOr<domain::ConsumptionEntry> RecordConsumption(
    soci::session& sql, domain::ConsumptionEntry entry) {
  long long guest_id = 0;
  std::string currency;
  sql << kStayGuestAndCurrency, soci::use(entry.site_id, "site"),
      soci::use(entry.stay_id, "stay"), soci::into(guest_id),
      soci::into(currency);
  if (!sql.got_data()) {
    return absl::NotFoundError(absl::StrCat(
        "stay: sites/", entry.site_id, "/stays/", entry.stay_id, " not found"));
  }
  if (entry.amount.currency.empty()) entry.amount.currency = currency;
  CONCIERGE_RETURN_IF_ERROR(
      domain::ValidateConsumption("entry", entry, currency));
  std::optional<domain::Guest> guest = LockGuest(sql, guest_id);
  if (!guest) {
    return absl::NotFoundError(absl::StrCat("guests/", guest_id, " not found"));
  }
  if (guest->erased()) {
    return absl::FailedPreconditionError(
        absl::StrCat("guests/", guest_id, " was erased"));
  }
  entry.guest_id = guest_id;
  const std::string kind(domain::ConsumptionKindName(entry.kind));
  const long long recorded_us = ToMicros(entry.record_time);
  sql << kInsertConsumption, soci::use(entry.guest_id, "guest"),
      soci::use(entry.site_id, "site"), soci::use(entry.stay_id, "stay"),
      soci::use(kind, "kind"), soci::use(entry.description, "description"),
      soci::use(entry.amount.minor, "amount"),
      soci::use(entry.amount.currency, "currency"),
      soci::use(entry.recorded_by, "recorded_by"),
      soci::use(recorded_us, "recorded_us"), soci::into(entry.id);
  return entry;
}

std::vector<domain::ConsumptionEntry> ListRecentConsumption(soci::session& sql,
                                                            int64_t guest_id,
                                                            int limit) {
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kConsumptionColumns) + kListRecentConsumption,
       soci::use(guest_id, "guest"), soci::use(limit, "lim"));
  return CollectRows<domain::ConsumptionEntry>(rows, ConsumptionFromRow);
}

std::optional<domain::ConsumptionEntry> FindConsumption(soci::session& sql,
                                                        int64_t guest_id,
                                                        int64_t entry_id) {
  return SelectOne<domain::ConsumptionEntry>(
      sql, std::string(kConsumptionColumns) + kSelectConsumption,
      ConsumptionFromRow, soci::use(guest_id, "guest"),
      soci::use(entry_id, "id"));
}

std::vector<domain::Money> ConsumptionTotals(soci::session& sql,
                                             int64_t guest_id) {
  std::vector<domain::Money> totals;
  soci::rowset<soci::row> rows =
      (sql.prepare << kConsumptionTotals, soci::use(guest_id, "guest"));
  for (const soci::row& r : rows) {
    totals.push_back(domain::Money{r.get<std::string>("currency_code"),
                                   r.get<long long>("total")});
  }
  return totals;
}

// --- access log
// ----------------------------------------------------------------------------------

void LogProfileAccess(soci::session& sql, const std::vector<int64_t>& guest_ids,
                      const Reader& reader) {
  std::vector<AccessLogEntry> entries;
  std::set<int64_t> seen;
  for (int64_t id : guest_ids) {
    if (!seen.insert(id).second) continue;
    entries.push_back({id, reader.principal, reader.method, reader.site_id,
                       reader.time});
  }
  InsertAccessLog(sql, entries);
}

Page<domain::ProfileAccess> ListProfileAccess(soci::session& sql,
                                              int64_t guest_id,
                                              PageRequest page) {
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << kListAccess, soci::use(guest_id, "guest"),
       soci::use(page.after_id, "after"), soci::use(fetch, "lim"));
  std::vector<domain::ProfileAccess> entries;
  for (const soci::row& r : rows) {
    domain::ProfileAccess a;
    a.id = r.get<long long>("id");
    a.guest_id = r.get<long long>("guest_id");
    a.principal = r.get<std::string>("principal");
    a.method = r.get<std::string>("method");
    a.site_id = r.get<long long>("site_id");
    a.access_time = FromMicros(r.get<long long>("accessed_us"));
    entries.push_back(std::move(a));
  }
  return MakePage(std::move(entries), page.limit);
}

// --- merge and erasure
// ------------------------------------------------------------------------------

domain::Guest MergeGuests(soci::session& sql, const domain::Guest& survivor,
                          int64_t duplicate_id, absl::Time now,
                          const std::string& merged_by) {
  const long long now_us = ToMicros(now);
  sql << kMergeSupersede, soci::use(now_us, "now_us"),
      soci::use(survivor.id, "survivor"), soci::use(duplicate_id, "duplicate");
  for (const char* statement : kMoveFacts) {
    sql << statement, soci::use(survivor.id, "survivor"),
        soci::use(duplicate_id, "duplicate");
  }
  // The tombstone first: its loyalty number may now be the survivor's.
  sql << kMakeTombstone, soci::use(now_us, "now_us"),
      soci::use(survivor.id, "survivor"), soci::use(merged_by, "by"),
      soci::use(duplicate_id, "duplicate");
  std::optional<domain::Guest> stored =
      UpdateGuest(sql, survivor, survivor.version, now);
  return stored ? *stored : survivor;
}

domain::Guest EraseGuest(soci::session& sql, int64_t guest_id, absl::Time now,
                         const std::string& erased_by) {
  const long long now_us = ToMicros(now);
  sql << kEraseGuest, soci::use(now_us, "now_us"), soci::use(erased_by, "by"),
      soci::use(guest_id, "id");
  for (const char* statement : kEraseFacts) {
    sql << statement, soci::use(guest_id, "id");
  }
  const std::string pattern(domain::kAnonymousPreferenceValuePattern);
  sql << kErasePreferenceValues, soci::use(guest_id, "id"),
      soci::use(pattern, "pattern");
  // Answers kept for retried writes about the guest go too.
  ForgetResponsesAbout(sql, absl::StrCat("guests/", guest_id));
  return *FindGuest(sql, guest_id);
}

// --- the room brief
// -----------------------------------------------------------------------------------

namespace {

// One row of kRoomBriefs.
absl::StatusOr<RoomBrief> BriefFromRow(const pg::Row& r,
                                       const RoomBriefQuery& query) {
  RoomBrief brief;
  brief.stay.id = r.get<long long>("stay_id");
  brief.stay.site_id = query.site_id;
  brief.stay.room_number = query.room_number;
  brief.stay.guest_id = r.get<long long>("guest_id");
  brief.stay.party.adults = static_cast<int>(r.get<long long>("adults"));
  brief.stay.party.children = static_cast<int>(r.get<long long>("children"));
  brief.stay.party.infants = static_cast<int>(r.get<long long>("infants"));
  brief.stay.check_in_time = FromMicros(r.get<long long>("check_in_us"));
  brief.stay.expected_check_out_time =
      FromMicros(r.get<std::optional<long long>>("expected_us"));
  domain::Guest& g = brief.guest;
  g.id = brief.stay.guest_id;
  g.chinese_name = r.get<std::string>("chinese_name");
  g.latin_name = r.get<std::string>("latin_name");
  g.address_zh = r.get<std::string>("address_zh");
  g.address_en = r.get<std::string>("address_en");
  g.language = r.get<std::string>("language");
  g.vip_level = static_cast<int>(r.get<long long>("vip_level"));
  g.birthday.month = static_cast<int>(r.get<long long>("birth_month"));
  g.birthday.day = static_cast<int>(r.get<long long>("birth_day"));
  g.accessibility = SplitAccessibility(r.get<std::string>("accessibility"));
  g.accessibility_note = r.get<std::string>("accessibility_note");
  brief.site_time_zone = r.get<std::string>("time_zone");
  brief.completed_stays = r.get<long long>("completed_stays");

  const auto preferences_json =
      r.get<std::optional<std::string>>("preferences");
  CONCIERGE_ASSIGN_OR_RETURN(std::vector<JsonRow> preferences,
                             ParseJsonRows(preferences_json.value_or("")));
  for (const JsonRow& row : preferences) {
    if (row.size() != 8) return absl::InternalError("brief: preference row");
    domain::Preference p;
    p.id = ParseInt(row[0]);
    p.guest_id = g.id;
    p.category = domain::PreferenceCategoryFromName(Text(row[1]))
                     .value_or(domain::PreferenceCategory::kRoom);
    p.key = Text(row[2]);
    p.value = Text(row[3]);
    p.source = domain::PreferenceSourceFromName(Text(row[4]))
                   .value_or(domain::PreferenceSource::kObserved);
    p.recorded_by = Text(row[5]);
    p.site_id = ParseInt(row[6]);
    p.record_time = FromMicros(ParseInt(row[7]));
    brief.preferences.push_back(std::move(p));
  }
  const auto notes_json = r.get<std::optional<std::string>>("notes");
  CONCIERGE_ASSIGN_OR_RETURN(std::vector<JsonRow> notes,
                             ParseJsonRows(notes_json.value_or("")));
  for (const JsonRow& row : notes) {
    if (row.size() != 6) return absl::InternalError("brief: note row");
    domain::Note n;
    n.id = ParseInt(row[0]);
    n.guest_id = g.id;
    n.department = Text(row[1]);
    n.author = Text(row[2]);
    n.site_id = ParseInt(row[3]);
    n.text = Text(row[4]);
    n.create_time = FromMicros(ParseInt(row[5]));
    brief.notes.push_back(std::move(n));
  }
  return brief;
}

}  // namespace

absl::StatusOr<std::vector<std::optional<RoomBrief>>> LoadLoggedRoomBriefs(
    soci::session& sql, const std::vector<RoomBriefQuery>& queries) {
  std::vector<int64_t> sites, note_limits, reader_sites, times;
  std::vector<std::string> rooms, principals, methods;
  for (const RoomBriefQuery& q : queries) {
    sites.push_back(q.site_id);
    rooms.push_back(q.room_number);
    note_limits.push_back(q.note_limit);
    principals.push_back(q.reader.principal);
    methods.push_back(q.reader.method);
    reader_sites.push_back(q.reader.site_id);
    times.push_back(ToMicros(q.reader.time));
  }
  const pg::Result result = pg::Execute(
      sql, kRoomBriefs,
      {pg::ArrayLiteral(sites), pg::ArrayLiteral(rooms),
       pg::ArrayLiteral(note_limits), pg::ArrayLiteral(principals),
       pg::ArrayLiteral(methods), pg::ArrayLiteral(reader_sites),
       pg::ArrayLiteral(times)});
  std::vector<std::optional<RoomBrief>> briefs(queries.size());
  for (int i = 0; i < result.size(); ++i) {
    const pg::Row row = result.row(i);
    const long long slot = row.get<long long>("slot");
    if (slot < 1 || slot > static_cast<long long>(queries.size())) {
      return absl::InternalError("room briefs: row for no asked room");
    }
    CONCIERGE_ASSIGN_OR_RETURN(briefs[slot - 1],
                               BriefFromRow(row, queries[slot - 1]));
  }
  return briefs;
}

absl::StatusOr<std::optional<RoomBrief>> LoadLoggedRoomBrief(
    soci::session& sql, int64_t site_id, const std::string& room_number,
    int note_limit, const Reader& reader) {
  CONCIERGE_ASSIGN_OR_RETURN(
      std::vector<std::optional<RoomBrief>> briefs,
      LoadLoggedRoomBriefs(sql, {{site_id, room_number, note_limit, reader}}));
  return std::move(briefs[0]);
}

}  // namespace concierge::store
