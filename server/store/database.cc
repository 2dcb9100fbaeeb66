#include "server/store/database.h"

#include <soci/postgresql/soci-postgresql.h>
#include <sys/socket.h>

#include <algorithm>
#include <map>
#include <thread>
#include <exception>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"

namespace concierge::store {
namespace {

PGconn* NativeConnection(soci::session& sql) {
  auto* backend =
      static_cast<soci::postgresql_session_backend*>(sql.get_backend());
  return backend == nullptr ? nullptr : backend->conn_;
}

bool IsConnectionSqlState(absl::string_view state) {
  return absl::StartsWith(state, "08") || state == "57P01" ||
         state == "57P02" || state == "57P03";
}

// Returns a pooled session to the pool when it goes out of scope.
class Lease {
 public:
  Lease(soci::connection_pool& pool, size_t position)
      : pool_(pool), position_(position) {}
  ~Lease() { pool_.give_back(position_); }
  soci::session& session() { return pool_.at(position_); }

 private:
  soci::connection_pool& pool_;
  size_t position_;
};

int MillisUntil(absl::Time deadline) {
  const absl::Duration left = deadline - absl::Now();
  if (left <= absl::ZeroDuration()) return 0;
  return static_cast<int>(
      std::min<int64_t>(absl::ToInt64Milliseconds(left), 24 * 3600 * 1000));
}

}  // namespace

// Watches sessions in use and cuts the socket of one still busy past its
// deadline (see the class comment in database.h).
class Database::Watchdog {
 public:
  Watchdog() : thread_([this] { Run(); }) {}
  ~Watchdog() {
    stop_.Notify();
    thread_.join();
  }

  int Register(int fd, absl::Time deadline) {
    absl::MutexLock lock(&mu_);
    const int ticket = ++next_ticket_;
    watched_[ticket] = Watched{fd, deadline, false};
    return ticket;
  }

  // True when the watchdog cut this session.
  bool Unregister(int ticket) {
    absl::MutexLock lock(&mu_);
    auto it = watched_.find(ticket);
    const bool fired = it != watched_.end() && it->second.fired;
    if (it != watched_.end()) watched_.erase(it);
    return fired;
  }

 private:
  struct Watched {
    int fd;
    absl::Time deadline;
    bool fired;
  };

  void Run() {
    while (!stop_.WaitForNotificationWithTimeout(absl::Milliseconds(50))) {
      const absl::Time now = absl::Now();
      absl::MutexLock lock(&mu_);
      for (auto& [ticket, w] : watched_) {
        if (!w.fired && w.fd >= 0 && now > w.deadline) {
          // The blocked recv/send returns; libpq marks the connection bad.
          shutdown(w.fd, SHUT_RDWR);
          w.fired = true;
        }
      }
    }
  }

  absl::Mutex mu_;
  int next_ticket_ ABSL_GUARDED_BY(mu_) = 0;
  std::map<int, Watched> watched_ ABSL_GUARDED_BY(mu_);
  absl::Notification stop_;
  std::thread thread_;
};

// Registers a session with the watchdog for the scope of one unit of work.
class Database::WatchedSession {
 public:
  WatchedSession(Database::Watchdog* watchdog, soci::session& sql,
                 absl::Time deadline)
      : watchdog_(watchdog) {
    PGconn* conn = NativeConnection(sql);
    ticket_ = watchdog_->Register(conn ? PQsocket(conn) : -1, deadline);
  }
  ~WatchedSession() { Done(); }
  // True when the deadline cut the session.
  bool Done() {
    if (ticket_ == 0) return fired_;
    fired_ = watchdog_->Unregister(ticket_);
    ticket_ = 0;
    return fired_;
  }

