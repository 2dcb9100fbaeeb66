#include "server/store/idempotency.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
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

const pg::Statement kClaimWrite("claim write request_id", R"sql(
WITH claim AS (
  INSERT INTO idempotency_keys (scope, request_id, fingerprint, created_at)
  VALUES ($1, $2, $3, us_to_ts($4))
  ON CONFLICT (scope, request_id) DO NOTHING
  RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM claim) AS claimed,
       (SELECT fingerprint FROM idempotency_keys
        WHERE scope = $1 AND request_id = $2) AS fingerprint,
       (SELECT encode(response, 'base64') FROM idempotency_keys
        WHERE scope = $1 AND request_id = $2) AS response)sql");

const pg::Statement kRecordWrite("record write response", R"sql(
UPDATE idempotency_keys SET response = decode($3, 'base64'),
       resource_name = $4
WHERE scope = $1 AND request_id = $2)sql");

constexpr char kForgetAbout[] = R"sql(
UPDATE idempotency_keys SET response = NULL
WHERE response IS NOT NULL
  AND (resource_name = :name OR resource_name LIKE :prefix))sql";

thread_local WriteKey* current_write_key = nullptr;

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

WriteKeyScope::WriteKeyScope(WriteKey* key) : outer_(current_write_key) {
  current_write_key = key;
}
WriteKeyScope::~WriteKeyScope() { current_write_key = outer_; }
WriteKey* CurrentWriteKey() { return current_write_key; }

absl::Status ClaimWriteKey(soci::session& sql, WriteKey& key) {
  pg::Result result = pg::Execute(
      sql, kClaimWrite,
      {key.scope, key.request_id, key.fingerprint, ToMicros(key.now)});
  const pg::Row row = result.row(0);
  if (row.get<bool>("claimed")) return absl::OkStatus();
  // In the WITH above the other caller's row is not yet visible when the
  // claim waited on it; the second SELECTs see it once it committed.
  const std::optional<std::string> fingerprint =
      row.get<std::optional<std::string>>("fingerprint");
  if (!fingerprint) {
    return absl::AbortedError(
        "request_id: a concurrent call with the same request_id failed; retry");
  }
  if (*fingerprint != key.fingerprint) {
    return absl::InvalidArgumentError(
        "request_id: already used for a different request");
  }
  std::optional<std::string> response =
      row.get<std::optional<std::string>>("response");
  if (!response) {
    // Kept without a response: its subject was erased since.
    return absl::FailedPreconditionError(
        "request_id: this request was carried out; its answer is no longer "
        "kept (the record it concerned was erased)");
  }
  std::string bytes;
  // encode() wraps base64 every 76 characters.
  absl::Base64Unescape(absl::StrReplaceAll(*response, {{"\n", ""}}), &bytes);
  key.replayed = std::move(bytes);
  return absl::AlreadyExistsError("request_id: replayed");
}

void RecordWriteResponse(soci::session& sql, const WriteKey& key) {
  ExecuteAtCommit(
      sql, {kRecordWrite,
            {key.scope, key.request_id, absl::Base64Escape(key.response()),
             key.resource_name()}});
}

void ForgetResponsesAbout(soci::session& sql,
                          const std::string& resource_name) {
  const std::string prefix = resource_name + "/%";
  sql << kForgetAbout, soci::use(resource_name, "name"),
      soci::use(prefix, "prefix");
}

absl::StatusOr<std::optional<std::string>> CreateOnce(
    soci::session& sql, const CreateKey& key, absl::Time now,
    const std::function<absl::StatusOr<std::string>()>& create) {
  if (key.request_id.empty()) {
    absl::StatusOr<std::string> created = create();
    if (!created.ok()) return created.status();
    return std::nullopt;
  }
  absl::StatusOr<RequestIdClaim> claim =
      ClaimRequestId(sql, key.scope, key.request_id, key.fingerprint, now);
  if (!claim.ok()) return claim.status();
  if (claim->existing) return claim->existing;
  absl::StatusOr<std::string> name = create();
  if (!name.ok()) return name.status();
  RecordRequestResult(sql, key.scope, key.request_id, *name);
  return std::nullopt;
}

absl::Status ReplayedResourceGone(absl::string_view name) {
  return absl::NotFoundError(
      absl::StrCat("request_id: ", name,
                   ", created with this request_id, no longer exists; send a "
                   "new request_id to create another"));
}

long long ExpireRequestIds(soci::session& sql, absl::Time before) {
  const long long before_us = ToMicros(before);
  soci::statement st = (sql.prepare << kExpire, soci::use(before_us, "before"));
  st.execute(true);
  return st.get_affected_rows();
}

}  // namespace concierge::store
