#ifndef CONCIERGE_SERVER_API_CATALOG_CONVERT_H_
#define CONCIERGE_SERVER_API_CATALOG_CONVERT_H_

// Catalogue proto <-> domain, shared by the catalogue and request services,
// and the catalogue's names and request parsing (CatalogService).

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "concierge/v1/catalog.pb.h"
#include "server/domain/catalog.h"
#include "server/domain/principal.h"
#include "server/store/catalog_repository.h"
#include "server/usecase/catalog.h"

namespace concierge::api {

// Proto enum <-> domain enum by name (ITEM_CATEGORY_AGENCY <-> AGENCY).
// INVALID_ARGUMENT naming `field` for UNSPECIFIED or unknown values.
absl::StatusOr<domain::ItemCategory> FromProto(absl::string_view field,
                                               v1::ItemCategory v);
absl::StatusOr<domain::FeeKind> FromProto(absl::string_view field,
                                          v1::FeeKind v);
absl::StatusOr<domain::Fulfilment> FromProto(absl::string_view field,
                                             v1::Fulfilment v);
absl::StatusOr<domain::ItemState> FromProto(absl::string_view field,
                                            v1::ItemState v);
absl::StatusOr<domain::AnnouncementChannel> FromProto(
    absl::string_view field, v1::AnnouncementChannel v);
v1::ItemCategory ToProto(domain::ItemCategory v);
v1::FeeKind ToProto(domain::FeeKind v);
v1::Fulfilment ToProto(domain::Fulfilment v);
v1::ItemState ToProto(domain::ItemState v);
v1::PriceState ToProto(domain::PriceState v);
v1::AnnouncementChannel ToProto(domain::AnnouncementChannel v);

// `prices` are the item's price versions; the current and next prices are
// taken at `now`.
void ToProto(const domain::ServiceItem& item,
             const std::vector<domain::PriceVersion>& prices, absl::Time now,
             v1::ServiceItem* out);
void ToProto(const domain::PriceVersion& price, bool in_force,
             v1::ServicePrice* out);
// `prices` are the announcement's prices (their item ids form the names).
void ToProto(const domain::Announcement& a,
             const std::vector<domain::PriceVersion>& prices,
             v1::Announcement* out);
void ToProto(const domain::Provider& p, v1::Provider* out);

std::string ItemName(int64_t site_id, int64_t item_id);
std::string PriceName(int64_t site_id, int64_t item_id, int64_t price_id);

// --- CatalogService's requests and answers -----------------------------------

// "sites/{site}/items/{item}" -> {site, item}.
absl::StatusOr<std::array<int64_t, 2>> ParseItem(absl::string_view field,
                                                 const std::string& name);
// "sites/{site}/items/{item}/prices/{price}" -> {site, item, price}.
absl::StatusOr<std::array<int64_t, 3>> ParsePrice(absl::string_view field,
                                                  const std::string& name);

// A department named in `field` ("" names none: {0, 0}).
absl::StatusOr<usecase::NamedDepartment> ParseDepartmentName(
    absl::string_view field, const std::string& name);

// The item fields of `in` (errors kept per field, see usecase::ItemFields).
usecase::ItemFields ItemFieldsFrom(const v1::ServiceItem& in);

// ListServiceItems' filter (the department is resolved by the use case);
// residents and partners are given published items only.
absl::StatusOr<store::ItemFilter> ItemFilterFrom(
    const domain::Principal& p, const v1::ListServiceItemsRequest& request);

// A new price version of the item {site, item}, as proposed.
absl::StatusOr<domain::PriceVersion> PriceFrom(
    const std::array<int64_t, 2>& item, const v1::ServicePrice& in);

// A new announcement of `site_id`: its texts and its items, prices and
// events (which must be the site's; each kept once).
absl::StatusOr<domain::Announcement> AnnouncementFrom(
    int64_t site_id, const v1::Announcement& in);

// The channels to publish on, each once; at least one.
absl::StatusOr<std::vector<domain::AnnouncementChannel>> ChannelsFrom(
    const google::protobuf::RepeatedField<int>& channels);

// The provider fields of `in` (the item's error kept, see
// usecase::ProviderFields).
usecase::ProviderFields ProviderFieldsFrom(const v1::Provider& in);

// The item a provider lookup names: "sites/1/items/30", a code, or "".
absl::StatusOr<usecase::ItemRef> ItemRefFrom(int64_t site_id,
                                             const std::string& text);

void ToProto(const usecase::PricedItem& item, absl::Time now,
             v1::ServiceItem* out);
void ToProto(const usecase::Announced& a, v1::Announcement* out);

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_CATALOG_CONVERT_H_
