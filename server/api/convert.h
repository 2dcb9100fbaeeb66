#ifndef CONCIERGE_SERVER_API_CONVERT_H_
#define CONCIERGE_SERVER_API_CONVERT_H_

// Conversions shared by every service adapter: times, money, roles.

#include <google/protobuf/duration.pb.h>
#include <google/protobuf/timestamp.pb.h>

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "concierge/v1/common.pb.h"
#include "server/domain/money.h"
#include "server/domain/principal.h"

namespace concierge::api {

void ToProto(absl::Time t, google::protobuf::Timestamp* out);
google::protobuf::Timestamp ToProtoTime(absl::Time t);
// INVALID_ARGUMENT naming `field` when out of the representable range.
absl::StatusOr<absl::Time> FromProto(absl::string_view field,
                                     const google::protobuf::Timestamp& ts);
absl::StatusOr<absl::Duration> FromProto(absl::string_view field,
                                         const google::protobuf::Duration& d);

void ToProto(const domain::Money& money, v1::Money* out);

// The resource name of a principal ("sites/1/staff/4", "admins/1").
std::string PrincipalName(domain::PrincipalKind kind, int64_t site_id,
                          int64_t id);
inline std::string PrincipalName(const domain::Principal& p) {
  return PrincipalName(p.kind, p.site_id, p.id);
}
// A stored actor (domain::ActorKey) as the API spells it: the principal's
// resource name; "system" (the server's own moves) and "" as they are.
std::string ActorName(absl::string_view actor_key);
// An unset currency defaults to `site_currency`; amounts are validated by
// the domain (ValidateAmount).
domain::Money FromProto(const v1::Money& money,
                        absl::string_view site_currency);

// ROLE_GROUP_ADMIN does not exist on the wire: both admins are ROLE_ADMIN.
v1::Role ToProto(domain::Role role);
// INVALID_ARGUMENT naming `field` for ROLE_UNSPECIFIED or unknown values.
absl::StatusOr<domain::Role> StaffRoleFromProto(absl::string_view field,
                                                v1::Role role);

// Proto enum <-> domain enum through the value's name minus `prefix`, so the
// domain's name tables stay the one source of truth. An unknown or
// unspecified value is INVALID_ARGUMENT naming `field`.
template <typename Domain, typename ProtoEnum, typename NameFn,
          typename FromName>
absl::StatusOr<Domain> ByName(absl::string_view field, ProtoEnum v,
                              NameFn proto_name, absl::string_view prefix,
                              FromName from_name) {
  const std::string full = proto_name(v);
  if (absl::StartsWith(full, prefix)) {
    if (auto d = from_name(absl::string_view(full).substr(prefix.size()))) {
      return *d;
    }
  }
  return absl::InvalidArgumentError(absl::StrCat(
      field, ": unknown or unspecified value ", static_cast<int>(v)));
}

template <typename ProtoEnum, typename Parse>
ProtoEnum ToProtoByName(absl::string_view prefix, absl::string_view name,
                        Parse parse) {
  ProtoEnum out{};
  parse(absl::StrCat(prefix, name), &out);
  return out;
}

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_CONVERT_H_
