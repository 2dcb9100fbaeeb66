// The catalogue through the real clients: a manager's and a resident's day.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tests/e2e/server_process.h"

namespace concierge {
namespace {

using ::concierge::testing::CommandResult;
using ::testing::HasSubstr;
using ::testing::Not;

class CatalogE2ETest : public testing::ServerProcessTest {
 protected:
  // Runs a staff command that must succeed and returns its JSON output.
  std::string StaffOk(const std::string& token, std::vector<std::string> args) {
    args.push_back("--output=json");
    CommandResult r = Staff(token, args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }
  std::string TokenFor(const std::string& principal) {
    return JsonField(StaffOk(admin_token_, {"token", "issue", principal}),
                     "token");
  }
};

TEST_F(CatalogE2ETest, FromDraftToAnnouncementToLookup) {
  StartServer();
  const std::string site =
      JsonField(StaffOk(admin_token_, {"site", "create", "--kind",
                                       "residential", "--name", "和諧花園"}),
                "name");
  auto staff = [&](const char* role, const char* department) {
    std::vector<std::string> args = {"staff",  "create", "--site", site,
                                     "--name", role,     "--role", role};
    if (*department) {
      args.push_back("--department");
      args.push_back(department);
    }
    return TokenFor(JsonField(StaffOk(admin_token_, args), "name"));
  };
  const std::string manager = staff("manager", "");
  const std::string supervisor = staff("supervisor", "maintenance");
  const std::string reception = staff("reception", "reception");
  const std::string household =
      JsonField(StaffOk(admin_token_, {"household", "create", "--site", site,
                                       "--building", "1", "--unit", "101"}),
                "name");
  const std::string resident = TokenFor(JsonField(
      StaffOk(admin_token_, {"resident", "create", "--site", site,
                             "--household", household, "--name", "劉女士"}),
      "name"));

  // A new community: nothing is bookable until the manager adopts the
  // default catalogue and publishes its announcement.
  CommandResult catalog = Resident(resident, {"catalog", "--lang", "zh"});
  ASSERT_EQ(catalog.exit_code, 0) << catalog.err;
  EXPECT_THAT(catalog.out, Not(HasSubstr("代繳水電費")));
  CommandResult adopted = Staff(manager, {"catalog", "adopt", "--lang", "en"});
  ASSERT_EQ(adopted.exit_code, 0) << adopted.err;
  EXPECT_THAT(adopted.out, HasSubstr("announce publish"));
  const std::string adoption =
      JsonField(StaffOk(manager, {"announce", "list"}), "name");
  StaffOk(manager, {"announce", "publish", adoption});
  EXPECT_THAT(Staff(manager, {"catalog", "adopt", "city_shuttle"}).exit_code,
              0);

  catalog = Resident(resident, {"catalog", "--lang", "zh"});
  ASSERT_EQ(catalog.exit_code, 0) << catalog.err;
  EXPECT_THAT(catalog.out, HasSubstr("代繳水電費"));
  EXPECT_THAT(catalog.out, Not(HasSubstr("接送")));
  EXPECT_THAT(catalog.out, HasSubstr("免費"));
  EXPECT_THAT(catalog.out, HasSubstr("[信息查詢]"));

  StaffOk(supervisor,
          {"catalog", "create", "--code", "TAP_REPAIR", "--zh", "水龍頭維修",
           "--en", "Tap repair", "--category", "on_site", "--fee", "fixed",
           "--fulfilment", "scheduled", "--department", "MAINTENANCE"});
  // Supervisors draft; approving is the manager's.
  CommandResult denied =
      Staff(supervisor, {"catalog", "approve", "TAP_REPAIR"});
  EXPECT_EQ(denied.exit_code, 1);
  EXPECT_THAT(denied.err, HasSubstr("PERMISSION_DENIED"));
  EXPECT_THAT(Resident(resident, {"catalog"}).out,
              Not(HasSubstr("Tap repair")));

  StaffOk(manager, {"catalog", "approve", "TAP_REPAIR"});
  const std::string tomorrow = absl::FormatTime(
      "%Y-%m-%d", absl::Now() + absl::Hours(48), absl::LocalTimeZone());
  const std::string price = JsonField(
      StaffOk(supervisor, {"catalog", "price", "TAP_REPAIR", "--amount",
                           "50.00", "--effective", tomorrow}),
      "name");
  StaffOk(manager, {"price", "approve", price});
  const std::string announcement = JsonField(
      StaffOk(reception, {"announce", "create", "--zh", "新增維修服務", "--en",
                          "New repair service", "--items",
                          "TAP_REPAIR,CALL_TAXI", "--prices", price}),
      "name");
  StaffOk(manager, {"announce", "publish", announcement, "--channels",
                    "poster,mailbox"});

  CommandResult notice = Staff(reception, {"announce", "render", announcement,
                                           "--channel", "mailbox", "--both"});
  ASSERT_EQ(notice.exit_code, 0) << notice.err;
  EXPECT_THAT(notice.out, HasSubstr("Tap repair (paid: CNY 50.00"));
  EXPECT_THAT(notice.out, HasSubstr("水龍頭維修（有償服務，收費人民幣50.00元"));
  EXPECT_THAT(notice.out, HasSubstr("Call a taxi (free value-added service)"));

  CommandResult listed = Resident(resident, {"announcements"});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("New repair service"));
  EXPECT_THAT(Resident(resident, {"catalog"}).out, HasSubstr("Tap repair"));

  StaffOk(reception, {"provider", "add", "--item", "HOSPITALS_INFO", "--zh",
                      "市第一人民醫院", "--en", "First People's Hospital",
                      "--phone", "021-5555-0120"});
  CommandResult lookup = Resident(resident, {"lookup", "醫院"});
  EXPECT_EQ(lookup.exit_code, 0) << lookup.err;
  EXPECT_THAT(lookup.out, HasSubstr("021-5555-0120"));
  CommandResult by_code =
      Resident(resident, {"lookup", "HOSPITALS_INFO", "--lang", "zh"});
  EXPECT_THAT(by_code.out, HasSubstr("市第一人民醫院"));

  CommandResult bad_price =
      Staff(supervisor, {"catalog", "price", "CALL_TAXI", "--amount", "5.00",
                         "--effective", tomorrow});
  EXPECT_EQ(bad_price.exit_code, 1);
  EXPECT_THAT(bad_price.err, HasSubstr("FAILED_PRECONDITION"));
  CommandResult usage =
      Staff(supervisor, {"catalog", "price", "TAP_REPAIR", "--amount", "fifty",
                         "--effective", tomorrow});
  EXPECT_EQ(usage.exit_code, 2);
}

}  // namespace
}  // namespace concierge
