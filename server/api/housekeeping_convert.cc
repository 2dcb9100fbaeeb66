#include "server/api/housekeeping_convert.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/api/convert.h"
#include "server/api/guest_convert.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"

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
  out->set_requested_by(ActorName(a.requested_by));
  out->set_decided_by(ActorName(a.decided_by));
  if (a.decide_time) ToProto(*a.decide_time, out->mutable_decide_time());
  out->set_decision_note(a.decision_note);
  out->set_outcome_by(ActorName(a.outcome_by));
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

// --- names -----------------------------------------------------------------

std::string RoomName(int64_t site, int64_t id) {
  return SiteChildName(site, "rooms", id);
}
std::string NoteName(int64_t site, int64_t id) {
  return SiteChildName(site, "handoverNotes", id);
}
std::string MinibarCountName(int64_t site, int64_t id) {
  return SiteChildName(site, "minibarCounts", id);
}

int64_t EtagVersion(absl::string_view etag) {
  int64_t version = 0;
  return absl::SimpleAtoi(etag, &version) ? version : -1;
}

// --- enums -----------------------------------------------------------------

v1::RoomState ToProto(domain::RoomState s) {
  switch (s) {
    case domain::RoomState::kVacant:
      return v1::ROOM_STATE_VACANT;
    case domain::RoomState::kOccupied:
      return v1::ROOM_STATE_OCCUPIED;
    case domain::RoomState::kDueOut:
      return v1::ROOM_STATE_DUE_OUT;
  }
  return v1::ROOM_STATE_UNSPECIFIED;
}

v1::VisitKind ToProto(domain::VisitKind k) {
  return EnumToProto<v1::VisitKind>(domain::VisitKindName(k), "VISIT_KIND_",
                                    v1::VisitKind_Parse);
}

v1::RuleTrigger ToProto(domain::RuleTrigger t) {
  return EnumToProto<v1::RuleTrigger>(domain::RuleTriggerName(t),
                                      "RULE_TRIGGER_", v1::RuleTrigger_Parse);
}

namespace {

constexpr std::pair<domain::Comparison, v1::Comparison> kComparisons[] = {
    {domain::Comparison::kLess, v1::COMPARISON_LESS},
    {domain::Comparison::kLessOrEqual, v1::COMPARISON_LESS_OR_EQUAL},
    {domain::Comparison::kEqual, v1::COMPARISON_EQUAL},
    {domain::Comparison::kGreaterOrEqual, v1::COMPARISON_GREATER_OR_EQUAL},
    {domain::Comparison::kGreater, v1::COMPARISON_GREATER},
};

}  // namespace

// --- proto <-> domain ------------------------------------------------------

void ToProto(const domain::Room& r, v1::Room* out) {
  out->set_name(RoomName(r.site_id, r.id));
  out->set_number(r.number);
  out->set_floor(r.floor);
  out->set_room_type(r.room_type);
  out->set_accessible(r.accessible);
  ToProto(r.create_time, out->mutable_create_time());
}

absl::StatusOr<domain::PreferenceFact> FactFromProto(
    absl::string_view field, const v1::PreferenceFact& in) {
  domain::PreferenceFact f;
  CONCIERGE_ASSIGN_OR_RETURN(
      f.category,
      CategoryFromProto(absl::StrCat(field, ".category"), in.category()));
  f.key = in.key();
  f.value = in.value();
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateFact(field, f));
  return f;
}

void ToProto(const domain::ObservationDefinition& d,
             v1::ObservationDefinition* out) {
  out->set_code(d.code);
  out->set_takes_number(d.takes_number);
  out->set_unit(d.unit);
  out->mutable_label()->set_zh(d.label_zh);
  out->mutable_label()->set_en(d.label_en);
}

void ToProto(const domain::ActionDefinition& d, v1::ActionDefinition* out) {
  out->set_code(d.code);
  out->mutable_title()->set_zh(d.title_zh);
  out->mutable_title()->set_en(d.title_en);
  out->set_department_code(d.department_code);
  ToProto(d.cost, out->mutable_cost());
  out->set_is_sale(d.is_sale);
  out->set_for_next_shift(d.for_next_shift);
  out->set_department_task(d.department_task);
  out->set_quantity_observation(d.quantity_observation);
  if (d.teaches) ToProto(*d.teaches, out->mutable_teaches());
  out->set_minibar_item(d.minibar_item);
  out->set_deadline_minutes(d.deadline_minutes);
}

