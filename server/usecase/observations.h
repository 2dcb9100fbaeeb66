#ifndef CONCIERGE_SERVER_USECASE_OBSERVATIONS_H_
#define CONCIERGE_SERVER_USECASE_OBSERVATIONS_H_

// A room attendant's visit: what they observed turns into personalised
// actions (the rules engine, domain/housekeeping_rules.h), in one
// transaction.

#include <vector>

#include "absl/status/statusor.h"
#include "server/domain/housekeeping.h"
#include "server/store/database.h"
#include "server/store/guest_repository.h"
#include "server/store/idempotency.h"
#include "server/usecase/actor.h"

namespace concierge::usecase {

struct RecordedVisit {
  domain::Visit visit;
  std::vector<domain::RoomAction> actions;
};

// Records `visit` (site, room, kind, observations and note as the attendant
// sent them, content already validated) once per `key`: checks the room and
// the observations against the hotel's vocabulary, merges a double tap,
// reads the guest in the room (logged as `reader`), files the note on the
// guest's profile, runs the rules, inserts the suggested actions (the ones
// for another department or awaiting approval reach WatchTasks; turndown
// work seen at cleaning becomes a handover note). A repeated key answers the
// first visit.
absl::StatusOr<RecordedVisit> SubmitObservations(store::Database& db,
                                                 const Actor& actor,
                                                 domain::Visit visit,
                                                 const store::CreateKey& key,
                                                 const store::Reader& reader);

}  // namespace concierge::usecase

#endif  // CONCIERGE_SERVER_USECASE_OBSERVATIONS_H_
