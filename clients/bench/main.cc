// concierge-bench: the load generator.
//
//   concierge-bench setup --token_file=ADMIN --setup_file=bench.env
//   concierge-bench run --setup_file=bench.env
//   --scenario=health,create,brief,list,mixed,watch
//   concierge-bench web --web=HOST:PORT --demo_env=demo.env --web_pid=PID
//     concierge-web's pages against the RPCs behind them (web_load.h)
//   concierge-bench run --scenario=watch-all|watch-spread|watch-slow ...
//   concierge-bench stream-server --listen=ADDR --message_bytes=N
//   concierge-bench run --scenario=watch-limit --server=ADDR (against it)
//
// Prints throughput and latency percentiles per scenario, every non-OK
// status by code, and (with --server_pid) the server's CPU seconds and peak
// resident memory. Each result is also one "RESULT key=value ..." line for
// scripts (scripts/bench.sh).

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "clients/bench/load.h"
#include "clients/bench/scenarios.h"
#include "clients/bench/setup.h"
#include "clients/bench/watch.h"
#include "clients/bench/web_load.h"

ABSL_FLAG(std::string, server, "localhost:50051", "concierge-server address");
ABSL_FLAG(std::string, token_file, "",
          "setup: file with an administrator token");
ABSL_FLAG(std::string, setup_file, "bench.env",
          "where setup writes and run reads");
ABSL_FLAG(std::string, scenario, "health,create,brief,list,mixed",
          "comma-separated: health, create, brief, list, mixed, watch");
ABSL_FLAG(int, concurrency, 32, "calls in flight (closed loop)");
ABSL_FLAG(double, rate, 0, "calls per second (open loop); 0: closed loop");
ABSL_FLAG(int, duration_s, 20, "seconds per scenario");
ABSL_FLAG(int, channels, 4, "client connections");
ABSL_FLAG(int, warmup_s, 2,
          "seconds of the same load before each measured scenario, not "
          "counted (connections, server threads, caches and prepared "
          "statements warm up)");
ABSL_FLAG(int, streams, 1000, "watch scenarios: streams held open");
ABSL_FLAG(double, watch_rate, 5,
          "watch scenarios: requests created and assigned per second (two "
          "task events each)");
ABSL_FLAG(double, events_per_s, 0,
          "watch scenarios: task events per second (overrides watch_rate)");
ABSL_FLAG(int, stuck, 100, "watch-slow: of the streams, how many never read");
ABSL_FLAG(std::string, ramp, "",
          "watch-all: event rates to try after the measured phase, e.g. "
          "10,15,20 (stops at the first not kept up with)");
ABSL_FLAG(int, ramp_step_s, 5, "watch-all: seconds per ramp step");
ABSL_FLAG(std::string, listen, "127.0.0.1:0", "stream-server: address");
ABSL_FLAG(int, message_bytes, 1000, "stream-server: size of each message");
ABSL_FLAG(int, spread_sites, 0,
          "setup: sites for watch-spread (one maintenance department each)");
ABSL_FLAG(int, spread_staff, 40, "setup: staff per watch-spread department");
ABSL_FLAG(int, server_pid, 0, "report this process's CPU time and peak memory");
ABSL_FLAG(std::string, web, "", "web: concierge-web's host:port");
ABSL_FLAG(std::string, demo_env, ".local/demo.env",
          "web: the demo's tokens (concierge-server demo --demo_out)");
ABSL_FLAG(int, web_pid, 0, "web: concierge-web's pid, for its CPU per page");
ABSL_FLAG(int, web_think_ms, 1000,
          "web: each session's pause between pages in the paced run (the "
          "closed-loop runs have none)");
ABSL_FLAG(int, households, 200, "setup: households with a resident");
ABSL_FLAG(int, rooms, 300, "setup: occupied hotel rooms");
ABSL_FLAG(int, watchers, 130,
          "setup: staff tokens for streams (8 streams each)");

