#include "server/app/server_metrics.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/common/log.h"
#include "server/common/metrics.h"

namespace concierge {

absl::StatusOr<std::unique_ptr<ServerMetrics>> ServerMetrics::Start(
    absl::string_view address, Sources sources) {
  std::unique_ptr<ServerMetrics> metrics(new ServerMetrics(sources));
  metrics->AddCollectors();
  ServerMetrics* self = metrics.get();
  absl::StatusOr<std::unique_ptr<MetricsServer>> endpoint =
      MetricsServer::Start(address, &metrics::Global(),
                           [self] { self->BeforeScrape(); });
  if (!endpoint.ok()) return endpoint.status();
  metrics->endpoint_ = std::move(*endpoint);
  return metrics;
}

ServerMetrics::~ServerMetrics() {
  endpoint_.reset();  // no scrape runs after this
  for (int handle : collectors_) metrics::Global().RemoveCollector(handle);
}

void ServerMetrics::AddCollectors() {
  // Collectors run under the registry's lock: they only read what
  // BeforeScrape left in `backlog_` and `sites_`.
  auto backlog_gauge = [this](absl::string_view name, absl::string_view help,
                              size_t api::TaskHub::Backlog::*field) {
    collectors_.push_back(metrics::Global().AddCollector(
        name, help, metrics::Type::kGauge, [this, field] {
          absl::MutexLock lock(&mu_);
          return std::vector<metrics::Sample>{
              {{}, static_cast<double>(backlog_.*field)}};
        }));
  };
  backlog_gauge("concierge_watch_streams", "WatchTasks streams open now",
                &api::TaskHub::Backlog::streams);
  backlog_gauge("concierge_watch_backlog_events",
                "Task events the open streams have yet to look at, summed",
                &api::TaskHub::Backlog::events);
  backlog_gauge("concierge_watch_backlog_max_events",
                "Task events the furthest-behind stream has yet to look at",
                &api::TaskHub::Backlog::max_events);
  backlog_gauge("concierge_watch_streams_catching_up",
                "Streams behind the in-memory ring, read from the database",
                &api::TaskHub::Backlog::catching_up);
  backlog_gauge("concierge_watch_backlog_bytes",
                "Bytes of task events queued in the open streams, summed",
                &api::TaskHub::Backlog::bytes);
  backlog_gauge("concierge_watch_backlog_max_bytes",
                "Bytes of task events queued in the fullest stream",
                &api::TaskHub::Backlog::max_bytes);
  auto backlog_counter = [this](absl::string_view name, absl::string_view help,
                                uint64_t api::TaskHub::Backlog::*field) {
    collectors_.push_back(metrics::Global().AddCollector(
        name, help, metrics::Type::kCounter, [this, field] {
          absl::MutexLock lock(&mu_);
          return std::vector<metrics::Sample>{
              {{}, static_cast<double>(backlog_.*field)}};
        }));
  };
  backlog_counter("concierge_watch_deliveries_total",
                  "Task events written to WatchTasks streams",
                  &api::TaskHub::Backlog::delivered);
  backlog_counter("concierge_watch_overflows_total",
                  "WatchTasks streams ended with RESOURCE_EXHAUSTED for "
                  "falling too far behind",
                  &api::TaskHub::Backlog::overflowed);

  auto site_gauge = [this](absl::string_view name, absl::string_view help,
                           int64_t store::SiteBacklog::*field) {
    collectors_.push_back(metrics::Global().AddCollector(
        name, help, metrics::Type::kGauge, [this, field] {
          absl::MutexLock lock(&mu_);
          std::vector<metrics::Sample> samples;
          for (const store::SiteBacklog& site : sites_) {
            samples.push_back({{{"site", absl::StrCat(site.site_id)}},
                               static_cast<double>(site.*field)});
          }
          return samples;
        }));
  };
  site_gauge("concierge_overdue_requests",
             "Open service requests past a due time, per site",
             &store::SiteBacklog::overdue_requests);
  site_gauge("concierge_pending_approvals",
             "Room actions waiting for a supervisor's approval, per site",
             &store::SiteBacklog::pending_approvals);
  site_gauge("concierge_expired_room_actions",
             "Room actions that expired waiting past their deadline, per site",
             &store::SiteBacklog::expired_room_actions);
}

void ServerMetrics::BeforeScrape() {
  const api::TaskHub::Backlog backlog = sources_.hub->backlog();
  {
    absl::MutexLock lock(&mu_);
    backlog_ = backlog;
  }
  RefreshSitesIfStale();
}

void ServerMetrics::RefreshSitesIfStale() {
  absl::MutexLock refresh(&refresh_mu_);
  {
    absl::MutexLock lock(&mu_);
    if (absl::Now() - sites_read_ < sources_.site_refresh) return;
  }
  std::vector<store::SiteBacklog> sites;
  absl::Status status = sources_.db->Read(
      "CountSiteBacklogs", absl::Now() + absl::Seconds(2),
      [&](soci::session& sql) {
        sites = store::CountSiteBacklogs(sql, sources_.clock->Now());
        return absl::OkStatus();
      });
  absl::MutexLock lock(&mu_);
  // Stamped on failure too: a database that is down is asked again only
  // after the refresh interval, and the last counts stay.
  sites_read_ = absl::Now();
  if (status.ok()) {
    sites_ = std::move(sites);
  } else {
    Log(LogLevel::kWarning, "site counts for metrics failed",
        {{"detail", std::string(status.message())}});
  }
}

}  // namespace concierge
