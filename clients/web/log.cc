#include "clients/web/log.h"

#include <unistd.h>

#include <atomic>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace concierge::web {
namespace {

std::atomic<int> min_level{1};

int LevelOf(absl::string_view level) {
  if (level == "debug") return 0;
  if (level == "info") return 1;
  if (level == "warning") return 2;
  if (level == "error") return 3;
  return -1;
}

void AppendJsonString(std::string* out, absl::string_view s) {
  out->push_back('"');
  for (const char c : s) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppendFormat(out, "\\u%04x", c);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

}  // namespace

bool SetLogLevel(absl::string_view level) {
  const int l = LevelOf(level);
  if (l < 0) return false;
  min_level = l;
  return true;
}

bool LogEnabled(absl::string_view level) { return LevelOf(level) >= min_level; }

void Log(
    absl::string_view level, absl::string_view message,
    std::initializer_list<std::pair<absl::string_view, std::string>> fields) {
  if (!LogEnabled(level)) return;
  std::string line = "{\"ts\":";
  AppendJsonString(&line, absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(),
                                           absl::UTCTimeZone()));
  line.append(",\"level\":");
  AppendJsonString(&line, level);
  line.append(",\"msg\":");
  AppendJsonString(&line, message);
  for (const auto& [key, value] : fields) {
    line.push_back(',');
    AppendJsonString(&line, key);
    line.push_back(':');
    AppendJsonString(&line, value);
  }
  line.append("}\n");
  (void)!write(2, line.data(), line.size());
}

}  // namespace concierge::web
