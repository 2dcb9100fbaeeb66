// Booking and following one's own requests.

#include "clients/common/request_commands.h"

#include <iostream>

#include "clients/common/catalog_view.h"
#include "clients/common/common_commands.h"
#include "clients/common/output.h"
#include "clients/common/paging.h"
#include "clients/common/request_view.h"
#include "clients/resident/commands.h"

namespace concierge::cli {
namespace {

int Book(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::CreateServiceRequestRequest request;
  request.set_parent(site);
  request.set_request_id(NewRequestId());
  auto* r = request.mutable_request();
  r->set_item(ResolveItem(inv, site, inv.positional()[0], &code));
  if (code) return code;
  if (int code = SetRequestDetails(inv, r)) return code;
  return CreateRequest(inv, request);
}

int Requests(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListServiceRequestsRequest request;
  request.set_parent(site);
  std::vector<v1::ServiceRequest> all;
  grpc::Status status = ListAllRequests(inv, request, &all);
  if (!status.ok()) return Fail(status);
  PrintRequestTable(inv, all);
  return 0;
}

}  // namespace

std::vector<Command> ResidentRequestCommands() {
  return {
      {.path = "book",
       .positional_usage = "<item code or #>",
       .summary = "book a service for my household",
       .options = {{"when", "from, e.g. 2026-12-01 09:00"},
                   {"until", "to, e.g. 2026-12-01 11:00"},
                   {"place", "where"},
                   {"content", "what is needed"},
                   {"requirements", "anything to know"},
                   {"let-in", "staff may enter the home: who allows it"}},
       .run = Book,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "requests",
       .summary = "my household's requests",
       .run = Requests},
      {.path = "request",
       .positional_usage = "<#>",
       .summary = "one request and its history",
       .run = ShowRequest,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "accept-quote",
       .positional_usage = "<#>",
       .summary = "accept the estimate",
       .run =
           [](Invocation& inv) {
             return MoveRequest(inv, v1::AcceptQuoteRequest(),
                                [](auto* s, auto* c, const auto& r, auto* o) {
                                  return s->AcceptQuote(c, r, o);
                                });
           },
       .min_positional = 1,
       .max_positional = 1},
      {.path = "dispute",
       .positional_usage = "<#>",
       .summary = "dispute the estimate, or a posted price before work "
                  "starts (the supervisor will call)",
       .options = {{"reason", "why"}},
       .run =
           [](Invocation& inv) {
             v1::DisputeQuoteRequest r;
             r.set_reason(inv.OptionOr("reason", ""));
             return MoveRequest(inv, r,
                                [](auto* s, auto* c, const auto& q, auto* o) {
                                  return s->DisputeQuote(c, q, o);
                                });
           },
       .min_positional = 1,
       .max_positional = 1},
      {.path = "sign-off",
       .positional_usage = "<#>",
       .summary = "confirm the work was done",
       .run =
           [](Invocation& inv) {
             return MoveRequest(inv, v1::SignOffServiceRequestRequest(),
                                [](auto* s, auto* c, const auto& r, auto* o) {
                                  return s->SignOffServiceRequest(c, r, o);
                                });
           },
       .min_positional = 1,
       .max_positional = 1},
      {.path = "decline",
       .positional_usage = "<#>",
       .summary = "do not accept the work: it goes back for rework",
       .options = {{"reason", "what is not right", false, true}},
       .run =
           [](Invocation& inv) {
             v1::DeclineSignOffRequest r;
             r.set_reason(inv.OptionOr("reason", ""));
             return MoveRequest(inv, r,
                                [](auto* s, auto* c, const auto& q, auto* o) {
                                  return s->DeclineSignOff(c, q, o);
                                });
           },
       .min_positional = 1,
       .max_positional = 1},
      {.path = "cancel",
       .positional_usage = "<#>",
       .summary = "cancel before work starts",
       .options = {{"reason", "why"}},
       .run =
           [](Invocation& inv) {
             v1::CancelServiceRequestRequest r;
             r.set_reason(inv.OptionOr("reason", ""));
             return MoveRequest(inv, r,
                                [](auto* s, auto* c, const auto& q, auto* o) {
                                  return s->CancelServiceRequest(c, q, o);
                                });
           },
       .min_positional = 1,
       .max_positional = 1},
  };
}

}  // namespace concierge::cli
