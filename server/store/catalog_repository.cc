#include "server/store/catalog_repository.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "server/common/embedded_file.h"

namespace concierge::store {
namespace {

// --- items -------------------------------------------------------------------

constexpr char kItemColumns[] = R"sql(
SELECT id, site_id, code, title_zh, title_en, description_zh, description_en,
       category, fee_kind, fulfilment, department_id, conditions_zh,
       conditions_en, response_target_s, completion_target_s,
       follow_up_delay_s, state, display_order::bigint AS display_order,
       illustrative::int AS illustrative, teaches, approved_by,
       ts_to_us(approved_at) AS approved_us, ts_to_us(retired_at) AS retired_us,
       retire_reason, ts_to_us(created_at) AS created_us,
       ts_to_us(updated_at) AS updated_us, version
FROM service_items )sql";

const pg::Statement kFindItem("find item",
                              std::string(kItemColumns) +
                                  "WHERE site_id = $1 AND id = $2");
constexpr char kSelectItemByCode[] = "WHERE site_id = :site AND code = :code";
constexpr char kListItems[] = R"sql(
WHERE site_id = :site AND id > :after
  AND (:category = '' OR category = :category)
  AND (:fee_kind = '' OR fee_kind = :fee_kind)
  AND (:department::bigint = 0 OR department_id = :department)
  AND (:state = '' OR state = :state)
  AND (:pattern = '' OR code ILIKE :pattern OR title_zh ILIKE :pattern
       OR title_en ILIKE :pattern)
ORDER BY id LIMIT :lim)sql";

constexpr char kInsertItem[] = R"sql(
INSERT INTO service_items (site_id, code, title_zh, title_en, description_zh,
    description_en, category, fee_kind, fulfilment, department_id,
    conditions_zh, conditions_en, response_target_s, completion_target_s,
    follow_up_delay_s, state, display_order, illustrative, teaches,
    approved_by, approved_at, created_at, updated_at)
VALUES (:site, :code, :title_zh, :title_en, :description_zh, :description_en,
    :category, :fee_kind, :fulfilment, :department, :conditions_zh,
    :conditions_en, :response_s, :completion_s, :follow_up_s, :state,
    :display_order, :illustrative, :teaches, :approved_by,
    us_to_ts(:approved_us),
    us_to_ts(:created_us), us_to_ts(:created_us))
RETURNING id)sql";

constexpr char kUpdateItem[] = R"sql(
UPDATE service_items SET
  code = :code, title_zh = :title_zh, title_en = :title_en,
  description_zh = :description_zh, description_en = :description_en,
  category = :category, fee_kind = :fee_kind, fulfilment = :fulfilment,
  department_id = :department, conditions_zh = :conditions_zh,
  conditions_en = :conditions_en, response_target_s = :response_s,
  completion_target_s = :completion_s, follow_up_delay_s = :follow_up_s,
  state = :state, display_order = :display_order, teaches = :teaches,
  approved_by = :approved_by, approved_at = us_to_ts(:approved_us),
  retired_at = us_to_ts(:retired_us), retire_reason = :retire_reason,
  updated_at = us_to_ts(:updated_us), version = version + 1
WHERE site_id = :site AND id = :id AND version = :version
RETURNING version)sql";

