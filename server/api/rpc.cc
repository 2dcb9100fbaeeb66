#include "server/api/rpc.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <exception>
#include <memory>
#include <optional>

#include "absl/base/const_init.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "server/auth/authorization.h"
#include "server/common/crypto.h"
#include "server/common/log.h"
#include "server/common/metrics.h"
#include "server/common/status_detail.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"
#include "server/store/idempotency.h"
#include "server/usecase/access.h"

namespace concierge::api {
namespace {

// A hash of `request` without the named fields, with deterministic
// serialization so equal requests always hash alike.
std::string Fingerprint(const google::protobuf::Message& request,
                        std::initializer_list<absl::string_view> skip) {
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  const google::protobuf::Descriptor* descriptor = copy->GetDescriptor();
  for (absl::string_view name : skip) {
    if (const auto* field = descriptor->FindFieldByName(std::string(name))) {
      copy->GetReflection()->ClearField(copy.get(), field);
    }
  }
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    copy->SerializeToCodedStream(&coded);
  }
  return Sha256Hex(bytes);
}

// grpc::StatusCode runs 0 (OK) .. 16 (UNAUTHENTICATED).
constexpr int kCodeCount = 17;

std::string CodeName(int code) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

metrics::Gauge& InFlight() {
  static metrics::Gauge& gauge = metrics::Global().GetGauge(
      "concierge_rpc_in_flight",
      "RPCs being served now (a WatchTasks stream only while it opens)");
  return gauge;
}

absl::string_view HeaderOf(grpc::ServerContextBase* context,
                           absl::string_view key) {
  const auto& metadata = context->client_metadata();
  auto it = metadata.find(grpc::string_ref(key.data(), key.size()));
  if (it == metadata.end()) return "";
  return absl::string_view(it->second.data(), it->second.size());
}

}  // namespace

// One method's instruments. A series appears on the method's first call
// with a code (creation takes the registry's lock once); afterwards a call
// costs an atomic load and relaxed increments.
struct RpcMethodStats {
  explicit RpcMethodStats(absl::string_view path)
      : label(absl::StripPrefix(path, "/")) {}

  metrics::Counter& Calls(int code) {
    metrics::Counter* counter = calls[code].load(std::memory_order_acquire);
    if (counter == nullptr) {
      counter = &metrics::Global().GetCounter(
          "concierge_rpc_calls_total",
          "RPCs finished, by method and gRPC status code",
          {{"method", label}, {"code", CodeName(code)}});
      calls[code].store(counter, std::memory_order_release);
    }
    return *counter;
  }

  metrics::Histogram& Duration() {
    metrics::Histogram* histogram = duration.load(std::memory_order_acquire);
    if (histogram == nullptr) {
      histogram = &metrics::Global().GetHistogram(
          "concierge_rpc_duration_seconds",
          "RPC latency in the server, from the first byte of the handler to "
          "its status, by method",
          metrics::LatencyBuckets(), {{"method", label}});
      duration.store(histogram, std::memory_order_release);
    }
    return *histogram;
  }

  // "concierge.v1.DirectoryService/GetSite": the label and the log field.
  const std::string label;
  std::array<std::atomic<metrics::Counter*>, kCodeCount> calls{};
  std::atomic<metrics::Histogram*> duration{nullptr};
};

namespace {

// Registered methods: built at start, then only read (no lock per call).
// Tables and stats live as long as the process: a reader may still hold an
// older table when a later start publishes a bigger one.
using MethodTable = absl::flat_hash_map<std::string, RpcMethodStats*>;
std::atomic<const MethodTable*> registered_methods{nullptr};
// Guards registration and `unregistered_methods` (tests that call a
// handler without a server).
ABSL_CONST_INIT absl::Mutex methods_mu(absl::kConstInit);
MethodTable* unregistered_methods ABSL_GUARDED_BY(methods_mu) = nullptr;

RpcMethodStats* StatsFor(absl::string_view method) {
  if (const MethodTable* table =
          registered_methods.load(std::memory_order_acquire)) {
    if (auto it = table->find(method); it != table->end()) return it->second;
  }
  absl::MutexLock lock(&methods_mu);
  if (unregistered_methods == nullptr) unregistered_methods = new MethodTable;
  RpcMethodStats*& stats = (*unregistered_methods)[std::string(method)];
  if (stats == nullptr) stats = new RpcMethodStats(method);
  return stats;
}

}  // namespace

