#include "server/api/catalog_service.h"

#include <algorithm>
#include <optional>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/api/catalog_convert.h"
#include "server/api/convert.h"
#include "server/common/etag.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"
#include "server/store/catalog_repository.h"
#include "server/store/directory_repository.h"
#include "server/store/front_desk_repository.h"
#include "server/usecase/catalog_workflows.h"
#include "server/usecase/loaders.h"

namespace concierge::api {
namespace {

using usecase::AdoptDefaultItems;
using usecase::AnnouncementText;
using usecase::CheckAnnouncementContent;
using usecase::PublishAnnouncementNow;
using usecase::SaveItem;

#define CATALOG_RPC(name) "/concierge.v1.CatalogService/" name

constexpr char kListServiceItems[] = CATALOG_RPC("ListServiceItems");
constexpr char kGetServiceItem[] = CATALOG_RPC("GetServiceItem");
constexpr char kCreateServiceItem[] = CATALOG_RPC("CreateServiceItem");
constexpr char kUpdateServiceItem[] = CATALOG_RPC("UpdateServiceItem");
constexpr char kApproveServiceItem[] = CATALOG_RPC("ApproveServiceItem");
constexpr char kRetireServiceItem[] = CATALOG_RPC("RetireServiceItem");
constexpr char kSetServicePrice[] = CATALOG_RPC("SetServicePrice");
constexpr char kApproveServicePrice[] = CATALOG_RPC("ApproveServicePrice");
constexpr char kRejectServicePrice[] = CATALOG_RPC("RejectServicePrice");
constexpr char kListServicePrices[] = CATALOG_RPC("ListServicePrices");
constexpr char kCreateAnnouncement[] = CATALOG_RPC("CreateAnnouncement");
constexpr char kGetAnnouncement[] = CATALOG_RPC("GetAnnouncement");
constexpr char kListAnnouncements[] = CATALOG_RPC("ListAnnouncements");
constexpr char kPublishAnnouncement[] = CATALOG_RPC("PublishAnnouncement");
constexpr char kRenderAnnouncement[] = CATALOG_RPC("RenderAnnouncement");
constexpr char kCreateProvider[] = CATALOG_RPC("CreateProvider");
constexpr char kUpdateProvider[] = CATALOG_RPC("UpdateProvider");
constexpr char kListProviders[] = CATALOG_RPC("ListProviders");
constexpr char kSearchProviders[] = CATALOG_RPC("SearchProviders");
constexpr char kAdoptDefaultCatalogue[] = CATALOG_RPC("AdoptDefaultCatalogue");

#undef CATALOG_RPC

// Residents and partner systems see what was announced, nothing else.
bool SeesOnlyPublished(const Call& call) {
  return call.principal.role == domain::Role::kResident ||
         call.principal.role == domain::Role::kPartner;
}

absl::Status OnlyPublished(const Call& call, domain::ItemState state) {
  if (SeesOnlyPublished(call) && state != domain::ItemState::kPublished) {
    return absl::PermissionDeniedError(
        "residents and partners see published items only");
  }
  return absl::OkStatus();
}

// The catalogue is the residential service center's.
absl::Status CheckCatalogCaller(const Call& call, int64_t site_id) {
  CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
  return RequireSiteKind(call, "RESIDENTIAL");
}

absl::StatusOr<std::array<int64_t, 2>> ParseItem(absl::string_view field,
                                                 const std::string& name) {
  return ParseSiteChild(field, name, "items");
}

absl::StatusOr<std::array<int64_t, 3>> ParsePrice(absl::string_view field,
                                                  const std::string& name) {
  return ParseName<3>(field, name, {"sites", "items", "prices"});
}

absl::StatusOr<int64_t> ParseEtag(absl::string_view field,
                                  const std::string& etag) {
  int64_t version = 0;
  if (etag.empty() || !absl::SimpleAtoi(etag, &version)) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": is required (the etag of the version you read)"));
  }
  return version;
}

absl::StatusOr<absl::Duration> OptionalDuration(
    absl::string_view field, bool has, const google::protobuf::Duration& d) {
  if (!has) return absl::ZeroDuration();
  return FromProto(field, d);
}

