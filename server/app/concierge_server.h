#ifndef CONCIERGE_SERVER_APP_CONCIERGE_SERVER_H_
#define CONCIERGE_SERVER_APP_CONCIERGE_SERVER_H_

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/client_interceptor.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "server/api/task_stream.h"
#include "server/app/server_metrics.h"
#include "server/domain/clock.h"
#include "server/store/change_feed.h"
#include "server/store/database.h"

namespace concierge {

class CallbackQueueKeepAlive;

struct ServerOptions {
  std::string listen_address = "localhost:50051";
  store::DatabaseOptions database;
  // PEM files; both empty: plaintext.
  std::string tls_cert_file;
  std::string tls_key_file;
  // PEM CA that signs partner systems' client certificates. When set (TLS
  // only), clients may present a certificate and partner tokens are
  // accepted only over a connection with a verified one (mutual TLS).
  std::string tls_client_ca_file;
  // Largest request accepted; bigger ones get RESOURCE_EXHAUSTED.
  int max_message_bytes = 4 * 1024 * 1024;
  // The longest any call may take, and the deadline of a call that sets
  // none: a client cannot hold a thread and a database connection longer.
  absl::Duration max_call_duration = absl::Seconds(30);
  // Where the first start writes the bootstrap administrator's token.
  std::string admin_token_file = "concierge-admin-token";
  // How often the database is probed for the health service.
  absl::Duration health_probe_interval = absl::Seconds(1);
  // How often overdue requests are escalated; zero: never (tests sweep by
  // hand).
  absl::Duration sweep_interval = absl::Seconds(30);
  // HTTP address of the Prometheus metrics endpoint ("localhost:9464";
  // port 0 picks one); empty: no endpoint (the instruments still count).
  std::string metrics_address;
  // How old the per-site counts on the endpoint may be (they cost a query).
  absl::Duration site_stats_refresh = absl::Seconds(15);
  // Per WatchTasks stream: how many events, and how many bytes of them, may
  // wait to be written before the stream is ended with RESOURCE_EXHAUSTED
  // (the client resumes from its cursor). Defaults in api::BacklogLimit.
  size_t watch_backlog_events = api::BacklogLimit{}.events;
  size_t watch_backlog_bytes = api::BacklogLimit{}.bytes;
};

// Name of the health-service entry that reports only "the process is alive"
// (for liveness probes); "" reports readiness and follows the database.
inline constexpr char kLivenessServiceName[] = "concierge.liveness";

// The whole server: database pool, migrations, bootstrap, services, health
// and reflection. main.cc and the integration tests both build it.
class ConciergeServer {
 public:
  // Connects, migrates, bootstraps the first administrator and starts
  // listening. `clock` must outlive the server.
  static absl::StatusOr<std::unique_ptr<ConciergeServer>> Start(
      const ServerOptions& options, const domain::Clock* clock);
  ~ConciergeServer();

  // The port actually bound (useful with "localhost:0").
  int port() const { return port_; }
  // The metrics endpoint's port; 0 without one.
  int metrics_port() const;
  // A channel to this server that skips the network (tests).
  std::shared_ptr<grpc::Channel> InProcessChannel();
  // The same with client interceptors (tests audit every status message).
  std::shared_ptr<grpc::Channel> InProcessChannel(
      std::vector<std::unique_ptr<
          grpc::experimental::ClientInterceptorFactoryInterface>>
          interceptors);
  store::Database& database() { return *db_; }
  // One escalation sweep now (tests).
  absl::StatusOr<int> SweepOnce();
  // The token written to the admin token file by this start, if any.
  const std::string& bootstrap_token() const { return bootstrap_token_; }

  // Stops accepting calls, lets calls in flight finish for up to `grace`,
  // then cancels the rest and closes the pool.
  void Shutdown(absl::Duration grace);

 private:
  struct Services;
  ConciergeServer() = default;
  void MonitorDatabase(absl::Duration interval);

  std::unique_ptr<store::Database> db_;
  std::unique_ptr<store::ChangeFeed> feed_;
  std::unique_ptr<Services> services_;
  std::unique_ptr<ServerMetrics> metrics_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  std::string bootstrap_token_;
  absl::Notification stopping_;
  std::thread monitor_;
  std::unique_ptr<CallbackQueueKeepAlive> keep_awake_;
};

}  // namespace concierge

#endif  // CONCIERGE_SERVER_APP_CONCIERGE_SERVER_H_
