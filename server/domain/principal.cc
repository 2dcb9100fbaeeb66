#include "server/domain/principal.h"

#include <algorithm>
#include <array>
#include <utility>

#include "absl/strings/numbers.h"
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

namespace {

constexpr std::pair<PrincipalKind, absl::string_view> kKindWords[] = {
    {PrincipalKind::kAdmin, "admin"},
    {PrincipalKind::kStaff, "staff"},
    {PrincipalKind::kResident, "resident"},
    {PrincipalKind::kPartner, "partner"},
    {PrincipalKind::kGuest, "stay"},
};

absl::string_view KindWord(PrincipalKind kind) {
  for (const auto& [k, word] : kKindWords) {
    if (k == kind) return word;
  }
  return "unknown";
}

}  // namespace

std::string Principal::Key() const {
  return absl::StrCat(KindWord(kind), ":", id);
}

std::string ActorKey(PrincipalKind kind, int64_t site_id, int64_t id) {
  if (kind == PrincipalKind::kAdmin) return absl::StrCat("admin:", id);
  return absl::StrCat(KindWord(kind), ":", id, "@", site_id);
}

std::string ActorKey(const Principal& principal) {
  return ActorKey(principal.kind, principal.site_id, principal.id);
}

std::optional<ActorRef> ParseActorKey(absl::string_view key) {
  const size_t colon = key.find(':');
  if (colon == absl::string_view::npos) return std::nullopt;
  const absl::string_view word = key.substr(0, colon);
  absl::string_view rest = key.substr(colon + 1);
  for (const auto& [kind, kind_word] : kKindWords) {
    if (word != kind_word) continue;
    ActorRef ref{kind, 0, 0};
    if (kind == PrincipalKind::kAdmin) {
      if (!absl::SimpleAtoi(rest, &ref.id) || ref.id <= 0) return std::nullopt;
      return ref;
    }
    const size_t at = rest.find('@');
    if (at == absl::string_view::npos ||
        !absl::SimpleAtoi(rest.substr(0, at), &ref.id) ||
        !absl::SimpleAtoi(rest.substr(at + 1), &ref.site_id) || ref.id <= 0 ||
        ref.site_id <= 0) {
      return std::nullopt;
    }
    return ref;
  }
  return std::nullopt;
}

}  // namespace concierge::domain
