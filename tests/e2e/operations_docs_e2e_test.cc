// docs/OPERATIONS.md's configuration reference is checked against the
// server's own flags, both ways: a flag added to server/main.cc without a row
// fails here, and so does a row for a flag that no longer exists or whose
// documented default is not the real one.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "tests/support/process.h"

namespace concierge {
namespace {

using ::concierge::testing::ReadFileOrEmpty;
using ::concierge::testing::RunCommand;

struct Documented {
  std::string environment;
  std::string default_value;
};

// `--helpfull` lists the flags of server/main.cc as
//   --name (help text); default: "value";
// possibly wrapped over several lines. Returns name -> default.
std::map<std::string, std::string> ServerFlags() {
  const auto help = RunCommand({CONCIERGE_SERVER_BIN, "--helpfull"});
  const std::string text = help.out + help.err;
  const size_t section = text.find("server/main.cc:");
  EXPECT_NE(section, std::string::npos) << text;
  if (section == std::string::npos) return {};
  const size_t end = text.find("Flags from", section);
  std::string flags = text.substr(section, end - section);
  absl::StrReplaceAll({{"\n      ", " "}}, &flags);
  std::map<std::string, std::string> out;
  for (absl::string_view line : absl::StrSplit(flags, '\n')) {
    line = absl::StripLeadingAsciiWhitespace(line);
    if (!absl::ConsumePrefix(&line, "--")) continue;
    const std::string name(line.substr(0, line.find(' ')));
    const size_t at = line.rfind("default: ");
    absl::string_view value = absl::StripSuffix(line.substr(at + 9), ";");
    out[name] =
        std::string(absl::StripSuffix(absl::StripPrefix(value, "\""), "\""));
  }
  return out;
}

// Rows "| `--name` | `CONCIERGE_NAME` | `default` or (empty) | meaning |".
std::map<std::string, Documented> DocumentedFlags() {
  const std::string doc = ReadFileOrEmpty(
      absl::StrCat(CONCIERGE_SOURCE_DIR, "/docs/OPERATIONS.md"));
  std::map<std::string, Documented> out;
  for (absl::string_view line : absl::StrSplit(doc, '\n')) {
    if (!absl::StartsWith(line, "| `--")) continue;
    std::vector<std::string> cells = absl::StrSplit(line, '|');
    if (cells.size() < 5) continue;
    auto unquote = [](std::string cell) {
      absl::StripAsciiWhitespace(&cell);
      if (cell == "(empty)") return std::string();
      return std::string(absl::StripSuffix(absl::StripPrefix(cell, "`"), "`"));
    };
    const std::string name(absl::StripPrefix(unquote(cells[1]), "--"));
    out[name] = Documented{unquote(cells[2]), unquote(cells[3])};
  }
  return out;
}

TEST(OperationsDocsTest, TheConfigurationReferenceMatchesTheServersFlags) {
  const auto flags = ServerFlags();
  const auto documented = DocumentedFlags();
  ASSERT_GE(flags.size(), 10u);
  for (const auto& [name, default_value] : flags) {
    auto row = documented.find(name);
    if (row == documented.end()) {
      ADD_FAILURE() << "--" << name << " is not in docs/OPERATIONS.md";
      continue;
    }
    EXPECT_EQ(row->second.environment,
              "CONCIERGE_" + absl::AsciiStrToUpper(name))
        << name;
    EXPECT_EQ(row->second.default_value, default_value) << name;
  }
  for (const auto& [name, row] : documented) {
    EXPECT_TRUE(flags.contains(name))
        << "docs/OPERATIONS.md documents --" << name
        << ", which the server does not have";
  }
}

}  // namespace
}  // namespace concierge
