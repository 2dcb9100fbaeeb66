#ifndef CONCIERGE_SERVER_DOMAIN_CLOCK_H_
#define CONCIERGE_SERVER_DOMAIN_CLOCK_H_

#include <atomic>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace concierge::domain {

// The only source of "now". Domain code is handed times; the API layer asks a
// Clock, so tests can move time (due dates, birthdays, sweeps) at will.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

class RealClock final : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};

// A clock tests set by hand. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(absl::Time start) : now_us_(absl::ToUnixMicros(start)) {}
  absl::Time Now() const override {
    return absl::FromUnixMicros(now_us_.load());
  }
  void Set(absl::Time t) { now_us_.store(absl::ToUnixMicros(t)); }
  void Advance(absl::Duration d) {
    now_us_.fetch_add(absl::ToInt64Microseconds(d));
  }

 private:
  std::atomic<int64_t> now_us_;
};

}  // namespace concierge::domain

#endif  // CONCIERGE_SERVER_DOMAIN_CLOCK_H_
