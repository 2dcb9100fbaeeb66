#ifndef CONCIERGE_SERVER_STORE_GUEST_REPOSITORY_H_
#define CONCIERGE_SERVER_STORE_GUEST_REPOSITORY_H_

// Guest-history profiles: guests, identity documents, stays, preferences,
// notes, consumption and the access log.
//
// Every function runs on a session inside Database::Transact/Read; SOCI
// exceptions they throw are mapped to absl::Status there. Functions that
// return absl::Status(Or) also check the rules themselves, so other services
// (the housekeeping rules of issue 7) can call them inside their own
// transaction: RecordPreference, RecordConsumption, FindOpenStay.

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/guests.h"
#include "server/domain/money.h"
#include "server/store/sql_util.h"

namespace concierge::store {

// --- guests
// --------------------------------------------------------------------

// Inserts the guest and its documents; returns it with id and version 1.
domain::Guest InsertGuest(soci::session& sql, const domain::Guest& guest);
// Any guest row, tombstones and erased guests included, with documents.
std::optional<domain::Guest> FindGuest(soci::session& sql, int64_t guest_id);
// FindGuest that also locks the row until the transaction ends. Every write
// to a profile takes this lock first, so concurrent writes, merges and
// erasures of one guest run one after the other.
std::optional<domain::Guest> LockGuest(soci::session& sql, int64_t guest_id);
// Writes the profile columns of `guest` if its version is still
// `expected_version`; returns the stored guest (version + 1) or nullopt when
// the version moved on. Documents are not touched.
std::optional<domain::Guest> UpdateGuest(soci::session& sql,
                                         const domain::Guest& guest,
                                         int64_t expected_version,
                                         absl::Time now);
// Replaces the documents on file.
void ReplaceDocuments(soci::session& sql, int64_t guest_id,
                      const std::vector<domain::IdentityDocument>& documents,
                      absl::Time now);
// The guest holding a document (by its HMAC) or a loyalty number, if any.
std::optional<int64_t> FindGuestIdByDocument(soci::session& sql,
                                             const std::string& number_hmac);
std::optional<int64_t> FindGuestIdByLoyaltyNumber(soci::session& sql,
                                                  const std::string& number);
// Names of tombstones merged into `guest_id`.
std::vector<int64_t> ListMergedInto(soci::session& sql, int64_t guest_id);

// Filters combine with AND; empty ones are ignored. Erased guests and
// tombstones are never returned.
struct GuestSearch {
  std::string name_part;     // compared lower-case, substring
  std::string phone_digits;  // stored digits end with these
  std::string loyalty_number;
  std::string document_hmac;
};
Page<domain::Guest> SearchGuests(soci::session& sql, const GuestSearch& search,
                                 PageRequest page);

// --- stays
// -----------------------------------------------------------------------

// Opens `stay` (check_in_time, no check-out); nullopt when the room already
// has an open stay (the database's one-open-stay-per-room index decides, so
// two racing check-ins cannot both win).
std::optional<domain::Stay> InsertStay(soci::session& sql,
                                       const domain::Stay& stay);
std::optional<domain::Stay> FindStay(soci::session& sql, int64_t site_id,
                                     int64_t stay_id);
// The open stay of a room, if any.
std::optional<domain::Stay> FindOpenStay(soci::session& sql, int64_t site_id,
                                         const std::string& room_number);
// Closes the stay if it is still open; nullopt otherwise.
std::optional<domain::Stay> CloseStay(soci::session& sql, int64_t site_id,
                                      int64_t stay_id,
                                      absl::Time check_out_time,
                                      const std::string& checked_out_by);
struct StayFilter {
  int64_t guest_id = 0;  // 0: any
  int64_t site_id = 0;   // 0: any
  bool open_only = false;
};
Page<domain::Stay> ListStays(soci::session& sql, const StayFilter& filter,
                             PageRequest page);
struct StayStats {
  int64_t completed = 0;
  std::vector<domain::Stay> open;
  // Purposes of travel, most frequent first.
  std::vector<domain::TravelPurpose> purposes;
};
StayStats GetStayStats(soci::session& sql, int64_t guest_id);

// --- preferences
// ---------------------------------------------------------------------

// Records `preference` (guest_id, category, key, value, source, recorded_by,
// site_id, record_time): validates it, locks the guest (a merged guest's
// survivor receives it; an erased or unknown guest is FAILED_PRECONDITION /
// NOT_FOUND), and unless PreferenceChanges says it changes nothing, inserts
// it and marks the current one of the same key superseded by it. Returns
// the current preference afterwards.
absl::StatusOr<domain::Preference> RecordPreference(
    soci::session& sql, domain::Preference preference);
std::optional<domain::Preference> FindCurrentPreference(
    soci::session& sql, int64_t guest_id, domain::PreferenceCategory category,
    const std::string& key);
std::vector<domain::Preference> ListCurrentPreferences(soci::session& sql,
                                                       int64_t guest_id);
struct PreferenceFilter {
  std::optional<domain::PreferenceCategory> category;
  std::string key;  // "": any
};
Page<domain::Preference> ListPreferenceHistory(soci::session& sql,
                                               int64_t guest_id,
                                               const PreferenceFilter& filter,
                                               PageRequest page);

// --- notes
// ---------------------------------------------------------------------------

domain::Note InsertNote(soci::session& sql, const domain::Note& note);
std::optional<domain::Note> FindNote(soci::session& sql, int64_t guest_id,
                                     int64_t note_id);
// Newest first.
std::vector<domain::Note> ListRecentNotes(soci::session& sql, int64_t guest_id,
                                          int limit);

// --- consumption
// ---------------------------------------------------------------------

// Charges `entry` (site_id, stay_id, kind, description, amount,
// recorded_by, record_time) to the stay's guest: validates it against the
// site's currency (an empty currency means the site's); NOT_FOUND for an
// unknown stay, FAILED_PRECONDITION when the guest was erased.
absl::StatusOr<domain::ConsumptionEntry> RecordConsumption(
    soci::session& sql, domain::ConsumptionEntry entry);
// Newest first.
std::vector<domain::ConsumptionEntry> ListRecentConsumption(soci::session& sql,
                                                            int64_t guest_id,
                                                            int limit);
std::optional<domain::ConsumptionEntry> FindConsumption(soci::session& sql,
                                                        int64_t guest_id,
                                                        int64_t entry_id);
std::vector<domain::Money> ConsumptionTotals(soci::session& sql,
                                             int64_t guest_id);

// --- access log
// ------------------------------------------------------------------------

// Who reads, for the access log.
struct Reader {
  std::string principal;  // resource name
  std::string method;     // RPC name, e.g. "GetGuestProfile"
  int64_t site_id = 0;    // 0: none (group admin)
  absl::Time time;
};
// One row per guest id, in one statement.
void LogProfileAccess(soci::session& sql, const std::vector<int64_t>& guest_ids,
                      const Reader& reader);
Page<domain::ProfileAccess> ListProfileAccess(soci::session& sql,
                                              int64_t guest_id,
                                              PageRequest page);

// --- merge and erasure
// --------------------------------------------------------------

// Moves every fact of `duplicate_id` to `survivor.id` (preferences with
// history, where both hold a current one of a key the newer supersedes the
// older; notes; stays; consumption; documents; access log; tombstones that
// pointed at the duplicate), blanks the duplicate's personal fields and
// points it at the survivor, then writes `survivor` (the merged profile).
// Both rows must be locked by the caller. Returns the stored survivor.
domain::Guest MergeGuests(soci::session& sql, const domain::Guest& survivor,
                          int64_t duplicate_id, absl::Time now,
                          const std::string& merged_by);
// Irreversibly blanks the guest's personal fields, documents, note texts,
// consumption descriptions and non-token preference values
// (kAnonymousPreferenceValuePattern). The row must be locked by the caller.
domain::Guest EraseGuest(soci::session& sql, int64_t guest_id, absl::Time now,
                         const std::string& erased_by);

// --- the room brief
// ---------------------------------------------------------------------

struct RoomBrief {
  domain::Stay stay;
  // Names, form of address, language, VIP level, birthday month and day
  // (year never read), accessibility.
  domain::Guest guest;
  std::string site_time_zone;
  int64_t completed_stays = 0;
  std::vector<domain::Preference> preferences;  // current ones
  std::vector<domain::Note> notes;              // newest first
};
// What one room brief asks for, and who reads it (for the access log).
struct RoomBriefQuery {
  int64_t site_id = 0;
  std::string room_number;
  int note_limit = 5;
  Reader reader;
};
// Everything the handheld shows for each room's open stay (nullopt for a
// room without one), read in one prepared statement (one round trip) that
// also writes the access-log row of every guest it returns: nothing is read
// unlogged. Used in batches by RoomBriefReader; the transaction is the
// caller's (a lone statement commits on its own).
absl::StatusOr<std::vector<std::optional<RoomBrief>>> LoadLoggedRoomBriefs(
    soci::session& sql, const std::vector<RoomBriefQuery>& queries);
// The same for one room, inside a larger unit of work.
absl::StatusOr<std::optional<RoomBrief>> LoadLoggedRoomBrief(
    soci::session& sql, int64_t site_id, const std::string& room_number,
    int note_limit, const Reader& reader);

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_GUEST_REPOSITORY_H_
