// concierge-staff: the terminal of managers, supervisors, reception, finance
// and administrators.

#include "clients/common/cli.h"
#include "clients/common/common_commands.h"
#include "clients/staff/commands.h"

int main(int argc, char** argv) {
  using namespace concierge::cli;
  std::vector<Command> commands = {WhoAmICommand()};
  for (auto group : {DirectoryCommands, CatalogCommands, RequestCommands,
                     GuestCommands, FrontDeskCommands, QualityCommands,
                     HousekeepingCommands, ArrivalCommands}) {
    for (Command& c : group()) commands.push_back(std::move(c));
  }
  return RunCli("concierge-staff",
                "staff terminal for the service center and the hotel", commands,
                argc, argv);
}
