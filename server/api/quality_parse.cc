// QualityService's wire in: names, times, subjects, the resources as sent,
// filters and records (the converters out are quality_convert.cc).

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/api/catalog_convert.h"
#include "server/api/convert.h"
#include "server/api/quality_convert.h"
#include "server/api/request_convert.h"
#include "server/common/etag.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"

namespace concierge::api {

// --- the wire in ------------------------------------------------------------

absl::StatusOr<int64_t> ChildOf(int64_t site_id, absl::string_view field,
                                const std::string& name,
                                absl::string_view collection) {
  CONCIERGE_ASSIGN_OR_RETURN(auto ids, ParseSiteChild(field, name, collection));
  if (ids[0] != site_id) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must belong to sites/", site_id));
  }
  return ids[1];
}

absl::StatusOr<usecase::NamedChild> ParseDepartment(absl::string_view field,
                                                    const std::string& name) {
  if (name.empty()) return usecase::NamedChild{0, 0};
  return ParseSiteChild(field, name, "departments");
}

absl::StatusOr<absl::Time> RequiredTime(absl::string_view field, bool has,
                                        const google::protobuf::Timestamp& t) {
  if (!has) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": is required"));
  }
  return FromProto(field, t);
}

absl::StatusOr<domain::ComplaintAction> FromProto(v1::ComplaintAction a) {
  switch (a) {
    case v1::COMPLAINT_ACTION_UNSPECIFIED:
      return domain::ComplaintAction::kNote;
    case v1::COMPLAINT_ACTION_HANDLE:
      return domain::ComplaintAction::kHandle;
    case v1::COMPLAINT_ACTION_ESCALATE:
      return domain::ComplaintAction::kEscalate;
    case v1::COMPLAINT_ACTION_RESOLVE:
      return domain::ComplaintAction::kResolve;
    default:
      return absl::InvalidArgumentError("action: unknown value");
  }
}

absl::StatusOr<domain::ReportSubject> ParseSubject(absl::string_view field,
                                                   const std::string& name) {
  domain::ReportSubject s;
  if (auto site = ParseName<1>(field, name, {"sites"}); site.ok()) {
    s.site_id = (*site)[0];
    return s;
  }
  if (auto d = ParseName<2>(field, name, {"sites", "departments"}); d.ok()) {
    s.site_id = (*d)[0];
    s.department_id = (*d)[1];
    return s;
  }
  if (auto st = ParseName<2>(field, name, {"sites", "staff"}); st.ok()) {
    s.site_id = (*st)[0];
    s.staff_id = (*st)[1];
    return s;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      field,
      ": must look like sites/{id}, sites/{id}/departments/{id} or "
      "sites/{id}/staff/{id}"));
}

absl::StatusOr<domain::Complaint> ComplaintFrom(const v1::ComplaintDetails& d) {
  domain::Complaint c;
  CONCIERGE_ASSIGN_OR_RETURN(c.category,
                             FromProto("complaint.category", d.category()));
  CONCIERGE_ASSIGN_OR_RETURN(c.severity,
                             FromProto("complaint.severity", d.severity()));
  CONCIERGE_RETURN_IF_ERROR(
      domain::ValidateText("complaint.text", d.text(), domain::kRequiredNote));
  c.text = d.text();
  return c;
}

absl::StatusOr<domain::Survey> SurveyFrom(int64_t site_id,
                                          const v1::Survey& in) {
  domain::Survey s;
  s.site_id = site_id;
  s.title_zh = in.title().zh();
  s.title_en = in.title().en();
  CONCIERGE_ASSIGN_OR_RETURN(
      s.open_time,
      RequiredTime("survey.open_time", in.has_open_time(), in.open_time()));
  CONCIERGE_ASSIGN_OR_RETURN(
      s.close_time,
      RequiredTime("survey.close_time", in.has_close_time(), in.close_time()));
  if (!in.item().empty()) {
    CONCIERGE_ASSIGN_OR_RETURN(
        s.item_id, ChildOf(site_id, "survey.item", in.item(), "items"));
  }
  for (int i = 0; i < in.questions_size(); ++i) {
    const v1::SurveyQuestion& q = in.questions(i);
    const std::string field = absl::StrCat("survey.questions[", i, "]");
    domain::SurveyQuestion out;
    out.text_zh = q.text().zh();
    out.text_en = q.text().en();
    CONCIERGE_ASSIGN_OR_RETURN(out.kind, FromProto(field + ".kind", q.kind()));
    if (!q.item().empty()) {
      CONCIERGE_ASSIGN_OR_RETURN(
          out.item_id, ChildOf(site_id, field + ".item", q.item(), "items"));
    }
    s.questions.push_back(std::move(out));
  }
  return s;
}

