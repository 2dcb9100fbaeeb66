#ifndef CONCIERGE_SERVER_API_CONVERT_H_
#define CONCIERGE_SERVER_API_CONVERT_H_

// Conversions shared by every service adapter: times, money, roles.

#include <optional>
#include "absl/strings/string_view.h"

#include <google/protobuf/duration.pb.h>
#include <google/protobuf/timestamp.pb.h>

#include "absl/status/statusor.h"
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

void ToProto(const Money& money, v1::Money* out);
// An unset currency defaults to `site_currency`; amounts are validated by
// the domain (ValidateAmount).
Money FromProto(const v1::Money& money, absl::string_view site_currency);

// ROLE_GROUP_ADMIN does not exist on the wire: both admins are ROLE_ADMIN.
v1::Role ToProto(Role role);
// INVALID_ARGUMENT naming `field` for ROLE_UNSPECIFIED or unknown values.
absl::StatusOr<Role> StaffRoleFromProto(absl::string_view field, v1::Role role);

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_CONVERT_H_
