#ifndef CONCIERGE_CLIENTS_STAFF_COMMANDS_H_
#define CONCIERGE_CLIENTS_STAFF_COMMANDS_H_

#include <vector>

#include "clients/common/cli.h"

namespace concierge::cli {

// One function per service area; main.cc concatenates them.
std::vector<Command> DirectoryCommands();
std::vector<Command> CatalogCommands();
std::vector<Command> RequestCommands();
// Hotel guest-history profiles (guest_commands.cc).
std::vector<Command> GuestCommands();
// The residential front desk (front_desk_commands.cc).
std::vector<Command> FrontDeskCommands();
// Follow-ups, complaints, praise, evaluation, surveys, review and plan
// (quality_commands.cc).
std::vector<Command> QualityCommands();
// Hotel housekeeping: rooms, assignments, rules, tasks, approvals
// (housekeeping_commands.cc).
std::vector<Command> HousekeepingCommands();
// Reservations and arrivals: `reservation create|list|cancel`, `arrivals`,
// `prepare` (arrival_commands.cc).
std::vector<Command> ArrivalCommands();

}  // namespace concierge::cli

#endif  // CONCIERGE_CLIENTS_STAFF_COMMANDS_H_
