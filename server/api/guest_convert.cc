#include "server/api/guest_convert.h"

#include <google/protobuf/util/field_mask_util.h>

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/strip.h"
#include "server/api/convert.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"
#include "server/store/directory_repository.h"

namespace concierge::api {
namespace {

// "GetGuestProfile" of "/concierge.v1.GuestProfileService/GetGuestProfile".
std::string ShortMethod(absl::string_view method) {
  const size_t slash = method.rfind('/');
  return std::string(
      slash == absl::string_view::npos ? method : method.substr(slash + 1));
}

constexpr int kDefaultBriefNotes = 5;
constexpr int kMaxBriefNotes = 20;

}  // namespace

// --- names -------------------------------------------------------------------

std::string SiteNameOrEmpty(int64_t site) {
  return site == 0 ? std::string() : SiteName(site);
}

store::Reader ReaderOf(const Call& call) {
  return store::Reader{domain::ActorKey(call.principal),
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
  out->set_recorded_by(ActorName(p.recorded_by));
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
  out->set_author(ActorName(n.author));
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

// --- GuestProfileService's wire
// -----------------------------------------------

absl::StatusOr<int64_t> ParseGuestName(absl::string_view field,
                                       absl::string_view name) {
  CONCIERGE_ASSIGN_OR_RETURN(auto ids, ParseName<1>(field, name, {"guests"}));
  return ids[0];
}

v1::ConsumptionKind ToProto(domain::ConsumptionKind k) {
  return EnumToProto<v1::ConsumptionKind>(domain::ConsumptionKindName(k),
                                          "CONSUMPTION_KIND_",
                                          v1::ConsumptionKind_Parse);
}
v1::TravelPurpose ToProto(domain::TravelPurpose p) {
  return EnumToProto<v1::TravelPurpose>(
      domain::TravelPurposeName(p), "TRAVEL_PURPOSE_", v1::TravelPurpose_Parse);
}
v1::IdentityDocumentType ToProto(domain::IdentityDocumentType t) {
  return EnumToProto<v1::IdentityDocumentType>(
      domain::IdentityDocumentTypeName(t), "IDENTITY_DOCUMENT_TYPE_",
      v1::IdentityDocumentType_Parse);
}

void ToProto(const domain::Guest& g, const domain::GuestView& view,
             v1::Guest* out) {
  domain::Guest shown = g;
  const std::vector<std::string> masked = domain::MaskGuest(view, &shown);
  out->set_name(GuestName(g.id));
  out->set_chinese_name(shown.chinese_name);
  out->set_latin_name(shown.latin_name);
  out->mutable_form_of_address()->set_zh(shown.address_zh);
  out->mutable_form_of_address()->set_en(shown.address_en);
  out->set_phone(shown.phone);
  out->set_email(shown.email);
  out->set_language(shown.language);
  out->set_vip_level(shown.vip_level);
  out->set_loyalty_number(shown.loyalty_number);
  if (!shown.birthday.empty()) {
    out->mutable_birthday()->set_year(shown.birthday.year);
    out->mutable_birthday()->set_month(shown.birthday.month);
    out->mutable_birthday()->set_day(shown.birthday.day);
  }
  for (domain::AccessibilityNeed n : shown.accessibility) {
    out->add_accessibility_needs(ToProto(n));
  }
  out->set_accessibility_note(shown.accessibility_note);
  for (const domain::IdentityDocument& d : shown.documents) {
    v1::IdentityDocument* doc = out->add_identity_documents();
    doc->set_type(ToProto(d.type));
    doc->set_issuing_country(d.issuing_country);
    doc->set_number_last4(d.number_last4);
  }
  api::ToProto(g.create_time, out->mutable_create_time());
  api::ToProto(g.update_time, out->mutable_update_time());
  out->set_etag(absl::StrCat(g.version));
  out->set_erased(g.erased());
  if (g.erase_time) {
    api::ToProto(*g.erase_time, out->mutable_erase_time());
    out->set_erased_by(ActorName(g.erased_by));
  }
  for (const std::string& field : masked) out->add_masked_fields(field);
}

void ToProto(const domain::Stay& s, v1::Stay* out) {
  out->set_name(StayName(s.site_id, s.id));
  out->set_guest(GuestName(s.guest_id));
  out->set_room_number(s.room_number);
  api::ToProto(s.check_in_time, out->mutable_check_in_time());
  if (s.expected_check_out_time) {
    api::ToProto(*s.expected_check_out_time,
                 out->mutable_expected_check_out_time());
  }
  if (s.check_out_time) {
    api::ToProto(*s.check_out_time, out->mutable_check_out_time());
  }
  out->mutable_party()->set_adults(s.party.adults);
  out->mutable_party()->set_children(s.party.children);
  out->mutable_party()->set_infants(s.party.infants);
  out->set_purpose(ToProto(s.purpose));
  out->set_open(s.open());
}

void ToProto(const domain::ConsumptionEntry& c, v1::ConsumptionEntry* out) {
  out->set_name(GuestChildName(c.guest_id, "consumption", c.id));
  out->set_stay(StayName(c.site_id, c.stay_id));
  out->set_kind(ToProto(c.kind));
  out->set_description(c.description);
  api::ToProto(c.amount, out->mutable_amount());
  out->set_recorded_by(ActorName(c.recorded_by));
  out->set_site(SiteName(c.site_id));
  api::ToProto(c.record_time, out->mutable_record_time());
}

// Guest fields of a request (`prefix` names them in errors); documents need
// the pepper and are converted by ParseDocuments.
absl::StatusOr<domain::Guest> GuestFromProto(absl::string_view prefix,
                                             const v1::Guest& in) {
  domain::Guest g;
  g.chinese_name = in.chinese_name();
  g.latin_name = in.latin_name();
  g.address_zh = in.form_of_address().zh();
  g.address_en = in.form_of_address().en();
  g.phone = in.phone();
  g.email = in.email();
  g.language = in.language();
  g.vip_level = in.vip_level();
  g.loyalty_number = in.loyalty_number();
  g.birthday = {in.birthday().year(), in.birthday().month(),
                in.birthday().day()};
  g.accessibility_note = in.accessibility_note();
  for (int i = 0; i < in.accessibility_needs_size(); ++i) {
    auto need = EnumFromProto<domain::AccessibilityNeed>(
        in.accessibility_needs(i),
        [](int v) { return v1::AccessibilityNeed_Name(v); },
        "ACCESSIBILITY_NEED_", domain::AccessibilityNeedFromName);
    if (!need) {
      return absl::InvalidArgumentError(absl::StrCat(
          prefix, ".accessibility_needs[", i, "]: unknown or unspecified"));
    }
    if (std::find(g.accessibility.begin(), g.accessibility.end(), *need) ==
        g.accessibility.end()) {
      g.accessibility.push_back(*need);
    }
  }
  return g;
}

absl::StatusOr<domain::IdentityDocument> ParseDocument(
    absl::string_view field, const v1::IdentityDocument& in,
    absl::string_view pepper) {
  auto type = EnumFromProto<domain::IdentityDocumentType>(
      in.type(), [](int v) { return v1::IdentityDocumentType_Name(v); },
      "IDENTITY_DOCUMENT_TYPE_", domain::IdentityDocumentTypeFromName);
  if (!type) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ".type: must be PASSPORT, NATIONAL_ID, TRAVEL_PERMIT or OTHER"));
  }
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateCountryCode(
      absl::StrCat(field, ".issuing_country"), in.issuing_country()));
  CONCIERGE_ASSIGN_OR_RETURN(std::string number,
                             domain::NormalizeDocumentNumber(
                                 absl::StrCat(field, ".number"), in.number()));
  return domain::MakeIdentityDocument(pepper, *type, in.issuing_country(),
                                      number);
}

