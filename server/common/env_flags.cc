#include "server/common/env_flags.h"

#include <cstdlib>

#include "absl/flags/reflection.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace concierge {

std::string EnvironmentTwin(absl::string_view flag_name) {
  return absl::StrCat("CONCIERGE_", absl::AsciiStrToUpper(std::string(flag_name)));
}

absl::Status ApplyEnvironmentTwins(const std::vector<std::string>& flag_names) {
  for (const std::string& name : flag_names) {
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    if (flag == nullptr) {
      return absl::InternalError(absl::StrCat("no flag --", name));
    }
    const std::string twin = EnvironmentTwin(name);
    const char* value = std::getenv(twin.c_str());
    if (value == nullptr) continue;
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      return absl::InvalidArgumentError(
          absl::StrCat(twin, " (--", name, "): ", error));
    }
  }
  return absl::OkStatus();
}

}  // namespace concierge
