#include "server/app/concierge_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/api/arrival_service.h"
#include "server/api/catalog_service.h"
#include "server/api/directory_service.h"
#include "server/api/front_desk_service.h"
#include "server/api/guest_service.h"
#include "server/api/housekeeping_service.h"
#include "server/api/page_token.h"
#include "server/api/quality_service.h"
#include "server/api/request_service.h"
#include "server/api/rpc.h"
#include "server/api/task_hub.h"
#include "server/app/bootstrap.h"
#include "server/app/callback_queue_keepalive.h"
#include "server/auth/authenticator.h"
#include "server/auth/authorization.h"
#include "server/common/crypto.h"
#include "server/common/embedded_file.h"
#include "server/common/log.h"
#include "server/common/metrics.h"
#include "server/common/status_macros.h"
#include "server/common/thread_pool.h"
#include "server/store/migrator.h"
#include "server/store/room_brief_reader.h"
#include "server/store/secrets.h"
#include "server/usecase/request_sweeper.h"

namespace concierge {

// Everything the gRPC services need, owned together so that destruction
// order is explicit: services die before what they point to.
struct ConciergeServer::Services {
  std::unique_ptr<ThreadPool> blocking;
  std::unique_ptr<auth::Authenticator> authenticator;
  std::unique_ptr<api::PageTokenCodec> page_tokens;
  std::unique_ptr<store::RoomBriefReader> room_briefs;
  api::ApiEnv env;
  std::unique_ptr<api::DirectoryServiceImpl> directory;
  std::unique_ptr<api::CatalogServiceImpl> catalog;
  std::unique_ptr<api::TaskHub> task_hub;
  std::unique_ptr<api::ServiceRequestServiceImpl> requests;
  std::unique_ptr<usecase::RequestSweeper> sweeper;

  std::unique_ptr<api::GuestProfileServiceImpl> guests;
  std::unique_ptr<api::FrontDeskServiceImpl> front_desk;
  std::unique_ptr<api::QualityServiceImpl> quality;
  std::unique_ptr<api::HousekeepingServiceImpl> housekeeping;
  std::unique_ptr<api::ArrivalServiceImpl> arrivals;

