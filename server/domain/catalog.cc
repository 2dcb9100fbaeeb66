#include "server/domain/catalog.h"

#include <algorithm>
#include <array>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "server/common/status_macros.h"
#include "server/domain/housekeeping_rules.h"
#include "server/domain/name_table.h"
#include "server/domain/text.h"

namespace concierge::domain {
namespace {

constexpr std::array<std::pair<ItemCategory, absl::string_view>, 9>
    kCategories = {{{ItemCategory::kAgency, "AGENCY"},
                    {ItemCategory::kInformation, "INFORMATION"},
                    {ItemCategory::kOnSite, "ON_SITE"},
                    {ItemCategory::kCommunityEvent, "COMMUNITY_EVENT"},
                    {ItemCategory::kCare, "CARE"},
                    {ItemCategory::kCustody, "CUSTODY"},
                    {ItemCategory::kLending, "LENDING"},
                    {ItemCategory::kSurvey, "SURVEY"},
                    {ItemCategory::kOther, "OTHER"}}};
constexpr std::array<std::pair<FeeKind, absl::string_view>, 4> kFeeKinds = {
    {{FeeKind::kFree, "FREE"},
     {FeeKind::kFixed, "FIXED"},
     {FeeKind::kQuoted, "QUOTED"},
     {FeeKind::kCaseByCase, "CASE_BY_CASE"}}};
constexpr std::array<std::pair<Fulfilment, absl::string_view>, 4> kFulfilments =
    {{{Fulfilment::kImmediate, "IMMEDIATE"},
      {Fulfilment::kScheduled, "SCHEDULED"},
      {Fulfilment::kRecurringEvent, "RECURRING_EVENT"},
      {Fulfilment::kStanding, "STANDING"}}};
constexpr std::array<std::pair<ItemState, absl::string_view>, 4> kItemStates = {
    {{ItemState::kDraft, "DRAFT"},
     {ItemState::kApproved, "APPROVED"},
     {ItemState::kPublished, "PUBLISHED"},
     {ItemState::kRetired, "RETIRED"}}};
constexpr std::array<std::pair<PriceState, absl::string_view>, 3> kPriceStates =
    {{{PriceState::kProposed, "PROPOSED"},
      {PriceState::kApproved, "APPROVED"},
      {PriceState::kRejected, "REJECTED"}}};
constexpr std::array<std::pair<AnnouncementChannel, absl::string_view>, 4>
    kChannels = {{{AnnouncementChannel::kEntrancePoster, "ENTRANCE_POSTER"},
                  {AnnouncementChannel::kBulletinBoard, "BULLETIN_BOARD"},
                  {AnnouncementChannel::kMailbox, "MAILBOX"},
                  {AnnouncementChannel::kApp, "APP"}}};

// The item life cycle. Anything not listed is refused.
struct ItemTransition {
  ItemState from;
  ItemAction action;
  ItemState to;
};
constexpr std::array<ItemTransition, 7> kItemTransitions = {{
    {ItemState::kDraft, ItemAction::kApprove, ItemState::kApproved},
    {ItemState::kApproved, ItemAction::kPublish, ItemState::kPublished},
    {ItemState::kPublished, ItemAction::kPublish, ItemState::kPublished},
    {ItemState::kDraft, ItemAction::kRetire, ItemState::kRetired},
    {ItemState::kApproved, ItemAction::kRetire, ItemState::kRetired},
    {ItemState::kPublished, ItemAction::kRetire, ItemState::kRetired},
    // Re-approving an approved item is harmless (a retried call).
    {ItemState::kApproved, ItemAction::kApprove, ItemState::kApproved},
}};

absl::string_view ActionVerb(ItemAction action) {
  switch (action) {
    case ItemAction::kApprove:
      return "approved";
    case ItemAction::kPublish:
      return "published";
    case ItemAction::kRetire:
      return "retired";
  }
  return "changed";
}

// Fields that still describe the same approved service and so may change
// without a new approval.
constexpr std::array<absl::string_view, 9> kDescriptiveFields = {
    "title",           "description",     "conditions",
    "department",      "response_target", "completion_target",
    "follow_up_delay", "display_order",   "teaches"};
constexpr std::array<absl::string_view, 4> kDraftOnlyFields = {
    "code", "category", "fee_kind", "fulfilment"};

std::string FormatDate(absl::Time t, const absl::TimeZone& zone, Lang lang) {
  return lang == Lang::kZh ? absl::FormatTime("%Y年%m月%d日", t, zone)
                           : absl::FormatTime("%Y-%m-%d", t, zone);
}

std::string MoneyText(const Money& m, Lang lang) {
  const std::string amount = absl::StrCat(
      m.minor / 100, ".", m.minor % 100 < 10 ? "0" : "", m.minor % 100);
  if (m.currency == "CNY") {
    return lang == Lang::kZh ? absl::StrCat("人民幣", amount, "元")
                             : absl::StrCat("CNY ", amount);
  }
  return absl::StrCat(m.currency, " ", amount);
}

}  // namespace

absl::string_view Name(ItemCategory c) { return NameIn(kCategories, c); }
absl::string_view Name(FeeKind f) { return NameIn(kFeeKinds, f); }
absl::string_view Name(Fulfilment f) { return NameIn(kFulfilments, f); }
absl::string_view Name(ItemState s) { return NameIn(kItemStates, s); }
absl::string_view Name(PriceState s) { return NameIn(kPriceStates, s); }
absl::string_view Name(AnnouncementChannel c) { return NameIn(kChannels, c); }
std::optional<ItemCategory> ItemCategoryFromName(absl::string_view name) {
  return FromNameIn(kCategories, name);
}
std::optional<FeeKind> FeeKindFromName(absl::string_view name) {
  return FromNameIn(kFeeKinds, name);
}
std::optional<Fulfilment> FulfilmentFromName(absl::string_view name) {
  return FromNameIn(kFulfilments, name);
}
std::optional<ItemState> ItemStateFromName(absl::string_view name) {
  return FromNameIn(kItemStates, name);
}
std::optional<PriceState> PriceStateFromName(absl::string_view name) {
  return FromNameIn(kPriceStates, name);
}
std::optional<AnnouncementChannel> AnnouncementChannelFromName(
    absl::string_view name) {
  return FromNameIn(kChannels, name);
}

absl::Status ValidateServiceItem(const ServiceItem& item) {
  CONCIERGE_RETURN_IF_ERROR(ValidateCode("item.code", item.code));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("item.title.zh", item.title_zh, kRequiredName));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("item.title.en", item.title_en, kRequiredName));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("item.description.zh", item.description_zh, kOptionalNote));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("item.description.en", item.description_en, kOptionalNote));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("item.conditions.zh", item.conditions_zh, kOptionalName));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("item.conditions.en", item.conditions_en, kOptionalName));
  if (item.department_id == 0) {
    return absl::InvalidArgumentError("item.department: is required");
  }
  if (!item.teaches.empty()) {
    CONCIERGE_RETURN_IF_ERROR(ParseFact("item.teaches", item.teaches).status());
  }
  const absl::Duration kMaxTarget = absl::Hours(24 * 366);
  for (const auto& [field, value] :
       {std::pair{"item.response_target", item.response_target},
        std::pair{"item.completion_target", item.completion_target},
        std::pair{"item.follow_up_delay", item.follow_up_delay}}) {
    if (value < absl::ZeroDuration() || value > kMaxTarget) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": must be between 0 and one year"));
    }
  }
  if (item.completion_target != absl::ZeroDuration() &&
      item.response_target > item.completion_target) {
    return absl::InvalidArgumentError(
        "item.response_target: must not exceed item.completion_target");
  }
  if (item.display_order < 0 || item.display_order > 100000) {
    return absl::InvalidArgumentError("item.display_order: out of range");
  }
  return absl::OkStatus();
}

