#ifndef CONCIERGE_SERVER_AUTH_AUTHENTICATOR_H_
#define CONCIERGE_SERVER_AUTH_AUTHENTICATOR_H_

#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/domain/clock.h"
#include "server/domain/principal.h"
#include "server/store/database.h"

namespace concierge::auth {

// Turns "authorization: Bearer <token>" into a Principal.
//
// Resolved tokens are cached for `cache_ttl` so a busy handheld does not cost
// a database round trip per call. Revocation and staff changes call
// Invalidate() on this replica, and every replica hears them through the
// change feed (PostgreSQL NOTIFY); the TTL bounds staleness if a
// notification is ever missed.
class Authenticator {
 public:
  Authenticator(store::Database* db, const domain::Clock* clock,
                absl::Duration cache_ttl = absl::Seconds(5));

  // UNAUTHENTICATED when the header is missing, malformed, unknown, revoked or
  // expired; UNAVAILABLE when the database cannot be asked.
  absl::StatusOr<domain::Principal> Authenticate(
      absl::string_view authorization_header, absl::Time deadline);

  // The same answer when it needs no database: an error for a missing or
  // malformed header, the principal of a cached token; nullopt when only
  // Authenticate can tell (callback handlers must not wait on gRPC's threads).
  std::optional<absl::StatusOr<domain::Principal>> AuthenticateFromCache(
      absl::string_view authorization_header);

  // Forgets every cached token (after a revoke or a staff change).
  void InvalidateAll();

 private:
  // The token's hash, or the error for a header that carries no token.
  static absl::StatusOr<std::string> TokenHashOf(absl::string_view header);
  std::optional<domain::Principal> Cached(const std::string& hash,
                                          absl::Time now);

  struct Entry {
    domain::Principal principal;
    absl::Time fetched;
  };

  store::Database* db_;
  const domain::Clock* clock_;
  absl::Duration cache_ttl_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> cache_ ABSL_GUARDED_BY(mu_);
};

}  // namespace concierge::auth

#endif  // CONCIERGE_SERVER_AUTH_AUTHENTICATOR_H_
