#ifndef CONCIERGE_SERVER_API_TASK_HUB_H_
#define CONCIERGE_SERVER_API_TASK_HUB_H_

// Live task streams (ServiceRequestService.WatchTasks): moves of service
// requests and of hotel room actions a department carries out.
//
// One hub per process reads the task feed (store::FetchTaskEvents) after a
// single high-water cursor, woken by PostgreSQL NOTIFY from any replica and
// by a short poll (an event may become visible only when an older
// transaction ends). Each new event is serialized once (PrepareTask), kept
// in a bounded ring for streams that open or resume, and pushed by the
// hub's one thread to the streams it concerns, found through an index by
// site, department and staff member (10,000 streams over 50 departments:
// an event touches its department's 200, not all 10,000). Each stream
// writes from its own bounded queue on gRPC's callback threads, taking
// only its own lock (task_stream.h); a stream that resumes from a cursor
// older than the ring is caught up from the database in pages, paced by
// its own writes, then joins the live feed.

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "server/api/task_stream.h"
#include "server/domain/clock.h"
#include "server/domain/principal.h"
#include "server/store/database.h"
#include "server/store/request_repository.h"

namespace concierge::api {

class TaskHub {
 public:
  struct Options {
    size_t ring_capacity = 4096;
    absl::Duration poll_interval = absl::Milliseconds(100);
    // After a wake-up the feed is read again this often for a while: an
    // event committed behind an older open transaction becomes readable
    // only when that one ends, usually within milliseconds.
    absl::Duration follow_up_interval = absl::Milliseconds(10);
    int catch_up_page = 200;
    int max_streams_per_principal = 8;
    // Per stream: what may wait to be written before it is ended.
    BacklogLimit backlog;
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
  using Opening = std::shared_ptr<TaskStream>;
  Opening Begin(const std::string& request_id);
  static grpc::ServerWriteReactor<grpc::ByteBuffer>* ReactorOf(
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
    // Events and bytes queued in the streams, summed and the largest.
    size_t events = 0;
    size_t max_events = 0;
    size_t bytes = 0;
    size_t max_bytes = 0;
    // Streams reading from the database before joining the live feed.
    size_t catching_up = 0;
    // Since start: streams ended for falling behind, and events delivered
    // (written to a stream).
    uint64_t overflowed = 0;
    uint64_t delivered = 0;
  };
  Backlog backlog();

 private:
  friend class TaskStream;
  // The streams an event may concern, by site.
  struct SiteRoutes {
    absl::flat_hash_set<TaskStream*> whole_site;
    absl::flat_hash_map<int64_t, absl::flat_hash_set<TaskStream*>>
        by_department;
    absl::flat_hash_map<int64_t, absl::flat_hash_set<TaskStream*>> by_staff;
  };

  void Run();
  void FetchNew();
  void ServeCatchUps();
  void IndexLocked(TaskStream* stream) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void UnindexLocked(TaskStream* stream) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Offers `task` to every stream it may concern; adds those to start
  // writing to `kicks`.
  void RouteLocked(const PreparedRef& task,
                   std::vector<std::shared_ptr<TaskStream>>* kicks)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Joins `stream` to the live feed if it has caught up with the ring.
  bool TryJoinLocked(TaskStream* stream,
                     std::vector<std::shared_ptr<TaskStream>>* kicks)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Joins the catching-up streams that reached the ring to the live feed.
  void JoinCatchUpsLocked(std::vector<std::shared_ptr<TaskStream>>* kicks)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // nullopt when the database could not be read.
  std::optional<std::vector<PreparedRef>> LoadPrepared(store::TaskCursor after,
                                                       int limit);
  void Remove(TaskStream* stream);
  void CountDelivered() { delivered_.fetch_add(1, std::memory_order_relaxed); }
  void CountOverflow() { overflowed_.fetch_add(1, std::memory_order_relaxed); }

  store::Database* db_;
  const domain::Clock* clock_;
  Options options_;
  std::atomic<bool> feed_failing_{false};
  std::atomic<uint64_t> delivered_{0};
  std::atomic<uint64_t> overflowed_{0};
  absl::Mutex mu_;
  std::deque<PreparedRef> ring_ ABSL_GUARDED_BY(mu_);
  // Everything up to here has been read into the ring (or was before any
  // stream needed it).
  store::TaskCursor high_water_ ABSL_GUARDED_BY(mu_);
  bool high_water_known_ ABSL_GUARDED_BY(mu_) = false;
  // The cursor just before ring_.front(): a stream at exactly this position
  // is not behind.
  store::TaskCursor ring_base_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<int64_t, SiteRoutes> routes_ ABSL_GUARDED_BY(mu_);
  // Admitted streams that have not joined the live feed yet.
  absl::flat_hash_set<TaskStream*> catching_up_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_set<TaskStream*> admitted_ ABSL_GUARDED_BY(mu_);
  // Owners of the streams (gRPC only sees raw pointers); released in
  // Remove() once gRPC is done with a stream.
  absl::flat_hash_map<TaskStream*, std::shared_ptr<TaskStream>> owned_
      ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, int> per_principal_ ABSL_GUARDED_BY(mu_);
  // Apart from mu_: streams poke the hub while holding their own lock.
  absl::Mutex wake_mu_;
  bool poked_ ABSL_GUARDED_BY(wake_mu_) = false;
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_TASK_HUB_H_
