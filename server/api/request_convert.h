#ifndef CONCIERGE_SERVER_API_REQUEST_CONVERT_H_
#define CONCIERGE_SERVER_API_REQUEST_CONVERT_H_

// Service requests: proto <-> domain, and how a caller stands to a request.

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "concierge/v1/requests.pb.h"
#include "server/api/rpc.h"
#include "server/common/resource_names.h"
#include "server/domain/principal.h"
#include "server/domain/requests.h"
#include "server/usecase/requests.h"

namespace concierge::api {

using usecase::RelationsOf;

// `viewer` decides whether phone and unit are shown (MaySeeContact).
void ToProto(const domain::ServiceRequest& r, domain::Relations viewer,
             absl::Time now, v1::ServiceRequest* out);
void ToProto(const domain::RequestEvent& e, v1::RequestEvent* out);

v1::RequestState ToProto(domain::RequestState s);
absl::StatusOr<domain::RequestState> FromProto(absl::string_view field,
                                               v1::RequestState s);
absl::StatusOr<domain::RequestChannel> FromProto(absl::string_view field,
                                                 v1::RequestChannel c);

// The paid-service record's page and totals.
void ToProto(const usecase::PaidRecords& records,
             v1::ListPaidServiceRecordsResponse* out);
// A household's repairs (the household name is the caller's).
void ToProto(int64_t site_id, const usecase::RepairHistory& history,
             v1::RepairHistory* out);

// ListServiceRequests' filters as sent (names parsed; the use case checks
// them against the site).
absl::StatusOr<usecase::RequestQuery> QueryFrom(
    const Call& call, const v1::ListServiceRequestsRequest& request);
// CreateServiceRequest as a use-case input: who books for which household
// through which channel, the item, what was written, and the call's key.
absl::StatusOr<usecase::NewRequest> NewRequestFrom(
    const Call& call, int64_t site_id,
    const v1::CreateServiceRequestRequest& request);

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_REQUEST_CONVERT_H_
