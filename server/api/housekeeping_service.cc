#include "server/api/housekeeping_service.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/api/convert.h"
#include "server/api/guest_convert.h"
#include "server/api/housekeeping_convert.h"
#include "server/common/etag.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/housekeeping.h"
#include "server/domain/housekeeping_rules.h"
#include "server/domain/minibar.h"
#include "server/domain/text.h"
#include "server/store/directory_repository.h"
#include "server/store/guest_repository.h"
#include "server/store/housekeeping_repository.h"
#include "server/store/minibar_repository.h"
#include "server/usecase/hotel.h"
#include "server/usecase/minibar.h"
#include "server/usecase/observations.h"
#include "server/usecase/room_actions.h"
#include "server/usecase/room_day.h"
#include "server/usecase/rooms.h"
#include "server/usecase/rules.h"

namespace concierge::api {
namespace {

// The shared conversions (convert.h, guest_convert.h, housekeeping_convert.h)
// overload these names.
using ::concierge::api::ToProto;

#define HK_RPC(name) "/concierge.v1.HousekeepingService/" name

constexpr char kCreateRoom[] = HK_RPC("CreateRoom");
constexpr char kListRooms[] = HK_RPC("ListRooms");
constexpr char kAssignRooms[] = HK_RPC("AssignRooms");
constexpr char kListMyRooms[] = HK_RPC("ListMyRooms");
constexpr char kGetRoomDay[] = HK_RPC("GetRoomDay");
constexpr char kGetVocabulary[] = HK_RPC("GetVocabulary");
constexpr char kSubmitObservations[] = HK_RPC("SubmitObservations");
constexpr char kProposeRoomAction[] = HK_RPC("ProposeRoomAction");
constexpr char kRecordActionOutcome[] = HK_RPC("RecordActionOutcome");
constexpr char kListPendingApprovals[] = HK_RPC("ListPendingApprovals");
constexpr char kApproveAction[] = HK_RPC("ApproveAction");
constexpr char kRejectAction[] = HK_RPC("RejectAction");
constexpr char kListDepartmentTasks[] = HK_RPC("ListDepartmentTasks");
constexpr char kCountMinibar[] = HK_RPC("CountMinibar");
constexpr char kCreateHandoverNote[] = HK_RPC("CreateHandoverNote");
constexpr char kListHandoverNotes[] = HK_RPC("ListHandoverNotes");
constexpr char kListRules[] = HK_RPC("ListRules");
constexpr char kCreateRule[] = HK_RPC("CreateRule");
constexpr char kUpdateRule[] = HK_RPC("UpdateRule");
constexpr char kDisableRule[] = HK_RPC("DisableRule");

#undef HK_RPC

constexpr char kHotel[] = "HOTEL";

// --- callers, sites, rooms -------------------------------------------------

// The hotel's shared checks are the use cases' (usecase/hotel.h).
using usecase::CheckRoomNumber;
using usecase::ContextOf;
using usecase::HotelSite;
using usecase::IsManagement;
using usecase::LoadHotel;
using usecase::RelationsOf;
using usecase::SpendingLimitOf;

absl::Status CheckHotelCaller(const Call& call, int64_t site_id) {
  CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
  return RequireSiteKind(call, kHotel);
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

int64_t ParseEtag(absl::string_view etag) {
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

constexpr std::pair<domain::Comparison, v1::Comparison> kComparisons[] = {
    {domain::Comparison::kLess, v1::COMPARISON_LESS},
    {domain::Comparison::kLessOrEqual, v1::COMPARISON_LESS_OR_EQUAL},
    {domain::Comparison::kEqual, v1::COMPARISON_EQUAL},
    {domain::Comparison::kGreaterOrEqual, v1::COMPARISON_GREATER_OR_EQUAL},
    {domain::Comparison::kGreater, v1::COMPARISON_GREATER},
};

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
  out->set_counted_by(c.counted_by);
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
  out->set_updated_by(r.updated_by);
  out->set_etag(absl::StrCat(r.version));
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
  out->set_visited_by(v.visited_by);
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
  out->set_author(n.author);
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

// Observation codes and actions a rule call declares: validated, not yet
// known to the site, added to `vocabulary` (and returned for insertion).
// A rule's new observations and actions as sent (checked by the use case).
absl::StatusOr<usecase::NewDefinitions> DefinitionsFromProto(
    const Call& call,
    const google::protobuf::RepeatedPtrField<v1::ObservationDefinition>&
        observations,
    const google::protobuf::RepeatedPtrField<v1::ActionDefinition>& actions) {
  usecase::NewDefinitions out;
  const std::string by = usecase::PrincipalName(call.principal);
  for (const v1::ObservationDefinition& in : observations) {
    domain::ObservationDefinition& d = out.observations.emplace_back();
    d.code = in.code();
    d.takes_number = in.takes_number();
    d.unit = in.unit();
    d.label_zh = in.label().zh();
    d.label_en = in.label().en();
    d.create_time = call.now;
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
    a.create_time = call.now;
    a.created_by = by;
  }
  return out;
}

// --- the guest as the rules see them ----------------------------------------

// One room's day as the handheld shows it.
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
    v1::ChecklistItem* item = out->add_checklist();
    item->set_code(s.action.code);
    item->mutable_title()->set_zh(s.action.title_zh);
    item->mutable_title()->set_en(s.action.title_en);
    item->set_department_code(s.action.department_code);
    item->set_for_next_shift(s.action.for_next_shift);
    for (const domain::SuggestionReason& r : s.reasons) {
      ToProto(site_id, r, item->add_reasons());
    }
  }
  for (const domain::RoomAction& a : day.open_actions) {
    ToProto(a, out->add_open_actions());
  }
  for (const domain::RoomAction& a : day.expired_actions) {
    ToProto(a, out->add_expired_actions());
  }
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

// A handover note and a rule into a list's element.
void ToHandoverNote(const domain::HandoverNote& note, v1::HandoverNote* out) {
  ToProto(note, out);
}
void ToRule(const domain::Rule& rule, v1::Rule* out) { ToProto(rule, out); }

// --- moves of a room action ------------------------------------------------

// A move's reply: the action after it, converted inside the move's
// transaction (a retry's answer is stored with it).
usecase::ActionReply ReplyInto(v1::RoomAction* response) {
  return [response](const domain::RoomAction& action) {
    response->Clear();  // the transaction may run again
    ToProto(action, response);
  };
}

absl::Status RunActionMove(const ApiEnv& env, const Call& call,
                           const std::string& name,
                           const usecase::ActionMoveRequest& move,
                           v1::RoomAction* response) {
  CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                             ParseSiteChild("name", name, "roomActions"));
  CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, ids[0]));
  return usecase::MoveRoomAction(*env.db, ActorOf(call), ids[0], ids[1], move,
                                 ReplyInto(response))
      .status();
}

}  // namespace