absl::StatusOr<ItemState> NextItemState(ItemState from, ItemAction action) {
  for (const ItemTransition& t : kItemTransitions) {
    if (t.from == from && t.action == action) return t.to;
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "item is ", Name(from), " and cannot be ", ActionVerb(action)));
}

absl::Status CheckEditable(ItemState state, absl::string_view field) {
  const bool descriptive =
      std::find(kDescriptiveFields.begin(), kDescriptiveFields.end(), field) !=
      kDescriptiveFields.end();
  const bool draft_only =
      std::find(kDraftOnlyFields.begin(), kDraftOnlyFields.end(), field) !=
      kDraftOnlyFields.end();
  if (!descriptive && !draft_only) {
    return absl::InvalidArgumentError(absl::StrCat(
        "update_mask: unknown or read-only field \"", field, "\""));
  }
  if (state == ItemState::kRetired) {
    return absl::FailedPreconditionError(
        "item is RETIRED and cannot be changed");
  }
  if (draft_only && state != ItemState::kDraft) {
    return absl::FailedPreconditionError(absl::StrCat(
        "item.", field, ": can change only while the item is DRAFT (it is ",
        Name(state), "); retire it and create a new item instead"));
  }
  return absl::OkStatus();
}

// Default targets by fulfilment: what is done at the desk is answered at
// once and finished within the hour; booked work is answered within half a
// day and done within three days; events and standing services have no
// per-request clock.
void ApplyDefaultTargets(ServiceItem* item) {
  if (item->response_target != absl::ZeroDuration() ||
      item->completion_target != absl::ZeroDuration()) {
    return;
  }
  switch (item->fulfilment) {
    case Fulfilment::kImmediate:
      item->response_target = absl::Minutes(15);
      item->completion_target = absl::Hours(1);
      break;
    case Fulfilment::kScheduled:
      item->response_target = absl::Hours(12);
      item->completion_target = absl::Hours(72);
      break;
    case Fulfilment::kRecurringEvent:
    case Fulfilment::kStanding:
      break;
  }
}

