// Arrivals through the real binaries: the demo hotel's arrivals of tomorrow
// at the desk and on the attendant's handheld, a preparation marked done
// before arrival, reservations entered, listed, cancelled and checked in
// with the staff client.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
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

class ArrivalsE2ETest : public testing::ServerProcessTest {
 protected:
  static std::string Short(const std::string& name) {
    return name.substr(name.rfind('/') + 1);
  }
};

TEST_F(ArrivalsE2ETest, TomorrowsArrivalsArePreparedAndCheckedIn) {
  db_ = std::make_unique<testing::TestDatabase>();
  std::map<std::string, std::string> demo = RunDemo();
  const std::string date = demo["DEMO_ARRIVAL_DATE"];
  const std::string family = demo["DEMO_FAMILY_RESERVATION"];
  const std::string returning = demo["DEMO_RETURNING_RESERVATION"];
  ASSERT_FALSE(date.empty());
  ASSERT_FALSE(family.empty());
  ASSERT_FALSE(returning.empty());
  // A second run adds no reservation.
  demo = RunDemo();
  EXPECT_EQ(QueryValue(db_->url(), "SELECT count(*) FROM reservations"), "2");
  StartServer(db_->url());
  const std::string desk = demo["HOTEL_FRONT_DESK_TOKEN"];
  const std::string attendant = demo["HOTEL_ATTENDANT_TOKEN"];

  // The desk: both guests, VIP and regular, and what to prepare.
  CommandResult list = Staff(desk, {"arrivals", "--date", date});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr("CHEN Zhiming  VIP1  regular"));
  EXPECT_THAT(list.out, HasSubstr("pillow=feather_free"));
  EXPECT_THAT(list.out,
              HasSubstr(Short(returning) + "/PREPARE_FEATHER_FREE_PILLOW"));
  EXPECT_THAT(list.out,
              HasSubstr(Short(returning) + "/TURNDOWN_LEAVE_CURTAIN_GAP"));
  EXPECT_THAT(list.out, HasSubstr("[ ] " + Short(family) + "/PLACE_BABY_CRIB"));
  EXPECT_THAT(list.out, HasSubstr("Preparations: 3 total, done before "
                                  "arrival 0, after arrival 0, not done 3"));

  // The handheld: the attendant's rooms, the crib marked done.
  CommandResult mine = Housekeeping(attendant, {"arrivals", "--date", date});
  ASSERT_EQ(mine.exit_code, 0) << mine.err;
  EXPECT_THAT(mine.out, HasSubstr("PLACE_BABY_CRIB"));
  CommandResult prepared =
      Housekeeping(attendant, {"prepare", Short(family) + "/PLACE_BABY_CRIB"});
  ASSERT_EQ(prepared.exit_code, 0) << prepared.err;
  EXPECT_THAT(prepared.out, HasSubstr("done before arrival"));
  CommandResult again =
      Housekeeping(attendant, {"prepare", Short(family) + "/PLACE_BABY_CRIB"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err, HasSubstr("FAILED_PRECONDITION"));
  CommandResult zh =
      Housekeeping(attendant, {"--lang", "zh", "arrivals", "--date", date});
  ASSERT_EQ(zh.exit_code, 0) << zh.err;
  EXPECT_THAT(zh.out, HasSubstr("到店前完成"));
  EXPECT_THAT(zh.out, HasSubstr("嬰兒床"));
  // The handheld shows no contact details.
  EXPECT_THAT(mine.out, Not(HasSubstr("+86")));

  // The desk enters a reservation for a new guest, lists and cancels it.
  absl::CivilDay day;
  ASSERT_TRUE(absl::ParseCivilTime(date, &day));
  const std::string departure = absl::FormatCivilTime(day + 2);
  CommandResult created =
      Staff(desk, {"reservation", "create", "--new-guest-en", "Walk In",
                   "--arrival", date, "--departure", departure, "--room-type",
                   "king", "--adults", "2", "--output", "json"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const std::string reservation = JsonField(created.out, "name");
  CommandResult booked = Staff(desk, {"reservation", "list", "--date", date});
  ASSERT_EQ(booked.exit_code, 0) << booked.err;
  EXPECT_THAT(booked.out, HasSubstr(reservation));
  EXPECT_THAT(booked.out, HasSubstr("KING"));
  CommandResult cancelled =
      Staff(desk, {"reservation", "cancel", Short(reservation), "--reason",
                   "changed plans"});
  ASSERT_EQ(cancelled.exit_code, 0) << cancelled.err;
  EXPECT_THAT(cancelled.out, HasSubstr("cancelled"));

  // Bad input: the field named, nothing stored.
  const std::string before =
      QueryValue(db_->url(), "SELECT count(*) FROM reservations");
  CommandResult bad =
      Staff(desk, {"reservation", "create", "--new-guest-en", "Nobody",
                   "--arrival", "2026-02-30", "--departure", departure});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(bad.err, HasSubstr("reservation.arrival_date"));
  CommandResult usage = Staff(desk, {"reservation", "create", "--arrival", date,
                                     "--departure", departure});
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_EQ(QueryValue(db_->url(), "SELECT count(*) FROM reservations"),
            before);

  // Check-in from the reservation: its guest, party and room.
  CommandResult checkin =
      Staff(desk, {"checkin", "--reservation", Short(family)});
  ASSERT_EQ(checkin.exit_code, 0) << checkin.err;
  EXPECT_THAT(checkin.out, HasSubstr("1207"));
  EXPECT_THAT(checkin.out, HasSubstr("2+0+1"));
  CommandResult in_house =
      Staff(desk, {"reservation", "list", "--state", "checked_in"});
  ASSERT_EQ(in_house.exit_code, 0) << in_house.err;
  EXPECT_THAT(in_house.out, HasSubstr(family));
  EXPECT_EQ(QueryValue(db_->url(),
                       "SELECT count(*) FROM reservations WHERE state = "
                       "'CHECKED_IN' AND stay_id IS NOT NULL"),
            "1");
}

}  // namespace
}  // namespace concierge
