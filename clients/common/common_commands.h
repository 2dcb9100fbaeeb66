#ifndef CONCIERGE_CLIENTS_COMMON_COMMON_COMMANDS_H_
#define CONCIERGE_CLIENTS_COMMON_COMMON_COMMANDS_H_

#include <string>

#include "absl/status/statusor.h"
#include "clients/common/cli.h"
#include "concierge/v1/directory.pb.h"

namespace concierge::cli {

// `whoami`: who the token stands for.
Command WhoAmICommand();

// Asks the server who the caller is (one call, cached per invocation).
absl::StatusOr<v1::Principal> WhoAmI(Invocation& invocation);

// "--site" as given ("3" or "sites/3"), else the caller's own site. A group
// administrator must name one. On failure the exit code is returned in
// `exit_code`.
std::string ResolveSite(Invocation& invocation, int* exit_code);

// Accepts "42" or a full resource name and returns the full name under
// `parent` + "/" + `collection`.
std::string QualifiedName(const std::string& parent,
                          const std::string& collection,
                          const std::string& text);

}  // namespace concierge::cli

#endif  // CONCIERGE_CLIENTS_COMMON_COMMON_COMMANDS_H_
