#include "clients/common/housekeeping_common.h"

#include <algorithm>
#include <functional>
#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "clients/common/common_commands.h"
#include "clients/common/guest_common.h"
#include "clients/common/output.h"
#include "clients/common/paging.h"
#include "concierge/v1/housekeeping.grpc.pb.h"

namespace concierge::cli {
namespace {

using v1::HousekeepingService;

std::unique_ptr<HousekeepingService::Stub> Stub(Invocation& inv) {
  return HousekeepingService::NewStub(inv.channel());
}

std::string ActionArg(Invocation& inv, const std::string& site,
                      const std::string& text) {
  return QualifiedName(site, "roomActions", text);
}

// A proposal's title is in its proposer's language: show the other when
// the reader's is empty.
const std::string& Title(Invocation& inv, const v1::LocalizedText& t) {
  const std::string& mine = inv.Tr(t.zh(), t.en());
  if (!mine.empty()) return mine;
  return t.zh().empty() ? t.en() : t.zh();
}

std::string StateLabel(Invocation& inv, v1::RoomActionState s) {
  switch (s) {
    case v1::ROOM_ACTION_STATE_SUGGESTED:
      return inv.Tr("待做", "to do");
    case v1::ROOM_ACTION_STATE_PENDING_APPROVAL:
      return inv.Tr("待批准", "NEEDS APPROVAL");
    case v1::ROOM_ACTION_STATE_APPROVED:
      return inv.Tr("已批准", "approved");
    case v1::ROOM_ACTION_STATE_DONE:
      return inv.Tr("已完成", "done");
    case v1::ROOM_ACTION_STATE_SKIPPED:
      return inv.Tr("已略過", "skipped");
    case v1::ROOM_ACTION_STATE_REJECTED:
      return inv.Tr("已拒絕", "rejected");
    case v1::ROOM_ACTION_STATE_EXPIRED:
      return inv.Tr("已過期", "EXPIRED");
    default:
      return "?";
  }
}

std::string RoomStateLabel(Invocation& inv, v1::RoomState s) {
  switch (s) {
    case v1::ROOM_STATE_VACANT:
      return inv.Tr("空房", "vacant");
    case v1::ROOM_STATE_OCCUPIED:
      return inv.Tr("住客", "occupied");
    case v1::ROOM_STATE_DUE_OUT:
      return inv.Tr("今天退房", "due out");
    default:
      return "?";
  }
}

std::string Reason(Invocation& inv, const v1::SuggestionReason& r) {
  std::vector<std::string> used;
  for (const auto& o : r.observations()) used.push_back(FormatObservation(o));
  for (const auto& f : r.facts()) used.push_back(f);
  std::string text = inv.Tr(r.rule_title().zh(), r.rule_title().en());
  if (!used.empty())
    absl::StrAppend(&text, " [", absl::StrJoin(used, ", "), "]");
  return text;
}

// The order a small screen shows actions in: what waits for someone else
// first (approval, another department), then the room's work, then the next
// shift's.
int Rank(const v1::RoomAction& a) {
  if (a.state() == v1::ROOM_ACTION_STATE_PENDING_APPROVAL) return 0;
  if (a.department_task()) return 1;
  if (a.for_next_shift()) return 3;
  return 2;
}

int Outcome(Invocation& inv, v1::ActionOutcome outcome) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::RecordActionOutcomeRequest request;
  request.set_name(ActionArg(inv, site, inv.positional()[0]));
  request.set_outcome(outcome);
  request.set_reason(inv.OptionOr("reason", ""));
  if (outcome == v1::ACTION_OUTCOME_SKIPPED && request.reason().empty()) {
    return UsageError("--reason: why the action was skipped");
  }
  if (auto quantity = inv.Option("quantity")) {
    int n = 0;
    if (!absl::SimpleAtoi(*quantity, &n) || n <= 0) {
      return UsageError("--quantity: how many were added, e.g. 2");
    }
    request.set_quantity(n);
  }
  v1::RoomAction action;
  grpc::Status status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return Stub(inv)->RecordActionOutcome(c, request, &action);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(action);
    return 0;
  }
  PrintAction(inv, action, false);
  if (!action.consumption().empty()) {
    std::cout << "  " << inv.Tr("已記入房賬 ", "charged to the stay: ")
              << FormatMoney(action.total_cost()) << "\n";
  }
  if (!action.minibar_item().empty() &&
      action.state() == v1::ROOM_ACTION_STATE_DONE) {
    std::cout << "  " << inv.Tr("已補充迷你吧：", "added to the minibar: ")
              << action.quantity() << " x " << action.minibar_item()
              << inv.Tr("（飲用後點算才記賬）",
                        " (charged when a count finds it drunk)")
              << "\n";
  }
  if (!action.learned_preference().empty() && action.has_teaches()) {
    std::cout << "  " << inv.Tr("已記入客史：", "learned: ")
              << CategoryLabel(inv, action.teaches().category()) << " "
              << action.teaches().key() << " = " << action.teaches().value()
              << "\n";
  }
  return 0;
}

