// Requests at the service center: registering, quoting, dispatching,
// assigning, doing, signing off, settling, watching, and the records.

#include "clients/common/request_commands.h"

#include <algorithm>
#include <iostream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "clients/common/catalog_view.h"
#include "clients/common/common_commands.h"
#include "clients/common/output.h"
#include "clients/common/paging.h"
#include "clients/common/request_view.h"
#include "clients/staff/commands.h"
#include "concierge/v1/directory.grpc.pb.h"

namespace concierge::cli {
namespace {

// A department code (MAINTENANCE) or name.
std::string DepartmentArg(Invocation& inv, const std::string& site,
                          const std::string& text, int* code) {
  *code = 0;
  if (text.find('/') != std::string::npos) return text;
  auto dir = v1::DirectoryService::NewStub(inv.channel());
  v1::ListDepartmentsRequest request;
  request.set_parent(site);
  v1::ListDepartmentsResponse response;
  auto context = inv.NewContext();
  grpc::Status status = dir->ListDepartments(context.get(), request, &response);
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

bool MoneyOption(Invocation& inv, const char* option, v1::Money* out) {
  int64_t minor = 0;
  if (!ParseAmount(inv.OptionOr(option, ""), &minor)) return false;
  out->set_minor_units(minor);
  return true;
}

int Register(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::CreateServiceRequestRequest request;
  request.set_parent(site);
  request.set_request_id(NewRequestId());
  request.set_complete_at_desk(inv.Flag("at-desk"));
  auto* r = request.mutable_request();
  r->set_item(ResolveItem(inv, site, inv.OptionOr("item", ""), &code));
  if (code) return code;
  r->set_household(
      QualifiedName(site, "households", inv.OptionOr("household", "")));
  if (auto resident = inv.Option("resident")) {
    r->set_resident(QualifiedName(site, "residents", *resident));
  }
  const std::string channel = inv.OptionOr("channel", "phone");
  if (channel == "phone") {
    r->set_channel(v1::REQUEST_CHANNEL_PHONE);
  } else if (channel == "walk-in") {
    r->set_channel(v1::REQUEST_CHANNEL_WALK_IN);
  } else {
    return UsageError("--channel: phone or walk-in");
  }
  if (auto fee = inv.Option("fee")) {
    if (*fee == "free") {
      r->set_fee_kind(v1::FEE_KIND_FREE);
    } else if (*fee == "quoted") {
      r->set_fee_kind(v1::FEE_KIND_QUOTED);
    } else {
      return UsageError("--fee: free or quoted");
    }
  }
  r->set_contact_name(inv.OptionOr("contact", ""));
  r->set_phone(inv.OptionOr("phone", ""));
  if (int code = SetRequestDetails(inv, r)) return code;
  return CreateRequest(inv, request);
}

// `guest-request take`: a hotel guest's request as the front desk, the
// operator or any member of staff who meets the guest takes it.
int TakeGuestRequest(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::CreateServiceRequestRequest request;
  request.set_parent(site);
  request.set_request_id(NewRequestId());
  auto* r = request.mutable_request();
  r->set_item(ResolveItem(inv, site, inv.OptionOr("item", ""), &code));
  if (code) return code;
  r->set_room_number(inv.OptionOr("room", ""));
  const std::string channel = inv.OptionOr("channel", "phone");
  if (channel == "phone") {
    r->set_channel(v1::REQUEST_CHANNEL_PHONE);
  } else if (channel == "in-person") {
    r->set_channel(v1::REQUEST_CHANNEL_WALK_IN);
  } else {
    return UsageError("--channel: phone or in-person");
  }
  if (int code =
          TimeOption(inv, "when", [&] { return r->mutable_window_start(); })) {
    return code;
  }
  r->set_content(inv.OptionOr("content", ""));
  return CreateRequest(inv, request);
}

// `guest-request list`: the hotel's open guest requests (a room's with
// --room, every state with --all).
int ListGuestRequests(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListServiceRequestsRequest request;
  request.set_parent(site);
  if (inv.Flag("mine")) request.set_assignee("me");
  if (!inv.Flag("all")) {
    for (v1::RequestState s :
         {v1::REQUEST_STATE_DISPATCHED, v1::REQUEST_STATE_ASSIGNED,
          v1::REQUEST_STATE_IN_PROGRESS}) {
      request.add_states(s);
    }
  }
  std::vector<v1::ServiceRequest> all;
  grpc::Status status = ListAllRequests(inv, request, &all);
  if (!status.ok()) return Fail(status);
  if (auto room = inv.Option("room")) {
    std::erase_if(all, [&](const auto& r) { return r.unit() != *room; });
  }
  PrintRequestTable(inv, all);
  return 0;
}

int Queue(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListServiceRequestsRequest request;
  request.set_parent(site);
  if (inv.Flag("mine")) request.set_assignee("me");
  request.set_overdue_only(inv.Flag("overdue"));
  if (auto d = inv.Option("department")) {
    request.set_department(DepartmentArg(inv, site, *d, &code));
    if (code) return code;
  }
  const std::string states = inv.OptionOr(
      "state", inv.Flag("all")
                   ? ""
                   : "awaiting_quote,quoted,disputed,price_proposed,dispatched,"
                     "assigned,in_progress,completed,signed_off");
  for (absl::string_view s : absl::StrSplit(states, ',', absl::SkipEmpty())) {
    v1::RequestState state;
    if (!v1::RequestState_Parse(
            "REQUEST_STATE_" + absl::AsciiStrToUpper(std::string(s)), &state)) {
      return UsageError("--state: e.g. dispatched,assigned");
    }
    request.add_states(state);
  }
  std::vector<v1::ServiceRequest> all;
  grpc::Status status = ListAllRequests(inv, request, &all);
  if (!status.ok()) return Fail(status);
  PrintRequestTable(inv, all);
  return 0;
}

// The site's "today" is the site's own: its time zone comes from the site.
absl::StatusOr<absl::TimeZone> SiteZone(Invocation& inv,
                                        const std::string& site) {
  auto dir = v1::DirectoryService::NewStub(inv.channel());
  v1::GetSiteRequest request;
  request.set_name(site);
  v1::Site out;
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return dir->GetSite(context.get(), request, &out);
  });
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        status.error_message());
  }
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(out.time_zone(), &zone)) zone = absl::UTCTimeZone();
  return zone;
}

