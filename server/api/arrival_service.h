#ifndef CONCIERGE_SERVER_API_ARRIVAL_SERVICE_H_
#define CONCIERGE_SERVER_API_ARRIVAL_SERVICE_H_

#include <string>

#include "concierge/v1/arrivals.grpc.pb.h"
#include "server/api/rpc.h"

namespace concierge::api {

// concierge.v1.ArrivalService: a hotel's reservations, the arrivals of a
// date and what to prepare for them. `identity_pepper` hashes the identity
// documents of a guest registered with a reservation (as
// GuestProfileService does).
class ArrivalServiceImpl final : public v1::ArrivalService::Service {
 public:
  ArrivalServiceImpl(const ApiEnv& env, std::string identity_pepper)
      : env_(env), identity_pepper_(std::move(identity_pepper)) {}

  grpc::Status CreateReservation(grpc::ServerContext* context,
                                 const v1::CreateReservationRequest* request,
                                 v1::Reservation* response) override;
  grpc::Status GetReservation(grpc::ServerContext* context,
                              const v1::GetReservationRequest* request,
                              v1::Reservation* response) override;
  grpc::Status ListReservations(
      grpc::ServerContext* context, const v1::ListReservationsRequest* request,
      v1::ListReservationsResponse* response) override;
  grpc::Status UpdateReservation(grpc::ServerContext* context,
                                 const v1::UpdateReservationRequest* request,
                                 v1::Reservation* response) override;
  grpc::Status CancelReservation(grpc::ServerContext* context,
                                 const v1::CancelReservationRequest* request,
                                 v1::Reservation* response) override;
  grpc::Status ListArrivals(grpc::ServerContext* context,
                            const v1::ListArrivalsRequest* request,
                            v1::ListArrivalsResponse* response) override;
  grpc::Status MarkPreparationDone(
      grpc::ServerContext* context,
      const v1::MarkPreparationDoneRequest* request,
      v1::Preparation* response) override;

 private:
  const ApiEnv& env_;
  const std::string identity_pepper_;
};

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_ARRIVAL_SERVICE_H_
