#ifndef CONCIERGE_CLIENTS_COMMON_REQUEST_COMMANDS_H_
#define CONCIERGE_CLIENTS_COMMON_REQUEST_COMMANDS_H_

// The request commands residents and staff share: list, show, and one move
// of one request.

#include <memory>
#include <vector>

#include "clients/common/cli.h"
#include "clients/common/request_view.h"
#include "concierge/v1/requests.grpc.pb.h"

namespace concierge::cli {

std::unique_ptr<v1::ServiceRequestService::Stub> RequestStub(Invocation& inv);

// Every page of `request` into `all`.
grpc::Status ListAllRequests(Invocation& inv,
                             const v1::ListServiceRequestsRequest& request,
                             std::vector<v1::ServiceRequest>* all);

// `show <request>`: the request and its history.
int ShowRequest(Invocation& inv);

// The options both clients' `request` commands take into `r`: --when and
// --until (the preferred window), --place, --content, --requirements and
// --let-in (who may let staff in). Returns the exit code (0: all parsed).
int SetRequestDetails(const Invocation& inv, v1::ServiceRequest* r);

// Sends a create (its request_id set by the caller), retried on a lost
// answer, and prints the request made. Returns the exit code.
int CreateRequest(Invocation& inv,
                  const v1::CreateServiceRequestRequest& request);

// `done <request>` for whoever does the work in one go (a hotel guest's
// towels): starts it when it is only assigned, then completes it with
// --notes. Each move is sent once with its own request_id.
int FinishRequest(Invocation& inv);

// One move of the request named by the first positional argument (with
// --etag when given): sends it once with a request_id, retried on a lost
// answer (SendWrite), and prints the request after the move.
template <typename Request, typename Call>
int MoveRequest(Invocation& inv, Request request, Call call) {
  int code = 0;
  request.set_name(RequestNameArg(inv, inv.positional()[0], &code));
  if (code) return code;
  request.set_etag(inv.OptionOr("etag", ""));
  auto stub = RequestStub(inv);
  v1::ServiceRequest out;
  const grpc::Status status =
      SendWrite(inv, request, [&](grpc::ClientContext* context) {
        return call(stub.get(), context, request, &out);
      });
  return PrintMoveResult(inv, status, out);
}

}  // namespace concierge::cli

#endif  // CONCIERGE_CLIENTS_COMMON_REQUEST_COMMANDS_H_
