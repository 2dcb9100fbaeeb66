// The real server binary's operations surface: its stderr is JSON lines
// carrying request ids and no personal data, request ids come back in
// response metadata, and the metrics endpoint counts the calls made.

#include <gmock/gmock.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "concierge/v1/directory.grpc.pb.h"
#include "tests/e2e/server_process.h"
#include "tests/support/http_get.h"
#include "tests/support/matchers.h"

namespace concierge {
namespace {

using ::concierge::testing::HttpGet;
using ::concierge::testing::IsOk;
using ::concierge::testing::SampleValue;
using ::concierge::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

constexpr char kGetSite[] = "concierge.v1.DirectoryService/GetSite";

class ObservabilityE2ETest : public testing::ServerProcessTest {
 protected:
  std::unique_ptr<grpc::ClientContext> Ctx(const std::string& request_id) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + admin_token_);
    if (!request_id.empty()) context->AddMetadata("x-request-id", request_id);
    context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    return context;
  }

  static std::string ReturnedId(const grpc::ClientContext& context) {
    auto it = context.GetServerInitialMetadata().find("x-request-id");
    if (it == context.GetServerInitialMetadata().end()) return "";
    return std::string(it->second.data(), it->second.size());
  }

  // Every line of the server's stderr, parsed; a line that is not a JSON
  // object with ts, level and msg fails the test.
  std::vector<google::protobuf::Struct> LogLines() {
    std::vector<google::protobuf::Struct> lines;
    for (absl::string_view line : absl::StrSplit(server_log(), '\n')) {
      if (line.empty()) continue;
      google::protobuf::Struct parsed;
      EXPECT_TRUE(line.front() == '{') << line;
      EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(std::string(line),
                                                              &parsed)
                      .ok())
          << line;
      for (const char* key : {"ts", "level", "msg"}) {
        EXPECT_TRUE(parsed.fields().contains(key)) << key << " in " << line;
      }
      lines.push_back(std::move(parsed));
    }
    return lines;
  }

  static std::string Field(const google::protobuf::Struct& line,
                           const std::string& key) {
    auto it = line.fields().find(key);
    if (it == line.fields().end()) return "";
    if (it->second.has_number_value()) {
      return absl::StrCat(it->second.number_value());
    }
    return it->second.string_value();
  }
};

TEST_F(ObservabilityE2ETest, LogsAreJsonLinesWithRequestIdsAndMetricsCount) {
  StartServer("", {{"CONCIERGE_LOG_LEVEL", "debug"}});
  auto directory = v1::DirectoryService::NewStub(channel());

  // A site and a resident with personal data that must never be logged.
  v1::CreateSiteRequest create_site;
  create_site.mutable_site()->set_kind(v1::SITE_KIND_RESIDENTIAL);
  create_site.mutable_site()->set_display_name("Harmony Gardens");
  create_site.mutable_site()->set_time_zone("Asia/Shanghai");
  v1::Site site;
  ASSERT_THAT(directory->CreateSite(Ctx("e2e-site").get(), create_site, &site),
              IsOk());
  v1::CreateHouseholdRequest create_household;
  create_household.set_parent(site.name());
  create_household.mutable_household()->set_building("1");
  create_household.mutable_household()->set_unit("101");
  v1::Household household;
  ASSERT_THAT(
      directory->CreateHousehold(Ctx("").get(), create_household, &household),
      IsOk());
  v1::CreateResidentRequest create_resident;
  create_resident.set_parent(site.name());
  create_resident.mutable_resident()->set_display_name("Zhang Privatename");
  create_resident.mutable_resident()->set_phone("139-8765-4321");
  create_resident.mutable_resident()->set_household(household.name());
  v1::Resident resident;
  ASSERT_THAT(
      directory->CreateResident(Ctx("").get(), create_resident, &resident),
      IsOk());

  // Known calls: one OK and two NOT_FOUND, with ids of our own; one
  // without an id.
  v1::GetSiteRequest get;
  get.set_name(site.name());
  v1::Site got;
  auto ok_call = Ctx("e2e-req-7");
  ASSERT_THAT(directory->GetSite(ok_call.get(), get, &got), IsOk());
  EXPECT_EQ(ReturnedId(*ok_call), "e2e-req-7");
  get.set_name("sites/999999");
  for (int i = 0; i < 2; ++i) {
    EXPECT_THAT(directory->GetSite(Ctx("e2e-missing").get(), get, &got),
                StatusIs(grpc::StatusCode::NOT_FOUND, ::testing::_));
  }
  auto unnamed = Ctx("");
  EXPECT_THAT(directory->GetSite(unnamed.get(), get, &got),
              StatusIs(grpc::StatusCode::NOT_FOUND, ::testing::_));
  const std::string generated = ReturnedId(*unnamed);
  EXPECT_THAT(generated, MatchesRegex("[0-9a-f]{32}"));

  // The endpoint counts exactly these calls (a fresh process).
  auto scraped = HttpGet(metrics_port_, "/metrics");
  ASSERT_TRUE(scraped.ok()) << scraped.status();
  ASSERT_EQ(scraped->status, 200);
  const std::string calls = absl::StrCat("concierge_rpc_calls_total{method=\"",
                                         kGetSite, "\",code=\"");
  EXPECT_EQ(SampleValue(scraped->body, calls + "OK\"}"), 1);
  EXPECT_EQ(SampleValue(scraped->body, calls + "NOT_FOUND\"}"), 3);
  EXPECT_EQ(
      SampleValue(
          scraped->body,
          absl::StrCat("concierge_rpc_calls_total{method=\"concierge."
                       "v1.DirectoryService/CreateResident\",code=\"OK\"}")),
      1);
  EXPECT_GE(SampleValue(scraped->body, "concierge_schema_version"), 9);

  // Every stderr line is a JSON object; every call has its rpc line.
  const std::vector<google::protobuf::Struct> lines = LogLines();
  int ok_lines = 0, missing_lines = 0, generated_lines = 0;
  for (const auto& line : lines) {
    if (Field(line, "msg") != "rpc") continue;
    for (const char* key : {"method", "code", "duration_ms", "request_id"}) {
      EXPECT_FALSE(Field(line, key).empty()) << key;
    }
    const std::string id = Field(line, "request_id");
    if (id == "e2e-req-7") {
      ++ok_lines;
      EXPECT_EQ(Field(line, "method"), kGetSite);
      EXPECT_EQ(Field(line, "code"), "OK");
      EXPECT_EQ(Field(line, "level"), "debug");
      EXPECT_THAT(Field(line, "principal"), HasSubstr(":"));
    }
    if (id == "e2e-missing") {
      ++missing_lines;
      EXPECT_EQ(Field(line, "code"), "NOT_FOUND");
      EXPECT_EQ(Field(line, "level"), "info");
    }
    if (id == generated) ++generated_lines;
  }
  EXPECT_EQ(ok_lines, 1);
  EXPECT_EQ(missing_lines, 2);
  EXPECT_EQ(generated_lines, 1);

  // Ids, never names, phones or tokens.
  const std::string log = server_log();
  EXPECT_THAT(log, Not(HasSubstr("Privatename")));
  EXPECT_THAT(log, Not(HasSubstr("8765")));
  EXPECT_THAT(log, Not(HasSubstr(admin_token_)));
}

}  // namespace
}  // namespace concierge
