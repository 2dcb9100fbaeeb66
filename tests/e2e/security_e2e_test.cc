// The real server and clients over TLS and mutual TLS with certificates
// made by the openssl CLI at test time; per-call deadlines held by the
// server; no secret in the server's log.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "concierge/v1/directory.grpc.pb.h"
#include "tests/e2e/server_process.h"
#include "tests/support/matchers.h"

namespace concierge {
namespace {

using ::concierge::testing::CommandResult;
using ::concierge::testing::IsOk;
using ::concierge::testing::ReadFileOrEmpty;
using ::concierge::testing::RunCommand;
using ::concierge::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

class SecurityE2ETest : public testing::ServerProcessTest {
 protected:
  std::string Path(const std::string& file) const {
    return scratch_dir_ + "/" + file;
  }

  // The openssl CLI on PATH (RunCommand spawns a path, not a name).
  static std::string OpensslPath() {
    const char* path = std::getenv("PATH");
    for (absl::string_view dir :
         absl::StrSplit(path ? path : "/usr/bin", ':')) {
      const std::string candidate = absl::StrCat(dir, "/openssl");
      if (access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return "openssl (not found on PATH: scripts/install-deps.sh installs it)";
  }

  void Openssl(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {OpensslPath()};
    argv.insert(argv.end(), args.begin(), args.end());
    CommandResult r = RunCommand(argv);
    ASSERT_EQ(r.exit_code, 0) << absl::StrJoin(argv, " ") << "\n" << r.err;
  }

  // A self-signed CA: <name>.pem and <name>.key.
  void MakeCa(const std::string& name) {
    Openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt",
             "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj",
             "/CN=" + name, "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-keyout",
             Path(name + ".key"), "-out", Path(name + ".pem")});
  }

  // A leaf certificate <name>.pem/.key signed by `ca`, for a server
  // (127.0.0.1 and localhost) or a client.
  void MakeLeaf(const std::string& name, const std::string& ca, bool server) {
    Openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
             "-nodes", "-subj", "/CN=" + name, "-keyout", Path(name + ".key"),
             "-out", Path(name + ".csr")});
    std::ofstream(Path(name + ".ext"))
        << (server ? "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                     "extendedKeyUsage=serverAuth\n"
                   : "extendedKeyUsage=clientAuth\n")
        << "basicConstraints=CA:FALSE\n"
           "keyUsage=critical,digitalSignature\n";
    Openssl({"x509", "-req", "-in", Path(name + ".csr"), "-CA",
             Path(ca + ".pem"), "-CAkey", Path(ca + ".key"), "-CAcreateserial",
             "-days", "2", "-extfile", Path(name + ".ext"), "-out",
             Path(name + ".pem")});
  }

  // Starts the server with TLS (and mutual TLS for partners when
  // `client_ca` is set); channel() trusts the server's CA.
  void StartTlsServer(const std::string& client_ca = "",
                      std::map<std::string, std::string> env = {}) {
    MakeCa("ca");
    MakeLeaf("server", "ca", /*server=*/true);
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ReadFileOrEmpty(Path("ca.pem"));
    channel_credentials_ = grpc::SslCredentials(ssl);
    env["CONCIERGE_TLS_CERT_FILE"] = Path("server.pem");
    env["CONCIERGE_TLS_KEY_FILE"] = Path("server.key");
    if (!client_ca.empty()) {
      env["CONCIERGE_TLS_CLIENT_CA_FILE"] = Path(client_ca + ".pem");
    }
    StartServer("", env);
  }

