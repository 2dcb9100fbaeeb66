#include "server/api/directory_service.h"

#include <algorithm>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/api/convert.h"
#include "server/auth/authorization.h"
#include "server/auth/tokens.h"
#include "server/common/etag.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"
#include "server/store/change_feed.h"
#include "server/store/directory_repository.h"
#include "server/store/site_provisioning.h"
#include "server/store/token_repository.h"
#include "server/usecase/loaders.h"

namespace concierge::api {
namespace {

#define DIRECTORY_RPC(name) "/concierge.v1.DirectoryService/" name

constexpr char kCreateSite[] = DIRECTORY_RPC("CreateSite");
constexpr char kGetSite[] = DIRECTORY_RPC("GetSite");
constexpr char kListSites[] = DIRECTORY_RPC("ListSites");
constexpr char kCreateDepartment[] = DIRECTORY_RPC("CreateDepartment");
constexpr char kListDepartments[] = DIRECTORY_RPC("ListDepartments");
constexpr char kCreateStaff[] = DIRECTORY_RPC("CreateStaff");
constexpr char kGetStaff[] = DIRECTORY_RPC("GetStaff");
constexpr char kListStaff[] = DIRECTORY_RPC("ListStaff");
constexpr char kUpdateStaff[] = DIRECTORY_RPC("UpdateStaff");
constexpr char kCreateHousehold[] = DIRECTORY_RPC("CreateHousehold");
constexpr char kGetHousehold[] = DIRECTORY_RPC("GetHousehold");
constexpr char kListHouseholds[] = DIRECTORY_RPC("ListHouseholds");
constexpr char kCreateResident[] = DIRECTORY_RPC("CreateResident");
constexpr char kGetResident[] = DIRECTORY_RPC("GetResident");
constexpr char kListResidents[] = DIRECTORY_RPC("ListResidents");
constexpr char kCreatePartner[] = DIRECTORY_RPC("CreatePartner");
constexpr char kListPartners[] = DIRECTORY_RPC("ListPartners");
constexpr char kIssueToken[] = DIRECTORY_RPC("IssueToken");
constexpr char kListTokens[] = DIRECTORY_RPC("ListTokens");
constexpr char kRevokeToken[] = DIRECTORY_RPC("RevokeToken");
constexpr char kWhoAmI[] = DIRECTORY_RPC("WhoAmI");

#undef DIRECTORY_RPC

constexpr absl::Duration kMaxTokenLifetime = absl::Hours(24 * 366 * 5);

// --- proto <-> domain ---------------------------------------------------------

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
  out->set_principal(usecase::PrincipalName(t.kind, t.site_id, t.principal_id));
  out->set_label(t.label);
  api::ToProto(t.create_time, out->mutable_create_time());
  if (t.expire_time) api::ToProto(*t.expire_time, out->mutable_expire_time());
  if (t.revoke_time) api::ToProto(*t.revoke_time, out->mutable_revoke_time());
}

struct PrincipalRef {
  domain::PrincipalKind kind;
  int64_t site_id = 0;
  int64_t id = 0;
};

absl::StatusOr<PrincipalRef> ParsePrincipalName(absl::string_view field,
                                                absl::string_view name) {
  if (absl::StartsWith(name, "admins/")) {
    CONCIERGE_ASSIGN_OR_RETURN(auto ids, ParseName<1>(field, name, {"admins"}));
    return PrincipalRef{domain::PrincipalKind::kAdmin, 0, ids[0]};
  }
  for (auto [collection, kind] :
       {std::pair{"staff", domain::PrincipalKind::kStaff},
        std::pair{"residents", domain::PrincipalKind::kResident},
        std::pair{"partners", domain::PrincipalKind::kPartner}}) {
    auto ids = ParseSiteChild(field, name, collection);
    if (ids.ok()) return PrincipalRef{kind, (*ids)[0], (*ids)[1]};
  }
  return BadName(field, name,
                 "sites/{site}/staff/{id}, sites/{site}/residents/{id} or "
                 "sites/{site}/partners/{id}");
}

// Managers look after their site's people but may not create, change or
// speak for administrators.
absl::Status CheckMayManage(const Call& call, domain::Role target_role) {
  if (call.principal.role == domain::Role::kManager &&
      target_role == domain::Role::kAdmin) {
    return absl::PermissionDeniedError(
        "a manager may not create, change or issue tokens for an ADMIN");
  }
  return absl::OkStatus();
}

}  // namespace

