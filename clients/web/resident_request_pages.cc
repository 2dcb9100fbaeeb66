// The resident's catalogue, booking, requests and the moves a resident
// makes on a request (accept or dispute a quote, sign off or decline,
// cancel). One RPC per kind of data a page shows; the server decides every
// move and the page shows its answer.

#include <algorithm>
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "clients/web/format.h"
#include "clients/web/page.h"
#include "clients/web/view_util.h"
#include "concierge/v1/catalog.grpc.pb.h"
#include "concierge/v1/directory.grpc.pb.h"
#include "concierge/v1/requests.grpc.pb.h"

namespace concierge::web {
namespace {

using v1::RequestState;

constexpr RequestState kOpenStates[] = {
    v1::REQUEST_STATE_AWAITING_QUOTE, v1::REQUEST_STATE_QUOTED,
    v1::REQUEST_STATE_DISPUTED,       v1::REQUEST_STATE_PRICE_PROPOSED,
    v1::REQUEST_STATE_DISPATCHED,     v1::REQUEST_STATE_ASSIGNED,
    v1::REQUEST_STATE_IN_PROGRESS,    v1::REQUEST_STATE_COMPLETED};
constexpr RequestState kPastStates[] = {v1::REQUEST_STATE_SIGNED_OFF,
                                        v1::REQUEST_STATE_SETTLED,
                                        v1::REQUEST_STATE_CANCELLED};

// Where the booking form's fields are in the server's words.
const std::vector<FieldMap>& BookingFields() {
  static const auto* fields = new std::vector<FieldMap>{
      {"request.content", "content", "book.content"},
      {"request.requirements", "requirements", "book.requirements"},
      {"request.place", "place", "book.place"},
      {"request.window_start", "window_start", "book.window_start"},
      {"request.window_end", "window_end", "book.window_end"},
      {"request.entry_permission", "let_in", "book.let_in"},
      {"request.contact_name", "contact_name", "book.contact_name"},
      {"request.phone", "phone", "book.phone"},
  };
  return *fields;
}

const std::vector<FieldMap>& MoveFields() {
  static const auto* fields =
      new std::vector<FieldMap>{{"reason", "reason", "req.reason"}};
  return *fields;
}

std::string RequestName(const Page& page, const std::string& id) {
  return absl::StrCat(page.session().site, "/requests/", id);
}

const std::string& StateLabel(const Page& page, RequestState s) {
  return page.EnumLabel(v1::RequestState_descriptor(), s);
}

Data RequestRow(const Page& page, const v1::ServiceRequest& r) {
  Data row;
  const std::string id = LastSegment(r.name());
  row.set("id", id);
  row.set("href", "/r/requests/" + id);
  SetText(&row, "title", page.Pick(r.item_title()));
  row.set("state", StateLabel(page, r.state()));
  row.set("state_css",
          CssName(v1::RequestState_descriptor(), r.state(), "REQUEST_STATE_"));
  if (r.has_window_start()) {
    row.set("window",
            absl::StrCat(page.Time(r.window_start()),
                         r.has_window_end() ? " – " : "",
                         r.has_window_end() ? page.Time(r.window_end()) : ""));
  }
  if (r.has_completion_due_time()) {
    SetText(&row, "due", page.Time(r.completion_due_time()));
  }
  if (r.overdue()) row.set("overdue", true);
  SetText(&row, "created", page.Time(r.create_time()));
  row.set("fee", RequestFeeText(page, r));
  return row;
}

// --- the catalogue ---------------------------------------------------------

Response Catalog(Page& page, const std::vector<std::string>&) {
  v1::ListServiceItemsResponse response;
  grpc::Status status = ListSiteItems(page, &response);
  if (!status.ok()) return page.Failure(status);
  std::vector<const v1::ServiceItem*> items;
  for (const auto& item : response.items()) items.push_back(&item);
  std::stable_sort(items.begin(), items.end(), [](auto* a, auto* b) {
    if (a->category() != b->category()) return a->category() < b->category();
    return a->display_order() < b->display_order();
  });
  List categories;
  Data current;
  List current_items;
  int current_category = -1;
  auto flush = [&] {
    if (current_category < 0) return;
    current.set("items", current_items);
    categories.push_back(current);
    current = Data();
    current_items = List();
  };
  for (const v1::ServiceItem* item : items) {
    if (item->category() != current_category) {
      flush();
      current_category = item->category();
      current.set("category", page.EnumLabel(v1::ItemCategory_descriptor(),
                                             item->category()));
      current.set("anchor", CssName(v1::ItemCategory_descriptor(),
                                    item->category(), "ITEM_CATEGORY_"));
    }
    Data row;
    SetText(&row, "title", page.Pick(item->title()));
    SetText(&row, "description", page.Pick(item->description()));
    SetText(&row, "conditions", page.Pick(item->conditions()));
    row.set("fee", ItemFeeText(page, *item));
    if (item->fee_kind() == v1::FEE_KIND_FREE) row.set("free", true);
    if (item->has_next_price()) {
      row.set("next_price",
              absl::StrCat(page.Tr("fee.from"), " ",
                           page.Time(item->next_price_effective_time()), ": ",
                           FormatMoney(item->next_price())));
    }
    switch (item->fulfilment()) {
      case v1::FULFILMENT_RECURRING_EVENT:
        row.set("events", true);
        break;
      case v1::FULFILMENT_STANDING:
        row.set("standing", true);
        break;
      default:
        row.set("book", "/r/book/" + LastSegment(item->name()));
    }
    current_items.push_back(row);
  }
  flush();
  Data data;
  data.set("categories", categories);
  if (categories.empty()) data.set("empty", true);
  return page.Render("catalog", data, page.Tr("catalog.title"));
}

// --- booking ---------------------------------------------------------------

Response BookForm(Page& page, const std::string& item_id, const FormState& form,
                  int status_code) {
  auto catalog = v1::CatalogService::NewStub(page.channel());
  auto directory = v1::DirectoryService::NewStub(page.channel());
  v1::GetServiceItemRequest get_item;
  get_item.set_name(absl::StrCat(page.session().site, "/items/", item_id));
  v1::GetResidentRequest get_resident;
  get_resident.set_name(page.session().principal);
  v1::ServiceItem item;
  v1::Resident resident;
  grpc::Status item_status, resident_status;
  grpc::Status status = page.Read([&] {
    Fanout calls;
    auto c1 = page.Context();
    auto c2 = page.Context();
    catalog->async()->GetServiceItem(c1.get(), &get_item, &item,
                                     calls.Done(&item_status));
    directory->async()->GetResident(c2.get(), &get_resident, &resident,
                                    calls.Done(&resident_status));
    calls.Wait();
    return item_status.ok() ? resident_status : item_status;
  });
  if (!status.ok()) return page.Failure(status);
  Data data = page.FormData(form);
  data.set("action", "/r/book/" + item_id);
  SetText(&data, "item_title", page.Pick(item.title()));
  SetText(&data, "item_description", page.Pick(item.description()));
  SetText(&data, "item_conditions", page.Pick(item.conditions()));
  data.set("fee", ItemFeeText(page, item));
  if (!form.active) {
    // The contact defaults to the resident's own record.
    SetText(&data, "v_contact_name", resident.display_name());
    SetText(&data, "v_phone", resident.phone());
  }
  return page.Render("book", data, page.Pick(item.title()), status_code);
}

Response Book(Page& page, const std::vector<std::string>& args) {
  return BookForm(page, args[0], FormState(), 200);
}

Response SubmitBooking(Page& page, const std::vector<std::string>& args) {
  const Form& in = page.request().form;
  FormState form;
  form.values = in;
  form.active = true;
  auto trimmed = [&](const char* name) {
    return std::string(absl::StripAsciiWhitespace(in.Get(name)));
  };
  v1::CreateServiceRequestRequest request;
  request.set_parent(page.session().site);
  request.set_request_id(page.FormRequestId());
  v1::ServiceRequest* r = request.mutable_request();
  r->set_item(absl::StrCat(page.session().site, "/items/", args[0]));
  r->set_channel(v1::REQUEST_CHANNEL_APP);
  r->set_content(trimmed("content"));
  r->set_requirements(trimmed("requirements"));
  r->set_place(trimmed("place"));
  r->set_contact_name(trimmed("contact_name"));
  r->set_phone(trimmed("phone"));
  // What is needed is this form's question: a booking without it is sent
  // back before any call (the server would take it).
  if (r->content().empty()) {
    form.errors["content"] = page.Tr("book.content.required");
  }
  for (const char* field : {"window_start", "window_end"}) {
    const std::string text = trimmed(field);
    if (text.empty()) continue;
    std::optional<absl::Time> t = ParseDateTimeInput(text, page.zone());
    if (!t) {
      form.errors[field] = page.Tr("err.datetime");
      continue;
    }
    SetTimestamp(*t, std::string(field) == "window_start"
                         ? r->mutable_window_start()
                         : r->mutable_window_end());
  }
  if (!trimmed("let_in").empty()) {
    r->mutable_entry_permission()->set_granted(true);
    r->mutable_entry_permission()->set_granted_by(trimmed("let_in"));
  }
  if (!form.errors.empty()) return BookForm(page, args[0], form, 422);

  v1::ServiceRequest created;
  auto stub = v1::ServiceRequestService::NewStub(page.channel());
  grpc::Status status = page.Write([&](grpc::ClientContext* context) {
    return stub->CreateServiceRequest(context, request, &created);
  });
  if (page.FieldError(status, BookingFields(), &form)) {
    return BookForm(page, args[0], form, 422);
  }
  if (!status.ok()) return page.Failure(status);
  return page.Redirect(
      absl::StrCat("/r/requests/", LastSegment(created.name()), "?booked=1"));
}

// --- my requests -------------------------------------------------------------

Response Requests(Page& page, const std::vector<std::string>&) {
  const Request& http = page.request();
  const bool past = http.query.Has("past");
  v1::ListServiceRequestsRequest request;
  request.set_parent(page.session().site);
  request.set_page_size(50);
  for (RequestState s :
       past ? std::vector<RequestState>(std::begin(kPastStates),
                                        std::end(kPastStates))
            : std::vector<RequestState>(std::begin(kOpenStates),
                                        std::end(kOpenStates))) {
    request.add_states(s);
  }
  request.set_page_token(http.query.Get("page"));
  v1::ListServiceRequestsResponse response;
  auto stub = v1::ServiceRequestService::NewStub(page.channel());
  grpc::Status status = page.Read([&] {
    response.Clear();
    auto context = page.Context();
    return stub->ListServiceRequests(context.get(), request, &response);
  });
  if (!status.ok()) return page.Failure(status);

  std::string version;
  List rows;
  // Newest first: the list comes oldest first, by id.
  for (int i = response.requests_size() - 1; i >= 0; --i) {
    const v1::ServiceRequest& r = response.requests(i);
    absl::StrAppend(&version, r.name(), ":", r.etag(), ";");
    rows.push_back(RequestRow(page, r));
  }
  const std::string fingerprint = Fingerprint(version);
  Data data;
  data.set("requests", rows);
  if (rows.empty()) data.set("empty", true);
  data.set("version", fingerprint);
  if (!past) {
    data.set("live", true);
    data.set("poll_seconds", absl::StrCat(page.app().options().poll_seconds));
  }
  if (http.htmx && http.query.Get("part") == "list") {
    if (http.query.Get("since") == fingerprint) {
      Response unchanged;
      unchanged.status = 204;
      return unchanged;
    }
    return page.Fragment("requests_list", data);
  }
  if (past) data.set("past", true);
  if (!response.next_page_token().empty()) {
    data.set("next",
             absl::StrCat("/r/requests?", past ? "past=1&" : "",
                          "page=", UrlEncode(response.next_page_token())));
  }
  return page.Render("requests", data,
                     page.Tr(past ? "requests.past_title" : "requests.title"));
}

Response RequestDetail(Page& page, const std::string& id, const FormState& form,
                       const std::string& banner, int status_code) {
  const Request& http = page.request();
  auto stub = v1::ServiceRequestService::NewStub(page.channel());
  v1::GetServiceRequestRequest get;
  get.set_name(RequestName(page, id));
  v1::ListRequestEventsRequest list;
  list.set_parent(get.name());
  list.set_page_size(200);
  v1::ServiceRequest r;
  v1::ListRequestEventsResponse events;
  grpc::Status s1, s2;
  grpc::Status status = page.Read([&] {
    Fanout calls;
    auto c1 = page.Context();
    auto c2 = page.Context();
    stub->async()->GetServiceRequest(c1.get(), &get, &r, calls.Done(&s1));
    stub->async()->ListRequestEvents(c2.get(), &list, &events, calls.Done(&s2));
    calls.Wait();
    return s1.ok() ? s2 : s1;
  });
  if (!status.ok()) return page.Failure(status);

  if (http.htmx && http.query.Get("part") == "live" &&
      http.query.Get("since") ==
          Fingerprint(absl::StrCat(r.etag(), ":", events.events_size(), ":"))) {
    Response unchanged;
    unchanged.status = 204;
    return unchanged;
  }

  Data data = page.FormData(form);
  Data row = RequestRow(page, r);
  data.set("r", row);
  data.set("id", id);
  SetText(&data, "etag", r.etag());
  data.set("help",
           page.Tr(absl::StrCat("help.", v1::RequestState_Name(r.state()))));
  SetText(&data, "content", r.content());
  SetText(&data, "requirements", r.requirements());
  SetText(&data, "place", r.place());
  SetText(&data, "contact_name", r.contact_name());
  SetText(&data, "phone", r.phone());
  if (r.entry_permission().granted()) {
    SetText(&data, "let_in", r.entry_permission().granted_by());
  }
  if (r.has_quote()) data.set("quote", FormatMoney(r.quote()));
  if (r.reworks() > 0) data.set("reworks", absl::StrCat(r.reworks()));
  SetText(&data, "completion_notes", r.completion_notes());
  SetText(&data, "cancel_reason", r.cancel_reason());
  if (r.has_sign_off_time())
    SetText(&data, "signed_off", page.Time(r.sign_off_time()));
  switch (r.state()) {
    case v1::REQUEST_STATE_QUOTED:
      data.set("can_accept", true);
      break;
    case v1::REQUEST_STATE_COMPLETED:
      data.set("can_sign_off", true);
      break;
    default:
      break;
  }
  // Before work starts a resident may cancel; the server decides.
  if (r.state() == v1::REQUEST_STATE_AWAITING_QUOTE ||
      r.state() == v1::REQUEST_STATE_QUOTED ||
      r.state() == v1::REQUEST_STATE_DISPUTED ||
      r.state() == v1::REQUEST_STATE_PRICE_PROPOSED ||
      r.state() == v1::REQUEST_STATE_DISPATCHED ||
      r.state() == v1::REQUEST_STATE_ASSIGNED) {
    data.set("can_cancel", true);
  }
  List history;
  for (int i = events.events_size() - 1; i >= 0; --i) {
    const v1::RequestEvent& e = events.events(i);
    Data entry;
    SetText(&entry, "time", page.Time(e.event_time()));
    entry.set("action", page.Tr(absl::StrCat("act.", e.action())));
    entry.set("state", StateLabel(page, e.after_state()));
    entry.set("who", page.EnumLabel(v1::Role_descriptor(), e.actor_role()));
    SetText(&entry, "note", e.note());
    history.push_back(entry);
  }
  data.set("history", history);
  if (!banner.empty()) data.set("banner", page.Tr(banner));
  if (form.active && !form.general_error.empty()) {
    data.set("form_error", form.general_error);
  }
  data.set("version",
           Fingerprint(absl::StrCat(r.etag(), ":", events.events_size(), ":")));
  data.set("poll_seconds", absl::StrCat(page.app().options().poll_seconds));
  if (http.htmx && http.query.Get("part") == "live") {
    return page.Fragment("request_live", data);
  }
  return page.Render("request", data, page.Pick(r.item_title()), status_code);
}

Response RequestPage(Page& page, const std::vector<std::string>& args) {
  const Form& q = page.request().query;
  std::string banner;
  if (q.Has("booked")) banner = "done.booked";
  const std::string done = q.Get("done");
  if (done == "accept" || done == "dispute" || done == "signoff" ||
      done == "decline" || done == "cancel") {
    banner = "done." + done;
  }
  return RequestDetail(page, args[0], FormState(), banner, 200);
}

Response MoveRequest(Page& page, const std::vector<std::string>& args) {
  const std::string& id = args[0];
  const std::string& move = args[1];
  const Form& in = page.request().form;
  const std::string name = RequestName(page, id);
  const std::string etag = in.Get("etag");
  const std::string reason(absl::StripAsciiWhitespace(in.Get("reason")));
  const std::string rid = page.FormRequestId();
  auto stub = v1::ServiceRequestService::NewStub(page.channel());
  v1::ServiceRequest result;
  grpc::Status status;
  if (move == "accept") {
    v1::AcceptQuoteRequest request;
    request.set_name(name);
    request.set_etag(etag);
    request.set_request_id(rid);
    status = page.Write([&](grpc::ClientContext* c) {
      return stub->AcceptQuote(c, request, &result);
    });
  } else if (move == "dispute") {
    v1::DisputeQuoteRequest request;
    request.set_name(name);
    request.set_etag(etag);
    request.set_reason(reason);
    request.set_request_id(rid);
    status = page.Write([&](grpc::ClientContext* c) {
      return stub->DisputeQuote(c, request, &result);
    });
  } else if (move == "signoff") {
    v1::SignOffServiceRequestRequest request;
    request.set_name(name);
    request.set_etag(etag);
    request.set_request_id(rid);
    status = page.Write([&](grpc::ClientContext* c) {
      return stub->SignOffServiceRequest(c, request, &result);
    });
  } else if (move == "decline") {
    v1::DeclineSignOffRequest request;
    request.set_name(name);
    request.set_etag(etag);
    request.set_reason(reason);
    request.set_request_id(rid);
    status = page.Write([&](grpc::ClientContext* c) {
      return stub->DeclineSignOff(c, request, &result);
    });
  } else if (move == "cancel") {
    v1::CancelServiceRequestRequest request;
    request.set_name(name);
    request.set_etag(etag);
    request.set_reason(reason);
    request.set_request_id(rid);
    status = page.Write([&](grpc::ClientContext* c) {
      return stub->CancelServiceRequest(c, request, &result);
    });
  } else {
    return page.Failure(grpc::Status(grpc::StatusCode::NOT_FOUND, ""));
  }
  FormState form;
  if (page.FieldError(status, MoveFields(), &form)) {
    form.values.Add("move", move);
    return RequestDetail(page, id, form, "", 422);
  }
  if (PageFor(status.error_code()) == ErrorPage::kConflict) {
    // The request moved on meanwhile: show it as it is now.
    return RequestDetail(page, id, FormState(), "err.conflict.request", 409);
  }
  if (!status.ok()) return page.Failure(status);
  return page.Redirect(absl::StrCat("/r/requests/", id, "?done=", move));
}

}  // namespace

void AddResidentRequestPages(App& app) {
  app.Get("/r/catalog", Catalog);
  app.Get("/r/book/{}", Book);
  app.Post("/r/book/{}", SubmitBooking);
  app.Get("/r/requests", Requests);
  app.Get("/r/requests/{}", RequestPage);
  app.Post("/r/requests/{}/{}", MoveRequest);
}

}  // namespace concierge::web