// A department's appointments for one day, in time order.
int Jobs(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListServiceRequestsRequest request;
  request.set_parent(site);
  if (auto day = inv.Option("on")) {
    request.set_appointment_date(*day);
  } else if (inv.Flag("tomorrow")) {
    absl::StatusOr<absl::TimeZone> zone = SiteZone(inv, site);
    if (!zone.ok()) {
      std::cerr << zone.status().message() << "\n";
      return 1;
    }
    const absl::CivilDay today = absl::ToCivilDay(absl::Now(), *zone);
    request.set_appointment_date(absl::FormatCivilTime(today + 1));
  } else {
    return UsageError("jobs: --tomorrow or --on YYYY-MM-DD");
  }
  if (auto d = inv.Option("department")) {
    request.set_department(DepartmentArg(inv, site, *d, &code));
    if (code) return code;
  }
  std::vector<v1::ServiceRequest> all;
  grpc::Status status = ListAllRequests(inv, request, &all);
  if (!status.ok()) return Fail(status);
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.window_start().seconds() < b.window_start().seconds();
  });
  PrintRequestTable(inv, all);
  return 0;
}

int Quote(Invocation& inv) {
  v1::QuoteServiceRequestRequest r;
  if (inv.Flag("free")) {
    if (inv.Option("amount")) return UsageError("--free: not with --amount");
    r.set_free(true);
  } else if (!MoneyOption(inv, "amount", r.mutable_estimate())) {
    return UsageError(
        "--amount: e.g. 200.00 (or --free for a case-by-case request)");
  }
  r.set_note(inv.OptionOr("note", ""));
  return MoveRequest(inv, r, [](auto* s, auto* c, const auto& q, auto* o) {
    return s->QuoteServiceRequest(c, q, o);
  });
}

int ProposePrice(Invocation& inv) {
  v1::ProposePriceRequest r;
  if (!MoneyOption(inv, "amount", r.mutable_price()))
    return UsageError("--amount: e.g. 150.00");
  r.set_note(inv.OptionOr("note", ""));
  return MoveRequest(inv, r, [](auto* s, auto* c, const auto& q, auto* o) {
    return s->ProposePrice(c, q, o);
  });
}

int DecidePrice(Invocation& inv) {
  v1::DecidePriceRequest r;
  if (!MoneyOption(inv, "amount", r.mutable_price()))
    return UsageError("--amount: e.g. 160.00");
  r.set_note(inv.OptionOr("note", ""));
  return MoveRequest(inv, r, [](auto* s, auto* c, const auto& q, auto* o) {
    return s->DecidePrice(c, q, o);
  });
}

