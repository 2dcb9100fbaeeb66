#include "server/usecase/front_desk.h"

#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/common/front_desk_names.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/store/directory_repository.h"
#include "server/usecase/loaders.h"

namespace concierge::usecase {
namespace {

absl::Status NotFound(const std::string& name) {
  return absl::NotFoundError(absl::StrCat(name, " not found"));
}

bool IsResident(const Actor& actor) {
  return actor.principal.role == domain::Role::kResident;
}

absl::Status CheckHouseholdExists(soci::session& sql, int64_t site_id,
                                  int64_t household_id,
                                  absl::string_view field) {
  if (!store::FindHousehold(sql, site_id, household_id)) {
    return absl::NotFoundError(absl::StrCat(
        field, ": ", HouseholdName(site_id, household_id), " not found"));
  }
  return absl::OkStatus();
}

// Appends one line to the household's history, in the transaction of the
// action itself.
void Record(soci::session& sql, int64_t site_id, int64_t household_id,
            domain::FrontDeskAction action, std::string subject,
            domain::BilingualText summary, std::string actor, absl::Time at) {
  domain::HistoryEntry h;
  h.site_id = site_id;
  h.household_id = household_id;
  h.action = action;
  h.subject = std::move(subject);
  h.summary = std::move(summary);
  h.actor = std::move(actor);
  h.time = at;
  store::AppendHistory(sql, h);
}

// The {site, id} of a resource name a create's key stored.
absl::StatusOr<std::array<int64_t, 2>> CreatedIds(absl::string_view field,
                                                  const std::string& name,
                                                  absl::string_view what) {
  return ParseSiteChild(field, name, what);
}

}  // namespace

// --- steps -------------------------------------------------------------------

domain::Parcel AddParcel(soci::session& sql, domain::Parcel p) {
  p = store::InsertParcel(sql, p);
  Record(sql, p.site_id, p.household_id, domain::FrontDeskAction::kParcelLogged,
         ParcelName(p.site_id, p.id),
         domain::SummarizeParcel(p, domain::FrontDeskAction::kParcelLogged),
         p.logged_by, p.log_time);
  return p;
}

domain::VisitorMessage AddMessage(soci::session& sql,
                                  domain::VisitorMessage m) {
  m = store::InsertMessage(sql, m);
  Record(sql, m.site_id, m.household_id, domain::FrontDeskAction::kMessageLeft,
         MessageName(m.site_id, m.id),
         domain::SummarizeMessage(m, domain::FrontDeskAction::kMessageLeft),
         m.left_by, m.leave_time);
  return m;
}

// --- parcels -----------------------------------------------------------------

absl::StatusOr<domain::Parcel> LogParcel(store::Database& db,
                                         const Actor& actor, domain::Parcel p,
                                         const store::CreateKey& key) {
  const int64_t site_id = p.site_id;
  p.state = domain::ParcelState::kWaiting;
  p.logged_by = domain::ActorKey(actor.principal);
  p.log_time = actor.now;
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateParcel(p));
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "LogParcel", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(CheckHouseholdExists(
            sql, site_id, p.household_id, "parcel.household"));
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(
                sql, key, actor.now, [&]() -> absl::StatusOr<std::string> {
                  if (!p.tracking_number.empty()) {
                    if (auto other = store::FindParcelByTracking(
                            sql, site_id, p.carrier, p.tracking_number)) {
                      return absl::AlreadyExistsError(absl::StrCat(
                          "parcel.tracking_number: ", p.tracking_number, " of ",
                          p.carrier, " is already logged as ",
                          ParcelName(site_id, *other)));
                    }
                  }
                  p = AddParcel(sql, p);
                  return ParcelName(site_id, p.id);
                }));
        if (!existing) return absl::OkStatus();
        CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                   CreatedIds("parcel", *existing, "parcels"));
        CONCIERGE_ASSIGN_OR_RETURN(
            p,
            store::Replayed(*existing, store::FindParcel(sql, ids[0], ids[1])));
        return absl::OkStatus();
      }));
  return p;
}

