#ifndef CONCIERGE_SERVER_USECASE_CATALOG_H_
#define CONCIERGE_SERVER_USECASE_CATALOG_H_

// The residential service center's catalogue, each act one transaction:
// service items and their life (draft, approved, published, retired), price
// versions proposed and decided, announcements created, published and
// rendered, the default catalogue adopted (catalog_workflows.h holds the
// bodies the demo shares), and the directory of outside providers.
// Functions take ids and domain values and return domain values or a
// status; the api layer parses the wire, authorizes the method and converts
// the result (api/catalog_convert.h).

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/catalog.h"
#include "server/domain/principal.h"
#include "server/store/catalog_repository.h"
#include "server/store/database.h"
#include "server/store/idempotency.h"
#include "server/store/sql_util.h"
#include "server/usecase/actor.h"
#include "server/usecase/catalog_workflows.h"
#include "server/usecase/reply_of.h"

namespace concierge::usecase {

// Residents and partner systems see what was announced, nothing else.
bool SeesOnlyPublished(const domain::Principal& p);
// PERMISSION_DENIED when `p` sees published items only and `state` is not.
absl::Status OnlyPublished(const domain::Principal& p, domain::ItemState state);

// A department {site, id} as the caller named it; {0, 0}: none.
using NamedDepartment = std::array<int64_t, 2>;

// --- items -------------------------------------------------------------------

// An item with its price versions (the current and next prices are taken
// from them when it is shown).
struct PricedItem {
  domain::ServiceItem item;
  std::vector<domain::PriceVersion> prices;
};
// A page of items with the price versions of every item on it.
struct PricedItems {
  store::Page<domain::ServiceItem> page;
  std::vector<domain::PriceVersion> prices;
};

// The item fields a create or an update gives. `given` holds the texts
// (title, description, conditions), the code and the display order; a field
// whose value did not parse carries its error, returned only when that
// field is applied (an update's mask decides which are).
struct ItemFields {
  domain::ServiceItem given;
  absl::StatusOr<NamedDepartment> department = NamedDepartment{0, 0};
  absl::StatusOr<absl::Duration> response_target = absl::ZeroDuration();
  absl::StatusOr<absl::Duration> completion_target = absl::ZeroDuration();
  absl::StatusOr<absl::Duration> follow_up_delay = absl::ZeroDuration();
  bool has_follow_up_delay = false;
  absl::StatusOr<domain::ItemCategory> category = domain::ItemCategory{};
  absl::StatusOr<domain::FeeKind> fee_kind = domain::FeeKind{};
  absl::StatusOr<domain::Fulfilment> fulfilment = domain::Fulfilment{};
};

// Which department of the item's site `named` is ({0, 0} never asked).
using DepartmentResolver =
    std::function<absl::StatusOr<int64_t>(const NamedDepartment&)>;
// Applies one FieldMask path of `fields` to `item`: the texts as given, a
// parsed field's value or, when it did not parse, its error. Unknown paths
// change nothing (the api checks the mask). Pure but for
// `resolve_department`.
absl::Status ApplyItemField(const std::string& path, const ItemFields& fields,
                            const DepartmentResolver& resolve_department,
                            domain::ServiceItem* item);

// Residents and partners are given PUBLISHED items only (`filter.state` is
// checked and set by the caller).
absl::StatusOr<PricedItems> ListItems(store::Database& db, const Actor& actor,
                                      int64_t site_id, store::ItemFilter filter,
                                      const NamedDepartment& department,
                                      const store::PageRequest& page);

absl::StatusOr<PricedItem> GetItem(store::Database& db, const Actor& actor,
                                   int64_t site_id, int64_t item_id);

// A DRAFT item from `fields` (default targets applied), once per `key`.
absl::StatusOr<domain::ServiceItem> CreateItem(store::Database& db,
                                               const Actor& actor,
                                               int64_t site_id,
                                               const ItemFields& fields,
                                               const store::CreateKey& key);

// Changes the fields `paths` names over version `expected`.
absl::StatusOr<PricedItem> UpdateItem(store::Database& db, const Actor& actor,
                                      int64_t site_id, int64_t item_id,
                                      int64_t expected,
                                      const std::vector<std::string>& paths,
                                      const ItemFields& fields,
                                      const ReplyOf<PricedItem>& reply);

// `etag` "": whatever version is current.
absl::StatusOr<PricedItem> ApproveItem(store::Database& db, const Actor& actor,
                                       int64_t site_id, int64_t item_id,
                                       const std::string& etag,
                                       const ReplyOf<PricedItem>& reply);

absl::StatusOr<PricedItem> RetireItem(store::Database& db, const Actor& actor,
                                      int64_t site_id, int64_t item_id,
                                      const std::string& reason,
                                      const ReplyOf<PricedItem>& reply);

// --- prices ------------------------------------------------------------------

// Proposes `price` (site, item, amount, effective time and note set; an
// amount without a currency is in the site's), once per `key`.
absl::StatusOr<domain::PriceVersion> SetPrice(store::Database& db,
                                              const Actor& actor,
                                              domain::PriceVersion price,
                                              const store::CreateKey& key);

// Approves or rejects (with `reason`) the price {site, item, id}.
absl::StatusOr<domain::PriceVersion> DecidePrice(
    store::Database& db, const Actor& actor,
    const std::array<int64_t, 3>& price_ids, bool approve,
    const std::string& reason, const ReplyOf<domain::PriceVersion>& reply);

// A page of an item's price versions, and the one in force now.
struct PricePage {
  store::Page<domain::PriceVersion> page;
  std::optional<int64_t> in_force_id;
};
absl::StatusOr<PricePage> ListPrices(store::Database& db, const Actor& actor,
                                     int64_t site_id, int64_t item_id,
                                     const store::PageRequest& page);

// --- announcements -----------------------------------------------------------

// An announcement with its prices, in its order.
struct Announced {
  domain::Announcement announcement;
  std::vector<domain::PriceVersion> prices;
};

// `announcement` validated, its items, prices and events of its site.
absl::StatusOr<Announced> CreateAnnouncement(store::Database& db,
                                             const Actor& actor,
                                             domain::Announcement announcement,
                                             const store::CreateKey& key);

// Residents and partners see published announcements only.
absl::StatusOr<Announced> GetAnnouncement(store::Database& db,
                                          const Actor& actor, int64_t site_id,
                                          int64_t announcement_id);

// `published` nullopt: both.
struct AnnouncementPage {
  store::Page<domain::Announcement> page;
  std::vector<std::vector<domain::PriceVersion>> prices;  // per announcement
};
absl::StatusOr<AnnouncementPage> ListAnnouncements(
    store::Database& db, const Actor& actor, int64_t site_id,
    std::optional<bool> published, const store::PageRequest& page);

absl::StatusOr<Announced> PublishAnnouncement(
    store::Database& db, const Actor& actor, int64_t site_id,
    int64_t announcement_id,
    const std::vector<domain::AnnouncementChannel>& channels,
    const ReplyOf<Announced>& reply);

// AdoptDefaultItems (catalog_workflows.h), once per `key`.
absl::StatusOr<Announced> AdoptDefaultCatalogue(
    store::Database& db, const Actor& actor, int64_t site_id,
    const std::vector<std::string>& codes, const AnnouncementText& text,
    const store::CreateKey& key);

// The announcement's text for `channel`, in both languages, with each
// item's applicable price and its events as they stand now.
struct RenderedText {
  std::string zh, en;
};
absl::StatusOr<RenderedText> RenderAnnouncement(
    store::Database& db, const Actor& actor, int64_t site_id,
    int64_t announcement_id, domain::AnnouncementChannel channel);

// --- providers ---------------------------------------------------------------

// The provider fields a create or an update gives: `given` holds the
// names, phone, address, notes and active; `item` the item {site, id} as
// named, or the error of a name that did not parse.
struct ProviderFields {
  domain::Provider given;
  absl::StatusOr<std::array<int64_t, 2>> item = std::array<int64_t, 2>{0, 0};
};

// An item a lookup names: by id, by code, or (0 and "") none.
struct ItemRef {
  int64_t item_id = 0;
  std::string code;
};

absl::StatusOr<domain::Provider> CreateProvider(store::Database& db,
                                                const Actor& actor,
                                                int64_t site_id,
                                                const ProviderFields& fields,
                                                const store::CreateKey& key);

absl::StatusOr<domain::Provider> UpdateProvider(
    store::Database& db, const Actor& actor, int64_t site_id,
    int64_t provider_id, int64_t expected,
    const std::vector<std::string>& paths, const ProviderFields& fields,
    const ReplyOf<domain::Provider>& reply);

absl::StatusOr<store::Page<domain::Provider>> ListProviders(
    store::Database& db, const Actor& actor, int64_t site_id,
    const ItemRef& item, const store::PageRequest& page);

// Up to `limit` providers matching `item` and `text`; the lookup is counted
// (per item served) in the same transaction.
absl::StatusOr<std::vector<domain::Provider>> SearchProviders(
    store::Database& db, const Actor& actor, int64_t site_id,
    const ItemRef& item, const std::string& text, int limit);

}  // namespace concierge::usecase

#endif  // CONCIERGE_SERVER_USECASE_CATALOG_H_