template <typename Row>
domain::ServiceItem ItemFromRow(const Row& r) {
  domain::ServiceItem i;
  i.id = Get<long long>(r, "id");
  i.site_id = Get<long long>(r, "site_id");
  i.code = Get<std::string>(r, "code");
  i.title_zh = Get<std::string>(r, "title_zh");
  i.title_en = Get<std::string>(r, "title_en");
  i.description_zh = Get<std::string>(r, "description_zh");
  i.description_en = Get<std::string>(r, "description_en");
  i.category = domain::ItemCategoryFromName(Get<std::string>(r, "category"))
                   .value_or(domain::ItemCategory::kOther);
  i.fee_kind = domain::FeeKindFromName(Get<std::string>(r, "fee_kind"))
                   .value_or(domain::FeeKind::kFree);
  i.fulfilment = domain::FulfilmentFromName(Get<std::string>(r, "fulfilment"))
                     .value_or(domain::Fulfilment::kScheduled);
  i.department_id = Get<long long>(r, "department_id");
  i.conditions_zh = Get<std::string>(r, "conditions_zh");
  i.conditions_en = Get<std::string>(r, "conditions_en");
  i.response_target = absl::Seconds(Get<long long>(r, "response_target_s"));
  i.completion_target = absl::Seconds(Get<long long>(r, "completion_target_s"));
  i.follow_up_delay = absl::Seconds(Get<long long>(r, "follow_up_delay_s"));
  i.state = domain::ItemStateFromName(Get<std::string>(r, "state"))
                .value_or(domain::ItemState::kDraft);
  i.display_order = static_cast<int32_t>(Get<long long>(r, "display_order"));
  i.illustrative = Get<int>(r, "illustrative") != 0;
  i.teaches = Get<std::string>(r, "teaches");
  i.approved_by = Get<std::string>(r, "approved_by");
  i.approve_time = FromMicros(Get<std::optional<long long>>(r, "approved_us"));
  i.retire_time = FromMicros(Get<std::optional<long long>>(r, "retired_us"));
  i.retire_reason = Get<std::string>(r, "retire_reason");
  i.create_time = FromMicros(Get<long long>(r, "created_us"));
  i.update_time = FromMicros(Get<long long>(r, "updated_us"));
  i.version = Get<long long>(r, "version");
  return i;
}

// --- prices
// --------------------------------------------------------------------

constexpr char kPriceColumns[] = R"sql(
SELECT id, site_id, item_id, amount_minor, currency_code,
       ts_to_us(effective_at) AS effective_us, state, note, proposed_by,
       ts_to_us(proposed_at) AS proposed_us, decided_by,
       ts_to_us(decided_at) AS decided_us,
       ts_to_us(announced_at) AS announced_us, reject_reason
FROM service_prices )sql";

constexpr char kSelectPrice[] = "WHERE site_id = :site AND id = :id";
const pg::Statement kListItemPrices(
    "list item prices", std::string(kPriceColumns) +
                            "WHERE site_id = $1 AND item_id = $2 ORDER BY id");
constexpr char kSelectPricesForItems[] =
    "WHERE site_id = :site AND item_id = ANY(CAST(:ids AS bigint[])) "
    "ORDER BY id";
constexpr char kListPricesPage[] = R"sql(
WHERE site_id = :site AND item_id = :item
  AND (:after::bigint = 0 OR id < :after)
ORDER BY id DESC LIMIT :lim)sql";

constexpr char kInsertPrice[] = R"sql(
INSERT INTO service_prices (site_id, item_id, amount_minor, currency_code,
    effective_at, state, note, proposed_by, proposed_at)
VALUES (:site, :item, :amount, :currency, us_to_ts(:effective_us), :state,
    :note, :proposed_by, us_to_ts(:proposed_us))
RETURNING id)sql";

constexpr char kRecordPriceDecision[] = R"sql(
UPDATE service_prices
SET state = :state, decided_by = :decided_by, decided_at = us_to_ts(:decided_us),
    reject_reason = :reason
WHERE site_id = :site AND id = :id)sql";

constexpr char kMarkPricesAnnounced[] = R"sql(
UPDATE service_prices SET announced_at = us_to_ts(:at)
WHERE site_id = :site AND id = ANY(CAST(:ids AS bigint[]))
  AND announced_at IS NULL)sql";

template <typename Row>
domain::PriceVersion PriceFromRow(const Row& r) {
  domain::PriceVersion p;
  p.id = Get<long long>(r, "id");
  p.site_id = Get<long long>(r, "site_id");
  p.item_id = Get<long long>(r, "item_id");
  p.amount = domain::Money{Get<std::string>(r, "currency_code"),
                           Get<long long>(r, "amount_minor")};
  p.effective_time = FromMicros(Get<long long>(r, "effective_us"));
  p.state = domain::PriceStateFromName(Get<std::string>(r, "state"))
                .value_or(domain::PriceState::kProposed);
  p.note = Get<std::string>(r, "note");
  p.proposed_by = Get<std::string>(r, "proposed_by");
  p.propose_time = FromMicros(Get<long long>(r, "proposed_us"));
  p.decided_by = Get<std::string>(r, "decided_by");
  p.decide_time = FromMicros(Get<std::optional<long long>>(r, "decided_us"));
  p.announce_time =
      FromMicros(Get<std::optional<long long>>(r, "announced_us"));
  p.reject_reason = Get<std::string>(r, "reject_reason");
  return p;
}

