#include "server/domain/money.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace concierge::domain {

absl::Status ValidateCurrency(absl::string_view field, absl::string_view code) {
  bool ok = code.size() == 3;
  for (char c : code) ok = ok && c >= 'A' && c <= 'Z';
  if (!ok) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": must be a three-letter ISO 4217 code such as CNY"));
  }
  return absl::OkStatus();
}

absl::Status ValidateAmount(absl::string_view field, const Money& money,
                            absl::string_view site_currency) {
  if (!money.currency.empty() && money.currency != site_currency) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ".currency_code: must be the site's currency ", site_currency));
  }
  if (money.minor < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".minor_units: must not be negative"));
  }
  if (money.minor > kMaxMinorUnits) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ".minor_units: above the ceiling of ", kMaxMinorUnits));
  }
  return absl::OkStatus();
}

std::string FormatMoney(const Money& money) {
  const int64_t abs = money.minor < 0 ? -money.minor : money.minor;
  return absl::StrFormat("%s %s%d.%02d", money.currency,
                         money.minor < 0 ? "-" : "", abs / 100, abs % 100);
}

}  // namespace concierge::domain
