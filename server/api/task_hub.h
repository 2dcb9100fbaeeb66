#ifndef CONCIERGE_SERVER_API_TASK_HUB_H_
#define CONCIERGE_SERVER_API_TASK_HUB_H_

// Live task streams (ServiceRequestService.WatchTasks): moves of service
// requests and of hotel room actions a department carries out.
//
// One hub per process reads the task feed (store::FetchTaskEvents) after a
// single high-water cursor, woken by PostgreSQL NOTIFY from any replica and
// by a short poll (an event may become visible only when an older
// transaction ends). New events go into a bounded ring shared by every
// stream; each stream keeps its own cursor and writes one event at a time
// (gRPC's callback API: no thread per stream). A stream that falls behind
// the ring, or resumes from an old cursor, is caught up from the database
// in pages, so a slow client costs neither memory nor other clients' time.

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "concierge/v1/requests.pb.h"
#include "server/domain/clock.h"
#include "server/domain/housekeeping.h"
#include "server/domain/principal.h"
#include "server/domain/requests.h"
#include "server/store/database.h"
#include "server/store/request_repository.h"

namespace concierge::api {

// Which events a stream receives.
struct WatchFilter {
  enum class Scope { kDepartment, kAssignedToMe, kSite };
  Scope scope = Scope::kDepartment;
  int64_t site_id = 0;
  int64_t department_id = 0;
  int64_t staff_id = 0;
  // A stream opened "from now": events of these transactions were
  // committed before it opened and are not its to see.
  std::shared_ptr<const store::CommittedBefore> committed_before_open;
  bool Matches(const store::TaskCursor& cursor,
               const domain::RequestEvent& e) const;
};

// "c1.<xid>.<id>" <-> cursor; INVALID_ARGUMENT naming resume_cursor.
std::string EncodeCursor(const store::TaskCursor& cursor);
absl::StatusOr<store::TaskCursor> DecodeCursor(absl::string_view text);

class TaskHub {
  class Stream;  // one open WatchTasks call (task_hub.cc)

 public:
  struct Options {
    size_t ring_capacity = 4096;
    absl::Duration poll_interval = absl::Milliseconds(100);
    int catch_up_page = 200;
    int max_streams_per_principal = 8;
  };

  TaskHub(store::Database* db, const domain::Clock* clock, Options options);
  ~TaskHub();

  // Call when the task feed may have grown (NOTIFY, a local commit).
  void Poke();
  void Start();
  void Stop();

  // A stream opens in two steps, so that the database work of opening never
  // runs on gRPC's callback threads (the caller runs Admit elsewhere):
  // Begin makes the stream's reactor, handed to gRPC at once; it sends
  // nothing until admitted. `request_id` names the WatchTasks call in the
  // stream's closing log line.
  using Opening = std::shared_ptr<Stream>;
  Opening Begin(const std::string& request_id);
  static grpc::ServerWriteReactor<v1::TaskEvent>* ReactorOf(
      const Opening& stream);
  // Registers the stream for `principal` from `resume` (empty means "from
  // now", which asks the database), or returns why it may not open (bad
  // cursor, too many streams for the caller, database unreachable, the
  // hub stopping, the call already cancelled). May wait on the database.
  absl::Status Admit(const Opening& stream, const domain::Principal& principal,
                     WatchFilter filter, const std::string& resume);
  // Ends a stream that was not admitted, with `status`.
  static void Refuse(const Opening& stream, grpc::Status status);

  // Streams open now (metrics, tests).
  size_t open_streams();

  // What the streams have yet to send, for the metrics endpoint.
  struct Backlog {
    size_t streams = 0;
    // Events each stream has not looked at yet (in its queue or in the
    // ring after its cursor), summed and the largest.
    size_t events = 0;
    size_t max_events = 0;
    // Streams that fell behind the ring and are read from the database.
    size_t catching_up = 0;
  };
  Backlog backlog();

 private:
  struct Entry {
    store::TaskCursor cursor;
    domain::RequestEvent event;
    // The request or the room action as it is now (one of them).
    std::shared_ptr<const domain::ServiceRequest> snapshot;
    std::shared_ptr<const domain::RoomAction> room_action;
  };

  void Run();
  void FetchNew();
  void CatchUp(Stream* stream);
  // The next entry after `cursor` matching `filter`, or nullptr; sets
  // `*behind` when `cursor` is older than the ring's first entry and
  // `*scanned_to` to the last position looked at.
  const Entry* NextLocked(const WatchFilter& filter, store::TaskCursor cursor,
                          bool* behind, store::TaskCursor* scanned_to)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // nullopt when the database could not be read.
  std::optional<std::vector<Entry>> LoadEntries(store::TaskCursor after,
                                                int limit);
  std::atomic<bool> feed_failing_{false};
  void Remove(Stream* stream);

  store::Database* db_;
  const domain::Clock* clock_;
  Options options_;
  absl::Mutex mu_;
  std::deque<Entry> ring_ ABSL_GUARDED_BY(mu_);
  // Everything up to here has been read into the ring (or was before any
  // stream needed it).
  store::TaskCursor high_water_ ABSL_GUARDED_BY(mu_);
  bool high_water_known_ ABSL_GUARDED_BY(mu_) = false;
  // The cursor just before ring_.front(): a stream at exactly this position
  // is not behind.
  store::TaskCursor ring_base_ ABSL_GUARDED_BY(mu_);
  std::set<Stream*> streams_ ABSL_GUARDED_BY(mu_);
  // Owners of the streams (gRPC only sees raw pointers); released in
  // Remove() once gRPC is done with a stream.
  absl::flat_hash_map<Stream*, std::shared_ptr<Stream>> owned_
      ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, int> per_principal_ ABSL_GUARDED_BY(mu_);
  bool poked_ ABSL_GUARDED_BY(mu_) = false;
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_TASK_HUB_H_
