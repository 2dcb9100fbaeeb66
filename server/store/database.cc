#include "server/store/database.h"

#include <poll.h>
#include <soci/postgresql/soci-postgresql.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <exception>
#include <map>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "server/common/metrics.h"
#include "server/common/status_detail.h"
#include "server/store/idempotency.h"
#include "server/store/pg.h"

namespace concierge::store {
namespace {

using pg::NativeConnection;

// What a caller is told while the database cannot be reached.
constexpr char kUnavailable[] = "the database is unavailable; retry";

// What the unit of work running on this thread leaves for its end: writes to
// send with its COMMIT (ExecuteAtCommit) and hooks to run once it committed
// (AfterCommit). Null outside a unit of work.
struct UnitOfWork {
  std::vector<pg::Command> at_commit;
  std::vector<std::function<void()>> after_commit;
};
thread_local UnitOfWork* current_unit = nullptr;

// Makes `unit` the current one for one attempt of a unit of work.
class UnitScope {
 public:
  explicit UnitScope(UnitOfWork* unit) : outer_(current_unit) {
    current_unit = unit;
  }
  ~UnitScope() { current_unit = outer_; }

 private:
  UnitOfWork* outer_;
};

// A transaction whose BEGIN goes out with its first statement (see
// pg::Transaction); ROLLBACK when destroyed uncommitted (errors ignored: the
// session may be gone, and then so is the transaction). Nothing is sent for
// a unit that ran no statement.
class TransactionGuard {
 public:
  explicit TransactionGuard(soci::session& sql)
      : sql_(sql), outer_(pg::CurrentTransaction()) {
    state_.begin_pending = true;
    pg::SetCurrentTransaction(&state_);
  }
  ~TransactionGuard() {
    pg::SetCurrentTransaction(outer_);
    if (open_ && !state_.begin_pending) {
      try {
        sql_.rollback();
      } catch (...) {
      }
    }
  }
  // COMMIT, with `writes` in the same round trip. Throws on failure (the
  // destructor then rolls back whatever is left).
  void Commit(const std::vector<pg::Command>& writes) {
    if (!writes.empty()) {
      pg::Commit(sql_, writes);
    } else if (!state_.begin_pending) {
      state_.commit_sent = true;
      sql_.commit();
    }
    open_ = false;
  }
  void Rollback() {
    open_ = false;
    if (!state_.begin_pending) sql_.rollback();
  }
  // A lost connection leaves this unit safe to run again on a new one only
  // when its work had seen no result yet and no COMMIT went out.
  bool SafeToRetry() const {
    return !state_.results_seen && !state_.commit_sent;
  }

