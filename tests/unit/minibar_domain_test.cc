// The minibar rule without a database: what a count says was consumed (the
// last count plus what was restocked since, less what is there now), the
// count's validation, the seeded items and the restock action that charges
// nothing.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/common/embedded_file.h"
#include "server/domain/housekeeping_rules.h"
#include "server/domain/minibar.h"
#include "tests/support/matchers.h"

namespace concierge {
namespace {

using ::concierge::testing::IsOk;
using ::concierge::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

std::vector<domain::MinibarItem> Items() {
  auto items =
      domain::ParseMinibarSeed(embedded::SeedFile("housekeeping_minibar.tsv"));
  EXPECT_TRUE(items.ok()) << items.status();
  if (!items.ok()) return {};
  for (domain::MinibarItem& item : *items) item.price.currency = "CNY";
  return *items;
}

TEST(MinibarSeed, ParsesAndTheRestockActionNamesASeededItem) {
  const std::vector<domain::MinibarItem> items = Items();
  ASSERT_GE(items.size(), 3u);
  const domain::MinibarItem* beer = domain::FindMinibarItem(items, "BEER");
  ASSERT_NE(beer, nullptr);
  EXPECT_GT(beer->price.minor, 0);
  EXPECT_FALSE(beer->title_zh.empty());
  EXPECT_FALSE(beer->title_en.empty());
  // The seeded restock adds beer (the seed's two beers) and is no sale:
  // nothing is charged when it is done.
  auto seed = domain::ParseHousekeepingSeed(
      embedded::SeedFile("housekeeping_observations.tsv"),
      embedded::SeedFile("housekeeping_actions.tsv"),
      embedded::SeedFile("housekeeping_rules.tsv"));
  ASSERT_TRUE(seed.ok()) << seed.status();
  for (const domain::ActionDefinition& a : seed->actions) {
    if (a.minibar_item.empty()) continue;
    EXPECT_NE(domain::FindMinibarItem(items, a.minibar_item), nullptr)
        << a.code << " restocks " << a.minibar_item;
  }
  const domain::ActionDefinition* restock = nullptr;
  for (const domain::ActionDefinition& a : seed->actions) {
    if (a.code == "RESTOCK_MINIBAR") restock = &a;
  }
  ASSERT_NE(restock, nullptr);
  EXPECT_EQ(restock->minibar_item, "BEER");
  EXPECT_FALSE(restock->is_sale);
  EXPECT_EQ(restock->cost.minor, 0);
  EXPECT_EQ(restock->quantity_observation, "OPENED_DRINKS");
  EXPECT_EQ(restock->title_en, "Restock the minibar (charged when consumed)");
  EXPECT_THAT(restock->title_en, Not(HasSubstr("charge the room")));
}

TEST(MinibarSeed, RefusesMalformedRows) {
  EXPECT_THAT(domain::ParseMinibarSeed("h\nBEER\t啤酒\tBeer\n").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("row 1")));
  EXPECT_THAT(domain::ParseMinibarSeed("h\nbeer\t啤酒\tBeer\t100\n").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("code")));
  EXPECT_THAT(domain::ParseMinibarSeed(
                  "h\nBEER\t啤酒\tBeer\t100\nBEER\t啤酒\tBeer\t100\n")
                  .status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("twice")));
}

TEST(MinibarCounts, ConsumedIsWhatShouldBeThereLessWhatIs) {
  const std::vector<domain::MinibarItem> items = Items();
  const int64_t beer = domain::FindMinibarItem(items, "BEER")->price.minor;
  // The minibar should hold 2 beers (restocked) and 3 waters (counted last
  // time); juice was never counted nor restocked here.
  const std::map<std::string, int> expected = {{"BEER", 2},
                                               {"MINERAL_WATER", 3}};
  const auto lines = domain::MinibarLinesFromCount(
      {{"BEER", 0}, {"MINERAL_WATER", 4}, {"JUICE", 1}}, expected, items);
  ASSERT_EQ(lines.size(), 3u);
  // Both beers drunk: charged at the beer's price.
  EXPECT_EQ(lines[0].item_code, "BEER");
  EXPECT_EQ(lines[0].expected, 2);
  EXPECT_EQ(lines[0].consumed, 2);
  EXPECT_EQ(lines[0].amount().minor, 2 * beer);
  EXPECT_EQ(lines[0].amount().currency, "CNY");
  EXPECT_EQ(lines[0].title_en, "Beer");
  // More water than expected: a correction, neither charged nor refunded.
  EXPECT_EQ(lines[1].expected, 3);
  EXPECT_EQ(lines[1].consumed, 0);
  EXPECT_EQ(lines[1].amount().minor, 0);
  // Never counted before: this count is where it starts.
  EXPECT_FALSE(lines[2].expected.has_value());
  EXPECT_EQ(lines[2].consumed, 0);
  EXPECT_EQ(domain::MinibarConsumptionText(lines[0]),
            "Minibar 迷你吧: 2 x 啤酒 / Beer");
}

TEST(MinibarCounts, ChargedSumsOnlyWhatWasCharged) {
  domain::MinibarCount count;
  domain::MinibarLine beer;
  beer.consumed = 2;
  beer.unit_price = {"CNY", 1500};
  beer.consumption_id = 7;
  domain::MinibarLine water;
  water.consumed = 1;
  water.unit_price = {"CNY", 800};  // nobody to charge: no entry
  count.lines = {beer, water};
  EXPECT_EQ(count.charged(), (domain::Money{"CNY", 3000}));
  EXPECT_EQ(domain::MinibarCount{}.charged().minor, 0);
}

TEST(MinibarCounts, ValidationNamesTheField) {
  const std::vector<domain::MinibarItem> items = Items();
  EXPECT_THAT(domain::ValidateMinibarCounts("counts",
                                            {{"BEER", 2}, {"JUICE", 0}}, items),
              IsOk());
  EXPECT_THAT(
      domain::ValidateMinibarCounts("counts", {}, items),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("counts")));
  EXPECT_THAT(domain::ValidateMinibarCounts(
                  "counts", {{"BEER", 2}, {"WHISKY", 1}}, items),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("counts[1].item_code")));
  EXPECT_THAT(domain::ValidateMinibarCounts("counts", {{"BEER", -1}}, items),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("counts[0].count")));
  EXPECT_THAT(domain::ValidateMinibarCounts("counts", {{"BEER", 100}}, items),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("counts[0].count")));
  EXPECT_THAT(domain::ValidateMinibarCounts("counts",
                                            {{"BEER", 1}, {"BEER", 1}}, items),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("counts[1].item_code")));
  EXPECT_THAT(domain::ValidateMinibarCounts("counts", {{"beer", 1}}, items),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("counts[0].item_code")));
}

TEST(MinibarItems, Validation) {
  domain::MinibarItem item;
  item.code = "WINE";
  item.title_zh = "紅酒";
  item.title_en = "Red wine";
  item.price = {"CNY", 12000};
  EXPECT_THAT(domain::ValidateMinibarItem("item", item, "CNY"), IsOk());
  EXPECT_THAT(
      domain::ValidateMinibarItem("item", item, "HKD"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("item.price")));
  item.title_en.clear();
  EXPECT_THAT(
      domain::ValidateMinibarItem("item", item, "CNY"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("item.title.en")));
}

}  // namespace
}  // namespace concierge
