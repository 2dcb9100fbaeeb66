// The hotel guest's room page (issue 22): reached by the QR code in the
// room (a sign-in link holding the room's credential, role GUEST), no
// account and no password. The guest asks for the hotel's published guest
// services and follows the stay's own requests; the server scopes every
// call to the room's current stay, and checking out ends the credential
// (then /room/ended says so).

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "clients/web/format.h"
#include "clients/web/page.h"
#include "clients/web/view_util.h"
#include "concierge/v1/requests.grpc.pb.h"

namespace concierge::web {
namespace {

bool IsGuest(const Session& s) { return s.role == v1::ROLE_GUEST; }

Response NotAvailable(Page& page) {
  return page.Failure(grpc::Status(grpc::StatusCode::PERMISSION_DENIED, ""));
}

// What the guest reads about a request's state: where it is, in the
// guest's words rather than the desk's.
const char* GuestStateKey(v1::RequestState state) {
  switch (state) {
    case v1::REQUEST_STATE_DISPATCHED:
      return "guestroom.state.received";
    case v1::REQUEST_STATE_ASSIGNED:
      return "guestroom.state.assigned";
    case v1::REQUEST_STATE_IN_PROGRESS:
      return "guestroom.state.on_the_way";
    case v1::REQUEST_STATE_COMPLETED:
    case v1::REQUEST_STATE_SIGNED_OFF:
    case v1::REQUEST_STATE_SETTLED:
      return "guestroom.state.done";
    case v1::REQUEST_STATE_CANCELLED:
      return "guestroom.state.cancelled";
    default:
      return "guestroom.state.received";
  }
}

Data RequestRow(const Page& page, const v1::ServiceRequest& r) {
  Data row;
  SetText(&row, "title", page.Pick(r.item_title()));
  row.set("state", page.Tr(GuestStateKey(r.state())));
  row.set("state_css",
          CssName(v1::RequestState_descriptor(), r.state(), "REQUEST_STATE_"));
  SetText(&row, "asked", page.Time(r.create_time()));
  SetText(&row, "content", r.content());
  if (r.has_window_start()) SetText(&row, "when", page.Time(r.window_start()));
  if (r.charged_to_stay()) row.set("charged", RequestFeeText(page, r));
  return row;
}

// The stay's requests, newest first; `version` fingerprints them for the
// live list's polling.
grpc::Status StayRequests(Page& page, List* rows, std::string* version) {
  v1::ListServiceRequestsRequest request;
  request.set_parent(page.session().site);
  request.set_page_size(100);
  v1::ListServiceRequestsResponse response;
  auto stub = v1::ServiceRequestService::NewStub(page.channel());
  grpc::Status status = page.Read([&] {
    response.Clear();
    auto context = page.Context();
    return stub->ListServiceRequests(context.get(), request, &response);
  });
  if (!status.ok()) return status;
  std::string text;
  for (int i = response.requests_size() - 1; i >= 0; --i) {
    const v1::ServiceRequest& r = response.requests(i);
    absl::StrAppend(&text, r.name(), ":", r.etag(), ";");
    rows->push_back(RequestRow(page, r));
  }
  *version = Fingerprint(text);
  return status;
}

// The hotel's published guest services, in the list's order.
grpc::Status GuestServices(Page& page, List* items) {
  v1::ListServiceItemsResponse response;
  grpc::Status status = ListSiteItems(page, &response);
  if (!status.ok()) return status;
  std::vector<const v1::ServiceItem*> sorted;
  for (const auto& item : response.items()) sorted.push_back(&item);
  std::stable_sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) {
    return a->display_order() < b->display_order();
  });
  for (const v1::ServiceItem* item : sorted) {
    if (item->fulfilment() != v1::FULFILMENT_IMMEDIATE &&
        item->fulfilment() != v1::FULFILMENT_SCHEDULED) {
      continue;
    }
    Data row;
    const std::string id = LastSegment(item->name());
    row.set("id", id);
    row.set("action", "/room/ask/" + id);
    SetText(&row, "title", page.Pick(item->title()));
    SetText(&row, "conditions", page.Pick(item->conditions()));
    row.set("fee", ItemFeeText(page, *item));
    if (item->fee_kind() == v1::FEE_KIND_FREE) row.set("free", true);
    if (item->fulfilment() == v1::FULFILMENT_SCHEDULED) row.set("timed", true);
    items->push_back(row);
  }
  return status;
}

Response RoomPage(Page& page, const std::string& banner, int status_code) {
  const Request& http = page.request();
  Data data = page.FormData();
  List requests;
  std::string version;
  grpc::Status status = StayRequests(page, &requests, &version);
  if (!status.ok()) return page.Failure(status);
  data.set("requests", requests);
  if (requests.empty()) data.set("no_requests", true);
  data.set("version", version);
  data.set("poll_seconds", absl::StrCat(page.app().options().poll_seconds));
  if (http.htmx && http.query.Get("part") == "list") {
    if (http.query.Get("since") == version) {
      Response unchanged;
      unchanged.status = 204;
      return unchanged;
    }
    return page.Fragment("guest_room_requests", data);
  }
  List items;
  status = GuestServices(page, &items);
  if (!status.ok()) return page.Failure(status);
  data.set("items", items);
  if (items.empty()) data.set("no_items", true);
  if (!banner.empty()) data.set("banner", page.Tr(banner));
  return page.Render("guest_room", data, page.Tr("guestroom.service_title"),
                     status_code);
}

Response Room(Page& page, const std::vector<std::string>&) {
  if (!IsGuest(page.session())) return NotAvailable(page);
  return RoomPage(
      page, page.request().query.Has("asked") ? "guestroom.asked" : "", 200);
}

Response Ask(Page& page, const std::vector<std::string>& args) {
  if (!IsGuest(page.session())) return NotAvailable(page);
  const Form& in = page.request().form;
  v1::CreateServiceRequestRequest request;
  request.set_parent(page.session().site);
  request.set_request_id(page.FormRequestId());
  v1::ServiceRequest* r = request.mutable_request();
  r->set_item(absl::StrCat(page.session().site, "/items/", args[0]));
  r->set_channel(v1::REQUEST_CHANNEL_APP);
  r->set_content(std::string(absl::StripAsciiWhitespace(in.Get("note"))));
  const std::string when(absl::StripAsciiWhitespace(in.Get("when")));
  if (!when.empty()) {
    std::optional<absl::Time> t = ParseDateTimeInput(when, page.zone());
    if (!t) return RoomPage(page, "err.datetime", 422);
    SetTimestamp(*t, r->mutable_window_start());
  }
  v1::ServiceRequest created;
  auto stub = v1::ServiceRequestService::NewStub(page.channel());
  grpc::Status status = page.Write([&](grpc::ClientContext* context) {
    return stub->CreateServiceRequest(context, request, &created);
  });
  if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
    return RoomPage(page, "guestroom.ask_failed", 422);
  }
  if (!status.ok()) return page.Failure(status);
  return page.Redirect("/room?asked=1");
}

// After checkout: what a guest who scans the old code, or whose page was
// open, reads. No session is needed.
Response Ended(Page& page, const std::vector<std::string>&) {
  Data data;
  data.set("text", page.Tr("guestroom.ended.text"));
  return page.Render("message", data, page.Tr("guestroom.ended.title"), 200);
}

}  // namespace

void AddRoomPages(App& app) {
  app.Get("/room", Room);
  app.Post("/room/ask/{}", Ask);
  app.Get("/room/ended", Ended, /*signed_in=*/false);
}

}  // namespace concierge::web
