#ifndef CONCIERGE_SERVER_AUTH_TOKENS_H_
#define CONCIERGE_SERVER_AUTH_TOKENS_H_

#include <string>
#include "absl/strings/string_view.h"

namespace concierge::auth {

// A new bearer token: "cnc_" + 43 base64url characters (256 random bits).
std::string NewTokenText();

// What the database stores instead of the token: its SHA-256 in hex. Tokens
// carry 256 bits of entropy, so a fast hash is enough (no password hashing).
std::string HashToken(absl::string_view token_text);

}  // namespace concierge::auth

#endif  // CONCIERGE_SERVER_AUTH_TOKENS_H_
