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
#include "server/domain/guests.h"
#include "server/store/guest_repository.h"
#include "server/usecase/hotel.h"
#include "server/usecase/loaders.h"

namespace concierge::api {

// --- names -------------------------------------------------------------------

std::string GuestName(int64_t id);
std::string StayName(int64_t site, int64_t id);
std::string GuestChildName(int64_t guest, absl::string_view collection,
                           int64_t id);
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

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_GUEST_CONVERT_H_
