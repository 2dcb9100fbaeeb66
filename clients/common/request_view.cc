#include "clients/common/request_view.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "clients/common/common_commands.h"
#include "clients/common/output.h"

namespace concierge::cli {

std::string StateLabel(const Invocation& inv, v1::RequestState state) {
  switch (state) {
    case v1::REQUEST_STATE_AWAITING_QUOTE:
      return inv.Tr("待報價", "awaiting quote");
    case v1::REQUEST_STATE_QUOTED:
      return inv.Tr("已報價", "quoted");
    case v1::REQUEST_STATE_DISPUTED:
      return inv.Tr("價格有異議", "price disputed");
    case v1::REQUEST_STATE_PRICE_PROPOSED:
      return inv.Tr("議價待決", "price proposed");
    case v1::REQUEST_STATE_DISPATCHED:
      return inv.Tr("已派部門", "dispatched");
    case v1::REQUEST_STATE_ASSIGNED:
      return inv.Tr("已指派", "assigned");
    case v1::REQUEST_STATE_IN_PROGRESS:
      return inv.Tr("服務中", "in progress");
    case v1::REQUEST_STATE_COMPLETED:
      return inv.Tr("已完成", "completed");
    case v1::REQUEST_STATE_SIGNED_OFF:
      return inv.Tr("已驗收", "signed off");
    case v1::REQUEST_STATE_SETTLED:
      return inv.Tr("已結帳", "settled");
    case v1::REQUEST_STATE_CANCELLED:
      return inv.Tr("已取消", "cancelled");
    default:
      return "?";
  }
}

std::string RequestFeeLabel(const Invocation& inv,
                            const v1::ServiceRequest& r) {
  if (r.fee_kind() == v1::FEE_KIND_FREE) return inv.Tr("免費", "free");
  if (r.has_agreed_price()) return FormatMoney(r.agreed_price());
  if (r.has_quote()) return inv.Tr("報價 ", "quote ") + FormatMoney(r.quote());
  if (r.fee_kind() == v1::FEE_KIND_CASE_BY_CASE) {
    return inv.Tr("待服務中心決定", "the desk decides");
  }
  return inv.Tr("待報價", "to be quoted");
}

void PrintRequest(const Invocation& inv, const v1::ServiceRequest& r) {
  if (inv.json()) return PrintJson(r);
  Details d;
  d.Add(inv.Tr("單號", "Request"), r.name());
  d.Add(inv.Tr("服務", "Service"),
        inv.Tr(r.item_title().zh(), r.item_title().en()));
  d.Add(inv.Tr("狀態", "State"),
        StateLabel(inv, r.state()) +
            (r.overdue() ? inv.Tr("（逾期）", " (OVERDUE)") : ""));
  d.Add(inv.Tr("收費", "Fee"), RequestFeeLabel(inv, r));
  if (!r.stay().empty()) {  // a hotel guest's request
    d.Add(inv.Tr("客人", "Guest"), r.contact_name());
    d.Add(inv.Tr("房間", "Room"), r.unit());
    if (r.charged_to_stay()) {
      d.Add(inv.Tr("房賬", "Bill"),
            inv.Tr("已記入房賬", "charged to the stay"));
    }
  } else {
    d.Add(inv.Tr("住戶", "Resident"), r.contact_name());
    d.Add(inv.Tr("住址", "Unit"), r.unit());
  }
  if (!r.phone().empty()) d.Add(inv.Tr("電話", "Phone"), r.phone());
  if (r.has_window_start()) {
    d.Add(inv.Tr("約定時間", "When"),
          FormatTime(r.window_start()) +
              (r.has_window_end() ? " - " + FormatTime(r.window_end()) : ""));
  }
  if (!r.place().empty()) d.Add(inv.Tr("地點", "Place"), r.place());
  if (!r.content().empty()) d.Add(inv.Tr("內容", "Content"), r.content());
  if (!r.requirements().empty())
    d.Add(inv.Tr("要求", "Requirements"), r.requirements());
  d.Add(inv.Tr("入戶許可", "May enter home"),
        r.entry_permission().granted()
            ? inv.Tr("是（", "yes (") + r.entry_permission().granted_by() +
                  inv.Tr("）", ")")
            : inv.Tr("否", "no"));
  d.Add(inv.Tr("部門", "Department"), r.department());
  if (!r.assignee().empty())
    d.Add(inv.Tr("服務人員", "Assignee"), r.assignee());
  if (r.has_completion_due_time()) {
    d.Add(inv.Tr("完成時限", "Due"), FormatTime(r.completion_due_time()));
  }
  if (r.escalation_level() > 0) {
    d.Add(inv.Tr("升級", "Escalated"), r.escalation_level() == 1
                                           ? inv.Tr("主管", "to supervisor")
                                           : inv.Tr("經理", "to manager"));
  }
  if (!r.completion_notes().empty())
    d.Add(inv.Tr("完成情況", "Work done"), r.completion_notes());
  if (!r.signature_name().empty())
    d.Add(inv.Tr("驗收簽字", "Signed by"), r.signature_name());
  if (r.has_settled_amount()) {
    d.Add(inv.Tr("已收費", "Settled"), FormatMoney(r.settled_amount()));
  }
  if (!r.cancel_reason().empty())
    d.Add(inv.Tr("取消原因", "Cancelled because"), r.cancel_reason());
  d.Add("etag", r.etag());
  d.Print();
}

void PrintRequestTable(const Invocation& inv,
                       const std::vector<v1::ServiceRequest>& requests) {
  if (inv.json()) {
    std::vector<const google::protobuf::Message*> out;
    for (const auto& r : requests) out.push_back(&r);
    PrintJsonArray(out);
    return;
  }
  Table table({"#", inv.Tr("服務", "Service"), inv.Tr("狀態", "State"),
               inv.Tr("住址", "Unit"), inv.Tr("收費", "Fee"),
               inv.Tr("時限", "Due")});
  for (const auto& r : requests) {
    std::string state = StateLabel(inv, r.state());
    if (r.overdue()) state += inv.Tr("!逾期", " !OVERDUE");
    table.AddRow({ShortId(r.name()),
                  inv.Tr(r.item_title().zh(), r.item_title().en()), state,
                  r.unit(), RequestFeeLabel(inv, r),
                  FormatTime(r.completion_due_time())});
  }
  table.Print();
}

void PrintEvents(const Invocation& inv,
                 const std::vector<v1::RequestEvent>& events) {
  if (events.empty()) return;
  Table table({inv.Tr("時間", "Time"), inv.Tr("動作", "Action"),
               inv.Tr("狀態", "State"), inv.Tr("由", "By"),
               inv.Tr("備註", "Note")});
  for (const auto& e : events) {
    table.AddRow({FormatTime(e.event_time()), e.action(),
                  StateLabel(inv, e.after_state()), e.actor(), e.note()});
  }
  table.Print();
}

std::string RequestNameArg(Invocation& inv, const std::string& text,
                           int* code) {
  *code = 0;
  if (text.find('/') != std::string::npos) return text;
  const std::string site = ResolveSite(inv, code);
  if (*code) return "";
  return QualifiedName(site, "requests", text);
}

int PrintMoveResult(const Invocation& inv, const grpc::Status& status,
                    const v1::ServiceRequest& r) {
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(r);
  } else {
    std::cout << ShortId(r.name()) << "  " << StateLabel(inv, r.state()) << "  "
              << inv.Tr(r.item_title().zh(), r.item_title().en()) << "\n";
  }
  return 0;
}

}  // namespace concierge::cli
