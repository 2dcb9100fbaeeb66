#ifndef CONCIERGE_SERVER_USECASE_GUESTS_H_
#define CONCIERGE_SERVER_USECASE_GUESTS_H_

// The hotel's guest profiles, each one transaction: create, read (every
// read of a profile is logged with its reader), update, search, merge and
// erase guests; check stays in and out; record observations, preferences
// and consumption. Functions take ids and domain values (the api parses the
// wire, checks the caller's site kind and field masks) and return domain
// values or a status. Creates run once per store::CreateKey; writes give
// their result to a ReplyOf inside the transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/guests.h"
#include "server/domain/money.h"
#include "server/store/database.h"
#include "server/store/guest_repository.h"
#include "server/store/idempotency.h"
#include "server/store/token_repository.h"
#include "server/usecase/actor.h"
#include "server/usecase/reply_of.h"

namespace concierge::usecase {

// A room of a site as the request gives it: "site" and "room_number".
struct RoomRef {
  int64_t site_id = 0;
  std::string room_number;
};
// NOT_FOUND: no guest is checked in to `room`.
absl::Status NoOpenStay(const RoomRef& room);

// A stay given as a name, or as site + room_number of an open stay.
struct StayRef {
  int64_t site_id = 0;
  int64_t stay_id = 0;          // when given by name
  std::optional<RoomRef> room;  // when given by room
};

// --- guests ----------------------------------------------------------------

// `guest` as sent, its documents hashed; the use case stamps who and when.
absl::StatusOr<domain::Guest> CreateGuest(store::Database& db,
                                          const Actor& actor,
                                          domain::Guest guest,
                                          const store::CreateKey& key);

// A guest's profile as GetGuestProfile shows it (the read is logged).
struct GuestProfile {
  domain::Guest guest;
  store::StayStats stats;
  std::vector<domain::Preference> preferences;
  std::vector<domain::Note> notes;
  std::vector<domain::ConsumptionEntry> consumption;
  std::vector<domain::Money> consumption_totals;
  std::vector<int64_t> merged_guests;
};
absl::StatusOr<GuestProfile> GetGuestProfile(store::Database& db,
                                             const Actor& actor,
                                             int64_t guest_id,
                                             const store::Reader& reader);

// An update as sent: the fields `paths` names take their values from
// `given`; `documents` set when identity_documents is among them.
struct GuestUpdate {
  int64_t guest_id = 0;
  int64_t expected_version = 0;
  domain::Guest given;
  std::vector<std::string> paths;
  std::optional<std::vector<domain::IdentityDocument>> documents;
};
absl::StatusOr<domain::Guest> UpdateGuest(store::Database& db,
                                          const Actor& actor,
                                          const GuestUpdate& update,
                                          const ReplyOf<domain::Guest>& reply);

// The guests found (each read logged).
absl::StatusOr<store::Page<domain::Guest>> SearchGuests(
    store::Database& db, const Actor& actor, const store::GuestSearch& search,
    const store::PageRequest& page, const store::Reader& reader);

absl::StatusOr<domain::Guest> MergeGuests(store::Database& db,
                                          const Actor& actor,
                                          int64_t survivor_id,
                                          int64_t duplicate_id,
                                          const ReplyOf<domain::Guest>& reply);
absl::StatusOr<domain::Guest> EraseGuest(store::Database& db,
                                         const Actor& actor, int64_t guest_id,
                                         const ReplyOf<domain::Guest>& reply);

// --- stays -----------------------------------------------------------------

// `stay` as sent (site, room, party, purpose, expected check-out), for the
// guest `guest_id` (a merged guest's survivor checks in).
absl::StatusOr<domain::Stay> CheckIn(store::Database& db, const Actor& actor,
                                     domain::Stay stay, int64_t guest_id,
                                     const store::CreateKey& key);
absl::StatusOr<domain::Stay> CheckOut(store::Database& db, const Actor& actor,
                                      const StayRef& ref, absl::Time check_out,
                                      const ReplyOf<domain::Stay>& reply);
// The room's credential (issue 22): a token for the open stay `ref`
// names, whose hash is `token_hash`, valid until the stay is checked out
// (and at most a day past its expected check-out, or 30 days without one).
// FAILED_PRECONDITION for a stay already checked out.
struct RoomCredential {
  domain::Stay stay;
  store::TokenRecord token;
};
// ALREADY_EXISTS for a repeat of `key` (the secret is never kept).
absl::StatusOr<RoomCredential> IssueRoomCredential(
    store::Database& db, const Actor& actor, const StayRef& ref,
    const std::string& token_hash, const store::CreateKey& key);

// `guest_id` 0: any guest (`filter` names the site then); each guest shown
// is logged as read.
absl::StatusOr<store::Page<domain::Stay>> ListStays(
    store::Database& db, const Actor& actor, int64_t guest_id,
    store::StayFilter filter, const store::PageRequest& page,
    const store::Reader& reader);

// --- observations, preferences, consumption ---------------------------------

// What the staff observed about a guest (given directly or as the guest in
// a room): a note, preferences, or both.
struct Observation {
  int64_t guest_id = 0;
  std::optional<RoomRef> room;
  std::string text;
  std::vector<domain::Preference> preferences;
};
struct Observed {
  int64_t guest_id = 0;
  std::optional<domain::Note> note;
  std::vector<domain::Preference> preferences;
};
absl::StatusOr<Observed> RecordObservation(store::Database& db,
                                           const Actor& actor,
                                           const Observation& observation,
                                           const store::CreateKey& key);

absl::StatusOr<store::Page<domain::Preference>> ListPreferenceHistory(
    store::Database& db, const Actor& actor, int64_t guest_id,
    const store::PreferenceFilter& filter, const store::PageRequest& page,
    const store::Reader& reader);

// `entry` as sent (kind, description, amount), charged to the stay `ref`.
absl::StatusOr<domain::ConsumptionEntry> RecordConsumption(
    store::Database& db, const Actor& actor, const StayRef& ref,
    domain::ConsumptionEntry entry, const store::CreateKey& key);

// --- inside another use case's transaction (usecase/arrivals.cc) -----------

// Registers `guest` (validated and stamped by the caller) on `sql`:
// ALREADY_EXISTS naming "<prefix>.loyalty_number" or
// "<prefix>.identity_documents[i]" as CreateGuest. Returns the stored guest.
absl::StatusOr<domain::Guest> RegisterGuest(soci::session& sql,
                                            absl::string_view prefix,
                                            domain::Guest guest);
// The guest a new fact is about, locked: a merged guest's survivor;
// NOT_FOUND naming `field`; FAILED_PRECONDITION for an erased guest.
absl::StatusOr<domain::Guest> GuestForNewFacts(soci::session& sql,
                                               absl::string_view field,
                                               int64_t guest_id);
// Opens `stay` (site, room, party, purpose, times, created_by) for the guest
// `guest_id` (as GuestForNewFacts finds it): FAILED_PRECONDITION naming
// stay.room_number when the room is occupied. The caller has checked the
// site and the room number.
absl::StatusOr<domain::Stay> OpenStay(soci::session& sql, domain::Stay stay,
                                      int64_t guest_id);

absl::StatusOr<store::Page<domain::ProfileAccess>> ListProfileAccess(
    store::Database& db, const Actor& actor, int64_t guest_id,
    const store::PageRequest& page);

}  // namespace concierge::usecase

#endif  // CONCIERGE_SERVER_USECASE_GUESTS_H_
