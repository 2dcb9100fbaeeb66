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

#include <functional>
#include <optional>
#include <string>
#include <utility>

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

// Runs `create` once per `key`: returns nullopt after running it, or the
// resource name the key's first create returned. An empty key (no
// request_id) simply runs `create`.
absl::StatusOr<std::optional<std::string>> CreateOnce(
    soci::session& sql, const CreateKey& key, absl::Time now,
    const std::function<absl::StatusOr<std::string>()>& create);

// NOT_FOUND "request_id: <name>, created with this request_id, no longer
// exists; ...": a create replayed after the resource it created was
// removed. Sending it again gets the same answer; a new request_id creates
// anew.
absl::Status ReplayedResourceGone(absl::string_view name);

// What a replay answers with: `stored`, the store's lookup of `name` (the
// resource the key's first create made), or ReplayedResourceGone when it is
// no longer there, never an empty optional dereferenced. Every `if
// (existing)` branch after CreateOnce reads its resource through this:
//   CONCIERGE_ASSIGN_OR_RETURN(x, Replayed(*existing, store::FindX(sql, ...)));
template <typename T>
absl::StatusOr<T> Replayed(absl::string_view name, std::optional<T> stored) {
  if (!stored.has_value()) return ReplayedResourceGone(name);
  return *std::move(stored);
}

// Forgets keys older than `before` (the idempotency window); returns how
// many were removed.
long long ExpireRequestIds(soci::session& sql, absl::Time before);

// --- writes other than creates: the first response, replayed -----------------
//
// A move or update sent with a request_id (AIP-155) runs once: its
// transaction claims the key as its first statement and stores the call's
// response with its COMMIT; a repeat with the same key and the same request
// answers that response without running again (even while the first is
// still committing: the claim waits on the key's row); the same key with a
// different request is INVALID_ARGUMENT. api::ServeWrite makes a WriteKey
// current for the call; Database::Transact honours it.
struct WriteKey {
  std::string scope;  // the caller and the method
  std::string request_id;
  std::string fingerprint;  // of the request without its request_id
  absl::Time now;
  // The call's response once its work ran, and the resource it names
  // ("" none); read just before COMMIT.
  std::function<std::string()> response;
  std::function<std::string()> resource_name;
  // Set when the key was already answered: the first call's response.
  std::optional<std::string> replayed;
  // The call's transaction committed with the key (a second one in the same
  // call does not claim it again).
  bool committed = false;
};

// Makes `key` the current thread's write key until destroyed.
class WriteKeyScope {
 public:
  explicit WriteKeyScope(WriteKey* key);
  ~WriteKeyScope();
  WriteKeyScope(const WriteKeyScope&) = delete;
  WriteKeyScope& operator=(const WriteKeyScope&) = delete;

 private:
  WriteKey* outer_;
};
WriteKey* CurrentWriteKey();

// Database::Transact's first statement when a write key is current: claims
// it, or finds its first response (then `key.replayed` is set and the
// status is ALREADY_EXISTS, which ends the unit of work unrun), or refuses
// a different request (INVALID_ARGUMENT naming request_id).
absl::Status ClaimWriteKey(soci::session& sql, WriteKey& key);
// Sent with COMMIT: the response and resource kept with the key.
void RecordWriteResponse(soci::session& sql, const WriteKey& key);

// Forgets kept responses that name `resource_name` or a child of it (a
// guest being erased: nothing about them stays in the keys' responses).
void ForgetResponsesAbout(soci::session& sql, const std::string& resource_name);

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_IDEMPOTENCY_H_
