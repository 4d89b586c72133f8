#pragma once
// TimeWeightedAverage: the average over time of a piecewise-constant level,
// such as busy staff (utilisation) or issues in the system (Little's law).
// The level holds from one update to the next; averages are exact integrals,
// computed in ticks, not sampled.

#include <limits>
#include <stdexcept>

#include "sim/time.hpp"

namespace tiaokuai::sim {

class TimeWeightedAverage {
 public:
  explicit TimeWeightedAverage(Time start = Time::zero(), double level = 0.0) : start_(start), last_(start), level_(level) {}

  // The level changes to `level` at time `t` (t must not go backwards).
  void set(Time t, double level) {
    advance(t);
    level_ = level;
  }
  void add(Time t, double delta) { set(t, level_ + delta); }

  // Forgets the past and starts averaging at `t` with the current level
  // (used at the end of a warm-up period).
  void restart(Time t) {
    advance(t);
    start_ = t;
    area_ = 0.0;
  }

  double level() const { return level_; }

  // Average level over [start, until]; NaN for an empty interval.
  double mean(Time until) const {
    if (until < last_) throw std::invalid_argument("TimeWeightedAverage::mean: time before the last update");
    const double span = static_cast<double>((until - start_).ticks());
    if (span <= 0.0) return std::numeric_limits<double>::quiet_NaN();
    const double area = area_ + level_ * static_cast<double>((until - last_).ticks());
    return area / span;
  }

 private:
  void advance(Time t) {
    if (t < last_) throw std::invalid_argument("TimeWeightedAverage: time went backwards");
    area_ += level_ * static_cast<double>((t - last_).ticks());
    last_ = t;
  }

  Time start_;
  Time last_;
  double level_;
  double area_ = 0.0;
};

}  // namespace tiaokuai::sim
