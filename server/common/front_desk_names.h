#ifndef CONCIERGE_SERVER_COMMON_FRONT_DESK_NAMES_H_
#define CONCIERGE_SERVER_COMMON_FRONT_DESK_NAMES_H_

// The front desk's resource names ("sites/3/parcels/12"): how the API and
// the use cases' errors and history lines spell them.

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "server/common/resource_names.h"

namespace concierge {

inline std::string ParcelName(int64_t site_id, int64_t id) {
  return SiteChildName(site_id, "parcels", id);
}
inline std::string CustodyName(int64_t site_id, int64_t id) {
  return SiteChildName(site_id, "custody", id);
}
inline std::string LendableName(int64_t site_id, int64_t id) {
  return SiteChildName(site_id, "lendables", id);
}
inline std::string LoanName(int64_t site_id, int64_t id) {
  return SiteChildName(site_id, "loans", id);
}
inline std::string MessageName(int64_t site_id, int64_t id) {
  return SiteChildName(site_id, "messages", id);
}
inline std::string EventName(int64_t site_id, int64_t id) {
  return SiteChildName(site_id, "events", id);
}
inline std::string RegistrationName(int64_t site_id, int64_t event_id,
                                    int64_t id) {
  return absl::StrCat(EventName(site_id, event_id), "/registrations/", id);
}

}  // namespace concierge

#endif  // CONCIERGE_SERVER_COMMON_FRONT_DESK_NAMES_H_
