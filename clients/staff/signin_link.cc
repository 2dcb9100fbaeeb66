#include "clients/staff/signin_link.h"

#include <fcntl.h>
#include <qrencode.h>
#include <unistd.h>
#include <zlib.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace concierge::cli {
namespace {

constexpr int kQuietZone = 4;  // modules of light border the standard asks

std::string UrlEncode(absl::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (absl::ascii_isalnum(u) || c == '-' || c == '_' || c == '.' ||
        c == '~') {
      out.push_back(c);
    } else {
      absl::StrAppend(&out, "%", std::string(1, kHex[u >> 4]),
                      std::string(1, kHex[u & 15]));
    }
  }
  return out;
}

void AppendBigEndian(uint32_t v, std::string* out) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((v >> shift) & 0xff));
  }
}

void AppendChunk(const char type[5], const std::string& data,
                 std::string* out) {
  AppendBigEndian(static_cast<uint32_t>(data.size()), out);
  std::string body(type, 4);
  body += data;
  out->append(body);
  AppendBigEndian(static_cast<uint32_t>(
                      crc32(0, reinterpret_cast<const Bytef*>(body.data()),
                            static_cast<uInt>(body.size()))),
                  out);
}

}  // namespace

std::optional<std::string> SignInLink(absl::string_view web_url,
                                      absl::string_view token) {
  web_url = absl::StripAsciiWhitespace(web_url);
  if (!absl::StartsWith(web_url, "http://") &&
      !absl::StartsWith(web_url, "https://")) {
    return std::nullopt;
  }
  while (absl::ConsumeSuffix(&web_url, "/")) {
  }
  return absl::StrCat(web_url, "/signin?token=", UrlEncode(token));
}

std::optional<QrCode> EncodeQr(absl::string_view text) {
  const std::string copy(text);
  QRcode* code = QRcode_encodeString8bit(copy.c_str(), 0, QR_ECLEVEL_M);
  if (code == nullptr) return std::nullopt;
  QrCode qr;
  qr.size = code->width;
  qr.dark.resize(static_cast<size_t>(qr.size) * qr.size);
  for (int i = 0; i < qr.size * qr.size; ++i) qr.dark[i] = code->data[i] & 1;
  QRcode_free(code);
  return qr;
}

std::string QrTerminalText(const QrCode& qr) {
  // Upper half block: the top module light, the bottom dark; and so on.
  std::string out;
  const int from = -kQuietZone / 2;
  const int to = qr.size + kQuietZone / 2;
  for (int y = from; y < to; y += 2) {
    for (int x = from; x < to; ++x) {
      const bool top_light = !qr.At(x, y);
      const bool bottom_light = y + 1 < to && !qr.At(x, y + 1);
      if (top_light && bottom_light) {
        out += "█";
      } else if (top_light) {
        out += "▀";
      } else if (bottom_light) {
        out += "▄";
      } else {
        out += " ";
      }
    }
    out += "\n";
  }
  return out;
}

std::string QrSvg(const QrCode& qr) {
  const int full = qr.size + 2 * kQuietZone;
  std::string out = absl::StrCat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ", full, " ",
      full, "\" width=\"", full * 8, "\" height=\"", full * 8,
      "\" shape-rendering=\"crispEdges\">\n<rect width=\"100%\" "
      "height=\"100%\" fill=\"#fff\"/>\n<path fill=\"#000\" d=\"");
  for (int y = 0; y < qr.size; ++y) {
    for (int x = 0; x < qr.size; ++x) {
      if (qr.At(x, y)) {
        absl::StrAppend(&out, "M", x + kQuietZone, " ", y + kQuietZone,
                        "h1v1h-1z");
      }
    }
  }
  out += "\"/>\n</svg>\n";
  return out;
}

std::string QrPng(const QrCode& qr, int scale) {
  const int pixels = (qr.size + 2 * kQuietZone) * scale;
  // Each row: filter byte 0, then one byte per pixel.
  std::string raw;
  raw.reserve(static_cast<size_t>(pixels) * (pixels + 1));
  for (int py = 0; py < pixels; ++py) {
    raw.push_back('\0');
    for (int px = 0; px < pixels; ++px) {
      const bool dark = qr.At(px / scale - kQuietZone, py / scale - kQuietZone);
      raw.push_back(dark ? '\0' : '\xff');
    }
  }
  uLongf packed_size = compressBound(raw.size());
  std::string packed(packed_size, '\0');
  compress2(reinterpret_cast<Bytef*>(packed.data()), &packed_size,
            reinterpret_cast<const Bytef*>(raw.data()), raw.size(), 9);
  packed.resize(packed_size);
  std::string header;
  AppendBigEndian(pixels, &header);
  AppendBigEndian(pixels, &header);
  header += std::string("\x08\x00\x00\x00\x00", 5);  // 8-bit grey
  std::string png("\x89PNG\r\n\x1a\n", 8);
  AppendChunk("IHDR", header, &png);
  AppendChunk("IDAT", packed, &png);
  AppendChunk("IEND", "", &png);
  return png;
}

bool WriteQrFile(const QrCode& qr, const std::string& path,
                 std::string* error) {
  std::string content;
  if (absl::EndsWithIgnoreCase(path, ".svg")) {
    content = QrSvg(qr);
  } else if (absl::EndsWithIgnoreCase(path, ".png")) {
    content = QrPng(qr);
  } else {
    *error = "the QR file must end in .png or .svg";
    return false;
  }
  // Owner-only: the code signs its holder in, like the token itself.
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  const bool ok = fd >= 0 && write(fd, content.data(), content.size()) ==
                                 static_cast<ssize_t>(content.size());
  if (fd >= 0) close(fd);
  if (!ok) {
    *error = absl::StrCat("cannot write ", path);
    return false;
  }
  return true;
}

}  // namespace concierge::cli
