#include "server/api/directory_service.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/api/convert.h"
#include "server/api/directory_convert.h"
#include "server/auth/authorization.h"
#include "server/auth/tokens.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"
#include "server/usecase/directory.h"

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

// The parent site of a create, checked against the caller, with its
// request_id.
absl::StatusOr<int64_t> CreateParent(const Call& call,
                                     const std::string& parent,
                                     const std::string& request_id) {
  CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id, ParseSiteName("parent", parent));
  CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateRequestId(request_id));
  return site_id;
}

// The parent site of a list, checked against the caller.
absl::StatusOr<int64_t> ListParent(const Call& call,
                                   const std::string& parent) {
  CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id, ParseSiteName("parent", parent));
  CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
  return site_id;
}

// The {site, id} `name` gives, checked against the caller.
absl::StatusOr<std::array<int64_t, 2>> Named(const Call& call,
                                             absl::string_view field,
                                             const std::string& name,
                                             absl::string_view collection) {
  CONCIERGE_ASSIGN_OR_RETURN(auto ids, ParseSiteChild(field, name, collection));
  CONCIERGE_RETURN_IF_ERROR(RequireSite(call, ids[0]));
  return ids;
}

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

// Converts a page's items with this file's ToProto overloads.
constexpr auto kToProto = [](const auto& item, auto* out) {
  ToProto(item, out);
};

// Converts items that show money in their site's `currency`.
struct InCurrencyOf {
  const std::string& currency;
  template <typename T, typename Proto>
  void operator()(const T& item, Proto* out) const {
    ToProto(item, currency, out);
  }
};

// A page of items that show money, in their site's currency.
template <typename T, typename Proto>
absl::Status PageInto(
    const ApiEnv& env, const Call& call, const ListCursor& cursor,
    const absl::StatusOr<usecase::InCurrency<store::Page<T>>>& page,
    google::protobuf::RepeatedPtrField<Proto>* items,
    std::string* next_page_token) {
  CONCIERGE_RETURN_IF_ERROR(page.status());
  return PageInto(env, call, cursor, page->value, InCurrencyOf{page->currency},
                  items, next_page_token);
}

// Writes' replies, converted inside the transaction (it may run again).
usecase::ReplyOf<usecase::InCurrency<domain::Staff>> StaffReplyInto(
    v1::Staff* response) {
  return [response](const usecase::InCurrency<domain::Staff>& staff) {
    response->Clear();
    ToProto(staff.value, staff.currency, response);
  };
}
usecase::ReplyOf<store::TokenRecord> ReplyInto(v1::Token* response) {
  return [response](const store::TokenRecord& token) {
    response->Clear();
    ToProto(token, response);
  };
}

// A token's subject named by the caller, of a site they may act on.
absl::StatusOr<usecase::TokenSubject> SubjectFrom(const Call& call,
                                                  const std::string& name) {
  CONCIERGE_ASSIGN_OR_RETURN(usecase::TokenSubject subject,
                             ParsePrincipalName("principal", name));
  if (subject.kind != domain::PrincipalKind::kAdmin) {
    CONCIERGE_RETURN_IF_ERROR(RequireSite(call, subject.site_id));
  }
  return subject;
}

}  // namespace

// --- sites -------------------------------------------------------------------

grpc::Status DirectoryServiceImpl::CreateSite(
    grpc::ServerContext* context, const v1::CreateSiteRequest* request,
    v1::Site* response) {
  return Serve(
      env_, context, kCreateSite, [&](const Call& call) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        const v1::Site& in = request->site();
        domain::Site site;
        CONCIERGE_ASSIGN_OR_RETURN(site.kind, SiteKindFromProto(in.kind()));
        site.display_name = in.display_name();
        site.time_zone = in.time_zone();
        site.currency = in.currency_code().empty() ? "CNY" : in.currency_code();
        return Answer(usecase::CreateSite(
                          *env_.db, ActorOf(call), std::move(site),
                          CreateKeyFor(call, *request, request->request_id())),
                      response);
      });
}

grpc::Status DirectoryServiceImpl::GetSite(grpc::ServerContext* context,
                                           const v1::GetSiteRequest* request,
                                           v1::Site* response) {
  return Serve(env_, context, kGetSite, [&](const Call& call) -> absl::Status {
    CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                               ParseSiteName("name", request->name()));
    CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
    return Answer(usecase::GetSite(*env_.db, ActorOf(call), site_id), response);
  });
}

