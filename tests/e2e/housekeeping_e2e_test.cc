// The housekeeping handheld through the real binaries on the demo hotel:
// the attendant's day, observations with their suggestions and why, the
// minibar restocked free and counted (charging what was drunk), a manager's
// new rule used at once, an action above
// the attendant's limit approved by the supervisor, a handover and the
// front desk's queue.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "tests/e2e/server_process.h"
#include "tests/support/test_database.h"

namespace concierge {
namespace {

using ::concierge::testing::CommandResult;
using ::concierge::testing::ReadFileOrEmpty;
using ::concierge::testing::RunCommand;
using ::testing::HasSubstr;
using ::testing::Not;

class HousekeepingE2ETest : public testing::ServerProcessTest {
 protected:
  // The action id the handheld printed for `title` ("#12 Spa voucher").
  static std::string ActionId(const std::string& out,
                              const std::string& title) {
    std::smatch match;
    const std::regex pattern("#([0-9]+) " + title);
    if (!std::regex_search(out, match, pattern)) return "";
    return match[1];
  }
};

TEST_F(HousekeepingE2ETest, TheDemoAttendantsDayOnTheHandheld) {
  db_ = std::make_unique<testing::TestDatabase>();
  std::map<std::string, std::string> demo = RunDemo();
  // A second run keeps the rooms and refreshes today's assignment.
  demo = RunDemo();
  EXPECT_EQ(testing::QueryValue(db_->url(), "SELECT count(*) FROM rooms"),
            "23");
  StartServer(db_->url());
  const std::string attendant = demo["HOTEL_ATTENDANT_TOKEN"];
  const std::string supervisor = demo["HOTEL_HK_SUPERVISOR_TOKEN"];
  const std::string manager = demo["HOTEL_MANAGER_TOKEN"];
  const std::string desk = demo["HOTEL_FRONT_DESK_TOKEN"];
  ASSERT_FALSE(attendant.empty());

  // The day: the rooms, guests first-named, the standing checklist.
  CommandResult rooms = Housekeeping(attendant, {"rooms"});
  ASSERT_EQ(rooms.exit_code, 0) << rooms.err;
  EXPECT_THAT(rooms.out, HasSubstr("5 room(s)"));
  EXPECT_THAT(rooms.out, HasSubstr("1201  vacant"));
  EXPECT_THAT(rooms.out, HasSubstr("1203  occupied  Mr Wang  VIP 3"));
  EXPECT_THAT(rooms.out,
              HasSubstr("[ ] Turndown: leave a gap in the curtains"));
  EXPECT_THAT(rooms.out, HasSubstr("1508  occupied  Ms Li"));
  EXPECT_THAT(rooms.out, HasSubstr("[ ] Place a baby crib"));
  EXPECT_THAT(rooms.out, Not(HasSubstr("138")));  // never a phone number
  CommandResult zh = Housekeeping(attendant, {"--lang", "zh", "rooms"});
  ASSERT_EQ(zh.exit_code, 0) << zh.err;
  EXPECT_THAT(zh.out, HasSubstr("5 間房"));
  EXPECT_THAT(zh.out, HasSubstr("夜床：窗簾留一道縫"));

  // Observations: the suggestions with why, the note on the profile.
  CommandResult cold =
      Housekeeping(attendant, {"observe", "1203", "USED_TISSUES_MANY", "AC_OFF",
                               "--note", "Sneezing at breakfast"});
  ASSERT_EQ(cold.exit_code, 0) << cold.err;
  EXPECT_THAT(cold.out, HasSubstr("1203  4 suggestion(s)"));
  EXPECT_THAT(cold.out, HasSubstr("Add a box of tissues"));
  EXPECT_THAT(cold.out,
              HasSubstr("why: Many tissues used [USED_TISSUES_MANY]"));
  EXPECT_THAT(cold.out, HasSubstr("[USED_TISSUES_MANY, AC_OFF]"));
  EXPECT_THAT(cold.out, HasSubstr("Note recorded on the profile"));

  // Opened drinks: the minibar is restocked and nothing is charged (the
  // bottles may be the guest's own); a count charges what was drunk.
  CommandResult drinks =
      Housekeeping(attendant, {"observe", "1203", "opened_drinks(2)"});
  ASSERT_EQ(drinks.exit_code, 0) << drinks.err;
  EXPECT_THAT(drinks.out,
              HasSubstr("Restock the minibar (charged when consumed) x2\n"));
  EXPECT_THAT(drinks.out, Not(HasSubstr("sale")));
  const std::string minibar = ActionId(drinks.out, "Restock the minibar");
  ASSERT_FALSE(minibar.empty()) << drinks.out;
  CommandResult added = Housekeeping(attendant, {"done", minibar});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_THAT(added.out, HasSubstr("added to the minibar: 2 x BEER"));
  EXPECT_THAT(added.out, Not(HasSubstr("charged to the stay")));
  // The demo counted 2 beers at arrival; with 2 added it should hold 4.
  CommandResult before_count = Housekeeping(attendant, {"room", "1203"});
  ASSERT_EQ(before_count.exit_code, 0) << before_count.err;
  EXPECT_THAT(before_count.out,
              HasSubstr("Minibar should hold: BEER 4, SOFT_DRINK 2, "
                        "MINERAL_WATER 2"));
  CommandResult counted =
      Housekeeping(attendant, {"minibar", "1203", "beer=1", "MINERAL_WATER=2"});
  ASSERT_EQ(counted.exit_code, 0) << counted.err;
  EXPECT_THAT(counted.out, HasSubstr("Beer  4 -> 1  consumed 3  ¥45.00"));
  EXPECT_THAT(counted.out, HasSubstr("Mineral water  2 -> 2\n"));
  EXPECT_THAT(counted.out, HasSubstr("charged to the stay: ¥45.00"));
  CommandResult recount =
      Housekeeping(attendant, {"minibar", "1203", "BEER=1"});
  ASSERT_EQ(recount.exit_code, 0) << recount.err;
  EXPECT_THAT(recount.out, HasSubstr("nothing to charge"));
  EXPECT_EQ(Housekeeping(attendant, {"minibar", "1203", "BEER"}).exit_code, 2);
  CommandResult whisky =
      Housekeeping(attendant, {"minibar", "1203", "WHISKY=1"});
  EXPECT_EQ(whisky.exit_code, 1);
  EXPECT_THAT(whisky.err, HasSubstr("INVALID_ARGUMENT"));
  // The front desk counts a minibar at checkout with the staff terminal.
  CommandResult checkout =
      Staff(desk, {"minibar", "1508", "SOFT_DRINK=0", "BEER=2"});
  ASSERT_EQ(checkout.exit_code, 0) << checkout.err;
  EXPECT_THAT(checkout.out, HasSubstr("Soft drink  2 -> 0  consumed 2"));
  EXPECT_THAT(checkout.out, HasSubstr("charged to the stay: ¥20.00"));
  EXPECT_EQ(testing::QueryValue(db_->url(),
                                "SELECT sum(amount_minor) FROM "
                                "guest_consumption WHERE kind = 'MINIBAR'"),
            "6500");

  // Typos are the server's to refuse, malformed numbers the client's.
  CommandResult typo = Housekeeping(attendant, {"observe", "1203", "AC_OF"});
  EXPECT_EQ(typo.exit_code, 1);
  EXPECT_THAT(typo.err, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(typo.err, HasSubstr("\"AC_OF\""));
  CommandResult number =
      Housekeeping(attendant, {"observe", "1203", "AC_SETPOINT(warm)"});
  EXPECT_EQ(number.exit_code, 2);

  // The manager adds a code, an action and a rule; it works at once.
  CommandResult rule = Staff(
      manager, {"rules", "create", "STRESSED_GUEST", "--all", "STRESS_SIGNS",
                "--then", "SPA_VOUCHER", "--title-zh", "客人壓力大",
                "--title-en", "The guest seems stressed", "--new-observation",
                "STRESS_SIGNS|壓力跡象|Signs of stress", "--new-action",
                "SPA_VOUCHER|水療券|Spa voucher|housekeeping|500.00"});
  ASSERT_EQ(rule.exit_code, 0) << rule.err;
  EXPECT_THAT(rule.out, HasSubstr("STRESSED_GUEST"));
  CommandResult stressed =
      Housekeeping(attendant, {"observe", "1203", "STRESS_SIGNS"});
  ASSERT_EQ(stressed.exit_code, 0) << stressed.err;
  EXPECT_THAT(stressed.out,
              HasSubstr("Spa voucher  [NEEDS APPROVAL, ¥500.00, until "));
  const std::string voucher = ActionId(stressed.out, "Spa voucher");
  ASSERT_FALSE(voucher.empty()) << stressed.out;

  // Above the attendant's limit: not before the supervisor approves.
  CommandResult early = Housekeeping(attendant, {"done", voucher});
  EXPECT_EQ(early.exit_code, 1);
  EXPECT_THAT(early.err, HasSubstr("FAILED_PRECONDITION"));
  CommandResult not_mine = Housekeeping(attendant, {"approve", voucher});
  EXPECT_EQ(not_mine.exit_code, 1);
  EXPECT_THAT(not_mine.err, HasSubstr("PERMISSION_DENIED"));
  CommandResult queue = Housekeeping(supervisor, {"approvals"});
  ASSERT_EQ(queue.exit_code, 0) << queue.err;
  EXPECT_THAT(queue.out, HasSubstr("#" + voucher + " Spa voucher"));
  CommandResult approved = Housekeeping(supervisor, {"approve", voucher});
  ASSERT_EQ(approved.exit_code, 0) << approved.err;
  EXPECT_THAT(approved.out, HasSubstr("[approved, ¥500.00, until "));
  CommandResult given = Housekeeping(attendant, {"done", voucher});
  ASSERT_EQ(given.exit_code, 0) << given.err;
  EXPECT_THAT(given.out, HasSubstr("[done, ¥500.00]"));
  // The supervisor's day: the voucher among today's actions, done.
  CommandResult day = Housekeeping(supervisor, {"day-actions"});
  ASSERT_EQ(day.exit_code, 0) << day.err;
  EXPECT_THAT(day.out, HasSubstr("#" + voucher + " Spa voucher"));
  EXPECT_THAT(day.out, HasSubstr("[done, ¥500.00]"));
  EXPECT_EQ(Housekeeping(attendant, {"day-actions"}).exit_code, 1);

  // The room now: the brief, the checklist, what is still open.
  CommandResult room = Housekeeping(attendant, {"room", "1203"});
  ASSERT_EQ(room.exit_code, 0) << room.err;
  EXPECT_THAT(room.out, HasSubstr("1203  Mr Wang  VIP 3"));
  EXPECT_THAT(room.out, HasSubstr("Sneezing at breakfast"));
  EXPECT_THAT(room.out, HasSubstr("Checklist:"));
  EXPECT_THAT(room.out,
              HasSubstr("why: The guest likes a gap in the curtains"));
  EXPECT_THAT(room.out, HasSubstr("Open actions:"));
  EXPECT_THAT(room.out, HasSubstr("Boil water"));
  EXPECT_THAT(room.out, Not(HasSubstr("Spa voucher")));

  // Skipping needs a reason.
  const std::string water = ActionId(cold.out, "Boil water");
  ASSERT_FALSE(water.empty());
  EXPECT_EQ(Housekeeping(attendant, {"skip", water}).exit_code, 2);
  CommandResult skipped = Housekeeping(
      attendant, {"skip", water, "--reason", "Guest has a kettle going"});
  ASSERT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_THAT(skipped.out, HasSubstr("[skipped]"));

  // A handover note for the evening shift.
  CommandResult handover = Housekeeping(
      attendant, {"handover", "1508", "Crib", "needs", "a", "fresh", "sheet"});
  ASSERT_EQ(handover.exit_code, 0) << handover.err;
  CommandResult handovers = Housekeeping(supervisor, {"handovers", "1508"});
  ASSERT_EQ(handovers.exit_code, 0) << handovers.err;
  EXPECT_THAT(handovers.out, HasSubstr("Crib needs a fresh sheet"));

  // The doctor is the front desk's: it is in their queue.
  CommandResult unwell =
      Housekeeping(attendant, {"observe", "1508", "SOILED_BEDDING"});
  ASSERT_EQ(unwell.exit_code, 0) << unwell.err;
  EXPECT_THAT(unwell.out, HasSubstr("Call a doctor  [-> FRONT_DESK, until "));
  CommandResult tasks = Staff(desk, {"tasks"});
  ASSERT_EQ(tasks.exit_code, 0) << tasks.err;
  EXPECT_THAT(tasks.out, HasSubstr("1508  #"));
  EXPECT_THAT(tasks.out, HasSubstr("Call a doctor"));
}

TEST_F(HousekeepingE2ETest, TheAttendantSeesWhatExpiredAndWhy) {
  db_ = std::make_unique<testing::TestDatabase>();
  std::map<std::string, std::string> demo = RunDemo();
  // The server sweeps every 200 ms, as a replica does every 30 s.
  StartServer(db_->url(), {{"CONCIERGE_SWEEP_INTERVAL_MS", "200"}});
  const std::string attendant = demo["HOTEL_ATTENDANT_TOKEN"];
  const std::string desk = demo["HOTEL_FRONT_DESK_TOKEN"];

  CommandResult unwell =
      Housekeeping(attendant, {"observe", "1508", "SOILED_BEDDING"});
  ASSERT_EQ(unwell.exit_code, 0) << unwell.err;
  // The doctor is wanted within 30 minutes: the handheld says until when.
  EXPECT_THAT(unwell.out, HasSubstr("Call a doctor  [-> FRONT_DESK, until "));
  const std::string doctor = ActionId(unwell.out, "Call a doctor");
  ASSERT_FALSE(doctor.empty()) << unwell.out;
  CommandResult tasks = Staff(desk, {"tasks"});
  ASSERT_EQ(tasks.exit_code, 0) << tasks.err;
  EXPECT_THAT(tasks.out, HasSubstr("Call a doctor"));

  // Half an hour passes without the front desk calling (the test moves
  // the doctor's times back rather than wait): the sweeper escalates it,
  // then expires it.
  testing::QueryValue(db_->url(),
                      "UPDATE room_actions SET deadline_at = now() + "
                      "interval '1 hour', escalate_at = now() - interval "
                      "'1 second' WHERE id = " +
                          doctor);
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (testing::QueryValue(db_->url(),
                             "SELECT escalation_level FROM room_actions "
                             "WHERE id = " +
                                 doctor) != "1" &&
         absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  CommandResult escalated = Housekeeping(attendant, {"room", "1508"});
  ASSERT_EQ(escalated.exit_code, 0) << escalated.err;
  EXPECT_THAT(escalated.out,
              HasSubstr("Call a doctor  [-> FRONT_DESK, until "));
  EXPECT_THAT(escalated.out, HasSubstr(", escalated]"));
  testing::QueryValue(db_->url(),
                      "UPDATE room_actions SET deadline_at = now() - "
                      "interval '1 second' WHERE id = " +
                          doctor);
  while (testing::QueryValue(db_->url(),
                             "SELECT state FROM room_actions WHERE id = " +
                                 doctor) != "EXPIRED" &&
         absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  CommandResult room = Housekeeping(attendant, {"room", "1508"});
  ASSERT_EQ(room.exit_code, 0) << room.err;
  EXPECT_THAT(room.out, HasSubstr("Expired:"));
  EXPECT_THAT(room.out, HasSubstr("#" + doctor + " Call a doctor  [EXPIRED"));
  EXPECT_THAT(room.out,
              HasSubstr("why: Its deadline passed before FRONT_DESK acted on "
                        "it"));
  CommandResult rooms = Housekeeping(attendant, {"--lang", "zh", "rooms"});
  ASSERT_EQ(rooms.exit_code, 0) << rooms.err;
  EXPECT_THAT(rooms.out, HasSubstr("請醫生  [已過期"));
  EXPECT_THAT(rooms.out, HasSubstr("原因：期限已過，FRONT_DESK 仍未處理"));
  // Too late for the front desk to record it done.
  CommandResult late = Staff(desk, {"tasks"});
  ASSERT_EQ(late.exit_code, 0) << late.err;
  EXPECT_THAT(late.out, Not(HasSubstr("Call a doctor")));
  CommandResult done = Housekeeping(desk, {"done", doctor});
  EXPECT_EQ(done.exit_code, 1);
  EXPECT_THAT(done.err, HasSubstr("FAILED_PRECONDITION"));
}

TEST_F(HousekeepingE2ETest, AStaffMembersOwnIdeaOnTheHandheld) {
  db_ = std::make_unique<testing::TestDatabase>();
  std::map<std::string, std::string> demo = RunDemo();
  StartServer(db_->url(), {{"CONCIERGE_SWEEP_INTERVAL_MS", "200"}});
  const std::string attendant = demo["HOTEL_ATTENDANT_TOKEN"];
  const std::string supervisor = demo["HOTEL_HK_SUPERVISOR_TOKEN"];
  const std::string manager = demo["HOTEL_MANAGER_TOKEN"];
  const std::string waiter = demo["HOTEL_WAITER_TOKEN"];

  // Seed Part 3, the Oriental's mosquito net: no rule had it. Above the
  // attendant's 50.00, it waits for the supervisor.
  CommandResult net = Housekeeping(
      attendant,
      {"propose", "1203", "A", "mosquito", "net", "over", "the", "bed", "--why",
       "Misses sleeping under one, as thirty years ago", "--cost", "80.00",
       "--teaches", "room:mosquito_net=true"});
  ASSERT_EQ(net.exit_code, 0) << net.err;
  EXPECT_THAT(net.out, HasSubstr("1203  proposed"));
  EXPECT_THAT(net.out, HasSubstr(" A mosquito net over the bed  [NEEDS "
                                 "APPROVAL, ¥80.00, until "));
  EXPECT_THAT(net.out, HasSubstr("a supervisor approves it first"));
  const std::string id = ActionId(net.out, "A mosquito net over the bed");
  ASSERT_FALSE(id.empty()) << net.out;
  EXPECT_EQ(Housekeeping(attendant, {"propose", "1203", "A", "net"}).exit_code,
            2);  // why?
  CommandResult queue = Housekeeping(supervisor, {"approvals"});
  ASSERT_EQ(queue.exit_code, 0) << queue.err;
  EXPECT_THAT(queue.out, HasSubstr("#" + id + " A mosquito net over the bed"));
  EXPECT_THAT(queue.out, HasSubstr(", why: Misses sleeping under one"));
  ASSERT_EQ(Housekeeping(supervisor, {"approve", id}).exit_code, 0);
  CommandResult done = Housekeeping(attendant, {"done", id});
  ASSERT_EQ(done.exit_code, 0) << done.err;
  EXPECT_THAT(done.out, HasSubstr("[done, ¥80.00]"));
  EXPECT_THAT(done.out, HasSubstr("learned: "));
  EXPECT_THAT(done.out, HasSubstr("mosquito_net = true"));

  // The guest writes to thank the hotel: the praise links to the action
  // and goes to whoever proposed it.
  CommandResult praise =
      Staff(manager, {"praise", "--room-action", id, "--source", "guest-letter",
                      "--text", "The net! Like thirty years ago", "--from",
                      "Mr Wang, 1203"});
  ASSERT_EQ(praise.exit_code, 0) << praise.err;
  EXPECT_THAT(praise.out, HasSubstr("/roomActions/" + id));
  const std::string attendant_id = testing::QueryValue(
      db_->url(),
      "SELECT id FROM staff WHERE display_name = '何服務員 Attendant He'");
  EXPECT_THAT(praise.out, HasSubstr("/staff/" + attendant_id + ","));

  // The waiter's idea at the staff terminal, in Chinese, for housekeeping
  // to do: free, so it goes to their queue at once.
  CommandResult jasmine = Staff(
      waiter, {"--lang", "zh", "propose", "1203", "窗台上放一盆茉莉花", "--why",
               "客人說喜歡茉莉花香", "--department", "housekeeping"});
  ASSERT_EQ(jasmine.exit_code, 0) << jasmine.err;
  EXPECT_THAT(jasmine.out, HasSubstr("窗台上放一盆茉莉花"));
  EXPECT_THAT(jasmine.out, HasSubstr("已交 HOUSEKEEPING"));
  CommandResult tasks = Housekeeping(supervisor, {"tasks"});
  ASSERT_EQ(tasks.exit_code, 0) << tasks.err;
  // The Chinese title is shown to an English reader rather than nothing.
  EXPECT_THAT(tasks.out, HasSubstr("窗台上放一盆茉莉花  [-> HOUSEKEEPING"));

  // An idea only useful for a moment: nobody approved it in time, and the
  // attendant sees it expired, and why.
  CommandResult supper =
      Housekeeping(attendant, {"propose", "1203", "A", "late", "supper",
                               "--why", "Back at 11 pm, missed dinner",
                               "--cost", "60.00", "--useful-for", "2s"});
  ASSERT_EQ(supper.exit_code, 0) << supper.err;
  const std::string late = ActionId(supper.out, "A late supper");
  ASSERT_FALSE(late.empty()) << supper.out;
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (testing::QueryValue(
             db_->url(), "SELECT state FROM room_actions WHERE id = " + late) !=
             "EXPIRED" &&
         absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  CommandResult room = Housekeeping(attendant, {"room", "1203"});
  ASSERT_EQ(room.exit_code, 0) << room.err;
  EXPECT_THAT(room.out, HasSubstr("#" + late + " A late supper  [EXPIRED"));
  EXPECT_THAT(room.out,
              HasSubstr("why: Its deadline passed before anyone approved it"));
}

}  // namespace
}  // namespace concierge
