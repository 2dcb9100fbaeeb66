#include "clients/common/request_commands.h"

#include <iostream>

#include "clients/common/output.h"
#include "clients/common/paging.h"

namespace concierge::cli {

std::unique_ptr<v1::ServiceRequestService::Stub> RequestStub(Invocation& inv) {
  return v1::ServiceRequestService::NewStub(inv.channel());
}

grpc::Status ListAllRequests(Invocation& inv,
                             const v1::ListServiceRequestsRequest& request,
                             std::vector<v1::ServiceRequest>* all) {
  auto stub = RequestStub(inv);
  return ForEachPage<v1::ListServiceRequestsRequest,
                     v1::ListServiceRequestsResponse>(
      inv, request,
      [&](grpc::ClientContext* c, const auto& r, auto* out) {
        return stub->ListServiceRequests(c, r, out);
      },
      [&](const v1::ListServiceRequestsResponse& page) {
        all->insert(all->end(), page.requests().begin(), page.requests().end());
        return true;
      });
}

namespace {

grpc::Status FetchRequest(Invocation& inv,
                          v1::ServiceRequestService::Stub& stub,
                          const std::string& name, v1::ServiceRequest* r) {
  v1::GetServiceRequestRequest get;
  get.set_name(name);
  return RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub.GetServiceRequest(context.get(), get, r);
  });
}

}  // namespace

int SetRequestDetails(const Invocation& inv, v1::ServiceRequest* r) {
  if (int code =
          TimeOption(inv, "when", [&] { return r->mutable_window_start(); })) {
    return code;
  }
  if (int code =
          TimeOption(inv, "until", [&] { return r->mutable_window_end(); })) {
    return code;
  }
  r->set_place(inv.OptionOr("place", ""));
  r->set_content(inv.OptionOr("content", ""));
  r->set_requirements(inv.OptionOr("requirements", ""));
  if (auto who = inv.Option("let-in")) {
    r->mutable_entry_permission()->set_granted(true);
    r->mutable_entry_permission()->set_granted_by(*who);
  }
  return 0;
}

int CreateRequest(Invocation& inv,
                  const v1::CreateServiceRequestRequest& request) {
  v1::ServiceRequest out;
  auto stub = RequestStub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->CreateServiceRequest(context.get(), request, &out);
  });
  if (!status.ok()) return Fail(status);
  PrintRequest(inv, out);
  return 0;
}

int ShowRequest(Invocation& inv) {
  int code = 0;
  const std::string name = RequestNameArg(inv, inv.positional()[0], &code);
  if (code) return code;
  auto stub = RequestStub(inv);
  v1::ServiceRequest r;
  grpc::Status status = FetchRequest(inv, *stub, name, &r);
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

int FinishRequest(Invocation& inv) {
  int code = 0;
  const std::string name = RequestNameArg(inv, inv.positional()[0], &code);
  if (code) return code;
  auto stub = RequestStub(inv);
  v1::ServiceRequest r;
  grpc::Status status = FetchRequest(inv, *stub, name, &r);
  if (!status.ok()) return Fail(status);
  if (r.state() == v1::REQUEST_STATE_ASSIGNED) {
    v1::StartServiceRequestRequest start;
    start.set_name(name);
    start.set_etag(r.etag());
    status = SendWrite(inv, start, [&](grpc::ClientContext* context) {
      return stub->StartServiceRequest(context, start, &r);
    });
    if (!status.ok()) return Fail(status);
  }
  v1::CompleteServiceRequestRequest complete;
  complete.set_name(name);
  complete.set_etag(r.etag());
  complete.set_notes(inv.OptionOr("notes", ""));
  status = SendWrite(inv, complete, [&](grpc::ClientContext* context) {
    return stub->CompleteServiceRequest(context, complete, &r);
  });
  return PrintMoveResult(inv, status, r);
}

}  // namespace concierge::cli
