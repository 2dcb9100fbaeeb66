#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/common/resource_names.h"
#include "tests/support/matchers.h"

namespace concierge::api {
namespace {

using ::concierge::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ParseName, ParsesNestedNames) {
  auto ids = ParseName<2>("name", "sites/3/requests/42", {"sites", "requests"});
  ASSERT_TRUE(ids.ok()) << ids.status();
  EXPECT_THAT(*ids, ElementsAre(3, 42));
  EXPECT_EQ(*ParseSiteName("parent", "sites/7"), 7);
}

TEST(ParseName, RefusesEverythingElseNamingTheField) {
  for (const char* bad :
       {"", "sites", "sites/", "sites/x", "sites/0", "sites/-1", "sites/01",
        "sites/1/", "site/1", "sites/1/extra", "sites/99999999999999999999",
        "sites/1 ", "sites/1/requests/2"}) {
    EXPECT_THAT(ParseSiteName("parent", bad),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("parent")))
        << bad;
  }
  EXPECT_THAT(ParseSiteChild("staff.department", "sites/1/staff/2", "departments"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("sites/{id}/departments/{id}")));
}

}  // namespace
}  // namespace concierge::api
