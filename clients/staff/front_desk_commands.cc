// The residential front desk: parcels and registered mail, valuables
// custody, lending, visitors' messages, community events and a household's
// desk history.

#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "clients/common/catalog_view.h"
#include "clients/common/common_commands.h"
#include "clients/common/front_desk_view.h"
#include "clients/common/output.h"
#include "clients/staff/commands.h"

namespace concierge::cli {
namespace {

using v1::FrontDeskService;

const OptionSpec kSite{"site", "site id (default: your own)"};

std::unique_ptr<FrontDeskService::Stub> Stub(Invocation& inv) {
  return FrontDeskService::NewStub(inv.channel());
}

std::string Household(Invocation& inv, const std::string& site) {
  const std::string text = inv.OptionOr("household", "");
  return text.empty() ? "" : QualifiedName(site, "households", text);
}

// Runs a create (it carries a fresh request_id, so retries are safe).
template <typename Call>
grpc::Status Create(Call call) {
  return RetryIdempotent(call);
}

// --- parcels
// ----------------------------------------------------------------------

bool ParseKind(const std::string& text, v1::ParcelKind* out) {
  std::string upper =
      absl::StrReplaceAll(absl::AsciiStrToUpper(text), {{"-", "_"}});
  if (upper == "LETTER") upper = "REGISTERED_LETTER";
  if (upper == "REMITTANCE") upper = "REMITTANCE_SLIP";
  if (upper == "NOTICE") upper = "PARCEL_NOTICE";
  return v1::ParcelKind_Parse("PARCEL_KIND_" + upper, out) &&
         *out != v1::PARCEL_KIND_UNSPECIFIED;
}

int ParcelLog(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::LogParcelRequest request;
  request.set_parent(site);
  request.set_request_id(NewRequestId());
  v1::Parcel* p = request.mutable_parcel();
  p->set_household(Household(inv, site));
  v1::ParcelKind kind;
  if (!ParseKind(inv.OptionOr("kind", "parcel"), &kind)) {
    return UsageError(
        "--kind: parcel, registered-letter, remittance-slip or parcel-notice");
  }
  p->set_kind(kind);
  p->set_carrier(inv.OptionOr("carrier", ""));
  p->set_tracking_number(inv.OptionOr("tracking", ""));
  p->set_shelf(inv.OptionOr("shelf", ""));
  p->set_photo_ref(inv.OptionOr("photo", ""));
  p->set_note(inv.OptionOr("note", ""));
  v1::Parcel out;
  auto stub = Stub(inv);
  grpc::Status status = Create([&] {
    auto context = inv.NewContext();
    return stub->LogParcel(context.get(), request, &out);
  });
  if (!status.ok()) return Fail(status);
  PrintParcel(inv, out);
  return 0;
}

int ParcelList(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListParcelsRequest request;
  request.set_parent(site);
  request.set_household(Household(inv, site));
  if (inv.Flag("waiting")) request.set_state(v1::PARCEL_STATE_WAITING);
  if (inv.Flag("collected")) request.set_state(v1::PARCEL_STATE_COLLECTED);
  if (auto days = inv.Option("older-than")) {
    int n = 0;
    if (!absl::SimpleAtoi(*days, &n)) return UsageError("--older-than: days");
    request.set_older_than_days(n);
  }
  auto stub = Stub(inv);
  std::vector<v1::Parcel> all;
  grpc::Status status =
      CollectAll<v1::Parcel, v1::ListParcelsRequest, v1::ListParcelsResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListParcels(c, r, out);
          },
          [](const v1::ListParcelsResponse& page) { return page.parcels(); },
          &all);
  if (!status.ok()) return Fail(status);
  PrintParcels(inv, all);
  return 0;
}

int ParcelPickup(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::RecordPickupRequest request;
  request.set_name(QualifiedName(site, "parcels", inv.positional()[0]));
  request.set_collected_by(inv.OptionOr("by", ""));
  request.set_signature_name(inv.OptionOr("signature", inv.OptionOr("by", "")));
  v1::Parcel out;
  grpc::Status status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return Stub(inv)->RecordPickup(c, request, &out);
  });
  if (!status.ok()) return Fail(status);
  PrintParcel(inv, out);
  return 0;
}

// --- custody
// ----------------------------------------------------------------------

