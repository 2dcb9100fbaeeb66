#include "server/common/resource_names.h"

#include <algorithm>

namespace concierge {

absl::Status BadName(absl::string_view field, absl::string_view name,
                     absl::string_view pattern) {
  if (name.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": is required"));
  }
  // Echo at most a little of what was sent: it may be garbage.
  const bool printable =
      name.size() <= 80 && std::all_of(name.begin(), name.end(), [](char c) {
        return c >= 0x20 && c < 0x7F;
      });
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": must look like ", pattern,
                   printable ? absl::StrCat(", got \"", name, "\"") : ""));
}

bool ParseId(absl::string_view text, int64_t* id) {
  if (text.empty() || text.size() > 18 || text[0] == '0') return false;
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  *id = value;
  return true;
}

absl::StatusOr<int64_t> ParseSiteName(absl::string_view field,
                                      absl::string_view name) {
  auto ids = ParseName<1>(field, name, {"sites"});
  if (!ids.ok()) return ids.status();
  return (*ids)[0];
}

absl::StatusOr<std::array<int64_t, 2>> ParseSiteChild(
    absl::string_view field, absl::string_view name,
    absl::string_view collection) {
  return ParseName<2>(field, name, {"sites", collection});
}

}  // namespace concierge
