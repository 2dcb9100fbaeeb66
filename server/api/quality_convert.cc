// QualityService's converters out: enums, names, the resources, the
// annual review and survey results (the wire in is quality_parse.cc).

#include "server/api/quality_convert.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/api/catalog_convert.h"
#include "server/api/convert.h"
#include "server/api/request_convert.h"
#include "server/common/etag.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"

namespace concierge::api {
namespace {

std::string OptionalName(int64_t id, const std::string& name) {
  return id == 0 ? "" : name;
}

}  // namespace

// --- enums -----------------------------------------------------------------

absl::StatusOr<domain::FollowUpMethod> FromProto(absl::string_view field,
                                                 v1::FollowUpMethod v) {
  return ByName<domain::FollowUpMethod>(
      field, v, [](v1::FollowUpMethod e) { return v1::FollowUpMethod_Name(e); },
      "FOLLOW_UP_METHOD_", domain::FollowUpMethodFromName);
}
absl::StatusOr<domain::ComplaintCategory> FromProto(absl::string_view field,
                                                    v1::ComplaintCategory v) {
  return ByName<domain::ComplaintCategory>(
      field, v,
      [](v1::ComplaintCategory e) { return v1::ComplaintCategory_Name(e); },
      "COMPLAINT_CATEGORY_", domain::ComplaintCategoryFromName);
}
absl::StatusOr<domain::ComplaintSeverity> FromProto(absl::string_view field,
                                                    v1::ComplaintSeverity v) {
  return ByName<domain::ComplaintSeverity>(
      field, v,
      [](v1::ComplaintSeverity e) { return v1::ComplaintSeverity_Name(e); },
      "COMPLAINT_SEVERITY_", domain::ComplaintSeverityFromName);
}
absl::StatusOr<domain::ComplaintState> FromProto(absl::string_view field,
                                                 v1::ComplaintState v) {
  return ByName<domain::ComplaintState>(
      field, v, [](v1::ComplaintState e) { return v1::ComplaintState_Name(e); },
      "COMPLAINT_STATE_", domain::ComplaintStateFromName);
}
absl::StatusOr<domain::PraiseSource> FromProto(absl::string_view field,
                                               v1::PraiseSource v) {
  return ByName<domain::PraiseSource>(
      field, v, [](v1::PraiseSource e) { return v1::PraiseSource_Name(e); },
      "PRAISE_SOURCE_", domain::PraiseSourceFromName);
}
absl::StatusOr<domain::SuggestionKind> FromProto(absl::string_view field,
                                                 v1::SuggestionKind v) {
  return ByName<domain::SuggestionKind>(
      field, v, [](v1::SuggestionKind e) { return v1::SuggestionKind_Name(e); },
      "SUGGESTION_KIND_", domain::SuggestionKindFromName);
}
absl::StatusOr<domain::SuggestionState> FromProto(absl::string_view field,
                                                  v1::SuggestionState v) {
  return ByName<domain::SuggestionState>(
      field, v,
      [](v1::SuggestionState e) { return v1::SuggestionState_Name(e); },
      "SUGGESTION_STATE_", domain::SuggestionStateFromName);
}
absl::StatusOr<domain::QuestionKind> FromProto(absl::string_view field,
                                               v1::QuestionKind v) {
  return ByName<domain::QuestionKind>(
      field, v, [](v1::QuestionKind e) { return v1::QuestionKind_Name(e); },
      "QUESTION_KIND_", domain::QuestionKindFromName);
}
absl::StatusOr<domain::PlanAction> FromProto(absl::string_view field,
                                             v1::PlanAction v) {
  return ByName<domain::PlanAction>(
      field, v, [](v1::PlanAction e) { return v1::PlanAction_Name(e); },
      "PLAN_ACTION_", domain::PlanActionFromName);
}

absl::StatusOr<domain::FollowUpOutcome> FromProto(absl::string_view field,
                                                  v1::FollowUpOutcome v) {
  return ByName<domain::FollowUpOutcome>(
      field, v,
      [](v1::FollowUpOutcome e) { return v1::FollowUpOutcome_Name(e); },
      "FOLLOW_UP_OUTCOME_", domain::FollowUpOutcomeFromName);
}
v1::FollowUpOutcome ToProto(domain::FollowUpOutcome v) {
  return ToProtoByName<v1::FollowUpOutcome>(
      "FOLLOW_UP_OUTCOME_", domain::Name(v), v1::FollowUpOutcome_Parse);
}
v1::FollowUpMethod ToProto(domain::FollowUpMethod v) {
  return ToProtoByName<v1::FollowUpMethod>("FOLLOW_UP_METHOD_", domain::Name(v),
                                           v1::FollowUpMethod_Parse);
}
v1::FollowUpState ToProto(domain::FollowUpState v) {
  return ToProtoByName<v1::FollowUpState>("FOLLOW_UP_STATE_", domain::Name(v),
                                          v1::FollowUpState_Parse);
}
v1::ComplaintCategory ToProto(domain::ComplaintCategory v) {
  return ToProtoByName<v1::ComplaintCategory>(
      "COMPLAINT_CATEGORY_", domain::Name(v), v1::ComplaintCategory_Parse);
}
v1::ComplaintSeverity ToProto(domain::ComplaintSeverity v) {
  return ToProtoByName<v1::ComplaintSeverity>(
      "COMPLAINT_SEVERITY_", domain::Name(v), v1::ComplaintSeverity_Parse);
}
v1::ComplaintState ToProto(domain::ComplaintState v) {
  return ToProtoByName<v1::ComplaintState>("COMPLAINT_STATE_", domain::Name(v),
                                           v1::ComplaintState_Parse);
}
v1::ComplaintSource ToProto(domain::ComplaintSource v) {
  return ToProtoByName<v1::ComplaintSource>(
      "COMPLAINT_SOURCE_", domain::Name(v), v1::ComplaintSource_Parse);
}
v1::PraiseSource ToProto(domain::PraiseSource v) {
  return ToProtoByName<v1::PraiseSource>("PRAISE_SOURCE_", domain::Name(v),
                                         v1::PraiseSource_Parse);
}
v1::SuggestionKind ToProto(domain::SuggestionKind v) {
  return ToProtoByName<v1::SuggestionKind>("SUGGESTION_KIND_", domain::Name(v),
                                           v1::SuggestionKind_Parse);
}
v1::SuggestionState ToProto(domain::SuggestionState v) {
  return ToProtoByName<v1::SuggestionState>(
      "SUGGESTION_STATE_", domain::Name(v), v1::SuggestionState_Parse);
}
v1::QuestionKind ToProto(domain::QuestionKind v) {
  return ToProtoByName<v1::QuestionKind>("QUESTION_KIND_", domain::Name(v),
                                         v1::QuestionKind_Parse);
}
v1::MarginVerdict ToProto(domain::MarginVerdict v) {
  return ToProtoByName<v1::MarginVerdict>("MARGIN_VERDICT_", domain::Name(v),
                                          v1::MarginVerdict_Parse);
}
v1::PlanAction ToProto(domain::PlanAction v) {
  return ToProtoByName<v1::PlanAction>("PLAN_ACTION_", domain::Name(v),
                                       v1::PlanAction_Parse);
}
v1::PlanState ToProto(domain::PlanState v) {
  return ToProtoByName<v1::PlanState>("PLAN_STATE_", domain::Name(v),
                                      v1::PlanState_Parse);
}

// --- names -----------------------------------------------------------------

std::string FollowUpName(int64_t site_id, int64_t id) {
  return SiteChildName(site_id, "followups", id);
}
std::string ComplaintName(int64_t site_id, int64_t id) {
  return SiteChildName(site_id, "complaints", id);
}
std::string PraiseName(int64_t site_id, int64_t id) {
  return SiteChildName(site_id, "praise", id);
}
std::string EvaluationName(int64_t site_id, int64_t id) {
  return SiteChildName(site_id, "evaluations", id);
}
std::string SuggestionName(int64_t site_id, int64_t id) {
  return SiteChildName(site_id, "suggestions", id);
}
std::string SurveyName(int64_t site_id, int64_t id) {
  return SiteChildName(site_id, "surveys", id);
}
std::string SurveyResponseName(int64_t site_id, int64_t survey_id, int64_t id) {
  return absl::StrCat(SurveyName(site_id, survey_id), "/responses/", id);
}
std::string PlanName(int64_t site_id, int64_t id) {
  return SiteChildName(site_id, "plans", id);
}
std::string AnnouncementName(int64_t site_id, int64_t id) {
  return SiteChildName(site_id, "announcements", id);
}
std::string SubjectName(const domain::ReportSubject& s) {
  if (s.staff_id != 0) return StaffName(s.site_id, s.staff_id);
  if (s.department_id != 0) return DepartmentName(s.site_id, s.department_id);
  return SiteName(s.site_id);
}

// --- resources -------------------------------------------------------------

void ToProto(const domain::FollowUp& f, v1::FollowUp* out) {
  out->set_name(FollowUpName(f.site_id, f.id));
  out->set_request(RequestName(f.site_id, f.request_id));
  out->set_item(ItemName(f.site_id, f.item_id));
  out->mutable_item_title()->set_zh(f.item_title_zh);
  out->mutable_item_title()->set_en(f.item_title_en);
  out->set_household(HouseholdName(f.site_id, f.household_id));
  out->set_contact_name(f.contact_name);
  out->set_unit(f.unit);
  out->set_phone(f.phone);
  out->set_department(DepartmentName(f.site_id, f.department_id));
  ToProto(f.complete_time, out->mutable_complete_time());
  ToProto(f.due_time, out->mutable_due_time());
  out->set_state(ToProto(f.state));
  if (f.method) out->set_method(ToProto(*f.method));
  out->set_satisfaction(f.satisfaction);
  out->set_comment(f.comment);
  out->set_complained(f.complained);
  out->set_complaint(
      OptionalName(f.complaint_id, ComplaintName(f.site_id, f.complaint_id)));
  out->set_recorded_by(ActorName(f.recorded_by));
  if (f.record_time) ToProto(*f.record_time, out->mutable_record_time());
  out->set_on_time(domain::FollowUpOnTime(f));
  if (auto outcome = domain::OutcomeOf(f)) out->set_outcome(ToProto(*outcome));
  out->set_etag(absl::StrCat(f.version));
}

void ToProto(const domain::Complaint& c, bool with_history,
             v1::Complaint* out) {
  const int64_t s = c.site_id;
  out->set_name(ComplaintName(s, c.id));
  out->set_household(HouseholdName(s, c.household_id));
  out->set_resident(
      OptionalName(c.resident_id, ResidentName(s, c.resident_id)));
  out->set_request(OptionalName(c.request_id, RequestName(s, c.request_id)));
  out->set_item(OptionalName(c.item_id, ItemName(s, c.item_id)));
  out->set_department(
      OptionalName(c.department_id, DepartmentName(s, c.department_id)));
  out->set_staff(OptionalName(c.staff_id, StaffName(s, c.staff_id)));
  out->set_follow_up(
      OptionalName(c.follow_up_id, FollowUpName(s, c.follow_up_id)));
  out->set_category(ToProto(c.category));
  out->set_severity(ToProto(c.severity));
  out->set_text(c.text);
  out->set_source(ToProto(c.source));
  out->set_state(ToProto(c.state));
  out->set_created_by(ActorName(c.created_by));
  ToProto(c.create_time, out->mutable_create_time());
  out->set_handler(c.handler);
  if (c.escalate_time) ToProto(*c.escalate_time, out->mutable_escalate_time());
  out->set_escalation_reason(c.escalation_reason);
  out->set_resolution(c.resolution);
  out->set_resolved_by(ActorName(c.resolved_by));
  if (c.resolve_time) ToProto(*c.resolve_time, out->mutable_resolve_time());
  ToProto(c.update_time, out->mutable_update_time());
  if (with_history) {
    for (const domain::ComplaintEvent& e : c.history) {
      v1::ComplaintEvent* h = out->add_history();
      h->set_action(std::string(domain::Name(e.action)));
      if (e.before) h->set_before_state(ToProto(*e.before));
      h->set_after_state(ToProto(e.after));
      h->set_actor(ActorName(e.actor));
      h->set_note(e.note);
      ToProto(e.time, h->mutable_event_time());
    }
  }
  out->set_etag(absl::StrCat(c.version));
}

void ToProto(const domain::Praise& p, v1::Praise* out) {
  out->set_name(PraiseName(p.site_id, p.id));
  out->set_staff(StaffName(p.site_id, p.staff_id));
  out->set_department(OptionalName(p.department_id,
                                   DepartmentName(p.site_id, p.department_id)));
  out->set_source(ToProto(p.source));
  out->set_text(p.text);
  out->set_praised_by(p.praised_by);
  out->set_request(
      OptionalName(p.request_id, RequestName(p.site_id, p.request_id)));
  out->set_subject(p.subject);
  out->set_room_action(
      OptionalName(p.room_action_id,
                   SiteChildName(p.site_id, "roomActions", p.room_action_id)));
  ToProto(p.receive_time, out->mutable_receive_time());
  out->set_recorded_by(ActorName(p.recorded_by));
  ToProto(p.create_time, out->mutable_create_time());
}

void ToProto(const domain::QualityReport& r, v1::QualityReport* out) {
  out->set_subject(SubjectName(r.subject));
  ToProto(r.start, out->mutable_start_time());
  ToProto(r.end, out->mutable_end_time());
  ToProto(r.report_time, out->mutable_report_time());
  const domain::QualityCounts& c = r.counts;
  out->set_requests_completed(c.completed);
  out->set_with_target(c.with_target);
  out->set_on_time(c.on_time);
  out->set_on_time_rate(r.on_time_rate);
  out->set_satisfaction_count(c.satisfaction_count);
  out->set_mean_satisfaction(r.mean_satisfaction);
  out->set_complaints_minor(c.complaints_minor);
  out->set_complaints_major(c.complaints_major);
  out->set_praise(c.praise);
  out->set_follow_ups_due(c.follow_ups_due);
  out->set_follow_ups_on_time(c.follow_ups_on_time);
  out->set_follow_up_coverage(r.follow_up_coverage);
  out->set_reworks(c.reworks);
  if (!r.hotel) return;
  v1::HotelFigures* hotel = out->mutable_hotel();
  hotel->set_actions_suggested(c.actions_suggested);
  hotel->set_actions_done(c.actions_done);
  hotel->set_actions_skipped(c.actions_skipped);
  hotel->set_actions_expired(c.actions_expired);
  hotel->set_approvals(c.approvals);
  hotel->set_mean_approval_minutes(r.mean_approval_minutes);
  ToProto(domain::Money{r.currency, c.gift_spend_minor},
          hotel->mutable_gift_spend());
  ToProto(domain::Money{r.currency, c.sales_minor}, hotel->mutable_sales());
}

void ToProto(const domain::Evaluation& e, v1::Evaluation* out) {
  out->set_name(EvaluationName(e.site_id, e.id));
  out->set_subject(SubjectName(
      domain::ReportSubject{e.site_id, e.department_id, e.staff_id}));
  ToProto(e.start, out->mutable_start_time());
  ToProto(e.end, out->mutable_end_time());
  out->set_score(e.score);
  out->set_note(e.note);
  ToProto(e.report, out->mutable_report());
  out->set_evaluator(ActorName(e.evaluator));
  ToProto(e.create_time, out->mutable_create_time());
}

void ToProto(const domain::Suggestion& s, v1::Suggestion* out) {
  const int64_t site = s.site_id;
  out->set_name(SuggestionName(site, s.id));
  out->set_household(HouseholdName(site, s.household_id));
  out->set_resident(
      OptionalName(s.resident_id, ResidentName(site, s.resident_id)));
  out->set_kind(ToProto(s.kind));
  out->set_item(OptionalName(s.item_id, ItemName(site, s.item_id)));
  out->set_text(s.text);
  out->set_state(ToProto(s.state));
  out->set_decided_by(ActorName(s.decided_by));
  if (s.decide_time) ToProto(*s.decide_time, out->mutable_decide_time());
  out->set_reason(s.reason);
  out->set_plan(OptionalName(s.plan_id, PlanName(site, s.plan_id)));
  out->set_adopted_item(
      OptionalName(s.adopted_item_id, ItemName(site, s.adopted_item_id)));
  out->set_created_by(ActorName(s.created_by));
  ToProto(s.create_time, out->mutable_create_time());
  out->set_etag(absl::StrCat(s.version));
}

void ToProto(const domain::Survey& s, absl::Time now, v1::Survey* out) {
  out->set_name(SurveyName(s.site_id, s.id));
  out->mutable_title()->set_zh(s.title_zh);
  out->mutable_title()->set_en(s.title_en);
  out->set_item(OptionalName(s.item_id, ItemName(s.site_id, s.item_id)));
  for (const domain::SurveyQuestion& q : s.questions) {
    v1::SurveyQuestion* o = out->add_questions();
    o->mutable_text()->set_zh(q.text_zh);
    o->mutable_text()->set_en(q.text_en);
    o->set_kind(ToProto(q.kind));
    o->set_item(OptionalName(q.item_id, ItemName(s.site_id, q.item_id)));
  }
  ToProto(s.open_time, out->mutable_open_time());
  ToProto(s.close_time, out->mutable_close_time());
  out->set_open(domain::SurveyOpen(s, now));
  out->set_created_by(ActorName(s.created_by));
  ToProto(s.create_time, out->mutable_create_time());
}

void ToProto(const domain::ServicePlan& p, const std::string& currency,
             v1::ServicePlan* out) {
  const int64_t site = p.site_id;
  out->set_name(PlanName(site, p.id));
  out->set_year(p.year);
  out->mutable_title()->set_zh(p.title_zh);
  out->mutable_title()->set_en(p.title_en);
  out->set_note(p.note);
  for (const domain::PlanEntry& e : p.entries) {
    v1::PlanEntry* o = out->add_entries();
    o->set_action(ToProto(e.action));
    o->set_item(OptionalName(e.item_id, ItemName(site, e.item_id)));
    o->set_suggestion(
        OptionalName(e.suggestion_id, SuggestionName(site, e.suggestion_id)));
    if (e.action == domain::PlanAction::kAdd) {
      v1::ServiceItem* n = o->mutable_new_item();
      n->set_code(e.new_item.code);
      n->mutable_title()->set_zh(e.new_item.title_zh);
      n->mutable_title()->set_en(e.new_item.title_en);
      n->mutable_description()->set_zh(e.new_item.description_zh);
      n->mutable_description()->set_en(e.new_item.description_en);
      n->set_category(ToProto(e.new_item.category));
      n->set_fee_kind(ToProto(e.new_item.fee_kind));
      n->set_fulfilment(ToProto(e.new_item.fulfilment));
      n->set_department(DepartmentName(site, e.new_item.department_id));
      n->mutable_conditions()->set_zh(e.new_item.conditions_zh);
      n->mutable_conditions()->set_en(e.new_item.conditions_en);
    }
    if (e.price) {
      ToProto(domain::Money{currency, e.price->minor}, o->mutable_price());
    }
    if (e.effective_time) {
      ToProto(*e.effective_time, o->mutable_effective_time());
    }
    o->set_note(e.note);
    if (e.price_id != 0 && e.item_id != 0) {
      o->set_price_version(PriceName(site, e.item_id, e.price_id));
    }
  }
  out->set_state(ToProto(p.state));
  out->set_created_by(ActorName(p.created_by));
  ToProto(p.create_time, out->mutable_create_time());
  out->set_approved_by(ActorName(p.approved_by));
  if (p.approve_time) ToProto(*p.approve_time, out->mutable_approve_time());
  out->set_announcement(OptionalName(
      p.announcement_id, AnnouncementName(site, p.announcement_id)));
  out->set_etag(absl::StrCat(p.version));
}

// --- the wire out -----------------------------------------------------------

void ToProto(const usecase::AnnualReview& review, int32_t year,
             v1::AnnualReview* response) {
  const int64_t site_id = review.site.id;
  const std::string& currency = review.site.currency;
  response->set_site(SiteName(site_id));
  response->set_year(year);
  ToProto(review.year.start, response->mutable_start_time());
  ToProto(review.year.end, response->mutable_end_time());
  for (const usecase::ItemReview& r : review.items) {
    const store::ItemYearRow& row = r.row;
    const domain::ItemYearCounts& c = row.counts;
    const domain::ItemYearFigures& f = r.figures;
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
    ToProto(domain::Money{currency, c.revenue_minor}, out->mutable_revenue());
    out->set_unsettled(c.unsettled);
    ToProto(domain::Money{currency, f.labour_minor},
            out->mutable_labour_cost());
    ToProto(domain::Money{currency, c.materials_minor},
            out->mutable_materials_cost());
    ToProto(domain::Money{currency, f.cost_minor}, out->mutable_cost());
    ToProto(domain::Money{currency, f.margin_minor}, out->mutable_margin());
    out->set_markup_basis_points(f.markup_basis_points);
    out->set_verdict(ToProto(f.verdict));
    out->set_satisfaction_count(c.satisfaction_count);
    out->set_mean_satisfaction(f.mean_satisfaction);
    out->set_complaints(c.complaints);
    for (const std::string& t : row.suggestions) out->add_suggestions(t);
    for (const std::string& t : row.survey_comments) {
      out->add_survey_comments(t);
    }
    out->set_necessity_check(f.necessity_check);
  }
  for (const domain::Suggestion& s : review.open_suggestions) {
    ToProto(s, response->add_open_suggestions());
  }
  ToProto(domain::Money{currency, review.total_revenue_minor},
          response->mutable_total_revenue());
  ToProto(domain::Money{currency, review.total_cost_minor},
          response->mutable_total_cost());
  const domain::RegisterSummary& reg = review.follow_up_register;
  v1::FollowUpRegisterSummary* out = response->mutable_follow_up_register();
  out->set_recorded(static_cast<int32_t>(reg.recorded));
  out->set_by_visit(static_cast<int32_t>(reg.by_visit));
  out->set_by_phone(static_cast<int32_t>(reg.by_phone));
  out->set_mean_satisfaction(reg.mean_satisfaction);
  out->set_satisfied(static_cast<int32_t>(reg.satisfied));
  out->set_neutral(static_cast<int32_t>(reg.neutral));
  out->set_dissatisfied(static_cast<int32_t>(reg.dissatisfied));
  out->set_complained(static_cast<int32_t>(reg.complained));
  out->set_pending_overdue(static_cast<int32_t>(review.pending_overdue));
}

void ToProto(const usecase::SurveyResults& results, v1::SurveyResults* out) {
  const domain::Survey& s = results.survey;
  out->set_survey(SurveyName(s.site_id, s.id));
  out->set_responding_households(results.responding_households);
  out->set_households(results.households);
  out->set_response_rate(
      domain::Share(results.responding_households, results.households));
  for (const domain::QuestionResult& r : results.questions) {
    const domain::SurveyQuestion& q = s.questions[r.question];
    v1::QuestionResult* qr = out->add_questions();
    qr->set_question(r.question);
    qr->mutable_text()->set_zh(q.text_zh);
    qr->mutable_text()->set_en(q.text_en);
    qr->set_kind(ToProto(q.kind));
    if (q.item_id != 0) qr->set_item(ItemName(s.site_id, q.item_id));
    qr->set_answers(r.answers);
    if (q.kind == domain::QuestionKind::kScale) {
      for (int64_t count : r.score_counts) qr->add_score_counts(count);
    }
    qr->set_mean_score(r.mean_score);
    for (const std::string& t : r.texts) qr->add_texts(t);
  }
}

void ToProto(int64_t site_id, int64_t survey_id,
             const store::StoredResponse& stored, v1::SurveyResponse* out) {
  out->set_name(SurveyResponseName(site_id, survey_id, stored.id));
  out->set_household(HouseholdName(site_id, stored.household_id));
  for (const domain::SurveyAnswer& a : stored.answers) {
    v1::SurveyAnswer* answer = out->add_answers();
    answer->set_question(a.question);
    answer->set_score(a.score);
    answer->set_text(a.text);
  }
  out->set_submitted_by(ActorName(stored.submitted_by));
  ToProto(stored.create_time, out->mutable_create_time());
  ToProto(stored.update_time, out->mutable_update_time());
}

}  // namespace concierge::api
