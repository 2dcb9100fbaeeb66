#ifndef CONCIERGE_SERVER_DOMAIN_NAME_TABLE_H_
#define CONCIERGE_SERVER_DOMAIN_NAME_TABLE_H_

// An enum's stable names (the ones stored and sent), as one table per enum
// that both directions read.

#include <array>
#include <cstddef>
#include <optional>
#include <utility>

#include "absl/strings/string_view.h"

namespace concierge::domain {

template <typename E, size_t N>
using NameTable = std::array<std::pair<E, absl::string_view>, N>;

template <typename E, size_t N>
absl::string_view NameIn(const NameTable<E, N>& t, E value) {
  for (const auto& [e, n] : t) {
    if (e == value) return n;
  }
  return "UNKNOWN";
}

template <typename E, size_t N>
std::optional<E> FromNameIn(const NameTable<E, N>& t, absl::string_view name) {
  for (const auto& [e, n] : t) {
    if (n == name) return e;
  }
  return std::nullopt;
}

}  // namespace concierge::domain

#endif  // CONCIERGE_SERVER_DOMAIN_NAME_TABLE_H_
