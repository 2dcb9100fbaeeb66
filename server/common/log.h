#ifndef CONCIERGE_SERVER_COMMON_LOG_H_
#define CONCIERGE_SERVER_COMMON_LOG_H_

// Structured logs: one JSON object per line on stderr. Fields carry ids,
// never personal data (names, phones) and never secrets.
//
// Request correlation: while a RequestIdScope lives on a thread, every line
// that thread logs carries "request_id" (the caller's x-request-id or one
// generated for the call), and the store writes it into the events the call
// appends (CurrentRequestId()).

#include <cstdint>
#include <initializer_list>
#include <string>

#include "absl/strings/string_view.h"

namespace concierge {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

void SetLogLevel(LogLevel level);
LogLevel GetLogLevel();
// True when a line at `level` would be written (skip building fields).
bool LogEnabled(LogLevel level);
// "debug", "info", "warning", "error"; false for anything else.
bool ParseLogLevel(absl::string_view text, LogLevel* level);

// One key and its value: strings are quoted and escaped, numbers are not.
struct LogField {
  LogField(absl::string_view k, std::string v) : key(k), value(std::move(v)) {}
  LogField(absl::string_view k, absl::string_view v) : key(k), value(v) {}
  LogField(absl::string_view k, const char* v) : key(k), value(v) {}
  LogField(absl::string_view k, int v) : LogField(k, int64_t{v}) {}
  LogField(absl::string_view k, int64_t v);
  LogField(absl::string_view k, double v);

  absl::string_view key;
  std::string value;
  bool quoted = true;
};

// Writes {"ts":..., "level":..., "msg":..., <fields>, "request_id":...} as
// one line with one write(2), so lines from threads never interleave.
void Log(LogLevel level, absl::string_view message,
         std::initializer_list<LogField> fields = {});

// Escapes `text` for inclusion in a JSON string (without the quotes).
std::string JsonEscape(absl::string_view text);

// Makes `request_id` the current thread's request id until destroyed (the
// previous one is restored). `request_id` must outlive the scope.
class RequestIdScope {
 public:
  explicit RequestIdScope(absl::string_view request_id);
  ~RequestIdScope();
  RequestIdScope(const RequestIdScope&) = delete;
  RequestIdScope& operator=(const RequestIdScope&) = delete;

 private:
  absl::string_view outer_;
};

// The current thread's request id; "" outside any call or job run.
absl::string_view CurrentRequestId();

// A fresh request id: 16 random bytes as 32 lower-case hex digits.
std::string NewRequestId();

}  // namespace concierge

#endif  // CONCIERGE_SERVER_COMMON_LOG_H_