// Every page of a list of room actions, then printed: JSON, `none` when
// there is none, else `print` per action.
template <typename Request, typename Response, typename Call>
int ListActions(Invocation& inv, const Request& request, Call call,
                const std::string& none,
                const std::function<void(const v1::RoomAction&)>& print) {
  std::vector<v1::RoomAction> all;
  grpc::Status status = ForEachPage<Request, Response>(
      inv, request, call, [&](const Response& page) {
        for (const auto& a : page.actions()) all.push_back(a);
        return true;
      });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    std::vector<const google::protobuf::Message*> messages;
    for (const auto& a : all) messages.push_back(&a);
    PrintJsonArray(messages);
    return 0;
  }
  if (all.empty()) std::cout << none << "\n";
  for (const auto& a : all) print(a);
  return 0;
}

int Approvals(Invocation& inv) {
  int code = 0;
  v1::ListPendingApprovalsRequest request;
  request.set_parent(ResolveSite(inv, &code));
  if (code) return code;
  return ListActions<v1::ListPendingApprovalsRequest,
                     v1::ListPendingApprovalsResponse>(
      inv, request,
      [&](grpc::ClientContext* c, const auto& r, auto* out) {
        return Stub(inv)->ListPendingApprovals(c, r, out);
      },
      inv.Tr("沒有待批准的", "Nothing waits for approval"),
      [&](const v1::RoomAction& a) {
        PrintAction(inv, a, true);
        std::cout << "    " << inv.Tr("申請人 ", "by ") << a.requested_by()
                  << "\n";
      });
}

int Decide(Invocation& inv, bool approve) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::RoomAction action;
  grpc::Status status;
  if (approve) {
    v1::ApproveActionRequest request;
    request.set_name(ActionArg(inv, site, inv.positional()[0]));
    request.set_note(inv.OptionOr("note", ""));
    status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
      return Stub(inv)->ApproveAction(c, request, &action);
    });
  } else {
    v1::RejectActionRequest request;
    request.set_name(ActionArg(inv, site, inv.positional()[0]));
    request.set_reason(inv.OptionOr("reason", ""));
    if (request.reason().empty()) return UsageError("--reason: why not");
    status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
      return Stub(inv)->RejectAction(c, request, &action);
    });
  }
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(action);
  } else {
    PrintAction(inv, action, false);
  }
  return 0;
}

int Tasks(Invocation& inv) {
  int code = 0;
  v1::ListDepartmentTasksRequest request;
  request.set_parent(ResolveSite(inv, &code));
  if (code) return code;
  request.set_department_code(
      absl::AsciiStrToUpper(inv.OptionOr("department", "")));
  std::vector<v1::RoomAction> all;
  grpc::Status status = ForEachPage<v1::ListDepartmentTasksRequest,
                                    v1::ListDepartmentTasksResponse>(
      inv, request,
      [&](grpc::ClientContext* c, const auto& r, auto* out) {
        return Stub(inv)->ListDepartmentTasks(c, r, out);
      },
      [&](const v1::ListDepartmentTasksResponse& page) {
        for (const auto& a : page.actions()) all.push_back(a);
        return true;
      });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    std::vector<const google::protobuf::Message*> messages;
    for (const auto& a : all) messages.push_back(&a);
    PrintJsonArray(messages);
    return 0;
  }
  if (all.empty()) std::cout << inv.Tr("沒有任務", "No open tasks") << "\n";
  for (const auto& a : all) {
    std::cout << a.room_number() << "  ";
    PrintAction(inv, a, true);
  }
  return 0;
}

