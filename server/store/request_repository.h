#ifndef CONCIERGE_SERVER_STORE_REQUEST_REPOSITORY_H_
#define CONCIERGE_SERVER_STORE_REQUEST_REPOSITORY_H_

// Service requests, their event log (the task feed), materials, the
// paid-service record and repair histories.

#include <soci/soci.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/domain/catalog.h"
#include "server/domain/directory.h"
#include "server/domain/guests.h"
#include "server/domain/requests.h"
#include "server/store/idempotency.h"
#include "server/store/pg.h"
#include "server/store/sql_util.h"

namespace concierge::store {

domain::ServiceRequest InsertRequest(soci::session& sql,
                                     const domain::ServiceRequest& r);

// What registering a request reads: the site, the household and the
// resident (when one is named) or, at a hotel, the stay (named, or the open
// stay of a room) and its guest, the item and the item's prices.
struct BookingKey {
  int64_t site_id = 0;
  int64_t household_id = 0;
  int64_t resident_id = 0;  // 0: none named
  int64_t stay_id = 0;      // 0: none named
  std::string room_number;  // "": none named
  int64_t item_id = 0;
};
struct Booking {
  std::optional<domain::Site> site;
  std::optional<domain::Household> household;
  std::optional<domain::Resident> resident;
  std::optional<domain::Stay> stay;
  std::optional<domain::Guest> guest;  // the stay's
  std::optional<domain::ServiceItem> item;
  std::vector<domain::PriceVersion> prices;
};
// Every key's booking in one round trip (a pipeline: the create path is the
// hottest write, docs/PERFORMANCE.md).
std::vector<Booking> LoadBookings(soci::session& sql,
                                  const std::vector<BookingKey>& keys);

// A new request to insert once: `r`, its first event `event` (a register
// event without a "from"; its request id is the new request's), the key it
// claims (when it has a request_id) and the name its result records:
// `name_prefix` followed by the new id. `correlation_id`: the request id of
// the call that asked for it (a batch runs on another call's thread).
struct RequestOnce {
  domain::ServiceRequest r;
  domain::RequestEvent event;
  CreateKey key;
  std::string name_prefix;
  std::string correlation_id;
};
// Inserts them all in one pipeline, each claim, request and event in one
// statement. For each, the stored request with its id, or nullopt when its
// key was already claimed (nothing written: the caller takes the general
// way, whose ClaimRequestId replays the key or refuses it).
std::vector<std::optional<domain::ServiceRequest>> InsertRequestsOnce(
    soci::session& sql, const std::vector<RequestOnce>& requests);
// With item code/titles, department code and materials. `for_update` locks
// the row until the transaction ends (every move takes it first).
std::optional<domain::ServiceRequest> FindRequest(soci::session& sql,
                                                  int64_t site_id,
                                                  int64_t request_id,
                                                  bool for_update = false);
// Several at once (no materials), any site: the watch hub's snapshots.
std::vector<domain::ServiceRequest> FindRequestsByIds(
    soci::session& sql, const std::vector<int64_t>& ids);
// Writes every mutable column if the version is still `expected_version`.
bool SaveRequest(soci::session& sql, const domain::ServiceRequest& r,
                 int64_t expected_version);
// Appends `materials` at positions first_position, first_position + 1, ...
// (a rework adds to what the first completion used).
void InsertMaterials(soci::session& sql, int64_t request_id,
                     const std::vector<domain::MaterialUse>& materials,
                     size_t first_position = 0);

struct RequestFilter {
  std::vector<domain::RequestState> states;
  int64_t department_id = 0;
  int64_t assignee_id = 0;
  int64_t household_id = 0;
  int64_t stay_id = 0;
  int64_t item_id = 0;
  // Overdue at `now`: the stored overdue_at, which is the domain's
  // OverdueAt written on every insert and update.
  bool overdue_only = false;
  absl::Time now;
  // Only requests with an agreed window overlapping [start, end) (either
  // bound may be open).
  struct Range {
    std::optional<absl::Time> start, end;
  };
  std::optional<Range> appointment;
};
Page<domain::ServiceRequest> ListRequests(soci::session& sql, int64_t site_id,
                                          const RequestFilter& filter,
                                          PageRequest page);

// Appends to the event log, sent with the unit of work's COMMIT
// (ExecuteAtCommit), and wakes watchers on every replica once it commits.
void AppendEvent(soci::session& sql, const domain::RequestEvent& event);
Page<domain::RequestEvent> ListEvents(soci::session& sql, int64_t site_id,
                                      int64_t request_id, PageRequest page);

// A position in the task feed: (transaction id, event id), totally ordered.
struct TaskCursor {
  uint64_t xid = 0;
  int64_t id = 0;
  friend bool operator<(const TaskCursor& a, const TaskCursor& b) {
    return a.xid != b.xid ? a.xid < b.xid : a.id < b.id;
  }
  friend bool operator==(const TaskCursor&, const TaskCursor&) = default;
};
// The transactions a snapshot saw as committed: every xid below `xmin`, and
// those below `xmax` that were not still running (`running`, sorted).
struct CommittedBefore {
  uint64_t xmin = 0;
  uint64_t xmax = 0;
  std::vector<uint64_t> running;
  bool Contains(uint64_t xid) const {
    if (xid < xmin) return true;
    if (xid >= xmax) return false;
    return !std::binary_search(running.begin(), running.end(), xid);
  }
};
struct TaskFeedEvent {
  TaskCursor cursor;
  domain::RequestEvent event;
};
// Events after `after` that no running transaction can still precede, in
// feed order, at most `limit`.
std::vector<TaskFeedEvent> FetchTaskEvents(soci::session& sql, TaskCursor after,
                                           int limit);
// The feed's current end: the position a new watcher starts from.
TaskCursor CurrentTaskCursor(soci::session& sql);
// What is committed as of now. The feed's horizon is cluster-wide (any
// transaction, in any database, holds it back), so a stream opened "from
// now" starts at CurrentTaskCursor and skips the events this set contains:
// they were committed before it opened.
CommittedBefore CommittedNow(soci::session& sql);

// The paid-service activity record: FIXED and QUOTED requests registered in
// [start, end), oldest first, and the period's totals.
Page<domain::ServiceRequest> ListPaidRequests(soci::session& sql,
                                              int64_t site_id,
                                              std::optional<absl::Time> start,
                                              std::optional<absl::Time> end,
                                              PageRequest page);
struct PaidTotals {
  int64_t count = 0;
  int64_t agreed_minor = 0;
  int64_t settled_minor = 0;
};
PaidTotals SumPaidRequests(soci::session& sql, int64_t site_id,
                           std::optional<absl::Time> start,
                           std::optional<absl::Time> end);

struct RepairRecord {
  int64_t request_id = 0;
  std::string item_title_zh, item_title_en;
  absl::Time complete_time;
  std::string notes;
  int32_t minutes_spent = 0;
  std::string done_by;
  std::vector<domain::MaterialUse> materials;
};
void AppendRepairRecord(soci::session& sql, const domain::ServiceRequest& r,
                        const std::string& done_by);
std::vector<RepairRecord> ListRepairHistory(soci::session& sql, int64_t site_id,
                                            int64_t household_id);

// A guest's completed requests for an item (by its code: any hotel of the
// group) other than `request_id`: at the stay `stay_id`, and at the
// guest's other stays (issue 22 point 4, requests teach the profile).
struct RepeatedRequests {
  int64_t this_stay = 0;
  int64_t other_stays = 0;
};
RepeatedRequests CountGuestRequests(soci::session& sql, int64_t guest_id,
                                    const std::string& item_code,
                                    int64_t stay_id, int64_t request_id);

// Open requests with a due time already passed and escalation still
// possible, locked for this transaction; rows other sweepers hold are
// skipped, so each escalation happens once.
// Returns (site id, request id) pairs with ids above `after_id`, in id order.
std::vector<std::pair<int64_t, int64_t>> LockEscalationCandidates(
    soci::session& sql, absl::Time now, int64_t after_id, int limit);

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_REQUEST_REPOSITORY_H_
