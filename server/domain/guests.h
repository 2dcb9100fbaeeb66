#ifndef CONCIERGE_SERVER_DOMAIN_GUESTS_H_
#define CONCIERGE_SERVER_DOMAIN_GUESTS_H_

// Hotel guest-history profiles (客史檔案): guests of the whole hotel group,
// their stays, preferences (superseded, never rewritten), notes from every
// department, consumption, and the privacy rules that decide what each role
// sees. Pure rules: no SQL, no gRPC, no clock (times are parameters).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/money.h"
#include "server/domain/principal.h"

namespace concierge::domain {

// --- vocabularies (stored upper-case, as in the API without the prefix) ----

enum class PreferenceCategory { kRoom, kFoodAndBeverage, kAmenity, kService };
enum class PreferenceSource { kStated, kObserved, kLearned };
enum class ConsumptionKind { kMinibar, kPaidService, kOther };
enum class AccessibilityNeed {
  kWheelchair,
  kLimitedMobility,
  kVisualImpairment,
  kHearingImpairment,
  kServiceAnimal,
};
enum class TravelPurpose {
  kUnspecified,
  kBusiness,
  kLeisure,
  kFamily,
  kConference,
  kOther
};
enum class IdentityDocumentType {
  kPassport,
  kNationalId,
  kTravelPermit,
  kOther
};

absl::string_view PreferenceCategoryName(PreferenceCategory c);
std::optional<PreferenceCategory> PreferenceCategoryFromName(
    absl::string_view name);
absl::string_view PreferenceSourceName(PreferenceSource s);
std::optional<PreferenceSource> PreferenceSourceFromName(
    absl::string_view name);
absl::string_view ConsumptionKindName(ConsumptionKind k);
std::optional<ConsumptionKind> ConsumptionKindFromName(absl::string_view name);
absl::string_view AccessibilityNeedName(AccessibilityNeed n);
std::optional<AccessibilityNeed> AccessibilityNeedFromName(
    absl::string_view name);
absl::string_view TravelPurposeName(TravelPurpose p);
std::optional<TravelPurpose> TravelPurposeFromName(absl::string_view name);
absl::string_view IdentityDocumentTypeName(IdentityDocumentType t);
std::optional<IdentityDocumentType> IdentityDocumentTypeFromName(
    absl::string_view name);

// --- entities ----------------------------------------------------------------

struct BirthDate {
  int year = 0;  // 0: unknown
  int month = 0;
  int day = 0;
  bool empty() const { return month == 0 && day == 0 && year == 0; }
};

// A document on file: never the number itself.
struct IdentityDocument {
  IdentityDocumentType type = IdentityDocumentType::kPassport;
  std::string issuing_country;
  std::string number_hmac;  // base64url HMAC-SHA256 under the pepper
  std::string number_last4;
};

struct Guest {
  int64_t id = 0;
  std::string chinese_name;
  std::string latin_name;
  std::string address_zh;  // form of address
  std::string address_en;
  std::string phone;
  std::string email;
  std::string language;
  int vip_level = 0;
  std::string loyalty_number;
  BirthDate birthday;
  std::vector<AccessibilityNeed> accessibility;
  std::string accessibility_note;
  std::vector<IdentityDocument> documents;
  absl::Time create_time;
  absl::Time update_time;
  std::string created_by;
  int64_t version = 1;
  int64_t merged_into = 0;  // 0: not merged
  std::optional<absl::Time> merge_time;
  std::string merged_by;
  std::optional<absl::Time> erase_time;
  std::string erased_by;

