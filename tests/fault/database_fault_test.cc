// PostgreSQL killed (pg_ctl stop -m immediate) and restarted, several times,
// while clients create and assign requests: nothing acknowledged is lost,
// nothing is created twice, calls fail fast with UNAVAILABLE, and the same
// server process serves again soon after the database is back.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>

#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "tests/fault/fault_fixture.h"
#include "tests/support/pg_cluster.h"

namespace concierge::testing {
namespace {

constexpr int kFaults = 3;
constexpr absl::Duration kDeadline = absl::Seconds(2);

TEST_F(FaultTest, DatabaseKilledUnderLoadLosesNoAcknowledgedWrite) {
  // Durable, like production: a crash may only lose what was never
  // acknowledged (the shared test cluster runs with synchronous_commit off).
  PgCluster cluster(/*durable=*/true);
  ASSERT_TRUE(cluster.ok()) << cluster.error();
  StartServer(cluster.url());
  const World world = MakeWorld(FastReconnectChannel(server_->address()),
                                server_->admin_token(), 4);
  ASSERT_FALSE(HasFailure());

  RequestLoad load(FastReconnectChannel(server_->address()), world,
                   {.workers = 4, .deadline = kDeadline, .tag = "dbkill"});
  load.Start();
  absl::Duration max_recovery;
  for (int fault = 0; fault < kFaults; ++fault) {
    const int ok_before = load.ok_calls();
    absl::SleepFor(absl::Milliseconds(1500));
    EXPECT_GT(load.ok_calls(), ok_before)
        << "no progress before fault " << fault;
    ASSERT_TRUE(cluster.Crash().ok());
    absl::SleepFor(absl::Milliseconds(1500));
    ASSERT_TRUE(cluster.Start().ok());
    // Start() returns once PostgreSQL accepts connections again.
    const absl::Time back = absl::Now();
    const absl::Time served = load.WaitForOkAfter(back, absl::Seconds(15));
    ASSERT_NE(served, absl::InfiniteFuture())
        << "no call succeeded within 15 s of the database's return";
    max_recovery = std::max(max_recovery, served - back);
    EXPECT_LT(served - back, absl::Seconds(5)) << "after fault " << fault;
  }
  absl::SleepFor(absl::Milliseconds(500));
  load.Stop();
  EXPECT_TRUE(server_->Running()) << "the server must ride out the outages";

  const int retried = load.ResolveFailedCreates(/*attempts=*/5);
  const CallFigures calls = Summarize(load.calls(), kDeadline);
  const StoreFigures store =
      CheckStore(cluster.url(), world, load.bookings(), retried);
  PrintFigures("db-kill", kFaults, calls, store, max_recovery);

  EXPECT_TRUE(store.clean()) << absl::StrJoin(store.problems, "\n");
  EXPECT_GT(store.acked_creates, 0);
  EXPECT_GT(store.acked_assigns, 0);
  // The outages were felt, and every call they failed said UNAVAILABLE
  // (retry), fast: no call waited for its deadline.
  EXPECT_GT(calls.unavailable, 0);
  EXPECT_EQ(calls.deadline_exceeded, 0);
  EXPECT_EQ(calls.other, 0) << calls.first_other;
  EXPECT_LT(calls.slowest_failure, kDeadline);
  EXPECT_LE(calls.max_overrun, absl::Milliseconds(250));
}

}  // namespace
}  // namespace concierge::testing