void RegisterRpcMethods(const std::vector<std::string>& methods) {
  absl::MutexLock lock(&methods_mu);
  const MethodTable* old = registered_methods.load(std::memory_order_acquire);
  bool complete = old != nullptr;
  for (const std::string& m : methods) {
    if (complete && !old->contains(m)) complete = false;
  }
  if (complete) return;
  auto* table = old == nullptr ? new MethodTable : new MethodTable(*old);
  for (const std::string& m : methods) {
    RpcMethodStats*& stats = (*table)[m];
    if (stats == nullptr) stats = new RpcMethodStats(m);
  }
  registered_methods.store(table, std::memory_order_release);
}

std::string RequestIdFrom(absl::string_view header) {
  bool usable = !header.empty() && header.size() <= 64;
  for (char c : header) {
    if (!absl::ascii_isalnum(c) && c != '-' && c != '_' && c != '.' &&
        c != ':') {
      usable = false;
      break;
    }
  }
  return usable ? std::string(header) : NewRequestId();
}

RpcRecord::RpcRecord(grpc::ServerContextBase* context, absl::string_view method)
    : start_(absl::Now()),
      stats_(StatsFor(method)),
      request_id_(RequestIdFrom(HeaderOf(context, kRequestIdHeader))) {
  context->AddInitialMetadata(kRequestIdHeader, request_id_);
  InFlight().Add(1);
}

RpcRecord::~RpcRecord() {
  if (!finished_) InFlight().Add(-1);
}

