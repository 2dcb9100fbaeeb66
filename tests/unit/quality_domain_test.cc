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

using CS = ComplaintState;
using CA = ComplaintAction;
using R = Relation;

constexpr CS kAllStates[] = {CS::kOpen, CS::kInHandling, CS::kEscalated,
                             CS::kResolved};
constexpr CA kAllMoves[] = {CA::kHandle, CA::kEscalate, CA::kResolve};

const Relations kSupervisor{R::kDeptSupervisor};
const Relations kManager{R::kManager};
const Relations kResident{R::kResident};

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
    SCOPED_TRACE(absl::StrCat(Name(l.from), " ", Name(l.action)));
    auto by_supervisor = DecideComplaint(l.from, l.action, kSupervisor);
    auto by_manager = DecideComplaint(l.from, l.action, kManager);
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
      SCOPED_TRACE(absl::StrCat(Name(from), " ", Name(action)));
      EXPECT_THAT(
          DecideComplaint(from, action, {R::kDeptSupervisor, R::kManager}),
          StatusIs(absl::StatusCode::kFailedPrecondition,
                   HasSubstr(std::string(Name(from)))));
    }
  }
}

TEST(ComplaintStateMachine, EscalatedComplaintsAreTheManagersAlone) {
  // A supervisor never resolves what went to the manager, whatever the state.
  EXPECT_THAT(
      DecideComplaint(CS::kEscalated, CA::kResolve, kSupervisor),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("ESCALATED")));
  // The manager does not escalate to himself: never allowed.
  EXPECT_THAT(
      DecideComplaint(CS::kOpen, CA::kEscalate, kManager),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("ESCALATE")));
  // Residents move nothing.
  for (CA action : kAllMoves) {
    EXPECT_THAT(DecideComplaint(CS::kOpen, action, kResident),
                StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("")));
  }
}

TEST(ComplaintStateMachine, MajorComplaintsStartEscalated) {
  EXPECT_EQ(InitialComplaintState(ComplaintSeverity::kMajor), CS::kEscalated);
  EXPECT_EQ(InitialComplaintState(ComplaintSeverity::kMinor), CS::kOpen);
}

TEST(ComplaintStateMachine, NotesUntilResolved) {
  EXPECT_THAT(DecideComplaint(CS::kInHandling, CA::kNote, kSupervisor), IsOk());
  EXPECT_EQ(*DecideComplaint(CS::kEscalated, CA::kNote, kManager),
            CS::kEscalated);
  EXPECT_THAT(
      DecideComplaint(CS::kResolved, CA::kNote, kManager),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("RESOLVED")));
  EXPECT_THAT(DecideComplaint(CS::kOpen, CA::kNote, kResident),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("note")));
}

TEST(ComplaintUpdate, EachActionNeedsItsText) {
  EXPECT_THAT(ValidateComplaintUpdate(CA::kEscalate, "", ""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("note")));
  EXPECT_THAT(
      ValidateComplaintUpdate(CA::kResolve, "", ""),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("resolution")));
  EXPECT_THAT(
      ValidateComplaintUpdate(CA::kHandle, "", "fixed"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("resolution")));
  EXPECT_THAT(ValidateComplaintUpdate(CA::kNote, "", ""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("note")));
  EXPECT_THAT(ValidateComplaintUpdate(CA::kHandle, "", ""), IsOk());
  EXPECT_THAT(ValidateComplaintUpdate(CA::kResolve, "", "Re-done for free"),
              IsOk());
}

