#include "server/api/guest_service.h"

#include <google/protobuf/util/field_mask_util.h>

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "server/api/convert.h"
#include "server/api/guest_convert.h"
#include "server/common/etag.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/guests.h"
#include "server/domain/text.h"
#include "server/store/directory_repository.h"
#include "server/store/guest_repository.h"
#include "server/store/housekeeping_repository.h"

namespace concierge::api {
namespace {

// The shared conversions (guest_convert.h) overload these names too.
using ::concierge::api::ToProto;

#define GUEST_RPC(name) "/concierge.v1.GuestProfileService/" name

constexpr char kCreateGuest[] = GUEST_RPC("CreateGuest");
constexpr char kGetGuestProfile[] = GUEST_RPC("GetGuestProfile");
constexpr char kUpdateGuest[] = GUEST_RPC("UpdateGuest");
constexpr char kSearchGuests[] = GUEST_RPC("SearchGuests");
constexpr char kMergeGuests[] = GUEST_RPC("MergeGuests");
constexpr char kEraseGuest[] = GUEST_RPC("EraseGuest");
constexpr char kCheckIn[] = GUEST_RPC("CheckIn");
constexpr char kCheckOut[] = GUEST_RPC("CheckOut");
constexpr char kListStays[] = GUEST_RPC("ListStays");
constexpr char kRecordObservation[] = GUEST_RPC("RecordObservation");
constexpr char kListPreferenceHistory[] = GUEST_RPC("ListPreferenceHistory");
constexpr char kRecordConsumption[] = GUEST_RPC("RecordConsumption");
constexpr char kGetRoomGuestBrief[] = GUEST_RPC("GetRoomGuestBrief");
constexpr char kListProfileAccess[] = GUEST_RPC("ListProfileAccess");

#undef GUEST_RPC

constexpr char kHotel[] = "HOTEL";
// The profile shows this many of the newest notes and consumption entries.
constexpr int kProfileRecentItems = 50;
constexpr int kDefaultBriefNotes = 5;
constexpr int kMaxBriefNotes = 20;

// --- names
// ---------------------------------------------------------------------

absl::StatusOr<int64_t> ParseGuestName(absl::string_view field,
                                       absl::string_view name) {
  CONCIERGE_ASSIGN_OR_RETURN(auto ids, ParseName<1>(field, name, {"guests"}));
  return ids[0];
}

// --- enums: the domain names are the proto names without their prefix
// -----------

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

// --- proto <-> domain
// ---------------------------------------------------------------

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
    out->set_erased_by(g.erased_by);
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
  out->set_recorded_by(c.recorded_by);
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

// ALREADY_EXISTS when the loyalty number or a document belongs to a guest
// other than `self` (0 for a new guest).
absl::Status CheckUnique(soci::session& sql, absl::string_view prefix,
                         const domain::Guest& guest, int64_t self) {
  if (!guest.loyalty_number.empty()) {
    auto holder = store::FindGuestIdByLoyaltyNumber(sql, guest.loyalty_number);
    if (holder && *holder != self) {
      return absl::AlreadyExistsError(absl::StrCat(
          prefix, ".loyalty_number: already belongs to ", GuestName(*holder)));
    }
  }
  for (size_t i = 0; i < guest.documents.size(); ++i) {
    auto holder =
        store::FindGuestIdByDocument(sql, guest.documents[i].number_hmac);
    if (holder && *holder != self) {
      return absl::AlreadyExistsError(
          absl::StrCat(prefix, ".identity_documents[", i,
                       "]: already on file for ", GuestName(*holder)));
    }
  }
  return absl::OkStatus();
}

// --- loading guests
// ---------------------------------------------------------------------

// For reads: a tombstone answers for its survivor.
absl::StatusOr<domain::Guest> GuestForRead(soci::session& sql,
                                           absl::string_view field,
                                           int64_t id) {
  std::optional<domain::Guest> guest = store::FindGuest(sql, id);
  if (guest && guest->merged())
    guest = store::FindGuest(sql, guest->merged_into);
  if (!guest) {
    return absl::NotFoundError(
        absl::StrCat(field, ": ", GuestName(id), " not found"));
  }
  return *guest;
}

enum class OnMerged { kFollow, kRefuse };

// For writes: locks the guest (or, with kFollow, a tombstone's survivor);
// an erased guest takes no new facts.
absl::StatusOr<domain::Guest> GuestForWrite(soci::session& sql,
                                            absl::string_view field, int64_t id,
                                            OnMerged on_merged) {
  std::optional<domain::Guest> guest = store::LockGuest(sql, id);
  if (guest && guest->merged()) {
    if (on_merged == OnMerged::kRefuse) {
      return absl::FailedPreconditionError(
          absl::StrCat(field, ": ", GuestName(id), " was merged into ",
                       GuestName(guest->merged_into), "; use that guest"));
    }
    guest = store::LockGuest(sql, guest->merged_into);
  }
  if (!guest) {
    return absl::NotFoundError(
        absl::StrCat(field, ": ", GuestName(id), " not found"));
  }
  if (guest->erased()) {
    return absl::FailedPreconditionError(
        absl::StrCat(field, ": ", GuestName(guest->id),
                     " was erased and takes no new facts"));
  }
  return *guest;
}

// A room of a site as the request gives it: "site" and "room_number".
struct RoomRef {
  int64_t site_id = 0;
  std::string room_number;
};

absl::StatusOr<RoomRef> ParseRoom(const Call& call, const std::string& site,
                                  const std::string& room) {
  RoomRef ref;
  CONCIERGE_ASSIGN_OR_RETURN(ref.site_id, ParseSiteName("site", site));
  CONCIERGE_RETURN_IF_ERROR(RequireSite(call, ref.site_id));
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateRoomNumber("room_number", room));
  ref.room_number = room;
  return ref;
}

absl::Status NoOpenStay(const RoomRef& room) {
  return absl::NotFoundError(
      absl::StrCat("room_number: no guest is checked in to room ",
                   room.room_number, " at ", SiteName(room.site_id)));
}

// What GetRoomGuestBrief asks of the room brief reader.
absl::StatusOr<store::RoomBriefQuery> BriefQueryOf(
    const Call& call, const v1::GetRoomGuestBriefRequest& request) {
  CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
  CONCIERGE_ASSIGN_OR_RETURN(
      RoomRef room, ParseRoom(call, request.site(), request.room_number()));
  int note_limit = request.note_limit();
  if (note_limit < 0 || note_limit > kMaxBriefNotes) {
    return absl::InvalidArgumentError(
        absl::StrCat("note_limit: must be 0 to ", kMaxBriefNotes));
  }
  if (note_limit == 0) note_limit = kDefaultBriefNotes;
  return store::RoomBriefQuery{room.site_id, room.room_number, note_limit,
                               ReaderOf(call)};
}

// A stay given as a name, or as site + room_number of an open stay.
struct StayRef {
  int64_t site_id = 0;
  int64_t stay_id = 0;          // when given by name
  std::optional<RoomRef> room;  // when given by room
};

absl::StatusOr<StayRef> ParseStayRef(const Call& call, absl::string_view field,
                                     const std::string& name,
                                     const std::string& site,
                                     const std::string& room) {
  StayRef ref;
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
  CONCIERGE_ASSIGN_OR_RETURN(RoomRef r, ParseRoom(call, site, room));
  ref.site_id = r.site_id;
  ref.room = r;
  return ref;
}

absl::StatusOr<domain::Stay> LoadStay(soci::session& sql,
                                      absl::string_view field,
                                      const StayRef& ref) {
  if (ref.room) {
    auto stay = store::FindOpenStay(sql, ref.site_id, ref.room->room_number);
    if (!stay) return NoOpenStay(*ref.room);
    return *stay;
  }
  auto stay = store::FindStay(sql, ref.site_id, ref.stay_id);
  if (!stay) {
    return absl::NotFoundError(absl::StrCat(
        field, ": ", StayName(ref.site_id, ref.stay_id), " not found"));
  }
  return *stay;
}

// Every Guest path a read_mask may name.
bool IsGuestPath(const std::string& path) {
  return google::protobuf::util::FieldMaskUtil::GetFieldDescriptors(
      v1::Guest::descriptor(), path, nullptr);
}

}  // namespace

