#include "server/usecase/quality.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "server/common/etag.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"
#include "server/store/catalog_repository.h"
#include "server/store/directory_repository.h"
#include "server/store/housekeeping_repository.h"
#include "server/store/request_repository.h"
#include "server/usecase/loaders.h"

namespace concierge::usecase {
namespace {

using store::Replayed;

// The survey item of the default catalogue (seed item 45).
constexpr char kSurveyItemCode[] = "SATISFACTION_SURVEY";

// Optional etags compare with the version; a malformed one never matches.
bool EtagMatches(const std::string& etag, int64_t version) {
  return etag.empty() || etag == absl::StrCat(version);
}

// The department named in `field`, if any ({0, 0}: 0).
absl::StatusOr<int64_t> NamedDepartment(soci::session& sql, int64_t site_id,
                                        absl::string_view field,
                                        const NamedChild& named) {
  if (named[0] == 0 && named[1] == 0) return 0;
  return FindDepartment(sql, site_id, field, named);
}

// A created resource read back, or the replay of one that is gone.
// The id in the name of what a create's first call made.
absl::StatusOr<int64_t> CreatedId(absl::string_view field,
                                  const std::string& name,
                                  absl::string_view collection) {
  CONCIERGE_ASSIGN_OR_RETURN(auto ids, ParseSiteChild(field, name, collection));
  return ids[1];
}

// --- follow-ups ------------------------------------------------------------

absl::StatusOr<domain::FollowUp> LoadFollowUp(soci::session& sql,
                                              int64_t site_id, int64_t id,
                                              bool for_update) {
  std::optional<domain::FollowUp> f =
      store::FindFollowUp(sql, site_id, id, for_update);
  if (!f) {
    return absl::NotFoundError(
        absl::StrCat(SiteChildName(site_id, "followups", id), " not found"));
  }
  return *f;
}

// Supervisors see their own department; managers any (`department` 0: all).
absl::StatusOr<int64_t> DepartmentInScope(const domain::Principal& p,
                                          int64_t department,
                                          absl::string_view denied) {
  if (IsQualityManager(p)) return department;
  if (department != 0 && department != p.department_id) {
    return absl::PermissionDeniedError(denied);
  }
  return p.department_id;
}

// --- complaints ------------------------------------------------------------

// How the caller stands to a complaint (the domain's table takes it).
domain::Relations ComplaintRelations(const domain::Principal& p,
                                     const domain::Complaint& c) {
  domain::Relations who;
  if (!p.CanActOnSite(c.site_id)) return who;
  if (IsQualityManager(p)) who.Add(domain::Relation::kManager);
  if (p.role == domain::Role::kSupervisor && c.department_id != 0 &&
      p.department_id == c.department_id) {
    who.Add(domain::Relation::kDeptSupervisor);
  }
  if (p.role == domain::Role::kResident && p.household_id == c.household_id) {
    who.Add(domain::Relation::kResident);
  }
  return who;
}

// Residents learn nothing about other households' complaints, not even
// whether they exist (PERMISSION_DENIED before NOT_FOUND).
absl::StatusOr<domain::Complaint> LoadComplaint(soci::session& sql,
                                                const domain::Principal& p,
                                                int64_t site_id, int64_t id,
                                                bool for_update) {
  std::optional<domain::Complaint> c =
      store::FindComplaint(sql, site_id, id, for_update);
  if (p.role == domain::Role::kResident &&
      (!c || c->household_id != p.household_id)) {
    return absl::PermissionDeniedError(
        "residents see their own household's complaints only");
  }
  if (!c) {
    return absl::NotFoundError(
        absl::StrCat(SiteChildName(site_id, "complaints", id), " not found"));
  }
  return *c;
}

domain::ComplaintEvent CreationEvent(const domain::Principal& p,
                                     const domain::Complaint& c) {
  domain::ComplaintEvent e;
  e.action = domain::ComplaintAction::kCreate;
  e.after = c.state;
  e.actor = c.created_by;
  e.actor_role = std::string(domain::RoleName(p.role));
  e.note = c.severity == domain::ComplaintSeverity::kMajor
               ? "MAJOR: escalated to the manager on creation"
               : "";
  e.time = c.create_time;
  return e;
}

// A complaint about `request` (may be 0) of `household`: its item,
// department and staff member default from the request.
absl::Status FillFromRequest(soci::session& sql, int64_t site_id,
                             int64_t request_id, domain::Complaint* c) {
  if (request_id == 0) return absl::OkStatus();
  std::optional<domain::ServiceRequest> r =
      store::FindRequest(sql, site_id, request_id);
  if (!r) {
    return absl::NotFoundError(absl::StrCat(
        "complaint.request: ", SiteChildName(site_id, "requests", request_id),
        " not found"));
  }
  if (c->household_id != 0 && r->household_id != c->household_id) {
    return absl::InvalidArgumentError(
        "complaint.request: must be a request of complaint.household");
  }
  c->request_id = r->id;
  c->household_id = r->household_id;
  c->item_id = r->item_id;
  if (c->department_id == 0) c->department_id = r->department_id;
  if (c->staff_id == 0) c->staff_id = r->assignee_id;
  if (c->resident_id == 0) c->resident_id = r->resident_id;
  return absl::OkStatus();
}

// A new complaint's state and times; validated.
absl::Status OpenComplaint(const Actor& actor, domain::Complaint* c) {
  c->state = domain::InitialComplaintState(c->severity);
  c->created_by = domain::ActorKey(actor.principal);
  c->create_time = actor.now;
  c->update_time = actor.now;
  if (c->state == domain::ComplaintState::kEscalated) {
    c->escalate_time = actor.now;
  }
  return domain::ValidateComplaint(*c);
}

// --- reports ---------------------------------------------------------------

// The subject exists; for a staff member, its department is returned.
absl::StatusOr<int64_t> CheckSubjectExists(soci::session& sql,
                                           absl::string_view field,
                                           const domain::ReportSubject& s) {
  CONCIERGE_RETURN_IF_ERROR(LoadSite(sql, s.site_id).status());
  if (s.department_id != 0 &&
      !store::FindDepartment(sql, s.site_id, s.department_id)) {
    return absl::NotFoundError(absl::StrCat(
        field, ": ", DepartmentName(s.site_id, s.department_id), " not found"));
  }
  if (s.staff_id != 0) {
    std::optional<domain::Staff> staff =
        store::FindStaff(sql, s.site_id, s.staff_id);
    if (!staff) {
      return absl::NotFoundError(absl::StrCat(
          field, ": ", StaffName(s.site_id, s.staff_id), " not found"));
    }
    return staff->department_id;
  }
  return s.department_id;
}

// Supervisors see their own department and its staff; managers everything.
absl::Status CheckSupervisorScope(const domain::Principal& p,
                                  int64_t subject_department, bool whole_site) {
  if (IsQualityManager(p)) return absl::OkStatus();
  if (whole_site || p.department_id == 0 ||
      subject_department != p.department_id) {
    return absl::PermissionDeniedError(
        "supervisors see their own department and its staff only");
  }
  return absl::OkStatus();
}

absl::StatusOr<domain::Survey> LoadSurvey(soci::session& sql, int64_t site_id,
                                          int64_t id) {
  std::optional<domain::Survey> s = store::FindSurvey(sql, site_id, id);
  if (!s) {
    return absl::NotFoundError(
        absl::StrCat(SiteChildName(site_id, "surveys", id), " not found"));
  }
  return *s;
}

}  // namespace

bool IsQualityManager(const domain::Principal& p) {
  return p.role == domain::Role::kManager || p.role == domain::Role::kAdmin ||
         p.role == domain::Role::kGroupAdmin;
}

// --- follow-ups ------------------------------------------------------------

absl::StatusOr<store::Page<domain::FollowUp>> ListDueFollowUps(
    store::Database& db, const Actor& actor, int64_t site_id,
    const NamedChild& department, absl::Time due_before,
    const store::PageRequest& page) {
  store::Page<domain::FollowUp> due;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListDueFollowUps", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            int64_t department_id,
            NamedDepartment(sql, site_id, "department", department));
        CONCIERGE_ASSIGN_OR_RETURN(
            department_id,
            DepartmentInScope(actor.principal, department_id,
                              "department: supervisors follow up for their "
                              "own department"));
        due = store::ListDueFollowUps(sql, site_id, department_id, due_before,
                                      page);
        return absl::OkStatus();
      }));
  return due;
}

