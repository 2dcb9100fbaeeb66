#include "server/domain/guests.h"

#include <algorithm>
#include <array>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "server/common/crypto.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"

namespace concierge::domain {
namespace {

template <typename E, size_t N>
absl::string_view NameOf(
    const std::array<std::pair<E, absl::string_view>, N>& table, E value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return "UNKNOWN";
}

template <typename E, size_t N>
std::optional<E> FromName(
    const std::array<std::pair<E, absl::string_view>, N>& table,
    absl::string_view name) {
  for (const auto& [e, n] : table) {
    if (n == name) return e;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<PreferenceCategory, absl::string_view>, 4>
    kCategories = {{{PreferenceCategory::kRoom, "ROOM"},
                    {PreferenceCategory::kFoodAndBeverage, "FOOD_AND_BEVERAGE"},
                    {PreferenceCategory::kAmenity, "AMENITY"},
                    {PreferenceCategory::kService, "SERVICE"}}};

constexpr std::array<std::pair<PreferenceSource, absl::string_view>, 3>
    kSources = {{{PreferenceSource::kStated, "STATED"},
                 {PreferenceSource::kObserved, "OBSERVED"},
                 {PreferenceSource::kLearned, "LEARNED"}}};

constexpr std::array<std::pair<ConsumptionKind, absl::string_view>, 3>
    kConsumptionKinds = {{{ConsumptionKind::kMinibar, "MINIBAR"},
                          {ConsumptionKind::kPaidService, "PAID_SERVICE"},
                          {ConsumptionKind::kOther, "OTHER"}}};

constexpr std::array<std::pair<AccessibilityNeed, absl::string_view>, 5>
    kAccessibility = {
        {{AccessibilityNeed::kWheelchair, "WHEELCHAIR"},
         {AccessibilityNeed::kLimitedMobility, "LIMITED_MOBILITY"},
         {AccessibilityNeed::kVisualImpairment, "VISUAL_IMPAIRMENT"},
         {AccessibilityNeed::kHearingImpairment, "HEARING_IMPAIRMENT"},
         {AccessibilityNeed::kServiceAnimal, "SERVICE_ANIMAL"}}};

constexpr std::array<std::pair<TravelPurpose, absl::string_view>, 6> kPurposes =
    {{{TravelPurpose::kUnspecified, "UNSPECIFIED"},
      {TravelPurpose::kBusiness, "BUSINESS"},
      {TravelPurpose::kLeisure, "LEISURE"},
      {TravelPurpose::kFamily, "FAMILY"},
      {TravelPurpose::kConference, "CONFERENCE"},
      {TravelPurpose::kOther, "OTHER"}}};

constexpr std::array<std::pair<IdentityDocumentType, absl::string_view>, 4>
    kDocumentTypes = {{{IdentityDocumentType::kPassport, "PASSPORT"},
                       {IdentityDocumentType::kNationalId, "NATIONAL_ID"},
                       {IdentityDocumentType::kTravelPermit, "TRAVEL_PERMIT"},
                       {IdentityDocumentType::kOther, "OTHER"}}};

bool IsAsciiAlnum(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c));
}

// "prefix.name", or just "name" without a prefix.
std::string Field(absl::string_view prefix, absl::string_view name) {
  return prefix.empty() ? std::string(name) : absl::StrCat(prefix, ".", name);
}

absl::Status Invalid(absl::string_view field, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", message));
}

absl::Status ValidateEmail(absl::string_view field, absl::string_view email) {
  if (email.empty()) return absl::OkStatus();
  const size_t at = email.find('@');
  bool ok = email.size() <= 254 && at != absl::string_view::npos && at > 0 &&
            at + 1 < email.size() &&
            email.find('@', at + 1) == absl::string_view::npos;
  for (char c : email) {
    ok = ok && static_cast<unsigned char>(c) > 0x20 && c != 0x7F;
  }
  if (!ok) return Invalid(field, "must look like name@example.com");
  return absl::OkStatus();
}

// A BCP 47 language tag in its common shape: "zh", "zh-CN", "zh-Hant-TW".
absl::Status ValidateLanguage(absl::string_view field, absl::string_view tag) {
  if (tag.empty()) return absl::OkStatus();
  bool ok = tag.size() <= 35;
  size_t i = 0;
  size_t primary = 0;
  while (i < tag.size() &&
         absl::ascii_isalpha(static_cast<unsigned char>(tag[i]))) {
    ++i;
    ++primary;
  }
  ok = ok && primary >= 2 && primary <= 3;
  while (ok && i < tag.size()) {
    ok = tag[i] == '-';
    ++i;
    size_t len = 0;
    while (i < tag.size() && IsAsciiAlnum(tag[i])) {
      ++i;
      ++len;
    }
    ok = ok && len >= 1 && len <= 8;
  }
  if (!ok) return Invalid(field, "must be a BCP 47 tag such as zh-CN or en");
  return absl::OkStatus();
}

absl::Status ValidateLoyaltyNumber(absl::string_view field,
                                   absl::string_view number) {
  if (number.empty()) return absl::OkStatus();
  bool ok = number.size() <= 32;
  for (char c : number) ok = ok && (IsAsciiAlnum(c) || c == '-');
  if (!ok) return Invalid(field, "1 to 32 letters, digits or dashes");
  return absl::OkStatus();
}

bool IsLowerSnake(absl::string_view key) {
  if (key.empty() || key.size() > 64 || key[0] < 'a' || key[0] > 'z') {
    return false;
  }
  for (char c : key) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return false;
    }
  }
  return true;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  if (month == 2) {
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[month - 1];
}

}  // namespace