// --- announcements
// -----------------------------------------------------------------

constexpr char kAnnouncementColumns[] = R"sql(
SELECT a.id, a.site_id, a.title_zh, a.title_en, a.body_zh, a.body_en,
       a.published::int AS published, a.channels, a.created_by,
       ts_to_us(a.created_at) AS created_us, a.published_by,
       ts_to_us(a.published_at) AS published_us,
       COALESCE((SELECT string_agg(item_id::text, ' ' ORDER BY position)
                 FROM announcement_items WHERE announcement_id = a.id), '')
         AS item_ids,
       COALESCE((SELECT string_agg(price_id::text, ' ' ORDER BY position)
                 FROM announcement_prices WHERE announcement_id = a.id), '')
         AS price_ids,
       COALESCE((SELECT string_agg(event_id::text, ' ' ORDER BY position)
                 FROM announcement_events WHERE announcement_id = a.id), '')
         AS event_ids
FROM announcements a )sql";

constexpr char kSelectAnnouncement[] = "WHERE a.site_id = :site AND a.id = :id";
constexpr char kListAnnouncements[] = R"sql(
WHERE a.site_id = :site AND (:after::bigint = 0 OR a.id < :after)
  AND (:published = '' OR a.published = (:published = 'true'))
ORDER BY a.id DESC LIMIT :lim)sql";

constexpr char kInsertAnnouncement[] = R"sql(
INSERT INTO announcements (site_id, title_zh, title_en, body_zh, body_en,
    created_by, created_at)
VALUES (:site, :title_zh, :title_en, :body_zh, :body_en, :created_by,
    us_to_ts(:created_us))
RETURNING id)sql";

constexpr char kInsertAnnouncementItem[] = R"sql(
INSERT INTO announcement_items (announcement_id, site_id, item_id, position)
VALUES (:announcement, :site, :item, :position))sql";

constexpr char kInsertAnnouncementPrice[] = R"sql(
INSERT INTO announcement_prices (announcement_id, site_id, price_id, position)
VALUES (:announcement, :site, :price, :position))sql";

constexpr char kInsertAnnouncementEvent[] = R"sql(
INSERT INTO announcement_events (announcement_id, site_id, event_id, position)
VALUES (:announcement, :site, :event, :position))sql";

constexpr char kRecordPublication[] = R"sql(
UPDATE announcements
SET published = true, channels = :channels, published_by = :published_by,
    published_at = us_to_ts(:published_us)
WHERE site_id = :site AND id = :id)sql";

std::vector<int64_t> ParseIds(const std::string& text) {
  std::vector<int64_t> ids;
  for (absl::string_view word : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    int64_t id = 0;
    if (absl::SimpleAtoi(word, &id)) ids.push_back(id);
  }
  return ids;
}

domain::Announcement AnnouncementFromRow(const soci::row& r) {
  domain::Announcement a;
  a.id = r.get<long long>("id");
  a.site_id = r.get<long long>("site_id");
  a.title_zh = r.get<std::string>("title_zh");
  a.title_en = r.get<std::string>("title_en");
  a.body_zh = r.get<std::string>("body_zh");
  a.body_en = r.get<std::string>("body_en");
  a.published = r.get<int>("published") != 0;
  for (const std::string& name : SplitWords(r.get<std::string>("channels"))) {
    if (auto c = domain::AnnouncementChannelFromName(name))
      a.channels.push_back(*c);
  }
  a.created_by = r.get<std::string>("created_by");
  a.create_time = FromMicros(r.get<long long>("created_us"));
  a.published_by = r.get<std::string>("published_by");
  a.publish_time = FromMicros(r.get<std::optional<long long>>("published_us"));
  a.item_ids = ParseIds(r.get<std::string>("item_ids"));
  a.price_ids = ParseIds(r.get<std::string>("price_ids"));
  a.event_ids = ParseIds(r.get<std::string>("event_ids"));
  return a;
}

// --- providers
// ------------------------------------------------------------------------