absl::StatusOr<FollowUpRegister> ListFollowUps(
    store::Database& db, const Actor& actor, int64_t site_id,
    store::FollowUpRegisterFilter filter, const NamedChild& department,
    const store::PageRequest& page) {
  FollowUpRegister out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListFollowUps", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            filter.department_id,
            NamedDepartment(sql, site_id, "department", department));
        CONCIERGE_ASSIGN_OR_RETURN(
            filter.department_id,
            DepartmentInScope(actor.principal, filter.department_id,
                              "department: supervisors see their own "
                              "department's follow-ups"));
        out.page = store::ListFollowUpRegister(sql, site_id, filter, page);
        out.totals = store::SumFollowUpRegister(sql, site_id, filter);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<domain::FollowUp> RecordFollowUp(
    store::Database& db, const Actor& actor, int64_t site_id,
    int64_t follow_up_id, FollowUpRecord record,
    const ReplyWith<domain::FollowUp>& reply) {
  domain::FollowUp recorded;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "RecordFollowUp", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::FollowUp f, LoadFollowUp(sql, site_id, follow_up_id, true));
        const domain::Principal& p = actor.principal;
        if (!IsQualityManager(p) && !(p.role == domain::Role::kSupervisor &&
                                      p.department_id == f.department_id)) {
          return absl::PermissionDeniedError(
              "only the supervisor of the request's department or the "
              "manager "
              "follows up");
        }
        if (!EtagMatches(record.etag, f.version)) return StaleEtag("etag");
        if (f.state != domain::FollowUpState::kPending) {
          return absl::FailedPreconditionError(
              "follow-up is DONE; it was recorded already");
        }
        const int64_t version = f.version;
        f.state = domain::FollowUpState::kDone;
        f.method = record.method;
        f.satisfaction = record.satisfaction;
        f.comment = record.comment;
        f.complained = record.complained;
        f.recorded_by = domain::ActorKey(p);
        f.record_time = actor.now;
        if (!store::SaveFollowUpRecord(sql, f, version))
          return StaleEtag("etag");
        if (f.complained) {
          domain::Complaint complaint = record.complaint;
          complaint.site_id = f.site_id;
          complaint.household_id = f.household_id;
          complaint.follow_up_id = f.id;
          CONCIERGE_RETURN_IF_ERROR(
              FillFromRequest(sql, f.site_id, f.request_id, &complaint));
          complaint.source = domain::ComplaintSource::kFollowUp;
          CONCIERGE_RETURN_IF_ERROR(OpenComplaint(actor, &complaint));
          complaint = store::InsertComplaint(sql, complaint);
          store::AppendComplaintEvent(sql, complaint.site_id, complaint.id,
                                      CreationEvent(p, complaint));
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            recorded, LoadFollowUp(sql, site_id, follow_up_id, false));
        if (reply) reply(recorded);
        return absl::OkStatus();
      }));
  return recorded;
}

