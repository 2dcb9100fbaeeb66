#ifndef CONCIERGE_SERVER_DOMAIN_MONEY_H_
#define CONCIERGE_SERVER_DOMAIN_MONEY_H_

#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"

namespace concierge::domain {

// Integer minor units (fen) with an ISO 4217 code. Never a float.
struct Money {
  std::string currency;
  int64_t minor = 0;

  friend bool operator==(const Money&, const Money&) = default;
};

// A sane ceiling for any single price or cost: 10 million yuan.
inline constexpr int64_t kMaxMinorUnits = 1'000'000'000;

// Checks a currency code (three upper-case letters).
absl::Status ValidateCurrency(absl::string_view field, absl::string_view code);

// Checks an amount: currency as the site's, 0 <= minor <= kMaxMinorUnits.
absl::Status ValidateAmount(absl::string_view field, const Money& money,
                            absl::string_view site_currency);

// "¥12.50" style text for printed sheets: "CNY 12.50".
std::string FormatMoney(const Money& money);

}  // namespace concierge::domain

#endif  // CONCIERGE_SERVER_DOMAIN_MONEY_H_
