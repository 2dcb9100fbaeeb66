#include "server/store/idempotency.h"

#include "server/store/database.h"
#include "server/store/sql_util.h"

namespace concierge::store {
namespace {

const pg::Statement kClaim("claim request_id", R"sql(
INSERT INTO idempotency_keys (scope, request_id, fingerprint, created_at)
VALUES ($1, $2, $3, us_to_ts($4))
ON CONFLICT (scope, request_id) DO NOTHING
RETURNING 1 AS claimed)sql");

const pg::Statement kSelectExisting("select request_id", R"sql(
SELECT fingerprint, resource_name FROM idempotency_keys
WHERE scope = $1 AND request_id = $2)sql");

const pg::Statement kRecordResult("record request_id result", R"sql(
UPDATE idempotency_keys SET resource_name = $3
WHERE scope = $1 AND request_id = $2)sql");

constexpr char kExpire[] =
    "DELETE FROM idempotency_keys WHERE created_at < us_to_ts(:before)";

}  // namespace

absl::StatusOr<RequestIdClaim> ClaimRequestId(soci::session& sql,
                                              const std::string& scope,
                                              const std::string& request_id,
                                              const std::string& fingerprint,
                                              absl::Time now) {
  if (!pg::Execute(sql, kClaim, {scope, request_id, fingerprint, ToMicros(now)})
           .empty()) {
    return RequestIdClaim{};
  }
  pg::Result existing = pg::Execute(sql, kSelectExisting, {scope, request_id});
  if (existing.empty()) {
    // The other claimant rolled back between our two statements.
    return absl::AbortedError("request_id: a concurrent call with the same "
                              "request_id failed; retry");
  }
  if (existing.row(0).get<std::string>("fingerprint") != fingerprint) {
    return absl::InvalidArgumentError(
        "request_id: already used for a different request");
  }
  return RequestIdClaim{
      .existing = existing.row(0).get<std::string>("resource_name")};
}

void RecordRequestResult(soci::session& sql, const std::string& scope,
                         const std::string& request_id,
                         const std::string& resource_name) {
  ExecuteAtCommit(sql, {kRecordResult, {scope, request_id, resource_name}});
}

long long ExpireRequestIds(soci::session& sql, absl::Time before) {
  const long long before_us = ToMicros(before);
  soci::statement st = (sql.prepare << kExpire, soci::use(before_us, "before"));
  st.execute(true);
  return st.get_affected_rows();
}

}  // namespace concierge::store