// --- complaints ------------------------------------------------------------

absl::StatusOr<domain::Complaint> CreateComplaint(store::Database& db,
                                                  const Actor& actor,
                                                  NewComplaint in) {
  const domain::Principal& p = actor.principal;
  const int64_t site_id = in.complaint.site_id;
  domain::Complaint created;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CreateComplaint", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        domain::Complaint c = in.complaint;
        CONCIERGE_ASSIGN_OR_RETURN(
            c.department_id,
            NamedDepartment(sql, site_id, "complaint.department",
                            in.department));
        if (in.staff_id != 0) {
          c.staff_id = in.staff_id;
          if (!store::FindStaff(sql, site_id, c.staff_id)) {
            return absl::NotFoundError(absl::StrCat(
                "complaint.staff: ", StaffName(site_id, c.staff_id),
                " not found"));
          }
        }
        if (p.role == domain::Role::kResident && in.request_id != 0) {
          std::optional<domain::ServiceRequest> r =
              store::FindRequest(sql, site_id, in.request_id);
          if (!r || r->household_id != p.household_id) {
            return absl::PermissionDeniedError(
                "complaint.request: residents complain about their own "
                "household's requests only");
          }
        }
        CONCIERGE_RETURN_IF_ERROR(
            FillFromRequest(sql, site_id, in.request_id, &c));
        if (!store::FindHousehold(sql, site_id, c.household_id)) {
          return absl::NotFoundError(absl::StrCat(
              "complaint.household: ", HouseholdName(site_id, c.household_id),
              " not found"));
        }
        CONCIERGE_RETURN_IF_ERROR(OpenComplaint(actor, &c));
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(
                sql, in.key, actor.now, [&]() -> absl::StatusOr<std::string> {
                  c = store::InsertComplaint(sql, c);
                  store::AppendComplaintEvent(sql, site_id, c.id,
                                              CreationEvent(p, c));
                  return SiteChildName(site_id, "complaints", c.id);
                }));
        int64_t id = c.id;
        if (existing) {
          CONCIERGE_ASSIGN_OR_RETURN(
              id, CreatedId("complaint", *existing, "complaints"));
          CONCIERGE_RETURN_IF_ERROR(
              Replayed(*existing, store::FindComplaint(sql, site_id, id))
                  .status());
        }
        CONCIERGE_ASSIGN_OR_RETURN(created,
                                   LoadComplaint(sql, p, site_id, id, false));
        return absl::OkStatus();
      }));
  return created;
}

