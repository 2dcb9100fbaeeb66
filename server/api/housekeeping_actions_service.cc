// HousekeepingService, part two: visits and the actions the rules suggest
// from them, proposals, outcomes, approvals, department tasks and the
// rules themselves (housekeeping_service.cc has rooms, the day, the
// minibar and handover).

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/api/convert.h"
#include "server/api/guest_convert.h"
#include "server/api/housekeeping_convert.h"
#include "server/api/housekeeping_service.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/housekeeping.h"
#include "server/domain/housekeeping_rules.h"
#include "server/domain/minibar.h"
#include "server/domain/text.h"
#include "server/usecase/hotel.h"
#include "server/usecase/loaders.h"
#include "server/usecase/observations.h"
#include "server/usecase/room_actions.h"
#include "server/usecase/rules.h"

namespace concierge::api {
namespace {

#define HK_RPC(name) "/concierge.v1.HousekeepingService/" name

constexpr char kSubmitObservations[] = HK_RPC("SubmitObservations");
constexpr char kProposeRoomAction[] = HK_RPC("ProposeRoomAction");
constexpr char kRecordActionOutcome[] = HK_RPC("RecordActionOutcome");
constexpr char kApproveAction[] = HK_RPC("ApproveAction");
constexpr char kRejectAction[] = HK_RPC("RejectAction");
constexpr char kListPendingApprovals[] = HK_RPC("ListPendingApprovals");
constexpr char kListDepartmentTasks[] = HK_RPC("ListDepartmentTasks");
constexpr char kListRoomActions[] = HK_RPC("ListRoomActions");
constexpr char kListRules[] = HK_RPC("ListRules");
constexpr char kCreateRule[] = HK_RPC("CreateRule");
constexpr char kUpdateRule[] = HK_RPC("UpdateRule");
constexpr char kDisableRule[] = HK_RPC("DisableRule");

#undef HK_RPC

using usecase::IsManagement;

// A list's period: both ends or neither (today, decided by the use case).
absl::StatusOr<std::optional<usecase::Period>> PeriodFrom(
    const v1::ListRoomActionsRequest& request) {
  if (request.has_start_time() != request.has_end_time()) {
    return absl::InvalidArgumentError(
        "start_time: give start_time and end_time, or neither (today)");
  }
  if (!request.has_start_time()) return std::nullopt;
  CONCIERGE_ASSIGN_OR_RETURN(absl::Time start,
                             FromProto("start_time", request.start_time()));
  CONCIERGE_ASSIGN_OR_RETURN(absl::Time end,
                             FromProto("end_time", request.end_time()));
  if (end <= start) {
    return absl::InvalidArgumentError("end_time: must be after start_time");
  }
  return usecase::Period{start, end};
}

// Whose actions a list shows: a supervisor's department's whatever was
// asked; a manager's choice ({0, 0}: the site's).
absl::StatusOr<std::array<int64_t, 2>> ListedDepartment(
    const Call& call, int64_t site_id, const std::string& named) {
  if (!IsManagement(call.principal)) {
    if (call.principal.department_id == 0) {
      return absl::PermissionDeniedError(
          "only supervisors of a department and managers see the floor");
    }
    return std::array<int64_t, 2>{site_id, call.principal.department_id};
  }
  if (named.empty()) return std::array<int64_t, 2>{0, 0};
  return ParseSiteChild("department", named, "departments");
}

}  // namespace

absl::Status HousekeepingServiceImpl::RunActionMove(
    const Call& call, const std::string& name,
    const usecase::ActionMoveRequest& move, v1::RoomAction* response) {
  CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                             ParseSiteChild("name", name, "roomActions"));
  CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, ids[0]));
  return usecase::MoveRoomAction(*env_.db, ActorOf(call), ids[0], ids[1], move,
                                 ActionReplyInto(response))
      .status();
}

// --- visits and actions -----------------------------------------------------