absl::string_view PreferenceCategoryName(PreferenceCategory c) {
  return NameOf(kCategories, c);
}
std::optional<PreferenceCategory> PreferenceCategoryFromName(
    absl::string_view name) {
  return FromName(kCategories, name);
}
absl::string_view PreferenceSourceName(PreferenceSource s) {
  return NameOf(kSources, s);
}
std::optional<PreferenceSource> PreferenceSourceFromName(
    absl::string_view name) {
  return FromName(kSources, name);
}
absl::string_view ConsumptionKindName(ConsumptionKind k) {
  return NameOf(kConsumptionKinds, k);
}
std::optional<ConsumptionKind> ConsumptionKindFromName(absl::string_view name) {
  return FromName(kConsumptionKinds, name);
}
absl::string_view AccessibilityNeedName(AccessibilityNeed n) {
  return NameOf(kAccessibility, n);
}
std::optional<AccessibilityNeed> AccessibilityNeedFromName(
    absl::string_view name) {
  return FromName(kAccessibility, name);
}
absl::string_view TravelPurposeName(TravelPurpose p) {
  return NameOf(kPurposes, p);
}
std::optional<TravelPurpose> TravelPurposeFromName(absl::string_view name) {
  return FromName(kPurposes, name);
}
absl::string_view IdentityDocumentTypeName(IdentityDocumentType t) {
  return NameOf(kDocumentTypes, t);
}
std::optional<IdentityDocumentType> IdentityDocumentTypeFromName(
    absl::string_view name) {
  return FromName(kDocumentTypes, name);
}

// --- validation
// --------------------------------------------------------------------

absl::Status ValidateBirthDate(absl::string_view field, const BirthDate& date,
                               absl::Time now) {
  if (date.empty()) return absl::OkStatus();
  if (date.month < 1 || date.month > 12) {
    return Invalid(absl::StrCat(field, ".month"), "must be 1 to 12");
  }
  // Without a year, 29 February is a possible birthday.
  const int year_for_days = date.year == 0 ? 2000 : date.year;
  if (date.day < 1 || date.day > DaysInMonth(year_for_days, date.month)) {
    return Invalid(absl::StrCat(field, ".day"), "not a day of that month");
  }
  if (date.year != 0) {
    const absl::CivilDay latest =
        absl::ToCivilDay(now + absl::Hours(14), absl::UTCTimeZone());
    const absl::CivilDay birth(date.year, date.month, date.day);
    if (date.year < 1900 || birth > latest) {
      return Invalid(absl::StrCat(field, ".year"),
                     "must be 1900 or later and not in the future");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateGuest(absl::string_view prefix, const Guest& guest,
                           absl::Time now) {
  auto f = [&](absl::string_view name) { return Field(prefix, name); };
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText(f("chinese_name"), guest.chinese_name, kOptionalName));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText(f("latin_name"), guest.latin_name, kOptionalName));
  if (absl::StripAsciiWhitespace(guest.chinese_name).empty() &&
      absl::StripAsciiWhitespace(guest.latin_name).empty()) {
    return Invalid(f("chinese_name"), "a Chinese or a Latin name is required");
  }
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText(f("form_of_address.zh"), guest.address_zh, kOptionalName));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText(f("form_of_address.en"), guest.address_en, kOptionalName));
  CONCIERGE_RETURN_IF_ERROR(ValidatePhone(f("phone"), guest.phone, false));
  CONCIERGE_RETURN_IF_ERROR(ValidateEmail(f("email"), guest.email));
  CONCIERGE_RETURN_IF_ERROR(ValidateLanguage(f("language"), guest.language));
  if (guest.vip_level < 0 || guest.vip_level > 5) {
    return Invalid(f("vip_level"), "must be 0 (none) to 5");
  }
  CONCIERGE_RETURN_IF_ERROR(
      ValidateLoyaltyNumber(f("loyalty_number"), guest.loyalty_number));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateBirthDate(f("birthday"), guest.birthday, now));
  CONCIERGE_RETURN_IF_ERROR(ValidateText(
      f("accessibility_note"), guest.accessibility_note, kOptionalName));
  return absl::OkStatus();
}

