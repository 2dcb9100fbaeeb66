// The manager's dashboard (/m/dashboard?year=): the annual review per item
// (requests, revenue, cost, margin, verdict, the flags) as charts and as
// the table each chart is drawn from (dashboard.js reads the table, so the
// two never differ), the same figures as CSV (/m/review.csv?year=), the
// site's quality for the year, and what waits for the manager: plans to
// approve, disputed prices to decide, escalated complaints, overdue
// requests. One call per kind of data, all at once.

#include <cmath>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "clients/web/desk.h"
#include "clients/web/format.h"
#include "clients/web/page.h"
#include "clients/web/view_util.h"
#include "concierge/v1/quality.grpc.pb.h"
#include "concierge/v1/requests.grpc.pb.h"

namespace concierge::web {
namespace {

bool IsManager(const Session& s) {
  return s.role == v1::ROLE_MANAGER || s.role == v1::ROLE_ADMIN;
}

int YearOf(const Page& page) {
  int year = 0;
  if (absl::SimpleAtoi(page.request().query.Get("year"), &year) &&
      year >= 2000 && year <= 2100) {
    return year;
  }
  return static_cast<int>(absl::ToCivilYear(absl::Now(), page.zone()).year());
}

// Minor units as a plain decimal ("1234.50"), for tables, charts and CSV.
std::string Decimal(const v1::Money& m) {
  const int64_t v = m.minor_units();
  const int64_t a = v < 0 ? -v : v;
  return absl::StrFormat("%s%d.%02d", v < 0 ? "-" : "", a / 100, a % 100);
}

std::string Percent(int64_t basis_points) {
  return absl::StrFormat("%.1f", basis_points / 100.0);
}

bool Paid(const v1::ItemReview& i) { return i.fee_kind() != v1::FEE_KIND_FREE; }

grpc::Status GetReview(Page& page, int year, v1::AnnualReview* review) {
  auto stub = v1::QualityService::NewStub(page.channel());
  v1::GetAnnualReviewRequest request;
  request.set_site(page.session().site);
  request.set_year(year);
  return page.Read([&] {
    auto context = page.Context();
    return stub->GetAnnualReview(context.get(), request, review);
  });
}

Response Dashboard(Page& page, const std::vector<std::string>&) {
  if (!IsManager(page.session())) {
    return page.Failure(grpc::Status(grpc::StatusCode::PERMISSION_DENIED, ""));
  }
  const int year = YearOf(page);
  const std::string& site = page.session().site;
  auto quality = v1::QualityService::NewStub(page.channel());
  auto requests = v1::ServiceRequestService::NewStub(page.channel());
  v1::GetAnnualReviewRequest review_request;
  review_request.set_site(site);
  review_request.set_year(year);
  v1::GetQualityReportRequest quality_request;
  quality_request.set_subject(site);
  SetTimestamp(absl::FromCivil(absl::CivilYear(year), page.zone()),
               quality_request.mutable_start_time());
  absl::Time end = absl::FromCivil(absl::CivilYear(year + 1), page.zone());
  if (end > absl::Now()) end = absl::Now();
  SetTimestamp(end, quality_request.mutable_end_time());
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
  v1::AnnualReview review;
  v1::QualityReport report;
  v1::ListServicePlansResponse plans;
  v1::ListComplaintsResponse complaints;
  v1::ListServiceRequestsResponse open;
  grpc::Status s1, s2, s3, s4, s5;
  const bool this_year_started =
      absl::FromCivil(absl::CivilYear(year), page.zone()) < absl::Now();
  grpc::Status status = page.Read([&] {
    Fanout calls;
    auto c1 = page.Context();
    auto c2 = page.Context();
    auto c3 = page.Context();
    auto c4 = page.Context();
    auto c5 = page.Context();
    quality->async()->GetAnnualReview(c1.get(), &review_request, &review,
                                      calls.Done(&s1));
    if (this_year_started) {
      quality->async()->GetQualityReport(c2.get(), &quality_request, &report,
                                         calls.Done(&s2));
    }
    quality->async()->ListServicePlans(c3.get(), &plans_request, &plans,
                                       calls.Done(&s3));
    quality->async()->ListComplaints(c4.get(), &complaints_request, &complaints,
                                     calls.Done(&s4));
    requests->async()->ListServiceRequests(c5.get(), &open_request, &open,
                                           calls.Done(&s5));
    calls.Wait();
    for (const grpc::Status* s : {&s1, &s2, &s3, &s4, &s5}) {
      if (!s->ok()) return *s;
    }
    return grpc::Status::OK;
  });
  if (!status.ok()) return page.Failure(status);

  Data data;
  data.set("year", absl::StrCat(year));
  data.set("prev_year", absl::StrCat(year - 1));
  data.set("next_year", absl::StrCat(year + 1));
  data.set("currency", page.session().currency);
  List paid_rows, free_rows, all_rows;
  int unused_free = 0;
  for (const v1::ItemReview& i : review.items()) {
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
  if (unused_free > 0) data.set("unused_free", absl::StrCat(unused_free));
  data.set("items", all_rows);
  data.set("paid", paid_rows);
  data.set("free", free_rows);
  if (paid_rows.empty()) data.set("no_paid", true);
  if (free_rows.empty()) data.set("no_free", true);
  data.set("total_revenue", Decimal(review.total_revenue()));
  data.set("total_cost", Decimal(review.total_cost()));

  if (this_year_started) {
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
    data.set("quality", q);
  }

  DeskDirectory none;
  List plan_rows;
  for (const v1::ServicePlan& p : plans.plans()) {
    if (p.state() != v1::PLAN_STATE_DRAFT) continue;
    Data row;
    row.set("title", page.Pick(p.title()));
    row.set("year", absl::StrCat(p.year()));
    row.set("entries", absl::StrCat(p.entries_size()));
    plan_rows.push_back(row);
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
  data.set("plans", plan_rows);
  data.set("disputed", disputed);
  data.set("overdue", overdue);
  data.set("complaints", complaint_rows);
  data.set("waiting_count",
           absl::StrCat(plan_rows.size() + disputed.size() + overdue.size() +
                        complaint_rows.size()));
  return page.Render("dashboard", data, page.Tr("dashboard.title"));
}

// One CSV field, quoted when it must be (RFC 4180).
std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  return absl::StrCat("\"", absl::StrReplaceAll(s, {{"\"", "\"\""}}), "\"");
}

Response ReviewCsv(Page& page, const std::vector<std::string>&) {
  if (!IsManager(page.session())) {
    return page.Failure(grpc::Status(grpc::StatusCode::PERMISSION_DENIED, ""));
  }
  const int year = YearOf(page);
  v1::AnnualReview review;
  grpc::Status status = GetReview(page, year, &review);
  if (!status.ok()) return page.Failure(status);
  std::string csv =
      "code,title,fee_kind,requests,completed,revenue,cost,margin,"
      "markup_percent,verdict,mean_satisfaction,complaints,necessity_check\r\n";
  for (const v1::ItemReview& i : review.items()) {
    const std::vector<std::string> fields = {
        i.code(),
        page.Pick(i.title()),
        page.EnumLabel(v1::FeeKind_descriptor(), i.fee_kind()),
        absl::StrCat(i.requests()),
        absl::StrCat(i.completed()),
        Decimal(i.revenue()),
        Decimal(i.cost()),
        Decimal(i.margin()),
        Percent(i.markup_basis_points()),
        page.EnumLabel(v1::MarginVerdict_descriptor(), i.verdict()),
        i.satisfaction_count() > 0
            ? absl::StrFormat("%.2f", i.mean_satisfaction())
            : std::string(),
        absl::StrCat(i.complaints()),
        i.necessity_check() ? "yes" : "no"};
    for (size_t f = 0; f < fields.size(); ++f) {
      absl::StrAppend(&csv, f ? "," : "", CsvField(fields[f]));
    }
    csv += "\r\n";
  }
  Response response;
  response.content_type = "text/csv; charset=utf-8";
  // A byte-order mark: spreadsheet programs then read the Chinese titles.
  response.body = "\xEF\xBB\xBF" + csv;
  response.AddHeader(
      "Content-Disposition",
      absl::StrCat("attachment; filename=\"annual-review-", year, ".csv\""));
  return response;
}

}  // namespace

void AddManagerPages(App& app) {
  app.Get("/m/dashboard", Dashboard);
  app.Get("/m/review.csv", ReviewCsv);
}

}  // namespace concierge::web
