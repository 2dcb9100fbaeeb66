// QualityService, part two: suggestions, surveys, the annual review and
// the service plan (quality_service.cc has follow-ups, complaints, praise,
// reports and evaluations).

#include <optional>

#include "absl/strings/str_cat.h"
#include "server/api/convert.h"
#include "server/api/quality_convert.h"
#include "server/api/quality_service.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"
#include "server/usecase/loaders.h"
#include "server/usecase/quality.h"

namespace concierge::api {
namespace {

#define QUALITY_RPC(name) "/concierge.v1.QualityService/" name

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

void PlanToProto(const usecase::PricedPlan& p, v1::ServicePlan* out) {
  ToProto(p.plan, p.currency, out);
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
        s.created_by = domain::ActorKey(call.principal);
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
        s.created_by = domain::ActorKey(call.principal);
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
