// concierge-server: flags, wiring, signals; nothing else.
//
//   concierge-server [serve]   migrate, bootstrap, serve until SIGINT/SIGTERM
//   concierge-server migrate   apply database migrations and exit
//   concierge-server demo      migrate and create/refresh the demo sites,
//                              people and tokens; write them to --demo_out
//
// Every flag has an environment twin, CONCIERGE_<FLAG_NAME_IN_CAPS>; the
// command line wins over the environment.

#include <grpc/support/log.h>
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/app/concierge_server.h"
#include "server/common/embedded_file.h"
#include "server/common/env_flags.h"
#include "server/common/log.h"
#include "server/common/status_detail.h"
#include "server/demo/demo_data.h"
#include "server/store/migrator.h"

ABSL_FLAG(std::string, listen_address, "localhost:50051",
          "host:port for gRPC (0.0.0.0:50051 in a container)");
ABSL_FLAG(std::string, database_url, "",
          "PostgreSQL URL or libpq connection string; prefer the environment "
          "(CONCIERGE_DATABASE_URL) so passwords stay out of argv");
ABSL_FLAG(int, db_pool_size, 8, "PostgreSQL connections held by this process");
ABSL_FLAG(int, statement_timeout_ms, 5000,
          "upper bound for every SQL statement");
ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM certificate chain (enables TLS)");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key for --tls_cert_file");
ABSL_FLAG(std::string, tls_client_ca_file, "",
          "PEM CA of partner client certificates (mutual TLS for partners)");
ABSL_FLAG(int, max_call_ms, 30000,
          "the longest any call may take; also the deadline of calls that "
          "set none");
ABSL_FLAG(int, shutdown_grace_ms, 10000,
          "on SIGTERM/SIGINT, how long calls in flight may take to finish");
ABSL_FLAG(std::string, admin_token_file, "concierge-admin-token",
          "where the first start writes the bootstrap admin token (mode 0600)");
ABSL_FLAG(std::string, log_level, "info", "debug, info, warning or error");
ABSL_FLAG(int, sweep_interval_ms, 30000,
          "how often overdue requests, and hotel room actions near or past "
          "their deadline, are escalated or expired (0: never)");
ABSL_FLAG(std::string, metrics_address, "localhost:9464",
          "host:port of the Prometheus metrics endpoint (HTTP GET /metrics; "
          "0.0.0.0:9464 in a container); empty: none");
ABSL_FLAG(std::string, demo_out, ".local/demo.env",
          "demo: file (mode 0600) receiving the demo tokens");

