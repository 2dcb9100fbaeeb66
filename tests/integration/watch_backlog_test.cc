// A slow or stuck WatchTasks client cannot hurt the others or the server's
// memory (issue 23): its backlog is bounded, it is ended with
// RESOURCE_EXHAUSTED, and resuming from its last cursor gives every event
// exactly once. Correctness and bounds only; the latency figures are the
// benchmark's (scripts/bench.sh, docs/PERFORMANCE.md).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "concierge/v1/requests.grpc.pb.h"
#include "tests/support/http_get.h"
#include "tests/support/matchers.h"
#include "tests/support/request_fixture.h"

namespace concierge {
namespace {

using ::concierge::testing::HttpGet;
using ::concierge::testing::SampleValue;
using ::concierge::testing::StatusIs;
using ::testing::HasSubstr;

constexpr size_t kLimit = 32;  // events a stream may have queued

// One stream read through gRPC's callback API (1,100 of them, no thread
// each). A stuck one opens without reading until Unstick().
class Reader : public grpc::ClientReadReactor<v1::TaskEvent> {
 public:
  Reader(v1::ServiceRequestService::Stub* stub, const std::string& token,
         const std::string& site, const std::string& cursor, bool stuck) {
    context_.AddMetadata("authorization", "Bearer " + token);
    request_.set_parent(site);
    request_.set_resume_cursor(cursor);
    stub->async()->WatchTasks(&context_, &request_, this);
    if (!stuck) StartRead(&event_);
    StartCall();
  }
  void Unstick() { StartRead(&event_); }
  void OnReadDone(bool ok) override {
    if (!ok) return;
    {
      absl::MutexLock lock(&mu_);
      cursors_.push_back(event_.cursor());
    }
    StartRead(&event_);
  }
  void OnDone(const grpc::Status& status) override {
    absl::MutexLock lock(&mu_);
    status_ = status;
    done_ = true;
  }
  void Cancel() { context_.TryCancel(); }
  // Waits for `n` events (or the end of the stream) until `deadline`.
  std::vector<std::string> WaitFor(size_t n, absl::Time deadline) {
    absl::MutexLock lock(&mu_);
    auto enough = [&] {
      mu_.AssertHeld();
      return cursors_.size() >= n || done_;
    };
    mu_.AwaitWithDeadline(absl::Condition(&enough), deadline);
    return cursors_;
  }
  bool WaitDone(absl::Time deadline) {
    absl::MutexLock lock(&mu_);
    return mu_.AwaitWithDeadline(absl::Condition(&done_), deadline);
  }
  grpc::Status status() {
    absl::MutexLock lock(&mu_);
    return status_;
  }

 private:
  grpc::ClientContext context_;
  v1::WatchTasksRequest request_;
  v1::TaskEvent event_;
  absl::Mutex mu_;
  std::vector<std::string> cursors_ ABSL_GUARDED_BY(mu_);
  grpc::Status status_ ABSL_GUARDED_BY(mu_);
  bool done_ ABSL_GUARDED_BY(mu_) = false;
};

class WatchBacklogTest : public testing::RequestFixture {
 protected:
  void ConfigureServer(ServerOptions& options) override {
    options.metrics_address = "127.0.0.1:0";
    options.watch_backlog_events = kLimit;
  }

  double Metric(const std::string& series) {
    auto response = HttpGet(server_->metrics_port(), "/metrics");
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? SampleValue(response->body, series) : -1;
  }