// --- guests
// -----------------------------------------------------------------------------

grpc::Status GuestProfileServiceImpl::CreateGuest(
    grpc::ServerContext* context, const v1::CreateGuestRequest* request,
    v1::Guest* response) {
  return Serve(
      env_, context, kCreateGuest, [&](const Call& call) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        CONCIERGE_ASSIGN_OR_RETURN(domain::Guest guest,
                                   GuestFromProto("guest", request->guest()));
        CONCIERGE_ASSIGN_OR_RETURN(
            guest.documents,
            ParseDocuments("guest", request->guest().identity_documents(),
                           identity_pepper_));
        guest.create_time = call.now;
        guest.update_time = call.now;
        guest.created_by = usecase::PrincipalName(call.principal);
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateGuest("guest", guest, call.now));
        return env_.db->Transact(
            "CreateGuest", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(sql, call, *request, request->request_id(),
                             [&]() -> absl::StatusOr<std::string> {
                               CONCIERGE_RETURN_IF_ERROR(
                                   CheckUnique(sql, "guest", guest, 0));
                               guest = store::InsertGuest(sql, guest);
                               return GuestName(guest.id);
                             }));
              if (existing) {
                CONCIERGE_ASSIGN_OR_RETURN(int64_t id,
                                           ParseGuestName("guest", *existing));
                CONCIERGE_ASSIGN_OR_RETURN(
                    guest, Replayed(*existing, store::FindGuest(sql, id)));
                // A merged guest answers as its survivor.
                if (guest.merged()) {
                  CONCIERGE_ASSIGN_OR_RETURN(guest,
                                             GuestForRead(sql, "guest", id));
                }
              } else if (auto stored = store::FindGuest(sql, guest.id)) {
                guest = *stored;
              }
              ToProto(guest, domain::GuestViewFor(call.principal.role),
                      response);
              return absl::OkStatus();
            });
      });
}

