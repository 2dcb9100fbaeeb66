// The front desk from home: parcels waiting, valuables in custody, loans,
// visitors' messages, community events and the household's desk history.

#include <iostream>

#include "absl/strings/numbers.h"
#include "clients/common/common_commands.h"
#include "clients/common/front_desk_view.h"
#include "clients/common/output.h"
#include "clients/resident/commands.h"

namespace concierge::cli {
namespace {

using v1::FrontDeskService;

std::unique_ptr<FrontDeskService::Stub> Stub(Invocation& inv) {
  return FrontDeskService::NewStub(inv.channel());
}

int Parcels(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListMyParcelsRequest request;
  request.set_parent(site);
  if (inv.Flag("waiting")) request.set_state(v1::PARCEL_STATE_WAITING);
  auto stub = Stub(inv);
  std::vector<v1::Parcel> all;
  grpc::Status status =
      CollectAll<v1::Parcel, v1::ListMyParcelsRequest, v1::ListParcelsResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListMyParcels(c, r, out);
          },
          [](const v1::ListParcelsResponse& page) { return page.parcels(); },
          &all);
  if (!status.ok()) return Fail(status);
  PrintParcels(inv, all);
  return 0;
}

int Custody(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListCustodyRequest request;
  request.set_parent(site);
  auto stub = Stub(inv);
  std::vector<v1::CustodyRecord> all;
  grpc::Status status = CollectAll<v1::CustodyRecord, v1::ListCustodyRequest,
                                   v1::ListCustodyResponse>(
      inv, request,
      [&](grpc::ClientContext* c, const auto& r, auto* out) {
        return stub->ListCustody(c, r, out);
      },
      [](const v1::ListCustodyResponse& page) { return page.records(); }, &all);
  if (!status.ok()) return Fail(status);
  PrintCustody(inv, all);
  return 0;
}

int Loans(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListLoansRequest request;
  request.set_parent(site);
  if (inv.Flag("out")) request.set_state(v1::LOAN_STATE_OUT);
  auto stub = Stub(inv);
  std::vector<v1::Loan> all;
  grpc::Status status =
      CollectAll<v1::Loan, v1::ListLoansRequest, v1::ListLoansResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListLoans(c, r, out);
          },
          [](const v1::ListLoansResponse& page) { return page.loans(); }, &all);
  if (!status.ok()) return Fail(status);
  PrintLoans(inv, all);
  return 0;
}

grpc::Status Acknowledge(Invocation& inv, const std::string& name,
                         v1::VisitorMessage* out) {
  v1::AcknowledgeMessageRequest request;
  request.set_name(name);
  return SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return Stub(inv)->AcknowledgeMessage(c, request, out);
  });
}

int Messages(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListMyMessagesRequest request;
  request.set_parent(site);
  request.set_unread_only(inv.Flag("unread") || inv.Flag("ack"));
  auto stub = Stub(inv);
  std::vector<v1::VisitorMessage> all;
  grpc::Status status =
      CollectAll<v1::VisitorMessage, v1::ListMyMessagesRequest,
                 v1::ListMessagesResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListMyMessages(c, r, out);
          },
          [](const v1::ListMessagesResponse& page) { return page.messages(); },
          &all);
  if (!status.ok()) return Fail(status);
  PrintMessages(inv, all);
  if (!inv.Flag("ack")) return 0;
  // Acknowledge what was just shown.
  for (const v1::VisitorMessage& m : all) {
    v1::VisitorMessage acked;
    grpc::Status s = Acknowledge(inv, m.name(), &acked);
    if (!s.ok()) return Fail(s);
  }
  if (!inv.json()) {
    std::cout << inv.Tr("已確認閱讀 ", "Acknowledged ") << all.size()
              << inv.Tr(" 條留言。", " message(s).") << "\n";
  }
  return 0;
}

int MessageAck(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::VisitorMessage out;
  grpc::Status status = Acknowledge(
      inv, QualifiedName(site, "messages", inv.positional()[0]), &out);
  if (!status.ok()) return Fail(status);
  PrintMessage(inv, out);
  return 0;
}

int Events(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListEventsRequest request;
  request.set_parent(site);
  request.set_include_past(inv.Flag("past"));
  auto stub = Stub(inv);
  std::vector<v1::CommunityEvent> all;
  grpc::Status status = CollectAll<v1::CommunityEvent, v1::ListEventsRequest,
                                   v1::ListEventsResponse>(
      inv, request,
      [&](grpc::ClientContext* c, const auto& r, auto* out) {
        return stub->ListEvents(c, r, out);
      },
      [](const v1::ListEventsResponse& page) { return page.events(); }, &all);
  if (!status.ok()) return Fail(status);
  PrintEvents(inv, all);
  if (!inv.json() && !all.empty()) {
    std::cout << inv.Tr(
                     "報名：concierge-resident event register <#> --people N",
                     "Register: concierge-resident event register <#> "
                     "--people N")
              << "\n";
  }
  return 0;
}

