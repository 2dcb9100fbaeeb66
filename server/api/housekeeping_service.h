#ifndef CONCIERGE_SERVER_API_HOUSEKEEPING_SERVICE_H_
#define CONCIERGE_SERVER_API_HOUSEKEEPING_SERVICE_H_

#include <cstdint>
#include <string>

#include "concierge/v1/housekeeping.grpc.pb.h"
#include "server/api/rpc.h"
#include "server/usecase/room_actions.h"

namespace concierge::api {

// concierge.v1.HousekeepingService: rooms and the attendant's day,
// observations turned into personalised actions by the site's rules,
// approvals, handover and learning. Its methods are defined in two files:
// housekeeping_service.cc (rooms, the day, vocabulary, minibar, handover)
// and housekeeping_actions_service.cc (visits, actions, approvals, rules).
class HousekeepingServiceImpl final : public v1::HousekeepingService::Service {
 public:
  explicit HousekeepingServiceImpl(const ApiEnv& env) : env_(env) {}

  grpc::Status CreateRoom(grpc::ServerContext* context,
                          const v1::CreateRoomRequest* request,
                          v1::Room* response) override;
  grpc::Status ListRooms(grpc::ServerContext* context,
                         const v1::ListRoomsRequest* request,
                         v1::ListRoomsResponse* response) override;
  grpc::Status AssignRooms(grpc::ServerContext* context,
                           const v1::AssignRoomsRequest* request,
                           v1::AssignRoomsResponse* response) override;
  grpc::Status ListMyRooms(grpc::ServerContext* context,
                           const v1::ListMyRoomsRequest* request,
                           v1::ListMyRoomsResponse* response) override;
  grpc::Status GetRoomDay(grpc::ServerContext* context,
                          const v1::GetRoomDayRequest* request,
                          v1::RoomDay* response) override;
  grpc::Status GetVocabulary(grpc::ServerContext* context,
                             const v1::GetVocabularyRequest* request,
                             v1::Vocabulary* response) override;
  grpc::Status SubmitObservations(grpc::ServerContext* context,
                                  const v1::SubmitObservationsRequest* request,
                                  v1::Visit* response) override;
  grpc::Status ProposeRoomAction(grpc::ServerContext* context,
                                 const v1::ProposeRoomActionRequest* request,
                                 v1::RoomAction* response) override;
  grpc::Status RecordActionOutcome(
      grpc::ServerContext* context,
      const v1::RecordActionOutcomeRequest* request,
      v1::RoomAction* response) override;
  grpc::Status ListPendingApprovals(
      grpc::ServerContext* context,
      const v1::ListPendingApprovalsRequest* request,
      v1::ListPendingApprovalsResponse* response) override;
  grpc::Status ApproveAction(grpc::ServerContext* context,
                             const v1::ApproveActionRequest* request,
                             v1::RoomAction* response) override;
  grpc::Status RejectAction(grpc::ServerContext* context,
                            const v1::RejectActionRequest* request,
                            v1::RoomAction* response) override;
  grpc::Status ListRoomActions(grpc::ServerContext* context,
                               const v1::ListRoomActionsRequest* request,
                               v1::ListRoomActionsResponse* response) override;
  grpc::Status ListDepartmentTasks(
      grpc::ServerContext* context,
      const v1::ListDepartmentTasksRequest* request,
      v1::ListDepartmentTasksResponse* response) override;
  grpc::Status CountMinibar(grpc::ServerContext* context,
                            const v1::CountMinibarRequest* request,
                            v1::MinibarCount* response) override;
  grpc::Status CreateHandoverNote(grpc::ServerContext* context,
                                  const v1::CreateHandoverNoteRequest* request,
                                  v1::HandoverNote* response) override;
  grpc::Status ListHandoverNotes(
      grpc::ServerContext* context, const v1::ListHandoverNotesRequest* request,
      v1::ListHandoverNotesResponse* response) override;
  grpc::Status ListRules(grpc::ServerContext* context,
                         const v1::ListRulesRequest* request,
                         v1::ListRulesResponse* response) override;
  grpc::Status CreateRule(grpc::ServerContext* context,
                          const v1::CreateRuleRequest* request,
                          v1::Rule* response) override;
  grpc::Status UpdateRule(grpc::ServerContext* context,
                          const v1::UpdateRuleRequest* request,
                          v1::Rule* response) override;
  grpc::Status DisableRule(grpc::ServerContext* context,
                           const v1::DisableRuleRequest* request,
                           v1::Rule* response) override;

 private:
  // PERMISSION_DENIED unless the caller may act on the hotel `site_id`.
  static absl::Status CheckHotelCaller(const Call& call, int64_t site_id);
  // A move of the room action `name` (checked against the caller).
  absl::Status RunActionMove(const Call& call, const std::string& name,
                             const usecase::ActionMoveRequest& move,
                             v1::RoomAction* response);

  const ApiEnv& env_;
};

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_HOUSEKEEPING_SERVICE_H_
