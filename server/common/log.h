#ifndef CONCIERGE_SERVER_COMMON_LOG_H_
#define CONCIERGE_SERVER_COMMON_LOG_H_

// Structured logs: one JSON object per line on stderr. Fields carry ids,
// never personal data (names, phones) and never secrets.

#include <initializer_list>
#include <string>
#include "absl/strings/string_view.h"
#include <utility>

namespace concierge {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

void SetLogLevel(LogLevel level);
LogLevel GetLogLevel();
// "debug", "info", "warning", "error"; false for anything else.
bool ParseLogLevel(absl::string_view text, LogLevel* level);

using LogField = std::pair<absl::string_view, std::string>;

// Writes {"ts":..., "level":..., "msg":..., <fields>} as one line.
void Log(LogLevel level, absl::string_view message,
         std::initializer_list<LogField> fields = {});

// Escapes `text` for inclusion in a JSON string (without the quotes).
std::string JsonEscape(absl::string_view text);

}  // namespace concierge

#endif  // CONCIERGE_SERVER_COMMON_LOG_H_
