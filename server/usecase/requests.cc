#include "server/usecase/requests.h"

#include <functional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/common/etag.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/housekeeping.h"
#include "server/domain/text.h"
#include "server/store/directory_repository.h"
#include "server/store/guest_repository.h"
#include "server/store/housekeeping_repository.h"
#include "server/store/quality_repository.h"
#include "server/usecase/hotel.h"
#include "server/usecase/loaders.h"

namespace concierge::usecase {
namespace {

// Residents learn nothing about other households' requests, nor a room's
// guest about other stays', not even whether they exist (PERMISSION_DENIED
// before NOT_FOUND).
absl::Status CheckVisible(const domain::Principal& p,
                          const std::optional<domain::ServiceRequest>& r,
                          absl::string_view name) {
  if (p.role == domain::Role::kResident &&
      (!r || r->household_id != p.household_id)) {
    return absl::PermissionDeniedError(
        "residents see their own household's requests only");
  }
  if (p.role == domain::Role::kGuest && (!r || r->stay_id != p.stay_id)) {
    return absl::PermissionDeniedError(
        "a room's code sees that room's own requests only");
  }
  if (!r) return absl::NotFoundError(absl::StrCat(name, " not found"));
  return absl::OkStatus();
}

absl::StatusOr<domain::ServiceRequest> LoadRequest(soci::session& sql,
                                                   const Actor& actor,
                                                   int64_t site_id,
                                                   int64_t request_id,
                                                   bool for_update) {
  std::optional<domain::ServiceRequest> r =
      store::FindRequest(sql, site_id, request_id, for_update);
  CONCIERGE_RETURN_IF_ERROR(
      CheckVisible(actor.principal, r, RequestName(site_id, request_id)));
  return *r;
}

// Completing a community's request schedules the supervisor's follow-up
// (seed §5 step 5), in the completing transaction.
absl::Status ScheduleFollowUpFor(soci::session& sql,
                                 const domain::ServiceRequest& r) {
  CONCIERGE_ASSIGN_OR_RETURN(domain::ServiceItem item,
                             LoadItem(sql, r.site_id, r.item_id));
  store::InsertFollowUp(sql, domain::ScheduleFollowUp(r, item));
  return absl::OkStatus();
}

// Completing a hotel's priced request charges its agreed price to the stay
// (issue 22: the site kind decides how a request is settled), once: a
// rework completed again is not charged twice.
absl::Status ChargeToStay(soci::session& sql, const Actor& actor,
                          domain::ServiceRequest& r) {
  if (!r.agreed_price || r.consumption_id != 0) return absl::OkStatus();
  CONCIERGE_ASSIGN_OR_RETURN(
      r.consumption_id,
      ChargePaidService(sql, r.site_id, r.stay_id,
                        absl::StrCat(r.item_title_zh, " / ", r.item_title_en),
                        {r.currency, *r.agreed_price},
                        domain::ActorKey(actor.principal), actor.now));
  return absl::OkStatus();
}

// Requests teach the profile (issue 22 point 4): the first time at this
// stay that a guest has an item done that they also had at another stay,
// the item's department gets a proposal to confirm the standing
// preference, unless the profile already holds it.
absl::Status ProposePreferenceFromRepeat(soci::session& sql, const Actor& actor,
                                         const domain::ServiceRequest& r) {
  CONCIERGE_ASSIGN_OR_RETURN(const domain::ServiceItem item,
                             LoadItem(sql, r.site_id, r.item_id));
  // A rework completed again teaches nothing new.
  if (item.teaches.empty() || r.reworks > 0) return absl::OkStatus();
  CONCIERGE_ASSIGN_OR_RETURN(const domain::PreferenceFact fact,
                             domain::ParseFact("item.teaches", item.teaches));
  const std::optional<domain::Stay> stay =
      store::FindStay(sql, r.site_id, r.stay_id);
  if (!stay) return absl::OkStatus();
  const std::optional<domain::Preference> known = store::FindCurrentPreference(
      sql, stay->guest_id, fact.category, fact.key);
  if (known && known->value == fact.value) return absl::OkStatus();
  const store::RepeatedRequests repeated =
      store::CountGuestRequests(sql, stay->guest_id, item.code, stay->id, r.id);
  if (repeated.other_stays == 0 || repeated.this_stay != 0) {
    return absl::OkStatus();
  }
  CONCIERGE_ASSIGN_OR_RETURN(const domain::Site site, LoadSite(sql, r.site_id));
  domain::Proposal proposal = domain::ProposalToConfirmPreference(
      *stay, r.department_id, r.department_code, r.item_title_zh,
      r.item_title_en, fact, domain::ActorKey(actor.principal), actor.now);
  proposal.estimated_cost.currency = site.currency;
  domain::DeadlineContext deadline;
  absl::LoadTimeZone(site.time_zone, &deadline.zone);
  deadline.departure = stay->expected_check_out_time;
  const domain::RoomAction action = store::InsertRoomAction(
      sql, domain::MakeProposedAction(proposal, std::nullopt, deadline));
  store::AppendRoomActionEvent(
      sql, action, "PROPOSE", std::nullopt, proposal.proposed_by,
      std::string(domain::RoleName(actor.principal.role)), actor.now,
      "a request asked for at two stays");
  return absl::OkStatus();
}

absl::Status StaleRequest() { return StaleEtag("etag", "request"); }

// A move's own change to the locked request, validated inside.
using Change = std::function<absl::Status(
    soci::session&, domain::ServiceRequest&, domain::Relations)>;

// The event that records a move from `before` to `after`.
domain::RequestEvent MoveEvent(const Actor& actor, domain::RequestAction action,
                               const std::string& note,
                               const domain::ServiceRequest& before,
                               const domain::ServiceRequest& after) {
  domain::RequestEvent event;
  event.site_id = after.site_id;
  event.request_id = after.id;
  event.department_id = after.department_id;
  event.assignee_id = after.assignee_id;
  if (before.department_id != after.department_id) {
    event.from_department_id = before.department_id;
  }
  if (before.assignee_id != after.assignee_id) {
    event.from_assignee_id = before.assignee_id;
  }
  event.action = action;
  event.before = before.state;
  event.after = after.state;
  event.actor = domain::ActorKey(actor.principal);
  event.actor_role = std::string(domain::RoleName(actor.principal.role));
  event.note = note;
  event.time = actor.now;
  return event;
}

// One move of the state machine: lock the request, check the etag and the
// transition table, apply the move's change, save, and log the event.
MoveResult RunMove(store::Database& db, const Actor& actor, const MoveOf& move,
                   domain::RequestAction action, const Change& change,
                   const Reply& reply) {
  CONCIERGE_RETURN_IF_ERROR(
      domain::ValidateText("note", move.note, domain::kOptionalNote));
  domain::ServiceRequest moved;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      domain::Name(action), actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::ServiceRequest r,
            LoadRequest(sql, actor, move.site_id, move.request_id, true));
        if (!move.etag.empty() && move.etag != absl::StrCat(r.version)) {
          return StaleRequest();
        }
        const domain::Relations who = RelationsOf(actor.principal, r);
        CONCIERGE_ASSIGN_OR_RETURN(const domain::RequestState next,
                                   domain::Decide(r.state, action, who));
        const domain::ServiceRequest before = r;
        if (change) CONCIERGE_RETURN_IF_ERROR(change(sql, r, who));
        r.state = next;
        r.update_time = actor.now;
        if (!store::SaveRequest(sql, r, before.version)) return StaleRequest();
        r.version = before.version + 1;
        store::AppendEvent(sql, MoveEvent(actor, action, move.note, before, r));
        if (reply) reply(r);
        moved = std::move(r);
        return absl::OkStatus();
      }));
  return moved;
}