absl::StatusOr<std::vector<domain::IdentityDocument>> ParseDocuments(
    absl::string_view prefix,
    const google::protobuf::RepeatedPtrField<v1::IdentityDocument>& in,
    absl::string_view pepper) {
  std::vector<domain::IdentityDocument> documents;
  std::set<std::string> seen;
  for (int i = 0; i < in.size(); ++i) {
    const std::string field =
        absl::StrCat(prefix, ".identity_documents[", i, "]");
    CONCIERGE_ASSIGN_OR_RETURN(domain::IdentityDocument doc,
                               ParseDocument(field, in[i], pepper));
    if (!seen.insert(doc.number_hmac).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": the same document is given twice"));
    }
    documents.push_back(std::move(doc));
  }
  return documents;
}

absl::StatusOr<usecase::RoomRef> ParseRoom(const Call& call,
                                           const std::string& site,
                                           const std::string& room) {
  usecase::RoomRef ref;
  CONCIERGE_ASSIGN_OR_RETURN(ref.site_id, ParseSiteName("site", site));
  CONCIERGE_RETURN_IF_ERROR(RequireSite(call, ref.site_id));
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateRoomNumber("room_number", room));
  ref.room_number = room;
  return ref;
}

// What GetRoomGuestBrief asks of the room brief reader.
absl::StatusOr<store::RoomBriefQuery> BriefQueryOf(
    const Call& call, const v1::GetRoomGuestBriefRequest& request) {
  CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, "HOTEL"));
  CONCIERGE_ASSIGN_OR_RETURN(
      usecase::RoomRef room,
      ParseRoom(call, request.site(), request.room_number()));
  int note_limit = request.note_limit();
  if (note_limit < 0 || note_limit > kMaxBriefNotes) {
    return absl::InvalidArgumentError(
        absl::StrCat("note_limit: must be 0 to ", kMaxBriefNotes));
  }
  if (note_limit == 0) note_limit = kDefaultBriefNotes;
  return store::RoomBriefQuery{room.site_id, room.room_number, note_limit,
                               ReaderOf(call)};
}

