#include "server/domain/directory.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/common/env_flags.h"
#include "server/domain/money.h"
#include "server/store/migrator.h"
#include "tests/support/matchers.h"

namespace concierge {
namespace {

using ::concierge::testing::IsOk;
using ::concierge::testing::StatusIs;
using ::testing::HasSubstr;

TEST(ValidateSite, NeedsAnIanaZoneAndCurrency) {
  domain::Site site{.display_name = "A", .time_zone = "Asia/Shanghai"};
  EXPECT_THAT(domain::ValidateSite(site), IsOk());
  site.time_zone = "Mars/Olympus";
  EXPECT_THAT(domain::ValidateSite(site),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("site.time_zone")));
  site.time_zone = "Asia/Shanghai";
  site.currency = "yuan";
  EXPECT_THAT(domain::ValidateSite(site),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("site.currency_code")));
}

// The zone library opens a zone name as a file; a name that is a path
// (absolute, climbing out of the zoneinfo tree, or cctz's "file:" prefix)
// would let a site administrator make the server read any file, a socket
// of its own or a blocking device. Found reviewing what the fuzzer feeds.
TEST(ValidateSite, TimeZoneIsANameNeverAPath) {
  domain::Site site{.display_name = "A", .time_zone = "Etc/GMT+8"};
  EXPECT_THAT(domain::ValidateSite(site), IsOk());
  site.time_zone = "America/Port-au-Prince";
  EXPECT_THAT(domain::ValidateSite(site), IsOk());
  for (const char* path :
       {"/usr/share/zoneinfo/Asia/Shanghai", "/etc/localtime",
        "../zoneinfo/Asia/Shanghai", "Asia/../Asia/Shanghai",
        "file:/etc/localtime", "/proc/self/fd/0", "/dev/stdin",
        "Asia//Shanghai", "Asia/Shanghai/"}) {
    site.time_zone = path;
    EXPECT_THAT(domain::ValidateSite(site),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("site.time_zone")))
        << path;
  }
}

TEST(ValidateStaff, SupervisorsAndStaffNeedADepartment) {
  domain::Staff staff{.role = domain::Role::kSupervisor,
                      .display_name = "Zhang"};
  EXPECT_THAT(domain::ValidateStaff(staff),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("staff.department")));
  staff.department_id = 2;
  EXPECT_THAT(domain::ValidateStaff(staff), IsOk());
  staff.role = domain::Role::kResident;
  EXPECT_THAT(
      domain::ValidateStaff(staff),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("staff.role")));
}

TEST(DefaultDepartments, PerSiteKind) {
  std::vector<std::string> codes;
  for (const auto& d :
       domain::DefaultDepartments(domain::SiteKind::kResidential)) {
    codes.push_back(d.code);
    EXPECT_THAT(domain::ValidateDepartment(d), IsOk());
  }
  EXPECT_THAT(codes, ::testing::ElementsAre("RECEPTION", "MAINTENANCE", "CLEANING"));
  codes.clear();
  for (const auto& d : domain::DefaultDepartments(domain::SiteKind::kHotel))
    codes.push_back(d.code);
  EXPECT_THAT(codes, ::testing::ElementsAre("FRONT_DESK", "HOUSEKEEPING",
                                            "FOOD_AND_BEVERAGE", "ENGINEERING"));
}

TEST(Money, FormatsAndValidates) {
  EXPECT_EQ(domain::FormatMoney({"CNY", 1250}), "CNY 12.50");
  EXPECT_EQ(domain::FormatMoney({"CNY", -5}), "CNY -0.05");
  EXPECT_THAT(domain::ValidateAmount("price", {"CNY", -1}, "CNY"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("price.minor_units")));
  EXPECT_THAT(domain::ValidateAmount("price", {"USD", 1}, "CNY"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("price.currency_code")));
  EXPECT_THAT(
      domain::ValidateAmount("price", {"CNY", domain::kMaxMinorUnits + 1},
                             "CNY"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("ceiling")));
}

TEST(MigrationVersion, FollowsTheNamingRule) {
  EXPECT_EQ(store::MigrationVersion("0001_foundation.sql"), 1);
  EXPECT_EQ(store::MigrationVersion("0012_x.sql"), 12);
  EXPECT_EQ(store::MigrationVersion("1_x.sql"), -1);
  EXPECT_EQ(store::MigrationVersion("0001_x.txt"), -1);
  EXPECT_EQ(store::MigrationVersion("0000_x.sql"), -1);
}

TEST(EnvironmentTwin, NamesFollowOneRule) {
  EXPECT_EQ(EnvironmentTwin("database_url"), "CONCIERGE_DATABASE_URL");
  EXPECT_EQ(EnvironmentTwin("db_pool_size"), "CONCIERGE_DB_POOL_SIZE");
}

}  // namespace
}  // namespace concierge
