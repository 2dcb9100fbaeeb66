#include "server/domain/quality.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "server/common/status_macros.h"
#include "server/domain/name_table.h"
#include "server/domain/text.h"

namespace concierge::domain {
namespace {

constexpr std::array<std::pair<FollowUpMethod, absl::string_view>, 2>
    kFollowUpMethods = {
        {{FollowUpMethod::kVisit, "VISIT"}, {FollowUpMethod::kPhone, "PHONE"}}};
constexpr std::array<std::pair<FollowUpOutcome, absl::string_view>, 4>
    kFollowUpOutcomes = {{{FollowUpOutcome::kSatisfied, "SATISFIED"},
                          {FollowUpOutcome::kNeutral, "NEUTRAL"},
                          {FollowUpOutcome::kDissatisfied, "DISSATISFIED"},
                          {FollowUpOutcome::kComplained, "COMPLAINED"}}};
constexpr std::array<std::pair<FollowUpState, absl::string_view>, 2>
    kFollowUpStates = {
        {{FollowUpState::kPending, "PENDING"}, {FollowUpState::kDone, "DONE"}}};

constexpr std::array<std::pair<ComplaintCategory, absl::string_view>, 7>
    kComplaintCategories = {{
        {ComplaintCategory::kServiceQuality, "SERVICE_QUALITY"},
        {ComplaintCategory::kTimeliness, "TIMELINESS"},
        {ComplaintCategory::kStaffConduct, "STAFF_CONDUCT"},
        {ComplaintCategory::kCharges, "CHARGES"},
        {ComplaintCategory::kDisturbance, "DISTURBANCE"},
        {ComplaintCategory::kPrivacy, "PRIVACY"},
        {ComplaintCategory::kOther, "OTHER"},
    }};
constexpr std::array<std::pair<ComplaintSeverity, absl::string_view>, 2>
    kSeverities = {{{ComplaintSeverity::kMinor, "MINOR"},
                    {ComplaintSeverity::kMajor, "MAJOR"}}};
constexpr std::array<std::pair<ComplaintState, absl::string_view>, 4>
    kComplaintStates = {{{ComplaintState::kOpen, "OPEN"},
                         {ComplaintState::kInHandling, "IN_HANDLING"},
                         {ComplaintState::kEscalated, "ESCALATED"},
                         {ComplaintState::kResolved, "RESOLVED"}}};
constexpr std::array<std::pair<ComplaintSource, absl::string_view>, 3>
    kComplaintSources = {{{ComplaintSource::kResident, "RESIDENT"},
                          {ComplaintSource::kStaff, "STAFF"},
                          {ComplaintSource::kFollowUp, "FOLLOW_UP"}}};
constexpr std::array<std::pair<ComplaintAction, absl::string_view>, 5>
    kComplaintActions = {{{ComplaintAction::kCreate, "CREATE"},
                          {ComplaintAction::kHandle, "HANDLE"},
                          {ComplaintAction::kEscalate, "ESCALATE"},
                          {ComplaintAction::kResolve, "RESOLVE"},
                          {ComplaintAction::kNote, "NOTE"}}};

constexpr std::array<std::pair<PraiseSource, absl::string_view>, 5>
    kPraiseSources = {{{PraiseSource::kResidentLetter, "RESIDENT_LETTER"},
                       {PraiseSource::kGuestLetter, "GUEST_LETTER"},
                       {PraiseSource::kSurvey, "SURVEY"},
                       {PraiseSource::kWorkLogCheck, "WORK_LOG_CHECK"},
                       {PraiseSource::kTeamReview, "TEAM_REVIEW"}}};

constexpr std::array<std::pair<SuggestionKind, absl::string_view>, 2>
    kSuggestionKinds = {{{SuggestionKind::kNewService, "NEW_SERVICE"},
                         {SuggestionKind::kChange, "CHANGE"}}};
constexpr std::array<std::pair<SuggestionState, absl::string_view>, 4>
    kSuggestionStates = {{{SuggestionState::kSubmitted, "SUBMITTED"},
                          {SuggestionState::kAccepted, "ACCEPTED"},
                          {SuggestionState::kDeclined, "DECLINED"},
                          {SuggestionState::kAdopted, "ADOPTED"}}};

constexpr std::array<std::pair<QuestionKind, absl::string_view>, 2>
    kQuestionKinds = {
        {{QuestionKind::kScale, "SCALE"}, {QuestionKind::kText, "TEXT"}}};

constexpr std::array<std::pair<MarginVerdict, absl::string_view>, 5> kVerdicts =
    {{{MarginVerdict::kFreeService, "FREE_SERVICE"},
      {MarginVerdict::kNoData, "NO_DATA"},
      {MarginVerdict::kBelowCost, "BELOW_COST"},
      {MarginVerdict::kSmallProfit, "SMALL_PROFIT"},
      {MarginVerdict::kFarAboveCost, "FAR_ABOVE_COST"}}};

constexpr std::array<std::pair<PlanAction, absl::string_view>, 4> kPlanActions =
    {{{PlanAction::kKeep, "KEEP"},
      {PlanAction::kRetire, "RETIRE"},
      {PlanAction::kAdd, "ADD"},
      {PlanAction::kReprice, "REPRICE"}}};
constexpr std::array<std::pair<PlanState, absl::string_view>, 2> kPlanStates = {
    {{PlanState::kDraft, "DRAFT"}, {PlanState::kApproved, "APPROVED"}}};

using CS = ComplaintState;
using CA = ComplaintAction;
using R = Relation;

struct ComplaintTransition {
  CS from;
  CA action;
  CS to;
  Relations who;
};

// THE complaint state machine (seed §5 step 6: supervisors handle
// complaints and report major problems to the manager). A move not listed
// here does not exist.
constexpr std::array<ComplaintTransition, 5> kComplaintTransitions = {{
    {CS::kOpen,
     CA::kHandle,
     CS::kInHandling,
     {R::kDeptSupervisor, R::kManager}},
    {CS::kOpen, CA::kEscalate, CS::kEscalated, {R::kDeptSupervisor}},
    {CS::kInHandling, CA::kEscalate, CS::kEscalated, {R::kDeptSupervisor}},
    {CS::kInHandling,
     CA::kResolve,
     CS::kResolved,
     {R::kDeptSupervisor, R::kManager}},
    {CS::kEscalated, CA::kResolve, CS::kResolved, {R::kManager}},
}};

struct SuggestionTransition {
  SuggestionState from;
  SuggestionAction action;
  SuggestionState to;
};
constexpr std::array<SuggestionTransition, 3> kSuggestionTransitions = {{
    {SuggestionState::kSubmitted, SuggestionAction::kAccept,
     SuggestionState::kAccepted},
    {SuggestionState::kSubmitted, SuggestionAction::kDecline,
     SuggestionState::kDeclined},
    {SuggestionState::kAccepted, SuggestionAction::kAdopt,
     SuggestionState::kAdopted},
}};

absl::string_view Verb(SuggestionAction a) {
  switch (a) {
    case SuggestionAction::kAccept:
      return "accepted";
    case SuggestionAction::kDecline:
      return "declined";
    case SuggestionAction::kAdopt:
      return "adopted";
  }
  return "changed";
}

absl::Status Invalid(absl::string_view field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", why));
}

}  // namespace

// --- names -----------------------------------------------------------------

absl::string_view Name(FollowUpMethod m) { return NameIn(kFollowUpMethods, m); }
absl::string_view Name(FollowUpOutcome o) {
  return NameIn(kFollowUpOutcomes, o);
}
std::optional<FollowUpOutcome> FollowUpOutcomeFromName(absl::string_view name) {
  return FromNameIn(kFollowUpOutcomes, name);
}
absl::string_view Name(FollowUpState s) { return NameIn(kFollowUpStates, s); }
std::optional<FollowUpMethod> FollowUpMethodFromName(absl::string_view name) {
  return FromNameIn(kFollowUpMethods, name);
}
std::optional<FollowUpState> FollowUpStateFromName(absl::string_view name) {
  return FromNameIn(kFollowUpStates, name);
}
absl::string_view Name(ComplaintCategory c) {
  return NameIn(kComplaintCategories, c);
}
absl::string_view Name(ComplaintSeverity s) { return NameIn(kSeverities, s); }
absl::string_view Name(ComplaintState s) { return NameIn(kComplaintStates, s); }
absl::string_view Name(ComplaintSource s) {
  return NameIn(kComplaintSources, s);
}
absl::string_view Name(ComplaintAction a) {
  return NameIn(kComplaintActions, a);
}
std::optional<ComplaintCategory> ComplaintCategoryFromName(
    absl::string_view name) {
  return FromNameIn(kComplaintCategories, name);
}
std::optional<ComplaintSeverity> ComplaintSeverityFromName(
    absl::string_view name) {
  return FromNameIn(kSeverities, name);
}
std::optional<ComplaintState> ComplaintStateFromName(absl::string_view name) {
  return FromNameIn(kComplaintStates, name);
}
std::optional<ComplaintSource> ComplaintSourceFromName(absl::string_view name) {
  return FromNameIn(kComplaintSources, name);
}
std::optional<ComplaintAction> ComplaintActionFromName(absl::string_view name) {
  return FromNameIn(kComplaintActions, name);
}
absl::string_view Name(PraiseSource s) { return NameIn(kPraiseSources, s); }
std::optional<PraiseSource> PraiseSourceFromName(absl::string_view name) {
  return FromNameIn(kPraiseSources, name);
}
absl::string_view Name(SuggestionKind k) { return NameIn(kSuggestionKinds, k); }
absl::string_view Name(SuggestionState s) {
  return NameIn(kSuggestionStates, s);
}
std::optional<SuggestionKind> SuggestionKindFromName(absl::string_view name) {
  return FromNameIn(kSuggestionKinds, name);
}
std::optional<SuggestionState> SuggestionStateFromName(absl::string_view name) {
  return FromNameIn(kSuggestionStates, name);
}
absl::string_view Name(QuestionKind k) { return NameIn(kQuestionKinds, k); }
std::optional<QuestionKind> QuestionKindFromName(absl::string_view name) {
  return FromNameIn(kQuestionKinds, name);
}
absl::string_view Name(MarginVerdict v) { return NameIn(kVerdicts, v); }
absl::string_view Name(PlanAction a) { return NameIn(kPlanActions, a); }
absl::string_view Name(PlanState s) { return NameIn(kPlanStates, s); }
std::optional<PlanAction> PlanActionFromName(absl::string_view name) {
  return FromNameIn(kPlanActions, name);
}
std::optional<PlanState> PlanStateFromName(absl::string_view name) {
  return FromNameIn(kPlanStates, name);
}

// --- follow-ups ------------------------------------------------------------

FollowUp ScheduleFollowUp(const ServiceRequest& request,
                          const ServiceItem& item) {
  FollowUp f;
  f.site_id = request.site_id;
  f.request_id = request.id;
  f.department_id = request.department_id;
  f.complete_time = request.complete_time.value_or(request.update_time);
  f.due_time = f.complete_time + item.follow_up_delay;
  f.state = FollowUpState::kPending;
  f.create_time = f.complete_time;
  return f;
}

absl::Status ValidateFollowUpRecord(int32_t satisfaction,
                                    absl::string_view comment) {
  if (satisfaction < 1 || satisfaction > 5) {
    return Invalid("satisfaction",
                   "must be 1 (very dissatisfied) to 5 (very satisfied)");
  }
  return ValidateText("comment", comment, kOptionalNote);
}

bool FollowUpOnTime(const FollowUp& f) {
  return f.state == FollowUpState::kDone && f.record_time &&
         *f.record_time <= f.due_time;
}

OutcomeBand BandOf(FollowUpOutcome outcome) {
  switch (outcome) {
    case FollowUpOutcome::kSatisfied:
      return {4, 5, false};
    case FollowUpOutcome::kNeutral:
      return {3, 3, false};
    case FollowUpOutcome::kDissatisfied:
      return {1, 2, false};
    case FollowUpOutcome::kComplained:
      return {1, 5, true};
  }
  return {};
}

std::optional<FollowUpOutcome> OutcomeOf(const FollowUp& f) {
  if (f.state != FollowUpState::kDone) return std::nullopt;
  for (FollowUpOutcome o :
       {FollowUpOutcome::kSatisfied, FollowUpOutcome::kNeutral,
        FollowUpOutcome::kDissatisfied, FollowUpOutcome::kComplained}) {
    const OutcomeBand band = BandOf(o);
    if (f.complained == band.complained &&
        f.satisfaction >= band.min_satisfaction &&
        f.satisfaction <= band.max_satisfaction) {
      return o;
    }
  }
  return std::nullopt;
}

RegisterSummary SummarizeRegister(const std::vector<FollowUpTally>& tallies) {
  RegisterSummary out;
  for (const FollowUpTally& t : tallies) {
    out.recorded += t.count;
    (t.method == FollowUpMethod::kVisit ? out.by_visit : out.by_phone) +=
        t.count;
    out.satisfaction_sum += t.satisfaction * t.count;
    FollowUp f;
    f.state = FollowUpState::kDone;
    f.satisfaction = t.satisfaction;
    f.complained = t.complained;
    switch (OutcomeOf(f).value_or(FollowUpOutcome::kNeutral)) {
      case FollowUpOutcome::kSatisfied:
        out.satisfied += t.count;
        break;
      case FollowUpOutcome::kNeutral:
        out.neutral += t.count;
        break;
      case FollowUpOutcome::kDissatisfied:
        out.dissatisfied += t.count;
        break;
      case FollowUpOutcome::kComplained:
        out.complained += t.count;
        break;
    }
  }
  out.mean_satisfaction =
      out.recorded == 0
          ? 0
          : static_cast<double>(out.satisfaction_sum) / out.recorded;
  return out;
}

// --- complaints ------------------------------------------------------------

ComplaintState InitialComplaintState(ComplaintSeverity severity) {
  return severity == ComplaintSeverity::kMajor ? CS::kEscalated : CS::kOpen;
}

absl::StatusOr<ComplaintState> DecideComplaint(ComplaintState from,
                                               ComplaintAction action,
                                               Relations who) {
  if (action == CA::kNote) {
    bool may_move = false;
    for (const ComplaintTransition& t : kComplaintTransitions) {
      may_move = may_move || t.who.Intersects(who);
    }
    if (!may_move) {
      return absl::PermissionDeniedError(
          "only the department's supervisor or the manager may note on this "
          "complaint");
    }
    if (from == CS::kResolved) {
      return absl::FailedPreconditionError(
          "complaint is RESOLVED and takes no more notes");
    }
    return from;
  }
  bool ever_allowed = false;
  for (const ComplaintTransition& t : kComplaintTransitions) {
    if (t.action != action || !t.who.Intersects(who)) continue;
    if (t.from == from) return t.to;
    ever_allowed = true;
  }
  if (!ever_allowed) {
    return absl::PermissionDeniedError(absl::StrCat(
        "the caller may not ", Name(action),
        " this complaint (only the supervisor of its department, or the "
        "manager; escalated complaints are the manager's)"));
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "complaint is ", Name(from), " and cannot take ", Name(action), " now"));
}

