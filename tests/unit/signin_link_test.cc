// The desk's sign-in links for concierge-web and their QR codes.

#include "clients/staff/signin_link.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

namespace concierge::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(SignInLink, JoinsTheAddressAndTheEscapedToken) {
  EXPECT_EQ(*SignInLink("https://concierge.example/", "cnc_a-b_c"),
            "https://concierge.example/signin?token=cnc_a-b_c");
  EXPECT_EQ(*SignInLink("http://localhost:8080", "a+b/c="),
            "http://localhost:8080/signin?token=a%2Bb%2Fc%3D");
  EXPECT_FALSE(SignInLink("concierge.example", "x").has_value());
  EXPECT_FALSE(SignInLink("javascript:alert(1)", "x").has_value());
}

TEST(SignInLink, QrCodeHasFinderPatternsAndAQuietZone) {
  auto qr = EncodeQr("https://concierge.example/signin?token=cnc_0123456789");
  ASSERT_TRUE(qr.has_value());
  EXPECT_GE(qr->size, 21);
  EXPECT_EQ((qr->size - 17) % 4, 0);  // a QR version's size
  // The three finder patterns: dark 7x7 rings in three corners.
  for (auto [x, y] : {std::pair{0, 0}, std::pair{qr->size - 7, 0},
                      std::pair{0, qr->size - 7}}) {
    EXPECT_TRUE(qr->At(x, y) && qr->At(x + 6, y + 6) && qr->At(x + 3, y + 3));
    EXPECT_FALSE(qr->At(x + 1, y + 1));
  }
  EXPECT_FALSE(qr->At(-1, 0));  // outside is light (the quiet zone)
}

TEST(SignInLink, TerminalSvgAndPngRenderings) {
  auto qr = EncodeQr("http://localhost:8080/signin?token=x");
  ASSERT_TRUE(qr.has_value());
  const std::string text = QrTerminalText(*qr);
  // Two module rows per line, with two modules of quiet zone each side.
  const int lines =
      static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  EXPECT_EQ(lines, (qr->size + 4 + 1) / 2);
  EXPECT_THAT(text, StartsWith("█"));
  EXPECT_THAT(QrSvg(*qr),
              HasSubstr("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  const std::string png = QrPng(*qr, 4);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_THAT(png, HasSubstr("IHDR"));
  EXPECT_THAT(png, HasSubstr("IEND"));
  std::string error;
  EXPECT_FALSE(WriteQrFile(*qr, "/tmp/qr.gif", &error));
  EXPECT_THAT(error, HasSubstr(".png or .svg"));
}

}  // namespace
}  // namespace concierge::cli
