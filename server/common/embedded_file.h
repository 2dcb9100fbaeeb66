#ifndef CONCIERGE_SERVER_COMMON_EMBEDDED_FILE_H_
#define CONCIERGE_SERVER_COMMON_EMBEDDED_FILE_H_

#include "absl/strings/string_view.h"
#include <vector>

namespace concierge {

// A text file compiled into the binary (db/migrations, db/seed).
struct EmbeddedFile {
  absl::string_view name;
  absl::string_view text;
};

namespace embedded {
// db/migrations/*.sql in name order.
const std::vector<EmbeddedFile>& Migrations();
// db/seed/* in name order.
const std::vector<EmbeddedFile>& SeedFiles();
// Returns the seed file called `name`, or an empty view.
absl::string_view SeedFile(absl::string_view name);
}  // namespace embedded

}  // namespace concierge

#endif  // CONCIERGE_SERVER_COMMON_EMBEDDED_FILE_H_
