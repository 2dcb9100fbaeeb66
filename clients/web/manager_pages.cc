// The manager's dashboard (/m/dashboard?year=): the annual review per item
// (requests, revenue, cost, margin, verdict, the flags) as charts and as
// the table each chart is drawn from (dashboard.js reads the table, so the
// two never differ), the same figures as CSV (/m/review.csv?year=), the
// plan for next year drafted beside the review's rows
// (manager_plan_pages.cc), the site's quality for the year, and what waits
// for the manager: plans to approve, prices to approve (approved or
// rejected here), disputed prices to decide, escalated complaints, overdue
// requests and, at a hotel, spending approvals. One call per kind of data,
// all at once; the proposed prices are per item (ListServicePrices takes
// one item), so those follow, all at once too.
//
// A hotel has no annual review, plans or complaints (the API keeps them
// for residential sites): its dashboard shows the quality and what waits.

#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "clients/web/desk.h"
#include "clients/web/format.h"
#include "clients/web/log.h"
#include "clients/web/manager.h"
#include "clients/web/view_util.h"
#include "concierge/v1/catalog.grpc.pb.h"
#include "concierge/v1/directory.grpc.pb.h"
#include "concierge/v1/housekeeping.grpc.pb.h"
#include "concierge/v1/quality.grpc.pb.h"
#include "concierge/v1/requests.grpc.pb.h"

