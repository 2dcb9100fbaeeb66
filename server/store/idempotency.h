#ifndef CONCIERGE_SERVER_STORE_IDEMPOTENCY_H_
#define CONCIERGE_SERVER_STORE_IDEMPOTENCY_H_

// The one mechanism behind every create's `request_id`.
//
// Inside the create's own transaction:
//   auto claim = ClaimRequestId(sql, scope, request_id, fingerprint, now);
//   if (claim.existing) -> return the resource it names (nothing created)
//   ... create ...; RecordRequestResult(sql, scope, request_id, name);
// Two concurrent creates with the same key serialize on the key's primary
// key: the second waits for the first to commit, then finds its result. If
// the first rolls back, the second proceeds as the creator.

#include <soci/soci.h>

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace concierge::store {

// A create's key (api::CreateKeyFor): `scope` names the caller and the
// method, `fingerprint` hashes the request; all empty when the caller sent
// no request_id.
struct CreateKey {
  std::string scope;
  std::string request_id;
  std::string fingerprint;
};

struct RequestIdClaim {
  // Set when this request_id was already used: the resource name it created.
  std::optional<std::string> existing;
};

// `scope` names the caller and the method ("staff:7/CreateSite");
// `fingerprint` is a hash of the request without its request_id. Reusing a
// request_id for a different request fails with INVALID_ARGUMENT.
absl::StatusOr<RequestIdClaim> ClaimRequestId(soci::session& sql,
                                              const std::string& scope,
                                              const std::string& request_id,
                                              const std::string& fingerprint,
                                              absl::Time now);

// Sent with the unit of work's COMMIT (ExecuteAtCommit).
void RecordRequestResult(soci::session& sql, const std::string& scope,
                         const std::string& request_id,
                         const std::string& resource_name);

// Forgets keys older than `before` (the idempotency window); returns how
// many were removed.
long long ExpireRequestIds(soci::session& sql, absl::Time before);

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_IDEMPOTENCY_H_