absl::StatusOr<domain::Complaint> GetComplaint(store::Database& db,
                                               const Actor& actor,
                                               int64_t site_id, int64_t id) {
  domain::Complaint c;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "GetComplaint", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            c, LoadComplaint(sql, actor.principal, site_id, id, false));
        return absl::OkStatus();
      }));
  return c;
}

absl::StatusOr<store::Page<domain::Complaint>> ListComplaints(
    store::Database& db, const Actor& actor, int64_t site_id,
    store::ComplaintFilter filter, const NamedChild& department,
    const store::PageRequest& page) {
  store::Page<domain::Complaint> out;
  CONCIERGE_RETURN_IF_ERROR(
      db.Read("ListComplaints", actor.deadline,
              [&](soci::session& sql) -> absl::Status {
                CONCIERGE_ASSIGN_OR_RETURN(
                    filter.department_id,
                    NamedDepartment(sql, site_id, "department", department));
                out = store::ListComplaints(sql, site_id, filter, page);
                return absl::OkStatus();
              }));
  return out;
}

absl::StatusOr<domain::Complaint> UpdateComplaint(
    store::Database& db, const Actor& actor, int64_t site_id, int64_t id,
    const ComplaintUpdate& update, const ReplyWith<domain::Complaint>& reply) {
  const domain::Principal& p = actor.principal;
  domain::Complaint updated;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "UpdateComplaint", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(domain::Complaint c,
                                   LoadComplaint(sql, p, site_id, id, true));
        const domain::Relations who = ComplaintRelations(p, c);
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::ComplaintState next,
            domain::DecideComplaint(c.state, update.action, who));
        if (c.version != update.expected_version) return StaleEtag("etag");
        const domain::ComplaintState before = c.state;
        const std::string by = domain::ActorKey(p);
        switch (update.action) {
          case domain::ComplaintAction::kHandle:
            c.handler = by;
            break;
          case domain::ComplaintAction::kEscalate:
            c.escalate_time = actor.now;
            c.escalation_reason = update.note;
            break;
          case domain::ComplaintAction::kResolve:
            c.resolution = update.resolution;
            c.resolved_by = by;
            c.resolve_time = actor.now;
            break;
          default:
            break;
        }
        c.state = next;
        c.update_time = actor.now;
        if (!store::SaveComplaint(sql, c, update.expected_version))
          return StaleEtag("etag");
        domain::ComplaintEvent e;
        e.action = update.action;
        e.before = before;
        e.after = next;
        e.actor = by;
        e.actor_role = std::string(domain::RoleName(p.role));
        e.note = update.note.empty() ? update.resolution : update.note;
        e.time = actor.now;
        store::AppendComplaintEvent(sql, c.site_id, c.id, e);
        CONCIERGE_ASSIGN_OR_RETURN(updated,
                                   LoadComplaint(sql, p, site_id, id, false));
        if (reply) reply(updated);
        return absl::OkStatus();
      }));
  return updated;
}