absl::Status ValidateComplaint(const Complaint& c) {
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("complaint.text", c.text, kRequiredNote));
  if (c.household_id == 0) {
    return Invalid("complaint.household", "is required");
  }
  return absl::OkStatus();
}

absl::Status ValidateComplaintUpdate(ComplaintAction action,
                                     absl::string_view note,
                                     absl::string_view resolution) {
  switch (action) {
    case CA::kEscalate:
      CONCIERGE_RETURN_IF_ERROR(ValidateText("note", note, kRequiredNote));
      break;
    case CA::kNote:
      CONCIERGE_RETURN_IF_ERROR(ValidateText("note", note, kRequiredNote));
      break;
    case CA::kResolve:
      CONCIERGE_RETURN_IF_ERROR(
          ValidateText("resolution", resolution, kRequiredNote));
      CONCIERGE_RETURN_IF_ERROR(ValidateText("note", note, kOptionalNote));
      break;
    case CA::kHandle:
      CONCIERGE_RETURN_IF_ERROR(ValidateText("note", note, kOptionalNote));
      break;
    case CA::kCreate:
      return Invalid("action", "CREATE is not an update");
  }
  if (action != CA::kResolve && !resolution.empty()) {
    return Invalid("resolution", "only with the RESOLVE action");
  }
  return absl::OkStatus();
}

