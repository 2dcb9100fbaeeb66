#include "server/api/quality_service.h"

#include <algorithm>
#include <optional>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/api/catalog_convert.h"
#include "server/api/catalog_workflows.h"
#include "server/api/convert.h"
#include "server/api/quality_convert.h"
#include "server/api/request_convert.h"
#include "server/common/etag.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"
#include "server/store/catalog_repository.h"
#include "server/store/directory_repository.h"
#include "server/store/housekeeping_repository.h"
#include "server/store/quality_repository.h"
#include "server/store/request_repository.h"
#include "server/usecase/loaders.h"

namespace concierge::api {
namespace {

#define QUALITY_RPC(name) "/concierge.v1.QualityService/" name

constexpr char kListDueFollowUps[] = QUALITY_RPC("ListDueFollowUps");
constexpr char kRecordFollowUp[] = QUALITY_RPC("RecordFollowUp");
constexpr char kListFollowUps[] = QUALITY_RPC("ListFollowUps");
constexpr char kCreateComplaint[] = QUALITY_RPC("CreateComplaint");
constexpr char kGetComplaint[] = QUALITY_RPC("GetComplaint");
constexpr char kListComplaints[] = QUALITY_RPC("ListComplaints");
constexpr char kUpdateComplaint[] = QUALITY_RPC("UpdateComplaint");
constexpr char kRecordPraise[] = QUALITY_RPC("RecordPraise");
constexpr char kListPraise[] = QUALITY_RPC("ListPraise");
constexpr char kGetQualityReport[] = QUALITY_RPC("GetQualityReport");
constexpr char kCreateEvaluation[] = QUALITY_RPC("CreateEvaluation");
constexpr char kListEvaluations[] = QUALITY_RPC("ListEvaluations");
constexpr char kCreateSuggestion[] = QUALITY_RPC("CreateSuggestion");
constexpr char kListSuggestions[] = QUALITY_RPC("ListSuggestions");
constexpr char kTriageSuggestion[] = QUALITY_RPC("TriageSuggestion");
constexpr char kCreateSurvey[] = QUALITY_RPC("CreateSurvey");
constexpr char kGetSurvey[] = QUALITY_RPC("GetSurvey");
constexpr char kListSurveys[] = QUALITY_RPC("ListSurveys");
constexpr char kSubmitSurveyResponse[] = QUALITY_RPC("SubmitSurveyResponse");
constexpr char kGetSurveyResults[] = QUALITY_RPC("GetSurveyResults");
constexpr char kGetAnnualReview[] = QUALITY_RPC("GetAnnualReview");
constexpr char kCreateServicePlan[] = QUALITY_RPC("CreateServicePlan");
constexpr char kGetServicePlan[] = QUALITY_RPC("GetServicePlan");
constexpr char kListServicePlans[] = QUALITY_RPC("ListServicePlans");
constexpr char kApproveServicePlan[] = QUALITY_RPC("ApproveServicePlan");

#undef QUALITY_RPC

// The survey item of the default catalogue (seed item 45).
constexpr char kSurveyItemCode[] = "SATISFACTION_SURVEY";

bool IsManager(const domain::Principal& p) {
  return p.role == domain::Role::kManager || p.role == domain::Role::kAdmin ||
         p.role == domain::Role::kGroupAdmin;
}

// Follow-ups, complaints, suggestions, surveys and plans are the
// residential service center's.
absl::Status CheckResidential(const Call& call, int64_t site_id) {
  CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
  return RequireSiteKind(call, "RESIDENTIAL");
}

// Optional etags compare with the version; a malformed one never matches.
bool EtagMatches(const std::string& etag, int64_t version) {
  return etag.empty() || etag == absl::StrCat(version);
}

absl::StatusOr<int64_t> RequiredEtag(absl::string_view field,
                                     const std::string& etag) {
  int64_t version = 0;
  if (etag.empty() || !absl::SimpleAtoi(etag, &version)) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": is required (the etag of the version you read)"));
  }
  return version;
}

// A child of `site_id` named in `field`; INVALID_ARGUMENT when it belongs to
// another site.
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

absl::StatusOr<absl::Time> RequiredTime(absl::string_view field, bool has,
                                        const google::protobuf::Timestamp& t) {
  if (!has) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": is required"));
  }
  return FromProto(field, t);
}

absl::StatusOr<absl::TimeZone> SiteZone(const domain::Site& site) {
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(site.time_zone, &zone)) {
    return absl::InternalError(
        absl::StrCat("site time zone ", site.time_zone, " cannot be loaded"));
  }
  return zone;
}

