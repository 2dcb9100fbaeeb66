#ifndef CONCIERGE_SERVER_API_DIRECTORY_CONVERT_H_
#define CONCIERGE_SERVER_API_DIRECTORY_CONVERT_H_

// Directory proto <-> domain: sites, departments, staff, households,
// residents, partners and tokens (resource names: common/resource_names.h).

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "concierge/v1/directory.pb.h"
#include "server/common/status_macros.h"
#include "server/domain/directory.h"
#include "server/store/token_repository.h"
#include "server/usecase/directory.h"

namespace concierge::api {

void ToProto(const domain::Site& s, v1::Site* out);
// Money is shown in the site's `currency`.
void ToProto(const domain::Department& d, const std::string& currency,
             v1::Department* out);
void ToProto(const domain::Staff& s, const std::string& currency,
             v1::Staff* out);
void ToProto(const domain::Household& h, v1::Household* out);
void ToProto(const domain::Resident& r, v1::Resident* out);
void ToProto(const domain::Partner& p, v1::Partner* out);
void ToProto(const store::TokenRecord& t, v1::Token* out);
void ToProto(const domain::Principal& p, v1::Principal* out);

// SITE_KIND_RESIDENTIAL or SITE_KIND_HOTEL; INVALID_ARGUMENT otherwise.
absl::StatusOr<domain::SiteKind> SiteKindFromProto(v1::SiteKind kind);

// "admins/{id}" or "sites/{site}/{staff|residents|partners}/{id}".
absl::StatusOr<usecase::TokenSubject> ParsePrincipalName(
    absl::string_view field, absl::string_view name);

// --- the service's answers, with this header's ToProto overloads ---------

// A create's or a read's answer.
template <typename T, typename Proto>
absl::Status Answer(const absl::StatusOr<T>& result, Proto* response) {
  CONCIERGE_RETURN_IF_ERROR(result.status());
  ToProto(*result, response);
  return absl::OkStatus();
}
template <typename T, typename Proto>
absl::Status Answer(const absl::StatusOr<usecase::InCurrency<T>>& result,
                    Proto* response) {
  CONCIERGE_RETURN_IF_ERROR(result.status());
  ToProto(result->value, result->currency, response);
  return absl::OkStatus();
}

// Converts a page's items with this header's ToProto overloads.
constexpr auto kToProto = [](const auto& item, auto* out) {
  ToProto(item, out);
};

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_DIRECTORY_CONVERT_H_