// Applies one FieldMask path of `in` to `item`.
absl::Status ApplyItemField(soci::session& sql, const std::string& path,
                            const v1::ServiceItem& in,
                            domain::ServiceItem* item) {
  if (path == "title") {
    item->title_zh = in.title().zh();
    item->title_en = in.title().en();
  } else if (path == "description") {
    item->description_zh = in.description().zh();
    item->description_en = in.description().en();
  } else if (path == "conditions") {
    item->conditions_zh = in.conditions().zh();
    item->conditions_en = in.conditions().en();
  } else if (path == "department") {
    CONCIERGE_ASSIGN_OR_RETURN(
        item->department_id,
        usecase::ResolveDepartment(sql, item->site_id, "item.department",
                                   in.department()));
  } else if (path == "response_target") {
    CONCIERGE_ASSIGN_OR_RETURN(
        item->response_target,
        OptionalDuration("item.response_target", in.has_response_target(),
                         in.response_target()));
  } else if (path == "completion_target") {
    CONCIERGE_ASSIGN_OR_RETURN(
        item->completion_target,
        OptionalDuration("item.completion_target", in.has_completion_target(),
                         in.completion_target()));
  } else if (path == "follow_up_delay") {
    CONCIERGE_ASSIGN_OR_RETURN(
        item->follow_up_delay,
        OptionalDuration("item.follow_up_delay", in.has_follow_up_delay(),
                         in.follow_up_delay()));
  } else if (path == "display_order") {
    item->display_order = in.display_order();
  } else if (path == "code") {
    item->code = in.code();
  } else if (path == "category") {
    CONCIERGE_ASSIGN_OR_RETURN(item->category,
                               FromProto("item.category", in.category()));
  } else if (path == "fee_kind") {
    CONCIERGE_ASSIGN_OR_RETURN(item->fee_kind,
                               FromProto("item.fee_kind", in.fee_kind()));
  } else if (path == "fulfilment") {
    CONCIERGE_ASSIGN_OR_RETURN(item->fulfilment,
                               FromProto("item.fulfilment", in.fulfilment()));
  }
  return absl::OkStatus();
}

absl::StatusOr<domain::ServiceItem> ItemFromCreateRequest(
    soci::session& sql, int64_t site_id, const v1::ServiceItem& in,
    absl::Time now) {
  domain::ServiceItem item;
  item.site_id = site_id;
  item.state = domain::ItemState::kDraft;
  item.create_time = now;
  item.update_time = now;
  for (const char* path :
       {"code", "title", "description", "conditions", "category", "fee_kind",
        "fulfilment", "department", "response_target", "completion_target",
        "display_order"}) {
    CONCIERGE_RETURN_IF_ERROR(ApplyItemField(sql, path, in, &item));
  }
  if (in.has_follow_up_delay()) {
    CONCIERGE_RETURN_IF_ERROR(
        ApplyItemField(sql, "follow_up_delay", in, &item));
  }
  domain::ApplyDefaultTargets(&item);
  return item;
}

absl::StatusOr<domain::PriceVersion> LoadPrice(
    soci::session& sql, const std::array<int64_t, 3>& ids,
    const std::string& name) {
  std::optional<domain::PriceVersion> price =
      store::FindPrice(sql, ids[0], ids[2]);
  if (!price || price->item_id != ids[1]) {
    return absl::NotFoundError(absl::StrCat(name, " not found"));
  }
  return *price;
}

// Loads the announcement's prices, in its order.
std::vector<domain::PriceVersion> AnnouncementPrices(
    soci::session& sql, const domain::Announcement& a) {
  std::vector<domain::PriceVersion> prices;
  for (int64_t id : a.price_ids) {
    if (auto p = store::FindPrice(sql, a.site_id, id)) prices.push_back(*p);
  }
  return prices;
}

absl::StatusOr<domain::Announcement> LoadAnnouncement(soci::session& sql,
                                                      const Call& call,
                                                      const std::string& name) {
  CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                             ParseSiteChild("name", name, "announcements"));
  CONCIERGE_RETURN_IF_ERROR(CheckCatalogCaller(call, ids[0]));
  std::optional<domain::Announcement> a =
      store::FindAnnouncement(sql, ids[0], ids[1]);
  if (SeesOnlyPublished(call) && (!a || !a->published)) {
    return absl::PermissionDeniedError(
        "residents and partners see published announcements only");
  }
  if (!a) return absl::NotFoundError(absl::StrCat(name, " not found"));
  return *a;
}

// Resolves the announcement's item and price names to ids of `site_id`.
absl::Status ResolveAnnouncementRefs(const v1::Announcement& in,
                                     int64_t site_id, domain::Announcement* a) {
  std::set<int64_t> seen;
  for (const std::string& name : in.items()) {
    CONCIERGE_ASSIGN_OR_RETURN(auto ids, ParseItem("announcement.items", name));
    if (ids[0] != site_id) {
      return absl::InvalidArgumentError(
          "announcement.items: items must belong to the parent site");
    }
    if (seen.insert(ids[1]).second) a->item_ids.push_back(ids[1]);
  }
  seen.clear();
  for (const std::string& name : in.prices()) {
    CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                               ParsePrice("announcement.prices", name));
    if (ids[0] != site_id) {
      return absl::InvalidArgumentError(
          "announcement.prices: prices must belong to the parent site");
    }
    if (seen.insert(ids[2]).second) a->price_ids.push_back(ids[2]);
  }
  seen.clear();
  for (const std::string& name : in.events()) {
    CONCIERGE_ASSIGN_OR_RETURN(
        auto ids, ParseSiteChild("announcement.events", name, "events"));
    if (ids[0] != site_id) {
      return absl::InvalidArgumentError(
          "announcement.events: events must belong to the parent site");
    }
    if (seen.insert(ids[1]).second) a->event_ids.push_back(ids[1]);
  }
  return absl::OkStatus();
}