// --- rooms
// ---------------------------------------------------------------------

grpc::Status HousekeepingServiceImpl::CreateRoom(
    grpc::ServerContext* context, const v1::CreateRoomRequest* request,
    v1::Room* response) {
  return Serve(
      env_, context, kCreateRoom, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        domain::Room room;
        room.site_id = site_id;
        room.number = request->room().number();
        room.floor = request->room().floor();
        room.room_type = request->room().room_type();
        room.accessible = request->room().accessible();
        room.create_time = call.now;
        room.created_by = usecase::PrincipalName(call.principal);
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateRoom(room));
        return env_.db->Transact(
            "CreateRoom", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_RETURN_IF_ERROR(
                  LoadHotel(sql, "parent", site_id).status());
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(sql, call, *request, request->request_id(),
                             [&]() -> absl::StatusOr<std::string> {
                               if (store::FindRoomByNumber(sql, site_id,
                                                           room.number)) {
                                 return absl::AlreadyExistsError(absl::StrCat(
                                     "room.number: ", SiteName(site_id),
                                     " already has room ", room.number));
                               }
                               room = store::InsertRoom(sql, room);
                               return RoomName(site_id, room.id);
                             }));
              if (existing) {
                // A repeat carries the same number as the first call; a
                // room of that number made since is another room.
                CONCIERGE_ASSIGN_OR_RETURN(
                    auto ids, ParseSiteChild("room", *existing, "rooms"));
                std::optional<domain::Room> stored =
                    store::FindRoomByNumber(sql, site_id, room.number);
                if (stored && stored->id != ids[1]) stored.reset();
                CONCIERGE_ASSIGN_OR_RETURN(
                    room, Replayed(*existing, std::move(stored)));
              }
              ToProto(room, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status HousekeepingServiceImpl::ListRooms(
    grpc::ServerContext* context, const v1::ListRoomsRequest* request,
    v1::ListRoomsResponse* response) {
  return Serve(
      env_, context, kListRooms, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        store::RoomFilter filter;
        if (request->has_floor()) filter.floor = request->floor();
        filter.accessible_only = request->accessible_only();
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return env_.db->Read(
            "ListRooms", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              auto page = store::ListRooms(sql, site_id, filter,
                                           {cursor.after_id, cursor.limit});
              for (const domain::Room& r : page.items)
                ToProto(r, response->add_rooms());
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
      });
}

grpc::Status HousekeepingServiceImpl::AssignRooms(
    grpc::ServerContext* context, const v1::AssignRoomsRequest* request,
    v1::AssignRoomsResponse* response) {
  return ServeWrite(
      env_, context, kAssignRooms, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        CONCIERGE_ASSIGN_OR_RETURN(
            auto staff_ids,
            ParseSiteChild("attendant", request->attendant(), "staff"));
        if (staff_ids[0] != site_id) {
          return absl::InvalidArgumentError(
              "attendant: must be staff of the parent site");
        }
        const int count = request->room_numbers_size();
        if (count == 0 || count > domain::kMaxRoomsPerAttendantDay) {
          return absl::InvalidArgumentError(
              absl::StrCat("room_numbers: give 1 to ",
                           domain::kMaxRoomsPerAttendantDay, " rooms"));
        }
        std::set<std::string> seen;
        for (int i = 0; i < count; ++i) {
          const std::string field = absl::StrCat("room_numbers[", i, "]");
          CONCIERGE_RETURN_IF_ERROR(
              domain::ValidateRoomNumber(field, request->room_numbers(i)));
          if (!seen.insert(request->room_numbers(i)).second) {
            return absl::InvalidArgumentError(absl::StrCat(
                field, ": room ", request->room_numbers(i), " is given twice"));
          }
        }
        const std::vector<std::string> numbers(request->room_numbers().begin(),
                                               request->room_numbers().end());
        return usecase::AssignRooms(*env_.db, ActorOf(call), site_id,
                                    staff_ids[1], request->business_date(),
                                    numbers, request->replace(),
                                    AssignmentReplyInto(site_id, response))
            .status();
      });
}

grpc::Status HousekeepingServiceImpl::ListMyRooms(
    grpc::ServerContext* context, const v1::ListMyRoomsRequest* request,
    v1::ListMyRoomsResponse* response) {
  return Serve(
      env_, context, kListMyRooms, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        const domain::Principal& p = call.principal;
        int64_t attendant_id = 0;
        if (request->attendant().empty()) {
          if (p.kind != domain::PrincipalKind::kStaff) {
            return absl::InvalidArgumentError(
                "attendant: give the attendant whose day to list");
          }
          attendant_id = p.id;
        } else {
          CONCIERGE_ASSIGN_OR_RETURN(
              auto ids,
              ParseSiteChild("attendant", request->attendant(), "staff"));
          if (ids[0] != site_id) {
            return absl::InvalidArgumentError(
                "attendant: must be staff of the parent site");
          }
          attendant_id = ids[1];
          const bool self =
              p.kind == domain::PrincipalKind::kStaff && p.id == ids[1];
          if (!self && !IsManagement(p) &&
              p.role != domain::Role::kSupervisor) {
            return absl::PermissionDeniedError(
                "attendant: another attendant's day is for supervisors and "
                "managers");
          }
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::AttendantDay day,
            usecase::GetAttendantDay(*env_.db, ActorOf(call), site_id,
                                     attendant_id, request->business_date(),
                                     ReaderOf(call)));
        response->set_business_date(domain::FormatBusinessDate(day.date));
        response->set_attendant(StaffName(site_id, attendant_id));
        for (const usecase::RoomDay& room : day.rooms) {
          ToProto(site_id, call.now, room, response->add_rooms());
        }
        return absl::OkStatus();
      });
}

