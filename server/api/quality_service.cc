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
constexpr char kCreateSuggestion[] = QUALITY_RPC("CreateSuggestion");
constexpr char kListSuggestions[] = QUALITY_RPC("ListSuggestions");
constexpr char kTriageSuggestion[] = QUALITY_RPC("TriageSuggestion");
constexpr char kCreateSurvey[] = QUALITY_RPC("CreateSurvey");
constexpr char kGetSurvey[] = QUALITY_RPC("GetSurvey");
constexpr char kListSurveys[] = QUALITY_RPC("ListSurveys");
constexpr char kSubmitSurveyResponse[] = QUALITY_RPC("SubmitSurveyResponse");
constexpr char kGetSurveyResults[] = QUALITY_RPC("GetSurveyResults");
constexpr char kGetAnnualReview[] = QUALITY_RPC("GetAnnualReview");
constexpr char kCreateServicePlan[] = QUALITY_RPC("CreateServicePlan");
constexpr char kGetServicePlan[] = QUALITY_RPC("GetServicePlan");
constexpr char kListServicePlans[] = QUALITY_RPC("ListServicePlans");
constexpr char kApproveServicePlan[] = QUALITY_RPC("ApproveServicePlan");

#undef QUALITY_RPC

// Follow-ups, complaints, suggestions, surveys and plans are the
// residential service center's.
absl::Status CheckResidential(const Call& call, int64_t site_id) {
  CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
  return RequireSiteKind(call, "RESIDENTIAL");
}

bool IsResident(const Call& call) {
  return call.principal.role == domain::Role::kResident;
}

// A page's token after `page`, whose items have ids.
template <typename T>
std::string NextToken(const ApiEnv& env, const Call& call,
                      const ListCursor& cursor, const store::Page<T>& page) {
  return NextPageToken(env, call, cursor, page.has_more,
                       page.items.empty() ? 0 : page.items.back().id);
}

// A write's reply converted inside its transaction (the transaction may run
// again: the response starts empty each time).
template <typename T, typename Out, typename Convert>
usecase::ReplyWith<T> ReplyInto(Out* response, Convert convert) {
  return [response, convert](const T& value) {
    response->Clear();
    convert(value, response);
  };
}

void PlanToProto(const usecase::PricedPlan& p, v1::ServicePlan* out) {
  ToProto(p.plan, p.currency, out);
}

void FollowUpToProto(const domain::FollowUp& f, v1::FollowUp* out) {
  ToProto(f, out);
}

void ComplaintToProto(const domain::Complaint& c, v1::Complaint* out) {
  ToProto(c, /*with_history=*/true, out);
}

// A survey response's reply (the response names its survey).
usecase::ReplyWith<store::StoredResponse> SurveyResponseReply(
    int64_t site_id, int64_t survey_id, v1::SurveyResponse* response) {
  return [=](const store::StoredResponse& stored) {
    response->Clear();  // the transaction may run again
    ToProto(site_id, survey_id, stored, response);
  };
}

void SuggestionToProto(const domain::Suggestion& s, v1::Suggestion* out) {
  ToProto(s, out);
}

}  // namespace

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
        p.recorded_by = usecase::PrincipalName(call.principal);
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
        e.evaluator = usecase::PrincipalName(call.principal);
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

// --- suggestions -----------------------------------------------------------

grpc::Status QualityServiceImpl::CreateSuggestion(
    grpc::ServerContext* context, const v1::CreateSuggestionRequest* request,
    v1::Suggestion* response) {
  return Serve(
      env_, context, kCreateSuggestion, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::Suggestion s,
            SuggestionFrom(call.principal, site_id, request->suggestion()));
        s.state = domain::SuggestionState::kSubmitted;
        s.created_by = usecase::PrincipalName(call.principal);
        s.create_time = call.now;
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateSuggestion(s));
        return Answer(usecase::CreateSuggestion(
                          *env_.db, ActorOf(call), std::move(s),
                          CreateKeyFor(call, *request, request->request_id())),
                      response, SuggestionToProto);
      });
}