absl::StatusOr<store::Page<domain::Parcel>> ListParcels(
    store::Database& db, const Actor& actor, int64_t site_id,
    const store::ParcelFilter& filter, const store::PageRequest& page) {
  store::Page<domain::Parcel> out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListParcels", actor.deadline, [&](soci::session& sql) -> absl::Status {
        out = store::ListParcels(sql, site_id, filter, page);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<domain::Parcel> RecordPickup(
    store::Database& db, const Actor& actor, int64_t site_id, int64_t parcel_id,
    const Pickup& pickup, const ReplyOf<domain::Parcel>& reply) {
  const std::string name = ParcelName(site_id, parcel_id);
  domain::Parcel out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "RecordPickup", actor.deadline, [&](soci::session& sql) -> absl::Status {
        // The row lock makes a second, concurrent pickup wait and then see
        // COLLECTED.
        std::optional<domain::Parcel> p =
            store::FindParcel(sql, site_id, parcel_id, true);
        if (!p) return NotFound(name);
        CONCIERGE_ASSIGN_OR_RETURN(
            p->state,
            domain::NextParcelState(p->state, domain::ParcelAction::kPickUp));
        p->collected_by = pickup.collected_by;
        p->signature_name = pickup.signature_name;
        p->handed_over_by = domain::ActorKey(actor.principal);
        p->collect_time = actor.now;
        store::SaveParcelPickup(sql, *p);
        Record(sql, p->site_id, p->household_id,
               domain::FrontDeskAction::kParcelCollected, name,
               domain::SummarizeParcel(
                   *p, domain::FrontDeskAction::kParcelCollected),
               p->handed_over_by, actor.now);
        if (reply) reply(*p);
        out = *std::move(p);
        return absl::OkStatus();
      }));
  return out;
}

// --- custody -----------------------------------------------------------------

absl::StatusOr<domain::CustodyRecord> DepositValuables(
    store::Database& db, const Actor& actor, domain::CustodyRecord r,
    const store::CreateKey& key) {
  const int64_t site_id = r.site_id;
  r.received_by = domain::ActorKey(actor.principal);
  r.deposit_time = actor.now;
  r.state = domain::CustodyState::kHeld;
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateDeposit(r));
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "DepositValuables", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(CheckHouseholdExists(
            sql, site_id, r.household_id, "record.household"));
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(
                sql, key, actor.now, [&]() -> absl::StatusOr<std::string> {
                  if (auto other = store::FindCustodyByReceipt(
                          sql, site_id, r.receipt_number)) {
                    return absl::AlreadyExistsError(absl::StrCat(
                        "record.receipt_number: ", r.receipt_number,
                        " is already used by ", CustodyName(site_id, *other)));
                  }
                  r = store::InsertCustody(sql, r);
                  const std::string name = CustodyName(site_id, r.id);
                  Record(sql, site_id, r.household_id,
                         domain::FrontDeskAction::kValuablesDeposited, name,
                         domain::SummarizeCustody(
                             r, domain::FrontDeskAction::kValuablesDeposited),
                         r.received_by, actor.now);
                  return name;
                }));
        if (!existing) return absl::OkStatus();
        CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                   CreatedIds("record", *existing, "custody"));
        CONCIERGE_ASSIGN_OR_RETURN(
            r, store::Replayed(*existing,
                               store::FindCustody(sql, ids[0], ids[1])));
        return absl::OkStatus();
      }));
  return r;
}

