#ifndef CONCIERGE_SERVER_DOMAIN_MINIBAR_H_
#define CONCIERGE_SERVER_DOMAIN_MINIBAR_H_

// The minibar of a hotel room (seed Part 2 item 8: the attendant adds two
// more beers "to raise sales"). The sale happens when the guest drinks, not
// when the minibar is stocked, and opened bottles on the bedside table are
// no evidence by themselves: they may be the guest's own. So restocking
// records what was added and charges nothing; the contents are counted (at
// a visit, or at checkout), and what was consumed is what the minibar
// should have held, the last count plus what was added since, less what is
// counted now: charged to the stay once, at each item's price. Pure: no SQL,
// no gRPC, no clock.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/money.h"

namespace concierge::domain {

// What a hotel's minibars hold, with the price charged for each one
// consumed (db/seed/housekeeping_minibar.tsv for a new hotel).
struct MinibarItem {
  int64_t id = 0;
  int64_t site_id = 0;
  std::string code;  // "BEER"
  std::string title_zh, title_en;
  Money price;  // per unit, the site's currency
  absl::Time create_time;
  std::string created_by;
};
const MinibarItem* FindMinibarItem(const std::vector<MinibarItem>& items,
                                   absl::string_view code);

// The most of one item a minibar holds, counted or added at once.
inline constexpr int kMaxMinibarCount = 99;

// Code, both titles, a price in the site's currency.
absl::Status ValidateMinibarItem(absl::string_view field,
                                 const MinibarItem& item,
                                 absl::string_view site_currency);

// An item and how many: counted in a minibar, or what it should hold.
struct MinibarQuantity {
  std::string item_code;
  int count = 0;
  friend bool operator==(const MinibarQuantity&,
                         const MinibarQuantity&) = default;
};

// A count as the attendant gives it: at least one item, each an item of
// `items` ("counts[i].item_code" names an unknown one), 0 to 99, no item
// twice. `field` is the list's name.
absl::Status ValidateMinibarCounts(absl::string_view field,
                                   const std::vector<MinibarQuantity>& counts,
                                   const std::vector<MinibarItem>& items);

// What one counted item tells.
struct MinibarLine {
  std::string item_code;
  std::string title_zh, title_en;
  int counted = 0;
  // What the minibar should have held: the previous count plus what was
  // restocked since. nullopt when the item was never counted nor restocked
  // in this room: the count is then the starting point and charges nothing.
  std::optional<int> expected;
  // expected - counted when fewer are there than should be; 0 otherwise (a
  // surplus corrects the record and is neither charged nor refunded).
  int consumed = 0;
  Money unit_price;
  // The stay's consumption entry that charged it (0: nothing charged).
  int64_t consumption_id = 0;

  Money amount() const {
    return {unit_price.currency, unit_price.minor * consumed};
  }
};

// The lines of a count, in the order counted. `expected` holds what the
// room's minibar should hold per item code (items without an entry were
// never counted nor restocked there); `counts` were validated against
// `items`.
std::vector<MinibarLine> MinibarLinesFromCount(
    const std::vector<MinibarQuantity>& counts,
    const std::map<std::string, int>& expected,
    const std::vector<MinibarItem>& items);

// The stay's consumption text of a line: "Minibar 迷你吧: 2 x 啤酒 / Beer".
std::string MinibarConsumptionText(const MinibarLine& line);

// A count of a room's minibar and what it charged.
struct MinibarCount {
  int64_t id = 0;
  int64_t site_id = 0;
  std::string room_number;
  // The stay charged: the room's open stay, or after a checkout the stay
  // that last had the room since its previous count (a late charge); 0:
  // nobody to charge (the lines still say what was consumed).
  int64_t stay_id = 0;
  int64_t guest_id = 0;
  std::vector<MinibarLine> lines;
  std::string counted_by;
  absl::Time create_time;

  // The sum of what the lines charged.
  Money charged() const;
};

// The default items of a new hotel: a header line, then code, title_zh,
// title_en, price in minor units; every row validated (currency left empty:
// the site's).
absl::StatusOr<std::vector<MinibarItem>> ParseMinibarSeed(
    absl::string_view tsv);

}  // namespace concierge::domain

#endif  // CONCIERGE_SERVER_DOMAIN_MINIBAR_H_
