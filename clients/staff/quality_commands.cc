// Quality at the service center: follow-ups, complaints, praise, reports and
// evaluations, suggestions, surveys, the annual review and the service plan.

#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "clients/common/catalog_view.h"
#include "clients/common/common_commands.h"
#include "clients/common/output.h"
#include "clients/common/paging.h"
#include "clients/common/quality_view.h"
#include "clients/staff/commands.h"
#include "concierge/v1/directory.grpc.pb.h"

namespace concierge::cli {
namespace {

using v1::QualityService;

std::unique_ptr<QualityService::Stub> Stub(Invocation& inv) {
  return QualityService::NewStub(inv.channel());
}

template <typename Message>
void PrintJsonList(const std::vector<Message>& messages) {
  std::vector<const google::protobuf::Message*> out;
  for (const auto& m : messages) out.push_back(&m);
  PrintJsonArray(out);
}

// A department given as a code (MAINTENANCE) or a resource name.
std::string DepartmentArg(Invocation& inv, const std::string& site,
                          const std::string& text, int* code) {
  *code = 0;
  if (text.find('/') != std::string::npos) return text;
  auto dir = v1::DirectoryService::NewStub(inv.channel());
  v1::ListDepartmentsRequest request;
  request.set_parent(site);
  v1::ListDepartmentsResponse response;
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return dir->ListDepartments(context.get(), request, &response);
  });
  if (!status.ok()) {
    *code = Fail(status);
    return "";
  }
  for (const auto& d : response.departments()) {
    if (absl::EqualsIgnoreCase(d.code(), text)) return d.name();
  }
  *code = UsageError(absl::StrCat("no department ", text));
  return "";
}

std::string Percent(double share) {
  return absl::StrFormat("%.1f%%", share * 100);
}

std::string Mean(double mean, int64_t count) {
  return count == 0 ? "-" : absl::StrFormat("%.2f", mean);
}

// --- follow-ups ------------------------------------------------------------

int FollowUps(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListDueFollowUpsRequest request;
  request.set_parent(site);
  if (auto d = inv.Option("department")) {
    request.set_department(DepartmentArg(inv, site, *d, &code));
    if (code) return code;
  }
  if (auto days = inv.Option("days")) {
    int n = 0;
    if (!absl::SimpleAtoi(*days, &n) || n < 0) {
      return UsageError("--days: a number of days ahead, e.g. 3");
    }
    SetTimestamp(absl::Now() + absl::Hours(24 * n),
                 request.mutable_due_before());
  }
  std::vector<v1::FollowUp> all;
  auto stub = Stub(inv);
  grpc::Status status =
      ForEachPage<v1::ListDueFollowUpsRequest, v1::ListDueFollowUpsResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListDueFollowUps(c, r, out);
          },
          [&](const v1::ListDueFollowUpsResponse& page) {
            all.insert(all.end(), page.follow_ups().begin(),
                       page.follow_ups().end());
            return true;
          });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJsonList(all);
    return 0;
  }
  std::cout << inv.Tr("拜回訪住戶記錄（待回訪）", "Follow-ups due") << "\n";
  Table table({"#", inv.Tr("到期", "Due"), inv.Tr("服務", "Service"),
               inv.Tr("住戶", "Resident"), inv.Tr("住址", "Unit"),
               inv.Tr("電話", "Phone"), inv.Tr("服務單", "Request")});
  for (const auto& f : all) {
    table.AddRow({ShortId(f.name()), FormatTime(f.due_time()),
                  inv.Tr(f.item_title().zh(), f.item_title().en()),
                  f.contact_name(), f.unit(), f.phone(), ShortId(f.request())});
  }
  table.Print();
  return 0;
}

// The follow-up register (拜回訪住戶記錄): what was recorded in a period.
int FollowUpRegister(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListFollowUpsRequest request;
  request.set_parent(site);
  if (int code = TimeOption(inv, "from",
                            [&] { return request.mutable_start_time(); })) {
    return code;
  }
  if (int code =
          TimeOption(inv, "to", [&] { return request.mutable_end_time(); })) {
    return code;
  }
  if (auto d = inv.Option("department")) {
    request.set_department(DepartmentArg(inv, site, *d, &code));
    if (code) return code;
  }
  if (auto item = inv.Option("item")) {
    request.set_item(ResolveItem(inv, site, *item, &code));
    if (code) return code;
  }
  if (auto m = inv.Option("method")) {
    v1::FollowUpMethod method;
    if (!v1::FollowUpMethod_Parse(
            "FOLLOW_UP_METHOD_" + absl::AsciiStrToUpper(*m), &method)) {
      return UsageError("--method: visit or phone");
    }
    request.set_method(method);
  }
  if (auto o = inv.Option("outcome")) {
    v1::FollowUpOutcome outcome;
    if (!v1::FollowUpOutcome_Parse(
            "FOLLOW_UP_OUTCOME_" + absl::AsciiStrToUpper(*o), &outcome)) {
      return UsageError(
          "--outcome: satisfied, neutral, dissatisfied or complained");
    }
    request.set_outcome(outcome);
  }
  std::vector<v1::FollowUp> all;
  v1::ListFollowUpsResponse last;
  auto stub = Stub(inv);
  grpc::Status status =
      ForEachPage<v1::ListFollowUpsRequest, v1::ListFollowUpsResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListFollowUps(c, r, out);
          },
          [&](const v1::ListFollowUpsResponse& page) {
            all.insert(all.end(), page.follow_ups().begin(),
                       page.follow_ups().end());
            last = page;
            return true;
          });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJsonList(all);
    return 0;
  }
  std::cout << inv.Tr("拜回訪住戶記錄", "Follow-up register") << "\n";
  Table table({"#", inv.Tr("回訪", "Recorded"), inv.Tr("方式", "Method"),
               inv.Tr("服務", "Service"), inv.Tr("住戶", "Resident"),
               inv.Tr("滿意度", "Satisf."), inv.Tr("結果", "Outcome"),
               inv.Tr("投訴", "Complaint"), inv.Tr("意見", "Comment")});
  for (const auto& f : all) {
    table.AddRow(
        {ShortId(f.name()), FormatTime(f.record_time()),
         f.method() == v1::FOLLOW_UP_METHOD_VISIT ? inv.Tr("上門", "visit")
                                                  : inv.Tr("電話", "phone"),
         inv.Tr(f.item_title().zh(), f.item_title().en()), f.contact_name(),
         absl::StrCat(f.satisfaction()),
         EnumLabel(v1::FollowUpOutcome_Name(f.outcome()), "FOLLOW_UP_OUTCOME_"),
         f.complaint().empty() ? "" : ShortId(f.complaint()), f.comment()});
  }
  table.Print();
  std::cout << inv.Tr("合計 ", "Total ") << last.total_count()
            << inv.Tr(" 次，平均滿意度 ", ", mean satisfaction ")
            << Mean(last.mean_satisfaction(), last.total_count())
            << inv.Tr("，投訴 ", ", complaints ") << last.complaints() << "\n";
  return 0;
}