grpc::Status HousekeepingServiceImpl::SubmitObservations(
    grpc::ServerContext* context, const v1::SubmitObservationsRequest* request,
    v1::Visit* response) {
  return Serve(
      env_, context, kSubmitObservations,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("site", request->site()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRoomNumber("room_number", request->room_number()));
        domain::Visit visit;
        visit.site_id = site_id;
        visit.room_number = request->room_number();
        switch (request->kind()) {
          case v1::VISIT_KIND_UNSPECIFIED:
          case v1::VISIT_KIND_CLEANING:
            visit.kind = domain::VisitKind::kCleaning;
            break;
          case v1::VISIT_KIND_TURNDOWN:
            visit.kind = domain::VisitKind::kTurndown;
            break;
          default:
            return absl::InvalidArgumentError(
                "kind: must be CLEANING or TURNDOWN");
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            visit.observations, ObservationsFromProto(request->observations()));
        visit.note = request->note();
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateVisitContent(visit));
        const domain::Principal& p = call.principal;
        visit.staff_id = p.kind == domain::PrincipalKind::kStaff ? p.id : 0;
        visit.visited_by = domain::ActorKey(p);
        visit.create_time = call.now;
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::RecordedVisit recorded,
            usecase::SubmitObservations(
                *env_.db, ActorOf(call), visit,
                CreateKeyFor(call, *request, request->request_id()),
                ReaderOf(call)));
        ToProto(recorded.visit, recorded.actions, response);
        return absl::OkStatus();
      });
}

grpc::Status HousekeepingServiceImpl::ProposeRoomAction(
    grpc::ServerContext* context, const v1::ProposeRoomActionRequest* request,
    v1::RoomAction* response) {
  return Serve(
      env_, context, kProposeRoomAction, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("site", request->site()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        int64_t stay_id = 0;
        if (!request->stay().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              auto ids, ParseSiteChild("stay", request->stay(), "stays"));
          if (ids[0] != site_id) {
            return absl::InvalidArgumentError(
                "stay: must be a stay of the site");
          }
          stay_id = ids[1];
        } else if (request->room_number().empty()) {
          return absl::InvalidArgumentError(
              "room_number: give the guest's room (or stay)");
        }
        if (!request->room_number().empty()) {
          CONCIERGE_RETURN_IF_ERROR(domain::ValidateRoomNumber(
              "room_number", request->room_number()));
        }
        if (!request->department_code().empty()) {
          CONCIERGE_RETURN_IF_ERROR(domain::ValidateCode(
              "department_code", request->department_code()));
        }
        const domain::Principal& p = call.principal;
        domain::Proposal proposal;
        proposal.site_id = site_id;
        proposal.what_zh = request->what().zh();
        proposal.what_en = request->what().en();
        proposal.why = request->why();
        if (request->has_teaches()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              proposal.teaches, FactFromProto("teaches", request->teaches()));
        }
        if (request->has_deadline_time()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              proposal.deadline,
              FromProto("deadline_time", request->deadline_time()));
        }
        proposal.proposed_by = domain::ActorKey(p);
        proposal.proposer_staff_id =
            p.kind == domain::PrincipalKind::kStaff ? p.id : 0;
        proposal.proposer_department_id = p.department_id;
        proposal.create_time = call.now;
        usecase::ProposalTarget target{stay_id, request->room_number(),
                                       request->department_code()};
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::RoomAction action,
            usecase::ProposeRoomAction(
                *env_.db, ActorOf(call), proposal,
                FromProto(request->estimated_cost(), ""), target,
                CreateKeyFor(call, *request, request->request_id())));
        ToProto(action, response);
        return absl::OkStatus();
      });
}