TEST(FollowUps, DueTheItemsDelayAfterCompletion) {
  ServiceItem item;
  item.follow_up_delay = absl::Hours(48);
  ServiceRequest r;
  r.id = 7;
  r.site_id = 1;
  r.department_id = 3;
  const absl::Time done = absl::FromUnixSeconds(1'800'000'000);
  r.complete_time = done;
  FollowUp f = ScheduleFollowUp(r, item);
  EXPECT_EQ(f.request_id, 7);
  EXPECT_EQ(f.department_id, 3);
  EXPECT_EQ(f.due_time, done + absl::Hours(48));
  EXPECT_EQ(f.state, FollowUpState::kPending);
  // The default delay is three days.
  EXPECT_EQ(ScheduleFollowUp(r, ServiceItem{}).due_time,
            done + absl::Hours(72));
}

TEST(FollowUps, OnTimeMeansRecordedByTheDueTime) {
  FollowUp f;
  f.due_time = absl::FromUnixSeconds(1000);
  EXPECT_FALSE(FollowUpOnTime(f));
  f.state = FollowUpState::kDone;
  f.record_time = absl::FromUnixSeconds(1000);
  EXPECT_TRUE(FollowUpOnTime(f));
  f.record_time = absl::FromUnixSeconds(1001);
  EXPECT_FALSE(FollowUpOnTime(f));
}

TEST(FollowUps, SatisfactionIsOneToFive) {
  EXPECT_THAT(
      ValidateFollowUpRecord(0, ""),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("satisfaction")));
  EXPECT_THAT(
      ValidateFollowUpRecord(6, ""),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("satisfaction")));
  EXPECT_THAT(ValidateFollowUpRecord(5, "very happy"), IsOk());
  EXPECT_THAT(
      ValidateFollowUpRecord(3, std::string("bad\x01", 4)),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("comment")));
}

TEST(QualityReport, RatesFromCounts) {
  QualityCounts c;
  c.completed = 4;
  c.with_target = 3;
  c.on_time = 2;
  c.satisfaction_count = 3;
  c.satisfaction_sum = 11;
  c.follow_ups_due = 4;
  c.follow_ups_on_time = 3;
  const QualityReport r = MakeQualityReport({1, 0, 0}, absl::UnixEpoch(),
                                            absl::UnixEpoch() + absl::Hours(24),
                                            absl::UnixEpoch(), c);
  EXPECT_DOUBLE_EQ(r.on_time_rate, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(r.mean_satisfaction, 11.0 / 3.0);
  EXPECT_DOUBLE_EQ(r.follow_up_coverage, 0.75);
  // Nothing to divide by: 0, never NaN.
  const QualityReport empty =
      MakeQualityReport({1, 0, 0}, absl::UnixEpoch(), absl::UnixEpoch(),
                        absl::UnixEpoch(), QualityCounts{});
  EXPECT_EQ(empty.on_time_rate, 0);
  EXPECT_EQ(empty.mean_satisfaction, 0);
  EXPECT_EQ(empty.follow_up_coverage, 0);
}

TEST(QualityReport, OnTimeAgainstTheCompletionTarget) {
  const absl::Time due = absl::FromUnixSeconds(5000);
  EXPECT_EQ(CompletedOnTime(due, due), true);
  EXPECT_EQ(CompletedOnTime(due + absl::Seconds(1), due), false);
  EXPECT_EQ(CompletedOnTime(due, std::nullopt), std::nullopt);
}

TEST(QualityReport, Periods) {
  const absl::Time t = absl::FromUnixSeconds(1'800'000'000);
  EXPECT_THAT(
      ValidateReportPeriod(t, t),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("end_time")));
  EXPECT_THAT(ValidateReportPeriod(t, t + absl::Hours(24 * 367)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("366")));
  EXPECT_THAT(ValidateReportPeriod(t, t + absl::Hours(24 * 31)), IsOk());
}

TEST(Evaluations, OneSubjectAndAScore) {
  Evaluation e;
  e.start = absl::FromUnixSeconds(0);
  e.end = e.start + absl::Hours(24);
  e.score = 80;
  EXPECT_THAT(ValidateEvaluation(e),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("evaluation.subject")));
  e.staff_id = 3;
  e.department_id = 2;
  EXPECT_THAT(ValidateEvaluation(e),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("evaluation.subject")));
  e.department_id = 0;
  EXPECT_THAT(ValidateEvaluation(e), IsOk());
  e.score = 101;
  EXPECT_THAT(ValidateEvaluation(e),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("evaluation.score")));
}

