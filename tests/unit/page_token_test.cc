#include "server/api/page_token.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/common/crypto.h"
#include "tests/support/matchers.h"

namespace concierge::api {
namespace {

using ::concierge::testing::StatusIs;
using ::testing::HasSubstr;

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

TEST(PageToken, RoundTrips) {
  PageTokenCodec codec("secret");
  const std::string token = codec.Encode("list-a", 1234, kNow);
  auto decoded = codec.Decode("list-a", token, kNow + absl::Hours(1));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, 1234);
  EXPECT_EQ(*codec.Decode("list-a", "", kNow), 0);
}

TEST(PageToken, RefusesTamperingInEveryByte) {
  PageTokenCodec codec("secret");
  std::string raw;
  ASSERT_TRUE(Base64UrlDecode(codec.Encode("list-a", 77, kNow), &raw));
  for (size_t i = 0; i < raw.size(); ++i) {
    std::string forged = raw;
    forged[i] ^= 0x01;
    EXPECT_THAT(codec.Decode("list-a", Base64UrlEncode(forged), kNow),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("page_token")))
        << "byte " << i;
  }
}

TEST(PageToken, RefusesOtherKeyOtherListGarbageAndExpiry) {
  PageTokenCodec codec("secret");
  const std::string token = codec.Encode("list-a", 5, kNow);
  EXPECT_THAT(PageTokenCodec("other").Decode("list-a", token, kNow),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
  EXPECT_THAT(codec.Decode("list-b", token, kNow),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("another list or other filters")));
  EXPECT_THAT(codec.Decode("list-a", "not a token!", kNow),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
  EXPECT_THAT(codec.Decode("list-a", std::string(5000, 'A'), kNow),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
  EXPECT_THAT(codec.Decode("list-a", token, kNow + absl::Hours(25)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("expired")));
}

TEST(EffectivePageSize, DefaultsCapsAndRefusesNegative) {
  EXPECT_EQ(*EffectivePageSize(0), kDefaultPageSize);
  EXPECT_EQ(*EffectivePageSize(10), 10);
  EXPECT_EQ(*EffectivePageSize(1'000'000), kMaxPageSize);
  EXPECT_THAT(EffectivePageSize(-1),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_size")));
}

TEST(Base64Url, RoundTripsAllLengths) {
  for (size_t n = 0; n < 40; ++n) {
    const std::string data = RandomBytes(n);
    std::string back;
    ASSERT_TRUE(Base64UrlDecode(Base64UrlEncode(data), &back));
    EXPECT_EQ(back, data);
  }
  std::string out;
  EXPECT_FALSE(Base64UrlDecode("a", &out));
  EXPECT_FALSE(Base64UrlDecode("ab+/", &out));
}

}  // namespace
}  // namespace concierge::api
