#include "server/store/json_rows.h"

#include "absl/strings/str_cat.h"

namespace concierge::store {
namespace {

class Reader {
 public:
  explicit Reader(absl::string_view text) : text_(text) {}

  absl::StatusOr<std::vector<JsonRow>> Rows() {
    SkipSpace();
    if (AtEnd() || Consume("null")) return End(std::vector<JsonRow>{});
    std::vector<JsonRow> rows;
    if (!Expect('[')) return Error("expected [");
    SkipSpace();
    if (Expect(']')) return End(std::move(rows));
    for (;;) {
      SkipSpace();
      if (!Expect('[')) return Error("expected [ of a row");
      JsonRow row;
      SkipSpace();
      if (!Expect(']')) {
        for (;;) {
          SkipSpace();
          absl::StatusOr<JsonScalar> value = Scalar();
          if (!value.ok()) return value.status();
          row.push_back(*std::move(value));
          SkipSpace();
          if (Expect(']')) break;
          if (!Expect(',')) return Error("expected , or ] in a row");
        }
      }
      rows.push_back(std::move(row));
      SkipSpace();
      if (Expect(']')) break;
      if (!Expect(',')) return Error("expected , or ] between rows");
    }
    return End(std::move(rows));
  }

 private:
  bool AtEnd() const { return pos_ >= text_.size(); }
  void SkipSpace() {
    while (!AtEnd() && (text_[pos_] == ' ' || text_[pos_] == '\n' ||
                        text_[pos_] == '\t' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool Expect(char c) {
    if (AtEnd() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  bool Consume(absl::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  absl::Status Error(absl::string_view what) const {
    return absl::InternalError(
        absl::StrCat("malformed JSON rows at offset ", pos_, ": ", what));
  }
  absl::StatusOr<std::vector<JsonRow>> End(std::vector<JsonRow> rows) {
    SkipSpace();
    if (!AtEnd()) return Error("trailing text");
    return rows;
  }

  absl::StatusOr<JsonScalar> Scalar() {
    if (AtEnd()) return Error("unexpected end");
    const char c = text_[pos_];
    if (c == '"') return String();
    if (Consume("null")) return JsonScalar();
    if (Consume("true")) return JsonScalar("true");
    if (Consume("false")) return JsonScalar("false");
    const size_t start = pos_;
    while (!AtEnd() &&
           (absl::string_view("+-.eE0123456789").find(text_[pos_]) !=
            absl::string_view::npos)) {
      ++pos_;
    }
    if (pos_ == start) return Error("expected a scalar");
    return JsonScalar(std::string(text_.substr(start, pos_ - start)));
  }

  absl::StatusOr<JsonScalar> String() {
    ++pos_;  // the opening quote
    std::string out;
    while (!AtEnd()) {
      const char c = text_[pos_++];
      if (c == '"') return JsonScalar(std::move(out));
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (AtEnd()) break;
      const char e = text_[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out.push_back(e);
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'u': {
          absl::StatusOr<char32_t> cp = CodePoint();
          if (!cp.ok()) return cp.status();
          AppendUtf8(*cp, &out);
          break;
        }
        default:
          return Error("bad escape");
      }
    }
    return Error("unterminated string");
  }

  absl::StatusOr<uint32_t> Hex4() {
    if (pos_ + 4 > text_.size()) return Error("short \\u escape");
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = text_[pos_++];
      v <<= 4;
      if (h >= '0' && h <= '9') {
        v |= h - '0';
      } else if (h >= 'a' && h <= 'f') {
        v |= h - 'a' + 10;
      } else if (h >= 'A' && h <= 'F') {
        v |= h - 'A' + 10;
      } else {
        return Error("bad \\u escape");
      }
    }
    return v;
  }

  // After "\u": one code point, joining a surrogate pair.
  absl::StatusOr<char32_t> CodePoint() {
    absl::StatusOr<uint32_t> high = Hex4();
    if (!high.ok()) return high.status();
    if (*high < 0xD800 || *high > 0xDFFF) return static_cast<char32_t>(*high);
    if (*high > 0xDBFF || !Consume("\\u")) return Error("lone surrogate");
    absl::StatusOr<uint32_t> low = Hex4();
    if (!low.ok()) return low.status();
    if (*low < 0xDC00 || *low > 0xDFFF) return Error("bad surrogate pair");
    return static_cast<char32_t>(0x10000 + ((*high - 0xD800) << 10) +
                                 (*low - 0xDC00));
  }

  static void AppendUtf8(char32_t cp, std::string* out) {
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  absl::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

absl::StatusOr<std::vector<JsonRow>> ParseJsonRows(absl::string_view json) {
  return Reader(json).Rows();
}

}  // namespace concierge::store
