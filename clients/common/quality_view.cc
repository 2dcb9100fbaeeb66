#include "clients/common/quality_view.h"

#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "clients/common/common_commands.h"
#include "clients/common/output.h"

namespace concierge::cli {

std::string ComplaintStateLabel(const Invocation& inv, v1::ComplaintState s) {
  switch (s) {
    case v1::COMPLAINT_STATE_OPEN:
      return inv.Tr("待處理", "open");
    case v1::COMPLAINT_STATE_IN_HANDLING:
      return inv.Tr("處理中", "in handling");
    case v1::COMPLAINT_STATE_ESCALATED:
      return inv.Tr("已上報經理", "escalated");
    case v1::COMPLAINT_STATE_RESOLVED:
      return inv.Tr("已解決", "resolved");
    default:
      return "?";
  }
}

std::string SeverityLabel(const Invocation& inv, v1::ComplaintSeverity s) {
  switch (s) {
    case v1::COMPLAINT_SEVERITY_MINOR:
      return inv.Tr("一般", "minor");
    case v1::COMPLAINT_SEVERITY_MAJOR:
      return inv.Tr("重大", "MAJOR");
    default:
      return "?";
  }
}

std::string CategoryLabel(const Invocation& inv, v1::ComplaintCategory c) {
  switch (c) {
    case v1::COMPLAINT_CATEGORY_SERVICE_QUALITY:
      return inv.Tr("服務質量", "service quality");
    case v1::COMPLAINT_CATEGORY_TIMELINESS:
      return inv.Tr("及時性", "timeliness");
    case v1::COMPLAINT_CATEGORY_STAFF_CONDUCT:
      return inv.Tr("員工態度", "staff conduct");
    case v1::COMPLAINT_CATEGORY_CHARGES:
      return inv.Tr("收費", "charges");
    case v1::COMPLAINT_CATEGORY_DISTURBANCE:
      return inv.Tr("擾民", "disturbance");
    case v1::COMPLAINT_CATEGORY_PRIVACY:
      return inv.Tr("隱私", "privacy");
    case v1::COMPLAINT_CATEGORY_OTHER:
      return inv.Tr("其他", "other");
    default:
      return "?";
  }
}

std::string SuggestionStateLabel(const Invocation& inv, v1::SuggestionState s) {
  switch (s) {
    case v1::SUGGESTION_STATE_SUBMITTED:
      return inv.Tr("已提交", "submitted");
    case v1::SUGGESTION_STATE_ACCEPTED:
      return inv.Tr("已採納", "accepted");
    case v1::SUGGESTION_STATE_DECLINED:
      return inv.Tr("未採納", "declined");
    case v1::SUGGESTION_STATE_ADOPTED:
      return inv.Tr("已列入服務", "adopted");
    default:
      return "?";
  }
}

std::optional<v1::ComplaintCategory> ParseCategory(const std::string& text) {
  v1::ComplaintCategory c;
  if (!v1::ComplaintCategory_Parse(
          "COMPLAINT_CATEGORY_" + absl::AsciiStrToUpper(text), &c) ||
      c == v1::COMPLAINT_CATEGORY_UNSPECIFIED) {
    return std::nullopt;
  }
  return c;
}

std::optional<v1::ComplaintSeverity> ParseSeverity(const std::string& text) {
  v1::ComplaintSeverity s;
  if (!v1::ComplaintSeverity_Parse(
          "COMPLAINT_SEVERITY_" + absl::AsciiStrToUpper(text), &s) ||
      s == v1::COMPLAINT_SEVERITY_UNSPECIFIED) {
    return std::nullopt;
  }
  return s;
}

void PrintComplaint(const Invocation& inv, const v1::Complaint& c) {
  if (inv.json()) return PrintJson(c);
  Details d;
  d.Add(inv.Tr("投訴", "Complaint"), c.name());
  d.Add(inv.Tr("狀態", "State"), ComplaintStateLabel(inv, c.state()));
  d.Add(inv.Tr("類別", "Category"), CategoryLabel(inv, c.category()));
  d.Add(inv.Tr("嚴重程度", "Severity"), SeverityLabel(inv, c.severity()));
  d.Add(inv.Tr("內容", "Text"), c.text());
  d.Add(inv.Tr("住戶", "Household"), c.household());
  if (!c.request().empty()) d.Add(inv.Tr("服務單", "Request"), c.request());
  if (!c.department().empty())
    d.Add(inv.Tr("部門", "Department"), c.department());
  if (!c.staff().empty()) d.Add(inv.Tr("相關人員", "Staff"), c.staff());
  d.Add(inv.Tr("提出時間", "Made"), FormatTime(c.create_time()));
  if (!c.handler().empty()) d.Add(inv.Tr("處理人", "Handled by"), c.handler());
  if (!c.escalation_reason().empty()) {
    d.Add(inv.Tr("上報原因", "Escalated because"), c.escalation_reason());
  }
  if (!c.resolution().empty()) {
    d.Add(inv.Tr("處理結果", "Outcome"), c.resolution());
    d.Add(inv.Tr("解決時間", "Resolved"), FormatTime(c.resolve_time()));
  }
  d.Add("etag", c.etag());
  d.Print();
  if (c.history_size() == 0) return;
  std::cout << "\n";
  Table table({inv.Tr("時間", "Time"), inv.Tr("動作", "Action"),
               inv.Tr("狀態", "State"), inv.Tr("由", "By"),
               inv.Tr("備註", "Note")});
  for (const auto& e : c.history()) {
    table.AddRow({FormatTime(e.event_time()), e.action(),
                  ComplaintStateLabel(inv, e.after_state()), e.actor(),
                  e.note()});
  }
  table.Print();
}

void PrintComplaintTable(const Invocation& inv,
                         const std::vector<v1::Complaint>& complaints) {
  if (inv.json()) {
    std::vector<const google::protobuf::Message*> out;
    for (const auto& c : complaints) out.push_back(&c);
    PrintJsonArray(out);
    return;
  }
  Table table({"#", inv.Tr("狀態", "State"), inv.Tr("程度", "Severity"),
               inv.Tr("類別", "Category"), inv.Tr("內容", "Text"),
               inv.Tr("處理結果", "Outcome")});
  for (const auto& c : complaints) {
    table.AddRow({ShortId(c.name()), ComplaintStateLabel(inv, c.state()),
                  SeverityLabel(inv, c.severity()),
                  CategoryLabel(inv, c.category()), c.text(), c.resolution()});
  }
  table.Print();
}

void PrintSuggestionTable(const Invocation& inv,
                          const std::vector<v1::Suggestion>& suggestions) {
  if (inv.json()) {
    std::vector<const google::protobuf::Message*> out;
    for (const auto& s : suggestions) out.push_back(&s);
    PrintJsonArray(out);
    return;
  }
  Table table({"#", inv.Tr("狀態", "State"), inv.Tr("建議", "Suggestion"),
               inv.Tr("項目", "Item"), inv.Tr("說明", "Reason")});
  for (const auto& s : suggestions) {
    table.AddRow({ShortId(s.name()), SuggestionStateLabel(inv, s.state()),
                  s.text(), s.item().empty() ? "" : ShortId(s.item()),
                  s.reason()});
  }
  table.Print();
}

void PrintSurvey(const Invocation& inv, const v1::Survey& s) {
  if (inv.json()) return PrintJson(s);
  std::cout << "#" << ShortId(s.name()) << "  "
            << inv.Tr(s.title().zh(), s.title().en()) << "  ("
            << FormatTime(s.open_time()) << " - " << FormatTime(s.close_time())
            << (s.open() ? inv.Tr("，進行中", ", open")
                         : inv.Tr("，未開放", ", not open"))
            << ")\n";
  for (int i = 0; i < s.questions_size(); ++i) {
    const auto& q = s.questions(i);
    std::cout << "  " << i << ". " << inv.Tr(q.text().zh(), q.text().en())
              << (q.kind() == v1::QUESTION_KIND_SCALE
                      ? inv.Tr("（1-5 分）", " (1-5)")
                      : inv.Tr("（文字）", " (text)"))
              << "\n";
  }
}

std::string SiteChildArg(Invocation& inv, const std::string& collection,
                         const std::string& text, int* code) {
  *code = 0;
  if (text.find('/') != std::string::npos) return text;
  const std::string site = ResolveSite(inv, code);
  if (*code) return "";
  return QualifiedName(site, collection, text);
}

}  // namespace concierge::cli