 private:
  Database::Watchdog* watchdog_;
  int ticket_ = 0;
  bool fired_ = false;
};

std::string AddConnectionParameter(std::string url, absl::string_view key,
                                   absl::string_view value) {
  const bool is_uri = absl::StartsWith(url, "postgresql://") ||
                      absl::StartsWith(url, "postgres://");
  if (is_uri) {
    absl::StrAppend(&url, absl::StrContains(url, "?") ? "&" : "?", key, "=",
                    value);
  } else {
    absl::StrAppend(&url, url.empty() ? "" : " ", key, "=", value);
  }
  return url;
}

bool ConnectionLost(soci::session& sql) {
  PGconn* conn = NativeConnection(sql);
  return conn == nullptr || PQstatus(conn) == CONNECTION_BAD;
}

Database::Database(DatabaseOptions options) : options_(std::move(options)) {
  std::string url = options_.url;
  url = AddConnectionParameter(
      url, "connect_timeout",
      absl::StrCat(std::max<int64_t>(
          1, absl::ToInt64Seconds(options_.connect_timeout))));
  // Dead peers are noticed by the kernel instead of hanging a call forever.
  url = AddConnectionParameter(url, "keepalives", "1");
  url = AddConnectionParameter(url, "keepalives_idle", "10");
  url = AddConnectionParameter(url, "keepalives_interval", "3");
  url = AddConnectionParameter(url, "keepalives_count", "3");
  url = AddConnectionParameter(url, "application_name", "concierge");
  connect_string_ = std::move(url);
}

Database::~Database() = default;

absl::StatusOr<std::unique_ptr<Database>> Database::Open(
    const DatabaseOptions& options) {
  if (options.url.empty()) {
    return absl::InvalidArgumentError("database_url: is required");
  }
  if (options.pool_size < 1 || options.pool_size > 512) {
    return absl::InvalidArgumentError("db_pool_size: must be 1..512");
  }
  std::unique_ptr<Database> db(new Database(options));
  db->watchdog_ = std::make_unique<Watchdog>();
  db->pool_ = std::make_unique<soci::connection_pool>(options.pool_size);
  for (int i = 0; i < options.pool_size; ++i) {
    absl::Status status = db->Connect(db->pool_->at(i));
    if (!status.ok()) return status;
  }
  return db;
}

absl::Status Database::Connect(soci::session& sql) {
  try {
    sql.close();
    sql.open(soci::postgresql, connect_string_);
    const std::string timeout_ms =
        absl::StrCat(absl::ToInt64Milliseconds(options_.statement_timeout));
    std::string ignored;
    sql << "SELECT set_config('statement_timeout', :ms, false)",
        soci::use(timeout_ms), soci::into(ignored);
    // A transaction left idle (a stuck caller) must not hold locks forever.
    sql << "SELECT set_config('idle_in_transaction_session_timeout', :ms, "
           "false)",
        soci::use(timeout_ms), soci::into(ignored);
    reachable_ = true;
    return absl::OkStatus();
  } catch (const std::exception& e) {
    reachable_ = false;
    std::string message = e.what();
    std::replace(message.begin(), message.end(), '\n', ' ');
    return absl::UnavailableError(
        absl::StrCat("database unreachable: ", message));
  }
}

absl::Status Database::MapError(const soci::soci_error& error,
                                absl::string_view name, bool connection_lost) {
  std::string state;
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&error)) {
    state = pg->sqlstate();
  }
  if (connection_lost || IsConnectionSqlState(state)) {
    return absl::UnavailableError(
        absl::StrCat("database unavailable during ", name, "; retry"));
  }
  std::string detail = error.get_error_message();
  std::replace(detail.begin(), detail.end(), '\n', ' ');
  if (state == "23505") {
    return absl::AlreadyExistsError(absl::StrCat(name, ": already exists"));
  }
  if (state == "40001" || state == "40P01" || state == "55P03") {
    return absl::AbortedError(
        absl::StrCat(name, ": lost a race with another change; retry"));
  }
  if (state == "57014") {
    return absl::DeadlineExceededError(
        absl::StrCat(name, ": the database took too long"));
  }
  if (state == "23503") {
    return absl::FailedPreconditionError(
        absl::StrCat(name, ": refers to something that does not exist"));
  }
  if (absl::StartsWith(state, "22") || state == "23514" || state == "23502") {
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": value refused by the database: ", detail));
  }
  return absl::InternalError(
      absl::StrCat(name, ": database error ", state, ": ", detail));
}

absl::Status Database::Run(absl::string_view name, absl::Time deadline,
                           bool transactional, const Work& work) {
  for (int attempt = 0;; ++attempt) {
    size_t position = 0;
    if (!pool_->try_lease(position, MillisUntil(deadline))) {
      return absl::DeadlineExceededError(
          absl::StrCat(name, ": no database connection free before the "
                             "deadline"));
    }
    Lease lease(*pool_, position);
    soci::session& sql = lease.session();
    if (ConnectionLost(sql)) {
      absl::Status reconnected = Connect(sql);
      if (!reconnected.ok()) return reconnected;
    }
    bool started = false;  // true once a statement reached the server
    WatchedSession watched(watchdog_.get(), sql, deadline);
    try {
      if (transactional) {
        soci::transaction transaction(sql);
        started = true;
        absl::Status status = work(sql);
        if (status.ok()) {
          transaction.commit();
        } else {
          transaction.rollback();
        }
        reachable_ = true;
        return status;
      }
      absl::Status status = work(sql);
      reachable_ = true;
      return status;
    } catch (const soci::soci_error& e) {
      if (watched.Done()) {
        return absl::DeadlineExceededError(absl::StrCat(
            name, ": the database did not answer before the deadline"));
      }
      const bool lost = ConnectionLost(sql);
      if (lost) reachable_ = false;
      // A dead session is found at BEGIN (transactions) or at the first
      // statement (reads); both are safe to run again on a new connection.
      const bool retryable = lost && attempt == 0 && (!started || !transactional);
      if (retryable && Connect(sql).ok()) continue;
      return MapError(e, name, lost);
    } catch (const std::exception& e) {
      return absl::InternalError(absl::StrCat(name, ": ", e.what()));
    }
  }
}

absl::Status Database::Transact(absl::string_view name, absl::Time deadline,
                                const Work& work) {
  return Run(name, deadline, /*transactional=*/true, work);
}

absl::Status Database::Read(absl::string_view name, absl::Time deadline,
                            const Work& work) {
  return Run(name, deadline, /*transactional=*/false, work);
}

absl::Status Database::Ping(absl::Time deadline) {
  return Read("ping", deadline, [](soci::session& sql) {
    int one = 0;
    sql << "SELECT 1", soci::into(one);
    return absl::OkStatus();
  });
}

}  // namespace concierge::store
