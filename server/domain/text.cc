#include "server/domain/text.h"

#include "absl/strings/str_cat.h"

namespace concierge::domain {
namespace {

// Decodes one UTF-8 sequence at s[i]; returns its length or 0 when invalid
// (overlong forms, surrogates and values above U+10FFFF are invalid).
size_t DecodeUtf8(absl::string_view s, size_t i, char32_t* out) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    *out = b0;
    return 1;
  }
  size_t len;
  char32_t cp;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr char32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinForLength[len] || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  *out = cp;
  return len;
}

bool IsRefusedControl(char32_t cp, bool multiline) {
  if (multiline && (cp == '\n' || cp == '\t')) return false;
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0);
}

}  // namespace

long Utf8Length(absl::string_view s) {
  long n = 0;
  for (size_t i = 0; i < s.size();) {
    char32_t cp;
    const size_t len = DecodeUtf8(s, i, &cp);
    if (len == 0) return -1;
    i += len;
    ++n;
  }
  return n;
}

absl::Status ValidateText(absl::string_view field, absl::string_view value,
                          TextRule rule) {
  if (value.empty()) {
    if (rule.required) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": is required"));
    }
    return absl::OkStatus();
  }
  // Cheap bound first so a huge string is not decoded at all.
  if (value.size() > rule.max_chars * 4) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": longer than ", rule.max_chars, " characters"));
  }
  size_t chars = 0;
  bool blank = true;
  for (size_t i = 0; i < value.size();) {
    char32_t cp;
    const size_t len = DecodeUtf8(value, i, &cp);
    if (len == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": is not valid UTF-8"));
    }
    if (IsRefusedControl(cp, rule.multiline)) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": contains a control character"));
    }
    if (cp != ' ' && cp != '\n' && cp != '\t' && cp != 0x3000) blank = false;
    i += len;
    ++chars;
  }
  if (chars > rule.max_chars) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": longer than ", rule.max_chars, " characters"));
  }
  if (blank && rule.required) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": is required"));
  }
  return absl::OkStatus();
}

absl::Status ValidatePhone(absl::string_view field, absl::string_view value,
                           bool required) {
  if (value.empty()) {
    return required
               ? absl::InvalidArgumentError(absl::StrCat(field, ": is required"))
               : absl::OkStatus();
  }
  int digits = 0;
  for (char c : value) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != ' ' && c != '+' && c != '-' && c != '(' && c != ')') {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ": may contain only digits, spaces and + - ( )"));
    }
  }
  if (digits < 3 || value.size() > 32) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must have 3 to 32 characters with digits"));
  }
  return absl::OkStatus();
}

absl::Status ValidateCode(absl::string_view field, absl::string_view value) {
  if (value.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": is required"));
  }
  bool ok = value.size() <= 64 && value[0] >= 'A' && value[0] <= 'Z';
  for (char c : value) {
    ok = ok && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_');
  }
  if (!ok) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": must be an upper-case code like MAINTENANCE (A-Z, 0-9, _)"));
  }
  return absl::OkStatus();
}

absl::Status ValidateRequestId(absl::string_view value) {
  if (value.size() > 128) {
    return absl::InvalidArgumentError(
        "request_id: longer than 128 characters");
  }
  for (char c : value) {
    if (c < 0x21 || c > 0x7E) {
      return absl::InvalidArgumentError(
          "request_id: must be printable ASCII without spaces");
    }
  }
  return absl::OkStatus();
}

}  // namespace concierge::domain