constexpr char kProviderColumns[] = R"sql(
SELECT id, site_id, item_id, name_zh, name_en, phone, address, notes_zh,
       notes_en, active::int AS active, ts_to_us(created_at) AS created_us,
       version
FROM providers )sql";

constexpr char kSelectProvider[] = "WHERE site_id = :site AND id = :id";
constexpr char kListProviders[] = R"sql(
WHERE site_id = :site AND id > :after
  AND (:item::bigint = 0 OR item_id = :item)
ORDER BY id LIMIT :lim)sql";
// Name matches rank above notes and address matches.
constexpr char kSearchProviders[] = R"sql(
WHERE site_id = :site AND active
  AND (:item::bigint = 0 OR item_id = :item)
  AND (:pattern = '' OR name_zh ILIKE :pattern OR name_en ILIKE :pattern
       OR notes_zh ILIKE :pattern OR notes_en ILIKE :pattern
       OR address ILIKE :pattern)
ORDER BY (:pattern <> '' AND (name_zh ILIKE :pattern OR name_en ILIKE :pattern))
         DESC, id
LIMIT :lim)sql";

constexpr char kInsertProvider[] = R"sql(
INSERT INTO providers (site_id, item_id, name_zh, name_en, phone, address,
    notes_zh, notes_en, active, created_at)
VALUES (:site, :item, :name_zh, :name_en, :phone, :address, :notes_zh,
    :notes_en, :active, us_to_ts(:created_us))
RETURNING id)sql";

constexpr char kUpdateProvider[] = R"sql(
UPDATE providers SET item_id = :item, name_zh = :name_zh, name_en = :name_en,
  phone = :phone, address = :address, notes_zh = :notes_zh,
  notes_en = :notes_en, active = :active, version = version + 1
WHERE site_id = :site AND id = :id AND version = :version
RETURNING version)sql";

constexpr char kInsertLookup[] = R"sql(
INSERT INTO lookups (site_id, item_id, principal, results, looked_up_at)
VALUES (:site, :item, :principal, :results, us_to_ts(:at)))sql";

domain::Provider ProviderFromRow(const soci::row& r) {
  domain::Provider p;
  p.id = r.get<long long>("id");
  p.site_id = r.get<long long>("site_id");
  p.item_id = r.get<long long>("item_id");
  p.name_zh = r.get<std::string>("name_zh");
  p.name_en = r.get<std::string>("name_en");
  p.phone = r.get<std::string>("phone");
  p.address = r.get<std::string>("address");
  p.notes_zh = r.get<std::string>("notes_zh");
  p.notes_en = r.get<std::string>("notes_en");
  p.active = r.get<int>("active") != 0;
  p.create_time = FromMicros(r.get<long long>("created_us"));
  p.version = r.get<long long>("version");
  return p;
}

template <typename T, typename FromRow>
std::vector<T> Collect(soci::rowset<soci::row>& rows, FromRow from_row) {
  std::vector<T> out;
  for (const soci::row& row : rows) out.push_back(from_row(row));
  return out;
}

// Binds every column of an item for INSERT/UPDATE. The values live in the
// struct so the references SOCI keeps stay valid until execution.
struct ItemParams {
  explicit ItemParams(const domain::ServiceItem& i)
      : category(domain::Name(i.category)),
        fee_kind(domain::Name(i.fee_kind)),
        fulfilment(domain::Name(i.fulfilment)),
        state(domain::Name(i.state)),
        response_s(absl::ToInt64Seconds(i.response_target)),
        completion_s(absl::ToInt64Seconds(i.completion_target)),
        follow_up_s(absl::ToInt64Seconds(i.follow_up_delay)),
        display_order(i.display_order),
        illustrative(i.illustrative ? 1 : 0),
        approved_us(ToMicros(i.approve_time)),
        retired_us(ToMicros(i.retire_time)),
        created_us(ToMicros(i.create_time)),
        updated_us(ToMicros(i.update_time)) {}
  std::string category, fee_kind, fulfilment, state;
  long long response_s, completion_s, follow_up_s;
  int display_order, illustrative;
  std::optional<long long> approved_us, retired_us;
  long long created_us, updated_us;
};

}  // namespace

