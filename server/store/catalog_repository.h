#ifndef CONCIERGE_SERVER_STORE_CATALOG_REPOSITORY_H_
#define CONCIERGE_SERVER_STORE_CATALOG_REPOSITORY_H_

// Service items, price versions, announcements, providers and lookups.
// Functions run inside Database::Transact/Read; SOCI errors are mapped there.

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/domain/catalog.h"
#include "server/domain/directory.h"
#include "server/store/sql_util.h"

namespace concierge::store {

// --- items -------------------------------------------------------------------

struct ItemFilter {
  std::optional<domain::ItemCategory> category;
  std::optional<domain::FeeKind> fee_kind;
  int64_t department_id = 0;
  std::optional<domain::ItemState> state;
  // Case-insensitive substring of the code or a title.
  std::string text;
};

domain::ServiceItem InsertItem(soci::session& sql,
                               const domain::ServiceItem& item);
std::optional<domain::ServiceItem> FindItem(soci::session& sql, int64_t site_id,
                                            int64_t item_id);
// FindItem as a command for pg::ExecuteBatch, and the reader of its result.
pg::Command FindItemCommand(int64_t site_id, int64_t item_id);
std::optional<domain::ServiceItem> ItemFromResult(const pg::Result& result);
std::optional<domain::ServiceItem> FindItemByCode(soci::session& sql,
                                                  int64_t site_id,
                                                  const std::string& code);
// In id order (the default catalogue is inserted in the seed's order);
// clients order for display by display_order.
Page<domain::ServiceItem> ListItems(soci::session& sql, int64_t site_id,
                                    const ItemFilter& filter, PageRequest page);
// Writes every mutable column if the version is still `expected_version`;
// returns the stored item (version + 1) or nullopt when it moved on.
std::optional<domain::ServiceItem> UpdateItem(soci::session& sql,
                                              const domain::ServiceItem& item,
                                              int64_t expected_version);

// Inserts the default catalogue of the site's kind (db/seed) for a new
// site, every item DRAFT: the manager adopts it (usecase
// AdoptDefaultItems). A hotel's priced items get their starting price.
void InsertDefaultCatalogue(soci::session& sql, const domain::Site& site,
                            const std::vector<domain::Department>& departments);
// One default row as InsertDefaultCatalogue inserts it (also for a hotel
// created before the hotel list shipped, at adoption).
domain::ServiceItem InsertDefaultItem(
    soci::session& sql, const domain::Site& site,
    const std::vector<domain::Department>& departments,
    const domain::CatalogSeedRow& row);

// --- prices
// --------------------------------------------------------------------

domain::PriceVersion InsertPrice(soci::session& sql,
                                 const domain::PriceVersion& price);
std::optional<domain::PriceVersion> FindPrice(soci::session& sql,
                                              int64_t site_id,
                                              int64_t price_id);
// Every version of one item's price (the domain decides which is in force).
std::vector<domain::PriceVersion> ListItemPrices(soci::session& sql,
                                                 int64_t site_id,
                                                 int64_t item_id);
pg::Command ListItemPricesCommand(int64_t site_id, int64_t item_id);
std::vector<domain::PriceVersion> PricesFromResult(const pg::Result& result);
// Every version for several items at once (for a page of items).
std::vector<domain::PriceVersion> ListPricesForItems(
    soci::session& sql, int64_t site_id, const std::vector<int64_t>& ids);
// Newest first; `page.after_id` is the last id seen (0: start).
Page<domain::PriceVersion> ListPricesPage(soci::session& sql, int64_t site_id,
                                          int64_t item_id, PageRequest page);
void RecordPriceDecision(soci::session& sql, const domain::PriceVersion& price);
// Sets announced_at where still unset.
void MarkPricesAnnounced(soci::session& sql, int64_t site_id,
                         const std::vector<int64_t>& price_ids, absl::Time at);

// --- announcements
// ---------------------------------------------------------------

domain::Announcement InsertAnnouncement(soci::session& sql,
                                        const domain::Announcement& a);
std::optional<domain::Announcement> FindAnnouncement(soci::session& sql,
                                                     int64_t site_id,
                                                     int64_t id);
// Newest first. `published_only` for residents and partners.
Page<domain::Announcement> ListAnnouncements(soci::session& sql,
                                             int64_t site_id,
                                             std::optional<bool> published,
                                             PageRequest page);
void RecordPublication(soci::session& sql, const domain::Announcement& a);

// --- providers and lookups
// ---------------------------------------------------------

domain::Provider InsertProvider(soci::session& sql,
                                const domain::Provider& provider);
std::optional<domain::Provider> FindProvider(soci::session& sql,
                                             int64_t site_id, int64_t id);
std::optional<domain::Provider> UpdateProvider(soci::session& sql,
                                               const domain::Provider& provider,
                                               int64_t expected_version);
Page<domain::Provider> ListProviders(soci::session& sql, int64_t site_id,
                                     int64_t item_id, PageRequest page);
// Active providers matching `item_id` (0: any) and `text` (either language,
// name, notes or address), best match first.
std::vector<domain::Provider> SearchProviders(soci::session& sql,
                                              int64_t site_id, int64_t item_id,
                                              const std::string& text,
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
