// The service center's desk (issue 21), part two: valuables custody
// (/desk/custody: what the safe holds, deposit against a paper receipt,
// return to the depositing household with who collected) and visitors'
// messages (/desk/messages: a call or a visitor's message for a household,
// which the resident sees and acknowledges on /r/desk). Reception and the
// manager of a residential site; the server decides.

#include "absl/strings/str_cat.h"
#include "clients/web/desk.h"
#include "clients/web/format.h"
#include "clients/web/http_util.h"
#include "clients/web/page.h"
#include "clients/web/view_util.h"
#include "concierge/v1/directory.grpc.pb.h"
#include "concierge/v1/frontdesk.grpc.pb.h"

namespace concierge::web {
namespace {

// --- valuables custody -------------------------------------------------------

const std::vector<FieldMap>& DepositFields() {
  static const auto* fields = new std::vector<FieldMap>{
      {"record.household", "household", "custody.household"},
      {"record.description", "description", "custody.description"},
      {"record.receipt_number", "receipt", "custody.receipt"},
      {"record.deposited_by", "deposited_by", "custody.deposited_by"},
      {"record.note", "note", "desk.note"},
  };
  return *fields;
}

const std::vector<FieldMap>& ReturnFields() {
  static const auto* fields = new std::vector<FieldMap>{
      {"collected_by", "collected_by", "custody.collected_by"},
      {"receipt_number", "receipt", "custody.receipt"},
      {"household", "collected_by", "custody.household"},
      {"note", "note", "desk.note"},
  };
  return *fields;
}

// `returning`: the record whose return form failed (its form shown again).
Response CustodyPage(Page& page, const FormState& deposit,
                     const FormState& return_form, const std::string& returning,
                     int status_code, const std::string& banner = "") {
  if (!IsCenterDesk(page.session())) return DeskNotAvailable(page);
  auto directory = v1::DirectoryService::NewStub(page.channel());
  auto desk = v1::FrontDeskService::NewStub(page.channel());
  const v1::ListHouseholdsRequest households_request = SiteHouseholds(page);
  v1::ListCustodyRequest custody_request;
  custody_request.set_parent(page.session().site);
  custody_request.set_page_size(200);
  v1::ListHouseholdsResponse households;
  v1::ListCustodyResponse custody;
  grpc::Status s1, s2;
  grpc::Status status = page.Read([&] {
    Fanout calls;
    auto c1 = page.Context();
    auto c2 = page.Context();
    directory->async()->ListHouseholds(c1.get(), &households_request,
                                       &households, calls.Done(&s1));
    desk->async()->ListCustody(c2.get(), &custody_request, &custody,
                               calls.Done(&s2));
    calls.Wait();
    return s1.ok() ? s2 : s1;
  });
  if (!status.ok()) return page.Failure(status);
  std::map<std::string, std::string> units = HouseholdUnits(households);
  // Each form's values and messages in its own section: a row's form must
  // not find the deposit form's through the context stack.
  Data data = page.FormData();
  data.set("deposit", page.FormData(deposit));
  data.set("households",
           HouseholdOptions(households, deposit.active
                                            ? deposit.values.Get("household")
                                            : std::string()));
  List held;
  List returned;
  for (const v1::CustodyRecord& r : custody.records()) {
    const std::string id = LastSegment(r.name());
    Data row = id == returning ? page.FormData(return_form) : page.FormData();
    row.set("id", id);
    row.set("household", units.count(r.household()) ? units[r.household()]
                                                    : std::string("—"));
    row.set("household_id", LastSegment(r.household()));
    SetText(&row, "description", r.description());
    SetText(&row, "receipt_number", r.receipt_number());
    SetText(&row, "deposited_by", r.deposited_by());
    SetText(&row, "since", page.Time(r.deposit_time()));
    SetText(&row, "note", r.note());
    if (r.state() == v1::CUSTODY_STATE_HELD) {
      if (id == returning) row.set("open", true);
      held.push_back(row);
    } else if (returned.size() < 20) {
      SetText(&row, "collected_by", r.collected_by());
      SetText(&row, "returned", page.Time(r.return_time()));
      returned.push_back(row);
    }
  }
  data.set("held", held);
  data.set("held_count", absl::StrCat(held.size()));
  if (held.empty()) data.set("none_held", true);
  data.set("returned", returned);
  if (!returned.empty()) data.set("has_returned", true);
  const std::string done = page.request().query.Get("done");
  if (done == "deposit" || done == "return") {
    data.set("banner", page.Tr("custody.done." + done));
  }
  if (!banner.empty()) data.set("banner", page.Tr(banner));
  return page.Render("desk_custody", data, page.Tr("custody.title"),
                     status_code);
}

Response Custody(Page& page, const std::vector<std::string>&) {
  return CustodyPage(page, FormState(), FormState(), "", 200);
}

Response Deposit(Page& page, const std::vector<std::string>&) {
  if (!IsCenterDesk(page.session())) return DeskNotAvailable(page);
  const std::string& site = page.session().site;
  v1::DepositValuablesRequest call;
  call.set_parent(site);
  call.set_request_id(page.FormRequestId());
  v1::CustodyRecord* r = call.mutable_record();
  const std::string household = FormText(page, "household");
  if (!household.empty()) {
    r->set_household(absl::StrCat(site, "/households/", household));
  }
  r->set_description(FormText(page, "description"));
  r->set_receipt_number(FormText(page, "receipt"));
  r->set_deposited_by(FormText(page, "deposited_by"));
  r->set_note(FormText(page, "note"));
  auto stub = v1::FrontDeskService::NewStub(page.channel());
  v1::CustodyRecord out;
  grpc::Status status = page.Write([&](grpc::ClientContext* c) {
    return stub->DepositValuables(c, call, &out);
  });
  if (status.ok()) return page.Redirect("/desk/custody?done=deposit");
  FormState form;
  if (page.FieldError(status, DepositFields(), &form)) {
    return CustodyPage(page, form, FormState(), "", 422);
  }
  if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
    // The receipt number is already in the book: say so beside it.
    form.active = true;
    form.values = page.request().form;
    form.errors["receipt"] = page.Tr("custody.receipt.taken");
    return CustodyPage(page, form, FormState(), "", 409);
  }
  return page.Failure(status);
}

Response Return(Page& page, const std::vector<std::string>& args) {
  if (!IsCenterDesk(page.session())) return DeskNotAvailable(page);
  const std::string& site = page.session().site;
  v1::ReturnValuablesRequest call;
  call.set_name(absl::StrCat(site, "/custody/", args[0]));
  // The depositing household, as the list showed it: the desk has checked
  // the collector against it; the receipt presented is checked by the
  // server when given.
  call.set_household(
      absl::StrCat(site, "/households/", FormText(page, "household")));
  call.set_collected_by(FormText(page, "collected_by"));
  call.set_receipt_number(FormText(page, "receipt"));
  call.set_note(FormText(page, "note"));
  call.set_request_id(page.FormRequestId());
  FormState form;
  form.values = page.request().form;
  if (call.collected_by().empty()) {
    form.active = true;
    form.errors["collected_by"] = page.Tr("custody.collected_by.missing");
    return CustodyPage(page, FormState(), form, args[0], 422);
  }
  auto stub = v1::FrontDeskService::NewStub(page.channel());
  v1::CustodyRecord out;
  grpc::Status status = page.Write([&](grpc::ClientContext* c) {
    return stub->ReturnValuables(c, call, &out);
  });
  if (status.ok()) return page.Redirect("/desk/custody?done=return");
  if (page.FieldError(status, ReturnFields(), &form)) {
    return CustodyPage(page, FormState(), form, args[0], 422);
  }
  if (status.error_code() == grpc::StatusCode::PERMISSION_DENIED &&
      !call.receipt_number().empty()) {
    // A receipt that does not match this record: nothing changed.
    form.active = true;
    form.errors["receipt"] = page.Tr("custody.receipt.mismatch");
    return CustodyPage(page, FormState(), form, args[0], 422);
  }
  if (PageFor(status.error_code()) == ErrorPage::kConflict) {
    return CustodyPage(page, FormState(), FormState(), "", 409,
                       "err.conflict.text");
  }
  return page.Failure(status);
}

// --- visitors' messages
// --------------------------------------------------------

const std::vector<FieldMap>& MessageFields() {
  static const auto* fields = new std::vector<FieldMap>{
      {"message.household", "household", "messages.household"},
      {"message.from_name", "from_name", "messages.from_name"},
      {"message.from_phone", "from_phone", "messages.from_phone"},
      {"message.text", "text", "messages.text"},
      {"message.channel", "channel", "messages.channel"},
  };
  return *fields;
}

Response MessagesPage(Page& page, const FormState& form, int status_code) {
  if (!IsCenterDesk(page.session())) return DeskNotAvailable(page);
  auto directory = v1::DirectoryService::NewStub(page.channel());
  const v1::ListHouseholdsRequest request = SiteHouseholds(page);
  v1::ListHouseholdsResponse households;
  grpc::Status status = page.Read([&] {
    households.Clear();
    auto context = page.Context();
    return directory->ListHouseholds(context.get(), request, &households);
  });
  if (!status.ok()) return page.Failure(status);
  Data data = page.FormData(form);
  data.set("households",
           HouseholdOptions(households, form.active
                                            ? form.values.Get("household")
                                            : page.request().query.Get("for")));
  if (!form.active || form.values.Get("channel") != "in_person") {
    data.set("v_channel_phone", true);
  }
  const std::string left = page.request().query.Get("left");
  if (!left.empty()) {
    data.set("banner", page.Tr("messages.left"));
    if (IsPlainToken(left)) data.set("left_household", left);
  }
  return page.Render("desk_messages", data, page.Tr("messages.title"),
                     status_code);
}

Response Messages(Page& page, const std::vector<std::string>&) {
  return MessagesPage(page, FormState(), 200);
}

Response LeaveMessage(Page& page, const std::vector<std::string>&) {
  if (!IsCenterDesk(page.session())) return DeskNotAvailable(page);
  const std::string& site = page.session().site;
  v1::LeaveMessageRequest call;
  call.set_parent(site);
  call.set_request_id(page.FormRequestId());
  v1::VisitorMessage* m = call.mutable_message();
  const std::string household = FormText(page, "household");
  if (!household.empty()) {
    m->set_household(absl::StrCat(site, "/households/", household));
  }
  m->set_from_name(FormText(page, "from_name"));
  m->set_from_phone(FormText(page, "from_phone"));
  m->set_text(FormText(page, "text"));
  m->set_channel(FormText(page, "channel") == "in_person"
                     ? v1::MESSAGE_CHANNEL_IN_PERSON
                     : v1::MESSAGE_CHANNEL_PHONE);
  auto stub = v1::FrontDeskService::NewStub(page.channel());
  v1::VisitorMessage out;
  grpc::Status status = page.Write([&](grpc::ClientContext* c) {
    return stub->LeaveMessage(c, call, &out);
  });
  if (status.ok()) {
    return page.Redirect("/desk/messages?left=" + LastSegment(out.household()));
  }
  FormState form;
  if (page.FieldError(status, MessageFields(), &form)) {
    return MessagesPage(page, form, 422);
  }
  return page.Failure(status);
}

}  // namespace

void AddDeskCustodyPages(App& app) {
  app.Get("/desk/custody", Custody);
  app.Post("/desk/custody", Deposit);
  app.Post("/desk/custody/{}/return", Return);
  app.Get("/desk/messages", Messages);
  app.Post("/desk/messages", LeaveMessage);
}

}  // namespace concierge::web
