#ifndef CONCIERGE_SERVER_STORE_DATABASE_H_
#define CONCIERGE_SERVER_STORE_DATABASE_H_

#include <soci/soci.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/store/pg.h"

namespace concierge::store {

struct DatabaseOptions {
  // libpq connection string or URI ("postgresql://user@host:port/db").
  std::string url;
  int pool_size = 8;
  // Applied to every statement of every pooled session.
  absl::Duration statement_timeout = absl::Seconds(5);
  // How long opening a connection may take before the database counts as
  // unreachable.
  absl::Duration connect_timeout = absl::Seconds(3);
};

// A unit of work against one session. It may use SOCI freely: exceptions
// thrown inside are caught by Database and never leave the store layer.
using Work = std::function<absl::Status(soci::session&)>;

// The pool of PostgreSQL sessions and the one place where SOCI errors become
// absl::Status:
//   23505 -> ALREADY_EXISTS; 40001, 40P01, 55P03 -> ABORTED;
//   57014 (statement timeout) -> DEADLINE_EXCEEDED;
//   connection loss, 08xxx, 57P0x -> UNAVAILABLE; 22xxx/23514 ->
//   INVALID_ARGUMENT; 23503 -> FAILED_PRECONDITION; anything else INTERNAL.
// A session found dead at a unit's first statement (BEGIN travels with it)
// is reconnected and the work retried once (SOCI throws even when libpq
// could reconnect); a transaction whose work already saw a result, or whose
// COMMIT went out, is never retried here, because the commit may have
// happened: callers retry with their idempotency key.
//
// Deadlines hold even when the network to PostgreSQL hangs (a dropped route,
// a stalled proxy), where statement_timeout cannot help because the server
// never hears from us: a watchdog shuts down the socket of any session still
// busy past its call's deadline, so the blocked libpq call returns at once,
// the call fails with DEADLINE_EXCEEDED, and the session reconnects on its
// next use.
class Database {
 public:
  // Opens the pool; fails with UNAVAILABLE when the database is unreachable.
  static absl::StatusOr<std::unique_ptr<Database>> Open(
      const DatabaseOptions& options);
  ~Database();

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs `work` inside one transaction: committed when it returns OK, rolled
  // back otherwise. `name` identifies the transaction in errors and metrics.
  absl::Status Transact(absl::string_view name, absl::Time deadline,
                        const Work& work);

  // Runs read-only `work` without BEGIN/COMMIT (one round trip per
  // statement); retried once on a lost connection, reads being idempotent.
  absl::Status Read(absl::string_view name, absl::Time deadline,
                    const Work& work);

  // One round trip on a pooled session; OK when the database answers.
  absl::Status Ping(absl::Time deadline);

  // True after the last call that touched the database succeeded in reaching
  // it; the health service reports NOT_SERVING when false.
  bool reachable() const { return reachable_.load(); }

  const DatabaseOptions& options() const { return options_; }
  // The URL with connect_timeout and keepalive settings added.
  const std::string& connect_string() const { return connect_string_; }

  // Maps a SOCI exception to a status (exposed for tests).
  static absl::Status MapError(const soci::soci_error& error,
                               absl::string_view name, bool connection_lost);

 private:
  explicit Database(DatabaseOptions options);
  absl::Status Run(absl::string_view name, absl::Time deadline,
                   bool transactional, const Work& work);
  // Opens `sql` for the first time (at start-up; blocking, bounded by
  // connect_timeout).
  absl::Status OpenSession(soci::session& sql);
  // Replaces the session's lost connection with a new one within
  // `deadline` (see the .cc).
  absl::Status Connect(soci::session& sql, absl::Time deadline);

  class Watchdog;
  class WatchedSession;

  DatabaseOptions options_;
  std::string connect_string_;
  std::unique_ptr<soci::connection_pool> pool_;
  std::unique_ptr<Watchdog> watchdog_;
  std::atomic<bool> reachable_{true};
};

// Runs `hook` after the unit of work running on this thread commits (after
// a Read's work returns OK); never if it rolls back. Outside a unit of work
// it runs at once. Hooks must not throw; use them for hints such as waking
// watchers, never for data.
void AfterCommit(std::function<void()> hook);

// Queues `write` to be sent together with the COMMIT of the unit of work
// running on this thread: in the same round trip, after every other
// statement of the unit. For writes whose result nobody needs and that
// nothing later in the unit reads (an event appended to a log, an
// idempotency key's result). A failing write fails the unit as any
// statement would. Outside a unit of work it runs at once on `sql`.
void ExecuteAtCommit(soci::session& sql, pg::Command write);

// Adds "key=value" to a libpq connection string or URI.
std::string AddConnectionParameter(std::string url, absl::string_view key,
                                   absl::string_view value);

// True when libpq reports the session's connection as broken.
bool ConnectionLost(soci::session& sql);

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_DATABASE_H_
