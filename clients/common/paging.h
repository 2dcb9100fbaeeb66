#ifndef CONCIERGE_CLIENTS_COMMON_PAGING_H_
#define CONCIERGE_CLIENTS_COMMON_PAGING_H_

// Clients walk List pages without the user ever seeing a page token.

#include <string>

#include <grpcpp/grpcpp.h>

#include "clients/common/cli.h"

namespace concierge::cli {

// Calls `call(context, request, &response)` page after page (each page
// retried on UNAVAILABLE), handing every response to `each`, until the last
// page or until `each` returns false.
template <typename Request, typename Response, typename Call, typename Each>
grpc::Status ForEachPage(const Invocation& invocation, Request request,
                         Call call, Each each) {
  for (;;) {
    Response response;
    grpc::Status status = RetryIdempotent([&] {
      response.Clear();
      auto context = invocation.NewContext();
      return call(context.get(), request, &response);
    });
    if (!status.ok()) return status;
    if (!each(response)) return grpc::Status::OK;
    if (response.next_page_token().empty()) return grpc::Status::OK;
    request.set_page_token(response.next_page_token());
  }
}

}  // namespace concierge::cli

#endif  // CONCIERGE_CLIENTS_COMMON_PAGING_H_
