// Quality through the real clients, on the demo's history: the supervisor's
// follow-up call hears a complaint, which is handled, escalated and resolved
// while the resident watches the outcome; praise, the report and an
// evaluation; a suggestion and the survey; the annual review and a plan that
// adds the residents' accepted suggestion to the catalogue.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "tests/e2e/server_process.h"

namespace concierge {
namespace {

using ::concierge::testing::CommandResult;
using ::concierge::testing::RunCommand;
using ::testing::HasSubstr;
using ::testing::Not;

class QualityE2ETest : public testing::ServerProcessTest {
 protected:
  // Loads the demo into a fresh test database and reads its tokens.
  void LoadDemo() {
    db_ = std::make_unique<testing::TestDatabase>();
    const std::string out = scratch_dir_ + "/demo.env";
    CommandResult demo = RunCommand(
        {CONCIERGE_SERVER_BIN, "demo", "--demo_out=" + out},
        {{"CONCIERGE_DATABASE_URL", db_->url()},
         {"CONCIERGE_ADMIN_TOKEN_FILE", scratch_dir_ + "/admin-token"}});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    for (absl::string_view line : absl::StrSplit(testing::ReadFileOrEmpty(out),
                                                 '\n', absl::SkipEmpty())) {
      const size_t eq = line.find('=');
      tokens_[std::string(line.substr(0, eq))] = std::string(
          absl::StripSuffix(absl::StripPrefix(line.substr(eq + 1), "'"), "'"));
    }
  }

  static std::string Id(const std::string& name) {
    return name.substr(name.rfind('/') + 1);
  }

