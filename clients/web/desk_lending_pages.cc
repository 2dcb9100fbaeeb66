// Lending umbrellas and small tools at the desk (issue 21; catalogue rows
// 39, 42): what the desk lends with how many are in, lend one to a
// household until a time, the loans out with the overdue ones first, take
// one back; a new kind of thing to lend and a corrected count
// (SetLendableStock, with why). Reception, the manager and the supervisors
// of a residential site; the server decides.

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "clients/web/desk.h"
#include "clients/web/format.h"
#include "clients/web/page.h"
#include "clients/web/view_util.h"
#include "concierge/v1/directory.grpc.pb.h"
#include "concierge/v1/frontdesk.grpc.pb.h"

namespace concierge::web {
namespace {

// Which form failed, so only that one shows the values and messages.
struct Failed {
  std::string form;  // "lend", "create", "stock"
  std::string id;    // the item of a "stock" form
  FormState state;
};

const std::vector<FieldMap>& LendFields() {
  static const auto* fields = new std::vector<FieldMap>{
      {"loan.lendable", "lendable", "lending.item"},
      {"loan.household", "household", "lending.household"},
      {"loan.borrower", "borrower", "lending.borrower"},
      {"loan.due_time", "due", "lending.due"},
  };
  return *fields;
}

const std::vector<FieldMap>& CreateFields() {
  static const auto* fields = new std::vector<FieldMap>{
      {"lendable.display_name.zh", "name_zh", "lending.name_zh"},
      {"lendable.display_name.en", "name_en", "lending.name_en"},
      {"lendable.display_name", "name_zh", "lending.name_zh"},
      {"lendable.total_count", "total", "lending.total"},
  };
  return *fields;
}

const std::vector<FieldMap>& StockFields() {
  static const auto* fields = new std::vector<FieldMap>{
      {"total_count", "total", "lending.total"},
      {"reason", "reason", "lending.reason"},
  };
  return *fields;
}

Response LendingPage(Page& page, const Failed& failed, int status_code,
                     const std::string& banner = "") {
  if (!IsCenterDeskOrSupervisor(page.session())) return DeskNotAvailable(page);
  auto directory = v1::DirectoryService::NewStub(page.channel());
  auto desk = v1::FrontDeskService::NewStub(page.channel());
  const v1::ListHouseholdsRequest households_request = SiteHouseholds(page);
  v1::ListLendableItemsRequest items_request;
  items_request.set_parent(page.session().site);
  items_request.set_page_size(200);
  v1::ListLoansRequest loans_request;
  loans_request.set_parent(page.session().site);
  loans_request.set_state(v1::LOAN_STATE_OUT);
  loans_request.set_page_size(500);
  v1::ListHouseholdsResponse households;
  v1::ListLendableItemsResponse items;
  v1::ListLoansResponse loans;
  grpc::Status s1, s2, s3;
  grpc::Status status = page.Read([&] {
    Fanout calls;
    auto c1 = page.Context();
    auto c2 = page.Context();
    auto c3 = page.Context();
    directory->async()->ListHouseholds(c1.get(), &households_request,
                                       &households, calls.Done(&s1));
    desk->async()->ListLendableItems(c2.get(), &items_request, &items,
                                     calls.Done(&s2));
    desk->async()->ListLoans(c3.get(), &loans_request, &loans, calls.Done(&s3));
    calls.Wait();
    return !s1.ok() ? s1 : !s2.ok() ? s2 : s3;
  });
  if (!status.ok()) return page.Failure(status);
  std::map<std::string, std::string> units = HouseholdUnits(households);
  const FormState none;
  // Each form's values and messages in its own section: a row's form must
  // not find another form's message through the context stack.
  Data data = page.FormData();
  Data lend = page.FormData(failed.form == "lend" ? failed.state : none);
  data.set("create",
           page.FormData(failed.form == "create" ? failed.state : none));
  if (failed.form == "create") data.set("create_open", true);
  const std::string chosen_item = failed.form == "lend"
                                      ? failed.state.values.Get("lendable")
                                      : page.request().query.Get("item");
  List item_rows;
  List item_options;
  for (const v1::LendableItem& item : items.lendables()) {
    const std::string id = LastSegment(item.name());
    Data row = page.FormData(
        failed.form == "stock" && failed.id == id ? failed.state : none);
    row.set("id", id);
    row.set("title", page.Pick(item.display_name()));
    row.set("available", absl::StrCat(item.available_count()));
    row.set("total", absl::StrCat(item.total_count()));
    if (failed.form != "stock" || failed.id != id) {
      row.set("v_total", absl::StrCat(item.total_count()));
    } else {
      row.set("open", true);
    }
    if (item.available_count() == 0) row.set("none_left", true);
    if (item.has_next_due_time()) {
      SetText(&row, "next_due", page.Time(item.next_due_time()));
    }
    SetText(&row, "stock_reason", item.stock_change_reason());
    item_rows.push_back(row);
    Data option;
    option.set("value", id);
    option.set("label", absl::StrCat(page.Pick(item.display_name()), " (",
                                     item.available_count(), "/",
                                     item.total_count(), ")"));
    if (id == chosen_item) option.set("selected", true);
    item_options.push_back(option);
  }
  data.set("items", item_rows);
  data.set("item_options", item_options);
  if (item_rows.empty()) data.set("no_items", true);
  data.set(
      "households",
      HouseholdOptions(households, failed.form == "lend"
                                       ? failed.state.values.Get("household")
                                       : std::string()));
  if (failed.form != "lend") {
    // Due back by default tomorrow at 18:00, the desk's closing time.
    const absl::CivilDay tomorrow =
        absl::ToCivilDay(absl::Now(), page.zone()) + 1;
    google::protobuf::Timestamp due;
    SetTimestamp(
        absl::FromCivil(absl::CivilSecond(tomorrow) + 18 * 3600, page.zone()),
        &due);
    lend.set("v_due", DateTimeInputValue(due, page.zone()));
  }
  data.set("lend", lend);
  // The overdue first (longest overdue first), then by due time.
  std::vector<const v1::Loan*> out;
  for (const v1::Loan& l : loans.loans()) out.push_back(&l);
  std::stable_sort(out.begin(), out.end(), [](auto* a, auto* b) {
    if (a->overdue() != b->overdue()) return a->overdue();
    return a->due_time().seconds() < b->due_time().seconds();
  });
  List loan_rows;
  int overdue = 0;
  for (const v1::Loan* l : out) {
    Data row = page.FormData();
    row.set("id", LastSegment(l->name()));
    row.set("title", page.Pick(l->lendable_display_name()));
    row.set("household", units.count(l->household()) ? units[l->household()]
                                                     : std::string("—"));
    row.set("household_id", LastSegment(l->household()));
    SetText(&row, "borrower", l->borrower());
    SetText(&row, "due", page.Time(l->due_time()));
    SetText(&row, "lent", page.Time(l->lend_time()));
    if (l->overdue()) {
      row.set("overdue", true);
      ++overdue;
    }
    loan_rows.push_back(row);
  }
  data.set("loans", loan_rows);
  data.set("loan_count", absl::StrCat(loan_rows.size()));
  if (loan_rows.empty()) data.set("no_loans", true);
  if (overdue > 0) data.set("overdue_count", absl::StrCat(overdue));
  const std::string done = page.request().query.Get("done");
  if (done == "lend" || done == "return" || done == "create" ||
      done == "stock") {
    data.set("banner", page.Tr("lending.done." + done));
  }
  if (!banner.empty()) data.set("banner", banner);
  return page.Render("desk_lending", data, page.Tr("lending.title"),
                     status_code);
}

Response Lending(Page& page, const std::vector<std::string>&) {
  return LendingPage(page, Failed(), 200);
}

// A write's answer: to the list with its banner, the failed form again, or
// the error page.
Response Answer(Page& page, const grpc::Status& status, const char* done,
                Failed failed, const std::vector<FieldMap>& fields) {
  if (status.ok())
    return page.Redirect(absl::StrCat("/desk/lending?done=", done));
  if (page.FieldError(status, fields, &failed.state)) {
    return LendingPage(page, failed, 422);
  }
  if (PageFor(status.error_code()) == ErrorPage::kConflict) {
    // The page as it is now, with what changed in the desk's words: none
    // left (the list says when the next one is due back), a count below
    // what is out on loan, a loan already taken back.
    if (failed.form == "return") {
      return LendingPage(page, Failed(), 409, page.Tr("err.conflict.text"));
    }
    failed.state.active = true;
    failed.state.values = page.request().form;
    if (failed.form == "stock") {
      failed.state.errors["total"] = page.Tr("lending.stock.below_loans");
    } else if (failed.form == "lend") {
      failed.state.errors["lendable"] = page.Tr("lending.none_left");
    } else {
      failed.state.general_error = page.Tr("err.conflict.text");
    }
    return LendingPage(page, failed, 409);
  }
  return page.Failure(status);
}

Response Lend(Page& page, const std::vector<std::string>&) {
  if (!IsCenterDeskOrSupervisor(page.session())) return DeskNotAvailable(page);
  const std::string& site = page.session().site;
  v1::LendItemRequest call;
  call.set_parent(site);
  call.set_request_id(page.FormRequestId());
  v1::Loan* loan = call.mutable_loan();
  loan->set_lendable(
      absl::StrCat(site, "/lendables/", FormText(page, "lendable")));
  const std::string household = FormText(page, "household");
  if (!household.empty()) {
    loan->set_household(absl::StrCat(site, "/households/", household));
  }
  loan->set_borrower(FormText(page, "borrower"));
  Failed failed;
  failed.form = "lend";
  const std::string due = FormText(page, "due");
  if (!due.empty()) {
    std::optional<absl::Time> t = ParseDateTimeInput(due, page.zone());
    if (!t) {
      failed.state.active = true;
      failed.state.values = page.request().form;
      failed.state.errors["due"] = page.Tr("register.window_invalid");
      return LendingPage(page, failed, 422);
    }
    SetTimestamp(*t, loan->mutable_due_time());
  }
  auto stub = v1::FrontDeskService::NewStub(page.channel());
  v1::Loan out;
  grpc::Status status = page.Write(
      [&](grpc::ClientContext* c) { return stub->LendItem(c, call, &out); });
  return Answer(page, status, "lend", failed, LendFields());
}

Response ReturnLoan(Page& page, const std::vector<std::string>& args) {
  if (!IsCenterDeskOrSupervisor(page.session())) return DeskNotAvailable(page);
  v1::ReturnItemRequest call;
  call.set_name(absl::StrCat(page.session().site, "/loans/", args[0]));
  call.set_request_id(page.FormRequestId());
  auto stub = v1::FrontDeskService::NewStub(page.channel());
  v1::Loan out;
  grpc::Status status = page.Write(
      [&](grpc::ClientContext* c) { return stub->ReturnItem(c, call, &out); });
  Failed failed;
  failed.form = "return";
  return Answer(page, status, "return", failed, {});
}

Response CreateItem(Page& page, const std::vector<std::string>&) {
  if (!IsCenterDeskOrSupervisor(page.session())) return DeskNotAvailable(page);
  v1::CreateLendableItemRequest call;
  call.set_parent(page.session().site);
  call.set_request_id(page.FormRequestId());
  v1::LendableItem* item = call.mutable_lendable();
  item->mutable_display_name()->set_zh(FormText(page, "name_zh"));
  item->mutable_display_name()->set_en(FormText(page, "name_en"));
  Failed failed;
  failed.form = "create";
  int total = 0;
  if (!absl::SimpleAtoi(FormText(page, "total"), &total)) {
    failed.state.active = true;
    failed.state.values = page.request().form;
    failed.state.errors["total"] = page.Tr("err.number");
    return LendingPage(page, failed, 422);
  }
  item->set_total_count(total);
  auto stub = v1::FrontDeskService::NewStub(page.channel());
  v1::LendableItem out;
  grpc::Status status = page.Write([&](grpc::ClientContext* c) {
    return stub->CreateLendableItem(c, call, &out);
  });
  return Answer(page, status, "create", failed, CreateFields());
}

Response SetStock(Page& page, const std::vector<std::string>& args) {
  if (!IsCenterDeskOrSupervisor(page.session())) return DeskNotAvailable(page);
  v1::SetLendableStockRequest call;
  call.set_name(absl::StrCat(page.session().site, "/lendables/", args[0]));
  call.set_reason(FormText(page, "reason"));
  call.set_request_id(page.FormRequestId());
  Failed failed;
  failed.form = "stock";
  failed.id = args[0];
  int total = 0;
  if (!absl::SimpleAtoi(FormText(page, "total"), &total)) {
    failed.state.active = true;
    failed.state.values = page.request().form;
    failed.state.errors["total"] = page.Tr("err.number");
    return LendingPage(page, failed, 422);
  }
  call.set_total_count(total);
  auto stub = v1::FrontDeskService::NewStub(page.channel());
  v1::LendableItem out;
  grpc::Status status = page.Write([&](grpc::ClientContext* c) {
    return stub->SetLendableStock(c, call, &out);
  });
  return Answer(page, status, "stock", failed, StockFields());
}

}  // namespace

void AddDeskLendingPages(App& app) {
  app.Get("/desk/lending", Lending);
  app.Post("/desk/lending", Lend);
  app.Post("/desk/lending/loans/{}/return", ReturnLoan);
  app.Post("/desk/lending/items", CreateItem);
  app.Post("/desk/lending/items/{}/stock", SetStock);
}

}  // namespace concierge::web