void ToProto(const domain::MinibarItem& item, v1::MinibarItem* out) {
  out->set_code(item.code);
  out->mutable_title()->set_zh(item.title_zh);
  out->mutable_title()->set_en(item.title_en);
  ToProto(item.price, out->mutable_price());
}

void ToProto(const domain::MinibarCount& c, v1::MinibarCount* out) {
  out->set_name(MinibarCountName(c.site_id, c.id));
  out->set_room_number(c.room_number);
  if (c.stay_id != 0) out->set_stay(StayName(c.site_id, c.stay_id));
  if (c.guest_id != 0) out->set_guest(GuestName(c.guest_id));
  for (const domain::MinibarLine& line : c.lines) {
    v1::MinibarCountLine* l = out->add_lines();
    l->set_item_code(line.item_code);
    l->mutable_title()->set_zh(line.title_zh);
    l->mutable_title()->set_en(line.title_en);
    l->set_counted(line.counted);
    if (line.expected) l->set_expected(*line.expected);
    l->set_consumed(line.consumed);
    ToProto(line.amount(), l->mutable_amount());
    if (line.consumption_id != 0 && c.guest_id != 0) {
      l->set_consumption(
          GuestChildName(c.guest_id, "consumption", line.consumption_id));
    }
  }
  domain::Money charged = c.charged();
  if (charged.currency.empty() && !c.lines.empty()) {
    charged.currency = c.lines.front().unit_price.currency;
  }
  ToProto(charged, out->mutable_charged());
  out->set_counted_by(ActorName(c.counted_by));
  ToProto(c.create_time, out->mutable_create_time());
}

void ToProto(const domain::Rule& r, v1::Rule* out) {
  out->set_name(RuleName(r.site_id, r.id));
  out->set_code(r.code);
  out->mutable_title()->set_zh(r.title_zh);
  out->mutable_title()->set_en(r.title_en);
  out->set_trigger(ToProto(r.trigger));
  for (const std::string& c : r.all_of) out->add_all_of(c);
  for (const std::string& c : r.any_of) out->add_any_of(c);
  for (const domain::NumericCondition& c : r.numeric) {
    v1::NumericCondition* n = out->add_numeric_conditions();
    n->set_code(c.code);
    for (const auto& [domain, proto] : kComparisons) {
      if (domain == c.comparison) n->set_comparison(proto);
    }
    n->set_value(c.value);
  }
  if (!r.profile.empty()) {
    v1::ProfileConditions* p = out->mutable_profile();
    p->set_birthday_today(r.profile.birthday_today);
    p->set_travelling_with_infant(r.profile.travelling_with_infant);
    p->set_min_vip_level(r.profile.min_vip_level);
    for (const domain::PreferenceFact& f : r.profile.preferences) {
      ToProto(f, p->add_preferences());
    }
  }
  for (const std::string& a : r.actions) out->add_actions(a);
  out->set_enabled(r.enabled);
  ToProto(r.create_time, out->mutable_create_time());
  ToProto(r.update_time, out->mutable_update_time());
  out->set_updated_by(ActorName(r.updated_by));
  out->set_etag(absl::StrCat(r.version));
  if (r.usage.start != absl::Time())
    ToProto(r.usage, out->mutable_usage_this_month());
}

void ToProto(const domain::RuleUsage& u, v1::RuleUsage* out) {
  ToProto(u.start, out->mutable_start_time());
  ToProto(u.end, out->mutable_end_time());
  out->set_fired(u.fired);
  out->set_done(u.done);
  out->set_skipped(u.skipped);
  out->set_waiting(u.waiting);
  out->set_rejected(u.rejected);
  out->set_expired(u.expired);
}

void ToProto(const domain::Visit& v,
             const std::vector<domain::RoomAction>& actions, v1::Visit* out) {
  out->set_name(VisitName(v.site_id, v.id));
  out->set_room_number(v.room_number);
  out->set_kind(ToProto(v.kind));
  if (v.stay_id != 0) out->set_stay(StayName(v.site_id, v.stay_id));
  if (v.guest_id != 0) out->set_guest(GuestName(v.guest_id));
  for (const domain::Observation& o : v.observations) {
    ToProto(o, out->add_observations());
  }
  out->set_note(v.note);
  if (v.note_id != 0 && v.guest_id != 0) {
    out->set_profile_note(GuestChildName(v.guest_id, "notes", v.note_id));
  }
  out->set_visited_by(ActorName(v.visited_by));
  ToProto(v.create_time, out->mutable_create_time());
  for (const domain::RoomAction& a : actions) ToProto(a, out->add_actions());
}