int Dispatch(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::DispatchServiceRequestRequest r;
  r.set_department(
      DepartmentArg(inv, site, inv.OptionOr("department", ""), &code));
  if (code) return code;
  r.set_note(inv.OptionOr("note", ""));
  return MoveRequest(inv, r, [](auto* s, auto* c, const auto& q, auto* o) {
    return s->DispatchServiceRequest(c, q, o);
  });
}

int Assign(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::AssignServiceRequestRequest r;
  r.set_assignee(QualifiedName(site, "staff", inv.OptionOr("to", "")));
  r.set_note(inv.OptionOr("note", ""));
  return MoveRequest(inv, r, [](auto* s, auto* c, const auto& q, auto* o) {
    return s->AssignServiceRequest(c, q, o);
  });
}

int Start(Invocation& inv) {
  v1::StartServiceRequestRequest r;
  r.set_enters_home(inv.Flag("enters-home"));
  return MoveRequest(inv, r, [](auto* s, auto* c, const auto& q, auto* o) {
    return s->StartServiceRequest(c, q, o);
  });
}

int Complete(Invocation& inv) {
  v1::CompleteServiceRequestRequest r;
  r.set_notes(inv.OptionOr("notes", ""));
  if (auto minutes = inv.Option("minutes")) {
    int m = 0;
    if (!absl::SimpleAtoi(*minutes, &m))
      return UsageError("--minutes: a number");
    r.set_minutes_spent(m);
  }
  // "washer:3.00,tape:1.50"
  for (absl::string_view entry :
       absl::StrSplit(inv.OptionOr("materials", ""), ',', absl::SkipEmpty())) {
    const std::vector<std::string> parts = absl::StrSplit(entry, ':');
    int64_t minor = 0;
    if (parts.size() != 2 || !ParseAmount(parts[1], &minor)) {
      return UsageError("--materials: description:cost,... e.g. washer:3.00");
    }
    auto* m = r.add_materials();
    (inv.lang() == Lang::kZh ? m->mutable_description()->mutable_zh()
                             : m->mutable_description()->mutable_en())
        ->assign(parts[0]);
    m->mutable_cost()->set_minor_units(minor);
  }
  return MoveRequest(inv, r, [](auto* s, auto* c, const auto& q, auto* o) {
    return s->CompleteServiceRequest(c, q, o);
  });
}

int SignOff(Invocation& inv) {
  v1::SignOffServiceRequestRequest r;
  r.set_signature_name(inv.OptionOr("signature", ""));
  return MoveRequest(inv, r, [](auto* s, auto* c, const auto& q, auto* o) {
    return s->SignOffServiceRequest(c, q, o);
  });
}

int Dispute(Invocation& inv) {
  v1::DisputeQuoteRequest r;
  r.set_reason(inv.OptionOr("reason", ""));
  return MoveRequest(inv, r, [](auto* s, auto* c, const auto& q, auto* o) {
    return s->DisputeQuote(c, q, o);
  });
}

int Decline(Invocation& inv) {
  v1::DeclineSignOffRequest r;
  r.set_reason(inv.OptionOr("reason", ""));
  return MoveRequest(inv, r, [](auto* s, auto* c, const auto& q, auto* o) {
    return s->DeclineSignOff(c, q, o);
  });
}

int Settle(Invocation& inv) {
  v1::SettleServiceRequestRequest r;
  if (!MoneyOption(inv, "amount", r.mutable_amount()))
    return UsageError("--amount: e.g. 50.00");
  return MoveRequest(inv, r, [](auto* s, auto* c, const auto& q, auto* o) {
    return s->SettleServiceRequest(c, q, o);
  });
}

int Cancel(Invocation& inv) {
  v1::CancelServiceRequestRequest r;
  r.set_reason(inv.OptionOr("reason", ""));
  return MoveRequest(inv, r, [](auto* s, auto* c, const auto& q, auto* o) {
    return s->CancelServiceRequest(c, q, o);
  });
}

int TaskSheet(Invocation& inv) {
  int code = 0;
  v1::GetTaskSheetRequest request;
  request.set_name(RequestNameArg(inv, inv.positional()[0], &code));
  if (code) return code;
  v1::TaskSheet sheet;
  auto stub = RequestStub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->GetTaskSheet(context.get(), request, &sheet);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(sheet);
  } else if (inv.Flag("both")) {
    std::cout << sheet.text().zh() << "\n" << sheet.text().en();
  } else {
    std::cout << inv.Tr(sheet.text().zh(), sheet.text().en());
  }
  return 0;
}

