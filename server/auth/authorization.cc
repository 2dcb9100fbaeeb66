#include "server/auth/authorization.h"

#include "absl/strings/str_cat.h"

namespace concierge::auth {

const MethodPermission* FindPermission(absl::string_view method) {
  for (const MethodPermission& p : AuthorizationTable()) {
    if (p.method == method) return &p;
  }
  return nullptr;
}

absl::Status Authorize(const domain::Principal& principal,
                       absl::string_view method) {
  const MethodPermission* permission = FindPermission(method);
  if (permission == nullptr) {
    return absl::PermissionDeniedError(
        absl::StrCat(method, " is not in the authorization table"));
  }
  if (!permission->roles.Contains(principal.role)) {
    return absl::PermissionDeniedError(absl::StrCat(
        "role ", domain::RoleName(principal.role), " may not call ", method));
  }
  if (principal.role == domain::Role::kPartner &&
      permission->partner_scope != "*" &&
      !principal.HasScope(permission->partner_scope)) {
    return absl::PermissionDeniedError(absl::StrCat(
        "partner lacks scope ", permission->partner_scope, " for ", method));
  }
  return absl::OkStatus();
}

}  // namespace concierge::auth