// --- sites -------------------------------------------------------------------

grpc::Status DirectoryServiceImpl::CreateSite(grpc::ServerContext* context,
                                              const v1::CreateSiteRequest* request,
                                              v1::Site* response) {
  return Serve(
      env_, context, kCreateSite, [&](const Call& call) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        const v1::Site& in = request->site();
        domain::Site site;
        switch (in.kind()) {
          case v1::SITE_KIND_RESIDENTIAL:
            site.kind = domain::SiteKind::kResidential;
            break;
          case v1::SITE_KIND_HOTEL:
            site.kind = domain::SiteKind::kHotel;
            break;
          default:
            return absl::InvalidArgumentError(
                "site.kind: must be SITE_KIND_RESIDENTIAL or SITE_KIND_HOTEL");
        }
        site.display_name = in.display_name();
        site.time_zone = in.time_zone();
        site.currency = in.currency_code().empty() ? "CNY" : in.currency_code();
        site.create_time = call.now;
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateSite(site));
        return env_.db->Transact(
            "CreateSite", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(sql, call, *request, request->request_id(),
                             [&]() -> absl::StatusOr<std::string> {
                               site = store::ProvisionSite(sql, site);
                               return SiteName(site.id);
                             }));
              if (existing) {
                CONCIERGE_ASSIGN_OR_RETURN(int64_t id,
                                           ParseSiteName("site", *existing));
                CONCIERGE_ASSIGN_OR_RETURN(
                    site, Replayed(*existing, store::FindSite(sql, id)));
              }
              ToProto(site, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status DirectoryServiceImpl::GetSite(grpc::ServerContext* context,
                                           const v1::GetSiteRequest* request,
                                           v1::Site* response) {
  return Serve(env_, context, kGetSite, [&](const Call& call) -> absl::Status {
    CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                               ParseSiteName("name", request->name()));
    CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
    return env_.db->Read(
        "GetSite", call.deadline, [&](soci::session& sql) -> absl::Status {
          CONCIERGE_ASSIGN_OR_RETURN(domain::Site site,
                                     usecase::LoadSite(sql, site_id));
          ToProto(site, response);
          return absl::OkStatus();
        });
  });
}

grpc::Status DirectoryServiceImpl::ListSites(grpc::ServerContext* context,
                                             const v1::ListSitesRequest* request,
                                             v1::ListSitesResponse* response) {
  return Serve(
      env_, context, kListSites, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        const int64_t only_site =
            call.principal.IsGroupAdmin() ? 0 : call.principal.site_id;
        return env_.db->Read(
            "ListSites", call.deadline, [&](soci::session& sql) {
              auto page = store::ListSites(sql, only_site,
                                           {cursor.after_id, cursor.limit});
              for (const domain::Site& s : page.items)
                ToProto(s, response->add_sites());
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
      });
}

// --- departments ------------------------------------------------------------

grpc::Status DirectoryServiceImpl::CreateDepartment(
    grpc::ServerContext* context, const v1::CreateDepartmentRequest* request,
    v1::Department* response) {
  return Serve(
      env_, context, kCreateDepartment, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        domain::Department department;
        department.site_id = site_id;
        department.code = request->department().code();
        department.title_zh = request->department().title().zh();
        department.title_en = request->department().title().en();
        department.hourly_cost_minor =
            request->department().hourly_cost().minor_units();
        department.create_time = call.now;
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateDepartment(department));
        return env_.db->Transact(
            "CreateDepartment", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(domain::Site site,
                                         usecase::LoadSite(sql, site_id));
              if (request->department().has_hourly_cost()) {
                CONCIERGE_RETURN_IF_ERROR(domain::ValidateAmount(
                    "department.hourly_cost",
                    FromProto(request->department().hourly_cost(),
                              site.currency),
                    site.currency));
              }
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(sql, call, *request, request->request_id(),
                             [&]() -> absl::StatusOr<std::string> {
                               if (store::FindDepartmentByCode(
                                       sql, site_id, department.code)) {
                                 return absl::AlreadyExistsError(absl::StrCat(
                                     "department.code: ", department.code,
                                     " already exists in sites/", site_id));
                               }
                               department =
                                   store::InsertDepartment(sql, department);
                               return DepartmentName(site_id, department.id);
                             }));
              if (existing) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    auto ids,
                    ParseSiteChild("department", *existing, "departments"));
                CONCIERGE_ASSIGN_OR_RETURN(
                    department, Replayed(*existing, store::FindDepartment(
                                                        sql, ids[0], ids[1])));
              }
              ToProto(department, site.currency, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status DirectoryServiceImpl::ListDepartments(
    grpc::ServerContext* context, const v1::ListDepartmentsRequest* request,
    v1::ListDepartmentsResponse* response) {
  return Serve(env_, context, kListDepartments,
               [&](const Call& call) -> absl::Status {
                 CONCIERGE_ASSIGN_OR_RETURN(
                     int64_t site_id,
                     ParseSiteName("parent", request->parent()));
                 CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
                 CONCIERGE_ASSIGN_OR_RETURN(
                     ListCursor cursor,
                     StartList(env_, call, *request, request->page_size(),
                               request->page_token()));
                 return env_.db
                     ->Read(
                         "ListDepartments", call.deadline,
                         [&](soci::session& sql) -> absl::Status {
                           CONCIERGE_ASSIGN_OR_RETURN(
                               domain::Site site,
                               usecase::LoadSite(sql, site_id));
                           auto page = store::ListDepartments(
                               sql, site_id, {cursor.after_id, cursor.limit});
                           for (const domain::Department& d : page.items) {
                             ToProto(d, site.currency,
                                     response->add_departments());
                           }
                           response->set_next_page_token(NextPageToken(
                               env_, call, cursor, page.has_more,
                               page.items.empty() ? 0 : page.items.back().id));
                           return absl::OkStatus();
                         });
               });
}

// --- staff -------------------------------------------------------------------

grpc::Status DirectoryServiceImpl::CreateStaff(grpc::ServerContext* context,
                                               const v1::CreateStaffRequest* request,
                                               v1::Staff* response) {
  return Serve(
      env_, context, kCreateStaff, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        const v1::Staff& in = request->staff();
        domain::Staff staff;
        staff.site_id = site_id;
        CONCIERGE_ASSIGN_OR_RETURN(staff.role,
                                   StaffRoleFromProto("staff.role", in.role()));
        CONCIERGE_RETURN_IF_ERROR(CheckMayManage(call, staff.role));
        staff.display_name = in.display_name();
        staff.phone = in.phone();
        staff.spending_limit_minor = in.spending_limit().minor_units();
        staff.active = true;
        staff.create_time = call.now;
        return env_.db->Transact(
            "CreateStaff", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(domain::Site site,
                                         usecase::LoadSite(sql, site_id));
              CONCIERGE_ASSIGN_OR_RETURN(
                  staff.department_id,
                  usecase::ResolveDepartment(sql, site_id, "staff.department",
                                             in.department()));
              CONCIERGE_RETURN_IF_ERROR(domain::ValidateStaff(staff));
              CONCIERGE_RETURN_IF_ERROR(domain::ValidateAmount(
                  "staff.spending_limit",
                  FromProto(in.spending_limit(), site.currency),
                  site.currency));
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(sql, call, *request, request->request_id(),
                             [&]() -> absl::StatusOr<std::string> {
                               staff = store::InsertStaff(sql, staff);
                               return StaffName(site_id, staff.id);
                             }));
              if (existing) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    auto ids, ParseSiteChild("staff", *existing, "staff"));
                CONCIERGE_ASSIGN_OR_RETURN(
                    staff,
                    Replayed(*existing, store::FindStaff(sql, ids[0], ids[1])));
              }
              ToProto(staff, site.currency, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status DirectoryServiceImpl::GetStaff(grpc::ServerContext* context,
                                            const v1::GetStaffRequest* request,
                                            v1::Staff* response) {
  return Serve(env_, context, kGetStaff, [&](const Call& call) -> absl::Status {
    CONCIERGE_ASSIGN_OR_RETURN(
        auto ids, ParseSiteChild("name", request->name(), "staff"));
    CONCIERGE_RETURN_IF_ERROR(RequireSite(call, ids[0]));
    return env_.db->Read("GetStaff", call.deadline,
                         [&](soci::session& sql) -> absl::Status {
                           CONCIERGE_ASSIGN_OR_RETURN(
                               domain::Site site,
                               usecase::LoadSite(sql, ids[0]));
                           auto staff = store::FindStaff(sql, ids[0], ids[1]);
                           if (!staff) {
                             return absl::NotFoundError(
                                 absl::StrCat(request->name(), " not found"));
                           }
                           ToProto(*staff, site.currency, response);
                           return absl::OkStatus();
                         });
  });
}

grpc::Status DirectoryServiceImpl::ListStaff(grpc::ServerContext* context,
                                             const v1::ListStaffRequest* request,
                                             v1::ListStaffResponse* response) {
  return Serve(
      env_, context, kListStaff, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
        store::StaffFilter filter;
        if (request->role() != v1::ROLE_UNSPECIFIED) {
          CONCIERGE_ASSIGN_OR_RETURN(
              filter.role, StaffRoleFromProto("role", request->role()));
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return env_.db->Read(
            "ListStaff", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(domain::Site site,
                                         usecase::LoadSite(sql, site_id));
              CONCIERGE_ASSIGN_OR_RETURN(
                  filter.department_id,
                  usecase::ResolveDepartment(sql, site_id, "department",
                                             request->department()));
              auto page = store::ListStaff(sql, site_id, filter,
                                           {cursor.after_id, cursor.limit});
              for (const domain::Staff& s : page.items) {
                ToProto(s, site.currency, response->add_staff());
              }
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
      });
}

grpc::Status DirectoryServiceImpl::UpdateStaff(grpc::ServerContext* context,
                                               const v1::UpdateStaffRequest* request,
                                               v1::Staff* response) {
  return ServeWrite(
      env_, context, kUpdateStaff, *request, response,
      [&](const Call& call) -> absl::Status {
        const v1::Staff& in = request->staff();
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("staff.name", in.name(), "staff"));
        CONCIERGE_RETURN_IF_ERROR(RequireSite(call, ids[0]));
        int64_t expected_version = 0;
        if (in.etag().empty() ||
            !absl::SimpleAtoi(in.etag(), &expected_version)) {
          return absl::InvalidArgumentError(
              "staff.etag: is required (the etag of the version you read)");
        }
        if (request->update_mask().paths_size() == 0) {
          return absl::InvalidArgumentError(
              "update_mask: name at least one field to change");
        }
        absl::Status status = env_.db->Transact(
            "UpdateStaff", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(domain::Site site,
                                         usecase::LoadSite(sql, ids[0]));
              std::optional<domain::Staff> current =
                  store::FindStaff(sql, ids[0], ids[1]);
              if (!current) {
                return absl::NotFoundError(
                    absl::StrCat(in.name(), " not found"));
              }
              CONCIERGE_RETURN_IF_ERROR(CheckMayManage(call, current->role));
              domain::Staff updated = *current;
              for (const std::string& path : request->update_mask().paths()) {
                if (path == "display_name") {
                  updated.display_name = in.display_name();
                } else if (path == "role") {
                  CONCIERGE_ASSIGN_OR_RETURN(
                      updated.role,
                      StaffRoleFromProto("staff.role", in.role()));
                  CONCIERGE_RETURN_IF_ERROR(CheckMayManage(call, updated.role));
                } else if (path == "department") {
                  CONCIERGE_ASSIGN_OR_RETURN(
                      updated.department_id,
                      usecase::ResolveDepartment(
                          sql, ids[0], "staff.department", in.department()));
                } else if (path == "spending_limit") {
                  const domain::Money limit =
                      FromProto(in.spending_limit(), site.currency);
                  CONCIERGE_RETURN_IF_ERROR(domain::ValidateAmount(
                      "staff.spending_limit", limit, site.currency));
                  updated.spending_limit_minor = limit.minor;
                } else if (path == "phone") {
                  updated.phone = in.phone();
                } else if (path == "active") {
                  updated.active = in.active();
                } else {
                  return absl::InvalidArgumentError(absl::StrCat(
                      "update_mask: unknown or read-only field \"", path,
                      "\" (allowed: display_name, role, department, "
                      "spending_limit, "
                      "phone, active)"));
                }
              }
              CONCIERGE_RETURN_IF_ERROR(domain::ValidateStaff(updated));
              if (current->version != expected_version) {
                return StaleEtag("staff.etag");
              }
              std::optional<domain::Staff> stored =
                  store::UpdateStaff(sql, updated, expected_version);
              if (!stored) {
                return StaleEtag("staff.etag");
              }
              store::ChangeFeed::Notify(sql, store::ChangeFeed::kTokensChannel,
                                        "");
              ToProto(*stored, site.currency, response);
              return absl::OkStatus();
            });
        // Role, department or activity may have changed what tokens grant.
        if (status.ok()) env_.authenticator->InvalidateAll();
        return status;
      });
}

// --- households and residents ---------------------------------------------

grpc::Status DirectoryServiceImpl::CreateHousehold(
    grpc::ServerContext* context, const v1::CreateHouseholdRequest* request,
    v1::Household* response) {
  return Serve(
      env_, context, kCreateHousehold, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        domain::Household household;
        household.site_id = site_id;
        household.building = request->household().building();
        household.unit = request->household().unit();
        household.address = request->household().address();
        household.create_time = call.now;
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateHousehold(household));
        return env_.db->Transact(
            "CreateHousehold", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_RETURN_IF_ERROR(
                  usecase::LoadSite(sql, site_id).status());
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(sql, call, *request, request->request_id(),
                             [&]() -> absl::StatusOr<std::string> {
                               household =
                                   store::InsertHousehold(sql, household);
                               return HouseholdName(site_id, household.id);
                             }));
              if (existing) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    auto ids,
                    ParseSiteChild("household", *existing, "households"));
                CONCIERGE_ASSIGN_OR_RETURN(
                    household, Replayed(*existing, store::FindHousehold(
                                                       sql, ids[0], ids[1])));
              }
              ToProto(household, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status DirectoryServiceImpl::GetHousehold(
    grpc::ServerContext* context, const v1::GetHouseholdRequest* request,
    v1::Household* response) {
  return Serve(
      env_, context, kGetHousehold, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("name", request->name(), "households"));
        CONCIERGE_RETURN_IF_ERROR(RequireSite(call, ids[0]));
        CONCIERGE_RETURN_IF_ERROR(RequireOwnHousehold(call, ids[1]));
        return env_.db->Read("GetHousehold", call.deadline,
                             [&](soci::session& sql) -> absl::Status {
                               auto household =
                                   store::FindHousehold(sql, ids[0], ids[1]);
                               if (!household) {
                                 return absl::NotFoundError(absl::StrCat(
                                     request->name(), " not found"));
                               }
                               ToProto(*household, response);
                               return absl::OkStatus();
                             });
      });
}