int RecordFollowUp(Invocation& inv) {
  int code = 0;
  v1::RecordFollowUpRequest request;
  request.set_name(SiteChildArg(inv, "followups", inv.positional()[0], &code));
  if (code) return code;
  const std::string method = absl::AsciiStrToLower(inv.OptionOr("method", ""));
  if (method == "visit") {
    request.set_method(v1::FOLLOW_UP_METHOD_VISIT);
  } else if (method == "phone") {
    request.set_method(v1::FOLLOW_UP_METHOD_PHONE);
  } else {
    return UsageError("--method: visit or phone");
  }
  int satisfaction = 0;
  if (!absl::SimpleAtoi(inv.OptionOr("satisfaction", ""), &satisfaction)) {
    return UsageError("--satisfaction: 1 (very dissatisfied) to 5");
  }
  request.set_satisfaction(satisfaction);
  request.set_comment(inv.OptionOr("comment", ""));
  request.set_etag(inv.OptionOr("etag", ""));
  if (auto text = inv.Option("complaint")) {
    request.set_complained(true);
    auto* c = request.mutable_complaint();
    c->set_text(*text);
    auto category = ParseCategory(inv.OptionOr("category", "service_quality"));
    if (!category) return UsageError("--category: e.g. service_quality");
    c->set_category(*category);
    auto severity = ParseSeverity(inv.OptionOr("severity", "minor"));
    if (!severity) return UsageError("--severity: minor or major");
    c->set_severity(*severity);
  }
  v1::FollowUp out;
  auto stub = Stub(inv);
  grpc::Status status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return stub->RecordFollowUp(c, request, &out);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(out);
    return 0;
  }
  std::cout << ShortId(out.name()) << "  "
            << inv.Tr("已回訪，滿意度 ", "followed up, satisfaction ")
            << out.satisfaction() << "/5"
            << (out.on_time() ? "" : inv.Tr("（逾期）", " (late)")) << "\n";
  if (!out.complaint().empty()) {
    std::cout << inv.Tr("已登記投訴 ", "complaint recorded: ")
              << out.complaint() << "\n";
  }
  return 0;
}

// --- complaints ------------------------------------------------------------

int Complaints(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListComplaintsRequest request;
  request.set_parent(site);
  for (absl::string_view s :
       absl::StrSplit(inv.OptionOr("state", ""), ',', absl::SkipEmpty())) {
    v1::ComplaintState state;
    if (!v1::ComplaintState_Parse(
            "COMPLAINT_STATE_" + absl::AsciiStrToUpper(std::string(s)),
            &state)) {
      return UsageError("--state: open, in_handling, escalated, resolved");
    }
    request.add_states(state);
  }
  if (auto s = inv.Option("severity")) {
    auto severity = ParseSeverity(*s);
    if (!severity) return UsageError("--severity: minor or major");
    request.set_severity(*severity);
  }
  if (auto d = inv.Option("department")) {
    request.set_department(DepartmentArg(inv, site, *d, &code));
    if (code) return code;
  }
  std::vector<v1::Complaint> all;
  auto stub = Stub(inv);
  grpc::Status status =
      ForEachPage<v1::ListComplaintsRequest, v1::ListComplaintsResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListComplaints(c, r, out);
          },
          [&](const v1::ListComplaintsResponse& page) {
            all.insert(all.end(), page.complaints().begin(),
                       page.complaints().end());
            return true;
          });
  if (!status.ok()) return Fail(status);
  PrintComplaintTable(inv, all);
  return 0;
}

// Reads the complaint (for its etag unless --etag is given).
grpc::Status GetComplaint(Invocation& inv, const std::string& name,
                          v1::Complaint* out) {
  v1::GetComplaintRequest request;
  request.set_name(name);
  auto stub = Stub(inv);
  return RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->GetComplaint(context.get(), request, out);
  });
}

int ShowComplaint(Invocation& inv) {
  int code = 0;
  const std::string name =
      SiteChildArg(inv, "complaints", inv.positional()[0], &code);
  if (code) return code;
  v1::Complaint c;
  grpc::Status status = GetComplaint(inv, name, &c);
  if (!status.ok()) return Fail(status);
  PrintComplaint(inv, c);
  return 0;
}

int CreateComplaint(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::CreateComplaintRequest request;
  request.set_parent(site);
  request.set_request_id(NewRequestId());
  auto* c = request.mutable_complaint();
  if (auto r = inv.Option("request")) {
    c->set_request(QualifiedName(site, "requests", *r));
  }
  if (auto h = inv.Option("household")) {
    c->set_household(QualifiedName(site, "households", *h));
  }
  if (auto d = inv.Option("department")) {
    c->set_department(DepartmentArg(inv, site, *d, &code));
    if (code) return code;
  }
  if (auto s = inv.Option("staff")) {
    c->set_staff(QualifiedName(site, "staff", *s));
  }
  auto category = ParseCategory(inv.OptionOr("category", ""));
  if (!category) {
    return UsageError(
        "--category: service_quality, timeliness, staff_conduct, charges, "
        "disturbance, privacy, other");
  }
  c->set_category(*category);
  auto severity = ParseSeverity(inv.OptionOr("severity", "minor"));
  if (!severity) return UsageError("--severity: minor or major");
  c->set_severity(*severity);
  c->set_text(inv.OptionOr("text", ""));
  v1::Complaint out;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->CreateComplaint(context.get(), request, &out);
  });
  if (!status.ok()) return Fail(status);
  PrintComplaint(inv, out);
  return 0;
}