grpc::Status HousekeepingServiceImpl::GetRoomDay(
    grpc::ServerContext* context, const v1::GetRoomDayRequest* request,
    v1::RoomDay* response) {
  return Serve(
      env_, context, kGetRoomDay, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("site", request->site()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRoomNumber("room_number", request->room_number()));
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::RoomDay day,
            usecase::GetRoomDay(*env_.db, ActorOf(call), site_id,
                                request->room_number(), ReaderOf(call)));
        ToProto(site_id, call.now, day, response);
        return absl::OkStatus();
      });
}

grpc::Status HousekeepingServiceImpl::GetVocabulary(
    grpc::ServerContext* context, const v1::GetVocabularyRequest* request,
    v1::Vocabulary* response) {
  return Serve(
      env_, context, kGetVocabulary, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("site", request->site()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        return env_.db->Read(
            "GetVocabulary", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              const domain::Vocabulary v = store::LoadVocabulary(sql, site_id);
              for (const domain::ObservationDefinition& d : v.observations) {
                ToProto(d, response->add_observations());
              }
              for (const domain::ActionDefinition& a : v.actions) {
                ToProto(a, response->add_actions());
              }
              for (const domain::MinibarItem& item :
                   store::LoadMinibarItems(sql, site_id)) {
                ToProto(item, response->add_minibar_items());
              }
              return absl::OkStatus();
            });
      });
}

