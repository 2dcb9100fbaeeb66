#include "server/store/change_feed.h"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "server/common/log.h"

namespace concierge::store {
namespace {

constexpr char kNotify[] = "SELECT pg_notify(:channel, :payload)";

// Opens a connection and LISTENs on every channel; nullptr on failure.
PGconn* ConnectAndListen(const std::string& connect_string,
                         const std::vector<std::string>& channels) {
  PGconn* conn = PQconnectdb(connect_string.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    PQfinish(conn);
    return nullptr;
  }
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

}  // namespace

ChangeFeed::ChangeFeed(std::string connect_string)
    : connect_string_(std::move(connect_string)) {}

ChangeFeed::~ChangeFeed() { Stop(); }

void ChangeFeed::Subscribe(const std::string& channel, Callback callback) {
  subscribers_[channel].push_back(std::move(callback));
}

void ChangeFeed::Start(absl::Duration wait) {
  thread_ = std::thread([this] { Run(); });
  listening_.WaitForNotificationWithTimeout(wait);
}

void ChangeFeed::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

void ChangeFeed::Notify(soci::session& sql, const std::string& channel,
                        const std::string& payload) {
  std::string ignored;
  sql << kNotify, soci::use(channel, "channel"), soci::use(payload, "payload"),
      soci::into(ignored);
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
      stop_.WaitForNotificationWithTimeout(backoff);
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
    while (!stop_.HasBeenNotified()) {
      pollfd fd{PQsocket(conn), POLLIN, 0};
      if (poll(&fd, 1, 250) < 0) break;
      if (PQconsumeInput(conn) == 0) break;  // connection lost
      while (PGnotify* n = PQnotifies(conn)) {
        auto it = subscribers_.find(n->relname);
        if (it != subscribers_.end()) {
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
