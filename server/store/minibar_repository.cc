#include "server/store/minibar_repository.h"

#include <utility>

#include "server/store/sql_util.h"

namespace concierge::store {
namespace {

// --- SQL -------------------------------------------------------------------

constexpr char kLoadItems[] = R"sql(
SELECT id, site_id, code, title_zh, title_en, price_minor, currency_code,
       ts_to_us(created_at) AS created_us, created_by
FROM minibar_items WHERE site_id = :site ORDER BY id)sql";

constexpr char kInsertItem[] = R"sql(
INSERT INTO minibar_items (site_id, code, title_zh, title_en, price_minor,
                           currency_code, created_at, created_by)
VALUES (:site, :code, :title_zh, :title_en, :price, :currency,
        us_to_ts(:created_us), :created_by)
ON CONFLICT (site_id, code) DO NOTHING)sql";

// One room's minibar at a time: counts and restocks of a room take turns
// (a transaction-scoped advisory lock, so an item's first row cannot race).
constexpr char kLockRoom[] = R"sql(
SELECT 1 FROM pg_advisory_xact_lock(
  hashtextextended('minibar:' || :site || ':' || :room, 0)))sql";

constexpr char kSelectStock[] = R"sql(
SELECT s.item_code, s.expected::bigint AS expected
FROM minibar_stock s
JOIN minibar_items i ON i.site_id = s.site_id AND i.code = s.item_code
WHERE s.site_id = :site AND s.room_number = :room
ORDER BY i.id)sql";

constexpr char kSetStock[] = R"sql(
INSERT INTO minibar_stock (site_id, room_number, item_code, expected,
                           updated_at)
VALUES (:site, :room, :item, :count, us_to_ts(:now_us))
ON CONFLICT (site_id, room_number, item_code) DO UPDATE
  SET expected = EXCLUDED.expected, updated_at = EXCLUDED.updated_at)sql";

constexpr char kAddStock[] = R"sql(
INSERT INTO minibar_stock (site_id, room_number, item_code, expected,
                           updated_at)
VALUES (:site, :room, :item, :quantity, us_to_ts(:now_us))
ON CONFLICT (site_id, room_number, item_code) DO UPDATE
  SET expected = minibar_stock.expected + EXCLUDED.expected,
      updated_at = EXCLUDED.updated_at)sql";

constexpr char kInsertRestock[] = R"sql(
INSERT INTO minibar_restocks (site_id, room_number, item_code, quantity,
                              room_action_id, restocked_by, created_at)
VALUES (:site, :room, :item, :quantity, :action, :by, us_to_ts(:now_us)))sql";

constexpr char kLateChargeStay[] = R"sql(
SELECT s.id, s.guest_id
FROM stays s
WHERE s.site_id = :site AND s.room_number = :room
  AND s.check_out_at IS NOT NULL
  AND s.check_out_at > COALESCE(
        (SELECT max(c.created_at) FROM minibar_counts c
         WHERE c.site_id = :site AND c.room_number = :room),
        '-infinity'::timestamptz)
ORDER BY s.check_out_at DESC, s.id DESC
LIMIT 1)sql";

constexpr char kInsertCount[] = R"sql(
INSERT INTO minibar_counts (site_id, room_number, stay_id, guest_id,
                            counted_by, created_at)
VALUES (:site, :room, :stay, :guest, :by, us_to_ts(:created_us))
RETURNING id)sql";

constexpr char kInsertLine[] = R"sql(
INSERT INTO minibar_count_lines (count_id, position, item_code, title_zh,
    title_en, counted, expected, consumed, unit_price_minor, currency_code,
    consumption_id)
VALUES (:count, :position, :item, :title_zh, :title_en, :counted, :expected,
        :consumed, :price, :currency, :consumption))sql";

constexpr char kSelectCount[] = R"sql(
SELECT id, site_id, room_number, COALESCE(stay_id, 0) AS stay_id,
       COALESCE(guest_id, 0) AS guest_id, counted_by,
       ts_to_us(created_at) AS created_us