// --- praise ----------------------------------------------------------------

absl::StatusOr<domain::Praise> RecordPraise(store::Database& db,
                                            const Actor& actor,
                                            domain::Praise praise,
                                            const store::CreateKey& key) {
  const int64_t site_id = praise.site_id;
  domain::Praise recorded;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "RecordPraise", actor.deadline, [&](soci::session& sql) -> absl::Status {
        domain::Praise p = praise;
        if (p.room_action_id != 0) {
          // A room action of this site: a guest thanked the hotel for it;
          // by default its proposer (or the attendant who asked) is praised.
          std::optional<domain::RoomAction> action =
              store::FindRoomAction(sql, site_id, p.room_action_id);
          if (!action) {
            return absl::NotFoundError(absl::StrCat(
                "praise.room_action: ",
                SiteChildName(site_id, "roomActions", p.room_action_id),
                " not found"));
          }
          if (p.staff_id == 0) {
            if (action->requester_staff_id == 0) {
              return absl::InvalidArgumentError(
                  "praise.staff: an administrator asked for that "
                  "action; name the staff member to praise");
            }
            p.staff_id = action->requester_staff_id;
          }
        }
        std::optional<domain::Staff> staff =
            store::FindStaff(sql, site_id, p.staff_id);
        if (!staff) {
          return absl::NotFoundError(absl::StrCat(
              "praise.staff: ", StaffName(site_id, p.staff_id), " not found"));
        }
        p.department_id = staff->department_id;
        if (p.request_id != 0 &&
            !store::FindRequest(sql, site_id, p.request_id)) {
          return absl::NotFoundError(absl::StrCat(
              "praise.request: ",
              SiteChildName(site_id, "requests", p.request_id), " not found"));
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(sql, key, actor.now,
                              [&]() -> absl::StatusOr<std::string> {
                                p = store::InsertPraise(sql, p);
                                return SiteChildName(site_id, "praise", p.id);
                              }));
        if (existing) {
          CONCIERGE_ASSIGN_OR_RETURN(
              auto ids, ParseSiteChild("praise", *existing, "praise"));
          CONCIERGE_ASSIGN_OR_RETURN(
              p, Replayed(*existing, store::FindPraise(sql, ids[0], ids[1])));
        }
        recorded = std::move(p);
        return absl::OkStatus();
      }));
  return recorded;
}

absl::StatusOr<store::Page<domain::Praise>> ListPraise(
    store::Database& db, const Actor& actor, int64_t site_id, int64_t staff_id,
    const NamedChild& department, const store::PageRequest& page) {
  store::Page<domain::Praise> out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListPraise", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            int64_t department_id,
            NamedDepartment(sql, site_id, "department", department));
        out = store::ListPraise(sql, site_id, staff_id, department_id, page);
        return absl::OkStatus();
      }));
  return out;
}

