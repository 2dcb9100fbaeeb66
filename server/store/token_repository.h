#ifndef CONCIERGE_SERVER_STORE_TOKEN_REPOSITORY_H_
#define CONCIERGE_SERVER_STORE_TOKEN_REPOSITORY_H_

// Bearer tokens and the principals they stand for. Only SHA-256 hashes of
// token texts are stored.

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "server/domain/principal.h"
#include "server/store/sql_util.h"

namespace concierge::store {

struct TokenRecord {
  int64_t id = 0;
  domain::PrincipalKind kind = domain::PrincipalKind::kStaff;
  int64_t principal_id = 0;
  int64_t site_id = 0;  // 0 for a group administrator's token
  std::string label;
  absl::Time create_time;
  std::optional<absl::Time> expire_time;
  std::optional<absl::Time> revoke_time;
};

// Resolves a token hash to its principal when the token is neither revoked
// nor expired at `now` and its staff member is active.
std::optional<domain::Principal> FindPrincipalByTokenHash(
    soci::session& sql, const std::string& hash, absl::Time now);

// True when `hash` is a room's credential whose stay was checked out (so
// the guest is told the stay has ended, not that the code is wrong).
bool IsEndedStayToken(soci::session& sql, const std::string& hash);

TokenRecord InsertToken(soci::session& sql, const TokenRecord& token,
                        const std::string& hash);
std::optional<TokenRecord> FindToken(soci::session& sql, int64_t token_id);
Page<TokenRecord> ListTokens(soci::session& sql, domain::PrincipalKind kind,
                             int64_t principal_id, PageRequest page);
// Sets revoked_at once; a second revoke keeps the first time.
std::optional<TokenRecord> RevokeToken(soci::session& sql, int64_t token_id,
                                       absl::Time now);

// Revokes every live token carrying `label`; returns how many.
long long RevokeTokensByLabel(soci::session& sql, const std::string& label,
                              absl::Time now);

// The first group administrator, or nullopt before bootstrap.
std::optional<int64_t> FindFirstAdmin(soci::session& sql);
int64_t InsertAdmin(soci::session& sql, const std::string& display_name,
                    absl::Time now);

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_TOKEN_REPOSITORY_H_