void ToProto(const domain::HandoverNote& n, v1::HandoverNote* out) {
  out->set_name(NoteName(n.site_id, n.id));
  out->set_room_number(n.room_number);
  out->set_text(n.text);
  if (n.room_action_id != 0) {
    out->set_room_action(RoomActionName(n.site_id, n.room_action_id));
  }
  out->set_author(ActorName(n.author));
  ToProto(n.create_time, out->mutable_create_time());
}

absl::StatusOr<std::vector<domain::Observation>> ObservationsFromProto(
    const google::protobuf::RepeatedPtrField<v1::Observation>& in) {
  std::vector<domain::Observation> out;
  for (int i = 0; i < in.size(); ++i) {
    domain::Observation o;
    o.code = in[i].code();
    if (in[i].has_value()) o.value = in[i].value();
    out.push_back(std::move(o));
  }
  return out;
}

absl::StatusOr<domain::NumericCondition> ConditionFromProto(
    absl::string_view field, const v1::NumericCondition& in) {
  domain::NumericCondition c;
  c.code = in.code();
  c.value = in.value();
  bool known = false;
  for (const auto& [domain, proto] : kComparisons) {
    if (proto == in.comparison()) {
      c.comparison = domain;
      known = true;
    }
  }
  if (!known) {
    return absl::InvalidArgumentError(
        absl::StrCat(field,
                     ".comparison: must be LESS, LESS_OR_EQUAL, EQUAL, "
                     "GREATER_OR_EQUAL or GREATER"));
  }
  return c;
}

// The rule fields of a request (`field` names them in errors); codes are
// checked against the vocabulary by ValidateRule.
absl::StatusOr<domain::Rule> RuleFromProto(absl::string_view field,
                                           const v1::Rule& in) {
  domain::Rule r;
  r.code = in.code();
  r.title_zh = in.title().zh();
  r.title_en = in.title().en();
  switch (in.trigger()) {
    case v1::RULE_TRIGGER_UNSPECIFIED:
    case v1::RULE_TRIGGER_OBSERVATION:
      r.trigger = domain::RuleTrigger::kObservation;
      break;
    case v1::RULE_TRIGGER_STANDING:
      r.trigger = domain::RuleTrigger::kStanding;
      break;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".trigger: must be OBSERVATION or STANDING"));
  }
  r.all_of.assign(in.all_of().begin(), in.all_of().end());
  r.any_of.assign(in.any_of().begin(), in.any_of().end());
  for (int i = 0; i < in.numeric_conditions_size(); ++i) {
    CONCIERGE_ASSIGN_OR_RETURN(
        domain::NumericCondition c,
        ConditionFromProto(absl::StrCat(field, ".numeric_conditions[", i, "]"),
                           in.numeric_conditions(i)));
    r.numeric.push_back(std::move(c));
  }
  const v1::ProfileConditions& p = in.profile();
  r.profile.birthday_today = p.birthday_today();
  r.profile.travelling_with_infant = p.travelling_with_infant();
  r.profile.min_vip_level = p.min_vip_level();
  for (int i = 0; i < p.preferences_size(); ++i) {
    CONCIERGE_ASSIGN_OR_RETURN(
        domain::PreferenceFact f,
        FactFromProto(absl::StrCat(field, ".profile.preferences[", i, "]"),
                      p.preferences(i)));
    r.profile.preferences.push_back(std::move(f));
  }
  r.actions.assign(in.actions().begin(), in.actions().end());
  return r;
}

// A rule's new observations and actions as sent (checked by the use case),
// declared by `by` at `now`.
absl::StatusOr<usecase::NewDefinitions> DefinitionsFromProto(
    const std::string& by, absl::Time now,
    const google::protobuf::RepeatedPtrField<v1::ObservationDefinition>&
        observations,
    const google::protobuf::RepeatedPtrField<v1::ActionDefinition>& actions) {
  usecase::NewDefinitions out;
  for (const v1::ObservationDefinition& in : observations) {
    domain::ObservationDefinition& d = out.observations.emplace_back();
    d.code = in.code();
    d.takes_number = in.takes_number();
    d.unit = in.unit();
    d.label_zh = in.label().zh();
    d.label_en = in.label().en();
    d.create_time = now;
    d.created_by = by;
  }
  for (int i = 0; i < actions.size(); ++i) {
    const v1::ActionDefinition& in = actions[i];
    domain::ActionDefinition& a = out.actions.emplace_back();
    a.code = in.code();
    a.title_zh = in.title().zh();
    a.title_en = in.title().en();
    a.department_code = in.department_code();
    a.cost = FromProto(in.cost(), "");
    a.is_sale = in.is_sale();
    a.for_next_shift = in.for_next_shift();
    a.department_task = in.department_task();
    a.quantity_observation = in.quantity_observation();
    a.minibar_item = in.minibar_item();
    a.deadline_minutes = in.deadline_minutes();
    if (in.has_teaches()) {
      CONCIERGE_ASSIGN_OR_RETURN(
          a.teaches, FactFromProto(absl::StrCat("new_actions[", i, "].teaches"),
                                   in.teaches()));
    }
    a.create_time = now;
    a.created_by = by;
  }
  return out;
}