// The household a resident acts for, or the one staff name in `field`.
absl::StatusOr<int64_t> HouseholdFor(const Call& call, int64_t site_id,
                                     absl::string_view field,
                                     const std::string& name) {
  const domain::Principal& p = call.principal;
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

// --- follow-ups ------------------------------------------------------------

absl::StatusOr<domain::FollowUp> LoadFollowUp(soci::session& sql,
                                              int64_t site_id, int64_t id,
                                              bool for_update) {
  std::optional<domain::FollowUp> f =
      store::FindFollowUp(sql, site_id, id, for_update);
  if (!f) {
    return absl::NotFoundError(
        absl::StrCat(FollowUpName(site_id, id), " not found"));
  }
  return *f;
}

// --- complaints ------------------------------------------------------------

// How the caller stands to a complaint (the domain's table takes it).
domain::Relations ComplaintRelations(const domain::Principal& p,
                                     const domain::Complaint& c) {
  domain::Relations who;
  if (!p.CanActOnSite(c.site_id)) return who;
  if (IsManager(p)) who.Add(domain::Relation::kManager);
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
                                                const Call& call,
                                                int64_t site_id, int64_t id,
                                                bool for_update) {
  std::optional<domain::Complaint> c =
      store::FindComplaint(sql, site_id, id, for_update);
  if (call.principal.role == domain::Role::kResident &&
      (!c || c->household_id != call.principal.household_id)) {
    return absl::PermissionDeniedError(
        "residents see their own household's complaints only");
  }
  if (!c) {
    return absl::NotFoundError(
        absl::StrCat(ComplaintName(site_id, id), " not found"));
  }
  return *c;
}

domain::ComplaintEvent CreationEvent(const Call& call,
                                     const domain::Complaint& c) {
  domain::ComplaintEvent e;
  e.action = domain::ComplaintAction::kCreate;
  e.after = c.state;
  e.actor = c.created_by;
  e.actor_role = std::string(domain::RoleName(call.principal.role));
  e.note = c.severity == domain::ComplaintSeverity::kMajor
               ? "MAJOR: escalated to the manager on creation"
               : "";
  e.time = c.create_time;
  return e;
}

absl::StatusOr<domain::ComplaintAction> ActionFromProto(v1::ComplaintAction a) {
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

// A complaint about `request` (may be 0) of `household`: its item,
// department and staff member default from the request.
absl::Status FillFromRequest(soci::session& sql, int64_t site_id,
                             int64_t request_id, domain::Complaint* c) {
  if (request_id == 0) return absl::OkStatus();
  std::optional<domain::ServiceRequest> r =
      store::FindRequest(sql, site_id, request_id);
  if (!r) {
    return absl::NotFoundError(absl::StrCat(
        "complaint.request: ", RequestName(site_id, request_id), " not found"));
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

// --- the quality report ----------------------------------------------------

// "sites/1", "sites/1/departments/2" or "sites/1/staff/3".
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

// The subject exists; for a staff member, its department is returned.
absl::StatusOr<int64_t> CheckSubjectExists(soci::session& sql,
                                           absl::string_view field,
                                           const domain::ReportSubject& s) {
  CONCIERGE_RETURN_IF_ERROR(usecase::LoadSite(sql, s.site_id).status());
  if (s.department_id != 0 &&
      !store::FindDepartment(sql, s.site_id, s.department_id)) {
    return absl::NotFoundError(
        absl::StrCat(field, ": ", SubjectName(s), " not found"));
  }
  if (s.staff_id != 0) {
    std::optional<domain::Staff> staff =
        store::FindStaff(sql, s.site_id, s.staff_id);
    if (!staff) {
      return absl::NotFoundError(
          absl::StrCat(field, ": ", SubjectName(s), " not found"));
    }
    return staff->department_id;
  }
  return s.department_id;
}

// Supervisors see their own department and its staff; managers everything.
absl::Status CheckSupervisorScope(const Call& call, int64_t subject_department,
                                  bool whole_site) {
  const domain::Principal& p = call.principal;
  if (IsManager(p)) return absl::OkStatus();
  if (whole_site || p.department_id == 0 ||
      subject_department != p.department_id) {
    return absl::PermissionDeniedError(
        "supervisors see their own department and its staff only");
  }
  return absl::OkStatus();
}

// --- the annual plan -------------------------------------------------------

// The catalogue's own rules for one entry, at `now`: the item exists and may
// take the move; a new item is a valid DRAFT with a new code; prices pass
// ValidatePriceProposal; an ADD answers an ACCEPTED suggestion.
absl::Status CheckPlanEntry(soci::session& sql, const domain::Site& site,
                            const domain::PlanEntry& e, absl::Time now) {
  switch (e.action) {
    case domain::PlanAction::kKeep:
    case domain::PlanAction::kRetire:
    case domain::PlanAction::kReprice: {
      CONCIERGE_ASSIGN_OR_RETURN(domain::ServiceItem item,
                                 usecase::LoadItem(sql, site.id, e.item_id));
      if (e.action == domain::PlanAction::kRetire) {
        CONCIERGE_RETURN_IF_ERROR(
            domain::NextItemState(item.state, domain::ItemAction::kRetire)
                .status());
      } else if (item.state == domain::ItemState::kRetired) {
        return absl::FailedPreconditionError(
            absl::StrCat("item ", item.code, " is RETIRED"));
      }
      if (e.action == domain::PlanAction::kReprice) {
        domain::PriceVersion price;
        price.amount = *e.price;
        price.effective_time = *e.effective_time;
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidatePriceProposal(item, price, site.currency, now));
      }
      return absl::OkStatus();
    }
    case domain::PlanAction::kAdd: {
      std::optional<domain::Suggestion> s =
          store::FindSuggestion(sql, site.id, e.suggestion_id);
      if (!s) {
        return absl::NotFoundError(absl::StrCat(
            "suggestion ", SuggestionName(site.id, e.suggestion_id),
            " not found"));
      }
      if (s->state != domain::SuggestionState::kAccepted) {
        return absl::FailedPreconditionError(
            absl::StrCat("suggestion is ", domain::Name(s->state),
                         "; only ACCEPTED suggestions are added by a plan"));
      }
      domain::ServiceItem item = e.new_item;
      item.site_id = site.id;
      item.state = domain::ItemState::kDraft;
      CONCIERGE_RETURN_IF_ERROR(domain::ValidateServiceItem(item));
      if (!store::FindDepartment(sql, site.id, item.department_id)) {
        return absl::NotFoundError(
            "item.department: not a department of the site");
      }
      if (store::FindItemByCode(sql, site.id, item.code)) {
        return absl::AlreadyExistsError(
            absl::StrCat("item.code: ", item.code, " already exists"));
      }
      if (item.fee_kind == domain::FeeKind::kFixed) {
        domain::PriceVersion price;
        price.amount = *e.price;
        price.effective_time = *e.effective_time;
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidatePriceProposal(item, price, site.currency, now));
      }
      return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

absl::Status CheckPlanEntries(soci::session& sql, const domain::Site& site,
                              const domain::ServicePlan& plan, absl::Time now) {
  for (size_t i = 0; i < plan.entries.size(); ++i) {
    CONCIERGE_RETURN_IF_ERROR(
        domain::EntryError(i, CheckPlanEntry(sql, site, plan.entries[i], now)));
  }
  return absl::OkStatus();
}

// A price version proposed and approved through the catalogue's rules.
absl::StatusOr<domain::PriceVersion> ApprovedPrice(
    soci::session& sql, const domain::Site& site,
    const domain::ServiceItem& item, const domain::PlanEntry& e,
    const std::string& by, absl::Time now, int32_t year) {
  domain::PriceVersion price;
  price.site_id = site.id;
  price.item_id = item.id;
  price.amount = domain::Money{site.currency, e.price->minor};
  price.effective_time = *e.effective_time;
  price.state = domain::PriceState::kProposed;
  price.note = e.note.empty() ? absl::StrCat("Service plan ", year) : e.note;
  price.proposed_by = by;
  price.propose_time = now;
  CONCIERGE_RETURN_IF_ERROR(
      domain::ValidatePriceProposal(item, price, site.currency, now));
  price = store::InsertPrice(sql, price);
  CONCIERGE_RETURN_IF_ERROR(domain::CheckPriceDecision(price, true, now));
  price.state = domain::PriceState::kApproved;
  price.decided_by = by;
  price.decide_time = now;
  store::RecordPriceDecision(sql, price);
  return price;
}

// Applies one entry; records the item and price it produced in `e`.
absl::Status ApplyPlanEntry(soci::session& sql, const domain::Site& site,
                            const domain::ServicePlan& plan, const Call& call,
                            domain::PlanEntry& e,
                            std::vector<std::string>* retired_zh,
                            std::vector<std::string>* retired_en) {
  const std::string by = usecase::PrincipalName(call.principal);
  switch (e.action) {
    case domain::PlanAction::kKeep:
      return absl::OkStatus();
    case domain::PlanAction::kRetire: {
      CONCIERGE_ASSIGN_OR_RETURN(domain::ServiceItem item,
                                 usecase::LoadItem(sql, site.id, e.item_id));
      CONCIERGE_ASSIGN_OR_RETURN(
          item.state,
          domain::NextItemState(item.state, domain::ItemAction::kRetire));
      item.retire_time = call.now;
      item.retire_reason =
          e.note.empty() ? absl::StrCat("Service plan ", plan.year) : e.note;
      item.update_time = call.now;
      CONCIERGE_RETURN_IF_ERROR(SaveItem(sql, item, item.version).status());
      retired_zh->push_back(item.title_zh);
      retired_en->push_back(item.title_en);
      return absl::OkStatus();
    }
    case domain::PlanAction::kReprice: {
      CONCIERGE_ASSIGN_OR_RETURN(domain::ServiceItem item,
                                 usecase::LoadItem(sql, site.id, e.item_id));
      CONCIERGE_ASSIGN_OR_RETURN(
          domain::PriceVersion price,
          ApprovedPrice(sql, site, item, e, by, call.now, plan.year));
      e.price_id = price.id;
      return absl::OkStatus();
    }
    case domain::PlanAction::kAdd: {
      domain::ServiceItem item = e.new_item;
      item.site_id = site.id;
      item.state = domain::ItemState::kDraft;
      item.create_time = call.now;
      item.update_time = call.now;
      domain::ApplyDefaultTargets(&item);
      CONCIERGE_RETURN_IF_ERROR(domain::ValidateServiceItem(item));
      if (store::FindItemByCode(sql, site.id, item.code)) {
        return absl::AlreadyExistsError(
            absl::StrCat("item.code: ", item.code, " already exists"));
      }
      item = store::InsertItem(sql, item);
      // DRAFT -> APPROVED through the item life cycle.
      CONCIERGE_ASSIGN_OR_RETURN(
          item.state,
          domain::NextItemState(item.state, domain::ItemAction::kApprove));
      item.approved_by = by;
      item.approve_time = call.now;
      CONCIERGE_ASSIGN_OR_RETURN(item, SaveItem(sql, item, item.version));
      e.item_id = item.id;
      if (item.fee_kind == domain::FeeKind::kFixed) {
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::PriceVersion price,
            ApprovedPrice(sql, site, item, e, by, call.now, plan.year));
        e.price_id = price.id;
      }
      std::optional<domain::Suggestion> s =
          store::FindSuggestion(sql, site.id, e.suggestion_id, true);
      if (!s) return absl::NotFoundError("suggestion: not found");
      const int64_t version = s->version;
      CONCIERGE_ASSIGN_OR_RETURN(
          s->state, domain::NextSuggestionState(
                        s->state, domain::SuggestionAction::kAdopt));
      s->plan_id = plan.id;
      s->adopted_item_id = item.id;
      s->update_time = call.now;
      if (!store::SaveSuggestion(sql, *s, version)) {
        return StaleEtag("suggestion");
      }
      return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

// The DRAFT announcement of what the plan changed, checked by the
// catalogue's announcement rules. 0 when the plan changed nothing.
absl::StatusOr<int64_t> AnnouncePlan(
    soci::session& sql, const domain::Site& site,
    const domain::ServicePlan& plan, const Call& call,
    const std::vector<std::string>& retired_zh,
    const std::vector<std::string>& retired_en) {
  domain::Announcement a;
  a.site_id = site.id;
  for (const domain::PlanEntry& e : plan.entries) {
    if (e.action == domain::PlanAction::kAdd) a.item_ids.push_back(e.item_id);
    if (e.price_id != 0) a.price_ids.push_back(e.price_id);
  }
  if (a.item_ids.empty() && a.price_ids.empty() && retired_zh.empty()) return 0;
  a.title_zh = absl::StrCat(plan.year, "年度個性化服務項目及收費標準");
  a.title_en = absl::StrCat("Personalised services and prices for ", plan.year);
  a.body_zh = absl::StrCat("服務中心按保本微利原則擬定了", plan.year,
                           "年度個性化服務項目計劃。");
  a.body_en = absl::StrCat(
      "The service center has set its personalised service plan for ",
      plan.year, " on the break-even-with-small-profit principle.");
  if (!retired_zh.empty()) {
    absl::StrAppend(&a.body_zh, "\n停止提供：", absl::StrJoin(retired_zh, "、"),
                    "。");
    absl::StrAppend(&a.body_en,
                    "\nNo longer offered: ", absl::StrJoin(retired_en, ", "),
                    ".");
  }
  a.created_by = usecase::PrincipalName(call.principal);
  a.create_time = call.now;
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateAnnouncement(a));
  for (int64_t price_id : a.price_ids) {
    std::optional<domain::PriceVersion> price =
        store::FindPrice(sql, site.id, price_id);
    if (!price) return absl::InternalError("plan price vanished");
    CONCIERGE_RETURN_IF_ERROR(domain::CheckAnnounceable(*price, call.now));
  }
  for (int64_t item_id : a.item_ids) {
    CONCIERGE_ASSIGN_OR_RETURN(domain::ServiceItem item,
                               usecase::LoadItem(sql, site.id, item_id));
    CONCIERGE_RETURN_IF_ERROR(domain::CheckAnnounceable(item));
    CONCIERGE_RETURN_IF_ERROR(domain::CheckPricedForAnnouncement(
        item, store::ListItemPrices(sql, site.id, item_id), a.price_ids,
        call.now));
  }
  a = store::InsertAnnouncement(sql, a);
  return a.id;
}

// Proto -> domain plan (names resolved to ids of `site_id`, not yet checked
// against the catalogue).
absl::StatusOr<domain::ServicePlan> PlanFromProto(soci::session& sql,
                                                  int64_t site_id,
                                                  const v1::ServicePlan& in) {
  domain::ServicePlan plan;
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
          item.department_id,
          usecase::ResolveDepartment(
              sql, site_id, field + ".new_item.department", n.department()));
      CONCIERGE_RETURN_IF_ERROR(
          domain::ValidateCode(field + ".new_item.code", item.code));
    } else if (pe.has_new_item()) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ".new_item: only ADD entries describe a new item"));
    }
    plan.entries.push_back(std::move(e));
  }
  return plan;
}

}  // namespace