  std::map<std::string, std::string> tokens_;
};

TEST_F(QualityE2ETest, FollowUpComplaintReportSurveyReviewAndPlan) {
  LoadDemo();
  StartServer(db_->url());
  const std::string manager = tokens_["RES_MANAGER_TOKEN"];
  const std::string supervisor = tokens_["RES_SUPERVISOR_TOKEN"];
  const std::string liu = tokens_["RESIDENT_TOKEN"];
  const std::string zhou = tokens_["RESIDENT2_TOKEN"];

  // The maintenance supervisor's call list: the demo's kettle repair.
  CommandResult due = Staff(supervisor, {"followups"});
  ASSERT_EQ(due.exit_code, 0) << due.err;
  EXPECT_THAT(due.out, HasSubstr("Follow-ups due"));
  EXPECT_THAT(due.out, HasSubstr("周先生 Mr Zhou"));
  CommandResult due_json = Staff(supervisor, {"followups", "--output", "json"});
  const std::string follow_up = JsonField(due_json.out, "name");
  ASSERT_FALSE(follow_up.empty()) << due_json.out;

  CommandResult usage =
      Staff(supervisor, {"followup", "record", Id(follow_up), "--method", "fax",
                         "--satisfaction", "3"});
  EXPECT_EQ(usage.exit_code, 2);
  CommandResult recorded = Staff(
      supervisor,
      {"followup", "record", Id(follow_up), "--method", "phone",
       "--satisfaction", "2", "--comment", "still unhappy", "--complaint",
       "Nobody told me it would take four days", "--category", "timeliness"});
  ASSERT_EQ(recorded.exit_code, 0) << recorded.err;
  EXPECT_THAT(recorded.out, HasSubstr("complaint recorded"));
  CommandResult again =
      Staff(supervisor, {"followup", "record", Id(follow_up), "--method",
                         "visit", "--satisfaction", "4"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err, HasSubstr("FAILED_PRECONDITION"));

  // The complaint: handled, escalated, resolved by the manager.
  CommandResult open =
      Staff(supervisor, {"complaints", "--state", "open", "--output", "json"});
  const std::string complaint = JsonField(open.out, "name");
  ASSERT_FALSE(complaint.empty()) << open.out;
  CommandResult listed = Staff(supervisor, {"complaints", "--lang", "zh"});
  EXPECT_THAT(listed.out, HasSubstr("待處理"));
  EXPECT_THAT(listed.out, HasSubstr("已解決")) << "the demo's settled one";
  EXPECT_EQ(Staff(supervisor, {"complaint", "update", Id(complaint), "--handle",
                               "--note", "called back"})
                .exit_code,
            0);
  CommandResult early = Staff(
      supervisor, {"complaint", "resolve", Id(complaint), "--resolution", "x"});
  EXPECT_EQ(early.exit_code, 0) << "in handling: the supervisor may resolve";
  // A resolved complaint cannot be escalated any more.
  CommandResult late =
      Staff(supervisor,
            {"complaint", "escalate", Id(complaint), "--reason", "too late"});
  EXPECT_EQ(late.exit_code, 1);
  EXPECT_THAT(late.err, HasSubstr("RESOLVED"));

  // Liu complains; it is escalated and the manager resolves it.
  CommandResult filed =
      Resident(liu, {"complain", "The worker left mud on the stairs",
                     "--category", "disturbance", "--output", "json"});
  ASSERT_EQ(filed.exit_code, 0) << filed.err;
  const std::string liu_complaint = JsonField(filed.out, "name");
  EXPECT_EQ(
      Staff(manager, {"complaint", "update", Id(liu_complaint), "--handle"})
          .exit_code,
      0);
  CommandResult not_mine = Staff(
      supervisor,
      {"complaint", "escalate", Id(liu_complaint), "--reason", "not ours"});
  EXPECT_EQ(not_mine.exit_code, 1);
  EXPECT_THAT(not_mine.err, HasSubstr("PERMISSION_DENIED"));
  CommandResult resolved =
      Staff(manager, {"complaint", "resolve", Id(liu_complaint), "--resolution",
                      "Stairs cleaned; boots covers from now on"});
  EXPECT_EQ(resolved.exit_code, 0) << resolved.err;
  CommandResult shown =
      Staff(manager, {"complaint", "show", Id(liu_complaint)});
  EXPECT_THAT(shown.out, HasSubstr("RESOLVE"));
  CommandResult outcome = Resident(liu, {"complaints"});
  EXPECT_THAT(outcome.out, HasSubstr("boots covers from now on"));
  EXPECT_THAT(Resident(zhou, {"complaints"}).out,
              Not(HasSubstr("mud on the stairs")));

  // Praise, the report and an evaluation.
  CommandResult plumbers = Staff(
      supervisor, {"staff", "list", "--role", "staff", "--output", "json"});
  const std::string plumber = JsonField(plumbers.out, "name");
  ASSERT_FALSE(plumber.empty()) << plumbers.out;
  CommandResult praised =
      Staff(tokens_["RES_RECEPTION_TOKEN"],
            {"praise", "--staff", Id(plumber), "--source", "resident-letter",
             "--text", "Came back to check the tap", "--from", "Ms Liu"});
  EXPECT_EQ(praised.exit_code, 0) << praised.err;
  CommandResult report =
      Staff(manager, {"report", "--department", "MAINTENANCE"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_THAT(report.out, HasSubstr("Mean satisfaction"));
  EXPECT_THAT(report.out, HasSubstr("Follow-up coverage"));
  CommandResult evaluated =
      Staff(manager, {"evaluate", "--staff", Id(plumber), "--score", "90",
                      "--note", "Careful work"});
  ASSERT_EQ(evaluated.exit_code, 0) << evaluated.err;
  EXPECT_THAT(evaluated.out, HasSubstr("90/100"));
  EXPECT_THAT(Staff(manager, {"evaluations"}).out, HasSubstr("Careful work"));

  // The survey: Liu answers, then changes her answer.
  CommandResult survey = Resident(liu, {"survey"});
  EXPECT_THAT(survey.out, HasSubstr("Resident satisfaction survey"));
  EXPECT_EQ(
      Resident(liu, {"survey", "1", "--answers", "0=3;2=A gym"}).exit_code, 0);
  CommandResult changed =
      Resident(liu, {"survey", "1", "--answers", "0=5;1=4;2=A gym, please"});
  EXPECT_EQ(changed.exit_code, 0) << changed.err;
  CommandResult results = Staff(manager, {"survey", "results", "1"});
  EXPECT_THAT(results.out, HasSubstr("100.0% (2/2)"));
  EXPECT_THAT(results.out, HasSubstr("A gym, please"));
  EXPECT_THAT(results.out, Not(HasSubstr("- A gym\n")));

  // The review and the plan: the demo's accepted suggestion becomes an item.
  absl::TimeZone shanghai;
  ASSERT_TRUE(absl::LoadTimeZone("Asia/Shanghai", &shanghai));
  const int64_t year = absl::ToCivilYear(absl::Now(), shanghai).year();
  CommandResult review = Staff(manager, {"review", absl::StrCat(year)});
  ASSERT_EQ(review.exit_code, 0) << review.err;
  EXPECT_THAT(review.out, HasSubstr("OUTSIDE_SMALL_REPAIRS"));
  EXPECT_THAT(review.out, HasSubstr("unused: necessity?"));
  CommandResult accepted = Staff(
      manager, {"suggestions", "--state", "accepted", "--output", "json"});
  const std::string bike = JsonField(accepted.out, "name");
  ASSERT_FALSE(bike.empty()) << accepted.out;
  CommandResult plan = Staff(
      manager,
      {"plan", "create", "--year", absl::StrCat(year + 1), "--retire",
       "WEDDING_FLOWERS", "--add",
       absl::StrCat(Id(bike),
                    ":BIKE_REPAIR:free:MAINTENANCE:單車維修:Bicycle repair"),
       "--output", "json"});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  const std::string plan_name = JsonField(plan.out, "name");
  CommandResult approved = Staff(manager, {"plan", "approve", Id(plan_name)});
  ASSERT_EQ(approved.exit_code, 0) << approved.err;
  EXPECT_THAT(approved.out, HasSubstr("announce publish"));
  CommandResult plan_json =
      Staff(manager, {"plan", "show", Id(plan_name), "--output", "json"});
  const std::string announcement = JsonField(plan_json.out, "announcement");
  ASSERT_FALSE(announcement.empty()) << plan_json.out;
  EXPECT_THAT(Resident(liu, {"catalog"}).out, Not(HasSubstr("Bicycle repair")));
  CommandResult published =
      Staff(manager, {"announce", "publish", Id(announcement)});
  ASSERT_EQ(published.exit_code, 0) << published.err;
  EXPECT_THAT(Resident(liu, {"catalog"}).out, HasSubstr("Bicycle repair"));
  EXPECT_THAT(Resident(liu, {"suggestions"}).out, HasSubstr("adopted"));
}

}  // namespace
}  // namespace concierge