  std::unique_ptr<grpc::ClientContext> Ctx(const std::string& token) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + token);
    context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    return context;
  }

  std::string IssueToken(const std::string& principal) {
    auto stub = v1::DirectoryService::NewStub(channel());
    v1::IssueTokenRequest request;
    request.set_principal(principal);
    v1::IssueTokenResponse response;
    EXPECT_THAT(stub->IssueToken(Ctx(admin_token_).get(), request, &response),
                IsOk());
    return response.token();
  }

  // A residential site with one household and its resident's token.
  std::string ResidentToken(std::string* site_name = nullptr) {
    auto stub = v1::DirectoryService::NewStub(channel());
    v1::CreateSiteRequest site_request;
    site_request.mutable_site()->set_kind(v1::SITE_KIND_RESIDENTIAL);
    site_request.mutable_site()->set_display_name("TLS Gardens");
    site_request.mutable_site()->set_time_zone("Asia/Shanghai");
    v1::Site site;
    EXPECT_THAT(stub->CreateSite(Ctx(admin_token_).get(), site_request, &site),
                IsOk());
    v1::CreateHouseholdRequest household_request;
    household_request.set_parent(site.name());
    household_request.mutable_household()->set_building("1");
    household_request.mutable_household()->set_unit("101");
    v1::Household household;
    EXPECT_THAT(stub->CreateHousehold(Ctx(admin_token_).get(),
                                      household_request, &household),
                IsOk());
    v1::CreateResidentRequest resident_request;
    resident_request.set_parent(site.name());
    resident_request.mutable_resident()->set_display_name("Ms Liu");
    resident_request.mutable_resident()->set_household(household.name());
    v1::Resident resident;
    EXPECT_THAT(stub->CreateResident(Ctx(admin_token_).get(), resident_request,
                                     &resident),
                IsOk());
    if (site_name != nullptr) *site_name = site.name();
    return IssueToken(resident.name());
  }

  // A client binary with extra environment (the TLS twins).
  CommandResult ClientWithEnv(const std::string& binary,
                              const std::string& token,
                              const std::vector<std::string>& args,
                              std::map<std::string, std::string> env) {
    std::vector<std::string> argv = {binary};
    argv.insert(argv.end(), args.begin(), args.end());
    env["CONCIERGE_SERVER"] = address_;
    env["CONCIERGE_TOKEN"] = token;
    env["CONCIERGE_LANG"] = "en";
    return RunCommand(argv, env);
  }
};

TEST_F(SecurityE2ETest, ClientsTalkTlsWithTheCaByFlagOrEnvironment) {
  StartTlsServer();
  const std::string resident = ResidentToken();
  MakeCa("stranger-ca");

  // The CA by flag (staff) and by environment (resident, housekeeping).
  CommandResult by_flag =
      Staff(admin_token_, {"--tls-ca", Path("ca.pem"), "site", "list"});
  EXPECT_EQ(by_flag.exit_code, 0) << by_flag.err;
  EXPECT_THAT(by_flag.out, HasSubstr("TLS Gardens"));
  CommandResult by_env =
      ClientWithEnv(CONCIERGE_RESIDENT_BIN, resident, {"whoami"},
                    {{"CONCIERGE_TLS_CA", Path("ca.pem")}});
  EXPECT_EQ(by_env.exit_code, 0) << by_env.err;
  EXPECT_THAT(by_env.out, HasSubstr("Ms Liu"));
  CommandResult handheld =
      ClientWithEnv(CONCIERGE_HOUSEKEEPING_BIN, admin_token_, {"whoami"},
                    {{"CONCIERGE_TLS_CA", Path("ca.pem")}});
  EXPECT_EQ(handheld.exit_code, 0) << handheld.err;

  // Plaintext to the TLS port: no answer, from a client or a raw channel.
  CommandResult plaintext = Resident(resident, {"whoami"});
  EXPECT_EQ(plaintext.exit_code, 1);
  EXPECT_THAT(plaintext.err, HasSubstr("UNAVAILABLE"));
  auto insecure = v1::DirectoryService::NewStub(
      grpc::CreateChannel(address_, grpc::InsecureChannelCredentials()));
  v1::Principal me;
  EXPECT_THAT(insecure->WhoAmI(Ctx(resident).get(), {}, &me),
              StatusIs(grpc::StatusCode::UNAVAILABLE, ::testing::_));
  // A client that trusts another CA refuses the server.
  CommandResult wrong_ca =
      Resident(resident, {"--tls-ca", Path("stranger-ca.pem"), "whoami"});
  EXPECT_EQ(wrong_ca.exit_code, 1);
  EXPECT_THAT(wrong_ca.err, HasSubstr("UNAVAILABLE"));
  // A CA file that cannot be read is a usage error, not a silent fallback.
  CommandResult missing =
      Resident(resident, {"--tls-ca", Path("nothing.pem"), "whoami"});
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
  EXPECT_THAT(missing.err, HasSubstr("nothing.pem"));
}