grpc::Status HousekeepingServiceImpl::RecordActionOutcome(
    grpc::ServerContext* context, const v1::RecordActionOutcomeRequest* request,
    v1::RoomAction* response) {
  return ServeWrite(
      env_, context, kRecordActionOutcome, *request, response,
      [&](const Call& call) -> absl::Status {
        usecase::ActionMoveRequest move;
        move.etag = request->etag();
        switch (request->outcome()) {
          case v1::ACTION_OUTCOME_DONE:
            move.move = domain::ActionMove::kDone;
            if (!request->reason().empty()) {
              return absl::InvalidArgumentError(
                  "reason: only a SKIPPED action takes a reason");
            }
            break;
          case v1::ACTION_OUTCOME_SKIPPED:
            move.move = domain::ActionMove::kSkip;
            CONCIERGE_RETURN_IF_ERROR(
                domain::ValidateReason("reason", request->reason()));
            move.reason = request->reason();
            if (request->quantity() != 0) {
              return absl::InvalidArgumentError(
                  "quantity: only DONE of a minibar restock takes one");
            }
            break;
          default:
            return absl::InvalidArgumentError(
                "outcome: must be DONE or SKIPPED");
        }
        if (request->quantity() < 0 ||
            request->quantity() > domain::kMaxMinibarCount) {
          return absl::InvalidArgumentError(
              absl::StrCat("quantity: must be 1 to ", domain::kMaxMinibarCount,
                           " (0: as suggested)"));
        }
        move.quantity = request->quantity();
        return RunActionMove(call, request->name(), move, response);
      });
}

grpc::Status HousekeepingServiceImpl::ApproveAction(
    grpc::ServerContext* context, const v1::ApproveActionRequest* request,
    v1::RoomAction* response) {
  return ServeWrite(env_, context, kApproveAction, *request, response,
                    [&](const Call& call) -> absl::Status {
                      CONCIERGE_RETURN_IF_ERROR(domain::ValidateText(
                          "note", request->note(), domain::kOptionalName));
                      return RunActionMove(call, request->name(),
                                           {domain::ActionMove::kApprove,
                                            request->etag(), request->note()},
                                           response);
                    });
}

grpc::Status HousekeepingServiceImpl::RejectAction(
    grpc::ServerContext* context, const v1::RejectActionRequest* request,
    v1::RoomAction* response) {
  return ServeWrite(env_, context, kRejectAction, *request, response,
                    [&](const Call& call) -> absl::Status {
                      CONCIERGE_RETURN_IF_ERROR(
                          domain::ValidateReason("reason", request->reason()));
                      return RunActionMove(call, request->name(),
                                           {domain::ActionMove::kReject,
                                            request->etag(), request->reason()},
                                           response);
                    });
}

// --- approvals and department tasks -----------------------------------------

grpc::Status HousekeepingServiceImpl::ListPendingApprovals(
    grpc::ServerContext* context,
    const v1::ListPendingApprovalsRequest* request,
    v1::ListPendingApprovalsResponse* response) {
  return Serve(
      env_, context, kListPendingApprovals,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        // A supervisor approves for their department; managers for all.
        const int64_t department =
            IsManagement(call.principal) ? 0 : call.principal.department_id;
        if (!IsManagement(call.principal) && department == 0) {
          return absl::PermissionDeniedError(
              "only supervisors of a department and managers approve");
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return PageInto(env_, call, cursor,
                        usecase::ListPendingApprovals(
                            *env_.db, ActorOf(call), site_id, department,
                            {cursor.after_id, cursor.limit}),
                        ToRoomAction, response->mutable_actions(),
                        response->mutable_next_page_token());
      });
}

grpc::Status HousekeepingServiceImpl::ListRoomActions(
    grpc::ServerContext* context, const v1::ListRoomActionsRequest* request,
    v1::ListRoomActionsResponse* response) {
  return Serve(
      env_, context, kListRoomActions, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        CONCIERGE_ASSIGN_OR_RETURN(std::optional<usecase::Period> period,
                                   PeriodFrom(*request));
        CONCIERGE_ASSIGN_OR_RETURN(
            auto department,
            ListedDepartment(call, site_id, request->department()));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return PageInto(env_, call, cursor,
                        usecase::ListRoomActions(
                            *env_.db, ActorOf(call), site_id, period,
                            department, {cursor.after_id, cursor.limit}),
                        ToRoomAction, response->mutable_actions(),
                        response->mutable_next_page_token());
      });
}

