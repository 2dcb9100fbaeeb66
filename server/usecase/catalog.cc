#include "server/usecase/catalog.h"

#include "absl/strings/str_cat.h"
#include "server/common/etag.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/store/catalog_repository.h"
#include "server/usecase/loaders.h"

namespace concierge::usecase {
namespace {

// A department named in `field`; {0, 0} names none (0).
absl::StatusOr<int64_t> DepartmentOf(soci::session& sql, int64_t site_id,
                                     absl::string_view field,
                                     const NamedDepartment& named) {
  if (named[0] == 0 && named[1] == 0) return 0;
  return FindDepartment(sql, site_id, field, named);
}

// The store's answer to "which department of the item's site is this?".
DepartmentResolver DepartmentsOf(soci::session& sql, int64_t site_id) {
  return [&sql, site_id](const NamedDepartment& named) {
    return DepartmentOf(sql, site_id, "item.department", named);
  };
}

absl::StatusOr<domain::ServiceItem> NewItem(soci::session& sql, int64_t site_id,
                                            const ItemFields& fields,
                                            absl::Time now) {
  domain::ServiceItem item;
  item.site_id = site_id;
  item.state = domain::ItemState::kDraft;
  item.create_time = now;
  item.update_time = now;
  for (const char* path :
       {"code", "title", "description", "conditions", "category", "fee_kind",
        "fulfilment", "department", "response_target", "completion_target",
        "display_order", "teaches"}) {
    CONCIERGE_RETURN_IF_ERROR(
        ApplyItemField(path, fields, DepartmentsOf(sql, site_id), &item));
  }
  if (fields.has_follow_up_delay) {
    CONCIERGE_RETURN_IF_ERROR(ApplyItemField(
        "follow_up_delay", fields, DepartmentsOf(sql, site_id), &item));
  }
  domain::ApplyDefaultTargets(&item);
  return item;
}

// `item` saved, with its price versions, given to `reply` before COMMIT.
absl::StatusOr<PricedItem> SaveAndReply(soci::session& sql,
                                        const domain::ServiceItem& item,
                                        int64_t expected,
                                        const ReplyOf<PricedItem>& reply) {
  PricedItem out;
  CONCIERGE_ASSIGN_OR_RETURN(out.item, SaveItem(sql, item, expected));
  out.prices = store::ListItemPrices(sql, item.site_id, item.id);
  if (reply) reply(out);
  return out;
}

std::string PriceNameOf(const std::array<int64_t, 3>& ids) {
  return absl::StrCat(SiteChildName(ids[0], "items", ids[1]), "/prices/",
                      ids[2]);
}

}  // namespace

bool SeesOnlyPublished(const domain::Principal& p) {
  return p.role == domain::Role::kResident ||
         p.role == domain::Role::kPartner || p.role == domain::Role::kGuest;
}

absl::Status OnlyPublished(const domain::Principal& p,
                           domain::ItemState state) {
  if (SeesOnlyPublished(p) && state != domain::ItemState::kPublished) {
    return absl::PermissionDeniedError(
        "residents, guests and partners see published items only");
  }
  return absl::OkStatus();
}

absl::Status ApplyItemField(const std::string& path, const ItemFields& fields,
                            const DepartmentResolver& resolve_department,
                            domain::ServiceItem* item) {
  const domain::ServiceItem& in = fields.given;
  if (path == "title") {
    item->title_zh = in.title_zh;
    item->title_en = in.title_en;
  } else if (path == "description") {
    item->description_zh = in.description_zh;
    item->description_en = in.description_en;
  } else if (path == "conditions") {
    item->conditions_zh = in.conditions_zh;
    item->conditions_en = in.conditions_en;
  } else if (path == "department") {
    CONCIERGE_ASSIGN_OR_RETURN(NamedDepartment named, fields.department);
    if (named[0] == 0 && named[1] == 0) {
      item->department_id = 0;
    } else {
      CONCIERGE_ASSIGN_OR_RETURN(item->department_id,
                                 resolve_department(named));
    }
  } else if (path == "response_target") {
    CONCIERGE_ASSIGN_OR_RETURN(item->response_target, fields.response_target);
  } else if (path == "completion_target") {
    CONCIERGE_ASSIGN_OR_RETURN(item->completion_target,
                               fields.completion_target);
  } else if (path == "follow_up_delay") {
    CONCIERGE_ASSIGN_OR_RETURN(item->follow_up_delay, fields.follow_up_delay);
  } else if (path == "display_order") {
    item->display_order = in.display_order;
  } else if (path == "teaches") {
    item->teaches = in.teaches;
  } else if (path == "code") {
    item->code = in.code;
  } else if (path == "category") {
    CONCIERGE_ASSIGN_OR_RETURN(item->category, fields.category);
  } else if (path == "fee_kind") {
    CONCIERGE_ASSIGN_OR_RETURN(item->fee_kind, fields.fee_kind);
  } else if (path == "fulfilment") {
    CONCIERGE_ASSIGN_OR_RETURN(item->fulfilment, fields.fulfilment);
  }
  return absl::OkStatus();
}

// --- items -------------------------------------------------------------------

absl::StatusOr<PricedItems> ListItems(store::Database& db, const Actor& actor,
                                      int64_t site_id, store::ItemFilter filter,
                                      const NamedDepartment& department,
                                      const store::PageRequest& page) {
  PricedItems out;
  CONCIERGE_RETURN_IF_ERROR(
      db.Read("ListServiceItems", actor.deadline,
              [&](soci::session& sql) -> absl::Status {
                CONCIERGE_ASSIGN_OR_RETURN(
                    filter.department_id,
                    DepartmentOf(sql, site_id, "department", department));
                out.page = store::ListItems(sql, site_id, filter, page);
                std::vector<int64_t> ids;
                for (const domain::ServiceItem& i : out.page.items)
                  ids.push_back(i.id);
                out.prices = store::ListPricesForItems(sql, site_id, ids);
                return absl::OkStatus();
              }));
  return out;
}

absl::StatusOr<PricedItem> GetItem(store::Database& db, const Actor& actor,
                                   int64_t site_id, int64_t item_id) {
  PricedItem out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "GetServiceItem", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        std::optional<domain::ServiceItem> item =
            store::FindItem(sql, site_id, item_id);
        if (SeesOnlyPublished(actor.principal)) {
          CONCIERGE_RETURN_IF_ERROR(OnlyPublished(
              actor.principal, item ? item->state : domain::ItemState::kDraft));
        }
        if (!item) {
          return absl::NotFoundError(absl::StrCat(
              SiteChildName(site_id, "items", item_id), " not found"));
        }
        out.item = *std::move(item);
        out.prices = store::ListItemPrices(sql, site_id, item_id);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<domain::ServiceItem> CreateItem(store::Database& db,
                                               const Actor& actor,
                                               int64_t site_id,
                                               const ItemFields& fields,
                                               const store::CreateKey& key) {
  domain::ServiceItem item;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CreateServiceItem", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(LoadSite(sql, site_id).status());
        CONCIERGE_ASSIGN_OR_RETURN(item,
                                   NewItem(sql, site_id, fields, actor.now));
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateServiceItem(item));
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(
                sql, key, actor.now, [&]() -> absl::StatusOr<std::string> {
                  if (store::FindItemByCode(sql, site_id, item.code)) {
                    return absl::AlreadyExistsError(absl::StrCat(
                        "item.code: ", item.code, " already exists"));
                  }
                  item = store::InsertItem(sql, item);
                  return SiteChildName(site_id, "items", item.id);
                }));
        if (!existing) return absl::OkStatus();
        CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                   ParseSiteChild("item", *existing, "items"));
        CONCIERGE_ASSIGN_OR_RETURN(
            item,
            store::Replayed(*existing, store::FindItem(sql, ids[0], ids[1])));
        return absl::OkStatus();
      }));
  return item;
}