bool IsEffectivePrice(const PriceVersion& price) {
  return price.state == PriceState::kApproved && price.announce_time &&
         *price.announce_time <= price.effective_time;
}

std::optional<PriceVersion> PriceInForce(const std::vector<PriceVersion>& all,
                                         absl::Time at) {
  const PriceVersion* best = nullptr;
  for (const PriceVersion& p : all) {
    if (!IsEffectivePrice(p) || p.effective_time > at) continue;
    if (best == nullptr || p.effective_time > best->effective_time ||
        (p.effective_time == best->effective_time && p.id > best->id)) {
      best = &p;
    }
  }
  if (best == nullptr) return std::nullopt;
  return *best;
}

std::optional<PriceVersion> NextPrice(const std::vector<PriceVersion>& all,
                                      absl::Time at) {
  const PriceVersion* best = nullptr;
  for (const PriceVersion& p : all) {
    if (!IsEffectivePrice(p) || p.effective_time <= at) continue;
    if (best == nullptr || p.effective_time < best->effective_time) best = &p;
  }
  if (best == nullptr) return std::nullopt;
  return *best;
}

absl::Status ValidatePriceProposal(const ServiceItem& item,
                                   const PriceVersion& price,
                                   absl::string_view site_currency,
                                   absl::Time now) {
  if (item.fee_kind != FeeKind::kFixed) {
    return absl::FailedPreconditionError(absl::StrCat(
        "item ", item.code, " is ", Name(item.fee_kind),
        ": only FIXED items have posted prices (QUOTED items are priced per "
        "request)"));
  }
  if (item.state == ItemState::kRetired) {
    return absl::FailedPreconditionError("item is RETIRED");
  }
  CONCIERGE_RETURN_IF_ERROR(
      ValidateAmount("price.amount", price.amount, site_currency));
  if (price.amount.minor <= 0) {
    return absl::InvalidArgumentError(
        "price.amount.minor_units: a paid item's price must be positive");
  }
  if (price.effective_time <= now) {
    return absl::InvalidArgumentError(
        "price.effective_time: must be in the future (prices are announced "
        "before they take effect)");
  }
  if (price.effective_time > now + absl::Hours(24 * 366 * 2)) {
    return absl::InvalidArgumentError(
        "price.effective_time: more than two years ahead");
  }
  return ValidateText("price.note", price.note, kOptionalNote);
}

