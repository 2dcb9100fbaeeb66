#ifndef CONCIERGE_SERVER_API_HOUSEKEEPING_CONVERT_H_
#define CONCIERGE_SERVER_API_HOUSEKEEPING_CONVERT_H_

// Housekeeping conversions: HousekeepingService's names, requests and
// answers; the room action's is shared with the task stream (WatchTasks
// carries room actions a department carries out).

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "concierge/v1/housekeeping.pb.h"
#include "server/domain/housekeeping.h"
#include "server/domain/housekeeping_rules.h"
#include "server/domain/minibar.h"
#include "server/usecase/room_actions.h"
#include "server/usecase/room_day.h"
#include "server/usecase/rooms.h"
#include "server/usecase/rules.h"

namespace concierge::api {

// "sites/{site}/visits/{id}", ".../roomActions/{id}", ".../rules/{id}".
std::string VisitName(int64_t site, int64_t id);
std::string RoomActionName(int64_t site, int64_t id);
std::string RuleName(int64_t site, int64_t id);

v1::RoomActionState ToProto(domain::ActionState s);
void ToProto(const domain::PreferenceFact& f, v1::PreferenceFact* out);
void ToProto(const domain::Observation& o, v1::Observation* out);
void ToProto(int64_t site_id, const domain::SuggestionReason& r,
             v1::SuggestionReason* out);
// A standing checklist item (a room's day, an arrival's preparation).
void ToProto(int64_t site_id, const domain::ActionSuggestion& s,
             v1::ChecklistItem* out);
void ToProto(const domain::RoomAction& a, v1::RoomAction* out);

// --- HousekeepingService -----------------------------------------------------

// "sites/{site}/rooms/{id}", ".../handoverNotes/{id}",
// ".../minibarCounts/{id}".
std::string RoomName(int64_t site, int64_t id);
std::string NoteName(int64_t site, int64_t id);
std::string MinibarCountName(int64_t site, int64_t id);

// The version an etag names, -1 when it is not a number.
int64_t EtagVersion(absl::string_view etag);

v1::RoomState ToProto(domain::RoomState s);
v1::VisitKind ToProto(domain::VisitKind k);
v1::RuleTrigger ToProto(domain::RuleTrigger t);

void ToProto(const domain::Room& r, v1::Room* out);
void ToProto(const domain::ObservationDefinition& d,
             v1::ObservationDefinition* out);
void ToProto(const domain::ActionDefinition& d, v1::ActionDefinition* out);
void ToProto(const domain::MinibarItem& item, v1::MinibarItem* out);
void ToProto(const domain::MinibarCount& c, v1::MinibarCount* out);
void ToProto(const domain::Rule& r, v1::Rule* out);
void ToProto(const domain::RuleUsage& u, v1::RuleUsage* out);
void ToProto(const domain::Visit& v,
             const std::vector<domain::RoomAction>& actions, v1::Visit* out);
void ToProto(const domain::HandoverNote& n, v1::HandoverNote* out);
// The site's observation and action definitions and minibar items.
void ToProto(const usecase::SiteVocabulary& v, v1::Vocabulary* out);
// One room's day as the handheld shows it.
void ToProto(int64_t site_id, absl::Time now, const usecase::RoomDay& day,
             v1::RoomDay* out);

// A preference fact given in `field`, validated.
absl::StatusOr<domain::PreferenceFact> FactFromProto(
    absl::string_view field, const v1::PreferenceFact& in);
absl::StatusOr<std::vector<domain::Observation>> ObservationsFromProto(
    const google::protobuf::RepeatedPtrField<v1::Observation>& in);
absl::StatusOr<domain::NumericCondition> ConditionFromProto(
    absl::string_view field, const v1::NumericCondition& in);
// The rule fields of a request (`field` names them in errors); codes are
// checked against the vocabulary by ValidateRule.
absl::StatusOr<domain::Rule> RuleFromProto(absl::string_view field,
                                           const v1::Rule& in);
// A rule's new observations and actions as sent (checked by the use case),
// declared by `by` at `now`.
absl::StatusOr<usecase::NewDefinitions> DefinitionsFromProto(
    const std::string& by, absl::Time now,
    const google::protobuf::RepeatedPtrField<v1::ObservationDefinition>&
        observations,
    const google::protobuf::RepeatedPtrField<v1::ActionDefinition>& actions);

// Writes' replies, converted inside their transactions (the response is
// cleared first: the transaction may run again).
usecase::AssignmentReply AssignmentReplyInto(int64_t site_id,
                                             v1::AssignRoomsResponse* response);
usecase::RuleReply RuleReplyInto(v1::Rule* response);
usecase::ActionReply ActionReplyInto(v1::RoomAction* response);

// A list's element (for PageInto).
void ToRoom(const domain::Room& room, v1::Room* out);
void ToRoomAction(const domain::RoomAction& action, v1::RoomAction* out);
void ToHandoverNote(const domain::HandoverNote& note, v1::HandoverNote* out);
void ToRule(const domain::Rule& rule, v1::Rule* out);

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_HOUSEKEEPING_CONVERT_H_
