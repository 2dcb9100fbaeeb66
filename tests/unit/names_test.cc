#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/api/convert.h"
#include "server/common/resource_names.h"
#include "server/domain/principal.h"
#include "tests/support/matchers.h"

namespace concierge::api {
namespace {

using ::concierge::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Actors are stored as principal keys and answered as resource names.
TEST(ActorKey, StoresThePrincipalAndTheApiSpellsItsName) {
  using domain::PrincipalKind;
  const struct {
    PrincipalKind kind;
    int64_t site, id;
    const char* key;
    const char* name;
  } kCases[] = {
      {PrincipalKind::kStaff, 1, 12, "staff:12@1", "sites/1/staff/12"},
      {PrincipalKind::kResident, 2, 7, "resident:7@2", "sites/2/residents/7"},
      {PrincipalKind::kPartner, 1, 3, "partner:3@1", "sites/1/partners/3"},
      {PrincipalKind::kGuest, 4, 5, "stay:5@4", "sites/4/stays/5"},
      {PrincipalKind::kAdmin, 0, 1, "admin:1", "admins/1"},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(domain::ActorKey(c.kind, c.site, c.id), c.key);
    std::optional<domain::ActorRef> ref = domain::ParseActorKey(c.key);
    ASSERT_TRUE(ref.has_value()) << c.key;
    EXPECT_EQ(ref->kind, c.kind);
    EXPECT_EQ(ref->site_id, c.site);
    EXPECT_EQ(ref->id, c.id);
    EXPECT_EQ(ActorName(c.key), c.name);
  }
  // The server's own moves, nothing, and anything else are shown as stored.
  for (const char* other : {"system", "", "staff:", "staff:1", "staff:x@1",
                            "staff:1@0", "nobody:1@1", "admin:0"}) {
    EXPECT_FALSE(domain::ParseActorKey(other).has_value()) << other;
    EXPECT_EQ(ActorName(other), other);
  }
}

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
    EXPECT_THAT(
        ParseSiteName("parent", bad),
        StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("parent")))
        << bad;
  }
  EXPECT_THAT(
      ParseSiteChild("staff.department", "sites/1/staff/2", "departments"),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("sites/{id}/departments/{id}")));
}

}  // namespace
}  // namespace concierge::api
