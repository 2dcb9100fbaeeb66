#include "clients/bench/watch.h"

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <random>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "clients/common/cli.h"
#include "concierge/v1/requests.grpc.pb.h"

namespace concierge::bench {
namespace {

std::string WatchRequestId() {
  static std::atomic<int64_t> counter{0};
  static const std::string run = absl::StrCat(
      absl::ToUnixMicros(absl::Now()), "-", std::random_device()() % 100000);
  return absl::StrCat("bench-watch-", run, "-", counter.fetch_add(1));
}

void Authorize(grpc::ClientContext* context, const std::string& token) {
  context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
}

// One stream, timing each delivery (or only counting them, for the limit).
class Watcher : public grpc::ClientReadReactor<v1::TaskEvent> {
 public:
  Watcher(v1::ServiceRequestService::Stub* stub, const std::string& token,
          const std::string& site, bool stuck, std::atomic<int64_t>* count)
      : count_(count) {
    if (!token.empty()) {
      context_.AddMetadata("authorization", "Bearer " + token);
    }
    request_.set_parent(site);
    stub->async()->WatchTasks(&context_, &request_, this);
    if (!stuck) StartRead(&event_);
    StartCall();
  }
  void Unstick() { StartRead(&event_); }
  void OnReadDone(bool ok) override {
    if (!ok) return;
    if (count_ != nullptr) {
      count_->fetch_add(1, std::memory_order_relaxed);
    } else {
      const absl::Time event_time =
          absl::FromUnixSeconds(event_.event().event_time().seconds()) +
          absl::Nanoseconds(event_.event().event_time().nanos());
      const int64_t bytes = bytes_ == 0 ? event_.ByteSizeLong() : bytes_;
      absl::MutexLock lock(&mu_);
      bytes_ = bytes;
      seen_.push_back({absl::ToUnixMicros(event_time),
                       absl::ToInt64Microseconds(absl::Now() - event_time)});
    }
    StartRead(&event_);
  }
  void OnDone(const grpc::Status& status) override {
    absl::MutexLock lock(&mu_);
    status_ = status;
    done_ = true;
  }
  void Cancel() { context_.TryCancel(); }
  bool AwaitDone(absl::Duration timeout) {
    absl::MutexLock lock(&mu_);
    return mu_.AwaitWithTimeout(absl::Condition(&done_), timeout);
  }
  // (event time, latency) in microseconds.
  std::vector<std::pair<int64_t, int64_t>> seen() {
    absl::MutexLock lock(&mu_);
    return seen_;
  }
  int64_t bytes() {
    absl::MutexLock lock(&mu_);
    return bytes_;
  }
  grpc::Status status() {
    absl::MutexLock lock(&mu_);
    return status_;
  }

