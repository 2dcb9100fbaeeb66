// concierge-web: pages for browsers (residents' phones, attendants'
// handhelds) that call concierge-server over gRPC with the signed-in
// person's own token. Flags, wiring, signals; nothing else.
//
// Every flag has an environment twin, CONCIERGE_WEB_<FLAG_IN_CAPS>; the
// command line wins. Secrets (--session_secret) belong in the environment.

#include <signal.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "clients/common/cli.h"
#include "clients/web/app.h"
#include "clients/web/embedded.h"
#include "clients/web/http_server.h"
#include "clients/web/log.h"

ABSL_FLAG(std::string, listen_address, "localhost:8080",
          "host:port for browsers (0.0.0.0:8080 in a container; port 0: any "
          "free port, logged)");
ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM certificate chain: browsers connect with HTTPS (needs a "
          "civetweb that loads OpenSSL 3; Debian 12's cannot: terminate TLS "
          "in front and set --secure_cookies)");
ABSL_FLAG(std::string, tls_key_file, "",
          "PEM private key of --tls_cert_file (empty: in the same file)");
ABSL_FLAG(bool, secure_cookies, false,
          "mark cookies Secure (always with --tls_cert_file; set it when a "
          "proxy or Ingress terminates TLS in front of concierge-web)");
ABSL_FLAG(std::string, server, "localhost:50051",
          "host:port of concierge-server");
ABSL_FLAG(bool, server_tls, false,
          "TLS to concierge-server with the system's roots");
ABSL_FLAG(std::string, server_tls_ca_file, "",
          "PEM CA that signed concierge-server's certificate (implies TLS)");
ABSL_FLAG(std::string, server_tls_cert_file, "",
          "client certificate PEM, for a server that wants mutual TLS");
ABSL_FLAG(std::string, server_tls_key_file, "",
          "client key PEM of --server_tls_cert_file");
ABSL_FLAG(std::string, server_tls_server_name, "",
          "name expected in concierge-server's certificate");
ABSL_FLAG(std::string, session_secret, "",
          "secret every replica shares, sealing session cookies and deriving "
          "CSRF tokens (at least 32 characters; prefer the environment); "
          "empty: a random one, so sessions end at restart");
ABSL_FLAG(int, session_hours, 720,
          "how long a sign-in lasts (the token itself may end sooner)");
ABSL_FLAG(int, poll_seconds, 10,
          "how often an open page asks for changes (at most 10)");
ABSL_FLAG(int, rpc_deadline_ms, 5000, "deadline of each call to the server");
ABSL_FLAG(int, threads, 64,
          "HTTP worker threads (requests served at once); each open live "
          "board (Server-Sent Events) holds one for as long as it is open");
ABSL_FLAG(int, channels, 2, "gRPC connections to concierge-server");
ABSL_FLAG(std::string, default_lang, "zh",
          "zh or en, for browsers whose Accept-Language names neither");
ABSL_FLAG(std::string, log_level, "info", "debug, info, warning or error");

