#ifndef CONCIERGE_SERVER_DOMAIN_QUALITY_H_
#define CONCIERGE_SERVER_DOMAIN_QUALITY_H_

// Quality of service (seed §5 steps 5-7, §7; recognition in Part 2):
// follow-ups, complaints and their one transition table, praise, the
// definitions behind the quality report, evaluations, suggestions, surveys,
// the annual review's cost and margin rules, and service plans. Pure rules:
// no SQL, no gRPC, no clock (times are parameters).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/catalog.h"
#include "server/domain/money.h"
#include "server/domain/requests.h"

namespace concierge::domain {

// --- follow-ups (拜回訪) ---------------------------------------------------

enum class FollowUpMethod { kVisit, kPhone };
enum class FollowUpState { kPending, kDone };
absl::string_view Name(FollowUpMethod m);
absl::string_view Name(FollowUpState s);
std::optional<FollowUpMethod> FollowUpMethodFromName(absl::string_view name);
std::optional<FollowUpState> FollowUpStateFromName(absl::string_view name);

struct FollowUp {
  int64_t id = 0;
  int64_t site_id = 0;
  int64_t request_id = 0;
  int64_t department_id = 0;
  absl::Time complete_time;
  absl::Time due_time;
  FollowUpState state = FollowUpState::kPending;
  std::optional<FollowUpMethod> method;
  int32_t satisfaction = 0;  // 1..5 once done
  std::string comment;
  bool complained = false;
  std::string recorded_by;
  std::optional<absl::Time> record_time;
  absl::Time create_time;
  int64_t version = 1;
  // Read with the follow-up for the call list (not stored with it).
  int64_t item_id = 0;
  std::string item_title_zh, item_title_en;
  int64_t household_id = 0;
  std::string contact_name, unit, phone;
  int64_t complaint_id = 0;
};

// The follow-up a completed request gets: for the supervisor of the
// request's department (at completion), due the item's follow-up delay
// after completion. `request.complete_time` must be set.
FollowUp ScheduleFollowUp(const ServiceRequest& request,
                          const ServiceItem& item);

// A visit or call: satisfaction 1..5, a comment of note length.
absl::Status ValidateFollowUpRecord(int32_t satisfaction,
                                    absl::string_view comment);

// Recorded at or before its due time.
bool FollowUpOnTime(const FollowUp& follow_up);

// How a recorded follow-up went, for the follow-up register (拜回訪住戶記錄,
// seed §5(5), §7(3)): COMPLAINED when a complaint was raised; otherwise by
// satisfaction, SATISFIED 4-5, NEUTRAL 3, DISSATISFIED 1-2.
enum class FollowUpOutcome { kSatisfied, kNeutral, kDissatisfied, kComplained };
absl::string_view Name(FollowUpOutcome o);
std::optional<FollowUpOutcome> FollowUpOutcomeFromName(absl::string_view name);
// The rows of one outcome, as the register's query selects them: the one
// definition OutcomeOf also follows.
struct OutcomeBand {
  int32_t min_satisfaction = 1;
  int32_t max_satisfaction = 5;
  bool complained = false;
};
OutcomeBand BandOf(FollowUpOutcome outcome);
// nullopt while the follow-up is PENDING.
std::optional<FollowUpOutcome> OutcomeOf(const FollowUp& follow_up);

// Recorded follow-ups of a period counted by how they were made and went
// (the store groups them), and the register's summary for the annual
// review.
struct FollowUpTally {
  FollowUpMethod method = FollowUpMethod::kPhone;
  int32_t satisfaction = 0;
  bool complained = false;
  int64_t count = 0;
};
struct RegisterSummary {
  int64_t recorded = 0, by_visit = 0, by_phone = 0;
  int64_t satisfaction_sum = 0;
  int64_t satisfied = 0, neutral = 0, dissatisfied = 0, complained = 0;
  double mean_satisfaction = 0;
};
RegisterSummary SummarizeRegister(const std::vector<FollowUpTally>& tallies);

// --- complaints ------------------------------------------------------------

enum class ComplaintCategory {
  kServiceQuality,
  kTimeliness,
  kStaffConduct,
  kCharges,
  kDisturbance,
  kPrivacy,
  kOther,
};
enum class ComplaintSeverity { kMinor, kMajor };
enum class ComplaintState { kOpen, kInHandling, kEscalated, kResolved };
enum class ComplaintSource { kResident, kStaff, kFollowUp };
// kNote records a note without a move; kCreate only starts the history.
enum class ComplaintAction { kCreate, kHandle, kEscalate, kResolve, kNote };

absl::string_view Name(ComplaintCategory c);
absl::string_view Name(ComplaintSeverity s);
absl::string_view Name(ComplaintState s);
absl::string_view Name(ComplaintSource s);
absl::string_view Name(ComplaintAction a);
std::optional<ComplaintCategory> ComplaintCategoryFromName(
    absl::string_view name);
std::optional<ComplaintSeverity> ComplaintSeverityFromName(
    absl::string_view name);
std::optional<ComplaintState> ComplaintStateFromName(absl::string_view name);
std::optional<ComplaintSource> ComplaintSourceFromName(absl::string_view name);
std::optional<ComplaintAction> ComplaintActionFromName(absl::string_view name);

struct ComplaintEvent {
  ComplaintAction action = ComplaintAction::kCreate;
  std::optional<ComplaintState> before;
  ComplaintState after = ComplaintState::kOpen;
  std::string actor;
  std::string actor_role;
  std::string note;
  absl::Time time;
};

struct Complaint {
  int64_t id = 0;
  int64_t site_id = 0;
  int64_t household_id = 0;
  int64_t resident_id = 0;    // 0: not known
  int64_t request_id = 0;     // 0: none
  int64_t item_id = 0;        // 0: none
  int64_t department_id = 0;  // 0: the manager's alone
  int64_t staff_id = 0;       // 0: nobody in particular
  int64_t follow_up_id = 0;   // 0: not from a follow-up
  ComplaintCategory category = ComplaintCategory::kOther;
  ComplaintSeverity severity = ComplaintSeverity::kMinor;
  std::string text;
  ComplaintSource source = ComplaintSource::kResident;
  ComplaintState state = ComplaintState::kOpen;
  std::string created_by;
  absl::Time create_time;
  std::string handler;
  std::optional<absl::Time> escalate_time;
  std::string escalation_reason;
  std::string resolution;
  std::string resolved_by;
  std::optional<absl::Time> resolve_time;
  absl::Time update_time;
  int64_t version = 1;
  std::vector<ComplaintEvent> history;
};

// A MAJOR complaint goes straight to the manager (seed §5 step 6: major
// problems are reported to the manager); a MINOR one waits for the
// department's supervisor.
ComplaintState InitialComplaintState(ComplaintSeverity severity);

// The move `action` (HANDLE, ESCALATE, RESOLVE) makes from `from` for a
// caller holding `who` (Relation::kDeptSupervisor of the complaint's
// department, Relation::kManager): PERMISSION_DENIED when the caller may
// never make it, FAILED_PRECONDITION naming the state otherwise. kNote is
// allowed to whoever may move the complaint, while it is not RESOLVED.
absl::StatusOr<ComplaintState> DecideComplaint(ComplaintState from,
                                               ComplaintAction action,
                                               Relations who);

// The text of a new complaint.
absl::Status ValidateComplaint(const Complaint& complaint);

// ESCALATE needs the reason (note), RESOLVE the resolution, a plain note
// its text; texts within limits.
absl::Status ValidateComplaintUpdate(ComplaintAction action,
                                     absl::string_view note,
                                     absl::string_view resolution);

// --- praise ----------------------------------------------------------------

enum class PraiseSource {
  kResidentLetter,
  kGuestLetter,
  kSurvey,
  kWorkLogCheck,
  kTeamReview,
};
absl::string_view Name(PraiseSource s);
std::optional<PraiseSource> PraiseSourceFromName(absl::string_view name);

struct Praise {
  int64_t id = 0;
  int64_t site_id = 0;
  int64_t staff_id = 0;
  int64_t department_id = 0;  // the staff member's, 0: none
  PraiseSource source = PraiseSource::kResidentLetter;
  std::string text;
  std::string praised_by;
  int64_t request_id = 0;
  std::string subject;
  // A hotel room action it is for (0: none); the staff member defaults to
  // whoever proposed or asked for it.
  int64_t room_action_id = 0;
  absl::Time receive_time;
  std::string recorded_by;
  absl::Time create_time;
};

// Staff (given, or from the room action) and text required; receive time
// not after `now` and not before 2000.
absl::Status ValidatePraise(const Praise& praise, absl::Time now);

// --- the quality report ----------------------------------------------------

// Whom a report is about.
struct ReportSubject {
  int64_t site_id = 0;
  int64_t department_id = 0;  // set for a department
  int64_t staff_id = 0;       // set for a staff member
};

// Raw counts over [start, end), as the store gathers them with SQL
// aggregates. The definitions (the SQL follows them):
// - completed: requests whose completion time is in [start, end), of the
//   subject (department: the request's department; staff: its assignee).
// - with_target: of those, the ones with a completion due time;
//   on_time: the ones completed at or before it (CompletedOnTime).
// - satisfaction_count/_sum: follow-ups recorded for those requests.
// - complaints_minor/_major: complaints created in [start, end) against the
//   subject (its department or staff member).
// - praise: praise received in [start, end) (department: of its staff).
// - follow_ups_due: follow-ups of the completed requests due at or before
//   `as_of` (the report time) or already recorded; follow_ups_on_time: of
//   those, recorded at or before their due time (FollowUpOnTime).
struct QualityCounts {
  int64_t completed = 0;
  int64_t with_target = 0;
  int64_t on_time = 0;
  int64_t satisfaction_count = 0;
  int64_t satisfaction_sum = 0;
  int64_t complaints_minor = 0;
  int64_t complaints_major = 0;
  int64_t praise = 0;
  int64_t follow_ups_due = 0;
  int64_t follow_ups_on_time = 0;
  // Sign-offs the resident declined in the period (work sent back).
  int64_t reworks = 0;

