#ifndef CONCIERGE_CLIENTS_BENCH_SETUP_H_
#define CONCIERGE_CLIENTS_BENCH_SETUP_H_

// The data the scenarios drive: created once through the public API with an
// administrator's token, saved to a small file the runs read.

#include <grpcpp/grpcpp.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace concierge::bench {

// A site of the spread scenario: its maintenance department's staff hold
// the streams; requests are booked there and assigned to them.
struct SpreadSite {
  std::string site;
  std::string item;
  std::string supervisor_token;
  std::string resident_token;
  std::vector<std::string> staff_names;
  std::vector<std::string> staff_tokens;
};

struct BenchData {
  std::string residential_site;
  std::string hotel_site;
  // The published free item residents book in `create` (a maintenance
  // errand, so the maintenance staff's streams see it).
  std::string item;
  std::vector<std::string> resident_tokens;
  std::vector<std::string> household_names;
  std::string supervisor_token;             // maintenance supervisor
  std::vector<std::string> assignee_names;  // maintenance staff
  std::vector<std::string> watcher_tokens;  // maintenance staff tokens
  std::string attendant_token;              // hotel housekeeping staff
  std::vector<std::string> rooms;           // occupied room numbers
  std::vector<SpreadSite> spread;           // watch-spread
};

struct SetupSizes {
  int households = 200;
  int rooms = 300;
  int watchers = 130;  // 8 streams each: up to 1,040 streams
  // watch-spread: sites (one maintenance department each) and staff per
  // department.
  int spread_sites = 0;
  int spread_staff = 40;
};

absl::StatusOr<BenchData> CreateBenchData(
    const std::shared_ptr<grpc::Channel>& channel,
    const std::string& admin_token, const SetupSizes& sizes);

absl::Status SaveBenchData(const BenchData& data, const std::string& path);
absl::StatusOr<BenchData> LoadBenchData(const std::string& path);

}  // namespace concierge::bench

#endif  // CONCIERGE_CLIENTS_BENCH_SETUP_H_
