// The catalogue's directory of outside providers (usecase/catalog.h).

#include <set>

#include "absl/strings/str_cat.h"
#include "server/common/etag.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"
#include "server/store/catalog_repository.h"
#include "server/usecase/catalog.h"
#include "server/usecase/loaders.h"

namespace concierge::usecase {
namespace {

// Applies one FieldMask path of `fields` to `p`.
absl::Status ApplyProviderField(soci::session& sql, const std::string& path,
                                const ProviderFields& fields,
                                domain::Provider* p) {
  const domain::Provider& in = fields.given;
  if (path == "item") {
    CONCIERGE_ASSIGN_OR_RETURN(auto ids, fields.item);
    if (ids[0] != p->site_id) {
      return absl::InvalidArgumentError(
          "provider.item: must be an item of the provider's site");
    }
    CONCIERGE_RETURN_IF_ERROR(LoadItem(sql, ids[0], ids[1]).status());
    p->item_id = ids[1];
  } else if (path == "display_name") {
    p->name_zh = in.name_zh;
    p->name_en = in.name_en;
  } else if (path == "phone") {
    p->phone = in.phone;
  } else if (path == "address") {
    p->address = in.address;
  } else if (path == "notes") {
    p->notes_zh = in.notes_zh;
    p->notes_en = in.notes_en;
  } else if (path == "active") {
    p->active = in.active;
  } else {
    return absl::InvalidArgumentError(absl::StrCat(
        "update_mask: unknown or read-only field \"", path,
        "\" (allowed: item, display_name, phone, address, notes, active)"));
  }
  return absl::OkStatus();
}

// The id of the item a lookup names (0: none).
absl::StatusOr<int64_t> ResolveItemRef(soci::session& sql, int64_t site_id,
                                       const ItemRef& ref) {
  if (ref.item_id != 0) {
    CONCIERGE_RETURN_IF_ERROR(LoadItem(sql, site_id, ref.item_id).status());
    return ref.item_id;
  }
  if (ref.code.empty()) return 0;
  std::optional<domain::ServiceItem> item =
      store::FindItemByCode(sql, site_id, ref.code);
  if (!item) {
    return absl::NotFoundError(absl::StrCat("item: no item coded ", ref.code));
  }
  return item->id;
}

}  // namespace

absl::StatusOr<domain::Provider> CreateProvider(store::Database& db,
                                                const Actor& actor,
                                                int64_t site_id,
                                                const ProviderFields& fields,
                                                const store::CreateKey& key) {
  domain::Provider p;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CreateProvider", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        p = domain::Provider{};
        p.site_id = site_id;
        p.active = true;
        p.create_time = actor.now;
        for (const char* path :
             {"item", "display_name", "phone", "address", "notes"}) {
          CONCIERGE_RETURN_IF_ERROR(ApplyProviderField(sql, path, fields, &p));
        }
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateProvider(p));
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(
                sql, key, actor.now, [&]() -> absl::StatusOr<std::string> {
                  p = store::InsertProvider(sql, p);
                  return SiteChildName(site_id, "providers", p.id);
                }));
        if (!existing) return absl::OkStatus();
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("provider", *existing, "providers"));
        CONCIERGE_ASSIGN_OR_RETURN(
            p, store::Replayed(*existing,
                               store::FindProvider(sql, ids[0], ids[1])));
        return absl::OkStatus();
      }));
  return p;
}

absl::StatusOr<domain::Provider> UpdateProvider(
    store::Database& db, const Actor& actor, int64_t site_id,
    int64_t provider_id, int64_t expected,
    const std::vector<std::string>& paths, const ProviderFields& fields,
    const ReplyOf<domain::Provider>& reply) {
  domain::Provider out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "UpdateProvider", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        std::optional<domain::Provider> p =
            store::FindProvider(sql, site_id, provider_id);
        if (!p) {
          return absl::NotFoundError(absl::StrCat(
              SiteChildName(site_id, "providers", provider_id), " not found"));
        }
        for (const std::string& path : paths) {
          CONCIERGE_RETURN_IF_ERROR(ApplyProviderField(sql, path, fields, &*p));
        }
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateProvider(*p));
        std::optional<domain::Provider> stored =
            store::UpdateProvider(sql, *p, expected);
        if (!stored) return StaleEtag("provider.etag");
        if (reply) reply(*stored);
        out = *std::move(stored);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<store::Page<domain::Provider>> ListProviders(
    store::Database& db, const Actor& actor, int64_t site_id,
    const ItemRef& item, const store::PageRequest& page) {
  store::Page<domain::Provider> out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListProviders", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t item_id,
                                   ResolveItemRef(sql, site_id, item));
        out = store::ListProviders(sql, site_id, item_id, page);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<std::vector<domain::Provider>> SearchProviders(
    store::Database& db, const Actor& actor, int64_t site_id,
    const ItemRef& item, const std::string& text, int limit) {
  std::vector<domain::Provider> found;
  // A lookup is answered and counted in one transaction.
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "SearchProviders", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t item_id,
                                   ResolveItemRef(sql, site_id, item));
        found = store::SearchProviders(sql, site_id, item_id, text, limit);
        std::set<int64_t> served;
        for (const domain::Provider& p : found) served.insert(p.item_id);
        if (served.empty() && item_id != 0) served.insert(item_id);
        const std::string who = domain::ActorKey(actor.principal);
        const int results = static_cast<int>(found.size());
        if (served.empty()) {
          store::RecordLookup(sql, site_id, std::nullopt, who, 0, actor.now);
        }
        for (int64_t id : served) {
          store::RecordLookup(sql, site_id, id, who, results, actor.now);
        }
        return absl::OkStatus();
      }));
  return found;
}

}  // namespace concierge::usecase
