#ifndef CONCIERGE_SERVER_USECASE_ACTOR_H_
#define CONCIERGE_SERVER_USECASE_ACTOR_H_

#include "absl/time/time.h"
#include "server/domain/principal.h"

namespace concierge::usecase {

// Who acts, the moment they act, and by when their call must be done.
struct Actor {
  domain::Principal principal;
  absl::Time now;
  absl::Time deadline;
};

}  // namespace concierge::usecase

#endif  // CONCIERGE_SERVER_USECASE_ACTOR_H_