int CustodyDeposit(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::DepositValuablesRequest request;
  request.set_parent(site);
  request.set_request_id(NewRequestId());
  v1::CustodyRecord* r = request.mutable_record();
  r->set_household(Household(inv, site));
  r->set_description(inv.OptionOr("description", ""));
  r->set_receipt_number(inv.OptionOr("receipt", ""));
  r->set_deposited_by(inv.OptionOr("from", ""));
  r->set_note(inv.OptionOr("note", ""));
  v1::CustodyRecord out;
  auto stub = Stub(inv);
  grpc::Status status = Create([&] {
    auto context = inv.NewContext();
    return stub->DepositValuables(context.get(), request, &out);
  });
  if (!status.ok()) return Fail(status);
  PrintCustodyRecord(inv, out);
  return 0;
}

int CustodyList(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListCustodyRequest request;
  request.set_parent(site);
  request.set_household(Household(inv, site));
  if (inv.Flag("held")) request.set_state(v1::CUSTODY_STATE_HELD);
  if (inv.Flag("returned")) request.set_state(v1::CUSTODY_STATE_RETURNED);
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

int CustodyReturn(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ReturnValuablesRequest request;
  request.set_name(QualifiedName(site, "custody", inv.positional()[0]));
  request.set_household(Household(inv, site));
  request.set_collected_by(inv.OptionOr("by", ""));
  request.set_receipt_number(inv.OptionOr("receipt", ""));
  request.set_note(inv.OptionOr("note", ""));
  v1::CustodyRecord out;
  grpc::Status status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return Stub(inv)->ReturnValuables(c, request, &out);
  });
  if (!status.ok()) return Fail(status);
  PrintCustodyRecord(inv, out);
  return 0;
}

// --- lending
// ------------------------------------------------------------------------

int LendableAdd(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::CreateLendableItemRequest request;
  request.set_parent(site);
  request.set_request_id(NewRequestId());
  v1::LendableItem* l = request.mutable_lendable();
  l->mutable_display_name()->set_zh(inv.OptionOr("zh", ""));
  l->mutable_display_name()->set_en(inv.OptionOr("en", ""));
  int count = 0;
  if (!absl::SimpleAtoi(inv.OptionOr("count", ""), &count)) {
    return UsageError("--count: how many the site owns, e.g. 10");
  }
  l->set_total_count(count);
  if (auto item = inv.Option("item")) {
    l->set_item(ResolveItem(inv, site, *item, &code));
    if (code) return code;
  }
  v1::LendableItem out;
  auto stub = Stub(inv);
  grpc::Status status = Create([&] {
    auto context = inv.NewContext();
    return stub->CreateLendableItem(context.get(), request, &out);
  });
  if (!status.ok()) return Fail(status);
  PrintLendables(inv, {out});
  return 0;
}

int LendableStock(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::SetLendableStockRequest request;
  request.set_name(QualifiedName(site, "lendables", inv.positional()[0]));
  int count = 0;
  if (!absl::SimpleAtoi(inv.OptionOr("count", ""), &count)) {
    return UsageError("--count: how many the site owns now, e.g. 12");
  }
  request.set_total_count(count);
  request.set_reason(inv.OptionOr("reason", ""));
  v1::LendableItem out;
  grpc::Status status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return Stub(inv)->SetLendableStock(c, request, &out);
  });
  if (!status.ok()) return Fail(status);
  PrintLendables(inv, {out});
  return 0;
}

int Lend(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::LendItemRequest request;
  request.set_parent(site);
  request.set_request_id(NewRequestId());
  v1::Loan* loan = request.mutable_loan();
  loan->set_lendable(QualifiedName(site, "lendables", inv.positional()[0]));
  loan->set_household(Household(inv, site));
  loan->set_borrower(inv.OptionOr("borrower", ""));
  if (auto hours = inv.Option("hours")) {
    int n = 0;
    if (!absl::SimpleAtoi(*hours, &n)) return UsageError("--hours: e.g. 24");
    SetTimestamp(absl::Now() + absl::Hours(n), loan->mutable_due_time());
  } else if (int code = TimeOption(inv, "due",
                                   [&] { return loan->mutable_due_time(); })) {
    return code;
  }
  v1::Loan out;
  auto stub = Stub(inv);
  grpc::Status status = Create([&] {
    auto context = inv.NewContext();
    return stub->LendItem(context.get(), request, &out);
  });
  if (!status.ok()) return Fail(status);
  PrintLoan(inv, out);
  return 0;
}

int Return(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ReturnItemRequest request;
  request.set_name(QualifiedName(site, "loans", inv.positional()[0]));
  v1::Loan out;
  grpc::Status status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return Stub(inv)->ReturnItem(c, request, &out);
  });
  if (!status.ok()) return Fail(status);
  PrintLoan(inv, out);
  return 0;
}