int Handover(Invocation& inv) {
  int code = 0;
  v1::CreateHandoverNoteRequest request;
  request.set_parent(ResolveSite(inv, &code));
  if (code) return code;
  std::vector<std::string> words(inv.positional().begin() + 1,
                                 inv.positional().end());
  request.mutable_note()->set_room_number(inv.positional()[0]);
  request.mutable_note()->set_text(absl::StrJoin(words, " "));
  request.set_request_id(NewRequestId());
  v1::HandoverNote note;
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return Stub(inv)->CreateHandoverNote(context.get(), request, &note);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(note);
  } else {
    std::cout << inv.Tr("已交班 ", "Handed over: ") << note.room_number()
              << "  " << note.text() << "\n";
  }
  return 0;
}

int Handovers(Invocation& inv) {
  int code = 0;
  v1::ListHandoverNotesRequest request;
  request.set_parent(ResolveSite(inv, &code));
  if (code) return code;
  if (!inv.positional().empty()) request.set_room_number(inv.positional()[0]);
  std::vector<v1::HandoverNote> all;
  grpc::Status status =
      ForEachPage<v1::ListHandoverNotesRequest, v1::ListHandoverNotesResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return Stub(inv)->ListHandoverNotes(c, r, out);
          },
          [&](const v1::ListHandoverNotesResponse& page) {
            for (const auto& n : page.notes()) all.push_back(n);
            return true;
          });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    std::vector<const google::protobuf::Message*> messages;
    for (const auto& n : all) messages.push_back(&n);
    PrintJsonArray(messages);
    return 0;
  }
  if (all.empty()) std::cout << inv.Tr("沒有交班", "No handover notes") << "\n";
  for (const auto& n : all) {
    std::cout << n.room_number() << " ";
    PrintHandoverNote(inv, n);
  }
  return 0;
}

int Codes(Invocation& inv) {
  int code = 0;
  v1::GetVocabularyRequest request;
  request.set_site(ResolveSite(inv, &code));
  if (code) return code;
  v1::Vocabulary vocabulary;
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return Stub(inv)->GetVocabulary(context.get(), request, &vocabulary);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(vocabulary);
    return 0;
  }
  std::cout << inv.Tr("觀察：", "Observations:") << "\n";
  for (const auto& o : vocabulary.observations()) {
    std::cout << "  " << o.code() << (o.takes_number() ? "(n)" : "") << "  "
              << inv.Tr(o.label().zh(), o.label().en());
    if (!o.unit().empty()) std::cout << " [" << o.unit() << "]";
    std::cout << "\n";
  }
  std::cout << inv.Tr("行動：", "Actions:") << "\n";
  for (const auto& a : vocabulary.actions()) {
    std::cout << "  " << a.code() << "  "
              << inv.Tr(a.title().zh(), a.title().en()) << "\n";
  }
  if (vocabulary.minibar_items_size() > 0) {
    std::cout << inv.Tr("迷你吧：", "Minibar:") << "\n";
  }
  for (const auto& item : vocabulary.minibar_items()) {
    std::cout << "  " << item.code() << "  "
              << inv.Tr(item.title().zh(), item.title().en()) << "  "
              << FormatMoney(item.price()) << "\n";
  }
  return 0;
}