// --- follow-ups ------------------------------------------------------------

grpc::Status QualityServiceImpl::ListDueFollowUps(
    grpc::ServerContext* context, const v1::ListDueFollowUpsRequest* request,
    v1::ListDueFollowUpsResponse* response) {
  return Serve(
      env_, context, kListDueFollowUps, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, site_id));
        absl::Time due_before = call.now;
        if (request->has_due_before()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              due_before, FromProto("due_before", request->due_before()));
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return env_.db->Read(
            "ListDueFollowUps", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(
                  int64_t department,
                  usecase::ResolveDepartment(sql, site_id, "department",
                                             request->department()));
              if (!IsManager(call.principal)) {
                if (department != 0 &&
                    department != call.principal.department_id) {
                  return absl::PermissionDeniedError(
                      "department: supervisors follow up for their own "
                      "department");
                }
                department = call.principal.department_id;
              }
              auto page =
                  store::ListDueFollowUps(sql, site_id, department, due_before,
                                          {cursor.after_id, cursor.limit});
              for (const domain::FollowUp& f : page.items) {
                ToProto(f, response->add_follow_ups());
              }
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
      });
}

grpc::Status QualityServiceImpl::ListFollowUps(
    grpc::ServerContext* context, const v1::ListFollowUpsRequest* request,
    v1::ListFollowUpsResponse* response) {
  return Serve(
      env_, context, kListFollowUps, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, site_id));
        store::FollowUpRegisterFilter filter;
        if (request->has_start_time()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              filter.start, FromProto("start_time", request->start_time()));
        }
        if (request->has_end_time()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              filter.end, FromProto("end_time", request->end_time()));
        }
        if (filter.start && filter.end && *filter.end <= *filter.start) {
          return absl::InvalidArgumentError(
              "end_time: must be after start_time");
        }
        if (request->method() != v1::FOLLOW_UP_METHOD_UNSPECIFIED) {
          CONCIERGE_ASSIGN_OR_RETURN(filter.method,
                                     FromProto("method", request->method()));
        }
        if (request->outcome() != v1::FOLLOW_UP_OUTCOME_UNSPECIFIED) {
          CONCIERGE_ASSIGN_OR_RETURN(domain::FollowUpOutcome outcome,
                                     FromProto("outcome", request->outcome()));
          filter.band = domain::BandOf(outcome);
        }
        if (!request->item().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              filter.item_id,
              ChildOf(site_id, "item", request->item(), "items"));
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return env_.db->Read(
            "ListFollowUps", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(
                  filter.department_id,
                  usecase::ResolveDepartment(sql, site_id, "department",
                                             request->department()));
              if (!IsManager(call.principal)) {
                if (filter.department_id != 0 &&
                    filter.department_id != call.principal.department_id) {
                  return absl::PermissionDeniedError(
                      "department: supervisors see their own department's "
                      "follow-ups");
                }
                filter.department_id = call.principal.department_id;
              }
              auto page = store::ListFollowUpRegister(
                  sql, site_id, filter, {cursor.after_id, cursor.limit});
              for (const domain::FollowUp& f : page.items) {
                ToProto(f, response->add_follow_ups());
              }
              const store::FollowUpRegisterTotals totals =
                  store::SumFollowUpRegister(sql, site_id, filter);
              response->set_total_count(static_cast<int32_t>(totals.count));
              response->set_mean_satisfaction(
                  totals.count == 0
                      ? 0
                      : static_cast<double>(totals.satisfaction_sum) /
                            totals.count);
              response->set_complaints(static_cast<int32_t>(totals.complained));
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
      });
}

