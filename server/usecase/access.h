#ifndef CONCIERGE_SERVER_USECASE_ACCESS_H_
#define CONCIERGE_SERVER_USECASE_ACCESS_H_

// The checks of who may act on what that the api makes before a use case
// and a use case makes on what it loaded (one spelling of each refusal).

#include <cstdint>

#include "absl/status/status.h"
#include "server/domain/principal.h"

namespace concierge::usecase {

// PERMISSION_DENIED unless `p` may act on `site_id`.
absl::Status RequireSite(const domain::Principal& p, int64_t site_id);

// For residents: PERMISSION_DENIED unless `household_id` is their own.
// Staff pass.
absl::Status RequireOwnHousehold(const domain::Principal& p,
                                 int64_t household_id);

// Managers look after their site's people but may not create, change or
// speak for administrators.
absl::Status CheckMayManage(const domain::Principal& p,
                            domain::Role target_role);

}  // namespace concierge::usecase

#endif  // CONCIERGE_SERVER_USECASE_ACCESS_H_