  bool erased() const { return erase_time.has_value(); }
  bool merged() const { return merged_into != 0; }
};

struct Party {
  int adults = 1;
  int children = 0;
  int infants = 0;
};

struct Stay {
  int64_t id = 0;
  int64_t site_id = 0;
  int64_t guest_id = 0;
  std::string room_number;
  absl::Time check_in_time;
  std::optional<absl::Time> expected_check_out_time;
  std::optional<absl::Time> check_out_time;
  Party party;
  TravelPurpose purpose = TravelPurpose::kUnspecified;
  std::string created_by;
  bool open() const { return !check_out_time.has_value(); }
};

struct Preference {
  int64_t id = 0;
  int64_t guest_id = 0;
  PreferenceCategory category = PreferenceCategory::kRoom;
  std::string key;
  std::string value;
  PreferenceSource source = PreferenceSource::kObserved;
  std::string recorded_by;  // principal name
  int64_t site_id = 0;      // 0: none (group admin)
  absl::Time record_time;
  int64_t superseded_by = 0;
  std::optional<absl::Time> supersede_time;
};

struct Note {
  int64_t id = 0;
  int64_t guest_id = 0;
  int64_t site_id = 0;     // 0: none
  std::string department;  // code; "" when the author has none
  std::string author;      // principal name
  std::string text;
  absl::Time create_time;
  bool redacted = false;
};

struct ConsumptionEntry {
  int64_t id = 0;
  int64_t guest_id = 0;
  int64_t site_id = 0;
  int64_t stay_id = 0;
  ConsumptionKind kind = ConsumptionKind::kOther;
  std::string description;
  Money amount;
  std::string recorded_by;
  absl::Time record_time;
};

struct ProfileAccess {
  int64_t id = 0;
  int64_t guest_id = 0;
  std::string principal;
  std::string method;
  int64_t site_id = 0;  // the reader's site; 0 for a group admin
  absl::Time access_time;
};

// --- validation (INVALID_ARGUMENT naming the field)
// ----------------------------

// `prefix` is the field path of the guest, e.g. "guest".
absl::Status ValidateGuest(absl::string_view prefix, const Guest& guest,
                           absl::Time now);
absl::Status ValidateBirthDate(absl::string_view field, const BirthDate& date,
                               absl::Time now);
// 1 to 16 letters, digits or '-', e.g. "1203", "B-12".
absl::Status ValidateRoomNumber(absl::string_view field,
                                absl::string_view room);
absl::Status ValidateParty(absl::string_view field, const Party& party);
// Expected check-out (if any) after check-in; check-out (if any) not before.
absl::Status ValidateStayTimes(absl::string_view prefix, const Stay& stay);
// category, key (lower_snake), value (one line, at most 200), source.
absl::Status ValidatePreference(absl::string_view prefix,
                                const Preference& preference);
absl::Status ValidateNoteText(absl::string_view field, absl::string_view text);
// Description required; 0 < amount <= kMaxMinorUnits in the site's currency.
absl::Status ValidateConsumption(absl::string_view prefix,
                                 const ConsumptionEntry& entry,
                                 absl::string_view site_currency);

// An identity-document number as people type it -> the canonical form
// hashed and shown (upper-case letters and digits; spaces and dashes
// dropped). INVALID_ARGUMENT naming `field` unless 4 to 32 characters remain.
absl::StatusOr<std::string> NormalizeDocumentNumber(absl::string_view field,
                                                    absl::string_view number);
// "" or an ISO 3166-1 alpha-2/alpha-3 code (upper-case letters).
absl::Status ValidateCountryCode(absl::string_view field,
                                 absl::string_view code);
// The stored form of a document: HMAC-SHA256 under `pepper` of
// "TYPE:COUNTRY:NUMBER" (base64url) and the last four characters.
IdentityDocument MakeIdentityDocument(absl::string_view pepper,
                                      IdentityDocumentType type,
                                      absl::string_view issuing_country,
                                      absl::string_view normalized_number);

// --- derived standing
// ----------------------------------------------------------

// "Regular" is derived, never typed in: this many completed stays in any
// hotel of the group.
inline constexpr int kRegularMinCompletedStays = 3;
inline bool IsRegular(int64_t completed_stays) {
  return completed_stays >= kRegularMinCompletedStays;
}

// True when `now`, in `site_zone`, falls on the birthday's month and day.
// A 29 February birthday is celebrated on 28 February in common years.
bool IsBirthdayToday(int month, int day, absl::Time now,
                     absl::TimeZone site_zone);

// --- preferences
// ----------------------------------------------------------------

// Whether recording `incoming` changes anything: the same value from the
// same source as the current preference is not recorded again (the
// handhelds re-report what they see every day); anything else is a new fact
// that supersedes the current one.
bool PreferenceChanges(const std::optional<Preference>& current,
                       const Preference& incoming);

// --- privacy: what each role sees (one table, used by every read)
// ---------------

struct GuestView {
  bool contact = false;     // phone, email, loyalty number
  bool birth_year = false;  // the year of the birthday
  bool birthday = false;    // month and day
  bool identity_documents = false;
};

// The privacy table (documented in protos/concierge/v1/guests.proto):
//   ADMIN, GROUP_ADMIN, MANAGER, RECEPTION: everything;
//   PARTNER: everything but identity documents;
//   SUPERVISOR: contact and month-day, no birth year, no documents;
//   STAFF (attendants, waiters): month-day only;
//   FINANCE and anyone else: none of these.
GuestView GuestViewFor(Role role);

// Blanks what `view` withholds; returns the withheld field paths (API
// spelling: "phone", "birthday.year", ...), whether or not they had a value,
// so the list itself reveals nothing about the guest.
std::vector<std::string> MaskGuest(const GuestView& view, Guest* guest);

// For an explicit request of `path` (a Guest field path): OK, or
// PERMISSION_DENIED naming `field_label` and the path when `role` may not
// read it.
absl::Status CheckMayRead(Role role, absl::string_view field_label,
                          absl::string_view path);

// --- who may record what
// ----------------------------------------------------------

// Front desk, food and beverage and housekeeping (minibar) staff and
// supervisors, reception, managers, admins and partners may charge a stay;
// other departments (engineering) and finance may not.
bool MayRecordConsumption(Role role, absl::string_view department_code);

// --- merge and erasure
// -------------------------------------------------------------

// The survivor's profile after absorbing `duplicate`: survivor's values win,
// its empty fields are filled from the duplicate, the higher VIP level and
// the union of accessibility needs are kept. Documents are not touched
// (they move as rows).
Guest MergeProfiles(const Guest& survivor, const Guest& duplicate);

// A preference value kept by EraseGuest: a plain token such as "gap", "26",
// "true" or "feather_free" (lower-case letters, digits, '_', '.', '-', at
// most 32), which says nothing about the person. Other values are blanked.
// The same rule as a POSIX regular expression for the store.
inline constexpr char kAnonymousPreferenceValuePattern[] =
    "^[a-z0-9_.-]{1,32}$";
bool IsAnonymousPreferenceValue(absl::string_view value);

}  // namespace concierge::domain

#endif  // CONCIERGE_SERVER_DOMAIN_GUESTS_H_