// --- visits and actions
// --------------------------------------------------------

grpc::Status HousekeepingServiceImpl::SubmitObservations(
    grpc::ServerContext* context, const v1::SubmitObservationsRequest* request,
    v1::Visit* response) {
  return Serve(
      env_, context, kSubmitObservations,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("site", request->site()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRoomNumber("room_number", request->room_number()));
        domain::Visit visit;
        visit.site_id = site_id;
        visit.room_number = request->room_number();
        switch (request->kind()) {
          case v1::VISIT_KIND_UNSPECIFIED:
          case v1::VISIT_KIND_CLEANING:
            visit.kind = domain::VisitKind::kCleaning;
            break;
          case v1::VISIT_KIND_TURNDOWN:
            visit.kind = domain::VisitKind::kTurndown;
            break;
          default:
            return absl::InvalidArgumentError(
                "kind: must be CLEANING or TURNDOWN");
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            visit.observations, ObservationsFromProto(request->observations()));
        visit.note = request->note();
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateVisitContent(visit));
        const domain::Principal& p = call.principal;
        visit.staff_id = p.kind == domain::PrincipalKind::kStaff ? p.id : 0;
        visit.visited_by = usecase::PrincipalName(p);
        visit.create_time = call.now;
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::RecordedVisit recorded,
            usecase::SubmitObservations(
                *env_.db, ActorOf(call), visit,
                CreateKeyFor(call, *request, request->request_id()),
                ReaderOf(call)));
        ToProto(recorded.visit, recorded.actions, response);
        return absl::OkStatus();
      });
}

