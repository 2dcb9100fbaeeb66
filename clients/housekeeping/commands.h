#ifndef CONCIERGE_CLIENTS_HOUSEKEEPING_COMMANDS_H_
#define CONCIERGE_CLIENTS_HOUSEKEEPING_COMMANDS_H_

#include <vector>

#include "clients/common/cli.h"

namespace concierge::cli {

// Groups of handheld commands; main.cc concatenates them. (Each later
// capability adds its own group.)
inline std::vector<Command> NoMoreCommands() { return {}; }
// `room <number>` (the brief) and `observe` (guest_commands.cc).
std::vector<Command> GuestCommands();

}  // namespace concierge::cli

#endif  // CONCIERGE_CLIENTS_HOUSEKEEPING_COMMANDS_H_