// --- reports and evaluations -----------------------------------------------

namespace {

// The report's figures for `subject`; a hotel's carry its hotel figures
// (issue 22 point 7) in its currency.
absl::StatusOr<domain::QualityReport> ReportOn(
    soci::session& sql, const domain::ReportSubject& subject, absl::Time start,
    absl::Time end, absl::Time now) {
  CONCIERGE_ASSIGN_OR_RETURN(const domain::Site site,
                             LoadSite(sql, subject.site_id));
  const std::string staff_actor =
      subject.staff_id == 0
          ? ""
          : domain::ActorKey(domain::PrincipalKind::kStaff, subject.site_id,
                             subject.staff_id);
  domain::QualityReport report = domain::MakeQualityReport(
      subject, start, end, now,
      store::CountQuality(sql, subject, staff_actor, start, end, now));
  report.hotel = site.kind == domain::SiteKind::kHotel;
  report.currency = site.currency;
  return report;
}

}  // namespace

absl::StatusOr<domain::QualityReport> GetQualityReport(
    store::Database& db, const Actor& actor,
    const domain::ReportSubject& subject, absl::Time start, absl::Time end) {
  domain::QualityReport report;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "GetQualityReport", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t department,
                                   CheckSubjectExists(sql, "subject", subject));
        CONCIERGE_RETURN_IF_ERROR(CheckSupervisorScope(
            actor.principal, department,
            subject.department_id == 0 && subject.staff_id == 0));
        CONCIERGE_ASSIGN_OR_RETURN(
            report, ReportOn(sql, subject, start, end, actor.now));
        return absl::OkStatus();
      }));
  return report;
}

absl::StatusOr<domain::Evaluation> CreateEvaluation(
    store::Database& db, const Actor& actor,
    const domain::ReportSubject& subject, domain::Evaluation evaluation,
    const store::CreateKey& key) {
  const int64_t site_id = evaluation.site_id;
  domain::Evaluation created;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CreateEvaluation", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        domain::Evaluation e = evaluation;
        CONCIERGE_RETURN_IF_ERROR(
            CheckSubjectExists(sql, "evaluation.subject", subject).status());
        CONCIERGE_ASSIGN_OR_RETURN(
            e.report, ReportOn(sql, subject, e.start, e.end, actor.now));
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(
                sql, key, actor.now, [&]() -> absl::StatusOr<std::string> {
                  e = store::InsertEvaluation(sql, e);
                  return SiteChildName(site_id, "evaluations", e.id);
                }));
        int64_t id = e.id;
        if (existing) {
          CONCIERGE_ASSIGN_OR_RETURN(
              id, CreatedId("evaluation", *existing, "evaluations"));
        }
        // (A first call's row is this transaction's: only a replay can find
        // it gone.)
        CONCIERGE_ASSIGN_OR_RETURN(
            created, Replayed(SiteChildName(site_id, "evaluations", id),
                              store::FindEvaluation(sql, site_id, id)));
        return absl::OkStatus();
      }));
  return created;
}

absl::StatusOr<store::Page<domain::Evaluation>> ListEvaluations(
    store::Database& db, const Actor& actor, domain::ReportSubject subject,
    const store::PageRequest& page) {
  store::Page<domain::Evaluation> out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListEvaluations", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        bool with_staff = false;
        const bool whole_site =
            subject.department_id == 0 && subject.staff_id == 0;
        if (!IsQualityManager(actor.principal)) {
          if (whole_site) {
            // A supervisor's default: their department and its staff.
            subject.department_id = actor.principal.department_id;
            with_staff = true;
          }
          CONCIERGE_ASSIGN_OR_RETURN(
              int64_t department, CheckSubjectExists(sql, "subject", subject));
          CONCIERGE_RETURN_IF_ERROR(
              CheckSupervisorScope(actor.principal, department, false));
        }
        out = store::ListEvaluations(sql, subject.site_id, subject.staff_id,
                                     subject.department_id, with_staff, page);
        return absl::OkStatus();
      }));
  return out;
}