  // A hotel's personalised service (issue 22 point 7); zero elsewhere.
  // Room actions suggested in the period (for the department; for a staff
  // member, at their visits or proposed by them) and what became of them.
  int64_t actions_suggested = 0;
  int64_t actions_done = 0;
  int64_t actions_skipped = 0;
  int64_t actions_expired = 0;
  // Approvals decided in the period (for a staff member: by them), and the
  // sum of their waits from suggestion to decision.
  int64_t approvals = 0;
  int64_t approval_seconds = 0;
  // Gifts and amenities given: the cost of actions done that are not sales.
  int64_t gift_spend_minor = 0;
  // Sales to stays: sales made in rooms and priced guests' requests done
  // (by the department or the person), and minibar charges (the site's, or
  // those the person counted).
  int64_t sales_minor = 0;
};

struct QualityReport {
  ReportSubject subject;
  absl::Time start, end;
  absl::Time report_time;
  QualityCounts counts;
  double on_time_rate = 0;           // on_time / with_target
  double mean_satisfaction = 0;      // satisfaction_sum / satisfaction_count
  double follow_up_coverage = 0;     // follow_ups_on_time / follow_ups_due
  double mean_approval_minutes = 0;  // approval_seconds / 60 / approvals
  // Set by the caller from the site: a hotel's report shows its hotel
  // figures, in the site's currency.
  bool hotel = false;
  std::string currency;
};

// Completed at or before the completion due time; nullopt without a target.
std::optional<bool> CompletedOnTime(absl::Time complete_time,
                                    std::optional<absl::Time> completion_due);

// A share in 0..1; 0 when the denominator is 0.
double Share(int64_t numerator, int64_t denominator);

// The report's rates from its counts.
QualityReport MakeQualityReport(const ReportSubject& subject, absl::Time start,
                                absl::Time end, absl::Time report_time,
                                const QualityCounts& counts);

// end after start, at most 366 days apart.
absl::Status ValidateReportPeriod(absl::Time start, absl::Time end);

// --- evaluations -----------------------------------------------------------

struct Evaluation {
  int64_t id = 0;
  int64_t site_id = 0;
  int64_t staff_id = 0;  // one of staff_id, department_id
  int64_t department_id = 0;
  absl::Time start, end;
  int32_t score = 0;
  std::string note;
  std::string evaluator;
  absl::Time create_time;
  // The figures it was made from.
  QualityReport report;
};

// One subject, a valid period, score 0..100, a note of note length.
absl::Status ValidateEvaluation(const Evaluation& evaluation);

// --- suggestions -----------------------------------------------------------

enum class SuggestionKind { kNewService, kChange };
enum class SuggestionState { kSubmitted, kAccepted, kDeclined, kAdopted };
enum class SuggestionAction { kAccept, kDecline, kAdopt };
absl::string_view Name(SuggestionKind k);
absl::string_view Name(SuggestionState s);
std::optional<SuggestionKind> SuggestionKindFromName(absl::string_view name);
std::optional<SuggestionState> SuggestionStateFromName(absl::string_view name);

struct Suggestion {
  int64_t id = 0;
  int64_t site_id = 0;
  int64_t household_id = 0;
  int64_t resident_id = 0;
  SuggestionKind kind = SuggestionKind::kNewService;
  int64_t item_id = 0;  // 0: none
  std::string text;
  SuggestionState state = SuggestionState::kSubmitted;
  std::string decided_by;
  std::optional<absl::Time> decide_time;
  std::string reason;
  int64_t plan_id = 0;
  int64_t adopted_item_id = 0;
  std::string created_by;
  absl::Time create_time;
  absl::Time update_time;
  int64_t version = 1;
};

// Text required; a CHANGE names its item.
absl::Status ValidateSuggestion(const Suggestion& suggestion);

// SUBMITTED -accept-> ACCEPTED, SUBMITTED -decline-> DECLINED (a reason is
// required), ACCEPTED -adopt-> ADOPTED (by an approved service plan).
// FAILED_PRECONDITION naming the state otherwise.
absl::StatusOr<SuggestionState> NextSuggestionState(SuggestionState from,
                                                    SuggestionAction action);

// --- surveys ---------------------------------------------------------------

enum class QuestionKind { kScale, kText };
absl::string_view Name(QuestionKind k);
std::optional<QuestionKind> QuestionKindFromName(absl::string_view name);

struct SurveyQuestion {
  std::string text_zh, text_en;
  QuestionKind kind = QuestionKind::kScale;
  int64_t item_id = 0;  // 0: none
};

struct Survey {
  int64_t id = 0;
  int64_t site_id = 0;
  int64_t item_id = 0;  // the catalogue item it runs as, 0: none
  std::string title_zh, title_en;
  std::vector<SurveyQuestion> questions;
  absl::Time open_time, close_time;
  std::string created_by;
  absl::Time create_time;
};

struct SurveyAnswer {
  int32_t question = 0;
  int32_t score = 0;  // SCALE
  std::string text;   // TEXT
};

// Titles, 1..50 questions with text, close after open, close in the future
// (at `now`), at most a year open.
absl::Status ValidateSurvey(const Survey& survey, absl::Time now);

// Open in [open_time, close_time).
bool SurveyOpen(const Survey& survey, absl::Time now);

// A response may be (re)submitted only while the survey is open:
// FAILED_PRECONDITION before it opens and after it closes.
absl::Status CheckSurveyAcceptsResponses(const Survey& survey, absl::Time now);

// At least one answer; each question of the survey at most once; SCALE
// answers score 1..5 and no text, TEXT answers text and no score.
absl::Status ValidateSurveyAnswers(const Survey& survey,
                                   const std::vector<SurveyAnswer>& answers);

// Per-question figures from the stored answers.
struct QuestionResult {
  int32_t question = 0;
  int64_t answers = 0;
  std::array<int64_t, 5> score_counts{};  // [0] counts score 1
  double mean_score = 0;
  std::vector<std::string> texts;
};
// `score_counts[q][s-1]` and `texts[q]` as read from the store.
std::vector<QuestionResult> SummarizeSurvey(
    const Survey& survey,
    const std::vector<std::array<int64_t, 5>>& score_counts,
    const std::vector<std::vector<std::string>>& texts);

// --- the annual review (seed §7) -------------------------------------------

// The calendar year `year` in `zone`: [Jan 1 00:00, next Jan 1 00:00).
struct YearBounds {
  absl::Time start, end;
};
YearBounds YearIn(int32_t year, const absl::TimeZone& zone);
// 2000..2100.
absl::Status ValidateReviewYear(int32_t year);
// The calendar year of `t` in `zone`.
int32_t YearOf(absl::Time t, const absl::TimeZone& zone);

// How an item's year stands against break-even with small profit (保本微利),
// by its markup = (revenue - cost) / cost:
//   FREE items: kFreeService (a free value-added service expects no revenue);
//   paid items without completed requests, or with neither cost nor
//   revenue: kNoData;
//   markup < 0: kBelowCost (priced below cost);
//   0 <= markup <= kSmallProfitCeilingBasisPoints (30 %): kSmallProfit;
//   markup above that, or revenue with zero cost: kFarAboveCost.
enum class MarginVerdict {
  kFreeService,
  kNoData,
  kBelowCost,
  kSmallProfit,
  kFarAboveCost,
};
absl::string_view Name(MarginVerdict v);
inline constexpr int64_t kSmallProfitCeilingBasisPoints = 3000;

// What the store sums for one item over the year.
struct ItemYearCounts {
  int64_t requests = 0;   // registered in the year
  int64_t completed = 0;  // completed in the year
  int64_t lookups = 0;
  int64_t survey_responses = 0;
  int64_t revenue_minor = 0;  // settled amounts of the completed requests
  int64_t unsettled = 0;      // completed paid requests not settled
  // Sum over the completed requests of minutes_spent x the department's
  // hourly cost rate (minor units per hour): minute-rate products.
  int64_t minute_rate_sum = 0;
  int64_t materials_minor = 0;
  int64_t satisfaction_count = 0;
  int64_t satisfaction_sum = 0;
  int64_t complaints = 0;
};

struct ItemYearFigures {
  int64_t labour_minor = 0;         // minute_rate_sum / 60, rounded half up
  int64_t cost_minor = 0;           // labour + materials
  int64_t margin_minor = 0;         // revenue - cost
  int64_t markup_basis_points = 0;  // margin * 10000 / cost, 0 when cost 0
  MarginVerdict verdict = MarginVerdict::kNoData;
  double mean_satisfaction = 0;
  // Nobody used it: no request, lookup or survey response in the year.
  bool necessity_check = false;
};

ItemYearFigures EvaluateItemYear(FeeKind fee_kind, const ItemYearCounts& c);

// Minutes x hourly rate in minor units -> minor units, rounded half up.
int64_t LabourCost(int64_t minute_rate_sum);

// --- service plans ---------------------------------------------------------

enum class PlanAction { kKeep, kRetire, kAdd, kReprice };
enum class PlanState { kDraft, kApproved };
absl::string_view Name(PlanAction a);
absl::string_view Name(PlanState s);
std::optional<PlanAction> PlanActionFromName(absl::string_view name);
std::optional<PlanState> PlanStateFromName(absl::string_view name);

struct PlanEntry {
  PlanAction action = PlanAction::kKeep;
  int64_t item_id = 0;         // KEEP, RETIRE, REPRICE; ADD once applied
  int64_t suggestion_id = 0;   // ADD
  ServiceItem new_item;        // ADD (DRAFT fields)
  std::optional<Money> price;  // REPRICE; ADD of a FIXED item
  std::optional<absl::Time> effective_time;
  std::string note;
  int64_t price_id = 0;  // once applied
};

struct ServicePlan {
  int64_t id = 0;
  int64_t site_id = 0;
  int32_t year = 0;
  std::string title_zh, title_en;
  std::string note;
  std::vector<PlanEntry> entries;
  PlanState state = PlanState::kDraft;
  std::string created_by;
  absl::Time create_time;
  std::string approved_by;
  std::optional<absl::Time> approve_time;
  int64_t announcement_id = 0;
  absl::Time update_time;
  int64_t version = 1;
};

// The shape of a plan: its year is `current_year` or the next; 1..200
// entries; each entry has the fields its action needs and no others; an
// item (or a suggestion, or a new code) appears at most once. The
// catalogue's own rules (ValidateServiceItem, ValidatePriceProposal, the
// item life cycle) are applied to each entry by the service, at creation
// and again at approval. Fields are named "plan.entries[i]...".
absl::Status ValidatePlan(const ServicePlan& plan, int32_t current_year);

// Only a DRAFT plan may be approved.
absl::Status CheckPlanApprovable(const ServicePlan& plan);

// "plan.entries[3]: " + the status's message, keeping its code.
absl::Status EntryError(size_t index, const absl::Status& status);

// The default title when the plan gives none.
std::string DefaultPlanTitle(int32_t year, Lang lang);

}  // namespace concierge::domain

#endif  // CONCIERGE_SERVER_DOMAIN_QUALITY_H_
