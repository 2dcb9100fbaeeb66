#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/time/civil_time.h"
#include "server/domain/quality.h"
#include "tests/support/matchers.h"

namespace concierge {
namespace {

using ::concierge::testing::IsOk;
using ::concierge::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

using CS = domain::ComplaintState;
using CA = domain::ComplaintAction;
using R = domain::Relation;

constexpr CS kAllStates[] = {CS::kOpen, CS::kInHandling, CS::kEscalated,
                             CS::kResolved};
constexpr CA kAllMoves[] = {CA::kHandle, CA::kEscalate, CA::kResolve};

const domain::Relations kSupervisor{R::kDeptSupervisor};
const domain::Relations kManager{R::kManager};
const domain::Relations kResident{R::kResident};

// The legal moves, written out independently of the table in quality.cc:
// (from, action, to, supervisor may, manager may).
struct Legal {
  CS from;
  CA action;
  CS to;
  bool supervisor;
  bool manager;
};
constexpr Legal kLegal[] = {
    {CS::kOpen, CA::kHandle, CS::kInHandling, true, true},
    {CS::kOpen, CA::kEscalate, CS::kEscalated, true, false},
    {CS::kInHandling, CA::kEscalate, CS::kEscalated, true, false},
    {CS::kInHandling, CA::kResolve, CS::kResolved, true, true},
    {CS::kEscalated, CA::kResolve, CS::kResolved, false, true},
};

TEST(ComplaintStateMachine, LegalMovesAndWhoMayMakeThem) {
  for (const Legal& l : kLegal) {
    SCOPED_TRACE(
        absl::StrCat(domain::Name(l.from), " ", domain::Name(l.action)));
    auto by_supervisor = domain::DecideComplaint(l.from, l.action, kSupervisor);
    auto by_manager = domain::DecideComplaint(l.from, l.action, kManager);
    EXPECT_EQ(by_supervisor.ok(), l.supervisor);
    EXPECT_EQ(by_manager.ok(), l.manager);
    if (by_supervisor.ok()) {
      EXPECT_EQ(*by_supervisor, l.to);
    }
    if (by_manager.ok()) {
      EXPECT_EQ(*by_manager, l.to);
    }
  }
}

TEST(ComplaintStateMachine, EverythingElseIsRefused) {
  for (CS from : kAllStates) {
    for (CA action : kAllMoves) {
      bool legal = false;
      for (const Legal& l : kLegal) {
        legal = legal || (l.from == from && l.action == action);
      }
      if (legal) continue;
      SCOPED_TRACE(absl::StrCat(domain::Name(from), " ", domain::Name(action)));
      EXPECT_THAT(domain::DecideComplaint(from, action,
                                          {R::kDeptSupervisor, R::kManager}),
                  StatusIs(absl::StatusCode::kFailedPrecondition,
                           HasSubstr(std::string(domain::Name(from)))));
    }
  }
}

TEST(ComplaintStateMachine, EscalatedComplaintsAreTheManagersAlone) {
  // A supervisor never resolves what went to the manager, whatever the state.
  EXPECT_THAT(
      domain::DecideComplaint(CS::kEscalated, CA::kResolve, kSupervisor),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("ESCALATED")));
  // The manager does not escalate to himself: never allowed.
  EXPECT_THAT(
      domain::DecideComplaint(CS::kOpen, CA::kEscalate, kManager),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("ESCALATE")));
  // Residents move nothing.
  for (CA action : kAllMoves) {
    EXPECT_THAT(domain::DecideComplaint(CS::kOpen, action, kResident),
                StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("")));
  }
}

TEST(ComplaintStateMachine, MajorComplaintsStartEscalated) {
  EXPECT_EQ(domain::InitialComplaintState(domain::ComplaintSeverity::kMajor),
            CS::kEscalated);
  EXPECT_EQ(domain::InitialComplaintState(domain::ComplaintSeverity::kMinor),
            CS::kOpen);
}

