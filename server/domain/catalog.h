#ifndef CONCIERGE_SERVER_DOMAIN_CATALOG_H_
#define CONCIERGE_SERVER_DOMAIN_CATALOG_H_

// The residential service catalogue: items, their life cycle, versioned
// prices and the rule for which price is in force, announcements and their
// printed text, and the provider directory.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/money.h"

namespace concierge::domain {

enum class ItemCategory {
  kAgency,
  kInformation,
  kOnSite,
  kCommunityEvent,
  kCare,
  kCustody,
  kLending,
  kSurvey,
  kOther,
};
// FREE: a free value-added service. FIXED: the posted price in force at
// booking. QUOTED: an estimate given at booking. CASE_BY_CASE (the seed's
// row 46, 視情況開展): the desk decides at registration whether the request
// is FREE or QUOTED; a request keeps CASE_BY_CASE only until it decides.
enum class FeeKind { kFree, kFixed, kQuoted, kCaseByCase };
enum class Fulfilment { kImmediate, kScheduled, kRecurringEvent, kStanding };
enum class ItemState { kDraft, kApproved, kPublished, kRetired };

// Stable upper-case names, shared by the database and the seed file.
absl::string_view Name(ItemCategory c);
absl::string_view Name(FeeKind f);
absl::string_view Name(Fulfilment f);
absl::string_view Name(ItemState s);
std::optional<ItemCategory> ItemCategoryFromName(absl::string_view name);
std::optional<FeeKind> FeeKindFromName(absl::string_view name);
std::optional<Fulfilment> FulfilmentFromName(absl::string_view name);
std::optional<ItemState> ItemStateFromName(absl::string_view name);

struct ServiceItem {
  int64_t id = 0;
  int64_t site_id = 0;
  std::string code;
  std::string title_zh, title_en;
  std::string description_zh, description_en;
  ItemCategory category = ItemCategory::kOther;
  FeeKind fee_kind = FeeKind::kFree;
  Fulfilment fulfilment = Fulfilment::kScheduled;
  int64_t department_id = 0;
  std::string conditions_zh, conditions_en;
  // Zero: no target.
  absl::Duration response_target;
  absl::Duration completion_target;
  absl::Duration follow_up_delay = absl::Hours(72);
  ItemState state = ItemState::kDraft;
  int32_t display_order = 0;
  bool illustrative = false;
  // What asking for it at a second stay teaches a hotel guest's profile
  // ("AMENITY:pillow=feather_free", a PreferenceFact); "" for nothing.
  std::string teaches;
  std::string approved_by;
  std::optional<absl::Time> approve_time;
  std::optional<absl::Time> retire_time;
  std::string retire_reason;
  absl::Time create_time;
  absl::Time update_time;
  int64_t version = 1;
};

absl::Status ValidateServiceItem(const ServiceItem& item);

// --- the item life cycle: one table ----------------------------------------

enum class ItemAction { kApprove, kPublish, kRetire };

// The state `action` leads to from `from`, or FAILED_PRECONDITION naming
// the current state. DRAFT -approve-> APPROVED -publish-> PUBLISHED;
// retire from any state but RETIRED; publishing an already PUBLISHED item
// (announced again) keeps it PUBLISHED.
absl::StatusOr<ItemState> NextItemState(ItemState from, ItemAction action);

// Whether UpdateServiceItem may change `field` (a FieldMask path) of an item
// in `state`: DRAFT everything; APPROVED/PUBLISHED descriptive fields only;
// RETIRED nothing. FAILED_PRECONDITION naming field and state otherwise.
absl::Status CheckEditable(ItemState state, absl::string_view field);

// Response and completion targets a new item gets when none are given,
// by how it is fulfilled (documented beside the table in catalog.cc).
void ApplyDefaultTargets(ServiceItem* item);

// --- prices ------------------------------------------------------------------

enum class PriceState { kProposed, kApproved, kRejected };
absl::string_view Name(PriceState s);
std::optional<PriceState> PriceStateFromName(absl::string_view name);

struct PriceVersion {
  int64_t id = 0;
  int64_t site_id = 0;
  int64_t item_id = 0;
  Money amount;
  absl::Time effective_time;
  PriceState state = PriceState::kProposed;
  std::string note;
  std::string proposed_by;
  absl::Time propose_time;
  std::string decided_by;
  std::optional<absl::Time> decide_time;
  std::optional<absl::Time> announce_time;
  std::string reject_reason;
};

// True when `price` counts at all: approved, and announced before its
// effective time (seed §6: prices are announced before they take effect).
bool IsEffectivePrice(const PriceVersion& price);

// The price in force at `at`: among effective prices whose effective time
// is not after `at`, the one with the latest effective time (the latest
// decided on a tie). nullopt when none.
std::optional<PriceVersion> PriceInForce(const std::vector<PriceVersion>& all,
                                         absl::Time at);

// The effective price that takes over next after `at`, if any.
std::optional<PriceVersion> NextPrice(const std::vector<PriceVersion>& all,
                                      absl::Time at);

// A proposal is acceptable: FIXED items only, a positive amount below the
// ceiling, in the site's currency, effective after `now`.
absl::Status ValidatePriceProposal(const ServiceItem& item,
                                   const PriceVersion& price,
                                   absl::string_view site_currency,
                                   absl::Time now);

// A price may be decided (approved or rejected) only while PROPOSED; it may
// be approved only while its effective time is still ahead.
absl::Status CheckPriceDecision(const PriceVersion& price, bool approve,
                                absl::Time now);

// --- announcements
// -------------------------------------------------------------

enum class AnnouncementChannel {
  kEntrancePoster,
  kBulletinBoard,
  kMailbox,
  kApp
};
absl::string_view Name(AnnouncementChannel c);
std::optional<AnnouncementChannel> AnnouncementChannelFromName(
    absl::string_view name);

struct Announcement {
  int64_t id = 0;
  int64_t site_id = 0;
  std::string title_zh, title_en;
  std::string body_zh, body_en;
  std::vector<int64_t> item_ids;
  std::vector<int64_t> price_ids;
  std::vector<int64_t> event_ids;
  bool published = false;
  std::vector<AnnouncementChannel> channels;
  std::string created_by;
  absl::Time create_time;
  std::string published_by;
  std::optional<absl::Time> publish_time;
};

absl::Status ValidateAnnouncement(const Announcement& announcement);

// What may go into an announcement: items APPROVED or PUBLISHED; prices
// APPROVED (not yet announced or not) whose effective time is after `now`.
absl::Status CheckAnnounceable(const ServiceItem& item);
absl::Status CheckAnnounceable(const PriceVersion& price, absl::Time now);

// A FIXED item can be announced only when it will have a price: one in
// force, or one announced in the same announcement.
absl::Status CheckPricedForAnnouncement(
    const ServiceItem& item, const std::vector<PriceVersion>& item_prices,
    const std::vector<int64_t>& announced_price_ids, absl::Time now);

enum class Lang { kZh, kEn };

// An item as printed: its title, fee kind and the price that applies.
struct RenderedItem {
  ServiceItem item;
  std::optional<PriceVersion> price;  // FIXED: the price that applies
};

struct RenderedPrice {
  ServiceItem item;
  PriceVersion price;
};

// The printable text of an announcement in one language: heading for the
// channel, the free text, items added (free ones marked as free value-added
// services, paid ones with price and effective date), price changes with
// their effective dates, and the way to book. Dates in the site's zone.
std::string RenderAnnouncementText(const Announcement& announcement,
                                   const std::string& site_name,
                                   const std::vector<RenderedItem>& items,
                                   const std::vector<RenderedPrice>& prices,
                                   const std::vector<std::string>& event_lines,
                                   AnnouncementChannel channel, Lang lang,
                                   const absl::TimeZone& zone);

// --- the default catalogue
// -------------------------------------------------------

// How a default row joins a new community's catalogue (seed §1(1), §3:
// the manager adopts the catalogue): DEFAULT rows are adopted unless left
// out; WHEN_CHOSEN rows (row 40, the shuttle bus "有條件的小區": only where
// the community has the means) only when the manager names them.
enum class SeedAdoption { kDefault, kWhenChosen };

// One row of db/seed/residential_catalog.tsv or db/seed/hotel_catalog.tsv.
struct CatalogSeedRow {
  int32_t seq = 0;
  ServiceItem item;  // department_id unset
  std::string department_code;
  SeedAdoption adoption = SeedAdoption::kDefault;
  // A FIXED item's starting price (the hotel list has one; a community's
  // manager sets and announces its prices): 0 for none.
  int64_t price_minor = 0;
};

// The default catalogue a new site of `site_kind` starts with, as the name
// of its compiled-in seed file: "residential_catalog.tsv" (the 46 rows of
// the source document) or "hotel_catalog.tsv" (guest services).
absl::string_view DefaultCatalogueFile(bool hotel);

// Parses a seed file (tab-separated, header first); INVALID_ARGUMENT
// naming the line for a malformed row. The residential file has 11
// columns; the hotel file adds response and completion targets in minutes,
// a starting price in minor units (0: free) and what the item teaches.
absl::StatusOr<std::vector<CatalogSeedRow>> ParseCatalogSeed(
    absl::string_view tsv);

// The default rows a manager adopts: every DEFAULT row when `chosen_codes`
// is empty, else exactly the rows named (WHEN_CHOSEN ones included).
// INVALID_ARGUMENT naming `field` and the code for a code not in the seed
// or named twice.
absl::StatusOr<std::vector<CatalogSeedRow>> RowsToAdopt(
    const std::vector<CatalogSeedRow>& seed,
    const std::vector<std::string>& chosen_codes, absl::string_view field);

// --- providers
// -------------------------------------------------------------------

struct Provider {
  int64_t id = 0;
  int64_t site_id = 0;
  int64_t item_id = 0;
  std::string name_zh, name_en;
  std::string phone;
  std::string address;
  std::string notes_zh, notes_en;
  bool active = true;
  absl::Time create_time;
  int64_t version = 1;
};

absl::Status ValidateProvider(const Provider& provider);

}  // namespace concierge::domain

#endif  // CONCIERGE_SERVER_DOMAIN_CATALOG_H_
