#ifndef CONCIERGE_SERVER_API_QUALITY_SERVICE_H_
#define CONCIERGE_SERVER_API_QUALITY_SERVICE_H_

#include "concierge/v1/quality.grpc.pb.h"
#include "server/api/rpc.h"
#include "server/usecase/quality.h"

namespace concierge::api {

// concierge.v1.QualityService: follow-ups, complaints, praise, quality
// reports and evaluations, suggestions, surveys, the annual review and the
// service plan.
class QualityServiceImpl final : public v1::QualityService::Service {
 public:
  explicit QualityServiceImpl(const ApiEnv& env) : env_(env) {}

  grpc::Status ListDueFollowUps(
      grpc::ServerContext* context, const v1::ListDueFollowUpsRequest* request,
      v1::ListDueFollowUpsResponse* response) override;
  grpc::Status ListFollowUps(grpc::ServerContext* context,
                             const v1::ListFollowUpsRequest* request,
                             v1::ListFollowUpsResponse* response) override;
  grpc::Status RecordFollowUp(grpc::ServerContext* context,
                              const v1::RecordFollowUpRequest* request,
                              v1::FollowUp* response) override;
  grpc::Status CreateComplaint(grpc::ServerContext* context,
                               const v1::CreateComplaintRequest* request,
                               v1::Complaint* response) override;
  grpc::Status GetComplaint(grpc::ServerContext* context,
                            const v1::GetComplaintRequest* request,
                            v1::Complaint* response) override;
  grpc::Status ListComplaints(grpc::ServerContext* context,
                              const v1::ListComplaintsRequest* request,
                              v1::ListComplaintsResponse* response) override;
  grpc::Status UpdateComplaint(grpc::ServerContext* context,
                               const v1::UpdateComplaintRequest* request,
                               v1::Complaint* response) override;
  grpc::Status RecordPraise(grpc::ServerContext* context,
                            const v1::RecordPraiseRequest* request,
                            v1::Praise* response) override;
  grpc::Status ListPraise(grpc::ServerContext* context,
                          const v1::ListPraiseRequest* request,
                          v1::ListPraiseResponse* response) override;
  grpc::Status GetQualityReport(grpc::ServerContext* context,
                                const v1::GetQualityReportRequest* request,
                                v1::QualityReport* response) override;
  grpc::Status CreateEvaluation(grpc::ServerContext* context,
                                const v1::CreateEvaluationRequest* request,
                                v1::Evaluation* response) override;
  grpc::Status ListEvaluations(grpc::ServerContext* context,
                               const v1::ListEvaluationsRequest* request,
                               v1::ListEvaluationsResponse* response) override;
  grpc::Status CreateSuggestion(grpc::ServerContext* context,
                                const v1::CreateSuggestionRequest* request,
                                v1::Suggestion* response) override;
  grpc::Status ListSuggestions(grpc::ServerContext* context,
                               const v1::ListSuggestionsRequest* request,
                               v1::ListSuggestionsResponse* response) override;
  grpc::Status TriageSuggestion(grpc::ServerContext* context,
                                const v1::TriageSuggestionRequest* request,
                                v1::Suggestion* response) override;
  grpc::Status CreateSurvey(grpc::ServerContext* context,
                            const v1::CreateSurveyRequest* request,
                            v1::Survey* response) override;
  grpc::Status GetSurvey(grpc::ServerContext* context,
                         const v1::GetSurveyRequest* request,
                         v1::Survey* response) override;
  grpc::Status ListSurveys(grpc::ServerContext* context,
                           const v1::ListSurveysRequest* request,
                           v1::ListSurveysResponse* response) override;
  grpc::Status SubmitSurveyResponse(
      grpc::ServerContext* context,
      const v1::SubmitSurveyResponseRequest* request,
      v1::SurveyResponse* response) override;
  grpc::Status GetSurveyResults(grpc::ServerContext* context,
                                const v1::GetSurveyResultsRequest* request,
                                v1::SurveyResults* response) override;
  grpc::Status GetAnnualReview(grpc::ServerContext* context,
                               const v1::GetAnnualReviewRequest* request,
                               v1::AnnualReview* response) override;
  grpc::Status CreateServicePlan(grpc::ServerContext* context,
                                 const v1::CreateServicePlanRequest* request,
                                 v1::ServicePlan* response) override;
  grpc::Status GetServicePlan(grpc::ServerContext* context,
                              const v1::GetServicePlanRequest* request,
                              v1::ServicePlan* response) override;
  grpc::Status ListServicePlans(
      grpc::ServerContext* context, const v1::ListServicePlansRequest* request,
      v1::ListServicePlansResponse* response) override;
  grpc::Status ApproveServicePlan(grpc::ServerContext* context,
                                  const v1::ApproveServicePlanRequest* request,
                                  v1::ServicePlan* response) override;

 private:
  // Follow-ups, complaints, suggestions, surveys and plans are the
  // residential service center's.
  static absl::Status CheckResidential(const Call& call, int64_t site_id);
  static bool IsResident(const Call& call);
  // A page's token after `page`, whose items have ids.
  template <typename T>
  static std::string NextToken(const ApiEnv& env, const Call& call,
                               const ListCursor& cursor,
                               const store::Page<T>& page) {
    return NextPageToken(env, call, cursor, page.has_more,
                         page.items.empty() ? 0 : page.items.back().id);
  }
  // A write's reply converted inside its transaction (the transaction may
  // run again: the response starts empty each time).
  template <typename T, typename Out, typename Convert>
  static usecase::ReplyWith<T> ReplyInto(Out* response, Convert convert) {
    return [response, convert](const T& value) {
      response->Clear();
      convert(value, response);
    };
  }

  const ApiEnv& env_;
};

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_QUALITY_SERVICE_H_