grpc::Status DirectoryServiceImpl::ListSites(
    grpc::ServerContext* context, const v1::ListSitesRequest* request,
    v1::ListSitesResponse* response) {
  return Serve(
      env_, context, kListSites, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return PageInto(env_, call, cursor,
                        usecase::ListSites(*env_.db, ActorOf(call),
                                           {cursor.after_id, cursor.limit}),
                        kToProto, response->mutable_sites(),
                        response->mutable_next_page_token());
      });
}

// --- departments ------------------------------------------------------------

grpc::Status DirectoryServiceImpl::CreateDepartment(
    grpc::ServerContext* context, const v1::CreateDepartmentRequest* request,
    v1::Department* response) {
  return Serve(
      env_, context, kCreateDepartment, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            int64_t site_id,
            CreateParent(call, request->parent(), request->request_id()));
        const v1::Department& in = request->department();
        domain::Department department;
        department.site_id = site_id;
        department.code = in.code();
        department.title_zh = in.title().zh();
        department.title_en = in.title().en();
        department.hourly_cost_minor = in.hourly_cost().minor_units();
        std::optional<domain::Money> hourly_cost;
        if (in.has_hourly_cost()) hourly_cost = FromProto(in.hourly_cost(), "");
        return Answer(
            usecase::CreateDepartment(
                *env_.db, ActorOf(call), std::move(department), hourly_cost,
                CreateKeyFor(call, *request, request->request_id())),
            response);
      });
}

grpc::Status DirectoryServiceImpl::ListDepartments(
    grpc::ServerContext* context, const v1::ListDepartmentsRequest* request,
    v1::ListDepartmentsResponse* response) {
  return Serve(env_, context, kListDepartments,
               [&](const Call& call) -> absl::Status {
                 CONCIERGE_ASSIGN_OR_RETURN(
                     int64_t site_id, ListParent(call, request->parent()));
                 CONCIERGE_ASSIGN_OR_RETURN(
                     ListCursor cursor,
                     StartList(env_, call, *request, request->page_size(),
                               request->page_token()));
                 return PageInto(
                     env_, call, cursor,
                     usecase::ListDepartments(*env_.db, ActorOf(call), site_id,
                                              {cursor.after_id, cursor.limit}),
                     response->mutable_departments(),
                     response->mutable_next_page_token());
               });
}

// --- staff -------------------------------------------------------------------

grpc::Status DirectoryServiceImpl::CreateStaff(
    grpc::ServerContext* context, const v1::CreateStaffRequest* request,
    v1::Staff* response) {
  return Serve(
      env_, context, kCreateStaff, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            int64_t site_id,
            CreateParent(call, request->parent(), request->request_id()));
        const v1::Staff& in = request->staff();
        domain::Staff staff;
        staff.site_id = site_id;
        CONCIERGE_ASSIGN_OR_RETURN(staff.role,
                                   StaffRoleFromProto("staff.role", in.role()));
        CONCIERGE_RETURN_IF_ERROR(
            usecase::CheckMayManage(call.principal, staff.role));
        staff.display_name = in.display_name();
        staff.phone = in.phone();
        staff.spending_limit_minor = in.spending_limit().minor_units();
        return Answer(usecase::CreateStaff(
                          *env_.db, ActorOf(call), std::move(staff),
                          in.department(), FromProto(in.spending_limit(), ""),
                          CreateKeyFor(call, *request, request->request_id())),
                      response);
      });
}

grpc::Status DirectoryServiceImpl::GetStaff(grpc::ServerContext* context,
                                            const v1::GetStaffRequest* request,
                                            v1::Staff* response) {
  return Serve(env_, context, kGetStaff, [&](const Call& call) -> absl::Status {
    CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                               Named(call, "name", request->name(), "staff"));
    return Answer(usecase::GetStaff(*env_.db, ActorOf(call), ids[0], ids[1]),
                  response);
  });
}

grpc::Status DirectoryServiceImpl::ListStaff(
    grpc::ServerContext* context, const v1::ListStaffRequest* request,
    v1::ListStaffResponse* response) {
  return Serve(
      env_, context, kListStaff, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ListParent(call, request->parent()));
        store::StaffFilter filter;
        if (request->role() != v1::ROLE_UNSPECIFIED) {
          CONCIERGE_ASSIGN_OR_RETURN(
              filter.role, StaffRoleFromProto("role", request->role()));
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return PageInto(env_, call, cursor,
                        usecase::ListStaff(*env_.db, ActorOf(call), site_id,
                                           filter, request->department(),
                                           {cursor.after_id, cursor.limit}),
                        response->mutable_staff(),
                        response->mutable_next_page_token());
      });
}

