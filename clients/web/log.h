#ifndef CONCIERGE_CLIENTS_WEB_LOG_H_
#define CONCIERGE_CLIENTS_WEB_LOG_H_

// concierge-web's log: one JSON object per line on stderr, like the
// server's (ts, level, msg and fields), written with one write(2). Lines
// carry paths and ids, never a query string, a token or a cookie.

#include <initializer_list>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"

namespace concierge::web {

void Log(absl::string_view level, absl::string_view message,
         std::initializer_list<std::pair<absl::string_view, std::string>>
             fields = {});

// "debug", "info" (default), "warning", "error"; lines below are skipped.
bool SetLogLevel(absl::string_view level);
bool LogEnabled(absl::string_view level);

}  // namespace concierge::web

#endif  // CONCIERGE_CLIENTS_WEB_LOG_H_
