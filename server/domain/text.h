#ifndef CONCIERGE_SERVER_DOMAIN_TEXT_H_
#define CONCIERGE_SERVER_DOMAIN_TEXT_H_

#include <cstddef>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"

namespace concierge::domain {

// How a person-entered text field is checked. Every text that reaches the
// database goes through ValidateText, so malformed input (invalid UTF-8,
// control characters, megabyte strings) is refused with the field named.
struct TextRule {
  bool required = false;
  // Upper bound in Unicode code points (a Chinese character counts as one).
  size_t max_chars = 200;
  // Allows '\n' and '\t' (notes, descriptions); other control characters are
  // always refused.
  bool multiline = false;
};

inline constexpr TextRule kRequiredName{.required = true, .max_chars = 200};
inline constexpr TextRule kOptionalName{.required = false, .max_chars = 200};
inline constexpr TextRule kOptionalNote{
    .required = false, .max_chars = 4000, .multiline = true};
inline constexpr TextRule kRequiredNote{
    .required = true, .max_chars = 4000, .multiline = true};

absl::Status ValidateText(absl::string_view field, absl::string_view value,
                          TextRule rule);

// Number of code points in valid UTF-8, or -1 when `s` is not valid UTF-8.
long Utf8Length(absl::string_view s);

// A phone number as people write it: digits, spaces, '+', '-', '(', ')';
// 3 to 32 characters. Empty passes unless required.
absl::Status ValidatePhone(absl::string_view field, absl::string_view value,
                           bool required);

// An upper-case code such as "MAINTENANCE" or "AC_SETPOINT": [A-Z][A-Z0-9_]*,
// at most 64 characters.
absl::Status ValidateCode(absl::string_view field, absl::string_view value);

// A caller's idempotency key: printable ASCII, at most 128 characters.
absl::Status ValidateRequestId(absl::string_view value);

}  // namespace concierge::domain

#endif  // CONCIERGE_SERVER_DOMAIN_TEXT_H_
