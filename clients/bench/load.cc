#include "clients/bench/load.h"

#include <algorithm>
#include <atomic>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "clients/common/cli.h"

namespace concierge::bench {

double LoadResult::throughput() const {
  const double seconds = absl::ToDoubleSeconds(elapsed);
  return seconds > 0 ? static_cast<double>(calls) / seconds : 0;
}

double LoadResult::Percentile(double p) const {
  if (latencies_us.empty()) return 0;
  size_t index =
      static_cast<size_t>(p / 100.0 * (latencies_us.size() - 1) + 0.5);
  index = std::min(index, latencies_us.size() - 1);
  return latencies_us[index] / 1000.0;
}

double LoadResult::ErrorRate() const {
  return calls == 0 ? 0
                    : static_cast<double>(errors) / static_cast<double>(calls);
}

namespace {

// One slot's chain of calls, and the results it gathered.
struct Slot {
  std::vector<int64_t> latencies_us;
  std::map<std::string, int64_t> errors;
  int64_t calls = 0;
};

struct Run {
  const Issue* issue;
  absl::Time stop_at;
  std::vector<Slot> slots;
  absl::Mutex mu;
  int running = 0;

  void Next(int slot) {
    if (absl::Now() >= stop_at) {
      absl::MutexLock lock(&mu);
      --running;
      return;
    }
    const absl::Time started = absl::Now();
    (*issue)(slot, [this, slot, started](grpc::Status status) {
      Slot& s = slots[slot];
      ++s.calls;
      s.latencies_us.push_back(
          absl::ToInt64Microseconds(absl::Now() - started));
      if (!status.ok()) ++s.errors[cli::StatusCodeName(status.error_code())];
      Next(slot);
    });
  }
};

}  // namespace

LoadResult RunClosedLoop(const std::string& scenario, int concurrency,
                         absl::Duration duration, const Issue& issue) {
  Run run;
  run.issue = &issue;
  run.slots.resize(concurrency);
  run.running = concurrency;
  const absl::Time started = absl::Now();
  run.stop_at = started + duration;
  for (int i = 0; i < concurrency; ++i) run.Next(i);
  {
    absl::MutexLock lock(&run.mu);
    run.mu.Await(absl::Condition(
        +[](int* running) { return *running == 0; }, &run.running));
  }
  LoadResult result;
  result.scenario = scenario;
  result.concurrency = concurrency;
  result.elapsed = absl::Now() - started;
  for (Slot& s : run.slots) {
    result.calls += s.calls;
    result.latencies_us.insert(result.latencies_us.end(),
                               s.latencies_us.begin(), s.latencies_us.end());
    for (const auto& [code, n] : s.errors) {
      result.errors_by_code[code] += n;
      result.errors += n;
    }
  }
  std::sort(result.latencies_us.begin(), result.latencies_us.end());
  return result;
}

LoadResult RunOpenLoop(const std::string& scenario, double rate,
                       absl::Duration duration, const Issue& issue) {
  absl::Mutex mu;
  LoadResult result;
  result.scenario = scenario;
  int in_flight = 0;
  const absl::Time started = absl::Now();
  const absl::Duration interval = absl::Seconds(1) / rate;
  for (int64_t i = 0;; ++i) {
    const absl::Time due = started + interval * static_cast<double>(i);
    if (due - started >= duration) break;
    const absl::Time now = absl::Now();
    if (due > now) absl::SleepFor(due - now);
    {
      absl::MutexLock lock(&mu);
      ++in_flight;
      result.concurrency = std::max(result.concurrency, in_flight);
    }
    issue(static_cast<int>(i % 64), [&, due](grpc::Status status) {
      const int64_t us = absl::ToInt64Microseconds(absl::Now() - due);
      absl::MutexLock lock(&mu);
      --in_flight;
      ++result.calls;
      result.latencies_us.push_back(us);
      if (!status.ok()) {
        ++result.errors;
        ++result.errors_by_code[cli::StatusCodeName(status.error_code())];
      }
    });
  }
  absl::MutexLock lock(&mu);
  mu.Await(absl::Condition(
      +[](int* n) { return *n == 0; }, &in_flight));
  result.elapsed = absl::Now() - started;
  std::sort(result.latencies_us.begin(), result.latencies_us.end());
  return result;
}

std::vector<std::shared_ptr<grpc::Channel>> MakeChannels(
    const std::string& target, int count) {
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < count; ++i) {
    grpc::ChannelArguments args;
    // A private subchannel pool: each channel gets its own connection.
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    args.SetInt("concierge.bench.channel", i);
    channels.push_back(grpc::CreateCustomChannel(
        target, grpc::InsecureChannelCredentials(), args));
  }
  return channels;
}

}  // namespace concierge::bench
