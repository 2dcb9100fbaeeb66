#ifndef CONCIERGE_SERVER_STORE_QUALITY_REPOSITORY_H_
#define CONCIERGE_SERVER_STORE_QUALITY_REPOSITORY_H_

// Follow-ups, complaints and their history, praise, the quality report's
// counts, evaluations, suggestions, surveys, the annual review's sums and
// service plans. Functions run inside Database::Transact/Read; SOCI errors
// are mapped there.

#include <soci/soci.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/domain/quality.h"
#include "server/store/sql_util.h"

namespace concierge::store {

// --- follow-ups ------------------------------------------------------------

// Once per request: a repeat (the same completion retried) does nothing.
void InsertFollowUp(soci::session& sql, const domain::FollowUp& follow_up);
// With the request's item, household and contact, and the complaint raised.
std::optional<domain::FollowUp> FindFollowUp(soci::session& sql,
                                             int64_t site_id, int64_t id,
                                             bool for_update = false);
// The follow-up of a request, if one was scheduled.
std::optional<domain::FollowUp> FindFollowUpByRequest(soci::session& sql,
                                                      int64_t site_id,
                                                      int64_t request_id);
// PENDING follow-ups due at or before `due_before`, in id (completion)
// order; `department_id` 0: every department.
Page<domain::FollowUp> ListDueFollowUps(soci::session& sql, int64_t site_id,
                                        int64_t department_id,
                                        absl::Time due_before,
                                        PageRequest page);
// The follow-up register: follow-ups recorded in [start, end) (either
// bound optional), oldest first by id, with optional filters.
struct FollowUpRegisterFilter {
  std::optional<absl::Time> start, end;
  int64_t department_id = 0;
  int64_t item_id = 0;
  std::optional<domain::FollowUpMethod> method;
  // The domain's BandOf(outcome).
  std::optional<domain::OutcomeBand> band;
};
Page<domain::FollowUp> ListFollowUpRegister(
    soci::session& sql, int64_t site_id, const FollowUpRegisterFilter& filter,
    PageRequest page);
// Over the whole filter, not one page.
struct FollowUpRegisterTotals {
  int64_t count = 0;
  int64_t satisfaction_sum = 0;
  int64_t complained = 0;
};
FollowUpRegisterTotals SumFollowUpRegister(
    soci::session& sql, int64_t site_id, const FollowUpRegisterFilter& filter);
// Follow-ups recorded in [start, end), grouped for SummarizeRegister.
std::vector<domain::FollowUpTally> TallyFollowUps(soci::session& sql,
                                                  int64_t site_id,
                                                  absl::Time start,
                                                  absl::Time end);
// Follow-ups due in [start, end) and still PENDING past their due time at
// `as_of`.
int64_t CountFollowUpsOverdue(soci::session& sql, int64_t site_id,
                              absl::Time start, absl::Time end,
                              absl::Time as_of);
// Writes the record if the version is still `expected_version`.
bool SaveFollowUpRecord(soci::session& sql, const domain::FollowUp& follow_up,
                        int64_t expected_version);

// --- complaints ------------------------------------------------------------

domain::Complaint InsertComplaint(soci::session& sql,
                                  const domain::Complaint& complaint);
// With its history (oldest first).
std::optional<domain::Complaint> FindComplaint(soci::session& sql,
                                               int64_t site_id, int64_t id,
                                               bool for_update = false);
struct ComplaintFilter {
  std::vector<domain::ComplaintState> states;
  int64_t department_id = 0;
  int64_t household_id = 0;
  std::optional<domain::ComplaintSeverity> severity;
};
// Newest first; `page.after_id` is the last id seen (0: start). No history.
Page<domain::Complaint> ListComplaints(soci::session& sql, int64_t site_id,
                                       const ComplaintFilter& filter,
                                       PageRequest page);
// Writes every mutable column if the version is still `expected_version`.
bool SaveComplaint(soci::session& sql, const domain::Complaint& complaint,
                   int64_t expected_version);
void AppendComplaintEvent(soci::session& sql, int64_t site_id,
                          int64_t complaint_id,
                          const domain::ComplaintEvent& event);

// --- praise ----------------------------------------------------------------

domain::Praise InsertPraise(soci::session& sql, const domain::Praise& praise);
std::optional<domain::Praise> FindPraise(soci::session& sql, int64_t site_id,
                                         int64_t id);
// Newest first; 0 filters: any.
Page<domain::Praise> ListPraise(soci::session& sql, int64_t site_id,
                                int64_t staff_id, int64_t department_id,
                                PageRequest page);

// --- the quality report ----------------------------------------------------

// The raw counts for `subject` over [start, end) as defined beside
// QualityCounts (server/domain/quality.h); follow-ups are due by `as_of`.
// `staff_actor` is the staff subject's name as actors are recorded
// ("sites/1/staff/5"; "" for a site or department), for the approvals they
// decided and the outcomes they recorded.
domain::QualityCounts CountQuality(soci::session& sql,
                                   const domain::ReportSubject& subject,
                                   const std::string& staff_actor,
                                   absl::Time start, absl::Time end,
                                   absl::Time as_of);

// --- evaluations -----------------------------------------------------------

domain::Evaluation InsertEvaluation(soci::session& sql,
                                    const domain::Evaluation& evaluation);
std::optional<domain::Evaluation> FindEvaluation(soci::session& sql,
                                                 int64_t site_id, int64_t id);
// Newest first; 0 filters: any. A staff filter matches that staff member's
// evaluations, a department filter the department's own (and, with
// `with_department_staff`, those of its staff).
Page<domain::Evaluation> ListEvaluations(soci::session& sql, int64_t site_id,
                                         int64_t staff_id,
                                         int64_t department_id,
                                         bool with_department_staff,
                                         PageRequest page);

// --- suggestions -----------------------------------------------------------

domain::Suggestion InsertSuggestion(soci::session& sql,
                                    const domain::Suggestion& suggestion);
std::optional<domain::Suggestion> FindSuggestion(soci::session& sql,
                                                 int64_t site_id, int64_t id,
                                                 bool for_update = false);
// Newest first; `household_id` 0: every household.
Page<domain::Suggestion> ListSuggestions(
    soci::session& sql, int64_t site_id, int64_t household_id,
    const std::vector<domain::SuggestionState>& states, PageRequest page);
bool SaveSuggestion(soci::session& sql, const domain::Suggestion& suggestion,
                    int64_t expected_version);

// --- surveys ---------------------------------------------------------------

domain::Survey InsertSurvey(soci::session& sql, const domain::Survey& survey);
// `for_share` locks the survey row against concurrent changes.
std::optional<domain::Survey> FindSurvey(soci::session& sql, int64_t site_id,
                                         int64_t id);
// Newest first; `open_at` set: only surveys open at that time.
Page<domain::Survey> ListSurveys(soci::session& sql, int64_t site_id,
                                 std::optional<absl::Time> open_at,
                                 PageRequest page);

struct StoredResponse {
  int64_t id = 0;
  int64_t household_id = 0;
  std::vector<domain::SurveyAnswer> answers;
  std::string submitted_by;
  absl::Time create_time, update_time;
};
// Inserts the household's response or replaces its answers (one row per
// survey and household; concurrent submissions serialise on it).
StoredResponse UpsertSurveyResponse(
    soci::session& sql, int64_t site_id, int64_t survey_id,
    int64_t household_id, const std::string& submitted_by,
    const std::vector<domain::SurveyAnswer>& answers, absl::Time now);
int64_t CountHouseholds(soci::session& sql, int64_t site_id);
int64_t CountSurveyResponses(soci::session& sql, int64_t survey_id);
// score_counts[q][s - 1] for every question index below `questions`.
std::vector<std::array<int64_t, 5>> SurveyScoreCounts(soci::session& sql,
                                                      int64_t survey_id,
                                                      size_t questions);
// texts[q], oldest response first.
std::vector<std::vector<std::string>> SurveyTexts(soci::session& sql,
                                                  int64_t survey_id,
                                                  size_t questions);

// --- the annual review -----------------------------------------------------

struct ItemYearRow {
  domain::ServiceItem item;  // id, code, titles, fee kind, state, display order
  domain::ItemYearCounts counts;
  std::vector<std::string> suggestions;
  std::vector<std::string> survey_comments;
};
// Every item that existed during [start, end), in display order, with the
// year's sums (see ItemYearCounts).
std::vector<ItemYearRow> ReviewItems(soci::session& sql, int64_t site_id,
                                     absl::Time start, absl::Time end);
// ACCEPTED suggestions not yet adopted, oldest first.
std::vector<domain::Suggestion> OpenAcceptedSuggestions(soci::session& sql,
                                                        int64_t site_id);

// --- service plans ---------------------------------------------------------

domain::ServicePlan InsertPlan(soci::session& sql,
                               const domain::ServicePlan& plan);
std::optional<domain::ServicePlan> FindPlan(soci::session& sql, int64_t site_id,
                                            int64_t id,
                                            bool for_update = false);
// Newest first, with entries.
Page<domain::ServicePlan> ListPlans(soci::session& sql, int64_t site_id,
                                    PageRequest page);
// Records the approval and each entry's results if the version is still
// `expected_version`.
bool SavePlanApproval(soci::session& sql, const domain::ServicePlan& plan,
                      int64_t expected_version);
// Whether the site already has an approved plan for `year`.
bool ApprovedPlanExists(soci::session& sql, int64_t site_id, int32_t year);

// --- demo
// ----------------------------------------------------------------------

// A department's hourly cost rate, which the annual review's labour cost
// uses (the directory sets it when a department is created; the demo sets
// the default departments' rates with this).
void SetDepartmentHourlyCost(soci::session& sql, int64_t site_id,
                             int64_t department_id, int64_t minor_per_hour);

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_QUALITY_REPOSITORY_H_