// The information item a search names: "sites/1/items/30" or a code.
absl::StatusOr<int64_t> ResolveItemRef(soci::session& sql, int64_t site_id,
                                       const std::string& text) {
  if (text.empty()) return 0;
  if (text.find('/') != std::string::npos) {
    CONCIERGE_ASSIGN_OR_RETURN(auto ids, ParseItem("item", text));
    if (ids[0] != site_id) {
      return absl::InvalidArgumentError("item: must belong to the parent site");
    }
    CONCIERGE_RETURN_IF_ERROR(usecase::LoadItem(sql, site_id, ids[1]).status());
    return ids[1];
  }
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateCode("item", text));
  std::optional<domain::ServiceItem> item =
      store::FindItemByCode(sql, site_id, text);
  if (!item) {
    return absl::NotFoundError(absl::StrCat("item: no item coded ", text));
  }
  return item->id;
}

}  // namespace

// --- items
// ---------------------------------------------------------------------

grpc::Status CatalogServiceImpl::ListServiceItems(
    grpc::ServerContext* context, const v1::ListServiceItemsRequest* request,
    v1::ListServiceItemsResponse* response) {
  return Serve(
      env_, context, kListServiceItems, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckCatalogCaller(call, site_id));
        store::ItemFilter filter;
        if (request->category() != v1::ITEM_CATEGORY_UNSPECIFIED) {
          CONCIERGE_ASSIGN_OR_RETURN(
              filter.category, FromProto("category", request->category()));
        }
        if (request->fee_kind() != v1::FEE_KIND_UNSPECIFIED) {
          CONCIERGE_ASSIGN_OR_RETURN(
              filter.fee_kind, FromProto("fee_kind", request->fee_kind()));
        }
        if (request->state() != v1::ITEM_STATE_UNSPECIFIED) {
          CONCIERGE_ASSIGN_OR_RETURN(filter.state,
                                     FromProto("state", request->state()));
          CONCIERGE_RETURN_IF_ERROR(OnlyPublished(call, *filter.state));
        }
        if (SeesOnlyPublished(call))
          filter.state = domain::ItemState::kPublished;
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateText("text", request->text(),
                                                       domain::kOptionalName));
        filter.text = request->text();
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return env_.db->Read(
            "ListServiceItems", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(
                  filter.department_id,
                  usecase::ResolveDepartment(sql, site_id, "department",
                                             request->department()));
              auto page = store::ListItems(sql, site_id, filter,
                                           {cursor.after_id, cursor.limit});
              std::vector<int64_t> ids;
              for (const domain::ServiceItem& i : page.items)
                ids.push_back(i.id);
              const auto prices = store::ListPricesForItems(sql, site_id, ids);
              for (const domain::ServiceItem& i : page.items) {
                ToProto(i, prices, call.now, response->add_items());
              }
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                ids.empty() ? 0 : ids.back()));
              return absl::OkStatus();
            });
      });
}

