// The handheld's arrivals: what to prepare in my rooms before the guests
// arrive (`arrivals`), and marking it done (`prepare`).

#include "clients/common/arrival_common.h"
#include "clients/housekeeping/commands.h"

namespace concierge::cli {

std::vector<Command> ArrivalCommands() {
  Command arrivals = ArrivalsCommand();
  arrivals.summary = "my rooms' arrivals on a date and what to prepare";
  std::erase_if(arrivals.options,
                [](const OptionSpec& o) { return o.name == "attendant"; });
  return {arrivals, PrepareCommand()};
}

}  // namespace concierge::cli
