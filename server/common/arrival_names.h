#ifndef CONCIERGE_SERVER_COMMON_ARRIVAL_NAMES_H_
#define CONCIERGE_SERVER_COMMON_ARRIVAL_NAMES_H_

// The arrivals' resource names ("sites/2/reservations/9",
// "sites/2/reservations/9/preparations/PLACE_BABY_CRIB"): how the API and
// the use cases' errors spell them.

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "server/common/resource_names.h"

namespace concierge {

inline std::string ReservationName(int64_t site, int64_t id) {
  return SiteChildName(site, "reservations", id);
}
inline std::string PreparationName(int64_t site, int64_t reservation,
                                   absl::string_view action_code) {
  return absl::StrCat(ReservationName(site, reservation), "/preparations/",
                      action_code);
}

}  // namespace concierge

#endif  // CONCIERGE_SERVER_COMMON_ARRIVAL_NAMES_H_
