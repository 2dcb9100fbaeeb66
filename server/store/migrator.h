#ifndef CONCIERGE_SERVER_STORE_MIGRATOR_H_
#define CONCIERGE_SERVER_STORE_MIGRATOR_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/status/statusor.h"
#include "server/common/embedded_file.h"

namespace concierge::store {

struct MigrationReport {
  // Versions applied by this run, in order.
  std::vector<int> applied;
  // The highest version now recorded in schema_migrations.
  int current_version = 0;
};

// Applies db/migrations/NNNN_name.sql files forward-only, each in its own
// transaction, while holding a PostgreSQL advisory lock so that replicas
// starting together migrate exactly once. Each applied file is recorded in
// schema_migrations with its SHA-256; a file changed after it was applied is
// refused with FAILED_PRECONDITION naming it, and nothing is applied.
absl::StatusOr<MigrationReport> Migrate(
    const std::string& connect_string,
    const std::vector<EmbeddedFile>& migrations);

// The version number of "0012_name.sql", or -1 when the name does not follow
// the NNNN_name.sql pattern.
int MigrationVersion(absl::string_view file_name);

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_MIGRATOR_H_
