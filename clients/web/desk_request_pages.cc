// A request as the desk sees it (/desk/requests/{id}): its details, its
// history, and the moves the person's role allows on it now: assign,
// re-dispatch, quote, record the resident's sign-off, settle (finance),
// cancel with a reason. The server decides; a form is offered only where it
// could succeed, and a refusal comes back as the usual page.

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "clients/web/desk.h"
#include "clients/web/format.h"
#include "clients/web/page.h"
#include "clients/web/view_util.h"
#include "concierge/v1/requests.grpc.pb.h"

namespace concierge::web {
namespace {

std::string Trimmed(const Page& page, const char* name) {
  return std::string(absl::StripAsciiWhitespace(page.request().form.Get(name)));
}

bool Before(const v1::ServiceRequest& r, v1::RequestState s) {
  return r.state() < s && r.state() != v1::REQUEST_STATE_UNSPECIFIED;
}

Response Show(Page& page, const std::string& id, const FormState& form,
              const std::string& banner) {
  if (!IsStaff(page.session())) {
    return page.Failure(grpc::Status(grpc::StatusCode::PERMISSION_DENIED, ""));
  }
  auto stub = v1::ServiceRequestService::NewStub(page.channel());
  const std::string name = absl::StrCat(page.session().site, "/requests/", id);
  v1::GetServiceRequestRequest get;
  get.set_name(name);
  v1::ListRequestEventsRequest list;
  list.set_parent(name);
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
  DeskDirectory directory;
  if (status.ok()) status = LoadDirectory(page, &directory);
  if (!status.ok()) return page.Failure(status);

  Data data = page.FormData(form);
  Data card = CardData(page, directory, r);
  data.set("id", id);
  data.set("etag", r.etag());
  data.set("state", page.EnumLabel(v1::RequestState_descriptor(), r.state()));
  data.set("state_css",
           CssName(v1::RequestState_descriptor(), r.state(), "REQUEST_STATE_"));
  for (const char* key :
       {"unit", "contact", "due", "assignee", "department", "fee"}) {
    if (card.get(key) != nullptr) data.set(key, *card.get(key));
  }
  if (!r.stay().empty()) data.set("room", true);  // a hotel guest's
  if (r.overdue()) data.set("overdue", true);
  if (r.escalation_level() > 0) data.set("escalated", true);
  SetText(&data, "phone", r.phone());
  SetText(&data, "place", r.place());
  SetText(&data, "content", r.content());
  SetText(&data, "requirements", r.requirements());
  data.set("channel",
           page.EnumLabel(v1::RequestChannel_descriptor(), r.channel()));
  if (r.has_window_start()) {
    SetText(&data, "window",
            absl::StrCat(page.Time(r.window_start()), " – ",
                         page.Time(r.window_end())));
  }
  SetText(&data, "cancel_reason", r.cancel_reason());
  SetText(&data, "signature", r.signature_name());

  const int role = page.session().role;
  const bool desk = role == v1::ROLE_RECEPTION || role == v1::ROLE_MANAGER;
  const bool supervisor = role == v1::ROLE_SUPERVISOR &&
                          r.department() == page.session().department;
  if ((supervisor || role == v1::ROLE_MANAGER) &&
      (r.state() == v1::REQUEST_STATE_DISPATCHED ||
       r.state() == v1::REQUEST_STATE_ASSIGNED)) {
    List options;
    for (const v1::Staff& s : directory.staff) {
      if (s.department() != r.department() || !s.active()) continue;
      Data o;
      o.set("value", LastSegment(s.name()));
      o.set("label", s.display_name());
      if (s.name() == r.assignee()) {
        o.set("selected", true);
        data.set("has_assignee", true);
      }
      options.push_back(o);
    }
    if (!options.empty()) {
      data.set("can_assign", true);
      data.set("staff_options", options);
    }
  }
  if (desk && Before(r, v1::REQUEST_STATE_IN_PROGRESS) &&
      r.state() != v1::REQUEST_STATE_AWAITING_QUOTE) {
    List options;
    for (const v1::Department& d : directory.departments) {
      if (d.name() == r.department()) continue;
      Data o;
      o.set("value", LastSegment(d.name()));
      o.set("label", page.Pick(d.title()));
      options.push_back(o);
    }
    data.set("can_dispatch", true);
    data.set("department_options", options);
  }
  if ((desk || supervisor) && r.state() == v1::REQUEST_STATE_AWAITING_QUOTE) {
    data.set("can_quote", true);
    if (r.fee_kind() == v1::FEE_KIND_CASE_BY_CASE) {
      data.set("can_declare_free", true);
    }
  }
  if ((desk || supervisor) && r.state() == v1::REQUEST_STATE_COMPLETED) {
    data.set("can_sign_off", true);
  }
  // A disputed price is the manager's to decide (seed §6(3)): the page
  // shows what was agreed, quoted and proposed, and takes the decision.
  if (role == v1::ROLE_MANAGER &&
      (r.state() == v1::REQUEST_STATE_DISPUTED ||
       r.state() == v1::REQUEST_STATE_PRICE_PROPOSED)) {
    data.set("can_decide", true);
    if (r.has_agreed_price()) {
      data.set("posted_price", FormatMoney(r.agreed_price()));
    }
    if (r.has_quote()) data.set("quoted_price", FormatMoney(r.quote()));
    if (r.has_proposed_price()) {
      data.set("proposed_price", FormatMoney(r.proposed_price()));
    }
  }
  if (role == v1::ROLE_FINANCE && r.state() == v1::REQUEST_STATE_SIGNED_OFF &&
      r.has_agreed_price() && r.agreed_price().minor_units() > 0) {
    data.set("can_settle", true);
    data.set("settle_amount", FormatMoney(r.agreed_price()));
  }
  if ((desk || supervisor) && Before(r, v1::REQUEST_STATE_IN_PROGRESS)) {
    data.set("can_cancel", true);
  }
  List history;
  for (int i = events.events_size() - 1; i >= 0; --i) {
    const v1::RequestEvent& e = events.events(i);
    Data entry;
    SetText(&entry, "time", page.Time(e.event_time()));
    entry.set("action", page.Tr(absl::StrCat("act.", e.action())));
    entry.set("state",
              page.EnumLabel(v1::RequestState_descriptor(), e.after_state()));
    std::string who = page.EnumLabel(v1::Role_descriptor(), e.actor_role());
    if (auto it = directory.staff_names.find(e.actor());
        it != directory.staff_names.end()) {
      who = it->second;
    }
    entry.set("who", who);
    SetText(&entry, "note", e.note());
    history.push_back(entry);
  }
  data.set("history", history);
  if (!banner.empty()) data.set("banner", page.Tr(banner));
  return page.Render("desk_request", data,
                     absl::StrCat(page.Pick(r.item_title()), " #", id),
                     form.active ? 422 : 200);
}

Response Get(Page& page, const std::vector<std::string>& args) {
  std::string banner;
  if (page.request().query.Has("done")) banner = "desk.request.saved";
  return Show(page, args[0], FormState(), banner);
}

Response Act(Page& page, const std::vector<std::string>& args) {
  const std::string& id = args[0];
  const std::string& verb = args[1];
  const std::string name = absl::StrCat(page.session().site, "/requests/", id);
  const std::string etag = page.request().form.Get("etag");
  const std::string rid = page.FormRequestId();
  auto stub = v1::ServiceRequestService::NewStub(page.channel());
  v1::ServiceRequest out;
  grpc::Status status;
  std::vector<FieldMap> fields;
  if (verb == "assign") {
    v1::AssignServiceRequestRequest call;
    call.set_name(name);
    call.set_assignee(absl::StrCat(page.session().site, "/staff/",
                                   page.request().form.Get("assignee")));
    call.set_etag(etag);
    call.set_request_id(rid);
    status = page.Write([&](grpc::ClientContext* c) {
      return stub->AssignServiceRequest(c, call, &out);
    });
    fields = {{"assignee", "assignee", "desk.assign.who"}};
  } else if (verb == "dispatch") {
    v1::DispatchServiceRequestRequest call;
    call.set_name(name);
    call.set_department(absl::StrCat(page.session().site, "/departments/",
                                     page.request().form.Get("department")));
    call.set_note(Trimmed(page, "note"));
    call.set_etag(etag);
    call.set_request_id(rid);
    status = page.Write([&](grpc::ClientContext* c) {
      return stub->DispatchServiceRequest(c, call, &out);
    });
    fields = {{"department", "department", "desk.dispatch.to"}};
  } else if (verb == "quote") {
    v1::QuoteServiceRequestRequest call;
    call.set_name(name);
    call.set_etag(etag);
    call.set_request_id(rid);
    call.set_note(Trimmed(page, "note"));
    if (page.request().form.Has("free")) {
      call.set_free(true);
    } else {
      const std::optional<int64_t> amount =
          ParseAmount(Trimmed(page, "amount"));
      if (!amount || *amount <= 0) {
        FormState form;
        form.active = true;
        form.values = page.request().form;
        form.errors["amount"] = page.Tr("desk.quote.amount_invalid");
        return Show(page, id, form, "");
      }
      call.mutable_estimate()->set_currency_code(page.session().currency);
      call.mutable_estimate()->set_minor_units(*amount);
    }
    status = page.Write([&](grpc::ClientContext* c) {
      return stub->QuoteServiceRequest(c, call, &out);
    });
    fields = {{"estimate", "amount", "desk.quote.amount"}};
  } else if (verb == "decide") {
    const std::optional<int64_t> amount = ParseAmount(Trimmed(page, "price"));
    if (!amount || *amount <= 0) {
      FormState form;
      form.active = true;
      form.values = page.request().form;
      form.errors["price"] = page.Tr("desk.quote.amount_invalid");
      return Show(page, id, form, "");
    }
    v1::DecidePriceRequest call;
    call.set_name(name);
    call.mutable_price()->set_currency_code(page.session().currency);
    call.mutable_price()->set_minor_units(*amount);
    call.set_note(Trimmed(page, "note"));
    call.set_etag(etag);
    call.set_request_id(rid);
    status = page.Write([&](grpc::ClientContext* c) {
      return stub->DecidePrice(c, call, &out);
    });
    fields = {{"price", "price", "desk.decide.price"}};
  } else if (verb == "signoff") {
    v1::SignOffServiceRequestRequest call;
    call.set_name(name);
    call.set_signature_name(Trimmed(page, "signature_name"));
    call.set_etag(etag);
    call.set_request_id(rid);
    status = page.Write([&](grpc::ClientContext* c) {
      return stub->SignOffServiceRequest(c, call, &out);
    });
    fields = {{"signature_name", "signature_name", "desk.signoff.name"}};
  } else if (verb == "settle") {
    // The amount is the agreed price as the server holds it: read it again
    // rather than trust the form.
    v1::GetServiceRequestRequest get;
    get.set_name(name);
    v1::ServiceRequest now;
    status = page.Read([&] {
      auto c = page.Context();
      return stub->GetServiceRequest(c.get(), get, &now);
    });
    if (status.ok()) {
      v1::SettleServiceRequestRequest call;
      call.set_name(name);
      *call.mutable_amount() = now.agreed_price();
      call.set_etag(etag);
      call.set_request_id(rid);
      status = page.Write([&](grpc::ClientContext* c) {
        return stub->SettleServiceRequest(c, call, &out);
      });
    }
  } else if (verb == "cancel") {
    v1::CancelServiceRequestRequest call;
    call.set_name(name);
    call.set_reason(Trimmed(page, "reason"));
    call.set_etag(etag);
    call.set_request_id(rid);
    status = page.Write([&](grpc::ClientContext* c) {
      return stub->CancelServiceRequest(c, call, &out);
    });
    fields = {{"reason", "reason", "desk.cancel.reason"}};
  } else {
    return page.Failure(grpc::Status(grpc::StatusCode::NOT_FOUND, ""));
  }
  if (status.ok()) return page.Redirect("/desk/requests/" + id + "?done=1");
  FormState form;
  if (page.FieldError(status, fields, &form)) {
    form.values.Add("form", verb);
    return Show(page, id, form, "");
  }
  return page.Failure(status);
}

}  // namespace

void AddDeskRequestPages(App& app) {
  app.Get("/desk/requests/{}", Get);
  app.Post("/desk/requests/{}/{}", Act);
}

}  // namespace concierge::web