TEST(Suggestions, TriageAndAdoption) {
  using S = SuggestionState;
  using A = SuggestionAction;
  EXPECT_EQ(*NextSuggestionState(S::kSubmitted, A::kAccept), S::kAccepted);
  EXPECT_EQ(*NextSuggestionState(S::kSubmitted, A::kDecline), S::kDeclined);
  EXPECT_EQ(*NextSuggestionState(S::kAccepted, A::kAdopt), S::kAdopted);
  EXPECT_THAT(
      NextSuggestionState(S::kSubmitted, A::kAdopt),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("SUBMITTED")));
  EXPECT_THAT(
      NextSuggestionState(S::kDeclined, A::kAccept),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("DECLINED")));
  EXPECT_THAT(
      NextSuggestionState(S::kAdopted, A::kAdopt),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("ADOPTED")));
  Suggestion s;
  s.household_id = 1;
  s.kind = SuggestionKind::kChange;
  s.text = "Open the umbrella stand on weekends";
  EXPECT_THAT(ValidateSuggestion(s),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("suggestion.item")));
  s.item_id = 39;
  EXPECT_THAT(ValidateSuggestion(s), IsOk());
}

Survey TwoQuestionSurvey() {
  Survey s;
  s.title_zh = "滿意率調查";
  s.title_en = "Satisfaction survey";
  s.questions = {
      {"總體滿意度", "Overall satisfaction", QuestionKind::kScale, 0},
      {"意見", "Comments", QuestionKind::kText, 0}};
  s.open_time = absl::FromUnixSeconds(1000);
  s.close_time = absl::FromUnixSeconds(2000);
  return s;
}

TEST(Surveys, OpenUntilClose) {
  const Survey s = TwoQuestionSurvey();
  EXPECT_THAT(
      CheckSurveyAcceptsResponses(s, absl::FromUnixSeconds(999)),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("not open")));
  EXPECT_THAT(CheckSurveyAcceptsResponses(s, absl::FromUnixSeconds(1000)),
              IsOk());
  EXPECT_THAT(CheckSurveyAcceptsResponses(s, absl::FromUnixSeconds(1999)),
              IsOk());
  EXPECT_THAT(
      CheckSurveyAcceptsResponses(s, absl::FromUnixSeconds(2000)),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("closed")));
}