int Loans(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListLoansRequest request;
  request.set_parent(site);
  request.set_household(Household(inv, site));
  request.set_overdue_only(inv.Flag("overdue"));
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

// --- messages
// ----------------------------------------------------------------------

int MessageLeave(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::LeaveMessageRequest request;
  request.set_parent(site);
  request.set_request_id(NewRequestId());
  v1::VisitorMessage* m = request.mutable_message();
  m->set_household(Household(inv, site));
  m->set_from_name(inv.OptionOr("from", ""));
  m->set_from_phone(inv.OptionOr("phone", ""));
  m->set_text(inv.OptionOr("text", ""));
  m->set_channel(inv.Flag("in-person") ? v1::MESSAGE_CHANNEL_IN_PERSON
                                       : v1::MESSAGE_CHANNEL_PHONE);
  v1::VisitorMessage out;
  auto stub = Stub(inv);
  grpc::Status status = Create([&] {
    auto context = inv.NewContext();
    return stub->LeaveMessage(context.get(), request, &out);
  });
  if (!status.ok()) return Fail(status);
  PrintMessage(inv, out);
  return 0;
}

// --- events
// --------------------------------------------------------------------------

int EventCreate(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::CreateEventRequest request;
  request.set_parent(site);
  request.set_request_id(NewRequestId());
  v1::CommunityEvent* e = request.mutable_event();
  e->set_item(ResolveItem(inv, site, inv.OptionOr("item", ""), &code));
  if (code) return code;
  e->mutable_title()->set_zh(inv.OptionOr("title-zh", ""));
  e->mutable_title()->set_en(inv.OptionOr("title-en", ""));
  e->mutable_description()->set_zh(inv.OptionOr("about-zh", ""));
  e->mutable_description()->set_en(inv.OptionOr("about-en", ""));
  e->mutable_place()->set_zh(inv.OptionOr("place-zh", ""));
  e->mutable_place()->set_en(inv.OptionOr("place-en", ""));
  int capacity = 0;
  if (!absl::SimpleAtoi(inv.OptionOr("capacity", ""), &capacity)) {
    return UsageError("--capacity: places, in people, e.g. 30");
  }
  e->set_capacity(capacity);
  if (int c =
          TimeOption(inv, "start", [&] { return e->mutable_start_time(); })) {
    return c;
  }
  if (int c = TimeOption(inv, "end", [&] { return e->mutable_end_time(); })) {
    return c;
  }
  if (int c = TimeOption(inv, "register-by",
                         [&] { return e->mutable_registration_deadline(); })) {
    return c;
  }
  v1::CommunityEvent out;
  auto stub = Stub(inv);
  grpc::Status status = Create([&] {
    auto context = inv.NewContext();
    return stub->CreateEvent(context.get(), request, &out);
  });
  if (!status.ok()) return Fail(status);
  PrintEvent(inv, out);
  return 0;
}

int EventList(Invocation& inv) {
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
  return 0;
}

std::vector<v1::EventRegistration> Registrations(Invocation& inv,
                                                 const std::string& event,
                                                 grpc::Status* status) {
  v1::ListRegistrationsRequest request;
  request.set_parent(event);
  auto stub = Stub(inv);
  std::vector<v1::EventRegistration> all;
  *status = CollectAll<v1::EventRegistration, v1::ListRegistrationsRequest,
                       v1::ListRegistrationsResponse>(
      inv, request,
      [&](grpc::ClientContext* c, const auto& r, auto* out) {
        return stub->ListRegistrations(c, r, out);
      },
      [](const v1::ListRegistrationsResponse& page) {
        return page.registrations();
      },
      &all);
  return all;
}

int EventRegistrations(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  grpc::Status status;
  const auto all = Registrations(
      inv, QualifiedName(site, "events", inv.positional()[0]), &status);
  if (!status.ok()) return Fail(status);
  PrintRegistrations(inv, all);
  return 0;
}

int EventRegister(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::RegisterForEventRequest request;
  request.set_parent(QualifiedName(site, "events", inv.positional()[0]));
  request.set_request_id(NewRequestId());
  v1::EventRegistration* r = request.mutable_registration();
  r->set_household(Household(inv, site));
  int people = 1;
  if (auto text = inv.Option("people");
      text && !absl::SimpleAtoi(*text, &people)) {
    return UsageError("--people: a number, e.g. 2");
  }
  r->set_party_size(people);
  r->set_details(inv.OptionOr("details", ""));
  v1::EventRegistration out;
  auto stub = Stub(inv);
  grpc::Status status = Create([&] {
    auto context = inv.NewContext();
    return stub->RegisterForEvent(context.get(), request, &out);
  });
  if (!status.ok()) return Fail(status);
  PrintRegistration(inv, out);
  return 0;
}

// The household's registration for the event that is not cancelled.
std::string LiveRegistration(Invocation& inv, const std::string& event,
                             const std::string& household, int* code) {
  grpc::Status status;
  const auto all = Registrations(inv, event, &status);
  if (!status.ok()) {
    *code = Fail(status);
    return "";
  }
  for (const v1::EventRegistration& r : all) {
    if (r.household() == household &&
        r.state() != v1::EVENT_REGISTRATION_STATE_CANCELLED) {
      return r.name();
    }
  }
  *code = UsageError("that household has no registration for this event");
  return "";
}

int EventCancel(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  const std::string event = QualifiedName(site, "events", inv.positional()[0]);
  v1::CancelRegistrationRequest request;
  request.set_name(LiveRegistration(inv, event, Household(inv, site), &code));
  if (code) return code;
  v1::EventRegistration out;
  grpc::Status status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return Stub(inv)->CancelRegistration(c, request, &out);
  });
  if (!status.ok()) return Fail(status);
  PrintRegistration(inv, out);
  return 0;
}