int Minibar(Invocation& inv) {
  int code = 0;
  v1::CountMinibarRequest request;
  request.set_site(ResolveSite(inv, &code));
  if (code) return code;
  const std::vector<std::string>& args = inv.positional();
  request.set_room_number(args[0]);
  for (size_t i = 1; i < args.size(); ++i) {
    const size_t eq = args[i].find('=');
    int count = -1;
    if (eq == std::string::npos || eq == 0 ||
        !absl::SimpleAtoi(args[i].substr(eq + 1), &count)) {
      return UsageError(
          absl::StrCat("\"", args[i], "\": write ITEM=count, e.g. BEER=2"));
    }
    v1::MinibarQuantity* q = request.add_counts();
    q->set_item_code(absl::AsciiStrToUpper(args[i].substr(0, eq)));
    q->set_count(count);
  }
  request.set_request_id(NewRequestId());
  v1::MinibarCount counted;
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return Stub(inv)->CountMinibar(context.get(), request, &counted);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(counted);
    return 0;
  }
  std::cout << counted.room_number() << "  "
            << inv.Tr("迷你吧已點算", "minibar counted") << "\n";
  for (const auto& line : counted.lines()) {
    std::string text =
        absl::StrCat("  ", inv.Tr(line.title().zh(), line.title().en()), "  ");
    if (line.has_expected()) {
      absl::StrAppend(&text, line.expected(), " -> ");
    }
    absl::StrAppend(&text, line.counted());
    if (line.consumed() > 0) {
      absl::StrAppend(&text, "  ", inv.Tr("已用 ", "consumed "),
                      line.consumed(), "  ", FormatMoney(line.amount()));
    } else if (!line.has_expected()) {
      absl::StrAppend(&text, "  ", inv.Tr("（首次點算）", "(first count)"));
    }
    std::cout << text << "\n";
  }
  if (counted.charged().minor_units() > 0) {
    std::cout << inv.Tr("已記入房賬 ", "charged to the stay: ")
              << FormatMoney(counted.charged()) << "\n";
  } else {
    std::cout << inv.Tr("無需記賬", "nothing to charge") << "\n";
  }
  return 0;
}

}  // namespace

bool ParseObservationArg(const std::string& text, v1::Observation* out,
                         std::string* error) {
  const size_t open = text.find('(');
  std::string code = absl::AsciiStrToUpper(text.substr(0, open));
  if (code.empty()) {
    *error = "observations are CODE or CODE(number), e.g. AC_SETPOINT(23)";
    return false;
  }
  out->set_code(code);
  if (open != std::string::npos) {
    double value = 0;
    if (text.back() != ')' ||
        !absl::SimpleAtod(text.substr(open + 1, text.size() - open - 2),
                          &value)) {
      *error = absl::StrCat("\"", text,
                            "\": write CODE(number), e.g. AC_SETPOINT(23)");
      return false;
    }
    out->set_value(value);
  }
  return true;
}

std::string FormatObservation(const v1::Observation& o) {
  if (!o.has_value()) return o.code();
  return absl::StrCat(o.code(), "(", absl::StrFormat("%g", o.value()), ")");
}

void PrintAction(Invocation& inv, const v1::RoomAction& a, bool with_reasons) {
  std::string line =
      absl::StrCat("#", ShortId(a.name()), " ", Title(inv, a.title()));
  if (a.quantity() > 1) absl::StrAppend(&line, " x", a.quantity());
  std::vector<std::string> tags;
  if (a.state() != v1::ROOM_ACTION_STATE_SUGGESTED) {
    tags.push_back(StateLabel(inv, a.state()));
  }
  if (a.total_cost().minor_units() > 0) {
    tags.push_back(absl::StrCat(a.is_sale() ? inv.Tr("銷售 ", "sale ") : "",
                                FormatMoney(a.total_cost())));
  }
  if (a.department_task()) {
    tags.push_back(absl::StrCat("-> ", a.department_code()));
  }
  if (a.for_next_shift()) tags.push_back(inv.Tr("下一班", "next shift"));
  const bool open = a.state() == v1::ROOM_ACTION_STATE_SUGGESTED ||
                    a.state() == v1::ROOM_ACTION_STATE_PENDING_APPROVAL ||
                    a.state() == v1::ROOM_ACTION_STATE_APPROVED;
  if (open && a.has_deadline_time()) {
    const std::string until = FormatTime(a.deadline_time());
    tags.push_back(absl::StrCat(inv.Tr("限 ", "until "),
                                until.size() > 11 ? until.substr(11) : until));
  }
  if (open && a.escalation_level() > 0) {
    tags.push_back(inv.Tr("已上報經理", "escalated"));
  }
  if (!tags.empty())
    absl::StrAppend(&line, "  [", absl::StrJoin(tags, ", "), "]");
  std::cout << line << "\n";
  if (a.state() == v1::ROOM_ACTION_STATE_EXPIRED) {
    std::cout << "    " << inv.Tr("原因：", "why: ")
              << inv.Tr(a.expiry_reason().zh(), a.expiry_reason().en()) << "\n";
  }
  if (!with_reasons) return;
  for (const auto& r : a.reasons()) {
    std::cout << "    " << inv.Tr("原因：", "why: ") << Reason(inv, r) << "\n";
  }
  if (a.proposed()) {
    std::cout << "    " << inv.Tr("提議：", "proposed: ") << a.requested_by()
              << inv.Tr("，原因：", ", why: ") << a.proposal_reason() << "\n";
  }
}