grpc::Status GuestProfileServiceImpl::GetGuestProfile(
    grpc::ServerContext* context, const v1::GetGuestProfileRequest* request,
    v1::GuestProfile* response) {
  return Serve(
      env_, context, kGetGuestProfile, [&](const Call& call) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
        CONCIERGE_ASSIGN_OR_RETURN(int64_t id,
                                   ParseGuestName("name", request->name()));
        const bool partial =
            request->has_read_mask() && request->read_mask().paths_size() > 0;
        for (const std::string& path : request->read_mask().paths()) {
          if (!IsGuestPath(path)) {
            return absl::InvalidArgumentError(
                absl::StrCat("read_mask: \"", path.substr(0, 64),
                             "\" is not a Guest field"));
          }
          CONCIERGE_RETURN_IF_ERROR(
              domain::CheckMayRead(call.principal.role, "read_mask", path));
        }
        return env_.db->Transact(
            "GetGuestProfile", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(domain::Guest guest,
                                         GuestForRead(sql, "name", id));
              const store::StayStats stats = store::GetStayStats(sql, guest.id);
              v1::Guest* out = response->mutable_guest();
              ToProto(guest, domain::GuestViewFor(call.principal.role), out);
              if (partial) {
                google::protobuf::util::FieldMaskUtil::TrimMessage(
                    request->read_mask(), out);
                out->set_name(GuestName(guest.id));
                out->set_etag(absl::StrCat(guest.version));
              }
              response->set_completed_stays(
                  static_cast<int32_t>(stats.completed));
              response->set_regular(domain::IsRegular(stats.completed));
              for (const domain::Stay& s : stats.open)
                ToProto(s, response->add_open_stays());
              for (domain::TravelPurpose p : stats.purposes) {
                response->add_purposes_of_travel(ToProto(p));
              }
              for (const domain::Preference& p :
                   store::ListCurrentPreferences(sql, guest.id)) {
                ToProto(p, response->add_preferences());
              }
              for (const domain::Note& n :
                   store::ListRecentNotes(sql, guest.id, kProfileRecentItems)) {
                ToProto(n, response->add_notes());
              }
              for (const domain::ConsumptionEntry& c :
                   store::ListRecentConsumption(sql, guest.id,
                                                kProfileRecentItems)) {
                ToProto(c, response->add_consumption());
              }
              for (const domain::Money& total :
                   store::ConsumptionTotals(sql, guest.id)) {
                api::ToProto(total, response->add_consumption_totals());
              }
              for (int64_t merged : store::ListMergedInto(sql, guest.id)) {
                response->add_merged_guests(GuestName(merged));
              }
              store::LogProfileAccess(sql, {guest.id}, ReaderOf(call));
              return absl::OkStatus();
            });
      });
}

grpc::Status GuestProfileServiceImpl::UpdateGuest(
    grpc::ServerContext* context, const v1::UpdateGuestRequest* request,
    v1::Guest* response) {
  return ServeWrite(
      env_, context, kUpdateGuest, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
        const v1::Guest& in = request->guest();
        CONCIERGE_ASSIGN_OR_RETURN(int64_t id,
                                   ParseGuestName("guest.name", in.name()));
        int64_t expected_version = 0;
        if (in.etag().empty() ||
            !absl::SimpleAtoi(in.etag(), &expected_version)) {
          return absl::InvalidArgumentError(
              "guest.etag: is required (the etag of the version you read)");
        }
        if (request->update_mask().paths_size() == 0) {
          return absl::InvalidArgumentError(
              "update_mask: name at least one field to change");
        }
        CONCIERGE_ASSIGN_OR_RETURN(domain::Guest given,
                                   GuestFromProto("guest", in));
        bool documents_changed = false;
        std::vector<domain::IdentityDocument> documents;
        for (const std::string& path : request->update_mask().paths()) {
          if (path == "identity_documents") {
            CONCIERGE_ASSIGN_OR_RETURN(
                documents, ParseDocuments("guest", in.identity_documents(),
                                          identity_pepper_));
            documents_changed = true;
          }
        }
        return env_.db->Transact(
            "UpdateGuest", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(
                  domain::Guest current,
                  GuestForWrite(sql, "guest.name", id, OnMerged::kRefuse));
              domain::Guest updated = current;
              for (const std::string& path : request->update_mask().paths()) {
                if (path == "chinese_name") {
                  updated.chinese_name = given.chinese_name;
                } else if (path == "latin_name") {
                  updated.latin_name = given.latin_name;
                } else if (path == "form_of_address") {
                  updated.address_zh = given.address_zh;
                  updated.address_en = given.address_en;
                } else if (path == "phone") {
                  updated.phone = given.phone;
                } else if (path == "email") {
                  updated.email = given.email;
                } else if (path == "language") {
                  updated.language = given.language;
                } else if (path == "vip_level") {
                  updated.vip_level = given.vip_level;
                } else if (path == "loyalty_number") {
                  updated.loyalty_number = given.loyalty_number;
                } else if (path == "birthday") {
                  updated.birthday = given.birthday;
                } else if (path == "accessibility_needs") {
                  updated.accessibility = given.accessibility;
                } else if (path == "accessibility_note") {
                  updated.accessibility_note = given.accessibility_note;
                } else if (path == "identity_documents") {
                  updated.documents = documents;
                } else {
                  return absl::InvalidArgumentError(absl::StrCat(
                      "update_mask: unknown or read-only field \"",
                      path.substr(0, 64),
                      "\" (allowed: chinese_name, latin_name, form_of_address, "
                      "phone, "
                      "email, language, vip_level, loyalty_number, birthday, "
                      "accessibility_needs, accessibility_note, "
                      "identity_documents)"));
                }
              }
              CONCIERGE_RETURN_IF_ERROR(
                  domain::ValidateGuest("guest", updated, call.now));
              if (current.version != expected_version) {
                return StaleEtag("guest.etag", "guest");
              }
              CONCIERGE_RETURN_IF_ERROR(CheckUnique(sql, "guest", updated, id));
              std::optional<domain::Guest> stored =
                  store::UpdateGuest(sql, updated, expected_version, call.now);
              if (!stored) {
                return StaleEtag("guest.etag", "guest");
              }
              if (documents_changed) {
                store::ReplaceDocuments(sql, id, documents, call.now);
                stored = store::FindGuest(sql, id);
              }
              ToProto(*stored, domain::GuestViewFor(call.principal.role),
                      response);
              return absl::OkStatus();
            });
      });
}

