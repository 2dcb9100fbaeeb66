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
absl::StatusOr<FollowUpMethod> FromProto(absl::string_view field,
                                         v1::FollowUpMethod v);
absl::StatusOr<ComplaintCategory> FromProto(absl::string_view field,
                                            v1::ComplaintCategory v);
absl::StatusOr<ComplaintSeverity> FromProto(absl::string_view field,
                                            v1::ComplaintSeverity v);
absl::StatusOr<ComplaintState> FromProto(absl::string_view field,
                                         v1::ComplaintState v);
absl::StatusOr<PraiseSource> FromProto(absl::string_view field,
                                       v1::PraiseSource v);
absl::StatusOr<SuggestionKind> FromProto(absl::string_view field,
                                         v1::SuggestionKind v);
absl::StatusOr<SuggestionState> FromProto(absl::string_view field,
                                          v1::SuggestionState v);
absl::StatusOr<QuestionKind> FromProto(absl::string_view field,
                                       v1::QuestionKind v);
absl::StatusOr<PlanAction> FromProto(absl::string_view field, v1::PlanAction v);
absl::StatusOr<FollowUpOutcome> FromProto(absl::string_view field,
                                          v1::FollowUpOutcome v);

v1::FollowUpMethod ToProto(FollowUpMethod v);
v1::FollowUpOutcome ToProto(FollowUpOutcome v);
v1::FollowUpState ToProto(FollowUpState v);
v1::ComplaintCategory ToProto(ComplaintCategory v);
v1::ComplaintSeverity ToProto(ComplaintSeverity v);
v1::ComplaintState ToProto(ComplaintState v);
v1::ComplaintSource ToProto(ComplaintSource v);
v1::PraiseSource ToProto(PraiseSource v);
v1::SuggestionKind ToProto(SuggestionKind v);
v1::SuggestionState ToProto(SuggestionState v);
v1::QuestionKind ToProto(QuestionKind v);
v1::MarginVerdict ToProto(MarginVerdict v);
v1::PlanAction ToProto(PlanAction v);
v1::PlanState ToProto(PlanState v);

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
std::string SubjectName(const ReportSubject& subject);

void ToProto(const FollowUp& f, v1::FollowUp* out);
// `with_history`: staff see the history, residents the outcome only.
void ToProto(const Complaint& c, bool with_history, v1::Complaint* out);
void ToProto(const Praise& p, v1::Praise* out);
void ToProto(const QualityReport& r, v1::QualityReport* out);
void ToProto(const Evaluation& e, v1::Evaluation* out);
void ToProto(const Suggestion& s, v1::Suggestion* out);
void ToProto(const Survey& s, absl::Time now, v1::Survey* out);
// `currency` fills the plan's prices.
void ToProto(const ServicePlan& p, const std::string& currency,
             v1::ServicePlan* out);

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_QUALITY_CONVERT_H_