namespace concierge::web {
namespace {

bool Paid(const v1::ItemReview& i) { return i.fee_kind() != v1::FEE_KIND_FREE; }

// The proposed prices waiting for the manager, with their items.
struct Proposed {
  const v1::ServiceItem* item;
  v1::ServicePrice price;
};

// Every FIXED item's price versions, all at once; the PROPOSED ones.
grpc::Status LoadProposedPrices(Page& page,
                                const v1::ListServiceItemsResponse& items,
                                std::vector<Proposed>* out) {
  struct Call {
    const v1::ServiceItem* item;
    v1::ListServicePricesRequest request;
    v1::ListServicePricesResponse response;
    grpc::Status status;
  };
  std::vector<Call> calls;
  for (const v1::ServiceItem& item : items.items()) {
    if (item.fee_kind() != v1::FEE_KIND_FIXED ||
        item.state() == v1::ITEM_STATE_RETIRED) {
      continue;
    }
    Call call;
    call.item = &item;
    call.request.set_parent(item.name());
    call.request.set_page_size(20);
    calls.push_back(std::move(call));
  }
  auto catalog = v1::CatalogService::NewStub(page.channel());
  grpc::Status status = page.Read([&] {
    Fanout fanout;
    std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
    for (Call& c : calls) {
      c.response.Clear();
      contexts.push_back(page.Context());
      catalog->async()->ListServicePrices(contexts.back().get(), &c.request,
                                          &c.response, fanout.Done(&c.status));
    }
    fanout.Wait();
    for (const Call& c : calls) {
      if (!c.status.ok()) return c.status;
    }
    return grpc::Status::OK;
  });
  if (!status.ok()) return status;
  for (const Call& c : calls) {
    for (const v1::ServicePrice& p : c.response.prices()) {
      if (p.state() == v1::PRICE_STATE_PROPOSED) out->push_back({c.item, p});
    }
  }
  return grpc::Status::OK;
}

Data QualityData(const v1::QualityReport& report) {
  Data q;
  q.set("completed", absl::StrCat(report.requests_completed()));
  q.set("on_time", absl::StrFormat("%.0f", report.on_time_rate() * 100));
  q.set("satisfaction",
        report.satisfaction_count() > 0
            ? absl::StrFormat("%.2f", report.mean_satisfaction())
            : std::string("—"));
  q.set("complaints",
        absl::StrCat(report.complaints_minor() + report.complaints_major()));
  q.set("praise", absl::StrCat(report.praise()));
  q.set("follow_ups",
        absl::StrFormat("%.0f", report.follow_up_coverage() * 100));
  q.set("reworks", absl::StrCat(report.reworks()));
  return q;
}

void SetReviewData(Page& page, const v1::AnnualReview& review, Data* data) {
  List paid_rows, free_rows, all_rows;
  int unused_free = 0;
  for (const v1::ItemReview& i : review.items()) {
    Data row = ReviewRowData(page, i);
    all_rows.push_back(row);
    if (Paid(i)) {
      paid_rows.push_back(row);
    } else if (i.requests() > 0 || i.cost().minor_units() != 0) {
      free_rows.push_back(row);
    } else {
      // Sixty unused free items would drown the chart: they are counted
      // here and flagged in the full table.
      ++unused_free;
    }
  }
  if (unused_free > 0) data->set("unused_free", absl::StrCat(unused_free));
  data->set("items", all_rows);
  data->set("paid", paid_rows);
  data->set("free", free_rows);
  if (paid_rows.empty()) data->set("no_paid", true);
  if (free_rows.empty()) data->set("no_free", true);
  data->set("total_revenue", Decimal(review.total_revenue()));
  data->set("total_cost", Decimal(review.total_cost()));
}

}  // namespace

Data ReviewRowData(const Page& page, const v1::ItemReview& i) {
  Data row;
  row.set("code", i.code());
  row.set("title", page.Pick(i.title()));
  row.set("fee_kind", page.EnumLabel(v1::FeeKind_descriptor(), i.fee_kind()));
  row.set("requests", absl::StrCat(i.requests()));
  row.set("completed", absl::StrCat(i.completed()));
  row.set("revenue", Decimal(i.revenue()));
  row.set("cost", Decimal(i.cost()));
  row.set("margin", Decimal(i.margin()));
  row.set("markup", Percent(i.markup_basis_points()));
  row.set("verdict",
          page.EnumLabel(v1::MarginVerdict_descriptor(), i.verdict()));
  if (i.verdict() == v1::MARGIN_VERDICT_BELOW_COST) row.set("below", true);
  if (i.necessity_check()) row.set("unused", true);
  row.set("satisfaction", i.satisfaction_count() > 0
                              ? absl::StrFormat("%.2f", i.mean_satisfaction())
                              : std::string("—"));
  row.set("complaints", absl::StrCat(i.complaints()));
  return row;
}

Response DashboardPage(Page& page, const FormState& plan_form, int status_code,
                       const std::string& banner) {
  if (!IsManager(page.session())) return NotAvailable(page);
  const auto started = std::chrono::steady_clock::now();
  const int year = YearOf(page);
  const std::string& site = page.session().site;
  const bool residential =
      page.session().site_kind == v1::SITE_KIND_RESIDENTIAL;
  auto quality = v1::QualityService::NewStub(page.channel());
  auto requests = v1::ServiceRequestService::NewStub(page.channel());
  auto catalog = v1::CatalogService::NewStub(page.channel());
  auto directory = v1::DirectoryService::NewStub(page.channel());
  auto housekeeping = v1::HousekeepingService::NewStub(page.channel());
  v1::GetAnnualReviewRequest review_request;
  review_request.set_site(site);
  review_request.set_year(year);
  v1::GetQualityReportRequest quality_request;
  quality_request.set_subject(site);
  SetTimestamp(YearStart(page, year), quality_request.mutable_start_time());
  SetTimestamp(YearEndSoFar(page, year), quality_request.mutable_end_time());
  v1::ListServicePlansRequest plans_request;
  plans_request.set_parent(site);
  plans_request.set_page_size(50);
  v1::ListComplaintsRequest complaints_request;
  complaints_request.set_parent(site);
  complaints_request.set_page_size(50);
  complaints_request.add_states(v1::COMPLAINT_STATE_ESCALATED);
  v1::ListServiceRequestsRequest open_request;
  open_request.set_parent(site);
  open_request.set_page_size(500);
  for (auto s : {v1::REQUEST_STATE_DISPUTED, v1::REQUEST_STATE_PRICE_PROPOSED,
                 v1::REQUEST_STATE_AWAITING_QUOTE, v1::REQUEST_STATE_DISPATCHED,
                 v1::REQUEST_STATE_ASSIGNED, v1::REQUEST_STATE_IN_PROGRESS}) {
    open_request.add_states(s);
  }
  v1::ListServiceItemsRequest items_request;
  items_request.set_parent(site);
  items_request.set_page_size(500);
  items_request.set_fee_kind(v1::FEE_KIND_FIXED);
  v1::ListDepartmentsRequest departments_request;
  departments_request.set_parent(site);
  departments_request.set_page_size(100);
  v1::ListPendingApprovalsRequest approvals_request;
  approvals_request.set_parent(site);
  approvals_request.set_page_size(100);
  v1::AnnualReview review;
  v1::QualityReport report;
  v1::ListServicePlansResponse plans;
  v1::ListComplaintsResponse complaints;
  v1::ListServiceRequestsResponse open;
  v1::ListServiceItemsResponse fixed_items;
  v1::ListDepartmentsResponse departments;
  v1::ListPendingApprovalsResponse approvals;
  grpc::Status s[8];
  const bool this_year_started = YearStart(page, year) < absl::Now();
  grpc::Status status = page.Read([&] {
    Fanout calls;
    std::unique_ptr<grpc::ClientContext> c[8];
    for (auto& context : c) context = page.Context();
    if (residential) {
      quality->async()->GetAnnualReview(c[0].get(), &review_request, &review,
                                        calls.Done(&s[0]));
      quality->async()->ListServicePlans(c[2].get(), &plans_request, &plans,
                                         calls.Done(&s[2]));
      quality->async()->ListComplaints(c[3].get(), &complaints_request,
                                       &complaints, calls.Done(&s[3]));
      directory->async()->ListDepartments(c[6].get(), &departments_request,
                                          &departments, calls.Done(&s[6]));
    } else {
      housekeeping->async()->ListPendingApprovals(
          c[7].get(), &approvals_request, &approvals, calls.Done(&s[7]));
    }
    if (this_year_started) {
      quality->async()->GetQualityReport(c[1].get(), &quality_request, &report,
                                         calls.Done(&s[1]));
    }
    requests->async()->ListServiceRequests(c[4].get(), &open_request, &open,
                                           calls.Done(&s[4]));
    catalog->async()->ListServiceItems(c[5].get(), &items_request, &fixed_items,
                                       calls.Done(&s[5]));
    calls.Wait();
    for (const grpc::Status& one : s) {
      if (!one.ok()) return one;
    }
    return grpc::Status::OK;
  });
  std::vector<Proposed> proposed;
  if (status.ok()) status = LoadProposedPrices(page, fixed_items, &proposed);
  if (!status.ok()) return page.Failure(status);

  Data data = page.FormData(plan_form);
  data.set("year", absl::StrCat(year));
  data.set("prev_year", absl::StrCat(year - 1));
  data.set("next_year", absl::StrCat(year + 1));
  data.set("currency", page.session().currency);
  if (residential) {
    data.set("residential", true);
    SetReviewData(page, review, &data);
    std::vector<v1::Department> department_list(
        departments.departments().begin(), departments.departments().end());
    SetPlanFormData(page, year, review, department_list, plan_form, &data);
  }
  if (this_year_started) data.set("quality", QualityData(report));

  DeskDirectory none;
  List draft_rows, plan_rows;
  for (const v1::ServicePlan& p : plans.plans()) {
    Data row;
    row.set("id", LastSegment(p.name()));
    row.set("title", page.Pick(p.title()));
    row.set("year", absl::StrCat(p.year()));
    row.set("entries", absl::StrCat(p.entries_size()));
    row.set("state", page.EnumLabel(v1::PlanState_descriptor(), p.state()));
    if (p.state() == v1::PLAN_STATE_DRAFT) {
      row.set("draft", true);
      draft_rows.push_back(row);
    }
    SetText(&row, "time",
            page.Time(p.state() == v1::PLAN_STATE_APPROVED ? p.approve_time()
                                                           : p.create_time()));
    plan_rows.push_back(row);
  }
  List price_rows;
  for (const Proposed& p : proposed) {
    Data row;
    row.set("item_id", LastSegment(p.item->name()));
    row.set("price_id", LastSegment(p.price.name()));
    row.set("title", page.Pick(p.item->title()));
    row.set("amount", FormatMoney(p.price.amount()));
    if (p.item->has_current_price()) {
      row.set("current", FormatMoney(p.item->current_price()));
    }
    SetText(&row, "effective", page.Time(p.price.effective_time()));
    SetText(&row, "note", p.price.note());
    price_rows.push_back(row);
  }
  List disputed, overdue;
  for (const v1::ServiceRequest& r : open.requests()) {
    Data card = CardData(page, none, r);
    if (r.state() == v1::REQUEST_STATE_DISPUTED ||
        r.state() == v1::REQUEST_STATE_PRICE_PROPOSED) {
      disputed.push_back(card);
    } else if (r.overdue()) {
      overdue.push_back(card);
    }
  }
  List complaint_rows;
  for (const v1::Complaint& c : complaints.complaints()) {
    Data row;
    SetText(&row, "text", c.text());
    SetText(&row, "reason", c.escalation_reason());
    SetText(&row, "time", page.Time(c.escalate_time()));
    complaint_rows.push_back(row);
  }
  List approval_rows;
  for (const v1::RoomAction& a : approvals.actions()) {
    Data row;
    row.set("title", page.Pick(a.title()));
    SetText(&row, "room", a.room_number());
    if (a.has_total_cost()) row.set("amount", FormatMoney(a.total_cost()));
    approval_rows.push_back(row);
  }
  data.set("plans", draft_rows);
  data.set("all_plans", plan_rows);
  data.set("prices", price_rows);
  data.set("disputed", disputed);
  data.set("overdue", overdue);
  data.set("complaints", complaint_rows);
  data.set("approvals", approval_rows);
  if (!residential) data.set("hotel", true);
  data.set("waiting_count",
           absl::StrCat(draft_rows.size() + price_rows.size() +
                        disputed.size() + overdue.size() +
                        complaint_rows.size() + approval_rows.size()));
  if (!banner.empty()) data.set("banner", page.Tr(banner));
  Log("info", "dashboard",
      {{"path", page.request().path},
       {"price_calls", absl::StrCat(fixed_items.items_size())},
       {"ms",
        absl::StrCat(std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now() - started)
                         .count())},
       {"request_id", page.request_id()}});
  return page.Render("dashboard", data, page.Tr("dashboard.title"),
                     status_code);
}

