// QualityService, part one: follow-ups, complaints, praise, quality
// reports and evaluations (quality_review_service.cc has suggestions,
// surveys, the annual review and the service plan).

#include "server/api/quality_service.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "server/api/convert.h"
#include "server/api/quality_convert.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"
#include "server/usecase/loaders.h"
#include "server/usecase/quality.h"

namespace concierge::api {
namespace {

#define QUALITY_RPC(name) "/concierge.v1.QualityService/" name

constexpr char kListDueFollowUps[] = QUALITY_RPC("ListDueFollowUps");
constexpr char kRecordFollowUp[] = QUALITY_RPC("RecordFollowUp");
constexpr char kListFollowUps[] = QUALITY_RPC("ListFollowUps");
constexpr char kCreateComplaint[] = QUALITY_RPC("CreateComplaint");
constexpr char kGetComplaint[] = QUALITY_RPC("GetComplaint");
constexpr char kListComplaints[] = QUALITY_RPC("ListComplaints");
constexpr char kUpdateComplaint[] = QUALITY_RPC("UpdateComplaint");
constexpr char kRecordPraise[] = QUALITY_RPC("RecordPraise");
constexpr char kListPraise[] = QUALITY_RPC("ListPraise");
constexpr char kGetQualityReport[] = QUALITY_RPC("GetQualityReport");
constexpr char kCreateEvaluation[] = QUALITY_RPC("CreateEvaluation");
constexpr char kListEvaluations[] = QUALITY_RPC("ListEvaluations");

#undef QUALITY_RPC

void FollowUpToProto(const domain::FollowUp& f, v1::FollowUp* out) {
  ToProto(f, out);
}

void ComplaintToProto(const domain::Complaint& c, v1::Complaint* out) {
  ToProto(c, /*with_history=*/true, out);
}

}  // namespace

absl::Status QualityServiceImpl::CheckResidential(const Call& call,
                                                  int64_t site_id) {
  CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
  return RequireSiteKind(call, "RESIDENTIAL");
}

bool QualityServiceImpl::IsResident(const Call& call) {
  return call.principal.role == domain::Role::kResident;
}

// --- follow-ups ------------------------------------------------------------

grpc::Status QualityServiceImpl::ListDueFollowUps(
    grpc::ServerContext* context, const v1::ListDueFollowUpsRequest* request,
    v1::ListDueFollowUpsResponse* response) {
  return Serve(
      env_, context, kListDueFollowUps, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, site_id));
        absl::Time due_before = call.now;
        if (request->has_due_before()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              due_before, FromProto("due_before", request->due_before()));
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::NamedChild department,
            ParseDepartment("department", request->department()));
        CONCIERGE_ASSIGN_OR_RETURN(
            auto page, usecase::ListDueFollowUps(
                           *env_.db, ActorOf(call), site_id, department,
                           due_before, {cursor.after_id, cursor.limit}));
        for (const domain::FollowUp& f : page.items) {
          ToProto(f, response->add_follow_ups());
        }
        response->set_next_page_token(NextToken(env_, call, cursor, page));
        return absl::OkStatus();
      });
}

grpc::Status QualityServiceImpl::ListFollowUps(
    grpc::ServerContext* context, const v1::ListFollowUpsRequest* request,
    v1::ListFollowUpsResponse* response) {
  return Serve(
      env_, context, kListFollowUps, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, site_id));
        CONCIERGE_ASSIGN_OR_RETURN(store::FollowUpRegisterFilter filter,
                                   FollowUpFilterFrom(site_id, *request));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::NamedChild department,
            ParseDepartment("department", request->department()));
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::FollowUpRegister reg,
            usecase::ListFollowUps(*env_.db, ActorOf(call), site_id, filter,
                                   department,
                                   {cursor.after_id, cursor.limit}));
        for (const domain::FollowUp& f : reg.page.items) {
          ToProto(f, response->add_follow_ups());
        }
        response->set_total_count(static_cast<int32_t>(reg.totals.count));
        response->set_mean_satisfaction(
            reg.totals.count == 0
                ? 0
                : static_cast<double>(reg.totals.satisfaction_sum) /
                      reg.totals.count);
        response->set_complaints(static_cast<int32_t>(reg.totals.complained));
        response->set_next_page_token(NextToken(env_, call, cursor, reg.page));
        return absl::OkStatus();
      });
}

