#ifndef CONCIERGE_SERVER_API_HOUSEKEEPING_CONVERT_H_
#define CONCIERGE_SERVER_API_HOUSEKEEPING_CONVERT_H_

// Housekeeping conversions shared by HousekeepingService and the task
// stream (WatchTasks carries room actions a department carries out).

#include <cstdint>
#include <string>

#include "concierge/v1/housekeeping.pb.h"
#include "server/domain/housekeeping.h"
#include "server/domain/housekeeping_rules.h"

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
void ToProto(const domain::RoomAction& a, v1::RoomAction* out);

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_HOUSEKEEPING_CONVERT_H_