absl::Status ValidateRoomNumber(absl::string_view field,
                                absl::string_view room) {
  if (room.empty()) return Invalid(field, "is required");
  bool ok = room.size() <= 16;
  for (char c : room) ok = ok && (IsAsciiAlnum(c) || c == '-');
  if (!ok) return Invalid(field, "1 to 16 letters, digits or dashes");
  return absl::OkStatus();
}

absl::Status ValidateParty(absl::string_view field, const Party& party) {
  if (party.adults < 1 || party.adults > 20) {
    return Invalid(absl::StrCat(field, ".adults"), "must be 1 to 20");
  }
  if (party.children < 0 || party.children > 20) {
    return Invalid(absl::StrCat(field, ".children"), "must be 0 to 20");
  }
  if (party.infants < 0 || party.infants > 10) {
    return Invalid(absl::StrCat(field, ".infants"), "must be 0 to 10");
  }
  return absl::OkStatus();
}

absl::Status ValidateStayTimes(absl::string_view prefix, const Stay& stay) {
  if (stay.expected_check_out_time &&
      *stay.expected_check_out_time <= stay.check_in_time) {
    return Invalid(Field(prefix, "expected_check_out_time"),
                   "the stay would end before it starts (must be after the "
                   "check-in)");
  }
  if (stay.check_out_time && *stay.check_out_time < stay.check_in_time) {
    return Invalid(Field(prefix, "check_out_time"),
                   "the stay would end before it starts (must not be before "
                   "the check-in)");
  }
  return absl::OkStatus();
}

absl::Status ValidatePreference(absl::string_view prefix,
                                const Preference& preference) {
  if (!IsLowerSnake(preference.key)) {
    return Invalid(Field(prefix, "key"),
                   "must be lower_snake_case such as room_temperature_c (at "
                   "most 64)");
  }
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText(Field(prefix, "value"), preference.value, kRequiredName));
  return absl::OkStatus();
}

absl::Status ValidateNoteText(absl::string_view field, absl::string_view text) {
  return ValidateText(field, text, kRequiredNote);
}

