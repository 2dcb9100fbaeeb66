#ifndef CONCIERGE_SERVER_COMMON_STATUS_DETAIL_H_
#define CONCIERGE_SERVER_COMMON_STATUS_DETAIL_H_

// A status says what a caller needs in the API's words; what only the
// operator needs (a driver's or the system's own message: hosts, ports,
// SQLSTATEs, SQL) travels beside it as a payload that api::ToGrpcStatus
// writes to the server's log and never returns.

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace concierge {

// `status` carrying `detail` for the log only (newlines flattened).
absl::Status WithDetail(absl::Status status, absl::string_view detail);

// The detail WithDetail attached, if any.
std::optional<std::string> DetailOf(const absl::Status& status);

}  // namespace concierge

#endif  // CONCIERGE_SERVER_COMMON_STATUS_DETAIL_H_
