#ifndef CONCIERGE_SERVER_API_REQUEST_CONVERT_H_
#define CONCIERGE_SERVER_API_REQUEST_CONVERT_H_

// Service requests: proto <-> domain, and how a caller stands to a request.

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "concierge/v1/requests.pb.h"
#include "server/domain/principal.h"
#include "server/domain/requests.h"

namespace concierge::api {

// The caller's relations to `request` (the domain's transition table and
// privacy rule take them).
domain::Relations RelationsOf(const domain::Principal& principal,
                              const domain::ServiceRequest& request);

// `viewer` decides whether phone and unit are shown (MaySeeContact).
void ToProto(const domain::ServiceRequest& r, domain::Relations viewer,
             absl::Time now, v1::ServiceRequest* out);
void ToProto(const domain::RequestEvent& e, v1::RequestEvent* out);

v1::RequestState ToProto(domain::RequestState s);
absl::StatusOr<domain::RequestState> FromProto(absl::string_view field,
                                               v1::RequestState s);
absl::StatusOr<domain::RequestChannel> FromProto(absl::string_view field,
                                                 v1::RequestChannel c);

std::string RequestName(int64_t site_id, int64_t request_id);

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_REQUEST_CONVERT_H_