std::string ContainsPattern(const std::string& text) {
  if (text.empty()) return "";
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  pattern.push_back('%');
  return pattern;
}

std::string IdArray(const std::vector<int64_t>& ids) {
  return absl::StrCat("{", absl::StrJoin(ids, ","), "}");
}

domain::ServiceItem InsertItem(soci::session& sql,
                               const domain::ServiceItem& item) {
  domain::ServiceItem stored = item;
  const ItemParams p(item);
  sql << kInsertItem, soci::use(item.site_id, "site"),
      soci::use(item.code, "code"), soci::use(item.title_zh, "title_zh"),
      soci::use(item.title_en, "title_en"),
      soci::use(item.description_zh, "description_zh"),
      soci::use(item.description_en, "description_en"),
      soci::use(p.category, "category"), soci::use(p.fee_kind, "fee_kind"),
      soci::use(p.fulfilment, "fulfilment"),
      soci::use(item.department_id, "department"),
      soci::use(item.conditions_zh, "conditions_zh"),
      soci::use(item.conditions_en, "conditions_en"),
      soci::use(p.response_s, "response_s"),
      soci::use(p.completion_s, "completion_s"),
      soci::use(p.follow_up_s, "follow_up_s"), soci::use(p.state, "state"),
      soci::use(p.display_order, "display_order"),
      soci::use(p.illustrative, "illustrative"),
      soci::use(item.teaches, "teaches"),
      soci::use(item.approved_by, "approved_by"),
      soci::use(p.approved_us, "approved_us"),
      soci::use(p.created_us, "created_us"), soci::into(stored.id);
  stored.update_time = item.create_time;
  stored.version = 1;
  return stored;
}

pg::Command FindItemCommand(int64_t site_id, int64_t item_id) {
  return {kFindItem, {site_id, item_id}};
}

std::optional<domain::ServiceItem> ItemFromResult(const pg::Result& result) {
  return FirstRow<domain::ServiceItem>(result, ItemFromRow<pg::Row>);
}

std::optional<domain::ServiceItem> FindItem(soci::session& sql, int64_t site_id,
                                            int64_t item_id) {
  return ItemFromResult(pg::Execute(sql, FindItemCommand(site_id, item_id)));
}

std::optional<domain::ServiceItem> FindItemByCode(soci::session& sql,
                                                  int64_t site_id,
                                                  const std::string& code) {
  soci::row r;
  sql << std::string(kItemColumns) + kSelectItemByCode,
      soci::use(site_id, "site"), soci::use(code, "code"), soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  return ItemFromRow(r);
}

Page<domain::ServiceItem> ListItems(soci::session& sql, int64_t site_id,
                                    const ItemFilter& filter,
                                    PageRequest page) {
  const std::string category =
      filter.category ? std::string(domain::Name(*filter.category)) : "";
  const std::string fee_kind =
      filter.fee_kind ? std::string(domain::Name(*filter.fee_kind)) : "";
  const std::string state =
      filter.state ? std::string(domain::Name(*filter.state)) : "";
  const std::string pattern = ContainsPattern(filter.text);
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kItemColumns) + kListItems,
       soci::use(site_id, "site"), soci::use(page.after_id, "after"),
       soci::use(category, "category"), soci::use(fee_kind, "fee_kind"),
       soci::use(filter.department_id, "department"), soci::use(state, "state"),
       soci::use(pattern, "pattern"), soci::use(fetch, "lim"));
  return MakePage(Collect<domain::ServiceItem>(rows, ItemFromRow<soci::row>),
                  page.limit);
}