namespace {

const std::vector<std::string> kFlagNames = {
    "listen_address",       "database_url",  "db_pool_size",
    "statement_timeout_ms", "tls_cert_file", "tls_key_file",
    "tls_client_ca_file",   "max_call_ms",   "shutdown_grace_ms",
    "admin_token_file",     "log_level",     "sweep_interval_ms",
    "metrics_address",      "demo_out",
};

// gRPC's own messages (errors only, unless GRPC_VERBOSITY says more) as
// JSON lines like ours, so that stderr stays machine-readable.
void LogGrpcMessage(gpr_log_func_args* args) {
  const concierge::LogLevel level =
      args->severity == GPR_LOG_SEVERITY_ERROR  ? concierge::LogLevel::kError
      : args->severity == GPR_LOG_SEVERITY_INFO ? concierge::LogLevel::kInfo
                                                : concierge::LogLevel::kDebug;
  concierge::Log(
      level, args->message,
      {{"source", "grpc"}, {"file", args->file}, {"line", args->line}});
}

int Fail(int code, const std::string& message) {
  std::cerr << "concierge-server: " << message << "\n";
  return code;
}

// At start-up the operator reads the status and its detail (the driver's
// message: which host refused), on one line.
int Fail(int code, const absl::Status& status) {
  const std::optional<std::string> detail = concierge::DetailOf(status);
  return Fail(code,
              absl::StrCat(status.message(),
                           detail ? absl::StrCat(" (", *detail, ")") : ""));
}

concierge::ServerOptions OptionsFromFlags() {
  concierge::ServerOptions options;
  options.listen_address = absl::GetFlag(FLAGS_listen_address);
  options.database.url = absl::GetFlag(FLAGS_database_url);
  options.database.pool_size = absl::GetFlag(FLAGS_db_pool_size);
  options.database.statement_timeout =
      absl::Milliseconds(absl::GetFlag(FLAGS_statement_timeout_ms));
  options.tls_cert_file = absl::GetFlag(FLAGS_tls_cert_file);
  options.tls_key_file = absl::GetFlag(FLAGS_tls_key_file);
  options.tls_client_ca_file = absl::GetFlag(FLAGS_tls_client_ca_file);
  options.max_call_duration =
      absl::Milliseconds(absl::GetFlag(FLAGS_max_call_ms));
  options.admin_token_file = absl::GetFlag(FLAGS_admin_token_file);
  options.sweep_interval =
      absl::Milliseconds(absl::GetFlag(FLAGS_sweep_interval_ms));
  options.metrics_address = absl::GetFlag(FLAGS_metrics_address);
  return options;
}

// Checks the flags that have a range; returns "" when all are fine.
std::string CheckFlags() {
  if (absl::GetFlag(FLAGS_database_url).empty()) {
    return "no database: set CONCIERGE_DATABASE_URL (or --database_url)";
  }
  if (absl::GetFlag(FLAGS_db_pool_size) < 1 ||
      absl::GetFlag(FLAGS_db_pool_size) > 512) {
    return "--db_pool_size must be 1..512";
  }
  if (absl::GetFlag(FLAGS_statement_timeout_ms) < 100) {
    return "--statement_timeout_ms must be at least 100";
  }
  if (absl::GetFlag(FLAGS_sweep_interval_ms) < 0) {
    return "--sweep_interval_ms must not be negative";
  }
  if (absl::GetFlag(FLAGS_max_call_ms) < 100) {
    return "--max_call_ms must be at least 100";
  }
  if (absl::GetFlag(FLAGS_shutdown_grace_ms) < 0) {
    return "--shutdown_grace_ms must not be negative";
  }
  return "";
}

int Serve(const concierge::ServerOptions& options) {
  concierge::domain::RealClock clock;
  auto server = concierge::ConciergeServer::Start(options, &clock);
  if (!server.ok()) return Fail(1, server.status());
  // (The first start's bootstrap token file is logged by Start: stderr
  // carries JSON lines only once the server runs.)
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  int received = 0;
  sigwait(&signals, &received);
  const absl::Duration grace =
      absl::Milliseconds(absl::GetFlag(FLAGS_shutdown_grace_ms));
  concierge::Log(
      concierge::LogLevel::kInfo, "shutting down",
      {{"signal", received == SIGTERM ? "SIGTERM" : "SIGINT"},
       {"grace_ms", absl::StrCat(absl::ToInt64Milliseconds(grace))}});
  (*server)->Shutdown(grace);
  concierge::Log(concierge::LogLevel::kInfo, "stopped");
  return 0;
}

int Migrate(const concierge::ServerOptions& options) {
  concierge::store::DatabaseOptions db = options.database;
  auto report = concierge::store::Migrate(
      concierge::store::AddConnectionParameter(db.url, "connect_timeout", "5"),
      concierge::embedded::Migrations());
  if (!report.ok()) return Fail(1, report.status());
  std::cout << "schema version " << report->current_version << " ("
            << report->applied.size() << " applied now)\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Debian builds Abseil without NDEBUG, so every absl::Mutex (gRPC's
  // included) keeps a lock-order graph for deadlock detection: a global lock
  // and bookkeeping on every acquisition. Tests keep it; production does not.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  absl::SetProgramUsageMessage(
      "concierge-server [serve|migrate|demo] [--flags]\n"
      "Every flag also reads CONCIERGE_<FLAG> from the environment.");
  // Signals are taken by sigwait in Serve; block them before any thread
  // starts so none of gRPC's threads receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  gpr_set_log_function(LogGrpcMessage);

  if (absl::Status env = concierge::ApplyEnvironmentTwins(kFlagNames);
      !env.ok()) {
    return Fail(2, std::string(env.message()));
  }
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  const std::string command = args.size() > 1 ? args[1] : "serve";
  if (args.size() > 2) return Fail(2, "one command at most; see --help");

  concierge::LogLevel level;
  if (!concierge::ParseLogLevel(absl::GetFlag(FLAGS_log_level), &level)) {
    return Fail(2, "--log_level must be debug, info, warning or error");
  }
  concierge::SetLogLevel(level);
  if (std::string problem = CheckFlags(); !problem.empty()) {
    return Fail(2, problem);
  }
  const concierge::ServerOptions options = OptionsFromFlags();
  if (command == "serve") return Serve(options);
  if (command == "migrate") return Migrate(options);
  if (command == "demo") {
    concierge::domain::RealClock clock;
    absl::Status status =
        concierge::RunDemoSetup(options, clock, absl::GetFlag(FLAGS_demo_out));
    return status.ok() ? 0 : Fail(1, status);
  }
  return Fail(2, absl::StrCat("unknown command \"", command,
                              "\" (serve, migrate or demo)"));
}
