#ifndef CONCIERGE_CLIENTS_RESIDENT_COMMANDS_H_
#define CONCIERGE_CLIENTS_RESIDENT_COMMANDS_H_

#include <vector>

#include "clients/common/cli.h"

namespace concierge::cli {

// Groups of resident commands; main.cc concatenates them.
std::vector<Command> ResidentHouseholdCommands();
std::vector<Command> ResidentCatalogCommands();
std::vector<Command> ResidentRequestCommands();
// Parcels, custody, loans, messages, events (front_desk_commands.cc).
std::vector<Command> ResidentFrontDeskCommands();
// Complaints, suggestions and surveys (quality_commands.cc).
std::vector<Command> ResidentQualityCommands();

}  // namespace concierge::cli

#endif  // CONCIERGE_CLIENTS_RESIDENT_COMMANDS_H_
