#include "server/store/pg.h"

#include <soci/postgresql/soci-postgresql.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <mutex>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "server/common/log.h"

namespace concierge::store::pg {
namespace {

// Which statements each live connection has prepared. A connection is known
// by its PGconn and its backend's pid, so a PGconn allocated at a freed one's
// address is never mistaken for it.
class PreparedRegistry {
 public:
  bool IsPrepared(PGconn* conn, const Statement* statement) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = connections_.find(conn);
    if (it == connections_.end()) return false;
    if (it->second.backend_pid != PQbackendPID(conn)) {
      connections_.erase(it);
      return false;
    }
    return it->second.prepared.contains(statement);
  }

  void MarkPrepared(PGconn* conn, const Statement* statement) {
    std::lock_guard<std::mutex> lock(mu_);
    Connection& c = connections_[conn];
    const int pid = PQbackendPID(conn);
    if (c.backend_pid != pid) {
      c.prepared.clear();
      c.backend_pid = pid;
    }
    c.prepared.insert(statement);
  }

  void Forget(PGconn* conn) {
    std::lock_guard<std::mutex> lock(mu_);
    connections_.erase(conn);
  }

 private:
  struct Connection {
    int backend_pid = 0;
    absl::flat_hash_set<const Statement*> prepared;
  };
  std::mutex mu_;
  absl::flat_hash_map<PGconn*, Connection> connections_;
};

PreparedRegistry& Registry() {
  static auto* registry = new PreparedRegistry();
  return *registry;
}

// Throws unless `result` is a success; the SQLSTATE travels with the error
// so Database::MapError treats it like SOCI's own.
void Check(const Result& result, PGconn* conn, const Statement& statement) {
  const ExecStatusType status = result.get() == nullptr
                                    ? PGRES_FATAL_ERROR
                                    : PQresultStatus(result.get());
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
  const char* state = result.get() == nullptr
                          ? nullptr
                          : PQresultErrorField(result.get(), PG_DIAG_SQLSTATE);
  if (state == nullptr) {
    // No answer from the server: the connection broke under us.
    state = PQstatus(conn) == CONNECTION_BAD ? "08006" : "XX000";
  }
  const char* message = result.get() != nullptr
                            ? PQresultErrorMessage(result.get())
                            : PQerrorMessage(conn);
  throw soci::postgresql_soci_error(
      absl::StrCat(statement.label(), ": ", message), state);
}

}  // namespace

Statement::Statement(const char* label, std::string sql)
    : label_(label), sql_(std::move(sql)) {
  static std::atomic<int> next_id{1};
  prepared_name_ = absl::StrCat("concierge_", next_id.fetch_add(1));
}

Result::Result(PGresult* result) : result_(result) {
  if (result == nullptr) return;
  const int fields = PQnfields(result);
  columns_.reserve(fields);
  for (int i = 0; i < fields; ++i) columns_.emplace(PQfname(result, i), i);
}

long long Result::affected() const {
  const char* tuples = PQcmdTuples(result_.get());
  return tuples == nullptr || *tuples == '\0' ? 0 : std::atoll(tuples);
}

int Result::column(absl::string_view name) const {
  auto it = columns_.find(name);
  if (it == columns_.end()) {
    throw soci::soci_error(absl::StrCat("no column \"", name, "\" in result"));
  }
  return it->second;
}

bool Row::is_null(absl::string_view column) const {
  return PQgetisnull(result_->get(), index_, result_->column(column)) != 0;
}

const char* Row::text(absl::string_view column, bool* null) const {
  const int c = result_->column(column);
  *null = PQgetisnull(result_->get(), index_, c) != 0;
  return PQgetvalue(result_->get(), index_, c);
}

namespace {

thread_local Transaction* current_transaction = nullptr;

Result ExecuteValues(soci::session& sql, const Statement& statement,
                     const std::vector<const char*>& values) {
  PGconn* conn = NativeConnection(sql);
  if (conn == nullptr) {
    throw soci::postgresql_soci_error(
        absl::StrCat(statement.label(), ": no connection"), "08003");
  }
  if (!Registry().IsPrepared(conn, &statement)) {
    Result prepared(PQprepare(conn, statement.prepared_name().c_str(),
                              statement.sql().c_str(), 0, nullptr));
    Check(prepared, conn, statement);
    Registry().MarkPrepared(conn, &statement);
  }
  Result result(PQexecPrepared(conn, statement.prepared_name().c_str(),
                               static_cast<int>(values.size()), values.data(),
                               nullptr, nullptr, 0));
  Check(result, conn, statement);
  if (current_transaction != nullptr) current_transaction->results_seen = true;
  return result;
}

}  // namespace