grpc::Status CatalogServiceImpl::GetServiceItem(
    grpc::ServerContext* context, const v1::GetServiceItemRequest* request,
    v1::ServiceItem* response) {
  return Serve(
      env_, context, kGetServiceItem, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                   ParseItem("name", request->name()));
        CONCIERGE_RETURN_IF_ERROR(CheckCatalogCaller(call, ids[0]));
        return env_.db->Read(
            "GetServiceItem", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              std::optional<domain::ServiceItem> item =
                  store::FindItem(sql, ids[0], ids[1]);
              if (SeesOnlyPublished(call)) {
                CONCIERGE_RETURN_IF_ERROR(OnlyPublished(
                    call, item ? item->state : domain::ItemState::kDraft));
              }
              if (!item) {
                return absl::NotFoundError(
                    absl::StrCat(request->name(), " not found"));
              }
              ToProto(*item, store::ListItemPrices(sql, ids[0], ids[1]),
                      call.now, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status CatalogServiceImpl::CreateServiceItem(
    grpc::ServerContext* context, const v1::CreateServiceItemRequest* request,
    v1::ServiceItem* response) {
  return Serve(
      env_, context, kCreateServiceItem, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckCatalogCaller(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        return env_.db->Transact(
            "CreateServiceItem", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_RETURN_IF_ERROR(
                  usecase::LoadSite(sql, site_id).status());
              CONCIERGE_ASSIGN_OR_RETURN(
                  domain::ServiceItem item,
                  ItemFromCreateRequest(sql, site_id, request->item(),
                                        call.now));
              CONCIERGE_RETURN_IF_ERROR(domain::ValidateServiceItem(item));
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(
                      sql, call, *request, request->request_id(),
                      [&]() -> absl::StatusOr<std::string> {
                        if (store::FindItemByCode(sql, site_id, item.code)) {
                          return absl::AlreadyExistsError(absl::StrCat(
                              "item.code: ", item.code, " already exists"));
                        }
                        item = store::InsertItem(sql, item);
                        return ItemName(site_id, item.id);
                      }));
              if (existing) {
                CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                           ParseItem("item", *existing));
                CONCIERGE_ASSIGN_OR_RETURN(
                    item,
                    Replayed(*existing, store::FindItem(sql, ids[0], ids[1])));
              }
              ToProto(item, {}, call.now, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status CatalogServiceImpl::UpdateServiceItem(
    grpc::ServerContext* context, const v1::UpdateServiceItemRequest* request,
    v1::ServiceItem* response) {
  return ServeWrite(
      env_, context, kUpdateServiceItem, *request, response,
      [&](const Call& call) -> absl::Status {
        const v1::ServiceItem& in = request->item();
        CONCIERGE_ASSIGN_OR_RETURN(auto ids, ParseItem("item.name", in.name()));
        CONCIERGE_RETURN_IF_ERROR(CheckCatalogCaller(call, ids[0]));
        CONCIERGE_ASSIGN_OR_RETURN(int64_t expected,
                                   ParseEtag("item.etag", in.etag()));
        if (request->update_mask().paths_size() == 0) {
          return absl::InvalidArgumentError(
              "update_mask: name at least one field to change");
        }
        return env_.db->Transact(
            "UpdateServiceItem", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(
                  domain::ServiceItem item,
                  usecase::LoadItem(sql, ids[0], ids[1]));
              for (const std::string& path : request->update_mask().paths()) {
                CONCIERGE_RETURN_IF_ERROR(
                    domain::CheckEditable(item.state, path));
                CONCIERGE_RETURN_IF_ERROR(ApplyItemField(sql, path, in, &item));
              }
              CONCIERGE_RETURN_IF_ERROR(domain::ValidateServiceItem(item));
              if (item.version != expected) return StaleEtag("item.etag");
              if (item.code != store::FindItem(sql, ids[0], ids[1])->code &&
                  store::FindItemByCode(sql, ids[0], item.code)) {
                return absl::AlreadyExistsError(
                    absl::StrCat("item.code: ", item.code, " already exists"));
              }
              item.update_time = call.now;
              CONCIERGE_ASSIGN_OR_RETURN(item, SaveItem(sql, item, expected));
              ToProto(item, store::ListItemPrices(sql, ids[0], ids[1]),
                      call.now, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status CatalogServiceImpl::ApproveServiceItem(
    grpc::ServerContext* context, const v1::ApproveServiceItemRequest* request,
    v1::ServiceItem* response) {
  return ServeWrite(
      env_, context, kApproveServiceItem, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                   ParseItem("name", request->name()));
        CONCIERGE_RETURN_IF_ERROR(CheckCatalogCaller(call, ids[0]));
        return env_.db->Transact(
            "ApproveServiceItem", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(
                  domain::ServiceItem item,
                  usecase::LoadItem(sql, ids[0], ids[1]));
              if (!request->etag().empty() &&
                  request->etag() != absl::StrCat(item.version)) {
                return StaleEtag("etag");
              }
              const bool first_approval =
                  item.state == domain::ItemState::kDraft;
              CONCIERGE_ASSIGN_OR_RETURN(
                  item.state, domain::NextItemState(
                                  item.state, domain::ItemAction::kApprove));
              if (first_approval) {
                item.approved_by = usecase::PrincipalName(call.principal);
                item.approve_time = call.now;
              }
              item.update_time = call.now;
              CONCIERGE_ASSIGN_OR_RETURN(item,
                                         SaveItem(sql, item, item.version));
              ToProto(item, store::ListItemPrices(sql, ids[0], ids[1]),
                      call.now, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status CatalogServiceImpl::RetireServiceItem(
    grpc::ServerContext* context, const v1::RetireServiceItemRequest* request,
    v1::ServiceItem* response) {
  return ServeWrite(
      env_, context, kRetireServiceItem, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                   ParseItem("name", request->name()));
        CONCIERGE_RETURN_IF_ERROR(CheckCatalogCaller(call, ids[0]));
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateText(
            "reason", request->reason(), domain::kOptionalNote));
        return env_.db->Transact(
            "RetireServiceItem", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(
                  domain::ServiceItem item,
                  usecase::LoadItem(sql, ids[0], ids[1]));
              CONCIERGE_ASSIGN_OR_RETURN(
                  item.state, domain::NextItemState(
                                  item.state, domain::ItemAction::kRetire));
              item.retire_time = call.now;
              item.retire_reason = request->reason();
              item.update_time = call.now;
              CONCIERGE_ASSIGN_OR_RETURN(item,
                                         SaveItem(sql, item, item.version));
              ToProto(item, store::ListItemPrices(sql, ids[0], ids[1]),
                      call.now, response);
              return absl::OkStatus();
            });
      });
}

// --- prices
// ------------------------------------------------------------------------

grpc::Status CatalogServiceImpl::SetServicePrice(
    grpc::ServerContext* context, const v1::SetServicePriceRequest* request,
    v1::ServicePrice* response) {
  return Serve(
      env_, context, kSetServicePrice, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                   ParseItem("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckCatalogCaller(call, ids[0]));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        if (!request->price().has_amount()) {
          return absl::InvalidArgumentError("price.amount: is required");
        }
        if (!request->price().has_effective_time()) {
          return absl::InvalidArgumentError(
              "price.effective_time: is required");
        }
        domain::PriceVersion price;
        price.site_id = ids[0];
        price.item_id = ids[1];
        CONCIERGE_ASSIGN_OR_RETURN(
            price.effective_time, FromProto("price.effective_time",
                                            request->price().effective_time()));
        price.note = request->price().note();
        price.state = domain::PriceState::kProposed;
        price.proposed_by = usecase::PrincipalName(call.principal);
        price.propose_time = call.now;
        return env_.db->Transact(
            "SetServicePrice", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(domain::Site site,
                                         usecase::LoadSite(sql, ids[0]));
              CONCIERGE_ASSIGN_OR_RETURN(
                  domain::ServiceItem item,
                  usecase::LoadItem(sql, ids[0], ids[1]));
              price.amount =
                  FromProto(request->price().amount(), site.currency);
              CONCIERGE_RETURN_IF_ERROR(domain::ValidatePriceProposal(
                  item, price, site.currency, call.now));
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(sql, call, *request, request->request_id(),
                             [&]() -> absl::StatusOr<std::string> {
                               price = store::InsertPrice(sql, price);
                               return PriceName(ids[0], ids[1], price.id);
                             }));
              if (existing) {
                CONCIERGE_ASSIGN_OR_RETURN(auto price_ids,
                                           ParsePrice("price", *existing));
                CONCIERGE_ASSIGN_OR_RETURN(
                    price,
                    Replayed(*existing, store::FindPrice(sql, price_ids[0],
                                                         price_ids[2])));
              }
              ToProto(price, false, response);
              return absl::OkStatus();
            });
      });
}

namespace {

// Approve or reject: one place for both decisions.
absl::Status DecidePrice(const ApiEnv& env, const Call& call,
                         const std::string& name, bool approve,
                         const std::string& reason,
                         v1::ServicePrice* response) {
  CONCIERGE_ASSIGN_OR_RETURN(auto ids, ParsePrice("name", name));
  CONCIERGE_RETURN_IF_ERROR(CheckCatalogCaller(call, ids[0]));
  CONCIERGE_RETURN_IF_ERROR(
      domain::ValidateText("reason", reason, domain::kOptionalNote));
  return env.db->Transact(
      approve ? "ApproveServicePrice" : "RejectServicePrice", call.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(domain::PriceVersion price,
                                   LoadPrice(sql, ids, name));
        CONCIERGE_RETURN_IF_ERROR(
            domain::CheckPriceDecision(price, approve, call.now));
        price.state = approve ? domain::PriceState::kApproved
                              : domain::PriceState::kRejected;
        price.decided_by = usecase::PrincipalName(call.principal);
        price.decide_time = call.now;
        price.reject_reason = approve ? "" : reason;
        store::RecordPriceDecision(sql, price);
        ToProto(price, false, response);
        return absl::OkStatus();
      });
}

}  // namespace

grpc::Status CatalogServiceImpl::ApproveServicePrice(
    grpc::ServerContext* context, const v1::ApproveServicePriceRequest* request,
    v1::ServicePrice* response) {
  return ServeWrite(env_, context, kApproveServicePrice, *request, response,
                    [&](const Call& call) {
                      return DecidePrice(env_, call, request->name(), true, "",
                                         response);
                    });
}

grpc::Status CatalogServiceImpl::RejectServicePrice(
    grpc::ServerContext* context, const v1::RejectServicePriceRequest* request,
    v1::ServicePrice* response) {
  return ServeWrite(env_, context, kRejectServicePrice, *request, response,
                    [&](const Call& call) {
                      return DecidePrice(env_, call, request->name(), false,
                                         request->reason(), response);
                    });
}

grpc::Status CatalogServiceImpl::ListServicePrices(
    grpc::ServerContext* context, const v1::ListServicePricesRequest* request,
    v1::ListServicePricesResponse* response) {
  return Serve(
      env_, context, kListServicePrices, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                   ParseItem("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckCatalogCaller(call, ids[0]));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return env_.db->Read(
            "ListServicePrices", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_RETURN_IF_ERROR(
                  usecase::LoadItem(sql, ids[0], ids[1]).status());
              const auto all = store::ListItemPrices(sql, ids[0], ids[1]);
              const std::optional<domain::PriceVersion> in_force =
                  domain::PriceInForce(all, call.now);
              auto page = store::ListPricesPage(
                  sql, ids[0], ids[1], {cursor.after_id, cursor.limit});
              for (const domain::PriceVersion& p : page.items) {
                ToProto(p, in_force && in_force->id == p.id,
                        response->add_prices());
              }
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
      });
}

// --- announcements
// ---------------------------------------------------------------

grpc::Status CatalogServiceImpl::CreateAnnouncement(
    grpc::ServerContext* context, const v1::CreateAnnouncementRequest* request,
    v1::Announcement* response) {
  return Serve(
      env_, context, kCreateAnnouncement,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckCatalogCaller(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        const v1::Announcement& in = request->announcement();
        domain::Announcement a;
        a.site_id = site_id;
        a.title_zh = in.title().zh();
        a.title_en = in.title().en();
        a.body_zh = in.body().zh();
        a.body_en = in.body().en();
        a.created_by = usecase::PrincipalName(call.principal);
        a.create_time = call.now;
        CONCIERGE_RETURN_IF_ERROR(ResolveAnnouncementRefs(in, site_id, &a));
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateAnnouncement(a));
        return env_.db->Transact(
            "CreateAnnouncement", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_RETURN_IF_ERROR(
                  usecase::LoadSite(sql, site_id).status());
              CONCIERGE_RETURN_IF_ERROR(
                  CheckAnnouncementContent(sql, a, call.now));
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(sql, call, *request, request->request_id(),
                             [&]() -> absl::StatusOr<std::string> {
                               a = store::InsertAnnouncement(sql, a);
                               return SiteChildName(site_id, "announcements",
                                                    a.id);
                             }));
              if (existing) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    auto ids,
                    ParseSiteChild("announcement", *existing, "announcements"));
                CONCIERGE_ASSIGN_OR_RETURN(
                    a, Replayed(*existing,
                                store::FindAnnouncement(sql, ids[0], ids[1])));
              }
              ToProto(a, AnnouncementPrices(sql, a), response);
              return absl::OkStatus();
            });
      });
}

grpc::Status CatalogServiceImpl::GetAnnouncement(
    grpc::ServerContext* context, const v1::GetAnnouncementRequest* request,
    v1::Announcement* response) {
  return Serve(env_, context, kGetAnnouncement, [&](const Call& call) {
    return env_.db->Read("GetAnnouncement", call.deadline,
                         [&](soci::session& sql) -> absl::Status {
                           CONCIERGE_ASSIGN_OR_RETURN(
                               domain::Announcement a,
                               LoadAnnouncement(sql, call, request->name()));
                           ToProto(a, AnnouncementPrices(sql, a), response);
                           return absl::OkStatus();
                         });
  });
}

grpc::Status CatalogServiceImpl::ListAnnouncements(
    grpc::ServerContext* context, const v1::ListAnnouncementsRequest* request,
    v1::ListAnnouncementsResponse* response) {
  return Serve(
      env_, context, kListAnnouncements, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckCatalogCaller(call, site_id));
        // An unknown state would otherwise filter nothing and list them all.
        if (!v1::AnnouncementState_IsValid(request->state())) {
          return absl::InvalidArgumentError("state: not an AnnouncementState");
        }
        std::optional<bool> published;
        if (request->state() == v1::ANNOUNCEMENT_STATE_PUBLISHED)
          published = true;
        if (request->state() == v1::ANNOUNCEMENT_STATE_DRAFT) {
          if (SeesOnlyPublished(call)) {
            return absl::PermissionDeniedError(
                "residents and partners see published announcements only");
          }
          published = false;
        }
        if (SeesOnlyPublished(call)) published = true;
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return env_.db->Read(
            "ListAnnouncements", call.deadline, [&](soci::session& sql) {
              auto page = store::ListAnnouncements(
                  sql, site_id, published, {cursor.after_id, cursor.limit});
              for (const domain::Announcement& a : page.items) {
                ToProto(a, AnnouncementPrices(sql, a),
                        response->add_announcements());
              }
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
      });
}

grpc::Status CatalogServiceImpl::PublishAnnouncement(
    grpc::ServerContext* context, const v1::PublishAnnouncementRequest* request,
    v1::Announcement* response) {
  return ServeWrite(
      env_, context, kPublishAnnouncement, *request, response,
      [&](const Call& call) -> absl::Status {
        std::vector<domain::AnnouncementChannel> channels;
        for (int c : request->channels()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              domain::AnnouncementChannel channel,
              FromProto("channels", v1::AnnouncementChannel(c)));
          if (std::find(channels.begin(), channels.end(), channel) ==
              channels.end()) {
            channels.push_back(channel);
          }
        }
        if (channels.empty()) {
          return absl::InvalidArgumentError(
              "channels: name at least one (ENTRANCE_POSTER, BULLETIN_BOARD, "
              "MAILBOX, APP)");
        }
        return env_.db->Transact(
            "PublishAnnouncement", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(
                  domain::Announcement a,
                  LoadAnnouncement(sql, call, request->name()));
              CONCIERGE_ASSIGN_OR_RETURN(
                  a, PublishAnnouncementNow(
                         sql, a, channels,
                         usecase::PrincipalName(call.principal), call.now));
              ToProto(a, AnnouncementPrices(sql, a), response);
              return absl::OkStatus();
            });
      });
}