// --- praise ----------------------------------------------------------------

absl::Status ValidatePraise(const Praise& p, absl::Time now) {
  if (p.staff_id == 0 && p.room_action_id == 0) {
    return Invalid("praise.staff", "is required");
  }
  CONCIERGE_RETURN_IF_ERROR(ValidateText("praise.text", p.text, kRequiredNote));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("praise.praised_by", p.praised_by, kOptionalName));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("praise.subject", p.subject, kOptionalName));
  if (p.receive_time > now) {
    return Invalid("praise.receive_time", "must not be in the future");
  }
  if (p.receive_time <
      absl::FromCivil(absl::CivilDay(2000, 1, 1), absl::UTCTimeZone())) {
    return Invalid("praise.receive_time", "before the year 2000");
  }
  return absl::OkStatus();
}

// --- the quality report ----------------------------------------------------

std::optional<bool> CompletedOnTime(absl::Time complete_time,
                                    std::optional<absl::Time> completion_due) {
  if (!completion_due) return std::nullopt;
  return complete_time <= *completion_due;
}

double Share(int64_t numerator, int64_t denominator) {
  if (denominator <= 0) return 0;
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

QualityReport MakeQualityReport(const ReportSubject& subject, absl::Time start,
                                absl::Time end, absl::Time report_time,
                                const QualityCounts& counts) {
  QualityReport r;
  r.subject = subject;
  r.start = start;
  r.end = end;
  r.report_time = report_time;
  r.counts = counts;
  r.on_time_rate = Share(counts.on_time, counts.with_target);
  r.mean_satisfaction =
      Share(counts.satisfaction_sum, counts.satisfaction_count);
  r.follow_up_coverage =
      Share(counts.follow_ups_on_time, counts.follow_ups_due);
  r.mean_approval_minutes =
      counts.approvals == 0 ? 0
                            : static_cast<double>(counts.approval_seconds) /
                                  60.0 / static_cast<double>(counts.approvals);
  return r;
}

absl::Status ValidateReportPeriod(absl::Time start, absl::Time end) {
  if (end <= start) return Invalid("end_time", "must be after start_time");
  if (end - start > absl::Hours(24 * 366)) {
    return Invalid("end_time", "the period is at most 366 days");
  }
  return absl::OkStatus();
}

// --- evaluations -----------------------------------------------------------

absl::Status ValidateEvaluation(const Evaluation& e) {
  if ((e.staff_id == 0) == (e.department_id == 0)) {
    return Invalid("evaluation.subject",
                   "name one staff member or one department");
  }
  CONCIERGE_RETURN_IF_ERROR(ValidateReportPeriod(e.start, e.end));
  if (e.score < 0 || e.score > 100) {
    return Invalid("evaluation.score", "must be 0..100");
  }
  return ValidateText("evaluation.note", e.note, kOptionalNote);
}

// --- suggestions -----------------------------------------------------------

absl::Status ValidateSuggestion(const Suggestion& s) {
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("suggestion.text", s.text, kRequiredNote));
  if (s.kind == SuggestionKind::kChange && s.item_id == 0) {
    return Invalid("suggestion.item",
                   "a CHANGE suggestion names the item it would change");
  }
  if (s.household_id == 0)
    return Invalid("suggestion.household", "is required");
  return absl::OkStatus();
}

