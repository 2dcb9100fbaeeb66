#include "server/api/housekeeping_convert.h"

#include "absl/strings/str_cat.h"
#include "server/api/convert.h"
#include "server/api/guest_convert.h"
#include "server/common/resource_names.h"

namespace concierge::api {

std::string VisitName(int64_t site, int64_t id) {
  return SiteChildName(site, "visits", id);
}
std::string RoomActionName(int64_t site, int64_t id) {
  return SiteChildName(site, "roomActions", id);
}
std::string RuleName(int64_t site, int64_t id) {
  return SiteChildName(site, "rules", id);
}
v1::RoomActionState ToProto(domain::ActionState s) {
  return EnumToProto<v1::RoomActionState>(domain::ActionStateName(s),
                                          "ROOM_ACTION_STATE_",
                                          v1::RoomActionState_Parse);
}

void ToProto(const domain::PreferenceFact& f, v1::PreferenceFact* out) {
  out->set_category(ToProto(f.category));
  out->set_key(f.key);
  out->set_value(f.value);
}

void ToProto(const domain::Observation& o, v1::Observation* out) {
  out->set_code(o.code);
  if (o.value) out->set_value(*o.value);
}

void ToProto(int64_t site_id, const domain::SuggestionReason& r,
             v1::SuggestionReason* out) {
  out->set_rule(RuleName(site_id, r.rule_id));
  out->set_rule_code(r.rule_code);
  out->mutable_rule_title()->set_zh(r.title_zh);
  out->mutable_rule_title()->set_en(r.title_en);
  for (const domain::Observation& o : r.observations) {
    ToProto(o, out->add_observations());
  }
  for (const std::string& f : r.facts) out->add_facts(f);
}

void ToProto(const domain::RoomAction& a, v1::RoomAction* out) {
  out->set_name(RoomActionName(a.site_id, a.id));
  if (a.visit_id != 0) out->set_visit(VisitName(a.site_id, a.visit_id));
  out->set_room_number(a.room_number);
  if (a.stay_id != 0) out->set_stay(StayName(a.site_id, a.stay_id));
  if (a.guest_id != 0) out->set_guest(GuestName(a.guest_id));
  out->set_code(a.code);
  out->mutable_title()->set_zh(a.title_zh);
  out->mutable_title()->set_en(a.title_en);
  out->set_department_code(a.department_code);
  out->set_quantity(a.quantity);
  ToProto(a.total_cost(), out->mutable_total_cost());
  out->set_is_sale(a.is_sale);
  out->set_for_next_shift(a.for_next_shift);
  out->set_department_task(a.department_task);
  if (a.teaches) ToProto(*a.teaches, out->mutable_teaches());
  out->set_minibar_item(a.minibar_item);
  out->set_state(ToProto(a.state));
  if (a.deadline) ToProto(*a.deadline, out->mutable_deadline_time());
  if (a.escalate_time) {
    ToProto(*a.escalate_time, out->mutable_escalate_time());
  }
  out->set_escalation_level(a.escalation_level);
  if (a.expire_time) ToProto(*a.expire_time, out->mutable_expire_time());
  if (a.state == domain::ActionState::kExpired) {
    out->mutable_expiry_reason()->set_zh(a.expiry_reason_zh);
    out->mutable_expiry_reason()->set_en(a.expiry_reason_en);
  }
  out->set_proposed(a.proposed);
  out->set_proposal_reason(a.proposal_reason);
  for (const domain::SuggestionReason& r : a.reasons) {
    ToProto(a.site_id, r, out->add_reasons());
  }
  out->set_requested_by(a.requested_by);
  out->set_decided_by(a.decided_by);
  if (a.decide_time) ToProto(*a.decide_time, out->mutable_decide_time());
  out->set_decision_note(a.decision_note);
  out->set_outcome_by(a.outcome_by);
  if (a.outcome_time) ToProto(*a.outcome_time, out->mutable_outcome_time());
  out->set_skip_reason(a.skip_reason);
  if (a.consumption_id != 0 && a.guest_id != 0) {
    out->set_consumption(
        GuestChildName(a.guest_id, "consumption", a.consumption_id));
  }
  if (a.learned_preference_id != 0 && a.guest_id != 0) {
    out->set_learned_preference(
        GuestChildName(a.guest_id, "preferences", a.learned_preference_id));
  }
  ToProto(a.create_time, out->mutable_create_time());
  out->set_etag(absl::StrCat(a.version));
}

}  // namespace concierge::api