grpc::Status QualityServiceImpl::RecordFollowUp(
    grpc::ServerContext* context, const v1::RecordFollowUpRequest* request,
    v1::FollowUp* response) {
  return ServeWrite(
      env_, context, kRecordFollowUp, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("name", request->name(), "followups"));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, ids[0]));
        CONCIERGE_ASSIGN_OR_RETURN(domain::FollowUpMethod method,
                                   FromProto("method", request->method()));
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateFollowUpRecord(
            request->satisfaction(), request->comment()));
        domain::Complaint complaint;
        if (request->complained()) {
          const v1::ComplaintDetails& d = request->complaint();
          CONCIERGE_ASSIGN_OR_RETURN(
              complaint.category,
              FromProto("complaint.category", d.category()));
          CONCIERGE_ASSIGN_OR_RETURN(
              complaint.severity,
              FromProto("complaint.severity", d.severity()));
          CONCIERGE_RETURN_IF_ERROR(domain::ValidateText(
              "complaint.text", d.text(), domain::kRequiredNote));
          complaint.text = d.text();
        } else if (request->has_complaint()) {
          return absl::InvalidArgumentError(
              "complaint: only when the resident complained (complained = "
              "true)");
        }
        return env_.db->Transact(
            "RecordFollowUp", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(
                  domain::FollowUp f, LoadFollowUp(sql, ids[0], ids[1], true));
              const domain::Principal& p = call.principal;
              if (!IsManager(p) && !(p.role == domain::Role::kSupervisor &&
                                     p.department_id == f.department_id)) {
                return absl::PermissionDeniedError(
                    "only the supervisor of the request's department or the "
                    "manager "
                    "follows up");
              }
              if (!EtagMatches(request->etag(), f.version))
                return StaleEtag("etag");
              if (f.state != domain::FollowUpState::kPending) {
                return absl::FailedPreconditionError(
                    "follow-up is DONE; it was recorded already");
              }
              const int64_t version = f.version;
              f.state = domain::FollowUpState::kDone;
              f.method = method;
              f.satisfaction = request->satisfaction();
              f.comment = request->comment();
              f.complained = request->complained();
              f.recorded_by = usecase::PrincipalName(p);
              f.record_time = call.now;
              if (!store::SaveFollowUpRecord(sql, f, version))
                return StaleEtag("etag");
              if (f.complained) {
                complaint.site_id = f.site_id;
                complaint.household_id = f.household_id;
                complaint.follow_up_id = f.id;
                CONCIERGE_RETURN_IF_ERROR(
                    FillFromRequest(sql, f.site_id, f.request_id, &complaint));
                complaint.source = domain::ComplaintSource::kFollowUp;
                complaint.state =
                    domain::InitialComplaintState(complaint.severity);
                complaint.created_by = usecase::PrincipalName(p);
                complaint.create_time = call.now;
                complaint.update_time = call.now;
                if (complaint.state == domain::ComplaintState::kEscalated) {
                  complaint.escalate_time = call.now;
                }
                CONCIERGE_RETURN_IF_ERROR(domain::ValidateComplaint(complaint));
                complaint = store::InsertComplaint(sql, complaint);
                store::AppendComplaintEvent(sql, complaint.site_id,
                                            complaint.id,
                                            CreationEvent(call, complaint));
              }
              CONCIERGE_ASSIGN_OR_RETURN(
                  f, LoadFollowUp(sql, ids[0], ids[1], false));
              ToProto(f, response);
              return absl::OkStatus();
            });
      });
}

// --- complaints ------------------------------------------------------------

grpc::Status QualityServiceImpl::CreateComplaint(
    grpc::ServerContext* context, const v1::CreateComplaintRequest* request,
    v1::Complaint* response) {
  return Serve(
      env_, context, kCreateComplaint, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        const v1::Complaint& in = request->complaint();
        const domain::Principal& p = call.principal;
        const bool resident = p.role == domain::Role::kResident;
        domain::Complaint c;
        c.site_id = site_id;
        CONCIERGE_ASSIGN_OR_RETURN(
            c.category, FromProto("complaint.category", in.category()));
        CONCIERGE_ASSIGN_OR_RETURN(
            c.severity, FromProto("complaint.severity", in.severity()));
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
        int64_t request_id = 0;
        if (!in.request().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              request_id,
              ChildOf(site_id, "complaint.request", in.request(), "requests"));
        }
        if (resident || !in.household().empty() || request_id == 0) {
          CONCIERGE_ASSIGN_OR_RETURN(
              c.household_id, HouseholdFor(call, site_id, "complaint.household",
                                           in.household()));
        }
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateText("complaint.text", c.text,
                                                       domain::kRequiredNote));
        return env_.db->Transact(
            "CreateComplaint", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              if (!in.department().empty()) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    c.department_id,
                    usecase::ResolveDepartment(
                        sql, site_id, "complaint.department", in.department()));
              }
              if (!in.staff().empty()) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    c.staff_id,
                    ChildOf(site_id, "complaint.staff", in.staff(), "staff"));
                if (!store::FindStaff(sql, site_id, c.staff_id)) {
                  return absl::NotFoundError(absl::StrCat(
                      "complaint.staff: ", in.staff(), " not found"));
                }
              }
              if (resident && request_id != 0) {
                std::optional<domain::ServiceRequest> r =
                    store::FindRequest(sql, site_id, request_id);
                if (!r || r->household_id != p.household_id) {
                  return absl::PermissionDeniedError(
                      "complaint.request: residents complain about their own "
                      "household's requests only");
                }
              }
              CONCIERGE_RETURN_IF_ERROR(
                  FillFromRequest(sql, site_id, request_id, &c));
              if (!store::FindHousehold(sql, site_id, c.household_id)) {
                return absl::NotFoundError(absl::StrCat(
                    "complaint.household: ",
                    HouseholdName(site_id, c.household_id), " not found"));
              }
              c.state = domain::InitialComplaintState(c.severity);
              c.created_by = usecase::PrincipalName(p);
              c.create_time = call.now;
              c.update_time = call.now;
              if (c.state == domain::ComplaintState::kEscalated)
                c.escalate_time = call.now;
              CONCIERGE_RETURN_IF_ERROR(domain::ValidateComplaint(c));
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(sql, call, *request, request->request_id(),
                             [&]() -> absl::StatusOr<std::string> {
                               c = store::InsertComplaint(sql, c);
                               store::AppendComplaintEvent(
                                   sql, site_id, c.id, CreationEvent(call, c));
                               return ComplaintName(site_id, c.id);
                             }));
              int64_t id = c.id;
              if (existing) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    auto ids,
                    ParseSiteChild("complaint", *existing, "complaints"));
                id = ids[1];
                CONCIERGE_RETURN_IF_ERROR(
                    Replayed(*existing, store::FindComplaint(sql, site_id, id))
                        .status());
              }
              CONCIERGE_ASSIGN_OR_RETURN(
                  c, LoadComplaint(sql, call, site_id, id, false));
              ToProto(c, !resident, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status QualityServiceImpl::GetComplaint(
    grpc::ServerContext* context, const v1::GetComplaintRequest* request,
    v1::Complaint* response) {
  return Serve(
      env_, context, kGetComplaint, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("name", request->name(), "complaints"));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, ids[0]));
        return env_.db->Read(
            "GetComplaint", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(
                  domain::Complaint c,
                  LoadComplaint(sql, call, ids[0], ids[1], false));
              ToProto(c, call.principal.role != domain::Role::kResident,
                      response);
              return absl::OkStatus();
            });
      });
}

grpc::Status QualityServiceImpl::ListComplaints(
    grpc::ServerContext* context, const v1::ListComplaintsRequest* request,
    v1::ListComplaintsResponse* response) {
  return Serve(
      env_, context, kListComplaints, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, site_id));
        store::ComplaintFilter filter;
        for (int s : request->states()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              domain::ComplaintState state,
              FromProto("states", v1::ComplaintState(s)));
          filter.states.push_back(state);
        }
        if (request->severity() != v1::COMPLAINT_SEVERITY_UNSPECIFIED) {
          CONCIERGE_ASSIGN_OR_RETURN(
              filter.severity, FromProto("severity", request->severity()));
        }
        if (!request->household().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              filter.household_id, ChildOf(site_id, "household",
                                           request->household(), "households"));
        }
        const bool resident = call.principal.role == domain::Role::kResident;
        if (resident) {
          if (filter.household_id != 0 &&
              filter.household_id != call.principal.household_id) {
            return absl::PermissionDeniedError(
                "residents see their own household's complaints only");
          }
          filter.household_id = call.principal.household_id;
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return env_.db->Read(
            "ListComplaints", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(
                  filter.department_id,
                  usecase::ResolveDepartment(sql, site_id, "department",
                                             request->department()));
              auto page = store::ListComplaints(
                  sql, site_id, filter, {cursor.after_id, cursor.limit});
              for (const domain::Complaint& c : page.items) {
                ToProto(c, false, response->add_complaints());
              }
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
      });
}

