#ifndef CONCIERGE_SERVER_COMMON_METRICS_H_
#define CONCIERGE_SERVER_COMMON_METRICS_H_

// A small metrics registry with the Prometheus text exposition format
// (version 0.0.4): counters, gauges, histograms with fixed buckets, and
// values computed when scraped (collectors).
//
// Instruments are created once (creation takes the registry's lock) and
// then updated with relaxed atomics only, so the hot path never locks.
// Instruments live as long as their registry; pointers to them stay valid.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace concierge::metrics {

// Label names and values of one series, in the order given.
using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void Increment(uint64_t n = 1) {
    value_.fetch_add(n, std::memory_order_relaxed);
  }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

class Gauge {
 public:
  void Set(int64_t v) { value_.store(v, std::memory_order_relaxed); }
  void Add(int64_t d) { value_.fetch_add(d, std::memory_order_relaxed); }
  int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

class Histogram {
 public:
  // `bounds`: the buckets' upper bounds, ascending; +Inf is implied.
  explicit Histogram(std::vector<double> bounds);

  void Observe(double value);

  struct Snapshot {
    // Cumulative counts per bound, then +Inf (== count).
    std::vector<uint64_t> cumulative;
    uint64_t count = 0;
    double sum = 0;
  };
  Snapshot Read() const;
  const std::vector<double>& bounds() const { return bounds_; }

 private:
  const std::vector<double> bounds_;
  // One slot per bound plus the +Inf slot; not cumulative.
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;
  std::atomic<double> sum_{0};
};

// Latency buckets in seconds: 0.5 ms to 10 s.
const std::vector<double>& LatencyBuckets();

// One value a collector reports at scrape time.
struct Sample {
  Labels labels;
  double value = 0;
};

enum class Type { kCounter, kGauge, kHistogram };

class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // The instrument named `name` with `labels`, created on first use. A
  // name is one family: asking for it with another type (or other bucket
  // bounds) is a programming error and aborts.
  Counter& GetCounter(absl::string_view name, absl::string_view help,
                      const Labels& labels = {});
  Gauge& GetGauge(absl::string_view name, absl::string_view help,
                  const Labels& labels = {});
  Histogram& GetHistogram(absl::string_view name, absl::string_view help,
                          const std::vector<double>& bounds,
                          const Labels& labels = {});

  // Samples computed at each scrape (a pool's size, streams open now). The
  // function runs under the registry's lock: keep it short and never call
  // back into the registry. Returns a handle for RemoveCollector.
  using Collect = std::function<std::vector<Sample>()>;
  int AddCollector(absl::string_view name, absl::string_view help, Type type,
                   Collect collect);
  // After this returns the collector is never called again.
  void RemoveCollector(int handle);

  // Every family in name order, in the Prometheus text format.
  std::string Render() const;

 private:
  struct Family;
  Family& FamilyLocked(absl::string_view name, absl::string_view help,
                       Type type) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  std::map<std::string, std::unique_ptr<Family>, std::less<>> families_
      ABSL_GUARDED_BY(mu_);
  int next_handle_ ABSL_GUARDED_BY(mu_) = 0;
};

// The process's registry, which the metrics endpoint serves.
Registry& Global();

// "1.5", "0.005", "+Inf": numbers as Prometheus reads them.
std::string FormatValue(double value);
// Escapes a label value (backslash, double quote, newline).
std::string EscapeLabelValue(absl::string_view value);

}  // namespace concierge::metrics

#endif  // CONCIERGE_SERVER_COMMON_METRICS_H_