grpc::Status QualityServiceImpl::ListSuggestions(
    grpc::ServerContext* context, const v1::ListSuggestionsRequest* request,
    v1::ListSuggestionsResponse* response) {
  return Serve(
      env_, context, kListSuggestions, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, site_id));
        CONCIERGE_ASSIGN_OR_RETURN(std::vector<domain::SuggestionState> states,
                                   StatesFrom(*request));
        const int64_t household =
            IsResident(call) ? call.principal.household_id : 0;
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        CONCIERGE_ASSIGN_OR_RETURN(
            auto page, usecase::ListSuggestions(
                           *env_.db, ActorOf(call), site_id, household, states,
                           {cursor.after_id, cursor.limit}));
        for (const domain::Suggestion& s : page.items) {
          ToProto(s, response->add_suggestions());
        }
        response->set_next_page_token(NextToken(env_, call, cursor, page));
        return absl::OkStatus();
      });
}

grpc::Status QualityServiceImpl::TriageSuggestion(
    grpc::ServerContext* context, const v1::TriageSuggestionRequest* request,
    v1::Suggestion* response) {
  return ServeWrite(
      env_, context, kTriageSuggestion, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("name", request->name(), "suggestions"));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, ids[0]));
        CONCIERGE_ASSIGN_OR_RETURN(domain::SuggestionAction action,
                                   TriageFrom(*request));
        return usecase::TriageSuggestion(
                   *env_.db, ActorOf(call), ids[0], ids[1], request->etag(),
                   action, request->reason(),
                   ReplyInto<domain::Suggestion>(response, SuggestionToProto))
            .status();
      });
}

// --- surveys ---------------------------------------------------------------

grpc::Status QualityServiceImpl::CreateSurvey(
    grpc::ServerContext* context, const v1::CreateSurveyRequest* request,
    v1::Survey* response) {
  return Serve(
      env_, context, kCreateSurvey, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        CONCIERGE_ASSIGN_OR_RETURN(domain::Survey s,
                                   SurveyFrom(site_id, request->survey()));
        s.created_by = usecase::PrincipalName(call.principal);
        s.create_time = call.now;
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateSurvey(s, call.now));
        CONCIERGE_ASSIGN_OR_RETURN(
            s, usecase::CreateSurvey(
                   *env_.db, ActorOf(call), std::move(s),
                   CreateKeyFor(call, *request, request->request_id())));
        ToProto(s, call.now, response);
        return absl::OkStatus();
      });
}

grpc::Status QualityServiceImpl::GetSurvey(grpc::ServerContext* context,
                                           const v1::GetSurveyRequest* request,
                                           v1::Survey* response) {
  return Serve(
      env_, context, kGetSurvey, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("name", request->name(), "surveys"));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, ids[0]));
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::Survey s,
            usecase::GetSurvey(*env_.db, ActorOf(call), ids[0], ids[1]));
        ToProto(s, call.now, response);
        return absl::OkStatus();
      });
}

grpc::Status QualityServiceImpl::ListSurveys(
    grpc::ServerContext* context, const v1::ListSurveysRequest* request,
    v1::ListSurveysResponse* response) {
  return Serve(
      env_, context, kListSurveys, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, site_id));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        std::optional<absl::Time> open_at;
        if (request->open_only()) open_at = call.now;
        CONCIERGE_ASSIGN_OR_RETURN(
            auto page,
            usecase::ListSurveys(*env_.db, ActorOf(call), site_id, open_at,
                                 {cursor.after_id, cursor.limit}));
        for (const domain::Survey& s : page.items) {
          ToProto(s, call.now, response->add_surveys());
        }
        response->set_next_page_token(NextToken(env_, call, cursor, page));
        return absl::OkStatus();
      });
}

