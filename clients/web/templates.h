#ifndef CONCIERGE_CLIENTS_WEB_TEMPLATES_H_
#define CONCIERGE_CLIENTS_WEB_TEMPLATES_H_

// Pages are Mustache templates (kainjow/mustache, Debian's
// libkainjow-mustache-dev): every {{value}} is HTML-escaped; {{{html}}} is
// reserved for HTML this program rendered itself from another template.
//
// Labels are not data: a template writes [[key]] for the label `key` of
// labels.tsv, and [[>name]] to include templates/name.mustache. Both are
// resolved once at start for each language, so a page pays nothing for its
// labels and a missing label or include stops the program at start (and
// fails the unit test that loads every template) instead of showing up on a
// page.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/web/i18n.h"
#include "kainjow/mustache.hpp"
#include "server/common/embedded_file.h"

namespace concierge::web {

using Data = kainjow::mustache::data;
using List = kainjow::mustache::list;

class Templates {
 public:
  // Every "*.mustache" of `files`, resolved in both languages.
  static absl::StatusOr<std::unique_ptr<Templates>> Load(
      const std::vector<EmbeddedFile>& files, const Labels& labels);

  // Renders templates/`name`.mustache in `lang` with `data`; "" (and an
  // error in `*error`, if given) when the template is unknown.
  std::string Render(Lang lang, const std::string& name, const Data& data,
                     std::string* error = nullptr) const;
  bool Has(const std::string& name) const { return sources_[0].contains(name); }
  // The resolved source (tests).
  const std::string& Source(Lang lang, const std::string& name) const;

 private:
  // name -> resolved source, per language (0: zh, 1: en).
  std::map<std::string, std::string> sources_[2];
};

// Resolves [[key]] and [[>include]] in `text`; the error names the first
// unknown label or include. Exposed for the unit tests.
absl::StatusOr<std::string> ResolveTemplate(
    const std::string& name, const std::map<std::string, std::string>& raw,
    const Labels& labels, Lang lang, int depth = 0);

// kainjow's escaping, for text this program puts into HTML itself.
std::string HtmlEscape(const std::string& text);

}  // namespace concierge::web

#endif  // CONCIERGE_CLIENTS_WEB_TEMPLATES_H_