// Money as sent, in the request's currency when none was named.
absl::StatusOr<domain::Money> RequestMoney(absl::string_view field,
                                           SentMoney money,
                                           const domain::ServiceRequest& r) {
  if (money.currency.empty()) money.currency = r.currency;
  CONCIERGE_RETURN_IF_ERROR(
      domain::ValidatePriceAmount(field, money, r.currency));
  return money;
}

}  // namespace

domain::Relations RelationsOf(const domain::Principal& p,
                              const domain::ServiceRequest& r) {
  domain::Relations who;
  if (p.site_id != r.site_id && !p.IsGroupAdmin()) return who;
  switch (p.role) {
    case domain::Role::kResident:
      if (r.household_id != 0 && p.household_id == r.household_id)
        who.Add(domain::Relation::kResident);
      break;
    case domain::Role::kGuest:
      if (r.stay_id != 0 && p.stay_id == r.stay_id)
        who.Add(domain::Relation::kResident);
      break;
    case domain::Role::kReception:
      who.Add(domain::Relation::kReception);
      break;
    case domain::Role::kManager:
      who.Add(domain::Relation::kManager);
      break;
    case domain::Role::kFinance:
      who.Add(domain::Relation::kFinance);
      break;
    case domain::Role::kSupervisor:
      if (p.department_id == r.department_id)
        who.Add(domain::Relation::kDeptSupervisor);
      break;
    case domain::Role::kPartner:
      who.Add(domain::Relation::kPartner);
      break;
    default:
      break;
  }
  if (p.kind == domain::PrincipalKind::kStaff) {
    if (p.department_id != 0 && p.department_id == r.department_id) {
      who.Add(domain::Relation::kDeptStaff);
    }
    if (p.id == r.assignee_id) who.Add(domain::Relation::kAssignee);
  }
  return who;
}

