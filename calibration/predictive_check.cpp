#include "calibration/predictive_check.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tiaokuai::calibration {
namespace {

// The p-quantile of sorted values, interpolated (Hyndman and Fan 1996, type 7).
double sorted_quantile(const std::vector<double>& sorted, double p) {
  const double position = p * static_cast<double>(sorted.size() - 1);
  const std::size_t below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (position - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

}  // namespace

std::vector<TargetCheck> check_targets(const std::vector<Target>& targets, const std::vector<double>& discrepancy_sd,
                                       const std::vector<std::vector<double>>& predictive) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<TargetCheck> checks;
  for (std::size_t k = 0; k < targets.size(); ++k) {
    TargetCheck check{targets[k].metric, targets[k].observed, targets[k].sd, nan, nan, nan, nan, nan, false, 0};
    std::vector<double> values;
    for (const std::vector<double>& draw : predictive) {
      if (std::isfinite(draw[k])) values.push_back(draw[k]);
    }
    check.draws = values.size();
    if (!values.empty()) {
      std::sort(values.begin(), values.end());
      double sum = 0;
      for (const double v : values) sum += v;
      check.simulated_mean = sum / static_cast<double>(values.size());
      double squares = 0;
      for (const double v : values) squares += (v - check.simulated_mean) * (v - check.simulated_mean);
      const double variance = values.size() > 1 ? squares / static_cast<double>(values.size() - 1) : 0.0;
      check.simulated_lower = sorted_quantile(values, 0.05);
      check.simulated_median = sorted_quantile(values, 0.5);
      check.simulated_upper = sorted_quantile(values, 0.95);
      const double discrepancy = discrepancy_sd.at(k);
      check.z = (check.observed - check.simulated_mean) / std::sqrt(check.sd * check.sd + discrepancy * discrepancy + variance);
      check.consistent = std::fabs(check.z) <= 2;
    }
    checks.push_back(check);
  }
  return checks;
}

}  // namespace tiaokuai::calibration