 private:
  soci::session& sql_;
  pg::Transaction* const outer_;  // a unit of work this one runs inside
  pg::Transaction state_;
  bool open_ = true;
};

void RunAfterCommit(UnitOfWork& unit) {
  for (auto& hook : unit.after_commit) hook();
}

bool IsConnectionSqlState(absl::string_view state) {
  return absl::StartsWith(state, "08") || state == "57P01" ||
         state == "57P02" || state == "57P03";
}

// The pool's instruments, process-wide (one pool per server process).
struct PoolMetrics {
  metrics::Gauge& size = metrics::Global().GetGauge(
      "concierge_db_pool_size", "PostgreSQL sessions the pool holds");
  metrics::Gauge& in_use = metrics::Global().GetGauge(
      "concierge_db_pool_in_use", "Pooled sessions running a unit of work now");
  metrics::Histogram& wait = metrics::Global().GetHistogram(
      "concierge_db_pool_wait_seconds",
      "Time a unit of work waited for a free pooled session",
      {0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5});
  metrics::Counter& timeouts = metrics::Global().GetCounter(
      "concierge_db_pool_timeouts_total",
      "Units of work that found no free session before their deadline");
};

PoolMetrics& Pool() {
  static PoolMetrics* const pool = new PoolMetrics();
  return *pool;
}

metrics::Counter& Retries(absl::string_view name) {
  return metrics::Global().GetCounter(
      "concierge_db_retries_total",
      "Units of work run again on a new connection after the old one was "
      "found dead, by unit name",
      {{"name", std::string(name)}});
}

// Returns a pooled session to the pool when it goes out of scope.
class Lease {
 public:
  Lease(soci::connection_pool& pool, size_t position)
      : pool_(pool), position_(position) {
    Pool().in_use.Add(1);
  }
  ~Lease() {
    pool_.give_back(position_);
    Pool().in_use.Add(-1);
  }
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

// Opens a libpq connection without blocking past `give_up`; nullptr (and
// `*error`) when it fails or takes longer.
PGconn* ConnectWithin(const std::string& conninfo, absl::Time give_up,
                      std::string* error) {
  PGconn* conn = PQconnectStart(conninfo.c_str());
  if (conn == nullptr) {
    *error = "out of memory";
    return nullptr;
  }
  PostgresPollingStatusType state = PQstatus(conn) == CONNECTION_BAD
                                        ? PGRES_POLLING_FAILED
                                        : PGRES_POLLING_WRITING;
  while (state != PGRES_POLLING_OK) {
    if (state == PGRES_POLLING_FAILED) {
      *error = PQerrorMessage(conn);
      std::replace(error->begin(), error->end(), '\n', ' ');
      PQfinish(conn);
      return nullptr;
    }
    pollfd wait{
        PQsocket(conn),
        static_cast<short>(state == PGRES_POLLING_READING ? POLLIN : POLLOUT),
        0};
    const int ready = poll(&wait, 1, MillisUntil(give_up));
    if (ready == 0) {
      *error = "connecting took too long";
      PQfinish(conn);
      return nullptr;
    }
    if (ready < 0 && errno != EINTR) {
      *error = "poll failed while connecting";
      PQfinish(conn);
      return nullptr;
    }
    state = PQconnectPoll(conn);
  }
  return conn;
}

// The settings every session gets: what SOCI's own open sets, and ours.
bool Configure(PGconn* conn, absl::Duration statement_timeout,
               std::string* error) {
  // SOCI sets this on open, so that floating point values survive text.
  PGresult* floats = PQexec(conn, "SET extra_float_digits = 3");
  bool ok = PQresultStatus(floats) == PGRES_COMMAND_OK;
  PQclear(floats);
  if (ok) {
    const std::string ms =
        absl::StrCat(absl::ToInt64Milliseconds(statement_timeout));
    const char* values[] = {ms.c_str()};
    // A transaction left idle (a stuck caller) must not hold locks forever.
    PGresult* timeouts = PQexecParams(
        conn,
        "SELECT set_config('statement_timeout', $1, false), "
        "set_config('idle_in_transaction_session_timeout', $1, false)",
        1, nullptr, values, nullptr, nullptr, 0);
    ok = PQresultStatus(timeouts) == PGRES_TUPLES_OK;
    PQclear(timeouts);
  }
  if (!ok) {
    *error = PQerrorMessage(conn);
    std::replace(error->begin(), error->end(), '\n', ' ');
  }
  return ok;
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

Database::~Database() {
  if (pool_ == nullptr) return;
  for (int i = 0; i < options_.pool_size; ++i) {
    pg::ForgetConnection(NativeConnection(pool_->at(i)));
  }
}

absl::StatusOr<std::unique_ptr<Database>> Database::Open(
    const DatabaseOptions& options) {
  if (options.url.empty()) {
    return absl::InvalidArgumentError("database_url: is required");
  }
  if (options.pool_size < 1 || options.pool_size > 512) {
    return absl::InvalidArgumentError("db_pool_size: must be 1..512");
  }
  std::unique_ptr<Database> db(new Database(options));
  Pool().size.Set(options.pool_size);
  db->watchdog_ = std::make_unique<Watchdog>();
  db->pool_ = std::make_unique<soci::connection_pool>(options.pool_size);
  for (int i = 0; i < options.pool_size; ++i) {
    absl::Status status = db->OpenSession(db->pool_->at(i));
    if (!status.ok()) return status;
  }
  return db;
}

absl::Status Database::OpenSession(soci::session& sql) {
  try {
    pg::ForgetConnection(NativeConnection(sql));
    sql.close();
    sql.open(soci::postgresql, connect_string_);
    pg::RouteNoticesToLog(NativeConnection(sql), "pool");
    // A SOCI statement cannot carry a pending BEGIN: send it first. The
    // statement's results reach the unit's work, so from here a lost
    // connection makes the unit unsafe to repeat.
    sql.set_query_transformation([&sql](const std::string& query) {
      pg::FlushPendingBegin(sql);
      if (pg::Transaction* t = pg::CurrentTransaction()) t->results_seen = true;
      return query;
    });
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
    return WithDetail(absl::UnavailableError(kUnavailable), e.what());
  }
}

// A reconnect happens inside a call, so it must keep the call's deadline:
// SOCI's open (PQconnectdb) blocks for libpq's connect_timeout (whole
// seconds, at least 2) and then runs its session settings unwatched, so on a
// stalled link a call could outlive its deadline by seconds, or indefinitely
// if the link stalled after the handshake. Instead the connection is made
// here without blocking, bounded by the deadline, its settings run under
// the watchdog, and it takes the place of the lost one inside the SOCI
// session (the backend's `conn_`, which this file already reads through
// pg::NativeConnection).
absl::Status Database::Connect(soci::session& sql, absl::Time deadline) {
  auto* backend =
      static_cast<soci::postgresql_session_backend*>(sql.get_backend());
  if (backend == nullptr) return OpenSession(sql);
  const absl::Time give_up =
      std::min(deadline, absl::Now() + options_.connect_timeout);
  std::string error;
  PGconn* fresh = ConnectWithin(connect_string_, give_up, &error);
  pg::RouteNoticesToLog(fresh, "pool");
  if (fresh != nullptr) {
    const int ticket = watchdog_->Register(PQsocket(fresh), give_up);
    const bool configured =
        Configure(fresh, options_.statement_timeout, &error);
    watchdog_->Unregister(ticket);
    if (!configured) {
      PQfinish(fresh);
      fresh = nullptr;
    }
  }
  if (fresh == nullptr) {
    reachable_ = false;
    if (absl::Now() >= deadline) {
      return WithDetail(absl::DeadlineExceededError(
                            "the database did not answer before the deadline"),
                        error);
    }
    return WithDetail(absl::UnavailableError(kUnavailable), error);
  }
  pg::ForgetConnection(backend->conn_);
  if (backend->conn_ != nullptr) PQfinish(backend->conn_);
  backend->conn_ = fresh;
  reachable_ = true;
  return absl::OkStatus();
}

absl::Status Database::MapError(const soci::soci_error& error,
                                absl::string_view name, bool connection_lost) {
  std::string state;
  if (const auto* pg =
          dynamic_cast<const soci::postgresql_soci_error*>(&error)) {
    state = pg->sqlstate();
  }
  // The caller reads the code and a message in the API's words; the
  // driver's own text (hosts, ports, SQLSTATE, SQL) goes to the log only.
  const std::string detail =
      absl::StrCat(name, ": SQLSTATE ", state.empty() ? "none" : state, ": ",
                   error.get_error_message());
  if (connection_lost || IsConnectionSqlState(state)) {
    return WithDetail(absl::UnavailableError(kUnavailable), detail);
  }
  if (state == "23505") {
    return WithDetail(absl::AlreadyExistsError("it already exists"), detail);
  }
  if (state == "40001" || state == "40P01" || state == "55P03") {
    return WithDetail(
        absl::AbortedError("lost a race with another change; retry"), detail);
  }
  if (state == "57014") {
    return WithDetail(absl::DeadlineExceededError("the database took too long"),
                      detail);
  }
  if (state == "23503") {
    return WithDetail(absl::FailedPreconditionError(
                          "it refers to something that does not exist"),
                      detail);
  }
  if (absl::StartsWith(state, "22") || state == "23514" || state == "23502") {
    return WithDetail(
        absl::InvalidArgumentError("a value was out of range or malformed"),
        detail);
  }
  return WithDetail(absl::InternalError("database error"), detail);
}

absl::Status Database::Run(absl::string_view name, absl::Time deadline,
                           bool transactional, const Work& work) {
  // A call out of time starts nothing (the pool would lease at once and
  // the watchdog cut only later).
  if (absl::Now() >= deadline) {
    return absl::DeadlineExceededError(
        absl::StrCat(name, ": the deadline passed before it started"));
  }
  for (int attempt = 0;; ++attempt) {
    size_t position = 0;
    const absl::Time asked = absl::Now();
    const bool leased = pool_->try_lease(position, MillisUntil(deadline));
    Pool().wait.Observe(absl::ToDoubleSeconds(absl::Now() - asked));
    if (!leased) {
      Pool().timeouts.Increment();
      return absl::DeadlineExceededError(
          absl::StrCat(name,
                       ": no database connection free before the "
                       "deadline"));
    }
    Lease lease(*pool_, position);
    soci::session& sql = lease.session();
    if (ConnectionLost(sql)) {
      absl::Status reconnected = Connect(sql, deadline);
      if (!reconnected.ok()) return reconnected;
    }
    bool retry_safe = true;  // false once a retry could repeat effects
    WatchedSession watched(watchdog_.get(), sql, deadline);
    UnitOfWork unit;
    try {
      UnitScope scope(&unit);
      if (transactional) {
        TransactionGuard transaction(sql);
        struct RetryCheck {
          TransactionGuard& guard;
          bool& safe;
          ~RetryCheck() { safe = guard.SafeToRetry(); }
        } retry_check{transaction, retry_safe};
        // A write sent with a request_id claims its key first, or ends
        // here with the first call's answer (store/idempotency.h).
        WriteKey* key = CurrentWriteKey();
        if (key != nullptr && key->committed) key = nullptr;
        absl::Status status =
            key != nullptr ? ClaimWriteKey(sql, *key) : absl::OkStatus();
        if (status.ok()) status = work(sql);
        if (status.ok() && key != nullptr) RecordWriteResponse(sql, *key);
        if (status.ok()) {
          transaction.Commit(unit.at_commit);
          if (key != nullptr) key->committed = true;
        } else {
          transaction.Rollback();
        }
        reachable_ = true;
        if (status.ok()) RunAfterCommit(unit);
        return status;
      }
      absl::Status status = work(sql);
      // Outside BEGIN, a pipeline is one implicit transaction.
      if (status.ok() && !unit.at_commit.empty()) {
        pg::ExecuteBatch(sql, unit.at_commit);
      }
      reachable_ = true;
      if (status.ok()) RunAfterCommit(unit);
      return status;
    } catch (const soci::soci_error& e) {
      if (watched.Done()) {
        return absl::DeadlineExceededError(absl::StrCat(
            name, ": the database did not answer before the deadline"));
      }
      const bool lost = ConnectionLost(sql);
      if (lost) reachable_ = false;
      // A dead session is found at the unit's first statement; running the
      // unit again on a new connection is safe for reads, and for a
      // transaction whose work saw no result and sent no COMMIT.
      const bool retryable = lost && attempt == 0 && retry_safe;
      if (retryable && Connect(sql, deadline).ok()) {
        Retries(name).Increment();
        continue;
      }
      return MapError(e, name, lost);
    } catch (const std::exception& e) {
      return WithDetail(absl::InternalError("database error"),
                        absl::StrCat(name, ": ", e.what()));
    }
  }
}

void AfterCommit(std::function<void()> hook) {
  if (current_unit == nullptr) {
    hook();
    return;
  }
  current_unit->after_commit.push_back(std::move(hook));
}

void ExecuteAtCommit(soci::session& sql, pg::Command write) {
  if (current_unit == nullptr) {
    pg::Execute(sql, write);
    return;
  }
  current_unit->at_commit.push_back(std::move(write));
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
