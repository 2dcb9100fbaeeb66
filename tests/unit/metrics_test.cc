// The metrics registry, its text exposition, and the HTTP endpoint that
// serves it.

#include "server/common/metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/app/metrics_server.h"
#include "tests/support/http_get.h"
#include "tests/support/matchers.h"

namespace concierge::metrics {
namespace {

using ::concierge::testing::HttpGet;
using ::concierge::testing::HttpRequest;
using ::concierge::testing::SampleValue;
using ::concierge::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(Metrics, RendersCountersAndGaugesWithHelpAndType) {
  Registry registry;
  registry.GetCounter("calls_total", "Calls", {{"method", "A"}, {"code", "OK"}})
      .Increment(3);
  registry
      .GetCounter("calls_total", "Calls",
                  {{"method", "A"}, {"code", "NOT_FOUND"}})
      .Increment();
  registry.GetGauge("pool_size", "Sessions").Set(8);
  EXPECT_EQ(registry.Render(),
            "# HELP calls_total Calls\n"
            "# TYPE calls_total counter\n"
            "calls_total{method=\"A\",code=\"NOT_FOUND\"} 1\n"
            "calls_total{method=\"A\",code=\"OK\"} 3\n"
            "# HELP pool_size Sessions\n"
            "# TYPE pool_size gauge\n"
            "pool_size 8\n");
}

TEST(Metrics, TheSameNameAndLabelsIsTheSameInstrument) {
  Registry registry;
  Counter& a = registry.GetCounter("c_total", "C", {{"k", "1"}});
  Counter& b = registry.GetCounter("c_total", "C", {{"k", "1"}});
  Counter& other = registry.GetCounter("c_total", "C", {{"k", "2"}});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &other);
  a.Increment();
  b.Increment();
  EXPECT_EQ(other.value(), 0u);
  EXPECT_EQ(SampleValue(registry.Render(), "c_total{k=\"1\"}"), 2);
}

TEST(Metrics, HistogramBucketsAreCumulativeAndInclusive) {
  Registry registry;
  // Binary fractions, so that the sum is exact.
  Histogram& h = registry.GetHistogram("latency_seconds", "Latency", {0.125, 1},
                                       {{"method", "M"}});
  h.Observe(0.0625);
  h.Observe(0.125);  // on the bound: counted in le="0.125"
  h.Observe(0.5);
  h.Observe(7);
  EXPECT_EQ(registry.Render(),
            "# HELP latency_seconds Latency\n"
            "# TYPE latency_seconds histogram\n"
            "latency_seconds_bucket{method=\"M\",le=\"0.125\"} 2\n"
            "latency_seconds_bucket{method=\"M\",le=\"1\"} 3\n"
            "latency_seconds_bucket{method=\"M\",le=\"+Inf\"} 4\n"
            "latency_seconds_sum{method=\"M\"} 7.6875\n"
            "latency_seconds_count{method=\"M\"} 4\n");
}

TEST(Metrics, HistogramWithoutLabels) {
  Registry registry;
  registry.GetHistogram("wait_seconds", "Wait", {0.5}).Observe(0.25);
  const std::string text = registry.Render();
  EXPECT_EQ(SampleValue(text, "wait_seconds_bucket{le=\"0.5\"}"), 1);
  EXPECT_EQ(SampleValue(text, "wait_seconds_bucket{le=\"+Inf\"}"), 1);
  EXPECT_EQ(SampleValue(text, "wait_seconds_sum"), 0.25);
  EXPECT_EQ(SampleValue(text, "wait_seconds_count"), 1);
}

TEST(Metrics, CollectorsReportAtScrapeTimeUntilRemoved) {
  Registry registry;
  int streams = 2;
  const int handle = registry.AddCollector(
      "streams", "Open streams", Type::kGauge, [&streams] {
        return std::vector<Sample>{{{{"site", "7"}}, double(streams)}};
      });
  EXPECT_EQ(SampleValue(registry.Render(), "streams{site=\"7\"}"), 2);
  streams = 5;
  EXPECT_EQ(SampleValue(registry.Render(), "streams{site=\"7\"}"), 5);
  registry.RemoveCollector(handle);
  EXPECT_THAT(registry.Render(), Not(HasSubstr("streams")));
}

TEST(Metrics, EscapesLabelValuesAndHelp) {
  Registry registry;
  registry.GetCounter("x_total", "line one\nback\\slash",
                      {{"v", "a\"b\\c\nd"}});
  const std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("# HELP x_total line one\\nback\\\\slash\n"));
  EXPECT_THAT(text, HasSubstr("x_total{v=\"a\\\"b\\\\c\\nd\"} 0\n"));
}

