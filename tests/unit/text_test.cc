#include "server/domain/text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/support/matchers.h"

namespace concierge {
namespace {

using ::concierge::testing::IsOk;
using ::concierge::testing::StatusIs;
using ::testing::HasSubstr;

TEST(ValidateText, AcceptsChineseAndEnglish) {
  EXPECT_THAT(domain::ValidateText("name", "和諧花園 Harmony Gardens",
                                   domain::kRequiredName),
              IsOk());
}

TEST(ValidateText, RequiredRefusesEmptyAndBlank) {
  EXPECT_THAT(
      domain::ValidateText("site.display_name", "", domain::kRequiredName),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("site.display_name: is required")));
  EXPECT_THAT(
      domain::ValidateText("site.display_name", "  \xE3\x80\x80 ",
                           domain::kRequiredName),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("is required")));
}

TEST(ValidateText, RefusesInvalidUtf8) {
  for (std::string bad : {std::string("\xC3\x28"), std::string("\xE2\x82"),
                          std::string("\xED\xA0\x80"),  // surrogate
                          std::string("\xC0\xAF"),      // overlong '/'
                          std::string("\xF5\x80\x80\x80")}) {
    EXPECT_THAT(domain::ValidateText("note", "ok" + bad, domain::kOptionalNote),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("not valid UTF-8")))
        << bad;
  }
}

TEST(ValidateText, RefusesControlCharactersButMultilineKeepsNewlines) {
  EXPECT_THAT(domain::ValidateText("name", std::string("a\0b", 3),
                                   domain::kRequiredName),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("control character")));
  EXPECT_THAT(domain::ValidateText("name", "a\nb", domain::kRequiredName),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("control character")));
  EXPECT_THAT(
      domain::ValidateText("note", "line 1\nline 2\tx", domain::kOptionalNote),
      IsOk());
  EXPECT_THAT(domain::ValidateText("note", "bell\a", domain::kOptionalNote),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("control character")));
}

TEST(ValidateText, CountsCodePointsNotBytes) {
  std::string two_hundred_chinese;
  for (int i = 0; i < 200; ++i) two_hundred_chinese += "字";
  EXPECT_THAT(
      domain::ValidateText("name", two_hundred_chinese, domain::kRequiredName),
      IsOk());
  EXPECT_THAT(domain::ValidateText("name", two_hundred_chinese + "字",
                                   domain::kRequiredName),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("longer than 200")));
  EXPECT_THAT(
      domain::ValidateText("name", std::string(10'000'000, 'x'),
                           domain::kRequiredName),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("longer than")));
}

TEST(ValidatePhone, DigitsAndPunctuationOnly) {
  EXPECT_THAT(domain::ValidatePhone("phone", "+86 (21) 5555-0101", true),
              IsOk());
  EXPECT_THAT(domain::ValidatePhone("phone", "", false), IsOk());
  EXPECT_THAT(domain::ValidatePhone("resident.phone", "", true),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("resident.phone: is required")));
  EXPECT_THAT(domain::ValidatePhone("phone", "555; DROP TABLE", false),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("phone")));
}

TEST(ValidateCode, UpperCaseWords) {
  EXPECT_THAT(domain::ValidateCode("code", "AC_SETPOINT"), IsOk());
  EXPECT_THAT(domain::ValidateCode("code", "ac_setpoint"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("code")));
  EXPECT_THAT(domain::ValidateCode("code", "_X"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("code")));
}

TEST(ValidateRequestId, PrintableAsciiBounded) {
  EXPECT_THAT(domain::ValidateRequestId("abc-123_X"), IsOk());
  EXPECT_THAT(
      domain::ValidateRequestId("has space"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("request_id")));
  EXPECT_THAT(
      domain::ValidateRequestId(std::string(129, 'a')),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("request_id")));
}

}  // namespace
}  // namespace concierge
