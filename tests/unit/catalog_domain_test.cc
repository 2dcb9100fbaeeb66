#include "server/domain/catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "server/common/embedded_file.h"
#include "tests/support/matchers.h"

namespace concierge {
namespace {

using ::concierge::testing::IsOk;
using ::concierge::testing::StatusIs;
using ::testing::HasSubstr;

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

PriceVersion Price(int64_t id, int64_t minor, absl::Time effective,
                   PriceState state, std::optional<absl::Time> announced) {
  PriceVersion p;
  p.id = id;
  p.item_id = 1;
  p.amount = {"CNY", minor};
  p.effective_time = effective;
  p.state = state;
  p.announce_time = announced;
  return p;
}

TEST(ItemLifeCycle, FollowsTheOneTable) {
  EXPECT_EQ(*NextItemState(ItemState::kDraft, ItemAction::kApprove),
            ItemState::kApproved);
  EXPECT_EQ(*NextItemState(ItemState::kApproved, ItemAction::kPublish),
            ItemState::kPublished);
  EXPECT_EQ(*NextItemState(ItemState::kPublished, ItemAction::kRetire),
            ItemState::kRetired);
  EXPECT_THAT(NextItemState(ItemState::kDraft, ItemAction::kPublish),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("item is DRAFT and cannot be published")));
  EXPECT_THAT(NextItemState(ItemState::kRetired, ItemAction::kApprove),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("RETIRED")));
  EXPECT_THAT(NextItemState(ItemState::kRetired, ItemAction::kRetire),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("RETIRED")));
}

TEST(ItemLifeCycle, WhatMayChangeAfterApproval) {
  EXPECT_THAT(CheckEditable(ItemState::kDraft, "fee_kind"), IsOk());
  EXPECT_THAT(CheckEditable(ItemState::kPublished, "title"), IsOk());
  EXPECT_THAT(CheckEditable(ItemState::kPublished, "fee_kind"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("item.fee_kind")));
  EXPECT_THAT(CheckEditable(ItemState::kRetired, "title"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("RETIRED")));
  EXPECT_THAT(CheckEditable(ItemState::kDraft, "state"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("update_mask")));
}

TEST(PriceInForce, OnlyApprovedAndAnnouncedBeforeTheEffectiveTime) {
  const absl::Time t1 = kNow + absl::Hours(24);
  const absl::Time t2 = kNow + absl::Hours(48);
  std::vector<PriceVersion> prices = {
      Price(1, 5000, t1, PriceState::kApproved, kNow),          // effective
      Price(2, 9900, t1, PriceState::kProposed, kNow),          // not approved
      Price(3, 7000, t2, PriceState::kApproved, std::nullopt),  // not announced
      Price(4, 6000, t2, PriceState::kApproved, t2 + absl::Hours(1)),  // late
  };
  EXPECT_FALSE(PriceInForce(prices, kNow));
  EXPECT_EQ(PriceInForce(prices, t1)->amount.minor, 5000);
  EXPECT_EQ(PriceInForce(prices, t2 + absl::Hours(5))->amount.minor, 5000);
  EXPECT_EQ(NextPrice(prices, kNow)->amount.minor, 5000);
  prices[2].announce_time = kNow;
  EXPECT_EQ(PriceInForce(prices, t2)->amount.minor, 7000);
  EXPECT_EQ(PriceInForce(prices, t2 - absl::Seconds(1))->amount.minor, 5000);
  EXPECT_EQ(NextPrice(prices, t1)->amount.minor, 7000);
}

TEST(PriceProposal, RulesNameTheField) {
  ServiceItem item;
  item.code = "TAP_REPAIR";
  item.fee_kind = FeeKind::kFixed;
  PriceVersion p = Price(0, 5000, kNow + absl::Hours(1), PriceState::kProposed, {});
  EXPECT_THAT(ValidatePriceProposal(item, p, "CNY", kNow), IsOk());
  p.amount.minor = -1;
  EXPECT_THAT(ValidatePriceProposal(item, p, "CNY", kNow),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("price.amount.minor_units")));
  p.amount.minor = kMaxMinorUnits + 1;
  EXPECT_THAT(ValidatePriceProposal(item, p, "CNY", kNow),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("price.amount")));
  p.amount.minor = 5000;
  p.effective_time = kNow - absl::Seconds(1);
  EXPECT_THAT(ValidatePriceProposal(item, p, "CNY", kNow),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("price.effective_time")));
  item.fee_kind = FeeKind::kFree;
  EXPECT_THAT(ValidatePriceProposal(item, p, "CNY", kNow),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("FREE")));
}

