#ifndef CONCIERGE_SERVER_API_DIRECTORY_SERVICE_H_
#define CONCIERGE_SERVER_API_DIRECTORY_SERVICE_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "concierge/v1/directory.grpc.pb.h"
#include "server/api/rpc.h"

namespace concierge::api {

// concierge.v1.DirectoryService: sites, departments, staff, households,
// residents, partners and tokens. Its methods are defined in two files:
// directory_service.cc (sites, departments, staff, tokens) and
// directory_people_service.cc (households, residents, partners).
class DirectoryServiceImpl final : public v1::DirectoryService::Service {
 public:
  explicit DirectoryServiceImpl(const ApiEnv& env) : env_(env) {}

  grpc::Status CreateSite(grpc::ServerContext* context,
                          const v1::CreateSiteRequest* request,
                          v1::Site* response) override;
  grpc::Status GetSite(grpc::ServerContext* context,
                       const v1::GetSiteRequest* request,
                       v1::Site* response) override;
  grpc::Status ListSites(grpc::ServerContext* context,
                         const v1::ListSitesRequest* request,
                         v1::ListSitesResponse* response) override;
  grpc::Status CreateDepartment(grpc::ServerContext* context,
                                const v1::CreateDepartmentRequest* request,
                                v1::Department* response) override;
  grpc::Status ListDepartments(grpc::ServerContext* context,
                               const v1::ListDepartmentsRequest* request,
                               v1::ListDepartmentsResponse* response) override;
  grpc::Status CreateStaff(grpc::ServerContext* context,
                           const v1::CreateStaffRequest* request,
                           v1::Staff* response) override;
  grpc::Status GetStaff(grpc::ServerContext* context,
                        const v1::GetStaffRequest* request,
                        v1::Staff* response) override;
  grpc::Status ListStaff(grpc::ServerContext* context,
                         const v1::ListStaffRequest* request,
                         v1::ListStaffResponse* response) override;
  grpc::Status UpdateStaff(grpc::ServerContext* context,
                           const v1::UpdateStaffRequest* request,
                           v1::Staff* response) override;
  grpc::Status CreateHousehold(grpc::ServerContext* context,
                               const v1::CreateHouseholdRequest* request,
                               v1::Household* response) override;
  grpc::Status GetHousehold(grpc::ServerContext* context,
                            const v1::GetHouseholdRequest* request,
                            v1::Household* response) override;
  grpc::Status ListHouseholds(grpc::ServerContext* context,
                              const v1::ListHouseholdsRequest* request,
                              v1::ListHouseholdsResponse* response) override;
  grpc::Status CreateResident(grpc::ServerContext* context,
                              const v1::CreateResidentRequest* request,
                              v1::Resident* response) override;
  grpc::Status GetResident(grpc::ServerContext* context,
                           const v1::GetResidentRequest* request,
                           v1::Resident* response) override;
  grpc::Status ListResidents(grpc::ServerContext* context,
                             const v1::ListResidentsRequest* request,
                             v1::ListResidentsResponse* response) override;
  grpc::Status CreatePartner(grpc::ServerContext* context,
                             const v1::CreatePartnerRequest* request,
                             v1::Partner* response) override;
  grpc::Status ListPartners(grpc::ServerContext* context,
                            const v1::ListPartnersRequest* request,
                            v1::ListPartnersResponse* response) override;
  grpc::Status IssueToken(grpc::ServerContext* context,
                          const v1::IssueTokenRequest* request,
                          v1::IssueTokenResponse* response) override;
  grpc::Status ListTokens(grpc::ServerContext* context,
                          const v1::ListTokensRequest* request,
                          v1::ListTokensResponse* response) override;
  grpc::Status RevokeToken(grpc::ServerContext* context,
                           const v1::RevokeTokenRequest* request,
                           v1::Token* response) override;
  grpc::Status WhoAmI(grpc::ServerContext* context,
                      const v1::WhoAmIRequest* request,
                      v1::Principal* response) override;

 private:
  // The checks both files of the service share (directory_service.cc:
  // sites, departments, staff, tokens; directory_people_service.cc:
  // households, residents, partners).
  // The parent site of a create, checked against the caller, with its
  // request_id.
  static absl::StatusOr<int64_t> CreateParent(const Call& call,
                                              const std::string& parent,
                                              const std::string& request_id);
  // The parent site of a list, checked against the caller.
  static absl::StatusOr<int64_t> ListParent(const Call& call,
                                            const std::string& parent);
  // The {site, id} `name` gives, checked against the caller.
  static absl::StatusOr<std::array<int64_t, 2>> Named(
      const Call& call, absl::string_view field, const std::string& name,
      absl::string_view collection);

  const ApiEnv& env_;
};

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_DIRECTORY_SERVICE_H_