absl::StatusOr<domain::Praise> PraiseFrom(int64_t site_id, const v1::Praise& in,
                                          absl::Time now) {
  domain::Praise p;
  p.site_id = site_id;
  if (in.staff().empty() && in.room_action().empty()) {
    return absl::InvalidArgumentError("praise.staff: is required");
  }
  if (!in.staff().empty()) {
    CONCIERGE_ASSIGN_OR_RETURN(
        p.staff_id, ChildOf(site_id, "praise.staff", in.staff(), "staff"));
  }
  if (!in.room_action().empty()) {
    CONCIERGE_ASSIGN_OR_RETURN(p.room_action_id,
                               ChildOf(site_id, "praise.room_action",
                                       in.room_action(), "roomActions"));
  }
  CONCIERGE_ASSIGN_OR_RETURN(p.source, FromProto("praise.source", in.source()));
  p.text = in.text();
  p.praised_by = in.praised_by();
  p.subject = in.subject();
  if (!in.request().empty()) {
    CONCIERGE_ASSIGN_OR_RETURN(p.request_id, ChildOf(site_id, "praise.request",
                                                     in.request(), "requests"));
  }
  p.receive_time = now;
  if (in.has_receive_time()) {
    CONCIERGE_ASSIGN_OR_RETURN(
        p.receive_time, FromProto("praise.receive_time", in.receive_time()));
  }
  return p;
}

absl::StatusOr<usecase::NewPlan> PlanFrom(int64_t site_id,
                                          const v1::ServicePlan& in) {
  usecase::NewPlan out;
  domain::ServicePlan& plan = out.plan;
  plan.site_id = site_id;
  plan.year = in.year();
  plan.title_zh = in.title().zh().empty()
                      ? domain::DefaultPlanTitle(in.year(), domain::Lang::kZh)
                      : in.title().zh();
  plan.title_en = in.title().en().empty()
                      ? domain::DefaultPlanTitle(in.year(), domain::Lang::kEn)
                      : in.title().en();
  plan.note = in.note();
  if (in.entries_size() > 200) {
    return absl::InvalidArgumentError("plan.entries: give 1 to 200 entries");
  }
  for (int i = 0; i < in.entries_size(); ++i) {
    const v1::PlanEntry& pe = in.entries(i);
    const std::string field = absl::StrCat("plan.entries[", i, "]");
    domain::PlanEntry e;
    usecase::NamedChild department = {0, 0};
    CONCIERGE_ASSIGN_OR_RETURN(e.action,
                               FromProto(field + ".action", pe.action()));
    e.note = pe.note();
    if (!pe.item().empty()) {
      CONCIERGE_ASSIGN_OR_RETURN(
          e.item_id, ChildOf(site_id, field + ".item", pe.item(), "items"));
    }
    if (!pe.suggestion().empty()) {
      CONCIERGE_ASSIGN_OR_RETURN(e.suggestion_id,
                                 ChildOf(site_id, field + ".suggestion",
                                         pe.suggestion(), "suggestions"));
    }
    if (pe.has_price())
      e.price =
          domain::Money{pe.price().currency_code(), pe.price().minor_units()};
    if (pe.has_effective_time()) {
      CONCIERGE_ASSIGN_OR_RETURN(
          e.effective_time,
          FromProto(field + ".effective_time", pe.effective_time()));
    }
    if (e.action == domain::PlanAction::kAdd) {
      const v1::ServiceItem& n = pe.new_item();
      domain::ServiceItem& item = e.new_item;
      item.site_id = site_id;
      item.code = n.code();
      item.title_zh = n.title().zh();
      item.title_en = n.title().en();
      item.description_zh = n.description().zh();
      item.description_en = n.description().en();
      item.conditions_zh = n.conditions().zh();
      item.conditions_en = n.conditions().en();
      CONCIERGE_ASSIGN_OR_RETURN(
          item.category, FromProto(field + ".new_item.category", n.category()));
      CONCIERGE_ASSIGN_OR_RETURN(
          item.fee_kind, FromProto(field + ".new_item.fee_kind", n.fee_kind()));
      CONCIERGE_ASSIGN_OR_RETURN(
          item.fulfilment,
          FromProto(field + ".new_item.fulfilment", n.fulfilment()));
      if (n.department().empty()) {
        return absl::InvalidArgumentError(field +
                                          ".new_item.department: is required");
      }
      CONCIERGE_ASSIGN_OR_RETURN(
          department,
          ParseDepartment(field + ".new_item.department", n.department()));
      CONCIERGE_RETURN_IF_ERROR(
          domain::ValidateCode(field + ".new_item.code", item.code));
    } else if (pe.has_new_item()) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ".new_item: only ADD entries describe a new item"));
    }
    plan.entries.push_back(std::move(e));
    out.departments.push_back(department);
    out.department_fields.push_back(field + ".new_item.department");
  }
  return out;
}

