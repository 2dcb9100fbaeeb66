#ifndef CONCIERGE_SERVER_STORE_CHANGE_FEED_H_
#define CONCIERGE_SERVER_STORE_CHANGE_FEED_H_

#include <libpq-fe.h>
#include <soci/soci.h>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

namespace concierge::store {

// Cross-replica wake-ups through PostgreSQL LISTEN/NOTIFY.
//
// A notification is only a hint that something changed; the tables stay the
// source of truth. One listening connection per process receives them and
// calls the subscribers of that channel on the feed's own thread (keep the
// callbacks short). When the connection is lost and comes back, every
// subscriber is called with `resync = true`, since notifications sent in
// between are gone.
class ChangeFeed {
 public:
  using Callback = std::function<void(absl::string_view payload, bool resync)>;

  // Channels used by concierge (one place, so senders and listeners agree).
  static constexpr char kTokensChannel[] = "concierge_tokens";
  static constexpr char kEventsChannel[] = "concierge_events";

  explicit ChangeFeed(std::string connect_string);
  ~ChangeFeed();

  // Subscribe before Start().
  void Subscribe(const std::string& channel, Callback callback);
  // Starts listening; returns once the first LISTEN is in place (or after
  // `wait` if the database cannot be reached yet), so that nothing committed
  // after Start() returns is missed.
  void Start(absl::Duration wait = absl::Seconds(3));
  void Stop();

  // Sends a notification on `channel` as part of the caller's transaction
  // (delivered only if it commits). For rare writes: PostgreSQL holds one
  // global lock from a notifying transaction's pre-commit until its commit
  // is flushed, so notifying writers commit one at a time.
  static void Notify(soci::session& sql, const std::string& channel,
                     const std::string& payload);

  // For hot writes (every task event): once the caller's unit of work
  // commits (store::AfterCommit), wakes this process's subscribers of
  // `channel` at once, and every other replica's through a single NOTIFY the
  // feed sends for the whole burst, outside any writer's transaction, at
  // most once per kReplicaNotifyInterval per channel (under load a NOTIFY
  // per burst was a transaction for every second create). The payload is
  // the sending feed's id.
  static void NotifyAfterCommit(const std::string& channel);

 private:
  void Run();
  // Called by NotifyAfterCommit on any thread.
  void Poke(const std::string& channel);
  // How often, at most, other replicas are told about one channel.
  static constexpr absl::Duration kReplicaNotifyInterval =
      absl::Milliseconds(10);

  // On the feed's thread: calls the subscribers of the poked channels and
  // returns them (the other replicas are still to be told).
  std::set<std::string> DeliverPoked();
  // NOTIFYs the other replicas of `channels`.
  void NotifyReplicas(PGconn* conn, const std::set<std::string>& channels);
  void WaitForPokes(absl::Duration timeout);

  const std::string connect_string_;
  const std::string id_;  // this feed's NOTIFY payload
  std::map<std::string, std::vector<Callback>> subscribers_;
  absl::Notification stop_;
  absl::Notification listening_;
  std::thread thread_;
  int wake_fd_ = -1;  // eventfd: Poke wakes the feed's thread
  absl::Mutex mu_;
  std::set<std::string> poked_ ABSL_GUARDED_BY(mu_);
};

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_CHANGE_FEED_H_
