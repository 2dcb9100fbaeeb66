#ifndef CONCIERGE_SERVER_STORE_PG_H_
#define CONCIERGE_SERVER_STORE_PG_H_

// Prepared statements on the pooled sessions' own libpq connections, for the
// hot paths (docs/PERFORMANCE.md).
//
// SOCI sends a one-off statement with PQexecParams, so PostgreSQL parses,
// analyses and plans it on every call, and a rowset costs three round trips
// (prepare, execute, deallocate). A pg::Statement is prepared once per
// connection, on its first use there, and afterwards executed by name: one
// round trip, and PostgreSQL reuses the plan. It runs inside the same
// transaction as the SOCI statements of the unit of work, and reports errors
// as soci::postgresql_soci_error, so Database maps them like any other.
//
//   constexpr char kFindX[] = "SELECT id, name FROM x WHERE site_id = $1";
//   const pg::Statement find_x("find_x", kFindX);
//   pg::Result rows = pg::Execute(sql, find_x, {site_id});
//   for (int i = 0; i < rows.size(); ++i) rows.row(i).get<std::string>("name");
//
// Parameters and results travel as text; times as Unix microseconds
// (us_to_ts / ts_to_us in SQL), like everywhere else in the store.

#include <libpq-fe.h>
#include <soci/soci.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace concierge::store::pg {

// A statement with $1..$n parameters. Define them at namespace scope (they
// are identified by address and must outlive every connection).
class Statement {
 public:
  // `label` shows in errors; `sql` is the text PostgreSQL prepares.
  Statement(const char* label, std::string sql);
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  const std::string& label() const { return label_; }
  const std::string& sql() const { return sql_; }
  // The server-side name: unique per process.
  const std::string& prepared_name() const { return prepared_name_; }

 private:
  std::string label_;
  std::string sql_;
  std::string prepared_name_;
};

// One parameter in text form; a null when constructed from nullopt.
class Param {
 public:
  Param(std::nullopt_t) {}
  Param(const char* text) : text_(text) {}
  Param(std::string text) : text_(std::move(text)) {}
  Param(absl::string_view text) : text_(std::string(text)) {}
  Param(bool value) : text_(value ? "t" : "f") {}
  template <typename Int,
            typename = std::enable_if_t<std::is_integral_v<Int> &&
                                        !std::is_same_v<Int, bool>>>
  Param(Int value) : text_(std::to_string(value)) {}
  template <typename T>
  Param(const std::optional<T>& value) {
    if (value) text_ = Param(*value).text_;
  }

  const char* c_str() const { return text_ ? text_->c_str() : nullptr; }

 private:
  std::optional<std::string> text_;
};

// PostgreSQL array literals, to pass many values as one parameter
// ("{1,2,3}", "{\"a\",\"b\"}"); use with $n::bigint[] / $n::text[].
std::string ArrayLiteral(const std::vector<int64_t>& values);
std::string ArrayLiteral(const std::vector<std::string>& values);

class Result;

// One row of a Result; reads columns by name like soci::row.
class Row {
 public:
  Row(const Result& result, int index) : result_(&result), index_(index) {}

  bool is_null(absl::string_view column) const;
  // long long, int, std::string, double, bool, or std::optional of those;
  // a NULL read as a non-optional throws soci::soci_error.
  template <typename T>
  T get(absl::string_view column) const;

 private:
  const char* text(absl::string_view column, bool* null) const;
  const Result* result_;
  int index_;
};

// The rows of one statement (owns the PGresult).
class Result {
 public:
  explicit Result(PGresult* result);

  int size() const { return PQntuples(result_.get()); }
  bool empty() const { return size() == 0; }
  Row row(int index) const { return Row(*this, index); }
  // The number of rows an INSERT/UPDATE/DELETE without RETURNING touched.
  long long affected() const;
  // Column index by name; throws soci::soci_error for an unknown name (a bug
  // in our SQL).
  int column(absl::string_view name) const;
  PGresult* get() const { return result_.get(); }