absl::StatusOr<SuggestionState> NextSuggestionState(SuggestionState from,
                                                    SuggestionAction action) {
  for (const SuggestionTransition& t : kSuggestionTransitions) {
    if (t.from == from && t.action == action) return t.to;
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "suggestion is ", Name(from), " and cannot be ", Verb(action)));
}

// --- surveys ---------------------------------------------------------------

absl::Status ValidateSurvey(const Survey& s, absl::Time now) {
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("survey.title.zh", s.title_zh, kRequiredName));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("survey.title.en", s.title_en, kRequiredName));
  if (s.questions.empty() || s.questions.size() > 50) {
    return Invalid("survey.questions", "give 1 to 50 questions");
  }
  for (size_t i = 0; i < s.questions.size(); ++i) {
    const std::string field = absl::StrCat("survey.questions[", i, "]");
    const SurveyQuestion& q = s.questions[i];
    CONCIERGE_RETURN_IF_ERROR(
        ValidateText(field + ".text.zh", q.text_zh, kOptionalName));
    CONCIERGE_RETURN_IF_ERROR(
        ValidateText(field + ".text.en", q.text_en, kOptionalName));
    if (q.text_zh.empty() || q.text_en.empty()) {
      return Invalid(field + ".text", "is required in both languages");
    }
  }
  if (s.close_time <= s.open_time) {
    return Invalid("survey.close_time", "must be after survey.open_time");
  }
  if (s.close_time <= now) {
    return Invalid("survey.close_time", "must be in the future");
  }
  if (s.close_time - s.open_time > absl::Hours(24 * 366)) {
    return Invalid("survey.close_time", "a survey is open at most a year");
  }
  return absl::OkStatus();
}