absl::StatusOr<store::Page<domain::CustodyRecord>> ListCustody(
    store::Database& db, const Actor& actor, int64_t site_id,
    const store::CustodyFilter& filter, const store::PageRequest& page) {
  store::Page<domain::CustodyRecord> out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListCustody", actor.deadline, [&](soci::session& sql) -> absl::Status {
        out = store::ListCustody(sql, site_id, filter, page);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<domain::CustodyRecord> ReturnValuables(
    store::Database& db, const Actor& actor, int64_t site_id, int64_t record_id,
    const CustodyReturn& back, const ReplyOf<domain::CustodyRecord>& reply) {
  const std::string name = CustodyName(site_id, record_id);
  domain::CustodyRecord out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "ReturnValuables", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        std::optional<domain::CustodyRecord> r =
            store::FindCustody(sql, site_id, record_id, true);
        if (!r) return NotFound(name);
        CONCIERGE_RETURN_IF_ERROR(
            domain::CheckCollector(*r, back.household_id, back.receipt_number));
        CONCIERGE_ASSIGN_OR_RETURN(
            r->state,
            domain::NextCustodyState(r->state, domain::CustodyAction::kReturn));
        r->collected_by = back.collected_by;
        r->handed_over_by = domain::ActorKey(actor.principal);
        r->return_time = actor.now;
        if (!back.note.empty()) {
          r->note = r->note.empty() ? back.note
                                    : absl::StrCat(r->note, "\n", back.note);
        }
        store::SaveCustodyReturn(sql, *r);
        Record(sql, r->site_id, r->household_id,
               domain::FrontDeskAction::kValuablesReturned, name,
               domain::SummarizeCustody(
                   *r, domain::FrontDeskAction::kValuablesReturned),
               r->handed_over_by, actor.now);
        if (reply) reply(*r);
        out = *std::move(r);
        return absl::OkStatus();
      }));
  return out;
}

// --- lending -----------------------------------------------------------------

absl::StatusOr<domain::LendableItem> CreateLendableItem(
    store::Database& db, const Actor& actor, domain::LendableItem l,
    const store::CreateKey& key) {
  const int64_t site_id = l.site_id;
  l.available_count = l.total_count;
  l.created_by = domain::ActorKey(actor.principal);
  l.create_time = actor.now;
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateLendableItem(l));
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CreateLendableItem", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(LoadSite(sql, site_id).status());
        if (l.item_id != 0) {
          CONCIERGE_ASSIGN_OR_RETURN(domain::ServiceItem item,
                                     LoadItem(sql, site_id, l.item_id));
          CONCIERGE_RETURN_IF_ERROR(domain::CheckLendingItem(item));
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(sql, key, actor.now,
                              [&]() -> absl::StatusOr<std::string> {
                                l = store::InsertLendable(sql, l);
                                return LendableName(site_id, l.id);
                              }));
        if (!existing) return absl::OkStatus();
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, CreatedIds("lendable", *existing, "lendables"));
        CONCIERGE_ASSIGN_OR_RETURN(
            l, store::Replayed(*existing,
                               store::FindLendable(sql, ids[0], ids[1])));
        return absl::OkStatus();
      }));
  return l;
}

absl::StatusOr<store::Page<domain::LendableItem>> ListLendableItems(
    store::Database& db, const Actor& actor, int64_t site_id,
    const store::PageRequest& page) {
  store::Page<domain::LendableItem> out;
  CONCIERGE_RETURN_IF_ERROR(db.Read("ListLendableItems", actor.deadline,
                                    [&](soci::session& sql) -> absl::Status {
                                      out = store::ListLendables(sql, site_id,
                                                                 page);
                                      return absl::OkStatus();
                                    }));
  return out;
}

