#include "server/common/embedded_file.h"

namespace concierge::embedded {

absl::string_view SeedFile(absl::string_view name) {
  for (const EmbeddedFile& file : SeedFiles()) {
    if (file.name == name) return file.text;
  }
  return {};
}

}  // namespace concierge::embedded