grpc::Status QualityServiceImpl::SubmitSurveyResponse(
    grpc::ServerContext* context,
    const v1::SubmitSurveyResponseRequest* request,
    v1::SurveyResponse* response) {
  return ServeWrite(
      env_, context, kSubmitSurveyResponse, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("survey", request->survey(), "surveys"));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, ids[0]));
        CONCIERGE_ASSIGN_OR_RETURN(
            int64_t household, HouseholdFor(call.principal, ids[0], "household",
                                            request->household()));
        std::vector<domain::SurveyAnswer> answers;
        for (const v1::SurveyAnswer& a : request->answers()) {
          answers.push_back({a.question(), a.score(), a.text()});
        }
        return usecase::SubmitSurveyResponse(
                   *env_.db, ActorOf(call), ids[0], ids[1], household, answers,
                   SurveyResponseReply(ids[0], ids[1], response))
            .status();
      });
}

grpc::Status QualityServiceImpl::GetSurveyResults(
    grpc::ServerContext* context, const v1::GetSurveyResultsRequest* request,
    v1::SurveyResults* response) {
  return Serve(
      env_, context, kGetSurveyResults, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("survey", request->survey(), "surveys"));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, ids[0]));
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::SurveyResults results,
            usecase::GetSurveyResults(*env_.db, ActorOf(call), ids[0], ids[1]));
        ToProto(results, response);
        response->set_survey(request->survey());
        return absl::OkStatus();
      });
}

// --- the annual review and plans -------------------------------------------

grpc::Status QualityServiceImpl::GetAnnualReview(
    grpc::ServerContext* context, const v1::GetAnnualReviewRequest* request,
    v1::AnnualReview* response) {
  return Serve(
      env_, context, kGetAnnualReview, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("site", request->site()));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateReviewYear(request->year()));
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::AnnualReview review,
            usecase::GetAnnualReview(*env_.db, ActorOf(call), site_id,
                                     request->year()));
        ToProto(review, request->year(), response);
        return absl::OkStatus();
      });
}

grpc::Status QualityServiceImpl::CreateServicePlan(
    grpc::ServerContext* context, const v1::CreateServicePlanRequest* request,
    v1::ServicePlan* response) {
  return Serve(
      env_, context, kCreateServicePlan, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        CONCIERGE_ASSIGN_OR_RETURN(usecase::NewPlan plan,
                                   PlanFrom(site_id, request->plan()));
        plan.key = CreateKeyFor(call, *request, request->request_id());
        return Answer(usecase::CreateServicePlan(*env_.db, ActorOf(call),
                                                 std::move(plan)),
                      response, PlanToProto);
      });
}

grpc::Status QualityServiceImpl::GetServicePlan(
    grpc::ServerContext* context, const v1::GetServicePlanRequest* request,
    v1::ServicePlan* response) {
  return Serve(
      env_, context, kGetServicePlan, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("name", request->name(), "plans"));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, ids[0]));
        return Answer(
            usecase::GetServicePlan(*env_.db, ActorOf(call), ids[0], ids[1]),
            response, PlanToProto);
      });
}

grpc::Status QualityServiceImpl::ListServicePlans(
    grpc::ServerContext* context, const v1::ListServicePlansRequest* request,
    v1::ListServicePlansResponse* response) {
  return Serve(
      env_, context, kListServicePlans, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, site_id));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::PlanPage plans,
            usecase::ListServicePlans(*env_.db, ActorOf(call), site_id,
                                      {cursor.after_id, cursor.limit}));
        for (const domain::ServicePlan& p : plans.page.items) {
          ToProto(p, plans.currency, response->add_plans());
        }
        response->set_next_page_token(
            NextToken(env_, call, cursor, plans.page));
        return absl::OkStatus();
      });
}

grpc::Status QualityServiceImpl::ApproveServicePlan(
    grpc::ServerContext* context, const v1::ApproveServicePlanRequest* request,
    v1::ServicePlan* response) {
  return ServeWrite(
      env_, context, kApproveServicePlan, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("name", request->name(), "plans"));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, ids[0]));
        return usecase::ApproveServicePlan(
                   *env_.db, ActorOf(call), ids[0], ids[1], request->etag(),
                   ReplyInto<usecase::PricedPlan>(response, PlanToProto))
            .status();
      });
}

}  // namespace concierge::api
