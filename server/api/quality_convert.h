#ifndef CONCIERGE_SERVER_API_QUALITY_CONVERT_H_
#define CONCIERGE_SERVER_API_QUALITY_CONVERT_H_

// Quality proto <-> domain: enums by name, resources to protos, names.

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "concierge/v1/quality.pb.h"
#include "server/domain/quality.h"

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

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_QUALITY_CONVERT_H_
