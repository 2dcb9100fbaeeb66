#ifndef CONCIERGE_SERVER_USECASE_QUALITY_H_
#define CONCIERGE_SERVER_USECASE_QUALITY_H_

// The residential service center's quality work, each one transaction:
// follow-ups after completed requests, complaints and praise, reports and
// evaluations, suggestions, surveys, and the annual review with the service
// plan it leads to (service_plans.cc). Functions take ids and domain values
// and return domain values or a status; the api layer parses the wire,
// authorizes the method and converts the result.

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/directory.h"
#include "server/domain/principal.h"
#include "server/domain/quality.h"
#include "server/store/database.h"
#include "server/store/idempotency.h"
#include "server/store/quality_repository.h"
#include "server/usecase/actor.h"

namespace concierge::usecase {

// Managers and administrators: they see every department's quality work.
bool IsQualityManager(const domain::Principal& p);

// A site's child named by the caller: {site, id}; {0, 0} names none.
using NamedChild = std::array<int64_t, 2>;

// A write's answer, given inside its transaction before COMMIT: a call sent
// with a request_id records its answer with the write (store::WriteKey).
template <typename T>
using ReplyWith = std::function<void(const T&)>;

// --- follow-ups ------------------------------------------------------------

// Supervisors follow up for their own department (`department` {0, 0}:
// theirs, or every department for managers).
absl::StatusOr<store::Page<domain::FollowUp>> ListDueFollowUps(
    store::Database& db, const Actor& actor, int64_t site_id,
    const NamedChild& department, absl::Time due_before,
    const store::PageRequest& page);

struct FollowUpRegister {
  store::Page<domain::FollowUp> page;
  store::FollowUpRegisterTotals totals;
};
absl::StatusOr<FollowUpRegister> ListFollowUps(
    store::Database& db, const Actor& actor, int64_t site_id,
    store::FollowUpRegisterFilter filter, const NamedChild& department,
    const store::PageRequest& page);

// What the supervisor recorded; `complaint` (category, severity, text) when
// the resident complained.
struct FollowUpRecord {
  std::string etag;
  domain::FollowUpMethod method;
  int32_t satisfaction = 0;
  std::string comment;
  bool complained = false;
  domain::Complaint complaint;
};
absl::StatusOr<domain::FollowUp> RecordFollowUp(
    store::Database& db, const Actor& actor, int64_t site_id,
    int64_t follow_up_id, FollowUpRecord record,
    const ReplyWith<domain::FollowUp>& reply = nullptr);

// --- complaints ------------------------------------------------------------

// A complaint as the caller files it: `complaint` holds the site, category,
// severity, text, source, resident and household (0: from the request);
// the request, department and staff member are named (0 / {0, 0}: none).
struct NewComplaint {
  domain::Complaint complaint;
  int64_t request_id = 0;
  NamedChild department = {0, 0};
  int64_t staff_id = 0;
  store::CreateKey key;
};
absl::StatusOr<domain::Complaint> CreateComplaint(store::Database& db,
                                                  const Actor& actor,
                                                  NewComplaint in);

absl::StatusOr<domain::Complaint> GetComplaint(store::Database& db,
                                               const Actor& actor,
                                               int64_t site_id, int64_t id);

absl::StatusOr<store::Page<domain::Complaint>> ListComplaints(
    store::Database& db, const Actor& actor, int64_t site_id,
    store::ComplaintFilter filter, const NamedChild& department,
    const store::PageRequest& page);

struct ComplaintUpdate {
  int64_t expected_version = 0;
  domain::ComplaintAction action = domain::ComplaintAction::kNote;
  std::string note, resolution;
};
absl::StatusOr<domain::Complaint> UpdateComplaint(
    store::Database& db, const Actor& actor, int64_t site_id, int64_t id,
    const ComplaintUpdate& update,
    const ReplyWith<domain::Complaint>& reply = nullptr);

// --- praise ----------------------------------------------------------------

// `praise` validated; its staff member defaults to the proposer of its room
// action.
absl::StatusOr<domain::Praise> RecordPraise(store::Database& db,
                                            const Actor& actor,
                                            domain::Praise praise,
                                            const store::CreateKey& key);

absl::StatusOr<store::Page<domain::Praise>> ListPraise(
    store::Database& db, const Actor& actor, int64_t site_id, int64_t staff_id,
    const NamedChild& department, const store::PageRequest& page);

// --- reports and evaluations -----------------------------------------------

absl::StatusOr<domain::QualityReport> GetQualityReport(
    store::Database& db, const Actor& actor,
    const domain::ReportSubject& subject, absl::Time start, absl::Time end);

// `evaluation` validated; its report is counted in the transaction.
absl::StatusOr<domain::Evaluation> CreateEvaluation(
    store::Database& db, const Actor& actor,
    const domain::ReportSubject& subject, domain::Evaluation evaluation,
    const store::CreateKey& key);

absl::StatusOr<store::Page<domain::Evaluation>> ListEvaluations(
    store::Database& db, const Actor& actor, domain::ReportSubject subject,
    const store::PageRequest& page);

// --- suggestions -----------------------------------------------------------

absl::StatusOr<domain::Suggestion> CreateSuggestion(
    store::Database& db, const Actor& actor, domain::Suggestion suggestion,
    const store::CreateKey& key);

// `household` 0: every household's.
absl::StatusOr<store::Page<domain::Suggestion>> ListSuggestions(
    store::Database& db, const Actor& actor, int64_t site_id, int64_t household,
    const std::vector<domain::SuggestionState>& states,
    const store::PageRequest& page);

absl::StatusOr<domain::Suggestion> TriageSuggestion(
    store::Database& db, const Actor& actor, int64_t site_id, int64_t id,
    const std::string& etag, domain::SuggestionAction action,
    const std::string& reason,
    const ReplyWith<domain::Suggestion>& reply = nullptr);

// --- surveys ---------------------------------------------------------------

// `survey` validated; without an item it is about the default catalogue's
// satisfaction survey item.
absl::StatusOr<domain::Survey> CreateSurvey(store::Database& db,
                                            const Actor& actor,
                                            domain::Survey survey,
                                            const store::CreateKey& key);

absl::StatusOr<domain::Survey> GetSurvey(store::Database& db,
                                         const Actor& actor, int64_t site_id,
                                         int64_t id);

// `open_at` set: the surveys open then.
absl::StatusOr<store::Page<domain::Survey>> ListSurveys(
    store::Database& db, const Actor& actor, int64_t site_id,
    std::optional<absl::Time> open_at, const store::PageRequest& page);

absl::StatusOr<store::StoredResponse> SubmitSurveyResponse(
    store::Database& db, const Actor& actor, int64_t site_id, int64_t survey_id,
    int64_t household_id, const std::vector<domain::SurveyAnswer>& answers,
    const ReplyWith<store::StoredResponse>& reply = nullptr);

struct SurveyResults {
  domain::Survey survey;
  std::vector<domain::QuestionResult> questions;
  int64_t responding_households = 0;
  int64_t households = 0;
};
absl::StatusOr<SurveyResults> GetSurveyResults(store::Database& db,
                                               const Actor& actor,
                                               int64_t site_id,
                                               int64_t survey_id);

// --- the annual review and plans (service_plans.cc) ------------------------

struct ItemReview {
  store::ItemYearRow row;
  domain::ItemYearFigures figures;
};
struct AnnualReview {
  domain::Site site;
  domain::YearBounds year;
  std::vector<ItemReview> items;
  std::vector<domain::Suggestion> open_suggestions;
  int64_t total_revenue_minor = 0, total_cost_minor = 0;
  domain::RegisterSummary follow_up_register;
  int64_t pending_overdue = 0;
};
absl::StatusOr<AnnualReview> GetAnnualReview(store::Database& db,
                                             const Actor& actor,
                                             int64_t site_id, int32_t year);

// A plan with the site's currency, which its prices are in.
struct PricedPlan {
  domain::ServicePlan plan;
  std::string currency;
};

// A plan as the caller drafts it: entries' items and suggestions resolved
// to ids of the site; an ADD entry's department named in `departments`
// (one per entry, {0, 0} for others), checked in the transaction.
struct NewPlan {
  domain::ServicePlan plan;
  std::vector<NamedChild> departments;
  std::vector<std::string> department_fields;
  store::CreateKey key;
};
absl::StatusOr<PricedPlan> CreateServicePlan(store::Database& db,
                                             const Actor& actor, NewPlan in);

absl::StatusOr<PricedPlan> GetServicePlan(store::Database& db,
                                          const Actor& actor, int64_t site_id,
                                          int64_t id);

struct PlanPage {
  std::string currency;
  store::Page<domain::ServicePlan> page;
};
absl::StatusOr<PlanPage> ListServicePlans(store::Database& db,
                                          const Actor& actor, int64_t site_id,
                                          const store::PageRequest& page);

// Applies the plan to the catalogue (items retired, repriced and added
// through the catalogue's rules) and drafts its announcement.
absl::StatusOr<PricedPlan> ApproveServicePlan(
    store::Database& db, const Actor& actor, int64_t site_id, int64_t id,
    const std::string& etag, const ReplyWith<PricedPlan>& reply = nullptr);

}  // namespace concierge::usecase

#endif  // CONCIERGE_SERVER_USECASE_QUALITY_H_