std::optional<domain::ServiceItem> UpdateItem(soci::session& sql,
                                              const domain::ServiceItem& item,
                                              int64_t expected_version) {
  const ItemParams p(item);
  long long version = 0;
  sql << kUpdateItem, soci::use(item.code, "code"),
      soci::use(item.title_zh, "title_zh"),
      soci::use(item.title_en, "title_en"),
      soci::use(item.description_zh, "description_zh"),
      soci::use(item.description_en, "description_en"),
      soci::use(p.category, "category"), soci::use(p.fee_kind, "fee_kind"),
      soci::use(p.fulfilment, "fulfilment"),
      soci::use(item.department_id, "department"),
      soci::use(item.conditions_zh, "conditions_zh"),
      soci::use(item.conditions_en, "conditions_en"),
      soci::use(p.response_s, "response_s"),
      soci::use(p.completion_s, "completion_s"),
      soci::use(p.follow_up_s, "follow_up_s"), soci::use(p.state, "state"),
      soci::use(p.display_order, "display_order"),
      soci::use(item.teaches, "teaches"),
      soci::use(item.approved_by, "approved_by"),
      soci::use(p.approved_us, "approved_us"),
      soci::use(p.retired_us, "retired_us"),
      soci::use(item.retire_reason, "retire_reason"),
      soci::use(p.updated_us, "updated_us"), soci::use(item.site_id, "site"),
      soci::use(item.id, "id"), soci::use(expected_version, "version"),
      soci::into(version);
  if (!sql.got_data()) return std::nullopt;
  return FindItem(sql, item.site_id, item.id);
}

void InsertDefaultCatalogue(
    soci::session& sql, const domain::Site& site,
    const std::vector<domain::Department>& departments) {
  auto rows = domain::ParseCatalogSeed(embedded::SeedFile(
      domain::DefaultCatalogueFile(site.kind == domain::SiteKind::kHotel)));
  if (!rows.ok()) {
    // The seed is compiled in and covered by tests; failing here is a
    // build defect, reported as such by Database::Transact.
    throw std::runtime_error(std::string(rows.status().message()));
  }
  for (const domain::CatalogSeedRow& row : *rows) {
    InsertDefaultItem(sql, site, departments, row);
  }
}

domain::ServiceItem InsertDefaultItem(
    soci::session& sql, const domain::Site& site,
    const std::vector<domain::Department>& departments,
    const domain::CatalogSeedRow& row) {
  domain::ServiceItem item = row.item;
  item.site_id = site.id;
  for (const domain::Department& d : departments) {
    if (d.code == row.department_code) item.department_id = d.id;
  }
  // The manager adopts them (CatalogService.AdoptDefaultCatalogue).
  item.state = domain::ItemState::kDraft;
  item.create_time = site.create_time;
  item = InsertItem(sql, item);
  if (row.price_minor > 0) {
    // The hotel list's starting price, in force from the start (a hotel
    // posts its prices in the room; the manager proposes new ones).
    domain::PriceVersion price;
    price.site_id = site.id;
    price.item_id = item.id;
    price.amount = {site.currency, row.price_minor};
    price.effective_time = site.create_time;
    price.state = domain::PriceState::kApproved;
    price.note = "default price";
    price.proposed_by = "system";
    price.propose_time = site.create_time;
    price = InsertPrice(sql, price);
    MarkPricesAnnounced(sql, site.id, {price.id}, site.create_time);
  }
  return item;
}

domain::PriceVersion InsertPrice(soci::session& sql,
                                 const domain::PriceVersion& price) {
  domain::PriceVersion stored = price;
  const std::string state(domain::Name(price.state));
  const long long effective_us = ToMicros(price.effective_time);
  const long long proposed_us = ToMicros(price.propose_time);
  sql << kInsertPrice, soci::use(price.site_id, "site"),
      soci::use(price.item_id, "item"), soci::use(price.amount.minor, "amount"),
      soci::use(price.amount.currency, "currency"),
      soci::use(effective_us, "effective_us"), soci::use(state, "state"),
      soci::use(price.note, "note"),
      soci::use(price.proposed_by, "proposed_by"),
      soci::use(proposed_us, "proposed_us"), soci::into(stored.id);
  return stored;
}

std::optional<domain::PriceVersion> FindPrice(soci::session& sql,
                                              int64_t site_id,
                                              int64_t price_id) {
  soci::row r;
  sql << std::string(kPriceColumns) + kSelectPrice, soci::use(site_id, "site"),
      soci::use(price_id, "id"), soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  return PriceFromRow(r);
}

pg::Command ListItemPricesCommand(int64_t site_id, int64_t item_id) {
  return {kListItemPrices, {site_id, item_id}};
}

std::vector<domain::PriceVersion> PricesFromResult(const pg::Result& result) {
  return AllRows<domain::PriceVersion>(result, PriceFromRow<pg::Row>);
}