// --- suggestions -----------------------------------------------------------

absl::StatusOr<domain::Suggestion> CreateSuggestion(
    store::Database& db, const Actor& actor, domain::Suggestion suggestion,
    const store::CreateKey& key) {
  const int64_t site_id = suggestion.site_id;
  domain::Suggestion created;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CreateSuggestion", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        domain::Suggestion s = suggestion;
        if (!store::FindHousehold(sql, site_id, s.household_id)) {
          return absl::NotFoundError(absl::StrCat(
              "suggestion.household: ", HouseholdName(site_id, s.household_id),
              " not found"));
        }
        if (s.item_id != 0) {
          std::optional<domain::ServiceItem> item =
              store::FindItem(sql, site_id, s.item_id);
          if (!item || (actor.principal.role == domain::Role::kResident &&
                        item->state != domain::ItemState::kPublished)) {
            return absl::NotFoundError(absl::StrCat(
                "suggestion.item: ", SiteChildName(site_id, "items", s.item_id),
                " not found"));
          }
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(
                sql, key, actor.now, [&]() -> absl::StatusOr<std::string> {
                  s = store::InsertSuggestion(sql, s);
                  return SiteChildName(site_id, "suggestions", s.id);
                }));
        if (existing) {
          CONCIERGE_ASSIGN_OR_RETURN(
              auto ids, ParseSiteChild("suggestion", *existing, "suggestions"));
          CONCIERGE_ASSIGN_OR_RETURN(
              s,
              Replayed(*existing, store::FindSuggestion(sql, ids[0], ids[1])));
        }
        created = std::move(s);
        return absl::OkStatus();
      }));
  return created;
}

absl::StatusOr<store::Page<domain::Suggestion>> ListSuggestions(
    store::Database& db, const Actor& actor, int64_t site_id, int64_t household,
    const std::vector<domain::SuggestionState>& states,
    const store::PageRequest& page) {
  store::Page<domain::Suggestion> out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListSuggestions", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        out = store::ListSuggestions(sql, site_id, household, states, page);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<domain::Suggestion> TriageSuggestion(
    store::Database& db, const Actor& actor, int64_t site_id, int64_t id,
    const std::string& etag, domain::SuggestionAction action,
    const std::string& reason, const ReplyWith<domain::Suggestion>& reply) {
  domain::Suggestion triaged;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "TriageSuggestion", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        std::optional<domain::Suggestion> s =
            store::FindSuggestion(sql, site_id, id, true);
        if (!s) {
          return absl::NotFoundError(absl::StrCat(
              SiteChildName(site_id, "suggestions", id), " not found"));
        }
        if (!EtagMatches(etag, s->version)) return StaleEtag("etag");
        const int64_t version = s->version;
        CONCIERGE_ASSIGN_OR_RETURN(
            s->state, domain::NextSuggestionState(s->state, action));
        s->decided_by = domain::ActorKey(actor.principal);
        s->decide_time = actor.now;
        s->reason = reason;
        s->update_time = actor.now;
        if (!store::SaveSuggestion(sql, *s, version)) return StaleEtag("etag");
        triaged = *store::FindSuggestion(sql, site_id, id);
        if (reply) reply(triaged);
        return absl::OkStatus();
      }));
  return triaged;
}

// --- surveys ---------------------------------------------------------------