namespace {

using concierge::bench::LoadResult;

struct ProcessStats {
  double cpu_seconds = 0;
  double peak_mb = 0;
  double rss_mb = 0;
};

ProcessStats ReadProcess(int pid) {
  ProcessStats stats;
  if (pid <= 0) return stats;
  std::ifstream stat(absl::StrCat("/proc/", pid, "/stat"));
  std::string text((std::istreambuf_iterator<char>(stat)), {});
  const size_t close = text.rfind(')');
  if (close != std::string::npos) {
    std::vector<std::string> fields =
        absl::StrSplit(text.substr(close + 2), ' ');
    long long utime = 0, stime = 0;
    if (fields.size() > 13 && absl::SimpleAtoi(fields[11], &utime) &&
        absl::SimpleAtoi(fields[12], &stime)) {
      stats.cpu_seconds =
          static_cast<double>(utime + stime) / sysconf(_SC_CLK_TCK);
    }
  }
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    long long kb = 0;
    auto value = [&](absl::string_view key) {
      absl::string_view rest = line;
      if (!absl::ConsumePrefix(&rest, key)) return false;
      rest = absl::StripAsciiWhitespace(
          absl::StripSuffix(absl::StripAsciiWhitespace(rest), "kB"));
      return absl::SimpleAtoi(rest, &kb);
    };
    if (value("VmHWM:")) stats.peak_mb = kb / 1024.0;
    if (value("VmRSS:")) stats.rss_mb = kb / 1024.0;
  }
  return stats;
}

void Print(const LoadResult& r, const ProcessStats& before,
           const ProcessStats& after) {
  std::string errors;
  for (const auto& [code, n] : r.errors_by_code)
    absl::StrAppend(&errors, " ", code, "=", n);
  std::cout << absl::StrFormat(
      "%-8s conc=%-4d calls=%-8d rps=%-9.1f p50=%.2fms p95=%.2fms p99=%.2fms "
      "max=%.2fms errors=%d (%.3f%%)%s\n",
      r.scenario, r.concurrency, r.calls, r.throughput(), r.Percentile(50),
      r.Percentile(95), r.Percentile(99), r.Percentile(100), r.errors,
      100 * r.ErrorRate(), errors);
  if (after.cpu_seconds > 0) {
    std::cout << absl::StrFormat(
        "         server cpu=%.1fs (%.0f%% of one core) peak_rss=%.0fMB\n",
        after.cpu_seconds - before.cpu_seconds,
        100 * (after.cpu_seconds - before.cpu_seconds) /
            absl::ToDoubleSeconds(r.elapsed),
        after.peak_mb);
  }
  std::cout << absl::StrFormat(
      "RESULT scenario=%s concurrency=%d calls=%d rps=%.1f p50_ms=%.3f "
      "p95_ms=%.3f "
      "p99_ms=%.3f max_ms=%.3f errors=%d server_cpu_s=%.2f "
      "server_peak_mb=%.1f\n",
      r.scenario, r.concurrency, r.calls, r.throughput(), r.Percentile(50),
      r.Percentile(95), r.Percentile(99), r.Percentile(100), r.errors,
      after.cpu_seconds - before.cpu_seconds, after.peak_mb);
}

int Setup() {
  std::ifstream in(absl::GetFlag(FLAGS_token_file));
  std::string token;
  std::getline(in, token);
  token = std::string(absl::StripAsciiWhitespace(token));
  if (token.empty()) {
    std::cerr << "concierge-bench: --token_file with an administrator token is "
                 "required\n";
    return 2;
  }
  auto channel = grpc::CreateChannel(absl::GetFlag(FLAGS_server),
                                     grpc::InsecureChannelCredentials());
  concierge::bench::SetupSizes sizes;
  sizes.households = absl::GetFlag(FLAGS_households);
  sizes.rooms = absl::GetFlag(FLAGS_rooms);
  sizes.watchers = absl::GetFlag(FLAGS_watchers);
  sizes.spread_sites = absl::GetFlag(FLAGS_spread_sites);
  sizes.spread_staff = absl::GetFlag(FLAGS_spread_staff);
  auto data = concierge::bench::CreateBenchData(channel, token, sizes);
  if (!data.ok()) {
    std::cerr << "concierge-bench: setup failed: " << data.status() << "\n";
    return 1;
  }
  absl::Status saved = SaveBenchData(*data, absl::GetFlag(FLAGS_setup_file));
  if (!saved.ok()) {
    std::cerr << "concierge-bench: " << saved << "\n";
    return 1;
  }
  std::cout << "setup: " << data->resident_tokens.size() << " households, "
            << data->rooms.size() << " occupied rooms, "
            << data->watcher_tokens.size() << " watcher tokens, "
            << data->spread.size() << " spread sites -> "
            << absl::GetFlag(FLAGS_setup_file) << "\n";
  return 0;
}