std::vector<domain::PriceVersion> ListItemPrices(soci::session& sql,
                                                 int64_t site_id,
                                                 int64_t item_id) {
  return PricesFromResult(
      pg::Execute(sql, ListItemPricesCommand(site_id, item_id)));
}

std::vector<domain::PriceVersion> ListPricesForItems(
    soci::session& sql, int64_t site_id, const std::vector<int64_t>& ids) {
  if (ids.empty()) return {};
  const std::string array = IdArray(ids);
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kPriceColumns) + kSelectPricesForItems,
       soci::use(site_id, "site"), soci::use(array, "ids"));
  return Collect<domain::PriceVersion>(rows, PriceFromRow<soci::row>);
}

Page<domain::PriceVersion> ListPricesPage(soci::session& sql, int64_t site_id,
                                          int64_t item_id, PageRequest page) {
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kPriceColumns) + kListPricesPage,
       soci::use(site_id, "site"), soci::use(item_id, "item"),
       soci::use(page.after_id, "after"), soci::use(fetch, "lim"));
  return MakePage(Collect<domain::PriceVersion>(rows, PriceFromRow<soci::row>),
                  page.limit);
}

void RecordPriceDecision(soci::session& sql,
                         const domain::PriceVersion& price) {
  const std::string state(domain::Name(price.state));
  const std::optional<long long> decided_us = ToMicros(price.decide_time);
  sql << kRecordPriceDecision, soci::use(state, "state"),
      soci::use(price.decided_by, "decided_by"),
      soci::use(decided_us, "decided_us"),
      soci::use(price.reject_reason, "reason"),
      soci::use(price.site_id, "site"), soci::use(price.id, "id");
}

void MarkPricesAnnounced(soci::session& sql, int64_t site_id,
                         const std::vector<int64_t>& price_ids, absl::Time at) {
  if (price_ids.empty()) return;
  const std::string array = IdArray(price_ids);
  const long long at_us = ToMicros(at);
  sql << kMarkPricesAnnounced, soci::use(at_us, "at"),
      soci::use(site_id, "site"), soci::use(array, "ids");
}

domain::Announcement InsertAnnouncement(soci::session& sql,
                                        const domain::Announcement& a) {
  domain::Announcement stored = a;
  const long long created_us = ToMicros(a.create_time);
  sql << kInsertAnnouncement, soci::use(a.site_id, "site"),
      soci::use(a.title_zh, "title_zh"), soci::use(a.title_en, "title_en"),
      soci::use(a.body_zh, "body_zh"), soci::use(a.body_en, "body_en"),
      soci::use(a.created_by, "created_by"),
      soci::use(created_us, "created_us"), soci::into(stored.id);
  int position = 0;
  for (int64_t item_id : a.item_ids) {
    sql << kInsertAnnouncementItem, soci::use(stored.id, "announcement"),
        soci::use(a.site_id, "site"), soci::use(item_id, "item"),
        soci::use(position, "position");
    ++position;
  }
  position = 0;
  for (int64_t price_id : a.price_ids) {
    sql << kInsertAnnouncementPrice, soci::use(stored.id, "announcement"),
        soci::use(a.site_id, "site"), soci::use(price_id, "price"),
        soci::use(position, "position");
    ++position;
  }
  position = 0;
  for (int64_t event_id : a.event_ids) {
    sql << kInsertAnnouncementEvent, soci::use(stored.id, "announcement"),
        soci::use(a.site_id, "site"), soci::use(event_id, "event"),
        soci::use(position, "position");
    ++position;
  }
  return stored;
}

std::optional<domain::Announcement> FindAnnouncement(soci::session& sql,
                                                     int64_t site_id,
                                                     int64_t id) {
  soci::row r;
  sql << std::string(kAnnouncementColumns) + kSelectAnnouncement,
      soci::use(site_id, "site"), soci::use(id, "id"), soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  return AnnouncementFromRow(r);
}

Page<domain::Announcement> ListAnnouncements(soci::session& sql,
                                             int64_t site_id,
                                             std::optional<bool> published,
                                             PageRequest page) {
  const std::string published_text =
      published ? (*published ? "true" : "false") : "";
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kAnnouncementColumns) + kListAnnouncements,
       soci::use(site_id, "site"), soci::use(page.after_id, "after"),
       soci::use(published_text, "published"), soci::use(fetch, "lim"));
  return MakePage(Collect<domain::Announcement>(rows, AnnouncementFromRow),
                  page.limit);
}