bool SurveyOpen(const Survey& s, absl::Time now) {
  return s.open_time <= now && now < s.close_time;
}

absl::Status CheckSurveyAcceptsResponses(const Survey& s, absl::Time now) {
  if (now < s.open_time) {
    return absl::FailedPreconditionError("survey is not open yet");
  }
  if (now >= s.close_time) {
    return absl::FailedPreconditionError(
        "survey is closed; responses can no longer be given or changed");
  }
  return absl::OkStatus();
}

absl::Status ValidateSurveyAnswers(const Survey& s,
                                   const std::vector<SurveyAnswer>& answers) {
  if (answers.empty()) return Invalid("answers", "give at least one answer");
  std::set<int32_t> seen;
  for (size_t i = 0; i < answers.size(); ++i) {
    const std::string field = absl::StrCat("answers[", i, "]");
    const SurveyAnswer& a = answers[i];
    if (a.question < 0 ||
        a.question >= static_cast<int32_t>(s.questions.size())) {
      return Invalid(field + ".question",
                     absl::StrCat("must be 0..", s.questions.size() - 1));
    }
    if (!seen.insert(a.question).second) {
      return Invalid(field + ".question",
                     absl::StrCat("question ", a.question, " answered twice"));
    }
    if (s.questions[a.question].kind == QuestionKind::kScale) {
      if (a.score < 1 || a.score > 5) {
        return Invalid(field + ".score", "a SCALE question is answered 1..5");
      }
      if (!a.text.empty()) {
        return Invalid(field + ".text", "a SCALE question takes a score only");
      }
    } else {
      if (a.score != 0) {
        return Invalid(field + ".score", "a TEXT question takes text only");
      }
      CONCIERGE_RETURN_IF_ERROR(
          ValidateText(field + ".text", a.text, kRequiredNote));
    }
  }
  return absl::OkStatus();
}

