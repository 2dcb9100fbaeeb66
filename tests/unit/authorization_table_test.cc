#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include <google/protobuf/descriptor.h>

#include "absl/strings/str_cat.h"
#include "server/auth/authorization.h"
#include "tests/support/matchers.h"

namespace concierge::auth {
namespace {

using ::concierge::testing::IsOk;
using ::concierge::testing::StatusIs;
using ::testing::HasSubstr;

// Every .proto under protos/concierge/v1 (linked into this binary through
// concierge_proto): a new file or RPC shows up here without editing the test.
std::vector<const google::protobuf::ServiceDescriptor*> AllServices() {
  std::vector<const google::protobuf::ServiceDescriptor*> services;
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  const std::filesystem::path dir =
      std::filesystem::path(CONCIERGE_SOURCE_DIR) / "protos/concierge/v1";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".proto") continue;
    const std::string name =
        absl::StrCat("concierge/v1/", entry.path().filename().string());
    const auto* file = pool->FindFileByName(name);
    EXPECT_NE(file, nullptr) << name << " is not linked into the tests";
    if (file == nullptr) continue;
    for (int i = 0; i < file->service_count(); ++i) {
      services.push_back(file->service(i));
    }
  }
  return services;
}

TEST(AuthorizationTable, EveryRpcHasExactlyOneRow) {
  std::set<std::string> rpcs;
  for (const auto* service : AllServices()) {
    for (int m = 0; m < service->method_count(); ++m) {
      const std::string path = absl::StrCat("/", service->full_name(), "/",
                                            service->method(m)->name());
      rpcs.insert(path);
      EXPECT_NE(FindPermission(path), nullptr)
          << path << " has no row in server/auth/authorization_table.cc";
    }
  }
  std::set<std::string> rows;
  for (const MethodPermission& p : AuthorizationTable()) {
    EXPECT_TRUE(rows.insert(std::string(p.method)).second)
        << p.method << " appears twice";
    EXPECT_TRUE(rpcs.contains(std::string(p.method)))
        << p.method << " is in the table but is not an RPC";
  }
}

TEST(AuthorizationTable, PartnerScopesInTheTableAreKnown) {
  const auto known = KnownPartnerScopes();
  for (const MethodPermission& p : AuthorizationTable()) {
    if (!p.roles.Contains(domain::Role::kPartner) || p.partner_scope == "*")
      continue;
    EXPECT_NE(std::find(known.begin(), known.end(), p.partner_scope),
              known.end())
        << p.method << " needs unknown scope " << p.partner_scope;
  }
}

TEST(Authorize, RolesAndScopes) {
  domain::Principal resident{
      .role = domain::Role::kResident, .site_id = 1, .household_id = 3};
  EXPECT_THAT(Authorize(resident, "/concierge.v1.DirectoryService/WhoAmI"),
              IsOk());
  EXPECT_THAT(Authorize(resident, "/concierge.v1.DirectoryService/ListStaff"),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("RESIDENT may not call")));
  domain::Principal manager{.role = domain::Role::kManager, .site_id = 1};
  EXPECT_THAT(Authorize(manager, "/concierge.v1.DirectoryService/CreateSite"),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("MANAGER")));
  domain::Principal partner{.role = domain::Role::kPartner, .site_id = 1};
  EXPECT_THAT(Authorize(partner, "/concierge.v1.DirectoryService/GetSite"),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("directory.read")));
  partner.scopes = {"directory.read"};
  EXPECT_THAT(Authorize(partner, "/concierge.v1.DirectoryService/GetSite"),
              IsOk());
  EXPECT_THAT(Authorize(manager, "/concierge.v1.NoSuch/Thing"),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("not in the authorization table")));
}

}  // namespace
}  // namespace concierge::auth