grpc::Status CatalogServiceImpl::AdoptDefaultCatalogue(
    grpc::ServerContext* context,
    const v1::AdoptDefaultCatalogueRequest* request,
    v1::Announcement* response) {
  return Serve(
      env_, context, kAdoptDefaultCatalogue,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckCatalogCaller(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        std::vector<std::string> codes;
        for (int i = 0; i < request->item_codes_size(); ++i) {
          CONCIERGE_RETURN_IF_ERROR(domain::ValidateCode(
              absl::StrCat("item_codes[", i, "]"), request->item_codes(i)));
          codes.push_back(request->item_codes(i));
        }
        const AnnouncementText text{request->title().zh(),
                                    request->title().en(), request->body().zh(),
                                    request->body().en()};
        return env_.db->Transact(
            "AdoptDefaultCatalogue", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_RETURN_IF_ERROR(
                  usecase::LoadSite(sql, site_id).status());
              domain::Announcement a;
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(
                      sql, call, *request, request->request_id(),
                      [&]() -> absl::StatusOr<std::string> {
                        CONCIERGE_ASSIGN_OR_RETURN(
                            a, AdoptDefaultItems(
                                   sql, site_id, codes, text,
                                   usecase::PrincipalName(call.principal),
                                   call.now));
                        return SiteChildName(site_id, "announcements", a.id);
                      }));
              if (existing) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    auto ids,
                    ParseSiteChild("announcement", *existing, "announcements"));
                CONCIERGE_ASSIGN_OR_RETURN(
                    a, Replayed(*existing,
                                store::FindAnnouncement(sql, ids[0], ids[1])));
              }
              ToProto(a, AnnouncementPrices(sql, a), response);
              return absl::OkStatus();
            });
      });
}