absl::StatusOr<PricedItem> UpdateItem(store::Database& db, const Actor& actor,
                                      int64_t site_id, int64_t item_id,
                                      int64_t expected,
                                      const std::vector<std::string>& paths,
                                      const ItemFields& fields,
                                      const ReplyOf<PricedItem>& reply) {
  PricedItem out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "UpdateServiceItem", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(domain::ServiceItem item,
                                   LoadItem(sql, site_id, item_id));
        const std::string stored_code = item.code;
        for (const std::string& path : paths) {
          CONCIERGE_RETURN_IF_ERROR(domain::CheckEditable(item.state, path));
          CONCIERGE_RETURN_IF_ERROR(
              ApplyItemField(path, fields, DepartmentsOf(sql, site_id), &item));
        }
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateServiceItem(item));
        if (item.version != expected) return StaleEtag("item.etag");
        if (item.code != stored_code &&
            store::FindItemByCode(sql, site_id, item.code)) {
          return absl::AlreadyExistsError(
              absl::StrCat("item.code: ", item.code, " already exists"));
        }
        item.update_time = actor.now;
        CONCIERGE_ASSIGN_OR_RETURN(out,
                                   SaveAndReply(sql, item, expected, reply));
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<PricedItem> ApproveItem(store::Database& db, const Actor& actor,
                                       int64_t site_id, int64_t item_id,
                                       const std::string& etag,
                                       const ReplyOf<PricedItem>& reply) {
  PricedItem out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "ApproveServiceItem", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(domain::ServiceItem item,
                                   LoadItem(sql, site_id, item_id));
        if (!etag.empty() && etag != absl::StrCat(item.version)) {
          return StaleEtag("etag");
        }
        const bool first_approval = item.state == domain::ItemState::kDraft;
        CONCIERGE_ASSIGN_OR_RETURN(
            item.state,
            domain::NextItemState(item.state, domain::ItemAction::kApprove));
        if (first_approval) {
          item.approved_by = domain::ActorKey(actor.principal);
          item.approve_time = actor.now;
        }
        item.update_time = actor.now;
        CONCIERGE_ASSIGN_OR_RETURN(
            out, SaveAndReply(sql, item, item.version, reply));
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<PricedItem> RetireItem(store::Database& db, const Actor& actor,
                                      int64_t site_id, int64_t item_id,
                                      const std::string& reason,
                                      const ReplyOf<PricedItem>& reply) {
  PricedItem out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "RetireServiceItem", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(domain::ServiceItem item,
                                   LoadItem(sql, site_id, item_id));
        CONCIERGE_ASSIGN_OR_RETURN(
            item.state,
            domain::NextItemState(item.state, domain::ItemAction::kRetire));
        item.retire_time = actor.now;
        item.retire_reason = reason;
        item.update_time = actor.now;
        CONCIERGE_ASSIGN_OR_RETURN(
            out, SaveAndReply(sql, item, item.version, reply));
        return absl::OkStatus();
      }));
  return out;
}

