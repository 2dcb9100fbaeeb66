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

// The sign-in link for concierge-web at --web (or CONCIERGE_WEB_URL) that
// holds `token`, its QR code in the terminal, and with --qr the code as a
// PNG or SVG file to print (directory_commands.cc). Returns the exit code
// (2: no usable URL or file).
int PrintSignIn(Invocation& inv, const std::string& token);
extern const OptionSpec kWebOption;
extern const OptionSpec kQrOption;
extern const OptionSpec kNoQrOption;

}  // namespace concierge::cli

#endif  // CONCIERGE_CLIENTS_STAFF_COMMANDS_H_