TEST_F(SecurityE2ETest, PartnersNeedAClientCertificateFromTheirCa) {
  MakeCa("partner-ca");
  MakeLeaf("partner", "partner-ca", /*server=*/false);
  MakeCa("stranger-ca");
  MakeLeaf("stranger", "stranger-ca", /*server=*/false);
  StartTlsServer("partner-ca");
  std::string site;
  const std::string resident = ResidentToken(&site);
  auto stub = v1::DirectoryService::NewStub(channel());
  v1::CreatePartnerRequest request;
  request.set_parent(site);
  request.mutable_partner()->set_display_name("Laundry partner");
  request.mutable_partner()->add_scopes("requests.read");
  v1::Partner partner;
  ASSERT_THAT(stub->CreatePartner(Ctx(admin_token_).get(), request, &partner),
              IsOk());
  const std::string partner_token = IssueToken(partner.name());
  const std::vector<std::string> trust = {"--tls-ca", Path("ca.pem")};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.begin(), trust.begin(), trust.end());
    return args;
  };

  // No certificate: the connection is made, the partner is refused.
  CommandResult bare = Staff(partner_token, with({"whoami"}));
  EXPECT_EQ(bare.exit_code, 1);
  EXPECT_THAT(bare.err, HasSubstr("UNAUTHENTICATED"));
  EXPECT_THAT(bare.err, HasSubstr("client certificate"));
  // A certificate from another CA: the handshake fails.
  CommandResult stranger =
      Staff(partner_token, with({"--tls-cert", Path("stranger.pem"),
                                 "--tls-key", Path("stranger.key"), "whoami"}));
  EXPECT_EQ(stranger.exit_code, 1);
  EXPECT_THAT(stranger.err, HasSubstr("UNAVAILABLE"));
  // The partner's own certificate, by flag and by environment.
  CommandResult good =
      Staff(partner_token, with({"--tls-cert", Path("partner.pem"), "--tls-key",
                                 Path("partner.key"), "whoami"}));
  EXPECT_EQ(good.exit_code, 0) << good.err;
  EXPECT_THAT(good.out, HasSubstr("Laundry partner"));
  CommandResult good_env =
      ClientWithEnv(CONCIERGE_STAFF_BIN, partner_token, {"whoami"},
                    {{"CONCIERGE_TLS_CA", Path("ca.pem")},
                     {"CONCIERGE_TLS_CERT", Path("partner.pem")},
                     {"CONCIERGE_TLS_KEY", Path("partner.key")}});
  EXPECT_EQ(good_env.exit_code, 0) << good_env.err;
  // Staff terminals and residents keep using their tokens alone.
  CommandResult resident_call = Resident(resident, with({"whoami"}));
  EXPECT_EQ(resident_call.exit_code, 0) << resident_call.err;
}

// A call without a deadline cannot hold a server thread and a database
// connection for long: the server bounds it by --max_call_ms. The table the
// call reads is locked by the test, so only the server's cap can end it.
TEST_F(SecurityE2ETest, TheServerBoundsACallWithoutDeadline) {
  StartServer("", {{"CONCIERGE_MAX_CALL_MS", "1500"},
                   {"CONCIERGE_STATEMENT_TIMEOUT_MS", "60000"}});
  std::string site;
  ResidentToken(&site);
  PGconn* locker = PQconnectdb(db_->url().c_str());
  ASSERT_EQ(PQstatus(locker), CONNECTION_OK) << PQerrorMessage(locker);
  PQclear(
      PQexec(locker, "BEGIN; LOCK TABLE households IN ACCESS EXCLUSIVE MODE"));

  auto stub = v1::DirectoryService::NewStub(channel());
  grpc::ClientContext context;  // no deadline
  context.AddMetadata("authorization", "Bearer " + admin_token_);
  v1::ListHouseholdsRequest request;
  request.set_parent(site);
  v1::ListHouseholdsResponse response;
  const absl::Time start = absl::Now();
  const grpc::Status status =
      stub->ListHouseholds(&context, request, &response);
  const absl::Duration took = absl::Now() - start;
  PQclear(PQexec(locker, "ROLLBACK"));
  PQfinish(locker);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED)
      << status.error_message();
  EXPECT_GE(took, absl::Milliseconds(1400));
  EXPECT_LT(took, absl::Seconds(10));
  // The server is fine afterwards.
  grpc::ClientContext again;
  again.AddMetadata("authorization", "Bearer " + admin_token_);
  again.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  EXPECT_THAT(stub->ListHouseholds(&again, request, &response), IsOk());
  EXPECT_EQ(response.households_size(), 1);
}