// update (note or --handle), escalate, resolve: one complaint, one move.
int MoveComplaint(Invocation& inv, v1::ComplaintAction action) {
  int code = 0;
  v1::UpdateComplaintRequest request;
  request.set_name(SiteChildArg(inv, "complaints", inv.positional()[0], &code));
  if (code) return code;
  request.set_action(action);
  request.set_note(inv.OptionOr(
      action == v1::COMPLAINT_ACTION_ESCALATE ? "reason" : "note", ""));
  request.set_resolution(inv.OptionOr("resolution", ""));
  if (auto etag = inv.Option("etag")) {
    request.set_etag(*etag);
  } else {
    v1::Complaint current;
    grpc::Status status = GetComplaint(inv, request.name(), &current);
    if (!status.ok()) return Fail(status);
    request.set_etag(current.etag());
  }
  v1::Complaint out;
  auto stub = Stub(inv);
  grpc::Status status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return stub->UpdateComplaint(c, request, &out);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(out);
    return 0;
  }
  std::cout << ShortId(out.name()) << "  "
            << ComplaintStateLabel(inv, out.state()) << "\n";
  return 0;
}

// --- praise ----------------------------------------------------------------

int Praise(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::RecordPraiseRequest request;
  request.set_parent(site);
  request.set_request_id(NewRequestId());
  auto* p = request.mutable_praise();
  if (auto staff = inv.Option("staff")) {
    p->set_staff(QualifiedName(site, "staff", *staff));
  } else if (!inv.Option("room-action")) {
    return UsageError("--staff: whom the praise is for (or --room-action)");
  }
  if (auto action = inv.Option("room-action")) {
    p->set_room_action(QualifiedName(site, "roomActions", *action));
  }
  v1::PraiseSource source;
  if (!v1::PraiseSource_Parse(
          "PRAISE_SOURCE_" + absl::AsciiStrToUpper(absl::StrReplaceAll(
                                 inv.OptionOr("source", ""), {{"-", "_"}})),
          &source) ||
      source == v1::PRAISE_SOURCE_UNSPECIFIED) {
    return UsageError(
        "--source: resident-letter, guest-letter, survey, work-log-check, "
        "team-review");
  }
  p->set_source(source);
  p->set_text(inv.OptionOr("text", ""));
  p->set_praised_by(inv.OptionOr("from", ""));
  if (auto r = inv.Option("request")) {
    p->set_request(QualifiedName(site, "requests", *r));
  }
  p->set_subject(inv.OptionOr("subject", ""));
  if (int code = TimeOption(inv, "received",
                            [&] { return p->mutable_receive_time(); })) {
    return code;
  }
  v1::Praise out;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->RecordPraise(context.get(), request, &out);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(out);
    return 0;
  }
  std::cout << inv.Tr("已記錄表揚 ", "praise recorded: ") << out.name()
            << inv.Tr("，員工 ", " for ") << out.staff();
  if (!out.room_action().empty()) {
    std::cout << inv.Tr("，行動 ", ", action ") << out.room_action();
  }
  std::cout << "\n";
  return 0;
}

int PraiseList(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListPraiseRequest request;
  request.set_parent(site);
  if (auto s = inv.Option("staff")) {
    request.set_staff(QualifiedName(site, "staff", *s));
  }
  if (auto d = inv.Option("department")) {
    request.set_department(DepartmentArg(inv, site, *d, &code));
    if (code) return code;
  }
  std::vector<v1::Praise> all;
  auto stub = Stub(inv);
  grpc::Status status =
      ForEachPage<v1::ListPraiseRequest, v1::ListPraiseResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListPraise(c, r, out);
          },
          [&](const v1::ListPraiseResponse& page) {
            all.insert(all.end(), page.praise().begin(), page.praise().end());
            return true;
          });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJsonList(all);
    return 0;
  }
  Table table({inv.Tr("日期", "Date"), inv.Tr("員工", "Staff"),
               inv.Tr("來源", "Source"), inv.Tr("表揚", "Praise"),
               inv.Tr("來自", "From")});
  for (const auto& p : all) {
    table.AddRow(
        {FormatTime(p.receive_time()), ShortId(p.staff()),
         EnumLabel(v1::PraiseSource_Name(p.source()), "PRAISE_SOURCE_"),
         p.text(), p.praised_by()});
  }
  table.Print();
  return 0;
}

// --- reports and evaluations -----------------------------------------------

// --staff / --department / (site) as a subject name.
std::string SubjectArg(Invocation& inv, const std::string& site, int* code) {
  *code = 0;
  if (auto s = inv.Option("staff")) return QualifiedName(site, "staff", *s);
  if (auto d = inv.Option("department"))
    return DepartmentArg(inv, site, *d, code);
  return site;
}

// --from/--to, default the last 30 days.
int PeriodOptions(Invocation& inv, google::protobuf::Timestamp* start,
                  google::protobuf::Timestamp* end) {
  SetTimestamp(absl::Now() - absl::Hours(24 * 30), start);
  SetTimestamp(absl::Now(), end);
  if (int code = TimeOption(inv, "from", [&] { return start; })) return code;
  return TimeOption(inv, "to", [&] { return end; });
}

void PrintReport(const Invocation& inv, const v1::QualityReport& r) {
  Details d;
  d.Add(inv.Tr("對象", "Subject"), r.subject());
  d.Add(inv.Tr("期間", "Period"),
        FormatTime(r.start_time()) + " - " + FormatTime(r.end_time()));
  d.Add(inv.Tr("完成服務", "Requests completed"),
        absl::StrCat(r.requests_completed()));
  d.Add(inv.Tr("按時完成率", "On time"),
        absl::StrCat(Percent(r.on_time_rate()), " (", r.on_time(), "/",
                     r.with_target(), ")"));
  d.Add(inv.Tr("平均滿意度", "Mean satisfaction"),
        absl::StrCat(Mean(r.mean_satisfaction(), r.satisfaction_count()), " (",
                     r.satisfaction_count(), inv.Tr(" 次回訪", " follow-ups"),
                     ")"));
  d.Add(inv.Tr("投訴（一般/重大）", "Complaints (minor/major)"),
        absl::StrCat(r.complaints_minor(), "/", r.complaints_major()));
  d.Add(inv.Tr("表揚", "Praise"), absl::StrCat(r.praise()));
  d.Add(inv.Tr("按時回訪率", "Follow-up coverage"),
        absl::StrCat(Percent(r.follow_up_coverage()), " (",
                     r.follow_ups_on_time(), "/", r.follow_ups_due(), ")"));
  d.Add(inv.Tr("返工（驗收不通過）", "Reworks (sign-off declined)"),
        absl::StrCat(r.reworks()));
  if (r.has_hotel()) {  // a hotel's personalised service
    const v1::HotelFigures& h = r.hotel();
    d.Add(inv.Tr("個性化服務（建議/完成/略過/過期）",
                 "Personalised actions (suggested/done/skipped/expired)"),
          absl::StrCat(h.actions_suggested(), "/", h.actions_done(), "/",
                       h.actions_skipped(), "/", h.actions_expired()));
    d.Add(inv.Tr("審批（次數，平均等候）", "Approvals (count, mean wait)"),
          absl::StrFormat("%d, %.0f min", h.approvals(),
                          h.mean_approval_minutes()));
    d.Add(inv.Tr("贈品及用品支出", "Gift and amenity spend"),
          FormatMoney(h.gift_spend()));
    d.Add(inv.Tr("向住客銷售", "Sales to stays"), FormatMoney(h.sales()));
  }
  d.Print();
}

