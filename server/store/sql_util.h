#ifndef CONCIERGE_SERVER_STORE_SQL_UTIL_H_
#define CONCIERGE_SERVER_STORE_SQL_UTIL_H_

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "server/common/log.h"
#include "server/store/pg.h"
#include "server/store/soci_optional.h"

namespace concierge::store {

// Times cross the SOCI boundary as Unix microseconds; SQL converts with
// us_to_ts()/ts_to_us() (migration 0001).
inline long long ToMicros(absl::Time t) { return absl::ToUnixMicros(t); }
inline absl::Time FromMicros(long long us) { return absl::FromUnixMicros(us); }
inline std::optional<long long> ToMicros(std::optional<absl::Time> t) {
  if (!t) return std::nullopt;
  return absl::ToUnixMicros(*t);
}
inline std::optional<absl::Time> FromMicros(std::optional<long long> us) {
  if (!us) return std::nullopt;
  return absl::FromUnixMicros(*us);
}
// For optional bounds bound as plain parameters: 0 stands for "none".
inline long long MicrosOrZero(const std::optional<absl::Time>& t) {
  return t ? ToMicros(*t) : 0;
}

// Reads a column of either kind of row, so one row reader serves SOCI
// statements and prepared pg::Statements alike:
//   template <typename Row> Site SiteFromRow(const Row& r) {
//     s.id = Get<long long>(r, "id"); ...
template <typename T>
T Get(const soci::row& r, const char* column) {
  return r.get<T>(column);
}
template <typename T>
T Get(const pg::Row& r, const char* column) {
  return r.get<T>(column);
}

// The first row of a prepared statement's result, read by `from_row`;
// nullopt when there is none.
template <typename T, typename FromRow>
std::optional<T> FirstRow(const pg::Result& result, FromRow from_row) {
  if (result.empty()) return std::nullopt;
  return from_row(result.row(0));
}

// Every row of a prepared statement's result, read by `from_row`.
template <typename T, typename FromRow>
std::vector<T> AllRows(const pg::Result& result, FromRow from_row) {
  std::vector<T> out;
  out.reserve(result.size());
  for (int i = 0; i < result.size(); ++i) out.push_back(from_row(result.row(i)));
  return out;
}

// 0 stands for "no reference" in domain structs; NULL in the database.
inline std::optional<long long> NullIfZero(int64_t id) {
  if (id == 0) return std::nullopt;
  return id;
}

// Keyset pagination: rows strictly after `after_id`, at most `limit` of them.
// Repositories fetch limit + 1 rows to learn whether another page follows.
struct PageRequest {
  int64_t after_id = 0;
  int limit = 50;
};

template <typename T>
struct Page {
  std::vector<T> items;
  bool has_more = false;
};

// Trims a limit+1 fetch to `limit` rows and records whether more exist.
template <typename T>
Page<T> MakePage(std::vector<T> rows, int limit) {
  Page<T> page;
  page.has_more = static_cast<int>(rows.size()) > limit;
  if (page.has_more) rows.resize(limit);
  page.items = std::move(rows);
  return page;
}

// Lists of short words (scopes, tags) are stored space-separated.
inline std::string JoinWords(const std::vector<std::string>& words) {
  return absl::StrJoin(words, " ");
}
inline std::vector<std::string> SplitWords(const std::string& text) {
  return absl::StrSplit(text, ' ', absl::SkipEmpty());
}

// The request id of the call (or job run) this thread works for, for the
// correlation_id column of event tables; NULL outside one.
inline std::optional<std::string> CorrelationId() {
  const absl::string_view id = CurrentRequestId();
  if (id.empty()) return std::nullopt;
  return std::string(id);
}

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_SQL_UTIL_H_
