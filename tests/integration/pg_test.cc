#include "server/store/pg.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "absl/time/clock.h"
#include "server/common/status_detail.h"
#include "server/store/database.h"
#include "tests/support/matchers.h"
#include "tests/support/test_database.h"

namespace concierge::store {
namespace {

using ::concierge::testing::IsOk;
using ::concierge::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Optional;

const pg::Statement kEcho("echo",
                          "SELECT $1::bigint AS n, $2::text AS t, "
                          "$3::boolean AS b, NULL::text AS nothing");
const pg::Statement kCountPrepared(
    "count prepared",
    "SELECT count(*) AS n FROM pg_prepared_statements "
    "WHERE name LIKE 'concierge_%'");
const pg::Statement kCreateTable(
    "create table", "CREATE TABLE IF NOT EXISTS pg_test (k text PRIMARY KEY)");
const pg::Statement kInsert("insert", "INSERT INTO pg_test (k) VALUES ($1)");
const pg::Statement kCount("count", "SELECT count(*) AS n FROM pg_test");
const pg::Statement kDivide("divide", "SELECT 1 / $1::int AS q");

class PgTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::Open({.url = db_.url(), .pool_size = 1});
    ASSERT_TRUE(opened.ok()) << opened.status();
    database_ = std::move(*opened);
  }

  absl::Status Transact(const Work& work) {
    return database_->Transact("test", absl::Now() + absl::Seconds(10), work);
  }
  absl::Status Read(const Work& work) {
    return database_->Read("test", absl::Now() + absl::Seconds(10), work);
  }

  testing::TestDatabase db_;
  std::unique_ptr<Database> database_;
};

TEST_F(PgTest, ReadsTypedColumnsAndNulls) {
  ASSERT_THAT(
      Read([](soci::session& sql) {
        pg::Result r =
            pg::Execute(sql, kEcho, {int64_t{42}, std::string("兩個字"), true});
        EXPECT_EQ(r.size(), 1);
        pg::Row row = r.row(0);
        EXPECT_EQ(row.get<long long>("n"), 42);
        EXPECT_EQ(row.get<std::string>("t"), "兩個字");
        EXPECT_TRUE(row.get<bool>("b"));
        EXPECT_EQ(row.get<std::optional<std::string>>("nothing"), std::nullopt);
        EXPECT_TRUE(row.is_null("nothing"));
        EXPECT_THROW(row.get<std::string>("nothing"), soci::soci_error);
        EXPECT_THROW(row.get<long long>("no such column"), soci::soci_error);
        return absl::OkStatus();
      }),
      IsOk());
}

TEST_F(PgTest, NullParametersAreNulls) {
  ASSERT_THAT(Read([](soci::session& sql) {
                pg::Result r = pg::Execute(
                    sql, kEcho,
                    {std::optional<long long>(), std::nullopt, false});
                EXPECT_TRUE(r.row(0).is_null("n"));
                EXPECT_TRUE(r.row(0).is_null("t"));
                return absl::OkStatus();
              }),
              IsOk());
}

TEST_F(PgTest, PreparesOncePerConnection) {
  ASSERT_THAT(Read([](soci::session& sql) {
                for (int i = 0; i < 5; ++i) {
                  pg::Execute(sql, kEcho, {i, "x", true});
                }
                // kEcho and kCountPrepared itself.
                pg::Result r = pg::Execute(sql, kCountPrepared, {});
                EXPECT_EQ(r.row(0).get<long long>("n"), 2);
                return absl::OkStatus();
              }),
              IsOk());
}

