#include "server/usecase/access.h"

#include "absl/strings/str_cat.h"

namespace concierge::usecase {

absl::Status RequireSite(const domain::Principal& p, int64_t site_id) {
  if (p.CanActOnSite(site_id)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat("the caller may not act on sites/", site_id));
}

absl::Status RequireOwnHousehold(const domain::Principal& p,
                                 int64_t household_id) {
  if (p.role != domain::Role::kResident || p.household_id == household_id) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "residents may only see their own household's data");
}

absl::Status CheckMayManage(const domain::Principal& p,
                            domain::Role target_role) {
  if (p.role == domain::Role::kManager && target_role == domain::Role::kAdmin) {
    return absl::PermissionDeniedError(
        "a manager may not create, change or issue tokens for an ADMIN");
  }
  return absl::OkStatus();
}

}  // namespace concierge::usecase