grpc::Status CatalogServiceImpl::RenderAnnouncement(
    grpc::ServerContext* context, const v1::RenderAnnouncementRequest* request,
    v1::RenderedAnnouncement* response) {
  return Serve(
      env_, context, kRenderAnnouncement,
      [&](const Call& call) -> absl::Status {
        domain::AnnouncementChannel channel =
            domain::AnnouncementChannel::kEntrancePoster;
        if (request->channel() != v1::ANNOUNCEMENT_CHANNEL_UNSPECIFIED) {
          CONCIERGE_ASSIGN_OR_RETURN(channel,
                                     FromProto("channel", request->channel()));
        }
        return env_.db->Read(
            "RenderAnnouncement", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(
                  domain::Announcement a,
                  LoadAnnouncement(sql, call, request->name()));
              CONCIERGE_ASSIGN_OR_RETURN(domain::Site site,
                                         usecase::LoadSite(sql, a.site_id));
              absl::TimeZone zone;
              absl::LoadTimeZone(site.time_zone, &zone);
              const std::vector<domain::PriceVersion> announced =
                  AnnouncementPrices(sql, a);
              std::vector<domain::RenderedItem> items;
              for (int64_t item_id : a.item_ids) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    domain::ServiceItem item,
                    usecase::LoadItem(sql, a.site_id, item_id));
                domain::RenderedItem r{item, std::nullopt};
                // The price that applies: the one announced with it, else the
                // one in force, else the next one.
                for (const domain::PriceVersion& p : announced) {
                  if (p.item_id == item_id) r.price = p;
                }
                if (!r.price && item.fee_kind == domain::FeeKind::kFixed) {
                  const auto all =
                      store::ListItemPrices(sql, a.site_id, item_id);
                  r.price = domain::PriceInForce(all, call.now);
                  if (!r.price) r.price = domain::NextPrice(all, call.now);
                }
                items.push_back(std::move(r));
              }
              std::vector<domain::RenderedPrice> prices;
              for (const domain::PriceVersion& p : announced) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    domain::ServiceItem item,
                    usecase::LoadItem(sql, a.site_id, p.item_id));
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
              response->mutable_text()->set_zh(domain::RenderAnnouncementText(
                  a, site.display_name, items, prices, events_zh, channel,
                  domain::Lang::kZh, zone));
              response->mutable_text()->set_en(domain::RenderAnnouncementText(
                  a, site.display_name, items, prices, events_en, channel,
                  domain::Lang::kEn, zone));
              return absl::OkStatus();
            });
      });
}

