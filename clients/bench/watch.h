#ifndef CONCIERGE_CLIENTS_BENCH_WATCH_H_
#define CONCIERGE_CLIENTS_BENCH_WATCH_H_

// The live-task scenarios (issue 23, docs/PERFORMANCE.md):
//   watch         streams on one department, requests created and assigned
//   watch-all     the same at 10,000 streams, then a ramp of event rates to
//                 find the highest one every stream keeps up with
//   watch-spread  streams over many sites' departments and their staff
//   watch-slow    readers beside streams that never read
//   watch-limit   the machine's limit: a minimal server (ServeStreams, the
//                 same gRPC build) pushing same-sized messages to every
//                 stream as fast as they are read
// Delivery latency is commit (the event's time) to client.

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "clients/bench/load.h"
#include "clients/bench/setup.h"

namespace concierge::bench {

struct WatchOptions {
  int streams = 1000;
  // Of `streams`, how many never read (watch-slow).
  int stuck = 0;
  double events_per_s = 10;
  absl::Duration duration = absl::Seconds(20);
  // watch-all: event rates tried after the measured phase, each for
  // `ramp_step`, stopping at the first one not kept up with.
  std::vector<double> ramp;
  absl::Duration ramp_step = absl::Seconds(5);
  // The server's CPU seconds so far (0 when unknown), read around each
  // phase so opening the streams is not charged to the deliveries.
  std::function<double()> server_cpu_s = [] { return 0.0; };
};

// One stretch of steady event rate.
struct WatchPhase {
  double offered_per_s = 0;
  double achieved_per_s = 0;  // events the driver made, per second
  int64_t events = 0;
  int64_t expected = 0;  // deliveries to the reading streams
  int64_t delivered = 0;
  double deliveries_per_s = 0;
  double p50_ms = 0, p95_ms = 0, p99_ms = 0, max_ms = 0;
  double server_cpu_s = 0;  // during the phase and its drain
  double cpu_us_per_delivery() const {
    return delivered > 0 ? server_cpu_s * 1e6 / delivered : 0;
  }
  bool kept_up(double p99_limit_ms) const {
    return delivered >= expected && p99_ms < p99_limit_ms;
  }
};

struct WatchResult {
  int readers = 0;
  int stuck = 0;
  int streams_open = 0;      // readers still open at the end
  int stream_errors = 0;     // readers ended by the server
  int stuck_exhausted = 0;   // stuck streams ended with RESOURCE_EXHAUSTED
  double message_bytes = 0;  // average TaskEvent size received
  WatchPhase main;
  std::vector<WatchPhase> ramp;
  LoadResult driver;   // the creates and assigns
  double setup_s = 0;  // opening the streams
};

absl::StatusOr<WatchResult> RunWatch(
    const std::string& scenario,
    const std::vector<std::shared_ptr<grpc::Channel>>& channels,
    const BenchData& data, const WatchOptions& options);

struct LimitResult {
  int streams = 0;
  int64_t deliveries = 0;
  double deliveries_per_s = 0;
};

// Against ServeStreams: `streams` streams read for `duration`.
absl::StatusOr<LimitResult> RunStreamLimit(
    const std::vector<std::shared_ptr<grpc::Channel>>& channels, int streams,
    absl::Duration duration);

// The minimal server-streaming server: ServiceRequestService.WatchTasks
// only, every stream sent one pre-serialized TaskEvent of about
// `message_bytes` again and again, each write started when the last one
// completed. Serves until SIGTERM or SIGINT; returns the exit code.
int ServeStreams(const std::string& address, int message_bytes);

}  // namespace concierge::bench

#endif  // CONCIERGE_CLIENTS_BENCH_WATCH_H_
