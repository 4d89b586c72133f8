#include "analysis/effects.hpp"

#include <cmath>
#include <limits>

#include "sim/confidence_interval.hpp"
#include "sim/running_stats.hpp"

namespace tiaokuai::analysis {

Effect paired_effect(const std::vector<double>& treatment, const std::vector<double>& base, double level) {
  sim::RunningStats differences, treated, untreated;
  for (std::size_t r = 0; r < std::min(treatment.size(), base.size()); ++r) {
    if (std::isnan(treatment[r]) || std::isnan(base[r])) continue;
    differences.add(treatment[r] - base[r]);
    treated.add(treatment[r]);
    untreated.add(base[r]);
  }
  Effect effect;
  effect.pairs = differences.count();
  effect.base_mean = untreated.mean();
  effect.treatment_mean = treated.mean();
  effect.difference = differences.mean();
  effect.paired_half_width = sim::student_t_interval(differences, level).half_width;
  effect.paired_p_value = sim::student_t_p_value(differences);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (effect.pairs < 2) {
    effect.unpaired_half_width = nan;
    return effect;
  }
  const double n = static_cast<double>(effect.pairs);
  const double a = treated.variance() / n, b = untreated.variance() / n;
  const double se = std::sqrt(a + b);
  if (se == 0.0) {
    effect.unpaired_half_width = 0.0;
    return effect;
  }
  const double df = (a + b) * (a + b) / (a * a / (n - 1) + b * b / (n - 1));
  effect.unpaired_half_width = sim::student_t_quantile(df, 0.5 + level / 2) * se;
  return effect;
}

Precision precision(const std::vector<double>& sample, double target_half_width, double level) {
  sim::RunningStats stats;
  for (const double x : sample) {
    if (!std::isnan(x)) stats.add(x);
  }
  Precision p;
  p.n = stats.count();
  p.mean = stats.mean();
  p.sd = p.n > 1 ? stats.stddev() : std::numeric_limits<double>::quiet_NaN();
  p.half_width = sim::student_t_interval(stats, level).half_width;
  if (p.n < 2 || !(target_half_width > 0)) return p;
  // Smallest n with t_{n-1} s / sqrt(n) <= target, taking s as known.
  std::size_t n = 2;
  while (n < 1000000 && sim::student_t_quantile(static_cast<double>(n - 1), 0.5 + level / 2) * p.sd / std::sqrt(static_cast<double>(n)) > target_half_width) {
    n = n < 64 ? n + 1 : n + n / 16;
  }
  p.replications_needed = n;
  return p;
}

}  // namespace tiaokuai::analysis
