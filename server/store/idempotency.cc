#include "server/store/idempotency.h"

#include "server/store/sql_util.h"

namespace concierge::store {
namespace {

constexpr char kClaim[] = R"sql(
INSERT INTO idempotency_keys (scope, request_id, fingerprint, created_at)
VALUES (:scope, :request_id, :fingerprint, us_to_ts(:now))
ON CONFLICT (scope, request_id) DO NOTHING
RETURNING 1)sql";

constexpr char kSelectExisting[] = R"sql(
SELECT fingerprint, resource_name FROM idempotency_keys
WHERE scope = :scope AND request_id = :request_id)sql";

constexpr char kRecordResult[] = R"sql(
UPDATE idempotency_keys SET resource_name = :name
WHERE scope = :scope AND request_id = :request_id)sql";

constexpr char kExpire[] =
    "DELETE FROM idempotency_keys WHERE created_at < us_to_ts(:before)";

}  // namespace

absl::StatusOr<RequestIdClaim> ClaimRequestId(soci::session& sql,
                                              const std::string& scope,
                                              const std::string& request_id,
                                              const std::string& fingerprint,
                                              absl::Time now) {
  int inserted = 0;
  const long long now_us = ToMicros(now);
  sql << kClaim, soci::use(scope, "scope"),
      soci::use(request_id, "request_id"),
      soci::use(fingerprint, "fingerprint"), soci::use(now_us, "now"),
      soci::into(inserted);
  if (sql.got_data()) return RequestIdClaim{};

  std::string stored_fingerprint, resource_name;
  sql << kSelectExisting, soci::use(scope, "scope"),
      soci::use(request_id, "request_id"), soci::into(stored_fingerprint),
      soci::into(resource_name);
  if (!sql.got_data()) {
    // The other claimant rolled back between our two statements.
    return absl::AbortedError("request_id: a concurrent call with the same "
                              "request_id failed; retry");
  }
  if (stored_fingerprint != fingerprint) {
    return absl::InvalidArgumentError(
        "request_id: already used for a different request");
  }
  return RequestIdClaim{.existing = resource_name};
}

void RecordRequestResult(soci::session& sql, const std::string& scope,
                         const std::string& request_id,
                         const std::string& resource_name) {
  sql << kRecordResult, soci::use(resource_name, "name"),
      soci::use(scope, "scope"), soci::use(request_id, "request_id");
}

long long ExpireRequestIds(soci::session& sql, absl::Time before) {
  const long long before_us = ToMicros(before);
  soci::statement st = (sql.prepare << kExpire, soci::use(before_us, "before"));
  st.execute(true);
  return st.get_affected_rows();
}

}  // namespace concierge::store