absl::Status CheckPriceDecision(const PriceVersion& price, bool approve,
                                absl::Time now) {
  if (price.state != PriceState::kProposed) {
    return absl::FailedPreconditionError(absl::StrCat(
        "price is ", Name(price.state), " and cannot be decided again"));
  }
  if (approve && price.effective_time <= now) {
    return absl::FailedPreconditionError(
        "price's effective time has passed before approval; propose it again "
        "with a later effective time");
  }
  return absl::OkStatus();
}

absl::Status ValidateAnnouncement(const Announcement& a) {
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("announcement.title.zh", a.title_zh, kRequiredName));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("announcement.title.en", a.title_en, kRequiredName));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("announcement.body.zh", a.body_zh, kOptionalNote));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("announcement.body.en", a.body_en, kOptionalNote));
  if (a.item_ids.size() + a.price_ids.size() + a.event_ids.size() > 200) {
    return absl::InvalidArgumentError(
        "announcement: at most 200 items, prices and events");
  }
  return absl::OkStatus();
}

absl::Status CheckAnnounceable(const ServiceItem& item) {
  if (item.state != ItemState::kApproved &&
      item.state != ItemState::kPublished) {
    return absl::FailedPreconditionError(absl::StrCat(
        "announcement.items: ", item.code, " is ", Name(item.state),
        "; only APPROVED or PUBLISHED items can be announced"));
  }
  return absl::OkStatus();
}

absl::Status CheckAnnounceable(const PriceVersion& price, absl::Time now) {
  if (price.state != PriceState::kApproved) {
    return absl::FailedPreconditionError(
        absl::StrCat("announcement.prices: a price is ", Name(price.state),
                     "; only APPROVED prices can be announced"));
  }
  if (price.effective_time <= now) {
    return absl::FailedPreconditionError(
        "announcement.prices: a price's effective time has passed; it must be "
        "announced before it takes effect, so propose it again with a later "
        "effective time");
  }
  return absl::OkStatus();
}

absl::Status CheckPricedForAnnouncement(
    const ServiceItem& item, const std::vector<PriceVersion>& item_prices,
    const std::vector<int64_t>& announced_price_ids, absl::Time now) {
  if (item.fee_kind != FeeKind::kFixed) return absl::OkStatus();
  if (PriceInForce(item_prices, now) || NextPrice(item_prices, now)) {
    return absl::OkStatus();
  }
  for (const PriceVersion& p : item_prices) {
    if (std::find(announced_price_ids.begin(), announced_price_ids.end(),
                  p.id) != announced_price_ids.end()) {
      return absl::OkStatus();
    }
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "announcement.items: ", item.code,
      " is FIXED but has no price; announce an approved price with it"));
}

