#ifndef CONCIERGE_SERVER_API_GUEST_SERVICE_H_
#define CONCIERGE_SERVER_API_GUEST_SERVICE_H_

#include <string>

#include "concierge/v1/guests.grpc.pb.h"
#include "server/api/rpc.h"

namespace concierge::api {

// concierge.v1.GuestProfileService: guest-history profiles of the hotel
// group. `identity_pepper` is the server secret identity-document numbers
// are HMACed under (store::GetOrCreateSecret "identity_pepper").
// GetRoomGuestBrief, the handhelds' hottest call, is a callback method: its
// read joins a shared batch and the batch's thread finishes the call, so no
// thread waits per brief (docs/PERFORMANCE.md). The rest are synchronous.
class GuestProfileServiceImpl final
    : public v1::GuestProfileService::WithCallbackMethod_GetRoomGuestBrief<
          v1::GuestProfileService::Service> {
 public:
  GuestProfileServiceImpl(const ApiEnv& env, std::string identity_pepper)
      : env_(env), identity_pepper_(std::move(identity_pepper)) {}

  grpc::Status CreateGuest(grpc::ServerContext* context,
                           const v1::CreateGuestRequest* request,
                           v1::Guest* response) override;
  grpc::Status GetGuestProfile(grpc::ServerContext* context,
                               const v1::GetGuestProfileRequest* request,
                               v1::GuestProfile* response) override;
  grpc::Status UpdateGuest(grpc::ServerContext* context,
                           const v1::UpdateGuestRequest* request,
                           v1::Guest* response) override;
  grpc::Status SearchGuests(grpc::ServerContext* context,
                            const v1::SearchGuestsRequest* request,
                            v1::SearchGuestsResponse* response) override;
  grpc::Status MergeGuests(grpc::ServerContext* context,
                           const v1::MergeGuestsRequest* request,
                           v1::Guest* response) override;
  grpc::Status EraseGuest(grpc::ServerContext* context,
                          const v1::EraseGuestRequest* request,
                          v1::Guest* response) override;
  grpc::Status CheckIn(grpc::ServerContext* context,
                       const v1::CheckInRequest* request,
                       v1::Stay* response) override;
  grpc::Status CheckOut(grpc::ServerContext* context,
                        const v1::CheckOutRequest* request,
                        v1::Stay* response) override;
  grpc::Status ListStays(grpc::ServerContext* context,
                         const v1::ListStaysRequest* request,
                         v1::ListStaysResponse* response) override;
  grpc::Status RecordObservation(
      grpc::ServerContext* context, const v1::RecordObservationRequest* request,
      v1::RecordObservationResponse* response) override;
  grpc::Status ListPreferenceHistory(
      grpc::ServerContext* context,
      const v1::ListPreferenceHistoryRequest* request,
      v1::ListPreferenceHistoryResponse* response) override;
  grpc::Status RecordConsumption(grpc::ServerContext* context,
                                 const v1::RecordConsumptionRequest* request,
                                 v1::ConsumptionEntry* response) override;
  grpc::ServerUnaryReactor* GetRoomGuestBrief(
      grpc::CallbackServerContext* context,
      const v1::GetRoomGuestBriefRequest* request,
      v1::RoomGuestBrief* response) override;
  grpc::Status ListProfileAccess(
      grpc::ServerContext* context, const v1::ListProfileAccessRequest* request,
      v1::ListProfileAccessResponse* response) override;
  grpc::Status IssueRoomCredential(
      grpc::ServerContext* context,
      const v1::IssueRoomCredentialRequest* request,
      v1::RoomCredential* response) override;

 private:
  const ApiEnv& env_;
  const std::string identity_pepper_;
};

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_GUEST_SERVICE_H_