absl::StatusOr<store::FollowUpRegisterFilter> FollowUpFilterFrom(
    int64_t site_id, const v1::ListFollowUpsRequest& request) {
  store::FollowUpRegisterFilter filter;
  if (request.has_start_time()) {
    CONCIERGE_ASSIGN_OR_RETURN(filter.start,
                               FromProto("start_time", request.start_time()));
  }
  if (request.has_end_time()) {
    CONCIERGE_ASSIGN_OR_RETURN(filter.end,
                               FromProto("end_time", request.end_time()));
  }
  if (filter.start && filter.end && *filter.end <= *filter.start) {
    return absl::InvalidArgumentError("end_time: must be after start_time");
  }
  if (request.method() != v1::FOLLOW_UP_METHOD_UNSPECIFIED) {
    CONCIERGE_ASSIGN_OR_RETURN(filter.method,
                               FromProto("method", request.method()));
  }
  if (request.outcome() != v1::FOLLOW_UP_OUTCOME_UNSPECIFIED) {
    CONCIERGE_ASSIGN_OR_RETURN(domain::FollowUpOutcome outcome,
                               FromProto("outcome", request.outcome()));
    filter.band = domain::BandOf(outcome);
  }
  if (!request.item().empty()) {
    CONCIERGE_ASSIGN_OR_RETURN(
        filter.item_id, ChildOf(site_id, "item", request.item(), "items"));
  }
  return filter;
}

absl::StatusOr<store::ComplaintFilter> ComplaintFilterFrom(
    int64_t site_id, const v1::ListComplaintsRequest& request) {
  store::ComplaintFilter filter;
  for (int s : request.states()) {
    CONCIERGE_ASSIGN_OR_RETURN(domain::ComplaintState state,
                               FromProto("states", v1::ComplaintState(s)));
    filter.states.push_back(state);
  }
  if (request.severity() != v1::COMPLAINT_SEVERITY_UNSPECIFIED) {
    CONCIERGE_ASSIGN_OR_RETURN(filter.severity,
                               FromProto("severity", request.severity()));
  }
  if (!request.household().empty()) {
    CONCIERGE_ASSIGN_OR_RETURN(
        filter.household_id,
        ChildOf(site_id, "household", request.household(), "households"));
  }
  return filter;
}

absl::StatusOr<usecase::FollowUpRecord> FollowUpRecordFrom(
    const v1::RecordFollowUpRequest& request) {
  usecase::FollowUpRecord record;
  record.etag = request.etag();
  CONCIERGE_ASSIGN_OR_RETURN(record.method,
                             FromProto("method", request.method()));
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateFollowUpRecord(
      request.satisfaction(), request.comment()));
  record.satisfaction = request.satisfaction();
  record.comment = request.comment();
  record.complained = request.complained();
  if (request.complained()) {
    CONCIERGE_ASSIGN_OR_RETURN(record.complaint,
                               ComplaintFrom(request.complaint()));
  } else if (request.has_complaint()) {
    return absl::InvalidArgumentError(
        "complaint: only when the resident complained (complained = true)");
  }
  return record;
}

absl::StatusOr<usecase::ComplaintUpdate> ComplaintUpdateFrom(
    const v1::UpdateComplaintRequest& request) {
  usecase::ComplaintUpdate update;
  CONCIERGE_ASSIGN_OR_RETURN(update.expected_version,
                             RequiredEtag("etag", request.etag()));
  CONCIERGE_ASSIGN_OR_RETURN(update.action, FromProto(request.action()));
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateComplaintUpdate(
      update.action, request.note(), request.resolution()));
  update.note = request.note();
  update.resolution = request.resolution();
  return update;
}

absl::StatusOr<domain::SuggestionAction> TriageFrom(
    const v1::TriageSuggestionRequest& request) {
  switch (request.decision()) {
    case v1::TRIAGE_DECISION_ACCEPT:
      CONCIERGE_RETURN_IF_ERROR(domain::ValidateText("reason", request.reason(),
                                                     domain::kOptionalNote));
      return domain::SuggestionAction::kAccept;
    case v1::TRIAGE_DECISION_DECLINE:
      CONCIERGE_RETURN_IF_ERROR(domain::ValidateText("reason", request.reason(),
                                                     domain::kRequiredNote));
      return domain::SuggestionAction::kDecline;
    default:
      return absl::InvalidArgumentError("decision: ACCEPT or DECLINE");
  }
}