// --- providers
// ------------------------------------------------------------------------

namespace {

absl::Status ApplyProviderField(soci::session& sql, const std::string& path,
                                const v1::Provider& in, domain::Provider* p) {
  if (path == "item") {
    CONCIERGE_ASSIGN_OR_RETURN(auto ids, ParseItem("provider.item", in.item()));
    if (ids[0] != p->site_id) {
      return absl::InvalidArgumentError(
          "provider.item: must be an item of the provider's site");
    }
    CONCIERGE_RETURN_IF_ERROR(usecase::LoadItem(sql, ids[0], ids[1]).status());
    p->item_id = ids[1];
  } else if (path == "display_name") {
    p->name_zh = in.display_name().zh();
    p->name_en = in.display_name().en();
  } else if (path == "phone") {
    p->phone = in.phone();
  } else if (path == "address") {
    p->address = in.address();
  } else if (path == "notes") {
    p->notes_zh = in.notes().zh();
    p->notes_en = in.notes().en();
  } else if (path == "active") {
    p->active = in.active();
  } else {
    return absl::InvalidArgumentError(absl::StrCat(
        "update_mask: unknown or read-only field \"", path,
        "\" (allowed: item, display_name, phone, address, notes, active)"));
  }
  return absl::OkStatus();
}

}  // namespace