TEST(CatalogSeed, TheShippedFileHasAll46RowsInBothLanguages) {
  auto rows = ParseCatalogSeed(embedded::SeedFile("residential_catalog.tsv"));
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 46u);
  std::set<std::string> codes;
  for (const CatalogSeedRow& row : *rows) {
    EXPECT_TRUE(codes.insert(row.item.code).second) << row.item.code;
    EXPECT_FALSE(row.item.title_zh.empty());
    EXPECT_FALSE(row.item.title_en.empty());
    ServiceItem item = row.item;
    item.department_id = 1;
    EXPECT_THAT(ValidateServiceItem(item), IsOk()) << item.code;
  }
  EXPECT_EQ(rows->back().item.fee_kind, FeeKind::kQuoted);
  EXPECT_EQ((*rows)[29].item.code, "HOSPITALS_INFO");
}

TEST(CatalogSeed, MatchesTheSharedData) {
  std::ifstream in(CONCIERGE_SOURCE_DIR "/../shared/data/residential_catalog.tsv");
  if (!in) GTEST_SKIP() << "shared data not beside this checkout";
  std::stringstream buffer;
  buffer << in.rdbuf();
  EXPECT_EQ(buffer.str(), embedded::SeedFile("residential_catalog.tsv"));
}

TEST(CatalogSeed, RefusesMalformedRows) {
  EXPECT_THAT(ParseCatalogSeed("header\n1\tX\n"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("line 2")));
}

TEST(RenderAnnouncement, MarksFreeItemsAndPrintsPricesWithDates) {
  ServiceItem free_item;
  free_item.id = 1;
  free_item.title_zh = "代叫出租車輛";
  free_item.title_en = "Call a taxi";
  free_item.fee_kind = FeeKind::kFree;
  ServiceItem paid = free_item;
  paid.id = 2;
  paid.title_zh = "水龍頭維修";
  paid.title_en = "Tap repair";
  paid.fee_kind = FeeKind::kFixed;
  ServiceItem old_item = paid;
  old_item.id = 3;
  old_item.title_en = "Drain unblocking";
  old_item.title_zh = "下水道疏通";
  const absl::Time effective = absl::FromUnixSeconds(1'800'000'000);
  const PriceVersion tap = Price(7, 5000, effective, PriceState::kApproved, kNow);
  PriceVersion drain = Price(8, 8800, effective, PriceState::kApproved, kNow);
  drain.item_id = 3;
  Announcement a;
  a.title_zh = "通知";
  a.title_en = "Notice";
  absl::TimeZone shanghai;
  ASSERT_TRUE(absl::LoadTimeZone("Asia/Shanghai", &shanghai));
  const std::string en = RenderAnnouncementText(
      a, "Harmony", {{free_item, std::nullopt}, {paid, tap}},
      {{paid, tap}, {old_item, drain}}, {}, AnnouncementChannel::kMailbox,
      Lang::kEn, shanghai);
  EXPECT_THAT(en, HasSubstr("Dear residents"));
  EXPECT_THAT(en, HasSubstr("Call a taxi (free value-added service)"));
  EXPECT_THAT(en, HasSubstr("Tap repair (paid: CNY 50.00, from 2027-01-15)"));
  EXPECT_THAT(en, HasSubstr("Drain unblocking: CNY 88.00, effective 2027-01-15"));
  EXPECT_THAT(en, ::testing::Not(HasSubstr("Tap repair: CNY")));
  const std::string zh = RenderAnnouncementText(
      a, "和諧花園", {{free_item, std::nullopt}}, {}, {},
      AnnouncementChannel::kEntrancePoster, Lang::kZh, shanghai);
  EXPECT_THAT(zh, HasSubstr("代叫出租車輛（無償增值服務，免費）"));
  EXPECT_THAT(zh, HasSubstr("服務中心公告"));
}

}  // namespace
}  // namespace concierge