std::vector<QuestionResult> SummarizeSurvey(
    const Survey& survey,
    const std::vector<std::array<int64_t, 5>>& score_counts,
    const std::vector<std::vector<std::string>>& texts) {
  std::vector<QuestionResult> out;
  for (size_t q = 0; q < survey.questions.size(); ++q) {
    QuestionResult r;
    r.question = static_cast<int32_t>(q);
    if (survey.questions[q].kind == QuestionKind::kScale) {
      if (q < score_counts.size()) r.score_counts = score_counts[q];
      int64_t sum = 0;
      for (int s = 0; s < 5; ++s) {
        r.answers += r.score_counts[s];
        sum += r.score_counts[s] * (s + 1);
      }
      r.mean_score = Share(sum, r.answers);
    } else {
      if (q < texts.size()) r.texts = texts[q];
      r.answers = static_cast<int64_t>(r.texts.size());
    }
    out.push_back(std::move(r));
  }
  return out;
}

// --- the annual review -----------------------------------------------------

YearBounds YearIn(int32_t year, const absl::TimeZone& zone) {
  return {absl::FromCivil(absl::CivilYear(year), zone),
          absl::FromCivil(absl::CivilYear(year + 1), zone)};
}

absl::Status ValidateReviewYear(int32_t year) {
  if (year < 2000 || year > 2100) return Invalid("year", "must be 2000..2100");
  return absl::OkStatus();
}

int32_t YearOf(absl::Time t, const absl::TimeZone& zone) {
  return static_cast<int32_t>(absl::ToCivilYear(t, zone).year());
}

int64_t LabourCost(int64_t minute_rate_sum) {
  return (minute_rate_sum + 30) / 60;
}