void RecordPublication(soci::session& sql, const domain::Announcement& a) {
  std::vector<std::string> names;
  for (domain::AnnouncementChannel c : a.channels)
    names.emplace_back(domain::Name(c));
  const std::string channels = JoinWords(names);
  const std::optional<long long> published_us = ToMicros(a.publish_time);
  sql << kRecordPublication, soci::use(channels, "channels"),
      soci::use(a.published_by, "published_by"),
      soci::use(published_us, "published_us"), soci::use(a.site_id, "site"),
      soci::use(a.id, "id");
}

domain::Provider InsertProvider(soci::session& sql,
                                const domain::Provider& provider) {
  domain::Provider stored = provider;
  const int active = provider.active ? 1 : 0;
  const long long created_us = ToMicros(provider.create_time);
  sql << kInsertProvider, soci::use(provider.site_id, "site"),
      soci::use(provider.item_id, "item"),
      soci::use(provider.name_zh, "name_zh"),
      soci::use(provider.name_en, "name_en"),
      soci::use(provider.phone, "phone"),
      soci::use(provider.address, "address"),
      soci::use(provider.notes_zh, "notes_zh"),
      soci::use(provider.notes_en, "notes_en"), soci::use(active, "active"),
      soci::use(created_us, "created_us"), soci::into(stored.id);
  stored.version = 1;
  return stored;
}

std::optional<domain::Provider> FindProvider(soci::session& sql,
                                             int64_t site_id, int64_t id) {
  soci::row r;
  sql << std::string(kProviderColumns) + kSelectProvider,
      soci::use(site_id, "site"), soci::use(id, "id"), soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  return ProviderFromRow(r);
}

std::optional<domain::Provider> UpdateProvider(soci::session& sql,
                                               const domain::Provider& provider,
                                               int64_t expected_version) {
  const int active = provider.active ? 1 : 0;
  long long version = 0;
  sql << kUpdateProvider, soci::use(provider.item_id, "item"),
      soci::use(provider.name_zh, "name_zh"),
      soci::use(provider.name_en, "name_en"),
      soci::use(provider.phone, "phone"),
      soci::use(provider.address, "address"),
      soci::use(provider.notes_zh, "notes_zh"),
      soci::use(provider.notes_en, "notes_en"), soci::use(active, "active"),
      soci::use(provider.site_id, "site"), soci::use(provider.id, "id"),
      soci::use(expected_version, "version"), soci::into(version);
  if (!sql.got_data()) return std::nullopt;
  return FindProvider(sql, provider.site_id, provider.id);
}

Page<domain::Provider> ListProviders(soci::session& sql, int64_t site_id,
                                     int64_t item_id, PageRequest page) {
  const int fetch = page.limit + 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kProviderColumns) + kListProviders,
       soci::use(site_id, "site"), soci::use(page.after_id, "after"),
       soci::use(item_id, "item"), soci::use(fetch, "lim"));
  return MakePage(Collect<domain::Provider>(rows, ProviderFromRow), page.limit);
}

std::vector<domain::Provider> SearchProviders(soci::session& sql,
                                              int64_t site_id, int64_t item_id,
                                              const std::string& text,
                                              int limit) {
  const std::string pattern = ContainsPattern(text);
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kProviderColumns) + kSearchProviders,
       soci::use(site_id, "site"), soci::use(item_id, "item"),
       soci::use(pattern, "pattern"), soci::use(limit, "lim"));
  return Collect<domain::Provider>(rows, ProviderFromRow);
}

void RecordLookup(soci::session& sql, int64_t site_id,
                  std::optional<int64_t> item_id, const std::string& principal,
                  int results, absl::Time at) {
  const std::optional<long long> item =
      item_id ? std::optional<long long>(*item_id) : std::nullopt;
  const long long at_us = ToMicros(at);
  sql << kInsertLookup, soci::use(site_id, "site"), soci::use(item, "item"),
      soci::use(principal, "principal"), soci::use(results, "results"),
      soci::use(at_us, "at");
}

}  // namespace concierge::store