grpc::Status QualityServiceImpl::UpdateComplaint(
    grpc::ServerContext* context, const v1::UpdateComplaintRequest* request,
    v1::Complaint* response) {
  return ServeWrite(
      env_, context, kUpdateComplaint, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("name", request->name(), "complaints"));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, ids[0]));
        CONCIERGE_ASSIGN_OR_RETURN(int64_t expected,
                                   RequiredEtag("etag", request->etag()));
        CONCIERGE_ASSIGN_OR_RETURN(domain::ComplaintAction action,
                                   ActionFromProto(request->action()));
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateComplaintUpdate(
            action, request->note(), request->resolution()));
        return env_.db->Transact(
            "UpdateComplaint", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(
                  domain::Complaint c,
                  LoadComplaint(sql, call, ids[0], ids[1], true));
              const domain::Relations who =
                  ComplaintRelations(call.principal, c);
              CONCIERGE_ASSIGN_OR_RETURN(
                  domain::ComplaintState next,
                  domain::DecideComplaint(c.state, action, who));
              if (c.version != expected) return StaleEtag("etag");
              const domain::ComplaintState before = c.state;
              const std::string actor = usecase::PrincipalName(call.principal);
              switch (action) {
                case domain::ComplaintAction::kHandle:
                  c.handler = actor;
                  break;
                case domain::ComplaintAction::kEscalate:
                  c.escalate_time = call.now;
                  c.escalation_reason = request->note();
                  break;
                case domain::ComplaintAction::kResolve:
                  c.resolution = request->resolution();
                  c.resolved_by = actor;
                  c.resolve_time = call.now;
                  break;
                default:
                  break;
              }
              c.state = next;
              c.update_time = call.now;
              if (!store::SaveComplaint(sql, c, expected))
                return StaleEtag("etag");
              domain::ComplaintEvent e;
              e.action = action;
              e.before = before;
              e.after = next;
              e.actor = actor;
              e.actor_role = std::string(domain::RoleName(call.principal.role));
              e.note = request->note().empty() ? request->resolution()
                                               : request->note();
              e.time = call.now;
              store::AppendComplaintEvent(sql, c.site_id, c.id, e);
              CONCIERGE_ASSIGN_OR_RETURN(
                  c, LoadComplaint(sql, call, ids[0], ids[1], false));
              ToProto(c, true, response);
              return absl::OkStatus();
            });
      });
}

// --- praise ----------------------------------------------------------------

grpc::Status QualityServiceImpl::RecordPraise(
    grpc::ServerContext* context, const v1::RecordPraiseRequest* request,
    v1::Praise* response) {
  return Serve(
      env_, context, kRecordPraise, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        const v1::Praise& in = request->praise();
        domain::Praise p;
        p.site_id = site_id;
        if (in.staff().empty() && in.room_action().empty()) {
          return absl::InvalidArgumentError("praise.staff: is required");
        }
        if (!in.staff().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              p.staff_id,
              ChildOf(site_id, "praise.staff", in.staff(), "staff"));
        }
        if (!in.room_action().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(p.room_action_id,
                                     ChildOf(site_id, "praise.room_action",
                                             in.room_action(), "roomActions"));
        }
        CONCIERGE_ASSIGN_OR_RETURN(p.source,
                                   FromProto("praise.source", in.source()));
        p.text = in.text();
        p.praised_by = in.praised_by();
        p.subject = in.subject();
        if (!in.request().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              p.request_id,
              ChildOf(site_id, "praise.request", in.request(), "requests"));
        }
        p.receive_time = call.now;
        if (in.has_receive_time()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              p.receive_time,
              FromProto("praise.receive_time", in.receive_time()));
        }
        p.recorded_by = usecase::PrincipalName(call.principal);
        p.create_time = call.now;
        CONCIERGE_RETURN_IF_ERROR(domain::ValidatePraise(p, call.now));
        return env_.db->Transact(
            "RecordPraise", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              if (p.room_action_id != 0) {
                // A room action of this site: a guest thanked the hotel for
                // it; by default its proposer (or the attendant who asked)
                // is praised.
                std::optional<domain::RoomAction> action =
                    store::FindRoomAction(sql, site_id, p.room_action_id);
                if (!action) {
                  return absl::NotFoundError(absl::StrCat(
                      "praise.room_action: ", in.room_action(), " not found"));
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
                return absl::NotFoundError(
                    absl::StrCat("praise.staff: ", in.staff(), " not found"));
              }
              p.department_id = staff->department_id;
              if (p.request_id != 0 &&
                  !store::FindRequest(sql, site_id, p.request_id)) {
                return absl::NotFoundError(absl::StrCat(
                    "praise.request: ", in.request(), " not found"));
              }
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(sql, call, *request, request->request_id(),
                             [&]() -> absl::StatusOr<std::string> {
                               p = store::InsertPraise(sql, p);
                               return PraiseName(site_id, p.id);
                             }));
              if (existing) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    auto ids, ParseSiteChild("praise", *existing, "praise"));
                CONCIERGE_ASSIGN_OR_RETURN(
                    p, Replayed(*existing,
                                store::FindPraise(sql, ids[0], ids[1])));
              }
              ToProto(p, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status QualityServiceImpl::ListPraise(
    grpc::ServerContext* context, const v1::ListPraiseRequest* request,
    v1::ListPraiseResponse* response) {
  return Serve(
      env_, context, kListPraise, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
        int64_t staff_id = 0;
        if (!request->staff().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              staff_id, ChildOf(site_id, "staff", request->staff(), "staff"));
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return env_.db->Read(
            "ListPraise", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(
                  int64_t department_id,
                  usecase::ResolveDepartment(sql, site_id, "department",
                                             request->department()));
              auto page =
                  store::ListPraise(sql, site_id, staff_id, department_id,
                                    {cursor.after_id, cursor.limit});
              for (const domain::Praise& p : page.items)
                ToProto(p, response->add_praise());
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
      });
}

// --- reports and evaluations -----------------------------------------------

grpc::Status QualityServiceImpl::GetQualityReport(
    grpc::ServerContext* context, const v1::GetQualityReportRequest* request,
    v1::QualityReport* response) {
  return Serve(
      env_, context, kGetQualityReport, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(domain::ReportSubject subject,
                                   ParseSubject("subject", request->subject()));
        CONCIERGE_RETURN_IF_ERROR(RequireSite(call, subject.site_id));
        CONCIERGE_ASSIGN_OR_RETURN(
            absl::Time start,
            RequiredTime("start_time", request->has_start_time(),
                         request->start_time()));
        CONCIERGE_ASSIGN_OR_RETURN(
            absl::Time end, RequiredTime("end_time", request->has_end_time(),
                                         request->end_time()));
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateReportPeriod(start, end));
        return env_.db->Read(
            "GetQualityReport", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(
                  int64_t department,
                  CheckSubjectExists(sql, "subject", subject));
              CONCIERGE_RETURN_IF_ERROR(CheckSupervisorScope(
                  call, department,
                  subject.department_id == 0 && subject.staff_id == 0));
              const domain::QualityCounts counts =
                  store::CountQuality(sql, subject, start, end, call.now);
              ToProto(domain::MakeQualityReport(subject, start, end, call.now,
                                                counts),
                      response);
              return absl::OkStatus();
            });
      });
}

