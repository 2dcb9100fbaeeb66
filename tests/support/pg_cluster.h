#ifndef CONCIERGE_TESTS_SUPPORT_PG_CLUSTER_H_
#define CONCIERGE_TESTS_SUPPORT_PG_CLUSTER_H_

// A private PostgreSQL cluster a test may crash and restart, made by
// scripts/pg-cluster.sh exactly as the README's commands make theirs.

#include <string>

#include "absl/status/status.h"

namespace concierge::testing {

class PgCluster {
 public:
  // `durable`: the production settings (fsync and synchronous_commit on);
  // otherwise the script's --throwaway settings. A test that checks that
  // acknowledged writes survive a crash needs a durable cluster.
  explicit PgCluster(bool durable);
  ~PgCluster();  // stops the cluster and removes its directory
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  // False when the cluster could not be created (see error()).
  bool ok() const { return !url_.empty(); }
  const std::string& error() const { return error_; }
  // The "concierge" database, as the script prints it.
  const std::string& url() const { return url_; }
  int port() const { return port_; }

  // pg_ctl stop -m immediate: every backend dies at once, no checkpoint;
  // the next start replays the WAL, as after a crash.
  absl::Status Crash();
  // Starts it again (waits until it accepts connections).
  absl::Status Start();

 private:
  std::string dir_;
  int port_ = 0;
  std::string url_;
  std::string error_;
};

}  // namespace concierge::testing

#endif  // CONCIERGE_TESTS_SUPPORT_PG_CLUSTER_H_
