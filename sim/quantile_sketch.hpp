#pragma once
// QuantileSketch: streaming quantiles of non-negative values (latencies) in
// bounded memory, with a guaranteed relative error (DDSketch; Masson, Rim and
// Lee, VLDB 2019).
//
// A value x > 0 falls in bucket ceil(log_gamma(x)), gamma = (1+a)/(1-a);
// a quantile answers the bucket's centre, within a relative error `a` of the
// exact order statistic. Memory is O(log(max/min) / a) buckets, whatever the
// count: 1 ms to 1 year at a = 0.5 % needs about 2,500 buckets. Values below
// `zero_threshold` count as zero. Sketches with the same accuracy merge
// exactly, so per-run sketches can be combined across replications.

#include <cstdint>
#include <vector>

#include "sim/log_buckets.hpp"

namespace tiaokuai::sim {

class QuantileSketch {
 public:
  explicit QuantileSketch(double relative_accuracy = 0.005, double zero_threshold = 1e-9);

  // x must be finite and >= 0.
  void add(double x);
  void merge(const QuantileSketch& other);

  std::uint64_t count() const { return count_; }
  // q in [0, 1]: the value of rank floor(q * (count - 1)) (lower quantile),
  // clamped to the exact min and max; NaN when empty.
  double quantile(double q) const;
  double relative_accuracy() const { return buckets_scheme_.relative_accuracy(); }

 private:
  LogBuckets buckets_scheme_;
  double zero_threshold_;
  std::vector<std::uint64_t> buckets_;  // buckets_[i] counts bucket first_bucket_ + i
  int first_bucket_ = 0;
  std::uint64_t zeros_ = 0;
  std::uint64_t count_ = 0;
  double min_ = 0.0;
  double max_ = 0.0;
};

}  // namespace tiaokuai::sim
