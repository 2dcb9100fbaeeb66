#ifndef CONCIERGE_CLIENTS_WEB_I18N_H_
#define CONCIERGE_CLIENTS_WEB_I18N_H_

// The two languages of every page: Traditional Chinese (the catalogue's)
// and English. Every label is one row of clients/web/labels.tsv (key, zh,
// en), compiled into the binary; enum values are labelled under "e.<VALUE>"
// (e.g. "e.REQUEST_STATE_DISPATCHED"). Data comes from the API in both
// languages where it has both (LocalizedText) and is shown in the reader's,
// else the other.

#include <google/protobuf/descriptor.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "concierge/v1/common.pb.h"

namespace concierge::web {

enum class Lang { kZh, kEn };

// "zh" / "en".
const char* LangCode(Lang lang);
// "zh", "zh-TW", "en-GB" ... -> the language; nullopt otherwise.
std::optional<Lang> ParseLang(absl::string_view text);
// The first of zh or en in an Accept-Language header by preference (q
// values); `fallback` when it names neither.
Lang FromAcceptLanguage(absl::string_view header, Lang fallback);

class Labels {
 public:
  // The embedded table; a malformed table (a row without both languages, a
  // key twice) fails at start (see Load).
  static const Labels& Get();
  // Parses a table; the error names the first bad line.
  static bool Parse(absl::string_view tsv, Labels* out, std::string* error);

  bool Has(absl::string_view key) const;
  // The label, or "⟦key⟧" when there is none (the browser tests look for
  // that mark on every page, so a missing label cannot go unseen).
  const std::string& Tr(Lang lang, absl::string_view key) const;
  std::vector<std::string> Keys() const;

 private:
  std::map<std::string, std::pair<std::string, std::string>, std::less<>> rows_;
};

inline const std::string& Tr(Lang lang, absl::string_view key) {
  return Labels::Get().Tr(lang, key);
}

// The text in `lang`, else the other language.
const std::string& Pick(Lang lang, const v1::LocalizedText& text);

// The label of an enum value, "e.<VALUE_NAME>".
const std::string& EnumText(Lang lang,
                            const google::protobuf::EnumDescriptor* descriptor,
                            int value);

}  // namespace concierge::web

#endif  // CONCIERGE_CLIENTS_WEB_I18N_H_
