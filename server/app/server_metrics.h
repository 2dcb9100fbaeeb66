#ifndef CONCIERGE_SERVER_APP_SERVER_METRICS_H_
#define CONCIERGE_SERVER_APP_SERVER_METRICS_H_

// The metrics a server computes when scraped (open watch streams and their
// backlog; overdue requests and pending approvals per site) and the
// endpoint serving them together with every instrument in
// metrics::Global() (RPCs, the database pool, jobs).

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/api/task_hub.h"
#include "server/app/metrics_server.h"
#include "server/domain/clock.h"
#include "server/store/database.h"
#include "server/store/stats_repository.h"

namespace concierge {

class ServerMetrics {
 public:
  struct Sources {
    store::Database* db = nullptr;
    const domain::Clock* clock = nullptr;
    api::TaskHub* hub = nullptr;
    // The per-site counts cost a query: it runs at most once per
    // `site_refresh`, however many scrapers there are.
    absl::Duration site_refresh = absl::Seconds(15);
  };

  // Registers the collectors and listens on `address` (see MetricsServer).
  static absl::StatusOr<std::unique_ptr<ServerMetrics>> Start(
      absl::string_view address, Sources sources);
  // Stops the endpoint, then removes the collectors.
  ~ServerMetrics();

  int port() const { return endpoint_->port(); }

 private:
  explicit ServerMetrics(Sources sources) : sources_(sources) {}
  void BeforeScrape();
  void RefreshSitesIfStale();
  void AddCollectors();

  const Sources sources_;
  std::unique_ptr<MetricsServer> endpoint_;
  std::vector<int> collectors_;
  // One site query at a time; concurrent scrapes wait and reuse its result.
  absl::Mutex refresh_mu_;
  absl::Mutex mu_;
  api::TaskHub::Backlog backlog_ ABSL_GUARDED_BY(mu_);
  std::vector<store::SiteBacklog> sites_ ABSL_GUARDED_BY(mu_);
  absl::Time sites_read_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace concierge

#endif  // CONCIERGE_SERVER_APP_SERVER_METRICS_H_
