#ifndef CONCIERGE_SERVER_API_PAGE_TOKEN_H_
#define CONCIERGE_SERVER_API_PAGE_TOKEN_H_

#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace concierge::api {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

// page_size as AIP-158 says: 0 -> default, above the maximum -> the maximum,
// negative -> INVALID_ARGUMENT.
absl::StatusOr<int> EffectivePageSize(int32_t requested);

// Opaque, tamper-checked list cursors shared by every List method.
//
// A token carries the keyset position (the last id returned), the time it
// was issued and a fingerprint of the list it belongs to (method + filters),
// all under an HMAC-SHA256 with a key every replica reads from the database.
// A forged, truncated, expired (24 h) token, or one replayed against another
// list or other filters, is INVALID_ARGUMENT naming page_token.
class PageTokenCodec {
 public:
  explicit PageTokenCodec(std::string key) : key_(std::move(key)) {}

  std::string Encode(absl::string_view list_fingerprint, int64_t after_id,
                     absl::Time now) const;
  // Returns the position after which the next page starts; 0 for "".
  absl::StatusOr<int64_t> Decode(absl::string_view list_fingerprint,
                                 absl::string_view token, absl::Time now) const;

  static constexpr absl::Duration kLifetime = absl::Hours(24);

 private:
  std::string key_;
};

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_PAGE_TOKEN_H_
