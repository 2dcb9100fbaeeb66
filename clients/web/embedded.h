#ifndef CONCIERGE_CLIENTS_WEB_EMBEDDED_H_
#define CONCIERGE_CLIENTS_WEB_EMBEDDED_H_

// concierge-web's templates, static files and labels, compiled into the
// binary (cmake/embed_files.cmake), so its container needs nothing beside it.

#include <vector>

#include "absl/strings/string_view.h"
#include "server/common/embedded_file.h"

namespace concierge::web {

// clients/web/templates/*.mustache, clients/web/static/* and
// clients/web/labels.tsv, by file name.
const std::vector<EmbeddedFile>& WebFiles();

// The text of the file called `name`, or an empty view.
inline absl::string_view EmbeddedFileText(
    const std::vector<EmbeddedFile>& files, absl::string_view name) {
  for (const EmbeddedFile& f : files) {
    if (f.name == name) return f.text;
  }
  return {};
}

}  // namespace concierge::web

#endif  // CONCIERGE_CLIENTS_WEB_EMBEDDED_H_
