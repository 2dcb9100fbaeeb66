#include "tests/e2e/server_process.h"

#include <unistd.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "tests/support/message_audit.h"

namespace concierge::testing {

void ServerProcessTest::SetUp() {
  char dir_template[] = "/tmp/concierge-e2e-XXXXXX";
  scratch_dir_ = mkdtemp(dir_template);
  log_path_ = scratch_dir_ + "/server.log";
}

void ServerProcessTest::TearDown() {
  if (HasFailure()) {
    std::cerr << "--- server log ---\n"
              << server_log() << "------------------\n";
  }
  server_.reset();
  db_.reset();
  std::filesystem::remove_all(scratch_dir_);
}

void ServerProcessTest::StartServer(
    const std::string& database_url,
    const std::map<std::string, std::string>& env) {
  std::string url = database_url;
  if (url.empty()) {
    if (!db_) db_ = std::make_unique<TestDatabase>();
    url = db_->url();
  }
  // Never the default port: tests run side by side. A port taken between
  // FreePort() and the server's listen makes the server exit: try others.
  StartOutcome outcome = StartOutcome::kExited;
  for (int attempt = 0; attempt < 3 && outcome == StartOutcome::kExited;
       ++attempt) {
    address_ = absl::StrCat("127.0.0.1:", FreePort());
    metrics_port_ = FreePort();
    std::map<std::string, std::string> all = {
        {"CONCIERGE_DATABASE_URL", url},
        {"CONCIERGE_LISTEN_ADDRESS", address_},
        {"CONCIERGE_METRICS_ADDRESS",
         absl::StrCat("127.0.0.1:", metrics_port_)},
        {"CONCIERGE_ADMIN_TOKEN_FILE", scratch_dir_ + "/admin-token"},
        {"CONCIERGE_DB_POOL_SIZE", "4"},
    };
    for (const auto& [k, v] : env) all[k] = v;
    server_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{CONCIERGE_SERVER_BIN}, all, log_path_);
    outcome = WaitUntilServing(*server_, log_path_, absl::Seconds(30));
  }
  ASSERT_EQ(outcome, StartOutcome::kServing) << "server did not start:\n"
                                             << server_log();
  channel_ = grpc::experimental::CreateCustomChannelWithInterceptors(
      address_,
      channel_credentials_ ? channel_credentials_
                           : grpc::InsecureChannelCredentials(),
      grpc::ChannelArguments(), MessageAudit());
  ASSERT_TRUE(WaitForServing(channel_, true, absl::Seconds(20)))
      << "server did not start:\n"
      << server_log();
  if (admin_token_.empty()) {
    admin_token_ = std::string(absl::StripAsciiWhitespace(
        ReadFileOrEmpty(scratch_dir_ + "/admin-token")));
  }
}

CommandResult ServerProcessTest::Client(const std::string& binary,
                                        const std::string& token,
                                        const std::vector<std::string>& args) {
  std::vector<std::string> argv = {binary};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv, {{"CONCIERGE_SERVER", address_},
                           {"CONCIERGE_TOKEN", token},
                           {"CONCIERGE_LANG", "en"}});
}

std::map<std::string, std::string> ServerProcessTest::RunDemo() {
  const std::string out = scratch_dir_ + "/demo.env";
  CommandResult demo = RunCommand(
      {CONCIERGE_SERVER_BIN, "demo"},
      {{"CONCIERGE_DATABASE_URL", db_->url()},
       {"CONCIERGE_DEMO_OUT", out},
       {"CONCIERGE_ADMIN_TOKEN_FILE", scratch_dir_ + "/admin-token"}});
  EXPECT_EQ(demo.exit_code, 0) << demo.err;
  std::map<std::string, std::string> vars;
  for (absl::string_view line :
       absl::StrSplit(ReadFileOrEmpty(out), '\n', absl::SkipEmpty())) {
    const size_t eq = line.find('=');
    if (eq == absl::string_view::npos) continue;
    absl::string_view value = line.substr(eq + 1);
    absl::ConsumePrefix(&value, "'");
    absl::ConsumeSuffix(&value, "'");
    vars[std::string(line.substr(0, eq))] = std::string(value);
  }
  return vars;
}

std::string ServerProcessTest::JsonField(const std::string& json,
                                         const std::string& key) {
  const std::string needle = absl::StrCat("\"", key, "\":\"");
  const size_t start = json.find(needle);
  if (start == std::string::npos) return "";
  const size_t from = start + needle.size();
  return json.substr(from, json.find('"', from) - from);
}

}  // namespace concierge::testing
