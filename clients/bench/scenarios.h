#ifndef CONCIERGE_CLIENTS_BENCH_SCENARIOS_H_
#define CONCIERGE_CLIENTS_BENCH_SCENARIOS_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "clients/bench/load.h"
#include "clients/bench/setup.h"

namespace concierge::bench {

struct ScenarioOptions {
  int concurrency = 32;
  // Calls per second for an open-loop run; 0: closed loop at `concurrency`.
  double rate = 0;
  absl::Duration duration = absl::Seconds(20);
};

// health (the empty call), create, brief, list, mixed.
absl::StatusOr<LoadResult> RunScenario(
    const std::string& name,
    const std::vector<std::shared_ptr<grpc::Channel>>& channels,
    const BenchData& data, const ScenarioOptions& options);

}  // namespace concierge::bench

#endif  // CONCIERGE_CLIENTS_BENCH_SCENARIOS_H_