int Report(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::GetQualityReportRequest request;
  request.set_subject(SubjectArg(inv, site, &code));
  if (code) return code;
  if (int code = PeriodOptions(inv, request.mutable_start_time(),
                               request.mutable_end_time())) {
    return code;
  }
  v1::QualityReport report;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->GetQualityReport(context.get(), request, &report);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(report);
    return 0;
  }
  PrintReport(inv, report);
  return 0;
}

int Evaluate(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  if (!inv.Option("staff") && !inv.Option("department")) {
    return UsageError("--staff or --department: whom you evaluate");
  }
  v1::CreateEvaluationRequest request;
  request.set_parent(site);
  request.set_request_id(NewRequestId());
  auto* e = request.mutable_evaluation();
  e->set_subject(SubjectArg(inv, site, &code));
  if (code) return code;
  if (int code =
          PeriodOptions(inv, e->mutable_start_time(), e->mutable_end_time())) {
    return code;
  }
  int score = 0;
  if (!absl::SimpleAtoi(inv.OptionOr("score", ""), &score)) {
    return UsageError("--score: 0..100");
  }
  e->set_score(score);
  e->set_note(inv.OptionOr("note", ""));
  v1::Evaluation out;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->CreateEvaluation(context.get(), request, &out);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(out);
    return 0;
  }
  std::cout << inv.Tr("考評 ", "Evaluation ") << out.name() << ": "
            << out.score() << "/100\n"
            << inv.Tr("依據：", "Based on:") << "\n";
  PrintReport(inv, out.report());
  return 0;
}

int Evaluations(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListEvaluationsRequest request;
  request.set_parent(site);
  if (inv.Option("staff") || inv.Option("department")) {
    request.set_subject(SubjectArg(inv, site, &code));
    if (code) return code;
  }
  std::vector<v1::Evaluation> all;
  auto stub = Stub(inv);
  grpc::Status status =
      ForEachPage<v1::ListEvaluationsRequest, v1::ListEvaluationsResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListEvaluations(c, r, out);
          },
          [&](const v1::ListEvaluationsResponse& page) {
            all.insert(all.end(), page.evaluations().begin(),
                       page.evaluations().end());
            return true;
          });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJsonList(all);
    return 0;
  }
  Table table({"#", inv.Tr("對象", "Subject"), inv.Tr("期間", "Period"),
               inv.Tr("分數", "Score"), inv.Tr("按時率", "On time"),
               inv.Tr("滿意度", "Satisfaction"), inv.Tr("備註", "Note")});
  for (const auto& e : all) {
    table.AddRow(
        {ShortId(e.name()), e.subject(),
         FormatTime(e.start_time()) + " - " + FormatTime(e.end_time()),
         absl::StrCat(e.score()), Percent(e.report().on_time_rate()),
         Mean(e.report().mean_satisfaction(), e.report().satisfaction_count()),
         e.note()});
  }
  table.Print();
  return 0;
}

// --- suggestions -----------------------------------------------------------

int Suggestions(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListSuggestionsRequest request;
  request.set_parent(site);
  for (absl::string_view s :
       absl::StrSplit(inv.OptionOr("state", ""), ',', absl::SkipEmpty())) {
    v1::SuggestionState state;
    if (!v1::SuggestionState_Parse(
            "SUGGESTION_STATE_" + absl::AsciiStrToUpper(std::string(s)),
            &state)) {
      return UsageError("--state: submitted, accepted, declined, adopted");
    }
    request.add_states(state);
  }
  std::vector<v1::Suggestion> all;
  auto stub = Stub(inv);
  grpc::Status status =
      ForEachPage<v1::ListSuggestionsRequest, v1::ListSuggestionsResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListSuggestions(c, r, out);
          },
          [&](const v1::ListSuggestionsResponse& page) {
            all.insert(all.end(), page.suggestions().begin(),
                       page.suggestions().end());
            return true;
          });
  if (!status.ok()) return Fail(status);
  PrintSuggestionTable(inv, all);
  return 0;
}

int Triage(Invocation& inv, v1::TriageDecision decision) {
  int code = 0;
  v1::TriageSuggestionRequest request;
  request.set_name(
      SiteChildArg(inv, "suggestions", inv.positional()[0], &code));
  if (code) return code;
  request.set_decision(decision);
  request.set_reason(inv.OptionOr("reason", ""));
  request.set_etag(inv.OptionOr("etag", ""));
  v1::Suggestion out;
  auto stub = Stub(inv);
  grpc::Status status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return stub->TriageSuggestion(c, request, &out);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(out);
    return 0;
  }
  std::cout << ShortId(out.name()) << "  "
            << SuggestionStateLabel(inv, out.state()) << "\n";
  return 0;
}

// --- surveys ---------------------------------------------------------------