// Tokens, the bootstrap admin token and the database password never reach
// the log, at debug level, whatever the calls do: succeed, fail, use a
// forged, revoked or malformed token.
TEST_F(SecurityE2ETest, SecretsNeverReachTheLog) {
  StartServer("", {{"CONCIERGE_LOG_LEVEL", "debug"}});
  const std::string url = db_->url();
  const size_t at = url.find('@');
  const size_t colon = url.rfind(':', at);
  ASSERT_NE(at, std::string::npos);
  const std::string password = url.substr(colon + 1, at - colon - 1);
  ASSERT_GE(password.size(), 8u)
      << "the test database has no password in " << url;

  std::string site;
  const std::string resident = ResidentToken(&site);
  CommandResult who = Resident(resident, {"whoami"});
  EXPECT_EQ(who.exit_code, 0) << who.err;
  CommandResult sites = Staff(admin_token_, {"site", "list"});
  EXPECT_EQ(sites.exit_code, 0) << sites.err;
  CommandResult refused =
      Staff(resident, {"token", "list", "sites/1/residents/1"});
  EXPECT_EQ(refused.exit_code, 1);
  const std::string forged = "cnc_FORGEDSECRETVALUE0123456789";
  CommandResult forged_call = Staff(forged, {"site", "list"});
  EXPECT_EQ(forged_call.exit_code, 1);
  // Revoke the resident's token and use it again.
  auto stub = v1::DirectoryService::NewStub(channel());
  grpc::ClientContext whoami_context;
  whoami_context.AddMetadata("authorization", "Bearer " + resident);
  v1::Principal me;
  ASSERT_THAT(stub->WhoAmI(&whoami_context, {}, &me), IsOk());
  v1::RevokeTokenRequest revoke;
  revoke.set_name(me.token());
  v1::Token revoked;
  ASSERT_THAT(stub->RevokeToken(Ctx(admin_token_).get(), revoke, &revoked),
              IsOk());
  CommandResult after = Resident(resident, {"whoami"});
  EXPECT_EQ(after.exit_code, 1);
  EXPECT_THAT(after.err, HasSubstr("UNAUTHENTICATED"));
  // A header that is not "Bearer <token>" at all.
  grpc::ClientContext odd;
  odd.AddMetadata("authorization", "Basic " + password);
  EXPECT_THAT(stub->WhoAmI(&odd, {}, &me),
              StatusIs(grpc::StatusCode::UNAUTHENTICATED, ::testing::_));
  // A server that cannot reach its database says so without the URL's
  // password.
  CommandResult migrate = RunCommand(
      {CONCIERGE_SERVER_BIN, "migrate"},
      {{"CONCIERGE_DATABASE_URL",
        absl::StrCat("postgresql://concierge:", password,
                     "@127.0.0.1:", testing::FreePort(), "/nowhere")}});
  EXPECT_EQ(migrate.exit_code, 1);
  EXPECT_THAT(migrate.err, Not(HasSubstr(password)));

  server_->Signal(SIGTERM);
  EXPECT_EQ(server_->Wait(absl::Seconds(20)), 0);
  const std::string log = server_log();
  EXPECT_THAT(log, HasSubstr("serving"));
  for (const auto& [what, secret] :
       std::vector<std::pair<std::string, std::string>>{
           {"admin token", admin_token_},
           {"resident token", resident},
           {"forged token", forged},
           {"database password", password}}) {
    ASSERT_FALSE(secret.empty()) << what;
    EXPECT_FALSE(absl::StrContains(log, secret))
        << "the log shows the " << what;
  }
}

}  // namespace
}  // namespace concierge