std::string Phase(const concierge::bench::WatchPhase& p) {
  return absl::StrFormat(
      "offered_per_s=%.1f events_per_s=%.1f events=%d deliveries=%d "
      "expected=%d deliveries_per_s=%.0f p50_ms=%.3f p95_ms=%.3f p99_ms=%.3f "
      "max_ms=%.3f phase_cpu_s=%.2f phase_cpu_us_per_delivery=%.2f",
      p.offered_per_s, p.achieved_per_s, p.events, p.delivered, p.expected,
      p.deliveries_per_s, p.p50_ms, p.p95_ms, p.p99_ms, p.max_ms,
      p.server_cpu_s, p.cpu_us_per_delivery());
}

// A watch scenario: prints its figures, one RESULT line for the measured
// phase and one per ramp step.
bool RunWatchScenario(
    const std::string& name,
    const std::vector<std::shared_ptr<grpc::Channel>>& channels,
    const concierge::bench::BenchData& data, int pid) {
  concierge::bench::WatchOptions options;
  options.streams = absl::GetFlag(FLAGS_streams);
  options.events_per_s = absl::GetFlag(FLAGS_events_per_s) > 0
                             ? absl::GetFlag(FLAGS_events_per_s)
                             : 2 * absl::GetFlag(FLAGS_watch_rate);
  options.duration = absl::Seconds(absl::GetFlag(FLAGS_duration_s));
  if (name == "watch-slow") options.stuck = absl::GetFlag(FLAGS_stuck);
  if (name == "watch-all") {
    for (absl::string_view r :
         absl::StrSplit(absl::GetFlag(FLAGS_ramp), ',', absl::SkipEmpty())) {
      double rate = 0;
      if (absl::SimpleAtod(r, &rate)) options.ramp.push_back(rate);
    }
    options.ramp_step = absl::Seconds(absl::GetFlag(FLAGS_ramp_step_s));
  }
  options.server_cpu_s = [pid] { return ReadProcess(pid).cpu_seconds; };
  auto result = concierge::bench::RunWatch(name, channels, data, options);
  if (!result.ok()) {
    std::cerr << "concierge-bench: " << name << ": " << result.status() << "\n";
    return false;
  }
  const ProcessStats after = ReadProcess(pid);
  const auto& m = result->main;
  // Server CPU during the measured phase (its drain included) per delivery.
  const double cpu = m.server_cpu_s;
  const double cpu_us_per_delivery = m.cpu_us_per_delivery();
  std::cout << absl::StrFormat(
      "%-12s streams=%d (+%d stuck) events=%d (%.1f/s) deliveries=%d/%d "
      "stream_errors=%d stuck_exhausted=%d delivery p50=%.1fms p95=%.1fms "
      "p99=%.1fms max=%.1fms message=%.0fB server rss=%.0fMB peak=%.0fMB "
      "cpu=%.1fs (%.1f us/delivery)\n",
      name, result->readers, result->stuck, m.events, m.achieved_per_s,
      m.delivered, m.expected, result->stream_errors, result->stuck_exhausted,
      m.p50_ms, m.p95_ms, m.p99_ms, m.max_ms, result->message_bytes,
      after.rss_mb, after.peak_mb, cpu, cpu_us_per_delivery);
  if (result->driver.errors > 0) {
    for (const auto& [code, n] : result->driver.errors_by_code) {
      std::cerr << "concierge-bench: " << name << " driver: " << n << " x "
                << code << "\n";
    }
  }
  std::cout << absl::StrFormat(
      "RESULT scenario=%s streams=%d stuck=%d stream_errors=%d "
      "stuck_exhausted=%d %s message_bytes=%.0f server_rss_mb=%.1f "
      "server_peak_mb=%.1f server_cpu_s=%.2f cpu_us_per_delivery=%.2f "
      "driver_errors=%d\n",
      name, result->readers, result->stuck, result->stream_errors,
      result->stuck_exhausted, Phase(m), result->message_bytes, after.rss_mb,
      after.peak_mb, cpu, cpu_us_per_delivery, result->driver.errors);
  for (const auto& p : result->ramp) {
    std::cout << absl::StrFormat(
        "RESULT scenario=%s-ramp streams=%d %s kept_up=%d\n", name,
        result->readers, Phase(p), p.kept_up(1000) ? 1 : 0);
  }
  return true;
}

