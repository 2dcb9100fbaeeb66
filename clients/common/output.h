#ifndef CONCIERGE_CLIENTS_COMMON_OUTPUT_H_
#define CONCIERGE_CLIENTS_COMMON_OUTPUT_H_

// Printing for people (aligned tables that respect double-width Chinese
// characters, detail blocks) and for scripts (JSON via protobuf's own JSON
// mapping, field names as in the .proto files).

#include <iostream>
#include <string>
#include <vector>

#include <google/protobuf/message.h>
#include <google/protobuf/timestamp.pb.h>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "clients/common/cli.h"
#include "concierge/v1/common.pb.h"

namespace concierge::cli {

// Terminal columns `text` occupies (CJK and full-width characters take two).
int DisplayWidth(absl::string_view text);

class Table {
 public:
  explicit Table(std::vector<std::string> headers)
      : headers_(std::move(headers)) {}
  void AddRow(std::vector<std::string> cells) {
    rows_.push_back(std::move(cells));
  }
  bool empty() const { return rows_.empty(); }
  void Print(std::ostream& out = std::cout) const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

// "Label: value" lines, labels aligned; for one resource.
class Details {
 public:
  void Add(std::string label, std::string value);
  void Print(std::ostream& out = std::cout) const;

 private:
  std::vector<std::pair<std::string, std::string>> lines_;
};

std::string ToJson(const google::protobuf::Message& message);
void PrintJson(const google::protobuf::Message& message);
// Prints `messages` as one JSON array.
void PrintJsonArray(const std::vector<const google::protobuf::Message*>& messages);

// "2026-11-27 19:05" in the machine's local time zone; "" when unset.
std::string FormatTime(const google::protobuf::Timestamp& t);
// "¥12.50" for CNY, "USD 3.00" otherwise.
std::string FormatMoney(const v1::Money& money);
// Parses "12.50" or "12" (yuan) into minor units; false when malformed.
bool ParseAmount(absl::string_view text, int64_t* minor_units);
// "2026-12-01", "2026-12-01 08:30" (local time) or RFC 3339.
bool ParseTimeArg(absl::string_view text, absl::Time* out);
void SetTimestamp(absl::Time t, google::protobuf::Timestamp* out);

// Sets the timestamp `field()` returns from --option when given (field() is
// only called then, so an absent option leaves the field unset). Returns 0,
// or 2 after printing a usage error.
template <typename Field>
int TimeOption(const Invocation& inv, const std::string& option, Field field) {
  std::optional<std::string> text = inv.Option(option);
  if (!text) return 0;
  absl::Time t;
  if (!ParseTimeArg(*text, &t)) {
    return UsageError("--" + option + ": e.g. 2026-12-01 or 2026-12-01 09:00");
  }
  SetTimestamp(t, field());
  return 0;
}

// Last path segment of a resource name: "sites/1/requests/42" -> "42".
std::string ShortId(absl::string_view name);
// Enum value name without its prefix: REQUEST_STATE_DONE -> DONE.
std::string EnumLabel(const std::string& full_name, absl::string_view prefix);

}  // namespace concierge::cli

#endif  // CONCIERGE_CLIENTS_COMMON_OUTPUT_H_