TEST(Metrics, FormatsValuesAsPrometheusReadsThem) {
  EXPECT_EQ(FormatValue(12), "12");
  EXPECT_EQ(FormatValue(0.005), "0.005");
  EXPECT_EQ(FormatValue(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(FormatValue(-std::numeric_limits<double>::infinity()), "-Inf");
}

TEST(Metrics, CountsFromManyThreadsAddUp) {
  Registry registry;
  Counter& counter = registry.GetCounter("n_total", "N");
  Histogram& histogram = registry.GetHistogram("h", "H", {1});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        counter.Increment();
        histogram.Observe(0.5);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(counter.value(), 40000u);
  EXPECT_EQ(histogram.Read().count, 40000u);
  EXPECT_EQ(histogram.Read().sum, 20000);
}

TEST(MetricsServer, ServesTheRegistryOverHttp) {
  Registry registry;
  registry.GetCounter("served_total", "Served").Increment(4);
  int scrapes = 0;
  auto server = concierge::MetricsServer::Start("127.0.0.1:0", &registry,
                                                [&scrapes] { ++scrapes; });
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_GT((*server)->port(), 0);

  auto response = HttpGet((*server)->port(), "/metrics");
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 200);
  EXPECT_THAT(response->headers,
              HasSubstr("Content-Type: text/plain; version=0.0.4"));
  EXPECT_EQ(SampleValue(response->body, "served_total"), 4);
  EXPECT_EQ(scrapes, 1);

  // Nothing else is served: no files, no other paths, no other methods.
  auto other = HttpGet((*server)->port(), "/etc/passwd");
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ(other->status, 404);
  auto post = HttpRequest((*server)->port(), "POST", "/metrics");
  ASSERT_TRUE(post.ok()) << post.status();
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(scrapes, 1);
}

TEST(MetricsServer, RefusesAnAddressItCannotUse) {
  Registry registry;
  EXPECT_THAT(concierge::MetricsServer::Start("metrics.example:9464", &registry,
                                              nullptr)
                  .status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("metrics_address")));
  EXPECT_THAT(
      concierge::MetricsServer::Start("9464", &registry, nullptr).status(),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("metrics_address")));
  // A port already taken is UNAVAILABLE, named.
  auto first =
      concierge::MetricsServer::Start("127.0.0.1:0", &registry, nullptr);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_THAT(
      concierge::MetricsServer::Start(
          absl::StrCat("127.0.0.1:", (*first)->port()), &registry, nullptr)
          .status(),
      StatusIs(absl::StatusCode::kUnavailable, HasSubstr("metrics_address")));
}

TEST(MetricsServer, TranslatesAddressesForCivetweb) {
  EXPECT_EQ(*concierge::CivetwebListeningPort("localhost:9464"),
            "127.0.0.1:9464");
  EXPECT_EQ(*concierge::CivetwebListeningPort("0.0.0.0:9464"), "9464");
  EXPECT_EQ(*concierge::CivetwebListeningPort(":9464"), "9464");
  EXPECT_EQ(*concierge::CivetwebListeningPort("10.1.2.3:80"), "10.1.2.3:80");
  EXPECT_EQ(*concierge::CivetwebListeningPort("[::]:9464"), "[::]:9464");
  EXPECT_FALSE(concierge::CivetwebListeningPort("localhost:99999").ok());
}

}  // namespace
}  // namespace concierge::metrics