grpc::Status GuestProfileServiceImpl::SearchGuests(
    grpc::ServerContext* context, const v1::SearchGuestsRequest* request,
    v1::SearchGuestsResponse* response) {
  return Serve(
      env_, context, kSearchGuests, [&](const Call& call) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
        const domain::Role role = call.principal.role;
        store::GuestSearch search;
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateText(
            "query", request->query(), domain::kOptionalName));
        search.name_part =
            std::string(absl::StripAsciiWhitespace(request->query()));
        if (!request->phone().empty()) {
          CONCIERGE_RETURN_IF_ERROR(
              domain::CheckMayRead(role, "phone", "phone"));
          CONCIERGE_RETURN_IF_ERROR(
              domain::ValidatePhone("phone", request->phone(), false));
          for (char c : request->phone()) {
            if (c >= '0' && c <= '9') search.phone_digits.push_back(c);
          }
          if (search.phone_digits.size() < 6) {
            return absl::InvalidArgumentError("phone: give at least 6 digits");
          }
        }
        if (!request->loyalty_number().empty()) {
          CONCIERGE_RETURN_IF_ERROR(
              domain::CheckMayRead(role, "loyalty_number", "loyalty_number"));
          search.loyalty_number = request->loyalty_number();
        }
        if (request->has_identity_document()) {
          CONCIERGE_RETURN_IF_ERROR(domain::CheckMayRead(
              role, "identity_document", "identity_documents"));
          CONCIERGE_ASSIGN_OR_RETURN(
              domain::IdentityDocument doc,
              ParseDocument("identity_document", request->identity_document(),
                            identity_pepper_));
          search.document_hmac = doc.number_hmac;
        }
        if (search.name_part.empty() && search.phone_digits.empty() &&
            search.loyalty_number.empty() && search.document_hmac.empty()) {
          return absl::InvalidArgumentError(
              "query: give a name, phone, loyalty number or identity document");
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return env_.db->Transact(
            "SearchGuests", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              auto page = store::SearchGuests(sql, search,
                                              {cursor.after_id, cursor.limit});
              std::vector<int64_t> ids;
              for (const domain::Guest& g : page.items) {
                ToProto(g, domain::GuestViewFor(role), response->add_guests());
                ids.push_back(g.id);
              }
              store::LogProfileAccess(sql, ids, ReaderOf(call));
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
      });
}