TEST(ComplaintStateMachine, NotesUntilResolved) {
  EXPECT_THAT(domain::DecideComplaint(CS::kInHandling, CA::kNote, kSupervisor),
              IsOk());
  EXPECT_EQ(*domain::DecideComplaint(CS::kEscalated, CA::kNote, kManager),
            CS::kEscalated);
  EXPECT_THAT(
      domain::DecideComplaint(CS::kResolved, CA::kNote, kManager),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("RESOLVED")));
  EXPECT_THAT(domain::DecideComplaint(CS::kOpen, CA::kNote, kResident),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("note")));
}

TEST(ComplaintUpdate, EachActionNeedsItsText) {
  EXPECT_THAT(domain::ValidateComplaintUpdate(CA::kEscalate, "", ""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("note")));
  EXPECT_THAT(
      domain::ValidateComplaintUpdate(CA::kResolve, "", ""),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("resolution")));
  EXPECT_THAT(
      domain::ValidateComplaintUpdate(CA::kHandle, "", "fixed"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("resolution")));
  EXPECT_THAT(domain::ValidateComplaintUpdate(CA::kNote, "", ""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("note")));
  EXPECT_THAT(domain::ValidateComplaintUpdate(CA::kHandle, "", ""), IsOk());
  EXPECT_THAT(
      domain::ValidateComplaintUpdate(CA::kResolve, "", "Re-done for free"),
      IsOk());
}

TEST(FollowUps, DueTheItemsDelayAfterCompletion) {
  domain::ServiceItem item;
  item.follow_up_delay = absl::Hours(48);
  domain::ServiceRequest r;
  r.id = 7;
  r.site_id = 1;
  r.department_id = 3;
  const absl::Time done = absl::FromUnixSeconds(1'800'000'000);
  r.complete_time = done;
  domain::FollowUp f = domain::ScheduleFollowUp(r, item);
  EXPECT_EQ(f.request_id, 7);
  EXPECT_EQ(f.department_id, 3);
  EXPECT_EQ(f.due_time, done + absl::Hours(48));
  EXPECT_EQ(f.state, domain::FollowUpState::kPending);
  // The default delay is three days.
  EXPECT_EQ(domain::ScheduleFollowUp(r, domain::ServiceItem{}).due_time,
            done + absl::Hours(72));
}

TEST(FollowUps, OnTimeMeansRecordedByTheDueTime) {
  domain::FollowUp f;
  f.due_time = absl::FromUnixSeconds(1000);
  EXPECT_FALSE(domain::FollowUpOnTime(f));
  f.state = domain::FollowUpState::kDone;
  f.record_time = absl::FromUnixSeconds(1000);
  EXPECT_TRUE(domain::FollowUpOnTime(f));
  f.record_time = absl::FromUnixSeconds(1001);
  EXPECT_FALSE(domain::FollowUpOnTime(f));
}

TEST(FollowUps, SatisfactionIsOneToFive) {
  EXPECT_THAT(
      domain::ValidateFollowUpRecord(0, ""),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("satisfaction")));
  EXPECT_THAT(
      domain::ValidateFollowUpRecord(6, ""),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("satisfaction")));
  EXPECT_THAT(domain::ValidateFollowUpRecord(5, "very happy"), IsOk());
  EXPECT_THAT(
      domain::ValidateFollowUpRecord(3, std::string("bad\x01", 4)),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("comment")));
}

