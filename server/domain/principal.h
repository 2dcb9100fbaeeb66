#ifndef CONCIERGE_SERVER_DOMAIN_PRINCIPAL_H_
#define CONCIERGE_SERVER_DOMAIN_PRINCIPAL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace concierge::domain {

// Roles as the authorization table sees them. A group administrator is an
// ADMIN with no site: only it may create sites.
enum class Role {
  kGroupAdmin,
  kAdmin,
  kManager,
  kSupervisor,
  kReception,
  kStaff,
  kFinance,
  kResident,
  kPartner,
  // A hotel guest holding the room's credential (the QR code in the room):
  // it reaches the stay's own requests while the stay is open.
  kGuest,
};

// Stable upper-case spelling used in the database and the API ("MANAGER").
absl::string_view RoleName(Role role);
std::optional<Role> RoleFromName(absl::string_view name);
// Roles a staff record may hold (ADMIN..FINANCE).
bool IsStaffRole(Role role);

enum class PrincipalKind { kAdmin, kStaff, kResident, kPartner, kGuest };

// Who is calling, resolved from a bearer token.
struct Principal {
  PrincipalKind kind = PrincipalKind::kStaff;
  int64_t id = 0;
  int64_t token_id = 0;
  Role role = Role::kStaff;
  // 0 for a group administrator.
  int64_t site_id = 0;
  // The kind of `site_id` ("RESIDENTIAL" or "HOTEL"); "" for a group
  // administrator. Hotel-only and residential-only RPCs check it.
  std::string site_kind;
  // Staff only, 0 when the staff member has no department.
  int64_t department_id = 0;
  // Residents only.
  int64_t household_id = 0;
  std::string display_name;
  // Partners only.
  std::vector<std::string> scopes;
  // Guests only: the stay the room credential is for.
  int64_t stay_id = 0;

  bool IsGroupAdmin() const { return role == Role::kGroupAdmin; }
  // True when this principal may act on `site_id` at all.
  bool CanActOnSite(int64_t site) const {
    return IsGroupAdmin() || site_id == site;
  }
  bool HasScope(absl::string_view scope) const;
  // A key that identifies the principal across kinds, e.g. "staff:12".
  std::string Key() const;
};

// How an actor is stored (registered_by, event actors, authors...): the
// principal's kind, id and site, "staff:12@1", "resident:7@1",
// "partner:2@1", "stay:5@1" (a room's guest), "admin:1" (no site); or
// kSystemActor for the server's own moves. Not an API name: the api spells
// it as one (api::ActorName), so stored rows do not depend on the API's
// resource names.
std::string ActorKey(PrincipalKind kind, int64_t site_id, int64_t id);
std::string ActorKey(const Principal& principal);
inline constexpr absl::string_view kSystemActor = "system";

struct ActorRef {
  PrincipalKind kind = PrincipalKind::kStaff;
  int64_t site_id = 0;  // 0 for an admin
  int64_t id = 0;
};
// The principal an ActorKey names; nullopt for kSystemActor, "" and
// anything that is not an ActorKey.
std::optional<ActorRef> ParseActorKey(absl::string_view key);

}  // namespace concierge::domain

#endif  // CONCIERGE_SERVER_DOMAIN_PRINCIPAL_H_
