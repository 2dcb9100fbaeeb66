#ifndef CONCIERGE_SERVER_STORE_ROOM_BRIEF_READER_H_
#define CONCIERGE_SERVER_STORE_ROOM_BRIEF_READER_H_

// The room brief in shared batches: the handhelds' hottest read
// (docs/PERFORMANCE.md).
//
// Every brief must be in the access log before its data leaves the server.
// Briefs asked for at the same moment are read and logged together: one
// statement (kRoomBriefs) for the whole batch, one round trip, one durable
// commit, instead of a read and a share of a separate log commit per call.
// A caller's brief is handed back once the batch holding it has committed.
// The batches run on the reader's own threads (store::BatchQueue), so the
// callback handler of GetRoomGuestBrief queues its read and returns, and the
// reader's thread completes every call of a batch.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/store/batcher.h"
#include "server/store/database.h"
#include "server/store/guest_repository.h"

namespace concierge::store {

class RoomBriefReader {
 public:
  // The brief of the room's open stay (nullopt when the room has none),
  // logged and committed; or the error of its batch.
  using Result = absl::StatusOr<std::optional<RoomBrief>>;
  using Done = std::function<void(Result)>;

  // Runs at most `max_batches_running` batches at once (each on one pooled
  // session and one thread of its own), leaving the pool's other sessions to
  // other calls.
  RoomBriefReader(Database* db, int max_batches_running);

  // Queues the read and returns at once; `done` runs exactly once, on one of
  // the reader's threads (DEADLINE_EXCEEDED, unread, if `deadline` passes
  // while the read is queued; on the caller's thread if it already had).
  void ReadLater(RoomBriefQuery query, absl::Time deadline, Done done);

  // The same, waiting for the result.
  Result Read(RoomBriefQuery query, absl::Time deadline);

  // Briefs read and batches run so far (tests, the benchmark's notes).
  BatchStats stats() const { return batches_.stats(); }

 private:
  BatchQueue<struct RoomBriefJob> batches_;
};

struct RoomBriefJob {
  RoomBriefQuery query;
  // The asking call's, for the log lines of the batch it leads.
  std::string request_id;
  absl::StatusOr<std::optional<RoomBrief>> brief;
};

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_ROOM_BRIEF_READER_H_
