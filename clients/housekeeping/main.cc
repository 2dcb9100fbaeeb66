// concierge-housekeeping: the room attendant's handheld. Short lines, the
// most important first.

#include "clients/common/cli.h"
#include "clients/common/common_commands.h"
#include "clients/housekeeping/commands.h"

int main(int argc, char** argv) {
  using namespace concierge::cli;
  std::vector<Command> commands = {WhoAmICommand()};
  for (auto group : {NoMoreCommands, HousekeepingCommands, ArrivalCommands}) {
    for (Command& c : group()) commands.push_back(std::move(c));
  }
  return RunCli("concierge-housekeeping", "room attendant's handheld", commands,
                argc, argv);
}
