// Quality by department and month (/m/quality?year=): for every department
// and every month of the year so far, the on-time rate, satisfaction,
// complaints, follow-ups and reworks (GetQualityReport, one subject and
// period per call: departments x months calls, all at once), as a chart of
// the on-time rate (one line per department) drawn from the table beneath
// it, the full table, and the same figures as CSV (/m/quality.csv?year=).
// Below them the staff evaluations (ListEvaluations) and the manager's
// form to make one (CreateEvaluation: the server cites the figures).

#include <chrono>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "clients/web/desk.h"
#include "clients/web/format.h"
#include "clients/web/log.h"
#include "clients/web/manager.h"
#include "clients/web/view_util.h"
#include "concierge/v1/quality.grpc.pb.h"

namespace concierge::web {
namespace {

// One department's figures for one month.
struct Cell {
  const v1::Department* department = nullptr;
  int month = 0;  // 1..12
  v1::GetQualityReportRequest request;
  v1::QualityReport report;
  grpc::Status status;
};

// The months of `year` that have begun, per department, in the
// departments' order; each with its figures, fetched all at once.
grpc::Status LoadGrid(Page& page, int year, const DeskDirectory& directory,
                      std::vector<Cell>* cells,
                      const std::function<void(Fanout&)>& also = nullptr) {
  const absl::Time now = absl::Now();
  for (const v1::Department& d : directory.departments) {
    for (int m = 1; m <= 12; ++m) {
      const absl::Time start =
          absl::FromCivil(absl::CivilMonth(year, m), page.zone());
      if (start >= now) break;
      absl::Time end =
          absl::FromCivil(absl::CivilMonth(year, m) + 1, page.zone());
      if (end > now) end = now;
      Cell cell;
      cell.department = &d;
      cell.month = m;
      cell.request.set_subject(d.name());
      SetTimestamp(start, cell.request.mutable_start_time());
      SetTimestamp(end, cell.request.mutable_end_time());
      cells->push_back(std::move(cell));
    }
  }
  auto stub = v1::QualityService::NewStub(page.channel());
  const auto started = std::chrono::steady_clock::now();
  grpc::Status status = page.Read([&] {
    Fanout calls;
    std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
    contexts.reserve(cells->size());
    for (Cell& c : *cells) {
      c.report.Clear();
      contexts.push_back(page.Context());
      stub->async()->GetQualityReport(contexts.back().get(), &c.request,
                                      &c.report, calls.Done(&c.status));
    }
    if (also) also(calls);
    calls.Wait();
    for (const Cell& c : *cells) {
      if (!c.status.ok()) return c.status;
    }
    return grpc::Status::OK;
  });
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
  Log("info", "quality by department and month",
      {{"path", page.request().path},
       {"calls", absl::StrCat(cells->size())},
       {"ms", absl::StrCat(ms)},
       {"request_id", page.request_id()}});
  return status;
}

std::string MonthLabel(const Page& page, int month) {
  return page.Tr(absl::StrCat("month.", month));
}

bool HasSatisfaction(const v1::QualityReport& r) {
  return r.satisfaction_count() > 0;
}

std::string SatisfactionText(const v1::QualityReport& r) {
  return HasSatisfaction(r) ? absl::StrFormat("%.2f", r.mean_satisfaction())
                            : std::string("—");
}

// The evaluation form's fields in the server's words.
const std::vector<FieldMap>& EvaluationFields() {
  static const auto* fields = new std::vector<FieldMap>{
      {"evaluation.subject", "subject", "evaluations.subject"},
      {"evaluation.score", "score", "evaluations.score"},
      {"evaluation.note", "note", "evaluations.note"},
      {"evaluation.start_time", "start", "evaluations.start"},
      {"evaluation.end_time", "end", "evaluations.end"},
      {"start_time", "start", "evaluations.start"},
      {"end_time", "end", "evaluations.end"},
  };
  return *fields;
}

std::string DayText(const google::protobuf::Timestamp& t,
                    const absl::TimeZone& zone) {
  return absl::FormatTime("%Y-%m-%d", ToTime(t), zone);
}

Response QualityPage(Page& page, const FormState& form, int status_code,
                     const std::string& banner) {
  if (!IsManager(page.session())) return NotAvailable(page);
  const int year = YearOf(page);
  const auto started = std::chrono::steady_clock::now();
  DeskDirectory directory;
  grpc::Status status = LoadDirectory(page, &directory);
  if (!status.ok()) return page.Failure(status);
  std::vector<Cell> cells;
  v1::ListEvaluationsRequest evaluations_request;
  evaluations_request.set_parent(page.session().site);
  evaluations_request.set_page_size(200);
  v1::ListEvaluationsResponse evaluations;
  grpc::Status evaluations_status;
  auto quality = v1::QualityService::NewStub(page.channel());
  std::unique_ptr<grpc::ClientContext> evaluations_context;
  status = LoadGrid(page, year, directory, &cells, [&](Fanout& calls) {
    evaluations.Clear();
    evaluations_context = page.Context();
    quality->async()->ListEvaluations(evaluations_context.get(),
                                      &evaluations_request, &evaluations,
                                      calls.Done(&evaluations_status));
  });
  if (status.ok()) status = evaluations_status;
  if (!status.ok()) return page.Failure(status);

  Data data = page.FormData(form);
  data.set("year", absl::StrCat(year));
  data.set("prev_year", absl::StrCat(year - 1));
  data.set("next_year", absl::StrCat(year + 1));
  List months;
  for (int m = 1; m <= 12; ++m) {
    Data month;
    month.set("label", MonthLabel(page, m));
    months.push_back(month);
  }
  data.set("months", months);

  // The chart's table: one row per department, one column per month.
  List on_time_rows, detail_rows;
  size_t next = 0;
  for (const v1::Department& d : directory.departments) {
    Data row;
    row.set("department", page.Pick(d.title()));
    row.set("code", d.code());
    List rates;
    for (int m = 1; m <= 12; ++m) {
      Data rate;
      if (next < cells.size() && cells[next].department == &d &&
          cells[next].month == m) {
        const v1::QualityReport& r = cells[next].report;
        rate.set("value", RateText(r.on_time_rate(), r.with_target() > 0));
        ++next;
        // A month where nothing happened is left out of the table (the
        // CSV has every month).
        if (r.requests_completed() == 0 && r.satisfaction_count() == 0 &&
            r.complaints_minor() + r.complaints_major() == 0 &&
            r.follow_ups_due() == 0 && r.reworks() == 0 && r.praise() == 0) {
          rates.push_back(rate);
          continue;
        }
        Data detail;
        detail.set("department", page.Pick(d.title()));
        detail.set("code", d.code());
        detail.set("month", MonthLabel(page, m));
        detail.set("month_number", absl::StrCat(m));
        detail.set("completed", absl::StrCat(r.requests_completed()));
        detail.set("on_time", RateText(r.on_time_rate(), r.with_target() > 0));
        detail.set("satisfaction", SatisfactionText(r));
        detail.set("complaints",
                   absl::StrCat(r.complaints_minor() + r.complaints_major()));
        detail.set("follow_ups", absl::StrCat(r.follow_ups_on_time(), " / ",
                                              r.follow_ups_due()));
        detail.set("reworks", absl::StrCat(r.reworks()));
        detail_rows.push_back(detail);
      } else {
        rate.set("value", std::string("—"));
      }
      rates.push_back(rate);
    }
    row.set("rates", rates);
    on_time_rows.push_back(row);
  }
  data.set("departments", on_time_rows);
  data.set("details", detail_rows);
  if (detail_rows.empty()) data.set("no_figures", true);

  // The evaluations, by the person's or the department's name.
  List evaluation_rows;
  for (const v1::Evaluation& e : evaluations.evaluations()) {
    Data row;
    std::string subject;
    if (auto it = directory.staff_names.find(e.subject());
        it != directory.staff_names.end()) {
      subject = it->second;
    } else if (auto dt = directory.department_titles.find(e.subject());
               dt != directory.department_titles.end()) {
      subject = dt->second;
    }
    SetText(&row, "subject", subject);
    // The period's end is exclusive: its last day is shown.
    google::protobuf::Timestamp last = e.end_time();
    last.set_seconds(last.seconds() - 1);
    row.set("period", absl::StrCat(DayText(e.start_time(), page.zone()), " – ",
                                   DayText(last, page.zone())));
    row.set("score", absl::StrCat(e.score()));
    row.set("on_time",
            RateText(e.report().on_time_rate(), e.report().with_target() > 0));
    row.set("satisfaction", SatisfactionText(e.report()));
    row.set("complaints", absl::StrCat(e.report().complaints_minor() +
                                       e.report().complaints_major()));
    SetText(&row, "note", e.note());
    if (auto it = directory.staff_names.find(e.evaluator());
        it != directory.staff_names.end()) {
      SetText(&row, "evaluator", it->second);
    }
    SetText(&row, "time", page.Time(e.create_time()));
    evaluation_rows.push_back(row);
  }
  if (!evaluation_rows.empty()) data.set("has_evaluations", true);
  data.set("evaluations", evaluation_rows);

  // The form: whom (a person or a department), which period, the score.
  const std::string chosen = form.values.Get("subject");
  List staff_options, department_options;
  for (const v1::Staff& s : directory.staff) {
    Data o;
    o.set("value", LastSegment(s.name()));
    o.set("label", s.display_name());
    if (chosen == "s" + LastSegment(s.name())) o.set("selected", true);
    staff_options.push_back(o);
  }
  for (const v1::Department& d : directory.departments) {
    Data o;
    o.set("value", LastSegment(d.name()));
    o.set("label", page.Pick(d.title()));
    if (chosen == "d" + LastSegment(d.name())) o.set("selected", true);
    department_options.push_back(o);
  }
  data.set("staff_options", staff_options);
  data.set("department_options", department_options);
  if (!form.active) {
    data.set("v_start", absl::StrFormat("%04d-01-01", year));
    data.set("v_end",
             absl::FormatTime("%Y-%m-%d",
                              YearEndSoFar(page, year) - absl::Seconds(1),
                              page.zone()));
  }
  if (!banner.empty()) data.set("banner", page.Tr(banner));
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
  data.set("calls", absl::StrCat(cells.size() + 3));
  data.set("ms", absl::StrCat(ms));
  return page.Render("manager_quality", data, page.Tr("quality.title"),
                     status_code);
}

Response Quality(Page& page, const std::vector<std::string>&) {
  return QualityPage(
      page, FormState(), 200,
      page.request().query.Has("evaluated") ? "evaluations.recorded" : "");
}

Response QualityCsv(Page& page, const std::vector<std::string>&) {
  if (!IsManager(page.session())) return NotAvailable(page);
  const int year = YearOf(page);
  DeskDirectory directory;
  grpc::Status status = LoadDirectory(page, &directory);
  std::vector<Cell> cells;
  if (status.ok()) status = LoadGrid(page, year, directory, &cells);
  if (!status.ok()) return page.Failure(status);
  std::string csv =
      CsvLine({"department_code", "department", "month", "requests_completed",
               "with_target", "on_time", "on_time_percent",
               "satisfaction_count", "mean_satisfaction", "complaints",
               "follow_ups_due", "follow_ups_on_time", "reworks"});
  for (const Cell& c : cells) {
    const v1::QualityReport& r = c.report;
    csv += CsvLine(
        {c.department->code(), page.Pick(c.department->title()),
         absl::StrFormat("%04d-%02d", year, c.month),
         absl::StrCat(r.requests_completed()), absl::StrCat(r.with_target()),
         absl::StrCat(r.on_time()),
         r.with_target() > 0 ? RateText(r.on_time_rate(), true) : "",
         absl::StrCat(r.satisfaction_count()),
         HasSatisfaction(r) ? absl::StrFormat("%.2f", r.mean_satisfaction())
                            : "",
         absl::StrCat(r.complaints_minor() + r.complaints_major()),
         absl::StrCat(r.follow_ups_due()), absl::StrCat(r.follow_ups_on_time()),
         absl::StrCat(r.reworks())});
  }
  return CsvResponse(csv, absl::StrCat("quality-", year, ".csv"));
}

std::optional<absl::Time> DayStart(const std::string& text,
                                   const absl::TimeZone& zone) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day)) return std::nullopt;
  return absl::FromCivil(day, zone);
}

