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
constexpr char kIssueToken[] = DIRECTORY_RPC("IssueToken");
constexpr char kListTokens[] = DIRECTORY_RPC("ListTokens");
constexpr char kRevokeToken[] = DIRECTORY_RPC("RevokeToken");
constexpr char kWhoAmI[] = DIRECTORY_RPC("WhoAmI");

#undef DIRECTORY_RPC

constexpr absl::Duration kMaxTokenLifetime = absl::Hours(24 * 366 * 5);

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

// --- the checks both files share -------------------------------------------

// The parent site of a create, checked against the caller, with its
// request_id.
absl::StatusOr<int64_t> DirectoryServiceImpl::CreateParent(
    const Call& call, const std::string& parent,
    const std::string& request_id) {
  CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id, ParseSiteName("parent", parent));
  CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateRequestId(request_id));
  return site_id;
}

// The parent site of a list, checked against the caller.
absl::StatusOr<int64_t> DirectoryServiceImpl::ListParent(
    const Call& call, const std::string& parent) {
  CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id, ParseSiteName("parent", parent));
  CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
  return site_id;
}

// The {site, id} `name` gives, checked against the caller.
absl::StatusOr<std::array<int64_t, 2>> DirectoryServiceImpl::Named(
    const Call& call, absl::string_view field, const std::string& name,
    absl::string_view collection) {
  CONCIERGE_ASSIGN_OR_RETURN(auto ids, ParseSiteChild(field, name, collection));
  CONCIERGE_RETURN_IF_ERROR(RequireSite(call, ids[0]));
  return ids;
}

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