// --- moves ---------------------------------------------------------------

MoveResult QuoteRequest(store::Database& db, const Actor& actor,
                        const MoveOf& move,
                        const std::optional<SentMoney>& estimate,
                        const Reply& reply) {
  return RunMove(
      db, actor, move, domain::RequestAction::kQuote,
      [&](soci::session&, domain::ServiceRequest& r,
          domain::Relations) -> absl::Status {
        if (!estimate) {
          return absl::InvalidArgumentError(
              "estimate: is required (or free for a case-by-case request)");
        }
        CONCIERGE_ASSIGN_OR_RETURN(domain::Money money,
                                   RequestMoney("estimate", *estimate, r));
        domain::RecordQuote(&r, money.minor, domain::ActorKey(actor.principal));
        return absl::OkStatus();
      },
      reply);
}

MoveResult DeclareRequestFree(store::Database& db, const Actor& actor,
                              const MoveOf& move, const Reply& reply) {
  return RunMove(
      db, actor, move, domain::RequestAction::kDeclareFree,
      [](soci::session&, domain::ServiceRequest& r, domain::Relations) {
        return domain::DeclareFree(&r);
      },
      reply);
}

MoveResult AcceptQuote(store::Database& db, const Actor& actor,
                       const MoveOf& move, const Reply& reply) {
  return RunMove(
      db, actor, move, domain::RequestAction::kAcceptQuote,
      [](soci::session&, domain::ServiceRequest& r, domain::Relations) {
        r.agreed_price = r.quote;
        return absl::OkStatus();
      },
      reply);
}

MoveResult DisputePrice(store::Database& db, const Actor& actor,
                        const MoveOf& move, const Reply& reply) {
  return RunMove(
      db, actor, move, domain::RequestAction::kDisputeQuote,
      [](soci::session&, domain::ServiceRequest& r, domain::Relations) {
        return domain::CheckPriceDisputable(r);
      },
      reply);
}

MoveResult ProposePrice(store::Database& db, const Actor& actor,
                        const MoveOf& move, const SentMoney& price,
                        const Reply& reply) {
  return RunMove(
      db, actor, move, domain::RequestAction::kProposePrice,
      [&](soci::session&, domain::ServiceRequest& r,
          domain::Relations) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(domain::Money money,
                                   RequestMoney("price", price, r));
        r.proposed_price = money.minor;
        return absl::OkStatus();
      },
      reply);
}

MoveResult DecidePrice(store::Database& db, const Actor& actor,
                       const MoveOf& move, const SentMoney& price,
                       const Reply& reply) {
  return RunMove(
      db, actor, move, domain::RequestAction::kDecidePrice,
      [&](soci::session&, domain::ServiceRequest& r,
          domain::Relations) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(domain::Money money,
                                   RequestMoney("price", price, r));
        domain::RecordPriceDecision(&r, money.minor,
                                    domain::ActorKey(actor.principal));
        return absl::OkStatus();
      },
      reply);
}

