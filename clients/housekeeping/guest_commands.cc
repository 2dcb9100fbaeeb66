// The handheld's guest-profile commands: the room brief (short lines, the
// most important first) and recording what the attendant observes.

#include "clients/common/guest_common.h"
#include "clients/housekeeping/commands.h"

namespace concierge::cli {

std::vector<Command> GuestCommands() {
  return {RoomBriefCommand(), ObserveCommand()};
}

}  // namespace concierge::cli
