// The handheld's day: the rooms assigned to the attendant, one room's brief
// and checklist, observations and the suggestions they bring (with why), and
// what became of each action. Short lines, the most important first.

#include <iostream>

#include "absl/strings/str_cat.h"
#include "clients/common/common_commands.h"
#include "clients/common/guest_common.h"
#include "clients/common/housekeeping_common.h"
#include "clients/common/output.h"
#include "clients/common/request_commands.h"
#include "clients/housekeeping/commands.h"
#include "concierge/v1/housekeeping.grpc.pb.h"

namespace concierge::cli {
namespace {

using v1::HousekeepingService;

std::unique_ptr<HousekeepingService::Stub> Stub(Invocation& inv) {
  return HousekeepingService::NewStub(inv.channel());
}

int Rooms(Invocation& inv) {
  int code = 0;
  v1::ListMyRoomsRequest request;
  request.set_parent(ResolveSite(inv, &code));
  if (code) return code;
  request.set_business_date(inv.OptionOr("date", ""));
  if (auto attendant = inv.Option("attendant")) {
    request.set_attendant(QualifiedName(request.parent(), "staff", *attendant));
  }
  v1::ListMyRoomsResponse response;
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return Stub(inv)->ListMyRooms(context.get(), request, &response);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(response);
    return 0;
  }
  std::cout << response.business_date() << "  " << response.rooms_size()
            << inv.Tr(" 間房", " room(s)") << "\n";
  if (response.rooms().empty()) {
    std::cout << inv.Tr("今天沒有分配房間", "No rooms assigned for the day")
              << "\n";
  }
  for (const v1::RoomDay& day : response.rooms()) PrintRoomDay(inv, day, false);
  return 0;
}

int Room(Invocation& inv) {
  int code = 0;
  v1::GetRoomDayRequest request;
  request.set_site(ResolveSite(inv, &code));
  if (code) return code;
  request.set_room_number(inv.positional()[0]);
  v1::RoomDay day;
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return Stub(inv)->GetRoomDay(context.get(), request, &day);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(day);
    return 0;
  }
  PrintRoomDay(inv, day, true);
  return 0;
}

int Observe(Invocation& inv) {
  const std::vector<std::string>& args = inv.positional();
  if (args.size() == 1) {
    // No codes: a note and/or a preference straight onto the profile
    // (GuestProfileService.RecordObservation).
    if (inv.Flag("turndown")) {
      return UsageError("--turndown: give observation codes");
    }
    return ObserveCommand().run(inv);
  }
  if (inv.Option("pref")) {
    return UsageError("--pref: give observation codes or --pref, not both");
  }
  int code = 0;
  v1::SubmitObservationsRequest request;
  request.set_site(ResolveSite(inv, &code));
  if (code) return code;
  request.set_room_number(args[0]);
  request.set_kind(inv.Flag("turndown") ? v1::VISIT_KIND_TURNDOWN
                                        : v1::VISIT_KIND_CLEANING);
  for (size_t i = 1; i < args.size(); ++i) {
    std::string error;
    if (!ParseObservationArg(args[i], request.add_observations(), &error)) {
      return UsageError(error);
    }
  }
  request.set_note(inv.OptionOr("note", ""));
  request.set_request_id(NewRequestId());
  v1::Visit visit;
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return Stub(inv)->SubmitObservations(context.get(), request, &visit);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(visit);
    return 0;
  }
  std::cout << visit.room_number() << "  " << visit.actions_size()
            << inv.Tr(" 項建議", " suggestion(s)") << "\n";
  // What waits for someone else first, then the room's work, then the
  // next shift's.
  for (int pass = 0; pass < 4; ++pass) {
    for (const v1::RoomAction& a : visit.actions()) {
      const int rank = a.state() == v1::ROOM_ACTION_STATE_PENDING_APPROVAL ? 0
                       : a.department_task()                               ? 1
                       : a.for_next_shift()                                ? 3
                                                                           : 2;
      if (rank == pass) PrintAction(inv, a, true);
    }
  }
  if (!visit.profile_note().empty()) {
    std::cout << inv.Tr("備註已記入客史", "Note recorded on the profile")
              << "\n";
  }
  return 0;
}

// Guests' requests given to me (issue 22): towels, a crib, an iron...
// The same requests as the front desk's, open ones, oldest first.
int MyRequests(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListServiceRequestsRequest request;
  request.set_parent(site);
  request.set_assignee("me");
  request.add_states(v1::REQUEST_STATE_ASSIGNED);
  request.add_states(v1::REQUEST_STATE_IN_PROGRESS);
  std::vector<v1::ServiceRequest> all;
  grpc::Status status = ListAllRequests(inv, request, &all);
  if (!status.ok()) return Fail(status);
  if (all.empty() && !inv.json()) {
    std::cout << inv.Tr("沒有待辦的客人要求", "No guest requests for you")
              << "\n";
    return 0;
  }
  PrintRequestTable(inv, all);
  return 0;
}

}  // namespace

std::vector<Command> HousekeepingCommands() {
  const OptionSpec site{"site", "site id (default: your own)"};
  Command observe = ObserveCommand();
  observe.positional_usage = "<room-number> [CODE[(n)]...]";
  observe.summary =
      "report what you see in a room (codes, e.g. AC_SETPOINT(23)) and get "
      "the suggested actions; without codes, --note/--pref go to the profile";
  observe.options.push_back(
      {"turndown", "the evening turndown (default: cleaning)", true});
  observe.run = Observe;
  observe.max_positional = -1;
  return {
      {.path = "rooms",
       .positional_usage = "",
       .summary = "your rooms today: state, guest, checklist, handover",
       .options = {site,
                   {"date", "business date YYYY-MM-DD (default: today)"},
                   {"attendant", "another attendant (supervisors)"}},
       .run = Rooms},
      {.path = "room",
       .positional_usage = "<room-number>",
       .summary = "one room: the guest brief, checklist, open actions",
       .options = {site},
       .run = Room,
       .min_positional = 1,
       .max_positional = 1},
      observe,
      DoneCommand(),
      SkipCommand(),
      ProposeCommand(),
      HandoverCommand(),
      HandoversCommand(),
      TasksCommand(),
      MinibarCommand(),
      CodesCommand(),
      ApprovalsCommand(),
      DayActionsCommand(),
      ApproveCommand(),
      RejectCommand(),
      {.path = "requests",
       .summary = "guests' requests given to me (towels, a crib...)",
       .options = {site},
       .run = MyRequests},
      {.path = "request-done",
       .positional_usage = "<#>",
       .summary = "a guest's request is done (a priced one is charged to the "
                  "stay)",
       .options = {site, {"notes", "what was done"}},
       .run = FinishRequest,
       .min_positional = 1,
       .max_positional = 1},
  };
}

}  // namespace concierge::cli
