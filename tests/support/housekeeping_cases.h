#ifndef CONCIERGE_TESTS_SUPPORT_HOUSEKEEPING_CASES_H_
#define CONCIERGE_TESTS_SUPPORT_HOUSEKEEPING_CASES_H_

// The seed's room cases (tests/data/housekeeping_cases.tsv, a copy of
// ../shared/data/housekeeping_cases.tsv): observations, context and the
// actions each row calls for. Read at test time by the unit tests (the pure
// engine) and the integration tests (through the RPC).

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace concierge::testing {

struct HousekeepingCase {
  int line = 0;  // in the file, for messages
  std::string room;
  std::string source;
  std::vector<std::string> observations;  // "AC_SETPOINT(23)"
  std::string context;                    // "-", "guest birthday is today"
  std::vector<std::string> expected;      // action codes
  std::string notes;

  bool birthday_today() const {
    return absl::StrContains(context, "birthday is today");
  }
};

inline std::string HousekeepingCasesPath() {
  return CONCIERGE_SOURCE_DIR "/tests/data/housekeeping_cases.tsv";
}

inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline std::vector<HousekeepingCase> LoadHousekeepingCases() {
  std::vector<HousekeepingCase> cases;
  int line_number = 0;
  for (absl::string_view line :
       absl::StrSplit(ReadWholeFile(HousekeepingCasesPath()), '\n')) {
    ++line_number;
    line = absl::StripTrailingAsciiWhitespace(line);
    if (line_number == 1 || line.empty()) continue;
    const std::vector<std::string> f = absl::StrSplit(line, '\t');
    if (f.size() != 6) continue;
    HousekeepingCase c;
    c.line = line_number;
    c.room = f[0];
    c.source = f[1];
    c.observations = absl::StrSplit(f[2], ';', absl::SkipEmpty());
    c.context = f[3];
    c.expected = absl::StrSplit(f[4], ';', absl::SkipEmpty());
    c.notes = f[5];
    cases.push_back(std::move(c));
  }
  return cases;
}

// "AC_SETPOINT(23)" -> "AC_SETPOINT".
inline std::string ObservationCode(const std::string& token) {
  return token.substr(0, token.find('('));
}

// What a row's observations must suggest, exactly: the row's own actions,
// and those of every row of the file whose observations are among this
// row's and whose context this row has (GIFT_IN_ROOM;OPENED_DRINKS on a
// birthday also restocks the minibar, the OPENED_DRINKS row). Contexts
// other than the birthday ("guest is out") need nothing of the profile.
inline std::set<std::string> ExpectedActions(
    const std::vector<HousekeepingCase>& all, const HousekeepingCase& row) {
  std::set<std::string> codes;
  for (const std::string& o : row.observations) {
    codes.insert(ObservationCode(o));
  }
  std::set<std::string> expected(row.expected.begin(), row.expected.end());
  for (const HousekeepingCase& other : all) {
    if (other.birthday_today() && !row.birthday_today()) continue;
    bool contained = true;
    for (const std::string& o : other.observations) {
      contained = contained && codes.count(ObservationCode(o)) > 0;
    }
    if (contained)
      expected.insert(other.expected.begin(), other.expected.end());
  }
  return expected;
}

}  // namespace concierge::testing

#endif  // CONCIERGE_TESTS_SUPPORT_HOUSEKEEPING_CASES_H_