TEST(Surveys, AnswersMatchTheQuestions) {
  const Survey s = TwoQuestionSurvey();
  EXPECT_THAT(
      ValidateSurveyAnswers(s, {}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("answers")));
  EXPECT_THAT(ValidateSurveyAnswers(s, {{0, 6, ""}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("answers[0].score")));
  EXPECT_THAT(ValidateSurveyAnswers(s, {{1, 3, "nice"}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("answers[0].score")));
  EXPECT_THAT(ValidateSurveyAnswers(s, {{2, 3, ""}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("answers[0].question")));
  EXPECT_THAT(ValidateSurveyAnswers(s, {{0, 4, ""}, {0, 5, ""}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("answers[1].question")));
  EXPECT_THAT(ValidateSurveyAnswers(s, {{0, 4, ""}, {1, 0, "More benches"}}),
              IsOk());
}

TEST(Surveys, Validation) {
  Survey s = TwoQuestionSurvey();
  EXPECT_THAT(ValidateSurvey(s, absl::FromUnixSeconds(500)), IsOk());
  EXPECT_THAT(ValidateSurvey(s, absl::FromUnixSeconds(2000)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("survey.close_time")));
  s.questions[1].text_en = "";
  EXPECT_THAT(ValidateSurvey(s, absl::FromUnixSeconds(500)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("survey.questions[1].text")));
  s.questions.clear();
  EXPECT_THAT(ValidateSurvey(s, absl::FromUnixSeconds(500)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("survey.questions")));
}

TEST(Surveys, SummaryPerQuestion) {
  const Survey s = TwoQuestionSurvey();
  const auto results =
      SummarizeSurvey(s, {{{0, 1, 0, 2, 1}}, {{0, 0, 0, 0, 0}}},
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
  const YearBounds y = YearIn(2025, shanghai);
  // Midnight of 1 January in Shanghai is 16:00 UTC the day before.
  EXPECT_EQ(y.start, absl::FromCivil(absl::CivilSecond(2024, 12, 31, 16, 0, 0),
                                     absl::UTCTimeZone()));
  EXPECT_EQ(y.end, absl::FromCivil(absl::CivilSecond(2025, 12, 31, 16, 0, 0),
                                   absl::UTCTimeZone()));
  EXPECT_EQ(YearOf(y.end - absl::Seconds(1), shanghai), 2025);
  EXPECT_EQ(YearOf(y.end, shanghai), 2026);
  EXPECT_THAT(ValidateReviewYear(1999),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("year")));
}

TEST(AnnualReview, CostMarginAndTheBreakEvenBand) {
  // 3 requests: 90 minutes at 40.00/h, materials 5.00; settled 3 x 30.00.
  ItemYearCounts c;
  c.requests = 3;
  c.completed = 3;
  c.minute_rate_sum = 90 * 4000;
  c.materials_minor = 500;
  c.revenue_minor = 9000;
  ItemYearFigures f = EvaluateItemYear(FeeKind::kFixed, c);
  EXPECT_EQ(f.labour_minor, 6000);
  EXPECT_EQ(f.cost_minor, 6500);
  EXPECT_EQ(f.margin_minor, 2500);
  EXPECT_EQ(f.markup_basis_points, 3846);  // 2500 / 6500 = 38.46 %
  EXPECT_EQ(f.verdict, MarginVerdict::kFarAboveCost);

  c.revenue_minor = 7800;  // exactly 20 % above cost
  EXPECT_EQ(EvaluateItemYear(FeeKind::kFixed, c).verdict,
            MarginVerdict::kSmallProfit);
  c.revenue_minor = 6500 * 13 / 10;  // exactly 30 %: still small profit
  EXPECT_EQ(EvaluateItemYear(FeeKind::kFixed, c).verdict,
            MarginVerdict::kSmallProfit);
  c.revenue_minor = 6500 * 13 / 10 + 1;
  EXPECT_EQ(EvaluateItemYear(FeeKind::kFixed, c).verdict,
            MarginVerdict::kFarAboveCost);
  c.revenue_minor = 6000;
  f = EvaluateItemYear(FeeKind::kQuoted, c);
  EXPECT_EQ(f.verdict, MarginVerdict::kBelowCost);
  EXPECT_EQ(f.margin_minor, -500);
  EXPECT_EQ(EvaluateItemYear(FeeKind::kFree, c).verdict,
            MarginVerdict::kFreeService);

  ItemYearCounts none;
  f = EvaluateItemYear(FeeKind::kFixed, none);
  EXPECT_EQ(f.verdict, MarginVerdict::kNoData);
  EXPECT_TRUE(f.necessity_check);
  none.lookups = 1;
  EXPECT_FALSE(EvaluateItemYear(FeeKind::kFree, none).necessity_check);
}

TEST(AnnualReview, LabourRoundsHalfUp) {
  EXPECT_EQ(LabourCost(0), 0);
  EXPECT_EQ(LabourCost(29), 0);
  EXPECT_EQ(LabourCost(30), 1);
  EXPECT_EQ(LabourCost(25 * 3333), 1389);  // 25 min at 33.33/h = 13.8875
}

PlanEntry EntryOf(PlanAction action, int64_t item_id,
                  int64_t suggestion_id = 0) {
  PlanEntry e;
  e.action = action;
  e.item_id = item_id;
  e.suggestion_id = suggestion_id;
  return e;
}

ServicePlan PlanOf(std::vector<PlanEntry> entries) {
  ServicePlan p;
  p.year = 2027;
  p.title_zh = "計劃";
  p.title_en = "Plan";
  p.entries = std::move(entries);
  return p;
}

TEST(ServicePlans, Shape) {
  PlanEntry keep = EntryOf(PlanAction::kKeep, 1);
  PlanEntry retire = EntryOf(PlanAction::kRetire, 2);
  PlanEntry reprice = EntryOf(PlanAction::kReprice, 3);
  reprice.price = Money{"CNY", 6000};
  reprice.effective_time = absl::FromUnixSeconds(2'000'000'000);
  PlanEntry add = EntryOf(PlanAction::kAdd, 0, 9);
  add.new_item.code = "BIKE_REPAIR";
  add.new_item.fee_kind = FeeKind::kFree;
  EXPECT_THAT(ValidatePlan(PlanOf({keep, retire, reprice, add}), 2026), IsOk());
  EXPECT_THAT(
      ValidatePlan(PlanOf({keep}), 2025),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("plan.year")));
  EXPECT_THAT(
      ValidatePlan(PlanOf({}), 2026),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("plan.entries")));
  EXPECT_THAT(ValidatePlan(PlanOf({keep, retire, keep}), 2026),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("plan.entries[2].item")));
  PlanEntry priced_keep = keep;
  priced_keep.price = Money{"CNY", 100};
  EXPECT_THAT(ValidatePlan(PlanOf({priced_keep}), 2026),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("plan.entries[0].price")));
  PlanEntry bare_reprice = EntryOf(PlanAction::kReprice, 3);
  EXPECT_THAT(ValidatePlan(PlanOf({bare_reprice}), 2026),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("plan.entries[0].price")));
  PlanEntry fixed_add = add;
  fixed_add.new_item.fee_kind = FeeKind::kFixed;
  EXPECT_THAT(ValidatePlan(PlanOf({fixed_add}), 2026),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("plan.entries[0].price")));
  PlanEntry orphan_add = EntryOf(PlanAction::kAdd, 0);
  EXPECT_THAT(ValidatePlan(PlanOf({orphan_add}), 2026),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("plan.entries[0].suggestion")));
}

