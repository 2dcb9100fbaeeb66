// Booking and following one's own requests.

#include <iostream>

#include "clients/common/catalog_view.h"
#include "clients/common/common_commands.h"
#include "clients/common/output.h"
#include "clients/common/paging.h"
#include "clients/common/request_view.h"
#include "clients/resident/commands.h"

namespace concierge::cli {
namespace {

using v1::ServiceRequestService;

std::unique_ptr<ServiceRequestService::Stub> Stub(Invocation& inv) {
  return ServiceRequestService::NewStub(inv.channel());
}

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
  if (int code = TimeOption(inv, "when", [&] { return r->mutable_window_start(); })) {
    return code;
  }
  if (int code = TimeOption(inv, "until", [&] { return r->mutable_window_end(); })) {
    return code;
  }
  r->set_place(inv.OptionOr("place", ""));
  r->set_content(inv.OptionOr("content", ""));
  r->set_requirements(inv.OptionOr("requirements", ""));
  if (auto who = inv.Option("let-in")) {
    r->mutable_entry_permission()->set_granted(true);
    r->mutable_entry_permission()->set_granted_by(*who);
  }
  v1::ServiceRequest out;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->CreateServiceRequest(context.get(), request, &out);
  });
  if (!status.ok()) return Fail(status);
  PrintRequest(inv, out);
  return 0;
}

int Requests(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListServiceRequestsRequest request;
  request.set_parent(site);
  std::vector<v1::ServiceRequest> all;
  auto stub = Stub(inv);
  grpc::Status status =
      ForEachPage<v1::ListServiceRequestsRequest, v1::ListServiceRequestsResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListServiceRequests(c, r, out);
          },
          [&](const v1::ListServiceRequestsResponse& page) {
            all.insert(all.end(), page.requests().begin(), page.requests().end());
            return true;
          });
  if (!status.ok()) return Fail(status);
  PrintRequestTable(inv, all);
  return 0;
}

int Show(Invocation& inv) {
  int code = 0;
  const std::string name = RequestNameArg(inv, inv.positional()[0], &code);
  if (code) return code;
  auto stub = Stub(inv);
  v1::GetServiceRequestRequest get;
  get.set_name(name);
  v1::ServiceRequest r;
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->GetServiceRequest(context.get(), get, &r);
  });
  if (!status.ok()) return Fail(status);
  PrintRequest(inv, r);
  if (inv.json()) return 0;
  v1::ListRequestEventsRequest events_request;
  events_request.set_parent(name);
  v1::ListRequestEventsResponse events;
  auto context = inv.NewContext();
  if (stub->ListRequestEvents(context.get(), events_request, &events).ok()) {
    std::cout << "\n";
    PrintEvents(inv, {events.events().begin(), events.events().end()});
  }
  return 0;
}

// accept-quote, dispute, sign-off, cancel: one request, one move.
template <typename Request, typename Call>
int Move(Invocation& inv, Request request, Call call) {
  int code = 0;
  request.set_name(RequestNameArg(inv, inv.positional()[0], &code));
  if (code) return code;
  auto stub = Stub(inv);
  v1::ServiceRequest out;
  const grpc::Status status =
      SendWrite(inv, request, [&](grpc::ClientContext* context) {
        return call(stub.get(), context, request, &out);
      });
  return PrintMoveResult(inv, status, out);
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
       .run = Show,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "accept-quote",
       .positional_usage = "<#>",
       .summary = "accept the estimate",
       .run =
           [](Invocation& inv) {
             return Move(inv, v1::AcceptQuoteRequest(),
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
             return Move(inv, r, [](auto* s, auto* c, const auto& q, auto* o) {
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
             return Move(inv, v1::SignOffServiceRequestRequest(),
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
             return Move(inv, r, [](auto* s, auto* c, const auto& q, auto* o) {
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
             return Move(inv, r, [](auto* s, auto* c, const auto& q, auto* o) {
               return s->CancelServiceRequest(c, q, o);
             });
           },
       .min_positional = 1,
       .max_positional = 1},
  };
}

}  // namespace concierge::cli