MoveResult DispatchRequest(store::Database& db, const Actor& actor,
                           const MoveOf& move,
                           const std::optional<SiteChild>& department,
                           const Reply& reply) {
  return RunMove(
      db, actor, move, domain::RequestAction::kDispatch,
      [&](soci::session& sql, domain::ServiceRequest& r,
          domain::Relations) -> absl::Status {
        if (!department) {
          return absl::InvalidArgumentError("department: is required");
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            r.department_id,
            FindDepartment(sql, r.site_id, "department", *department));
        r.assignee_id = 0;
        return absl::OkStatus();
      },
      reply);
}

MoveResult AssignRequest(store::Database& db, const Actor& actor,
                         const MoveOf& move, const SiteChild& staff_named,
                         const Reply& reply) {
  return RunMove(
      db, actor, move, domain::RequestAction::kAssign,
      [&](soci::session& sql, domain::ServiceRequest& r,
          domain::Relations) -> absl::Status {
        if (r.state == domain::RequestState::kAssigned && move.etag.empty()) {
          // The other supervisor won the race; re-assigning is deliberate.
          return absl::AbortedError(absl::StrCat(
              "request was already assigned to ",
              StaffName(r.site_id, r.assignee_id),
              "; to re-assign, send the etag of the version you read"));
        }
        std::optional<domain::Staff> staff =
            store::FindStaff(sql, r.site_id, staff_named[1]);
        if (staff_named[0] != r.site_id || !staff || !staff->active ||
            staff->department_id != r.department_id) {
          return absl::InvalidArgumentError(
              "assignee: must be an active staff member of the request's "
              "department");
        }
        r.assignee_id = staff->id;
        return absl::OkStatus();
      },
      reply);
}

MoveResult StartRequest(store::Database& db, const Actor& actor,
                        const MoveOf& move, bool enters_home,
                        const Reply& reply) {
  return RunMove(
      db, actor, move, domain::RequestAction::kStart,
      [&](soci::session&, domain::ServiceRequest& r,
          domain::Relations) -> absl::Status {
        if (enters_home && !r.entry_granted) {
          return absl::FailedPreconditionError(
              "enters_home: the resident has not permitted staff "
              "to enter the home; ask them first");
        }
        r.start_time = actor.now;
        return absl::OkStatus();
      },
      reply);
}

MoveResult CompleteRequest(store::Database& db, const Actor& actor,
                           const MoveOf& move, const Completion& done,
                           const Reply& reply) {
  return RunMove(
      db, actor, move, domain::RequestAction::kComplete,
      [&](soci::session& sql, domain::ServiceRequest& r,
          domain::Relations) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateText("notes", done.notes, domain::kOptionalNote));
        std::vector<domain::MaterialUse> materials;
        for (const Completion::Material& m : done.materials) {
          if (!m.cost.currency.empty() && m.cost.currency != r.currency) {
            return absl::InvalidArgumentError(
                "materials.cost.currency_code: must be the site's currency");
          }
          materials.push_back(
              {m.description_zh, m.description_en, m.cost.minor});
        }
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateCompletion(done.minutes_spent, materials));
        const size_t first = domain::RecordCompletion(
            &r, actor.now, done.notes, done.minutes_spent, materials);
        store::InsertMaterials(sql, r.id, materials, first);
        if (r.stay_id != 0) {
          CONCIERGE_RETURN_IF_ERROR(ChargeToStay(sql, actor, r));
          return ProposePreferenceFromRepeat(sql, actor, r);
        }
        if (r.department_code == "MAINTENANCE") {
          store::AppendRepairRecord(sql, r, domain::ActorKey(actor.principal));
        }
        return ScheduleFollowUpFor(sql, r);
      },
      reply);
}

