// The reader of json_agg(json_build_array(...)) output used by the room
// brief's single statement.

#include "server/store/json_rows.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace concierge::store {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Optional;

TEST(JsonRows, ReadsRowsOfScalars) {
  auto rows = ParseJsonRows(
      R"([[12, "ROOM", "curtains", "gap", null, 1772413200000000],)"
      R"( [13, "AMENITY", "crib", "true", 4, -5]])");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_THAT(
      (*rows)[0],
      ElementsAre(Optional(std::string("12")), Optional(std::string("ROOM")),
                  Optional(std::string("curtains")),
                  Optional(std::string("gap")), std::nullopt,
                  Optional(std::string("1772413200000000"))));
  EXPECT_EQ(*(*rows)[1][5], "-5");
}

TEST(JsonRows, UnescapesStringsAndKeepsUtf8) {
  auto rows = ParseJsonRows(
      R"([["王先生 \"VIP\"\\ \/ a\nb\tc", "\u00e9\u4e2d\ud83d\ude00", "\u0001"]])");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(*(*rows)[0][0], "王先生 \"VIP\"\\ / a\nb\tc");
  EXPECT_EQ(*(*rows)[0][1], "é中😀");
  EXPECT_EQ(*(*rows)[0][2], std::string("\x01"));
}

TEST(JsonRows, NullEmptyAndEmptyArraysAreNoRows) {
  for (const char* text : {"", "null", "[]", " [ ] "}) {
    auto rows = ParseJsonRows(text);
    ASSERT_TRUE(rows.ok()) << text;
    EXPECT_THAT(*rows, IsEmpty()) << text;
  }
  auto empty_row = ParseJsonRows("[[]]");
  ASSERT_TRUE(empty_row.ok());
  ASSERT_EQ(empty_row->size(), 1u);
  EXPECT_THAT((*empty_row)[0], IsEmpty());
}

TEST(JsonRows, MalformedTextIsAnInternalError) {
  for (const char* text :
       {"[", "[[1,]]", "[[\"unterminated]]", "[[{\"a\":1}]]", "[[1]] x",
        "[[\"\\q\"]]", "[[\"\\ud83d\"]]", "{}", "[1]"}) {
    auto rows = ParseJsonRows(text);
    EXPECT_EQ(rows.status().code(), absl::StatusCode::kInternal) << text;
  }
}

}  // namespace
}  // namespace concierge::store