// --- the handheld's day ----------------------------------------------------

// One room's day as the handheld shows it.
void ToProto(int64_t site_id, const domain::ActionSuggestion& s,
             v1::ChecklistItem* out) {
  out->set_code(s.action.code);
  out->mutable_title()->set_zh(s.action.title_zh);
  out->mutable_title()->set_en(s.action.title_en);
  out->set_department_code(s.action.department_code);
  out->set_for_next_shift(s.action.for_next_shift);
  for (const domain::SuggestionReason& r : s.reasons) {
    ToProto(site_id, r, out->add_reasons());
  }
}

void ToProto(int64_t site_id, absl::Time now, const usecase::RoomDay& day,
             v1::RoomDay* out) {
  out->set_site(SiteName(site_id));
  out->set_room_number(day.room_number);
  if (day.room) ToProto(*day.room, out->mutable_room());
  out->set_business_date(domain::FormatBusinessDate(day.date));
  if (day.attendant_id != 0) {
    out->set_attendant(StaffName(site_id, day.attendant_id));
  }
  out->set_state(ToProto(day.state));
  if (day.brief) BriefToProto(*day.brief, site_id, now, out->mutable_brief());
  for (const domain::ActionSuggestion& s : day.checklist) {
    ToProto(site_id, s, out->add_checklist());
  }
  for (const domain::RoomAction& a : day.open_actions) {
    ToProto(a, out->add_open_actions());
  }
  for (const domain::RoomAction& a : day.expired_actions) {
    ToProto(a, out->add_expired_actions());
  }
  if (day.last_visit) ToProto(*day.last_visit, out->mutable_last_visit_time());
  for (const domain::HandoverNote& n : day.handover_notes) {
    ToProto(n, out->add_handover_notes());
  }
  for (const domain::MinibarQuantity& q : day.minibar) {
    v1::MinibarQuantity* m = out->add_minibar();
    m->set_item_code(q.item_code);
    m->set_count(q.count);
  }
}

// AssignRooms' reply, converted inside its transaction.
usecase::AssignmentReply AssignmentReplyInto(
    int64_t site_id, v1::AssignRoomsResponse* response) {
  return [site_id, response](const usecase::RoomAssignment& assigned) {
    response->Clear();  // the transaction may run again
    response->set_attendant(StaffName(site_id, assigned.attendant_id));
    response->set_business_date(domain::FormatBusinessDate(assigned.date));
    for (const domain::Room& r : assigned.rooms) {
      response->add_room_numbers(r.number);
    }
  };
}

// A rule move's reply, converted inside its transaction.
usecase::RuleReply RuleReplyInto(v1::Rule* response) {
  return [response](const domain::Rule& rule) {
    response->Clear();  // the transaction may run again
    ToProto(rule, response);
  };
}

// A room action into a list's element.
void ToRoomAction(const domain::RoomAction& action, v1::RoomAction* out) {
  ToProto(action, out);
}

// A room, a handover note and a rule into a list's element.
void ToRoom(const domain::Room& room, v1::Room* out) { ToProto(room, out); }
void ToHandoverNote(const domain::HandoverNote& note, v1::HandoverNote* out) {
  ToProto(note, out);
}
void ToRule(const domain::Rule& rule, v1::Rule* out) { ToProto(rule, out); }

// A move's reply: the action after it, converted inside the move's
// transaction (a retry's answer is stored with it).
usecase::ActionReply ActionReplyInto(v1::RoomAction* response) {
  return [response](const domain::RoomAction& action) {
    response->Clear();  // the transaction may run again
    ToProto(action, response);
  };
}

void ToProto(const usecase::SiteVocabulary& v, v1::Vocabulary* out) {
  for (const domain::ObservationDefinition& d : v.vocabulary.observations) {
    ToProto(d, out->add_observations());
  }
  for (const domain::ActionDefinition& a : v.vocabulary.actions) {
    ToProto(a, out->add_actions());
  }
  for (const domain::MinibarItem& item : v.minibar_items) {
    ToProto(item, out->add_minibar_items());
  }
}

}  // namespace concierge::api