// "scale:總體滿意度|Overall satisfaction;text:意見|Comments@HOSPITALS_INFO"
int ParseQuestions(Invocation& inv, const std::string& site,
                   const std::string& text, v1::Survey* survey) {
  for (absl::string_view entry : absl::StrSplit(text, ';', absl::SkipEmpty())) {
    const size_t colon = entry.find(':');
    const size_t bar = entry.find('|');
    if (colon == absl::string_view::npos || bar == absl::string_view::npos ||
        bar < colon) {
      return UsageError(
          "--questions: kind:中文|English[@ITEM];... e.g. "
          "\"scale:總體滿意度|Overall satisfaction;text:意見|Comments\"");
    }
    auto* q = survey->add_questions();
    const std::string kind = absl::AsciiStrToLower(entry.substr(0, colon));
    if (kind == "scale") {
      q->set_kind(v1::QUESTION_KIND_SCALE);
    } else if (kind == "text") {
      q->set_kind(v1::QUESTION_KIND_TEXT);
    } else {
      return UsageError("--questions: a question's kind is scale or text");
    }
    absl::string_view english = entry.substr(bar + 1);
    if (const size_t at = english.find('@'); at != absl::string_view::npos) {
      int code = 0;
      q->set_item(
          ResolveItem(inv, site, std::string(english.substr(at + 1)), &code));
      if (code) return code;
      english = english.substr(0, at);
    }
    q->mutable_text()->set_zh(
        std::string(entry.substr(colon + 1, bar - colon - 1)));
    q->mutable_text()->set_en(std::string(english));
  }
  return 0;
}

int CreateSurvey(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::CreateSurveyRequest request;
  request.set_parent(site);
  request.set_request_id(NewRequestId());
  auto* s = request.mutable_survey();
  s->mutable_title()->set_zh(inv.OptionOr("zh", ""));
  s->mutable_title()->set_en(inv.OptionOr("en", ""));
  if (int code = ParseQuestions(inv, site, inv.OptionOr("questions", ""), s)) {
    return code;
  }
  SetTimestamp(absl::Now(), s->mutable_open_time());
  if (int code =
          TimeOption(inv, "open", [&] { return s->mutable_open_time(); })) {
    return code;
  }
  if (int code =
          TimeOption(inv, "close", [&] { return s->mutable_close_time(); })) {
    return code;
  }
  v1::Survey out;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->CreateSurvey(context.get(), request, &out);
  });
  if (!status.ok()) return Fail(status);
  PrintSurvey(inv, out);
  return 0;
}

int Surveys(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListSurveysRequest request;
  request.set_parent(site);
  request.set_open_only(inv.Flag("open"));
  std::vector<v1::Survey> all;
  auto stub = Stub(inv);
  grpc::Status status =
      ForEachPage<v1::ListSurveysRequest, v1::ListSurveysResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListSurveys(c, r, out);
          },
          [&](const v1::ListSurveysResponse& page) {
            all.insert(all.end(), page.surveys().begin(), page.surveys().end());
            return true;
          });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJsonList(all);
    return 0;
  }
  for (const auto& s : all) PrintSurvey(inv, s);
  return 0;
}

int SurveyResults(Invocation& inv) {
  int code = 0;
  v1::GetSurveyResultsRequest request;
  request.set_survey(SiteChildArg(inv, "surveys", inv.positional()[0], &code));
  if (code) return code;
  v1::SurveyResults results;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->GetSurveyResults(context.get(), request, &results);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(results);
    return 0;
  }
  std::cout << inv.Tr("住戶滿意率調查結果 ", "Survey results ")
            << results.survey() << "\n"
            << inv.Tr("回覆率：", "Response rate: ")
            << Percent(results.response_rate()) << " ("
            << results.responding_households() << "/" << results.households()
            << ")\n";
  Table table({"#", inv.Tr("問題", "Question"), inv.Tr("回答", "Answers"),
               inv.Tr("平均", "Mean"), "1/2/3/4/5"});
  for (const auto& q : results.questions()) {
    const bool scale = q.kind() == v1::QUESTION_KIND_SCALE;
    table.AddRow({absl::StrCat(q.question()),
                  inv.Tr(q.text().zh(), q.text().en()),
                  absl::StrCat(q.answers()),
                  scale ? Mean(q.mean_score(), q.answers()) : "",
                  scale ? absl::StrJoin(q.score_counts(), "/") : ""});
  }
  table.Print();
  for (const auto& q : results.questions()) {
    if (q.texts_size() == 0) continue;
    std::cout << "\n"
              << q.question() << ". " << inv.Tr(q.text().zh(), q.text().en())
              << "\n";
    for (const auto& t : q.texts()) std::cout << "  - " << t << "\n";
  }
  return 0;
}

// --- the annual review and plan --------------------------------------------

std::string VerdictLabel(const Invocation& inv, v1::MarginVerdict v) {
  switch (v) {
    case v1::MARGIN_VERDICT_FREE_SERVICE:
      return inv.Tr("無償", "free");
    case v1::MARGIN_VERDICT_NO_DATA:
      return "-";
    case v1::MARGIN_VERDICT_BELOW_COST:
      return inv.Tr("低於成本!", "BELOW COST");
    case v1::MARGIN_VERDICT_SMALL_PROFIT:
      return inv.Tr("保本微利", "small profit");
    case v1::MARGIN_VERDICT_FAR_ABOVE_COST:
      return inv.Tr("遠高於成本!", "FAR ABOVE COST");
    default:
      return "?";
  }
}

