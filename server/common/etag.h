#ifndef CONCIERGE_SERVER_COMMON_ETAG_H_
#define CONCIERGE_SERVER_COMMON_ETAG_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace concierge {

// ABORTED "<field>: the <what> changed since it was read; read it again":
// an update or move sent with the etag of an older version (AIP-154).
inline absl::Status StaleEtag(absl::string_view field,
                              absl::string_view what = "record") {
  return absl::AbortedError(absl::StrCat(
      field, ": the ", what, " changed since it was read; read it again"));
}

// The version an etag names; INVALID_ARGUMENT "<field>: is required" when
// it is missing or malformed.
inline absl::StatusOr<int64_t> RequiredEtag(absl::string_view field,
                                            const std::string& etag) {
  int64_t version = 0;
  if (etag.empty() || !absl::SimpleAtoi(etag, &version)) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": is required (the etag of the version you read)"));
  }
  return version;
}

}  // namespace concierge

#endif  // CONCIERGE_SERVER_COMMON_ETAG_H_
