#include "server/common/log.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "server/common/crypto.h"

namespace concierge {
namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::kInfo)};

thread_local absl::string_view current_request_id;

absl::string_view LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

// Appends "2026-03-02T01:00:00.123Z". Formatting a time is the costliest
// part of a line, so each thread keeps the text of the last second it saw.
void AppendTimestamp(std::string& out, absl::Time now) {
  thread_local int64_t cached_second = -1;
  thread_local std::string cached_text;
  const int64_t micros = absl::ToUnixMicros(now);
  int64_t second = micros / 1000000;
  int64_t millis = (micros % 1000000) / 1000;
  if (micros < 0 && micros % 1000000 != 0) {
    --second;
    millis = (micros % 1000000 + 1000000) / 1000;
  }
  if (second != cached_second) {
    cached_text =
        absl::FormatTime("%Y-%m-%dT%H:%M:%S", absl::FromUnixSeconds(second),
                         absl::UTCTimeZone());
    cached_second = second;
  }
  absl::StrAppend(&out, cached_text, absl::StrFormat(".%03dZ", millis));
}

void AppendJsonEscaped(std::string& out, absl::string_view text) {
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += absl::StrFormat("\\u%04x", c);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
}

// One write(2) per line: stderr is unbuffered, and a single write keeps
// lines whole when several threads log at once.
void WriteLine(const std::string& line) {
  size_t done = 0;
  while (done < line.size()) {
    const ssize_t n =
        ::write(STDERR_FILENO, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere to report a failing stderr
    done += static_cast<size_t>(n);
  }
}

}  // namespace

LogField::LogField(absl::string_view k, int64_t v)
    : key(k), value(absl::StrCat(v)), quoted(false) {}

LogField::LogField(absl::string_view k, double v)
    : key(k), value(absl::StrFormat("%.3f", v)), quoted(false) {}

void SetLogLevel(LogLevel level) { g_level = static_cast<int>(level); }
LogLevel GetLogLevel() { return static_cast<LogLevel>(g_level.load()); }
bool LogEnabled(LogLevel level) {
  return static_cast<int>(level) >= g_level.load(std::memory_order_relaxed);
}

bool ParseLogLevel(absl::string_view text, LogLevel* level) {
  for (LogLevel l : {LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarning,
                     LogLevel::kError}) {
    if (text == LevelName(l)) {
      *level = l;
      return true;
    }
  }
  return false;
}

std::string JsonEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendJsonEscaped(out, text);
  return out;
}

void Log(LogLevel level, absl::string_view message,
         std::initializer_list<LogField> fields) {
  if (!LogEnabled(level)) return;
  thread_local std::string line;
  line.clear();
  line += "{\"ts\":\"";
  AppendTimestamp(line, absl::Now());
  absl::StrAppend(&line, "\",\"level\":\"", LevelName(level), "\",\"msg\":\"");
  AppendJsonEscaped(line, message);
  line += '"';
  bool has_request_id = false;
  for (const LogField& field : fields) {
    if (field.key == "request_id") has_request_id = true;
    absl::StrAppend(&line, ",\"", field.key, "\":");
    if (field.quoted) {
      line += '"';
      AppendJsonEscaped(line, field.value);
      line += '"';
    } else {
      line += field.value;
    }
  }
  if (!has_request_id && !current_request_id.empty()) {
    line += ",\"request_id\":\"";
    AppendJsonEscaped(line, current_request_id);
    line += '"';
  }
  line += "}\n";
  WriteLine(line);
}

RequestIdScope::RequestIdScope(absl::string_view request_id)
    : outer_(current_request_id) {
  current_request_id = request_id;
}

RequestIdScope::~RequestIdScope() { current_request_id = outer_; }

absl::string_view CurrentRequestId() { return current_request_id; }

std::string NewRequestId() {
  // Request ids only need to be unique, not secret: a per-thread generator
  // seeded from the CSPRNG costs tens of nanoseconds where RAND_bytes on
  // every call cost about a microsecond.
  thread_local std::mt19937_64 generator = [] {
    const std::string seed = RandomBytes(16);
    std::seed_seq sequence(seed.begin(), seed.end());
    return std::mt19937_64(sequence);
  }();
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(32, '0');
  for (int half = 0; half < 2; ++half) {
    uint64_t bits = generator();
    for (int i = 0; i < 16; ++i) {
      id[half * 16 + i] = kHex[bits & 0xf];
      bits >>= 4;
    }
  }
  return id;
}

}  // namespace concierge
