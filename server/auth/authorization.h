#ifndef CONCIERGE_SERVER_AUTH_AUTHORIZATION_H_
#define CONCIERGE_SERVER_AUTH_AUTHORIZATION_H_

#include <cstdint>
#include <initializer_list>
#include <span>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "server/domain/principal.h"

namespace concierge::auth {

// A set of roles as a bit mask, so the table below is a constant.
class RoleSet {
 public:
  constexpr RoleSet() = default;
  constexpr RoleSet(std::initializer_list<domain::Role> roles) {
    for (domain::Role r : roles) bits_ |= Bit(r);
  }
  constexpr bool Contains(domain::Role r) const {
    return (bits_ & Bit(r)) != 0;
  }
  constexpr RoleSet operator|(RoleSet other) const {
    RoleSet s;
    s.bits_ = bits_ | other.bits_;
    return s;
  }

 private:
  static constexpr uint32_t Bit(domain::Role r) {
    return uint32_t{1} << static_cast<int>(r);
  }
  uint32_t bits_ = 0;
};

// Who may call one RPC. Roles decide for people; for partner systems the
// role PARTNER must be listed and the partner must hold `partner_scope`.
// Resource-level rules (own site, own household, own department) are checked
// by the service after this table admits the call.
struct MethodPermission {
  // Full gRPC method path, "/concierge.v1.DirectoryService/CreateSite".
  absl::string_view method;
  RoleSet roles;
  absl::string_view partner_scope;
};

// The one authorization table: every RPC of every concierge.v1 service.
std::span<const MethodPermission> AuthorizationTable();

// Partner scopes that exist (CreatePartner refuses others).
std::span<const absl::string_view> KnownPartnerScopes();

// nullptr when `method` has no entry.
const MethodPermission* FindPermission(absl::string_view method);

// OK when the table admits `principal` to `method`; PERMISSION_DENIED
// otherwise, and for a method missing from the table (deny by default).
absl::Status Authorize(const domain::Principal& principal,
                       absl::string_view method);

}  // namespace concierge::auth

#endif  // CONCIERGE_SERVER_AUTH_AUTHORIZATION_H_