grpc::Status QualityServiceImpl::CreateEvaluation(
    grpc::ServerContext* context, const v1::CreateEvaluationRequest* request,
    v1::Evaluation* response) {
  return Serve(
      env_, context, kCreateEvaluation, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        const v1::Evaluation& in = request->evaluation();
        if (in.subject().empty()) {
          return absl::InvalidArgumentError("evaluation.subject: is required");
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::ReportSubject subject,
            ParseSubject("evaluation.subject", in.subject()));
        if (subject.site_id != site_id) {
          return absl::InvalidArgumentError(
              "evaluation.subject: must belong to the parent site");
        }
        domain::Evaluation e;
        e.site_id = site_id;
        e.staff_id = subject.staff_id;
        e.department_id = subject.department_id;
        CONCIERGE_ASSIGN_OR_RETURN(
            e.start, RequiredTime("evaluation.start_time", in.has_start_time(),
                                  in.start_time()));
        CONCIERGE_ASSIGN_OR_RETURN(
            e.end, RequiredTime("evaluation.end_time", in.has_end_time(),
                                in.end_time()));
        e.score = in.score();
        e.note = in.note();
        e.evaluator = usecase::PrincipalName(call.principal);
        e.create_time = call.now;
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateEvaluation(e));
        return env_.db->Transact(
            "CreateEvaluation", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_RETURN_IF_ERROR(
                  CheckSubjectExists(sql, "evaluation.subject", subject)
                      .status());
              e.report = domain::MakeQualityReport(
                  subject, e.start, e.end, call.now,
                  store::CountQuality(sql, subject, e.start, e.end, call.now));
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(sql, call, *request, request->request_id(),
                             [&]() -> absl::StatusOr<std::string> {
                               e = store::InsertEvaluation(sql, e);
                               return EvaluationName(site_id, e.id);
                             }));
              int64_t id = e.id;
              if (existing) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    auto ids,
                    ParseSiteChild("evaluation", *existing, "evaluations"));
                id = ids[1];
              }
              // (A first call's row is this transaction's: only a replay
              // can find it gone.)
              CONCIERGE_ASSIGN_OR_RETURN(
                  e, Replayed(EvaluationName(site_id, id),
                              store::FindEvaluation(sql, site_id, id)));
              ToProto(e, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status QualityServiceImpl::ListEvaluations(
    grpc::ServerContext* context, const v1::ListEvaluationsRequest* request,
    v1::ListEvaluationsResponse* response) {
  return Serve(
      env_, context, kListEvaluations, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
        domain::ReportSubject subject{site_id, 0, 0};
        if (!request->subject().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              subject, ParseSubject("subject", request->subject()));
          if (subject.site_id != site_id) {
            return absl::InvalidArgumentError(
                "subject: must belong to the parent site");
          }
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return env_.db->Read(
            "ListEvaluations", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              bool with_staff = false;
              const bool whole_site =
                  subject.department_id == 0 && subject.staff_id == 0;
              if (!IsManager(call.principal)) {
                if (whole_site) {
                  // A supervisor's default: their department and its staff.
                  subject.department_id = call.principal.department_id;
                  with_staff = true;
                }
                CONCIERGE_ASSIGN_OR_RETURN(
                    int64_t department,
                    CheckSubjectExists(sql, "subject", subject));
                CONCIERGE_RETURN_IF_ERROR(
                    CheckSupervisorScope(call, department, false));
              }
              auto page = store::ListEvaluations(
                  sql, site_id, subject.staff_id, subject.department_id,
                  with_staff, {cursor.after_id, cursor.limit});
              for (const domain::Evaluation& e : page.items) {
                ToProto(e, response->add_evaluations());
              }
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
      });
}

// --- suggestions -----------------------------------------------------------

grpc::Status QualityServiceImpl::CreateSuggestion(
    grpc::ServerContext* context, const v1::CreateSuggestionRequest* request,
    v1::Suggestion* response) {
  return Serve(
      env_, context, kCreateSuggestion, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        const v1::Suggestion& in = request->suggestion();
        domain::Suggestion s;
        s.site_id = site_id;
        CONCIERGE_ASSIGN_OR_RETURN(s.kind,
                                   FromProto("suggestion.kind", in.kind()));
        CONCIERGE_ASSIGN_OR_RETURN(
            s.household_id, HouseholdFor(call, site_id, "suggestion.household",
                                         in.household()));
        if (call.principal.role == domain::Role::kResident)
          s.resident_id = call.principal.id;
        if (!in.item().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              s.item_id,
              ChildOf(site_id, "suggestion.item", in.item(), "items"));
        }
        s.text = in.text();
        s.state = domain::SuggestionState::kSubmitted;
        s.created_by = usecase::PrincipalName(call.principal);
        s.create_time = call.now;
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateSuggestion(s));
        return env_.db->Transact(
            "CreateSuggestion", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              if (!store::FindHousehold(sql, site_id, s.household_id)) {
                return absl::NotFoundError(absl::StrCat(
                    "suggestion.household: ",
                    HouseholdName(site_id, s.household_id), " not found"));
              }
              if (s.item_id != 0) {
                std::optional<domain::ServiceItem> item =
                    store::FindItem(sql, site_id, s.item_id);
                if (!item || (call.principal.role == domain::Role::kResident &&
                              item->state != domain::ItemState::kPublished)) {
                  return absl::NotFoundError(absl::StrCat(
                      "suggestion.item: ", in.item(), " not found"));
                }
              }
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(sql, call, *request, request->request_id(),
                             [&]() -> absl::StatusOr<std::string> {
                               s = store::InsertSuggestion(sql, s);
                               return SuggestionName(site_id, s.id);
                             }));
              if (existing) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    auto ids,
                    ParseSiteChild("suggestion", *existing, "suggestions"));
                CONCIERGE_ASSIGN_OR_RETURN(
                    s, Replayed(*existing,
                                store::FindSuggestion(sql, ids[0], ids[1])));
              }
              ToProto(s, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status QualityServiceImpl::ListSuggestions(
    grpc::ServerContext* context, const v1::ListSuggestionsRequest* request,
    v1::ListSuggestionsResponse* response) {
  return Serve(
      env_, context, kListSuggestions, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, site_id));
        std::vector<domain::SuggestionState> states;
        for (int s : request->states()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              domain::SuggestionState state,
              FromProto("states", v1::SuggestionState(s)));
          states.push_back(state);
        }
        const int64_t household = call.principal.role == domain::Role::kResident
                                      ? call.principal.household_id
                                      : 0;
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return env_.db->Read(
            "ListSuggestions", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              auto page =
                  store::ListSuggestions(sql, site_id, household, states,
                                         {cursor.after_id, cursor.limit});
              for (const domain::Suggestion& s : page.items) {
                ToProto(s, response->add_suggestions());
              }
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
      });
}

grpc::Status QualityServiceImpl::TriageSuggestion(
    grpc::ServerContext* context, const v1::TriageSuggestionRequest* request,
    v1::Suggestion* response) {
  return ServeWrite(
      env_, context, kTriageSuggestion, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("name", request->name(), "suggestions"));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, ids[0]));
        domain::SuggestionAction action;
        switch (request->decision()) {
          case v1::TRIAGE_DECISION_ACCEPT:
            action = domain::SuggestionAction::kAccept;
            CONCIERGE_RETURN_IF_ERROR(domain::ValidateText(
                "reason", request->reason(), domain::kOptionalNote));
            break;
          case v1::TRIAGE_DECISION_DECLINE:
            action = domain::SuggestionAction::kDecline;
            CONCIERGE_RETURN_IF_ERROR(domain::ValidateText(
                "reason", request->reason(), domain::kRequiredNote));
            break;
          default:
            return absl::InvalidArgumentError("decision: ACCEPT or DECLINE");
        }
        return env_.db->Transact(
            "TriageSuggestion", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              std::optional<domain::Suggestion> s =
                  store::FindSuggestion(sql, ids[0], ids[1], true);
              if (!s) {
                return absl::NotFoundError(
                    absl::StrCat(request->name(), " not found"));
              }
              if (!EtagMatches(request->etag(), s->version))
                return StaleEtag("etag");
              const int64_t version = s->version;
              CONCIERGE_ASSIGN_OR_RETURN(
                  s->state, domain::NextSuggestionState(s->state, action));
              s->decided_by = usecase::PrincipalName(call.principal);
              s->decide_time = call.now;
              s->reason = request->reason();
              s->update_time = call.now;
              if (!store::SaveSuggestion(sql, *s, version))
                return StaleEtag("etag");
              s = store::FindSuggestion(sql, ids[0], ids[1]);
              ToProto(*s, response);
              return absl::OkStatus();
            });
      });
}

// --- surveys ---------------------------------------------------------------

