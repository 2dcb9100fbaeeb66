#include "clients/web/templates.h"

#include <unordered_map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace concierge::web {
namespace {

using Mustache = kainjow::mustache::mustache;

constexpr absl::string_view kSuffix = ".mustache";

}  // namespace

std::string HtmlEscape(const std::string& text) {
  return kainjow::mustache::html_escape<std::string>(text);
}

absl::StatusOr<std::string> ResolveTemplate(
    const std::string& name, const std::map<std::string, std::string>& raw,
    const Labels& labels, Lang lang, int depth) {
  if (depth > 4) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": includes nest deeper than 4"));
  }
  auto it = raw.find(name);
  if (it == raw.end()) {
    return absl::NotFoundError(absl::StrCat("no template ", name));
  }
  const std::string& text = it->second;
  std::string out;
  size_t pos = 0;
  while (true) {
    const size_t open = text.find("[[", pos);
    if (open == std::string::npos) break;
    const size_t close = text.find("]]", open + 2);
    if (close == std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ": \"[[\" without \"]]\""));
    }
    out.append(text, pos, open - pos);
    absl::string_view key(text.data() + open + 2, close - open - 2);
    key = absl::StripAsciiWhitespace(key);
    if (absl::ConsumePrefix(&key, ">")) {
      absl::StatusOr<std::string> included =
          ResolveTemplate(std::string(absl::StripAsciiWhitespace(key)), raw,
                          labels, lang, depth + 1);
      if (!included.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat(name, ": ", included.status().message()));
      }
      out.append(*included);
    } else {
      if (!labels.Has(key)) {
        return absl::InvalidArgumentError(
            absl::StrCat(name, ": no label \"", key, "\" in labels.tsv"));
      }
      out.append(HtmlEscape(labels.Tr(lang, key)));
    }
    pos = close + 2;
  }
  out.append(text, pos, std::string::npos);
  return out;
}

absl::StatusOr<std::unique_ptr<Templates>> Templates::Load(
    const std::vector<EmbeddedFile>& files, const Labels& labels) {
  std::map<std::string, std::string> raw;
  for (const EmbeddedFile& f : files) {
    absl::string_view name = f.name;
    if (absl::ConsumeSuffix(&name, kSuffix)) {
      raw.emplace(std::string(name), std::string(f.text));
    }
  }
  auto templates = std::unique_ptr<Templates>(new Templates());
  for (const Lang lang : {Lang::kZh, Lang::kEn}) {
    for (const auto& [name, text] : raw) {
      absl::StatusOr<std::string> resolved =
          ResolveTemplate(name, raw, labels, lang);
      if (!resolved.ok()) return resolved.status();
      Mustache check(*resolved);
      if (!check.is_valid()) {
        return absl::InvalidArgumentError(
            absl::StrCat(name, ".mustache: ", check.error_message()));
      }
      templates->sources_[lang == Lang::kZh ? 0 : 1].emplace(
          name, std::move(*resolved));
    }
  }
  return templates;
}

const std::string& Templates::Source(Lang lang, const std::string& name) const {
  const auto& sources = sources_[lang == Lang::kZh ? 0 : 1];
  auto it = sources.find(name);
  static const std::string* empty = new std::string();
  return it == sources.end() ? *empty : it->second;
}

std::string Templates::Render(Lang lang, const std::string& name,
                              const Data& data, std::string* error) const {
  // kainjow's templates keep state while rendering, so each thread compiles
  // its own copy once and reuses it.
  thread_local std::unordered_map<std::string, std::unique_ptr<Mustache>>
      compiled[2];
  const int index = lang == Lang::kZh ? 0 : 1;
  auto it = compiled[index].find(name);
  if (it == compiled[index].end()) {
    auto source = sources_[index].find(name);
    if (source == sources_[index].end()) {
      if (error) *error = absl::StrCat("no template ", name);
      return "";
    }
    it = compiled[index]
             .emplace(name, std::make_unique<Mustache>(source->second))
             .first;
  }
  std::string out = it->second->render(data);
  if (!it->second->is_valid() && error) *error = it->second->error_message();
  return out;
}

}  // namespace concierge::web