absl::StatusOr<domain::Survey> CreateSurvey(store::Database& db,
                                            const Actor& actor,
                                            domain::Survey survey,
                                            const store::CreateKey& key) {
  const int64_t site_id = survey.site_id;
  domain::Survey created;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CreateSurvey", actor.deadline, [&](soci::session& sql) -> absl::Status {
        domain::Survey s = survey;
        if (s.item_id == 0) {
          if (auto item =
                  store::FindItemByCode(sql, site_id, kSurveyItemCode)) {
            s.item_id = item->id;
          }
        } else {
          CONCIERGE_RETURN_IF_ERROR(LoadItem(sql, site_id, s.item_id).status());
        }
        for (size_t i = 0; i < s.questions.size(); ++i) {
          if (s.questions[i].item_id == 0) continue;
          if (!store::FindItem(sql, site_id, s.questions[i].item_id)) {
            return absl::NotFoundError(absl::StrCat(
                "survey.questions[", i, "].item: ",
                SiteChildName(site_id, "items", s.questions[i].item_id),
                " not found"));
          }
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(sql, key, actor.now,
                              [&]() -> absl::StatusOr<std::string> {
                                s = store::InsertSurvey(sql, s);
                                return SiteChildName(site_id, "surveys", s.id);
                              }));
        int64_t id = s.id;
        if (existing) {
          CONCIERGE_ASSIGN_OR_RETURN(id,
                                     CreatedId("survey", *existing, "surveys"));
        }
        // (A first call's row is this transaction's: only a replay can find
        // it gone.)
        CONCIERGE_ASSIGN_OR_RETURN(
            created, Replayed(SiteChildName(site_id, "surveys", id),
                              store::FindSurvey(sql, site_id, id)));
        return absl::OkStatus();
      }));
  return created;
}

absl::StatusOr<domain::Survey> GetSurvey(store::Database& db,
                                         const Actor& actor, int64_t site_id,
                                         int64_t id) {
  domain::Survey s;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "GetSurvey", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(s, LoadSurvey(sql, site_id, id));
        return absl::OkStatus();
      }));
  return s;
}

absl::StatusOr<store::Page<domain::Survey>> ListSurveys(
    store::Database& db, const Actor& actor, int64_t site_id,
    std::optional<absl::Time> open_at, const store::PageRequest& page) {
  store::Page<domain::Survey> out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListSurveys", actor.deadline, [&](soci::session& sql) -> absl::Status {
        out = store::ListSurveys(sql, site_id, open_at, page);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<store::StoredResponse> SubmitSurveyResponse(
    store::Database& db, const Actor& actor, int64_t site_id, int64_t survey_id,
    int64_t household_id, const std::vector<domain::SurveyAnswer>& answers,
    const ReplyWith<store::StoredResponse>& reply) {
  store::StoredResponse stored;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "SubmitSurveyResponse", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(domain::Survey s,
                                   LoadSurvey(sql, site_id, survey_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::CheckSurveyAcceptsResponses(s, actor.now));
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateSurveyAnswers(s, answers));
        if (!store::FindHousehold(sql, site_id, household_id)) {
          return absl::NotFoundError(
              absl::StrCat("household: ", HouseholdName(site_id, household_id),
                           " not found"));
        }
        stored = store::UpsertSurveyResponse(
            sql, site_id, survey_id, household_id,
            domain::ActorKey(actor.principal), answers, actor.now);
        if (reply) reply(stored);
        return absl::OkStatus();
      }));
  return stored;
}

absl::StatusOr<SurveyResults> GetSurveyResults(store::Database& db,
                                               const Actor& actor,
                                               int64_t site_id,
                                               int64_t survey_id) {
  SurveyResults out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "GetSurveyResults", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(out.survey,
                                   LoadSurvey(sql, site_id, survey_id));
        const domain::Survey& s = out.survey;
        const size_t n = s.questions.size();
        out.questions =
            domain::SummarizeSurvey(s, store::SurveyScoreCounts(sql, s.id, n),
                                    store::SurveyTexts(sql, s.id, n));
        out.responding_households = store::CountSurveyResponses(sql, s.id);
        out.households = store::CountHouseholds(sql, site_id);
        return absl::OkStatus();
      }));
  return out;
}

}  // namespace concierge::usecase
