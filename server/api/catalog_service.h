#ifndef CONCIERGE_SERVER_API_CATALOG_SERVICE_H_
#define CONCIERGE_SERVER_API_CATALOG_SERVICE_H_

#include "concierge/v1/catalog.grpc.pb.h"
#include "server/api/rpc.h"

namespace concierge::api {

// concierge.v1.CatalogService: the residential catalogue, prices,
// announcements and the provider directory.
class CatalogServiceImpl final : public v1::CatalogService::Service {
 public:
  explicit CatalogServiceImpl(const ApiEnv& env) : env_(env) {}

  grpc::Status ListServiceItems(
      grpc::ServerContext* context, const v1::ListServiceItemsRequest* request,
      v1::ListServiceItemsResponse* response) override;
  grpc::Status GetServiceItem(grpc::ServerContext* context,
                              const v1::GetServiceItemRequest* request,
                              v1::ServiceItem* response) override;
  grpc::Status CreateServiceItem(grpc::ServerContext* context,
                                 const v1::CreateServiceItemRequest* request,
                                 v1::ServiceItem* response) override;
  grpc::Status UpdateServiceItem(grpc::ServerContext* context,
                                 const v1::UpdateServiceItemRequest* request,
                                 v1::ServiceItem* response) override;
  grpc::Status ApproveServiceItem(grpc::ServerContext* context,
                                  const v1::ApproveServiceItemRequest* request,
                                  v1::ServiceItem* response) override;
  grpc::Status RetireServiceItem(grpc::ServerContext* context,
                                 const v1::RetireServiceItemRequest* request,
                                 v1::ServiceItem* response) override;
  grpc::Status SetServicePrice(grpc::ServerContext* context,
                               const v1::SetServicePriceRequest* request,
                               v1::ServicePrice* response) override;
  grpc::Status ApproveServicePrice(
      grpc::ServerContext* context,
      const v1::ApproveServicePriceRequest* request,
      v1::ServicePrice* response) override;
  grpc::Status RejectServicePrice(grpc::ServerContext* context,
                                  const v1::RejectServicePriceRequest* request,
                                  v1::ServicePrice* response) override;
  grpc::Status ListServicePrices(
      grpc::ServerContext* context, const v1::ListServicePricesRequest* request,
      v1::ListServicePricesResponse* response) override;
  grpc::Status CreateAnnouncement(grpc::ServerContext* context,
                                  const v1::CreateAnnouncementRequest* request,
                                  v1::Announcement* response) override;
  grpc::Status GetAnnouncement(grpc::ServerContext* context,
                               const v1::GetAnnouncementRequest* request,
                               v1::Announcement* response) override;
  grpc::Status ListAnnouncements(
      grpc::ServerContext* context, const v1::ListAnnouncementsRequest* request,
      v1::ListAnnouncementsResponse* response) override;
  grpc::Status PublishAnnouncement(
      grpc::ServerContext* context,
      const v1::PublishAnnouncementRequest* request,
      v1::Announcement* response) override;
  grpc::Status AdoptDefaultCatalogue(
      grpc::ServerContext* context,
      const v1::AdoptDefaultCatalogueRequest* request,
      v1::Announcement* response) override;
  grpc::Status RenderAnnouncement(grpc::ServerContext* context,
                                  const v1::RenderAnnouncementRequest* request,
                                  v1::RenderedAnnouncement* response) override;
  grpc::Status CreateProvider(grpc::ServerContext* context,
                              const v1::CreateProviderRequest* request,
                              v1::Provider* response) override;
  grpc::Status UpdateProvider(grpc::ServerContext* context,
                              const v1::UpdateProviderRequest* request,
                              v1::Provider* response) override;
  grpc::Status ListProviders(grpc::ServerContext* context,
                             const v1::ListProvidersRequest* request,
                             v1::ListProvidersResponse* response) override;
  grpc::Status SearchProviders(grpc::ServerContext* context,
                               const v1::SearchProvidersRequest* request,
                               v1::SearchProvidersResponse* response) override;

 private:
  const ApiEnv& env_;
};

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_CATALOG_SERVICE_H_
