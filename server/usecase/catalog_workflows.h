#ifndef CONCIERGE_SERVER_USECASE_CATALOG_WORKFLOWS_H_
#define CONCIERGE_SERVER_USECASE_CATALOG_WORKFLOWS_H_

// Catalogue workflows that CatalogService and the demo both run: each is the
// body of one transaction (the caller opens it) taking ids and domain
// values, so the demo seeds through the same rules as the API.

#include <soci/soci.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/catalog.h"

namespace concierge::usecase {

// Writes `item` (already changed) over version `expected`, or ABORTED
// naming item.etag.
absl::StatusOr<domain::ServiceItem> SaveItem(soci::session& sql,
                                             const domain::ServiceItem& item,
                                             int64_t expected);

// Everything an announcement carries must be announceable at `now`; FIXED
// items must come with a price.
absl::Status CheckAnnouncementContent(soci::session& sql,
                                      const domain::Announcement& announcement,
                                      absl::Time now);

// The manager adopts the default catalogue (seed §1(1), §3): the default
// items named by `codes` (empty: every DEFAULT row still DRAFT; see
// RowsToAdopt) are approved by `adopted_by`, and a draft announcement
// listing them is created with `text`'s title and body (empty: the standard
// text in both languages). FAILED_PRECONDITION naming the code for an item
// no longer DRAFT; NOT_FOUND for a default item the site no longer has.
struct AnnouncementText {
  std::string title_zh, title_en, body_zh, body_en;
};
absl::StatusOr<domain::Announcement> AdoptDefaultItems(
    soci::session& sql, int64_t site_id, const std::vector<std::string>& codes,
    const AnnouncementText& text, const std::string& adopted_by,
    absl::Time now);

// Publishes a draft announcement on `channels`: its items become
// PUBLISHED (bookable) and its prices count as announced from `now`.
absl::StatusOr<domain::Announcement> PublishAnnouncementNow(
    soci::session& sql, domain::Announcement announcement,
    const std::vector<domain::AnnouncementChannel>& channels,
    const std::string& published_by, absl::Time now);

}  // namespace concierge::usecase

#endif  // CONCIERGE_SERVER_USECASE_CATALOG_WORKFLOWS_H_