namespace {

Response Dashboard(Page& page, const std::vector<std::string>&) {
  const std::string done = page.request().query.Get("done");
  std::string banner;
  if (done == "plan") banner = "plan.created";
  if (done == "price") banner = "prices.decided";
  return DashboardPage(page, FormState(), 200, banner);
}

Response ReviewCsv(Page& page, const std::vector<std::string>&) {
  if (!IsManager(page.session())) return NotAvailable(page);
  const int year = YearOf(page);
  v1::AnnualReview review;
  grpc::Status status = GetReview(page, year, &review);
  if (!status.ok()) return page.Failure(status);
  std::string csv =
      CsvLine({"code", "title", "fee_kind", "requests", "completed", "revenue",
               "cost", "margin", "markup_percent", "verdict",
               "mean_satisfaction", "complaints", "necessity_check"});
  for (const v1::ItemReview& i : review.items()) {
    csv += CsvLine({i.code(), page.Pick(i.title()),
                    page.EnumLabel(v1::FeeKind_descriptor(), i.fee_kind()),
                    absl::StrCat(i.requests()), absl::StrCat(i.completed()),
                    Decimal(i.revenue()), Decimal(i.cost()),
                    Decimal(i.margin()), Percent(i.markup_basis_points()),
                    page.EnumLabel(v1::MarginVerdict_descriptor(), i.verdict()),
                    i.satisfaction_count() > 0
                        ? absl::StrFormat("%.2f", i.mean_satisfaction())
                        : std::string(),
                    absl::StrCat(i.complaints()),
                    i.necessity_check() ? "yes" : "no"});
  }
  return CsvResponse(csv, absl::StrCat("annual-review-", year, ".csv"));
}

// A proposed price approved, or rejected with a reason, from the list of
// what waits.
Response DecidePrice(Page& page, const std::vector<std::string>& args) {
  if (!IsManager(page.session())) return NotAvailable(page);
  const std::string name = absl::StrCat(page.session().site, "/items/", args[0],
                                        "/prices/", args[1]);
  auto catalog = v1::CatalogService::NewStub(page.channel());
  v1::ServicePrice out;
  grpc::Status status;
  if (args[2] == "approve") {
    v1::ApproveServicePriceRequest request;
    request.set_name(name);
    request.set_request_id(page.FormRequestId());
    status = page.Write([&](grpc::ClientContext* context) {
      return catalog->ApproveServicePrice(context, request, &out);
    });
  } else if (args[2] == "reject") {
    v1::RejectServicePriceRequest request;
    request.set_name(name);
    request.set_reason(std::string(
        absl::StripAsciiWhitespace(page.request().form.Get("reason"))));
    request.set_request_id(page.FormRequestId());
    status = page.Write([&](grpc::ClientContext* context) {
      return catalog->RejectServicePrice(context, request, &out);
    });
  } else {
    return NotAvailable(page);
  }
  FormState form;
  static const auto* fields =
      new std::vector<FieldMap>{{"reason", "reason", "prices.reason"}};
  if (page.FieldError(status, *fields, &form)) {
    return DashboardPage(page, form, 422, "");
  }
  if (!status.ok()) return page.Failure(status);
  return page.Redirect("/m/dashboard?done=price#waiting");
}

}  // namespace

void AddManagerPages(App& app) {
  app.Get("/m/dashboard", Dashboard);
  app.Get("/m/review.csv", ReviewCsv);
  app.Post("/m/prices/{}/{}/{}", DecidePrice);
  AddManagerQualityPages(app);
  AddManagerPlanPages(app);
  AddManagerPrintPages(app);
}

}  // namespace concierge::web