int EventCallOff(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::CancelEventRequest request;
  request.set_name(QualifiedName(site, "events", inv.positional()[0]));
  request.set_reason(inv.OptionOr("reason", ""));
  v1::CommunityEvent out;
  grpc::Status status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return Stub(inv)->CancelEvent(c, request, &out);
  });
  if (!status.ok()) return Fail(status);
  PrintEvent(inv, out);
  return 0;
}

int EventAttendance(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  const std::string event = QualifiedName(site, "events", inv.positional()[0]);
  if (!inv.Option("household")) {
    // Without a household: the attendance sheet so far.
    grpc::Status status;
    const auto all = Registrations(inv, event, &status);
    if (!status.ok()) return Fail(status);
    PrintRegistrations(inv, all);
    return 0;
  }
  v1::RecordAttendanceRequest request;
  request.set_name(LiveRegistration(inv, event, Household(inv, site), &code));
  if (code) return code;
  request.set_attended(!inv.Flag("absent"));
  if (auto text = inv.Option("people")) {
    int people = 0;
    if (!absl::SimpleAtoi(*text, &people))
      return UsageError("--people: e.g. 2");
    request.set_people(people);
  }
  v1::EventRegistration out;
  grpc::Status status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return Stub(inv)->RecordAttendance(c, request, &out);
  });
  if (!status.ok()) return Fail(status);
  PrintRegistration(inv, out);
  return 0;
}

// --- history
// ------------------------------------------------------------------------

