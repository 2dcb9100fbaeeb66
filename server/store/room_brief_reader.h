#ifndef CONCIERGE_SERVER_STORE_ROOM_BRIEF_READER_H_
#define CONCIERGE_SERVER_STORE_ROOM_BRIEF_READER_H_

// The room brief in shared batches: the handhelds' hottest read
// (docs/PERFORMANCE.md).
//
// Every brief must be in the access log before its data leaves the server.
// Briefs asked for at the same moment are read and logged together: one
// statement (kRoomBriefs) for the whole batch, one round trip, one durable
// commit, instead of a read and a share of a separate log commit per call.
// A caller returns once the batch holding its brief has committed.

#include <memory>
#include <optional>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/store/batcher.h"
#include "server/store/database.h"
#include "server/store/guest_repository.h"

namespace concierge::store {

class RoomBriefReader {
 public:
  // Runs at most `max_batches_running` batches at once (each on one pooled
  // session), leaving the pool's other sessions to other calls.
  RoomBriefReader(Database* db, int max_batches_running);

  // The brief of the room's open stay (nullopt when the room has none),
  // logged and committed.
  absl::StatusOr<std::optional<RoomBrief>> Read(RoomBriefQuery query,
                                                absl::Time deadline);

  // Briefs read and batches run so far (tests, the benchmark's notes).
  Batcher<struct RoomBriefJob>::Stats stats() const { return batcher_.stats(); }

 private:
  Batcher<struct RoomBriefJob> batcher_;
};

struct RoomBriefJob {
  RoomBriefQuery query;
  absl::StatusOr<std::optional<RoomBrief>> brief;
};

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_ROOM_BRIEF_READER_H_
