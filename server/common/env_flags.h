#ifndef CONCIERGE_SERVER_COMMON_ENV_FLAGS_H_
#define CONCIERGE_SERVER_COMMON_ENV_FLAGS_H_

#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"

namespace concierge {

// The environment twin of a flag: "database_url" -> "CONCIERGE_DATABASE_URL".
std::string EnvironmentTwin(absl::string_view flag_name);

// Sets each named Abseil flag from its environment twin when that variable
// is present. Call before absl::ParseCommandLine, so the command line still
// wins. A value the flag cannot parse is INVALID_ARGUMENT naming both.
absl::Status ApplyEnvironmentTwins(const std::vector<std::string>& flag_names);

}  // namespace concierge

#endif  // CONCIERGE_SERVER_COMMON_ENV_FLAGS_H_
