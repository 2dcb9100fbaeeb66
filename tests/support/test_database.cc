#include "tests/support/test_database.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/common/crypto.h"
#include "server/common/embedded_file.h"
#include "server/store/migrator.h"

namespace concierge::testing {
namespace {

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "test database: %s\n", message.c_str());
  std::abort();
}

PGconn* Connect(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    Die(absl::StrCat("cannot connect: ", PQerrorMessage(conn)));
  }
  return conn;
}

std::string Exec(PGconn* conn, const std::string& sql) {
  PGresult* result = PQexec(conn, sql.c_str());
  const ExecStatusType status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    std::string error = PQerrorMessage(conn);
    PQclear(result);
    Die(absl::StrCat(sql.substr(0, 80), ": ", error));
  }
  std::string value;
  if (status == PGRES_TUPLES_OK && PQntuples(result) > 0) {
    value = PQgetvalue(result, 0, 0);
  }
  PQclear(result);
  return value;
}

std::string TemplateName() {
  std::string all;
  for (const EmbeddedFile& file : embedded::Migrations()) {
    absl::StrAppend(&all, file.name, "\n", file.text, "\n");
  }
  return absl::StrCat("concierge_tpl_", Sha256Hex(all).substr(0, 16));
}

// Builds the template once; concurrent test binaries wait on the lock.
void EnsureTemplate(const std::string& name) {
  PGconn* admin = Connect(AdminUrl());
  Exec(admin, "SELECT pg_advisory_lock(4242)");
  const bool exists = !Exec(admin, absl::StrCat("SELECT 1 FROM pg_database "
                                                "WHERE datname = '",
                                                name, "'"))
                           .empty();
  if (!exists) {
    const std::string building = name + "_building";
    Exec(admin, absl::StrCat("DROP DATABASE IF EXISTS ", building));
    Exec(admin, absl::StrCat("CREATE DATABASE ", building));
    auto report = store::Migrate(WithDatabase(AdminUrl(), building),
                                 embedded::Migrations());
    if (!report.ok()) Die(std::string(report.status().message()));
    Exec(admin, absl::StrCat("ALTER DATABASE ", building, " RENAME TO ", name));
    Exec(admin, absl::StrCat("ALTER DATABASE ", name, " IS_TEMPLATE true"));
  }
  Exec(admin, "SELECT pg_advisory_unlock(4242)");
  PQfinish(admin);
}

std::string RandomSuffix() {
  std::random_device device;
  return absl::StrCat(getpid(), "_", device() % 1000000000);
}

}  // namespace

std::string AdminUrl() {
  const char* url = std::getenv("CONCIERGE_TEST_DATABASE_URL");
  if (url == nullptr || *url == '\0') {
    Die("CONCIERGE_TEST_DATABASE_URL is not set: run the tests with "
        "scripts/test.sh, which starts a throw-away PostgreSQL");
  }
  return url;
}

std::string WithDatabase(const std::string& url, const std::string& database) {
  const size_t at = url.find('@');
  const size_t slash = url.find('/', at == std::string::npos ? 13 : at);
  const size_t query = url.find('?', slash);
  std::string out = url.substr(0, slash + 1) + database;
  if (query != std::string::npos) out += url.substr(query);
  return out;
}

TestDatabase::TestDatabase() : TestDatabase(true) {}

TestDatabase::TestDatabase(bool migrated) {
  name_ = absl::StrCat("test_", RandomSuffix());
  PGconn* admin = Connect(AdminUrl());
  if (migrated) {
    const std::string tpl = TemplateName();
    EnsureTemplate(tpl);
    Exec(admin, absl::StrCat("CREATE DATABASE ", name_, " TEMPLATE ", tpl,
                             " STRATEGY FILE_COPY"));
  } else {
    Exec(admin, absl::StrCat("CREATE DATABASE ", name_));
  }
  PQfinish(admin);
  url_ = WithDatabase(AdminUrl(), name_);
}

TestDatabase TestDatabase::Empty() { return TestDatabase(false); }

TestDatabase::~TestDatabase() {
  if (name_.empty()) return;
  PGconn* admin = Connect(AdminUrl());
  Exec(admin, absl::StrCat("DROP DATABASE IF EXISTS ", name_, " WITH (FORCE)"));
  PQfinish(admin);
}

std::string QueryValue(const std::string& url, const std::string& sql) {
  PGconn* conn = Connect(url);
  std::string value = Exec(conn, sql);
  PQfinish(conn);
  return value;
}

std::string StoredActor(const std::string& resource_name) {
  const std::vector<std::string> parts = absl::StrSplit(resource_name, '/');
  if (parts.size() == 2 && parts[0] == "admins") {
    return absl::StrCat("admin:", parts[1]);
  }
  if (parts.size() != 4 || parts[0] != "sites") return resource_name;
  const std::string& collection = parts[2];
  const std::string kind = collection == "staff"       ? "staff"
                           : collection == "residents" ? "resident"
                           : collection == "partners"  ? "partner"
                           : collection == "stays"     ? "stay"
                                                       : collection;
  return absl::StrCat(kind, ":", parts[3], "@", parts[1]);
}

}  // namespace concierge::testing
