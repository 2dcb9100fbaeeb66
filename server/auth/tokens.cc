#include "server/auth/tokens.h"

#include "absl/strings/str_cat.h"
#include "server/common/crypto.h"

namespace concierge::auth {

std::string NewTokenText() {
  return absl::StrCat("cnc_", Base64UrlEncode(RandomBytes(32)));
}

std::string HashToken(absl::string_view token_text) {
  return Sha256Hex(token_text);
}

}  // namespace concierge::auth