grpc::Status GuestProfileServiceImpl::MergeGuests(
    grpc::ServerContext* context, const v1::MergeGuestsRequest* request,
    v1::Guest* response) {
  return ServeWrite(
      env_, context, kMergeGuests, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
        CONCIERGE_ASSIGN_OR_RETURN(
            int64_t survivor_id,
            ParseGuestName("survivor", request->survivor()));
        CONCIERGE_ASSIGN_OR_RETURN(
            int64_t duplicate_id,
            ParseGuestName("duplicate", request->duplicate()));
        if (survivor_id == duplicate_id) {
          return absl::InvalidArgumentError(
              "duplicate: must be another guest than survivor");
        }
        return env_.db->Transact(
            "MergeGuests", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              // Lock in id order, so two merges of the same pair cannot
              // deadlock.
              const bool survivor_first = survivor_id < duplicate_id;
              absl::StatusOr<domain::Guest> first =
                  survivor_first ? GuestForWrite(sql, "survivor", survivor_id,
                                                 OnMerged::kRefuse)
                                 : GuestForWrite(sql, "duplicate", duplicate_id,
                                                 OnMerged::kRefuse);
              CONCIERGE_RETURN_IF_ERROR(first.status());
              absl::StatusOr<domain::Guest> second =
                  survivor_first ? GuestForWrite(sql, "duplicate", duplicate_id,
                                                 OnMerged::kRefuse)
                                 : GuestForWrite(sql, "survivor", survivor_id,
                                                 OnMerged::kRefuse);
              CONCIERGE_RETURN_IF_ERROR(second.status());
              const domain::Guest& survivor = survivor_first ? *first : *second;
              const domain::Guest& duplicate =
                  survivor_first ? *second : *first;
              const domain::Guest stored = store::MergeGuests(
                  sql, domain::MergeProfiles(survivor, duplicate), duplicate.id,
                  call.now, usecase::PrincipalName(call.principal));
              ToProto(stored, domain::GuestViewFor(call.principal.role),
                      response);
              return absl::OkStatus();
            });
      });
}

grpc::Status GuestProfileServiceImpl::EraseGuest(
    grpc::ServerContext* context, const v1::EraseGuestRequest* request,
    v1::Guest* response) {
  return ServeWrite(
      env_, context, kEraseGuest, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
        CONCIERGE_ASSIGN_OR_RETURN(int64_t id,
                                   ParseGuestName("name", request->name()));
        return env_.db->Transact(
            "EraseGuest", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              std::optional<domain::Guest> guest = store::LockGuest(sql, id);
              if (!guest) {
                return absl::NotFoundError(
                    absl::StrCat("name: ", GuestName(id), " not found"));
              }
              if (guest->merged()) {
                return absl::FailedPreconditionError(absl::StrCat(
                    "name: ", GuestName(id), " was merged into ",
                    GuestName(guest->merged_into), "; erase that guest"));
              }
              if (guest->erased()) {  // Erasing twice changes nothing.
                ToProto(*guest, domain::GuestViewFor(call.principal.role),
                        response);
                return absl::OkStatus();
              }
              const store::StayStats stats = store::GetStayStats(sql, id);
              if (!stats.open.empty()) {
                const domain::Stay& open = stats.open.front();
                return absl::FailedPreconditionError(absl::StrCat(
                    "name: ", GuestName(id), " is checked in to room ",
                    open.room_number, " (", StayName(open.site_id, open.id),
                    "); check out first"));
              }
              const domain::Guest erased = store::EraseGuest(
                  sql, id, call.now, usecase::PrincipalName(call.principal));
              ToProto(erased, domain::GuestViewFor(call.principal.role),
                      response);
              return absl::OkStatus();
            });
      });
}

// --- stays
// ---------------------------------------------------------------------------

grpc::Status GuestProfileServiceImpl::CheckIn(grpc::ServerContext* context,
                                              const v1::CheckInRequest* request,
                                              v1::Stay* response) {
  return Serve(env_, context, kCheckIn, [&](const Call& call) -> absl::Status {
    CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
    CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                               ParseSiteName("parent", request->parent()));
    CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
    CONCIERGE_RETURN_IF_ERROR(domain::ValidateRequestId(request->request_id()));
    const v1::Stay& in = request->stay();
    CONCIERGE_ASSIGN_OR_RETURN(int64_t guest_id,
                               ParseGuestName("stay.guest", in.guest()));
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
    stay.check_in_time = call.now;
    if (in.has_expected_check_out_time()) {
      CONCIERGE_ASSIGN_OR_RETURN(stay.expected_check_out_time,
                                 FromProto("stay.expected_check_out_time",
                                           in.expected_check_out_time()));
    }
    CONCIERGE_RETURN_IF_ERROR(domain::ValidateStayTimes("stay", stay));
    stay.created_by = usecase::PrincipalName(call.principal);
    return env_.db->Transact(
        "CheckIn", call.deadline, [&](soci::session& sql) -> absl::Status {
          std::optional<domain::Site> site = store::FindSite(sql, site_id);
          if (!site) {
            return absl::NotFoundError(
                absl::StrCat("parent: ", SiteName(site_id), " not found"));
          }
          if (site->kind != domain::SiteKind::kHotel) {
            return absl::FailedPreconditionError(
                absl::StrCat("parent: ", SiteName(site_id), " is not a hotel"));
          }
          // Once the hotel has its rooms (HousekeepingService.CreateRoom),
          // a stay must be in one of them.
          if (!store::RoomNumberAccepted(sql, site_id, stay.room_number)) {
            return absl::NotFoundError(
                absl::StrCat("stay.room_number: ", SiteName(site_id),
                             " has no room ", stay.room_number));
          }
          CONCIERGE_ASSIGN_OR_RETURN(
              std::optional<std::string> existing,
              CreateOnce(
                  sql, call, *request, request->request_id(),
                  [&]() -> absl::StatusOr<std::string> {
                    CONCIERGE_ASSIGN_OR_RETURN(
                        domain::Guest guest,
                        GuestForWrite(sql, "stay.guest", guest_id,
                                      OnMerged::kFollow));
                    stay.guest_id = guest.id;
                    std::optional<domain::Stay> stored =
                        store::InsertStay(sql, stay);
                    if (!stored) {
                      auto occupant =
                          store::FindOpenStay(sql, site_id, stay.room_number);
                      return absl::FailedPreconditionError(absl::StrCat(
                          "stay.room_number: room ", stay.room_number, " at ",
                          SiteName(site_id), " is occupied",
                          occupant
                              ? absl::StrCat(
                                    " (", StayName(site_id, occupant->id), ")")
                              : "",
                          "; check that stay out first"));
                    }
                    stay = *stored;
                    return StayName(site_id, stay.id);
                  }));
          if (existing) {
            CONCIERGE_ASSIGN_OR_RETURN(
                auto ids, ParseSiteChild("stay", *existing, "stays"));
            CONCIERGE_ASSIGN_OR_RETURN(
                stay,
                Replayed(*existing, store::FindStay(sql, ids[0], ids[1])));
          }
          ToProto(stay, response);
          return absl::OkStatus();
        });
  });
}

