#ifndef CONCIERGE_SERVER_COMMON_STATUS_MACROS_H_
#define CONCIERGE_SERVER_COMMON_STATUS_MACROS_H_

// Abseil 20220623 has no status macros; these are the two every layer uses,
// with the project's prefix so they never clash with another library's.

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define CONCIERGE_STATUS_CONCAT_INNER(a, b) a##b
#define CONCIERGE_STATUS_CONCAT(a, b) CONCIERGE_STATUS_CONCAT_INNER(a, b)

// Returns the status from the enclosing function when `expr` is not OK.
#define CONCIERGE_RETURN_IF_ERROR(expr)                    \
  do {                                                     \
    ::absl::Status concierge_status_ = (expr);             \
    if (!concierge_status_.ok()) return concierge_status_; \
  } while (false)

// `CONCIERGE_ASSIGN_OR_RETURN(auto x, F());` assigns the value of a StatusOr or
// returns its status from the enclosing function.
#define CONCIERGE_ASSIGN_OR_RETURN(lhs, expr) \
  CONCIERGE_ASSIGN_OR_RETURN_IMPL(            \
      CONCIERGE_STATUS_CONCAT(concierge_statusor_, __LINE__), lhs, expr)

#define CONCIERGE_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                    \
  if (!tmp.ok()) return std::move(tmp).status();        \
  lhs = std::move(*tmp)

#endif  // CONCIERGE_SERVER_COMMON_STATUS_MACROS_H_