absl::StatusOr<usecase::StayRef> ParseStayRef(const Call& call,
                                              absl::string_view field,
                                              const std::string& name,
                                              const std::string& site,
                                              const std::string& room) {
  usecase::StayRef ref;
  if (!name.empty()) {
    if (!site.empty() || !room.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ": give the stay's name or site and room_number, not both"));
    }
    CONCIERGE_ASSIGN_OR_RETURN(auto ids, ParseSiteChild(field, name, "stays"));
    CONCIERGE_RETURN_IF_ERROR(RequireSite(call, ids[0]));
    ref.site_id = ids[0];
    ref.stay_id = ids[1];
    return ref;
  }
  if (site.empty() && room.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": give the stay's name or site and room_number"));
  }
  CONCIERGE_ASSIGN_OR_RETURN(usecase::RoomRef r, ParseRoom(call, site, room));
  ref.site_id = r.site_id;
  ref.room = r;
  return ref;
}

// Every Guest path a read_mask may name.
bool IsGuestPath(const std::string& path) {
  return google::protobuf::util::FieldMaskUtil::GetFieldDescriptors(
      v1::Guest::descriptor(), path, nullptr);
}

void ToProto(const domain::ProfileAccess& a, v1::ProfileAccess* out) {
  out->set_guest(GuestName(a.guest_id));
  out->set_principal(ActorName(a.principal));
  out->set_method(a.method);
  out->set_site(SiteNameOrEmpty(a.site_id));
  ToProto(a.access_time, out->mutable_access_time());
}

void ToProto(const usecase::GuestProfile& profile, domain::Role role,
             const google::protobuf::FieldMask& read_mask,
             v1::GuestProfile* response) {
  const domain::Guest& guest = profile.guest;
  v1::Guest* out = response->mutable_guest();
  ToProto(guest, domain::GuestViewFor(role), out);
  if (read_mask.paths_size() > 0) {
    google::protobuf::util::FieldMaskUtil::TrimMessage(read_mask, out);
    out->set_name(GuestName(guest.id));
    out->set_etag(absl::StrCat(guest.version));
  }
  response->set_completed_stays(static_cast<int32_t>(profile.stats.completed));
  response->set_regular(domain::IsRegular(profile.stats.completed));
  for (const domain::Stay& s : profile.stats.open)
    ToProto(s, response->add_open_stays());
  for (domain::TravelPurpose p : profile.stats.purposes) {
    response->add_purposes_of_travel(ToProto(p));
  }
  for (const domain::Preference& p : profile.preferences) {
    ToProto(p, response->add_preferences());
  }
  for (const domain::Note& n : profile.notes) ToProto(n, response->add_notes());
  for (const domain::ConsumptionEntry& c : profile.consumption) {
    ToProto(c, response->add_consumption());
  }
  for (const domain::Money& total : profile.consumption_totals) {
    ToProto(total, response->add_consumption_totals());
  }
  for (int64_t merged : profile.merged_guests) {
    response->add_merged_guests(GuestName(merged));
  }
}

