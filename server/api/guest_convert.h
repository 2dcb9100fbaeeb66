#ifndef CONCIERGE_SERVER_API_GUEST_CONVERT_H_
#define CONCIERGE_SERVER_API_GUEST_CONVERT_H_

// Guest-profile conversions shared by GuestProfileService and the services
// that show a guest (HousekeepingService shows the room brief): names,
// enums, preferences, notes, and the room brief itself, so there is one
// brief, not a copy.

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "concierge/v1/guests.pb.h"
#include "server/api/rpc.h"
#include "server/common/guest_names.h"
#include "server/domain/guests.h"
#include "server/store/guest_repository.h"
#include "server/usecase/guests.h"
#include "server/usecase/hotel.h"
#include "server/usecase/loaders.h"

namespace concierge::api {

// --- names -------------------------------------------------------------------

using ::concierge::GuestChildName;  // common/guest_names.h
using ::concierge::GuestName;
using ::concierge::StayName;
std::string SiteNameOrEmpty(int64_t site);
// Who reads, for the profile access log: the caller, the RPC's short name.
store::Reader ReaderOf(const Call& call);
using usecase::CallerDepartment;

// --- enums: the domain names are the proto names without their prefix -------

template <typename Domain, typename NameFn, typename FromNameFn>
std::optional<Domain> EnumFromProto(int value, NameFn proto_name,
                                    absl::string_view prefix,
                                    FromNameFn from_name) {
  const std::string full = proto_name(value);
  if (!absl::StartsWith(full, prefix)) return std::nullopt;
  return from_name(absl::string_view(full).substr(prefix.size()));
}

template <typename Proto, typename ParseFn>
Proto EnumToProto(absl::string_view name, absl::string_view prefix,
                  ParseFn parse) {
  Proto out{};
  parse(absl::StrCat(prefix, name), &out);
  return out;
}

// INVALID_ARGUMENT naming `field` for UNSPECIFIED or unknown values.
absl::StatusOr<domain::PreferenceCategory> CategoryFromProto(
    absl::string_view field, int value);
v1::PreferenceCategory ToProto(domain::PreferenceCategory c);
v1::PreferenceSource ToProto(domain::PreferenceSource s);
v1::AccessibilityNeed ToProto(domain::AccessibilityNeed n);

// --- facts -------------------------------------------------------------------

void ToProto(const domain::Preference& p, v1::Preference* out);
void ToProto(const domain::Note& n, v1::Note* out);

// The room brief as GetRoomGuestBrief returns it: no contact details, no
// birth year, no documents; birthday_today in the site's zone at `now`.
void BriefToProto(const store::RoomBrief& brief, int64_t site_id,
                  absl::Time now, v1::RoomGuestBrief* out);

// --- GuestProfileService's wire ----------------------------------------------

// "guests/{guest}" -> guest.
absl::StatusOr<int64_t> ParseGuestName(absl::string_view field,
                                       absl::string_view name);

v1::ConsumptionKind ToProto(domain::ConsumptionKind k);
v1::TravelPurpose ToProto(domain::TravelPurpose p);
v1::IdentityDocumentType ToProto(domain::IdentityDocumentType t);

// The guest as `view` may see it (masked fields listed).
void ToProto(const domain::Guest& g, const domain::GuestView& view,
             v1::Guest* out);
void ToProto(const domain::Stay& s, v1::Stay* out);
void ToProto(const domain::ConsumptionEntry& c, v1::ConsumptionEntry* out);
void ToProto(const domain::ProfileAccess& a, v1::ProfileAccess* out);
// The profile as `role` may see it; a non-empty `read_mask` trims the guest
// (its name and etag stay).
void ToProto(const usecase::GuestProfile& profile, domain::Role role,
             const google::protobuf::FieldMask& read_mask,
             v1::GuestProfile* out);
// RecordObservation's answer.
void ToProto(const usecase::Observed& observed,
             v1::RecordObservationResponse* out);

// Guest fields of a request (`prefix` names them in errors); documents need
// the pepper and are converted by ParseDocuments.
absl::StatusOr<domain::Guest> GuestFromProto(absl::string_view prefix,
                                             const v1::Guest& in);
absl::StatusOr<domain::IdentityDocument> ParseDocument(
    absl::string_view field, const v1::IdentityDocument& in,
    absl::string_view pepper);
absl::StatusOr<std::vector<domain::IdentityDocument>> ParseDocuments(
    absl::string_view prefix,
    const google::protobuf::RepeatedPtrField<v1::IdentityDocument>& in,
    absl::string_view pepper);

// A room of a site the caller may act on: "site" and "room_number".
absl::StatusOr<usecase::RoomRef> ParseRoom(const Call& call,
                                           const std::string& site,
                                           const std::string& room);
// What GetRoomGuestBrief asks of the room brief reader.
absl::StatusOr<store::RoomBriefQuery> BriefQueryOf(
    const Call& call, const v1::GetRoomGuestBriefRequest& request);
// A stay given as `name`, or as `site` + `room` of an open stay.
absl::StatusOr<usecase::StayRef> ParseStayRef(const Call& call,
                                              absl::string_view field,
                                              const std::string& name,
                                              const std::string& site,
                                              const std::string& room);
// Every Guest path a read_mask may name.
bool IsGuestPath(const std::string& path);

// The requests as use-case inputs (the caller's role decides what it may
// search by; `pepper` hashes document numbers).
absl::StatusOr<usecase::GuestUpdate> GuestUpdateFrom(
    const v1::UpdateGuestRequest& request, absl::string_view pepper);
absl::StatusOr<store::GuestSearch> SearchFrom(
    domain::Role role, const v1::SearchGuestsRequest& request,
    absl::string_view pepper);
absl::StatusOr<domain::Stay> StayFrom(int64_t site_id, const v1::Stay& in);
absl::StatusOr<usecase::Observation> ObservationFrom(
    const Call& call, const v1::RecordObservationRequest& request);
absl::StatusOr<domain::ConsumptionEntry> ConsumptionFrom(
    const v1::ConsumptionEntry& in);

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_GUEST_CONVERT_H_
