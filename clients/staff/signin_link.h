#ifndef CONCIERGE_CLIENTS_STAFF_SIGNIN_LINK_H_
#define CONCIERGE_CLIENTS_STAFF_SIGNIN_LINK_H_

// Sign-in links for concierge-web: the desk issues a token and hands the
// person a link (and its QR code, on paper or on screen) that signs them in
// on their phone or handheld. Opening it moves the token into a cookie and
// off the URL (clients/web/common_pages.cc). The QR code is made with
// libqrencode and drawn as UTF-8 half blocks for the terminal, or written
// as SVG or PNG for printing.

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace concierge::cli {

// "https://concierge.example/" + token -> ".../signin?token=<escaped>";
// nullopt when `web_url` is not an http(s) URL.
std::optional<std::string> SignInLink(absl::string_view web_url,
                                      absl::string_view token);

// A QR code's modules (true: dark), row by row, without the quiet zone.
struct QrCode {
  int size = 0;
  std::vector<bool> dark;
  bool At(int x, int y) const {
    return x >= 0 && y >= 0 && x < size && y < size && dark[y * size + x];
  }
};
// Error correction M; nullopt when the text does not fit.
std::optional<QrCode> EncodeQr(absl::string_view text);

// Two module rows per line with a quiet zone, drawn as `qrencode -t UTF8`
// does: light modules are blocks, so it scans on a dark terminal.
std::string QrTerminalText(const QrCode& qr);
std::string QrSvg(const QrCode& qr);
// 8-bit greyscale PNG, `scale` pixels per module.
std::string QrPng(const QrCode& qr, int scale = 8);

// Writes `qr` to `path` as SVG (".svg") or PNG (".png"); false with
// `*error` set otherwise.
bool WriteQrFile(const QrCode& qr, const std::string& path, std::string* error);

}  // namespace concierge::cli

#endif  // CONCIERGE_CLIENTS_STAFF_SIGNIN_LINK_H_