absl::StatusOr<domain::LendableItem> SetLendableStock(
    store::Database& db, const Actor& actor, int64_t site_id,
    int64_t lendable_id, int32_t total_count, const std::string& reason,
    const ReplyOf<domain::LendableItem>& reply) {
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateStockChange(total_count, reason));
  const std::string name = LendableName(site_id, lendable_id);
  domain::LendableItem out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "SetLendableStock", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        std::optional<domain::LendableItem> item =
            store::FindLendable(sql, site_id, lendable_id);
        if (!item) return NotFound(name);
        item->total_count = total_count;
        item->stock_changed_by = domain::ActorKey(actor.principal);
        item->stock_change_time = actor.now;
        item->stock_change_reason = reason;
        if (!store::SetStock(sql, *item)) {
          // Loans went out since the read: report the count now.
          std::optional<domain::LendableItem> now =
              store::FindLendable(sql, site_id, lendable_id);
          if (!now) return NotFound(name);
          CONCIERGE_RETURN_IF_ERROR(
              domain::CheckStockCoversLoans(*now, total_count));
          return absl::AbortedError("the stock changed meanwhile; try again");
        }
        item = store::FindLendable(sql, site_id, lendable_id);
        if (!item) return NotFound(name);
        if (reply) reply(*item);
        out = *std::move(item);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<domain::Loan> LendItem(store::Database& db, const Actor& actor,
                                      domain::Loan loan,
                                      const store::CreateKey& key) {
  const int64_t site_id = loan.site_id;
  loan.state = domain::LoanState::kOut;
  loan.lent_by = domain::ActorKey(actor.principal);
  loan.lend_time = actor.now;
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateLoan(loan, actor.now));
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "LendItem", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(CheckHouseholdExists(
            sql, site_id, loan.household_id, "loan.household"));
        std::optional<domain::LendableItem> item =
            store::FindLendable(sql, site_id, loan.lendable_id);
        if (!item) {
          return absl::NotFoundError(absl::StrCat(
              "loan.lendable: ", LendableName(site_id, loan.lendable_id),
              " not found"));
        }
        loan.lendable_name_zh = item->name_zh;
        loan.lendable_name_en = item->name_en;
        CONCIERGE_ASSIGN_OR_RETURN(absl::TimeZone zone, SiteZone(sql, site_id));
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(
                sql, key, actor.now, [&]() -> absl::StatusOr<std::string> {
                  // One conditional UPDATE takes the stock: of two desks
                  // lending the last one, exactly one gets it.
                  if (!store::TakeOne(sql, site_id, loan.lendable_id)) {
                    const auto fresh =
                        store::FindLendable(sql, site_id, loan.lendable_id);
                    return domain::OutOfStock(
                        *item,
                        fresh ? fresh->next_due_time : item->next_due_time,
                        zone);
                  }
                  loan = store::InsertLoan(sql, loan);
                  const std::string name = LoanName(site_id, loan.id);
                  Record(sql, site_id, loan.household_id,
                         domain::FrontDeskAction::kItemLent, name,
                         domain::SummarizeLoan(
                             loan, domain::FrontDeskAction::kItemLent, zone),
                         loan.lent_by, actor.now);
                  return name;
                }));
        if (!existing) return absl::OkStatus();
        CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                   CreatedIds("loan", *existing, "loans"));
        CONCIERGE_ASSIGN_OR_RETURN(
            loan,
            store::Replayed(*existing, store::FindLoan(sql, ids[0], ids[1])));
        return absl::OkStatus();
      }));
  return loan;
}

absl::StatusOr<domain::Loan> ReturnItem(store::Database& db, const Actor& actor,
                                        int64_t site_id, int64_t loan_id,
                                        const ReplyOf<domain::Loan>& reply) {
  const std::string name = LoanName(site_id, loan_id);
  domain::Loan out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "ReturnItem", actor.deadline, [&](soci::session& sql) -> absl::Status {
        std::optional<domain::Loan> loan =
            store::FindLoan(sql, site_id, loan_id, true);
        if (!loan) return NotFound(name);
        CONCIERGE_ASSIGN_OR_RETURN(
            loan->state,
            domain::NextLoanState(loan->state, domain::LoanAction::kReturn));
        loan->received_by = domain::ActorKey(actor.principal);
        loan->return_time = actor.now;
        store::SaveLoanReturn(sql, *loan);
        store::PutBack(sql, loan->site_id, loan->lendable_id);
        CONCIERGE_ASSIGN_OR_RETURN(absl::TimeZone zone,
                                   SiteZone(sql, loan->site_id));
        Record(sql, loan->site_id, loan->household_id,
               domain::FrontDeskAction::kItemReturned, name,
               domain::SummarizeLoan(
                   *loan, domain::FrontDeskAction::kItemReturned, zone),
               loan->received_by, actor.now);
        if (reply) reply(*loan);
        out = *std::move(loan);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<store::Page<domain::Loan>> ListLoans(
    store::Database& db, const Actor& actor, int64_t site_id,
    const store::LoanFilter& filter, const store::PageRequest& page) {
  store::Page<domain::Loan> out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListLoans", actor.deadline, [&](soci::session& sql) -> absl::Status {
        out = store::ListLoans(sql, site_id, filter, page);
        return absl::OkStatus();
      }));
  return out;
}

