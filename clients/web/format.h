#ifndef CONCIERGE_CLIENTS_WEB_FORMAT_H_
#define CONCIERGE_CLIENTS_WEB_FORMAT_H_

// Values as a person reads them: money, and times in the site's own zone
// (a resident in Shanghai books 09:00 Shanghai time whatever the server's
// zone), and back from the form's <input type="datetime-local">.

#include <google/protobuf/timestamp.pb.h>

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "clients/web/i18n.h"
#include "concierge/v1/common.pb.h"

namespace concierge::web {

// "¥50.00" for CNY, "USD 3.00" otherwise.
std::string FormatMoney(const v1::Money& money);
// "11月27日 19:05" / "27 Nov 19:05" in `zone` (with the year when it is not
// this year); "" when unset.
std::string FormatTime(const google::protobuf::Timestamp& t,
                       const absl::TimeZone& zone, Lang lang);
// "2026-11-27T19:05" for a datetime-local input; "" when unset.
std::string DateTimeInputValue(const google::protobuf::Timestamp& t,
                               const absl::TimeZone& zone);
// A datetime-local value ("2026-11-27T19:05", seconds optional) in `zone`;
// nullopt when malformed.
std::optional<absl::Time> ParseDateTimeInput(absl::string_view text,
                                             const absl::TimeZone& zone);
// The zone by IANA name, UTC when unknown.
absl::TimeZone ZoneNamed(const std::string& name);
// "12.50" or "12" -> minor units.
std::optional<int64_t> ParseAmount(absl::string_view text);

void SetTimestamp(absl::Time t, google::protobuf::Timestamp* out);
absl::Time ToTime(const google::protobuf::Timestamp& t);

}  // namespace concierge::web

#endif  // CONCIERGE_CLIENTS_WEB_FORMAT_H_