grpc::Status QualityServiceImpl::CreateSurvey(
    grpc::ServerContext* context, const v1::CreateSurveyRequest* request,
    v1::Survey* response) {
  return Serve(
      env_, context, kCreateSurvey, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        const v1::Survey& in = request->survey();
        domain::Survey s;
        s.site_id = site_id;
        s.title_zh = in.title().zh();
        s.title_en = in.title().en();
        CONCIERGE_ASSIGN_OR_RETURN(
            s.open_time, RequiredTime("survey.open_time", in.has_open_time(),
                                      in.open_time()));
        CONCIERGE_ASSIGN_OR_RETURN(
            s.close_time, RequiredTime("survey.close_time", in.has_close_time(),
                                       in.close_time()));
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
          CONCIERGE_ASSIGN_OR_RETURN(out.kind,
                                     FromProto(field + ".kind", q.kind()));
          if (!q.item().empty()) {
            CONCIERGE_ASSIGN_OR_RETURN(
                out.item_id,
                ChildOf(site_id, field + ".item", q.item(), "items"));
          }
          s.questions.push_back(std::move(out));
        }
        s.created_by = usecase::PrincipalName(call.principal);
        s.create_time = call.now;
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateSurvey(s, call.now));
        return env_.db->Transact(
            "CreateSurvey", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              if (s.item_id == 0) {
                if (auto item =
                        store::FindItemByCode(sql, site_id, kSurveyItemCode)) {
                  s.item_id = item->id;
                }
              } else {
                CONCIERGE_RETURN_IF_ERROR(
                    usecase::LoadItem(sql, site_id, s.item_id).status());
              }
              for (size_t i = 0; i < s.questions.size(); ++i) {
                if (s.questions[i].item_id == 0) continue;
                if (!store::FindItem(sql, site_id, s.questions[i].item_id)) {
                  return absl::NotFoundError(absl::StrCat(
                      "survey.questions[", i, "].item: ",
                      ItemName(site_id, s.questions[i].item_id), " not found"));
                }
              }
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(sql, call, *request, request->request_id(),
                             [&]() -> absl::StatusOr<std::string> {
                               s = store::InsertSurvey(sql, s);
                               return SurveyName(site_id, s.id);
                             }));
              int64_t id = s.id;
              if (existing) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    auto ids, ParseSiteChild("survey", *existing, "surveys"));
                id = ids[1];
              }
              // (A first call's row is this transaction's: only a replay
              // can find it gone.)
              CONCIERGE_ASSIGN_OR_RETURN(
                  s, Replayed(SurveyName(site_id, id),
                              store::FindSurvey(sql, site_id, id)));
              ToProto(s, call.now, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status QualityServiceImpl::GetSurvey(grpc::ServerContext* context,
                                           const v1::GetSurveyRequest* request,
                                           v1::Survey* response) {
  return Serve(
      env_, context, kGetSurvey, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("name", request->name(), "surveys"));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, ids[0]));
        return env_.db->Read("GetSurvey", call.deadline,
                             [&](soci::session& sql) -> absl::Status {
                               std::optional<domain::Survey> s =
                                   store::FindSurvey(sql, ids[0], ids[1]);
                               if (!s)
                                 return absl::NotFoundError(absl::StrCat(
                                     request->name(), " not found"));
                               ToProto(*s, call.now, response);
                               return absl::OkStatus();
                             });
      });
}

grpc::Status QualityServiceImpl::ListSurveys(
    grpc::ServerContext* context, const v1::ListSurveysRequest* request,
    v1::ListSurveysResponse* response) {
  return Serve(
      env_, context, kListSurveys, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, site_id));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        std::optional<absl::Time> open_at;
        if (request->open_only()) open_at = call.now;
        return env_.db->Read(
            "ListSurveys", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              auto page = store::ListSurveys(sql, site_id, open_at,
                                             {cursor.after_id, cursor.limit});
              for (const domain::Survey& s : page.items) {
                ToProto(s, call.now, response->add_surveys());
              }
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
      });
}

grpc::Status QualityServiceImpl::SubmitSurveyResponse(
    grpc::ServerContext* context,
    const v1::SubmitSurveyResponseRequest* request,
    v1::SurveyResponse* response) {
  return ServeWrite(
      env_, context, kSubmitSurveyResponse, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("survey", request->survey(), "surveys"));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, ids[0]));
        CONCIERGE_ASSIGN_OR_RETURN(
            int64_t household,
            HouseholdFor(call, ids[0], "household", request->household()));
        std::vector<domain::SurveyAnswer> answers;
        for (const v1::SurveyAnswer& a : request->answers()) {
          answers.push_back({a.question(), a.score(), a.text()});
        }
        return env_.db->Transact(
            "SubmitSurveyResponse", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              std::optional<domain::Survey> s =
                  store::FindSurvey(sql, ids[0], ids[1]);
              if (!s) {
                return absl::NotFoundError(
                    absl::StrCat(request->survey(), " not found"));
              }
              CONCIERGE_RETURN_IF_ERROR(
                  domain::CheckSurveyAcceptsResponses(*s, call.now));
              CONCIERGE_RETURN_IF_ERROR(
                  domain::ValidateSurveyAnswers(*s, answers));
              if (!store::FindHousehold(sql, ids[0], household)) {
                return absl::NotFoundError(absl::StrCat(
                    "household: ", HouseholdName(ids[0], household),
                    " not found"));
              }
              const store::StoredResponse stored = store::UpsertSurveyResponse(
                  sql, ids[0], ids[1], household,
                  usecase::PrincipalName(call.principal), answers, call.now);
              response->set_name(SurveyResponseName(ids[0], ids[1], stored.id));
              response->set_household(HouseholdName(ids[0], household));
              for (const domain::SurveyAnswer& a : stored.answers) {
                v1::SurveyAnswer* out = response->add_answers();
                out->set_question(a.question);
                out->set_score(a.score);
                out->set_text(a.text);
              }
              response->set_submitted_by(stored.submitted_by);
              ToProto(stored.create_time, response->mutable_create_time());
              ToProto(stored.update_time, response->mutable_update_time());
              return absl::OkStatus();
            });
      });
}

grpc::Status QualityServiceImpl::GetSurveyResults(
    grpc::ServerContext* context, const v1::GetSurveyResultsRequest* request,
    v1::SurveyResults* response) {
  return Serve(
      env_, context, kGetSurveyResults, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("survey", request->survey(), "surveys"));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, ids[0]));
        return env_.db->Read(
            "GetSurveyResults", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              std::optional<domain::Survey> s =
                  store::FindSurvey(sql, ids[0], ids[1]);
              if (!s) {
                return absl::NotFoundError(
                    absl::StrCat(request->survey(), " not found"));
              }
              const size_t n = s->questions.size();
              const std::vector<domain::QuestionResult> results =
                  domain::SummarizeSurvey(
                      *s, store::SurveyScoreCounts(sql, s->id, n),
                      store::SurveyTexts(sql, s->id, n));
              const int64_t responding =
                  store::CountSurveyResponses(sql, s->id);
              const int64_t households = store::CountHouseholds(sql, ids[0]);
              response->set_survey(request->survey());
              response->set_responding_households(responding);
              response->set_households(households);
              response->set_response_rate(
                  domain::Share(responding, households));
              for (const domain::QuestionResult& r : results) {
                const domain::SurveyQuestion& q = s->questions[r.question];
                v1::QuestionResult* out = response->add_questions();
                out->set_question(r.question);
                out->mutable_text()->set_zh(q.text_zh);
                out->mutable_text()->set_en(q.text_en);
                out->set_kind(ToProto(q.kind));
                if (q.item_id != 0) out->set_item(ItemName(ids[0], q.item_id));
                out->set_answers(r.answers);
                if (q.kind == domain::QuestionKind::kScale) {
                  for (int64_t count : r.score_counts)
                    out->add_score_counts(count);
                }
                out->set_mean_score(r.mean_score);
                for (const std::string& t : r.texts) out->add_texts(t);
              }
              return absl::OkStatus();
            });
      });
}

// --- the annual review and plans -------------------------------------------

