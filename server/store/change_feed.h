#ifndef CONCIERGE_SERVER_STORE_CHANGE_FEED_H_
#define CONCIERGE_SERVER_STORE_CHANGE_FEED_H_

#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <soci/soci.h>

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
  // (delivered only if it commits).
  static void Notify(soci::session& sql, const std::string& channel,
                     const std::string& payload);

 private:
  void Run();

  const std::string connect_string_;
  std::map<std::string, std::vector<Callback>> subscribers_;
  absl::Notification stop_;
  absl::Notification listening_;
  std::thread thread_;
};

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_CHANGE_FEED_H_