grpc::Status QualityServiceImpl::RecordFollowUp(
    grpc::ServerContext* context, const v1::RecordFollowUpRequest* request,
    v1::FollowUp* response) {
  return ServeWrite(
      env_, context, kRecordFollowUp, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("name", request->name(), "followups"));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, ids[0]));
        CONCIERGE_ASSIGN_OR_RETURN(usecase::FollowUpRecord record,
                                   FollowUpRecordFrom(*request));
        return usecase::RecordFollowUp(
                   *env_.db, ActorOf(call), ids[0], ids[1], std::move(record),
                   ReplyInto<domain::FollowUp>(response, FollowUpToProto))
            .status();
      });
}

// --- complaints ------------------------------------------------------------

grpc::Status QualityServiceImpl::CreateComplaint(
    grpc::ServerContext* context, const v1::CreateComplaintRequest* request,
    v1::Complaint* response) {
  return Serve(
      env_, context, kCreateComplaint, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::NewComplaint n,
            NewComplaintFrom(call.principal, site_id, request->complaint()));
        n.key = CreateKeyFor(call, *request, request->request_id());
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::Complaint created,
            usecase::CreateComplaint(*env_.db, ActorOf(call), std::move(n)));
        ToProto(created, !IsResident(call), response);
        return absl::OkStatus();
      });
}

grpc::Status QualityServiceImpl::GetComplaint(
    grpc::ServerContext* context, const v1::GetComplaintRequest* request,
    v1::Complaint* response) {
  return Serve(
      env_, context, kGetComplaint, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("name", request->name(), "complaints"));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, ids[0]));
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::Complaint c,
            usecase::GetComplaint(*env_.db, ActorOf(call), ids[0], ids[1]));
        ToProto(c, !IsResident(call), response);
        return absl::OkStatus();
      });
}

grpc::Status QualityServiceImpl::ListComplaints(
    grpc::ServerContext* context, const v1::ListComplaintsRequest* request,
    v1::ListComplaintsResponse* response) {
  return Serve(
      env_, context, kListComplaints, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, site_id));
        CONCIERGE_ASSIGN_OR_RETURN(store::ComplaintFilter filter,
                                   ComplaintFilterFrom(site_id, *request));
        if (IsResident(call)) {
          if (filter.household_id != 0 &&
              filter.household_id != call.principal.household_id) {
            return absl::PermissionDeniedError(
                "residents see their own household's complaints only");
          }
          filter.household_id = call.principal.household_id;
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::NamedChild department,
            ParseDepartment("department", request->department()));
        CONCIERGE_ASSIGN_OR_RETURN(
            auto page, usecase::ListComplaints(
                           *env_.db, ActorOf(call), site_id, filter, department,
                           {cursor.after_id, cursor.limit}));
        for (const domain::Complaint& c : page.items) {
          ToProto(c, false, response->add_complaints());
        }
        response->set_next_page_token(NextToken(env_, call, cursor, page));
        return absl::OkStatus();
      });
}

grpc::Status QualityServiceImpl::UpdateComplaint(
    grpc::ServerContext* context, const v1::UpdateComplaintRequest* request,
    v1::Complaint* response) {
  return ServeWrite(
      env_, context, kUpdateComplaint, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("name", request->name(), "complaints"));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, ids[0]));
        CONCIERGE_ASSIGN_OR_RETURN(usecase::ComplaintUpdate update,
                                   ComplaintUpdateFrom(*request));
        return usecase::UpdateComplaint(
                   *env_.db, ActorOf(call), ids[0], ids[1], update,
                   ReplyInto<domain::Complaint>(response, ComplaintToProto))
            .status();
      });
}

// --- praise ----------------------------------------------------------------

