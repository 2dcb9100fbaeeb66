#include "server/api/guest_convert.h"

#include "server/api/convert.h"
#include "server/common/resource_names.h"
#include "server/store/directory_repository.h"

namespace concierge::api {
namespace {

// "GetGuestProfile" of "/concierge.v1.GuestProfileService/GetGuestProfile".
std::string ShortMethod(absl::string_view method) {
  const size_t slash = method.rfind('/');
  return std::string(
      slash == absl::string_view::npos ? method : method.substr(slash + 1));
}

}  // namespace

// --- names -------------------------------------------------------------------

std::string GuestName(int64_t id) { return absl::StrCat("guests/", id); }
std::string StayName(int64_t site, int64_t id) {
  return SiteChildName(site, "stays", id);
}
std::string GuestChildName(int64_t guest, absl::string_view collection,
                           int64_t id) {
  return absl::StrCat("guests/", guest, "/", collection, "/", id);
}
std::string SiteNameOrEmpty(int64_t site) {
  return site == 0 ? std::string() : SiteName(site);
}

store::Reader ReaderOf(const Call& call) {
  return store::Reader{usecase::PrincipalName(call.principal),
                       ShortMethod(call.method), call.principal.site_id,
                       call.now};
}

// --- enums -------------------------------------------------------------------

absl::StatusOr<domain::PreferenceCategory> CategoryFromProto(
    absl::string_view field, int value) {
  auto c = EnumFromProto<domain::PreferenceCategory>(
      value, [](int v) { return v1::PreferenceCategory_Name(v); },
      "PREFERENCE_CATEGORY_", domain::PreferenceCategoryFromName);
  if (!c) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": must be ROOM, FOOD_AND_BEVERAGE, AMENITY or SERVICE (got ",
        value, ")"));
  }
  return *c;
}

v1::PreferenceCategory ToProto(domain::PreferenceCategory c) {
  return EnumToProto<v1::PreferenceCategory>(domain::PreferenceCategoryName(c),
                                             "PREFERENCE_CATEGORY_",
                                             v1::PreferenceCategory_Parse);
}
v1::PreferenceSource ToProto(domain::PreferenceSource s) {
  return EnumToProto<v1::PreferenceSource>(domain::PreferenceSourceName(s),
                                           "PREFERENCE_SOURCE_",
                                           v1::PreferenceSource_Parse);
}
v1::AccessibilityNeed ToProto(domain::AccessibilityNeed n) {
  return EnumToProto<v1::AccessibilityNeed>(domain::AccessibilityNeedName(n),
                                            "ACCESSIBILITY_NEED_",
                                            v1::AccessibilityNeed_Parse);
}

// --- facts -------------------------------------------------------------------

void ToProto(const domain::Preference& p, v1::Preference* out) {
  out->set_name(GuestChildName(p.guest_id, "preferences", p.id));
  out->set_category(ToProto(p.category));
  out->set_key(p.key);
  out->set_value(p.value);
  out->set_source(ToProto(p.source));
  out->set_recorded_by(p.recorded_by);
  out->set_site(SiteNameOrEmpty(p.site_id));
  ToProto(p.record_time, out->mutable_record_time());
  if (p.superseded_by != 0) {
    out->set_superseded_by(
        GuestChildName(p.guest_id, "preferences", p.superseded_by));
  }
  if (p.supersede_time) {
    ToProto(*p.supersede_time, out->mutable_supersede_time());
  }
}

void ToProto(const domain::Note& n, v1::Note* out) {
  out->set_name(GuestChildName(n.guest_id, "notes", n.id));
  out->set_text(n.text);
  out->set_department(n.department);
  out->set_author(n.author);
  out->set_site(SiteNameOrEmpty(n.site_id));
  ToProto(n.create_time, out->mutable_create_time());
  out->set_redacted(n.redacted);
}

void BriefToProto(const store::RoomBrief& brief, int64_t site_id,
                  absl::Time now, v1::RoomGuestBrief* out) {
  const domain::Guest& g = brief.guest;
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(brief.site_time_zone, &zone)) {
    zone = absl::UTCTimeZone();
  }
  out->set_site(SiteName(site_id));
  out->set_room_number(brief.stay.room_number);
  out->set_stay(StayName(site_id, brief.stay.id));
  out->set_guest(GuestName(g.id));
  // How to address the guest, falling back to the names.
  const std::string fallback_zh =
      g.chinese_name.empty() ? g.latin_name : g.chinese_name;
  const std::string fallback_en =
      g.latin_name.empty() ? g.chinese_name : g.latin_name;
  out->mutable_form_of_address()->set_zh(g.address_zh.empty() ? fallback_zh
                                                              : g.address_zh);
  out->mutable_form_of_address()->set_en(g.address_en.empty() ? fallback_en
                                                              : g.address_en);
  out->set_chinese_name(g.chinese_name);
  out->set_latin_name(g.latin_name);
  out->set_language(g.language);
  out->set_vip_level(g.vip_level);
  out->set_regular(domain::IsRegular(brief.completed_stays));
  out->set_birthday_today(
      domain::IsBirthdayToday(g.birthday.month, g.birthday.day, now, zone));
  const domain::Party& party = brief.stay.party;
  out->mutable_party()->set_adults(party.adults);
  out->mutable_party()->set_children(party.children);
  out->mutable_party()->set_infants(party.infants);
  out->set_travelling_with_infant(party.infants > 0);
  for (domain::AccessibilityNeed n : g.accessibility) {
    out->add_accessibility_needs(ToProto(n));
  }
  out->set_accessibility_note(g.accessibility_note);
  for (const domain::Preference& p : brief.preferences) {
    ToProto(p, out->add_preferences());
  }
  for (const domain::Note& n : brief.notes) ToProto(n, out->add_recent_notes());
  ToProto(brief.stay.check_in_time, out->mutable_check_in_time());
  if (brief.stay.expected_check_out_time) {
    ToProto(*brief.stay.expected_check_out_time,
            out->mutable_expected_check_out_time());
  }
}

}  // namespace concierge::api