TEST(QualityReport, RatesFromCounts) {
  domain::QualityCounts c;
  c.completed = 4;
  c.with_target = 3;
  c.on_time = 2;
  c.satisfaction_count = 3;
  c.satisfaction_sum = 11;
  c.follow_ups_due = 4;
  c.follow_ups_on_time = 3;
  const domain::QualityReport r = domain::MakeQualityReport(
      {1, 0, 0}, absl::UnixEpoch(), absl::UnixEpoch() + absl::Hours(24),
      absl::UnixEpoch(), c);
  EXPECT_DOUBLE_EQ(r.on_time_rate, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(r.mean_satisfaction, 11.0 / 3.0);
  EXPECT_DOUBLE_EQ(r.follow_up_coverage, 0.75);
  // Nothing to divide by: 0, never NaN.
  const domain::QualityReport empty =
      domain::MakeQualityReport({1, 0, 0}, absl::UnixEpoch(), absl::UnixEpoch(),
                                absl::UnixEpoch(), domain::QualityCounts{});
  EXPECT_EQ(empty.on_time_rate, 0);
  EXPECT_EQ(empty.mean_satisfaction, 0);
  EXPECT_EQ(empty.follow_up_coverage, 0);
}

TEST(QualityReport, OnTimeAgainstTheCompletionTarget) {
  const absl::Time due = absl::FromUnixSeconds(5000);
  EXPECT_EQ(domain::CompletedOnTime(due, due), true);
  EXPECT_EQ(domain::CompletedOnTime(due + absl::Seconds(1), due), false);
  EXPECT_EQ(domain::CompletedOnTime(due, std::nullopt), std::nullopt);
}

TEST(QualityReport, Periods) {
  const absl::Time t = absl::FromUnixSeconds(1'800'000'000);
  EXPECT_THAT(
      domain::ValidateReportPeriod(t, t),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("end_time")));
  EXPECT_THAT(domain::ValidateReportPeriod(t, t + absl::Hours(24 * 367)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("366")));
  EXPECT_THAT(domain::ValidateReportPeriod(t, t + absl::Hours(24 * 31)),
              IsOk());
}

TEST(Evaluations, OneSubjectAndAScore) {
  domain::Evaluation e;
  e.start = absl::FromUnixSeconds(0);
  e.end = e.start + absl::Hours(24);
  e.score = 80;
  EXPECT_THAT(domain::ValidateEvaluation(e),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("evaluation.subject")));
  e.staff_id = 3;
  e.department_id = 2;
  EXPECT_THAT(domain::ValidateEvaluation(e),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("evaluation.subject")));
  e.department_id = 0;
  EXPECT_THAT(domain::ValidateEvaluation(e), IsOk());
  e.score = 101;
  EXPECT_THAT(domain::ValidateEvaluation(e),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("evaluation.score")));
}

TEST(Suggestions, TriageAndAdoption) {
  using S = domain::SuggestionState;
  using A = domain::SuggestionAction;
  EXPECT_EQ(*domain::NextSuggestionState(S::kSubmitted, A::kAccept),
            S::kAccepted);
  EXPECT_EQ(*domain::NextSuggestionState(S::kSubmitted, A::kDecline),
            S::kDeclined);
  EXPECT_EQ(*domain::NextSuggestionState(S::kAccepted, A::kAdopt), S::kAdopted);
  EXPECT_THAT(
      domain::NextSuggestionState(S::kSubmitted, A::kAdopt),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("SUBMITTED")));
  EXPECT_THAT(
      domain::NextSuggestionState(S::kDeclined, A::kAccept),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("DECLINED")));
  EXPECT_THAT(
      domain::NextSuggestionState(S::kAdopted, A::kAdopt),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("ADOPTED")));
  domain::Suggestion s;
  s.household_id = 1;
  s.kind = domain::SuggestionKind::kChange;
  s.text = "Open the umbrella stand on weekends";
  EXPECT_THAT(domain::ValidateSuggestion(s),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("suggestion.item")));
  s.item_id = 39;
  EXPECT_THAT(domain::ValidateSuggestion(s), IsOk());
}

domain::Survey TwoQuestionSurvey() {
  domain::Survey s;
  s.title_zh = "滿意率調查";
  s.title_en = "Satisfaction survey";
  s.questions = {
      {"總體滿意度", "Overall satisfaction", domain::QuestionKind::kScale, 0},
      {"意見", "Comments", domain::QuestionKind::kText, 0}};
  s.open_time = absl::FromUnixSeconds(1000);
  s.close_time = absl::FromUnixSeconds(2000);
  return s;
}

