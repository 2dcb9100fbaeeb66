#include "server/common/metrics.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace concierge::metrics {

struct Registry::Family {
  Type type = Type::kCounter;
  std::string help;
  std::vector<double> bounds;  // histograms only
  std::map<Labels, std::unique_ptr<Counter>> counters;
  std::map<Labels, std::unique_ptr<Gauge>> gauges;
  std::map<Labels, std::unique_ptr<Histogram>> histograms;
  std::map<int, Collect> collectors;

  bool empty() const {
    return counters.empty() && gauges.empty() && histograms.empty() &&
           collectors.empty();
  }
};

namespace {

absl::string_view TypeName(Type type) {
  switch (type) {
    case Type::kCounter:
      return "counter";
    case Type::kGauge:
      return "gauge";
    case Type::kHistogram:
      return "histogram";
  }
  return "untyped";
}

// A registration mistake is a bug in this program, found by the first test
// that starts a server: fail loudly rather than expose wrong metrics.
[[noreturn]] void Misuse(absl::string_view what, absl::string_view name) {
  std::fprintf(stderr, "metrics: %.*s: %.*s\n", static_cast<int>(what.size()),
               what.data(), static_cast<int>(name.size()), name.data());
  std::abort();
}

// HELP text escapes only backslash and newline.
std::string EscapeHelp(absl::string_view help) {
  std::string out;
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// `name{a="x",b="y"}` with `extra` (already formatted, e.g. le="0.5")
// appended to the labels.
std::string SeriesName(absl::string_view name, const Labels& labels,
                       absl::string_view extra = "") {
  std::string out(name);
  if (labels.empty() && extra.empty()) return out;
  out += '{';
  bool first = true;
  for (const auto& [key, value] : labels) {
    if (!first) out += ',';
    first = false;
    absl::StrAppend(&out, key, "=\"", EscapeLabelValue(value), "\"");
  }
  if (!extra.empty()) {
    if (!first) out += ',';
    out.append(extra.data(), extra.size());
  }
  out += '}';
  return out;
}

void RenderHistogram(std::string& out, absl::string_view name,
                     const Labels& labels, const Histogram& histogram) {
  const Histogram::Snapshot s = histogram.Read();
  const std::string bucket = absl::StrCat(name, "_bucket");
  for (size_t i = 0; i < histogram.bounds().size(); ++i) {
    absl::StrAppend(
        &out,
        SeriesName(
            bucket, labels,
            absl::StrCat("le=\"", FormatValue(histogram.bounds()[i]), "\"")),
        " ", s.cumulative[i], "\n");
  }
  absl::StrAppend(&out, SeriesName(bucket, labels, "le=\"+Inf\""), " ", s.count,
                  "\n");
  absl::StrAppend(&out, SeriesName(absl::StrCat(name, "_sum"), labels), " ",
                  FormatValue(s.sum), "\n");
  absl::StrAppend(&out, SeriesName(absl::StrCat(name, "_count"), labels), " ",
                  s.count, "\n");
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      counts_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) counts_[i] = 0;
}

void Histogram::Observe(double value) {
  // Few buckets: a linear scan beats a binary search.
  size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) ++i;
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::Read() const {
  Snapshot s;
  s.cumulative.reserve(bounds_.size() + 1);
  uint64_t running = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    s.cumulative.push_back(running);
  }
  // The count is the +Inf bucket, so the two always agree.
  s.count = running;
  s.sum = sum_.load(std::memory_order_relaxed);
  return s;
}

const std::vector<double>& LatencyBuckets() {
  static const std::vector<double>* const kBuckets =
      new std::vector<double>{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                              0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  return *kBuckets;
}

Registry::Registry() = default;
Registry::~Registry() = default;

Registry::Family& Registry::FamilyLocked(absl::string_view name,
                                         absl::string_view help, Type type) {
  auto it = families_.find(name);
  if (it == families_.end()) {
    auto family = std::make_unique<Family>();
    family->type = type;
    family->help = std::string(help);
    it = families_.emplace(std::string(name), std::move(family)).first;
  } else if (it->second->type != type) {
    Misuse("registered again with another type", name);
  }
  return *it->second;
}

Counter& Registry::GetCounter(absl::string_view name, absl::string_view help,
                              const Labels& labels) {
  absl::MutexLock lock(&mu_);
  auto& slot = FamilyLocked(name, help, Type::kCounter).counters[labels];
  if (slot == nullptr) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& Registry::GetGauge(absl::string_view name, absl::string_view help,
                          const Labels& labels) {
  absl::MutexLock lock(&mu_);
  auto& slot = FamilyLocked(name, help, Type::kGauge).gauges[labels];
  if (slot == nullptr) slot = std::make_unique<Gauge>();
  return *slot;
}

Histogram& Registry::GetHistogram(absl::string_view name,
                                  absl::string_view help,
                                  const std::vector<double>& bounds,
                                  const Labels& labels) {
  absl::MutexLock lock(&mu_);
  Family& family = FamilyLocked(name, help, Type::kHistogram);
  if (family.histograms.empty() && family.bounds.empty()) {
    family.bounds = bounds;
  } else if (family.bounds != bounds) {
    Misuse("registered again with other buckets", name);
  }
  auto& slot = family.histograms[labels];
  if (slot == nullptr) slot = std::make_unique<Histogram>(bounds);
  return *slot;
}

int Registry::AddCollector(absl::string_view name, absl::string_view help,
                           Type type, Collect collect) {
  if (type == Type::kHistogram) Misuse("collectors report no histograms", name);
  absl::MutexLock lock(&mu_);
  const int handle = ++next_handle_;
  FamilyLocked(name, help, type).collectors[handle] = std::move(collect);
  return handle;
}

void Registry::RemoveCollector(int handle) {
  absl::MutexLock lock(&mu_);
  for (auto& [name, family] : families_) {
    if (family->collectors.erase(handle) > 0) return;
  }
}

std::string Registry::Render() const {
  std::string out;
  absl::MutexLock lock(&mu_);
  for (const auto& [name, family] : families_) {
    if (family->empty()) continue;
    absl::StrAppend(&out, "# HELP ", name, " ", EscapeHelp(family->help),
                    "\n# TYPE ", name, " ", TypeName(family->type), "\n");
    for (const auto& [labels, counter] : family->counters) {
      absl::StrAppend(&out, SeriesName(name, labels), " ", counter->value(),
                      "\n");
    }
    for (const auto& [labels, gauge] : family->gauges) {
      absl::StrAppend(&out, SeriesName(name, labels), " ", gauge->value(),
                      "\n");
    }
    for (const auto& [labels, histogram] : family->histograms) {
      RenderHistogram(out, name, labels, *histogram);
    }
    for (const auto& [handle, collect] : family->collectors) {
      for (const Sample& sample : collect()) {
        absl::StrAppend(&out, SeriesName(name, sample.labels), " ",
                        FormatValue(sample.value), "\n");
      }
    }
  }
  return out;
}

Registry& Global() {
  static Registry* const registry = new Registry();
  return *registry;
}

std::string FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  // Shortest text that reads back as the same double ("0.005", "12").
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

std::string EscapeLabelValue(absl::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

}  // namespace concierge::metrics