int Review(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  int year = 0;
  if (!absl::SimpleAtoi(inv.positional()[0], &year)) {
    return UsageError("review <year>, e.g. review 2025");
  }
  v1::GetAnnualReviewRequest request;
  request.set_site(site);
  request.set_year(year);
  v1::AnnualReview review;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->GetAnnualReview(context.get(), request, &review);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(review);
    return 0;
  }
  const bool used_only = inv.Flag("used");
  std::cout << year
            << inv.Tr(" 年度個性化服務項目評審", " annual service review")
            << "\n";
  Table table({inv.Tr("代碼", "Code"), inv.Tr("服務", "Service"),
               inv.Tr("登記", "Requests"),
               inv.Tr("查詢/調查", "Lookups/surveys"),
               inv.Tr("收入", "Revenue"), inv.Tr("成本", "Cost"),
               inv.Tr("毛利", "Margin"), inv.Tr("評價", "Verdict"),
               inv.Tr("滿意度", "Satisf."), inv.Tr("投訴", "Compl."),
               inv.Tr("提示", "Flag")});
  for (const auto& i : review.items()) {
    if (used_only && i.necessity_check()) continue;
    table.AddRow({i.code(), inv.Tr(i.title().zh(), i.title().en()),
                  absl::StrCat(i.requests()),
                  absl::StrCat(i.lookups() + i.survey_responses()),
                  FormatMoney(i.revenue()), FormatMoney(i.cost()),
                  FormatMoney(i.margin()), VerdictLabel(inv, i.verdict()),
                  Mean(i.mean_satisfaction(), i.satisfaction_count()),
                  absl::StrCat(i.complaints()),
                  i.necessity_check()
                      ? inv.Tr("無人使用，檢討必要性", "unused: necessity?")
                      : ""});
  }
  table.Print();
  std::cout << inv.Tr("合計收入 ", "Total revenue ")
            << FormatMoney(review.total_revenue())
            << inv.Tr("，成本 ", ", cost ") << FormatMoney(review.total_cost())
            << "\n";
  const auto& reg = review.follow_up_register();
  std::cout << inv.Tr("拜回訪住戶記錄：", "Follow-up register: ")
            << reg.recorded() << inv.Tr(" 次（上門 ", " recorded (")
            << reg.by_visit() << inv.Tr("，電話 ", " visits, ")
            << reg.by_phone()
            << inv.Tr("），平均滿意度 ", " calls), mean satisfaction ")
            << Mean(reg.mean_satisfaction(), reg.recorded())
            << inv.Tr("；滿意 ", "; satisfied ") << reg.satisfied()
            << inv.Tr("，一般 ", ", neutral ") << reg.neutral()
            << inv.Tr("，不滿意 ", ", dissatisfied ") << reg.dissatisfied()
            << inv.Tr("，投訴 ", ", complained ") << reg.complained()
            << inv.Tr("；逾期未回訪 ", "; overdue, not recorded ")
            << reg.pending_overdue() << "\n"
            << inv.Tr("明細：followup register --from ",
                      "Details: followup register --from ")
            << year << "-01-01 --to " << year + 1 << "-01-01\n";
  for (const auto& i : review.items()) {
    for (const auto& s : i.suggestions()) {
      std::cout << i.code() << inv.Tr(" 建議：", " suggestion: ") << s << "\n";
    }
    for (const auto& s : i.survey_comments()) {
      std::cout << i.code() << inv.Tr(" 調查意見：", " survey comment: ") << s
                << "\n";
    }
  }
  if (review.open_suggestions_size() > 0) {
    std::cout << "\n"
              << inv.Tr("已採納、待列入計劃的建議：",
                        "Accepted suggestions for the plan:")
              << "\n";
    PrintSuggestionTable(inv, {review.open_suggestions().begin(),
                               review.open_suggestions().end()});
  }
  return 0;
}

// "CODE=60.00@2027-01-01"
int ParsePrice(const std::string& text, v1::PlanEntry* e) {
  const size_t at = text.find('@');
  int64_t minor = 0;
  absl::Time when;
  if (at == std::string::npos || !ParseAmount(text.substr(0, at), &minor) ||
      !ParseTimeArg(text.substr(at + 1), &when)) {
    return UsageError("a price is AMOUNT@DATE, e.g. 60.00@2027-01-01");
  }
  e->mutable_price()->set_minor_units(minor);
  SetTimestamp(when, e->mutable_effective_time());
  return 0;
}

int CreatePlan(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::CreateServicePlanRequest request;
  request.set_parent(site);
  request.set_request_id(NewRequestId());
  v1::ServicePlan* plan = request.mutable_plan();
  if (auto file = inv.Option("file")) {
    std::ifstream in(*file);
    std::stringstream buffer;
    buffer << in.rdbuf();
    if (!in ||
        !google::protobuf::util::JsonStringToMessage(buffer.str(), plan).ok()) {
      return UsageError("--file: a ServicePlan in JSON (see quality.proto)");
    }
  }
  if (auto y = inv.Option("year")) {
    int year = 0;
    if (!absl::SimpleAtoi(*y, &year)) return UsageError("--year: e.g. 2027");
    plan->set_year(year);
  }
  if (auto v = inv.Option("zh")) plan->mutable_title()->set_zh(*v);
  if (auto v = inv.Option("en")) plan->mutable_title()->set_en(*v);
  if (auto v = inv.Option("note")) plan->set_note(*v);
  auto item = [&](const std::string& text) {
    return ResolveItem(inv, site, text, &code);
  };
  for (const std::string& words :
       {std::string("keep"), std::string("retire")}) {
    for (absl::string_view c :
         absl::StrSplit(inv.OptionOr(words, ""), ',', absl::SkipEmpty())) {
      auto* e = plan->add_entries();
      e->set_action(words == "keep" ? v1::PLAN_ACTION_KEEP
                                    : v1::PLAN_ACTION_RETIRE);
      e->set_item(item(std::string(c)));
      if (code) return code;
    }
  }
  for (absl::string_view r :
       absl::StrSplit(inv.OptionOr("reprice", ""), ',', absl::SkipEmpty())) {
    const size_t eq = r.find('=');
    if (eq == absl::string_view::npos) {
      return UsageError(
          "--reprice: CODE=AMOUNT@DATE,... e.g. TAP_REPAIR=60.00@2027-01-01");
    }
    auto* e = plan->add_entries();
    e->set_action(v1::PLAN_ACTION_REPRICE);
    e->set_item(item(std::string(r.substr(0, eq))));
    if (code) return code;
    if (int c = ParsePrice(std::string(r.substr(eq + 1)), e)) return c;
  }
  // "<suggestion#>:<CODE>:<fee>:<DEPARTMENT>:<中文>:<English>[:<AMOUNT@DATE>]"
  for (absl::string_view a :
       absl::StrSplit(inv.OptionOr("add", ""), ';', absl::SkipEmpty())) {
    const std::vector<std::string> f = absl::StrSplit(a, ':');
    if (f.size() != 6 && f.size() != 7) {
      return UsageError(
          "--add: SUGGESTION#:CODE:FEE:DEPARTMENT:中文:English[:AMOUNT@DATE]; "
          "e.g. \"3:BIKE_REPAIR:free:MAINTENANCE:單車維修:Bicycle repair\"");
    }
    auto* e = plan->add_entries();
    e->set_action(v1::PLAN_ACTION_ADD);
    e->set_suggestion(QualifiedName(site, "suggestions", f[0]));
    auto* n = e->mutable_new_item();
    n->set_code(absl::AsciiStrToUpper(f[1]));
    v1::FeeKind fee;
    if (!v1::FeeKind_Parse("FEE_KIND_" + absl::AsciiStrToUpper(f[2]), &fee)) {
      return UsageError("--add: the fee is free, fixed or quoted");
    }
    n->set_fee_kind(fee);
    n->set_department(DepartmentArg(inv, site, f[3], &code));
    if (code) return code;
    n->mutable_title()->set_zh(f[4]);
    n->mutable_title()->set_en(f[5]);
    n->set_category(v1::ITEM_CATEGORY_ON_SITE);
    n->set_fulfilment(v1::FULFILMENT_SCHEDULED);
    if (f.size() == 7) {
      if (int c = ParsePrice(f[6], e)) return c;
    }
  }
  v1::ServicePlan out;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->CreateServicePlan(context.get(), request, &out);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(out);
    return 0;
  }
  std::cout << inv.Tr("服務計劃 ", "Service plan ") << out.name() << " ("
            << out.year() << ", "
            << EnumLabel(v1::PlanState_Name(out.state()), "PLAN_STATE_") << ", "
            << out.entries_size() << inv.Tr(" 項)", " entries)") << "\n";
  return 0;
}

