#include "tests/support/message_audit.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace concierge::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;

// The messages issue 24 found, and their kind: each must be caught.
TEST(MessageAudit, CatchesHostsPortsSqlstatesPathsSqlAndDriverText) {
  EXPECT_THAT(InfrastructureLeak(
                  "database unavailable during ASSIGN; retry: connection to "
                  "server at \"127.0.0.1\", port 55493 failed: Connection "
                  "refused"),
              Optional(HasSubstr("IP address")));
  EXPECT_TRUE(InfrastructureLeak("could not connect to localhost"));
  EXPECT_TRUE(InfrastructureLeak("db at pg.internal:5432 refused"));
  EXPECT_TRUE(InfrastructureLeak("database error 23505: duplicate"));
  EXPECT_TRUE(InfrastructureLeak("SQLSTATE 40P01"));
  EXPECT_TRUE(InfrastructureLeak("cannot read /tmp/concierge/token"));
  EXPECT_TRUE(InfrastructureLeak("at server/store/pg.cc:120"));
  EXPECT_TRUE(InfrastructureLeak("SELECT id FROM staff WHERE site_id = $1"));
  EXPECT_TRUE(InfrastructureLeak(
      "new row for relation \"staff\" violates check constraint \"x\""));
  EXPECT_TRUE(InfrastructureLeak("FATAL: terminating connection"));
}

TEST(MessageAudit, PassesTheApisOwnWords) {
  for (const char* ok :
       {"the database is unavailable; retry",
        "request.window_end: must be after request.window_start",
        "role RESIDENT may not call "
        "/concierge.v1.CatalogService/ApproveServiceItem",
        "amount: must equal the agreed price CNY 50.00 exactly",
        "request is ASSIGNED and cannot take COMPLETE now",
        "sites/1/requests/12 not found", "internal error, incident 8fQz_x1a",
        "appointment_date: 2026-02-30 is not a date (YYYY-MM-DD)",
        "minutes_spent: must be 0..10000",
        "room.number: 1203 already exists"}) {
    EXPECT_EQ(InfrastructureLeak(ok), std::nullopt) << ok;
  }
}

}  // namespace
}  // namespace concierge::testing
