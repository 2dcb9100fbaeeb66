// The catalogue's use-case logic that needs no database: which fields an
// update applies and what a field that did not parse does, and who sees
// unpublished items.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/usecase/catalog.h"
#include "tests/support/matchers.h"

namespace concierge::usecase {
namespace {

using ::concierge::testing::StatusIs;
using ::testing::HasSubstr;

// A resolver that must not be asked.
absl::StatusOr<int64_t> NoDepartmentLookup(const NamedDepartment&) {
  ADD_FAILURE() << "the department was looked up";
  return absl::InternalError("unexpected");
}

ItemFields GivenFields() {
  ItemFields fields;
  fields.given.title_zh = "更換燈泡";
  fields.given.title_en = "Replace a bulb";
  fields.given.code = "BULB";
  fields.given.display_order = 7;
  fields.category = domain::ItemCategory::kOnSite;
  fields.response_target = absl::Minutes(30);
  return fields;
}

TEST(ApplyItemField, CopiesTheNamedFieldOnly) {
  domain::ServiceItem item;
  item.title_en = "old";
  item.code = "OLD";
  ItemFields fields = GivenFields();
  ASSERT_TRUE(ApplyItemField("title", fields, NoDepartmentLookup, &item).ok());
  EXPECT_EQ(item.title_zh, "更換燈泡");
  EXPECT_EQ(item.title_en, "Replace a bulb");
  EXPECT_EQ(item.code, "OLD");  // not in the mask
  ASSERT_TRUE(
      ApplyItemField("response_target", fields, NoDepartmentLookup, &item)
          .ok());
  EXPECT_EQ(item.response_target, absl::Minutes(30));
  // An unknown path changes nothing (the api checks the mask).
  const domain::ServiceItem before = item;
  ASSERT_TRUE(
      ApplyItemField("nonsense", fields, NoDepartmentLookup, &item).ok());
  EXPECT_EQ(item.title_en, before.title_en);
  EXPECT_EQ(item.code, before.code);
}

TEST(ApplyItemField, AFieldThatDidNotParseFailsOnlyWhenApplied) {
  ItemFields fields = GivenFields();
  fields.category =
      absl::InvalidArgumentError("item.category: must be a category");
  domain::ServiceItem item;
  // The bad category does not stop a title-only update...
  EXPECT_TRUE(ApplyItemField("title", fields, NoDepartmentLookup, &item).ok());
  // ...and is the error of an update that names it.
  EXPECT_THAT(
      ApplyItemField("category", fields, NoDepartmentLookup, &item),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("item.category")));
}

TEST(ApplyItemField, TheDepartmentIsResolvedOnlyWhenOneIsNamed) {
  ItemFields fields = GivenFields();
  domain::ServiceItem item;
  item.department_id = 9;
  // None named: the item has no department, nothing is looked up.
  fields.department = NamedDepartment{0, 0};
  ASSERT_TRUE(
      ApplyItemField("department", fields, NoDepartmentLookup, &item).ok());
  EXPECT_EQ(item.department_id, 0);
  // Named: the resolver's answer, or its error.
  fields.department = NamedDepartment{1, 3};
  auto found = [](const NamedDepartment& named) -> absl::StatusOr<int64_t> {
    EXPECT_EQ(named[1], 3);
    return 3;
  };
  ASSERT_TRUE(ApplyItemField("department", fields, found, &item).ok());
  EXPECT_EQ(item.department_id, 3);
  auto missing = [](const NamedDepartment&) -> absl::StatusOr<int64_t> {
    return absl::NotFoundError("item.department: sites/1/departments/3");
  };
  EXPECT_THAT(ApplyItemField("department", fields, missing, &item),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

TEST(OnlyPublished, ResidentsGuestsAndPartnersSeePublishedItemsOnly) {
  for (domain::Role role : {domain::Role::kResident, domain::Role::kGuest,
                            domain::Role::kPartner}) {
    domain::Principal p;
    p.role = role;
    EXPECT_TRUE(SeesOnlyPublished(p));
    EXPECT_TRUE(OnlyPublished(p, domain::ItemState::kPublished).ok());
    for (domain::ItemState state :
         {domain::ItemState::kDraft, domain::ItemState::kApproved,
          domain::ItemState::kRetired}) {
      EXPECT_THAT(OnlyPublished(p, state),
                  StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
    }
  }
  for (domain::Role role : {domain::Role::kManager, domain::Role::kReception,
                            domain::Role::kStaff}) {
    domain::Principal p;
    p.role = role;
    EXPECT_FALSE(SeesOnlyPublished(p));
    EXPECT_TRUE(OnlyPublished(p, domain::ItemState::kDraft).ok());
  }
}

}  // namespace
}  // namespace concierge::usecase
