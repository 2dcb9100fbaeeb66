// Operations against a real database: the metrics endpoint scraped over
// HTTP after known calls, request ids in response metadata and in the
// events a call writes, per-site gauges and open streams.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "absl/strings/str_cat.h"
#include "concierge/v1/catalog.grpc.pb.h"
#include "concierge/v1/housekeeping.grpc.pb.h"
#include "concierge/v1/requests.grpc.pb.h"
#include "tests/support/http_get.h"
#include "tests/support/matchers.h"
#include "tests/support/server_fixture.h"

namespace concierge {
namespace {

using ::concierge::testing::HttpGet;
using ::concierge::testing::IsOk;
using ::concierge::testing::QueryValue;
using ::concierge::testing::SampleValue;
using ::concierge::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

constexpr char kGetSite[] = "concierge.v1.DirectoryService/GetSite";

std::string Calls(const std::string& method, const std::string& code) {
  return absl::StrCat("concierge_rpc_calls_total{method=\"", method,
                      "\",code=\"", code, "\"}");
}

// Counters are process-wide: compare scrapes, never absolute values.
double Delta(const std::string& before, const std::string& after,
             const std::string& series) {
  return std::max(0.0, SampleValue(after, series)) -
         std::max(0.0, SampleValue(before, series));
}

class ObservabilityTest : public testing::ServerTest {
 protected:
  void ConfigureServer(ServerOptions& options) override {
    options.metrics_address = "127.0.0.1:0";
    options.site_stats_refresh = absl::ZeroDuration();  // always fresh
  }

  void SetUp() override {
    ServerTest::SetUp();
    catalog_ = v1::CatalogService::NewStub(channel());
    requests_ = v1::ServiceRequestService::NewStub(channel());
  }

  std::string Scrape() {
    auto response = HttpGet(server_->metrics_port(), "/metrics");
    EXPECT_TRUE(response.ok()) << response.status();
    if (!response.ok()) return "";
    EXPECT_EQ(response->status, 200);
    return response->body;
  }

  grpc::Status GetSite(const std::string& token, const std::string& name) {
    v1::GetSiteRequest request;
    request.set_name(name);
    v1::Site site;
    return directory().GetSite(Ctx(token).get(), request, &site);
  }

  std::string ItemNamed(const std::string& site, const std::string& token,
                        const std::string& code) {
    v1::ListServiceItemsRequest request;
    request.set_parent(site);
    request.set_text(code);
    v1::ListServiceItemsResponse response;
    EXPECT_THAT(
        catalog_->ListServiceItems(Ctx(token).get(), request, &response),
        IsOk());
    for (const auto& item : response.items()) {
      if (item.code() == code) return item.name();
    }
    ADD_FAILURE() << "no item " << code;
    return "";
  }

  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  std::unique_ptr<v1::ServiceRequestService::Stub> requests_;
};

TEST_F(ObservabilityTest, TheEndpointCountsKnownCallsByMethodAndCode) {
  const v1::Site site = CreateSite(v1::SITE_KIND_RESIDENTIAL);
  const std::string before = Scrape();

  for (int i = 0; i < 3; ++i)
    EXPECT_THAT(GetSite(admin_token(), site.name()), IsOk());
  for (int i = 0; i < 2; ++i) {
    EXPECT_THAT(GetSite(admin_token(), "sites/999999"),
                StatusIs(grpc::StatusCode::NOT_FOUND, ::testing::_));
  }
  EXPECT_THAT(GetSite("", site.name()),
              StatusIs(grpc::StatusCode::UNAUTHENTICATED, ::testing::_));
  EXPECT_THAT(GetSite(admin_token(), "nonsense"),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT, ::testing::_));