void PrintHandoverNote(Invocation& inv, const v1::HandoverNote& n) {
  const std::string when = FormatTime(n.create_time());
  std::cout << inv.Tr("交班 ", "handover ")
            << (when.size() > 11 ? when.substr(11) : when) << ": " << n.text()
            << "\n";
}

void PrintRoomDay(Invocation& inv, const v1::RoomDay& day, bool with_brief) {
  if (with_brief && day.has_brief()) {
    PrintBrief(inv, day.brief());
    std::cout << inv.Tr("狀態：", "State: ") << RoomStateLabel(inv, day.state())
              << "\n";
  } else {
    std::string head =
        absl::StrCat(day.room_number(), "  ", RoomStateLabel(inv, day.state()));
    if (day.has_brief()) {
      const v1::RoomGuestBrief& b = day.brief();
      absl::StrAppend(
          &head, "  ",
          inv.Tr(b.form_of_address().zh(), b.form_of_address().en()));
      if (b.vip_level() > 0) absl::StrAppend(&head, "  VIP ", b.vip_level());
      if (b.birthday_today()) {
        absl::StrAppend(&head, "  ", inv.Tr("今天生日", "birthday"));
      }
      if (b.travelling_with_infant()) {
        absl::StrAppend(&head, "  ", inv.Tr("嬰兒", "infant"));
      }
    }
    if (day.has_room() && day.room().accessible()) {
      absl::StrAppend(&head, "  ", inv.Tr("無障礙房", "accessible"));
    }
    std::cout << head << "\n";
  }
  const std::string indent = "  ";
  if (with_brief && day.checklist_size() > 0) {
    std::cout << inv.Tr("常規清單：", "Checklist:") << "\n";
  }
  for (const auto& item : day.checklist()) {
    std::cout << indent << "[ ] "
              << inv.Tr(item.title().zh(), item.title().en()) << "\n";
    if (with_brief) {
      for (const auto& r : item.reasons()) {
        std::cout << indent << "    " << inv.Tr("原因：", "why: ")
                  << Reason(inv, r) << "\n";
      }
    }
  }
  std::vector<const v1::RoomAction*> actions;
  for (const auto& a : day.open_actions()) actions.push_back(&a);
  std::stable_sort(
      actions.begin(), actions.end(),
      [](const auto* x, const auto* y) { return Rank(*x) < Rank(*y); });
  if (with_brief && !actions.empty()) {
    std::cout << inv.Tr("待辦：", "Open actions:") << "\n";
  }
  for (const auto* a : actions) {
    std::cout << indent;
    PrintAction(inv, *a, false);
  }
  if (with_brief && day.expired_actions_size() > 0) {
    std::cout << inv.Tr("已過期：", "Expired:") << "\n";
  }
  for (const auto& a : day.expired_actions()) {
    std::cout << indent;
    PrintAction(inv, a, false);
  }
  for (const auto& n : day.handover_notes()) {
    std::cout << indent;
    PrintHandoverNote(inv, n);
  }
  if (with_brief && day.minibar_size() > 0) {
    std::vector<std::string> items;
    for (const auto& m : day.minibar()) {
      items.push_back(absl::StrCat(m.item_code(), " ", m.count()));
    }
    std::cout << inv.Tr("迷你吧應有：", "Minibar should hold: ")
              << absl::StrJoin(items, ", ") << "\n";
  }
}

Command DoneCommand() {
  return Command{
      .path = "done",
      .positional_usage = "<action>",
      .summary = "mark an action done (#id from observe or rooms)",
      .options = {{"site", "site id (default: your own)"},
                  {"quantity", "a minibar restock: how many were added"}},
      .run =
          [](Invocation& inv) { return Outcome(inv, v1::ACTION_OUTCOME_DONE); },
      .min_positional = 1,
      .max_positional = 1};
}

