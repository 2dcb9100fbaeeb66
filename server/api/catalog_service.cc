#include "server/api/catalog_service.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/api/catalog_convert.h"
#include "server/api/convert.h"
#include "server/common/etag.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"
#include "server/usecase/catalog.h"
#include "server/usecase/loaders.h"

namespace concierge::api {
namespace {

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

// Both kinds of site keep a catalogue: a community's service center's
// services, a hotel's guest services (issue 22).
absl::Status CheckCatalogCaller(const Call& call, int64_t site_id) {
  return RequireSite(call, site_id);
}

// The parent site of a create, checked against the caller, with its
// request_id.
absl::StatusOr<int64_t> CreateParent(const Call& call,
                                     const std::string& parent,
                                     const std::string& request_id) {
  CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id, ParseSiteName("parent", parent));
  CONCIERGE_RETURN_IF_ERROR(CheckCatalogCaller(call, site_id));
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateRequestId(request_id));
  return site_id;
}

// The parent site of a list, checked against the caller.
absl::StatusOr<int64_t> ListParent(const Call& call,
                                   const std::string& parent) {
  CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id, ParseSiteName("parent", parent));
  CONCIERGE_RETURN_IF_ERROR(CheckCatalogCaller(call, site_id));
  return site_id;
}

// The item `name` gives, checked against the caller.
absl::StatusOr<std::array<int64_t, 2>> NamedItem(const Call& call,
                                                 absl::string_view field,
                                                 const std::string& name) {
  CONCIERGE_ASSIGN_OR_RETURN(auto ids, ParseItem(field, name));
  CONCIERGE_RETURN_IF_ERROR(CheckCatalogCaller(call, ids[0]));
  return ids;
}

// The announcement `name` gives, checked against the caller.
absl::StatusOr<std::array<int64_t, 2>> NamedAnnouncement(
    const Call& call, const std::string& name) {
  CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                             ParseSiteChild("name", name, "announcements"));
  CONCIERGE_RETURN_IF_ERROR(CheckCatalogCaller(call, ids[0]));
  return ids;
}

// A write's reply converted inside its transaction (the transaction may run
// again: the response starts empty each time).
usecase::ReplyOf<usecase::PricedItem> ItemReply(const Call& call,
                                                v1::ServiceItem* response) {
  return [now = call.now, response](const usecase::PricedItem& item) {
    response->Clear();
    ToProto(item, now, response);
  };
}
usecase::ReplyOf<domain::PriceVersion> PriceReply(v1::ServicePrice* response) {
  return [response](const domain::PriceVersion& price) {
    response->Clear();
    ToProto(price, /*in_force=*/false, response);
  };
}
usecase::ReplyOf<usecase::Announced> AnnouncementReply(
    v1::Announcement* response) {
  return [response](const usecase::Announced& a) {
    response->Clear();
    ToProto(a, response);
  };
}
usecase::ReplyOf<domain::Provider> ProviderReply(v1::Provider* response) {
  return [response](const domain::Provider& p) {
    response->Clear();
    ToProto(p, response);
  };
}

void AnnouncedToProto(const usecase::Announced& a, v1::Announcement* out) {
  ToProto(a, out);
}
void ProviderToProto(const domain::Provider& p, v1::Provider* out) {
  ToProto(p, out);
}

std::vector<std::string> PathsOf(const google::protobuf::FieldMask& mask) {
  return {mask.paths().begin(), mask.paths().end()};
}

absl::Status RequirePaths(const google::protobuf::FieldMask& mask) {
  if (mask.paths_size() == 0) {
    return absl::InvalidArgumentError(
        "update_mask: name at least one field to change");
  }
  return absl::OkStatus();
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
                                   ListParent(call, request->parent()));
        CONCIERGE_ASSIGN_OR_RETURN(store::ItemFilter filter,
                                   ItemFilterFrom(call.principal, *request));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::NamedDepartment department,
            ParseDepartmentName("department", request->department()));
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::PricedItems items,
            usecase::ListItems(*env_.db, ActorOf(call), site_id,
                               std::move(filter), department,
                               {cursor.after_id, cursor.limit}));
        for (const domain::ServiceItem& i : items.page.items) {
          ToProto(i, items.prices, call.now, response->add_items());
        }
        response->set_next_page_token(
            NextPageToken(env_, call, cursor, items.page));
        return absl::OkStatus();
      });
}

