#ifndef CONCIERGE_CLIENTS_HOUSEKEEPING_COMMANDS_H_
#define CONCIERGE_CLIENTS_HOUSEKEEPING_COMMANDS_H_

#include <vector>

#include "clients/common/cli.h"

namespace concierge::cli {

// Groups of handheld commands; main.cc concatenates them. (Each later
// capability adds its own group.)
inline std::vector<Command> NoMoreCommands() { return {}; }
// The attendant's day (housekeeping_commands.cc): `rooms`, `room <number>`
// (the guest brief with the checklist), `observe`, `done`, `skip`,
// `propose`, `minibar`, `handover`, `handovers`, `tasks`, `codes`, and for
// supervisors
// `approvals`, `approve`, `reject`.
std::vector<Command> HousekeepingCommands();
// Arrivals (arrival_commands.cc): `arrivals` (my rooms' preparations for a
// date) and `prepare <id>`.
std::vector<Command> ArrivalCommands();

}  // namespace concierge::cli

#endif  // CONCIERGE_CLIENTS_HOUSEKEEPING_COMMANDS_H_
