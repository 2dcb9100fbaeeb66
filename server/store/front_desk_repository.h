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

Parcel InsertParcel(soci::session& sql, const Parcel& parcel);
// `for_update` locks the row until the transaction ends.
std::optional<Parcel> FindParcel(soci::session& sql, int64_t site_id,
                                 int64_t id, bool for_update = false);
// The parcel already logged with this carrier (case-insensitive) and
// tracking number, if any.
std::optional<int64_t> FindParcelByTracking(soci::session& sql, int64_t site_id,
                                            const std::string& carrier,
                                            const std::string& tracking_number);
struct ParcelFilter {
  int64_t household_id = 0;
  std::optional<ParcelState> state;
  // Logged before this time (the "older than N days" reminder list).
  std::optional<absl::Time> logged_before;
};
Page<Parcel> ListParcels(soci::session& sql, int64_t site_id,
                         const ParcelFilter& filter, PageRequest page);
// Writes the pickup columns and the state.
void SaveParcelPickup(soci::session& sql, const Parcel& parcel);

// --- custody
// -----------------------------------------------------------------------

CustodyRecord InsertCustody(soci::session& sql, const CustodyRecord& record);
std::optional<CustodyRecord> FindCustody(soci::session& sql, int64_t site_id,
                                         int64_t id, bool for_update = false);
std::optional<int64_t> FindCustodyByReceipt(soci::session& sql, int64_t site_id,
                                            const std::string& receipt_number);
struct CustodyFilter {
  int64_t household_id = 0;
  std::optional<CustodyState> state;
};
Page<CustodyRecord> ListCustody(soci::session& sql, int64_t site_id,
                                const CustodyFilter& filter, PageRequest page);
// Writes the return columns and the state (the table's trigger allows this
// one change only).
void SaveCustodyReturn(soci::session& sql, const CustodyRecord& record);

// --- lending
// ------------------------------------------------------------------------

LendableItem InsertLendable(soci::session& sql, const LendableItem& item);
// With the earliest due time of its loans still out.
std::optional<LendableItem> FindLendable(soci::session& sql, int64_t site_id,
                                         int64_t id);
Page<LendableItem> ListLendables(soci::session& sql, int64_t site_id,
                                 PageRequest page);
// Takes one from the stock in one conditional UPDATE; false when none is
// left (or the lendable does not exist). Concurrent callers serialize on
// the row, so the last one is taken exactly once.
bool TakeOne(soci::session& sql, int64_t site_id, int64_t lendable_id);
// Writes `item.total_count` and its stock-change fields, moving the
// available count by the same amount, in one conditional UPDATE; false when
// the total would fall below the number out on loan (or there is no such
// lendable).
bool SetStock(soci::session& sql, const LendableItem& item);
// Puts one back (a return).
void PutBack(soci::session& sql, int64_t site_id, int64_t lendable_id);

Loan InsertLoan(soci::session& sql, const Loan& loan);
// With the lendable's names.
std::optional<Loan> FindLoan(soci::session& sql, int64_t site_id, int64_t id,
                             bool for_update = false);
struct LoanFilter {
  int64_t household_id = 0;
  int64_t lendable_id = 0;
  std::optional<LoanState> state;
  // OUT and due before this time.
  std::optional<absl::Time> overdue_at;
};
Page<Loan> ListLoans(soci::session& sql, int64_t site_id,
                     const LoanFilter& filter, PageRequest page);
void SaveLoanReturn(soci::session& sql, const Loan& loan);

// --- messages
// ------------------------------------------------------------------------

VisitorMessage InsertMessage(soci::session& sql, const VisitorMessage& message);
std::optional<VisitorMessage> FindMessage(soci::session& sql, int64_t site_id,
                                          int64_t id, bool for_update = false);
Page<VisitorMessage> ListMessages(soci::session& sql, int64_t site_id,
                                  int64_t household_id, bool unread_only,
                                  PageRequest page);
void SaveMessageAck(soci::session& sql, const VisitorMessage& message);

// --- events and registrations
// ---------------------------------------------------------

CommunityEvent InsertEvent(soci::session& sql, const CommunityEvent& event);
// With the item's code and the registration counts.
std::optional<CommunityEvent> FindEvent(soci::session& sql, int64_t site_id,
                                        int64_t id);
// Locks the event's row until the transaction ends: every registration,
// cancellation and promotion of one event takes it first, so places are
// counted by one transaction at a time. False when there is no such event.
bool LockEvent(soci::session& sql, int64_t site_id, int64_t id);
// Writes the cancellation columns.
void SaveEventCancellation(soci::session& sql, const CommunityEvent& event);
struct EventFilter {
  int64_t item_id = 0;
  // Only events ending after this time.
  std::optional<absl::Time> ends_after;
};
Page<CommunityEvent> ListEvents(soci::session& sql, int64_t site_id,
                                const EventFilter& filter, PageRequest page);

EventRegistration InsertRegistration(soci::session& sql,
                                     const EventRegistration& registration);
// With its waitlist position.
std::optional<EventRegistration> FindRegistration(soci::session& sql,
                                                  int64_t site_id,
                                                  int64_t event_id, int64_t id,
                                                  bool for_update = false);
// The household's registration that is not cancelled, if any.
std::optional<EventRegistration> FindLiveRegistration(soci::session& sql,
                                                      int64_t event_id,
                                                      int64_t household_id);
// The household's live registrations for several events, by event id.
std::map<int64_t, EventRegistration> LiveRegistrationsOf(
    soci::session& sql, int64_t household_id,
    const std::vector<int64_t>& event_ids);
// Registration order; `household_id` 0 for all.
Page<EventRegistration> ListRegistrations(soci::session& sql, int64_t site_id,
                                          int64_t event_id,
                                          int64_t household_id,
                                          PageRequest page);
// People holding places (REGISTERED or ATTENDED).
int32_t PeopleHoldingPlaces(soci::session& sql, int64_t event_id);
// REGISTERED and WAITLISTED registrations, in registration order.
std::vector<EventRegistration> OpenRegistrations(soci::session& sql,
                                                 int64_t site_id,
                                                 int64_t event_id);
// WAITLISTED registrations in the order they registered.
std::vector<WaitingParty> Waitlist(soci::session& sql, int64_t event_id);
// Writes state, promotion, cancellation and attendance columns.
void SaveRegistration(soci::session& sql, const EventRegistration& r);

// --- history
// ---------------------------------------------------------------------------

void AppendHistory(soci::session& sql, const HistoryEntry& entry);
Page<HistoryEntry> ListHistory(soci::session& sql, int64_t site_id,
                               int64_t household_id, PageRequest page);

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_FRONT_DESK_REPOSITORY_H_