grpc::Status DirectoryServiceImpl::ListHouseholds(
    grpc::ServerContext* context, const v1::ListHouseholdsRequest* request,
    v1::ListHouseholdsResponse* response) {
  return Serve(env_, context, kListHouseholds,
               [&](const Call& call) -> absl::Status {
                 CONCIERGE_ASSIGN_OR_RETURN(
                     int64_t site_id,
                     ParseSiteName("parent", request->parent()));
                 CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
                 CONCIERGE_ASSIGN_OR_RETURN(
                     ListCursor cursor,
                     StartList(env_, call, *request, request->page_size(),
                               request->page_token()));
                 return env_.db
                     ->Read(
                         "ListHouseholds", call.deadline,
                         [&](soci::session& sql) {
                           auto page = store::ListHouseholds(
                               sql, site_id, {cursor.after_id, cursor.limit});
                           for (const domain::Household& h : page.items) {
                             ToProto(h, response->add_households());
                           }
                           response->set_next_page_token(NextPageToken(
                               env_, call, cursor, page.has_more,
                               page.items.empty() ? 0 : page.items.back().id));
                           return absl::OkStatus();
                         });
               });
}

grpc::Status DirectoryServiceImpl::CreateResident(
    grpc::ServerContext* context, const v1::CreateResidentRequest* request,
    v1::Resident* response) {
  return Serve(
      env_, context, kCreateResident, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        const v1::Resident& in = request->resident();
        domain::Resident resident;
        resident.site_id = site_id;
        resident.display_name = in.display_name();
        resident.phone = in.phone();
        resident.create_time = call.now;
        if (in.household().empty()) {
          return absl::InvalidArgumentError("resident.household: is required");
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            auto household_ids,
            ParseSiteChild("resident.household", in.household(), "households"));
        if (household_ids[0] != site_id) {
          return absl::InvalidArgumentError(
              "resident.household: must be a household of the parent site");
        }
        resident.household_id = household_ids[1];
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateResident(resident));
        return env_.db->Transact(
            "CreateResident", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              if (!store::FindHousehold(sql, site_id, resident.household_id)) {
                return absl::NotFoundError(absl::StrCat(
                    "resident.household: ", in.household(), " not found"));
              }
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(sql, call, *request, request->request_id(),
                             [&]() -> absl::StatusOr<std::string> {
                               resident = store::InsertResident(sql, resident);
                               return ResidentName(site_id, resident.id);
                             }));
              if (existing) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    auto ids,
                    ParseSiteChild("resident", *existing, "residents"));
                CONCIERGE_ASSIGN_OR_RETURN(
                    resident, Replayed(*existing, store::FindResident(
                                                      sql, ids[0], ids[1])));
              }
              ToProto(resident, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status DirectoryServiceImpl::GetResident(
    grpc::ServerContext* context, const v1::GetResidentRequest* request,
    v1::Resident* response) {
  return Serve(
      env_, context, kGetResident, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("name", request->name(), "residents"));
        CONCIERGE_RETURN_IF_ERROR(RequireSite(call, ids[0]));
        return env_.db->Read(
            "GetResident", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              auto resident = store::FindResident(sql, ids[0], ids[1]);
              // A resident learns nothing about other
              // households, not even whether a record exists.
              if (call.principal.role == domain::Role::kResident &&
                  (!resident ||
                   resident->household_id != call.principal.household_id)) {
                return RequireOwnHousehold(call, -1);
              }
              if (!resident) {
                return absl::NotFoundError(
                    absl::StrCat(request->name(), " not found"));
              }
              ToProto(*resident, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status DirectoryServiceImpl::ListResidents(
    grpc::ServerContext* context, const v1::ListResidentsRequest* request,
    v1::ListResidentsResponse* response) {
  return Serve(env_, context, kListResidents,
               [&](const Call& call) -> absl::Status {
                 CONCIERGE_ASSIGN_OR_RETURN(
                     int64_t site_id,
                     ParseSiteName("parent", request->parent()));
                 CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
                 int64_t household_id = 0;
                 if (!request->household().empty()) {
                   CONCIERGE_ASSIGN_OR_RETURN(
                       auto ids,
                       ParseSiteChild("household", request->household(),
                                      "households"));
                   if (ids[0] != site_id) {
                     return absl::InvalidArgumentError(
                         "household: must be a household of the parent site");
                   }
                   household_id = ids[1];
                 }
                 if (call.principal.role == domain::Role::kResident) {
                   if (household_id == 0)
                     household_id = call.principal.household_id;
                   CONCIERGE_RETURN_IF_ERROR(
                       RequireOwnHousehold(call, household_id));
                 }
                 CONCIERGE_ASSIGN_OR_RETURN(
                     ListCursor cursor,
                     StartList(env_, call, *request, request->page_size(),
                               request->page_token()));
                 return env_.db
                     ->Read(
                         "ListResidents", call.deadline,
                         [&](soci::session& sql) {
                           auto page = store::ListResidents(
                               sql, site_id, household_id,
                               {cursor.after_id, cursor.limit});
                           for (const domain::Resident& r : page.items) {
                             ToProto(r, response->add_residents());
                           }
                           response->set_next_page_token(NextPageToken(
                               env_, call, cursor, page.has_more,
                               page.items.empty() ? 0 : page.items.back().id));
                           return absl::OkStatus();
                         });
               });
}

// --- partners ------------------------------------------------------------------

grpc::Status DirectoryServiceImpl::CreatePartner(
    grpc::ServerContext* context, const v1::CreatePartnerRequest* request,
    v1::Partner* response) {
  return Serve(
      env_, context, kCreatePartner, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        domain::Partner partner;
        partner.site_id = site_id;
        partner.display_name = request->partner().display_name();
        partner.create_time = call.now;
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateText("partner.display_name",
                                                       partner.display_name,
                                                       domain::kRequiredName));
        const auto known = auth::KnownPartnerScopes();
        for (const std::string& scope : request->partner().scopes()) {
          if (std::find(known.begin(), known.end(), scope) == known.end()) {
            return absl::InvalidArgumentError(absl::StrCat(
                "partner.scopes: unknown scope \"", scope.substr(0, 40),
                "\" (docs/API.md lists the scopes)"));
          }
          if (std::find(partner.scopes.begin(), partner.scopes.end(), scope) ==
              partner.scopes.end()) {
            partner.scopes.push_back(scope);
          }
        }
        return env_.db->Transact(
            "CreatePartner", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_RETURN_IF_ERROR(
                  usecase::LoadSite(sql, site_id).status());
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(sql, call, *request, request->request_id(),
                             [&]() -> absl::StatusOr<std::string> {
                               partner = store::InsertPartner(sql, partner);
                               return PartnerName(site_id, partner.id);
                             }));
              if (existing) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    auto ids, ParseSiteChild("partner", *existing, "partners"));
                CONCIERGE_ASSIGN_OR_RETURN(
                    partner, Replayed(*existing,
                                      store::FindPartner(sql, ids[0], ids[1])));
              }
              ToProto(partner, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status DirectoryServiceImpl::ListPartners(
    grpc::ServerContext* context, const v1::ListPartnersRequest* request,
    v1::ListPartnersResponse* response) {
  return Serve(env_, context, kListPartners,
               [&](const Call& call) -> absl::Status {
                 CONCIERGE_ASSIGN_OR_RETURN(
                     int64_t site_id,
                     ParseSiteName("parent", request->parent()));
                 CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
                 CONCIERGE_ASSIGN_OR_RETURN(
                     ListCursor cursor,
                     StartList(env_, call, *request, request->page_size(),
                               request->page_token()));
                 return env_.db
                     ->Read(
                         "ListPartners", call.deadline,
                         [&](soci::session& sql) {
                           auto page = store::ListPartners(
                               sql, site_id, {cursor.after_id, cursor.limit});
                           for (const domain::Partner& p : page.items) {
                             ToProto(p, response->add_partners());
                           }
                           response->set_next_page_token(NextPageToken(
                               env_, call, cursor, page.has_more,
                               page.items.empty() ? 0 : page.items.back().id));
                           return absl::OkStatus();
                         });
               });
}

// --- tokens ----------------------------------------------------------------------

namespace {

// Checks that `ref` exists and that the caller may hold tokens for it.
absl::Status CheckTokenSubject(soci::session& sql, const Call& call,
                               const PrincipalRef& ref, absl::string_view field,
                               absl::string_view name) {
  auto not_found = [&] {
    return absl::NotFoundError(absl::StrCat(field, ": ", name, " not found"));
  };
  switch (ref.kind) {
    case domain::PrincipalKind::kAdmin:
      if (!call.principal.IsGroupAdmin()) {
        return absl::PermissionDeniedError(
            "only a group administrator manages administrators' tokens");
      }
      return absl::OkStatus();
    case domain::PrincipalKind::kStaff: {
      auto staff = store::FindStaff(sql, ref.site_id, ref.id);
      if (!staff) return not_found();
      if (!staff->active) {
        return absl::FailedPreconditionError(
            absl::StrCat(field, ": ", name, " is not active"));
      }
      return CheckMayManage(call, staff->role);
    }
    case domain::PrincipalKind::kResident:
      if (!store::FindResident(sql, ref.site_id, ref.id)) return not_found();
      return absl::OkStatus();
    case domain::PrincipalKind::kPartner:
      if (call.principal.role == domain::Role::kManager) {
        return absl::PermissionDeniedError(
            "partner tokens are issued by administrators");
      }
      if (!store::FindPartner(sql, ref.site_id, ref.id)) return not_found();
      return absl::OkStatus();
  }
  return not_found();
}

}  // namespace

grpc::Status DirectoryServiceImpl::IssueToken(
    grpc::ServerContext* context, const v1::IssueTokenRequest* request,
    v1::IssueTokenResponse* response) {
  return Serve(
      env_, context, kIssueToken, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            PrincipalRef ref,
            ParsePrincipalName("principal", request->principal()));
        if (ref.kind != domain::PrincipalKind::kAdmin) {
          CONCIERGE_RETURN_IF_ERROR(RequireSite(call, ref.site_id));
        }
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateText(
            "label", request->label(), domain::kOptionalName));
        store::TokenRecord token;
        token.kind = ref.kind;
        token.principal_id = ref.id;
        token.site_id = ref.site_id;
        token.label = request->label();
        token.create_time = call.now;
        if (request->has_ttl()) {
          CONCIERGE_ASSIGN_OR_RETURN(absl::Duration ttl,
                                     FromProto("ttl", request->ttl()));
          if (ttl <= absl::ZeroDuration() || ttl > kMaxTokenLifetime) {
            return absl::InvalidArgumentError(
                "ttl: must be positive and at most five years");
          }
          token.expire_time = call.now + ttl;
        }
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        const std::string text = auth::NewTokenText();
        return env_.db->Transact(
            "IssueToken", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_RETURN_IF_ERROR(CheckTokenSubject(
                  sql, call, ref, "principal", request->principal()));
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(sql, call, *request, request->request_id(),
                             [&]() -> absl::StatusOr<std::string> {
                               token = store::InsertToken(
                                   sql, token, auth::HashToken(text));
                               return TokenName(token.id);
                             }));
              if (existing) {
                // The secret is never kept, so it cannot be shown again.
                return absl::AlreadyExistsError(
                    absl::StrCat("request_id: ", *existing,
                                 " was already issued for this request_id and "
                                 "its secret is shown "
                                 "only once; revoke it and issue another"));
              }
              response->set_token(text);
              ToProto(token, response->mutable_token_info());
              return absl::OkStatus();
            });
      });
}

