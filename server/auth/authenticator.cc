#include "server/auth/authenticator.h"

#include <optional>

#include "absl/strings/match.h"
#include "server/auth/tokens.h"
#include "server/common/status_macros.h"
#include "server/store/token_repository.h"

namespace concierge::auth {
namespace {

// Bounds memory if someone sprays random tokens at the server: unknown
// tokens are never cached, and the cache is cleared when it grows this big.
constexpr size_t kMaxCachedTokens = 100000;

}  // namespace

Authenticator::Authenticator(store::Database* db, const domain::Clock* clock,
                             absl::Duration cache_ttl)
    : db_(db), clock_(clock), cache_ttl_(cache_ttl) {}

absl::StatusOr<std::string> Authenticator::TokenHashOf(
    absl::string_view header) {
  if (header.empty()) {
    return absl::UnauthenticatedError(
        "missing \"authorization: Bearer <token>\" metadata");
  }
  constexpr absl::string_view kPrefix = "Bearer ";
  if (!absl::StartsWithIgnoreCase(header, kPrefix) ||
      header.size() == kPrefix.size() || header.size() > 512) {
    return absl::UnauthenticatedError(
        "authorization metadata must be \"Bearer <token>\"");
  }
  return HashToken(header.substr(kPrefix.size()));
}

std::optional<domain::Principal> Authenticator::Cached(const std::string& hash,
                                                       absl::Time now) {
  absl::MutexLock lock(&mu_);
  auto it = cache_.find(hash);
  if (it != cache_.end() && now - it->second.fetched < cache_ttl_) {
    return it->second.principal;
  }
  return std::nullopt;
}

std::optional<absl::StatusOr<domain::Principal>>
Authenticator::AuthenticateFromCache(absl::string_view header) {
  absl::StatusOr<std::string> hash = TokenHashOf(header);
  if (!hash.ok()) return hash.status();
  if (std::optional<domain::Principal> principal =
          Cached(*hash, clock_->Now())) {
    return *std::move(principal);
  }
  return std::nullopt;
}

absl::StatusOr<domain::Principal> Authenticator::Authenticate(
    absl::string_view header, absl::Time deadline) {
  CONCIERGE_ASSIGN_OR_RETURN(const std::string hash, TokenHashOf(header));
  const absl::Time now = clock_->Now();
  if (std::optional<domain::Principal> principal = Cached(hash, now)) {
    return *std::move(principal);
  }
  std::optional<domain::Principal> principal;
  bool ended_stay = false;
  absl::Status status =
      db_->Read("Authenticate", deadline, [&](soci::session& sql) {
        principal = store::FindPrincipalByTokenHash(sql, hash, now);
        if (!principal) ended_stay = store::IsEndedStayToken(sql, hash);
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  if (ended_stay) {
    // What the room's page tells its guest (clients/web room_pages.cc).
    return absl::UnauthenticatedError(
        "this room's code was for a stay that has ended (checked out)");
  }
  if (!principal) {
    return absl::UnauthenticatedError("token is unknown, revoked or expired");
  }
  absl::MutexLock lock(&mu_);
  if (cache_.size() >= kMaxCachedTokens) cache_.clear();
  cache_[hash] = Entry{*principal, now};
  return *principal;
}

void Authenticator::InvalidateAll() {
  absl::MutexLock lock(&mu_);
  cache_.clear();
}

}  // namespace concierge::auth