grpc::Status DirectoryServiceImpl::UpdateStaff(
    grpc::ServerContext* context, const v1::UpdateStaffRequest* request,
    v1::Staff* response) {
  return ServeWrite(
      env_, context, kUpdateStaff, *request, response,
      [&](const Call& call) -> absl::Status {
        const v1::Staff& in = request->staff();
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, Named(call, "staff.name", in.name(), "staff"));
        usecase::StaffUpdate update;
        update.site_id = ids[0];
        update.staff_id = ids[1];
        if (in.etag().empty() ||
            !absl::SimpleAtoi(in.etag(), &update.expected_version)) {
          return absl::InvalidArgumentError(
              "staff.etag: is required (the etag of the version you read)");
        }
        if (request->update_mask().paths_size() == 0) {
          return absl::InvalidArgumentError(
              "update_mask: name at least one field to change");
        }
        update.paths.assign(request->update_mask().paths().begin(),
                            request->update_mask().paths().end());
        update.given.display_name = in.display_name();
        update.given.phone = in.phone();
        update.given.active = in.active();
        update.role = StaffRoleFromProto("staff.role", in.role());
        update.department = in.department();
        update.spending_limit = FromProto(in.spending_limit(), "");
        CONCIERGE_RETURN_IF_ERROR(usecase::UpdateStaff(*env_.db, ActorOf(call),
                                                       update,
                                                       StaffReplyInto(response))
                                      .status());
        // Role, department or activity may have changed what tokens grant.
        env_.authenticator->InvalidateAll();
        return absl::OkStatus();
      });
}

// --- households and residents ---------------------------------------------

grpc::Status DirectoryServiceImpl::CreateHousehold(
    grpc::ServerContext* context, const v1::CreateHouseholdRequest* request,
    v1::Household* response) {
  return Serve(
      env_, context, kCreateHousehold, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            int64_t site_id,
            CreateParent(call, request->parent(), request->request_id()));
        domain::Household household;
        household.site_id = site_id;
        household.building = request->household().building();
        household.unit = request->household().unit();
        household.address = request->household().address();
        return Answer(usecase::CreateHousehold(
                          *env_.db, ActorOf(call), std::move(household),
                          CreateKeyFor(call, *request, request->request_id())),
                      response);
      });
}

grpc::Status DirectoryServiceImpl::GetHousehold(
    grpc::ServerContext* context, const v1::GetHouseholdRequest* request,
    v1::Household* response) {
  return Serve(
      env_, context, kGetHousehold, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, Named(call, "name", request->name(), "households"));
        CONCIERGE_RETURN_IF_ERROR(RequireOwnHousehold(call, ids[1]));
        return Answer(
            usecase::GetHousehold(*env_.db, ActorOf(call), ids[0], ids[1]),
            response);
      });
}

grpc::Status DirectoryServiceImpl::ListHouseholds(
    grpc::ServerContext* context, const v1::ListHouseholdsRequest* request,
    v1::ListHouseholdsResponse* response) {
  return Serve(env_, context, kListHouseholds,
               [&](const Call& call) -> absl::Status {
                 CONCIERGE_ASSIGN_OR_RETURN(
                     int64_t site_id, ListParent(call, request->parent()));
                 CONCIERGE_ASSIGN_OR_RETURN(
                     ListCursor cursor,
                     StartList(env_, call, *request, request->page_size(),
                               request->page_token()));
                 return PageInto(
                     env_, call, cursor,
                     usecase::ListHouseholds(*env_.db, ActorOf(call), site_id,
                                             {cursor.after_id, cursor.limit}),
                     kToProto, response->mutable_households(),
                     response->mutable_next_page_token());
               });
}

grpc::Status DirectoryServiceImpl::CreateResident(
    grpc::ServerContext* context, const v1::CreateResidentRequest* request,
    v1::Resident* response) {
  return Serve(
      env_, context, kCreateResident, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            int64_t site_id,
            CreateParent(call, request->parent(), request->request_id()));
        const v1::Resident& in = request->resident();
        domain::Resident resident;
        resident.site_id = site_id;
        resident.display_name = in.display_name();
        resident.phone = in.phone();
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
        return Answer(usecase::CreateResident(
                          *env_.db, ActorOf(call), std::move(resident),
                          CreateKeyFor(call, *request, request->request_id())),
                      response);
      });
}

grpc::Status DirectoryServiceImpl::GetResident(
    grpc::ServerContext* context, const v1::GetResidentRequest* request,
    v1::Resident* response) {
  return Serve(
      env_, context, kGetResident, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, Named(call, "name", request->name(), "residents"));
        return Answer(
            usecase::GetResident(*env_.db, ActorOf(call), ids[0], ids[1]),
            response);
      });
}

