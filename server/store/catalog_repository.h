#ifndef CONCIERGE_SERVER_STORE_CATALOG_REPOSITORY_H_
#define CONCIERGE_SERVER_STORE_CATALOG_REPOSITORY_H_

// Service items, price versions, announcements, providers and lookups.
// Functions run inside Database::Transact/Read; SOCI errors are mapped there.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "server/domain/catalog.h"
#include "server/domain/directory.h"
#include "server/store/sql_util.h"

namespace concierge::store {

// --- items -------------------------------------------------------------------

struct ItemFilter {
  std::optional<ItemCategory> category;
  std::optional<FeeKind> fee_kind;
  int64_t department_id = 0;
  std::optional<ItemState> state;
  // Case-insensitive substring of the code or a title.
  std::string text;
};

ServiceItem InsertItem(soci::session& sql, const ServiceItem& item);
std::optional<ServiceItem> FindItem(soci::session& sql, int64_t site_id,
                                    int64_t item_id);
// FindItem as a command for pg::ExecuteBatch, and the reader of its result.
pg::Command FindItemCommand(int64_t site_id, int64_t item_id);
std::optional<ServiceItem> ItemFromResult(const pg::Result& result);
std::optional<ServiceItem> FindItemByCode(soci::session& sql, int64_t site_id,
                                          const std::string& code);
// In id order (the default catalogue is inserted in the seed's order);
// clients order for display by display_order.
Page<ServiceItem> ListItems(soci::session& sql, int64_t site_id,
                            const ItemFilter& filter, PageRequest page);
// Writes every mutable column if the version is still `expected_version`;
// returns the stored item (version + 1) or nullopt when it moved on.
std::optional<ServiceItem> UpdateItem(soci::session& sql,
                                      const ServiceItem& item,
                                      int64_t expected_version);

// Inserts the default residential catalogue (db/seed) for a new site, every
// item DRAFT: the manager adopts it (api AdoptDefaultItems).
void InsertDefaultCatalogue(soci::session& sql, const Site& site,
                            const std::vector<Department>& departments);

// --- prices --------------------------------------------------------------------

PriceVersion InsertPrice(soci::session& sql, const PriceVersion& price);
std::optional<PriceVersion> FindPrice(soci::session& sql, int64_t site_id,
                                      int64_t price_id);
// Every version of one item's price (the domain decides which is in force).
std::vector<PriceVersion> ListItemPrices(soci::session& sql, int64_t site_id,
                                         int64_t item_id);
pg::Command ListItemPricesCommand(int64_t site_id, int64_t item_id);
std::vector<PriceVersion> PricesFromResult(const pg::Result& result);
// Every version for several items at once (for a page of items).
std::vector<PriceVersion> ListPricesForItems(soci::session& sql,
                                             int64_t site_id,
                                             const std::vector<int64_t>& ids);
// Newest first; `page.after_id` is the last id seen (0: start).
Page<PriceVersion> ListPricesPage(soci::session& sql, int64_t site_id,
                                  int64_t item_id, PageRequest page);
void RecordPriceDecision(soci::session& sql, const PriceVersion& price);
// Sets announced_at where still unset.
void MarkPricesAnnounced(soci::session& sql, int64_t site_id,
                         const std::vector<int64_t>& price_ids, absl::Time at);

// --- announcements ---------------------------------------------------------------

Announcement InsertAnnouncement(soci::session& sql, const Announcement& a);
std::optional<Announcement> FindAnnouncement(soci::session& sql,
                                             int64_t site_id, int64_t id);
// Newest first. `published_only` for residents and partners.
Page<Announcement> ListAnnouncements(soci::session& sql, int64_t site_id,
                                     std::optional<bool> published,
                                     PageRequest page);
void RecordPublication(soci::session& sql, const Announcement& a);

// --- providers and lookups ---------------------------------------------------------

Provider InsertProvider(soci::session& sql, const Provider& provider);
std::optional<Provider> FindProvider(soci::session& sql, int64_t site_id,
                                     int64_t id);
std::optional<Provider> UpdateProvider(soci::session& sql,
                                       const Provider& provider,
                                       int64_t expected_version);
Page<Provider> ListProviders(soci::session& sql, int64_t site_id,
                             int64_t item_id, PageRequest page);
// Active providers matching `item_id` (0: any) and `text` (either language,
// name, notes or address), best match first.
std::vector<Provider> SearchProviders(soci::session& sql, int64_t site_id,
                                      int64_t item_id, const std::string& text,
                                      int limit);
void RecordLookup(soci::session& sql, int64_t site_id,
                  std::optional<int64_t> item_id, const std::string& principal,
                  int results, absl::Time at);

// "%text%" with LIKE's wildcards escaped, for ILIKE :pattern.
std::string ContainsPattern(const std::string& text);
// "{1,2,3}", bound as text and cast to bigint[] in SQL.
std::string IdArray(const std::vector<int64_t>& ids);

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_CATALOG_REPOSITORY_H_