 private:
  grpc::ClientContext context_;
  v1::WatchTasksRequest request_;
  v1::TaskEvent event_;
  std::atomic<int64_t>* const count_;
  absl::Mutex mu_;
  std::vector<std::pair<int64_t, int64_t>> seen_;
  int64_t bytes_ = 0;
  grpc::Status status_;
  bool done_ = false;
};

// Where events are made, and how many reading streams each one reaches.
struct Target {
  std::string site, item, resident_token, supervisor_token;
  std::vector<std::string> assignees;
  int readers = 0;
};

struct StreamSpec {
  std::string token, site;
  int target = 0;
};

// The scenario's targets and streams.
absl::Status Plan(const std::string& scenario, const BenchData& data,
                  const WatchOptions& options, std::vector<Target>* targets,
                  std::vector<StreamSpec>* streams) {
  if (scenario == "watch-spread") {
    if (data.spread.empty()) {
      return absl::FailedPreconditionError(
          "no spread sites: setup --spread_sites");
    }
    for (const SpreadSite& s : data.spread) {
      targets->push_back({s.site, s.item, s.resident_token, s.supervisor_token,
                          s.staff_names, 0});
    }
    // Stream i: site i % sites, its staff in turn (a handheld and a
    // terminal or two each).
    const int sites = static_cast<int>(data.spread.size());
    for (int i = 0; i < options.streams; ++i) {
      const SpreadSite& s = data.spread[i % sites];
      const std::string& token =
          s.staff_tokens[(i / sites) % s.staff_tokens.size()];
      streams->push_back({token, s.site, i % sites});
    }
  } else {
    if (data.watcher_tokens.empty()) {
      return absl::FailedPreconditionError("no watchers");
    }
    targets->push_back({data.residential_site, data.item,
                        data.resident_tokens.front(), data.supervisor_token,
                        data.assignee_names, 0});
    const size_t needed = (options.streams + 7) / 8;
    if (data.watcher_tokens.size() < needed) {
      return absl::FailedPreconditionError(
          absl::StrCat("need ", needed,
                       " watcher tokens (8 streams each): setup --watchers"));
    }
    for (int i = 0; i < options.streams; ++i) {
      streams->push_back(
          {data.watcher_tokens[i / 8], data.residential_site, 0});
    }
  }
  return absl::OkStatus();
}

// Makes events at a steady rate: a request booked at a target, then the
// same request assigned, and on to the next target. Returns the events
// made per target.
std::vector<int64_t> Drive(v1::ServiceRequestService::Stub* stub,
                           const std::vector<Target>& targets, double rate,
                           absl::Duration duration, LoadResult* driver) {
  std::vector<int64_t> events(targets.size(), 0);
  const absl::Time started = absl::Now();
  const absl::Duration interval = absl::Seconds(1) / std::max(0.1, rate);
  std::string created;
  for (int64_t i = 0; absl::Now() - started < duration; ++i) {
    const absl::Time due = started + interval * i;
    if (due > absl::Now()) absl::SleepFor(due - absl::Now());
    const size_t t = static_cast<size_t>(i / 2) % targets.size();
    const Target& target = targets[t];
    grpc::ClientContext context;
    v1::ServiceRequest response;
    grpc::Status status;
    const absl::Time sent = absl::Now();
    if (i % 2 == 0) {
      Authorize(&context, target.resident_token);
      v1::CreateServiceRequestRequest create;
      create.set_parent(target.site);
      create.set_request_id(WatchRequestId());
      create.mutable_request()->set_item(target.item);
      status = stub->CreateServiceRequest(&context, create, &response);
      created = status.ok() ? response.name() : "";
    } else {
      if (created.empty()) continue;
      Authorize(&context, target.supervisor_token);
      v1::AssignServiceRequestRequest assign;
      assign.set_name(created);
      assign.set_assignee(
          target.assignees[(i / 2 / targets.size()) % target.assignees.size()]);
      status = stub->AssignServiceRequest(&context, assign, &response);
    }
    driver->latencies_us.push_back(
        absl::ToInt64Microseconds(absl::Now() - sent));
    ++driver->calls;
    if (!status.ok()) {
      ++driver->errors;
      ++driver->errors_by_code[cli::StatusCodeName(status.error_code())];
      continue;
    }
    ++events[t];
  }
  driver->elapsed += absl::Now() - started;
  return events;
}

double PercentileMs(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  const size_t i = std::min(sorted.size() - 1,
                            static_cast<size_t>(p / 100 * (sorted.size() - 1)));
  return sorted[i] / 1000.0;
}

struct Window {
  absl::Time start, end;
  std::vector<int64_t> events;
  double rate = 0;
};

// The deliveries of one window (by the event's time), against what the
// targets' readers should have received.
WatchPhase Measure(const Window& w, const std::vector<Target>& targets,
                   const std::vector<std::unique_ptr<Watcher>>& watchers,
                   const std::vector<bool>& reading) {
  WatchPhase phase;
  phase.offered_per_s = w.rate;
  const double seconds = absl::ToDoubleSeconds(w.end - w.start);
  for (size_t t = 0; t < targets.size(); ++t) {
    phase.events += w.events[t];
    phase.expected += w.events[t] * targets[t].readers;
  }
  phase.achieved_per_s = phase.events / seconds;
  // Events made in the window carry its times (with a second's slack for
  // the last ones' commits).
  const int64_t from = absl::ToUnixMicros(w.start);
  const int64_t to = absl::ToUnixMicros(w.end + absl::Seconds(1));
  std::vector<int64_t> latencies;
  for (size_t i = 0; i < watchers.size(); ++i) {
    if (!reading[i]) continue;
    for (const auto& [when, latency] : watchers[i]->seen()) {
      if (when >= from && when < to) latencies.push_back(latency);
    }
  }
  std::sort(latencies.begin(), latencies.end());
  phase.delivered = static_cast<int64_t>(latencies.size());
  phase.deliveries_per_s = phase.delivered / seconds;
  phase.p50_ms = PercentileMs(latencies, 50);
  phase.p95_ms = PercentileMs(latencies, 95);
  phase.p99_ms = PercentileMs(latencies, 99);
  phase.max_ms = PercentileMs(latencies, 100);
  return phase;
}

}  // namespace

absl::StatusOr<WatchResult> RunWatch(
    const std::string& scenario,
    const std::vector<std::shared_ptr<grpc::Channel>>& channels,
    const BenchData& data, const WatchOptions& options) {
  std::vector<Target> targets;
  std::vector<StreamSpec> specs;
  if (absl::Status s = Plan(scenario, data, options, &targets, &specs);
      !s.ok()) {
    return s;
  }
  std::vector<std::unique_ptr<v1::ServiceRequestService::Stub>> stubs;
  for (const auto& c : channels) {
    stubs.push_back(v1::ServiceRequestService::NewStub(c));
  }
  WatchResult result;
  std::vector<std::unique_ptr<Watcher>> watchers;
  std::vector<bool> reading;
  const absl::Time opening = absl::Now();
  const int readers = static_cast<int>(specs.size()) - options.stuck;
  for (size_t i = 0; i < specs.size(); ++i) {
    const bool stuck = static_cast<int>(i) >= readers;
    watchers.push_back(std::make_unique<Watcher>(stubs[i % stubs.size()].get(),
                                                 specs[i].token, specs[i].site,
                                                 stuck, nullptr));
    reading.push_back(!stuck);
    if (!stuck) ++targets[specs[i].target].readers;
  }
  result.readers = readers;
  result.stuck = options.stuck;
  // Let every stream reach the server before the first event (10,000
  // streams take a few seconds to open).
  absl::SleepFor(absl::Seconds(3) + absl::Milliseconds(options.streams / 2));
  result.setup_s = absl::ToDoubleSeconds(absl::Now() - opening);

  auto* stub = stubs[0].get();
  result.driver.scenario = scenario + "-driver";
  std::vector<Window> windows;
  auto run_window = [&](double rate, absl::Duration duration) {
    Window w;
    w.rate = rate;
    const double cpu_before = options.server_cpu_s();
    w.start = absl::Now();
    w.events = Drive(stub, targets, rate, duration, &result.driver);
    w.end = absl::Now();
    windows.push_back(w);
    // Let the last events arrive before the next window.
    absl::SleepFor(absl::Seconds(2));
    WatchPhase phase = Measure(w, targets, watchers, reading);
    phase.server_cpu_s = options.server_cpu_s() - cpu_before;
    return phase;
  };
  result.main = run_window(options.events_per_s, options.duration);
  for (double rate : options.ramp) {
    WatchPhase phase = run_window(rate, options.ramp_step);
    result.ramp.push_back(phase);
    if (!phase.kept_up(1000)) break;
  }
  std::sort(result.driver.latencies_us.begin(),
            result.driver.latencies_us.end());

  // Stuck streams read at last: what was in flight, then the server's
  // verdict.
  for (size_t i = 0; i < watchers.size(); ++i) {
    if (!reading[i]) watchers[i]->Unstick();
  }
  // (A stuck stream whose events still fit its bound and the connection's
  // flow-control window is not ended: it reads on and is cancelled below.)
  const absl::Time verdict_by = absl::Now() + absl::Seconds(5);
  for (size_t i = 0; i < watchers.size(); ++i) {
    if (!reading[i]) {
      watchers[i]->AwaitDone(
          std::max(absl::ZeroDuration(), verdict_by - absl::Now()));
    }
  }
  for (auto& w : watchers) w->Cancel();
  int64_t bytes = 0, sampled = 0;
  for (size_t i = 0; i < watchers.size(); ++i) {
    watchers[i]->AwaitDone(absl::Seconds(30));
    const grpc::StatusCode code = watchers[i]->status().error_code();
    if (!reading[i]) {
      if (code == grpc::StatusCode::RESOURCE_EXHAUSTED)
        ++result.stuck_exhausted;
      continue;
    }
    if (code == grpc::StatusCode::CANCELLED) {
      ++result.streams_open;
    } else {
      ++result.stream_errors;
    }
    if (const int64_t b = watchers[i]->bytes(); b > 0) {
      bytes += b;
      ++sampled;
    }
  }
  result.message_bytes = sampled > 0 ? static_cast<double>(bytes) / sampled : 0;
  return result;
}

absl::StatusOr<LimitResult> RunStreamLimit(
    const std::vector<std::shared_ptr<grpc::Channel>>& channels, int streams,
    absl::Duration duration) {
  std::vector<std::unique_ptr<v1::ServiceRequestService::Stub>> stubs;
  for (const auto& c : channels) {
    stubs.push_back(v1::ServiceRequestService::NewStub(c));
  }
  std::atomic<int64_t> count{0};
  std::vector<std::unique_ptr<Watcher>> watchers;
  for (int i = 0; i < streams; ++i) {
    watchers.push_back(std::make_unique<Watcher>(stubs[i % stubs.size()].get(),
                                                 "", "sites/1", false, &count));
  }
  // Warm up while the streams open, then count.
  absl::SleepFor(absl::Seconds(3) + absl::Milliseconds(streams / 2));
  const int64_t before = count.load();
  const absl::Time start = absl::Now();
  absl::SleepFor(duration);
  const int64_t after = count.load();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  for (auto& w : watchers) w->Cancel();
  for (auto& w : watchers) w->AwaitDone(absl::Seconds(30));
  LimitResult result;
  result.streams = streams;
  result.deliveries = after - before;
  result.deliveries_per_s = result.deliveries / seconds;
  return result;
}

namespace {

// Sends the same bytes again and again until the call ends.
class Pusher : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
 public:
  explicit Pusher(const grpc::Slice& message) : message_(message) { Next(); }
  void OnWriteDone(bool ok) override {
    if (!ok) return Finish(grpc::Status::CANCELLED);
    Next();
  }
  void OnCancel() override {}
  void OnDone() override { delete this; }