absl::Status ValidateConsumption(absl::string_view prefix,
                                 const ConsumptionEntry& entry,
                                 absl::string_view site_currency) {
  CONCIERGE_RETURN_IF_ERROR(ValidateText(Field(prefix, "description"),
                                         entry.description, kRequiredName));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateAmount(Field(prefix, "amount"), entry.amount, site_currency));
  if (entry.amount.minor == 0) {
    return Invalid(Field(prefix, "amount.minor_units"), "must be more than 0");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> NormalizeDocumentNumber(absl::string_view field,
                                                    absl::string_view number) {
  std::string out;
  for (char c : number) {
    if (c == ' ' || c == '-') continue;
    if (!IsAsciiAlnum(c)) {
      return Invalid(field, "may contain only letters, digits, spaces and -");
    }
    out.push_back(absl::ascii_toupper(static_cast<unsigned char>(c)));
  }
  if (out.size() < 4 || out.size() > 32) {
    return Invalid(field, "must have 4 to 32 letters and digits");
  }
  return out;
}

absl::Status ValidateCountryCode(absl::string_view field,
                                 absl::string_view code) {
  if (code.empty()) return absl::OkStatus();
  bool ok = code.size() == 2 || code.size() == 3;
  for (char c : code) ok = ok && c >= 'A' && c <= 'Z';
  if (!ok) return Invalid(field, "must be an ISO 3166 code such as CN");
  return absl::OkStatus();
}

IdentityDocument MakeIdentityDocument(absl::string_view pepper,
                                      IdentityDocumentType type,
                                      absl::string_view issuing_country,
                                      absl::string_view normalized_number) {
  IdentityDocument doc;
  doc.type = type;
  doc.issuing_country = std::string(issuing_country);
  doc.number_hmac = Base64UrlEncode(HmacSha256(
      pepper, absl::StrCat(IdentityDocumentTypeName(type), ":", issuing_country,
                           ":", normalized_number)));
  doc.number_last4 = std::string(normalized_number.substr(
      normalized_number.size() > 4 ? normalized_number.size() - 4 : 0));
  return doc;
}

// --- derived standing
// ----------------------------------------------------------------

bool IsBirthdayToday(int month, int day, absl::Time now,
                     absl::TimeZone site_zone) {
  if (month < 1 || month > 12 || day < 1) return false;
  const absl::CivilDay today = absl::ToCivilDay(now, site_zone);
  if (today.month() != month) return false;
  if (today.day() == day) return true;
  // 29 February in a common year: celebrate on the 28th.
  return month == 2 && day == 29 && today.day() == 28 &&
         DaysInMonth(static_cast<int>(today.year()), 2) == 28;
}

bool PreferenceChanges(const std::optional<Preference>& current,
                       const Preference& incoming) {
  return !current || current->value != incoming.value ||
         current->source != incoming.source;
}

// --- privacy
// ----------------------------------------------------------------------

GuestView GuestViewFor(Role role) {
  switch (role) {
    case Role::kGroupAdmin:
    case Role::kAdmin:
    case Role::kManager:
    case Role::kReception:
      return {.contact = true,
              .birth_year = true,
              .birthday = true,
              .identity_documents = true};
    case Role::kPartner:
      return {.contact = true, .birth_year = true, .birthday = true};
    case Role::kSupervisor:
      return {.contact = true, .birthday = true};
    case Role::kStaff:
      return {.birthday = true};
    case Role::kFinance:
    case Role::kResident:
    case Role::kGuest:
      return {};
  }
  return {};
}

std::vector<std::string> MaskGuest(const GuestView& view, Guest* guest) {
  std::vector<std::string> masked;
  if (!view.contact) {
    guest->phone.clear();
    guest->email.clear();
    guest->loyalty_number.clear();
    masked.insert(masked.end(), {"phone", "email", "loyalty_number"});
  }
  if (!view.birthday) {
    guest->birthday = BirthDate{};
    masked.push_back("birthday");
  } else if (!view.birth_year) {
    guest->birthday.year = 0;
    masked.push_back("birthday.year");
  }
  if (!view.identity_documents) {
    guest->documents.clear();
    masked.push_back("identity_documents");
  }
  return masked;
}

absl::Status CheckMayRead(Role role, absl::string_view field_label,
                          absl::string_view path) {
  const GuestView view = GuestViewFor(role);
  bool allowed = true;
  if (path == "phone" || path == "email" || path == "loyalty_number") {
    allowed = view.contact;
  } else if (path == "birthday.year") {
    allowed = view.birth_year;
  } else if (path == "birthday" || path == "birthday.month" ||
             path == "birthday.day") {
    allowed = view.birthday;
  } else if (path == "identity_documents" ||
             path.substr(0, 19) == "identity_documents.") {
    allowed = view.identity_documents;
  }
  if (allowed) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat(field_label, ": role ", RoleName(role), " may not read ",
                   path, " (personal data)"));
}

bool MayRecordConsumption(Role role, absl::string_view department_code) {
  switch (role) {
    case Role::kGroupAdmin:
    case Role::kAdmin:
    case Role::kManager:
    case Role::kReception:
    case Role::kPartner:
      return true;
    case Role::kSupervisor:
    case Role::kStaff:
      return department_code == "FRONT_DESK" ||
             department_code == "FOOD_AND_BEVERAGE" ||
             department_code == "HOUSEKEEPING";
    default:
      return false;
  }
}

// --- merge and erasure
// -----------------------------------------------------------

Guest MergeProfiles(const Guest& survivor, const Guest& duplicate) {
  Guest merged = survivor;
  auto fill = [](std::string& into, const std::string& from) {
    if (into.empty()) into = from;
  };
  fill(merged.chinese_name, duplicate.chinese_name);
  fill(merged.latin_name, duplicate.latin_name);
  fill(merged.address_zh, duplicate.address_zh);
  fill(merged.address_en, duplicate.address_en);
  fill(merged.phone, duplicate.phone);
  fill(merged.email, duplicate.email);
  fill(merged.language, duplicate.language);
  fill(merged.loyalty_number, duplicate.loyalty_number);
  fill(merged.accessibility_note, duplicate.accessibility_note);
  if (merged.birthday.empty()) {
    merged.birthday = duplicate.birthday;
  } else if (merged.birthday.year == 0 &&
             merged.birthday.month == duplicate.birthday.month &&
             merged.birthday.day == duplicate.birthday.day) {
    merged.birthday.year = duplicate.birthday.year;
  }
  merged.vip_level = std::max(survivor.vip_level, duplicate.vip_level);
  for (AccessibilityNeed need : duplicate.accessibility) {
    if (std::find(merged.accessibility.begin(), merged.accessibility.end(),
                  need) == merged.accessibility.end()) {
      merged.accessibility.push_back(need);
    }
  }
  return merged;
}

bool IsAnonymousPreferenceValue(absl::string_view value) {
  if (value.empty() || value.size() > 32) return false;
  for (char c : value) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '.' || c == '-')) {
      return false;
    }
  }
  return true;
}

}  // namespace concierge::domain