// --- messages ----------------------------------------------------------------

absl::StatusOr<domain::VisitorMessage> LeaveMessage(
    store::Database& db, const Actor& actor, domain::VisitorMessage m,
    const store::CreateKey& key) {
  const int64_t site_id = m.site_id;
  m.state = domain::MessageState::kUnread;
  m.left_by = domain::ActorKey(actor.principal);
  m.leave_time = actor.now;
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateMessage(m));
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "LeaveMessage", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(CheckHouseholdExists(
            sql, site_id, m.household_id, "message.household"));
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(sql, key, actor.now,
                              [&]() -> absl::StatusOr<std::string> {
                                m = AddMessage(sql, m);
                                return MessageName(site_id, m.id);
                              }));
        if (!existing) return absl::OkStatus();
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, CreatedIds("message", *existing, "messages"));
        CONCIERGE_ASSIGN_OR_RETURN(
            m, store::Replayed(*existing,
                               store::FindMessage(sql, ids[0], ids[1])));
        return absl::OkStatus();
      }));
  return m;
}

absl::StatusOr<store::Page<domain::VisitorMessage>> ListMyMessages(
    store::Database& db, const Actor& actor, int64_t site_id, bool unread_only,
    const store::PageRequest& page) {
  store::Page<domain::VisitorMessage> out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListMyMessages", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        out = store::ListMessages(sql, site_id, actor.principal.household_id,
                                  unread_only, page);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<domain::VisitorMessage> AcknowledgeMessage(
    store::Database& db, const Actor& actor, int64_t site_id,
    int64_t message_id, const ReplyOf<domain::VisitorMessage>& reply) {
  domain::VisitorMessage out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "AcknowledgeMessage", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        std::optional<domain::VisitorMessage> m =
            store::FindMessage(sql, site_id, message_id, true);
        // Another household's message: refused before saying whether it
        // exists.
        if (!m || m->household_id != actor.principal.household_id) {
          return absl::PermissionDeniedError(
              "messages are acknowledged by a resident of their household");
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            m->state, domain::NextMessageState(
                          m->state, domain::MessageAction::kAcknowledge));
        m->acknowledged_by = domain::ActorKey(actor.principal);
        m->acknowledge_time = actor.now;
        store::SaveMessageAck(sql, *m);
        Record(sql, m->site_id, m->household_id,
               domain::FrontDeskAction::kMessageAcknowledged,
               MessageName(site_id, message_id),
               domain::SummarizeMessage(
                   *m, domain::FrontDeskAction::kMessageAcknowledged),
               m->acknowledged_by, actor.now);
        if (reply) reply(*m);
        out = *std::move(m);
        return absl::OkStatus();
      }));
  return out;
}

// --- events ------------------------------------------------------------------

absl::StatusOr<domain::CommunityEvent> CreateEvent(
    store::Database& db, const Actor& actor, domain::CommunityEvent e,
    const store::CreateKey& key) {
  const int64_t site_id = e.site_id;
  e.created_by = domain::ActorKey(actor.principal);
  e.create_time = actor.now;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CreateEvent", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(domain::ServiceItem item,
                                   LoadItem(sql, site_id, e.item_id));
        CONCIERGE_RETURN_IF_ERROR(domain::CheckEventItem(item));
        e.item_code = item.code;
        if (e.title_zh.empty()) e.title_zh = item.title_zh;
        if (e.title_en.empty()) e.title_en = item.title_en;
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateEvent(e, actor.now));
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(sql, key, actor.now,
                              [&]() -> absl::StatusOr<std::string> {
                                e = store::InsertEvent(sql, e);
                                return EventName(site_id, e.id);
                              }));
        if (!existing) return absl::OkStatus();
        CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                   CreatedIds("event", *existing, "events"));
        CONCIERGE_ASSIGN_OR_RETURN(
            e,
            store::Replayed(*existing, store::FindEvent(sql, ids[0], ids[1])));
        return absl::OkStatus();
      }));
  return e;
}

