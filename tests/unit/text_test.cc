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
  EXPECT_THAT(ValidateText("name", "和諧花園 Harmony Gardens", kRequiredName),
              IsOk());
}

TEST(ValidateText, RequiredRefusesEmptyAndBlank) {
  EXPECT_THAT(ValidateText("site.display_name", "", kRequiredName),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("site.display_name: is required")));
  EXPECT_THAT(ValidateText("site.display_name", "  \xE3\x80\x80 ", kRequiredName),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("is required")));
}

TEST(ValidateText, RefusesInvalidUtf8) {
  for (std::string bad : {std::string("\xC3\x28"), std::string("\xE2\x82"),
                          std::string("\xED\xA0\x80"),  // surrogate
                          std::string("\xC0\xAF"),      // overlong '/'
                          std::string("\xF5\x80\x80\x80")}) {
    EXPECT_THAT(ValidateText("note", "ok" + bad, kOptionalNote),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("not valid UTF-8")))
        << bad;
  }
}

TEST(ValidateText, RefusesControlCharactersButMultilineKeepsNewlines) {
  EXPECT_THAT(ValidateText("name", std::string("a\0b", 3), kRequiredName),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("control character")));
  EXPECT_THAT(ValidateText("name", "a\nb", kRequiredName),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("control character")));
  EXPECT_THAT(ValidateText("note", "line 1\nline 2\tx", kOptionalNote), IsOk());
  EXPECT_THAT(ValidateText("note", "bell\a", kOptionalNote),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("control character")));
}

TEST(ValidateText, CountsCodePointsNotBytes) {
  std::string two_hundred_chinese;
  for (int i = 0; i < 200; ++i) two_hundred_chinese += "字";
  EXPECT_THAT(ValidateText("name", two_hundred_chinese, kRequiredName), IsOk());
  EXPECT_THAT(ValidateText("name", two_hundred_chinese + "字", kRequiredName),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("longer than 200")));
  EXPECT_THAT(ValidateText("name", std::string(10'000'000, 'x'), kRequiredName),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("longer than")));
}

TEST(ValidatePhone, DigitsAndPunctuationOnly) {
  EXPECT_THAT(ValidatePhone("phone", "+86 (21) 5555-0101", true), IsOk());
  EXPECT_THAT(ValidatePhone("phone", "", false), IsOk());
  EXPECT_THAT(ValidatePhone("resident.phone", "", true),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("resident.phone: is required")));
  EXPECT_THAT(ValidatePhone("phone", "555; DROP TABLE", false),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("phone")));
}

TEST(ValidateCode, UpperCaseWords) {
  EXPECT_THAT(ValidateCode("code", "AC_SETPOINT"), IsOk());
  EXPECT_THAT(ValidateCode("code", "ac_setpoint"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("code")));
  EXPECT_THAT(ValidateCode("code", "_X"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("code")));
}

TEST(ValidateRequestId, PrintableAsciiBounded) {
  EXPECT_THAT(ValidateRequestId("abc-123_X"), IsOk());
  EXPECT_THAT(ValidateRequestId("has space"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("request_id")));
  EXPECT_THAT(ValidateRequestId(std::string(129, 'a')),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("request_id")));
}

}  // namespace
}  // namespace concierge
