#include "server/api/rpc.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <exception>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/auth/authorization.h"
#include "server/common/crypto.h"
#include "server/common/log.h"
#include "server/domain/status_macros.h"
#include "server/store/idempotency.h"

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

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  if (status.code() == absl::StatusCode::kInternal ||
      status.code() == absl::StatusCode::kUnknown) {
    const std::string incident = Base64UrlEncode(RandomBytes(6));
    Log(LogLevel::kError, "internal error",
        {{"incident", incident}, {"detail", std::string(status.message())}});
    return grpc::Status(grpc::StatusCode::INTERNAL,
                        absl::StrCat("internal error, incident ", incident));
  }
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

absl::StatusOr<Call> StartCall(const ApiEnv& env,
                               grpc::ServerContextBase* context,
                               absl::string_view method) {
  // Deadlines are real time (database waits are real), while `now` comes
  // from the injected clock so tests can move business time.
  absl::Time deadline = absl::FromChrono(context->deadline());
  const absl::Time cap = absl::Now() + env.max_call_duration;
  if (deadline > cap) deadline = cap;

  absl::string_view header;
  const auto& metadata = context->client_metadata();
  if (auto it = metadata.find("authorization"); it != metadata.end()) {
    header = absl::string_view(it->second.data(), it->second.size());
  }
  ASSIGN_OR_RETURN(Principal principal,
                   env.authenticator->Authenticate(header, deadline));
  if (principal.role == Role::kPartner && env.partners_need_client_certificate) {
    const auto auth_context = context->auth_context();
    if (auth_context == nullptr || !auth_context->IsPeerAuthenticated()) {
      return absl::UnauthenticatedError(
          "partner systems must connect with a client certificate (mutual "
          "TLS)");
    }
  }
  RETURN_IF_ERROR(auth::Authorize(principal, method));
  return Call{std::move(principal), method, env.clock->Now(), deadline};
}

grpc::Status Serve(const ApiEnv& env, grpc::ServerContextBase* context,
                   absl::string_view method, const Body& body) {
  absl::StatusOr<Call> call = StartCall(env, context, method);
  if (!call.ok()) return ToGrpcStatus(call.status());
  try {
    return ToGrpcStatus(body(*call));
  } catch (const std::exception& e) {
    return ToGrpcStatus(absl::InternalError(e.what()));
  }
}

absl::Status RequireSite(const Call& call, int64_t site_id) {
  if (call.principal.CanActOnSite(site_id)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat("the caller may not act on sites/", site_id));
}

absl::Status RequireOwnHousehold(const Call& call, int64_t household_id) {
  if (call.principal.role != Role::kResident ||
      call.principal.household_id == household_id) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "residents may only see their own household's data");
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
  if (request_id.empty()) {
    RETURN_IF_ERROR(create().status());
    return std::nullopt;
  }
  const std::string scope = absl::StrCat(call.principal.Key(), call.method);
  ASSIGN_OR_RETURN(
      store::RequestIdClaim claim,
      store::ClaimRequestId(sql, scope, request_id,
                            Fingerprint(request, {"request_id"}), call.now));
  if (claim.existing) return claim.existing;
  ASSIGN_OR_RETURN(std::string name, create());
  store::RecordRequestResult(sql, scope, request_id, name);
  return std::nullopt;
}

absl::StatusOr<ListCursor> StartList(const ApiEnv& env, const Call& call,
                                     const google::protobuf::Message& request,
                                     int32_t page_size,
                                     const std::string& page_token) {
  ListCursor cursor;
  ASSIGN_OR_RETURN(cursor.limit, EffectivePageSize(page_size));
  cursor.fingerprint = absl::StrCat(
      call.principal.Key(), call.method,
      Fingerprint(request, {"page_size", "page_token"}));
  ASSIGN_OR_RETURN(cursor.after_id,
                   env.page_tokens->Decode(cursor.fingerprint, page_token,
                                           absl::Now()));
  return cursor;
}

std::string NextPageToken(const ApiEnv& env, const Call& call,
                          const ListCursor& cursor, bool has_more,
                          int64_t last_id) {
  if (!has_more) return "";
  return env.page_tokens->Encode(cursor.fingerprint, last_id, absl::Now());
}

}  // namespace concierge::api