grpc::Status HousekeepingServiceImpl::ListDepartmentTasks(
    grpc::ServerContext* context, const v1::ListDepartmentTasksRequest* request,
    v1::ListDepartmentTasksResponse* response) {
  return Serve(
      env_, context, kListDepartmentTasks,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        if (!request->department_code().empty()) {
          CONCIERGE_RETURN_IF_ERROR(domain::ValidateCode(
              "department_code", request->department_code()));
        } else if (call.principal.department_id == 0) {
          return absl::InvalidArgumentError(
              "department_code: you belong to no department; name one");
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return PageInto(
            env_, call, cursor,
            usecase::ListDepartmentTasks(*env_.db, ActorOf(call), site_id,
                                         request->department_code(),
                                         {cursor.after_id, cursor.limit}),
            ToRoomAction, response->mutable_actions(),
            response->mutable_next_page_token());
      });
}

// --- rules ------------------------------------------------------------------

grpc::Status HousekeepingServiceImpl::ListRules(
    grpc::ServerContext* context, const v1::ListRulesRequest* request,
    v1::ListRulesResponse* response) {
  return Serve(
      env_, context, kListRules, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return PageInto(env_, call, cursor,
                        usecase::ListRules(*env_.db, ActorOf(call), site_id,
                                           {cursor.after_id, cursor.limit}),
                        ToRule, response->mutable_rules(),
                        response->mutable_next_page_token());
      });
}

grpc::Status HousekeepingServiceImpl::CreateRule(
    grpc::ServerContext* context, const v1::CreateRuleRequest* request,
    v1::Rule* response) {
  return Serve(
      env_, context, kCreateRule, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        CONCIERGE_ASSIGN_OR_RETURN(domain::Rule rule,
                                   RuleFromProto("rule", request->rule()));
        rule.site_id = site_id;
        rule.enabled = true;
        rule.create_time = rule.update_time = call.now;
        rule.updated_by = domain::ActorKey(call.principal);
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::NewDefinitions defs,
            DefinitionsFromProto(domain::ActorKey(call.principal), call.now,
                                 request->new_observations(),
                                 request->new_actions()));
        CONCIERGE_ASSIGN_OR_RETURN(
            rule, usecase::CreateRule(
                      *env_.db, ActorOf(call), rule, std::move(defs),
                      CreateKeyFor(call, *request, request->request_id())));
        ToProto(rule, response);
        return absl::OkStatus();
      });
}

grpc::Status HousekeepingServiceImpl::UpdateRule(
    grpc::ServerContext* context, const v1::UpdateRuleRequest* request,
    v1::Rule* response) {
  return ServeWrite(
      env_, context, kUpdateRule, *request, response,
      [&](const Call& call) -> absl::Status {
        const v1::Rule& in = request->rule();
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("rule.name", in.name(), "rules"));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, ids[0]));
        const int64_t expected = EtagVersion(in.etag());
        if (in.etag().empty() || expected <= 0) {
          return absl::InvalidArgumentError(
              "rule.etag: is required (the etag of the version you read)");
        }
        if (request->update_mask().paths_size() == 0) {
          return absl::InvalidArgumentError(
              "update_mask: name at least one field to change");
        }
        CONCIERGE_ASSIGN_OR_RETURN(domain::Rule given,
                                   RuleFromProto("rule", in));
        given.enabled = in.enabled();
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::NewDefinitions defs,
            DefinitionsFromProto(domain::ActorKey(call.principal), call.now,
                                 request->new_observations(),
                                 request->new_actions()));
        const std::vector<std::string> paths(
            request->update_mask().paths().begin(),
            request->update_mask().paths().end());
        return usecase::UpdateRule(*env_.db, ActorOf(call), ids[0], ids[1],
                                   expected, given, paths, std::move(defs),
                                   RuleReplyInto(response))
            .status();
      });
}

grpc::Status HousekeepingServiceImpl::DisableRule(
    grpc::ServerContext* context, const v1::DisableRuleRequest* request,
    v1::Rule* response) {
  return ServeWrite(
      env_, context, kDisableRule, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("name", request->name(), "rules"));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, ids[0]));
        const int64_t expected =
            request->etag().empty() ? 0 : EtagVersion(request->etag());
        if (expected < 0) {
          return absl::InvalidArgumentError("etag: not an etag of a rule");
        }
        return usecase::DisableRule(*env_.db, ActorOf(call), ids[0], ids[1],
                                    expected, RuleReplyInto(response))
            .status();
      });
}

}  // namespace concierge::api