grpc::Status GuestProfileServiceImpl::CheckOut(
    grpc::ServerContext* context, const v1::CheckOutRequest* request,
    v1::Stay* response) {
  return ServeWrite(
      env_, context, kCheckOut, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
        CONCIERGE_ASSIGN_OR_RETURN(
            StayRef ref, ParseStayRef(call, "name", request->name(),
                                      request->site(), request->room_number()));
        absl::Time check_out = call.now;
        if (request->has_check_out_time()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              check_out,
              FromProto("check_out_time", request->check_out_time()));
          if (check_out > call.now + absl::Minutes(5)) {
            return absl::InvalidArgumentError(
                "check_out_time: must not be in the future");
          }
        }
        return env_.db->Transact(
            "CheckOut", call.deadline, [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(domain::Stay stay,
                                         LoadStay(sql, "name", ref));
              if (!stay.open()) {
                return absl::FailedPreconditionError(
                    absl::StrCat("name: ", StayName(stay.site_id, stay.id),
                                 " is already checked out"));
              }
              domain::Stay closed = stay;
              closed.check_out_time = check_out;
              CONCIERGE_RETURN_IF_ERROR(domain::ValidateStayTimes("", closed));
              std::optional<domain::Stay> stored =
                  store::CloseStay(sql, stay.site_id, stay.id, check_out,
                                   usecase::PrincipalName(call.principal));
              if (!stored) {
                return absl::FailedPreconditionError(
                    absl::StrCat("name: ", StayName(stay.site_id, stay.id),
                                 " is already checked out"));
              }
              ToProto(*stored, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status GuestProfileServiceImpl::ListStays(
    grpc::ServerContext* context, const v1::ListStaysRequest* request,
    v1::ListStaysResponse* response) {
  return Serve(
      env_, context, kListStays, [&](const Call& call) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
        store::StayFilter filter;
        filter.open_only = request->open_only();
        int64_t guest_id = 0;
        if (!request->guest().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(guest_id,
                                     ParseGuestName("guest", request->guest()));
        }
        if (!request->site().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(filter.site_id,
                                     ParseSiteName("site", request->site()));
          CONCIERGE_RETURN_IF_ERROR(RequireSite(call, filter.site_id));
        }
        if (guest_id == 0 && filter.site_id == 0) {
          return absl::InvalidArgumentError(
              "guest: give a guest, a site or both");
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return env_.db->Transact(
            "ListStays", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              if (guest_id != 0) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    domain::Guest guest, GuestForRead(sql, "guest", guest_id));
                filter.guest_id = guest.id;
              }
              auto page = store::ListStays(sql, filter,
                                           {cursor.after_id, cursor.limit});
              std::vector<int64_t> guests;
              for (const domain::Stay& s : page.items) {
                ToProto(s, response->add_stays());
                if (std::find(guests.begin(), guests.end(), s.guest_id) ==
                    guests.end()) {
                  guests.push_back(s.guest_id);
                }
              }
              store::LogProfileAccess(sql, guests, ReaderOf(call));
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
      });
}

// --- observations, preferences, consumption
// ---------------------------------------------

grpc::Status GuestProfileServiceImpl::RecordObservation(
    grpc::ServerContext* context, const v1::RecordObservationRequest* request,
    v1::RecordObservationResponse* response) {
  return Serve(
      env_, context, kRecordObservation, [&](const Call& call) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        int64_t guest_id = 0;
        std::optional<RoomRef> room;
        if (!request->guest().empty()) {
          if (!request->site().empty() || !request->room_number().empty()) {
            return absl::InvalidArgumentError(
                "guest: give a guest or site and room_number, not both");
          }
          CONCIERGE_ASSIGN_OR_RETURN(guest_id,
                                     ParseGuestName("guest", request->guest()));
        } else if (request->site().empty() && request->room_number().empty()) {
          return absl::InvalidArgumentError(
              "guest: give a guest or site and room_number");
        } else {
          CONCIERGE_ASSIGN_OR_RETURN(
              room, ParseRoom(call, request->site(), request->room_number()));
        }
        const std::string& text = request->note();
        if (!text.empty())
          CONCIERGE_RETURN_IF_ERROR(domain::ValidateNoteText("note", text));
        const std::string author = usecase::PrincipalName(call.principal);
        std::vector<domain::Preference> preferences;
        for (int i = 0; i < request->preferences_size(); ++i) {
          const v1::Preference& in = request->preferences(i);
          const std::string field = absl::StrCat("preferences[", i, "]");
          domain::Preference p;
          CONCIERGE_ASSIGN_OR_RETURN(
              p.category, CategoryFromProto(absl::StrCat(field, ".category"),
                                            in.category()));
          if (in.source() == v1::PREFERENCE_SOURCE_UNSPECIFIED ||
              in.source() == v1::PREFERENCE_SOURCE_OBSERVED) {
            p.source = domain::PreferenceSource::kObserved;
          } else if (in.source() == v1::PREFERENCE_SOURCE_STATED) {
            p.source = domain::PreferenceSource::kStated;
          } else if (in.source() == v1::PREFERENCE_SOURCE_LEARNED) {
            return absl::InvalidArgumentError(absl::StrCat(
                field,
                ".source: LEARNED preferences are recorded by the system"));
          } else {
            return absl::InvalidArgumentError(
                absl::StrCat(field, ".source: must be STATED or OBSERVED"));
          }
          p.key = in.key();
          p.value = in.value();
          p.recorded_by = author;
          p.site_id = call.principal.site_id;
          p.record_time = call.now;
          CONCIERGE_RETURN_IF_ERROR(domain::ValidatePreference(field, p));
          for (const domain::Preference& earlier : preferences) {
            if (earlier.category == p.category && earlier.key == p.key) {
              return absl::InvalidArgumentError(
                  absl::StrCat(field, ".key: \"", p.key, "\" is given twice"));
            }
          }
          preferences.push_back(std::move(p));
        }
        if (text.empty() && preferences.empty()) {
          return absl::InvalidArgumentError(
              "note: give a note or at least one preference");
        }
        return env_.db->Transact(
            "RecordObservation", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              if (room) {
                auto stay =
                    store::FindOpenStay(sql, room->site_id, room->room_number);
                if (!stay) return NoOpenStay(*room);
                guest_id = stay->guest_id;
              }
              CONCIERGE_ASSIGN_OR_RETURN(
                  domain::Guest guest,
                  GuestForWrite(sql, "guest", guest_id, OnMerged::kFollow));
              response->set_guest(GuestName(guest.id));
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(sql, call, *request, request->request_id(),
                             [&]() -> absl::StatusOr<std::string> {
                               std::string name = GuestName(guest.id);
                               if (!text.empty()) {
                                 domain::Note note;
                                 note.guest_id = guest.id;
                                 note.site_id = call.principal.site_id;
                                 note.department =
                                     CallerDepartment(sql, call.principal);
                                 note.author = author;
                                 note.text = text;
                                 note.create_time = call.now;
                                 note = store::InsertNote(sql, note);
                                 ToProto(note, response->mutable_note());
                                 name =
                                     GuestChildName(guest.id, "notes", note.id);
                               }
                               for (domain::Preference p : preferences) {
                                 p.guest_id = guest.id;
                                 CONCIERGE_ASSIGN_OR_RETURN(
                                     domain::Preference stored,
                                     store::RecordPreference(sql, p));
                                 ToProto(stored, response->add_preferences());
                               }
                               return name;
                             }));
              if (existing) {
                // A repeat: the note first recorded and the current
                // preferences.
                response->clear_note();
                response->clear_preferences();
                if (absl::StrContains(*existing, "/notes/")) {
                  CONCIERGE_ASSIGN_OR_RETURN(
                      auto ids,
                      ParseName<2>("note", *existing, {"guests", "notes"}));
                  CONCIERGE_ASSIGN_OR_RETURN(
                      const domain::Note note,
                      Replayed(*existing,
                               store::FindNote(sql, ids[0], ids[1])));
                  response->set_guest(GuestName(note.guest_id));
                  ToProto(note, response->mutable_note());
                }
                for (const domain::Preference& p : preferences) {
                  if (auto current = store::FindCurrentPreference(
                          sql, guest.id, p.category, p.key)) {
                    ToProto(*current, response->add_preferences());
                  }
                }
              }
              return absl::OkStatus();
            });
      });
}