void PrintPlan(const Invocation& inv, const v1::ServicePlan& p) {
  Details d;
  d.Add(inv.Tr("計劃", "Plan"), p.name());
  d.Add(inv.Tr("年度", "Year"), absl::StrCat(p.year()));
  d.Add(inv.Tr("標題", "Title"), inv.Tr(p.title().zh(), p.title().en()));
  d.Add(inv.Tr("狀態", "State"),
        EnumLabel(v1::PlanState_Name(p.state()), "PLAN_STATE_"));
  if (!p.announcement().empty()) {
    d.Add(inv.Tr("公告（待發布）", "Announcement (to publish)"),
          p.announcement());
  }
  d.Add("etag", p.etag());
  d.Print();
  Table table({inv.Tr("動作", "Action"), inv.Tr("項目", "Item"),
               inv.Tr("價格", "Price"), inv.Tr("生效", "Effective"),
               inv.Tr("備註", "Note")});
  for (const auto& e : p.entries()) {
    std::string item = e.item().empty() ? "" : ShortId(e.item());
    if (e.has_new_item()) {
      item = absl::StrCat(e.new_item().code(), item.empty() ? "" : " #", item);
    }
    table.AddRow({EnumLabel(v1::PlanAction_Name(e.action()), "PLAN_ACTION_"),
                  item, e.has_price() ? FormatMoney(e.price()) : "",
                  FormatTime(e.effective_time()), e.note()});
  }
  table.Print();
}

int ShowPlan(Invocation& inv) {
  int code = 0;
  v1::GetServicePlanRequest request;
  request.set_name(SiteChildArg(inv, "plans", inv.positional()[0], &code));
  if (code) return code;
  v1::ServicePlan plan;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->GetServicePlan(context.get(), request, &plan);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(plan);
    return 0;
  }
  PrintPlan(inv, plan);
  return 0;
}

// The site's service plans (ListServicePlans), newest first as the server
// gives them.
int ListPlans(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListServicePlansRequest request;
  request.set_parent(site);
  std::vector<v1::ServicePlan> all;
  auto stub = Stub(inv);
  grpc::Status status =
      ForEachPage<v1::ListServicePlansRequest, v1::ListServicePlansResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListServicePlans(c, r, out);
          },
          [&](const v1::ListServicePlansResponse& page) {
            all.insert(all.end(), page.plans().begin(), page.plans().end());
            return true;
          });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJsonList(all);
    return 0;
  }
  Table table({"#", inv.Tr("年度", "Year"), inv.Tr("標題", "Title"),
               inv.Tr("狀態", "State"), inv.Tr("項數", "Lines")});
  for (const auto& p : all) {
    table.AddRow({ShortId(p.name()), absl::StrCat(p.year()),
                  inv.Tr(p.title().zh(), p.title().en()),
                  EnumLabel(v1::PlanState_Name(p.state()), "PLAN_STATE_"),
                  absl::StrCat(p.entries_size())});
  }
  table.Print();
  return 0;
}

int ApprovePlan(Invocation& inv) {
  int code = 0;
  v1::ApproveServicePlanRequest request;
  request.set_name(SiteChildArg(inv, "plans", inv.positional()[0], &code));
  if (code) return code;
  request.set_etag(inv.OptionOr("etag", ""));
  v1::ServicePlan plan;
  auto stub = Stub(inv);
  grpc::Status status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return stub->ApproveServicePlan(c, request, &plan);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(plan);
    return 0;
  }
  PrintPlan(inv, plan);
  if (!plan.announcement().empty()) {
    std::cout << inv.Tr("請發布公告後新項目和價格方生效：announce publish ",
                        "Publish the announcement so the new items and prices "
                        "take effect: announce publish ")
              << ShortId(plan.announcement()) << " --channels mailbox,poster\n";
  }
  return 0;
}

const OptionSpec kSite{"site", "site id or name (default: your own)"};

Command One(std::string path, std::string usage, std::string summary,
            std::vector<OptionSpec> options,
            std::function<int(Invocation&)> run) {
  options.push_back(kSite);
  return Command{.path = std::move(path),
                 .positional_usage = std::move(usage),
                 .summary = std::move(summary),
                 .options = std::move(options),
                 .run = std::move(run),
                 .min_positional = 1,
                 .max_positional = 1};
}

}  // namespace

