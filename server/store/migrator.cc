#include "server/store/migrator.h"

#include <libpq-fe.h>

#include <map>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/common/crypto.h"
#include "server/common/status_macros.h"
#include "server/store/pg.h"

namespace concierge::store {
namespace {

// Any constant shared by every replica; "concierge migrate" in ASCII.
constexpr char kLockKey[] = "7255987434520411753";

constexpr char kCreateLedger[] = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  checksum   text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
))sql";

constexpr char kSelectApplied[] =
    "SELECT version, name, checksum FROM schema_migrations ORDER BY version";

constexpr char kInsertApplied[] =
    "INSERT INTO schema_migrations (version, name, checksum) "
    "VALUES ($1::integer, $2, $3)";

struct PgConnDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct PgResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

std::string OneLine(const char* text) {
  std::string s = text == nullptr ? "" : text;
  for (char& c : s) {
    if (c == '\n') c = ' ';
  }
  return std::string(absl::StripTrailingAsciiWhitespace(s));
}

// Migrations run whole scripts (functions, DO blocks), which SOCI's
// named-parameter rewriting would mangle, so they go straight to libpq.
absl::Status Exec(PGconn* conn, const char* sql, absl::string_view what) {
  PgResult result(PQexec(conn, sql));
  const ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return absl::InternalError(
        absl::StrCat(what, ": ", OneLine(PQerrorMessage(conn))));
  }
  return absl::OkStatus();
}

struct Applied {
  std::string name;
  std::string checksum;
};

absl::StatusOr<std::map<int, Applied>> ReadLedger(PGconn* conn) {
  PgResult result(PQexec(conn, kSelectApplied));
  if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
    return absl::InternalError(absl::StrCat(
        "reading schema_migrations: ", OneLine(PQerrorMessage(conn))));
  }
  std::map<int, Applied> applied;
  for (int row = 0; row < PQntuples(result.get()); ++row) {
    int version = 0;
    if (!absl::SimpleAtoi(PQgetvalue(result.get(), row, 0), &version)) {
      return absl::InternalError("schema_migrations: bad version");
    }
    applied[version] = {PQgetvalue(result.get(), row, 1),
                        PQgetvalue(result.get(), row, 2)};
  }
  return applied;
}

absl::Status ApplyOne(PGconn* conn, int version, const EmbeddedFile& file,
                      const std::string& checksum) {
  const std::string what = absl::StrCat("migration ", file.name);
  CONCIERGE_RETURN_IF_ERROR(Exec(conn, "BEGIN", what));
  // Schema changes may legitimately run longer than a request.
  CONCIERGE_RETURN_IF_ERROR(
      Exec(conn, "SET LOCAL statement_timeout = 0", what));
  const std::string script(file.text);
  absl::Status status = Exec(conn, script.c_str(), what);
  if (status.ok()) {
    const std::string version_text = absl::StrCat(version);
    const std::string name(file.name);
    const char* params[] = {version_text.c_str(), name.c_str(),
                            checksum.c_str()};
    PgResult result(PQexecParams(conn, kInsertApplied, 3, nullptr, params,
                                 nullptr, nullptr, 0));
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
      status = absl::InternalError(
          absl::StrCat(what, ": ", OneLine(PQerrorMessage(conn))));
    }
  }
  if (!status.ok()) {
    Exec(conn, "ROLLBACK", what).IgnoreError();
    return status;
  }
  return Exec(conn, "COMMIT", what);
}

absl::StatusOr<MigrationReport> MigrateLocked(
    PGconn* conn, const std::vector<EmbeddedFile>& migrations) {
  CONCIERGE_RETURN_IF_ERROR(
      Exec(conn, kCreateLedger, "creating schema_migrations"));
  CONCIERGE_ASSIGN_OR_RETURN(auto applied, ReadLedger(conn));

  std::map<int, const EmbeddedFile*> files;
  for (const EmbeddedFile& file : migrations) {
    const int version = MigrationVersion(file.name);
    if (version < 0) {
      return absl::FailedPreconditionError(absl::StrCat(
          "migration file ", file.name, " is not named NNNN_name.sql"));
    }
    if (!files.emplace(version, &file).second) {
      return absl::FailedPreconditionError(
          absl::StrCat("two migration files have version ", version));
    }
  }
  // Verify everything before changing anything.
  for (const auto& [version, done] : applied) {
    auto it = files.find(version);
    if (it == files.end()) continue;  // applied by a newer release
    const std::string checksum = Sha256Hex(it->second->text);
    if (checksum != done.checksum) {
      return absl::FailedPreconditionError(absl::StrCat(
          "migration ", it->second->name,
          " was changed after it was applied (recorded checksum ",
          done.checksum.substr(0, 12), ", file ", checksum.substr(0, 12),
          "); add a new migration instead of editing an applied one"));
    }
  }
  MigrationReport report;
  for (const auto& [version, file] : files) {
    if (applied.contains(version)) continue;
    CONCIERGE_RETURN_IF_ERROR(
        ApplyOne(conn, version, *file, Sha256Hex(file->text)));
    report.applied.push_back(version);
  }
  CONCIERGE_ASSIGN_OR_RETURN(applied, ReadLedger(conn));
  report.current_version = applied.empty() ? 0 : applied.rbegin()->first;
  return report;
}

}  // namespace

int MigrationVersion(absl::string_view file_name) {
  if (file_name.size() < 10 || file_name[4] != '_' ||
      !absl::EndsWith(file_name, ".sql")) {
    return -1;
  }
  int version = 0;
  if (!absl::SimpleAtoi(file_name.substr(0, 4), &version) || version <= 0) {
    return -1;
  }
  return version;
}

absl::StatusOr<MigrationReport> Migrate(
    const std::string& connect_string,
    const std::vector<EmbeddedFile>& migrations) {
  std::unique_ptr<PGconn, PgConnDeleter> conn(
      PQconnectdb(connect_string.c_str()));
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    return absl::UnavailableError(absl::StrCat(
        "database unreachable: ", OneLine(PQerrorMessage(conn.get()))));
  }
  pg::RouteNoticesToLog(conn.get(), "migrator");
  CONCIERGE_RETURN_IF_ERROR(Exec(conn.get(),
                                 "SET client_min_messages = warning",
                                 "configuring the migration session"));
  CONCIERGE_RETURN_IF_ERROR(
      Exec(conn.get(),
           absl::StrCat("SELECT pg_advisory_lock(", kLockKey, ")").c_str(),
           "taking the migration lock"));
  absl::StatusOr<MigrationReport> report =
      MigrateLocked(conn.get(), migrations);
  // Closing the session would release the lock too; unlock explicitly so a
  // long-lived caller does not keep it.
  Exec(conn.get(),
       absl::StrCat("SELECT pg_advisory_unlock(", kLockKey, ")").c_str(),
       "releasing the migration lock")
      .IgnoreError();
  return report;
}

}  // namespace concierge::store
