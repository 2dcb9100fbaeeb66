// The front desk through the real clients, on the demo data: what a
// resident sees right after `scripts/run.sh` (a parcel, a message, the
// umbrellas, the repair day announced), and reception's day at the desk.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "tests/e2e/server_process.h"

namespace concierge {
namespace {

using ::concierge::testing::CommandResult;
using ::concierge::testing::RunCommand;
using ::testing::HasSubstr;
using ::testing::Not;

class FrontDeskE2ETest : public testing::ServerProcessTest {
 protected:
  // Loads the demo into a fresh database, reads its tokens, starts the
  // server on it.
  void SetUpDemo() {
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
    StartServer(db_->url());
    resident_ = tokens_["RESIDENT_TOKEN"];
    neighbour_ = tokens_["RESIDENT2_TOKEN"];
    desk_ = tokens_["RES_RECEPTION_TOKEN"];
  }

  static std::string IdOf(const std::string& name) {
    return name.substr(name.rfind('/') + 1);
  }

  std::map<std::string, std::string> tokens_;
  std::string resident_, neighbour_, desk_;
};

TEST_F(FrontDeskE2ETest, TheResidentSeesTheDeskRightAfterTheDemo) {
  SetUpDemo();
  CommandResult parcels = Resident(resident_, {"parcels"});
  ASSERT_EQ(parcels.exit_code, 0) << parcels.err;
  EXPECT_THAT(parcels.out, HasSubstr("SF1400123456789"));
  EXPECT_THAT(parcels.out, HasSubstr("waiting"));
  EXPECT_THAT(Resident(resident_, {"--lang", "zh", "parcels"}).out,
              HasSubstr("待領取"));
  // The neighbour's household has none.
  EXPECT_THAT(Resident(neighbour_, {"parcels"}).out,
              Not(HasSubstr("SF1400123456789")));

  CommandResult messages = Resident(resident_, {"messages"});
  EXPECT_THAT(messages.out, HasSubstr("Auntie Wang"));
  EXPECT_THAT(messages.out, HasSubstr("unread"));
  CommandResult acked = Resident(resident_, {"messages", "--ack"});
  EXPECT_EQ(acked.exit_code, 0) << acked.err;
  EXPECT_THAT(acked.out, HasSubstr("Acknowledged 1 message(s)"));
  EXPECT_THAT(Resident(resident_, {"messages"}).out, HasSubstr("[read]"));

  CommandResult lendables = Resident(resident_, {"lendables"});
  EXPECT_THAT(lendables.out, HasSubstr("Umbrella"));
  EXPECT_THAT(lendables.out, HasSubstr("10/10"));

  CommandResult events = Resident(resident_, {"events", "--output", "json"});
  ASSERT_EQ(events.exit_code, 0) << events.err;
  const std::string event = IdOf(JsonField(events.out, "name"));
  EXPECT_THAT(events.out, HasSubstr("FREE_REPAIR_DAY"));
  EXPECT_THAT(Resident(resident_, {"events"}).out,
              HasSubstr("Clubhouse lobby"));

  CommandResult announcements = Resident(resident_, {"announcements"});
  EXPECT_THAT(announcements.out, HasSubstr("Free repair day next month"));
  CommandResult list =
      Resident(resident_, {"announcements", "--output", "json"});
  const std::string announcement = IdOf(JsonField(list.out, "name"));
  CommandResult notice = Resident(resident_, {"announcement", announcement});
  EXPECT_THAT(notice.out, HasSubstr("Community events:"));
  EXPECT_THAT(notice.out, HasSubstr("at Clubhouse lobby"));
  EXPECT_THAT(notice.out, HasSubstr("Say what needs repairing"));

  // A repair day asks what needs repairing.
  CommandResult bare = Resident(resident_, {"event", "register", event});
  EXPECT_EQ(bare.exit_code, 1);
  EXPECT_THAT(bare.err, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(bare.err, HasSubstr("registration.details"));
  CommandResult registered =
      Resident(resident_, {"event", "register", event, "--people", "2",
                           "--repair", "desk lamp, kettle"});
  ASSERT_EQ(registered.exit_code, 0) << registered.err;
  EXPECT_THAT(registered.out, HasSubstr("registered"));
  CommandResult twice =
      Resident(resident_, {"event", "register", event, "--repair", "chair"});
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_THAT(twice.err, HasSubstr("ALREADY_EXISTS"));
  EXPECT_THAT(Resident(resident_, {"events"}).out, HasSubstr("registered"));
  CommandResult cancelled = Resident(resident_, {"event", "cancel", event});
  EXPECT_EQ(cancelled.exit_code, 0) << cancelled.err;
  EXPECT_THAT(cancelled.out, HasSubstr("cancelled"));

  CommandResult history = Resident(resident_, {"history"});
  EXPECT_THAT(history.out, HasSubstr("parcel logged"));
  EXPECT_THAT(history.out, HasSubstr("message read"));
  EXPECT_THAT(history.out, HasSubstr("Cancelled the registration"));
}

TEST_F(FrontDeskE2ETest, ADayAtTheDesk) {
  SetUpDemo();
  // Parcels: the waiting one is collected once.
  CommandResult waiting =
      Staff(desk_, {"parcel", "list", "--waiting", "--output", "json"});
  ASSERT_EQ(waiting.exit_code, 0) << waiting.err;
  const std::string parcel = IdOf(JsonField(waiting.out, "name"));
  CommandResult pickup = Staff(desk_, {"parcel", "pickup", parcel, "--by",
                                       "劉女士", "--signature", "劉"});
  ASSERT_EQ(pickup.exit_code, 0) << pickup.err;
  EXPECT_THAT(pickup.out, HasSubstr("collected"));
  CommandResult again = Staff(desk_, {"parcel", "pickup", parcel, "--by", "X"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err, HasSubstr("FAILED_PRECONDITION"));
  CommandResult logged =
      Staff(desk_, {"parcel", "log", "--household", "2", "--kind",
                    "registered-letter", "--carrier", "China Post",
                    "--tracking", "XA100200300CN", "--shelf", "B1"});
  ASSERT_EQ(logged.exit_code, 0) << logged.err;
  EXPECT_THAT(Resident(neighbour_, {"parcels"}).out,
              HasSubstr("registered letter"));

  // Lending: an umbrella out and back.
  CommandResult lend =
      Staff(desk_, {"lend", "1", "--household", "1", "--borrower", "劉女士",
                    "--hours", "3", "--output", "json"});
  ASSERT_EQ(lend.exit_code, 0) << lend.err;
  const std::string loan = IdOf(JsonField(lend.out, "name"));
  EXPECT_THAT(Resident(resident_, {"loans"}).out, HasSubstr("Umbrella"));
  EXPECT_THAT(Resident(neighbour_, {"loans"}).out, HasSubstr("No loans"));
  EXPECT_THAT(Staff(desk_, {"loans", "--overdue"}).out, HasSubstr("No loans"));
  EXPECT_THAT(Staff(desk_, {"lendable", "list"}).out, HasSubstr("9/10"));
  // Two umbrellas lost: the stock is corrected around the loan that is out.
  CommandResult stock = Staff(desk_, {"lendable", "stock", "1", "--count", "8",
                                      "--reason", "two lost"});
  ASSERT_EQ(stock.exit_code, 0) << stock.err;
  EXPECT_THAT(stock.out, HasSubstr("7/8"));
  EXPECT_THAT(stock.out, HasSubstr("two lost"));
  EXPECT_EQ(Staff(desk_, {"return", loan}).exit_code, 0);
  CommandResult twice = Staff(desk_, {"return", loan});
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_THAT(twice.err, HasSubstr("FAILED_PRECONDITION"));
  // The single step ladder: the second loan is refused with its due time.
  ASSERT_EQ(Staff(desk_, {"lend", "3", "--household", "1", "--borrower", "Liu",
                          "--hours", "2"})
                .exit_code,
            0);
  CommandResult none = Staff(desk_, {"lend", "3", "--household", "2",
                                     "--borrower", "Zhou", "--hours", "2"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_THAT(none.err, HasSubstr("FAILED_PRECONDITION"));
  EXPECT_THAT(none.err, HasSubstr("due back"));

  // Custody: back only to the depositing household.
  CommandResult deposit =
      Staff(desk_, {"custody", "deposit", "--household", "1", "--description",
                    "護照 Passport", "--receipt", "R-0001", "--from", "劉女士",
                    "--output", "json"});
  ASSERT_EQ(deposit.exit_code, 0) << deposit.err;
  const std::string record = IdOf(JsonField(deposit.out, "name"));
  EXPECT_THAT(Resident(resident_, {"custody"}).out, HasSubstr("R-0001"));
  EXPECT_THAT(Resident(neighbour_, {"custody"}).out, Not(HasSubstr("R-0001")));
  CommandResult wrong = Staff(desk_, {"custody", "return", record,
                                      "--household", "2", "--by", "周先生"});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_THAT(wrong.err, HasSubstr("PERMISSION_DENIED"));
  CommandResult back =
      Staff(desk_, {"custody", "return", record, "--household", "1", "--by",
                    "劉女士", "--receipt", "R-0001"});
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_THAT(back.out, HasSubstr("returned"));

  // A message and an event with its attendance sheet.
  CommandResult message =
      Staff(desk_, {"message", "leave", "--household", "2", "--from", "陳先生",
                    "--text", "請回電 Please call back", "--in-person"});
  ASSERT_EQ(message.exit_code, 0) << message.err;
  EXPECT_THAT(Resident(neighbour_, {"messages"}).out,
              HasSubstr("Please call back"));
  const absl::Time start = absl::Now() + absl::Hours(24 * 20);
  auto local = [](absl::Time t) {
    return absl::FormatTime("%Y-%m-%d %H:%M", t, absl::LocalTimeZone());
  };
  CommandResult created = Staff(
      desk_,
      {"event", "create", "--item", "MEDICAL_CONSULT_DAY", "--start",
       local(start), "--end", local(start + absl::Hours(3)), "--register-by",
       local(start - absl::Hours(24)), "--capacity", "2", "--place-zh", "會所",
       "--place-en", "Clubhouse", "--output", "json"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const std::string event = IdOf(JsonField(created.out, "name"));
  EXPECT_EQ(Staff(desk_, {"event", "register", event, "--household", "1",
                          "--people", "2"})
                .exit_code,
            0);
  CommandResult waitlisted = Resident(neighbour_, {"event", "register", event});
  ASSERT_EQ(waitlisted.exit_code, 0) << waitlisted.err;
  EXPECT_THAT(waitlisted.out, HasSubstr("waitlisted"));
  CommandResult sheet = Staff(desk_, {"event", "attendance", event});
  EXPECT_THAT(sheet.out, HasSubstr("waitlisted #1"));
  EXPECT_EQ(
      Staff(desk_, {"event", "cancel", event, "--household", "1"}).exit_code,
      0);
  EXPECT_THAT(Resident(neighbour_, {"events"}).out, HasSubstr("registered"));
  CommandResult early =
      Staff(desk_, {"event", "attendance", event, "--household", "2"});
  EXPECT_EQ(early.exit_code, 1);
  EXPECT_THAT(early.err, HasSubstr("not started"));
  EXPECT_THAT(Staff(desk_, {"event", "list"}).out, HasSubstr("Clubhouse"));
  // The doctor cannot come: the whole event is called off, and the
  // household still registered sees why.
  CommandResult no_reason = Staff(desk_, {"event", "call-off", event});
  EXPECT_EQ(no_reason.exit_code, 2) << no_reason.out;
  CommandResult called_off = Staff(
      desk_, {"event", "call-off", event, "--reason", "the doctor is ill"});
  ASSERT_EQ(called_off.exit_code, 0) << called_off.err;
  EXPECT_THAT(called_off.out, HasSubstr("the doctor is ill"));
  EXPECT_THAT(Resident(neighbour_, {"events", "--past"}).out,
              HasSubstr("CANCELLED: the doctor is ill"));

  // The household's history at the desk, newest first, with who did it.
  CommandResult history = Staff(desk_, {"history", "1"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  EXPECT_THAT(history.out, HasSubstr("valuables returned"));
  EXPECT_THAT(history.out, HasSubstr("collected by 劉女士"));
  EXPECT_THAT(history.out, HasSubstr("/staff/"));
  CommandResult zh = Staff(desk_, {"--lang", "zh", "history", "1"});
  EXPECT_THAT(zh.out, HasSubstr("物品交還"));
  CommandResult other = Resident(neighbour_, {"--output", "json", "history"});
  EXPECT_THAT(other.out, Not(HasSubstr("R-0001")));
}

}  // namespace
}  // namespace concierge