absl::StatusOr<std::vector<domain::SuggestionState>> StatesFrom(
    const v1::ListSuggestionsRequest& request) {
  std::vector<domain::SuggestionState> states;
  for (int s : request.states()) {
    CONCIERGE_ASSIGN_OR_RETURN(domain::SuggestionState state,
                               FromProto("states", v1::SuggestionState(s)));
    states.push_back(state);
  }
  return states;
}

absl::StatusOr<domain::Evaluation> EvaluationFrom(
    int64_t site_id, const v1::Evaluation& in, domain::ReportSubject* subject) {
  if (in.subject().empty()) {
    return absl::InvalidArgumentError("evaluation.subject: is required");
  }
  CONCIERGE_ASSIGN_OR_RETURN(*subject,
                             ParseSubject("evaluation.subject", in.subject()));
  if (subject->site_id != site_id) {
    return absl::InvalidArgumentError(
        "evaluation.subject: must belong to the parent site");
  }
  domain::Evaluation e;
  e.site_id = site_id;
  e.staff_id = subject->staff_id;
  e.department_id = subject->department_id;
  CONCIERGE_ASSIGN_OR_RETURN(
      e.start, RequiredTime("evaluation.start_time", in.has_start_time(),
                            in.start_time()));
  CONCIERGE_ASSIGN_OR_RETURN(
      e.end,
      RequiredTime("evaluation.end_time", in.has_end_time(), in.end_time()));
  e.score = in.score();
  e.note = in.note();
  return e;
}

}  // namespace concierge::api

namespace concierge::api {

absl::StatusOr<int64_t> HouseholdFor(const domain::Principal& p,
                                     int64_t site_id, absl::string_view field,
                                     const std::string& name) {
  if (p.role == domain::Role::kResident) {
    if (!name.empty() && name != HouseholdName(site_id, p.household_id)) {
      return absl::PermissionDeniedError(
          "residents act for their own household only");
    }
    return p.household_id;
  }
  if (name.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": is required"));
  }
  return ChildOf(site_id, field, name, "households");
}

absl::StatusOr<usecase::NewComplaint> NewComplaintFrom(
    const domain::Principal& p, int64_t site_id, const v1::Complaint& in) {
  const bool resident = p.role == domain::Role::kResident;
  usecase::NewComplaint n;
  domain::Complaint& c = n.complaint;
  c.site_id = site_id;
  CONCIERGE_ASSIGN_OR_RETURN(c.category,
                             FromProto("complaint.category", in.category()));
  CONCIERGE_ASSIGN_OR_RETURN(c.severity,
                             FromProto("complaint.severity", in.severity()));
  c.text = in.text();
  c.source = resident ? domain::ComplaintSource::kResident
                      : domain::ComplaintSource::kStaff;
  if (resident) {
    c.resident_id = p.id;
    if (!in.department().empty() || !in.staff().empty()) {
      return absl::InvalidArgumentError(
          "complaint.department: the department and staff member are "
          "named by staff (or taken from the request)");
    }
  }
  if (!in.request().empty()) {
    CONCIERGE_ASSIGN_OR_RETURN(
        n.request_id,
        ChildOf(site_id, "complaint.request", in.request(), "requests"));
  }
  if (resident || !in.household().empty() || n.request_id == 0) {
    CONCIERGE_ASSIGN_OR_RETURN(
        c.household_id,
        HouseholdFor(p, site_id, "complaint.household", in.household()));
  }
  CONCIERGE_RETURN_IF_ERROR(
      domain::ValidateText("complaint.text", c.text, domain::kRequiredNote));
  CONCIERGE_ASSIGN_OR_RETURN(
      n.department, ParseDepartment("complaint.department", in.department()));
  if (!in.staff().empty()) {
    CONCIERGE_ASSIGN_OR_RETURN(
        n.staff_id, ChildOf(site_id, "complaint.staff", in.staff(), "staff"));
  }
  return n;
}

absl::StatusOr<domain::Suggestion> SuggestionFrom(const domain::Principal& p,
                                                  int64_t site_id,
                                                  const v1::Suggestion& in) {
  domain::Suggestion s;
  s.site_id = site_id;
  CONCIERGE_ASSIGN_OR_RETURN(s.kind, FromProto("suggestion.kind", in.kind()));
  CONCIERGE_ASSIGN_OR_RETURN(
      s.household_id,
      HouseholdFor(p, site_id, "suggestion.household", in.household()));
  if (p.role == domain::Role::kResident) s.resident_id = p.id;
  if (!in.item().empty()) {
    CONCIERGE_ASSIGN_OR_RETURN(
        s.item_id, ChildOf(site_id, "suggestion.item", in.item(), "items"));
  }
  s.text = in.text();
  return s;
}
}  // namespace concierge::api