int Ledger(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListPaidServiceRecordsRequest request;
  request.set_parent(site);
  if (int code = TimeOption(inv, "from",
                            [&] { return request.mutable_start_time(); })) {
    return code;
  }
  if (int code =
          TimeOption(inv, "to", [&] { return request.mutable_end_time(); })) {
    return code;
  }
  std::vector<v1::PaidServiceRecord> records;
  v1::ListPaidServiceRecordsResponse last;
  auto stub = RequestStub(inv);
  grpc::Status status = ForEachPage<v1::ListPaidServiceRecordsRequest,
                                    v1::ListPaidServiceRecordsResponse>(
      inv, request,
      [&](grpc::ClientContext* c, const auto& r, auto* out) {
        return stub->ListPaidServiceRecords(c, r, out);
      },
      [&](const v1::ListPaidServiceRecordsResponse& page) {
        records.insert(records.end(), page.records().begin(),
                       page.records().end());
        last = page;
        return true;
      });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    std::vector<const google::protobuf::Message*> out;
    for (const auto& r : records) out.push_back(&r);
    PrintJsonArray(out);
    return 0;
  }
  std::cout << inv.Tr("有償服務活動記錄表", "Paid-service activity record")
            << "\n";
  Table table({"#", inv.Tr("日期", "Date"), inv.Tr("服務", "Service"),
               inv.Tr("住戶", "Resident"), inv.Tr("預算", "Quote"),
               inv.Tr("議定", "Agreed"), inv.Tr("已收", "Settled"),
               inv.Tr("收款人", "Settled by")});
  for (const auto& r : records) {
    table.AddRow({ShortId(r.request()), FormatTime(r.create_time()),
                  inv.Tr(r.item_title().zh(), r.item_title().en()),
                  r.contact_name(), r.has_quote() ? FormatMoney(r.quote()) : "",
                  r.has_agreed_price() ? FormatMoney(r.agreed_price()) : "",
                  r.has_settled_amount() ? FormatMoney(r.settled_amount()) : "",
                  r.settled_by()});
  }
  table.Print();
  std::cout << inv.Tr("合計 ", "Total ") << last.total_count()
            << inv.Tr(" 筆，議定 ", " requests, agreed ")
            << FormatMoney(last.total_agreed())
            << inv.Tr("，已收 ", ", settled ")
            << FormatMoney(last.total_settled()) << "\n";
  return 0;
}

int RepairHistory(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::GetRepairHistoryRequest request;
  request.set_household(QualifiedName(site, "households", inv.positional()[0]));
  v1::RepairHistory history;
  auto stub = RequestStub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->GetRepairHistory(context.get(), request, &history);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(history);
    return 0;
  }
  std::cout << inv.Tr("房屋維修記錄檔案 ", "Repair history of ")
            << history.household() << "\n";
  Table table({inv.Tr("完成", "Completed"), inv.Tr("服務", "Service"),
               inv.Tr("情況", "Work done"), inv.Tr("分鐘", "Minutes"),
               inv.Tr("人員", "By")});
  for (const auto& r : history.records()) {
    table.AddRow({FormatTime(r.complete_time()),
                  inv.Tr(r.item_title().zh(), r.item_title().en()), r.notes(),
                  absl::StrCat(r.minutes_spent()), r.done_by()});
  }
  table.Print();
  return 0;
}

