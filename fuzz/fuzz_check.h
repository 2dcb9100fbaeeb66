#ifndef CONCIERGE_FUZZ_FUZZ_CHECK_H_
#define CONCIERGE_FUZZ_FUZZ_CHECK_H_

// Properties the fuzzers assert. A violated one aborts, so libFuzzer keeps
// the input as a crash (build-fuzz/crashes/) like any sanitizer report.

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/domain/text.h"

namespace concierge::fuzz {

inline void Require(bool ok, absl::string_view what) {
  if (ok) return;
  std::fprintf(stderr, "property violated: %.*s\n",
               static_cast<int>(what.size()), what.data());
  std::abort();
}

// A refusal is a deliberate client error that names a field: never
// INTERNAL or UNKNOWN (those become "internal error" for the caller), never
// an empty message.
inline void RequireDeliberate(const absl::Status& status,
                              absl::string_view what) {
  if (status.ok()) return;
  const bool deliberate =
      status.code() == absl::StatusCode::kInvalidArgument ||
      status.code() == absl::StatusCode::kFailedPrecondition ||
      status.code() == absl::StatusCode::kPermissionDenied ||
      status.code() == absl::StatusCode::kOutOfRange;
  Require(deliberate, std::string(what) + ": " + status.ToString());
  Require(status.message().find(':') != absl::string_view::npos,
          std::string(what) + " does not name the field: " + status.ToString());
}

// Text a validator accepted is what the database may store: valid UTF-8,
// no control characters but (multi-line fields) newline and tab.
inline void RequireCleanText(absl::string_view text, bool multiline,
                             absl::string_view what) {
  if (domain::Utf8Length(text) < 0) {
    Require(false, std::string(what) + ": invalid UTF-8 accepted");
  }
  for (unsigned char c : text) {
    const bool allowed =
        (c >= 0x20 && c != 0x7F) || (multiline && (c == '\n' || c == '\t'));
    if (!allowed) {
      Require(false, std::string(what) + ": control character accepted");
    }
  }
}

}  // namespace concierge::fuzz

#endif  // CONCIERGE_FUZZ_FUZZ_CHECK_H_
