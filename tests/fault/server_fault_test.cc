// The server process killed (SIGKILL) and restarted under load, and stopped
// (SIGTERM) under load: acknowledged writes survive, retries resolve to one
// request, a drain finishes the calls in flight and writes nothing by half.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <signal.h>

#include <cstdio>

#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "concierge/v1/directory.grpc.pb.h"
#include "tests/fault/fault_fixture.h"
#include "tests/support/test_database.h"

namespace concierge::testing {
namespace {

constexpr int kKills = 3;

// A server killed by the kernel commits nothing more, but PostgreSQL keeps
// everything it acknowledged, so the shared test cluster will do.
TEST_F(FaultTest, ServerKilledUnderLoadLosesNoAcknowledgedWrite) {
  constexpr absl::Duration kDeadline = absl::Seconds(2);
  TestDatabase db;
  StartServer(db.url());
  const World world = MakeWorld(FastReconnectChannel(server_->address()),
                                server_->admin_token(), 4);
  ASSERT_FALSE(HasFailure());

  RequestLoad load(FastReconnectChannel(server_->address()), world,
                   {.workers = 4, .deadline = kDeadline, .tag = "sigkill"});
  load.Start();
  absl::Duration max_recovery, max_startup;
  for (int kill = 0; kill < kKills; ++kill) {
    const int ok_before = load.ok_calls();
    absl::SleepFor(absl::Milliseconds(1500));
    EXPECT_GT(load.ok_calls(), ok_before) << "no progress before kill " << kill;
    server_->Signal(SIGKILL);
    ASSERT_EQ(server_->Wait(absl::Seconds(5)), 128 + SIGKILL);
    absl::SleepFor(absl::Milliseconds(500));
    const absl::Time restart = absl::Now();
    StartServer(db.url());
    // The server answers health checks (probed on new connections)...
    const absl::Time serving = absl::Now();
    max_startup = std::max(max_startup, serving - restart);
    EXPECT_LT(serving - restart, absl::Seconds(5));
    // ...and the load's clients are served again once their channels
    // reconnect: gRPC keeps a channel that saw refused connections in
    // TRANSIENT_FAILURE for about 3 s here, which is the client's time, not
    // the server's; hence the looser bound.
    const absl::Time served = load.WaitForOkAfter(restart, absl::Seconds(15));
    ASSERT_NE(served, absl::InfiniteFuture());
    max_recovery = std::max(max_recovery, served - restart);
    EXPECT_LT(served - restart, absl::Seconds(10));
  }
  absl::SleepFor(absl::Milliseconds(500));
  load.Stop();

  const int retried = load.ResolveFailedCreates(/*attempts=*/5);
  const CallFigures calls = Summarize(load.calls(), kDeadline);
  const StoreFigures store =
      CheckStore(db.url(), world, load.bookings(), retried);
  PrintFigures("server-kill", kKills, calls, store, max_recovery);
  std::printf("FAULT-FIGURES scenario=server-kill-startup startup_max_s=%.2f\n",
              absl::ToDoubleSeconds(max_startup));

  EXPECT_TRUE(store.clean()) << absl::StrJoin(store.problems, "\n");
  EXPECT_GT(store.acked_creates, 0);
  EXPECT_GT(calls.unavailable, 0);
  EXPECT_EQ(calls.deadline_exceeded, 0);
  EXPECT_EQ(calls.other, 0) << calls.first_other;
  EXPECT_LT(calls.slowest_failure, kDeadline);
  EXPECT_LE(calls.max_overrun, absl::Milliseconds(250));
}

// A transaction holding service_requests, so that the load's writes are in
// flight (waiting for the lock) when the server is told to stop.
class TableLock {
 public:
  TableLock(const std::string& url, const std::string& table) {
    conn_ = PQconnectdb(url.c_str());
    EXPECT_EQ(PQstatus(conn_), CONNECTION_OK);
    PQclear(PQexec(conn_, "BEGIN"));
    // EXCLUSIVE: reads go on, inserts, updates and FOR UPDATE wait.
    PGresult* locked =
        PQexec(conn_, ("LOCK TABLE " + table + " IN EXCLUSIVE MODE").c_str());
    EXPECT_EQ(PQresultStatus(locked), PGRES_COMMAND_OK);
    PQclear(locked);
  }
  ~TableLock() { Release(); }
  void Release() {
    if (conn_ == nullptr) return;
    PQclear(PQexec(conn_, "COMMIT"));
    PQfinish(conn_);
    conn_ = nullptr;
  }

