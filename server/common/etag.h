#ifndef CONCIERGE_SERVER_COMMON_ETAG_H_
#define CONCIERGE_SERVER_COMMON_ETAG_H_

#include "absl/status/status.h"
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

}  // namespace concierge

#endif  // CONCIERGE_SERVER_COMMON_ETAG_H_
