#ifndef CONCIERGE_SERVER_API_FRONT_DESK_SERVICE_H_
#define CONCIERGE_SERVER_API_FRONT_DESK_SERVICE_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "concierge/v1/frontdesk.grpc.pb.h"
#include "server/api/rpc.h"

namespace concierge::api {

// concierge.v1.FrontDeskService: parcels, valuables custody, lending,
// visitors' messages, community events and the households' desk history.
// Its methods are defined in two files: front_desk_service.cc (parcels,
// custody, lending) and front_desk_community_service.cc (messages, events,
// history).
class FrontDeskServiceImpl final : public v1::FrontDeskService::Service {
 public:
  explicit FrontDeskServiceImpl(const ApiEnv& env) : env_(env) {}

  grpc::Status LogParcel(grpc::ServerContext* context,
                         const v1::LogParcelRequest* request,
                         v1::Parcel* response) override;
  grpc::Status ListParcels(grpc::ServerContext* context,
                           const v1::ListParcelsRequest* request,
                           v1::ListParcelsResponse* response) override;
  grpc::Status ListMyParcels(grpc::ServerContext* context,
                             const v1::ListMyParcelsRequest* request,
                             v1::ListParcelsResponse* response) override;
  grpc::Status RecordPickup(grpc::ServerContext* context,
                            const v1::RecordPickupRequest* request,
                            v1::Parcel* response) override;
  grpc::Status DepositValuables(grpc::ServerContext* context,
                                const v1::DepositValuablesRequest* request,
                                v1::CustodyRecord* response) override;
  grpc::Status ListCustody(grpc::ServerContext* context,
                           const v1::ListCustodyRequest* request,
                           v1::ListCustodyResponse* response) override;
  grpc::Status ReturnValuables(grpc::ServerContext* context,
                               const v1::ReturnValuablesRequest* request,
                               v1::CustodyRecord* response) override;
  grpc::Status CreateLendableItem(grpc::ServerContext* context,
                                  const v1::CreateLendableItemRequest* request,
                                  v1::LendableItem* response) override;
  grpc::Status ListLendableItems(
      grpc::ServerContext* context, const v1::ListLendableItemsRequest* request,
      v1::ListLendableItemsResponse* response) override;
  grpc::Status LendItem(grpc::ServerContext* context,
                        const v1::LendItemRequest* request,
                        v1::Loan* response) override;
  grpc::Status ReturnItem(grpc::ServerContext* context,
                          const v1::ReturnItemRequest* request,
                          v1::Loan* response) override;
  grpc::Status SetLendableStock(grpc::ServerContext* context,
                                const v1::SetLendableStockRequest* request,
                                v1::LendableItem* response) override;
  grpc::Status CancelEvent(grpc::ServerContext* context,
                           const v1::CancelEventRequest* request,
                           v1::CommunityEvent* response) override;
  grpc::Status ListLoans(grpc::ServerContext* context,
                         const v1::ListLoansRequest* request,
                         v1::ListLoansResponse* response) override;
  grpc::Status LeaveMessage(grpc::ServerContext* context,
                            const v1::LeaveMessageRequest* request,
                            v1::VisitorMessage* response) override;
  grpc::Status ListMyMessages(grpc::ServerContext* context,
                              const v1::ListMyMessagesRequest* request,
                              v1::ListMessagesResponse* response) override;
  grpc::Status AcknowledgeMessage(grpc::ServerContext* context,
                                  const v1::AcknowledgeMessageRequest* request,
                                  v1::VisitorMessage* response) override;
  grpc::Status CreateEvent(grpc::ServerContext* context,
                           const v1::CreateEventRequest* request,
                           v1::CommunityEvent* response) override;
  grpc::Status ListEvents(grpc::ServerContext* context,
                          const v1::ListEventsRequest* request,
                          v1::ListEventsResponse* response) override;
  grpc::Status RegisterForEvent(grpc::ServerContext* context,
                                const v1::RegisterForEventRequest* request,
                                v1::EventRegistration* response) override;
  grpc::Status CancelRegistration(grpc::ServerContext* context,
                                  const v1::CancelRegistrationRequest* request,
                                  v1::EventRegistration* response) override;
  grpc::Status ListRegistrations(
      grpc::ServerContext* context, const v1::ListRegistrationsRequest* request,
      v1::ListRegistrationsResponse* response) override;
  grpc::Status RecordAttendance(grpc::ServerContext* context,
                                const v1::RecordAttendanceRequest* request,
                                v1::EventRegistration* response) override;
  grpc::Status ListHouseholdHistory(
      grpc::ServerContext* context,
      const v1::ListHouseholdHistoryRequest* request,
      v1::ListHouseholdHistoryResponse* response) override;

 private:
  // The checks both files of the service share (front_desk_service.cc:
  // parcels, custody, lending; front_desk_community_service.cc: messages,
  // events, the households' history). The front desk is the residential
  // service center's.
  static absl::Status CheckDeskCaller(const Call& call, int64_t site_id);
  static bool IsResident(const Call& call);
  // The parent site of a create, checked against the caller, with its
  // request_id.
  static absl::StatusOr<int64_t> CreateParent(const Call& call,
                                              const std::string& parent,
                                              const std::string& request_id);
  // The parent site of a list, checked against the caller.
  static absl::StatusOr<int64_t> ListParent(const Call& call,
                                            const std::string& parent);
  // The {site, id} a move names in `name`, checked against the caller.
  static absl::StatusOr<std::array<int64_t, 2>> Named(
      const Call& call, const std::string& name, absl::string_view collection);

  const ApiEnv& env_;
};

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_FRONT_DESK_SERVICE_H_
