#ifndef CONCIERGE_TESTS_SUPPORT_SERVER_FIXTURE_H_
#define CONCIERGE_TESTS_SUPPORT_SERVER_FIXTURE_H_

// Integration tests: a fresh migrated database and an in-process
// ConciergeServer per test, driven through real gRPC stubs; time comes from
// a FakeClock the test controls.

#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <grpcpp/grpcpp.h>

#include "concierge/v1/directory.grpc.pb.h"
#include "server/app/concierge_server.h"
#include "server/domain/clock.h"
#include "tests/support/test_database.h"

namespace concierge::testing {

// A person with a token, as the tests use them.
struct Actor {
  std::string name;   // resource name
  std::string token;
  std::string site;   // "sites/N"
  std::string household;  // residents only
  std::string department; // staff only
};

// The last segment of a resource name: "sites/3/items/7" -> "7".
inline std::string ShortId(const std::string& name) {
  return name.substr(name.rfind('/') + 1);
}

class ServerTest : public ::testing::Test {
 protected:
  // 2026-03-02 01:00 UTC = 09:00 in Asia/Shanghai, a Monday.
  static absl::Time StartTime();

  void SetUp() override;
  void TearDown() override;
  // Lets a test change the server's options before SetUp starts it.
  virtual void ConfigureServer(ServerOptions& options) {}

  std::shared_ptr<grpc::Channel> channel() { return channel_; }
  // A context carrying `token` and a 10 s deadline.
  static std::unique_ptr<grpc::ClientContext> Ctx(const std::string& token);
  const std::string& admin_token() const { return admin_token_; }
  v1::DirectoryService::Stub& directory() { return *directory_; }

  // Setup helpers (admin token); each asserts success.
  v1::Site CreateSite(v1::SiteKind kind, const std::string& name = "Test site",
                      const std::string& time_zone = "Asia/Shanghai");
  std::string DepartmentNamed(const std::string& site, const std::string& code);
  Actor CreateStaff(const std::string& site, v1::Role role,
                    const std::string& department_code = "",
                    int64_t spending_limit_minor = 0,
                    const std::string& display_name = "");
  // A new household (building/unit unique per call) with one resident.
  Actor CreateResident(const std::string& site,
                       const std::string& display_name = "");
  std::string IssueToken(const std::string& principal);
  // A new residential site's default catalogue starts DRAFT: the manager
  // adopts every default item and publishes the announcement, as a new
  // community does (CatalogService.AdoptDefaultCatalogue).
  void AdoptDefaultCatalogue(const std::string& site,
                             const std::string& manager_token);

  // The name of `site`'s item with `code` (ListServiceItems).
  std::string ItemCoded(const std::string& site,
                        const std::string& manager_token,
                        const std::string& code);
  // A published FIXED maintenance item TAP_REPAIR whose price `minor` is in
  // force: set an hour ahead, approved, announced, then the clock moves on
  // two hours.
  std::string PublishFixedItem(const std::string& site,
                               const std::string& manager_token, int64_t minor);

  domain::FakeClock clock_{StartTime()};
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<ConciergeServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::DirectoryService::Stub> directory_;
  std::string admin_token_;
  std::string scratch_dir_;
  int unit_counter_ = 0;
};

}  // namespace concierge::testing

#endif  // CONCIERGE_TESTS_SUPPORT_SERVER_FIXTURE_H_
