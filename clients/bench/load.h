#ifndef CONCIERGE_CLIENTS_BENCH_LOAD_H_
#define CONCIERGE_CLIENTS_BENCH_LOAD_H_

// A closed-loop load driver on gRPC's callback API: `concurrency` calls are
// kept in flight for `duration`; each completion starts the next call, so
// the client never needs a thread per call and is not the bottleneck.

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace concierge::bench {

// Starts one call; must invoke `done` exactly once with its status.
using Issue =
    std::function<void(int slot, std::function<void(grpc::Status)> done)>;

struct LoadResult {
  std::string scenario;
  int concurrency = 0;
  absl::Duration elapsed;
  int64_t calls = 0;
  int64_t errors = 0;
  // Every non-OK status seen, by code name.
  std::map<std::string, int64_t> errors_by_code;
  // Latencies in microseconds, sorted.
  std::vector<int64_t> latencies_us;

  double throughput() const;
  double Percentile(double p) const;  // milliseconds
  double ErrorRate() const;
};

LoadResult RunClosedLoop(const std::string& scenario, int concurrency,
                         absl::Duration duration, const Issue& issue);

// Open loop: starts calls at a fixed `rate` per second whatever the
// responses do, and measures each from its scheduled start (so a slow
// server is not hidden by the load generator slowing down).
LoadResult RunOpenLoop(const std::string& scenario, double rate,
                       absl::Duration duration, const Issue& issue);

// Several channels (separate TCP connections), so one HTTP/2 connection is
// not the limit.
std::vector<std::shared_ptr<grpc::Channel>> MakeChannels(
    const std::string& target, int count);

}  // namespace concierge::bench

#endif  // CONCIERGE_CLIENTS_BENCH_LOAD_H_