grpc::Status QualityServiceImpl::RecordPraise(
    grpc::ServerContext* context, const v1::RecordPraiseRequest* request,
    v1::Praise* response) {
  return Serve(
      env_, context, kRecordPraise, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::Praise p, PraiseFrom(site_id, request->praise(), call.now));
        p.recorded_by = domain::ActorKey(call.principal);
        p.create_time = call.now;
        CONCIERGE_RETURN_IF_ERROR(domain::ValidatePraise(p, call.now));
        CONCIERGE_ASSIGN_OR_RETURN(
            p, usecase::RecordPraise(
                   *env_.db, ActorOf(call), std::move(p),
                   CreateKeyFor(call, *request, request->request_id())));
        ToProto(p, response);
        return absl::OkStatus();
      });
}

grpc::Status QualityServiceImpl::ListPraise(
    grpc::ServerContext* context, const v1::ListPraiseRequest* request,
    v1::ListPraiseResponse* response) {
  return Serve(
      env_, context, kListPraise, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
        int64_t staff_id = 0;
        if (!request->staff().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              staff_id, ChildOf(site_id, "staff", request->staff(), "staff"));
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::NamedChild department,
            ParseDepartment("department", request->department()));
        CONCIERGE_ASSIGN_OR_RETURN(
            auto page,
            usecase::ListPraise(*env_.db, ActorOf(call), site_id, staff_id,
                                department, {cursor.after_id, cursor.limit}));
        for (const domain::Praise& p : page.items)
          ToProto(p, response->add_praise());
        response->set_next_page_token(NextToken(env_, call, cursor, page));
        return absl::OkStatus();
      });
}

// --- reports and evaluations -----------------------------------------------

grpc::Status QualityServiceImpl::GetQualityReport(
    grpc::ServerContext* context, const v1::GetQualityReportRequest* request,
    v1::QualityReport* response) {
  return Serve(
      env_, context, kGetQualityReport, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(domain::ReportSubject subject,
                                   ParseSubject("subject", request->subject()));
        CONCIERGE_RETURN_IF_ERROR(RequireSite(call, subject.site_id));
        CONCIERGE_ASSIGN_OR_RETURN(
            absl::Time start,
            RequiredTime("start_time", request->has_start_time(),
                         request->start_time()));
        CONCIERGE_ASSIGN_OR_RETURN(
            absl::Time end, RequiredTime("end_time", request->has_end_time(),
                                         request->end_time()));
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateReportPeriod(start, end));
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::QualityReport report,
            usecase::GetQualityReport(*env_.db, ActorOf(call), subject, start,
                                      end));
        ToProto(report, response);
        return absl::OkStatus();
      });
}

grpc::Status QualityServiceImpl::CreateEvaluation(
    grpc::ServerContext* context, const v1::CreateEvaluationRequest* request,
    v1::Evaluation* response) {
  return Serve(
      env_, context, kCreateEvaluation, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        domain::ReportSubject subject;
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::Evaluation e,
            EvaluationFrom(site_id, request->evaluation(), &subject));
        e.evaluator = domain::ActorKey(call.principal);
        e.create_time = call.now;
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateEvaluation(e));
        CONCIERGE_ASSIGN_OR_RETURN(
            e, usecase::CreateEvaluation(
                   *env_.db, ActorOf(call), subject, std::move(e),
                   CreateKeyFor(call, *request, request->request_id())));
        ToProto(e, response);
        return absl::OkStatus();
      });
}

grpc::Status QualityServiceImpl::ListEvaluations(
    grpc::ServerContext* context, const v1::ListEvaluationsRequest* request,
    v1::ListEvaluationsResponse* response) {
  return Serve(
      env_, context, kListEvaluations, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
        domain::ReportSubject subject{site_id, 0, 0};
        if (!request->subject().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              subject, ParseSubject("subject", request->subject()));
          if (subject.site_id != site_id) {
            return absl::InvalidArgumentError(
                "subject: must belong to the parent site");
          }
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        CONCIERGE_ASSIGN_OR_RETURN(
            auto page,
            usecase::ListEvaluations(*env_.db, ActorOf(call), subject,
                                     {cursor.after_id, cursor.limit}));
        for (const domain::Evaluation& e : page.items) {
          ToProto(e, response->add_evaluations());
        }
        response->set_next_page_token(NextToken(env_, call, cursor, page));
        return absl::OkStatus();
      });
}

}  // namespace concierge::api