absl::StatusOr<EventList> ListEvents(store::Database& db, const Actor& actor,
                                     int64_t site_id,
                                     const store::EventFilter& filter,
                                     const store::PageRequest& page) {
  EventList out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListEvents", actor.deadline, [&](soci::session& sql) -> absl::Status {
        out.page = store::ListEvents(sql, site_id, filter, page);
        if (IsResident(actor)) {
          std::vector<int64_t> ids;
          for (const domain::CommunityEvent& e : out.page.items)
            ids.push_back(e.id);
          out.mine = store::LiveRegistrationsOf(
              sql, actor.principal.household_id, ids);
        }
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<domain::CommunityEvent> CancelEvent(
    store::Database& db, const Actor& actor, int64_t site_id, int64_t event_id,
    const std::string& reason, const ReplyOf<domain::CommunityEvent>& reply) {
  const std::string name = EventName(site_id, event_id);
  domain::CommunityEvent out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CancelEvent", actor.deadline, [&](soci::session& sql) -> absl::Status {
        // The event's lock first, as every registration change takes it.
        if (!store::LockEvent(sql, site_id, event_id)) return NotFound(name);
        std::optional<domain::CommunityEvent> event =
            store::FindEvent(sql, site_id, event_id);
        if (!event) return NotFound(name);
        CONCIERGE_RETURN_IF_ERROR(
            domain::CheckEventCancellable(*event, actor.now, reason));
        event->cancelled_by = domain::ActorKey(actor.principal);
        event->cancel_time = actor.now;
        event->cancel_reason = reason;
        store::SaveEventCancellation(sql, *event);
        CONCIERGE_ASSIGN_OR_RETURN(absl::TimeZone zone, SiteZone(sql, site_id));
        for (domain::EventRegistration& r :
             store::OpenRegistrations(sql, site_id, event_id)) {
          CONCIERGE_ASSIGN_OR_RETURN(
              r.state, domain::NextRegistrationState(
                           r.state, domain::RegistrationAction::kCancel));
          r.cancelled_by = event->cancelled_by;
          r.cancel_time = actor.now;
          store::SaveRegistration(sql, r);
          Record(sql, site_id, r.household_id,
                 domain::FrontDeskAction::kEventCancelled,
                 RegistrationName(site_id, event_id, r.id),
                 domain::SummarizeRegistration(
                     *event, r, domain::FrontDeskAction::kEventCancelled, zone),
                 r.cancelled_by, actor.now);
        }
        event = store::FindEvent(sql, site_id, event_id);
        if (!event) return NotFound(name);
        if (reply) reply(*event);
        out = *std::move(event);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<domain::EventRegistration> RegisterForEvent(
    store::Database& db, const Actor& actor, domain::EventRegistration r,
    const store::CreateKey& key) {
  const int64_t site_id = r.site_id;
  const std::string event_name = EventName(site_id, r.event_id);
  r.registered_by = domain::ActorKey(actor.principal);
  r.register_time = actor.now;
  domain::EventRegistration out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "RegisterForEvent", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(CheckHouseholdExists(
            sql, site_id, r.household_id, "registration.household"));
        // Every registration, cancellation and promotion of this event holds
        // the event's row lock: places are counted by one at a time.
        if (!store::LockEvent(sql, site_id, r.event_id)) {
          return NotFound(event_name);
        }
        std::optional<domain::CommunityEvent> found =
            store::FindEvent(sql, site_id, r.event_id);
        if (!found) return NotFound(event_name);
        const domain::CommunityEvent& event = *found;
        CONCIERGE_ASSIGN_OR_RETURN(absl::TimeZone zone, SiteZone(sql, site_id));
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(
                sql, key, actor.now, [&]() -> absl::StatusOr<std::string> {
                  CONCIERGE_RETURN_IF_ERROR(
                      domain::ValidateRegistration(event, r));
                  CONCIERGE_RETURN_IF_ERROR(
                      domain::CheckRegistrationOpen(event, actor.now, zone));
                  if (auto live = store::FindLiveRegistration(sql, r.event_id,
                                                              r.household_id)) {
                    return absl::AlreadyExistsError(absl::StrCat(
                        "registration: ",
                        HouseholdName(site_id, r.household_id), " is already ",
                        domain::Name(live->state), " (",
                        RegistrationName(site_id, r.event_id, live->id), ")"));
                  }
                  r.state = domain::PlaceFor(
                      event.capacity,
                      store::PeopleHoldingPlaces(sql, r.event_id),
                      r.party_size);
                  r = store::InsertRegistration(sql, r);
                  const std::string name =
                      RegistrationName(site_id, r.event_id, r.id);
                  const domain::FrontDeskAction action =
                      domain::RegistrationHistoryAction(r.state);
                  Record(sql, site_id, r.household_id, action, name,
                         domain::SummarizeRegistration(event, r, action, zone),
                         r.registered_by, actor.now);
                  return name;
                }));
        int64_t id = r.id;
        if (existing) {
          CONCIERGE_ASSIGN_OR_RETURN(
              auto ids, ParseName<3>("registration", *existing,
                                     {"sites", "events", "registrations"}));
          id = ids[2];
        }
        // Read back with its waitlist position (a first call's row is this
        // transaction's: only a replay can find it gone).
        CONCIERGE_ASSIGN_OR_RETURN(
            out, store::Replayed(
                     RegistrationName(site_id, r.event_id, id),
                     store::FindRegistration(sql, site_id, r.event_id, id)));
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<domain::EventRegistration> CancelRegistration(
    store::Database& db, const Actor& actor, int64_t site_id, int64_t event_id,
    int64_t registration_id, const ReplyOf<domain::EventRegistration>& reply) {
  const std::string name = RegistrationName(site_id, event_id, registration_id);
  domain::EventRegistration out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CancelRegistration", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        // The event's lock first (as RegisterForEvent takes it), then the
        // registration's.
        const bool event_exists = store::LockEvent(sql, site_id, event_id);
        std::optional<domain::EventRegistration> r =
            event_exists ? store::FindRegistration(sql, site_id, event_id,
                                                   registration_id, true)
                         : std::nullopt;
        if (IsResident(actor) &&
            (!r || r->household_id != actor.principal.household_id)) {
          return absl::PermissionDeniedError(
              "residents see their own household's records only");
        }
        if (!r) return NotFound(name);
        std::optional<domain::CommunityEvent> event =
            store::FindEvent(sql, site_id, event_id);
        if (!event) return NotFound(name);
        CONCIERGE_RETURN_IF_ERROR(domain::CheckCancellable(*event, actor.now));
        const bool freed = domain::HoldsPlace(r->state);
        CONCIERGE_ASSIGN_OR_RETURN(
            r->state, domain::NextRegistrationState(
                          r->state, domain::RegistrationAction::kCancel));
        r->cancelled_by = domain::ActorKey(actor.principal);
        r->cancel_time = actor.now;
        store::SaveRegistration(sql, *r);
        CONCIERGE_ASSIGN_OR_RETURN(absl::TimeZone zone, SiteZone(sql, site_id));
        Record(sql, site_id, r->household_id,
               domain::FrontDeskAction::kEventCancelled, name,
               domain::SummarizeRegistration(
                   *event, *r, domain::FrontDeskAction::kEventCancelled, zone),
               r->cancelled_by, actor.now);
        if (freed) {
          // The places go to the waitlist at once, in registration order.
          for (int64_t promoted_id : domain::Promotions(
                   event->capacity, store::PeopleHoldingPlaces(sql, event_id),
                   store::Waitlist(sql, event_id))) {
            std::optional<domain::EventRegistration> w =
                store::FindRegistration(sql, site_id, event_id, promoted_id,
                                        true);
            if (!w) continue;
            CONCIERGE_ASSIGN_OR_RETURN(
                w->state, domain::NextRegistrationState(
                              w->state, domain::RegistrationAction::kPromote));
            w->promote_time = actor.now;
            store::SaveRegistration(sql, *w);
            Record(
                sql, site_id, w->household_id,
                domain::FrontDeskAction::kEventPromoted,
                RegistrationName(site_id, event_id, w->id),
                domain::SummarizeRegistration(
                    *event, *w, domain::FrontDeskAction::kEventPromoted, zone),
                std::string(domain::kSystemActor), actor.now);
          }
        }
        r->waitlist_position = 0;
        if (reply) reply(*r);
        out = *std::move(r);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<store::Page<domain::EventRegistration>> ListRegistrations(
    store::Database& db, const Actor& actor, int64_t site_id, int64_t event_id,
    int64_t household_id, const store::PageRequest& page) {
  store::Page<domain::EventRegistration> out;
  CONCIERGE_RETURN_IF_ERROR(
      db.Read("ListRegistrations", actor.deadline,
              [&](soci::session& sql) -> absl::Status {
                if (!store::FindEvent(sql, site_id, event_id)) {
                  return NotFound(EventName(site_id, event_id));
                }
                out = store::ListRegistrations(sql, site_id, event_id,
                                               household_id, page);
                return absl::OkStatus();
              }));
  return out;
}

absl::StatusOr<domain::EventRegistration> RecordAttendance(
    store::Database& db, const Actor& actor, int64_t site_id, int64_t event_id,
    int64_t registration_id, bool attended, int32_t people,
    const ReplyOf<domain::EventRegistration>& reply) {
  if (people < 0 || people > domain::kMaxPartySize) {
    return absl::InvalidArgumentError(
        "people: must be between 0 (the party size) and 20");
  }
  if (!attended && people != 0) {
    return absl::InvalidArgumentError(
        "people: only for a household that attended");
  }
  const std::string name = RegistrationName(site_id, event_id, registration_id);
  domain::EventRegistration out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "RecordAttendance", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        std::optional<domain::EventRegistration> r = store::FindRegistration(
            sql, site_id, event_id, registration_id, true);
        if (!r) return NotFound(name);
        std::optional<domain::CommunityEvent> event =
            store::FindEvent(sql, site_id, event_id);
        if (!event) return NotFound(name);
        CONCIERGE_RETURN_IF_ERROR(
            domain::CheckAttendanceOpen(*event, actor.now));
        CONCIERGE_ASSIGN_OR_RETURN(
            r->state,
            domain::NextRegistrationState(
                r->state, attended ? domain::RegistrationAction::kAttend
                                   : domain::RegistrationAction::kMarkAbsent));
        r->attended_people =
            attended ? (people == 0 ? r->party_size : people) : 0;
        r->attendance_recorded_by = domain::ActorKey(actor.principal);
        r->attendance_time = actor.now;
        store::SaveRegistration(sql, *r);
        CONCIERGE_ASSIGN_OR_RETURN(absl::TimeZone zone, SiteZone(sql, site_id));
        const domain::FrontDeskAction action =
            domain::RegistrationHistoryAction(r->state);
        Record(sql, site_id, r->household_id, action, name,
               domain::SummarizeRegistration(*event, *r, action, zone),
               r->attendance_recorded_by, actor.now);
        if (reply) reply(*r);
        out = *std::move(r);
        return absl::OkStatus();
      }));
  return out;
}

// --- history -----------------------------------------------------------------

absl::StatusOr<store::Page<domain::HistoryEntry>> ListHouseholdHistory(
    store::Database& db, const Actor& actor, int64_t site_id,
    int64_t household_id, const store::PageRequest& page) {
  store::Page<domain::HistoryEntry> out;
  CONCIERGE_RETURN_IF_ERROR(
      db.Read("ListHouseholdHistory", actor.deadline,
              [&](soci::session& sql) -> absl::Status {
                CONCIERGE_RETURN_IF_ERROR(
                    CheckHouseholdExists(sql, site_id, household_id, "parent"));
                out = store::ListHistory(sql, site_id, household_id, page);
                return absl::OkStatus();
              }));
  return out;
}

}  // namespace concierge::usecase
