#pragma once
// Histogram: counts of values in equal-width bins over [low, high), with
// separate underflow and overflow counts so that no value is lost.

#include <cstdint>
#include <vector>

namespace tiaokuai::sim {

class Histogram {
 public:
  // bins > 0 and low < high, else std::invalid_argument.
  Histogram(double low, double high, std::size_t bins);

  void add(double x);

  std::size_t bins() const { return counts_.size(); }
  std::uint64_t count(std::size_t bin) const { return counts_[bin]; }
  double bin_low(std::size_t bin) const { return low_ + width_ * static_cast<double>(bin); }
  double bin_high(std::size_t bin) const { return bin_low(bin + 1); }
  std::uint64_t underflow() const { return underflow_; }  // x < low (and NaN)
  std::uint64_t overflow() const { return overflow_; }    // x >= high
  std::uint64_t total() const { return total_; }

 private:
  double low_;
  double high_;
  double width_;
  std::vector<std::uint64_t> counts_;
  std::uint64_t underflow_ = 0;
  std::uint64_t overflow_ = 0;
  std::uint64_t total_ = 0;
};

}  // namespace tiaokuai::sim