Command SkipCommand() {
  return Command{.path = "skip",
                 .positional_usage = "<action>",
                 .summary = "skip an action, with a reason",
                 .options = {{"site", "site id (default: your own)"},
                             {"reason", "why it was not done", false, true}},
                 .run =
                     [](Invocation& inv) {
                       return Outcome(inv, v1::ACTION_OUTCOME_SKIPPED);
                     },
                 .min_positional = 1,
                 .max_positional = 1};
}

// The day's room actions whatever became of them (ListRoomActions).
int DayActions(Invocation& inv) {
  int code = 0;
  v1::ListRoomActionsRequest request;
  request.set_parent(ResolveSite(inv, &code));
  if (code) return code;
  return ListActions<v1::ListRoomActionsRequest, v1::ListRoomActionsResponse>(
      inv, request,
      [&](grpc::ClientContext* c, const auto& r, auto* out) {
        return Stub(inv)->ListRoomActions(c, r, out);
      },
      inv.Tr("今天還沒有建議事項", "No action suggested today"),
      [&](const v1::RoomAction& a) {
        PrintAction(inv, a, false);
        std::cout << "    " << inv.Tr("房間 ", "room ") << a.room_number()
                  << "\n";
      });
}

Command DayActionsCommand() {
  return Command{
      .path = "day-actions",
      .positional_usage = "",
      .summary = "today's room actions, done, skipped or waiting (supervisors)",
      .options = {{"site", "site id (default: your own)"}},
      .run = DayActions};
}

Command ApprovalsCommand() {
  return Command{.path = "approvals",
                 .positional_usage = "",
                 .summary = "actions waiting for your approval (supervisors)",
                 .options = {{"site", "site id (default: your own)"}},
                 .run = Approvals};
}

Command ApproveCommand() {
  return Command{.path = "approve",
                 .positional_usage = "<action>",
                 .summary = "approve a costly action (supervisors)",
                 .options = {{"site", "site id (default: your own)"},
                             {"note", "optional note"}},
                 .run = [](Invocation& inv) { return Decide(inv, true); },
                 .min_positional = 1,
                 .max_positional = 1};
}

Command RejectCommand() {
  return Command{.path = "reject",
                 .positional_usage = "<action>",
                 .summary = "refuse a costly action, with a reason",
                 .options = {{"site", "site id (default: your own)"},
                             {"reason", "why not", false, true}},
                 .run = [](Invocation& inv) { return Decide(inv, false); },
                 .min_positional = 1,
                 .max_positional = 1};
}

Command TasksCommand() {
  return Command{
      .path = "tasks",
      .positional_usage = "",
      .summary = "open room tasks of a department (default: yours)",
      .options = {{"site", "site id (default: your own)"},
                  {"department", "department code, e.g. FRONT_DESK"}},
      .run = Tasks};
}

Command HandoverCommand() {
  return Command{.path = "handover",
                 .positional_usage = "<room-number> <text...>",
                 .summary = "leave a note on a room for the next shift",
                 .options = {{"site", "site id (default: your own)"}},
                 .run = Handover,
                 .min_positional = 2,
                 .max_positional = -1};
}

Command HandoversCommand() {
  return Command{.path = "handovers",
                 .positional_usage = "[<room-number>]",
                 .summary = "handover notes of the last 24 hours",
                 .options = {{"site", "site id (default: your own)"}},
                 .run = Handovers,
                 .min_positional = 0,
                 .max_positional = 1};
}