grpc::Status DirectoryServiceImpl::ListResidents(
    grpc::ServerContext* context, const v1::ListResidentsRequest* request,
    v1::ListResidentsResponse* response) {
  return Serve(
      env_, context, kListResidents, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ListParent(call, request->parent()));
        int64_t household_id = 0;
        if (!request->household().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              auto ids,
              ParseSiteChild("household", request->household(), "households"));
          if (ids[0] != site_id) {
            return absl::InvalidArgumentError(
                "household: must be a household of the parent site");
          }
          household_id = ids[1];
        }
        if (call.principal.role == domain::Role::kResident) {
          if (household_id == 0) household_id = call.principal.household_id;
          CONCIERGE_RETURN_IF_ERROR(RequireOwnHousehold(call, household_id));
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return PageInto(env_, call, cursor,
                        usecase::ListResidents(*env_.db, ActorOf(call), site_id,
                                               household_id,
                                               {cursor.after_id, cursor.limit}),
                        kToProto, response->mutable_residents(),
                        response->mutable_next_page_token());
      });
}

// --- partners
// ------------------------------------------------------------------

grpc::Status DirectoryServiceImpl::CreatePartner(
    grpc::ServerContext* context, const v1::CreatePartnerRequest* request,
    v1::Partner* response) {
  return Serve(
      env_, context, kCreatePartner, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            int64_t site_id,
            CreateParent(call, request->parent(), request->request_id()));
        domain::Partner partner;
        partner.site_id = site_id;
        partner.display_name = request->partner().display_name();
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
        return Answer(usecase::CreatePartner(
                          *env_.db, ActorOf(call), std::move(partner),
                          CreateKeyFor(call, *request, request->request_id())),
                      response);
      });
}

grpc::Status DirectoryServiceImpl::ListPartners(
    grpc::ServerContext* context, const v1::ListPartnersRequest* request,
    v1::ListPartnersResponse* response) {
  return Serve(
      env_, context, kListPartners, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ListParent(call, request->parent()));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return PageInto(env_, call, cursor,
                        usecase::ListPartners(*env_.db, ActorOf(call), site_id,
                                              {cursor.after_id, cursor.limit}),
                        kToProto, response->mutable_partners(),
                        response->mutable_next_page_token());
      });
}

// --- tokens
// ----------------------------------------------------------------------

grpc::Status DirectoryServiceImpl::IssueToken(
    grpc::ServerContext* context, const v1::IssueTokenRequest* request,
    v1::IssueTokenResponse* response) {
  return Serve(
      env_, context, kIssueToken, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(usecase::TokenSubject subject,
                                   SubjectFrom(call, request->principal()));
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateText(
            "label", request->label(), domain::kOptionalName));
        store::TokenRecord token;
        token.label = request->label();
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
        CONCIERGE_ASSIGN_OR_RETURN(
            token, usecase::IssueToken(
                       *env_.db, ActorOf(call), subject, std::move(token),
                       auth::HashToken(text),
                       CreateKeyFor(call, *request, request->request_id())));
        response->set_token(text);
        ToProto(token, response->mutable_token_info());
        return absl::OkStatus();
      });
}

grpc::Status DirectoryServiceImpl::ListTokens(
    grpc::ServerContext* context, const v1::ListTokensRequest* request,
    v1::ListTokensResponse* response) {
  return Serve(
      env_, context, kListTokens, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(usecase::TokenSubject subject,
                                   SubjectFrom(call, request->principal()));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return PageInto(env_, call, cursor,
                        usecase::ListTokens(*env_.db, ActorOf(call), subject,
                                            {cursor.after_id, cursor.limit}),
                        kToProto, response->mutable_tokens(),
                        response->mutable_next_page_token());
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
        CONCIERGE_RETURN_IF_ERROR(usecase::RevokeToken(*env_.db, ActorOf(call),
                                                       ids[0],
                                                       ReplyInto(response))
                                      .status());
        env_.authenticator->InvalidateAll();
        return absl::OkStatus();
      });
}

grpc::Status DirectoryServiceImpl::WhoAmI(grpc::ServerContext* context,
                                          const v1::WhoAmIRequest* request,
                                          v1::Principal* response) {
  return Serve(env_, context, kWhoAmI, [&](const Call& call) -> absl::Status {
    ToProto(call.principal, response);
    return absl::OkStatus();
  });
}

}  // namespace concierge::api