 private:
  struct Clear {
    void operator()(PGresult* r) const { PQclear(r); }
  };
  std::unique_ptr<PGresult, Clear> result_;
  absl::flat_hash_map<std::string, int> columns_;
};

// Executes `statement` on the session's connection (preparing it there first
// if this connection has not seen it). Throws soci::postgresql_soci_error
// with PostgreSQL's SQLSTATE on failure.
Result Execute(soci::session& sql, const Statement& statement,
               std::initializer_list<Param> params);
Result Execute(soci::session& sql, const Statement& statement,
               const std::vector<Param>& params);

// One statement of a batch.
struct Command {
  const Statement& statement;
  std::vector<Param> params;
};

Result Execute(soci::session& sql, const Command& command);

// Executes independent statements in one round trip (libpq pipeline mode),
// in order, returning one Result each. Use it for reads that do not depend on
// each other. If one fails the rest are skipped and the first error is
// thrown, as from Execute.
std::vector<Result> ExecuteBatch(soci::session& sql,
                                 const std::vector<Command>& commands);

// Sends `writes` and then COMMIT in one round trip. If a write fails, the
// COMMIT is skipped (the transaction stays open and aborted: roll it back)
// and its error is thrown. Database uses it for store::ExecuteAtCommit.
void Commit(soci::session& sql, const std::vector<Command>& writes);

// --- the transaction of the unit of work on this thread ----------------------
//
// Database::Transact does not send BEGIN on its own round trip: it marks it
// pending here, and the unit's first statement carries it (in front of it in
// the same pipeline), saving one round trip per transaction. A SOCI
// statement cannot carry it, so Database sends a pending BEGIN alone just
// before one (FlushPendingBegin, from SOCI's query hook).
struct Transaction {
  bool begin_pending = false;  // BEGIN still to be sent
  bool results_seen = false;   // a statement of the unit returned to it
  bool commit_sent = false;    // COMMIT went out (its outcome may be unknown)
};
// Thread-local; null outside Database::Transact.
void SetCurrentTransaction(Transaction* transaction);
Transaction* CurrentTransaction();
// Sends the pending BEGIN of this thread's transaction, if any, by itself.
void FlushPendingBegin(soci::session& sql);

// Forgets what was prepared on `conn`; Database calls it before closing or
// replacing a connection.
void ForgetConnection(PGconn* conn);

// Routes the connection's notices and asynchronous messages (a FATAL sent
// as the server shuts down, a WARNING) through the server's JSON logger
// instead of libpq's default, which writes raw lines to stderr. `role`
// names the connection in the log ("pool", "change_feed", "migrator") and
// must outlive it (a string literal).
void RouteNoticesToLog(PGconn* conn, const char* role);

// The libpq connection under a SOCI session (nullptr when closed).
PGconn* NativeConnection(soci::session& sql);

// --- Row::get
// -----------------------------------------------------------------

namespace internal {
template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};

// Parse one non-null text value; throw soci::soci_error when it does not
// parse as T.
void ParseText(const char* text, long long* out);
void ParseText(const char* text, int* out);
void ParseText(const char* text, double* out);
void ParseText(const char* text, bool* out);
void ParseText(const char* text, std::string* out);
[[noreturn]] void ThrowNull(absl::string_view column);
}  // namespace internal

template <typename T>
T Row::get(absl::string_view column) const {
  bool null = false;
  const char* value = text(column, &null);
  if constexpr (internal::IsOptional<T>::value) {
    if (null) return std::nullopt;
    typename T::value_type parsed{};
    internal::ParseText(value, &parsed);
    return parsed;
  } else {
    if (null) internal::ThrowNull(column);
    T parsed{};
    internal::ParseText(value, &parsed);
    return parsed;
  }
}

}  // namespace concierge::store::pg

#endif  // CONCIERGE_SERVER_STORE_PG_H_
