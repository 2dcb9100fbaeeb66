#ifndef CONCIERGE_SERVER_USECASE_FRONT_DESK_H_
#define CONCIERGE_SERVER_USECASE_FRONT_DESK_H_

// The residential front desk's work, each one transaction: parcels,
// valuables in custody, lending, visitors' messages, community events and
// their registrations, and the household's desk history every action
// appends to. Functions take ids and domain values (the api parses the wire
// and checks the caller's site) and return domain values or a status.
// Creates run once per store::CreateKey; moves give their result to a
// ReplyOf inside the transaction.

#include <soci/soci.h>

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "server/domain/front_desk.h"
#include "server/store/database.h"
#include "server/store/front_desk_repository.h"
#include "server/store/idempotency.h"
#include "server/usecase/actor.h"
#include "server/usecase/reply_of.h"

namespace concierge::usecase {

// --- steps inside a caller's transaction (the demo seeds through these) ---

// Inserts a parcel logged by `p.logged_by` at `p.log_time` and its history
// line.
domain::Parcel AddParcel(soci::session& sql, domain::Parcel p);
// Inserts a message left by `m.left_by` at `m.leave_time` and its history
// line.
domain::VisitorMessage AddMessage(soci::session& sql, domain::VisitorMessage m);

// --- parcels ---------------------------------------------------------------

// `p` as sent (site, household, kind, carrier, tracking, shelf, photo,
// note); the desk logs it WAITING now.
absl::StatusOr<domain::Parcel> LogParcel(store::Database& db,
                                         const Actor& actor, domain::Parcel p,
                                         const store::CreateKey& key);
absl::StatusOr<store::Page<domain::Parcel>> ListParcels(
    store::Database& db, const Actor& actor, int64_t site_id,
    const store::ParcelFilter& filter, const store::PageRequest& page);
struct Pickup {
  std::string collected_by;
  std::string signature_name;
};
absl::StatusOr<domain::Parcel> RecordPickup(
    store::Database& db, const Actor& actor, int64_t site_id, int64_t parcel_id,
    const Pickup& pickup, const ReplyOf<domain::Parcel>& reply);

// --- custody ---------------------------------------------------------------

// `r` as sent (site, household, description, receipt, depositor, note).
absl::StatusOr<domain::CustodyRecord> DepositValuables(
    store::Database& db, const Actor& actor, domain::CustodyRecord r,
    const store::CreateKey& key);
absl::StatusOr<store::Page<domain::CustodyRecord>> ListCustody(
    store::Database& db, const Actor& actor, int64_t site_id,
    const store::CustodyFilter& filter, const store::PageRequest& page);
struct CustodyReturn {
  int64_t household_id = 0;  // who collects: the depositing household
  std::string collected_by;
  std::string receipt_number;  // "" none shown
  std::string note;
};
absl::StatusOr<domain::CustodyRecord> ReturnValuables(
    store::Database& db, const Actor& actor, int64_t site_id, int64_t record_id,
    const CustodyReturn& back, const ReplyOf<domain::CustodyRecord>& reply);

// --- lending ---------------------------------------------------------------

// `l` as sent (site, names, total count, item or 0).
absl::StatusOr<domain::LendableItem> CreateLendableItem(
    store::Database& db, const Actor& actor, domain::LendableItem l,
    const store::CreateKey& key);
absl::StatusOr<store::Page<domain::LendableItem>> ListLendableItems(
    store::Database& db, const Actor& actor, int64_t site_id,
    const store::PageRequest& page);
absl::StatusOr<domain::LendableItem> SetLendableStock(
    store::Database& db, const Actor& actor, int64_t site_id,
    int64_t lendable_id, int32_t total_count, const std::string& reason,
    const ReplyOf<domain::LendableItem>& reply);
// `loan` as sent (site, lendable, household, borrower, due time).
absl::StatusOr<domain::Loan> LendItem(store::Database& db, const Actor& actor,
                                      domain::Loan loan,
                                      const store::CreateKey& key);
absl::StatusOr<domain::Loan> ReturnItem(store::Database& db, const Actor& actor,
                                        int64_t site_id, int64_t loan_id,
                                        const ReplyOf<domain::Loan>& reply);
absl::StatusOr<store::Page<domain::Loan>> ListLoans(
    store::Database& db, const Actor& actor, int64_t site_id,
    const store::LoanFilter& filter, const store::PageRequest& page);

// --- messages --------------------------------------------------------------

// `m` as sent (site, household, from, text, channel).
absl::StatusOr<domain::VisitorMessage> LeaveMessage(
    store::Database& db, const Actor& actor, domain::VisitorMessage m,
    const store::CreateKey& key);
// The caller's (a resident's) household's messages.
absl::StatusOr<store::Page<domain::VisitorMessage>> ListMyMessages(
    store::Database& db, const Actor& actor, int64_t site_id, bool unread_only,
    const store::PageRequest& page);
absl::StatusOr<domain::VisitorMessage> AcknowledgeMessage(
    store::Database& db, const Actor& actor, int64_t site_id,
    int64_t message_id, const ReplyOf<domain::VisitorMessage>& reply);

// --- events ----------------------------------------------------------------

// `e` as sent (site, item, texts, capacity, times).
absl::StatusOr<domain::CommunityEvent> CreateEvent(store::Database& db,
                                                   const Actor& actor,
                                                   domain::CommunityEvent e,
                                                   const store::CreateKey& key);
struct EventList {
  store::Page<domain::CommunityEvent> page;
  // For a resident: their household's live registration, by event id.
  std::map<int64_t, domain::EventRegistration> mine;
};
absl::StatusOr<EventList> ListEvents(store::Database& db, const Actor& actor,
                                     int64_t site_id,
                                     const store::EventFilter& filter,
                                     const store::PageRequest& page);
absl::StatusOr<domain::CommunityEvent> CancelEvent(
    store::Database& db, const Actor& actor, int64_t site_id, int64_t event_id,
    const std::string& reason, const ReplyOf<domain::CommunityEvent>& reply);
// `r` as sent (site, event, household, party size, details).
absl::StatusOr<domain::EventRegistration> RegisterForEvent(
    store::Database& db, const Actor& actor, domain::EventRegistration r,
    const store::CreateKey& key);
absl::StatusOr<domain::EventRegistration> CancelRegistration(
    store::Database& db, const Actor& actor, int64_t site_id, int64_t event_id,
    int64_t registration_id, const ReplyOf<domain::EventRegistration>& reply);
// `household_id` 0: every household's.
absl::StatusOr<store::Page<domain::EventRegistration>> ListRegistrations(
    store::Database& db, const Actor& actor, int64_t site_id, int64_t event_id,
    int64_t household_id, const store::PageRequest& page);
// `people` 0: the party size.
absl::StatusOr<domain::EventRegistration> RecordAttendance(
    store::Database& db, const Actor& actor, int64_t site_id, int64_t event_id,
    int64_t registration_id, bool attended, int32_t people,
    const ReplyOf<domain::EventRegistration>& reply);

// --- history ---------------------------------------------------------------

absl::StatusOr<store::Page<domain::HistoryEntry>> ListHouseholdHistory(
    store::Database& db, const Actor& actor, int64_t site_id,
    int64_t household_id, const store::PageRequest& page);

}  // namespace concierge::usecase

#endif  // CONCIERGE_SERVER_USECASE_FRONT_DESK_H_
