#include "server/store/change_feed.h"

#include <libpq-fe.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "server/common/log.h"
#include "server/store/database.h"
#include "server/store/pg.h"

namespace concierge::store {
namespace {

const pg::Statement kNotify("notify", "SELECT pg_notify($1, $2)");

// Opens a connection and LISTENs on every channel; nullptr on failure.
PGconn* ConnectAndListen(const std::string& connect_string,
                         const std::vector<std::string>& channels) {
  PGconn* conn = PQconnectdb(connect_string.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    PQfinish(conn);
    return nullptr;
  }
  pg::RouteNoticesToLog(conn, "change_feed");
  for (const std::string& channel : channels) {
    char* quoted = PQescapeIdentifier(conn, channel.c_str(), channel.size());
    const std::string listen = absl::StrCat("LISTEN ", quoted);
    PQfreemem(quoted);
    PGresult* result = PQexec(conn, listen.c_str());
    const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    PQclear(result);
    if (!ok) {
      PQfinish(conn);
      return nullptr;
    }
  }
  return conn;
}

// The running feeds of this process (normally one), which
// NotifyAfterCommit wakes.
class LiveFeeds {
 public:
  void Add(ChangeFeed* feed) {
    absl::MutexLock lock(&mu_);
    feeds_.insert(feed);
  }
  void Remove(ChangeFeed* feed) {
    absl::MutexLock lock(&mu_);
    feeds_.erase(feed);
  }
  template <typename F>
  void ForEach(F f) {
    absl::MutexLock lock(&mu_);
    for (ChangeFeed* feed : feeds_) f(feed);
  }

 private:
  absl::Mutex mu_;
  std::set<ChangeFeed*> feeds_ ABSL_GUARDED_BY(mu_);
};

LiveFeeds& Live() {
  static auto* live = new LiveFeeds();
  return *live;
}

}  // namespace

ChangeFeed::ChangeFeed(std::string connect_string)
    : connect_string_(std::move(connect_string)),
      id_(absl::StrCat("feed-", getpid(), "-",
                       reinterpret_cast<uintptr_t>(this))),
      wake_fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}

ChangeFeed::~ChangeFeed() {
  Stop();
  if (wake_fd_ >= 0) close(wake_fd_);
}

void ChangeFeed::Subscribe(const std::string& channel, Callback callback) {
  subscribers_[channel].push_back(std::move(callback));
}

void ChangeFeed::Start(absl::Duration wait) {
  Live().Add(this);
  thread_ = std::thread([this] { Run(); });
  listening_.WaitForNotificationWithTimeout(wait);
}

void ChangeFeed::Stop() {
  Live().Remove(this);
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (wake_fd_ >= 0) eventfd_write(wake_fd_, 1);
  if (thread_.joinable()) thread_.join();
}

void ChangeFeed::NotifyAfterCommit(const std::string& channel) {
  AfterCommit([channel] {
    Live().ForEach([&](ChangeFeed* feed) { feed->Poke(channel); });
  });
}

void ChangeFeed::Poke(const std::string& channel) {
  {
    absl::MutexLock lock(&mu_);
    poked_.insert(channel);
  }
  if (wake_fd_ >= 0) eventfd_write(wake_fd_, 1);
}

std::set<std::string> ChangeFeed::DeliverPoked() {
  eventfd_t ignored;
  if (wake_fd_ >= 0) eventfd_read(wake_fd_, &ignored);
  std::set<std::string> channels;
  {
    absl::MutexLock lock(&mu_);
    channels.swap(poked_);
  }
  for (const std::string& channel : channels) {
    auto it = subscribers_.find(channel);
    if (it != subscribers_.end()) {
      for (const auto& callback : it->second) callback(id_, false);
    }
  }
  return channels;
}

void ChangeFeed::NotifyReplicas(PGconn* conn,
                                const std::set<std::string>& channels) {
  for (const std::string& channel : channels) {
    // Failures surface as a lost connection in Run's loop.
    const char* values[] = {channel.c_str(), id_.c_str()};
    PQclear(PQexecParams(conn, "SELECT pg_notify($1, $2)", 2, nullptr, values,
                         nullptr, nullptr, 0));
  }
}

void ChangeFeed::WaitForPokes(absl::Duration timeout) {
  pollfd fd{wake_fd_, POLLIN, 0};
  poll(&fd, 1, static_cast<int>(absl::ToInt64Milliseconds(timeout)));
}

void ChangeFeed::Notify(soci::session& sql, const std::string& channel,
                        const std::string& payload) {
  pg::Execute(sql, kNotify, {channel, payload});
}

void ChangeFeed::Run() {
  std::vector<std::string> channels;
  for (const auto& [channel, callbacks] : subscribers_) {
    channels.push_back(channel);
  }
  absl::Duration backoff = absl::Milliseconds(100);
  bool connected_before = false;
  while (!stop_.HasBeenNotified()) {
    PGconn* conn = ConnectAndListen(connect_string_, channels);
    if (conn == nullptr) {
      // This replica's own changes still wake its subscribers meanwhile.
      WaitForPokes(backoff);
      DeliverPoked();
      backoff = std::min(backoff * 2, absl::Seconds(2));
      continue;
    }
    backoff = absl::Milliseconds(100);
    if (!listening_.HasBeenNotified()) listening_.Notify();
    if (connected_before) {
      Log(LogLevel::kInfo, "change feed reconnected");
      for (const auto& [channel, callbacks] : subscribers_) {
        for (const auto& callback : callbacks) callback("", true);
      }
    }
    connected_before = true;
    // Channels whose NOTIFY is owed to the other replicas, and when it is due.
    std::set<std::string> owed;
    absl::Time notify_due = absl::InfiniteFuture();
    absl::Time last_notify = absl::InfinitePast();
    while (!stop_.HasBeenNotified()) {
      pollfd fds[2] = {{PQsocket(conn), POLLIN, 0}, {wake_fd_, POLLIN, 0}};
      const int wait_ms = static_cast<int>(std::clamp<int64_t>(
          absl::ToInt64Milliseconds(notify_due - absl::Now()), 0, 250));
      if (poll(fds, 2, wait_ms) < 0 && errno != EINTR) break;
      if (fds[1].revents & POLLIN) {
        std::set<std::string> poked = DeliverPoked();
        owed.insert(poked.begin(), poked.end());
        if (!owed.empty() && notify_due == absl::InfiniteFuture()) {
          notify_due = last_notify + kReplicaNotifyInterval;
        }
      }
      if (!owed.empty() && absl::Now() >= notify_due) {
        NotifyReplicas(conn, owed);
        owed.clear();
        last_notify = absl::Now();
        notify_due = absl::InfiniteFuture();
      }
      if (PQconsumeInput(conn) == 0) break;  // connection lost
      while (PGnotify* n = PQnotifies(conn)) {
        auto it = subscribers_.find(n->relname);
        // Our own NOTIFY comes back too; its subscribers were already told.
        if (it != subscribers_.end() && id_ != n->extra) {
          for (const auto& callback : it->second) callback(n->extra, false);
        }
        PQfreemem(n);
      }
      if (PQstatus(conn) != CONNECTION_OK) break;
    }
    PQfinish(conn);
  }
}

}  // namespace concierge::store