int EventRegister(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::RegisterForEventRequest request;
  request.set_parent(QualifiedName(site, "events", inv.positional()[0]));
  request.set_request_id(NewRequestId());
  int people = 1;
  if (auto text = inv.Option("people");
      text && !absl::SimpleAtoi(*text, &people)) {
    return UsageError("--people: a number, e.g. 2");
  }
  request.mutable_registration()->set_party_size(people);
  request.mutable_registration()->set_details(
      inv.OptionOr("repair", inv.OptionOr("note", "")));
  auto stub = Stub(inv);
  v1::EventRegistration out;
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->RegisterForEvent(context.get(), request, &out);
  });
  if (!status.ok()) return Fail(status);
  PrintRegistration(inv, out);
  return 0;
}

int EventCancel(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  const std::string event = QualifiedName(site, "events", inv.positional()[0]);
  // My household's registrations for the event (the server shows residents
  // only their own); cancel the live one.
  v1::ListRegistrationsRequest list;
  list.set_parent(event);
  auto stub = Stub(inv);
  std::vector<v1::EventRegistration> mine;
  grpc::Status status =
      CollectAll<v1::EventRegistration, v1::ListRegistrationsRequest,
                 v1::ListRegistrationsResponse>(
          inv, list,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListRegistrations(c, r, out);
          },
          [](const v1::ListRegistrationsResponse& page) {
            return page.registrations();
          },
          &mine);
  if (!status.ok()) return Fail(status);
  std::string name;
  for (const v1::EventRegistration& r : mine) {
    if (r.state() == v1::EVENT_REGISTRATION_STATE_REGISTERED ||
        r.state() == v1::EVENT_REGISTRATION_STATE_WAITLISTED) {
      name = r.name();
    }
  }
  if (name.empty()) {
    std::cerr << inv.Tr("error: 您沒有報名這個活動。",
                        "error: your household is not registered for this "
                        "event.")
              << "\n";
    return 1;
  }
  v1::CancelRegistrationRequest request;
  request.set_name(name);
  v1::EventRegistration out;
  status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return stub->CancelRegistration(c, request, &out);
  });
  if (!status.ok()) return Fail(status);
  PrintRegistration(inv, out);
  return 0;
}

int History(Invocation& inv) {
  absl::StatusOr<v1::Principal> me = WhoAmI(inv);
  if (!me.ok()) return 1;  // WhoAmI printed why
  v1::ListHouseholdHistoryRequest request;
  request.set_parent(me->household());
  auto stub = Stub(inv);
  std::vector<v1::HouseholdHistoryEntry> all;
  grpc::Status status =
      CollectAll<v1::HouseholdHistoryEntry, v1::ListHouseholdHistoryRequest,
                 v1::ListHouseholdHistoryResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListHouseholdHistory(c, r, out);
          },
          [](const v1::ListHouseholdHistoryResponse& page) {
            return page.entries();
          },
          &all);
  if (!status.ok()) return Fail(status);
  PrintHistory(inv, all);
  return 0;
}

}  // namespace

std::vector<Command> ResidentFrontDeskCommands() {
  return {
      {.path = "parcels",
       .summary = "parcels and registered mail waiting at the desk",
       .options = {{"waiting", "only what is still to be collected", true}},
       .run = Parcels},
      {.path = "custody",
       .summary = "valuables the service center keeps for my household",
       .run = Custody},
      {.path = "loans",
       .summary = "umbrellas and tools my household borrowed",
       .options = {{"out", "only what is still out", true}},
       .run = Loans},
      {.path = "lendables",
       .summary = "what the desk lends and how many are available",
       .run = ListLendablesCommand},
      {.path = "messages",
       .summary = "calls and visitors' messages left at the desk",
       .options = {{"unread", "only unread messages", true},
                   {"ack", "acknowledge the unread messages shown", true}},
       .run = Messages},
      {.path = "message ack",
       .positional_usage = "<#>",
       .summary = "acknowledge one message",
       .run = MessageAck,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "events",
       .summary = "community events coming up, with my registration",
       .options = {{"past", "include events already over", true}},
       .run = Events},
      {.path = "event register",
       .positional_usage = "<event #>",
       .summary = "register my household (waitlisted when full)",
       .options = {{"people", "how many will come (default 1)"},
                   {"repair", "repair day: what needs repairing"},
                   {"note", "anything the organisers should know"}},
       .run = EventRegister,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "event cancel",
       .positional_usage = "<event #>",
       .summary = "cancel my household's registration",
       .run = EventCancel,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "history",
       .summary = "my household's front-desk history",
       .run = History},
  };
}

}  // namespace concierge::cli