  const std::string after = Scrape();
  EXPECT_EQ(Delta(before, after, Calls(kGetSite, "OK")), 3);
  EXPECT_EQ(Delta(before, after, Calls(kGetSite, "NOT_FOUND")), 2);
  EXPECT_EQ(Delta(before, after, Calls(kGetSite, "UNAUTHENTICATED")), 1);
  EXPECT_EQ(Delta(before, after, Calls(kGetSite, "INVALID_ARGUMENT")), 1);
  EXPECT_EQ(Delta(before, after, Calls(kGetSite, "PERMISSION_DENIED")), 0);
  // Every call is in the latency histogram, each in some bucket.
  const std::string count = absl::StrCat(
      "concierge_rpc_duration_seconds_count{method=\"", kGetSite, "\"}");
  EXPECT_EQ(Delta(before, after, count), 7);
  EXPECT_EQ(
      SampleValue(
          after, absl::StrCat("concierge_rpc_duration_seconds_bucket{method=\"",
                              kGetSite, "\",le=\"+Inf\"}")),
      SampleValue(after, count));
  // The scrape is not a call; no call is in flight now.
  EXPECT_EQ(SampleValue(after, "concierge_rpc_in_flight"), 0);
  EXPECT_EQ(SampleValue(after, "concierge_db_pool_size"), 4);
  // (The health monitor may hold a session at this moment.)
  EXPECT_GE(SampleValue(after, "concierge_db_pool_in_use"), 0);
  EXPECT_LE(SampleValue(after, "concierge_db_pool_in_use"), 4);
  EXPECT_GT(SampleValue(after, "concierge_db_pool_wait_seconds_count"), 0);
  EXPECT_EQ(SampleValue(after, "concierge_schema_version"),
            std::stod(QueryValue(
                db_->url(), "SELECT max(version) FROM schema_migrations")));
  EXPECT_THAT(after, HasSubstr("# TYPE concierge_rpc_calls_total counter\n"));
  EXPECT_THAT(after,
              HasSubstr("# TYPE concierge_rpc_duration_seconds histogram\n"));
}

TEST_F(ObservabilityTest, TheCallersRequestIdComesBackAndMarksTheEvents) {
  const std::string site = CreateSite(v1::SITE_KIND_RESIDENTIAL).name();
  AdoptDefaultCatalogue(site, CreateStaff(site, v1::ROLE_MANAGER).token);
  const testing::Actor resident = CreateResident(site);
  const std::string item =
      ItemNamed(site, admin_token(), "CARRY_SMALL_ITEMS");  // 12 h response

  v1::CreateServiceRequestRequest request;
  request.set_parent(site);
  request.mutable_request()->set_item(item);
  request.mutable_request()->set_content("Two boxes");
  v1::ServiceRequest created;
  auto context = Ctx(resident.token);
  context->AddMetadata("x-request-id", "it-req-42");
  ASSERT_THAT(requests_->CreateServiceRequest(context.get(), request, &created),
              IsOk());
  const auto& metadata = context->GetServerInitialMetadata();
  auto it = metadata.find("x-request-id");
  ASSERT_NE(it, metadata.end());
  EXPECT_EQ(std::string(it->second.data(), it->second.size()), "it-req-42");
  EXPECT_EQ(QueryValue(db_->url(),
                       "SELECT correlation_id FROM task_events "
                       "WHERE request_id = " +
                           testing::ShortId(created.name())),
            "it-req-42");

  // Without one, the server makes one up and returns it.
  auto plain = Ctx(resident.token);
  v1::GetServiceRequestRequest get;
  get.set_name(created.name());
  v1::ServiceRequest got;
  ASSERT_THAT(requests_->GetServiceRequest(plain.get(), get, &got), IsOk());
  auto generated = plain->GetServerInitialMetadata().find("x-request-id");
  ASSERT_NE(generated, plain->GetServerInitialMetadata().end());
  EXPECT_THAT(std::string(generated->second.data(), generated->second.size()),
              MatchesRegex("[0-9a-f]{32}"));

  // A refused call gets its id too.
  auto refused = Ctx("");
  refused->AddMetadata("x-request-id", "it-refused-1");
  EXPECT_THAT(requests_->GetServiceRequest(refused.get(), get, &got),
              StatusIs(grpc::StatusCode::UNAUTHENTICATED, ::testing::_));
  auto echoed = refused->GetServerInitialMetadata().find("x-request-id");
  ASSERT_NE(echoed, refused->GetServerInitialMetadata().end());
  EXPECT_EQ(std::string(echoed->second.data(), echoed->second.size()),
            "it-refused-1");
}

TEST_F(ObservabilityTest, OverdueRequestsAndOpenStreamsPerSite) {
  const std::string site = CreateSite(v1::SITE_KIND_RESIDENTIAL).name();
  AdoptDefaultCatalogue(site, CreateStaff(site, v1::ROLE_MANAGER).token);
  const std::string quiet = CreateSite(v1::SITE_KIND_HOTEL, "Quiet").name();
  const testing::Actor resident = CreateResident(site);
  const testing::Actor supervisor =
      CreateStaff(site, v1::ROLE_SUPERVISOR, "MAINTENANCE");
  const std::string item =
      ItemNamed(site, admin_token(), "CARRY_SMALL_ITEMS");  // 12 h response
  for (int i = 0; i < 2; ++i) {
    v1::CreateServiceRequestRequest request;
    request.set_parent(site);
    request.mutable_request()->set_item(item);
    request.mutable_request()->set_content("Boxes");
    v1::ServiceRequest created;
    ASSERT_THAT(requests_->CreateServiceRequest(Ctx(resident.token).get(),
                                                request, &created),
                IsOk());
  }
  const std::string overdue = absl::StrCat("concierge_overdue_requests{site=\"",
                                           testing::ShortId(site), "\"}");
  const std::string quiet_overdue = absl::StrCat(
      "concierge_overdue_requests{site=\"", testing::ShortId(quiet), "\"}");
  const std::string pending = absl::StrCat(
      "concierge_pending_approvals{site=\"", testing::ShortId(quiet), "\"}");
  std::string text = Scrape();
  EXPECT_EQ(SampleValue(text, overdue), 0);
  clock_.Advance(absl::Hours(13));
  text = Scrape();
  EXPECT_EQ(SampleValue(text, overdue), 2);
  EXPECT_EQ(SampleValue(text, quiet_overdue), 0);  // every site has a series
  EXPECT_EQ(SampleValue(text, pending), 0);
  EXPECT_EQ(SampleValue(text, absl::StrCat("concierge_expired_room_actions{"
                                           "site=\"",
                                           testing::ShortId(quiet), "\"}")),
            0);
  EXPECT_EQ(SampleValue(text, "concierge_watch_streams"), 0);

  // An open WatchTasks stream shows, and its opening is counted as OK.
  grpc::ClientContext watch;
  watch.AddMetadata("authorization", "Bearer " + supervisor.token);
  watch.AddMetadata("x-request-id", "it-watch-1");
  v1::WatchTasksRequest request;
  request.set_parent(site);
  auto reader = requests_->WatchTasks(&watch, request);
  reader->WaitForInitialMetadata();
  auto id = watch.GetServerInitialMetadata().find("x-request-id");
  ASSERT_NE(id, watch.GetServerInitialMetadata().end());
  EXPECT_EQ(std::string(id->second.data(), id->second.size()), "it-watch-1");
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (SampleValue(Scrape(), "concierge_watch_streams") != 1 &&
         absl::Now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  text = Scrape();
  EXPECT_EQ(SampleValue(text, "concierge_watch_streams"), 1);
  EXPECT_EQ(SampleValue(text, "concierge_watch_backlog_events"), 0);
  EXPECT_GE(SampleValue(text, Calls("concierge.v1.ServiceRequestService/"
                                    "WatchTasks",
                                    "OK")),
            1);
  watch.TryCancel();
  reader->Finish();
}

// The escalation sweep on its own thread, as in production.
// A hotel room action whose deadline passed is counted per site.
TEST_F(ObservabilityTest, ExpiredRoomActionsAreCountedPerSite) {
  const std::string hotel = CreateSite(v1::SITE_KIND_HOTEL, "Seaview").name();
  const testing::Actor attendant =
      CreateStaff(hotel, v1::ROLE_STAFF, "HOUSEKEEPING", 5000);
  auto hk = v1::HousekeepingService::NewStub(channel());
  v1::SubmitObservationsRequest visit;
  visit.set_site(hotel);
  visit.set_room_number("1203");
  visit.add_observations()->set_code("SOILED_BEDDING");
  v1::Visit out;
  ASSERT_THAT(hk->SubmitObservations(Ctx(attendant.token).get(), visit, &out),
              IsOk());
  const std::string expired = absl::StrCat(
      "concierge_expired_room_actions{site=\"", testing::ShortId(hotel), "\"}");
  EXPECT_EQ(SampleValue(Scrape(), expired), 0);
  clock_.Advance(absl::Minutes(31));  // the doctor was wanted within 30
  ASSERT_TRUE(server_->SweepOnce().ok());
  EXPECT_EQ(SampleValue(Scrape(), expired), 1);
}

class SweeperObservabilityTest : public ObservabilityTest {
 protected:
  void ConfigureServer(ServerOptions& options) override {
    ObservabilityTest::ConfigureServer(options);
    options.sweep_interval = absl::Milliseconds(100);
  }
};

TEST_F(SweeperObservabilityTest, EachRunIsCountedAndMarksItsEventsWithItsId) {
  const std::string site = CreateSite(v1::SITE_KIND_RESIDENTIAL).name();
  AdoptDefaultCatalogue(site, CreateStaff(site, v1::ROLE_MANAGER).token);
  const testing::Actor resident = CreateResident(site);
  v1::CreateServiceRequestRequest request;
  request.set_parent(site);
  request.mutable_request()->set_item(
      ItemNamed(site, admin_token(), "CARRY_SMALL_ITEMS"));  // 12 h response
  request.mutable_request()->set_content("Boxes");
  v1::ServiceRequest created;
  auto booking = Ctx(resident.token);
  booking->AddMetadata("x-request-id", "it-booking");
  ASSERT_THAT(requests_->CreateServiceRequest(booking.get(), request, &created),
              IsOk());
  clock_.Advance(absl::Hours(13));  // overdue: the next run escalates it

  const std::string escalation =
      "SELECT COALESCE(max(correlation_id), '') FROM task_events "
      "WHERE action = 'ESCALATE' AND request_id = " +
      testing::ShortId(created.name());
  std::string run_id;
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (run_id.empty() && absl::Now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    run_id = QueryValue(db_->url(), escalation);
  }
  // The run's own id, not the booking call's: the event is the sweep's.
  EXPECT_THAT(run_id, MatchesRegex("[0-9a-f]{32}"));
  const std::string text = Scrape();
  EXPECT_GE(SampleValue(text,
                        "concierge_job_runs_total{job=\"escalate_overdue\","
                        "outcome=\"ok\"}"),
            1);
  EXPECT_GT(SampleValue(text,
                        "concierge_job_last_success_timestamp_seconds{"
                        "job=\"escalate_overdue\"}"),
            0);
}

}  // namespace
}  // namespace concierge