grpc::Status GuestProfileServiceImpl::ListPreferenceHistory(
    grpc::ServerContext* context,
    const v1::ListPreferenceHistoryRequest* request,
    v1::ListPreferenceHistoryResponse* response) {
  return Serve(
      env_, context, kListPreferenceHistory,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
        CONCIERGE_ASSIGN_OR_RETURN(int64_t id,
                                   ParseGuestName("guest", request->guest()));
        store::PreferenceFilter filter;
        if (request->category() != v1::PREFERENCE_CATEGORY_UNSPECIFIED) {
          CONCIERGE_ASSIGN_OR_RETURN(
              filter.category,
              CategoryFromProto("category", request->category()));
        }
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateText("key", request->key(), domain::kOptionalName));
        filter.key = request->key();
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return env_.db->Transact(
            "ListPreferenceHistory", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(domain::Guest guest,
                                         GuestForRead(sql, "guest", id));
              auto page = store::ListPreferenceHistory(
                  sql, guest.id, filter, {cursor.after_id, cursor.limit});
              for (const domain::Preference& p : page.items) {
                ToProto(p, response->add_preferences());
              }
              store::LogProfileAccess(sql, {guest.id}, ReaderOf(call));
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
      });
}

grpc::Status GuestProfileServiceImpl::RecordConsumption(
    grpc::ServerContext* context, const v1::RecordConsumptionRequest* request,
    v1::ConsumptionEntry* response) {
  return Serve(
      env_, context, kRecordConsumption, [&](const Call& call) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        CONCIERGE_ASSIGN_OR_RETURN(
            StayRef ref, ParseStayRef(call, "stay", request->stay(),
                                      request->site(), request->room_number()));
        const v1::ConsumptionEntry& in = request->entry();
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
        entry.recorded_by = usecase::PrincipalName(call.principal);
        entry.record_time = call.now;
        return env_.db->Transact(
            "RecordConsumption", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              const std::string department =
                  CallerDepartment(sql, call.principal);
              if (!domain::MayRecordConsumption(call.principal.role,
                                                department)) {
                return absl::PermissionDeniedError(absl::StrCat(
                    "only front desk, food and beverage, housekeeping and "
                    "managers "
                    "charge stays (caller: ",
                    domain::RoleName(call.principal.role),
                    department.empty() ? "" : absl::StrCat(" of ", department),
                    ")"));
              }
              CONCIERGE_ASSIGN_OR_RETURN(domain::Stay stay,
                                         LoadStay(sql, "stay", ref));
              entry.site_id = stay.site_id;
              entry.stay_id = stay.id;
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(sql, call, *request, request->request_id(),
                             [&]() -> absl::StatusOr<std::string> {
                               CONCIERGE_ASSIGN_OR_RETURN(
                                   entry, store::RecordConsumption(sql, entry));
                               return GuestChildName(entry.guest_id,
                                                     "consumption", entry.id);
                             }));
              if (existing) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    auto ids, ParseName<2>("entry", *existing,
                                           {"guests", "consumption"}));
                CONCIERGE_ASSIGN_OR_RETURN(
                    entry, Replayed(*existing, store::FindConsumption(
                                                   sql, ids[0], ids[1])));
              }
              ToProto(entry, response);
              return absl::OkStatus();
            });
      });
}

