// The catalogue's announcements (usecase/catalog.h): created, read,
// published, rendered for a channel, and the default catalogue adopted.

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/front_desk.h"
#include "server/store/catalog_repository.h"
#include "server/store/front_desk_repository.h"
#include "server/usecase/catalog.h"
#include "server/usecase/loaders.h"

namespace concierge::usecase {
namespace {

std::string AnnouncementName(int64_t site_id, int64_t id) {
  return SiteChildName(site_id, "announcements", id);
}

// The announcement's prices, in its order.
std::vector<domain::PriceVersion> AnnouncementPrices(
    soci::session& sql, const domain::Announcement& a) {
  std::vector<domain::PriceVersion> prices;
  for (int64_t id : a.price_ids) {
    if (auto p = store::FindPrice(sql, a.site_id, id)) prices.push_back(*p);
  }
  return prices;
}

Announced WithPrices(soci::session& sql, domain::Announcement a) {
  Announced out;
  out.prices = AnnouncementPrices(sql, a);
  out.announcement = std::move(a);
  return out;
}

// Residents and partners see published announcements only.
absl::StatusOr<domain::Announcement> LoadAnnouncement(
    soci::session& sql, const domain::Principal& p, int64_t site_id,
    int64_t id) {
  std::optional<domain::Announcement> a =
      store::FindAnnouncement(sql, site_id, id);
  if (SeesOnlyPublished(p) && (!a || !a->published)) {
    return absl::PermissionDeniedError(
        "residents and partners see published announcements only");
  }
  if (!a) {
    return absl::NotFoundError(
        absl::StrCat(AnnouncementName(site_id, id), " not found"));
  }
  return *a;
}

// The announcement a replayed create made.
absl::StatusOr<domain::Announcement> ReplayedAnnouncement(
    soci::session& sql, const std::string& existing) {
  CONCIERGE_ASSIGN_OR_RETURN(
      auto ids, ParseSiteChild("announcement", existing, "announcements"));
  return store::Replayed(existing,
                         store::FindAnnouncement(sql, ids[0], ids[1]));
}

}  // namespace

absl::StatusOr<Announced> CreateAnnouncement(store::Database& db,
                                             const Actor& actor,
                                             domain::Announcement a,
                                             const store::CreateKey& key) {
  const int64_t site_id = a.site_id;
  Announced out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CreateAnnouncement", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(LoadSite(sql, site_id).status());
        CONCIERGE_RETURN_IF_ERROR(CheckAnnouncementContent(sql, a, actor.now));
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(sql, key, actor.now,
                              [&]() -> absl::StatusOr<std::string> {
                                a = store::InsertAnnouncement(sql, a);
                                return AnnouncementName(site_id, a.id);
                              }));
        if (existing) {
          CONCIERGE_ASSIGN_OR_RETURN(a, ReplayedAnnouncement(sql, *existing));
        }
        out = WithPrices(sql, a);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<Announced> GetAnnouncement(store::Database& db,
                                          const Actor& actor, int64_t site_id,
                                          int64_t announcement_id) {
  Announced out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "GetAnnouncement", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::Announcement a,
            LoadAnnouncement(sql, actor.principal, site_id, announcement_id));
        out = WithPrices(sql, std::move(a));
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<AnnouncementPage> ListAnnouncements(
    store::Database& db, const Actor& actor, int64_t site_id,
    std::optional<bool> published, const store::PageRequest& page) {
  AnnouncementPage out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListAnnouncements", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        out.page = store::ListAnnouncements(sql, site_id, published, page);
        out.prices.clear();
        for (const domain::Announcement& a : out.page.items) {
          out.prices.push_back(AnnouncementPrices(sql, a));
        }
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<Announced> PublishAnnouncement(
    store::Database& db, const Actor& actor, int64_t site_id,
    int64_t announcement_id,
    const std::vector<domain::AnnouncementChannel>& channels,
    const ReplyOf<Announced>& reply) {
  Announced out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "PublishAnnouncement", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::Announcement a,
            LoadAnnouncement(sql, actor.principal, site_id, announcement_id));
        CONCIERGE_ASSIGN_OR_RETURN(
            a, PublishAnnouncementNow(sql, a, channels,
                                      domain::ActorKey(actor.principal),
                                      actor.now));
        out = WithPrices(sql, std::move(a));
        if (reply) reply(out);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<Announced> AdoptDefaultCatalogue(
    store::Database& db, const Actor& actor, int64_t site_id,
    const std::vector<std::string>& codes, const AnnouncementText& text,
    const store::CreateKey& key) {
  Announced out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "AdoptDefaultCatalogue", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(LoadSite(sql, site_id).status());
        domain::Announcement a;
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(
                sql, key, actor.now, [&]() -> absl::StatusOr<std::string> {
                  CONCIERGE_ASSIGN_OR_RETURN(
                      a, AdoptDefaultItems(sql, site_id, codes, text,
                                           domain::ActorKey(actor.principal),
                                           actor.now));
                  return AnnouncementName(site_id, a.id);
                }));
        if (existing) {
          CONCIERGE_ASSIGN_OR_RETURN(a, ReplayedAnnouncement(sql, *existing));
        }
        out = WithPrices(sql, std::move(a));
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<RenderedText> RenderAnnouncement(
    store::Database& db, const Actor& actor, int64_t site_id,
    int64_t announcement_id, domain::AnnouncementChannel channel) {
  RenderedText out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "RenderAnnouncement", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::Announcement a,
            LoadAnnouncement(sql, actor.principal, site_id, announcement_id));
        CONCIERGE_ASSIGN_OR_RETURN(domain::Site site, LoadSite(sql, a.site_id));
        absl::TimeZone zone;
        absl::LoadTimeZone(site.time_zone, &zone);
        const std::vector<domain::PriceVersion> announced =
            AnnouncementPrices(sql, a);
        std::vector<domain::RenderedItem> items;
        for (int64_t item_id : a.item_ids) {
          CONCIERGE_ASSIGN_OR_RETURN(domain::ServiceItem item,
                                     LoadItem(sql, a.site_id, item_id));
          domain::RenderedItem r{item, std::nullopt};
          // The price that applies: the one announced with it, else the
          // one in force, else the next one.
          for (const domain::PriceVersion& p : announced) {
            if (p.item_id == item_id) r.price = p;
          }
          if (!r.price && item.fee_kind == domain::FeeKind::kFixed) {
            const auto all = store::ListItemPrices(sql, a.site_id, item_id);
            r.price = domain::PriceInForce(all, actor.now);
            if (!r.price) r.price = domain::NextPrice(all, actor.now);
          }
          items.push_back(std::move(r));
        }
        std::vector<domain::RenderedPrice> prices;
        for (const domain::PriceVersion& p : announced) {
          CONCIERGE_ASSIGN_OR_RETURN(domain::ServiceItem item,
                                     LoadItem(sql, a.site_id, p.item_id));
          prices.push_back({item, p});
        }
        // Events as they stand now (their place or time may have been
        // announced before; the notice prints what is current).
        std::vector<std::string> events_zh, events_en;
        for (int64_t event_id : a.event_ids) {
          std::optional<domain::CommunityEvent> event =
              store::FindEvent(sql, a.site_id, event_id);
          if (!event) continue;
          events_zh.push_back(
              domain::RenderEventLine(*event, domain::Lang::kZh, zone));
          events_en.push_back(
              domain::RenderEventLine(*event, domain::Lang::kEn, zone));
        }
        out.zh = domain::RenderAnnouncementText(a, site.display_name, items,
                                                prices, events_zh, channel,
                                                domain::Lang::kZh, zone);
        out.en = domain::RenderAnnouncementText(a, site.display_name, items,
                                                prices, events_en, channel,
                                                domain::Lang::kEn, zone);
        return absl::OkStatus();
      }));
  return out;
}

}  // namespace concierge::usecase
