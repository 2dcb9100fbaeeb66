// The backup procedure of docs/OPERATIONS.md, run as written: the scripts
// dump a database that concierge has written to, restore it into a fresh
// database, and concierge serves the restored data.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "concierge/v1/directory.grpc.pb.h"
#include "concierge/v1/guests.grpc.pb.h"
#include "concierge/v1/requests.grpc.pb.h"
#include "tests/e2e/server_process.h"
#include "tests/support/matchers.h"

namespace concierge {
namespace {

using ::concierge::testing::CommandResult;
using ::concierge::testing::IsOk;
using ::concierge::testing::QueryValue;
using ::concierge::testing::RunCommand;
using ::concierge::testing::TestDatabase;

class BackupE2ETest : public testing::ServerProcessTest {
 protected:
  std::string Script(const std::string& name) {
    return absl::StrCat(CONCIERGE_SOURCE_DIR, "/scripts/", name);
  }

  std::unique_ptr<grpc::ClientContext> Ctx(const std::string& token) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + token);
    context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    return context;
  }

  // Every table of the schema, and a digest of each one's whole content.
  static std::vector<std::string> Tables(const std::string& url) {
    return absl::StrSplit(
        QueryValue(url,
                   "SELECT string_agg(tablename, ',' ORDER BY tablename) "
                   "FROM pg_tables WHERE schemaname = 'public'"),
        ',', absl::SkipEmpty());
  }
  static std::string Digest(const std::string& url, const std::string& table) {
    return QueryValue(
        url, absl::StrCat("SELECT count(*) || ':' || md5(coalesce(string_agg("
                          "t::text, E'\\n' ORDER BY t::text), '')) FROM ",
                          table, " t"));
  }
  static std::string Sequences(const std::string& url) {
    return QueryValue(url,
                      "SELECT string_agg(sequencename || '=' || "
                      "coalesce(last_value, 0), ',' ORDER BY sequencename) "
                      "FROM pg_sequences WHERE schemaname = 'public'");
  }

  // KEY='value' lines of the demo's token file (a shell file).
  static std::string EnvValue(const std::string& text, const std::string& key) {
    for (absl::string_view line : absl::StrSplit(text, '\n')) {
      if (absl::ConsumePrefix(&line, key + "=")) {
        absl::ConsumePrefix(&line, "'");
        absl::ConsumeSuffix(&line, "'");
        return std::string(line);
      }
    }
    return "";
  }
};

TEST_F(BackupE2ETest, ARestoredDumpHoldsEveryRequestProfileAndEventAndServes) {
  // A database concierge has written: the demo sites, requests with their
  // events, guests with stays, preferences, notes and access-log rows.
  db_ = std::make_unique<TestDatabase>();
  const std::string demo_env = scratch_dir_ + "/demo.env";
  CommandResult demo =
      RunCommand({CONCIERGE_SERVER_BIN, "demo", "--database_url=" + db_->url(),
                  "--demo_out=" + demo_env,
                  "--admin_token_file=" + scratch_dir_ + "/admin-token"});
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  const std::string tokens = testing::ReadFileOrEmpty(demo_env);
  for (const char* table : {"service_requests", "task_events", "guests",
                            "stays", "guest_preferences", "guest_notes"}) {
    ASSERT_NE(
        QueryValue(db_->url(), absl::StrCat("SELECT count(*) FROM ", table)),
        "0")
        << table << " is empty: the demo no longer writes it";
  }

  const std::string dump = scratch_dir_ + "/concierge.dump";
  CommandResult backup = RunCommand({Script("backup.sh"), dump, db_->url()});
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  EXPECT_EQ(std::filesystem::status(dump).permissions() &
                std::filesystem::perms::others_all,
            std::filesystem::perms::none)
      << "the dump holds personal data";

  TestDatabase fresh = TestDatabase::Empty();
  CommandResult restore = RunCommand({Script("restore.sh"), dump, fresh.url()});
  ASSERT_EQ(restore.exit_code, 0) << restore.err;

  // Every table, row for row, and every sequence where it was.
  const std::vector<std::string> tables = Tables(db_->url());
  ASSERT_GT(tables.size(), 20u);
  EXPECT_EQ(Tables(fresh.url()), tables);
  for (const std::string& table : tables) {
    EXPECT_EQ(Digest(fresh.url(), table), Digest(db_->url(), table)) << table;
  }
  EXPECT_EQ(Sequences(fresh.url()), Sequences(db_->url()));

  // A second restore into a database that is not empty is refused.
  CommandResult again = RunCommand({Script("restore.sh"), dump, fresh.url()});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_THAT(again.err, ::testing::HasSubstr("not empty"));

  // concierge serves the restored database: reads find the old facts, and a
  // new write gets a fresh id after the restored ones.
  StartServer(fresh.url());
  const std::string request_id =
      QueryValue(fresh.url(),
                 "SELECT site_id || '/requests/' || id FROM service_requests "
                 "ORDER BY id LIMIT 1");
  auto requests = v1::ServiceRequestService::NewStub(channel());
  v1::GetServiceRequestRequest get_request;
  get_request.set_name("sites/" + request_id);
  v1::ServiceRequest request;
  EXPECT_THAT(requests->GetServiceRequest(
                  Ctx(EnvValue(tokens, "RES_MANAGER_TOKEN")).get(), get_request,
                  &request),
              IsOk());
  EXPECT_EQ(request.name(), "sites/" + request_id);

  auto guests = v1::GuestProfileService::NewStub(channel());
  v1::GetGuestProfileRequest get_guest;
  get_guest.set_name(EnvValue(tokens, "DEMO_VIP_GUEST"));
  v1::GuestProfile profile;
  EXPECT_THAT(guests->GetGuestProfile(
                  Ctx(EnvValue(tokens, "HOTEL_FRONT_DESK_TOKEN")).get(),
                  get_guest, &profile),
              IsOk());
  EXPECT_GT(profile.preferences_size() + profile.notes_size(), 0);

  const std::string max_site =
      QueryValue(fresh.url(), "SELECT max(id) FROM sites");
  auto directory = v1::DirectoryService::NewStub(channel());
  v1::CreateSiteRequest create;
  create.mutable_site()->set_kind(v1::SITE_KIND_RESIDENTIAL);
  create.mutable_site()->set_display_name("Restored Gardens");
  create.mutable_site()->set_time_zone("Asia/Shanghai");
  v1::Site site;
  ASSERT_THAT(directory->CreateSite(Ctx(EnvValue(tokens, "ADMIN_TOKEN")).get(),
                                    create, &site),
              IsOk());
  EXPECT_GT(std::stoll(site.name().substr(6)), std::stoll(max_site));
}

}  // namespace
}  // namespace concierge