grpc::Status CatalogServiceImpl::CreateProvider(
    grpc::ServerContext* context, const v1::CreateProviderRequest* request,
    v1::Provider* response) {
  return Serve(
      env_, context, kCreateProvider, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckCatalogCaller(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        return env_.db->Transact(
            "CreateProvider", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              domain::Provider p;
              p.site_id = site_id;
              p.active = true;
              p.create_time = call.now;
              if (request->provider().item().empty()) {
                return absl::InvalidArgumentError("provider.item: is required");
              }
              for (const char* path :
                   {"item", "display_name", "phone", "address", "notes"}) {
                CONCIERGE_RETURN_IF_ERROR(
                    ApplyProviderField(sql, path, request->provider(), &p));
              }
              CONCIERGE_RETURN_IF_ERROR(domain::ValidateProvider(p));
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(sql, call, *request, request->request_id(),
                             [&]() -> absl::StatusOr<std::string> {
                               p = store::InsertProvider(sql, p);
                               return SiteChildName(site_id, "providers", p.id);
                             }));
              if (existing) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    auto ids,
                    ParseSiteChild("provider", *existing, "providers"));
                CONCIERGE_ASSIGN_OR_RETURN(
                    p, Replayed(*existing,
                                store::FindProvider(sql, ids[0], ids[1])));
              }
              ToProto(p, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status CatalogServiceImpl::UpdateProvider(
    grpc::ServerContext* context, const v1::UpdateProviderRequest* request,
    v1::Provider* response) {
  return ServeWrite(
      env_, context, kUpdateProvider, *request, response,
      [&](const Call& call) -> absl::Status {
        const v1::Provider& in = request->provider();
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("provider.name", in.name(), "providers"));
        CONCIERGE_RETURN_IF_ERROR(CheckCatalogCaller(call, ids[0]));
        CONCIERGE_ASSIGN_OR_RETURN(int64_t expected,
                                   ParseEtag("provider.etag", in.etag()));
        if (request->update_mask().paths_size() == 0) {
          return absl::InvalidArgumentError(
              "update_mask: name at least one field to change");
        }
        return env_.db->Transact(
            "UpdateProvider", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              std::optional<domain::Provider> p =
                  store::FindProvider(sql, ids[0], ids[1]);
              if (!p)
                return absl::NotFoundError(
                    absl::StrCat(in.name(), " not found"));
              for (const std::string& path : request->update_mask().paths()) {
                CONCIERGE_RETURN_IF_ERROR(
                    ApplyProviderField(sql, path, in, &*p));
              }
              CONCIERGE_RETURN_IF_ERROR(domain::ValidateProvider(*p));
              std::optional<domain::Provider> stored =
                  store::UpdateProvider(sql, *p, expected);
              if (!stored) return StaleEtag("provider.etag");
              ToProto(*stored, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status CatalogServiceImpl::ListProviders(
    grpc::ServerContext* context, const v1::ListProvidersRequest* request,
    v1::ListProvidersResponse* response) {
  return Serve(
      env_, context, kListProviders, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckCatalogCaller(call, site_id));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return env_.db->Read(
            "ListProviders", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(
                  int64_t item_id,
                  ResolveItemRef(sql, site_id, request->item()));
              auto page = store::ListProviders(sql, site_id, item_id,
                                               {cursor.after_id, cursor.limit});
              for (const domain::Provider& p : page.items)
                ToProto(p, response->add_providers());
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
      });
}

grpc::Status CatalogServiceImpl::SearchProviders(
    grpc::ServerContext* context, const v1::SearchProvidersRequest* request,
    v1::SearchProvidersResponse* response) {
  return Serve(
      env_, context, kSearchProviders, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckCatalogCaller(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateText("text", request->text(),
                                                       domain::kOptionalName));
        if (request->limit() < 0) {
          return absl::InvalidArgumentError("limit: must not be negative");
        }
        const int limit =
            request->limit() == 0 ? 20 : std::min(request->limit(), 100);
        // A lookup is answered and counted in one transaction.
        return env_.db->Transact(
            "SearchProviders", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(
                  int64_t item_id,
                  ResolveItemRef(sql, site_id, request->item()));
              const std::vector<domain::Provider> found =
                  store::SearchProviders(sql, site_id, item_id, request->text(),
                                         limit);
              std::set<int64_t> served;
              for (const domain::Provider& p : found) {
                ToProto(p, response->add_providers());
                served.insert(p.item_id);
              }
              if (served.empty() && item_id != 0) served.insert(item_id);
              const std::string who = usecase::PrincipalName(call.principal);
              const int results = static_cast<int>(found.size());
              if (served.empty()) {
                store::RecordLookup(sql, site_id, std::nullopt, who, 0,
                                    call.now);
              }
              for (int64_t id : served) {
                store::RecordLookup(sql, site_id, id, who, results, call.now);
              }
              return absl::OkStatus();
            });
      });
}

}  // namespace concierge::api
