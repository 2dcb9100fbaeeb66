#include "clients/common/output.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"

namespace concierge::cli {
namespace {

bool IsWide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
         (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

void PadTo(std::ostream& out, const std::string& text, int width) {
  out << text;
  for (int i = DisplayWidth(text); i < width; ++i) out << ' ';
}

}  // namespace

int DisplayWidth(absl::string_view text) {
  int width = 0;
  for (size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    char32_t cp = b;
    size_t len = 1;
    if (b >= 0xF0) {
      len = 4;
      cp = b & 0x07;
    } else if (b >= 0xE0) {
      len = 3;
      cp = b & 0x0F;
    } else if (b >= 0xC0) {
      len = 2;
      cp = b & 0x1F;
    }
    for (size_t k = 1; k < len && i + k < text.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    width += IsWide(cp) ? 2 : 1;
    i += len;
  }
  return width;
}

void Table::Print(std::ostream& out) const {
  std::vector<int> widths(headers_.size(), 0);
  for (size_t c = 0; c < headers_.size(); ++c) {
    widths[c] = DisplayWidth(headers_[c]);
  }
  for (const auto& row : rows_) {
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], DisplayWidth(row[c]));
    }
  }
  auto print_row = [&](const std::vector<std::string>& row) {
    for (size_t c = 0; c < widths.size(); ++c) {
      const std::string cell = c < row.size() ? row[c] : "";
      if (c + 1 == widths.size()) {
        out << cell;
      } else {
        PadTo(out, cell, widths[c]);
        out << "  ";
      }
    }
    out << "\n";
  };
  print_row(headers_);
  for (const auto& row : rows_) print_row(row);
}

void Details::Add(std::string label, std::string value) {
  lines_.emplace_back(std::move(label), std::move(value));
}

void Details::Print(std::ostream& out) const {
  int width = 0;
  for (const auto& [label, value] : lines_) {
    width = std::max(width, DisplayWidth(label));
  }
  for (const auto& [label, value] : lines_) {
    PadTo(out, label + ":", width + 1);
    out << " " << value << "\n";
  }
}

std::string ToJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  if (!google::protobuf::util::MessageToJsonString(message, &json, options)
           .ok()) {
    return "{}";
  }
  return json;
}

void PrintJson(const google::protobuf::Message& message) {
  std::cout << ToJson(message) << "\n";
}

void PrintJsonArray(
    const std::vector<const google::protobuf::Message*>& messages) {
  std::cout << "[";
  for (size_t i = 0; i < messages.size(); ++i) {
    std::cout << (i ? ",\n " : "") << ToJson(*messages[i]);
  }
  std::cout << "]\n";
}

std::string FormatTime(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0 && t.nanos() == 0) return "";
  return absl::FormatTime("%Y-%m-%d %H:%M", absl::FromUnixSeconds(t.seconds()),
                          absl::LocalTimeZone());
}

std::string FormatMoney(const v1::Money& money) {
  const int64_t units = money.minor_units();
  const int64_t abs = units < 0 ? -units : units;
  const std::string amount = absl::StrFormat("%s%d.%02d", units < 0 ? "-" : "",
                                             abs / 100, abs % 100);
  if (money.currency_code() == "CNY" || money.currency_code().empty()) {
    return absl::StrCat("¥", amount);
  }
  return absl::StrCat(money.currency_code(), " ", amount);
}

bool ParseAmount(absl::string_view text, int64_t* minor_units) {
  const size_t dot = text.find('.');
  int64_t whole = 0;
  int64_t cents = 0;
  if (!absl::SimpleAtoi(text.substr(0, dot), &whole) || whole < 0) return false;
  if (dot != absl::string_view::npos) {
    const absl::string_view frac = text.substr(dot + 1);
    if (frac.empty() || frac.size() > 2 || !absl::SimpleAtoi(frac, &cents)) {
      return false;
    }
    if (frac.size() == 1) cents *= 10;
  }
  *minor_units = whole * 100 + cents;
  return true;
}

bool ParseTimeArg(absl::string_view text, absl::Time* out) {
  std::string error;
  const std::string s(text);
  for (const char* format : {"%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"}) {
    if (absl::ParseTime(format, s, absl::LocalTimeZone(), out, &error)) {
      return true;
    }
  }
  return absl::ParseTime(absl::RFC3339_full, s, out, &error);
}

void SetTimestamp(absl::Time t, google::protobuf::Timestamp* out) {
  const int64_t us = absl::ToUnixMicros(t);
  out->set_seconds(us / 1000000);
  out->set_nanos(static_cast<int32_t>((us % 1000000) * 1000));
}

std::string ShortId(absl::string_view name) {
  const size_t slash = name.rfind('/');
  return std::string(slash == absl::string_view::npos ? name
                                                       : name.substr(slash + 1));
}

std::string EnumLabel(const std::string& full_name, absl::string_view prefix) {
  if (absl::StartsWith(full_name, prefix)) {
    return full_name.substr(prefix.size());
  }
  return full_name;
}

}  // namespace concierge::cli
