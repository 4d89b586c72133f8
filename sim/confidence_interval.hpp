#pragma once
// Student-t confidence intervals for a mean, from independent observations
// (replications, or the paired differences of common-random-number arms).

#include "sim/running_stats.hpp"

namespace tiaokuai::sim {

struct ConfidenceInterval {
  double estimate = 0.0;
  double half_width = 0.0;  // NaN when fewer than two observations
  double level = 0.95;
  double lower() const { return estimate - half_width; }
  double upper() const { return estimate + half_width; }
  bool contains(double x) const { return lower() <= x && x <= upper(); }
};

// Quantile p of Student's t with `degrees_of_freedom` > 0 (Boost.Math).
double student_t_quantile(double degrees_of_freedom, double p);

// mean ± t_{(1+level)/2, n-1} * s / sqrt(n).
ConfidenceInterval student_t_interval(const RunningStats& sample, double level = 0.95);

// Two-sided p-value of the one-sample t test that the sample's mean is 0
// (applied to paired differences: the paired t test). NaN with fewer than
// two observations; with no spread, 1 for a mean of 0 and 0 otherwise.
double student_t_p_value(const RunningStats& sample);

}  // namespace tiaokuai::sim