TEST(Surveys, OpenUntilClose) {
  const domain::Survey s = TwoQuestionSurvey();
  EXPECT_THAT(
      domain::CheckSurveyAcceptsResponses(s, absl::FromUnixSeconds(999)),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("not open")));
  EXPECT_THAT(
      domain::CheckSurveyAcceptsResponses(s, absl::FromUnixSeconds(1000)),
      IsOk());
  EXPECT_THAT(
      domain::CheckSurveyAcceptsResponses(s, absl::FromUnixSeconds(1999)),
      IsOk());
  EXPECT_THAT(
      domain::CheckSurveyAcceptsResponses(s, absl::FromUnixSeconds(2000)),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("closed")));
}

TEST(Surveys, AnswersMatchTheQuestions) {
  const domain::Survey s = TwoQuestionSurvey();
  EXPECT_THAT(
      domain::ValidateSurveyAnswers(s, {}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("answers")));
  EXPECT_THAT(domain::ValidateSurveyAnswers(s, {{0, 6, ""}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("answers[0].score")));
  EXPECT_THAT(domain::ValidateSurveyAnswers(s, {{1, 3, "nice"}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("answers[0].score")));
  EXPECT_THAT(domain::ValidateSurveyAnswers(s, {{2, 3, ""}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("answers[0].question")));
  EXPECT_THAT(domain::ValidateSurveyAnswers(s, {{0, 4, ""}, {0, 5, ""}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("answers[1].question")));
  EXPECT_THAT(
      domain::ValidateSurveyAnswers(s, {{0, 4, ""}, {1, 0, "More benches"}}),
      IsOk());
}

TEST(Surveys, Validation) {
  domain::Survey s = TwoQuestionSurvey();
  EXPECT_THAT(domain::ValidateSurvey(s, absl::FromUnixSeconds(500)), IsOk());
  EXPECT_THAT(domain::ValidateSurvey(s, absl::FromUnixSeconds(2000)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("survey.close_time")));
  s.questions[1].text_en = "";
  EXPECT_THAT(domain::ValidateSurvey(s, absl::FromUnixSeconds(500)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("survey.questions[1].text")));
  s.questions.clear();
  EXPECT_THAT(domain::ValidateSurvey(s, absl::FromUnixSeconds(500)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("survey.questions")));
}

TEST(Surveys, SummaryPerQuestion) {
  const domain::Survey s = TwoQuestionSurvey();
  const auto results =
      domain::SummarizeSurvey(s, {{{0, 1, 0, 2, 1}}, {{0, 0, 0, 0, 0}}},
                              {{}, {"More benches", "Quieter mornings"}});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].answers, 4);
  // (2 + 4 + 4 + 5) / 4
  EXPECT_DOUBLE_EQ(results[0].mean_score, 15.0 / 4.0);
  EXPECT_EQ(results[1].answers, 2);
  EXPECT_THAT(results[1].texts,
              ElementsAre("More benches", "Quieter mornings"));
}

TEST(AnnualReview, YearBoundsInTheSitesZone) {
  absl::TimeZone shanghai;
  ASSERT_TRUE(absl::LoadTimeZone("Asia/Shanghai", &shanghai));
  const domain::YearBounds y = domain::YearIn(2025, shanghai);
  // Midnight of 1 January in Shanghai is 16:00 UTC the day before.
  EXPECT_EQ(y.start, absl::FromCivil(absl::CivilSecond(2024, 12, 31, 16, 0, 0),
                                     absl::UTCTimeZone()));
  EXPECT_EQ(y.end, absl::FromCivil(absl::CivilSecond(2025, 12, 31, 16, 0, 0),
                                   absl::UTCTimeZone()));
  EXPECT_EQ(domain::YearOf(y.end - absl::Seconds(1), shanghai), 2025);
  EXPECT_EQ(domain::YearOf(y.end, shanghai), 2026);
  EXPECT_THAT(domain::ValidateReviewYear(1999),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("year")));
}

TEST(AnnualReview, CostMarginAndTheBreakEvenBand) {
  // 3 requests: 90 minutes at 40.00/h, materials 5.00; settled 3 x 30.00.
  domain::ItemYearCounts c;
  c.requests = 3;
  c.completed = 3;
  c.minute_rate_sum = 90 * 4000;
  c.materials_minor = 500;
  c.revenue_minor = 9000;
  domain::ItemYearFigures f =
      domain::EvaluateItemYear(domain::FeeKind::kFixed, c);
  EXPECT_EQ(f.labour_minor, 6000);
  EXPECT_EQ(f.cost_minor, 6500);
  EXPECT_EQ(f.margin_minor, 2500);
  EXPECT_EQ(f.markup_basis_points, 3846);  // 2500 / 6500 = 38.46 %
  EXPECT_EQ(f.verdict, domain::MarginVerdict::kFarAboveCost);

  c.revenue_minor = 7800;  // exactly 20 % above cost
  EXPECT_EQ(domain::EvaluateItemYear(domain::FeeKind::kFixed, c).verdict,
            domain::MarginVerdict::kSmallProfit);
  c.revenue_minor = 6500 * 13 / 10;  // exactly 30 %: still small profit
  EXPECT_EQ(domain::EvaluateItemYear(domain::FeeKind::kFixed, c).verdict,
            domain::MarginVerdict::kSmallProfit);
  c.revenue_minor = 6500 * 13 / 10 + 1;
  EXPECT_EQ(domain::EvaluateItemYear(domain::FeeKind::kFixed, c).verdict,
            domain::MarginVerdict::kFarAboveCost);
  c.revenue_minor = 6000;
  f = domain::EvaluateItemYear(domain::FeeKind::kQuoted, c);
  EXPECT_EQ(f.verdict, domain::MarginVerdict::kBelowCost);
  EXPECT_EQ(f.margin_minor, -500);
  EXPECT_EQ(domain::EvaluateItemYear(domain::FeeKind::kFree, c).verdict,
            domain::MarginVerdict::kFreeService);

  domain::ItemYearCounts none;
  f = domain::EvaluateItemYear(domain::FeeKind::kFixed, none);
  EXPECT_EQ(f.verdict, domain::MarginVerdict::kNoData);
  EXPECT_TRUE(f.necessity_check);
  none.lookups = 1;
  EXPECT_FALSE(
      domain::EvaluateItemYear(domain::FeeKind::kFree, none).necessity_check);
}

TEST(AnnualReview, LabourRoundsHalfUp) {
  EXPECT_EQ(domain::LabourCost(0), 0);
  EXPECT_EQ(domain::LabourCost(29), 0);
  EXPECT_EQ(domain::LabourCost(30), 1);
  EXPECT_EQ(domain::LabourCost(25 * 3333),
            1389);  // 25 min at 33.33/h = 13.8875
}

domain::PlanEntry EntryOf(domain::PlanAction action, int64_t item_id,
                          int64_t suggestion_id = 0) {
  domain::PlanEntry e;
  e.action = action;
  e.item_id = item_id;
  e.suggestion_id = suggestion_id;
  return e;
}

domain::ServicePlan PlanOf(std::vector<domain::PlanEntry> entries) {
  domain::ServicePlan p;
  p.year = 2027;
  p.title_zh = "計劃";
  p.title_en = "Plan";
  p.entries = std::move(entries);
  return p;
}

TEST(ServicePlans, Shape) {
  domain::PlanEntry keep = EntryOf(domain::PlanAction::kKeep, 1);
  domain::PlanEntry retire = EntryOf(domain::PlanAction::kRetire, 2);
  domain::PlanEntry reprice = EntryOf(domain::PlanAction::kReprice, 3);
  reprice.price = domain::Money{"CNY", 6000};
  reprice.effective_time = absl::FromUnixSeconds(2'000'000'000);
  domain::PlanEntry add = EntryOf(domain::PlanAction::kAdd, 0, 9);
  add.new_item.code = "BIKE_REPAIR";
  add.new_item.fee_kind = domain::FeeKind::kFree;
  EXPECT_THAT(domain::ValidatePlan(PlanOf({keep, retire, reprice, add}), 2026),
              IsOk());
  EXPECT_THAT(
      domain::ValidatePlan(PlanOf({keep}), 2025),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("plan.year")));
  EXPECT_THAT(
      domain::ValidatePlan(PlanOf({}), 2026),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("plan.entries")));
  EXPECT_THAT(domain::ValidatePlan(PlanOf({keep, retire, keep}), 2026),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("plan.entries[2].item")));
  domain::PlanEntry priced_keep = keep;
  priced_keep.price = domain::Money{"CNY", 100};
  EXPECT_THAT(domain::ValidatePlan(PlanOf({priced_keep}), 2026),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("plan.entries[0].price")));
  domain::PlanEntry bare_reprice = EntryOf(domain::PlanAction::kReprice, 3);
  EXPECT_THAT(domain::ValidatePlan(PlanOf({bare_reprice}), 2026),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("plan.entries[0].price")));
  domain::PlanEntry fixed_add = add;
  fixed_add.new_item.fee_kind = domain::FeeKind::kFixed;
  EXPECT_THAT(domain::ValidatePlan(PlanOf({fixed_add}), 2026),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("plan.entries[0].price")));
  domain::PlanEntry orphan_add = EntryOf(domain::PlanAction::kAdd, 0);
  EXPECT_THAT(domain::ValidatePlan(PlanOf({orphan_add}), 2026),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("plan.entries[0].suggestion")));
}