int History(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListHouseholdHistoryRequest request;
  request.set_parent(QualifiedName(site, "households", inv.positional()[0]));
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

std::vector<Command> FrontDeskCommands() {
  const OptionSpec household{"household", "household id", false, true};
  return {
      {.path = "parcel log",
       .summary = "log a parcel or registered mail for a household",
       .options = {kSite,
                   household,
                   {"kind",
                    "parcel (default), registered-letter, remittance-slip, "
                    "parcel-notice"},
                   {"carrier", "e.g. SF Express, China Post", false, true},
                   {"tracking", "tracking or registration number"},
                   {"shelf", "where it waits, e.g. A2", false, true},
                   {"photo", "photo reference"},
                   {"note", "e.g. fragile"}},
       .run = ParcelLog},
      {.path = "parcel list",
       .summary = "parcels at the desk, newest first",
       .options = {kSite,
                   {"household", "only this household"},
                   {"waiting", "only those still waiting", true},
                   {"collected", "only those collected", true},
                   {"older-than", "logged more than N days ago (reminders)"}},
       .run = ParcelList},
      {.path = "parcel pickup",
       .positional_usage = "<parcel #>",
       .summary = "record who collected a parcel (once)",
       .options = {kSite,
                   {"by", "who collected it", false, true},
                   {"signature", "the name signed (default: --by)"}},
       .run = ParcelPickup,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "custody deposit",
       .summary = "take valuables into custody against a receipt",
       .options = {kSite,
                   household,
                   {"description", "what is kept", false, true},
                   {"receipt", "the paper receipt's number", false, true},
                   {"from", "the person who brought it", false, true},
                   {"note", "remarks"}},
       .run = CustodyDeposit},
      {.path = "custody list",
       .summary = "valuables in custody, newest first",
       .options = {kSite,
                   {"household", "only this household"},
                   {"held", "only those still held", true},
                   {"returned", "only those returned", true}},
       .run = CustodyList},
      {.path = "custody return",
       .positional_usage = "<record #>",
       .summary = "hand valuables back to the depositing household",
       .options = {kSite,
                   household,
                   {"by", "the person collecting", false, true},
                   {"receipt", "the receipt presented"},
                   {"note", "remarks"}},
       .run = CustodyReturn,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "lendable add",
       .summary = "add umbrellas or tools the desk lends",
       .options = {kSite,
                   {"zh", "Chinese name", false, true},
                   {"en", "English name", false, true},
                   {"count", "how many the site owns", false, true},
                   {"item", "catalogue item, e.g. UMBRELLA_LENDING"}},
       .run = LendableAdd},
      {.path = "lendable list",
       .summary = "what the desk lends and how many are available",
       .options = {kSite},
       .run = ListLendablesCommand},
      {.path = "lendable stock",
       .positional_usage = "<lendable #>",
       .summary = "correct how many the site owns (bought, lost, broken)",
       .options = {kSite,
                   {"count", "how many the site owns now", false, true},
                   {"reason", "why it changed", false, true}},
       .run = LendableStock,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "lend",
       .positional_usage = "<lendable #>",
       .summary = "lend one to a household until a due time",
       .options = {kSite,
                   household,
                   {"borrower", "who takes it", false, true},
                   {"due", "due back, e.g. 2026-12-01 18:00"},
                   {"hours", "due back in N hours (instead of --due)"}},
       .run = Lend,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "return",
       .positional_usage = "<loan #>",
       .summary = "take a lent item back",
       .options = {kSite},
       .run = Return,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "loans",
       .summary = "loans, newest first",
       .options = {kSite,
                   {"household", "only this household"},
                   {"out", "only those still out", true},
                   {"overdue", "only those out past their due time", true}},
       .run = Loans},
      {.path = "message leave",
       .summary = "write down a call or a visitor's message for a household",
       .options = {kSite,
                   household,
                   {"from", "who called or came", false, true},
                   {"phone", "call-back number"},
                   {"text", "the message", false, true},
                   {"in-person", "a visitor at the desk (default: a call)",
                    true}},
       .run = MessageLeave},
      {.path = "event create",
       .summary = "schedule a community event of a catalogue item",
       .options = {kSite,
                   {"item", "e.g. FREE_REPAIR_DAY, MEDICAL_CONSULT_DAY", false,
                    true},
                   {"start", "e.g. 2026-04-11 09:00", false, true},
                   {"end", "e.g. 2026-04-11 16:00", false, true},
                   {"register-by", "registration closes, e.g. 2026-04-09 18:00",
                    false, true},
                   {"capacity", "places, in people", false, true},
                   {"place-zh", "place in Chinese"},
                   {"place-en", "place in English"},
                   {"title-zh", "title (default: the item's)"},
                   {"title-en", "title (default: the item's)"},
                   {"about-zh", "description in Chinese"},
                   {"about-en", "description in English"}},
       .run = EventCreate},
      {.path = "event list",
       .summary = "community events coming up",
       .options = {kSite, {"past", "include events already over", true}},
       .run = EventList},
      {.path = "event registrations",
       .positional_usage = "<event #>",
       .summary = "an event's registrations and waitlist",
       .options = {kSite},
       .run = EventRegistrations,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "event register",
       .positional_usage = "<event #>",
       .summary = "register a household that phoned or came in",
       .options = {kSite,
                   household,
                   {"people", "how many will come (default 1)"},
                   {"details", "repair day: what needs repairing"}},
       .run = EventRegister,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "event cancel",
       .positional_usage = "<event #>",
       .summary = "cancel a household's registration",
       .options = {kSite, household},
       .run = EventCancel,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "event call-off",
       .positional_usage = "<event #>",
       .summary = "cancel the whole event; every registered household is told",
       .options = {kSite,
                   {"reason", "why, e.g. the doctor cannot come", false, true}},
       .run = EventCallOff,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "event attendance",
       .positional_usage = "<event #>",
       .summary = "record who came (without --household: the sheet)",
       .options = {kSite,
                   {"household", "the household"},
                   {"people", "how many came (default: as registered)"},
                   {"absent", "the household did not come", true}},
       .run = EventAttendance,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "history",
       .positional_usage = "<household #>",
       .summary = "a household's front-desk history, newest first",
       .options = {kSite},
       .run = History,
       .min_positional = 1,
       .max_positional = 1},
  };
}

}  // namespace concierge::cli