namespace {

const std::vector<std::string> kFlagNames = {
    "listen_address",
    "tls_cert_file",
    "tls_key_file",
    "secure_cookies",
    "server",
    "server_tls",
    "server_tls_ca_file",
    "server_tls_cert_file",
    "server_tls_key_file",
    "server_tls_server_name",
    "session_secret",
    "session_hours",
    "poll_seconds",
    "rpc_deadline_ms",
    "threads",
    "channels",
    "default_lang",
    "log_level",
};

std::string Twin(const std::string& flag) {
  return absl::StrCat("CONCIERGE_WEB_", absl::AsciiStrToUpper(flag));
}

bool ApplyEnvironment(std::string* error) {
  for (const std::string& name : kFlagNames) {
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    const char* value = std::getenv(Twin(name).c_str());
    if (flag == nullptr || value == nullptr) continue;
    std::string why;
    if (!flag->ParseFrom(value, &why)) {
      *error = absl::StrCat(Twin(name), " (--", name, "): ", why);
      return false;
    }
  }
  return true;
}

bool Readable(const std::string& path) {
  return path.empty() || std::ifstream(path).good();
}

int Usage(const std::string& message) {
  std::cerr << "concierge-web: " << message << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  absl::SetProgramUsageMessage(
      "concierge-web [--flags]: pages for residents' and attendants' "
      "browsers; every flag has a CONCIERGE_WEB_<FLAG> environment twin");
  std::string error;
  if (!ApplyEnvironment(&error)) return Usage(error);
  absl::ParseCommandLine(argc, argv);
  using concierge::web::Log;

  if (!concierge::web::SetLogLevel(absl::GetFlag(FLAGS_log_level))) {
    return Usage("--log_level must be debug, info, warning or error");
  }
  concierge::cli::GlobalOptions server;
  server.server = absl::GetFlag(FLAGS_server);
  server.tls_ca_file = absl::GetFlag(FLAGS_server_tls_ca_file);
  server.tls_cert_file = absl::GetFlag(FLAGS_server_tls_cert_file);
  server.tls_key_file = absl::GetFlag(FLAGS_server_tls_key_file);
  server.tls_server_name = absl::GetFlag(FLAGS_server_tls_server_name);
  server.tls = absl::GetFlag(FLAGS_server_tls) || !server.tls_ca_file.empty() ||
               !server.tls_cert_file.empty();
  for (const auto& [flag, path] :
       {std::pair{"server_tls_ca_file", server.tls_ca_file},
        std::pair{"server_tls_cert_file", server.tls_cert_file},
        std::pair{"server_tls_key_file", server.tls_key_file},
        std::pair{"tls_cert_file", absl::GetFlag(FLAGS_tls_cert_file)},
        std::pair{"tls_key_file", absl::GetFlag(FLAGS_tls_key_file)}}) {
    if (!Readable(path))
      return Usage(absl::StrCat("--", flag, ": cannot read ", path));
  }
  if (server.tls_cert_file.empty() != server.tls_key_file.empty()) {
    return Usage(
        "--server_tls_cert_file and --server_tls_key_file go together");
  }
  const int poll = absl::GetFlag(FLAGS_poll_seconds);
  if (poll < 1 || poll > 10) return Usage("--poll_seconds must be 1 to 10");
  const int threads = absl::GetFlag(FLAGS_threads);
  const int channels = absl::GetFlag(FLAGS_channels);
  if (threads < 2 || threads > 4096)
    return Usage("--threads must be 2 to 4096");
  if (channels < 1 || channels > 64) return Usage("--channels must be 1 to 64");
  const std::optional<concierge::web::Lang> default_lang =
      concierge::web::ParseLang(absl::GetFlag(FLAGS_default_lang));
  if (!default_lang) return Usage("--default_lang must be zh or en");

  std::string secret = absl::GetFlag(FLAGS_session_secret);
  if (secret.empty()) {
    secret = concierge::web::RandomSecret();
    Log("warning",
        "no --session_secret (CONCIERGE_WEB_SESSION_SECRET): a random one "
        "was made; sessions end when this process does and other replicas "
        "cannot open them");
  } else if (secret.size() < 32) {
    return Usage("--session_secret must be at least 32 characters");
  }

  concierge::web::AppOptions options;
  options.poll_seconds = poll;
  options.rpc_deadline =
      absl::Milliseconds(absl::GetFlag(FLAGS_rpc_deadline_ms));
  options.default_lang = *default_lang;
  options.cookies.secure = absl::GetFlag(FLAGS_secure_cookies) ||
                           !absl::GetFlag(FLAGS_tls_cert_file).empty();
  options.cookies.max_age = absl::Hours(absl::GetFlag(FLAGS_session_hours));

  auto templates = concierge::web::Templates::Load(
      concierge::web::WebFiles(), concierge::web::Labels::Get());
  if (!templates.ok()) {
    return Usage(absl::StrCat("templates: ", templates.status().message()));
  }
  std::vector<std::shared_ptr<grpc::Channel>> grpc_channels;
  for (int i = 0; i < channels; ++i) {
    grpc::ChannelArguments args;
    // Separate connections, not one shared subchannel.
    args.SetInt("concierge.web.channel", i);
    // Back within a second of concierge-server's return (a restart, a
    // rollout): pages and open boards wait on it, and gRPC's default
    // reconnect backoff grows to two minutes.
    args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 250);
    args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 250);
    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
    args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 60000);
    grpc_channels.push_back(concierge::cli::MakeChannel(server, args));
  }
  auto app = std::make_unique<concierge::web::App>(
      options, std::move(*templates),
      std::make_unique<concierge::web::SessionCodec>(secret,
                                                     options.cookies.max_age),
      std::move(grpc_channels));

  // Signals are taken by this thread only.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  concierge::web::HttpServer::Options http;
  http.listen_address = absl::GetFlag(FLAGS_listen_address);
  http.tls_cert_file = absl::GetFlag(FLAGS_tls_cert_file);
  http.tls_key_file = absl::GetFlag(FLAGS_tls_key_file);
  http.threads = threads;
  auto started = concierge::web::HttpServer::Start(
      http, [&app](const concierge::web::Request& request) {
        return app->Handle(request);
      });
  if (!started.ok()) {
    std::cerr << "concierge-web: " << started.status().message() << "\n";
    return 1;
  }
  Log("info", "serving",
      {{"address", http.listen_address},
       {"port", absl::StrCat((*started)->port())},
       {"tls", http.tls_cert_file.empty() ? "off" : "on"},
       {"server", server.server}});
  int signal = 0;
  sigwait(&signals, &signal);
  Log("info", "stopping", {{"signal", absl::StrCat(signal)}});
  started->reset();  // civetweb finishes the requests in flight
  return 0;
}