TEST(ServicePlans, ApprovedOnce) {
  domain::ServicePlan p = PlanOf({});
  EXPECT_THAT(domain::CheckPlanApprovable(p), IsOk());
  p.state = domain::PlanState::kApproved;
  EXPECT_THAT(
      domain::CheckPlanApprovable(p),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("APPROVED")));
  EXPECT_THAT(
      domain::EntryError(3, absl::NotFoundError("x")),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr("plan.entries[3]: x")));
}

// The register's outcome: each recorded follow-up falls in exactly one band,
// and the band the query uses is the one OutcomeOf answers.
TEST(FollowUpRegister, EveryRecordHasExactlyOneOutcome) {
  const domain::FollowUpOutcome all[] = {domain::FollowUpOutcome::kSatisfied,
                                         domain::FollowUpOutcome::kNeutral,
                                         domain::FollowUpOutcome::kDissatisfied,
                                         domain::FollowUpOutcome::kComplained};
  for (bool complained : {false, true}) {
    for (int satisfaction = 1; satisfaction <= 5; ++satisfaction) {
      domain::FollowUp f;
      f.state = domain::FollowUpState::kDone;
      f.satisfaction = satisfaction;
      f.complained = complained;
      int bands = 0;
      for (domain::FollowUpOutcome o : all) {
        const domain::OutcomeBand b = domain::BandOf(o);
        if (b.complained == complained && satisfaction >= b.min_satisfaction &&
            satisfaction <= b.max_satisfaction) {
          ++bands;
          EXPECT_EQ(domain::OutcomeOf(f), o);
        }
      }
      EXPECT_EQ(bands, 1) << satisfaction << " " << complained;
    }
  }
  domain::FollowUp pending;
  EXPECT_FALSE(domain::OutcomeOf(pending).has_value());
  EXPECT_EQ(
      domain::OutcomeOf(domain::FollowUp{.state = domain::FollowUpState::kDone,
                                         .satisfaction = 5,
                                         .complained = true}),
      domain::FollowUpOutcome::kComplained);
}

TEST(FollowUpRegister, SummaryCountsMethodsAndOutcomes) {
  const domain::RegisterSummary s =
      domain::SummarizeRegister({{domain::FollowUpMethod::kPhone, 5, false, 2},
                                 {domain::FollowUpMethod::kVisit, 3, false, 1},
                                 {domain::FollowUpMethod::kPhone, 2, true, 1}});
  EXPECT_EQ(s.recorded, 4);
  EXPECT_EQ(s.by_phone, 3);
  EXPECT_EQ(s.by_visit, 1);
  EXPECT_EQ(s.satisfied, 2);
  EXPECT_EQ(s.neutral, 1);
  EXPECT_EQ(s.complained, 1);
  EXPECT_EQ(s.dissatisfied, 0);
  EXPECT_DOUBLE_EQ(s.mean_satisfaction, 15.0 / 4);
  EXPECT_EQ(domain::SummarizeRegister({}).mean_satisfaction, 0);
}

}  // namespace
}  // namespace concierge