ItemYearFigures EvaluateItemYear(FeeKind fee_kind, const ItemYearCounts& c) {
  ItemYearFigures f;
  f.labour_minor = LabourCost(c.minute_rate_sum);
  f.cost_minor = f.labour_minor + c.materials_minor;
  f.margin_minor = c.revenue_minor - f.cost_minor;
  if (f.cost_minor > 0) {
    f.markup_basis_points = f.margin_minor * 10000 / f.cost_minor;
  }
  if (fee_kind == FeeKind::kFree) {
    f.verdict = MarginVerdict::kFreeService;
  } else if (c.completed == 0 || (f.cost_minor == 0 && c.revenue_minor == 0)) {
    f.verdict = MarginVerdict::kNoData;
  } else if (f.margin_minor < 0) {
    f.verdict = MarginVerdict::kBelowCost;
  } else if (f.cost_minor == 0 ||
             f.margin_minor * 10000 >
                 kSmallProfitCeilingBasisPoints * f.cost_minor) {
    f.verdict = MarginVerdict::kFarAboveCost;
  } else {
    f.verdict = MarginVerdict::kSmallProfit;
  }
  f.mean_satisfaction = Share(c.satisfaction_sum, c.satisfaction_count);
  f.necessity_check = c.requests == 0 && c.lookups == 0 &&
                      c.survey_responses == 0 && c.completed == 0;
  return f;
}

// --- service plans ---------------------------------------------------------

absl::Status EntryError(size_t index, const absl::Status& status) {
  if (status.ok()) return status;
  return absl::Status(status.code(), absl::StrCat("plan.entries[", index,
                                                  "]: ", status.message()));
}

absl::Status ValidatePlan(const ServicePlan& plan, int32_t current_year) {
  if (plan.year != current_year && plan.year != current_year + 1) {
    return Invalid("plan.year", absl::StrCat("must be ", current_year, " or ",
                                             current_year + 1));
  }
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("plan.title.zh", plan.title_zh, kRequiredName));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("plan.title.en", plan.title_en, kRequiredName));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("plan.note", plan.note, kOptionalNote));
  if (plan.entries.empty() || plan.entries.size() > 200) {
    return Invalid("plan.entries", "give 1 to 200 entries");
  }
  std::set<int64_t> items, suggestions;
  std::set<std::string> codes;
  for (size_t i = 0; i < plan.entries.size(); ++i) {
    const PlanEntry& e = plan.entries[i];
    const std::string field = absl::StrCat("plan.entries[", i, "]");
    CONCIERGE_RETURN_IF_ERROR(
        ValidateText(field + ".note", e.note, kOptionalNote));
    const bool priced = e.price.has_value() || e.effective_time.has_value();
    if (e.action == PlanAction::kAdd) {
      if (e.suggestion_id == 0) {
        return Invalid(field + ".suggestion",
                       "an ADD entry answers an ACCEPTED suggestion");
      }
      if (e.item_id != 0) {
        return Invalid(field + ".item",
                       "an ADD entry describes its item in new_item");
      }
      if (!suggestions.insert(e.suggestion_id).second) {
        return Invalid(field + ".suggestion", "appears twice in the plan");
      }
      if (!codes.insert(e.new_item.code).second) {
        return Invalid(field + ".new_item.code", "appears twice in the plan");
      }
      const bool fixed = e.new_item.fee_kind == FeeKind::kFixed;
      if (fixed && (!e.price || !e.effective_time)) {
        return Invalid(field + ".price",
                       "a FIXED item is added with its price and "
                       "effective_time");
      }
      if (!fixed && priced) {
        return Invalid(field + ".price", "only FIXED items have a price");
      }
      continue;
    }
    if (e.item_id == 0) {
      return Invalid(field + ".item",
                     absl::StrCat("is required for ", Name(e.action)));
    }
    if (e.suggestion_id != 0) {
      return Invalid(field + ".suggestion",
                     "only ADD entries answer suggestions");
    }
    if (!items.insert(e.item_id).second) {
      return Invalid(field + ".item", "appears twice in the plan");
    }
    if (e.action == PlanAction::kReprice) {
      if (!e.price || !e.effective_time) {
        return Invalid(field + ".price",
                       "a REPRICE entry gives the price and effective_time");
      }
    } else if (priced) {
      return Invalid(field + ".price",
                     absl::StrCat("a ", Name(e.action), " entry has no price"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckPlanApprovable(const ServicePlan& plan) {
  if (plan.state != PlanState::kDraft) {
    return absl::FailedPreconditionError(absl::StrCat(
        "plan is ", Name(plan.state), " and cannot be approved again"));
  }
  return absl::OkStatus();
}

std::string DefaultPlanTitle(int32_t year, Lang lang) {
  return lang == Lang::kZh ? absl::StrCat(year, "年度個性化服務項目計劃")
                           : absl::StrCat("Personalised service plan ", year);
}

}  // namespace concierge::domain