// Defined below, with the other pipelines.
std::vector<Result> Pipeline(soci::session& sql,
                             const std::vector<Command>& commands, bool commit);

Result Execute(soci::session& sql, const Statement& statement,
               std::initializer_list<Param> params) {
  if (current_transaction != nullptr && current_transaction->begin_pending) {
    return std::move(Pipeline(sql, {{statement, params}}, false)[0]);
  }
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& p : params) values.push_back(p.c_str());
  return ExecuteValues(sql, statement, values);
}

Result Execute(soci::session& sql, const Statement& statement,
               const std::vector<Param>& params) {
  if (current_transaction != nullptr && current_transaction->begin_pending) {
    return std::move(Pipeline(sql, {{statement, params}}, false)[0]);
  }
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& p : params) values.push_back(p.c_str());
  return ExecuteValues(sql, statement, values);
}

namespace {

// Reads the results of one pipelined query: its result, then the NULL that
// ends it.
Result NextPipelineResult(PGconn* conn) {
  Result result(PQgetResult(conn));
  if (result.get() != nullptr) {
    while (PGresult* extra = PQgetResult(conn)) PQclear(extra);
  }
  return result;
}

[[noreturn]] void ThrowConnection(PGconn* conn, const char* what) {
  throw soci::postgresql_soci_error(
      absl::StrCat(what, ": ", PQerrorMessage(conn)),
      PQstatus(conn) == CONNECTION_BAD ? "08006" : "XX000");
}

}  // namespace

Result Execute(soci::session& sql, const Command& command) {
  return Execute(sql, command.statement, command.params);
}

namespace {

// Label BEGIN and COMMIT in errors.
const Statement kBeginStatement("BEGIN", "BEGIN");
const Statement kCommitStatement("COMMIT", "COMMIT");

}  // namespace

// The pipeline behind ExecuteBatch and Commit: `commands`, then COMMIT when
// `commit` is set, behind this thread's pending BEGIN if there is one.
std::vector<Result> Pipeline(soci::session& sql,
                             const std::vector<Command>& commands,
                             bool commit) {
  PGconn* conn = NativeConnection(sql);
  if (conn == nullptr) {
    throw soci::postgresql_soci_error("batch: no connection", "08003");
  }
  if (PQenterPipelineMode(conn) != 1) ThrowConnection(conn, "batch");
  Transaction* const transaction = current_transaction;
  const bool begin = transaction != nullptr &&
                     std::exchange(transaction->begin_pending, false);
  if (begin && PQsendQueryParams(conn, "BEGIN", 0, nullptr, nullptr, nullptr,
                                 nullptr, 0) != 1) {
    ThrowConnection(conn, "BEGIN");
  }
  // Send everything, then read everything: one round trip.
  std::vector<bool> preparing;
  absl::flat_hash_set<const Statement*> prepared_here;
  for (const Command& c : commands) {
    const Statement& s = c.statement;
    const bool prepare =
        !Registry().IsPrepared(conn, &s) && prepared_here.insert(&s).second;
    preparing.push_back(prepare);
    if (prepare && PQsendPrepare(conn, s.prepared_name().c_str(),
                                 s.sql().c_str(), 0, nullptr) != 1) {
      ThrowConnection(conn, s.label().c_str());
    }
    std::vector<const char*> values;
    values.reserve(c.params.size());
    for (const Param& p : c.params) values.push_back(p.c_str());
    if (PQsendQueryPrepared(conn, s.prepared_name().c_str(),
                            static_cast<int>(values.size()), values.data(),
                            nullptr, nullptr, 0) != 1) {
      ThrowConnection(conn, s.label().c_str());
    }
  }
  if (commit) {
    if (transaction != nullptr) transaction->commit_sent = true;
    if (PQsendQueryParams(conn, "COMMIT", 0, nullptr, nullptr, nullptr, nullptr,
                          0) != 1) {
      ThrowConnection(conn, "COMMIT");
    }
  }
  if (PQpipelineSync(conn) != 1) ThrowConnection(conn, "batch");

  std::vector<Result> results;
  results.reserve(commands.size());
  const Statement* failed = nullptr;
  Result failure(nullptr);
  auto keep_first_error = [&](Result& r, const Statement& s) {
    const ExecStatusType status =
        r.get() == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(r.get());
    const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    if (!ok && status != PGRES_PIPELINE_ABORTED && failed == nullptr) {
      failed = &s;
      failure = std::move(r);
      return false;
    }
    return ok;
  };
  if (begin) {
    Result begun = NextPipelineResult(conn);
    keep_first_error(begun, kBeginStatement);
  }
  for (size_t i = 0; i < commands.size(); ++i) {
    const Statement& s = commands[i].statement;
    if (preparing[i]) {
      Result prepared = NextPipelineResult(conn);
      if (keep_first_error(prepared, s)) Registry().MarkPrepared(conn, &s);
    }
    Result executed = NextPipelineResult(conn);
    keep_first_error(executed, s);
    results.push_back(std::move(executed));
  }
  if (commit) {
    Result executed = NextPipelineResult(conn);
    keep_first_error(executed, kCommitStatement);
  }
  Result sync(PQgetResult(conn));
  if (sync.get() == nullptr ||
      PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC ||
      PQexitPipelineMode(conn) != 1) {
    if (failed != nullptr) Check(failure, conn, *failed);
    ThrowConnection(conn, "batch");
  }
  if (failed != nullptr) Check(failure, conn, *failed);
  if (transaction != nullptr) transaction->results_seen = true;
  return results;
}

