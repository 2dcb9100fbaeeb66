#ifndef CONCIERGE_CLIENTS_WEB_SESSION_H_
#define CONCIERGE_CLIENTS_WEB_SESSION_H_

// Stateless sessions. The browser holds the only copy of a session: the
// person's own bearer token and who they are (from WhoAmI and GetSite at
// sign-in), sealed with AES-256-GCM under a key derived from the secret every
// replica shares (--session_secret), in an HttpOnly, SameSite=Strict cookie
// (Secure under TLS). Any replica opens it; nobody can read or alter it.
// The CSRF token of a session is an HMAC of its bearer token under another
// key derived from the same secret, so it needs no storage either.

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace concierge::web {

struct Session {
  std::string token;         // the person's bearer token
  std::string principal;     // "sites/1/residents/1", "sites/2/staff/4"
  std::string display_name;  // "劉女士 Ms Liu"
  int role = 0;              // v1::Role
  std::string site;          // "sites/1"
  std::string site_name;     // the site's display name
  int site_kind = 0;         // v1::SiteKind
  std::string time_zone;     // the site's IANA zone
  std::string currency;      // the site's ISO 4217 code
  std::string household;     // residents: "sites/1/households/1"
  std::string department;    // staff: "sites/2/departments/3"
  int64_t issued_unix = 0;   // when the person signed in
};

class SessionCodec {
 public:
  // `secret`: any length; keys are derived from it with HMAC-SHA256.
  SessionCodec(absl::string_view secret, absl::Duration max_age);

  // base64url(nonce | ciphertext | tag), fit for a cookie value.
  std::string Seal(const Session& session) const;
  // nullopt when the value was not sealed with this secret, was altered,
  // or the session is older than max_age at `now`.
  std::optional<Session> Open(absl::string_view sealed, absl::Time now) const;

  // The session's CSRF token: base64url(HMAC-SHA256(csrf key, token)).
  std::string CsrfToken(const Session& session) const;
  // Constant-time comparison with the session's token.
  bool CheckCsrf(const Session& session, absl::string_view given) const;

  absl::Duration max_age() const { return max_age_; }

 private:
  unsigned char cookie_key_[32];
  unsigned char csrf_key_[32];
  absl::Duration max_age_;
};

// A random secret for when none is configured (sessions then end with the
// process and differ between replicas: fine for one developer, not for a
// deployment).
std::string RandomSecret();

// Cookie attributes. The session cookie is HttpOnly (no script reads it),
// SameSite=Strict (no other site's page sends it), Path=/, Secure when the
// browser reaches us over TLS, and lives max_age.
struct CookiePolicy {
  bool secure = false;
  absl::Duration max_age = absl::Hours(24 * 30);
};

inline constexpr char kSessionCookie[] = "concierge_session";
inline constexpr char kLangCookie[] = "concierge_lang";

// Set-Cookie header values.
std::string SessionCookieHeader(absl::string_view sealed,
                                const CookiePolicy& policy);
std::string ClearSessionCookieHeader(const CookiePolicy& policy);
// The language choice: not secret, but HttpOnly and SameSite=Strict too,
// and kept a year.
std::string LangCookieHeader(absl::string_view lang,
                             const CookiePolicy& policy);

}  // namespace concierge::web

#endif  // CONCIERGE_CLIENTS_WEB_SESSION_H_