// Prints live task events; reconnects from the last cursor when the server
// goes away, so nothing is missed or shown twice.
int Watch(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::WatchTasksRequest request;
  request.set_parent(site);
  const std::string scope = inv.OptionOr("scope", "");
  if (scope == "site") request.set_scope(v1::WATCH_SCOPE_SITE);
  if (scope == "department") request.set_scope(v1::WATCH_SCOPE_DEPARTMENT);
  if (scope == "mine") request.set_scope(v1::WATCH_SCOPE_ASSIGNED_TO_ME);
  request.set_resume_cursor(inv.OptionOr("resume", ""));
  int remaining = -1;
  if (auto count = inv.Option("count")) {
    if (!absl::SimpleAtoi(*count, &remaining) || remaining < 1) {
      return UsageError("--count: a positive number");
    }
  }
  absl::Duration run_for = absl::InfiniteDuration();
  if (auto v = inv.Option("for")) {
    if (!absl::ParseDuration(*v, &run_for))
      return UsageError("--for: e.g. 30s");
  }
  const absl::Time stop_at = absl::Now() + run_for;
  auto stub = RequestStub(inv);
  for (;;) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + inv.globals().token);
    if (run_for != absl::InfiniteDuration()) {
      context.set_deadline(absl::ToChronoTime(stop_at));
    }
    auto reader = stub->WatchTasks(&context, request);
    v1::TaskEvent event;
    while (reader->Read(&event)) {
      request.set_resume_cursor(event.cursor());
      if (inv.json()) {
        PrintJson(event);
      } else if (event.has_room_action()) {
        // A hotel room action (HousekeepingService) for this department.
        const auto& m = event.room_action_event();
        const auto& a = event.room_action();
        std::cout << FormatTime(m.event_time()) << "  " << a.room_number()
                  << "  #" << ShortId(m.room_action()) << "  " << m.move()
                  << "  "
                  << EnumLabel(v1::RoomActionState_Name(m.after_state()),
                               "ROOM_ACTION_STATE_")
                  << "  " << inv.Tr(a.title().zh(), a.title().en()) << "  "
                  << a.department_code()
                  << (m.note().empty() ? "" : "  " + m.note()) << std::endl;
      } else {
        const auto& r = event.request();
        std::cout << FormatTime(event.event().event_time()) << "  #"
                  << ShortId(event.event().request()) << "  "
                  << event.event().action() << "  "
                  << StateLabel(inv, event.event().after_state()) << "  "
                  << inv.Tr(r.item_title().zh(), r.item_title().en()) << "  "
                  << r.unit()
                  << (event.event().note().empty()
                          ? ""
                          : "  " + event.event().note())
                  << std::endl;
      }
      if (remaining > 0 && --remaining == 0) {
        context.TryCancel();
        reader->Finish();
        return 0;
      }
    }
    grpc::Status status = reader->Finish();
    if (absl::Now() >= stop_at) return 0;
    // UNAVAILABLE: the server went away; RESOURCE_EXHAUSTED: this client
    // fell too far behind. Either way, resume from the last cursor.
    const bool fell_behind =
        status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED &&
        absl::StrContains(status.error_message(), "resume from the cursor");
    if (status.error_code() != grpc::StatusCode::UNAVAILABLE && !fell_behind) {
      return Fail(status);
    }
    std::cerr << inv.Tr("連線中斷，重新連線…", "connection lost, resuming...")
              << "\n";
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

const OptionSpec kSite{"site", "site id or name (default: your own)"};
const OptionSpec kEtag{"etag", "only if the request is still this version"};

Command MoveCommand(std::string path, std::string summary,
                    std::vector<OptionSpec> options, int (*run)(Invocation&)) {
  options.push_back(kSite);
  options.push_back(kEtag);
  return Command{.path = std::move(path),
                 .positional_usage = "<#>",
                 .summary = std::move(summary),
                 .options = std::move(options),
                 .run = run,
                 .min_positional = 1,
                 .max_positional = 1};
}

}  // namespace