grpc::Status CatalogServiceImpl::GetServiceItem(
    grpc::ServerContext* context, const v1::GetServiceItemRequest* request,
    v1::ServiceItem* response) {
  return Serve(env_, context, kGetServiceItem,
               [&](const Call& call) -> absl::Status {
                 CONCIERGE_ASSIGN_OR_RETURN(
                     auto ids, NamedItem(call, "name", request->name()));
                 CONCIERGE_ASSIGN_OR_RETURN(
                     usecase::PricedItem item,
                     usecase::GetItem(*env_.db, ActorOf(call), ids[0], ids[1]));
                 ToProto(item, call.now, response);
                 return absl::OkStatus();
               });
}

grpc::Status CatalogServiceImpl::CreateServiceItem(
    grpc::ServerContext* context, const v1::CreateServiceItemRequest* request,
    v1::ServiceItem* response) {
  return Serve(
      env_, context, kCreateServiceItem, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            int64_t site_id,
            CreateParent(call, request->parent(), request->request_id()));
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::ServiceItem item,
            usecase::CreateItem(
                *env_.db, ActorOf(call), site_id,
                ItemFieldsFrom(request->item()),
                CreateKeyFor(call, *request, request->request_id())));
        ToProto(item, {}, call.now, response);
        return absl::OkStatus();
      });
}

grpc::Status CatalogServiceImpl::UpdateServiceItem(
    grpc::ServerContext* context, const v1::UpdateServiceItemRequest* request,
    v1::ServiceItem* response) {
  return ServeWrite(
      env_, context, kUpdateServiceItem, *request, response,
      [&](const Call& call) -> absl::Status {
        const v1::ServiceItem& in = request->item();
        CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                   NamedItem(call, "item.name", in.name()));
        CONCIERGE_ASSIGN_OR_RETURN(int64_t expected,
                                   RequiredEtag("item.etag", in.etag()));
        CONCIERGE_RETURN_IF_ERROR(RequirePaths(request->update_mask()));
        return usecase::UpdateItem(*env_.db, ActorOf(call), ids[0], ids[1],
                                   expected, PathsOf(request->update_mask()),
                                   ItemFieldsFrom(in),
                                   ItemReply(call, response))
            .status();
      });
}

grpc::Status CatalogServiceImpl::ApproveServiceItem(
    grpc::ServerContext* context, const v1::ApproveServiceItemRequest* request,
    v1::ServiceItem* response) {
  return ServeWrite(env_, context, kApproveServiceItem, *request, response,
                    [&](const Call& call) -> absl::Status {
                      CONCIERGE_ASSIGN_OR_RETURN(
                          auto ids, NamedItem(call, "name", request->name()));
                      return usecase::ApproveItem(
                                 *env_.db, ActorOf(call), ids[0], ids[1],
                                 request->etag(), ItemReply(call, response))
                          .status();
                    });
}

grpc::Status CatalogServiceImpl::RetireServiceItem(
    grpc::ServerContext* context, const v1::RetireServiceItemRequest* request,
    v1::ServiceItem* response) {
  return ServeWrite(env_, context, kRetireServiceItem, *request, response,
                    [&](const Call& call) -> absl::Status {
                      CONCIERGE_ASSIGN_OR_RETURN(
                          auto ids, NamedItem(call, "name", request->name()));
                      CONCIERGE_RETURN_IF_ERROR(domain::ValidateText(
                          "reason", request->reason(), domain::kOptionalNote));
                      return usecase::RetireItem(
                                 *env_.db, ActorOf(call), ids[0], ids[1],
                                 request->reason(), ItemReply(call, response))
                          .status();
                    });
}

// --- prices
// ------------------------------------------------------------------------

grpc::Status CatalogServiceImpl::SetServicePrice(
    grpc::ServerContext* context, const v1::SetServicePriceRequest* request,
    v1::ServicePrice* response) {
  return Serve(
      env_, context, kSetServicePrice, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, NamedItem(call, "parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        CONCIERGE_ASSIGN_OR_RETURN(domain::PriceVersion price,
                                   PriceFrom(ids, request->price()));
        CONCIERGE_ASSIGN_OR_RETURN(
            price, usecase::SetPrice(
                       *env_.db, ActorOf(call), std::move(price),
                       CreateKeyFor(call, *request, request->request_id())));
        ToProto(price, /*in_force=*/false, response);
        return absl::OkStatus();
      });
}

grpc::Status CatalogServiceImpl::ApproveServicePrice(
    grpc::ServerContext* context, const v1::ApproveServicePriceRequest* request,
    v1::ServicePrice* response) {
  return ServeWrite(
      env_, context, kApproveServicePrice, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                   ParsePrice("name", request->name()));
        CONCIERGE_RETURN_IF_ERROR(CheckCatalogCaller(call, ids[0]));
        return usecase::DecidePrice(*env_.db, ActorOf(call), ids,
                                    /*approve=*/true, "", PriceReply(response))
            .status();
      });
}

