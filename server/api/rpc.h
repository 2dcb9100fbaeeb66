#ifndef CONCIERGE_SERVER_API_RPC_H_
#define CONCIERGE_SERVER_API_RPC_H_

// The frame every RPC handler runs in: authenticate, authorize against the
// one table, bound the call by its deadline, run the body, and turn its
// absl::Status into a grpc::Status in exactly one place. The same frame
// gives each call its request id, its metrics and its log line.

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>
#include <soci/soci.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/api/page_token.h"
#include "server/auth/authenticator.h"
#include "server/common/log.h"
#include "server/common/thread_pool.h"
#include "server/domain/clock.h"
#include "server/domain/principal.h"
#include "server/store/database.h"
#include "server/store/idempotency.h"
#include "server/store/room_brief_reader.h"
#include "server/store/sql_util.h"
#include "server/usecase/actor.h"

namespace concierge::api {

// What every service adapter is built from.
struct ApiEnv {
  store::Database* db = nullptr;
  // The room brief, read and logged in shared batches.
  store::RoomBriefReader* room_briefs = nullptr;
  const domain::Clock* clock = nullptr;
  auth::Authenticator* authenticator = nullptr;
  const PageTokenCodec* page_tokens = nullptr;
  // Used when the caller sets no deadline, and the most any call may take.
  absl::Duration max_call_duration = absl::Seconds(30);
  // Mutual TLS: partner systems must present a verified client certificate.
  bool partners_need_client_certificate = false;
  // Where callback handlers' work that may wait on the database runs
  // (required: ServeLater and WatchTasks send it there).
  ThreadPool* blocking = nullptr;
};

// One authenticated, authorized call.
struct Call {
  domain::Principal principal;
  absl::string_view method;
  absl::Time now;
  absl::Time deadline;
};

// The call as a use case sees it: who, when, by when.
inline usecase::Actor ActorOf(const Call& call) {
  return {call.principal, call.now, call.deadline};
}

using Body = std::function<absl::Status(const Call&)>;

// The metadata key of the request id, in both directions.
inline constexpr char kRequestIdHeader[] = "x-request-id";

struct RpcMethodStats;  // per-method instruments (rpc.cc)

// One RPC's bookkeeping, from its first moment to its outcome: takes the
// caller's x-request-id (or makes one), returns it in the response's initial
// metadata, counts the call in flight, and on Finish records its code and
// latency and writes its log line (non-OK calls at info, OK calls at debug:
// see docs/METRICS.md). Whoever runs the call's work makes request_id() the
// thread's request id (RequestIdScope) for every log line and event the
// call causes.
class RpcRecord {
 public:
  RpcRecord(grpc::ServerContextBase* context, absl::string_view method);
  ~RpcRecord();
  RpcRecord(const RpcRecord&) = delete;
  RpcRecord& operator=(const RpcRecord&) = delete;

  // Records the outcome once; `principal` is null when the caller was not
  // authenticated.
  void Finish(const grpc::Status& status, const domain::Principal* principal);
  const std::string& request_id() const { return request_id_; }

 private:
  const absl::Time start_;
  RpcMethodStats* const stats_;
  const std::string request_id_;
  bool finished_ = false;
};

// Creates the metrics of every method once, at start, so that a call only
// reads an immutable table ("/concierge.v1.X/Y" paths).
void RegisterRpcMethods(const std::vector<std::string>& methods);

// The caller's request id when it is usable (1-64 characters of
// [A-Za-z0-9._:-]), else a new one.
std::string RequestIdFrom(absl::string_view header);

// Authenticates the caller and checks the authorization table for `method`.
absl::StatusOr<Call> StartCall(const ApiEnv& env,
                               grpc::ServerContextBase* context,
                               absl::string_view method);

// Runs `body` for `method` ("/concierge.v1.X/Y") after authentication and
// authorization; the returned grpc::Status is the call's outcome.
grpc::Status Serve(const ApiEnv& env, grpc::ServerContextBase* context,
                   absl::string_view method, const Body& body);

// Serve for a write other than a create (a move, an update, a decision):
// sent with a `request_id` (AIP-155), it runs once, and a repeat with the
// same request_id answers exactly the first call's response, even when the
// first answer was lost on the way (store::WriteKey). The request_id of a
// different request is INVALID_ARGUMENT. `request` must have a string field
// `request_id`; `response` is the call's response message.
grpc::Status ServeWrite(const ApiEnv& env, grpc::ServerContextBase* context,
                        absl::string_view method,
                        const google::protobuf::Message& request,
                        google::protobuf::Message* response, const Body& body);

// Finishes a call that ServeLater started: call it exactly once, from any
// thread, with the call's outcome.
using FinishCall = std::function<void(absl::Status)>;
using LaterBody = std::function<void(const Call&, FinishCall)>;

// For callback methods: the frame of Serve, but `body` may return before the
// call's work is done and finish it later through its FinishCall (a call
// whose body returns without finishing stays open). The body runs on gRPC's
// callback threads and must not wait; when authentication must ask the
// database (a token not in the cache), the start runs on env.blocking.
grpc::ServerUnaryReactor* ServeLater(const ApiEnv& env,
                                     grpc::CallbackServerContext* context,
                                     absl::string_view method, LaterBody body);

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

// A replayed create's answer, or its resource gone (store/idempotency.h).
using store::Replayed;
using store::ReplayedResourceGone;

// The idempotency key CreateOnce uses for (caller, method, request_id):
// empty when there is no request_id. For creates that claim their key inside
// their own statement (store::InsertRequestOnce).
store::CreateKey CreateKeyFor(const Call& call,
                              const google::protobuf::Message& request,
                              const std::string& request_id);
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
// The token for the page after `page`.
template <typename T>
std::string NextPageToken(const ApiEnv& env, const Call& call,
                          const ListCursor& cursor,
                          const store::Page<T>& page) {
  return NextPageToken(env, call, cursor, page.has_more,
                       page.items.empty() ? 0 : page.items.back().id);
}

// A List call's answer: each item of `page` converted by `convert(item,
// out)` into a new element of `items`, and the token for the next page.
template <typename T, typename Convert, typename Proto>
absl::Status PageInto(const ApiEnv& env, const Call& call,
                      const ListCursor& cursor, const store::Page<T>& page,
                      Convert convert,
                      google::protobuf::RepeatedPtrField<Proto>* items,
                      std::string* next_page_token) {
  for (const T& item : page.items) convert(item, items->Add());
  *next_page_token = NextPageToken(env, call, cursor, page);
  return absl::OkStatus();
}
// The same for a use case's result: its error, or its page.
template <typename T, typename Convert, typename Proto>
absl::Status PageInto(const ApiEnv& env, const Call& call,
                      const ListCursor& cursor,
                      const absl::StatusOr<store::Page<T>>& page,
                      Convert convert,
                      google::protobuf::RepeatedPtrField<Proto>* items,
                      std::string* next_page_token) {
  if (!page.ok()) return page.status();
  return PageInto(env, call, cursor, *page, std::move(convert), items,
                  next_page_token);
}

// A use case's answer to a create or a read: its error, or its value
// converted by `convert(value, response)`.
template <typename T, typename Out, typename Convert>
absl::Status Answer(const absl::StatusOr<T>& result, Out* response,
                    Convert convert) {
  if (!result.ok()) return result.status();
  convert(*result, response);
  return absl::OkStatus();
}

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_RPC_H_