bool RunLimit(const std::vector<std::shared_ptr<grpc::Channel>>& channels) {
  auto result = concierge::bench::RunStreamLimit(
      channels, absl::GetFlag(FLAGS_streams),
      absl::Seconds(absl::GetFlag(FLAGS_duration_s)));
  if (!result.ok()) {
    std::cerr << "concierge-bench: watch-limit: " << result.status() << "\n";
    return false;
  }
  std::cout << absl::StrFormat(
      "watch-limit  streams=%d deliveries=%d (%.0f/s)\n"
      "RESULT scenario=watch-limit streams=%d deliveries=%d "
      "deliveries_per_s=%.0f\n",
      result->streams, result->deliveries, result->deliveries_per_s,
      result->streams, result->deliveries, result->deliveries_per_s);
  return true;
}

int Run() {
  auto data = concierge::bench::LoadBenchData(absl::GetFlag(FLAGS_setup_file));
  if (!data.ok()) {
    std::cerr << "concierge-bench: " << data.status() << "\n";
    return 2;
  }
  auto channels = concierge::bench::MakeChannels(absl::GetFlag(FLAGS_server),
                                                 absl::GetFlag(FLAGS_channels));
  concierge::bench::ScenarioOptions options;
  options.concurrency = absl::GetFlag(FLAGS_concurrency);
  options.rate = absl::GetFlag(FLAGS_rate);
  options.duration = absl::Seconds(absl::GetFlag(FLAGS_duration_s));
  const int pid = absl::GetFlag(FLAGS_server_pid);
  int failed = 0;
  for (absl::string_view name :
       absl::StrSplit(absl::GetFlag(FLAGS_scenario), ',', absl::SkipEmpty())) {
    if (name == "watch-limit") {
      if (!RunLimit(channels)) ++failed;
      continue;
    }
    if (absl::StartsWith(name, "watch")) {
      if (!RunWatchScenario(std::string(name), channels, *data, pid)) ++failed;
      continue;
    }
    if (absl::GetFlag(FLAGS_warmup_s) > 0) {
      concierge::bench::ScenarioOptions warmup = options;
      warmup.duration = absl::Seconds(absl::GetFlag(FLAGS_warmup_s));
      auto warm = concierge::bench::RunScenario(std::string(name), channels,
                                                *data, warmup);
      if (!warm.ok()) {
        std::cerr << "concierge-bench: " << warm.status() << "\n";
        return 2;
      }
      // Not counted, but never hidden.
      for (const auto& [code, n] : warm->errors_by_code) {
        std::cerr << "concierge-bench: " << name << " warm-up: " << n << " x "
                  << code << "\n";
      }
    }
    const ProcessStats measured_from = ReadProcess(pid);
    auto result = concierge::bench::RunScenario(std::string(name), channels,
                                                *data, options);
    if (!result.ok()) {
      std::cerr << "concierge-bench: " << result.status() << "\n";
      return 2;
    }
    Print(*result, measured_from, ReadProcess(pid));
  }
  return failed == 0 ? 0 : 1;
}

// One RESULT line for a web scenario, with the CPU each process spent per
// page (milliseconds).
void PrintWeb(const LoadResult& r, const ProcessStats& web_before,
              const ProcessStats& web_after, const ProcessStats& server_before,
              const ProcessStats& server_after) {
  const double pages = std::max<double>(1, static_cast<double>(r.calls));
  const double web_ms =
      1000 * (web_after.cpu_seconds - web_before.cpu_seconds) / pages;
  const double server_ms =
      1000 * (server_after.cpu_seconds - server_before.cpu_seconds) / pages;
  std::cout << absl::StrFormat(
      "%-9s conc=%-3d pages=%-7d pages/s=%-8.1f p50=%.2fms p95=%.2fms "
      "p99=%.2fms errors=%d web_cpu=%.3fms/page server_cpu=%.3fms/page\n",
      r.scenario, r.concurrency, r.calls, r.throughput(), r.Percentile(50),
      r.Percentile(95), r.Percentile(99), r.errors, web_ms, server_ms);
  std::cout << absl::StrFormat(
      "RESULT scenario=%s concurrency=%d calls=%d rps=%.1f p50_ms=%.3f "
      "p95_ms=%.3f p99_ms=%.3f errors=%d web_cpu_ms_per_page=%.4f "
      "server_cpu_ms_per_page=%.4f\n",
      r.scenario, r.concurrency, r.calls, r.throughput(), r.Percentile(50),
      r.Percentile(95), r.Percentile(99), r.errors, web_ms, server_ms);
}

