// The fault suite runs while the demo runs: a developer keeps scripts/run.sh
// serving on localhost:50051 (metrics on localhost:9464) and runs the tests
// on the same machine. The fixture's server takes free ports only.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "concierge/v1/directory.grpc.pb.h"
#include "tests/fault/fault_fixture.h"
#include "tests/support/http_get.h"
#include "tests/support/process.h"
#include "tests/support/test_database.h"

namespace concierge::testing {
namespace {

TEST_F(FaultTest, TheServerStartsWhileTheDefaultPortsAreTaken) {
  // The demo's ports, held here (or already held by a running demo).
  const PortOccupier grpc_v4("127.0.0.1", 50051), grpc_v6("::1", 50051),
      metrics("127.0.0.1", 9464);
  ASSERT_TRUE(grpc_v4.taken());
  ASSERT_TRUE(metrics.taken());

  TestDatabase db;
  StartServer(db.url());
  EXPECT_THAT(server_->address(),
              ::testing::Not(::testing::HasSubstr(":50051")));
  auto directory =
      v1::DirectoryService::NewStub(FreshChannel(server_->address()));
  v1::Principal me;
  EXPECT_TRUE(
      directory
          ->WhoAmI(Ctx(server_->admin_token(), absl::Seconds(5)).get(), {}, &me)
          .ok());
  EXPECT_NE(server_->metrics_port(), 9464);
  auto scraped = HttpGet(server_->metrics_port(), "/metrics");
  ASSERT_TRUE(scraped.ok()) << scraped.status();
  EXPECT_EQ(scraped->status, 200);

  // And again after a restart, as the fault tests restart it.
  server_->Signal(SIGTERM);
  ASSERT_EQ(server_->Wait(absl::Seconds(10)), 0);
  StartServer(db.url());
  EXPECT_NE(server_->metrics_port(), 9464);
}

}  // namespace
}  // namespace concierge::testing