grpc::Status DirectoryServiceImpl::ListTokens(
    grpc::ServerContext* context, const v1::ListTokensRequest* request,
    v1::ListTokensResponse* response) {
  return Serve(
      env_, context, kListTokens, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            PrincipalRef ref,
            ParsePrincipalName("principal", request->principal()));
        if (ref.kind != domain::PrincipalKind::kAdmin) {
          CONCIERGE_RETURN_IF_ERROR(RequireSite(call, ref.site_id));
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return env_.db->Read(
            "ListTokens", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_RETURN_IF_ERROR(CheckTokenSubject(
                  sql, call, ref, "principal", request->principal()));
              auto page = store::ListTokens(sql, ref.kind, ref.id,
                                            {cursor.after_id, cursor.limit});
              for (const auto& t : page.items)
                ToProto(t, response->add_tokens());
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
      });
}

grpc::Status DirectoryServiceImpl::RevokeToken(
    grpc::ServerContext* context, const v1::RevokeTokenRequest* request,
    v1::Token* response) {
  return ServeWrite(
      env_, context, kRevokeToken, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseName<1>("name", request->name(), {"tokens"}));
        absl::Status status = env_.db->Transact(
            "RevokeToken", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              auto token = store::FindToken(sql, ids[0]);
              // Tokens of other sites are not the caller's business at all.
              if (token && token->kind != domain::PrincipalKind::kAdmin) {
                CONCIERGE_RETURN_IF_ERROR(RequireSite(call, token->site_id));
              }
              if (!token) {
                return absl::NotFoundError(
                    absl::StrCat(request->name(), " not found"));
              }
              const PrincipalRef ref{token->kind, token->site_id,
                                     token->principal_id};
              if (ref.kind == domain::PrincipalKind::kStaff) {
                auto staff = store::FindStaff(sql, ref.site_id, ref.id);
                if (staff)
                  CONCIERGE_RETURN_IF_ERROR(CheckMayManage(call, staff->role));
              } else if (ref.kind == domain::PrincipalKind::kAdmin &&
                         !call.principal.IsGroupAdmin()) {
                return absl::PermissionDeniedError(
                    "only a group administrator revokes administrators' "
                    "tokens");
              }
              ToProto(*store::RevokeToken(sql, ids[0], call.now), response);
              store::ChangeFeed::Notify(sql, store::ChangeFeed::kTokensChannel,
                                        "");
              return absl::OkStatus();
            });
        if (status.ok()) env_.authenticator->InvalidateAll();
        return status;
      });
}

grpc::Status DirectoryServiceImpl::WhoAmI(grpc::ServerContext* context,
                                          const v1::WhoAmIRequest* request,
                                          v1::Principal* response) {
  return Serve(env_, context, kWhoAmI, [&](const Call& call) -> absl::Status {
    const domain::Principal& p = call.principal;
    response->set_name(usecase::PrincipalName(p.kind, p.site_id, p.id));
    response->set_display_name(p.display_name);
    response->set_role(api::ToProto(p.role));
    if (p.site_id != 0) response->set_site(SiteName(p.site_id));
    if (p.department_id != 0) {
      response->set_department(DepartmentName(p.site_id, p.department_id));
    }
    if (p.household_id != 0) {
      response->set_household(HouseholdName(p.site_id, p.household_id));
    }
    for (const auto& scope : p.scopes) response->add_scopes(scope);
    response->set_token(TokenName(p.token_id));
    return absl::OkStatus();
  });
}

}  // namespace concierge::api