  std::vector<grpc::Service*> all() {
    return {directory.get(),    catalog.get(),    requests.get(),
            guests.get(),       front_desk.get(), quality.get(),
            housekeeping.get(), arrivals.get()};
  }
};

namespace {

// Every concierge.v1 service this server registers.
constexpr const char* kServiceNames[] = {
    "concierge.v1.DirectoryService",      "concierge.v1.CatalogService",
    "concierge.v1.ServiceRequestService", "concierge.v1.GuestProfileService",
    "concierge.v1.FrontDeskService",      "concierge.v1.QualityService",
    "concierge.v1.HousekeepingService",   "concierge.v1.ArrivalService",
};

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    return absl::FailedPreconditionError(absl::StrCat("cannot read ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(
    const ServerOptions& options) {
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    return absl::InvalidArgumentError(
        "tls_cert_file and tls_key_file: give both or neither");
  }
  if (!options.tls_client_ca_file.empty() && options.tls_cert_file.empty()) {
    return absl::InvalidArgumentError(
        "tls_client_ca_file: mutual TLS needs tls_cert_file and tls_key_file");
  }
  if (options.tls_cert_file.empty()) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions ssl;
  CONCIERGE_ASSIGN_OR_RETURN(std::string cert, ReadFile(options.tls_cert_file));
  CONCIERGE_ASSIGN_OR_RETURN(std::string key, ReadFile(options.tls_key_file));
  ssl.pem_key_cert_pairs.push_back({key, cert});
  if (!options.tls_client_ca_file.empty()) {
    // Staff terminals and handhelds use tokens alone; partner systems add a
    // client certificate, checked against this CA when presented.
    CONCIERGE_ASSIGN_OR_RETURN(ssl.pem_root_certs,
                               ReadFile(options.tls_client_ca_file));
    ssl.client_certificate_request =
        GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(ssl);
}

// Every method of every registered service, as "/concierge.v1.X/Y".
absl::StatusOr<std::vector<std::string>> AllMethods() {
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  std::vector<std::string> methods;
  for (const char* name : kServiceNames) {
    const auto* service = pool->FindServiceByName(name);
    if (service == nullptr) {
      return absl::InternalError(absl::StrCat("unknown service ", name));
    }
    for (int m = 0; m < service->method_count(); ++m) {
      methods.push_back(absl::StrCat("/", service->full_name(), "/",
                                     service->method(m)->name()));
    }
  }
  return methods;
}

// Every method a registered service exposes must have a row in the
// authorization table; a forgotten row is a startup error, not a hole.
absl::Status CheckAuthorizationTable(const std::vector<std::string>& methods) {
  for (const std::string& path : methods) {
    if (auth::FindPermission(path) == nullptr) {
      return absl::InternalError(
          absl::StrCat(path, " has no row in the authorization table"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<ConciergeServer>> ConciergeServer::Start(
    const ServerOptions& options, const domain::Clock* clock) {
  std::unique_ptr<ConciergeServer> server(new ConciergeServer());
  CONCIERGE_ASSIGN_OR_RETURN(server->db_,
                             store::Database::Open(options.database));
  CONCIERGE_ASSIGN_OR_RETURN(
      store::MigrationReport report,
      store::Migrate(server->db_->connect_string(), embedded::Migrations()));
  Log(LogLevel::kInfo, "database migrated",
      {{"version", absl::StrCat(report.current_version)},
       {"applied_now", absl::StrCat(report.applied.size())}});
  metrics::Global()
      .GetGauge("concierge_schema_version",
                "The highest database migration applied")
      .Set(report.current_version);
  CONCIERGE_ASSIGN_OR_RETURN(
      server->bootstrap_token_,
      BootstrapAdmin(*server->db_, *clock, options.admin_token_file));
  if (!server->bootstrap_token_.empty()) {
    Log(LogLevel::kInfo, "bootstrap administrator token written",
        {{"path", options.admin_token_file}});
  }

  std::string page_key;
  std::string identity_pepper;
  CONCIERGE_RETURN_IF_ERROR(server->db_->Transact(
      "LoadSecrets", absl::Now() + absl::Seconds(10), [&](soci::session& sql) {
        page_key = store::GetOrCreateSecret(sql, "page_token_key",
                                            Base64UrlEncode(RandomBytes(32)));
        identity_pepper = store::GetOrCreateSecret(
            sql, "identity_pepper", Base64UrlEncode(RandomBytes(32)));
        return absl::OkStatus();
      }));

  auto services = std::make_unique<Services>();
  // Callback handlers' work that may wait on the database (a token not in
  // the cache). Few threads suffice: a token is looked up once per TTL.
  services->blocking = std::make_unique<ThreadPool>(4);
  services->authenticator =
      std::make_unique<auth::Authenticator>(server->db_.get(), clock);
  services->page_tokens = std::make_unique<api::PageTokenCodec>(page_key);
  // One batch at a time per 8 pooled sessions: the larger the batch, the
  // cheaper each brief (measured with a pool of 8: one running batch 8,900
  // briefs/s, two 8,100, three 7,000), and the other sessions stay free for
  // every other call (docs/PERFORMANCE.md).
  services->room_briefs = std::make_unique<store::RoomBriefReader>(
      server->db_.get(), std::max(1, options.database.pool_size / 8));
  services->env.db = server->db_.get();
  services->env.room_briefs = services->room_briefs.get();
  services->env.blocking = services->blocking.get();
  services->env.clock = clock;
  services->env.authenticator = services->authenticator.get();
  services->env.page_tokens = services->page_tokens.get();
  services->env.max_call_duration = options.max_call_duration;
  services->env.partners_need_client_certificate =
      !options.tls_client_ca_file.empty();
  services->directory =
      std::make_unique<api::DirectoryServiceImpl>(services->env);
  services->catalog = std::make_unique<api::CatalogServiceImpl>(services->env);
  api::TaskHub::Options hub_options;
  hub_options.backlog = {.events = options.watch_backlog_events,
                         .bytes = options.watch_backlog_bytes};
  services->task_hub =
      std::make_unique<api::TaskHub>(server->db_.get(), clock, hub_options);
  services->requests = std::make_unique<api::ServiceRequestServiceImpl>(
      services->env, services->task_hub.get());
  services->sweeper = std::make_unique<usecase::RequestSweeper>(
      services->env.db, services->env.clock);
  services->guests = std::make_unique<api::GuestProfileServiceImpl>(
      services->env, identity_pepper);
  services->front_desk =
      std::make_unique<api::FrontDeskServiceImpl>(services->env);
  services->quality = std::make_unique<api::QualityServiceImpl>(services->env);
  services->housekeeping =
      std::make_unique<api::HousekeepingServiceImpl>(services->env);
  services->arrivals =
      std::make_unique<api::ArrivalServiceImpl>(services->env, identity_pepper);
  CONCIERGE_ASSIGN_OR_RETURN(const std::vector<std::string> methods,
                             AllMethods());
  CONCIERGE_RETURN_IF_ERROR(CheckAuthorizationTable(methods));
  api::RegisterRpcMethods(methods);

  // Revocations and staff changes made on any replica clear this one's
  // token cache.
  server->feed_ =
      std::make_unique<store::ChangeFeed>(server->db_->connect_string());
  auth::Authenticator* authenticator = services->authenticator.get();
  server->feed_->Subscribe(store::ChangeFeed::kTokensChannel,
                           [authenticator](absl::string_view, bool) {
                             authenticator->InvalidateAll();
                           });
  // Task events committed on any replica wake this one's streams.
  api::TaskHub* hub = services->task_hub.get();
  server->feed_->Subscribe(store::ChangeFeed::kEventsChannel,
                           [hub](absl::string_view, bool) { hub->Poke(); });
  server->feed_->Start();
  hub->Start();
  if (options.sweep_interval > absl::ZeroDuration()) {
    services->sweeper->Start(options.sweep_interval);
  }

  if (!options.metrics_address.empty()) {
    CONCIERGE_ASSIGN_OR_RETURN(
        server->metrics_,
        ServerMetrics::Start(options.metrics_address,
                             {.db = server->db_.get(),
                              .clock = clock,
                              .hub = hub,
                              .site_refresh = options.site_stats_refresh}));
  }

  CONCIERGE_ASSIGN_OR_RETURN(auto credentials, Credentials(options));
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen_address, credentials, &server->port_);
  // The port is this process's alone: gRPC sets SO_REUSEPORT by default,
  // and then a second server started on a port already served (the demo's,
  // another test's) would start without a word and take half of the
  // connections, each with its own database. Refused, it says so and exits.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  // Keepalive: find handhelds that vanished (their streams end), and refuse
  // clients that ping too often.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 60 * 1000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20 * 1000);
  builder.AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10 * 1000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 3);
  // The synchronous server's threads: by default (at most 2 idle pollers)
  // every handler thread that finishes while two others poll exits, and the
  // next call starts a new one, so under load threads are created and
  // destroyed thousands of times a second (stacks mapped and unmapped, TLB
  // shootdowns, per-thread state rebuilt). Keeping up to 128 idle cut the
  // server's CPU per room brief by a third (docs/PERFORMANCE.md).
  builder.SetSyncServerOption(
      grpc::ServerBuilder::SyncServerOption::MIN_POLLERS, 2);
  builder.SetSyncServerOption(
      grpc::ServerBuilder::SyncServerOption::MAX_POLLERS, 128);
  for (grpc::Service* service : services->all()) {
    builder.RegisterService(service);
  }
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen_address));
  }
  server->services_ = std::move(services);
  auto* health = server->server_->GetHealthCheckService();
  health->SetServingStatus(kLivenessServiceName, true);
  health->SetServingStatus(true);
  server->keep_awake_ = std::make_unique<CallbackQueueKeepAlive>(
      server->InProcessChannel(), absl::Milliseconds(250));
  server->monitor_ =
      std::thread([s = server.get(), interval = options.health_probe_interval] {
        s->MonitorDatabase(interval);
      });
  Log(LogLevel::kInfo, "serving",
      {{"address", options.listen_address},
       {"port", absl::StrCat(server->port_)},
       {"tls", options.tls_cert_file.empty() ? "off" : "on"},
       {"metrics_port", server->metrics_port()}});
  return server;
}

ConciergeServer::~ConciergeServer() { Shutdown(absl::ZeroDuration()); }

int ConciergeServer::metrics_port() const {
  return metrics_ == nullptr ? 0 : metrics_->port();
}

void ConciergeServer::MonitorDatabase(absl::Duration interval) {
  bool serving = true;
  while (!stopping_.WaitForNotificationWithTimeout(interval)) {
    const bool ok = db_->Ping(absl::Now() + interval).ok();
    if (ok == serving) continue;
    serving = ok;
    // Overall status (readiness) follows the database; liveness does not.
    server_->GetHealthCheckService()->SetServingStatus("", ok);
    for (const char* name : kServiceNames) {
      server_->GetHealthCheckService()->SetServingStatus(name, ok);
    }
    Log(ok ? LogLevel::kInfo : LogLevel::kWarning,
        ok ? "database reachable again: serving"
           : "database unreachable: not serving");
  }
}

absl::StatusOr<int> ConciergeServer::SweepOnce() {
  return services_->sweeper->RunOnce();
}

std::shared_ptr<grpc::Channel> ConciergeServer::InProcessChannel() {
  return server_->InProcessChannel(grpc::ChannelArguments());
}

std::shared_ptr<grpc::Channel> ConciergeServer::InProcessChannel(
    std::vector<
        std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
        interceptors) {
  return server_->experimental().InProcessChannelWithInterceptors(
      grpc::ChannelArguments(), std::move(interceptors));
}

void ConciergeServer::Shutdown(absl::Duration grace) {
  if (server_ == nullptr) return;
  if (!stopping_.HasBeenNotified()) stopping_.Notify();
  if (monitor_.joinable()) monitor_.join();
  keep_awake_.reset();
  services_->sweeper->Stop();
  // Open streams end first (they never finish by themselves), so the
  // grace period is left for unary calls in flight.
  services_->task_hub->Stop();
  server_->GetHealthCheckService()->Shutdown();
  server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  server_->Wait();
  server_.reset();
  // Scrapes still see the drain; the endpoint reads the hub and the pool,
  // so it stops before they go.
  metrics_.reset();
  if (feed_) feed_->Stop();
  services_.reset();
  db_.reset();
}

}  // namespace concierge