grpc::Status CatalogServiceImpl::RejectServicePrice(
    grpc::ServerContext* context, const v1::RejectServicePriceRequest* request,
    v1::ServicePrice* response) {
  return ServeWrite(
      env_, context, kRejectServicePrice, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                   ParsePrice("name", request->name()));
        CONCIERGE_RETURN_IF_ERROR(CheckCatalogCaller(call, ids[0]));
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateText(
            "reason", request->reason(), domain::kOptionalNote));
        return usecase::DecidePrice(*env_.db, ActorOf(call), ids,
                                    /*approve=*/false, request->reason(),
                                    PriceReply(response))
            .status();
      });
}

grpc::Status CatalogServiceImpl::ListServicePrices(
    grpc::ServerContext* context, const v1::ListServicePricesRequest* request,
    v1::ListServicePricesResponse* response) {
  return Serve(
      env_, context, kListServicePrices, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, NamedItem(call, "parent", request->parent()));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::PricePage prices,
            usecase::ListPrices(*env_.db, ActorOf(call), ids[0], ids[1],
                                {cursor.after_id, cursor.limit}));
        for (const domain::PriceVersion& p : prices.page.items) {
          ToProto(p, prices.in_force_id == p.id, response->add_prices());
        }
        response->set_next_page_token(
            NextPageToken(env_, call, cursor, prices.page));
        return absl::OkStatus();
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
        CONCIERGE_ASSIGN_OR_RETURN(
            int64_t site_id,
            CreateParent(call, request->parent(), request->request_id()));
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::Announcement a,
            AnnouncementFrom(site_id, request->announcement()));
        a.created_by = domain::ActorKey(call.principal);
        a.create_time = call.now;
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateAnnouncement(a));
        return Answer(usecase::CreateAnnouncement(
                          *env_.db, ActorOf(call), std::move(a),
                          CreateKeyFor(call, *request, request->request_id())),
                      response, AnnouncedToProto);
      });
}

grpc::Status CatalogServiceImpl::GetAnnouncement(
    grpc::ServerContext* context, const v1::GetAnnouncementRequest* request,
    v1::Announcement* response) {
  return Serve(
      env_, context, kGetAnnouncement, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                   NamedAnnouncement(call, request->name()));
        return Answer(
            usecase::GetAnnouncement(*env_.db, ActorOf(call), ids[0], ids[1]),
            response, AnnouncedToProto);
      });
}

grpc::Status CatalogServiceImpl::ListAnnouncements(
    grpc::ServerContext* context, const v1::ListAnnouncementsRequest* request,
    v1::ListAnnouncementsResponse* response) {
  return Serve(
      env_, context, kListAnnouncements, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ListParent(call, request->parent()));
        // An unknown state would otherwise filter nothing and list them all.
        if (!v1::AnnouncementState_IsValid(request->state())) {
          return absl::InvalidArgumentError("state: not an AnnouncementState");
        }
        const bool only_published = usecase::SeesOnlyPublished(call.principal);
        std::optional<bool> published;
        if (request->state() == v1::ANNOUNCEMENT_STATE_PUBLISHED)
          published = true;
        if (request->state() == v1::ANNOUNCEMENT_STATE_DRAFT) {
          if (only_published) {
            return absl::PermissionDeniedError(
                "residents and partners see published announcements only");
          }
          published = false;
        }
        if (only_published) published = true;
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::AnnouncementPage listed,
            usecase::ListAnnouncements(*env_.db, ActorOf(call), site_id,
                                       published,
                                       {cursor.after_id, cursor.limit}));
        for (size_t i = 0; i < listed.page.items.size(); ++i) {
          ToProto(listed.page.items[i], listed.prices[i],
                  response->add_announcements());
        }
        response->set_next_page_token(
            NextPageToken(env_, call, cursor, listed.page));
        return absl::OkStatus();
      });
}

grpc::Status CatalogServiceImpl::PublishAnnouncement(
    grpc::ServerContext* context, const v1::PublishAnnouncementRequest* request,
    v1::Announcement* response) {
  return ServeWrite(env_, context, kPublishAnnouncement, *request, response,
                    [&](const Call& call) -> absl::Status {
                      CONCIERGE_ASSIGN_OR_RETURN(
                          std::vector<domain::AnnouncementChannel> channels,
                          ChannelsFrom(request->channels()));
                      CONCIERGE_ASSIGN_OR_RETURN(
                          auto ids, NamedAnnouncement(call, request->name()));
                      return usecase::PublishAnnouncement(
                                 *env_.db, ActorOf(call), ids[0], ids[1],
                                 channels, AnnouncementReply(response))
                          .status();
                    });
}

