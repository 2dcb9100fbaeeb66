#ifndef CONCIERGE_CLIENTS_COMMON_REQUEST_VIEW_H_
#define CONCIERGE_CLIENTS_COMMON_REQUEST_VIEW_H_

// Printing service requests, shared by the resident and staff clients.

#include <string>
#include <vector>

#include "clients/common/cli.h"
#include "concierge/v1/requests.grpc.pb.h"

namespace concierge::cli {

std::string StateLabel(const Invocation& inv, v1::RequestState state);
// The fee line: "免費" / "free", "¥50.00", "quote ¥200.00".
std::string RequestFeeLabel(const Invocation& inv, const v1::ServiceRequest& r);

void PrintRequest(const Invocation& inv, const v1::ServiceRequest& r);
void PrintRequestTable(const Invocation& inv,
                       const std::vector<v1::ServiceRequest>& requests);
void PrintEvents(const Invocation& inv,
                 const std::vector<v1::RequestEvent>& events);

// "42" or "sites/1/requests/42" -> the full name under the caller's site.
std::string RequestNameArg(Invocation& inv, const std::string& text, int* code);

// Runs a state-changing call and prints the request it returns.
int PrintMoveResult(const Invocation& inv, const grpc::Status& status,
                    const v1::ServiceRequest& r);

}  // namespace concierge::cli

#endif  // CONCIERGE_CLIENTS_COMMON_REQUEST_VIEW_H_
