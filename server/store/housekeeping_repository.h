#ifndef CONCIERGE_SERVER_STORE_HOUSEKEEPING_REPOSITORY_H_
#define CONCIERGE_SERVER_STORE_HOUSEKEEPING_REPOSITORY_H_

// Housekeeping: rooms and assignments, each site's vocabulary and rules,
// visits, room actions with their reasons, handover notes.
//
// Every function runs on a session inside Database::Transact/Read; SOCI
// exceptions are mapped to absl::Status there.

#include <soci/soci.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/domain/directory.h"
#include "server/domain/housekeeping.h"
#include "server/domain/housekeeping_rules.h"
#include "server/store/sql_util.h"

namespace concierge::store {

// --- rooms -------------------------------------------------------------------

domain::Room InsertRoom(soci::session& sql, const domain::Room& room);
std::optional<domain::Room> FindRoomByNumber(soci::session& sql,
                                             int64_t site_id,
                                             const std::string& number);
// Whether the site has any room (then numbers are checked against them).
bool SiteHasRooms(soci::session& sql, int64_t site_id);
// Whether `number` may name a room of the site: any number while the site
// has no rooms, afterwards only the numbers of its rooms (one statement).
bool RoomNumberAccepted(soci::session& sql, int64_t site_id,
                        const std::string& number);
struct RoomFilter {
  std::optional<int> floor;
  bool accessible_only = false;
};
Page<domain::Room> ListRooms(soci::session& sql, int64_t site_id,
                             const RoomFilter& filter, PageRequest page);

// One attendant per room and date: assigning again moves the room.
void AssignRoom(soci::session& sql, int64_t site_id, int64_t room_id,
                absl::CivilDay date, int64_t staff_id,
                const std::string& assigned_by, absl::Time now);
// Releases the attendant's rooms of `date` other than `keep_room_ids`.
void ReleaseOtherRooms(soci::session& sql, int64_t site_id, int64_t staff_id,
                       absl::CivilDay date,
                       const std::vector<int64_t>& keep_room_ids);
// The attendant's rooms of `date`, by number.
std::vector<domain::Room> ListAssignedRooms(soci::session& sql, int64_t site_id,
                                            int64_t staff_id,
                                            absl::CivilDay date);
// The attendant of a room on `date`, 0 for none.
int64_t FindAssignee(soci::session& sql, int64_t site_id,
                     const std::string& room_number, absl::CivilDay date);

// --- vocabulary and rules ----------------------------------------------------

// The site's observation codes and action definitions (with department
// codes), in creation order.
domain::Vocabulary LoadVocabulary(soci::session& sql, int64_t site_id);
domain::ObservationDefinition InsertObservationDefinition(
    soci::session& sql, const domain::ObservationDefinition& def);
// department_id and cost.currency must be set.
domain::ActionDefinition InsertActionDefinition(
    soci::session& sql, const domain::ActionDefinition& def);

// Every rule of the site, enabled or not, in creation order: what the
// engine evaluates (it skips disabled ones).
std::vector<domain::Rule> LoadRules(soci::session& sql, int64_t site_id);
Page<domain::Rule> ListRules(soci::session& sql, int64_t site_id,
                             PageRequest page);
// Each rule's usage in [start, end] (actions suggested in that time), by
// rule id; a rule that fired nothing is absent.
std::map<int64_t, domain::RuleUsage> CountRuleUsage(soci::session& sql,
                                                    int64_t site_id,
                                                    absl::Time start,
                                                    absl::Time end);
std::optional<domain::Rule> FindRule(soci::session& sql, int64_t site_id,
                                     int64_t rule_id, bool for_update = false);
std::optional<domain::Rule> FindRuleByCode(soci::session& sql, int64_t site_id,
                                           const std::string& code);
domain::Rule InsertRule(soci::session& sql, const domain::Rule& rule);
// Writes the rule if its version is still `expected_version`; returns the
// stored rule (version + 1) or nullopt when it moved on.
std::optional<domain::Rule> UpdateRule(soci::session& sql,
                                       const domain::Rule& rule,
                                       int64_t expected_version);

// Copies the default vocabulary and rules (db/seed/housekeeping_*.tsv) into
// a new hotel site, "system" as their author. `departments` are the site's.
void InsertHousekeepingDefaults(
    soci::session& sql, const domain::Site& site,
    const std::vector<domain::Department>& departments);
// The same for a hotel created before the defaults existed: only when the
// site has no action definitions yet. Returns whether it seeded.
bool EnsureHousekeepingDefaults(soci::session& sql, const domain::Site& site);

// --- visits and actions ------------------------------------------------------

domain::Visit InsertVisit(soci::session& sql, const domain::Visit& visit);
std::optional<domain::Visit> FindVisit(soci::session& sql, int64_t site_id,
                                       int64_t visit_id);

// Inserts the action and its reasons.
domain::RoomAction InsertRoomAction(soci::session& sql,
                                    const domain::RoomAction& action);
// With reasons and department code. `for_update` locks the row until the
// transaction ends (every move takes it first).
std::optional<domain::RoomAction> FindRoomAction(soci::session& sql,
                                                 int64_t site_id,
                                                 int64_t action_id,
                                                 bool for_update = false);
// Writes state, decision, outcome, consumption and learned preference if
// the version is still `expected_version`; false when it moved on.
bool SaveRoomAction(soci::session& sql, const domain::RoomAction& action,
                    int64_t expected_version);
// Several at once, any site, with reasons: the task stream's snapshots.
std::vector<domain::RoomAction> FindRoomActionsByIds(
    soci::session& sql, const std::vector<int64_t>& ids);
// Appends a move of `action` (its state afterwards) to the task feed,
// routed to the action's department and its requester, and wakes watchers
// on every replica (NOTIFY, delivered at commit). `move` is SUGGEST for a
// new action, else the state machine's move name. The event's note is
// `note` when given, else the skip reason or the decision's note.
void AppendRoomActionEvent(soci::session& sql, const domain::RoomAction& action,
                           absl::string_view move,
                           std::optional<domain::ActionState> before,
                           const std::string& actor,
                           const std::string& actor_role, absl::Time time,
                           absl::string_view note = {});
// The visit's actions, in suggestion order.
std::vector<domain::RoomAction> ListVisitActions(soci::session& sql,
                                                 int64_t site_id,
                                                 int64_t visit_id);
// (site, id) of open actions whose deadline or escalation time is due at
// `now`, after `after_id` in id order, at most `limit`, each row locked
// FOR UPDATE SKIP LOCKED: of several sweepers at once, each takes a row
// once (the sweeper's).
std::vector<std::pair<int64_t, int64_t>> LockDueRoomActions(soci::session& sql,
                                                            absl::Time now,
                                                            int64_t after_id,
                                                            int limit);
// The room's actions that expired at or after `since`, oldest first.
std::vector<domain::RoomAction> ListExpiredRoomActions(
    soci::session& sql, int64_t site_id, const std::string& room_number,
    absl::Time since);
// Open actions (suggested, pending, approved) of a room, oldest first.
std::vector<domain::RoomAction> ListOpenRoomActions(
    soci::session& sql, int64_t site_id, const std::string& room_number);
// PENDING_APPROVAL actions, oldest first; `requester_department_id` 0: all.
// Actions suggested or proposed in [start, end), whatever their state now;
// `department_id` 0 for the site's, else those requested from or carried
// out by that department.
Page<domain::RoomAction> ListActionsSuggestedBetween(
    soci::session& sql, int64_t site_id, int64_t department_id,
    absl::Time start, absl::Time end, PageRequest page);
// The room's latest visit in [start, end), if any.
std::optional<absl::Time> LastVisitBetween(soci::session& sql, int64_t site_id,
                                           const std::string& room_number,
                                           absl::Time start, absl::Time end);
Page<domain::RoomAction> ListPendingApprovals(soci::session& sql,
                                              int64_t site_id,
                                              int64_t requester_department_id,
                                              PageRequest page);
// Open department tasks of `department_id`, oldest first.
Page<domain::RoomAction> ListDepartmentTasks(soci::session& sql,
                                             int64_t site_id,
                                             int64_t department_id,
                                             PageRequest page);

// --- handover ----------------------------------------------------------------

domain::HandoverNote InsertHandoverNote(soci::session& sql,
                                        const domain::HandoverNote& note);
std::optional<domain::HandoverNote> FindHandoverNote(soci::session& sql,
                                                     int64_t site_id,
                                                     int64_t note_id);
// Notes created at or after `since`, of one room ("" for all), oldest first.
Page<domain::HandoverNote> ListHandoverNotes(soci::session& sql,
                                             int64_t site_id,
                                             const std::string& room_number,
                                             absl::Time since,
                                             PageRequest page);

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_HOUSEKEEPING_REPOSITORY_H_