TEST(ServicePlans, ApprovedOnce) {
  ServicePlan p = PlanOf({});
  EXPECT_THAT(CheckPlanApprovable(p), IsOk());
  p.state = PlanState::kApproved;
  EXPECT_THAT(
      CheckPlanApprovable(p),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("APPROVED")));
  EXPECT_THAT(
      EntryError(3, absl::NotFoundError("x")),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr("plan.entries[3]: x")));
}

// The register's outcome: each recorded follow-up falls in exactly one band,
// and the band the query uses is the one OutcomeOf answers.
TEST(FollowUpRegister, EveryRecordHasExactlyOneOutcome) {
  const FollowUpOutcome all[] = {
      FollowUpOutcome::kSatisfied, FollowUpOutcome::kNeutral,
      FollowUpOutcome::kDissatisfied, FollowUpOutcome::kComplained};
  for (bool complained : {false, true}) {
    for (int satisfaction = 1; satisfaction <= 5; ++satisfaction) {
      FollowUp f;
      f.state = FollowUpState::kDone;
      f.satisfaction = satisfaction;
      f.complained = complained;
      int bands = 0;
      for (FollowUpOutcome o : all) {
        const OutcomeBand b = BandOf(o);
        if (b.complained == complained && satisfaction >= b.min_satisfaction &&
            satisfaction <= b.max_satisfaction) {
          ++bands;
          EXPECT_EQ(OutcomeOf(f), o);
        }
      }
      EXPECT_EQ(bands, 1) << satisfaction << " " << complained;
    }
  }
  FollowUp pending;
  EXPECT_FALSE(OutcomeOf(pending).has_value());
  EXPECT_EQ(OutcomeOf(FollowUp{.state = FollowUpState::kDone,
                               .satisfaction = 5,
                               .complained = true}),
            FollowUpOutcome::kComplained);
}

TEST(FollowUpRegister, SummaryCountsMethodsAndOutcomes) {
  const RegisterSummary s =
      SummarizeRegister({{FollowUpMethod::kPhone, 5, false, 2},
                         {FollowUpMethod::kVisit, 3, false, 1},
                         {FollowUpMethod::kPhone, 2, true, 1}});
  EXPECT_EQ(s.recorded, 4);
  EXPECT_EQ(s.by_phone, 3);
  EXPECT_EQ(s.by_visit, 1);
  EXPECT_EQ(s.satisfied, 2);
  EXPECT_EQ(s.neutral, 1);
  EXPECT_EQ(s.complained, 1);
  EXPECT_EQ(s.dissatisfied, 0);
  EXPECT_DOUBLE_EQ(s.mean_satisfaction, 15.0 / 4);
  EXPECT_EQ(SummarizeRegister({}).mean_satisfaction, 0);
}

}  // namespace
}  // namespace concierge
