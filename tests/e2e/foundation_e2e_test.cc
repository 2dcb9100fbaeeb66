// The real binaries: the server's lifecycle (start, SIGTERM drain, database
// outage and recovery) and the clients driving it.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <signal.h>

#include <future>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "concierge/v1/directory.grpc.pb.h"
#include "tests/e2e/server_process.h"
#include "tests/support/http_get.h"
#include "tests/support/matchers.h"

namespace concierge {
namespace {

using ::concierge::testing::CommandResult;
using ::concierge::testing::IsOk;
using ::concierge::testing::RunCommand;
using ::concierge::testing::StatusIs;
using ::testing::HasSubstr;

class FoundationE2ETest : public testing::ServerProcessTest {
 protected:
  std::unique_ptr<grpc::ClientContext> Ctx(
      absl::Duration deadline = absl::Seconds(10)) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + admin_token_);
    context->set_deadline(absl::ToChronoTime(absl::Now() + deadline));
    return context;
  }
};

TEST_F(FoundationE2ETest, ClientsAdministerASiteAndResidentsSeeOnlyTheirOwn) {
  StartServer();
  CommandResult site =
      Staff(admin_token_, {"site", "create", "--kind", "residential", "--name",
                           "和諧花園", "--output", "json"});
  ASSERT_EQ(site.exit_code, 0) << site.err;
  const std::string site_name = JsonField(site.out, "name");
  ASSERT_EQ(site_name.rfind("sites/", 0), 0u) << site.out;

  CommandResult staff =
      Staff(admin_token_, {"staff", "create", "--site", site_name, "--name",
                           "陳師傅", "--role", "staff", "--department",
                           "maintenance", "--output", "json"});
  ASSERT_EQ(staff.exit_code, 0) << staff.err;
  EXPECT_THAT(JsonField(staff.out, "department"), HasSubstr("/departments/"));

  CommandResult household = Staff(
      admin_token_, {"household", "create", "--site", site_name, "--building",
                     "1", "--unit", "101", "--output", "json"});
  ASSERT_EQ(household.exit_code, 0) << household.err;
  CommandResult resident =
      Staff(admin_token_, {"resident", "create", "--site", site_name,
                           "--household", JsonField(household.out, "name"),
                           "--name", "劉女士", "--output", "json"});
  ASSERT_EQ(resident.exit_code, 0) << resident.err;
  CommandResult token = Staff(
      admin_token_,
      {"token", "issue", JsonField(resident.out, "name"), "--output", "json"});
  ASSERT_EQ(token.exit_code, 0) << token.err;
  const std::string resident_token = JsonField(token.out, "token");
  ASSERT_FALSE(resident_token.empty()) << token.out;

  CommandResult whoami = Resident(resident_token, {"whoami"});
  EXPECT_EQ(whoami.exit_code, 0) << whoami.err;
  EXPECT_THAT(whoami.out, HasSubstr("劉女士"));
  EXPECT_THAT(whoami.out, HasSubstr("RESIDENT"));

  CommandResult mine = Resident(resident_token, {"household"});
  EXPECT_EQ(mine.exit_code, 0) << mine.err;
  EXPECT_THAT(mine.out, HasSubstr("101"));

  // A resident using the staff terminal: the server says no, exit code 1.
  CommandResult denied = Staff(resident_token, {"staff", "list"});
  EXPECT_EQ(denied.exit_code, 1);
  EXPECT_THAT(denied.err, HasSubstr("error: PERMISSION_DENIED"));

  // Usage errors are the client's: exit code 2, nothing sent.
  CommandResult usage =
      Staff(admin_token_, {"site", "create", "--kind", "moon"});
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_THAT(usage.err, HasSubstr("usage error"));
  CommandResult unknown = Staff(admin_token_, {"sight", "list"});
  EXPECT_EQ(unknown.exit_code, 2);

  CommandResult help = Staff("", {"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("token issue"));
  EXPECT_THAT(help.out, HasSubstr("CONCIERGE_TOKEN"));
  for (const char* binary :
       {CONCIERGE_RESIDENT_BIN, CONCIERGE_HOUSEKEEPING_BIN}) {
    CommandResult h = RunCommand({binary, "--help"});
    EXPECT_EQ(h.exit_code, 0);
    EXPECT_THAT(h.out, HasSubstr("whoami"));
  }

  CommandResult bad_token = Staff("cnc_nope", {"whoami"});
  EXPECT_EQ(bad_token.exit_code, 1);
  EXPECT_THAT(bad_token.err, HasSubstr("UNAUTHENTICATED"));
}

TEST_F(FoundationE2ETest, BadFlagsAndAnUnreachableDatabaseFailInOneLine) {
  CommandResult no_db =
      RunCommand({CONCIERGE_SERVER_BIN}, {{"CONCIERGE_DATABASE_URL", ""}});
  EXPECT_EQ(no_db.exit_code, 2);
  EXPECT_THAT(no_db.err, HasSubstr("CONCIERGE_DATABASE_URL"));

  CommandResult bad_pool =
      RunCommand({CONCIERGE_SERVER_BIN, "--db_pool_size=0"},
                 {{"CONCIERGE_DATABASE_URL", "postgresql://x@127.0.0.1:1/x"}});
  EXPECT_EQ(bad_pool.exit_code, 2);
  EXPECT_THAT(bad_pool.err, HasSubstr("db_pool_size"));

  CommandResult bad_env =
      RunCommand({CONCIERGE_SERVER_BIN},
                 {{"CONCIERGE_DB_POOL_SIZE", "lots"},
                  {"CONCIERGE_DATABASE_URL", "postgresql://x@127.0.0.1:1/x"}});
  EXPECT_EQ(bad_env.exit_code, 2);
  EXPECT_THAT(bad_env.err, HasSubstr("CONCIERGE_DB_POOL_SIZE"));

  const int closed = testing::FreePort();
  CommandResult unreachable =
      RunCommand({CONCIERGE_SERVER_BIN},
                 {{"CONCIERGE_DATABASE_URL",
                   absl::StrCat("postgresql://x@127.0.0.1:", closed, "/x")},
                  {"CONCIERGE_LISTEN_ADDRESS", "127.0.0.1:0"},
                  {"CONCIERGE_METRICS_ADDRESS", "127.0.0.1:0"}});
  EXPECT_EQ(unreachable.exit_code, 1);
  EXPECT_THAT(unreachable.err, HasSubstr("the database is unavailable"));
  // The operator reads which address refused; callers never would.
  EXPECT_THAT(unreachable.err, HasSubstr(absl::StrCat(closed)));
  EXPECT_EQ(std::count(unreachable.err.begin(), unreachable.err.end(), '\n'), 1)
      << unreachable.err;
}

// A developer keeps the demo (scripts/run.sh: localhost:50051, metrics on
// localhost:9464) running while the tests run: test servers take free ports.
TEST_F(FoundationE2ETest, TheServerStartsWhileTheDefaultPortsAreTaken) {
  const testing::PortOccupier grpc_v4("127.0.0.1", 50051),
      grpc_v6("::1", 50051), metrics("127.0.0.1", 9464);
  ASSERT_TRUE(grpc_v4.taken());
  ASSERT_TRUE(metrics.taken());
  StartServer();
  EXPECT_THAT(address_, ::testing::Not(HasSubstr(":50051")));
  CommandResult whoami = Staff(admin_token_, {"whoami"});
  EXPECT_EQ(whoami.exit_code, 0) << whoami.err;
  EXPECT_NE(metrics_port_, 9464);
  auto scraped = testing::HttpGet(metrics_port_, "/metrics");
  ASSERT_TRUE(scraped.ok()) << scraped.status();
  EXPECT_EQ(scraped->status, 200);
}

TEST_F(FoundationE2ETest, SigtermLetsCallsInFlightFinishAndRefusesNewOnes) {
  StartServer("", {{"CONCIERGE_SHUTDOWN_GRACE_MS", "8000"}});
  auto stub = v1::DirectoryService::NewStub(channel());

  // Hold a lock the next CreateSite needs, so it is in flight at SIGTERM.
  PGconn* blocker = PQconnectdb(db_->url().c_str());
  ASSERT_EQ(PQstatus(blocker), CONNECTION_OK);
  PQclear(PQexec(blocker, "BEGIN"));
  PQclear(PQexec(blocker, "LOCK TABLE sites IN ACCESS EXCLUSIVE MODE"));

  auto in_flight = std::async(std::launch::async, [&] {
    v1::CreateSiteRequest request;
    request.mutable_site()->set_kind(v1::SITE_KIND_HOTEL);
    request.mutable_site()->set_display_name("In flight");
    request.mutable_site()->set_time_zone("Asia/Shanghai");
    v1::Site site;
    return stub->CreateSite(Ctx().get(), request, &site);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const absl::Time signalled = absl::Now();
  server_->Signal(SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  // A new call is refused while the old one drains.
  auto fresh =
      grpc::CreateChannel(address_, grpc::InsecureChannelCredentials());
  v1::Principal me;
  EXPECT_FALSE(v1::DirectoryService::NewStub(fresh)
                   ->WhoAmI(Ctx(absl::Seconds(1)).get(), {}, &me)
                   .ok());

  PQclear(PQexec(blocker, "COMMIT"));
  PQfinish(blocker);
  EXPECT_THAT(in_flight.get(), IsOk());
  EXPECT_EQ(server_->Wait(absl::Seconds(10)), 0) << server_log();
  EXPECT_LT(absl::Now() - signalled, absl::Seconds(8));
  EXPECT_EQ(testing::QueryValue(db_->url(),
                                "SELECT count(*) FROM sites WHERE "
                                "display_name = 'In flight'"),
            "1");
}

// A private cluster this test may crash: scripts/pg-cluster.sh, as the README's
// commands use it. Durable, not --throwaway: a throw-away cluster commits
// asynchronously, and a crash then loses the last fraction of a second of
// commits (the bootstrap administrator's token among them, when the crash
// comes right after the server started).
class PrivateCluster {
 public:
  PrivateCluster() {
    char dir_template[] = "/tmp/concierge-pg-XXXXXX";
    dir_ = mkdtemp(dir_template);
    port_ = testing::FreePort();
    CommandResult started = Script({"start", dir_, absl::StrCat(port_)});
    EXPECT_EQ(started.exit_code, 0) << started.err;
    url_ = std::string(absl::StripAsciiWhitespace(started.out));
  }
  ~PrivateCluster() {
    Script({"stop", dir_});
    RunCommand({"rm", "-rf", dir_});
  }
  void Crash() { EXPECT_EQ(Script({"crash", dir_}).exit_code, 0); }
  void Start() {
    CommandResult r = Script({"start", dir_, absl::StrCat(port_)});
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  const std::string& url() const { return url_; }

 private:
  static CommandResult Script(std::vector<std::string> args) {
    args.insert(args.begin(), CONCIERGE_SOURCE_DIR "/scripts/pg-cluster.sh");
    return RunCommand(args, {}, absl::Seconds(120));
  }
  std::string dir_;
  int port_ = 0;
  std::string url_;
};

TEST_F(FoundationE2ETest, DatabaseDownMeansUnavailableFastThenRecovery) {
  PrivateCluster cluster;
  ASSERT_FALSE(cluster.url().empty());
  StartServer(cluster.url());
  auto stub = v1::DirectoryService::NewStub(channel());
  v1::ListSitesResponse sites;
  ASSERT_THAT(stub->ListSites(Ctx().get(), {}, &sites), IsOk());

  cluster.Crash();
  // Calls that need the database fail fast with UNAVAILABLE, well inside
  // their deadline; creates never hang.
  for (int i = 0; i < 3; ++i) {
    v1::CreateSiteRequest request;
    request.mutable_site()->set_kind(v1::SITE_KIND_HOTEL);
    request.mutable_site()->set_display_name("During outage");
    request.mutable_site()->set_time_zone("Asia/Shanghai");
    v1::Site site;
    const absl::Time start = absl::Now();
    EXPECT_THAT(stub->CreateSite(Ctx(absl::Seconds(5)).get(), request, &site),
                StatusIs(grpc::StatusCode::UNAVAILABLE, HasSubstr("database")));
    EXPECT_LT(absl::Now() - start, absl::Seconds(4));
  }
  EXPECT_TRUE(testing::WaitForServing(channel(), false, absl::Seconds(5)));
  EXPECT_TRUE(testing::IsServing(channel(), "concierge.liveness"));

  cluster.Start();
  const absl::Time back = absl::Now();
  EXPECT_TRUE(testing::WaitForServing(channel(), true, absl::Seconds(5)));
  grpc::Status status;
  do {
    status = stub->ListSites(Ctx().get(), {}, &sites);
  } while (!status.ok() && absl::Now() - back < absl::Seconds(5));
  EXPECT_THAT(status, IsOk());
  EXPECT_LT(absl::Now() - back, absl::Seconds(5));
  EXPECT_TRUE(server_->Running());
}

}  // namespace
}  // namespace concierge