void RpcRecord::Finish(const grpc::Status& status,
                       const domain::Principal* principal) {
  if (finished_) return;
  finished_ = true;
  InFlight().Add(-1);
  const absl::Duration elapsed = absl::Now() - start_;
  int code = static_cast<int>(status.error_code());
  if (code < 0 || code >= kCodeCount) code = grpc::StatusCode::UNKNOWN;
  stats_->Calls(code).Increment();
  stats_->Duration().Observe(absl::ToDoubleSeconds(elapsed));
  // Failures are what an operator looks for; a line per successful call
  // is there when asked for (--log_level=debug). The status message is
  // left out: it may quote what the caller sent.
  const LogLevel level = status.ok() ? LogLevel::kDebug : LogLevel::kInfo;
  if (!LogEnabled(level)) return;
  const double ms = absl::ToDoubleMilliseconds(elapsed);
  if (principal == nullptr) {
    Log(level, "rpc",
        {{"method", stats_->label},
         {"code", CodeName(code)},
         {"duration_ms", ms}});
    return;
  }
  Log(level, "rpc",
      {{"method", stats_->label},
       {"code", CodeName(code)},
       {"duration_ms", ms},
       {"principal", principal->Key()},
       {"site", principal->site_id}});
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const std::optional<std::string> detail = DetailOf(status);
  if (status.code() == absl::StatusCode::kInternal ||
      status.code() == absl::StatusCode::kUnknown) {
    const std::string incident = Base64UrlEncode(RandomBytes(6));
    Log(LogLevel::kError, "internal error",
        {{"incident", incident},
         {"detail", absl::StrCat(status.message(),
                                 detail ? absl::StrCat(": ", *detail) : "")}});
    return grpc::Status(grpc::StatusCode::INTERNAL,
                        absl::StrCat("internal error, incident ", incident));
  }
  // The operator's detail (a driver's message) stays in the log.
  if (detail) {
    Log(LogLevel::kWarning, "error detail",
        {{"code", absl::StatusCodeToString(status.code())},
         {"detail", *detail}});
  }
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

namespace {

// Deadlines are real time (database waits are real), while a call's `now`
// comes from the injected clock so tests can move business time.
absl::Time DeadlineOf(const ApiEnv& env, grpc::ServerContextBase* context) {
  const absl::Time deadline = absl::FromChrono(context->deadline());
  return std::min(deadline, absl::Now() + env.max_call_duration);
}

absl::string_view AuthorizationOf(grpc::ServerContextBase* context) {
  return HeaderOf(context, "authorization");
}

// What follows authentication: mutual TLS for partners, then the table.
absl::StatusOr<Call> Admit(const ApiEnv& env, grpc::ServerContextBase* context,
                           absl::string_view method,
                           absl::StatusOr<domain::Principal> principal,
                           absl::Time deadline) {
  if (!principal.ok()) return principal.status();
  if (principal->role == domain::Role::kPartner &&
      env.partners_need_client_certificate) {
    const auto auth_context = context->auth_context();
    if (auth_context == nullptr || !auth_context->IsPeerAuthenticated()) {
      return absl::UnauthenticatedError(
          "partner systems must connect with a client certificate (mutual "
          "TLS)");
    }
  }
  CONCIERGE_RETURN_IF_ERROR(auth::Authorize(*principal, method));
  return Call{*std::move(principal), method, env.clock->Now(), deadline};
}

grpc::Status RunBody(const Body& body, const Call& call) {
  try {
    return ToGrpcStatus(body(call));
  } catch (const std::exception& e) {
    return ToGrpcStatus(
        WithDetail(absl::InternalError("unexpected"), e.what()));
  }
}

// One callback call from its start to its one finish.
class LaterCall : public std::enable_shared_from_this<LaterCall> {
 public:
  LaterCall(grpc::CallbackServerContext* context, absl::string_view method)
      : reactor_(context->DefaultReactor()), record_(context, method) {}

  grpc::ServerUnaryReactor* reactor() { return reactor_; }
  const std::string& request_id() const { return record_.request_id(); }

  // Runs `body` once the caller is admitted, or finishes with the refusal.
  void Start(const ApiEnv& env, grpc::CallbackServerContext* context,
             absl::string_view method,
             absl::StatusOr<domain::Principal> principal, absl::Time deadline,
             const LaterBody& body) {
    RequestIdScope scope(request_id());
    absl::StatusOr<Call> call =
        Admit(env, context, method, std::move(principal), deadline);
    if (!call.ok()) return Finish(call.status());
    principal_ = call->principal;
    try {
      body(*call, [self = shared_from_this()](absl::Status status) {
        self->Finish(std::move(status));
      });
    } catch (const std::exception& e) {
      Finish(WithDetail(absl::InternalError("unexpected"), e.what()));
    }
  }

 private:
  void Finish(absl::Status status) {
    if (finished_.exchange(true)) return;
    RequestIdScope scope(request_id());
    const grpc::Status outcome = ToGrpcStatus(status);
    record_.Finish(outcome, principal_ ? &*principal_ : nullptr);
    reactor_->Finish(outcome);
  }

  grpc::ServerUnaryReactor* const reactor_;
  RpcRecord record_;
  // Set before the body runs, read only by Finish.
  std::optional<domain::Principal> principal_;
  std::atomic<bool> finished_{false};
};

}  // namespace

absl::StatusOr<Call> StartCall(const ApiEnv& env,
                               grpc::ServerContextBase* context,
                               absl::string_view method) {
  const absl::Time deadline = DeadlineOf(env, context);
  return Admit(
      env, context, method,
      env.authenticator->Authenticate(AuthorizationOf(context), deadline),
      deadline);
}

grpc::Status Serve(const ApiEnv& env, grpc::ServerContextBase* context,
                   absl::string_view method, const Body& body) {
  RpcRecord record(context, method);
  RequestIdScope scope(record.request_id());
  absl::StatusOr<Call> call = StartCall(env, context, method);
  const grpc::Status status =
      call.ok() ? RunBody(body, *call) : ToGrpcStatus(call.status());
  record.Finish(status, call.ok() ? &call->principal : nullptr);
  return status;
}

namespace {

// The `request_id` field of a write's request ("" when unset or absent).
std::string RequestIdOf(const google::protobuf::Message& request) {
  const google::protobuf::FieldDescriptor* field =
      request.GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr ||
      field->type() != google::protobuf::FieldDescriptor::TYPE_STRING) {
    return "";
  }
  return request.GetReflection()->GetString(request, field);
}

// The resource a response names (its `name`), for forgetting responses
// about an erased guest.
std::string ResourceNameOf(const google::protobuf::Message& response) {
  const google::protobuf::FieldDescriptor* field =
      response.GetDescriptor()->FindFieldByName("name");
  if (field == nullptr ||
      field->type() != google::protobuf::FieldDescriptor::TYPE_STRING) {
    return "";
  }
  return response.GetReflection()->GetString(response, field);
}

}  // namespace