  // Polls the metrics endpoint until `series` reaches `value` (or 60 s).
  bool MetricReaches(const std::string& series, double value) {
    const absl::Time give_up = absl::Now() + absl::Seconds(60);
    while (absl::Now() < give_up) {
      if (Metric(series) >= value) return true;
      absl::SleepFor(absl::Milliseconds(50));
    }
    return false;
  }
};

TEST_F(WatchBacklogTest,
       StuckStreamsAreEndedAndResumeExactlyOnceWhileTheOthersKeepReceiving) {
  constexpr int kReaders = 1000, kStuck = 100, kEvents = 200;
  // Readers 8 to a staff member (the per-caller limit); stuck streams 4 to
  // one, so each resumes while its ended stream may still count.
  std::vector<std::string> tokens;
  for (int i = 0; i < kReaders / 8 + kStuck / 4; ++i) {
    tokens.push_back(CreateStaff(site_, v1::ROLE_STAFF, "MAINTENANCE").token);
  }
  std::vector<std::unique_ptr<Reader>> readers, stuck;
  for (int i = 0; i < kReaders; ++i) {
    readers.push_back(std::make_unique<Reader>(requests_.get(), tokens[i / 8],
                                               site_, "", false));
  }
  for (int i = 0; i < kStuck; ++i) {
    stuck.push_back(std::make_unique<Reader>(
        requests_.get(), tokens[kReaders / 8 + i / 4], site_, "", true));
  }
  ASSERT_TRUE(MetricReaches("concierge_watch_streams", kReaders + kStuck));

  // Events come no faster than the readers take them (each stays within
  // half its bound; client and server share this process's callback
  // threads, so unpaced bookings would outrun 1,000 readers and end them
  // too, as they should). The stuck streams fall behind regardless.
  const std::string item = Item("OUTSIDE_SMALL_REPAIRS");  // maintenance
  const absl::Time deadline = absl::Now() + absl::Seconds(180);
  for (int i = 0; i < kEvents; ++i) {
    Book(i % 2 ? liu_ : zhou_, item);
    const int behind_at_most = static_cast<int>(kLimit / 2);
    if (i + 1 <= behind_at_most) continue;
    for (auto& reader : readers) {
      reader->WaitFor(i + 1 - behind_at_most, deadline);
    }
  }

  // Every reader gets every event once, in the same order.
  const std::vector<std::string> all = readers[0]->WaitFor(kEvents, deadline);
  ASSERT_EQ(all.size(), static_cast<size_t>(kEvents))
      << readers[0]->status().error_code() << " "
      << readers[0]->status().error_message();
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), all.size());
  for (auto& reader : readers) {
    ASSERT_EQ(reader->WaitFor(kEvents, deadline), all);
  }
  // Every stuck stream passed its bound and was let go: nothing of theirs
  // stays queued once the readers have drained.
  ASSERT_TRUE(MetricReaches("concierge_watch_overflows_total", kStuck));
  EXPECT_LE(Metric("concierge_watch_backlog_max_events"), kLimit);
  EXPECT_EQ(Metric("concierge_watch_backlog_events"), 0);
  EXPECT_EQ(Metric("concierge_watch_backlog_bytes"), 0);

  // Once it reads, a stuck client gets what was in flight, then
  // RESOURCE_EXHAUSTED; resuming from its last cursor gives the rest once.
  for (auto& s : stuck) s->Unstick();
  std::vector<std::unique_ptr<Reader>> resumed;
  std::vector<std::vector<std::string>> before;
  for (auto& s : stuck) {
    ASSERT_TRUE(s->WaitDone(deadline));
    EXPECT_THAT(s->status(), StatusIs(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                      HasSubstr("resume from the cursor")));
    before.push_back(s->WaitFor(0, deadline));
    ASSERT_FALSE(before.back().empty());
    ASSERT_LT(before.back().size(), static_cast<size_t>(kEvents));
  }
  for (int i = 0; i < kStuck; ++i) {
    resumed.push_back(std::make_unique<Reader>(requests_.get(),
                                               tokens[kReaders / 8 + i / 4],
                                               site_, before[i].back(), false));
  }
  for (int i = 0; i < kStuck; ++i) {
    std::vector<std::string> seen = before[i];
    const std::vector<std::string> rest =
        resumed[i]->WaitFor(kEvents - seen.size(), deadline);
    seen.insert(seen.end(), rest.begin(), rest.end());
    EXPECT_EQ(seen, all) << "stuck stream " << i;
  }
  for (auto& r : readers) r->Cancel();
  for (auto& r : resumed) r->Cancel();
  for (auto& r : readers) r->WaitDone(deadline);
  for (auto& r : resumed) r->WaitDone(deadline);
  for (auto& s : stuck) s->WaitDone(deadline);
}

}  // namespace
}  // namespace concierge
