#ifndef CONCIERGE_SERVER_STORE_ACCESS_LOG_H_
#define CONCIERGE_SERVER_STORE_ACCESS_LOG_H_

// Rows of the guest-profile access log: every read of a guest's profile is
// recorded in the unit of work that reads it. The room brief, the hottest
// read, logs inside its own statement (kRoomBriefs, RoomBriefReader).

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "server/store/database.h"

namespace concierge::store {

struct AccessLogEntry {
  int64_t guest_id = 0;
  std::string principal;  // resource name of the reader
  std::string method;     // RPC name
  int64_t site_id = 0;    // 0: none (group admin)
  absl::Time time;
};

// Writes `entries` in one statement (profile reads that log inside their own
// unit of work use it directly).
void InsertAccessLog(soci::session& sql,
                     const std::vector<AccessLogEntry>& entries);

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_ACCESS_LOG_H_