int Propose(Invocation& inv) {
  int code = 0;
  v1::ProposeRoomActionRequest request;
  request.set_site(ResolveSite(inv, &code));
  if (code) return code;
  const std::vector<std::string>& args = inv.positional();
  const std::string target = args[0];
  if (absl::StrContains(target, "/stays/") ||
      absl::StartsWith(target, "stays/")) {
    request.set_stay(absl::StartsWith(target, "stays/")
                         ? absl::StrCat(request.site(), "/", target)
                         : target);
  } else {
    request.set_room_number(target);
  }
  const std::string what = absl::StrJoin(
      std::vector<std::string>(args.begin() + 1, args.end()), " ");
  // The words are in the caller's language; --zh/--en give either as well.
  if (inv.lang() == Lang::kZh) {
    request.mutable_what()->set_zh(what);
  } else {
    request.mutable_what()->set_en(what);
  }
  if (auto zh = inv.Option("zh")) request.mutable_what()->set_zh(*zh);
  if (auto en = inv.Option("en")) request.mutable_what()->set_en(*en);
  request.set_why(inv.OptionOr("why", ""));
  if (request.why().empty()) {
    return UsageError("--why: what you noticed about the guest");
  }
  if (auto cost = inv.Option("cost")) {
    int64_t minor = 0;
    if (!ParseAmount(*cost, &minor) || minor < 0) {
      return UsageError("--cost: an amount, e.g. 80.00");
    }
    request.mutable_estimated_cost()->set_minor_units(minor);
  }
  request.set_department_code(
      absl::AsciiStrToUpper(inv.OptionOr("department", "")));
  if (auto teaches = inv.Option("teaches")) {
    v1::Preference p;
    std::string error;
    if (!ParsePreferenceArg(*teaches, &p, &error)) return UsageError(error);
    request.mutable_teaches()->set_category(p.category());
    request.mutable_teaches()->set_key(p.key());
    request.mutable_teaches()->set_value(p.value());
  }
  if (auto within = inv.Option("useful-for")) {
    absl::Duration d;
    if (!absl::ParseDuration(*within, &d) || d <= absl::ZeroDuration()) {
      return UsageError("--useful-for: a duration, e.g. 90m or 3h");
    }
    const absl::Time until = absl::Now() + d;
    request.mutable_deadline_time()->set_seconds(absl::ToUnixSeconds(until));
  }
  request.set_request_id(NewRequestId());
  v1::RoomAction action;
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return Stub(inv)->ProposeRoomAction(context.get(), request, &action);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(action);
    return 0;
  }
  std::cout << action.room_number() << "  " << inv.Tr("已提議", "proposed")
            << "\n";
  PrintAction(inv, action, false);
  if (action.state() == v1::ROOM_ACTION_STATE_PENDING_APPROVAL) {
    std::cout << "  "
              << inv.Tr("超出你的額度：待主管批准",
                        "above your spending limit: a supervisor approves it "
                        "first")
              << "\n";
  } else if (action.department_task()) {
    std::cout << "  " << inv.Tr("已交 ", "sent to ") << action.department_code()
              << "\n";
  } else {
    std::cout << "  " << inv.Tr("可以去做了", "go ahead") << "\n";
  }
  return 0;
}

Command ProposeCommand() {
  return Command{
      .path = "propose",
      .positional_usage = "<room-number> <what...>",
      .summary =
          "propose your own idea for the guest (what no rule "
          "suggested): within your spending limit it goes ahead",
      .options = {{"site", "site id (default: your own)"},
                  {"why", "what you noticed about the guest", false, true},
                  {"cost", "estimated cost, e.g. 80.00 (default: free)"},
                  {"department", "who does it (default: your department)"},
                  {"teaches",
                   "what doing it teaches, e.g. "
                   "room:mosquito_net=true"},
                  {"useful-for", "until when it is useful, e.g. 3h"},
                  {"zh", "what, in Chinese (as well)"},
                  {"en", "what, in English (as well)"}},
      .run = Propose,
      .min_positional = 2,
      .max_positional = -1};
}

Command MinibarCommand() {
  return Command{
      .path = "minibar",
      .positional_usage = "<room-number> ITEM=count...",
      .summary =
          "count a room's minibar (e.g. BEER=1 MINERAL_WATER=2): what "
          "was drunk since the last count is charged to the stay",
      .options = {{"site", "site id (default: your own)"}},
      .run = Minibar,
      .min_positional = 2,
      .max_positional = -1};
}

Command CodesCommand() {
  return Command{.path = "codes",
                 .positional_usage = "",
                 .summary = "observation codes and actions of the site",
                 .options = {{"site", "site id (default: your own)"}},
                 .run = Codes};
}

}  // namespace concierge::cli
