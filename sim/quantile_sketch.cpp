#include "sim/quantile_sketch.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace tiaokuai::sim {

QuantileSketch::QuantileSketch(double relative_accuracy, double zero_threshold)
    : buckets_scheme_(relative_accuracy, "QuantileSketch"), zero_threshold_(zero_threshold) {}

void QuantileSketch::add(double x) {
  if (!std::isfinite(x) || x < 0.0) throw std::invalid_argument("QuantileSketch: values must be finite and >= 0");
  if (count_ == 0) {
    min_ = max_ = x;
  } else {
    min_ = std::min(min_, x);
    max_ = std::max(max_, x);
  }
  ++count_;
  if (x < zero_threshold_) {
    ++zeros_;
    return;
  }
  const int bucket = buckets_scheme_.bucket_of(x);
  if (buckets_.empty()) {
    first_bucket_ = bucket;
    buckets_.push_back(0);
  } else if (bucket < first_bucket_) {
    buckets_.insert(buckets_.begin(), static_cast<std::size_t>(first_bucket_ - bucket), 0);
    first_bucket_ = bucket;
  } else if (bucket - first_bucket_ >= static_cast<int>(buckets_.size())) {
    buckets_.resize(static_cast<std::size_t>(bucket - first_bucket_ + 1), 0);
  }
  ++buckets_[static_cast<std::size_t>(bucket - first_bucket_)];
}

void QuantileSketch::merge(const QuantileSketch& other) {
  if (other.relative_accuracy() != relative_accuracy() || other.zero_threshold_ != zero_threshold_) {
    throw std::invalid_argument("QuantileSketch::merge: sketches differ in accuracy or zero threshold");
  }
  if (other.count_ == 0) return;
  if (count_ == 0) {
    *this = other;
    return;
  }
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  count_ += other.count_;
  zeros_ += other.zeros_;
  if (other.buckets_.empty()) return;
  if (buckets_.empty()) {
    buckets_ = other.buckets_;
    first_bucket_ = other.first_bucket_;
    return;
  }
  const int first = std::min(first_bucket_, other.first_bucket_);
  const int end = std::max(first_bucket_ + static_cast<int>(buckets_.size()),
                           other.first_bucket_ + static_cast<int>(other.buckets_.size()));
  std::vector<std::uint64_t> merged(static_cast<std::size_t>(end - first), 0);
  for (std::size_t i = 0; i < buckets_.size(); ++i) merged[i + static_cast<std::size_t>(first_bucket_ - first)] += buckets_[i];
  for (std::size_t i = 0; i < other.buckets_.size(); ++i) {
    merged[i + static_cast<std::size_t>(other.first_bucket_ - first)] += other.buckets_[i];
  }
  buckets_ = std::move(merged);
  first_bucket_ = first;
}

double QuantileSketch::quantile(double q) const {
  if (!(q >= 0.0 && q <= 1.0)) throw std::invalid_argument("quantile: q must lie in [0, 1]");
  if (count_ == 0) return std::numeric_limits<double>::quiet_NaN();
  if (q == 0.0) return min_;
  if (q == 1.0) return max_;
  const auto rank = static_cast<std::uint64_t>(q * static_cast<double>(count_ - 1));
  if (rank < zeros_) return min_;
  std::uint64_t seen = zeros_;
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen > rank) return std::clamp(buckets_scheme_.centre_of(first_bucket_ + static_cast<int>(i)), min_, max_);
  }
  return max_;
}

}  // namespace tiaokuai::sim
