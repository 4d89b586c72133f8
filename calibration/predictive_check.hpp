#pragma once
// The posterior predictive check: each target's observed value against the
// distribution of the simulated value at posterior draws (Gelman, Meng and
// Stern 1996). A target the calibrated model cannot reproduce shows here,
// whatever the parameters' intervals say.

#include <string>
#include <vector>

#include "calibration/problem.hpp"

namespace tiaokuai::calibration {

struct TargetCheck {
  std::string metric;
  double observed = 0, sd = 0;
  double simulated_mean = 0, simulated_lower = 0, simulated_median = 0, simulated_upper = 0;  // lower, upper: 5 % and 95 %
  // (observed - simulated mean) / sqrt(sd^2 + discrepancy^2 + variance of
  // the simulated values): how far the observation lies from what the
  // calibrated model predicts, in the predictive standard deviation of an
  // observation.
  double z = 0;
  bool consistent = false;  // |z| <= 2
  std::size_t draws = 0;    // simulated draws with a defined value
};

// predictive[draw][target]: the simulated values (NaN: a failed draw, left
// out); discrepancy_sd[target]: the targets file's model discrepancy (0 if
// none), which widens z's scale as it widens the observation's sd in the fit.
std::vector<TargetCheck> check_targets(const std::vector<Target>& targets, const std::vector<double>& discrepancy_sd,
                                       const std::vector<std::vector<double>>& predictive);

}  // namespace tiaokuai::calibration
