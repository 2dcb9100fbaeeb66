#include "clients/web/i18n.h"

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <mutex>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "clients/web/embedded.h"

namespace concierge::web {

const char* LangCode(Lang lang) { return lang == Lang::kZh ? "zh" : "en"; }

std::optional<Lang> ParseLang(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  const std::string lower = absl::AsciiStrToLower(text.substr(0, 3));
  if (lower == "zh" || absl::StartsWith(lower, "zh-") ||
      absl::StartsWith(lower, "zh_")) {
    return Lang::kZh;
  }
  if (lower == "en" || absl::StartsWith(lower, "en-") ||
      absl::StartsWith(lower, "en_")) {
    return Lang::kEn;
  }
  return std::nullopt;
}

Lang FromAcceptLanguage(absl::string_view header, Lang fallback) {
  std::optional<Lang> best;
  double best_q = 0;
  for (absl::string_view part :
       absl::StrSplit(header, ',', absl::SkipEmpty())) {
    std::vector<absl::string_view> pieces = absl::StrSplit(part, ';');
    double q = 1.0;
    for (size_t i = 1; i < pieces.size(); ++i) {
      absl::string_view p = absl::StripAsciiWhitespace(pieces[i]);
      if (absl::ConsumePrefix(&p, "q=") && !absl::SimpleAtod(p, &q)) q = 0;
    }
    std::optional<Lang> lang = ParseLang(pieces[0]);
    // Ties keep the earlier entry: the order is the browser's preference.
    if (lang && q > best_q) {
      best = lang;
      best_q = q;
    }
  }
  return best.value_or(fallback);
}

bool Labels::Parse(absl::string_view tsv, Labels* out, std::string* error) {
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(tsv, '\n')) {
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cells = absl::StrSplit(line, '\t');
    if (cells.size() != 3 || cells[0].empty() || cells[1].empty() ||
        cells[2].empty()) {
      *error = absl::StrCat("labels.tsv:", line_number,
                            ": want key<TAB>zh<TAB>en, each non-empty");
      return false;
    }
    if (!out->rows_.emplace(cells[0], std::make_pair(cells[1], cells[2]))
             .second) {
      *error = absl::StrCat("labels.tsv:", line_number, ": ", cells[0],
                            " appears twice");
      return false;
    }
  }
  return true;
}

const Labels& Labels::Get() {
  static const Labels* labels = [] {
    auto* l = new Labels();
    std::string error;
    if (!Parse(EmbeddedFileText(WebFiles(), "labels.tsv"), l, &error)) {
      std::cerr << "concierge-web: " << error << "\n";
      std::abort();
    }
    return l;
  }();
  return *labels;
}

bool Labels::Has(absl::string_view key) const { return rows_.contains(key); }

const std::string& Labels::Tr(Lang lang, absl::string_view key) const {
  auto it = rows_.find(key);
  if (it != rows_.end()) {
    return lang == Lang::kZh ? it->second.first : it->second.second;
  }
  // A missing label is a defect the tests catch; remember the marks so the
  // reference stays valid.
  static auto* missing = new std::map<std::string, std::string, std::less<>>();
  static auto* mutex = new std::mutex();
  std::lock_guard<std::mutex> lock(*mutex);
  auto [pos, inserted] =
      missing->try_emplace(std::string(key), absl::StrCat("⟦", key, "⟧"));
  return pos->second;
}

std::vector<std::string> Labels::Keys() const {
  std::vector<std::string> keys;
  for (const auto& [key, value] : rows_) keys.push_back(key);
  return keys;
}

const std::string& Pick(Lang lang, const v1::LocalizedText& text) {
  const std::string& first = lang == Lang::kZh ? text.zh() : text.en();
  return first.empty() ? (lang == Lang::kZh ? text.en() : text.zh()) : first;
}

const std::string& EnumText(Lang lang,
                            const google::protobuf::EnumDescriptor* descriptor,
                            int value) {
  const google::protobuf::EnumValueDescriptor* v =
      descriptor->FindValueByNumber(value);
  return Tr(lang, absl::StrCat("e.", v ? v->name() : "UNKNOWN"));
}

}  // namespace concierge::web
