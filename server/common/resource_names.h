#ifndef CONCIERGE_SERVER_COMMON_RESOURCE_NAMES_H_
#define CONCIERGE_SERVER_COMMON_RESOURCE_NAMES_H_

// Resource names ("sites/3/requests/42") <-> ids: how the API and its error
// messages spell a resource (built and parsed by the api layer's converters;
// the use cases cite them in errors). Every id is a positive
// 64-bit integer; anything else is INVALID_ARGUMENT naming the field.

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace concierge {

// Parses `name` against a pattern of collection words, e.g.
// ParseName("parent", "sites/3/staff/9", {"sites", "staff"}) -> {3, 9}.
template <size_t N>
absl::StatusOr<std::array<int64_t, N>> ParseName(
    absl::string_view field, absl::string_view name,
    const std::array<absl::string_view, N>& collections);

absl::Status BadName(absl::string_view field, absl::string_view name,
                     absl::string_view pattern);
bool ParseId(absl::string_view text, int64_t* id);

// "sites/{site}"
absl::StatusOr<int64_t> ParseSiteName(absl::string_view field,
                                      absl::string_view name);
// "sites/{site}/<collection>/{id}" -> {site, id}
absl::StatusOr<std::array<int64_t, 2>> ParseSiteChild(
    absl::string_view field, absl::string_view name,
    absl::string_view collection);

inline std::string SiteName(int64_t site) {
  return absl::StrCat("sites/", site);
}
inline std::string SiteChildName(int64_t site, absl::string_view collection,
                                 int64_t id) {
  return absl::StrCat("sites/", site, "/", collection, "/", id);
}
inline std::string DepartmentName(int64_t site, int64_t id) {
  return SiteChildName(site, "departments", id);
}
inline std::string RequestName(int64_t site, int64_t id) {
  return SiteChildName(site, "requests", id);
}
inline std::string StaffName(int64_t site, int64_t id) {
  return SiteChildName(site, "staff", id);
}
inline std::string HouseholdName(int64_t site, int64_t id) {
  return SiteChildName(site, "households", id);
}
inline std::string ResidentName(int64_t site, int64_t id) {
  return SiteChildName(site, "residents", id);
}
inline std::string PartnerName(int64_t site, int64_t id) {
  return SiteChildName(site, "partners", id);
}
inline std::string TokenName(int64_t id) { return absl::StrCat("tokens/", id); }
inline std::string AdminName(int64_t id) { return absl::StrCat("admins/", id); }

// --- template definition ---------------------------------------------------

template <size_t N>
absl::StatusOr<std::array<int64_t, N>> ParseName(
    absl::string_view field, absl::string_view name,
    const std::array<absl::string_view, N>& collections) {
  std::string pattern;
  for (size_t i = 0; i < N; ++i) {
    absl::StrAppend(&pattern, i ? "/" : "", collections[i], "/{id}");
  }
  std::array<int64_t, N> ids{};
  absl::string_view rest = name;
  for (size_t i = 0; i < N; ++i) {
    const absl::string_view word = collections[i];
    if (rest.substr(0, word.size()) != word || rest.size() <= word.size() ||
        rest[word.size()] != '/') {
      return BadName(field, name, pattern);
    }
    rest.remove_prefix(word.size() + 1);
    const size_t slash = rest.find('/');
    const absl::string_view id_text = rest.substr(0, slash);
    if (!ParseId(id_text, &ids[i])) return BadName(field, name, pattern);
    rest = slash == absl::string_view::npos ? absl::string_view()
                                            : rest.substr(slash + 1);
    if (i + 1 < N && slash == absl::string_view::npos) {
      return BadName(field, name, pattern);
    }
    if (i + 1 == N && slash != absl::string_view::npos) {
      return BadName(field, name, pattern);
    }
  }
  return ids;
}

}  // namespace concierge

#endif  // CONCIERGE_SERVER_COMMON_RESOURCE_NAMES_H_
