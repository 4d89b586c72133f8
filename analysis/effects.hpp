#pragma once
// The effect of one design point against another on a metric: the mean
// difference over replications, with a 95 % interval from the paired
// differences (common random numbers make replication r of both points
// share their luck) and, beside it, the unpaired (Welch) interval that
// ignores the pairing, so the gain from pairing shows.

#include <cstddef>
#include <vector>

namespace tiaokuai::analysis {

struct Effect {
  std::size_t pairs = 0;
  double base_mean = 0, treatment_mean = 0;
  double difference = 0;        // treatment - base
  double paired_half_width = 0;     // NaN with fewer than two pairs
  double unpaired_half_width = 0;   // Welch; NaN with fewer than two per arm
  double paired_p_value = 0;        // two-sided paired t test of difference = 0; NaN with fewer than two pairs
  bool excludes_zero() const { return difference - paired_half_width > 0 || difference + paired_half_width < 0; }
};

// `treatment[r]` and `base[r]` are replication r of each arm; pairs where
// either is NaN (a failed run) are left out.
Effect paired_effect(const std::vector<double>& treatment, const std::vector<double>& base, double level = 0.95);

// Half-width of the t interval of a mean, and the replications a mean would
// need for a half-width of `target` (at least 2).
struct Precision {
  std::size_t n = 0;
  double mean = 0, sd = 0, half_width = 0;
  std::size_t replications_needed = 0;
};
Precision precision(const std::vector<double>& sample, double target_half_width, double level = 0.95);

}  // namespace tiaokuai::analysis