// --- the room brief
// ------------------------------------------------------------------

grpc::ServerUnaryReactor* GuestProfileServiceImpl::GetRoomGuestBrief(
    grpc::CallbackServerContext* context,
    const v1::GetRoomGuestBriefRequest* request, v1::RoomGuestBrief* response) {
  return ServeLater(
      env_, context, kGetRoomGuestBrief,
      [this, request, response](const Call& call, FinishCall finish) {
        absl::StatusOr<store::RoomBriefQuery> query =
            BriefQueryOf(call, *request);
        if (!query.ok()) return finish(query.status());
        // Read and logged in a batch shared with the other briefs of the
        // moment; the batch's thread finishes the call. Nothing is shown
        // unlogged.
        const RoomRef room{query->site_id, query->room_number};
        env_.room_briefs->ReadLater(
            *std::move(query), call.deadline,
            [room, now = call.now, response,
             finish](store::RoomBriefReader::Result brief) {
              if (!brief.ok()) return finish(brief.status());
              if (!*brief) return finish(NoOpenStay(room));
              BriefToProto(**brief, room.site_id, now, response);
              finish(absl::OkStatus());
            });
      });
}

grpc::Status GuestProfileServiceImpl::ListProfileAccess(
    grpc::ServerContext* context, const v1::ListProfileAccessRequest* request,
    v1::ListProfileAccessResponse* response) {
  return Serve(
      env_, context, kListProfileAccess, [&](const Call& call) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
        CONCIERGE_ASSIGN_OR_RETURN(int64_t id,
                                   ParseGuestName("guest", request->guest()));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return env_.db->Read(
            "ListProfileAccess", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(domain::Guest guest,
                                         GuestForRead(sql, "guest", id));
              auto page = store::ListProfileAccess(
                  sql, guest.id, {cursor.after_id, cursor.limit});
              for (const domain::ProfileAccess& a : page.items) {
                v1::ProfileAccess* out = response->add_entries();
                out->set_guest(GuestName(a.guest_id));
                out->set_principal(a.principal);
                out->set_method(a.method);
                out->set_site(SiteNameOrEmpty(a.site_id));
                api::ToProto(a.access_time, out->mutable_access_time());
              }
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
      });
}

}  // namespace concierge::api
