#include "server/api/directory_convert.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/api/convert.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/usecase/loaders.h"

namespace concierge::api {

void ToProto(const domain::Site& s, v1::Site* out) {
  out->set_name(SiteName(s.id));
  out->set_kind(s.kind == domain::SiteKind::kHotel ? v1::SITE_KIND_HOTEL
                                                   : v1::SITE_KIND_RESIDENTIAL);
  out->set_display_name(s.display_name);
  out->set_time_zone(s.time_zone);
  out->set_currency_code(s.currency);
  api::ToProto(s.create_time, out->mutable_create_time());
  out->set_etag(absl::StrCat(s.version));
}

void ToProto(const domain::Department& d, const std::string& currency,
             v1::Department* out) {
  out->set_name(DepartmentName(d.site_id, d.id));
  out->set_code(d.code);
  out->mutable_title()->set_zh(d.title_zh);
  out->mutable_title()->set_en(d.title_en);
  api::ToProto(domain::Money{currency, d.hourly_cost_minor},
               out->mutable_hourly_cost());
  api::ToProto(d.create_time, out->mutable_create_time());
}

void ToProto(const domain::Staff& s, const std::string& currency,
             v1::Staff* out) {
  out->set_name(StaffName(s.site_id, s.id));
  out->set_display_name(s.display_name);
  out->set_role(api::ToProto(s.role));
  if (s.department_id != 0) {
    out->set_department(DepartmentName(s.site_id, s.department_id));
  }
  api::ToProto(domain::Money{currency, s.spending_limit_minor},
               out->mutable_spending_limit());
  out->set_phone(s.phone);
  out->set_active(s.active);
  api::ToProto(s.create_time, out->mutable_create_time());
  out->set_etag(absl::StrCat(s.version));
}

void ToProto(const domain::Household& h, v1::Household* out) {
  out->set_name(HouseholdName(h.site_id, h.id));
  out->set_building(h.building);
  out->set_unit(h.unit);
  out->set_address(h.address);
  api::ToProto(h.create_time, out->mutable_create_time());
}

void ToProto(const domain::Resident& r, v1::Resident* out) {
  out->set_name(ResidentName(r.site_id, r.id));
  out->set_display_name(r.display_name);
  out->set_phone(r.phone);
  out->set_household(HouseholdName(r.site_id, r.household_id));
  api::ToProto(r.create_time, out->mutable_create_time());
}

void ToProto(const domain::Partner& p, v1::Partner* out) {
  out->set_name(PartnerName(p.site_id, p.id));
  out->set_display_name(p.display_name);
  for (const auto& scope : p.scopes) out->add_scopes(scope);
  api::ToProto(p.create_time, out->mutable_create_time());
}

void ToProto(const store::TokenRecord& t, v1::Token* out) {
  out->set_name(TokenName(t.id));
  out->set_principal(PrincipalName(t.kind, t.site_id, t.principal_id));
  out->set_label(t.label);
  api::ToProto(t.create_time, out->mutable_create_time());
  if (t.expire_time) api::ToProto(*t.expire_time, out->mutable_expire_time());
  if (t.revoke_time) api::ToProto(*t.revoke_time, out->mutable_revoke_time());
}

void ToProto(const domain::Principal& p, v1::Principal* out) {
  out->set_name(PrincipalName(p.kind, p.site_id, p.id));
  out->set_display_name(p.display_name);
  out->set_role(api::ToProto(p.role));
  if (p.site_id != 0) out->set_site(SiteName(p.site_id));
  if (p.department_id != 0) {
    out->set_department(DepartmentName(p.site_id, p.department_id));
  }
  if (p.household_id != 0) {
    out->set_household(HouseholdName(p.site_id, p.household_id));
  }
  for (const auto& scope : p.scopes) out->add_scopes(scope);
  out->set_token(TokenName(p.token_id));
}

absl::StatusOr<domain::SiteKind> SiteKindFromProto(v1::SiteKind kind) {
  switch (kind) {
    case v1::SITE_KIND_RESIDENTIAL:
      return domain::SiteKind::kResidential;
    case v1::SITE_KIND_HOTEL:
      return domain::SiteKind::kHotel;
    default:
      return absl::InvalidArgumentError(
          "site.kind: must be SITE_KIND_RESIDENTIAL or SITE_KIND_HOTEL");
  }
}

absl::StatusOr<usecase::TokenSubject> ParsePrincipalName(
    absl::string_view field, absl::string_view name) {
  if (absl::StartsWith(name, "admins/")) {
    CONCIERGE_ASSIGN_OR_RETURN(auto ids, ParseName<1>(field, name, {"admins"}));
    return usecase::TokenSubject{domain::PrincipalKind::kAdmin, 0, ids[0],
                                 std::string(name)};
  }
  for (auto [collection, kind] :
       {std::pair{"staff", domain::PrincipalKind::kStaff},
        std::pair{"residents", domain::PrincipalKind::kResident},
        std::pair{"partners", domain::PrincipalKind::kPartner}}) {
    auto ids = ParseSiteChild(field, name, collection);
    if (ids.ok()) {
      return usecase::TokenSubject{kind, (*ids)[0], (*ids)[1],
                                   std::string(name)};
    }
  }
  return BadName(field, name,
                 "sites/{site}/staff/{id}, sites/{site}/residents/{id} or "
                 "sites/{site}/partners/{id}");
}

}  // namespace concierge::api