grpc::Status CatalogServiceImpl::AdoptDefaultCatalogue(
    grpc::ServerContext* context,
    const v1::AdoptDefaultCatalogueRequest* request,
    v1::Announcement* response) {
  return Serve(
      env_, context, kAdoptDefaultCatalogue,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            int64_t site_id,
            CreateParent(call, request->parent(), request->request_id()));
        std::vector<std::string> codes;
        for (int i = 0; i < request->item_codes_size(); ++i) {
          CONCIERGE_RETURN_IF_ERROR(domain::ValidateCode(
              absl::StrCat("item_codes[", i, "]"), request->item_codes(i)));
          codes.push_back(request->item_codes(i));
        }
        const usecase::AnnouncementText text{
            request->title().zh(), request->title().en(), request->body().zh(),
            request->body().en()};
        return Answer(usecase::AdoptDefaultCatalogue(
                          *env_.db, ActorOf(call), site_id, codes, text,
                          CreateKeyFor(call, *request, request->request_id())),
                      response, AnnouncedToProto);
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
        CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                   NamedAnnouncement(call, request->name()));
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::RenderedText text,
            usecase::RenderAnnouncement(*env_.db, ActorOf(call), ids[0], ids[1],
                                        channel));
        response->mutable_text()->set_zh(text.zh);
        response->mutable_text()->set_en(text.en);
        return absl::OkStatus();
      });
}

// --- providers
// ------------------------------------------------------------------------

grpc::Status CatalogServiceImpl::CreateProvider(
    grpc::ServerContext* context, const v1::CreateProviderRequest* request,
    v1::Provider* response) {
  return Serve(
      env_, context, kCreateProvider, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            int64_t site_id,
            CreateParent(call, request->parent(), request->request_id()));
        if (request->provider().item().empty()) {
          return absl::InvalidArgumentError("provider.item: is required");
        }
        return Answer(usecase::CreateProvider(
                          *env_.db, ActorOf(call), site_id,
                          ProviderFieldsFrom(request->provider()),
                          CreateKeyFor(call, *request, request->request_id())),
                      response, ProviderToProto);
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
                                   RequiredEtag("provider.etag", in.etag()));
        CONCIERGE_RETURN_IF_ERROR(RequirePaths(request->update_mask()));
        return usecase::UpdateProvider(
                   *env_.db, ActorOf(call), ids[0], ids[1], expected,
                   PathsOf(request->update_mask()), ProviderFieldsFrom(in),
                   ProviderReply(response))
            .status();
      });
}

grpc::Status CatalogServiceImpl::ListProviders(
    grpc::ServerContext* context, const v1::ListProvidersRequest* request,
    v1::ListProvidersResponse* response) {
  return Serve(
      env_, context, kListProviders, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ListParent(call, request->parent()));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        CONCIERGE_ASSIGN_OR_RETURN(usecase::ItemRef item,
                                   ItemRefFrom(site_id, request->item()));
        return PageInto(
            env_, call, cursor,
            usecase::ListProviders(*env_.db, ActorOf(call), site_id, item,
                                   {cursor.after_id, cursor.limit}),
            ProviderToProto, response->mutable_providers(),
            response->mutable_next_page_token());
      });
}

grpc::Status CatalogServiceImpl::SearchProviders(
    grpc::ServerContext* context, const v1::SearchProvidersRequest* request,
    v1::SearchProvidersResponse* response) {
  return Serve(
      env_, context, kSearchProviders, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ListParent(call, request->parent()));
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateText("text", request->text(),
                                                       domain::kOptionalName));
        if (request->limit() < 0) {
          return absl::InvalidArgumentError("limit: must not be negative");
        }
        const int limit =
            request->limit() == 0 ? 20 : std::min(request->limit(), 100);
        CONCIERGE_ASSIGN_OR_RETURN(usecase::ItemRef item,
                                   ItemRefFrom(site_id, request->item()));
        CONCIERGE_ASSIGN_OR_RETURN(
            std::vector<domain::Provider> found,
            usecase::SearchProviders(*env_.db, ActorOf(call), site_id, item,
                                     request->text(), limit));
        for (const domain::Provider& p : found) {
          ToProto(p, response->add_providers());
        }
        return absl::OkStatus();
      });
}

}  // namespace concierge::api
