// A slow, stalled or cut network between the server and PostgreSQL (a TCP
// proxy in between): calls keep their deadlines, fail with UNAVAILABLE or
// DEADLINE_EXCEEDED while it lasts, and the server recovers by itself.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "concierge/v1/guests.grpc.pb.h"
#include "concierge/v1/requests.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "server/store/database.h"
#include "tests/fault/fault_fixture.h"
#include "tests/support/tcp_proxy.h"
#include "tests/support/test_database.h"

namespace concierge::testing {
namespace {

// The port of "postgresql://user:password@127.0.0.1:PORT/db".
int PortOf(const std::string& url) {
  const size_t at = url.rfind('@');
  const size_t colon = url.find(':', at);
  const size_t slash = url.find('/', colon);
  int port = 0;
  EXPECT_TRUE(absl::SimpleAtoi(url.substr(colon + 1, slash - colon - 1), &port))
      << url;
  return port;
}

// `url` with its port replaced: the same database through the proxy.
std::string ThroughProxy(const std::string& url, int proxy_port) {
  const size_t at = url.rfind('@');
  const size_t colon = url.find(':', at);
  const size_t slash = url.find('/', colon);
  return absl::StrCat(url.substr(0, colon + 1), proxy_port, url.substr(slash));
}

// One transaction of one statement with `budget` until its deadline; the
// outcome and how long it took.
std::pair<absl::Status, absl::Duration> Probe(store::Database& database,
                                              absl::Duration budget) {
  const absl::Time start = absl::Now();
  absl::Status status =
      database.Transact("probe", start + budget, [](soci::session& sql) {
        int one = 0;
        sql << "SELECT 1", soci::into(one);
        return absl::OkStatus();
      });
  return {status, absl::Now() - start};
}

// The store layer itself, in process, so the time measured is the server's
// own (a client's deadline ends its wait whatever the server does).
TEST(NetworkFaultTest, DatabaseKeepsEveryCallsDeadlineOnASlowStalledOrCutLink) {
  constexpr absl::Duration kBudget = absl::Milliseconds(500);
  // The watchdog looks every 50 ms; scheduling on a busy machine adds some.
  constexpr absl::Duration kSlack = absl::Milliseconds(200);
  TestDatabase db;
  TcpProxy proxy(PortOf(db.url()));
  auto opened = store::Database::Open(
      {.url = ThroughProxy(db.url(), proxy.port()), .pool_size = 1});
  ASSERT_TRUE(opened.ok()) << opened.status();
  store::Database& database = **opened;
  EXPECT_TRUE(Probe(database, absl::Seconds(2)).first.ok());

  // Slow: 100 ms each way per message. Done, just later.
  proxy.SetDelay(absl::Milliseconds(100));
  auto [slow, slow_took] = Probe(database, absl::Seconds(3));
  EXPECT_TRUE(slow.ok()) << slow;
  EXPECT_GE(slow_took, absl::Milliseconds(200));

  // Stalled under an open session: cut at the deadline.
  proxy.Heal();
  proxy.SetStalled(true);
  auto [stalled, stalled_took] = Probe(database, kBudget);
  EXPECT_EQ(stalled.code(), absl::StatusCode::kDeadlineExceeded) << stalled;
  EXPECT_LT(stalled_took, kBudget + kSlack);

  // Still stalled, and now the session must connect again first: the
  // connection attempt is bounded by the call's deadline too.
  auto [connecting, connecting_took] = Probe(database, kBudget);
  EXPECT_FALSE(connecting.ok());
  EXPECT_THAT(connecting.code(),
              ::testing::AnyOf(absl::StatusCode::kDeadlineExceeded,
                               absl::StatusCode::kUnavailable))
      << connecting;
  EXPECT_LT(connecting_took, kBudget + kSlack);

  // Healed: the next call reconnects and succeeds.
  proxy.Heal();
  auto [healed, healed_took] = Probe(database, absl::Seconds(2));
  EXPECT_TRUE(healed.ok()) << healed;

  // Cut, with new connections refused: UNAVAILABLE at once.
  proxy.SetDropNew(true);
  proxy.CutAll();
  auto [cut, cut_took] = Probe(database, absl::Seconds(2));
  EXPECT_EQ(cut.code(), absl::StatusCode::kUnavailable) << cut;
  EXPECT_LT(cut_took, absl::Milliseconds(500));
  EXPECT_FALSE(database.reachable());

  proxy.Heal();
  auto [back, back_took] = Probe(database, absl::Seconds(2));
  EXPECT_TRUE(back.ok()) << back;
  EXPECT_TRUE(database.reachable());
  std::printf(
      "FAULT-FIGURES scenario=network-store faults=3 slow_ms=%lld "
      "stalled_ms=%lld connecting_ms=%lld cut_ms=%lld healed_ms=%lld "
      "budget_ms=%lld\n",
      static_cast<long long>(absl::ToInt64Milliseconds(slow_took)),
      static_cast<long long>(absl::ToInt64Milliseconds(stalled_took)),
      static_cast<long long>(absl::ToInt64Milliseconds(connecting_took)),
      static_cast<long long>(absl::ToInt64Milliseconds(cut_took)),
      static_cast<long long>(absl::ToInt64Milliseconds(back_took)),
      static_cast<long long>(absl::ToInt64Milliseconds(kBudget)));
}

// The whole server behind the proxy, under load: a slow link, a stalled one
// and two cuts with new connections refused, each healed after a while.
TEST_F(FaultTest, ServerUnderLoadRidesOutASlowStalledOrCutDatabaseLink) {
  constexpr absl::Duration kDeadline = absl::Seconds(1);
  TestDatabase db;
  TcpProxy proxy(PortOf(db.url()));
  const std::string url = ThroughProxy(db.url(), proxy.port());
  StartServer(url);
  const World world = MakeWorld(FastReconnectChannel(server_->address()),
                                server_->admin_token(), 4);
  ASSERT_FALSE(HasFailure());

  RequestLoad load(FastReconnectChannel(server_->address()), world,
                   {.workers = 4, .deadline = kDeadline, .tag = "network"});
  load.Start();
  absl::Duration max_recovery;
  // Heals the link and waits for the first call served after it.
  auto heal = [&](const char* fault) {
    proxy.Heal();
    const absl::Time healed = absl::Now();
    const absl::Time served = load.WaitForOkAfter(healed, absl::Seconds(15));
    ASSERT_NE(served, absl::InfiniteFuture()) << "not served after " << fault;
    max_recovery = std::max(max_recovery, served - healed);
    EXPECT_LT(served - healed, absl::Seconds(5)) << "after " << fault;
  };

  absl::SleepFor(absl::Seconds(1));
  proxy.SetDelay(absl::Milliseconds(20));
  absl::SleepFor(absl::Seconds(2));
  heal("slow link");
  absl::SleepFor(absl::Seconds(1));
  proxy.SetStalled(true);
  absl::SleepFor(absl::Seconds(3));
  heal("stalled link");
  for (int cut = 0; cut < 2; ++cut) {
    absl::SleepFor(absl::Seconds(1));
    proxy.SetDropNew(true);
    proxy.CutAll();
    absl::SleepFor(absl::Seconds(2));
    heal("cut link");
  }
  absl::SleepFor(absl::Milliseconds(500));
  load.Stop();
  EXPECT_TRUE(server_->Running());

  const int retried = load.ResolveFailedCreates(/*attempts=*/5);
  const CallFigures calls = Summarize(load.calls(), kDeadline);
  const StoreFigures store =
      CheckStore(db.url(), world, load.bookings(), retried);
  PrintFigures("network", 4, calls, store, max_recovery);

  EXPECT_TRUE(store.clean()) << absl::StrJoin(store.problems, "\n");
  EXPECT_GT(store.acked_creates, 0);
  EXPECT_GT(calls.unavailable + calls.deadline_exceeded, 0);
  EXPECT_EQ(calls.other, 0) << calls.first_other;
  EXPECT_LE(calls.max_overrun, absl::Milliseconds(250));
}

// Callback methods never wait on the database on gRPC's few callback
// threads: while the link is stalled, room briefs and task streams whose
// token must be looked up wait elsewhere (api::ServeLater, WatchTasks'
// opening), and the health service, a callback method too, answers at once
// throughout.
TEST_F(FaultTest, AStalledDatabaseHoldsNoCallbackThread) {
  constexpr int kBriefs = 32, kStreams = 16;
  constexpr absl::Duration kBriefDeadline = absl::Seconds(3);
  TestDatabase db;
  TcpProxy proxy(PortOf(db.url()));
  StartServer(ThroughProxy(db.url(), proxy.port()));
  auto channel = FastReconnectChannel(server_->address());
  auto guests = v1::GuestProfileService::NewStub(channel);
  auto health = grpc::health::v1::Health::NewStub(channel);

  proxy.SetStalled(true);
  absl::Mutex mu;
  std::vector<grpc::StatusCode> codes;
  std::vector<std::thread> callers;
  for (int i = 0; i < kBriefs; ++i) {
    callers.emplace_back([&, i] {
      // A token no cache holds: only the (stalled) database can tell.
      auto context = Ctx(absl::StrCat("unknown-token-", i), kBriefDeadline);
      v1::GetRoomGuestBriefRequest request;
      request.set_site("sites/1");
      request.set_room_number("101");
      v1::RoomGuestBrief brief;
      const grpc::Status status =
          guests->GetRoomGuestBrief(context.get(), request, &brief);
      absl::MutexLock lock(&mu);
      codes.push_back(status.error_code());
    });
  }
  // And as many task streams opening with tokens no cache holds.
  auto requests = v1::ServiceRequestService::NewStub(channel);
  for (int i = 0; i < kStreams; ++i) {
    callers.emplace_back([&, i] {
      auto context = Ctx(absl::StrCat("unknown-watcher-", i), kBriefDeadline);
      v1::WatchTasksRequest request;
      request.set_parent("sites/1");
      auto reader = requests->WatchTasks(context.get(), request);
      v1::TaskEvent event;
      while (reader->Read(&event)) {
      }
      const grpc::Status status = reader->Finish();
      absl::MutexLock lock(&mu);
      codes.push_back(status.error_code());
    });
  }
  absl::SleepFor(absl::Milliseconds(300));
  absl::Duration slowest_check;
  for (int i = 0; i < 10; ++i) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(1)));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    const absl::Time start = absl::Now();
    const grpc::Status status = health->Check(&context, request, &response);
    slowest_check = std::max(slowest_check, absl::Now() - start);
    EXPECT_TRUE(status.ok())
        << "health check " << i << ": " << status.error_message();
    absl::SleepFor(absl::Milliseconds(100));
  }
  for (auto& caller : callers) caller.join();
  proxy.Heal();

  std::printf(
      "FAULT-FIGURES scenario=stalled-opens briefs=%d streams=%d "
      "slowest_health_check_ms=%lld\n",
      kBriefs, kStreams,
      static_cast<long long>(absl::ToInt64Milliseconds(slowest_check)));
  EXPECT_LT(slowest_check, absl::Milliseconds(500));
  ASSERT_EQ(codes.size(), static_cast<size_t>(kBriefs + kStreams));
  for (grpc::StatusCode code : codes) {
    EXPECT_THAT(code, ::testing::AnyOf(grpc::StatusCode::UNAVAILABLE,
                                       grpc::StatusCode::DEADLINE_EXCEEDED));
  }
  EXPECT_TRUE(server_->Running());
}

}  // namespace
}  // namespace concierge::testing
