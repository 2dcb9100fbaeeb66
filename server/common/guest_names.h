#ifndef CONCIERGE_SERVER_COMMON_GUEST_NAMES_H_
#define CONCIERGE_SERVER_COMMON_GUEST_NAMES_H_

// The hotel guests' resource names ("guests/7", "sites/2/stays/40"): how
// the API and the use cases' errors spell them.

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "server/common/resource_names.h"

namespace concierge {

inline std::string GuestName(int64_t id) { return absl::StrCat("guests/", id); }
inline std::string StayName(int64_t site, int64_t id) {
  return SiteChildName(site, "stays", id);
}
// "guests/{guest}/<collection>/{id}" (notes, preferences, consumption).
inline std::string GuestChildName(int64_t guest, absl::string_view collection,
                                  int64_t id) {
  return absl::StrCat("guests/", guest, "/", collection, "/", id);
}

}  // namespace concierge

#endif  // CONCIERGE_SERVER_COMMON_GUEST_NAMES_H_