std::vector<Command> RequestCommands() {
  return {
      {.path = "register",
       .summary = "register a request for a resident (phone or walk-in)",
       .options = {kSite,
                   {"household", "household id or name", false, true},
                   {"item", "item code or id", false, true},
                   {"resident", "resident id or name"},
                   {"channel", "phone (default) or walk-in"},
                   {"contact", "name to register (default: the resident's)"},
                   {"phone", "phone (default: the resident's)"},
                   {"when", "from, e.g. 2026-12-01 09:00"},
                   {"until", "to"},
                   {"place", "where"},
                   {"content", "what is needed"},
                   {"requirements", "anything to know"},
                   {"let-in", "staff may enter the home: who allows it"},
                   {"fee", "case-by-case items: free or quoted"},
                   {"at-desk", "IMMEDIATE items: done now at the desk", true}},
       .run = Register},
      // A hotel guest's requests: the same requests and moves, taken for
      // a room instead of a household.
      {.path = "guest-request take",
       .summary = "take a hotel guest's request for their room (phone or in "
                  "person)",
       .options = {kSite,
                   {"room", "the guest's room number", false, true},
                   {"item", "guest service code or id, e.g. EXTRA_TOWELS",
                    false, true},
                   {"channel", "phone (default) or in-person"},
                   {"when", "at, e.g. 2026-12-08 06:30 (wake-up call)"},
                   {"content", "what is needed, e.g. two bath towels"}},
       .run = TakeGuestRequest},
      {.path = "guest-request list",
       .summary = "the hotel's open guest requests",
       .options = {kSite,
                   {"room", "one room's only"},
                   {"mine", "assigned to me", true},
                   {"all", "every state", true}},
       .run = ListGuestRequests},
      MoveCommand("guest-request assign", "give a guest's request to someone",
                  {{"to", "staff id or name", false, true}, {"note", "why"}},
                  Assign),
      MoveCommand("guest-request done",
                  "the guest's request is done (started first if needed; a "
                  "priced one is charged to the stay)",
                  {{"notes", "what was done"}}, FinishRequest),
      {.path = "queue",
       .summary = "open requests (yours with --mine)",
       .options = {kSite,
                   {"mine", "assigned to me", true},
                   {"department", "department code"},
                   {"state", "states, e.g. dispatched,assigned"},
                   {"overdue", "only overdue ones", true},
                   {"all", "every state", true}},
       .run = Queue},
      {.path = "jobs",
       .summary = "appointments of a day (--tomorrow or --on DATE)",
       .options = {kSite,
                   {"tomorrow", "tomorrow in the site's time zone", true},
                   {"on", "a day, e.g. 2026-12-08"},
                   {"department", "department code"}},
       .run = Jobs},
      {.path = "request",
       .positional_usage = "<#>",
       .summary = "one request with its history",
       .options = {kSite},
       .run = ShowRequest,
       .min_positional = 1,
       .max_positional = 1},
      MoveCommand("quote",
                  "give an estimate (QUOTED items), or decide a case-by-case "
                  "request is free",
                  {{"amount", "e.g. 200.00"},
                   {"free", "case-by-case items: free, no estimate", true},
                   {"note", "note"}},
                  Quote),
      MoveCommand("dispute", "record the resident's dispute of a price",
                  {{"reason", "why", false, true}}, Dispute),
      MoveCommand("propose-price", "report the negotiated price (supervisor)",
                  {{"amount", "e.g. 150.00", false, true}, {"note", "note"}},
                  ProposePrice),
      MoveCommand("decide-price", "set a disputed price (manager)",
                  {{"amount", "e.g. 160.00", false, true}, {"note", "note"}},
                  DecidePrice),
      MoveCommand(
          "dispatch", "re-route to another department",
          {{"department", "department code", false, true}, {"note", "note"}},
          Dispatch),
      MoveCommand("assign", "name who does it (supervisor)",
                  {{"to", "staff id or name", false, true}, {"note", "note"}},
                  Assign),
      MoveCommand("start", "start the work",
                  {{"enters-home", "the work is inside the home", true}},
                  Start),
      MoveCommand("complete", "finish the work",
                  {{"notes", "what was done"},
                   {"minutes", "minutes spent"},
                   {"materials", "description:cost,..."}},
                  Complete),
      MoveCommand(
          "sign-off", "record the resident's signature",
          {{"signature", "the name signed on the task sheet", false, true}},
          SignOff),
      MoveCommand("decline",
                  "record that the resident does not accept the work (rework)",
                  {{"reason", "what is not right", false, true}}, Decline),
      MoveCommand("settle", "collect the fee once (finance)",
                  {{"amount", "exactly the agreed price", false, true}},
                  Settle),
      MoveCommand("cancel", "cancel with a reason",
                  {{"reason", "why", false, true}}, Cancel),
      {.path = "task-sheet",
       .positional_usage = "<#>",
       .summary = "the printable paid-service task sheet",
       .options = {kSite, {"both", "print Chinese and English", true}},
       .run = TaskSheet,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "ledger",
       .summary = "the paid-service activity record",
       .options = {kSite, {"from", "from date"}, {"to", "to date"}},
       .run = Ledger},
      {.path = "repair-history",
       .positional_usage = "<household>",
       .summary = "a household's repair-history file",
       .options = {kSite},
       .run = RepairHistory,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "watch",
       .summary = "live changes to your department's requests (a hotel: "
                  "its room tasks)",
       .options = {kSite,
                   {"scope", "department, mine or site"},
                   {"resume", "cursor to continue from"},
                   {"count", "stop after this many events"},
                   {"for", "stop after this long, e.g. 30s"}},
       .run = Watch},
  };
}

}  // namespace concierge::cli
