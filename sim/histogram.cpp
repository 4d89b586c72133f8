#include "sim/histogram.hpp"

#include <cmath>
#include <stdexcept>

namespace tiaokuai::sim {

Histogram::Histogram(double low, double high, std::size_t bins)
    : low_(low), high_(high), width_((high - low) / static_cast<double>(bins)), counts_(bins, 0) {
  if (bins == 0 || !(low < high) || !std::isfinite(low) || !std::isfinite(high)) {
    throw std::invalid_argument("Histogram: need bins > 0 and finite low < high");
  }
}

void Histogram::add(double x) {
  ++total_;
  if (!(x >= low_)) {
    ++underflow_;
    return;
  }
  if (x >= high_) {
    ++overflow_;
    return;
  }
  auto bin = static_cast<std::size_t>((x - low_) / width_);
  if (bin >= counts_.size()) bin = counts_.size() - 1;  // rounding just below high
  ++counts_[bin];
}

}  // namespace tiaokuai::sim
