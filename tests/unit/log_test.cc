// Structured log lines: valid JSON, the fields given, and the request id of
// the thread's call; request ids taken or made.

#include "server/common/log.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "server/api/rpc.h"

namespace concierge {
namespace {

using ::testing::MatchesRegex;

// Runs `log` with stderr sent to a file, and returns what was written.
template <typename F>
std::string CaptureStderr(F log) {
  char path[] = "/tmp/concierge-log-test-XXXXXX";
  const int fd = mkstemp(path);
  const int saved = dup(STDERR_FILENO);
  dup2(fd, STDERR_FILENO);
  log();
  dup2(saved, STDERR_FILENO);
  close(saved);
  std::string out;
  char buffer[4096];
  lseek(fd, 0, SEEK_SET);
  for (ssize_t n; (n = read(fd, buffer, sizeof(buffer))) > 0;)
    out.append(buffer, n);
  close(fd);
  unlink(path);
  return out;
}

google::protobuf::Struct Parse(const std::string& line) {
  google::protobuf::Struct parsed;
  const auto status =
      google::protobuf::util::JsonStringToMessage(line, &parsed);
  EXPECT_TRUE(status.ok()) << status << " in " << line;
  return parsed;
}

TEST(Log, WritesOneJsonObjectPerLineWithTypedFields) {
  const std::string out = CaptureStderr([] {
    Log(LogLevel::kWarning, "quote \" and newline\n",
        {{"text", "tab\there"}, {"count", 42}, {"duration_ms", 1.5}});
  });
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.back(), '\n');
  EXPECT_EQ(out.find('\n'), out.size() - 1);  // one line
  const auto fields = Parse(out).fields();
  EXPECT_THAT(fields.at("ts").string_value(),
              MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\\.[0-9]{3}Z"));
  EXPECT_EQ(fields.at("level").string_value(), "warning");
  EXPECT_EQ(fields.at("msg").string_value(), "quote \" and newline\n");
  EXPECT_EQ(fields.at("text").string_value(), "tab\there");
  EXPECT_EQ(fields.at("count").number_value(), 42);
  EXPECT_EQ(fields.at("duration_ms").number_value(), 1.5);
  EXPECT_EQ(fields.count("request_id"), 0u);
}

TEST(Log, CarriesTheRequestIdOfTheScopeAndRestoresTheOuterOne) {
  const std::string out = CaptureStderr([] {
    RequestIdScope outer("outer-1");
    Log(LogLevel::kInfo, "a");
    {
      RequestIdScope inner("inner-2");
      EXPECT_EQ(CurrentRequestId(), "inner-2");
      Log(LogLevel::kInfo, "b");
    }
    Log(LogLevel::kInfo, "c");
  });
  const std::vector<std::string> lines =
      absl::StrSplit(absl::StripSuffix(out, "\n"), '\n');
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(Parse(lines[0]).fields().at("request_id").string_value(),
            "outer-1");
  EXPECT_EQ(Parse(lines[1]).fields().at("request_id").string_value(),
            "inner-2");
  EXPECT_EQ(Parse(lines[2]).fields().at("request_id").string_value(),
            "outer-1");
  EXPECT_EQ(CurrentRequestId(), "");
}

TEST(Log, LevelsBelowTheThresholdAreNotWritten) {
  SetLogLevel(LogLevel::kWarning);
  const std::string out = CaptureStderr([] {
    Log(LogLevel::kInfo, "hidden");
    Log(LogLevel::kError, "shown");
  });
  SetLogLevel(LogLevel::kInfo);
  EXPECT_THAT(out, ::testing::Not(::testing::HasSubstr("hidden")));
  EXPECT_THAT(out, ::testing::HasSubstr("shown"));
  EXPECT_FALSE(LogEnabled(LogLevel::kDebug));
}

TEST(RequestId, NewIdsAre32HexDigitsAndDiffer) {
  const std::string a = NewRequestId();
  EXPECT_THAT(a, MatchesRegex("[0-9a-f]{32}"));
  EXPECT_NE(a, NewRequestId());
}

TEST(RequestId, TheCallersIdIsKeptWhenUsableAndReplacedOtherwise) {
  EXPECT_EQ(api::RequestIdFrom("req-42_a.b:c"), "req-42_a.b:c");
  EXPECT_THAT(api::RequestIdFrom(""), MatchesRegex("[0-9a-f]{32}"));
  // Log and header injection, and unbounded length, are refused.
  EXPECT_THAT(api::RequestIdFrom("a\"b"), MatchesRegex("[0-9a-f]{32}"));
  EXPECT_THAT(api::RequestIdFrom("a b"), MatchesRegex("[0-9a-f]{32}"));
  EXPECT_THAT(api::RequestIdFrom(std::string(65, 'x')),
              MatchesRegex("[0-9a-f]{32}"));
  EXPECT_EQ(api::RequestIdFrom(std::string(64, 'x')), std::string(64, 'x'));
}

}  // namespace
}  // namespace concierge