std::vector<Result> ExecuteBatch(soci::session& sql,
                                 const std::vector<Command>& commands) {
  return Pipeline(sql, commands, /*commit=*/false);
}

void Commit(soci::session& sql, const std::vector<Command>& writes) {
  Pipeline(sql, writes, /*commit=*/true);
}

std::string ArrayLiteral(const std::vector<int64_t>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    absl::StrAppend(&out, values[i]);
  }
  out += '}';
  return out;
}

std::string ArrayLiteral(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

void SetCurrentTransaction(Transaction* transaction) {
  current_transaction = transaction;
}

Transaction* CurrentTransaction() { return current_transaction; }

void FlushPendingBegin(soci::session& sql) {
  Transaction* const transaction = current_transaction;
  if (transaction == nullptr || !transaction->begin_pending) return;
  PGconn* conn = NativeConnection(sql);
  if (conn == nullptr) {
    throw soci::postgresql_soci_error("BEGIN: no connection", "08003");
  }
  transaction->begin_pending = false;
  Result begun(PQexec(conn, "BEGIN"));
  Check(begun, conn, kBeginStatement);
}

namespace {

// libpq's notice processor: `arg` is the role. Messages arrive as
// "SEVERITY:  text\n".
void NoticeToLog(void* arg, const char* message) {
  absl::string_view text = absl::StripTrailingAsciiWhitespace(message);
  const bool serious =
      absl::StartsWith(text, "FATAL") || absl::StartsWith(text, "PANIC") ||
      absl::StartsWith(text, "ERROR") || absl::StartsWith(text, "WARNING");
  Log(serious ? LogLevel::kWarning : LogLevel::kInfo, "database notice",
      {{"connection", static_cast<const char*>(arg)}, {"notice", text}});
}

}  // namespace

void RouteNoticesToLog(PGconn* conn, const char* role) {
  if (conn == nullptr) return;
  PQsetNoticeProcessor(conn, &NoticeToLog, const_cast<char*>(role));
}

void ForgetConnection(PGconn* conn) {
  if (conn != nullptr) Registry().Forget(conn);
}

PGconn* NativeConnection(soci::session& sql) {
  auto* backend =
      static_cast<soci::postgresql_session_backend*>(sql.get_backend());
  return backend == nullptr ? nullptr : backend->conn_;
}

namespace internal {

void ParseText(const char* text, long long* out) {
  errno = 0;
  char* end = nullptr;
  *out = std::strtoll(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0') {
    throw soci::soci_error(absl::StrCat("not an integer: \"", text, "\""));
  }
}

void ParseText(const char* text, int* out) {
  long long wide = 0;
  ParseText(text, &wide);
  *out = static_cast<int>(wide);
}

void ParseText(const char* text, double* out) {
  char* end = nullptr;
  *out = std::strtod(text, &end);
  if (end == text || *end != '\0') {
    throw soci::soci_error(absl::StrCat("not a number: \"", text, "\""));
  }
}

void ParseText(const char* text, bool* out) { *out = text[0] == 't'; }

void ParseText(const char* text, std::string* out) { *out = text; }

void ThrowNull(absl::string_view column) {
  throw soci::soci_error(absl::StrCat("column ", column, " is NULL"));
}

}  // namespace internal
}  // namespace concierge::store::pg