int Web() {
  auto channels = concierge::bench::MakeChannels(absl::GetFlag(FLAGS_server),
                                                 absl::GetFlag(FLAGS_channels));
  auto people = concierge::bench::LoadWebPeople(absl::GetFlag(FLAGS_demo_env),
                                                channels[0]);
  if (!people.ok()) {
    std::cerr << "concierge-bench: web: " << people.status() << "\n";
    return 2;
  }
  const int concurrency = absl::GetFlag(FLAGS_concurrency);
  const absl::Duration duration =
      absl::Seconds(absl::GetFlag(FLAGS_duration_s));
  const absl::Duration warmup = absl::Seconds(absl::GetFlag(FLAGS_warmup_s));
  const int web_pid = absl::GetFlag(FLAGS_web_pid);
  const int server_pid = absl::GetFlag(FLAGS_server_pid);
  // The RPCs alone, then the pages; each after a warm-up of its own.
  concierge::bench::RunWebRpcs(channels, *people, concurrency, warmup);
  ProcessStats web0 = ReadProcess(web_pid), server0 = ReadProcess(server_pid);
  LoadResult rpcs =
      concierge::bench::RunWebRpcs(channels, *people, concurrency, duration);
  PrintWeb(rpcs, web0, ReadProcess(web_pid), server0, ReadProcess(server_pid));
  const std::string address = absl::GetFlag(FLAGS_web);
  if (!concierge::bench::RunWebPages(address, *people, concurrency, warmup)
           .ok()) {
    std::cerr << "concierge-bench: web: cannot load pages from " << address
              << "\n";
    return 2;
  }
  web0 = ReadProcess(web_pid);
  server0 = ReadProcess(server_pid);
  auto pages =
      concierge::bench::RunWebPages(address, *people, concurrency, duration);
  if (!pages.ok()) {
    std::cerr << "concierge-bench: web: " << pages.status() << "\n";
    return 2;
  }
  PrintWeb(*pages, web0, ReadProcess(web_pid), server0,
           ReadProcess(server_pid));
  // The same sessions reading between pages: a page's latency when the
  // machine is not saturated.
  web0 = ReadProcess(web_pid);
  server0 = ReadProcess(server_pid);
  auto paced = concierge::bench::RunWebPages(
      address, *people, concurrency, duration,
      absl::Milliseconds(absl::GetFlag(FLAGS_web_think_ms)));
  if (!paced.ok()) {
    std::cerr << "concierge-bench: web: " << paced.status() << "\n";
    return 2;
  }
  PrintWeb(*paced, web0, ReadProcess(web_pid), server0,
           ReadProcess(server_pid));
  return rpcs.errors == 0 && pages->errors == 0 && paced->errors == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  // Debian builds Abseil without NDEBUG, so every absl::Mutex (gRPC's
  // included) keeps a lock-order graph for deadlock detection: a global lock
  // and bookkeeping on every acquisition. Tests keep it; production does not.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  absl::SetProgramUsageMessage(
      "concierge-bench setup|run|web|stream-server [--flags]");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  const std::string command = args.size() > 1 ? args[1] : "run";
  if (command == "setup") return Setup();
  if (command == "run") return Run();
  if (command == "web") return Web();
  if (command == "stream-server") {
    return concierge::bench::ServeStreams(absl::GetFlag(FLAGS_listen),
                                          absl::GetFlag(FLAGS_message_bytes));
  }
  std::cerr << "concierge-bench: unknown command " << command
            << " (setup, run, web or stream-server)\n";
  return 2;
}
