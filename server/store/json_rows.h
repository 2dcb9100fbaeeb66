#ifndef CONCIERGE_SERVER_STORE_JSON_ROWS_H_
#define CONCIERGE_SERVER_STORE_JSON_ROWS_H_

// Reads the output of PostgreSQL's json_agg(json_build_array(...)): a JSON
// array of arrays of scalars. It lets one statement return a row together
// with its child rows (the room brief's preferences and notes) in a single
// round trip, without a JSON library.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace concierge::store {

// One scalar: strings unescaped, numbers and true/false as their text,
// null as nullopt.
using JsonScalar = std::optional<std::string>;
using JsonRow = std::vector<JsonScalar>;

// Parses "[[1,\"a\",null],[2,\"b\",true]]" (whitespace allowed); "null" or
// "" parse as no rows. INTERNAL for anything else (nested objects, bad
// escapes): the text comes from our own SQL, so a failure is a bug.
absl::StatusOr<std::vector<JsonRow>> ParseJsonRows(absl::string_view json);

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_JSON_ROWS_H_
