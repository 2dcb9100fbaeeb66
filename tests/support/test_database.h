#ifndef CONCIERGE_TESTS_SUPPORT_TEST_DATABASE_H_
#define CONCIERGE_TESTS_SUPPORT_TEST_DATABASE_H_

#include <string>

namespace concierge::testing {

// The cluster the test command started: CONCIERGE_TEST_DATABASE_URL, a
// superuser URL of its maintenance database. Aborts the test binary with a
// clear message when it is missing (run scripts/test.sh).
std::string AdminUrl();

// `url` with its database name replaced by `database`.
std::string WithDatabase(const std::string& url, const std::string& database);

// A fresh database per test, copied from a template that holds every
// migration (built once per set of migrations, shared by all test binaries
// under an advisory lock). Dropped when the object dies.
class TestDatabase {
 public:
  TestDatabase();
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }

  // An empty database (no migrations), for migration tests.
  static TestDatabase Empty();

 private:
  explicit TestDatabase(bool migrated);
  std::string name_;
  std::string url_;
};

// Runs one SQL statement against `url` (test setup and inspection only);
// returns the first column of the first row, or "" when there is none.
// Aborts the test binary on error.
std::string QueryValue(const std::string& url, const std::string& sql);

// How the store keeps an actor the API names `resource_name`
// ("sites/1/staff/3" -> "staff:3@1", "admins/1" -> "admin:1"): for tests
// that read actor columns directly.
std::string StoredActor(const std::string& resource_name);

}  // namespace concierge::testing

#endif  // CONCIERGE_TESTS_SUPPORT_TEST_DATABASE_H_
