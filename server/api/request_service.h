#ifndef CONCIERGE_SERVER_API_REQUEST_SERVICE_H_
#define CONCIERGE_SERVER_API_REQUEST_SERVICE_H_

#include "concierge/v1/requests.grpc.pb.h"
#include "server/api/rpc.h"
#include "server/api/task_hub.h"
#include "server/usecase/requests.h"

namespace concierge::api {

// concierge.v1.ServiceRequestService. Every unary method is synchronous (a
// blocking database call per RPC on gRPC's thread pool; creates arriving
// together share one transaction: usecase::RequestRegistrar); WatchTasks uses
// the callback API so that open streams hold no thread, and sends raw bytes:
// each event is serialized once for every stream (task_stream.h).
class ServiceRequestServiceImpl final
    : public v1::ServiceRequestService::WithRawCallbackMethod_WatchTasks<
          v1::ServiceRequestService::Service> {
 public:
  ServiceRequestServiceImpl(const ApiEnv& env, TaskHub* hub);
  ~ServiceRequestServiceImpl() override;

  grpc::Status CreateServiceRequest(
      grpc::ServerContext* context,
      const v1::CreateServiceRequestRequest* request,
      v1::ServiceRequest* response) override;
  grpc::Status GetServiceRequest(grpc::ServerContext* context,
                                 const v1::GetServiceRequestRequest* request,
                                 v1::ServiceRequest* response) override;
  grpc::Status ListServiceRequests(
      grpc::ServerContext* context,
      const v1::ListServiceRequestsRequest* request,
      v1::ListServiceRequestsResponse* response) override;
  grpc::Status ListRequestEvents(
      grpc::ServerContext* context, const v1::ListRequestEventsRequest* request,
      v1::ListRequestEventsResponse* response) override;
  grpc::Status QuoteServiceRequest(
      grpc::ServerContext* context,
      const v1::QuoteServiceRequestRequest* request,
      v1::ServiceRequest* response) override;
  grpc::Status AcceptQuote(grpc::ServerContext* context,
                           const v1::AcceptQuoteRequest* request,
                           v1::ServiceRequest* response) override;
  grpc::Status DisputeQuote(grpc::ServerContext* context,
                            const v1::DisputeQuoteRequest* request,
                            v1::ServiceRequest* response) override;
  grpc::Status ProposePrice(grpc::ServerContext* context,
                            const v1::ProposePriceRequest* request,
                            v1::ServiceRequest* response) override;
  grpc::Status DecidePrice(grpc::ServerContext* context,
                           const v1::DecidePriceRequest* request,
                           v1::ServiceRequest* response) override;
  grpc::Status DispatchServiceRequest(
      grpc::ServerContext* context,
      const v1::DispatchServiceRequestRequest* request,
      v1::ServiceRequest* response) override;
  grpc::Status AssignServiceRequest(
      grpc::ServerContext* context,
      const v1::AssignServiceRequestRequest* request,
      v1::ServiceRequest* response) override;
  grpc::Status StartServiceRequest(
      grpc::ServerContext* context,
      const v1::StartServiceRequestRequest* request,
      v1::ServiceRequest* response) override;
  grpc::Status CompleteServiceRequest(
      grpc::ServerContext* context,
      const v1::CompleteServiceRequestRequest* request,
      v1::ServiceRequest* response) override;
  grpc::Status SignOffServiceRequest(
      grpc::ServerContext* context,
      const v1::SignOffServiceRequestRequest* request,
      v1::ServiceRequest* response) override;
  grpc::Status DeclineSignOff(grpc::ServerContext* context,
                              const v1::DeclineSignOffRequest* request,
                              v1::ServiceRequest* response) override;
  grpc::Status SettleServiceRequest(
      grpc::ServerContext* context,
      const v1::SettleServiceRequestRequest* request,
      v1::ServiceRequest* response) override;
  grpc::Status CancelServiceRequest(
      grpc::ServerContext* context,
      const v1::CancelServiceRequestRequest* request,
      v1::ServiceRequest* response) override;
  grpc::Status GetTaskSheet(grpc::ServerContext* context,
                            const v1::GetTaskSheetRequest* request,
                            v1::TaskSheet* response) override;
  grpc::Status ListPaidServiceRecords(
      grpc::ServerContext* context,
      const v1::ListPaidServiceRecordsRequest* request,
      v1::ListPaidServiceRecordsResponse* response) override;
  grpc::Status GetRepairHistory(grpc::ServerContext* context,
                                const v1::GetRepairHistoryRequest* request,
                                v1::RepairHistory* response) override;
  grpc::ServerWriteReactor<grpc::ByteBuffer>* WatchTasks(
      grpc::CallbackServerContext* context,
      const grpc::ByteBuffer* request) override;

 private:
  // The checks and the filter of a WatchTasks call, then the hub's Admit;
  // runs off gRPC's threads (it may wait on the database).
  absl::Status AdmitWatch(const Call& call,
                          const v1::WatchTasksRequest& request,
                          const TaskHub::Opening& stream);

  const ApiEnv& env_;
  TaskHub* hub_;
  // CreateServiceRequest's use case, with its shared batches.
  usecase::RequestRegistrar registrar_;
};

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_REQUEST_SERVICE_H_
