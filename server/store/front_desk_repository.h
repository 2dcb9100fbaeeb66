#ifndef CONCIERGE_SERVER_STORE_FRONT_DESK_REPOSITORY_H_
#define CONCIERGE_SERVER_STORE_FRONT_DESK_REPOSITORY_H_

// Parcels, custody records, lendables and loans, visitors' messages,
// community events and registrations, and the households' front-desk
// history. Functions run inside Database::Transact/Read; SOCI errors are
// mapped there. Lists of desk records are newest first (`after_id` is the
// last id seen, 0 to start); lendables, events and registrations are in id
// order.

#include <soci/soci.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "server/domain/front_desk.h"
#include "server/store/sql_util.h"

namespace concierge::store {

// --- parcels
// -----------------------------------------------------------------------

domain::Parcel InsertParcel(soci::session& sql, const domain::Parcel& parcel);
// `for_update` locks the row until the transaction ends.
std::optional<domain::Parcel> FindParcel(soci::session& sql, int64_t site_id,
                                         int64_t id, bool for_update = false);
// The parcel already logged with this carrier (case-insensitive) and
// tracking number, if any.
std::optional<int64_t> FindParcelByTracking(soci::session& sql, int64_t site_id,
                                            const std::string& carrier,
                                            const std::string& tracking_number);
struct ParcelFilter {
  int64_t household_id = 0;
  std::optional<domain::ParcelState> state;
  // Logged before this time (the "older than N days" reminder list).
  std::optional<absl::Time> logged_before;
};
Page<domain::Parcel> ListParcels(soci::session& sql, int64_t site_id,
                                 const ParcelFilter& filter, PageRequest page);
// Writes the pickup columns and the state.
void SaveParcelPickup(soci::session& sql, const domain::Parcel& parcel);

// --- custody
// -----------------------------------------------------------------------

domain::CustodyRecord InsertCustody(soci::session& sql,
                                    const domain::CustodyRecord& record);
std::optional<domain::CustodyRecord> FindCustody(soci::session& sql,
                                                 int64_t site_id, int64_t id,
                                                 bool for_update = false);
std::optional<int64_t> FindCustodyByReceipt(soci::session& sql, int64_t site_id,
                                            const std::string& receipt_number);
struct CustodyFilter {
  int64_t household_id = 0;
  std::optional<domain::CustodyState> state;
};
Page<domain::CustodyRecord> ListCustody(soci::session& sql, int64_t site_id,
                                        const CustodyFilter& filter,
                                        PageRequest page);
// Writes the return columns and the state (the table's trigger allows this
// one change only).
void SaveCustodyReturn(soci::session& sql, const domain::CustodyRecord& record);

// --- lending
// ------------------------------------------------------------------------

domain::LendableItem InsertLendable(soci::session& sql,
                                    const domain::LendableItem& item);
// With the earliest due time of its loans still out.
std::optional<domain::LendableItem> FindLendable(soci::session& sql,
                                                 int64_t site_id, int64_t id);
Page<domain::LendableItem> ListLendables(soci::session& sql, int64_t site_id,
                                         PageRequest page);
// Takes one from the stock in one conditional UPDATE; false when none is
// left (or the lendable does not exist). Concurrent callers serialize on
// the row, so the last one is taken exactly once.
bool TakeOne(soci::session& sql, int64_t site_id, int64_t lendable_id);
// Writes `item.total_count` and its stock-change fields, moving the
// available count by the same amount, in one conditional UPDATE; false when
// the total would fall below the number out on loan (or there is no such
// lendable).
bool SetStock(soci::session& sql, const domain::LendableItem& item);
// Puts one back (a return).
void PutBack(soci::session& sql, int64_t site_id, int64_t lendable_id);

domain::Loan InsertLoan(soci::session& sql, const domain::Loan& loan);
// With the lendable's names.
std::optional<domain::Loan> FindLoan(soci::session& sql, int64_t site_id,
                                     int64_t id, bool for_update = false);
struct LoanFilter {
  int64_t household_id = 0;
  int64_t lendable_id = 0;
  std::optional<domain::LoanState> state;
  // OUT and due before this time.
  std::optional<absl::Time> overdue_at;
};
Page<domain::Loan> ListLoans(soci::session& sql, int64_t site_id,
                             const LoanFilter& filter, PageRequest page);
void SaveLoanReturn(soci::session& sql, const domain::Loan& loan);

// --- messages
// ------------------------------------------------------------------------

domain::VisitorMessage InsertMessage(soci::session& sql,
                                     const domain::VisitorMessage& message);
std::optional<domain::VisitorMessage> FindMessage(soci::session& sql,
                                                  int64_t site_id, int64_t id,
                                                  bool for_update = false);
Page<domain::VisitorMessage> ListMessages(soci::session& sql, int64_t site_id,
                                          int64_t household_id,
                                          bool unread_only, PageRequest page);
void SaveMessageAck(soci::session& sql, const domain::VisitorMessage& message);

// --- events and registrations
// ---------------------------------------------------------

domain::CommunityEvent InsertEvent(soci::session& sql,
                                   const domain::CommunityEvent& event);
// With the item's code and the registration counts.
std::optional<domain::CommunityEvent> FindEvent(soci::session& sql,
                                                int64_t site_id, int64_t id);
// Locks the event's row until the transaction ends: every registration,
// cancellation and promotion of one event takes it first, so places are
// counted by one transaction at a time. False when there is no such event.
bool LockEvent(soci::session& sql, int64_t site_id, int64_t id);
// Writes the cancellation columns.
void SaveEventCancellation(soci::session& sql,
                           const domain::CommunityEvent& event);
struct EventFilter {
  int64_t item_id = 0;
  // Only events ending after this time.
  std::optional<absl::Time> ends_after;
};
Page<domain::CommunityEvent> ListEvents(soci::session& sql, int64_t site_id,
                                        const EventFilter& filter,
                                        PageRequest page);

domain::EventRegistration InsertRegistration(
    soci::session& sql, const domain::EventRegistration& registration);
// With its waitlist position.
std::optional<domain::EventRegistration> FindRegistration(
    soci::session& sql, int64_t site_id, int64_t event_id, int64_t id,
    bool for_update = false);
// The household's registration that is not cancelled, if any.
std::optional<domain::EventRegistration> FindLiveRegistration(
    soci::session& sql, int64_t event_id, int64_t household_id);
// The household's live registrations for several events, by event id.
std::map<int64_t, domain::EventRegistration> LiveRegistrationsOf(
    soci::session& sql, int64_t household_id,
    const std::vector<int64_t>& event_ids);
// Registration order; `household_id` 0 for all.
Page<domain::EventRegistration> ListRegistrations(soci::session& sql,
                                                  int64_t site_id,
                                                  int64_t event_id,
                                                  int64_t household_id,
                                                  PageRequest page);
// People holding places (REGISTERED or ATTENDED).
int32_t PeopleHoldingPlaces(soci::session& sql, int64_t event_id);
// REGISTERED and WAITLISTED registrations, in registration order.
std::vector<domain::EventRegistration> OpenRegistrations(soci::session& sql,
                                                         int64_t site_id,
                                                         int64_t event_id);
// WAITLISTED registrations in the order they registered.
std::vector<domain::WaitingParty> Waitlist(soci::session& sql,
                                           int64_t event_id);
// Writes state, promotion, cancellation and attendance columns.
void SaveRegistration(soci::session& sql, const domain::EventRegistration& r);

// --- history
// ---------------------------------------------------------------------------

void AppendHistory(soci::session& sql, const domain::HistoryEntry& entry);
Page<domain::HistoryEntry> ListHistory(soci::session& sql, int64_t site_id,
                                       int64_t household_id, PageRequest page);

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_FRONT_DESK_REPOSITORY_H_
