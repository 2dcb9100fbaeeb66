#ifndef CONCIERGE_SERVER_APP_METRICS_SERVER_H_
#define CONCIERGE_SERVER_APP_METRICS_SERVER_H_

// The metrics endpoint: GET /metrics in the Prometheus text format, on an
// HTTP port of its own, served by civetweb (Debian's libcivetweb: a
// maintained, embeddable HTTP server; we write no HTTP parsing ourselves).

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/common/metrics.h"

struct mg_context;
struct mg_connection;

namespace concierge {

class MetricsServer {
 public:
  // Listens on `address` ("localhost:9464", "0.0.0.0:9464", "[::]:9464",
  // an IP address and port; port 0 picks a free one). `before_scrape` runs
  // before each rendering, outside the registry's lock (it may refresh
  // cached values from the database).
  static absl::StatusOr<std::unique_ptr<MetricsServer>> Start(
      absl::string_view address, metrics::Registry* registry,
      std::function<void()> before_scrape);
  // Stops listening and waits for scrapes in progress.
  ~MetricsServer();

  // The port bound.
  int port() const { return port_; }

 private:
  MetricsServer() = default;
  static int HandleMetrics(mg_connection* connection, void* self);

  mg_context* context_ = nullptr;
  metrics::Registry* registry_ = nullptr;
  std::function<void()> before_scrape_;
  int port_ = 0;
};

// "host:port" as civetweb's listening_ports option, or INVALID_ARGUMENT
// naming metrics_address.
absl::StatusOr<std::string> CivetwebListeningPort(absl::string_view address);

}  // namespace concierge

#endif  // CONCIERGE_SERVER_APP_METRICS_SERVER_H_
