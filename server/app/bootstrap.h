#ifndef CONCIERGE_SERVER_APP_BOOTSTRAP_H_
#define CONCIERGE_SERVER_APP_BOOTSTRAP_H_

#include <string>

#include "absl/status/statusor.h"
#include "server/domain/clock.h"
#include "server/store/database.h"

namespace concierge {

// On the very first start (no administrator yet), creates the group
// administrator and a token for it, and writes the token to `token_file`
// with mode 0600. Returns the token, or "" when an administrator already
// existed. Concurrent first starts create exactly one administrator.
absl::StatusOr<std::string> BootstrapAdmin(store::Database& db,
                                           const domain::Clock& clock,
                                           const std::string& token_file);

// Writes `text` to `path`, readable and writable by its owner only.
absl::Status WritePrivateFile(const std::string& path, const std::string& text);

}  // namespace concierge

#endif  // CONCIERGE_SERVER_APP_BOOTSTRAP_H_
