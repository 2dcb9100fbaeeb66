#include "server/domain/minibar.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"

namespace concierge::domain {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", why));
}

}  // namespace

const MinibarItem* FindMinibarItem(const std::vector<MinibarItem>& items,
                                   absl::string_view code) {
  for (const MinibarItem& item : items) {
    if (item.code == code) return &item;
  }
  return nullptr;
}

absl::Status ValidateMinibarItem(absl::string_view field,
                                 const MinibarItem& item,
                                 absl::string_view site_currency) {
  CONCIERGE_RETURN_IF_ERROR(
      ValidateCode(absl::StrCat(field, ".code"), item.code));
  CONCIERGE_RETURN_IF_ERROR(ValidateText(absl::StrCat(field, ".title.zh"),
                                         item.title_zh, kRequiredName));
  CONCIERGE_RETURN_IF_ERROR(ValidateText(absl::StrCat(field, ".title.en"),
                                         item.title_en, kRequiredName));
  return ValidateAmount(absl::StrCat(field, ".price"), item.price,
                        site_currency);
}

absl::Status ValidateMinibarCounts(absl::string_view field,
                                   const std::vector<MinibarQuantity>& counts,
                                   const std::vector<MinibarItem>& items) {
  if (counts.empty()) {
    return Invalid(field, "count at least one item, e.g. BEER=2");
  }
  if (counts.size() > 100) return Invalid(field, "at most 100 items");
  std::set<std::string> seen;
  for (size_t i = 0; i < counts.size(); ++i) {
    const std::string f = absl::StrCat(field, "[", i, "]");
    const MinibarQuantity& c = counts[i];
    CONCIERGE_RETURN_IF_ERROR(
        ValidateCode(absl::StrCat(f, ".item_code"), c.item_code));
    if (FindMinibarItem(items, c.item_code) == nullptr) {
      return Invalid(
          absl::StrCat(f, ".item_code"),
          absl::StrCat("the hotel's minibars hold no \"", c.item_code, "\""));
    }
    if (c.count < 0 || c.count > kMaxMinibarCount) {
      return Invalid(absl::StrCat(f, ".count"),
                     absl::StrCat("must be 0 to ", kMaxMinibarCount));
    }
    if (!seen.insert(c.item_code).second) {
      return Invalid(absl::StrCat(f, ".item_code"),
                     absl::StrCat(c.item_code, " is counted twice"));
    }
  }
  return absl::OkStatus();
}

std::vector<MinibarLine> MinibarLinesFromCount(
    const std::vector<MinibarQuantity>& counts,
    const std::map<std::string, int>& expected,
    const std::vector<MinibarItem>& items) {
  std::vector<MinibarLine> lines;
  for (const MinibarQuantity& c : counts) {
    MinibarLine line;
    line.item_code = c.item_code;
    line.counted = c.count;
    if (const MinibarItem* item = FindMinibarItem(items, c.item_code)) {
      line.title_zh = item->title_zh;
      line.title_en = item->title_en;
      line.unit_price = item->price;
    }
    if (auto it = expected.find(c.item_code); it != expected.end()) {
      line.expected = it->second;
      line.consumed = std::max(0, it->second - c.count);
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

std::string MinibarConsumptionText(const MinibarLine& line) {
  return absl::StrCat("Minibar 迷你吧: ", line.consumed, " x ", line.title_zh,
                      " / ", line.title_en);
}

Money MinibarCount::charged() const {
  Money total;
  for (const MinibarLine& line : lines) {
    if (line.consumption_id == 0) continue;
    total.currency = line.unit_price.currency;
    total.minor += line.amount().minor;
  }
  return total;
}

absl::StatusOr<std::vector<MinibarItem>> ParseMinibarSeed(
    absl::string_view tsv) {
  std::vector<MinibarItem> items;
  bool header = true;
  size_t row = 0;
  for (absl::string_view line : absl::StrSplit(tsv, '\n', absl::SkipEmpty())) {
    if (header) {
      header = false;
      continue;
    }
    ++row;
    const std::vector<std::string> f =
        absl::StrSplit(absl::StripTrailingAsciiWhitespace(line), '\t');
    const std::string where = absl::StrCat("minibar seed row ", row);
    if (f.size() != 4) return Invalid(where, "expected 4 fields");
    MinibarItem item;
    item.code = f[0];
    item.title_zh = f[1];
    item.title_en = f[2];
    if (!absl::SimpleAtoi(f[3], &item.price.minor)) {
      return Invalid(where, "price_minor is a number");
    }
    item.price.currency = "CNY";  // validated shape only; sites use their own
    CONCIERGE_RETURN_IF_ERROR(ValidateMinibarItem(where, item, "CNY"));
    if (FindMinibarItem(items, item.code) != nullptr) {
      return Invalid(where, absl::StrCat(item.code, " given twice"));
    }
    item.price.currency.clear();
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace concierge::domain
