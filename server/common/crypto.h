#ifndef CONCIERGE_SERVER_COMMON_CRYPTO_H_
#define CONCIERGE_SERVER_COMMON_CRYPTO_H_

#include <string>
#include "absl/strings/string_view.h"

namespace concierge {

// Thin wrappers over OpenSSL, so no other file includes it.

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(absl::string_view data);
// Raw 32-byte HMAC-SHA256 of `data` under `key`.
std::string HmacSha256(absl::string_view key, absl::string_view data);
// `n` bytes from the operating system's CSPRNG.
std::string RandomBytes(size_t n);
// Constant-time comparison, for MACs.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

// Unpadded base64url (RFC 4648 §5), safe in URLs and shells.
std::string Base64UrlEncode(absl::string_view data);
// False when `text` is not unpadded base64url.
bool Base64UrlDecode(absl::string_view text, std::string* out);

}  // namespace concierge

#endif  // CONCIERGE_SERVER_COMMON_CRYPTO_H_