std::vector<Command> QualityCommands() {
  return {
      {.path = "followups",
       .summary = "follow-ups due (拜回訪), your department's by default",
       .options = {kSite,
                   {"department", "department code"},
                   {"days", "also those due within this many days"}},
       .run = FollowUps},
      {.path = "followup register",
       .summary = "the follow-up register (拜回訪住戶記錄): what was recorded",
       .options = {kSite,
                   {"from", "recorded from, e.g. 2026-01-01"},
                   {"to", "recorded before"},
                   {"department", "department code"},
                   {"item", "item code or id"},
                   {"method", "visit or phone"},
                   {"outcome",
                    "satisfied, neutral, dissatisfied or complained"}},
       .run = FollowUpRegister},
      One("followup record", "<#>", "record a follow-up visit or call",
          {{"method", "visit or phone", false, true},
           {"satisfaction", "1 (very dissatisfied) to 5", false, true},
           {"comment", "what the resident said"},
           {"complaint", "the resident complained: their words"},
           {"category", "complaint category (default service_quality)"},
           {"severity", "minor (default) or major"},
           {"etag", "only if still this version"}},
          RecordFollowUp),
      {.path = "complaints",
       .summary = "complaints of the site",
       .options = {kSite,
                   {"state", "e.g. open,in_handling,escalated"},
                   {"severity", "minor or major"},
                   {"department", "department code"}},
       .run = Complaints},
      One("complaint show", "<#>", "one complaint with its history", {},
          ShowComplaint),
      {.path = "complaint create",
       .summary = "record a complaint on a resident's behalf",
       .options = {kSite,
                   {"request", "request #"},
                   {"household", "household # (without a request)"},
                   {"category",
                    "service_quality, timeliness, staff_conduct, "
                    "charges, disturbance, privacy, other",
                    false, true},
                   {"severity", "minor (default) or major"},
                   {"text", "what the resident said", false, true},
                   {"department", "department code (default: the request's)"},
                   {"staff", "staff # concerned (default: the assignee)"}},
       .run = CreateComplaint},
      One("complaint update", "<#>", "take a complaint in hand or add a note",
          {{"handle", "take it in hand (OPEN -> IN_HANDLING)", true},
           {"note", "note for the history"},
           {"etag", "only if still this version"}},
          [](Invocation& inv) {
            return MoveComplaint(inv, inv.Flag("handle")
                                          ? v1::COMPLAINT_ACTION_HANDLE
                                          : v1::COMPLAINT_ACTION_UNSPECIFIED);
          }),
      One("complaint escalate", "<#>", "report a complaint to the manager",
          {{"reason", "why you cannot settle it", false, true},
           {"etag", "only if still this version"}},
          [](Invocation& inv) {
            return MoveComplaint(inv, v1::COMPLAINT_ACTION_ESCALATE);
          }),
      One("complaint resolve", "<#>", "settle a complaint",
          {{"resolution", "what was done (the resident reads it)", false, true},
           {"note", "internal note"},
           {"etag", "only if still this version"}},
          [](Invocation& inv) {
            return MoveComplaint(inv, v1::COMPLAINT_ACTION_RESOLVE);
          }),
      {.path = "praise",
       .summary = "record praise for a staff member",
       .options = {kSite,
                   {"staff",
                    "staff # (default with --room-action: who "
                    "proposed or asked for it)"},
                   {"room-action", "the hotel room action praised, #id"},
                   {"source",
                    "resident-letter, guest-letter, survey, "
                    "work-log-check, team-review",
                    false, true},
                   {"text", "what was praised", false, true},
                   {"from", "who praised"},
                   {"request", "request #"},
                   {"subject", "another resource, e.g. guests/12"},
                   {"received", "when it arrived (default now)"}},
       .run = Praise},
      {.path = "praise list",
       .summary = "praise received",
       .options = {kSite,
                   {"staff", "staff #"},
                   {"department", "department code"}},
       .run = PraiseList},
      {.path = "report",
       .summary = "quality figures of the site, a department or a staff member",
       .options = {kSite,
                   {"department", "department code"},
                   {"staff", "staff #"},
                   {"from", "from date (default 30 days ago)"},
                   {"to", "to date (default now)"}},
       .run = Report},
      {.path = "evaluate",
       .summary = "appraise a staff member or a department (manager)",
       .options = {kSite,
                   {"staff", "staff #"},
                   {"department", "department code"},
                   {"from", "period start (default 30 days ago)"},
                   {"to", "period end (default now)"},
                   {"score", "0..100", false, true},
                   {"note", "the appraisal"}},
       .run = Evaluate},
      {.path = "evaluations",
       .summary = "appraisals made",
       .options = {kSite,
                   {"staff", "staff #"},
                   {"department", "department code"}},
       .run = Evaluations},
      {.path = "suggestions",
       .summary = "residents' suggestions",
       .options = {kSite, {"state", "e.g. submitted,accepted"}},
       .run = Suggestions},
      One("suggestion accept", "<#>", "accept a suggestion into the next plan",
          {{"reason", "note"}, {"etag", "only if still this version"}},
          [](Invocation& inv) {
            return Triage(inv, v1::TRIAGE_DECISION_ACCEPT);
          }),
      One("suggestion decline", "<#>", "decline a suggestion with a reason",
          {{"reason", "why", false, true},
           {"etag", "only if still this version"}},
          [](Invocation& inv) {
            return Triage(inv, v1::TRIAGE_DECISION_DECLINE);
          }),
      {.path = "survey create",
       .summary = "a satisfaction survey",
       .options = {kSite,
                   {"zh", "Chinese title", false, true},
                   {"en", "English title", false, true},
                   {"questions",
                    "kind:中文|English[@ITEM];... kinds scale (1-5) or text",
                    false, true},
                   {"open", "opens (default now)"},
                   {"close", "closes, e.g. 2026-04-01", false, true}},
       .run = CreateSurvey},
      {.path = "surveys",
       .summary = "surveys of the site",
       .options = {kSite, {"open", "only open ones", true}},
       .run = Surveys},
      One("survey results", "<#>", "answers per question and response rate", {},
          SurveyResults),
      One("review", "<year>",
          "the annual review of every item: use, cost, margin, satisfaction",
          {{"used", "hide items nobody used", true}}, Review),
      {.path = "plan create",
       .summary = "the service plan for a year (manager)",
       .options =
           {kSite,
            {"year", "this year or the next", false, false},
            {"zh", "Chinese title"},
            {"en", "English title"},
            {"note", "note"},
            {"keep", "item codes to keep, comma-separated"},
            {"retire", "item codes to retire"},
            {"reprice", "CODE=AMOUNT@DATE,..."},
            {"add",
             "SUGGESTION#:CODE:FEE:DEPARTMENT:中文:English[:AMOUNT@DATE];..."},
            {"file", "a ServicePlan in JSON"}},
       .run = CreatePlan},
      One("plan show", "<#>", "a service plan", {}, ShowPlan),
      {.path = "plans",
       .summary = "the site's service plans and their states",
       .options = {kSite},
       .run = ListPlans},
      One("plan approve", "<#>",
          "apply a plan to the catalogue and draft its announcement (manager)",
          {{"etag", "only if still this version"}}, ApprovePlan),
  };
}

}  // namespace concierge::cli