std::string RenderAnnouncementText(const Announcement& a,
                                   const std::string& site_name,
                                   const std::vector<RenderedItem>& items,
                                   const std::vector<RenderedPrice>& prices,
                                   const std::vector<std::string>& event_lines,
                                   AnnouncementChannel channel, Lang lang,
                                   const absl::TimeZone& zone) {
  const bool zh = lang == Lang::kZh;
  auto pick = [zh](const std::string& z,
                   const std::string& e) -> const std::string& {
    return zh ? z : e;
  };
  std::string out;
  const std::string rule(40, '=');
  absl::StrAppend(&out, rule, "\n", site_name, "\n");
  switch (channel) {
    case AnnouncementChannel::kMailbox:
      absl::StrAppend(&out, zh ? "致各位業主/住戶：" : "Dear residents,", "\n");
      break;
    case AnnouncementChannel::kApp:
      break;
    case AnnouncementChannel::kEntrancePoster:
    case AnnouncementChannel::kBulletinBoard:
      absl::StrAppend(
          &out, zh ? "服務中心公告" : "NOTICE FROM THE SERVICE CENTER", "\n");
      break;
  }
  absl::StrAppend(&out, rule, "\n", pick(a.title_zh, a.title_en), "\n");
  if (const std::string& body = pick(a.body_zh, a.body_en); !body.empty()) {
    absl::StrAppend(&out, "\n", body, "\n");
  }
  if (!items.empty()) {
    absl::StrAppend(
        &out, "\n",
        zh ? "新增個性化服務項目：" : "Services now offered:", "\n");
    int n = 0;
    for (const RenderedItem& r : items) {
      absl::StrAppend(&out, ++n, ". ", pick(r.item.title_zh, r.item.title_en));
      switch (r.item.fee_kind) {
        case FeeKind::kFree:
          absl::StrAppend(&out, zh ? "（無償增值服務，免費）"
                                   : " (free value-added service)");
          break;
        case FeeKind::kQuoted:
          absl::StrAppend(&out, zh ? "（有償服務，預約時報價）"
                                   : " (paid; a quote is given when you book)");
          break;
        case FeeKind::kCaseByCase:
          absl::StrAppend(&out, zh ? "（視情況開展：登記時告知是否收費）"
                                   : " (case by case: when you book we tell "
                                     "you whether it is free or quoted)");
          break;
        case FeeKind::kFixed:
          if (r.price) {
            absl::StrAppend(&out, zh ? "（有償服務，收費" : " (paid: ",
                            MoneyText(r.price->amount, lang),
                            zh ? "，自" : ", from ",
                            FormatDate(r.price->effective_time, zone, lang),
                            zh ? "起）" : ")");
          }
          break;
      }
      if (const std::string& cond =
              pick(r.item.conditions_zh, r.item.conditions_en);
          !cond.empty()) {
        absl::StrAppend(&out, zh ? "［" : " [", cond, zh ? "］" : "]");
      }
      absl::StrAppend(&out, "\n");
    }
  }
  // Prices of items added above were printed with them.
  std::vector<const RenderedPrice*> changes;
  for (const RenderedPrice& p : prices) {
    const bool new_item = std::any_of(
        items.begin(), items.end(),
        [&](const RenderedItem& r) { return r.item.id == p.item.id; });
    if (!new_item) changes.push_back(&p);
  }
  if (!changes.empty()) {
    absl::StrAppend(&out, "\n", zh ? "收費標準調整：" : "Price changes:", "\n");
    for (const RenderedPrice* change : changes) {
      const RenderedPrice& p = *change;
      absl::StrAppend(&out, "- ", pick(p.item.title_zh, p.item.title_en),
                      zh ? "：" : ": ", MoneyText(p.price.amount, lang),
                      zh ? "，自" : ", effective ",
                      FormatDate(p.price.effective_time, zone, lang),
                      zh ? "起執行" : "", "\n");
    }
  }
  if (!event_lines.empty()) {
    absl::StrAppend(&out, "\n", zh ? "社區活動：" : "Community events:", "\n");
    for (const std::string& line : event_lines) {
      absl::StrAppend(&out, "- ", line, "\n");
    }
  }
  absl::StrAppend(
      &out, "\n",
      zh ? "有需要的住戶請致電或到服務中心預約。有償服務按標定價格收費，"
           "不收取任何額外費用或小費。"
         : "To book, call or visit the service center. Paid services are "
           "charged exactly the posted or agreed price: no extra fees, no "
           "tips.",
      "\n");
  if (a.publish_time) {
    absl::StrAppend(&out, zh ? "發布日期：" : "Published: ",
                    FormatDate(*a.publish_time, zone, lang), "\n");
  }
  absl::StrAppend(&out, rule, "\n");
  return out;
}

absl::string_view DefaultCatalogueFile(bool hotel) {
  return hotel ? "hotel_catalog.tsv" : "residential_catalog.tsv";
}

