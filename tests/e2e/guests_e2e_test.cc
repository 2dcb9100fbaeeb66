// Guest profiles through the real binaries: the demo hotel's room brief on
// the housekeeping handheld, and a guest's life from the front desk through
// the waiter and the attendant to erasure, all via the client commands.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "tests/e2e/server_process.h"
#include "tests/support/test_database.h"

namespace concierge {
namespace {

using ::concierge::testing::CommandResult;
using ::concierge::testing::QueryValue;
using ::concierge::testing::ReadFileOrEmpty;
using ::concierge::testing::RunCommand;
using ::testing::HasSubstr;
using ::testing::Not;

class GuestsE2ETest : public testing::ServerProcessTest {
 protected:
  // A staff member of `site` with a token, through the staff client.
  std::string NewStaffToken(const std::string& site, const std::string& name,
                            const std::string& role,
                            const std::string& department) {
    std::vector<std::string> args = {"staff",    "create", "--site", site,
                                     "--name",   name,     "--role", role,
                                     "--output", "json"};
    if (!department.empty()) {
      args.insert(args.end(), {"--department", department});
    }
    CommandResult staff = Staff(admin_token_, args);
    EXPECT_EQ(staff.exit_code, 0) << staff.err;
    CommandResult token = Staff(
        admin_token_,
        {"token", "issue", JsonField(staff.out, "name"), "--output", "json"});
    EXPECT_EQ(token.exit_code, 0) << token.err;
    return JsonField(token.out, "token");
  }
};

TEST_F(GuestsE2ETest, TheDemoHotelsRoom1203BriefOnTheHandheld) {
  db_ = std::make_unique<testing::TestDatabase>();
  std::map<std::string, std::string> demo = RunDemo();
  const std::string attendant = demo["HOTEL_ATTENDANT_TOKEN"];
  ASSERT_FALSE(attendant.empty());
  ASSERT_FALSE(demo["DEMO_VIP_GUEST"].empty());
  // Running the demo again refreshes tokens but creates no second guest.
  demo = RunDemo();
  // Three in house or between stays, two arriving tomorrow.
  EXPECT_EQ(QueryValue(db_->url(), "SELECT count(*) FROM guests"), "5");
  StartServer(db_->url());

  CommandResult brief =
      Housekeeping(demo["HOTEL_ATTENDANT_TOKEN"], {"room", "1203"});
  ASSERT_EQ(brief.exit_code, 0) << brief.err;
  EXPECT_THAT(brief.out, HasSubstr("1203  Mr Wang  VIP 3  regular"));
  EXPECT_THAT(brief.out, HasSubstr("王建國 / WANG Jianguo"));
  EXPECT_THAT(brief.out, HasSubstr("curtains = gap"));
  EXPECT_THAT(brief.out, HasSubstr("room_temperature_c = 26"));
  EXPECT_THAT(brief.out, HasSubstr("HOUSEKEEPING: "));
  EXPECT_THAT(brief.out, HasSubstr("FOOD_AND_BEVERAGE: "));
  // The handheld never shows contact details.
  EXPECT_THAT(brief.out, Not(HasSubstr("138")));
  // The name comes first, the notes last.
  EXPECT_LT(brief.out.find("Mr Wang"), brief.out.find("Preferences:"));
  EXPECT_LT(brief.out.find("Preferences:"), brief.out.find("Recent notes:"));

  CommandResult zh = Housekeeping(demo["HOTEL_ATTENDANT_TOKEN"],
                                  {"--lang", "zh", "room", "1508"});
  ASSERT_EQ(zh.exit_code, 0) << zh.err;
  EXPECT_THAT(zh.out, HasSubstr("李女士"));
  EXPECT_THAT(zh.out, HasSubstr("嬰兒同行：1"));
  EXPECT_THAT(zh.out, HasSubstr("用品 baby_crib = true"));

  // A room without a guest is vacant (the demo hotel has its rooms); a
  // number the hotel does not have is not found.
  CommandResult empty =
      Housekeeping(demo["HOTEL_ATTENDANT_TOKEN"], {"room", "0302"});
  ASSERT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_THAT(empty.out, HasSubstr("0302  vacant  accessible"));
  CommandResult unknown =
      Housekeeping(demo["HOTEL_ATTENDANT_TOKEN"], {"room", "9999"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("NOT_FOUND"));
  EXPECT_THAT(unknown.err, HasSubstr("room_number"));

  // Residential staff are not hotel staff.
  CommandResult residential =
      Housekeeping(demo["RES_PLUMBER_TOKEN"],
                   {"room", "1203", "--site", demo["HOTEL_SITE"]});
  EXPECT_EQ(residential.exit_code, 1);
  EXPECT_THAT(residential.err, HasSubstr("PERMISSION_DENIED"));
}

TEST_F(GuestsE2ETest, FromTheFrontDeskThroughEveryDepartmentToErasure) {
  StartServer();
  CommandResult site =
      Staff(admin_token_, {"site", "create", "--kind", "hotel", "--name",
                           "海景酒店", "--output", "json"});
  ASSERT_EQ(site.exit_code, 0) << site.err;
  const std::string hotel = JsonField(site.out, "name");
  const std::string desk =
      NewStaffToken(hotel, "吳前台", "reception", "front_desk");
  const std::string waiter =
      NewStaffToken(hotel, "馬服務員", "staff", "food_and_beverage");
  const std::string attendant =
      NewStaffToken(hotel, "何服務員", "staff", "housekeeping");
  const std::string manager = NewStaffToken(hotel, "林總經理", "manager", "");

  CommandResult created =
      Staff(desk, {"guest",          "create",
                   "--chinese-name", "王建國",
                   "--latin-name",   "WANG Jianguo",
                   "--address-zh",   "王先生",
                   "--address-en",   "Mr Wang",
                   "--phone",        "+86 138 0000 1203",
                   "--vip",          "2",
                   "--birthday",     "1975-03-02",
                   "--document",     "passport:CN:E12345678",
                   "--output",       "json"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const std::string guest = JsonField(created.out, "name");
  ASSERT_EQ(guest.rfind("guests/", 0), 0u) << created.out;

  CommandResult checkin =
      Staff(desk, {"checkin", guest, "--room", "1203", "--adults", "2",
                   "--infants", "1", "--until", "2099-01-01"});
  ASSERT_EQ(checkin.exit_code, 0) << checkin.err;
  CommandResult occupied = Staff(desk, {"checkin", guest, "--room", "1203"});
  EXPECT_EQ(occupied.exit_code, 1);
  EXPECT_THAT(occupied.err, HasSubstr("FAILED_PRECONDITION"));
  EXPECT_THAT(occupied.err, HasSubstr("room 1203"));

  // The waiter notices something; the attendant sees it at once.
  CommandResult observed =
      Staff(waiter, {"observe", "1203", "--note", "Window table, black coffee",
                     "--pref", "fb:coffee=black"});
  ASSERT_EQ(observed.exit_code, 0) << observed.err;
  CommandResult brief = Housekeeping(attendant, {"room", "1203"});
  ASSERT_EQ(brief.exit_code, 0) << brief.err;
  EXPECT_THAT(brief.out, HasSubstr("Mr Wang  VIP 2"));
  EXPECT_THAT(brief.out, HasSubstr("Infant in the party: 1"));
  EXPECT_THAT(brief.out, HasSubstr("food coffee = black"));
  EXPECT_THAT(brief.out,
              HasSubstr("FOOD_AND_BEVERAGE: Window table, black coffee"));
  // The attendant records from the handheld.
  CommandResult curtains = Housekeeping(
      attendant, {"observe", "1203", "--pref", "room:curtains=gap"});
  ASSERT_EQ(curtains.exit_code, 0) << curtains.err;
  CommandResult bad_pref =
      Housekeeping(attendant, {"observe", "1203", "--pref", "mood:happy=yes"});
  EXPECT_EQ(bad_pref.exit_code, 2);

  // An attendant asking for the phone number is refused; the desk sees it.
  CommandResult phone =
      Staff(attendant, {"guest", "show", guest, "--fields", "phone"});
  EXPECT_EQ(phone.exit_code, 1);
  EXPECT_THAT(phone.err, HasSubstr("PERMISSION_DENIED"));
  EXPECT_THAT(phone.err, HasSubstr("phone"));
  CommandResult masked = Staff(attendant, {"guest", "show", guest});
  ASSERT_EQ(masked.exit_code, 0) << masked.err;
  EXPECT_THAT(masked.out, Not(HasSubstr("138 0000")));
  EXPECT_THAT(masked.out, HasSubstr("--03-02"));
  CommandResult full = Staff(desk, {"guest", "show", guest});
  ASSERT_EQ(full.exit_code, 0) << full.err;
  EXPECT_THAT(full.out, HasSubstr("+86 138 0000 1203"));
  EXPECT_THAT(full.out, HasSubstr("1975-03-02"));
  EXPECT_THAT(full.out, HasSubstr("PASSPORT CN ****5678"));
  EXPECT_THAT(full.out, HasSubstr("curtains"));
  EXPECT_THAT(full.out, Not(HasSubstr("E12345678")));

  CommandResult search = Staff(desk, {"guest", "search", "--name", "wang"});
  ASSERT_EQ(search.exit_code, 0) << search.err;
  EXPECT_THAT(search.out, HasSubstr(guest));
  CommandResult charge =
      Staff(waiter, {"charge", "1203", "--kind", "minibar", "--amount", "30.00",
                     "--description", "2 x Tsingtao"});
  ASSERT_EQ(charge.exit_code, 0) << charge.err;
  EXPECT_THAT(charge.out, HasSubstr("¥30.00"));
  CommandResult checkout = Staff(desk, {"checkout", "1203"});
  ASSERT_EQ(checkout.exit_code, 0) << checkout.err;
  CommandResult stays = Staff(desk, {"stays", "--guest", guest});
  ASSERT_EQ(stays.exit_code, 0) << stays.err;
  EXPECT_THAT(stays.out, HasSubstr("1203"));
  CommandResult history = Staff(manager, {"guest", "history", guest});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  EXPECT_THAT(history.out, HasSubstr("coffee"));

  CommandResult log = Staff(manager, {"access-log", guest});
  ASSERT_EQ(log.exit_code, 0) << log.err;
  // The handheld's `room` reads the brief through GetRoomDay (issue 7).
  EXPECT_THAT(log.out, HasSubstr("GetRoomDay"));
  EXPECT_THAT(log.out, HasSubstr("GetGuestProfile"));
  CommandResult not_manager = Staff(attendant, {"access-log", guest});
  EXPECT_EQ(not_manager.exit_code, 1);

  CommandResult unconfirmed = Staff(manager, {"guest", "erase", guest});
  EXPECT_EQ(unconfirmed.exit_code, 2);
  CommandResult erased = Staff(manager, {"guest", "erase", guest, "--yes"});
  ASSERT_EQ(erased.exit_code, 0) << erased.err;
  EXPECT_THAT(erased.out, HasSubstr("Erased"));
  CommandResult gone = Staff(desk, {"guest", "search", "--name", "wang"});
  ASSERT_EQ(gone.exit_code, 0) << gone.err;
  EXPECT_THAT(gone.out, Not(HasSubstr(guest)));
  CommandResult after = Staff(manager, {"guest", "show", guest});
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_THAT(after.out, Not(HasSubstr("王建國")));
  EXPECT_THAT(after.out, Not(HasSubstr("138")));

  CommandResult help = Staff("", {"--help"});
  EXPECT_THAT(help.out, HasSubstr("guest merge"));
  EXPECT_THAT(help.out, HasSubstr("access-log"));
}

// Issue 22: a guest's request through the staff client and the handheld,
// from the desk's phone call to the attendant's "done", and the room's QR
// code for the guest's own page.
TEST_F(GuestsE2ETest, AGuestsTowelsFromThePhoneCallToTheHandheldsDone) {
  db_ = std::make_unique<testing::TestDatabase>();
  std::map<std::string, std::string> demo = RunDemo();
  StartServer(db_->url());
  const std::string desk = demo["HOTEL_FRONT_DESK_TOKEN"];
  const std::string supervisor = demo["HOTEL_HK_SUPERVISOR_TOKEN"];
  const std::string attendant = demo["HOTEL_ATTENDANT_TOKEN"];
  ASSERT_FALSE(demo["ROOM_1203_TOKEN"].empty());

  CommandResult taken = Staff(desk, {"guest-request", "take", "--room", "1203",
                                     "--item", "EXTRA_TOWELS", "--content",
                                     "two bath towels", "--output", "json"});
  ASSERT_EQ(taken.exit_code, 0) << taken.err;
  const std::string request = JsonField(taken.out, "name");
  EXPECT_EQ(JsonField(taken.out, "stay").empty(), false);
  EXPECT_EQ(JsonField(taken.out, "state"), "REQUEST_STATE_DISPATCHED");

  CommandResult me = Housekeeping(attendant, {"whoami", "--output", "json"});
  ASSERT_EQ(me.exit_code, 0) << me.err;
  CommandResult assigned = Staff(
      supervisor,
      {"guest-request", "assign", request, "--to", JsonField(me.out, "name")});
  ASSERT_EQ(assigned.exit_code, 0) << assigned.err;

  CommandResult mine = Housekeeping(attendant, {"requests"});
  ASSERT_EQ(mine.exit_code, 0) << mine.err;
  EXPECT_THAT(mine.out, HasSubstr("Extra towels"));
  EXPECT_THAT(mine.out, HasSubstr("1203"));

  CommandResult done = Housekeeping(
      attendant, {"request-done", request, "--notes", "left on the bed"});
  ASSERT_EQ(done.exit_code, 0) << done.err;
  EXPECT_THAT(done.out, HasSubstr("completed"));
  CommandResult none = Housekeeping(attendant, {"requests"});
  EXPECT_THAT(none.out, HasSubstr("No guest requests for you"));

  CommandResult listed =
      Staff(desk, {"guest-request", "list", "--room", "1203", "--all"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("Extra towels"));

  // A room nobody is in: the desk is told so, and nothing is stored.
  CommandResult vacant = Staff(desk, {"guest-request", "take", "--room", "0302",
                                      "--item", "EXTRA_TOWELS"});
  EXPECT_EQ(vacant.exit_code, 1);
  EXPECT_THAT(vacant.err, HasSubstr("FAILED_PRECONDITION"));
  EXPECT_EQ(QueryValue(db_->url(),
                       "SELECT count(*) FROM service_requests "
                       "WHERE stay_id IS NOT NULL"),
            "1");

  CommandResult qr = Staff(desk, {"room-qr", "1203", "--web",
                                  "https://concierge.example", "--no-qr"});
  ASSERT_EQ(qr.exit_code, 0) << qr.err;
  EXPECT_THAT(qr.out, HasSubstr("Room 1203"));
  EXPECT_THAT(qr.out, HasSubstr("https://concierge.example/signin?token="));
}

}  // namespace
}  // namespace concierge