FROM minibar_counts WHERE site_id = :site AND id = :id)sql";

constexpr char kSelectLines[] = R"sql(
SELECT item_code, title_zh, title_en, counted::bigint AS counted,
       expected::bigint AS expected, consumed::bigint AS consumed,
       unit_price_minor, currency_code,
       COALESCE(consumption_id, 0) AS consumption_id
FROM minibar_count_lines WHERE count_id = :count ORDER BY position)sql";

void LockRoom(soci::session& sql, int64_t site_id,
              const std::string& room_number) {
  const std::string site = std::to_string(site_id);
  int ignored = 0;
  sql << kLockRoom, soci::use(site, "site"), soci::use(room_number, "room"),
      soci::into(ignored);
}

}  // namespace

std::vector<domain::MinibarItem> LoadMinibarItems(soci::session& sql,
                                                  int64_t site_id) {
  soci::rowset<soci::row> rows =
      (sql.prepare << kLoadItems, soci::use(site_id, "site"));
  std::vector<domain::MinibarItem> out;
  for (const soci::row& r : rows) {
    domain::MinibarItem item;
    item.id = r.get<long long>("id");
    item.site_id = r.get<long long>("site_id");
    item.code = r.get<std::string>("code");
    item.title_zh = r.get<std::string>("title_zh");
    item.title_en = r.get<std::string>("title_en");
    item.price.minor = r.get<long long>("price_minor");
    item.price.currency = r.get<std::string>("currency_code");
    item.create_time = FromMicros(r.get<long long>("created_us"));
    item.created_by = r.get<std::string>("created_by");
    out.push_back(std::move(item));
  }
  return out;
}

void InsertMinibarItemIfMissing(soci::session& sql,
                                const domain::MinibarItem& item) {
  const long long created_us = ToMicros(item.create_time);
  sql << kInsertItem, soci::use(item.site_id, "site"),
      soci::use(item.code, "code"), soci::use(item.title_zh, "title_zh"),
      soci::use(item.title_en, "title_en"),
      soci::use(item.price.minor, "price"),
      soci::use(item.price.currency, "currency"),
      soci::use(created_us, "created_us"),
      soci::use(item.created_by, "created_by");
}

std::map<std::string, int> LockMinibarStock(soci::session& sql, int64_t site_id,
                                            const std::string& room_number) {
  LockRoom(sql, site_id, room_number);
  std::map<std::string, int> out;
  for (const domain::MinibarQuantity& q :
       ListMinibarStock(sql, site_id, room_number)) {
    out[q.item_code] = q.count;
  }
  return out;
}

std::vector<domain::MinibarQuantity> ListMinibarStock(
    soci::session& sql, int64_t site_id, const std::string& room_number) {
  soci::rowset<soci::row> rows =
      (sql.prepare << kSelectStock, soci::use(site_id, "site"),
       soci::use(room_number, "room"));
  std::vector<domain::MinibarQuantity> out;
  for (const soci::row& r : rows) {
    out.push_back({r.get<std::string>("item_code"),
                   static_cast<int>(r.get<long long>("expected"))});
  }
  return out;
}

void SetMinibarStock(soci::session& sql, int64_t site_id,
                     const std::string& room_number,
                     const std::string& item_code, int count, absl::Time now) {
  const long long now_us = ToMicros(now);
  sql << kSetStock, soci::use(site_id, "site"), soci::use(room_number, "room"),
      soci::use(item_code, "item"), soci::use(count, "count"),
      soci::use(now_us, "now_us");
}

