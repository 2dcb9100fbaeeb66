#ifndef CONCIERGE_SERVER_API_CATALOG_CONVERT_H_
#define CONCIERGE_SERVER_API_CATALOG_CONVERT_H_

// Catalogue proto <-> domain, shared by the catalogue and request services.

#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "concierge/v1/catalog.pb.h"
#include "server/domain/catalog.h"

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

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_CATALOG_CONVERT_H_