MoveResult SignOffRequest(store::Database& db, const Actor& actor,
                          const MoveOf& move, const std::string& signature_name,
                          const Reply& reply) {
  return RunMove(
      db, actor, move, domain::RequestAction::kSignOff,
      [&](soci::session&, domain::ServiceRequest& r,
          domain::Relations who) -> absl::Status {
        std::string signature = signature_name;
        if (who.Has(domain::Relation::kResident) && signature.empty()) {
          // A guest's room code is named by its room: the guest signs as
          // the request names them.
          signature = actor.principal.role == domain::Role::kGuest
                          ? r.contact_name
                          : actor.principal.display_name;
        }
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateText(
            "signature_name", signature, domain::kRequiredName));
        r.signature_name = signature;
        r.sign_off_time = actor.now;
        return absl::OkStatus();
      },
      reply);
}

MoveResult DeclineSignOff(store::Database& db, const Actor& actor,
                          const MoveOf& move, const Reply& reply) {
  return RunMove(
      db, actor, move, domain::RequestAction::kDeclineSignOff,
      [&](soci::session&, domain::ServiceRequest& r, domain::Relations) {
        return domain::RecordSignOffDeclined(&r, move.note);
      },
      reply);
}

MoveResult SettleRequest(store::Database& db, const Actor& actor,
                         const MoveOf& move,
                         const std::optional<SentMoney>& amount,
                         const Reply& reply) {
  return RunMove(
      db, actor, move, domain::RequestAction::kSettle,
      [&](soci::session&, domain::ServiceRequest& r,
          domain::Relations) -> absl::Status {
        if (r.stay_id != 0) {
          return absl::FailedPreconditionError(
              "request: a hotel's request is charged to the stay when it is "
              "done; there is nothing to settle");
        }
        if (!amount) {
          return absl::InvalidArgumentError("amount: is required");
        }
        domain::Money paid = *amount;
        if (paid.currency.empty()) paid.currency = r.currency;
        CONCIERGE_RETURN_IF_ERROR(domain::CheckSettlement(r, paid));
        r.settled_amount = r.agreed_price;
        r.settled_by = domain::ActorKey(actor.principal);
        r.settle_time = actor.now;
        return absl::OkStatus();
      },
      reply);
}

MoveResult CancelRequest(store::Database& db, const Actor& actor,
                         const MoveOf& move, const Reply& reply) {
  return RunMove(
      db, actor, move, domain::RequestAction::kCancel,
      [&](soci::session&, domain::ServiceRequest& r,
          domain::Relations who) -> absl::Status {
        if (!who.Has(domain::Relation::kResident) && move.note.empty()) {
          return absl::InvalidArgumentError(
              "reason: staff cancelling a request must say why");
        }
        r.cancel_reason = move.note;
        return absl::OkStatus();
      },
      reply);
}

// --- reads ---------------------------------------------------------------

absl::StatusOr<domain::ServiceRequest> GetRequest(store::Database& db,
                                                  const Actor& actor,
                                                  int64_t site_id,
                                                  int64_t request_id) {
  domain::ServiceRequest r;
  CONCIERGE_RETURN_IF_ERROR(
      db.Read("GetServiceRequest", actor.deadline,
              [&](soci::session& sql) -> absl::Status {
                CONCIERGE_ASSIGN_OR_RETURN(
                    r, LoadRequest(sql, actor, site_id, request_id, false));
                return absl::OkStatus();
              }));
  return r;
}

namespace {

// A day in the site's time zone as an appointment filter.
absl::StatusOr<store::RequestFilter::Range> AppointmentDay(
    const std::string& date, const domain::Site& site, absl::Time now) {
  absl::TimeZone zone;
  absl::LoadTimeZone(site.time_zone, &zone);
  CONCIERGE_ASSIGN_OR_RETURN(
      const absl::CivilDay day,
      domain::ParseBusinessDate("appointment_date", date, now, zone));
  return store::RequestFilter::Range{absl::FromCivil(day, zone),
                                     absl::FromCivil(day + 1, zone)};
}

}  // namespace

