#ifndef CONCIERGE_SERVER_DEMO_DEMO_DATA_H_
#define CONCIERGE_SERVER_DEMO_DEMO_DATA_H_

#include <string>

#include "absl/status/status.h"
#include "server/app/concierge_server.h"
#include "server/domain/clock.h"

namespace concierge {

// Demo data for trying the clients (never part of a real deployment):
// migrates, then finds or creates a residential site and a hotel with their
// staff, households and residents, revokes earlier demo tokens, issues fresh
// ones and writes them to `out_path` (mode 0600) as shell variables.
// Running it again reuses the people and only renews the tokens.
absl::Status RunDemoSetup(const ServerOptions& options,
                          const domain::Clock& clock,
                          const std::string& out_path);

}  // namespace concierge

#endif  // CONCIERGE_SERVER_DEMO_DEMO_DATA_H_