grpc::Status QualityServiceImpl::GetAnnualReview(
    grpc::ServerContext* context, const v1::GetAnnualReviewRequest* request,
    v1::AnnualReview* response) {
  return Serve(
      env_, context, kGetAnnualReview, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("site", request->site()));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateReviewYear(request->year()));
        return env_.db->Read(
            "GetAnnualReview", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(domain::Site site,
                                         usecase::LoadSite(sql, site_id));
              CONCIERGE_ASSIGN_OR_RETURN(absl::TimeZone zone, SiteZone(site));
              const domain::YearBounds year =
                  domain::YearIn(request->year(), zone);
              response->set_site(SiteName(site_id));
              response->set_year(request->year());
              ToProto(year.start, response->mutable_start_time());
              ToProto(year.end, response->mutable_end_time());
              int64_t total_revenue = 0, total_cost = 0;
              for (const store::ItemYearRow& row :
                   store::ReviewItems(sql, site_id, year.start, year.end)) {
                const domain::ItemYearCounts& c = row.counts;
                const domain::ItemYearFigures f =
                    domain::EvaluateItemYear(row.item.fee_kind, c);
                total_revenue += c.revenue_minor;
                total_cost += f.cost_minor;
                v1::ItemReview* out = response->add_items();
                out->set_item(ItemName(site_id, row.item.id));
                out->set_code(row.item.code);
                out->mutable_title()->set_zh(row.item.title_zh);
                out->mutable_title()->set_en(row.item.title_en);
                out->set_fee_kind(ToProto(row.item.fee_kind));
                out->set_state(ToProto(row.item.state));
                out->set_requests(c.requests);
                out->set_completed(c.completed);
                out->set_lookups(c.lookups);
                out->set_survey_responses(c.survey_responses);
                ToProto(domain::Money{site.currency, c.revenue_minor},
                        out->mutable_revenue());
                out->set_unsettled(c.unsettled);
                ToProto(domain::Money{site.currency, f.labour_minor},
                        out->mutable_labour_cost());
                ToProto(domain::Money{site.currency, c.materials_minor},
                        out->mutable_materials_cost());
                ToProto(domain::Money{site.currency, f.cost_minor},
                        out->mutable_cost());
                ToProto(domain::Money{site.currency, f.margin_minor},
                        out->mutable_margin());
                out->set_markup_basis_points(f.markup_basis_points);
                out->set_verdict(ToProto(f.verdict));
                out->set_satisfaction_count(c.satisfaction_count);
                out->set_mean_satisfaction(f.mean_satisfaction);
                out->set_complaints(c.complaints);
                for (const std::string& t : row.suggestions)
                  out->add_suggestions(t);
                for (const std::string& t : row.survey_comments) {
                  out->add_survey_comments(t);
                }
                out->set_necessity_check(f.necessity_check);
              }
              for (const domain::Suggestion& s :
                   store::OpenAcceptedSuggestions(sql, site_id)) {
                ToProto(s, response->add_open_suggestions());
              }
              ToProto(domain::Money{site.currency, total_revenue},
                      response->mutable_total_revenue());
              ToProto(domain::Money{site.currency, total_cost},
                      response->mutable_total_cost());
              const domain::RegisterSummary reg = domain::SummarizeRegister(
                  store::TallyFollowUps(sql, site_id, year.start, year.end));
              v1::FollowUpRegisterSummary* out =
                  response->mutable_follow_up_register();
              out->set_recorded(static_cast<int32_t>(reg.recorded));
              out->set_by_visit(static_cast<int32_t>(reg.by_visit));
              out->set_by_phone(static_cast<int32_t>(reg.by_phone));
              out->set_mean_satisfaction(reg.mean_satisfaction);
              out->set_satisfied(static_cast<int32_t>(reg.satisfied));
              out->set_neutral(static_cast<int32_t>(reg.neutral));
              out->set_dissatisfied(static_cast<int32_t>(reg.dissatisfied));
              out->set_complained(static_cast<int32_t>(reg.complained));
              out->set_pending_overdue(
                  static_cast<int32_t>(store::CountFollowUpsOverdue(
                      sql, site_id, year.start, year.end, call.now)));
              return absl::OkStatus();
            });
      });
}

grpc::Status QualityServiceImpl::CreateServicePlan(
    grpc::ServerContext* context, const v1::CreateServicePlanRequest* request,
    v1::ServicePlan* response) {
  return Serve(
      env_, context, kCreateServicePlan, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        return env_.db->Transact(
            "CreateServicePlan", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(domain::Site site,
                                         usecase::LoadSite(sql, site_id));
              CONCIERGE_ASSIGN_OR_RETURN(absl::TimeZone zone, SiteZone(site));
              CONCIERGE_ASSIGN_OR_RETURN(
                  domain::ServicePlan plan,
                  PlanFromProto(sql, site_id, request->plan()));
              plan.state = domain::PlanState::kDraft;
              plan.created_by = usecase::PrincipalName(call.principal);
              plan.create_time = call.now;
              CONCIERGE_RETURN_IF_ERROR(
                  domain::ValidatePlan(plan, domain::YearOf(call.now, zone)));
              CONCIERGE_RETURN_IF_ERROR(
                  CheckPlanEntries(sql, site, plan, call.now));
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(sql, call, *request, request->request_id(),
                             [&]() -> absl::StatusOr<std::string> {
                               plan = store::InsertPlan(sql, plan);
                               return PlanName(site_id, plan.id);
                             }));
              int64_t id = plan.id;
              if (existing) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    auto ids, ParseSiteChild("plan", *existing, "plans"));
                id = ids[1];
              }
              // (A first call's row is this transaction's: only a replay
              // can find it gone.)
              CONCIERGE_ASSIGN_OR_RETURN(
                  plan, Replayed(PlanName(site_id, id),
                                 store::FindPlan(sql, site_id, id)));
              ToProto(plan, site.currency, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status QualityServiceImpl::GetServicePlan(
    grpc::ServerContext* context, const v1::GetServicePlanRequest* request,
    v1::ServicePlan* response) {
  return Serve(
      env_, context, kGetServicePlan, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("name", request->name(), "plans"));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, ids[0]));
        return env_.db->Read(
            "GetServicePlan", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(domain::Site site,
                                         usecase::LoadSite(sql, ids[0]));
              std::optional<domain::ServicePlan> plan =
                  store::FindPlan(sql, ids[0], ids[1]);
              if (!plan) {
                return absl::NotFoundError(
                    absl::StrCat(request->name(), " not found"));
              }
              ToProto(*plan, site.currency, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status QualityServiceImpl::ListServicePlans(
    grpc::ServerContext* context, const v1::ListServicePlansRequest* request,
    v1::ListServicePlansResponse* response) {
  return Serve(
      env_, context, kListServicePlans, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, site_id));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return env_.db->Read(
            "ListServicePlans", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(domain::Site site,
                                         usecase::LoadSite(sql, site_id));
              auto page = store::ListPlans(sql, site_id,
                                           {cursor.after_id, cursor.limit});
              for (const domain::ServicePlan& p : page.items) {
                ToProto(p, site.currency, response->add_plans());
              }
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
      });
}

grpc::Status QualityServiceImpl::ApproveServicePlan(
    grpc::ServerContext* context, const v1::ApproveServicePlanRequest* request,
    v1::ServicePlan* response) {
  return ServeWrite(
      env_, context, kApproveServicePlan, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("name", request->name(), "plans"));
        CONCIERGE_RETURN_IF_ERROR(CheckResidential(call, ids[0]));
        return env_.db->Transact(
            "ApproveServicePlan", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(domain::Site site,
                                         usecase::LoadSite(sql, ids[0]));
              std::optional<domain::ServicePlan> found =
                  store::FindPlan(sql, ids[0], ids[1], true);
              if (!found) {
                return absl::NotFoundError(
                    absl::StrCat(request->name(), " not found"));
              }
              domain::ServicePlan plan = *found;
              if (!EtagMatches(request->etag(), plan.version))
                return StaleEtag("etag");
              CONCIERGE_RETURN_IF_ERROR(domain::CheckPlanApprovable(plan));
              if (store::ApprovedPlanExists(sql, site.id, plan.year)) {
                return absl::FailedPreconditionError(absl::StrCat(
                    "a plan for ", plan.year, " was already approved"));
              }
              // The catalogue may have moved since the plan was drafted.
              CONCIERGE_RETURN_IF_ERROR(
                  CheckPlanEntries(sql, site, plan, call.now));
              std::vector<std::string> retired_zh, retired_en;
              for (size_t i = 0; i < plan.entries.size(); ++i) {
                CONCIERGE_RETURN_IF_ERROR(domain::EntryError(
                    i, ApplyPlanEntry(sql, site, plan, call, plan.entries[i],
                                      &retired_zh, &retired_en)));
              }
              CONCIERGE_ASSIGN_OR_RETURN(
                  plan.announcement_id,
                  AnnouncePlan(sql, site, plan, call, retired_zh, retired_en));
              const int64_t version = plan.version;
              plan.state = domain::PlanState::kApproved;
              plan.approved_by = usecase::PrincipalName(call.principal);
              plan.approve_time = call.now;
              plan.update_time = call.now;
              if (!store::SavePlanApproval(sql, plan, version))
                return StaleEtag("etag");
              ToProto(*store::FindPlan(sql, ids[0], ids[1]), site.currency,
                      response);
              return absl::OkStatus();
            });
      });
}

}  // namespace concierge::api
