// Reservations and arrivals (ArrivalService): the desk enters, lists and
// cancels reservations; `arrivals` and `prepare` are shared with the
// handheld (clients/common/arrival_common.h).

#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "clients/common/arrival_common.h"
#include "clients/common/common_commands.h"
#include "clients/common/guest_common.h"
#include "clients/common/output.h"
#include "clients/common/paging.h"
#include "clients/staff/commands.h"
#include "concierge/v1/arrivals.grpc.pb.h"

namespace concierge::cli {
namespace {

std::unique_ptr<v1::ArrivalService::Stub> Stub(Invocation& inv) {
  return v1::ArrivalService::NewStub(inv.channel());
}

std::string StateText(Invocation& inv, v1::ReservationState s) {
  switch (s) {
    case v1::RESERVATION_STATE_BOOKED:
      return inv.Tr("已預訂", "booked");
    case v1::RESERVATION_STATE_CHECKED_IN:
      return inv.Tr("已入住", "checked in");
    case v1::RESERVATION_STATE_CANCELLED:
      return inv.Tr("已取消", "cancelled");
    default:
      return "";
  }
}

void PrintReservations(Invocation& inv,
                       const std::vector<v1::Reservation>& reservations) {
  Table table({inv.Tr("預訂", "Reservation"), inv.Tr("客人", "Guest"),
               inv.Tr("到店", "Arrival"), inv.Tr("離店", "Departure"),
               inv.Tr("房型", "Type"), inv.Tr("房號", "Room"),
               inv.Tr("人數", "Party"), inv.Tr("狀態", "State")});
  for (const auto& r : reservations) {
    table.AddRow({r.name(), r.guest(), r.arrival_date(), r.departure_date(),
                  r.room_type(), r.room_number(),
                  absl::StrCat(r.party().adults(), "+", r.party().children(),
                               "+", r.party().infants()),
                  StateText(inv, r.state())});
  }
  table.Print();
}

int ReservationCreate(Invocation& inv) {
  int code = 0;
  v1::CreateReservationRequest request;
  request.set_parent(ResolveSite(inv, &code));
  if (code) return code;
  v1::Reservation* r = request.mutable_reservation();
  const auto zh = inv.Option("new-guest-zh");
  const auto en = inv.Option("new-guest-en");
  if (!inv.positional().empty()) {
    if (zh || en) {
      return UsageError("give a <guest> or --new-guest-zh/--new-guest-en");
    }
    r->set_guest(GuestNameArg(inv.positional()[0]));
  } else if (zh || en) {
    request.mutable_new_guest()->set_chinese_name(zh.value_or(""));
    request.mutable_new_guest()->set_latin_name(en.value_or(""));
    request.mutable_new_guest()->set_phone(inv.OptionOr("phone", ""));
  } else {
    return UsageError("give a <guest> or --new-guest-zh/--new-guest-en");
  }
  r->set_arrival_date(inv.OptionOr("arrival", ""));
  r->set_departure_date(inv.OptionOr("departure", ""));
  r->set_room_type(absl::AsciiStrToUpper(inv.OptionOr("room-type", "")));
  r->set_room_number(inv.OptionOr("room", ""));
  r->set_notes(inv.OptionOr("notes", ""));
  for (auto [option, setter] :
       {std::pair{"adults", &v1::Party::set_adults},
        std::pair{"children", &v1::Party::set_children},
        std::pair{"infants", &v1::Party::set_infants}}) {
    int n = std::string(option) == "adults" ? 1 : 0;
    if (auto v = inv.Option(option); v && !absl::SimpleAtoi(*v, &n)) {
      return UsageError(absl::StrCat("--", option, ": a number"));
    }
    (r->mutable_party()->*setter)(n);
  }
  request.set_request_id(NewRequestId());
  v1::Reservation created;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->CreateReservation(context.get(), request, &created);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) return PrintJson(created), 0;
  PrintReservations(inv, {created});
  return 0;
}

int ReservationList(Invocation& inv) {
  int code = 0;
  v1::ListReservationsRequest request;
  request.set_parent(ResolveSite(inv, &code));
  if (code) return code;
  request.set_arrival_date(inv.OptionOr("date", ""));
  if (auto guest = inv.Option("guest")) request.set_guest(GuestNameArg(*guest));
  if (auto state = inv.Option("state")) {
    v1::ReservationState parsed;
    if (!v1::ReservationState_Parse(
            "RESERVATION_STATE_" + absl::AsciiStrToUpper(*state), &parsed)) {
      return UsageError("--state: booked, checked_in or cancelled");
    }
    request.set_state(parsed);
  }
  auto stub = Stub(inv);
  std::vector<v1::Reservation> all;
  grpc::Status status =
      ForEachPage<v1::ListReservationsRequest, v1::ListReservationsResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListReservations(c, r, out);
          },
          [&](const v1::ListReservationsResponse& page) {
            all.insert(all.end(), page.reservations().begin(),
                       page.reservations().end());
            return true;
          });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    std::vector<const google::protobuf::Message*> out;
    for (const auto& r : all) out.push_back(&r);
    PrintJsonArray(out);
    return 0;
  }
  PrintReservations(inv, all);
  return 0;
}

int ReservationCancel(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::CancelReservationRequest request;
  request.set_name(QualifiedName(site, "reservations", inv.positional()[0]));
  request.set_reason(inv.OptionOr("reason", ""));
  v1::Reservation cancelled;
  auto stub = Stub(inv);
  grpc::Status status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return stub->CancelReservation(c, request, &cancelled);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) return PrintJson(cancelled), 0;
  PrintReservations(inv, {cancelled});
  return 0;
}

}  // namespace

std::vector<Command> ArrivalCommands() {
  const OptionSpec site{"site", "site id or name (default: your own)"};
  return {
      {.path = "reservation create",
       .positional_usage = "[<guest>]",
       .summary = "enter a reservation for a guest (or a new guest)",
       .options = {site,
                   {"arrival", "arrival date, YYYY-MM-DD", false, true},
                   {"departure", "departure date, YYYY-MM-DD", false, true},
                   {"room-type", "e.g. KING"},
                   {"room", "room number, once known"},
                   {"adults", "default 1"},
                   {"children", "default 0"},
                   {"infants", "children under two, default 0"},
                   {"notes", "for the desk"},
                   {"new-guest-zh", "a new guest's Chinese name"},
                   {"new-guest-en", "a new guest's Latin name"},
                   {"phone", "a new guest's phone"}},
       .run = ReservationCreate,
       .min_positional = 0,
       .max_positional = 1},
      {.path = "reservation list",
       .positional_usage = "",
       .summary = "your hotel's reservations",
       .options = {site,
                   {"date", "arrival date, YYYY-MM-DD"},
                   {"guest", "only this guest"},
                   {"state", "booked, checked_in or cancelled"}},
       .run = ReservationList},
      {.path = "reservation cancel",
       .positional_usage = "<reservation>",
       .summary = "cancel a booked reservation",
       .options = {site, {"reason", "why"}},
       .run = ReservationCancel,
       .min_positional = 1,
       .max_positional = 1},
      ArrivalsCommand(),
      PrepareCommand(),
  };
}

}  // namespace concierge::cli