 private:
  PGconn* conn_ = nullptr;
};

TEST_F(FaultTest, SigtermUnderLoadFinishesCallsInFlightAndWritesNothingByHalf) {
  constexpr absl::Duration kGrace = absl::Seconds(5);
  // Long enough to outlast the lock: calls in flight must finish OK.
  constexpr absl::Duration kDeadline = absl::Seconds(10);
  TestDatabase db;
  StartServer(db.url(), {{"CONCIERGE_SHUTDOWN_GRACE_MS", "5000"}});
  const World world = MakeWorld(FastReconnectChannel(server_->address()),
                                server_->admin_token(), 4);
  ASSERT_FALSE(HasFailure());

  RequestLoad load(FastReconnectChannel(server_->address()), world,
                   {.workers = 4, .deadline = kDeadline, .tag = "sigterm"});
  load.Start();
  absl::SleepFor(absl::Seconds(1));
  TableLock lock(db.url(), "service_requests");
  absl::SleepFor(absl::Milliseconds(500));  // every worker is now blocked
  const absl::Time signalled = absl::Now();
  server_->Signal(SIGTERM);
  absl::SleepFor(absl::Milliseconds(300));

  // A new caller is refused while the calls in flight drain.
  auto fresh =
      v1::DirectoryService::NewStub(FastReconnectChannel(server_->address()));
  v1::Principal me;
  const grpc::Status refused = fresh->WhoAmI(
      Ctx(server_->admin_token(), absl::Seconds(1)).get(), {}, &me);
  EXPECT_FALSE(refused.ok());

  lock.Release();
  const int exit_code = server_->Wait(kGrace + absl::Seconds(2));
  const absl::Duration stopping = absl::Now() - signalled;
  EXPECT_EQ(exit_code, 0);
  EXPECT_LT(stopping, kGrace);
  load.Stop();

  // Every call that was in flight at the signal finished, and OK; every
  // call started once the server had stopped listening was refused.
  int in_flight = 0, refused_later = 0;
  for (const CallRecord& c : load.calls()) {
    if (c.start < signalled && c.start + c.elapsed > signalled) {
      ++in_flight;
      EXPECT_EQ(c.code, grpc::StatusCode::OK) << c.message;
    }
    if (c.start > signalled + absl::Milliseconds(200)) {
      ++refused_later;
      EXPECT_EQ(c.code, grpc::StatusCode::UNAVAILABLE) << c.message;
    }
  }
  EXPECT_GE(in_flight, 2);
  EXPECT_GT(refused_later, 0);

  // What the drain wrote is whole: each request with its REGISTER event
  // and its request_id's result. Refused creates are resent to a new server.
  StartServer(db.url());
  const int retried = load.ResolveFailedCreates(/*attempts=*/5);
  const CallFigures calls = Summarize(load.calls(), kDeadline);
  const StoreFigures store =
      CheckStore(db.url(), world, load.bookings(), retried);
  PrintFigures("sigterm", 1, calls, store, absl::ZeroDuration());
  std::printf(
      "FAULT-FIGURES scenario=sigterm-drain in_flight=%d "
      "refused=%d exit_code=%d stop_s=%.2f grace_s=%.0f\n",
      in_flight, refused_later, exit_code, absl::ToDoubleSeconds(stopping),
      absl::ToDoubleSeconds(kGrace));
  EXPECT_TRUE(store.clean()) << absl::StrJoin(store.problems, "\n");
  EXPECT_GT(store.acked_creates, 0);
  EXPECT_EQ(calls.other, 0) << calls.first_other;
  EXPECT_EQ(calls.deadline_exceeded, 0);
}

}  // namespace
}  // namespace concierge::testing