Response Evaluate(Page& page, const std::vector<std::string>&) {
  if (!IsManager(page.session())) return NotAvailable(page);
  const Form& in = page.request().form;
  FormState form;
  form.active = true;
  form.values = in;
  const std::string subject = in.Get("subject");
  v1::CreateEvaluationRequest request;
  request.set_parent(page.session().site);
  request.set_request_id(page.FormRequestId());
  v1::Evaluation* e = request.mutable_evaluation();
  if (subject.size() > 1 && subject[0] == 's') {
    e->set_subject(
        absl::StrCat(page.session().site, "/staff/", subject.substr(1)));
  } else if (subject.size() > 1 && subject[0] == 'd') {
    e->set_subject(
        absl::StrCat(page.session().site, "/departments/", subject.substr(1)));
  } else {
    form.errors["subject"] = page.Tr("evaluations.subject.required");
  }
  const auto start = DayStart(in.Get("start"), page.zone());
  const auto end = DayStart(in.Get("end"), page.zone());
  if (!start) form.errors["start"] = page.Tr("evaluations.date.invalid");
  if (!end) form.errors["end"] = page.Tr("evaluations.date.invalid");
  int score = -1;
  if (!absl::SimpleAtoi(in.Get("score"), &score)) {
    form.errors["score"] = page.Tr("evaluations.score.required");
  }
  if (!form.errors.empty()) return QualityPage(page, form, 422, "");
  SetTimestamp(*start, e->mutable_start_time());
  // The last day counts whole.
  SetTimestamp(*end + absl::Hours(24), e->mutable_end_time());
  e->set_score(score);
  e->set_note(std::string(absl::StripAsciiWhitespace(in.Get("note"))));
  auto stub = v1::QualityService::NewStub(page.channel());
  v1::Evaluation made;
  grpc::Status status = page.Write([&](grpc::ClientContext* context) {
    return stub->CreateEvaluation(context, request, &made);
  });
  if (page.FieldError(status, EvaluationFields(), &form)) {
    return QualityPage(page, form, 422, "");
  }
  if (!status.ok()) return page.Failure(status);
  return page.Redirect(absl::StrCat("/m/quality?year=", YearOf(page),
                                    "&evaluated=1#evaluations"));
}

}  // namespace

void AddManagerQualityPages(App& app) {
  app.Get("/m/quality", Quality);
  app.Get("/m/quality.csv", QualityCsv);
  app.Post("/m/evaluations", Evaluate);
}

}  // namespace concierge::web
