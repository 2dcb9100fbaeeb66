#include "server/app/metrics_server.h"

#include <civetweb.h>

#include <cstring>
#include <mutex>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/common/log.h"

namespace concierge {
namespace {

constexpr char kContentType[] = "text/plain; version=0.0.4; charset=utf-8";

// civetweb's own complaints (a bad request, a failed bind) as our log lines.
int LogCivetweb(const mg_connection*, const char* message) {
  Log(LogLevel::kWarning, "metrics endpoint", {{"detail", message}});
  return 1;  // handled: civetweb prints nothing itself
}

}  // namespace

absl::StatusOr<std::string> CivetwebListeningPort(absl::string_view address) {
  const size_t colon = address.rfind(':');
  int port = -1;
  if (colon == absl::string_view::npos ||
      !absl::SimpleAtoi(address.substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("metrics_address: \"", address, "\" is not host:port"));
  }
  const absl::string_view host = address.substr(0, colon);
  if (host.empty() || host == "0.0.0.0" || host == "*") {
    return absl::StrCat(port);  // every IPv4 interface
  }
  if (host == "localhost") return absl::StrCat("127.0.0.1:", port);
  const bool ipv4 = !host.empty() && host.find_first_not_of("0123456789.") ==
                                         absl::string_view::npos;
  const bool ipv6 = absl::StartsWith(host, "[") && absl::EndsWith(host, "]");
  if (!ipv4 && !ipv6) {
    return absl::InvalidArgumentError(absl::StrCat(
        "metrics_address: use localhost, an IP address or 0.0.0.0, not \"",
        host, "\""));
  }
  return absl::StrCat(host, ":", port);
}

absl::StatusOr<std::unique_ptr<MetricsServer>> MetricsServer::Start(
    absl::string_view address, metrics::Registry* registry,
    std::function<void()> before_scrape) {
  static std::once_flag library_ready;
  std::call_once(library_ready, [] { mg_init_library(0); });
  absl::StatusOr<std::string> ports = CivetwebListeningPort(address);
  if (!ports.ok()) return ports.status();

  std::unique_ptr<MetricsServer> server(new MetricsServer());
  server->registry_ = registry;
  server->before_scrape_ = std::move(before_scrape);
  // No document_root: civetweb serves no files, only the handler below.
  // Two threads: Prometheus scrapes one at a time, a second for a person
  // with curl.
  const char* options[] = {"listening_ports",
                           ports->c_str(),
                           "num_threads",
                           "2",
                           "request_timeout_ms",
                           "10000",
                           "enable_keep_alive",
                           "yes",
                           nullptr};
  mg_callbacks callbacks;
  std::memset(&callbacks, 0, sizeof(callbacks));
  callbacks.log_message = LogCivetweb;
  mg_init_data init;
  std::memset(&init, 0, sizeof(init));
  init.callbacks = &callbacks;
  init.user_data = server.get();
  init.configuration_options = options;
  unsigned error_code = 0;
  char error_text[256] = "";
  mg_error_data error;
  std::memset(&error, 0, sizeof(error));
  error.code = &error_code;
  error.text = error_text;
  error.text_buffer_size = sizeof(error_text);
  server->context_ = mg_start2(&init, &error);
  if (server->context_ == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("metrics_address: cannot serve metrics on ", address, ": ",
                     error_text));
  }
  mg_set_request_handler(server->context_, "/metrics$", HandleMetrics,
                         server.get());
  mg_server_port bound;
  std::memset(&bound, 0, sizeof(bound));
  if (mg_get_server_ports(server->context_, 1, &bound) == 1) {
    server->port_ = bound.port;
  }
  return server;
}

MetricsServer::~MetricsServer() {
  if (context_ != nullptr) mg_stop(context_);
}

int MetricsServer::HandleMetrics(mg_connection* connection, void* self) {
  auto* server = static_cast<MetricsServer*>(self);
  const mg_request_info* request = mg_get_request_info(connection);
  const bool head = std::strcmp(request->request_method, "HEAD") == 0;
  if (!head && std::strcmp(request->request_method, "GET") != 0) {
    mg_send_http_error(connection, 405, "GET /metrics\n");
    return 405;
  }
  if (server->before_scrape_) server->before_scrape_();
  const std::string body = server->registry_->Render();
  mg_send_http_ok(connection, kContentType,
                  static_cast<long long>(body.size()));
  if (!head) mg_write(connection, body.data(), body.size());
  return 200;
}

}  // namespace concierge
