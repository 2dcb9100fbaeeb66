#include "server/domain/principal.h"

#include <algorithm>
#include <array>
#include <utility>

#include "absl/strings/str_cat.h"

namespace concierge::domain {
namespace {

constexpr std::array<std::pair<Role, absl::string_view>, 10> kRoleNames = {{
    {Role::kGroupAdmin, "GROUP_ADMIN"},
    {Role::kAdmin, "ADMIN"},
    {Role::kManager, "MANAGER"},
    {Role::kSupervisor, "SUPERVISOR"},
    {Role::kReception, "RECEPTION"},
    {Role::kStaff, "STAFF"},
    {Role::kFinance, "FINANCE"},
    {Role::kResident, "RESIDENT"},
    {Role::kPartner, "PARTNER"},
    {Role::kGuest, "GUEST"},
}};

}  // namespace

absl::string_view RoleName(Role role) {
  for (const auto& [r, name] : kRoleNames) {
    if (r == role) return name;
  }
  return "UNKNOWN";
}

std::optional<Role> RoleFromName(absl::string_view name) {
  for (const auto& [r, n] : kRoleNames) {
    if (n == name) return r;
  }
  return std::nullopt;
}

bool IsStaffRole(Role role) {
  switch (role) {
    case Role::kAdmin:
    case Role::kManager:
    case Role::kSupervisor:
    case Role::kReception:
    case Role::kStaff:
    case Role::kFinance:
      return true;
    default:
      return false;
  }
}

bool Principal::HasScope(absl::string_view scope) const {
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

std::string Principal::Key() const {
  switch (kind) {
    case PrincipalKind::kAdmin:
      return absl::StrCat("admin:", id);
    case PrincipalKind::kStaff:
      return absl::StrCat("staff:", id);
    case PrincipalKind::kResident:
      return absl::StrCat("resident:", id);
    case PrincipalKind::kPartner:
      return absl::StrCat("partner:", id);
    case PrincipalKind::kGuest:
      return absl::StrCat("stay:", id);
  }
  return absl::StrCat("unknown:", id);
}

}  // namespace concierge::domain
