#include "tests/support/pg_cluster.h"

#include <stdlib.h>

#include <filesystem>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "tests/support/process.h"

namespace concierge::testing {
namespace {

CommandResult Script(std::vector<std::string> args) {
  args.insert(args.begin(), CONCIERGE_SOURCE_DIR "/scripts/pg-cluster.sh");
  return RunCommand(args, {}, absl::Seconds(120));
}

absl::Status Check(const CommandResult& result, const char* what) {
  if (result.exit_code == 0) return absl::OkStatus();
  return absl::InternalError(
      absl::StrCat("pg-cluster.sh ", what, " failed: ", result.err));
}

}  // namespace

PgCluster::PgCluster(bool durable) {
  char dir_template[] = "/tmp/concierge-fault-pg-XXXXXX";
  dir_ = mkdtemp(dir_template);
  port_ = FreePort();
  std::vector<std::string> args = {"start", dir_, absl::StrCat(port_)};
  if (!durable) args.push_back("--throwaway");
  CommandResult started = Script(args);
  if (started.exit_code != 0) {
    error_ = started.err;
    return;
  }
  url_ = std::string(absl::StripAsciiWhitespace(started.out));
}

PgCluster::~PgCluster() {
  Script({"stop", dir_});
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

absl::Status PgCluster::Crash() {
  return Check(Script({"crash", dir_}), "crash");
}

absl::Status PgCluster::Start() {
  return Check(Script({"start", dir_, absl::StrCat(port_)}), "start");
}

}  // namespace concierge::testing