grpc::Status HousekeepingServiceImpl::ProposeRoomAction(
    grpc::ServerContext* context, const v1::ProposeRoomActionRequest* request,
    v1::RoomAction* response) {
  return Serve(
      env_, context, kProposeRoomAction, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("site", request->site()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        int64_t stay_id = 0;
        if (!request->stay().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              auto ids, ParseSiteChild("stay", request->stay(), "stays"));
          if (ids[0] != site_id) {
            return absl::InvalidArgumentError(
                "stay: must be a stay of the site");
          }
          stay_id = ids[1];
        } else if (request->room_number().empty()) {
          return absl::InvalidArgumentError(
              "room_number: give the guest's room (or stay)");
        }
        if (!request->room_number().empty()) {
          CONCIERGE_RETURN_IF_ERROR(domain::ValidateRoomNumber(
              "room_number", request->room_number()));
        }
        if (!request->department_code().empty()) {
          CONCIERGE_RETURN_IF_ERROR(domain::ValidateCode(
              "department_code", request->department_code()));
        }
        const domain::Principal& p = call.principal;
        domain::Proposal proposal;
        proposal.site_id = site_id;
        proposal.what_zh = request->what().zh();
        proposal.what_en = request->what().en();
        proposal.why = request->why();
        if (request->has_teaches()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              proposal.teaches, FactFromProto("teaches", request->teaches()));
        }
        if (request->has_deadline_time()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              proposal.deadline,
              FromProto("deadline_time", request->deadline_time()));
        }
        proposal.proposed_by = usecase::PrincipalName(p);
        proposal.proposer_staff_id =
            p.kind == domain::PrincipalKind::kStaff ? p.id : 0;
        proposal.proposer_department_id = p.department_id;
        proposal.create_time = call.now;
        usecase::ProposalTarget target{stay_id, request->room_number(),
                                       request->department_code()};
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::RoomAction action,
            usecase::ProposeRoomAction(
                *env_.db, ActorOf(call), proposal,
                FromProto(request->estimated_cost(), ""), target,
                CreateKeyFor(call, *request, request->request_id())));
        ToProto(action, response);
        return absl::OkStatus();
      });
}

grpc::Status HousekeepingServiceImpl::RecordActionOutcome(
    grpc::ServerContext* context, const v1::RecordActionOutcomeRequest* request,
    v1::RoomAction* response) {
  return ServeWrite(
      env_, context, kRecordActionOutcome, *request, response,
      [&](const Call& call) -> absl::Status {
        usecase::ActionMoveRequest move;
        move.etag = request->etag();
        switch (request->outcome()) {
          case v1::ACTION_OUTCOME_DONE:
            move.move = domain::ActionMove::kDone;
            if (!request->reason().empty()) {
              return absl::InvalidArgumentError(
                  "reason: only a SKIPPED action takes a reason");
            }
            break;
          case v1::ACTION_OUTCOME_SKIPPED:
            move.move = domain::ActionMove::kSkip;
            CONCIERGE_RETURN_IF_ERROR(
                domain::ValidateReason("reason", request->reason()));
            move.reason = request->reason();
            if (request->quantity() != 0) {
              return absl::InvalidArgumentError(
                  "quantity: only DONE of a minibar restock takes one");
            }
            break;
          default:
            return absl::InvalidArgumentError(
                "outcome: must be DONE or SKIPPED");
        }
        if (request->quantity() < 0 ||
            request->quantity() > domain::kMaxMinibarCount) {
          return absl::InvalidArgumentError(
              absl::StrCat("quantity: must be 1 to ", domain::kMaxMinibarCount,
                           " (0: as suggested)"));
        }
        move.quantity = request->quantity();
        return RunActionMove(env_, call, request->name(), move, response);
      });
}

grpc::Status HousekeepingServiceImpl::ApproveAction(
    grpc::ServerContext* context, const v1::ApproveActionRequest* request,
    v1::RoomAction* response) {
  return ServeWrite(env_, context, kApproveAction, *request, response,
                    [&](const Call& call) -> absl::Status {
                      CONCIERGE_RETURN_IF_ERROR(domain::ValidateText(
                          "note", request->note(), domain::kOptionalName));
                      return RunActionMove(env_, call, request->name(),
                                           {domain::ActionMove::kApprove,
                                            request->etag(), request->note()},
                                           response);
                    });
}

grpc::Status HousekeepingServiceImpl::RejectAction(
    grpc::ServerContext* context, const v1::RejectActionRequest* request,
    v1::RoomAction* response) {
  return ServeWrite(env_, context, kRejectAction, *request, response,
                    [&](const Call& call) -> absl::Status {
                      CONCIERGE_RETURN_IF_ERROR(
                          domain::ValidateReason("reason", request->reason()));
                      return RunActionMove(env_, call, request->name(),
                                           {domain::ActionMove::kReject,
                                            request->etag(), request->reason()},
                                           response);
                    });
}

