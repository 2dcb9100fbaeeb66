#include "clients/web/format.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"

namespace concierge::web {

std::string FormatMoney(const v1::Money& money) {
  const int64_t units = money.minor_units();
  const std::string sign = units < 0 ? "-" : "";
  const int64_t a = units < 0 ? -units : units;
  const std::string amount = absl::StrFormat("%d.%02d", a / 100, a % 100);
  if (money.currency_code().empty() || money.currency_code() == "CNY") {
    return absl::StrCat(sign, "¥", amount);
  }
  return absl::StrCat(money.currency_code(), " ", sign, amount);
}

absl::Time ToTime(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

void SetTimestamp(absl::Time t, google::protobuf::Timestamp* out) {
  const int64_t ns = absl::ToUnixNanos(t);
  out->set_seconds(ns / 1000000000);
  out->set_nanos(static_cast<int32_t>(ns % 1000000000));
}

std::string FormatTime(const google::protobuf::Timestamp& t,
                       const absl::TimeZone& zone, Lang lang) {
  if (t.seconds() == 0 && t.nanos() == 0) return "";
  const absl::Time time = ToTime(t);
  const bool this_year =
      absl::ToCivilYear(time, zone) == absl::ToCivilYear(absl::Now(), zone);
  if (lang == Lang::kZh) {
    return absl::FormatTime(this_year ? "%m月%d日 %H:%M" : "%Y年%m月%d日 %H:%M",
                            time, zone);
  }
  return absl::FormatTime(this_year ? "%d %b %H:%M" : "%d %b %Y %H:%M", time,
                          zone);
}

std::string DateTimeInputValue(const google::protobuf::Timestamp& t,
                               const absl::TimeZone& zone) {
  if (t.seconds() == 0 && t.nanos() == 0) return "";
  return absl::FormatTime("%Y-%m-%dT%H:%M", ToTime(t), zone);
}

std::optional<absl::Time> ParseDateTimeInput(absl::string_view text,
                                             const absl::TimeZone& zone) {
  text = absl::StripAsciiWhitespace(text);
  absl::Time t;
  std::string error;
  for (const char* format :
       {"%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"}) {
    if (absl::ParseTime(format, text, zone, &t, &error)) return t;
  }
  return std::nullopt;
}

absl::TimeZone ZoneNamed(const std::string& name) {
  absl::TimeZone zone;
  if (name.empty() || !absl::LoadTimeZone(name, &zone))
    return absl::UTCTimeZone();
  return zone;
}

std::optional<int64_t> ParseAmount(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  absl::ConsumePrefix(&text, "¥");
  const size_t dot = text.find('.');
  int64_t whole = 0, cents = 0;
  if (dot == absl::string_view::npos) {
    if (!absl::SimpleAtoi(text, &whole) || whole < 0) return std::nullopt;
    return whole * 100;
  }
  absl::string_view frac = text.substr(dot + 1);
  if (frac.empty() || frac.size() > 2 ||
      !absl::SimpleAtoi(text.substr(0, dot), &whole) ||
      !absl::SimpleAtoi(frac, &cents) || whole < 0 || cents < 0) {
    return std::nullopt;
  }
  if (frac.size() == 1) cents *= 10;
  return whole * 100 + cents;
}

}  // namespace concierge::web