grpc::Status ServeWrite(const ApiEnv& env, grpc::ServerContextBase* context,
                        absl::string_view method,
                        const google::protobuf::Message& request,
                        google::protobuf::Message* response, const Body& body) {
  return Serve(env, context, method, [&](const Call& call) -> absl::Status {
    const std::string request_id = RequestIdOf(request);
    if (request_id.empty()) return body(call);
    CONCIERGE_RETURN_IF_ERROR(domain::ValidateRequestId(request_id));
    store::WriteKey key;
    key.scope = absl::StrCat(call.principal.Key(), call.method);
    key.request_id = request_id;
    key.fingerprint = Fingerprint(request, {"request_id"});
    key.now = call.now;
    key.response = [response] { return response->SerializeAsString(); };
    key.resource_name = [response] { return ResourceNameOf(*response); };
    store::WriteKeyScope scope(&key);
    absl::Status status = body(call);
    if (key.replayed) {
      response->Clear();
      if (!response->ParseFromString(*key.replayed)) {
        return absl::InternalError("request_id: the kept answer is unreadable");
      }
      return absl::OkStatus();
    }
    return status;
  });
}

grpc::ServerUnaryReactor* ServeLater(const ApiEnv& env,
                                     grpc::CallbackServerContext* context,
                                     absl::string_view method, LaterBody body) {
  auto call = std::make_shared<LaterCall>(context, method);
  const absl::Time deadline = DeadlineOf(env, context);
  auto principal =
      env.authenticator->AuthenticateFromCache(AuthorizationOf(context));
  if (principal.has_value()) {
    call->Start(env, context, method, *std::move(principal), deadline, body);
    return call->reactor();
  }
  // The database must be asked: not on this thread. The context and the
  // reactor live until the call finishes.
  env.blocking->Run(
      [&env, context, method, deadline, call, body = std::move(body)] {
        call->Start(
            env, context, method,
            env.authenticator->Authenticate(AuthorizationOf(context), deadline),
            deadline, body);
      });
  return call->reactor();
}

absl::Status RequireSite(const Call& call, int64_t site_id) {
  return usecase::RequireSite(call.principal, site_id);
}

absl::Status RequireOwnHousehold(const Call& call, int64_t household_id) {
  return usecase::RequireOwnHousehold(call.principal, household_id);
}

absl::Status RequireSiteKind(const Call& call, absl::string_view kind) {
  if (call.principal.IsGroupAdmin() || call.principal.site_kind == kind) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat("only callers of a ", kind, " site may call ", call.method));
}

absl::StatusOr<std::optional<std::string>> CreateOnce(
    soci::session& sql, const Call& call,
    const google::protobuf::Message& request, const std::string& request_id,
    const std::function<absl::StatusOr<std::string>()>& create) {
  return store::CreateOnce(sql, CreateKeyFor(call, request, request_id),
                           call.now, create);
}

store::CreateKey CreateKeyFor(const Call& call,
                              const google::protobuf::Message& request,
                              const std::string& request_id) {
  if (request_id.empty()) return {};
  return {absl::StrCat(call.principal.Key(), call.method), request_id,
          Fingerprint(request, {"request_id"})};
}

absl::StatusOr<ListCursor> StartList(const ApiEnv& env, const Call& call,
                                     const google::protobuf::Message& request,
                                     int32_t page_size,
                                     const std::string& page_token) {
  ListCursor cursor;
  CONCIERGE_ASSIGN_OR_RETURN(cursor.limit, EffectivePageSize(page_size));
  cursor.fingerprint =
      absl::StrCat(call.principal.Key(), call.method,
                   Fingerprint(request, {"page_size", "page_token"}));
  CONCIERGE_ASSIGN_OR_RETURN(
      cursor.after_id,
      env.page_tokens->Decode(cursor.fingerprint, page_token, absl::Now()));
  return cursor;
}

std::string NextPageToken(const ApiEnv& env, const Call& call,
                          const ListCursor& cursor, bool has_more,
                          int64_t last_id) {
  if (!has_more) return "";
  return env.page_tokens->Encode(cursor.fingerprint, last_id, absl::Now());
}

}  // namespace concierge::api