grpc::Status HousekeepingServiceImpl::ListPendingApprovals(
    grpc::ServerContext* context,
    const v1::ListPendingApprovalsRequest* request,
    v1::ListPendingApprovalsResponse* response) {
  return Serve(
      env_, context, kListPendingApprovals,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        // A supervisor approves for their department; managers for all.
        const int64_t department =
            IsManagement(call.principal) ? 0 : call.principal.department_id;
        if (!IsManagement(call.principal) && department == 0) {
          return absl::PermissionDeniedError(
              "only supervisors of a department and managers approve");
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return PageInto(env_, call, cursor,
                        usecase::ListPendingApprovals(
                            *env_.db, ActorOf(call), site_id, department,
                            {cursor.after_id, cursor.limit}),
                        ToRoomAction, response->mutable_actions(),
                        response->mutable_next_page_token());
      });
}

grpc::Status HousekeepingServiceImpl::ListDepartmentTasks(
    grpc::ServerContext* context, const v1::ListDepartmentTasksRequest* request,
    v1::ListDepartmentTasksResponse* response) {
  return Serve(
      env_, context, kListDepartmentTasks,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        if (!request->department_code().empty()) {
          CONCIERGE_RETURN_IF_ERROR(domain::ValidateCode(
              "department_code", request->department_code()));
        } else if (call.principal.department_id == 0) {
          return absl::InvalidArgumentError(
              "department_code: you belong to no department; name one");
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return PageInto(
            env_, call, cursor,
            usecase::ListDepartmentTasks(*env_.db, ActorOf(call), site_id,
                                         request->department_code(),
                                         {cursor.after_id, cursor.limit}),
            ToRoomAction, response->mutable_actions(),
            response->mutable_next_page_token());
      });
}

// --- the minibar
// ---------------------------------------------------------------

grpc::Status HousekeepingServiceImpl::CountMinibar(
    grpc::ServerContext* context, const v1::CountMinibarRequest* request,
    v1::MinibarCount* response) {
  return Serve(
      env_, context, kCountMinibar, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("site", request->site()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRoomNumber("room_number", request->room_number()));
        std::vector<domain::MinibarQuantity> counts;
        for (const v1::MinibarQuantity& c : request->counts()) {
          counts.push_back({c.item_code(), c.count()});
        }
        domain::MinibarCount count;
        count.site_id = site_id;
        count.room_number = request->room_number();
        count.counted_by = usecase::PrincipalName(call.principal);
        count.create_time = call.now;
        CONCIERGE_ASSIGN_OR_RETURN(
            count, usecase::CountMinibar(
                       *env_.db, ActorOf(call), count, counts,
                       CreateKeyFor(call, *request, request->request_id())));
        ToProto(count, response);
        return absl::OkStatus();
      });
}

// --- handover
// ------------------------------------------------------------------

grpc::Status HousekeepingServiceImpl::CreateHandoverNote(
    grpc::ServerContext* context, const v1::CreateHandoverNoteRequest* request,
    v1::HandoverNote* response) {
  return Serve(
      env_, context, kCreateHandoverNote,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        domain::HandoverNote note;
        note.site_id = site_id;
        note.room_number = request->note().room_number();
        note.text = request->note().text();
        note.author = usecase::PrincipalName(call.principal);
        note.create_time = call.now;
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRoomNumber("note.room_number", note.room_number));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateHandoverText("note.text", note.text));
        CONCIERGE_ASSIGN_OR_RETURN(
            note, usecase::CreateHandoverNote(
                      *env_.db, ActorOf(call), note,
                      CreateKeyFor(call, *request, request->request_id())));
        ToProto(note, response);
        return absl::OkStatus();
      });
}

