#ifndef CONCIERGE_SERVER_API_RPC_H_
#define CONCIERGE_SERVER_API_RPC_H_

// The frame every RPC handler runs in: authenticate, authorize against the
// one table, bound the call by its deadline, run the body, and turn its
// absl::Status into a grpc::Status in exactly one place.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include "absl/strings/string_view.h"

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>
#include <soci/soci.h>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/api/page_token.h"
#include "server/auth/authenticator.h"
#include "server/domain/clock.h"
#include "server/domain/principal.h"
#include "server/store/access_log_writer.h"
#include "server/store/database.h"

namespace concierge::api {

// What every service adapter is built from.
struct ApiEnv {
  store::Database* db = nullptr;
  // Group commit for the room brief's access-log rows.
  store::AccessLogWriter* access_log = nullptr;
  const Clock* clock = nullptr;
  auth::Authenticator* authenticator = nullptr;
  const PageTokenCodec* page_tokens = nullptr;
  // Used when the caller sets no deadline, and the most any call may take.
  absl::Duration max_call_duration = absl::Seconds(30);
  // Mutual TLS: partner systems must present a verified client certificate.
  bool partners_need_client_certificate = false;
};

// One authenticated, authorized call.
struct Call {
  Principal principal;
  absl::string_view method;
  absl::Time now;
  absl::Time deadline;
};

using Body = std::function<absl::Status(const Call&)>;

// Authenticates the caller and checks the authorization table for `method`.
absl::StatusOr<Call> StartCall(const ApiEnv& env,
                               grpc::ServerContextBase* context,
                               absl::string_view method);

// Runs `body` for `method` ("/concierge.v1.X/Y") after authentication and
// authorization; the returned grpc::Status is the call's outcome.
grpc::Status Serve(const ApiEnv& env, grpc::ServerContextBase* context,
                   absl::string_view method, const Body& body);

// absl::Status -> grpc::Status. INTERNAL details are logged, not returned.
grpc::Status ToGrpcStatus(const absl::Status& status);

// PERMISSION_DENIED unless the caller may act on `site_id`.
absl::Status RequireSite(const Call& call, int64_t site_id);
// For residents: PERMISSION_DENIED unless `household_id` is their own.
// Staff pass (RequireSite still applies).
absl::Status RequireOwnHousehold(const Call& call, int64_t household_id);

// PERMISSION_DENIED unless the caller belongs to a site of `kind`
// ("HOTEL" or "RESIDENTIAL"); group administrators pass.
absl::Status RequireSiteKind(const Call& call, absl::string_view kind);

// Runs `create` once per (caller, method, request_id). Returns nullopt after
// running it, or the resource name the first call created; `create` returns
// the name of what it created. Without a request_id it simply runs `create`.
absl::StatusOr<std::optional<std::string>> CreateOnce(
    soci::session& sql, const Call& call,
    const google::protobuf::Message& request, const std::string& request_id,
    const std::function<absl::StatusOr<std::string>()>& create);

// A List call's keyset position and page size, checked against its token.
struct ListCursor {
  int limit = kDefaultPageSize;
  int64_t after_id = 0;
  std::string fingerprint;
};

// Reads `page_size`/`page_token` of a List request; the token is bound to
// the caller, the method and every other field of `request` (the filters).
absl::StatusOr<ListCursor> StartList(const ApiEnv& env, const Call& call,
                                     const google::protobuf::Message& request,
                                     int32_t page_size,
                                     const std::string& page_token);

// The token for the page after `last_id`, or "" when `has_more` is false.
std::string NextPageToken(const ApiEnv& env, const Call& call,
                          const ListCursor& cursor, bool has_more,
                          int64_t last_id);

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_RPC_H_