void ToProto(const usecase::Observed& observed,
             v1::RecordObservationResponse* out) {
  out->set_guest(GuestName(observed.guest_id));
  if (observed.note) ToProto(*observed.note, out->mutable_note());
  for (const domain::Preference& p : observed.preferences) {
    ToProto(p, out->add_preferences());
  }
}

absl::StatusOr<usecase::GuestUpdate> GuestUpdateFrom(
    const v1::UpdateGuestRequest& request, absl::string_view pepper) {
  const v1::Guest& in = request.guest();
  usecase::GuestUpdate update;
  CONCIERGE_ASSIGN_OR_RETURN(update.guest_id,
                             ParseGuestName("guest.name", in.name()));
  if (in.etag().empty() ||
      !absl::SimpleAtoi(in.etag(), &update.expected_version)) {
    return absl::InvalidArgumentError(
        "guest.etag: is required (the etag of the version you read)");
  }
  if (request.update_mask().paths_size() == 0) {
    return absl::InvalidArgumentError(
        "update_mask: name at least one field to change");
  }
  CONCIERGE_ASSIGN_OR_RETURN(update.given, GuestFromProto("guest", in));
  for (const std::string& path : request.update_mask().paths()) {
    update.paths.push_back(path);
    if (path == "identity_documents") {
      CONCIERGE_ASSIGN_OR_RETURN(
          update.documents,
          ParseDocuments("guest", in.identity_documents(), pepper));
    }
  }
  return update;
}

absl::StatusOr<store::GuestSearch> SearchFrom(
    domain::Role role, const v1::SearchGuestsRequest& request,
    absl::string_view pepper) {
  store::GuestSearch search;
  CONCIERGE_RETURN_IF_ERROR(
      domain::ValidateText("query", request.query(), domain::kOptionalName));
  search.name_part = std::string(absl::StripAsciiWhitespace(request.query()));
  if (!request.phone().empty()) {
    CONCIERGE_RETURN_IF_ERROR(domain::CheckMayRead(role, "phone", "phone"));
    CONCIERGE_RETURN_IF_ERROR(
        domain::ValidatePhone("phone", request.phone(), false));
    for (char c : request.phone()) {
      if (c >= '0' && c <= '9') search.phone_digits.push_back(c);
    }
    if (search.phone_digits.size() < 6) {
      return absl::InvalidArgumentError("phone: give at least 6 digits");
    }
  }
  if (!request.loyalty_number().empty()) {
    CONCIERGE_RETURN_IF_ERROR(
        domain::CheckMayRead(role, "loyalty_number", "loyalty_number"));
    search.loyalty_number = request.loyalty_number();
  }
  if (request.has_identity_document()) {
    CONCIERGE_RETURN_IF_ERROR(
        domain::CheckMayRead(role, "identity_document", "identity_documents"));
    CONCIERGE_ASSIGN_OR_RETURN(
        domain::IdentityDocument doc,
        ParseDocument("identity_document", request.identity_document(),
                      pepper));
    search.document_hmac = doc.number_hmac;
  }
  if (search.name_part.empty() && search.phone_digits.empty() &&
      search.loyalty_number.empty() && search.document_hmac.empty()) {
    return absl::InvalidArgumentError(
        "query: give a name, phone, loyalty number or identity document");
  }
  return search;
}

