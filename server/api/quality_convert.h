#ifndef CONCIERGE_SERVER_API_QUALITY_CONVERT_H_
#define CONCIERGE_SERVER_API_QUALITY_CONVERT_H_

// Quality proto <-> domain: enums by name, resources to protos, names.

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "concierge/v1/quality.pb.h"
#include "server/domain/quality.h"
#include "server/usecase/quality.h"

namespace concierge::api {

// INVALID_ARGUMENT naming `field` for UNSPECIFIED or unknown values.
absl::StatusOr<domain::FollowUpMethod> FromProto(absl::string_view field,
                                                 v1::FollowUpMethod v);
absl::StatusOr<domain::ComplaintCategory> FromProto(absl::string_view field,
                                                    v1::ComplaintCategory v);
absl::StatusOr<domain::ComplaintSeverity> FromProto(absl::string_view field,
                                                    v1::ComplaintSeverity v);
absl::StatusOr<domain::ComplaintState> FromProto(absl::string_view field,
                                                 v1::ComplaintState v);
absl::StatusOr<domain::PraiseSource> FromProto(absl::string_view field,
                                               v1::PraiseSource v);
absl::StatusOr<domain::SuggestionKind> FromProto(absl::string_view field,
                                                 v1::SuggestionKind v);
absl::StatusOr<domain::SuggestionState> FromProto(absl::string_view field,
                                                  v1::SuggestionState v);
absl::StatusOr<domain::QuestionKind> FromProto(absl::string_view field,
                                               v1::QuestionKind v);
absl::StatusOr<domain::PlanAction> FromProto(absl::string_view field,
                                             v1::PlanAction v);
absl::StatusOr<domain::FollowUpOutcome> FromProto(absl::string_view field,
                                                  v1::FollowUpOutcome v);

v1::FollowUpMethod ToProto(domain::FollowUpMethod v);
v1::FollowUpOutcome ToProto(domain::FollowUpOutcome v);
v1::FollowUpState ToProto(domain::FollowUpState v);
v1::ComplaintCategory ToProto(domain::ComplaintCategory v);
v1::ComplaintSeverity ToProto(domain::ComplaintSeverity v);
v1::ComplaintState ToProto(domain::ComplaintState v);
v1::ComplaintSource ToProto(domain::ComplaintSource v);
v1::PraiseSource ToProto(domain::PraiseSource v);
v1::SuggestionKind ToProto(domain::SuggestionKind v);
v1::SuggestionState ToProto(domain::SuggestionState v);
v1::QuestionKind ToProto(domain::QuestionKind v);
v1::MarginVerdict ToProto(domain::MarginVerdict v);
v1::PlanAction ToProto(domain::PlanAction v);
v1::PlanState ToProto(domain::PlanState v);

std::string FollowUpName(int64_t site_id, int64_t id);
std::string ComplaintName(int64_t site_id, int64_t id);
std::string PraiseName(int64_t site_id, int64_t id);
std::string EvaluationName(int64_t site_id, int64_t id);
std::string SuggestionName(int64_t site_id, int64_t id);
std::string SurveyName(int64_t site_id, int64_t id);
std::string SurveyResponseName(int64_t site_id, int64_t survey_id, int64_t id);
std::string PlanName(int64_t site_id, int64_t id);
std::string AnnouncementName(int64_t site_id, int64_t id);
// "sites/1", "sites/1/departments/2" or "sites/1/staff/3".
std::string SubjectName(const domain::ReportSubject& subject);

void ToProto(const domain::FollowUp& f, v1::FollowUp* out);
// `with_history`: staff see the history, residents the outcome only.
void ToProto(const domain::Complaint& c, bool with_history, v1::Complaint* out);
void ToProto(const domain::Praise& p, v1::Praise* out);
void ToProto(const domain::QualityReport& r, v1::QualityReport* out);
void ToProto(const domain::Evaluation& e, v1::Evaluation* out);
void ToProto(const domain::Suggestion& s, v1::Suggestion* out);
void ToProto(const domain::Survey& s, absl::Time now, v1::Survey* out);
// `currency` fills the plan's prices.
void ToProto(const domain::ServicePlan& p, const std::string& currency,
             v1::ServicePlan* out);

// --- the wire in ------------------------------------------------------------

// A child of `site_id` named in `field`; INVALID_ARGUMENT when it belongs to
// another site.
absl::StatusOr<int64_t> ChildOf(int64_t site_id, absl::string_view field,
                                const std::string& name,
                                absl::string_view collection);

// A department named in `field` ("" : {0, 0}, none).
absl::StatusOr<usecase::NamedChild> ParseDepartment(absl::string_view field,
                                                    const std::string& name);

absl::StatusOr<absl::Time> RequiredTime(absl::string_view field, bool has,
                                        const google::protobuf::Timestamp& t);

// UNSPECIFIED is a note.
absl::StatusOr<domain::ComplaintAction> FromProto(v1::ComplaintAction a);

// "sites/1", "sites/1/departments/2" or "sites/1/staff/3".
absl::StatusOr<domain::ReportSubject> ParseSubject(absl::string_view field,
                                                   const std::string& name);

// A complaint's category, severity and text as sent with a follow-up.
absl::StatusOr<domain::Complaint> ComplaintFrom(const v1::ComplaintDetails& d);

// A survey of `site_id` as sent (not yet validated).
absl::StatusOr<domain::Survey> SurveyFrom(int64_t site_id,
                                          const v1::Survey& in);

// A praise of `site_id` as sent, received at `now` unless it says when.
absl::StatusOr<domain::Praise> PraiseFrom(int64_t site_id, const v1::Praise& in,
                                          absl::Time now);

// A plan of `site_id` as sent: names resolved to ids of the site, not yet
// checked against the catalogue.
absl::StatusOr<usecase::NewPlan> PlanFrom(int64_t site_id,
                                          const v1::ServicePlan& in);

// The household a resident acts for, or the one staff name in `field`.
absl::StatusOr<int64_t> HouseholdFor(const domain::Principal& p,
                                     int64_t site_id, absl::string_view field,
                                     const std::string& name);

// A complaint or suggestion of `site_id` as `p` files it.
absl::StatusOr<usecase::NewComplaint> NewComplaintFrom(
    const domain::Principal& p, int64_t site_id, const v1::Complaint& in);
absl::StatusOr<domain::Suggestion> SuggestionFrom(const domain::Principal& p,
                                                  int64_t site_id,
                                                  const v1::Suggestion& in);

// Requests' filters and changes as sent.
absl::StatusOr<store::FollowUpRegisterFilter> FollowUpFilterFrom(
    int64_t site_id, const v1::ListFollowUpsRequest& request);
absl::StatusOr<store::ComplaintFilter> ComplaintFilterFrom(
    int64_t site_id, const v1::ListComplaintsRequest& request);
absl::StatusOr<usecase::FollowUpRecord> FollowUpRecordFrom(
    const v1::RecordFollowUpRequest& request);
absl::StatusOr<usecase::ComplaintUpdate> ComplaintUpdateFrom(
    const v1::UpdateComplaintRequest& request);
absl::StatusOr<domain::SuggestionAction> TriageFrom(
    const v1::TriageSuggestionRequest& request);
absl::StatusOr<std::vector<domain::SuggestionState>> StatesFrom(
    const v1::ListSuggestionsRequest& request);

// An evaluation of `site_id` as sent, and its `subject`.
absl::StatusOr<domain::Evaluation> EvaluationFrom(
    int64_t site_id, const v1::Evaluation& in, domain::ReportSubject* subject);

// --- the wire out -----------------------------------------------------------

void ToProto(const usecase::AnnualReview& review, int32_t year,
             v1::AnnualReview* out);
void ToProto(const usecase::SurveyResults& results, v1::SurveyResults* out);
void ToProto(int64_t site_id, int64_t survey_id,
             const store::StoredResponse& stored, v1::SurveyResponse* out);

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_QUALITY_CONVERT_H_
