// concierge-resident: what a resident does from home.

#include "clients/common/cli.h"
#include "clients/common/common_commands.h"
#include "clients/resident/commands.h"

int main(int argc, char** argv) {
  using namespace concierge::cli;
  std::vector<Command> commands = {WhoAmICommand()};
  for (auto group : {ResidentHouseholdCommands, ResidentCatalogCommands,
                     ResidentRequestCommands, ResidentFrontDeskCommands,
                     ResidentQualityCommands}) {
    for (Command& c : group()) commands.push_back(std::move(c));
  }
  return RunCli("concierge-resident",
                "residents: the service center's catalogue, bookings and more",
                commands, argc, argv);
}