grpc::Status HousekeepingServiceImpl::ListHandoverNotes(
    grpc::ServerContext* context, const v1::ListHandoverNotesRequest* request,
    v1::ListHandoverNotesResponse* response) {
  return Serve(
      env_, context, kListHandoverNotes, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        if (!request->room_number().empty()) {
          CONCIERGE_RETURN_IF_ERROR(domain::ValidateRoomNumber(
              "room_number", request->room_number()));
        }
        absl::Time since = call.now - domain::kHandoverWindow;
        if (request->has_since()) {
          CONCIERGE_ASSIGN_OR_RETURN(since,
                                     FromProto("since", request->since()));
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return PageInto(
            env_, call, cursor,
            usecase::ListHandoverNotes(*env_.db, ActorOf(call), site_id,
                                       request->room_number(), since,
                                       {cursor.after_id, cursor.limit}),
            ToHandoverNote, response->mutable_notes(),
            response->mutable_next_page_token());
      });
}

// --- rules
// ---------------------------------------------------------------------

grpc::Status HousekeepingServiceImpl::ListRules(
    grpc::ServerContext* context, const v1::ListRulesRequest* request,
    v1::ListRulesResponse* response) {
  return Serve(
      env_, context, kListRules, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return PageInto(env_, call, cursor,
                        usecase::ListRules(*env_.db, ActorOf(call), site_id,
                                           {cursor.after_id, cursor.limit}),
                        ToRule, response->mutable_rules(),
                        response->mutable_next_page_token());
      });
}

grpc::Status HousekeepingServiceImpl::CreateRule(
    grpc::ServerContext* context, const v1::CreateRuleRequest* request,
    v1::Rule* response) {
  return Serve(
      env_, context, kCreateRule, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        CONCIERGE_ASSIGN_OR_RETURN(domain::Rule rule,
                                   RuleFromProto("rule", request->rule()));
        rule.site_id = site_id;
        rule.enabled = true;
        rule.create_time = rule.update_time = call.now;
        rule.updated_by = usecase::PrincipalName(call.principal);
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::NewDefinitions defs,
            DefinitionsFromProto(call, request->new_observations(),
                                 request->new_actions()));
        CONCIERGE_ASSIGN_OR_RETURN(
            rule, usecase::CreateRule(
                      *env_.db, ActorOf(call), rule, std::move(defs),
                      CreateKeyFor(call, *request, request->request_id())));
        ToProto(rule, response);
        return absl::OkStatus();
      });
}

grpc::Status HousekeepingServiceImpl::UpdateRule(
    grpc::ServerContext* context, const v1::UpdateRuleRequest* request,
    v1::Rule* response) {
  return ServeWrite(env_, context, kUpdateRule, *request, response, [&](const Call& call) -> absl::Status {
        const v1::Rule& in = request->rule();
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("rule.name", in.name(), "rules"));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, ids[0]));
        const int64_t expected = ParseEtag(in.etag());
        if (in.etag().empty() || expected <= 0) {
          return absl::InvalidArgumentError(
              "rule.etag: is required (the etag of the version you read)");
        }
        if (request->update_mask().paths_size() == 0) {
          return absl::InvalidArgumentError(
              "update_mask: name at least one field to change");
        }
        CONCIERGE_ASSIGN_OR_RETURN(domain::Rule given,
                                   RuleFromProto("rule", in));
        given.enabled = in.enabled();
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::NewDefinitions defs,
            DefinitionsFromProto(call, request->new_observations(),
                                 request->new_actions()));
        const std::vector<std::string> paths(
            request->update_mask().paths().begin(),
            request->update_mask().paths().end());
        return usecase::UpdateRule(*env_.db, ActorOf(call), ids[0], ids[1],
                                   expected, given, paths, std::move(defs),
                                   RuleReplyInto(response))
            .status();
      });
}

grpc::Status HousekeepingServiceImpl::DisableRule(
    grpc::ServerContext* context, const v1::DisableRuleRequest* request,
    v1::Rule* response) {
  return ServeWrite(
      env_, context, kDisableRule, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("name", request->name(), "rules"));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, ids[0]));
        const int64_t expected =
            request->etag().empty() ? 0 : ParseEtag(request->etag());
        if (expected < 0) {
          return absl::InvalidArgumentError("etag: not an etag of a rule");
        }
        return usecase::DisableRule(*env_.db, ActorOf(call), ids[0], ids[1],
                                    expected, RuleReplyInto(response))
            .status();
      });
}

}  // namespace concierge::api