 private:
  void Next() {
    grpc::Slice slice = message_;
    buffer_ = grpc::ByteBuffer(&slice, 1);
    StartWrite(&buffer_);
  }
  const grpc::Slice message_;
  grpc::ByteBuffer buffer_;
};

class StreamService final
    : public v1::ServiceRequestService::WithRawCallbackMethod_WatchTasks<
          v1::ServiceRequestService::Service> {
 public:
  explicit StreamService(int message_bytes) {
    v1::TaskEvent event;
    event.set_cursor("c1.1000.1000");
    event.mutable_event()->set_request("sites/1/requests/1");
    event.mutable_event()->mutable_event_time()->set_seconds(
        absl::ToUnixSeconds(absl::Now()));
    const int padding = std::max<int>(
        0, message_bytes - static_cast<int>(event.ByteSizeLong()) - 4);
    event.mutable_event()->set_note(std::string(padding, 'x'));
    std::string bytes = event.SerializeAsString();
    message_ = grpc::Slice(std::move(bytes));
  }
  grpc::ServerWriteReactor<grpc::ByteBuffer>* WatchTasks(
      grpc::CallbackServerContext*, const grpc::ByteBuffer*) override {
    return new Pusher(message_);
  }

 private:
  grpc::Slice message_;
};

std::atomic<bool> stop_serving{false};
void OnSignal(int) { stop_serving = true; }

}  // namespace

int ServeStreams(const std::string& address, int message_bytes) {
  StreamService service(message_bytes);
  grpc::ServerBuilder builder;
  builder.AddListeningPort(address, grpc::InsecureServerCredentials());
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server) return 1;
  signal(SIGTERM, OnSignal);
  signal(SIGINT, OnSignal);
  while (!stop_serving) absl::SleepFor(absl::Milliseconds(100));
  server->Shutdown(std::chrono::system_clock::now());
  return 0;
}

}  // namespace concierge::bench