absl::StatusOr<store::Page<domain::ServiceRequest>> ListRequests(
    store::Database& db, const Actor& actor, int64_t site_id,
    RequestQuery query, const store::PageRequest& page) {
  store::RequestFilter& filter = query.filter;
  if (actor.principal.role == domain::Role::kResident) {
    if (filter.household_id != 0 &&
        filter.household_id != actor.principal.household_id) {
      return absl::PermissionDeniedError(
          "residents see their own household's requests only");
    }
    filter.household_id = actor.principal.household_id;
  }
  if (actor.principal.role == domain::Role::kGuest) {
    if (filter.stay_id != 0 && filter.stay_id != actor.principal.stay_id) {
      return absl::PermissionDeniedError(
          "a room's code sees that room's own requests only");
    }
    filter.stay_id = actor.principal.stay_id;
  }
  store::Page<domain::ServiceRequest> listed;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListServiceRequests", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        if (query.department[1] != 0) {
          CONCIERGE_ASSIGN_OR_RETURN(
              filter.department_id,
              FindDepartment(sql, site_id, "department", query.department));
        }
        if (!query.appointment_date.empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(domain::Site site, LoadSite(sql, site_id));
          CONCIERGE_ASSIGN_OR_RETURN(
              filter.appointment,
              AppointmentDay(query.appointment_date, site, actor.now));
        }
        listed = store::ListRequests(sql, site_id, filter, page);
        return absl::OkStatus();
      }));
  return listed;
}

absl::StatusOr<store::Page<domain::RequestEvent>> ListRequestEvents(
    store::Database& db, const Actor& actor, int64_t site_id,
    int64_t request_id, const store::PageRequest& page) {
  store::Page<domain::RequestEvent> listed;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListRequestEvents", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(
            LoadRequest(sql, actor, site_id, request_id, false).status());
        listed = store::ListEvents(sql, site_id, request_id, page);
        return absl::OkStatus();
      }));
  return listed;
}

absl::StatusOr<TaskSheet> GetTaskSheet(store::Database& db, const Actor& actor,
                                       int64_t site_id, int64_t request_id) {
  TaskSheet sheet;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "GetTaskSheet", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::ServiceRequest r,
            LoadRequest(sql, actor, site_id, request_id, false));
        if (!domain::MaySeeContact(RelationsOf(actor.principal, r))) {
          r.phone = "***";
          r.unit = "***";
        }
        CONCIERGE_ASSIGN_OR_RETURN(domain::Site site, LoadSite(sql, r.site_id));
        absl::TimeZone zone;
        absl::LoadTimeZone(site.time_zone, &zone);
        std::string assignee;
        if (r.assignee_id != 0) {
          if (auto staff = store::FindStaff(sql, r.site_id, r.assignee_id)) {
            assignee = staff->display_name;
          }
        }
        sheet.zh = domain::RenderTaskSheet(r, site.display_name, assignee,
                                           domain::Lang::kZh, zone);
        sheet.en = domain::RenderTaskSheet(r, site.display_name, assignee,
                                           domain::Lang::kEn, zone);
        return absl::OkStatus();
      }));
  return sheet;
}

absl::StatusOr<PaidRecords> ListPaidRecords(store::Database& db,
                                            const Actor& actor, int64_t site_id,
                                            std::optional<absl::Time> start,
                                            std::optional<absl::Time> end,
                                            const store::PageRequest& page) {
  PaidRecords records;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListPaidServiceRecords", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(domain::Site site, LoadSite(sql, site_id));
        records.currency = site.currency;
        records.page = store::ListPaidRequests(sql, site_id, start, end, page);
        records.totals = store::SumPaidRequests(sql, site_id, start, end);
        return absl::OkStatus();
      }));
  return records;
}

absl::StatusOr<RepairHistory> GetRepairHistory(store::Database& db,
                                               const Actor& actor,
                                               int64_t site_id,
                                               int64_t household_id) {
  RepairHistory history;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "GetRepairHistory", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        if (!store::FindHousehold(sql, site_id, household_id)) {
          return absl::NotFoundError(
              absl::StrCat(SiteChildName(site_id, "households", household_id),
                           " not found"));
        }
        CONCIERGE_ASSIGN_OR_RETURN(domain::Site site, LoadSite(sql, site_id));
        history.currency = site.currency;
        history.records = store::ListRepairHistory(sql, site_id, household_id);
        return absl::OkStatus();
      }));
  return history;
}

}  // namespace concierge::usecase
