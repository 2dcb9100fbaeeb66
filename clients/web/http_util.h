#ifndef CONCIERGE_CLIENTS_WEB_HTTP_UTIL_H_
#define CONCIERGE_CLIENTS_WEB_HTTP_UTIL_H_

// The small, pure pieces of HTTP that concierge-web parses itself (civetweb
// does the rest): URL encoding, form bodies and query strings, the Cookie
// header, and which redirect targets are safe.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace concierge::web {

// Percent-decoding; with `plus_is_space` (forms, query strings) '+' is a
// space. Malformed escapes are kept as written.
std::string UrlDecode(absl::string_view text, bool plus_is_space);
// Percent-encodes everything but unreserved characters (RFC 3986).
std::string UrlEncode(absl::string_view text);

// The fields of an application/x-www-form-urlencoded body or a query
// string, in order; a name may repeat (checkboxes).
class Form {
 public:
  static Form Parse(absl::string_view encoded);

  // The first value of `name`, or "".
  std::string Get(absl::string_view name) const;
  std::vector<std::string> GetAll(absl::string_view name) const;
  bool Has(absl::string_view name) const;
  void Add(std::string name, std::string value);
  const std::vector<std::pair<std::string, std::string>>& fields() const {
    return fields_;
  }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

// "a=1; b=2" -> {a: 1, b: 2}; the first of a repeated name wins.
std::map<std::string, std::string> ParseCookies(absl::string_view header);

// True for a path on this site ("/r/requests?x=1"), false for anything a
// browser could read as another origin ("//evil", "/\\evil", "http:...").
// Redirects only ever go to such paths.
bool IsLocalPath(absl::string_view path);

// Only letters, digits, '-' and '_' (ids and codes taken from a URL).
bool IsPlainToken(absl::string_view text);

}  // namespace concierge::web

#endif  // CONCIERGE_CLIENTS_WEB_HTTP_UTIL_H_
