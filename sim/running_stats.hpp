#pragma once
// RunningStats: count, mean, variance, min and max of a stream of values in
// O(1) memory, with Welford's update (numerically stable) and Chan et al.'s
// pairwise merge for combining partial results.

#include <cmath>
#include <cstdint>
#include <limits>

namespace tiaokuai::sim {

class RunningStats {
 public:
  void add(double x) {
    ++count_;
    const double delta = x - mean_;
    mean_ += delta / static_cast<double>(count_);
    m2_ += delta * (x - mean_);
    if (x < min_) min_ = x;
    if (x > max_) max_ = x;
  }

  void merge(const RunningStats& other) {
    if (other.count_ == 0) return;
    if (count_ == 0) {
      *this = other;
      return;
    }
    const double n_a = static_cast<double>(count_);
    const double n_b = static_cast<double>(other.count_);
    const double n = n_a + n_b;
    const double delta = other.mean_ - mean_;
    mean_ += delta * n_b / n;
    m2_ += other.m2_ + delta * delta * n_a * n_b / n;
    count_ += other.count_;
    if (other.min_ < min_) min_ = other.min_;
    if (other.max_ > max_) max_ = other.max_;
  }

  std::uint64_t count() const { return count_; }
  // Mean of the values; NaN when empty.
  double mean() const { return count_ == 0 ? std::numeric_limits<double>::quiet_NaN() : mean_; }
  // Sample variance (divisor n - 1); NaN with fewer than two values.
  double variance() const {
    return count_ < 2 ? std::numeric_limits<double>::quiet_NaN() : m2_ / static_cast<double>(count_ - 1);
  }
  double stddev() const { return std::sqrt(variance()); }
  double min() const { return count_ == 0 ? std::numeric_limits<double>::quiet_NaN() : min_; }
  double max() const { return count_ == 0 ? std::numeric_limits<double>::quiet_NaN() : max_; }

 private:
  std::uint64_t count_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

}  // namespace tiaokuai::sim