// --- prices ------------------------------------------------------------------

absl::StatusOr<domain::PriceVersion> SetPrice(store::Database& db,
                                              const Actor& actor,
                                              domain::PriceVersion price,
                                              const store::CreateKey& key) {
  const int64_t site_id = price.site_id;
  const int64_t item_id = price.item_id;
  price.state = domain::PriceState::kProposed;
  price.proposed_by = domain::ActorKey(actor.principal);
  price.propose_time = actor.now;
  const domain::Money given = price.amount;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "SetServicePrice", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(domain::Site site, LoadSite(sql, site_id));
        CONCIERGE_ASSIGN_OR_RETURN(domain::ServiceItem item,
                                   LoadItem(sql, site_id, item_id));
        price.amount = given;
        if (price.amount.currency.empty())
          price.amount.currency = site.currency;
        CONCIERGE_RETURN_IF_ERROR(domain::ValidatePriceProposal(
            item, price, site.currency, actor.now));
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(
                sql, key, actor.now, [&]() -> absl::StatusOr<std::string> {
                  price = store::InsertPrice(sql, price);
                  return PriceNameOf({site_id, item_id, price.id});
                }));
        if (!existing) return absl::OkStatus();
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids,
            ParseName<3>("price", *existing, {"sites", "items", "prices"}));
        CONCIERGE_ASSIGN_OR_RETURN(
            price,
            store::Replayed(*existing, store::FindPrice(sql, ids[0], ids[2])));
        return absl::OkStatus();
      }));
  return price;
}

absl::StatusOr<domain::PriceVersion> DecidePrice(
    store::Database& db, const Actor& actor, const std::array<int64_t, 3>& ids,
    bool approve, const std::string& reason,
    const ReplyOf<domain::PriceVersion>& reply) {
  domain::PriceVersion out;
  CONCIERGE_RETURN_IF_ERROR(
      db.Transact(approve ? "ApproveServicePrice" : "RejectServicePrice",
                  actor.deadline, [&](soci::session& sql) -> absl::Status {
                    std::optional<domain::PriceVersion> price =
                        store::FindPrice(sql, ids[0], ids[2]);
                    if (!price || price->item_id != ids[1]) {
                      return absl::NotFoundError(
                          absl::StrCat(PriceNameOf(ids), " not found"));
                    }
                    CONCIERGE_RETURN_IF_ERROR(
                        domain::CheckPriceDecision(*price, approve, actor.now));
                    price->state = approve ? domain::PriceState::kApproved
                                           : domain::PriceState::kRejected;
                    price->decided_by = domain::ActorKey(actor.principal);
                    price->decide_time = actor.now;
                    price->reject_reason = approve ? "" : reason;
                    store::RecordPriceDecision(sql, *price);
                    if (reply) reply(*price);
                    out = *std::move(price);
                    return absl::OkStatus();
                  }));
  return out;
}

absl::StatusOr<PricePage> ListPrices(store::Database& db, const Actor& actor,
                                     int64_t site_id, int64_t item_id,
                                     const store::PageRequest& page) {
  PricePage out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListServicePrices", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(LoadItem(sql, site_id, item_id).status());
        const auto all = store::ListItemPrices(sql, site_id, item_id);
        const std::optional<domain::PriceVersion> in_force =
            domain::PriceInForce(all, actor.now);
        if (in_force) out.in_force_id = in_force->id;
        out.page = store::ListPricesPage(sql, site_id, item_id, page);
        return absl::OkStatus();
      }));
  return out;
}

}  // namespace concierge::usecase