absl::StatusOr<domain::Stay> StayFrom(int64_t site_id, const v1::Stay& in) {
  domain::Stay stay;
  stay.site_id = site_id;
  stay.room_number = in.room_number();
  CONCIERGE_RETURN_IF_ERROR(
      domain::ValidateRoomNumber("stay.room_number", stay.room_number));
  stay.party = {in.party().adults(), in.party().children(),
                in.party().infants()};
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateParty("stay.party", stay.party));
  auto purpose = EnumFromProto<domain::TravelPurpose>(
      in.purpose(), [](int v) { return v1::TravelPurpose_Name(v); },
      "TRAVEL_PURPOSE_", domain::TravelPurposeFromName);
  if (!purpose) {
    return absl::InvalidArgumentError("stay.purpose: unknown value");
  }
  stay.purpose = *purpose;
  if (in.has_expected_check_out_time()) {
    CONCIERGE_ASSIGN_OR_RETURN(stay.expected_check_out_time,
                               FromProto("stay.expected_check_out_time",
                                         in.expected_check_out_time()));
  }
  return stay;
}

absl::StatusOr<usecase::Observation> ObservationFrom(
    const Call& call, const v1::RecordObservationRequest& request) {
  usecase::Observation observation;
  if (!request.guest().empty()) {
    if (!request.site().empty() || !request.room_number().empty()) {
      return absl::InvalidArgumentError(
          "guest: give a guest or site and room_number, not both");
    }
    CONCIERGE_ASSIGN_OR_RETURN(observation.guest_id,
                               ParseGuestName("guest", request.guest()));
  } else if (request.site().empty() && request.room_number().empty()) {
    return absl::InvalidArgumentError(
        "guest: give a guest or site and room_number");
  } else {
    CONCIERGE_ASSIGN_OR_RETURN(
        observation.room,
        ParseRoom(call, request.site(), request.room_number()));
  }
  observation.text = request.note();
  if (!observation.text.empty()) {
    CONCIERGE_RETURN_IF_ERROR(
        domain::ValidateNoteText("note", observation.text));
  }
  std::vector<domain::Preference>& preferences = observation.preferences;
  for (int i = 0; i < request.preferences_size(); ++i) {
    const v1::Preference& in = request.preferences(i);
    const std::string field = absl::StrCat("preferences[", i, "]");
    domain::Preference p;
    CONCIERGE_ASSIGN_OR_RETURN(
        p.category,
        CategoryFromProto(absl::StrCat(field, ".category"), in.category()));
    if (in.source() == v1::PREFERENCE_SOURCE_UNSPECIFIED ||
        in.source() == v1::PREFERENCE_SOURCE_OBSERVED) {
      p.source = domain::PreferenceSource::kObserved;
    } else if (in.source() == v1::PREFERENCE_SOURCE_STATED) {
      p.source = domain::PreferenceSource::kStated;
    } else if (in.source() == v1::PREFERENCE_SOURCE_LEARNED) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ".source: LEARNED preferences are recorded by the system"));
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".source: must be STATED or OBSERVED"));
    }
    p.key = in.key();
    p.value = in.value();
    CONCIERGE_RETURN_IF_ERROR(domain::ValidatePreference(field, p));
    for (const domain::Preference& earlier : preferences) {
      if (earlier.category == p.category && earlier.key == p.key) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ".key: \"", p.key, "\" is given twice"));
      }
    }
    preferences.push_back(std::move(p));
  }
  if (observation.text.empty() && preferences.empty()) {
    return absl::InvalidArgumentError(
        "note: give a note or at least one preference");
  }
  return observation;
}

absl::StatusOr<domain::ConsumptionEntry> ConsumptionFrom(
    const v1::ConsumptionEntry& in) {
  domain::ConsumptionEntry entry;
  auto kind = EnumFromProto<domain::ConsumptionKind>(
      in.kind(), [](int v) { return v1::ConsumptionKind_Name(v); },
      "CONSUMPTION_KIND_", domain::ConsumptionKindFromName);
  if (!kind) {
    return absl::InvalidArgumentError(
        "entry.kind: must be MINIBAR, PAID_SERVICE or OTHER");
  }
  entry.kind = *kind;
  entry.description = in.description();
  entry.amount = FromProto(in.amount(), "");
  return entry;
}

}  // namespace concierge::api