TEST_F(PgTest, ErrorsMapLikeSociErrorsAndTheTransactionRollsBack) {
  ASSERT_THAT(Transact([](soci::session& sql) {
                pg::Execute(sql, kCreateTable, {});
                return absl::OkStatus();
              }),
              IsOk());
  ASSERT_THAT(Transact([](soci::session& sql) {
                pg::Execute(sql, kInsert, {"a"});
                return absl::OkStatus();
              }),
              IsOk());
  // A duplicate after a good insert: ALREADY_EXISTS, and "b" is gone too.
  EXPECT_THAT(Transact([](soci::session& sql) {
                pg::Execute(sql, kInsert, {"b"});
                pg::Execute(sql, kInsert, {"a"});
                return absl::OkStatus();
              }),
              StatusIs(absl::StatusCode::kAlreadyExists, ::testing::_));
  EXPECT_THAT(Read([](soci::session& sql) {
                EXPECT_EQ(pg::Execute(sql, kCount, {}).row(0).get<int>("n"), 1);
                return absl::OkStatus();
              }),
              IsOk());
  // The driver's words reach the log (the status's detail), not the caller.
  const absl::Status divided = Read([](soci::session& sql) {
    pg::Execute(sql, kDivide, {0});
    return absl::OkStatus();
  });
  EXPECT_THAT(divided, StatusIs(absl::StatusCode::kInvalidArgument,
                                Not(HasSubstr("division"))));
  EXPECT_THAT(DetailOf(divided), Optional(HasSubstr("division by zero")));
}

TEST_F(PgTest, BatchReturnsEveryResultInOrder) {
  ASSERT_THAT(Read([](soci::session& sql) {
                std::vector<pg::Result> results =
                    pg::ExecuteBatch(sql, {{kEcho, {1, "one", true}},
                                           {kEcho, {2, "two", false}},
                                           {kDivide, {4}}});
                EXPECT_EQ(results.size(), 3u);
                EXPECT_EQ(results[0].row(0).get<std::string>("t"), "one");
                EXPECT_EQ(results[1].row(0).get<long long>("n"), 2);
                EXPECT_EQ(results[2].row(0).get<int>("q"), 0);
                return absl::OkStatus();
              }),
              IsOk());
}