void RecordMinibarRestock(soci::session& sql, int64_t site_id,
                          const std::string& room_number,
                          const std::string& item_code, int quantity,
                          int64_t room_action_id, const std::string& by,
                          absl::Time now) {
  LockRoom(sql, site_id, room_number);
  const long long now_us = ToMicros(now);
  const std::optional<long long> action = NullIfZero(room_action_id);
  sql << kAddStock, soci::use(site_id, "site"), soci::use(room_number, "room"),
      soci::use(item_code, "item"), soci::use(quantity, "quantity"),
      soci::use(now_us, "now_us");
  sql << kInsertRestock, soci::use(site_id, "site"),
      soci::use(room_number, "room"), soci::use(item_code, "item"),
      soci::use(quantity, "quantity"), soci::use(action, "action"),
      soci::use(by, "by"), soci::use(now_us, "now_us");
}

int64_t FindLateChargeStay(soci::session& sql, int64_t site_id,
                           const std::string& room_number, int64_t* guest_id) {
  long long stay = 0, guest = 0;
  sql << kLateChargeStay, soci::use(site_id, "site"),
      soci::use(room_number, "room"), soci::into(stay), soci::into(guest);
  if (!sql.got_data()) return 0;
  *guest_id = guest;
  return stay;
}

domain::MinibarCount InsertMinibarCount(soci::session& sql,
                                        const domain::MinibarCount& count) {
  domain::MinibarCount stored = count;
  const std::optional<long long> stay = NullIfZero(count.stay_id),
                                 guest = NullIfZero(count.guest_id);
  const long long created_us = ToMicros(count.create_time);
  sql << kInsertCount, soci::use(count.site_id, "site"),
      soci::use(count.room_number, "room"), soci::use(stay, "stay"),
      soci::use(guest, "guest"), soci::use(count.counted_by, "by"),
      soci::use(created_us, "created_us"), soci::into(stored.id);
  for (size_t i = 0; i < count.lines.size(); ++i) {
    const domain::MinibarLine& line = count.lines[i];
    const int position = static_cast<int>(i);
    const std::optional<int> expected = line.expected;
    const std::optional<long long> consumption =
        NullIfZero(line.consumption_id);
    sql << kInsertLine, soci::use(stored.id, "count"),
        soci::use(position, "position"), soci::use(line.item_code, "item"),
        soci::use(line.title_zh, "title_zh"),
        soci::use(line.title_en, "title_en"),
        soci::use(line.counted, "counted"), soci::use(expected, "expected"),
        soci::use(line.consumed, "consumed"),
        soci::use(line.unit_price.minor, "price"),
        soci::use(line.unit_price.currency, "currency"),
        soci::use(consumption, "consumption");
  }
  return stored;
}

std::optional<domain::MinibarCount> FindMinibarCount(soci::session& sql,
                                                     int64_t site_id,
                                                     int64_t count_id) {
  soci::row row;
  sql << kSelectCount, soci::use(site_id, "site"), soci::use(count_id, "id"),
      soci::into(row);
  if (!sql.got_data()) return std::nullopt;
  domain::MinibarCount c;
  c.id = row.get<long long>("id");
  c.site_id = row.get<long long>("site_id");
  c.room_number = row.get<std::string>("room_number");
  c.stay_id = row.get<long long>("stay_id");
  c.guest_id = row.get<long long>("guest_id");
  c.counted_by = row.get<std::string>("counted_by");
  c.create_time = FromMicros(row.get<long long>("created_us"));
  soci::rowset<soci::row> lines =
      (sql.prepare << kSelectLines, soci::use(c.id, "count"));
  for (const soci::row& r : lines) {
    domain::MinibarLine line;
    line.item_code = r.get<std::string>("item_code");
    line.title_zh = r.get<std::string>("title_zh");
    line.title_en = r.get<std::string>("title_en");
    line.counted = static_cast<int>(r.get<long long>("counted"));
    if (auto e = r.get<std::optional<long long>>("expected")) {
      line.expected = static_cast<int>(*e);
    }
    line.consumed = static_cast<int>(r.get<long long>("consumed"));
    line.unit_price.minor = r.get<long long>("unit_price_minor");
    line.unit_price.currency = r.get<std::string>("currency_code");
    line.consumption_id = r.get<long long>("consumption_id");
    c.lines.push_back(std::move(line));
  }
  return c;
}

}  // namespace concierge::store
