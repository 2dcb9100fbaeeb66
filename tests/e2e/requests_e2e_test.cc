// A paid request through the real clients, on the demo data: booked by the
// resident, watched live by the supervisor, done, signed, settled, recorded.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>
#include <map>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "tests/e2e/server_process.h"
#include "tests/support/tcp_proxy.h"
#include "tests/support/test_database.h"

namespace concierge {
namespace {

using ::concierge::testing::CommandResult;
using ::concierge::testing::RunCommand;
using ::testing::HasSubstr;

class RequestsE2ETest : public testing::ServerProcessTest {
 protected:
  // Loads the demo into the test database and reads its tokens.
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
    // Demo prices take effect one second after they are announced.
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  }
  std::map<std::string, std::string> tokens_;
};

TEST_F(RequestsE2ETest, APaidRepairFromBookingToTheLedger) {
  LoadDemo();
  StartServer(db_->url());
  const std::string resident = tokens_["RESIDENT_TOKEN"];
  const std::string supervisor = tokens_["RES_SUPERVISOR_TOKEN"];
  const std::string plumber = tokens_["RES_PLUMBER_TOKEN"];
  const std::string finance = tokens_["RES_FINANCE_TOKEN"];

  // The supervisor's terminal watches the department live.
  auto watch = std::async(std::launch::async, [&] {
    return Staff(supervisor, {"watch", "--count", "4", "--for", "30s"});
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(800));

  CommandResult booked = Resident(
      resident, {"book", "TAP_REPAIR", "--content", "kitchen tap drips",
                 "--let-in", "劉女士", "--output", "json"});
  ASSERT_EQ(booked.exit_code, 0) << booked.err;
  const std::string name = JsonField(booked.out, "name");
  const std::string id = name.substr(name.rfind('/') + 1);
  EXPECT_THAT(booked.out, HasSubstr("\"minor_units\":\"5000\""));

  CommandResult queue = Staff(supervisor, {"queue"});
  EXPECT_THAT(queue.out, HasSubstr("In-home tap repair"));
  CommandResult plumber_id = Staff(
      supervisor, {"staff", "list", "--role", "staff", "--output", "json"});
  ASSERT_EQ(plumber_id.exit_code, 0) << plumber_id.err;
  EXPECT_EQ(Staff(supervisor,
                  {"assign", id, "--to", JsonField(plumber_id.out, "name")})
                .exit_code,
            0);
  EXPECT_EQ(Staff(plumber, {"start", id, "--enters-home"}).exit_code, 0);
  EXPECT_EQ(Staff(plumber, {"complete", id, "--notes", "new washer",
                            "--minutes", "30", "--materials", "washer:3.00"})
                .exit_code,
            0);

  CommandResult early = Staff(finance, {"settle", id, "--amount", "50.00"});
  EXPECT_EQ(early.exit_code, 1);
  EXPECT_THAT(early.err, HasSubstr("FAILED_PRECONDITION"));
  EXPECT_EQ(Resident(resident, {"sign-off", id}).exit_code, 0);
  CommandResult tip = Staff(finance, {"settle", id, "--amount", "55.00"});
  EXPECT_EQ(tip.exit_code, 1);
  EXPECT_THAT(tip.err, HasSubstr("no extra fee, no tip"));
  CommandResult settled = Staff(finance, {"settle", id, "--amount", "50.00"});
  EXPECT_EQ(settled.exit_code, 0) << settled.err;
  EXPECT_THAT(settled.out, HasSubstr("settled"));

  CommandResult ledger = Staff(finance, {"ledger", "--lang", "zh"});
  EXPECT_THAT(ledger.out, HasSubstr("有償服務活動記錄表"));
  EXPECT_THAT(ledger.out, HasSubstr("已收 ¥50.00"));
  CommandResult sheet =
      Staff(tokens_["RES_RECEPTION_TOKEN"], {"task-sheet", id, "--both"});
  EXPECT_THAT(sheet.out, HasSubstr("有償服務任務單"));
  EXPECT_THAT(sheet.out, HasSubstr("Resident's signature: 劉女士 Ms Liu"));
  CommandResult history = Staff(supervisor, {"repair-history", "1"});
  EXPECT_THAT(history.out, HasSubstr("new washer"));
  CommandResult mine = Resident(resident, {"request", id});
  EXPECT_THAT(mine.out, HasSubstr("SETTLE"));

  CommandResult watched = watch.get();
  EXPECT_EQ(watched.exit_code, 0) << watched.err;
  EXPECT_THAT(watched.out, HasSubstr("REGISTER"));
  EXPECT_THAT(watched.out, HasSubstr("ASSIGN"));
  EXPECT_THAT(watched.out, HasSubstr("COMPLETE"));
}

TEST_F(RequestsE2ETest, AQuotedCleanDisputedAndDecided) {
  LoadDemo();
  StartServer(db_->url());
  CommandResult booked =
      Resident(tokens_["RESIDENT2_TOKEN"],
               {"book", "KITCHEN_DEEP_CLEAN", "--output", "json"});
  ASSERT_EQ(booked.exit_code, 0) << booked.err;
  const std::string name = JsonField(booked.out, "name");
  const std::string id = name.substr(name.rfind('/') + 1);
  EXPECT_EQ(
      Staff(tokens_["RES_RECEPTION_TOKEN"], {"quote", id, "--amount", "300.00"})
          .exit_code,
      0);
  EXPECT_EQ(Resident(tokens_["RESIDENT2_TOKEN"],
                     {"dispute", id, "--reason", "too dear"})
                .exit_code,
            0);
  EXPECT_EQ(Staff(tokens_["RES_CLEANING_SUPERVISOR_TOKEN"],
                  {"propose-price", id, "--amount", "240.00"})
                .exit_code,
            0);
  CommandResult decided = Staff(tokens_["RES_MANAGER_TOKEN"],
                                {"decide-price", id, "--amount", "250.00"});
  EXPECT_EQ(decided.exit_code, 0) << decided.err;
  CommandResult shown = Resident(tokens_["RESIDENT2_TOKEN"], {"request", id});
  EXPECT_THAT(shown.out, HasSubstr("¥250.00"));
  EXPECT_THAT(shown.out, HasSubstr("DECIDE_PRICE"));
  // Another household cannot see it.
  CommandResult other = Resident(tokens_["RESIDENT_TOKEN"], {"request", id});
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_THAT(other.err, HasSubstr("PERMISSION_DENIED"));
}

// The supervisor's day as the source document has it: tomorrow's
// appointments, a case-by-case request the desk decides is free, work the
// resident does not accept, and the follow-up register.
TEST_F(RequestsE2ETest, AppointmentsReworkAndTheFollowUpRegister) {
  LoadDemo();
  StartServer(db_->url());
  const std::string resident = tokens_["RESIDENT_TOKEN"];
  const std::string reception = tokens_["RES_RECEPTION_TOKEN"];
  const std::string supervisor = tokens_["RES_SUPERVISOR_TOKEN"];
  const std::string plumber = tokens_["RES_PLUMBER_TOKEN"];
  absl::TimeZone shanghai;
  ASSERT_TRUE(absl::LoadTimeZone("Asia/Shanghai", &shanghai));
  const absl::CivilDay tomorrow = absl::ToCivilDay(absl::Now(), shanghai) + 1;
  const std::string day = absl::FormatCivilTime(tomorrow);

  CommandResult booked =
      Resident(resident, {"book", "TAP_REPAIR", "--content", "bathroom tap",
                          "--let-in", "劉女士", "--when", day + " 09:00",
                          "--until", day + " 11:00", "--output", "json"});
  ASSERT_EQ(booked.exit_code, 0) << booked.err;
  const std::string name = JsonField(booked.out, "name");
  const std::string id = name.substr(name.rfind('/') + 1);
  CommandResult jobs = Staff(supervisor, {"jobs", "--tomorrow", "--department",
                                          "MAINTENANCE", "--output", "json"});
  ASSERT_EQ(jobs.exit_code, 0) << jobs.err;
  EXPECT_THAT(jobs.out, HasSubstr(name));
  CommandResult on_day = Staff(supervisor, {"jobs", "--on", day});
  EXPECT_THAT(on_day.out, HasSubstr("In-home tap repair"));
  CommandResult no_day = Staff(supervisor, {"jobs"});
  EXPECT_EQ(no_day.exit_code, 2) << "usage";

  // Row 46 phoned in: the desk decides it is free.
  CommandResult other = Staff(
      reception, {"register", "--household", "1", "--item", "OTHER_REASONABLE",
                  "--resident", "1", "--content", "Help move a sofa", "--fee",
                  "free", "--output", "json"});
  ASSERT_EQ(other.exit_code, 0) << other.err;
  EXPECT_THAT(other.out, HasSubstr("FEE_KIND_FREE"));
  EXPECT_THAT(other.out, HasSubstr("REQUEST_STATE_DISPATCHED"));

  // The resident does not accept the work: it goes back for rework.
  CommandResult plumber_id = Staff(
      supervisor, {"staff", "list", "--role", "staff", "--output", "json"});
  ASSERT_EQ(Staff(supervisor,
                  {"assign", id, "--to", JsonField(plumber_id.out, "name")})
                .exit_code,
            0);
  ASSERT_EQ(Staff(plumber, {"start", id, "--enters-home"}).exit_code, 0);
  ASSERT_EQ(
      Staff(plumber, {"complete", id, "--notes", "new cartridge"}).exit_code,
      0);
  CommandResult no_reason = Resident(resident, {"decline", id});
  EXPECT_EQ(no_reason.exit_code, 2) << "--reason is required";
  CommandResult declined =
      Resident(resident, {"decline", id, "--reason", "still drips"});
  ASSERT_EQ(declined.exit_code, 0) << declined.err;
  CommandResult shown = Resident(resident, {"request", id, "--lang", "en"});
  EXPECT_THAT(shown.out, HasSubstr("DECLINE_SIGN_OFF"));
  EXPECT_THAT(shown.out, HasSubstr("still drips"));
  ASSERT_EQ(Staff(plumber, {"start", id, "--enters-home"}).exit_code, 0);
  ASSERT_EQ(Staff(plumber, {"complete", id, "--notes", "new valve"}).exit_code,
            0);
  EXPECT_EQ(Resident(resident, {"sign-off", id}).exit_code, 0);
  CommandResult report =
      Staff(tokens_["RES_MANAGER_TOKEN"],
            {"report", "--department", "MAINTENANCE", "--lang", "en"});
  EXPECT_THAT(report.out,
              ::testing::ContainsRegex("Reworks \\(sign-off declined\\): +1"));

  // The demo's recorded follow-ups, as the register lists them.
  CommandResult reg = Staff(tokens_["RES_MANAGER_TOKEN"],
                            {"followup", "register", "--lang", "en"});
  ASSERT_EQ(reg.exit_code, 0) << reg.err;
  EXPECT_THAT(reg.out, HasSubstr("Follow-up register"));
  EXPECT_THAT(reg.out, HasSubstr("Total "));
  CommandResult review =
      Staff(tokens_["RES_MANAGER_TOKEN"],
            {"review", absl::FormatTime("%Y", absl::Now(), shanghai), "--lang",
             "en"});
  EXPECT_THAT(review.out, HasSubstr("Follow-up register: "));
}

// Issue 24's case: the database commits an assignment but the answer is
// lost on the way back (here the link is cut while the answer waits in a
// slow proxy). The client retries with the same request_id and is told the
// assignment it made, instead of ABORTED "already assigned"; it is made
// once.
TEST_F(RequestsE2ETest, AnAssignmentWhoseAnswerIsLostIsRetriedAndMadeOnce) {
  LoadDemo();
  StartServer(db_->url());
  const std::string supervisor = tokens_["RES_SUPERVISOR_TOKEN"];
  CommandResult booked = Resident(
      tokens_["RESIDENT_TOKEN"],
      {"book", "TAP_REPAIR", "--content", "drips", "--output", "json"});
  ASSERT_EQ(booked.exit_code, 0) << booked.err;
  const std::string name = JsonField(booked.out, "name");
  const std::string id = name.substr(name.rfind('/') + 1);
  CommandResult plumber = Staff(
      supervisor, {"staff", "list", "--role", "staff", "--output", "json"});
  const std::string plumber_name = JsonField(plumber.out, "name");

  int server_port = 0;
  ASSERT_TRUE(
      absl::SimpleAtoi(address_.substr(address_.rfind(':') + 1), &server_port));
  testing::TcpProxy proxy(server_port);
  proxy.SetDelay(absl::Seconds(1));  // every chunk waits a second
  auto assigned = std::async(std::launch::async, [&] {
    return Staff(supervisor, {"assign", id, "--to", plumber_name, "--server",
                              absl::StrCat("127.0.0.1:", proxy.port()),
                              "--deadline", "20s"});
  });
  const std::string count_assigns = absl::StrCat(
      "SELECT count(*) FROM task_events WHERE action = 'ASSIGN' AND "
      "request_id = ",
      id);
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (testing::QueryValue(db_->url(), count_assigns) != "1" &&
         absl::Now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // Committed; its answer is still in the proxy: cut it.
  proxy.CutAll();
  proxy.Heal();
  CommandResult result = assigned.get();
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("assigned"));
  EXPECT_EQ(testing::QueryValue(db_->url(), count_assigns), "1");
  EXPECT_GE(proxy.accepted_connections(), 2) << "the retry came anew";
}

}  // namespace
}  // namespace concierge
