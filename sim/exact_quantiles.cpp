#include "sim/exact_quantiles.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace tiaokuai::sim {

double ExactQuantiles::quantile(double q) const {
  if (!(q >= 0.0 && q <= 1.0)) throw std::invalid_argument("quantile: q must lie in [0, 1]");
  if (values_.empty()) return std::numeric_limits<double>::quiet_NaN();
  if (!sorted_) {
    std::sort(values_.begin(), values_.end());
    sorted_ = true;
  }
  const double h = q * static_cast<double>(values_.size() - 1);
  const auto lower = static_cast<std::size_t>(std::floor(h));
  if (lower + 1 >= values_.size()) return values_.back();
  return values_[lower] + (h - static_cast<double>(lower)) * (values_[lower + 1] - values_[lower]);
}

}  // namespace tiaokuai::sim