absl::StatusOr<std::vector<CatalogSeedRow>> ParseCatalogSeed(
    absl::string_view tsv) {
  std::vector<CatalogSeedRow> rows;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(tsv, '\n', absl::SkipEmpty())) {
    ++line_number;
    if (line_number == 1) continue;  // header
    // Line ends and spaces go; a tab stays (an empty last field).
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
      line.remove_suffix(1);
    }
    const std::vector<std::string> f = absl::StrSplit(line, '\t');
    auto bad = [&](absl::string_view why) {
      return absl::InvalidArgumentError(
          absl::StrCat("catalogue seed line ", line_number, ": ", why));
    };
    if (f.size() != 11 && f.size() != 15) {
      return bad("expected 11 or 15 tab-separated fields");
    }
    CatalogSeedRow row;
    if (!absl::SimpleAtoi(f[0], &row.seq)) return bad("bad seq");
    ServiceItem& item = row.item;
    item.code = f[1];
    item.title_zh = f[2];
    item.title_en = f[3];
    auto category = ItemCategoryFromName(f[4]);
    auto fee = FeeKindFromName(f[5]);
    auto fulfilment = FulfilmentFromName(f[6]);
    if (!category || !fee || !fulfilment) {
      return bad("unknown category, fee or fulfilment");
    }
    item.category = *category;
    item.fee_kind = *fee;
    item.fulfilment = *fulfilment;
    row.department_code = f[7];
    item.conditions_zh = f[8];
    item.conditions_en = f[9];
    if (f[10] == "DEFAULT") {
      row.adoption = SeedAdoption::kDefault;
    } else if (f[10] == "WHEN_CHOSEN") {
      row.adoption = SeedAdoption::kWhenChosen;
    } else {
      return bad("adoption must be DEFAULT or WHEN_CHOSEN");
    }
    item.display_order = row.seq;
    if (f.size() == 15) {
      int response_minutes = 0, completion_minutes = 0;
      if (!absl::SimpleAtoi(f[11], &response_minutes) ||
          !absl::SimpleAtoi(f[12], &completion_minutes) ||
          !absl::SimpleAtoi(f[13], &row.price_minor) || row.price_minor < 0) {
        return bad("bad targets or price");
      }
      item.response_target = absl::Minutes(response_minutes);
      item.completion_target = absl::Minutes(completion_minutes);
      item.teaches = f[14];
      if (!item.teaches.empty() && !ParseFact("teaches", item.teaches).ok()) {
        return bad("bad teaches (CATEGORY:key=value)");
      }
      if ((row.price_minor > 0) != (item.fee_kind == FeeKind::kFixed)) {
        return bad("a FIXED item needs a price, and only a FIXED item");
      }
    }
    ApplyDefaultTargets(&item);
    rows.push_back(std::move(row));
  }
  return rows;
}

absl::StatusOr<std::vector<CatalogSeedRow>> RowsToAdopt(
    const std::vector<CatalogSeedRow>& seed,
    const std::vector<std::string>& chosen_codes, absl::string_view field) {
  std::vector<CatalogSeedRow> out;
  if (chosen_codes.empty()) {
    for (const CatalogSeedRow& row : seed) {
      if (row.adoption == SeedAdoption::kDefault) out.push_back(row);
    }
    return out;
  }
  for (size_t i = 0; i < chosen_codes.size(); ++i) {
    const std::string& code = chosen_codes[i];
    auto it = std::find_if(seed.begin(), seed.end(), [&](const auto& row) {
      return row.item.code == code;
    });
    if (it == seed.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, "[", i, "]: ", code,
                       " is not an item of the default catalogue"));
    }
    if (std::find(chosen_codes.begin(), chosen_codes.begin() + i, code) !=
        chosen_codes.begin() + i) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, "[", i, "]: ", code, " is named twice"));
    }
    out.push_back(*it);
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.seq < b.seq; });
  return out;
}

absl::Status ValidateProvider(const Provider& p) {
  if (p.item_id == 0) {
    return absl::InvalidArgumentError("provider.item: is required");
  }
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("provider.display_name.zh", p.name_zh, kOptionalName));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("provider.display_name.en", p.name_en, kOptionalName));
  if (p.name_zh.empty() && p.name_en.empty()) {
    return absl::InvalidArgumentError(
        "provider.display_name: give a Chinese or an English name");
  }
  CONCIERGE_RETURN_IF_ERROR(ValidatePhone("provider.phone", p.phone, false));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("provider.address", p.address, kOptionalName));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("provider.notes.zh", p.notes_zh, kOptionalNote));
  return ValidateText("provider.notes.en", p.notes_en, kOptionalNote);
}

}  // namespace concierge::domain
