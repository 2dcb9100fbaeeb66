#include "server/usecase/catalog_workflows.h"

#include "absl/strings/str_cat.h"
#include "server/common/embedded_file.h"
#include "server/common/etag.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/store/catalog_repository.h"
#include "server/store/directory_repository.h"
#include "server/store/front_desk_repository.h"
#include "server/usecase/loaders.h"

namespace concierge::usecase {
namespace {

// What residents read when the adopted catalogue is announced.
AnnouncementText StandardAdoptionText() {
  return {
      "服務中心個性化服務項目", "The service center's personalised services",
      "即日起，服務中心為各位業主及住戶提供以下服務。無償服務免費；有償服務按公"
      "布價格收"
      "費，不另收費用。歡迎致電或親臨服務中心登記預約。",
      "From today the service center offers the services below. Free services "
      "cost nothing; paid ones are charged at the posted price only. Call or "
      "come to the service center to book."};
}

// Every department of the site (a handful).
std::vector<domain::Department> SiteDepartments(soci::session& sql,
                                                int64_t site_id) {
  return store::ListDepartments(sql, site_id, {0, 1000}).items;
}

}  // namespace

absl::StatusOr<domain::ServiceItem> SaveItem(soci::session& sql,
                                             const domain::ServiceItem& item,
                                             int64_t expected) {
  std::optional<domain::ServiceItem> stored =
      store::UpdateItem(sql, item, expected);
  if (!stored) return StaleEtag("item.etag");
  return *stored;
}

absl::Status CheckAnnouncementContent(soci::session& sql,
                                      const domain::Announcement& a,
                                      absl::Time now) {
  for (int64_t price_id : a.price_ids) {
    std::optional<domain::PriceVersion> price =
        store::FindPrice(sql, a.site_id, price_id);
    if (!price) return absl::NotFoundError("announcement.prices: not found");
    CONCIERGE_RETURN_IF_ERROR(domain::CheckAnnounceable(*price, now));
  }
  for (int64_t item_id : a.item_ids) {
    CONCIERGE_ASSIGN_OR_RETURN(domain::ServiceItem item,
                               usecase::LoadItem(sql, a.site_id, item_id));
    CONCIERGE_RETURN_IF_ERROR(domain::CheckAnnounceable(item));
    CONCIERGE_RETURN_IF_ERROR(domain::CheckPricedForAnnouncement(
        item, store::ListItemPrices(sql, a.site_id, item_id), a.price_ids,
        now));
  }
  for (int64_t event_id : a.event_ids) {
    std::optional<domain::CommunityEvent> event =
        store::FindEvent(sql, a.site_id, event_id);
    if (!event) {
      return absl::NotFoundError(absl::StrCat(
          "announcement.events: ", SiteChildName(a.site_id, "events", event_id),
          " not found"));
    }
    if (event->end_time <= now) {
      return absl::FailedPreconditionError(absl::StrCat(
          "announcement.events: ", SiteChildName(a.site_id, "events", event_id),
          " is over; only events still to come can be announced"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<domain::Announcement> AdoptDefaultItems(
    soci::session& sql, int64_t site_id, const std::vector<std::string>& codes,
    const AnnouncementText& text, const std::string& adopted_by,
    absl::Time now) {
  CONCIERGE_ASSIGN_OR_RETURN(const domain::Site site, LoadSite(sql, site_id));
  CONCIERGE_ASSIGN_OR_RETURN(
      std::vector<domain::CatalogSeedRow> seed,
      domain::ParseCatalogSeed(embedded::SeedFile(domain::DefaultCatalogueFile(
          site.kind == domain::SiteKind::kHotel))));
  CONCIERGE_ASSIGN_OR_RETURN(std::vector<domain::CatalogSeedRow> rows,
                             domain::RowsToAdopt(seed, codes, "item_codes"));
  const bool everything_left = codes.empty();
  domain::Announcement a;
  a.site_id = site_id;
  const bool standard = text.title_zh.empty() && text.title_en.empty();
  const AnnouncementText used = standard ? StandardAdoptionText() : text;
  a.title_zh = used.title_zh;
  a.title_en = used.title_en;
  a.body_zh = used.body_zh;
  a.body_en = used.body_en;
  a.created_by = adopted_by;
  a.create_time = now;
  for (const domain::CatalogSeedRow& row : rows) {
    std::optional<domain::ServiceItem> item =
        store::FindItemByCode(sql, site_id, row.item.code);
    if (!item && site.kind == domain::SiteKind::kHotel) {
      // A hotel created before its default list shipped gets it now.
      item = store::InsertDefaultItem(sql, site, SiteDepartments(sql, site_id),
                                      row);
    }
    if (!item) {
      if (everything_left) continue;
      return absl::NotFoundError(absl::StrCat("item_codes: ", row.item.code,
                                              " is no longer in sites/",
                                              site_id, "'s catalogue"));
    }
    if (item->state != domain::ItemState::kDraft) {
      if (everything_left) continue;
      return absl::FailedPreconditionError(absl::StrCat(
          "item_codes: ", row.item.code, " is ", domain::Name(item->state),
          "; only DRAFT items are adopted"));
    }
    CONCIERGE_ASSIGN_OR_RETURN(
        item->state,
        domain::NextItemState(item->state, domain::ItemAction::kApprove));
    item->approved_by = adopted_by;
    item->approve_time = now;
    item->update_time = now;
    CONCIERGE_RETURN_IF_ERROR(SaveItem(sql, *item, item->version).status());
    a.item_ids.push_back(item->id);
  }
  if (a.item_ids.empty()) {
    return absl::FailedPreconditionError(
        "item_codes: every default item is already adopted or retired; name "
        "the items to adopt");
  }
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateAnnouncement(a));
  return store::InsertAnnouncement(sql, a);
}

absl::StatusOr<domain::Announcement> PublishAnnouncementNow(
    soci::session& sql, domain::Announcement a,
    const std::vector<domain::AnnouncementChannel>& channels,
    const std::string& published_by, absl::Time now) {
  if (a.published) {
    return absl::FailedPreconditionError("announcement is already PUBLISHED");
  }
  CONCIERGE_RETURN_IF_ERROR(CheckAnnouncementContent(sql, a, now));
  for (int64_t item_id : a.item_ids) {
    CONCIERGE_ASSIGN_OR_RETURN(domain::ServiceItem item,
                               usecase::LoadItem(sql, a.site_id, item_id));
    CONCIERGE_ASSIGN_OR_RETURN(
        item.state,
        domain::NextItemState(item.state, domain::ItemAction::kPublish));
    item.update_time = now;
    CONCIERGE_RETURN_IF_ERROR(SaveItem(sql, item, item.version).status());
  }
  store::MarkPricesAnnounced(sql, a.site_id, a.price_ids, now);
  a.published = true;
  a.channels = channels;
  a.published_by = published_by;
  a.publish_time = now;
  store::RecordPublication(sql, a);
  return a;
}

}  // namespace concierge::usecase