TEST_F(PgTest, AFailedBatchThrowsTheFirstErrorAndLeavesTheSessionUsable) {
  const absl::Status divided = Read([](soci::session& sql) {
    pg::ExecuteBatch(sql, {{kEcho, {1, "one", true}},
                           {kDivide, {0}},
                           {kEcho, {3, "three", true}}});
    return absl::OkStatus();
  });
  EXPECT_THAT(divided,
              StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
  EXPECT_THAT(DetailOf(divided), Optional(HasSubstr("division by zero")));
  EXPECT_THAT(
      Read([](soci::session& sql) {
        EXPECT_EQ(
            pg::Execute(sql, kEcho, {7, "x", true}).row(0).get<long long>("n"),
            7);
        std::vector<pg::Result> again = pg::ExecuteBatch(sql, {{kDivide, {1}}});
        EXPECT_EQ(again[0].row(0).get<int>("q"), 1);
        return absl::OkStatus();
      }),
      IsOk());
}

TEST_F(PgTest, AReconnectedSessionPreparesAgain) {
  ASSERT_THAT(Read([](soci::session& sql) {
                pg::Execute(sql, kEcho, {1, "x", true});
                return absl::OkStatus();
              }),
              IsOk());
  // Kill the backend: the next call finds the session dead, reconnects and
  // must prepare kEcho on the new connection.
  testing::QueryValue(
      testing::WithDatabase(testing::AdminUrl(), db_.name()),
      "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
      "WHERE application_name = 'concierge' AND datname = current_database()");
  absl::Status first = Read([](soci::session& sql) {
    pg::Execute(sql, kEcho, {2, "y", true});
    return absl::OkStatus();
  });
  // The dead session is found at the first statement and the read retried.
  EXPECT_THAT(first, IsOk());
  EXPECT_THAT(
      Read([](soci::session& sql) {
        EXPECT_EQ(
            pg::Execute(sql, kEcho, {3, "z", true}).row(0).get<long long>("n"),
            3);
        return absl::OkStatus();
      }),
      IsOk());
}

TEST_F(PgTest, WritesAtCommitTravelWithTheCommitAndFailItWhenTheyFail) {
  ASSERT_THAT(Transact([](soci::session& sql) {
                pg::Execute(sql, kCreateTable, {});
                return absl::OkStatus();
              }),
              IsOk());
  int hooks_run = 0;
  // Committed: the queued insert lands, after the statements of the unit,
  // and the hook runs.
  ASSERT_THAT(Transact([&](soci::session& sql) {
                ExecuteAtCommit(sql, {kInsert, {"later"}});
                AfterCommit([&] { ++hooks_run; });
                // Not there yet: it is sent with the COMMIT.
                EXPECT_EQ(pg::Execute(sql, kCount, {}).row(0).get<int>("n"), 0);
                pg::Execute(sql, kInsert, {"now"});
                return absl::OkStatus();
              }),
              IsOk());
  EXPECT_EQ(hooks_run, 1);
  // A queued write that fails fails the unit; nothing of it stays and its
  // hooks do not run.
  EXPECT_THAT(Transact([&](soci::session& sql) {
                pg::Execute(sql, kInsert, {"fresh"});
                ExecuteAtCommit(sql, {kInsert, {"now"}});  // duplicate key
                AfterCommit([&] { ++hooks_run; });
                return absl::OkStatus();
              }),
              StatusIs(absl::StatusCode::kAlreadyExists, ::testing::_));
  EXPECT_EQ(hooks_run, 1);
  // A unit that returns an error sends nothing it queued.
  EXPECT_THAT(Transact([&](soci::session& sql) {
                ExecuteAtCommit(sql, {kInsert, {"never"}});
                AfterCommit([&] { ++hooks_run; });
                return absl::FailedPreconditionError("changed my mind");
              }),
              StatusIs(absl::StatusCode::kFailedPrecondition, ::testing::_));
  EXPECT_EQ(hooks_run, 1);
  EXPECT_THAT(Read([](soci::session& sql) {
                EXPECT_EQ(pg::Execute(sql, kCount, {}).row(0).get<int>("n"), 2);
                return absl::OkStatus();
              }),
              IsOk());
}

// BEGIN travels with a transaction's first statement (pg::Transaction);
// whichever statement comes first, pg's or SOCI's, the whole unit is one
// transaction: it sees its own writes, and a failure takes all of them back.
TEST_F(PgTest, EveryStatementOfAUnitIsInItsTransactionWhicheverComesFirst) {
  ASSERT_THAT(Transact([](soci::session& sql) {
                pg::Execute(sql, kCreateTable, {});
                return absl::OkStatus();
              }),
              IsOk());
  auto in_transaction = [](soci::session& sql) {
    std::string state;
    sql << "SELECT (now() = statement_timestamp())::text", soci::into(state);
    return state == "false";  // now() is the transaction's start
  };
  // pg first, then SOCI, then a failure: nothing stays.
  EXPECT_THAT(Transact([&](soci::session& sql) {
                pg::Execute(sql, kInsert, {"pg-first"});
                sql << "INSERT INTO pg_test (k) VALUES ('soci-second')";
                EXPECT_TRUE(in_transaction(sql));
                return absl::AbortedError("undo");
              }),
              StatusIs(absl::StatusCode::kAborted, ::testing::_));
  // SOCI first (BEGIN sent alone before it), then pg, then a failure.
  EXPECT_THAT(Transact([&](soci::session& sql) {
                sql << "INSERT INTO pg_test (k) VALUES ('soci-first')";
                pg::ExecuteBatch(sql, {{kInsert, {"pg-second"}}});
                EXPECT_EQ(pg::Execute(sql, kCount, {}).row(0).get<int>("n"), 2);
                return absl::AbortedError("undo");
              }),
              StatusIs(absl::StatusCode::kAborted, ::testing::_));
  // A failing statement takes the earlier ones of its unit with it.
  EXPECT_THAT(Transact([&](soci::session& sql) {
                pg::Execute(sql, kInsert, {"dup"});
                pg::Execute(sql, kInsert, {"dup"});
                return absl::OkStatus();
              }),
              StatusIs(absl::StatusCode::kAlreadyExists, ::testing::_));
  // A unit without statements commits nothing and fails nothing.
  EXPECT_THAT(Transact([](soci::session&) { return absl::OkStatus(); }),
              IsOk());
  // And a committed one keeps everything.
  ASSERT_THAT(Transact([&](soci::session& sql) {
                pg::Execute(sql, kInsert, {"kept-1"});
                sql << "INSERT INTO pg_test (k) VALUES ('kept-2')";
                return absl::OkStatus();
              }),
              IsOk());
  EXPECT_THAT(Read([](soci::session& sql) {
                EXPECT_EQ(pg::Execute(sql, kCount, {}).row(0).get<int>("n"), 2);
                return absl::OkStatus();
              }),
              IsOk());
}

}  // namespace
}  // namespace concierge::store
