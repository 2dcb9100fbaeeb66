// DirectoryService's methods for the people of a site: households,
// residents and partners (sites, departments, staff and tokens are in
// directory_service.cc).

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/api/convert.h"
#include "server/api/directory_convert.h"
#include "server/api/directory_service.h"
#include "server/auth/authorization.h"
#include "server/auth/tokens.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"
#include "server/usecase/directory.h"

namespace concierge::api {
namespace {

#define DIRECTORY_RPC(name) "/concierge.v1.DirectoryService/" name

constexpr char kCreateHousehold[] = DIRECTORY_RPC("CreateHousehold");
constexpr char kGetHousehold[] = DIRECTORY_RPC("GetHousehold");
constexpr char kListHouseholds[] = DIRECTORY_RPC("ListHouseholds");
constexpr char kCreateResident[] = DIRECTORY_RPC("CreateResident");
constexpr char kGetResident[] = DIRECTORY_RPC("GetResident");
constexpr char kListResidents[] = DIRECTORY_RPC("ListResidents");
constexpr char kCreatePartner[] = DIRECTORY_RPC("CreatePartner");
constexpr char kListPartners[] = DIRECTORY_RPC("ListPartners");

#undef DIRECTORY_RPC

}  // namespace

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

}  // namespace concierge::api
