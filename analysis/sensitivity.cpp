#include "analysis/sensitivity.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <tuple>

#include "sim/random_stream.hpp"
#include "sim/running_stats.hpp"

namespace tiaokuai::analysis {
namespace {

struct Estimate {
  double first, total;
};

Estimate estimate(const std::vector<double>& f_a, const std::vector<double>& f_b, const std::vector<double>& f_ab,
                  const std::vector<std::size_t>& rows) {
  sim::RunningStats all;
  for (const std::size_t j : rows) {
    all.add(f_a[j]);
    all.add(f_b[j]);
  }
  // Centring f(B) leaves the first-order estimator unbiased (E[f(AB) - f(A)]
  // is 0) and removes most of its variance when the mean is large.
  const double centre = all.mean();
  double first = 0, total = 0;
  for (const std::size_t j : rows) {
    first += (f_b[j] - centre) * (f_ab[j] - f_a[j]);
    total += (f_a[j] - f_ab[j]) * (f_a[j] - f_ab[j]);
  }
  const double n = static_cast<double>(rows.size());
  const double variance = all.variance();
  if (!(variance > 0)) return {0.0, 0.0};
  return {first / n / variance, total / (2.0 * n) / variance};
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const double position = p * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, values.size() - 1);
  return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
}

// The percentile interval of the defined bootstrap values (NaN if none).
std::pair<double, double> percentile_interval(const std::vector<double>& values, double level) {
  std::vector<double> defined;
  for (const double v : values) {
    if (!std::isnan(v)) defined.push_back(v);
  }
  if (defined.empty()) return {std::nan(""), std::nan("")};
  const double tail = (1.0 - level) / 2.0;
  return {percentile(defined, tail), percentile(defined, 1.0 - tail)};
}

struct MorrisSummary {
  std::size_t effects = 0;
  double mu = 0, mu_star = 0, sigma = 0;
};

// mu, mu* and sigma of one factor's effects (by trajectory, NaN for a
// dropped step) over the trajectories `drawn`. Sigma needs effects of two
// distinct trajectories: a bootstrap resample that draws one trajectory
// twice has no spread to measure, and would report 0.
MorrisSummary summarise(const std::vector<double>& effects, const std::vector<std::size_t>& drawn) {
  sim::RunningStats signed_effects, magnitudes;
  std::size_t first_defined = effects.size();
  bool two_trajectories = false;
  for (const std::size_t t : drawn) {
    if (std::isnan(effects[t])) continue;
    signed_effects.add(effects[t]);
    magnitudes.add(std::abs(effects[t]));
    if (first_defined == effects.size()) first_defined = t;
    two_trajectories = two_trajectories || t != first_defined;
  }
  const double sigma = two_trajectories ? signed_effects.stddev() : std::numeric_limits<double>::quiet_NaN();
  return {static_cast<std::size_t>(signed_effects.count()), signed_effects.mean(), magnitudes.mean(), sigma};
}

// The percentile interval of a statistic over the resamples, or none
// (NaN, NaN) when the statistic itself is undefined.
std::pair<double, double> interval_of(double estimate, const std::vector<double>& resampled, double level) {
  if (std::isnan(estimate)) return {estimate, estimate};
  return percentile_interval(resampled, level);
}

// "T:t:m" as (t, m); false for another label.
bool trajectory_position(const std::string& label, std::size_t& trajectory, std::size_t& point) {
  if (!label.starts_with("T:")) return false;
  const char* end = label.data() + label.size();
  const auto first = std::from_chars(label.data() + 2, end, trajectory);
  if (first.ec != std::errc() || first.ptr == end || *first.ptr != ':') return false;
  const auto second = std::from_chars(first.ptr + 1, end, point);
  return second.ec == std::errc() && second.ptr == end;
}

}  // namespace

std::vector<MorrisIndex> morris_indices(const std::vector<MorrisStep>& steps, const std::vector<std::string>& factors,
                                        std::size_t trajectories, int bootstrap_samples, std::uint64_t seed, double level) {
  const double missing = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::vector<double>> effects(factors.size(), std::vector<double>(trajectories, missing));
  for (const MorrisStep& step : steps) {
    bool complete = !step.before.empty() && step.before.size() == step.after.size() && step.delta != 0.0;
    for (std::size_t r = 0; complete && r < step.before.size(); ++r) complete = !std::isnan(step.before[r]) && !std::isnan(step.after[r]);
    if (!complete) continue;
    sim::RunningStats paired;
    for (std::size_t r = 0; r < step.before.size(); ++r) paired.add((step.after[r] - step.before[r]) / step.delta);
    effects[step.factor][step.trajectory] = paired.mean();
  }
  std::vector<std::size_t> all(trajectories);
  for (std::size_t t = 0; t < trajectories; ++t) all[t] = t;
  std::vector<MorrisIndex> indices;
  for (std::size_t i = 0; i < factors.size(); ++i) {
    const MorrisSummary point = summarise(effects[i], all);
    indices.push_back({factors[i], point.effects, point.mu, 0, 0, point.mu_star, 0, 0, point.sigma, 0, 0});
  }
  // One resample of the trajectories for every factor, as the factors'
  // effects in a trajectory come from the same points.
  std::vector<std::vector<MorrisSummary>> resampled(factors.size());
  sim::RandomStream random(seed, 0, "analysis/morris_bootstrap");
  std::vector<std::size_t> drawn(trajectories);
  for (int b = 0; b < bootstrap_samples && trajectories > 0; ++b) {
    for (std::size_t& t : drawn) t = random.uniform_int(trajectories);
    for (std::size_t i = 0; i < factors.size(); ++i) resampled[i].push_back(summarise(effects[i], drawn));
  }
  for (std::size_t i = 0; i < factors.size(); ++i) {
    std::vector<double> mu, mu_star, sigma;
    for (const MorrisSummary& summary : resampled[i]) {
      mu.push_back(summary.mu);
      mu_star.push_back(summary.mu_star);
      sigma.push_back(summary.sigma);
    }
    MorrisIndex& index = indices[i];
    std::tie(index.mu_low, index.mu_high) = interval_of(index.mu, mu, level);
    std::tie(index.mu_star_low, index.mu_star_high) = interval_of(index.mu_star, mu_star, level);
    std::tie(index.sigma_low, index.sigma_high) = interval_of(index.sigma, sigma, level);
  }
  return indices;
}

std::vector<MorrisIndex> morris_indices(const SweepResults& results, std::size_t metric) {
  if (results.design != "morris") throw std::invalid_argument("Morris indices need a morris design");
  if (results.factor_ranges.size() != results.factors.size()) throw std::invalid_argument("Morris indices need the factors' ranges");
  std::vector<MorrisStep> steps;
  std::size_t trajectories = 0;
  for (std::size_t p = 0; p < results.points(); ++p) {
    std::size_t t = 0, m = 0, previous_t = 0, previous_m = 0;
    if (!trajectory_position(results.labels[p], t, m)) {
      throw std::runtime_error(results.database + ": point " + std::to_string(p) + " of a morris design is labelled '" + results.labels[p] +
                               "', not T:t:m");
    }
    trajectories = std::max(trajectories, t + 1);
    if (m == 0 || p == 0 || !trajectory_position(results.labels[p - 1], previous_t, previous_m) || previous_t != t ||
        previous_m + 1 != m) {
      continue;
    }
    std::vector<std::size_t> moved;
    for (std::size_t f = 0; f < results.factors.size(); ++f) {
      if (results.numbers[p][f] != results.numbers[p - 1][f]) moved.push_back(f);
    }
    if (moved.size() != 1) {
      throw std::runtime_error(results.database + ": the points " + results.labels[p - 1] + " and " + results.labels[p] + " differ in " +
                               std::to_string(moved.size()) + " factors, not one: not a Morris trajectory");
    }
    const std::size_t f = moved.front();
    const auto [low, high] = results.factor_ranges[f];
    steps.push_back({t, f, (results.numbers[p][f] - results.numbers[p - 1][f]) / (high - low), results.by_replication(p - 1, metric),
                     results.by_replication(p, metric)});
  }
  return morris_indices(steps, results.factors, trajectories);
}

std::vector<SobolIndex> sobol_indices(const std::vector<double>& f_a, const std::vector<double>& f_b,
                                      const std::vector<std::vector<double>>& f_ab, const std::vector<std::string>& factors,
                                      int bootstrap_samples, std::uint64_t seed, double level) {
  const std::size_t n = f_a.size();
  std::vector<std::size_t> rows(n);
  for (std::size_t j = 0; j < n; ++j) rows[j] = j;
  sim::RandomStream random(seed, 0, "analysis/sobol_bootstrap");
  std::vector<SobolIndex> indices;
  for (std::size_t i = 0; i < factors.size(); ++i) {
    SobolIndex index;
    index.factor = factors[i];
    const Estimate point = estimate(f_a, f_b, f_ab[i], rows);
    index.first = point.first;
    index.total = point.total;
    std::vector<double> firsts, totals;
    std::vector<std::size_t> resample(n);
    for (int b = 0; b < bootstrap_samples; ++b) {
      for (std::size_t& j : resample) j = random.uniform_int(n);
      const Estimate e = estimate(f_a, f_b, f_ab[i], resample);
      firsts.push_back(e.first);
      totals.push_back(e.total);
    }
    const double tail = (1.0 - level) / 2.0;
    index.first_low = bootstrap_samples > 1 ? percentile(firsts, tail) : index.first;
    index.first_high = bootstrap_samples > 1 ? percentile(firsts, 1.0 - tail) : index.first;
    index.total_low = bootstrap_samples > 1 ? percentile(totals, tail) : index.total;
    index.total_high = bootstrap_samples > 1 ? percentile(totals, 1.0 - tail) : index.total;
    indices.push_back(index);
  }
  return indices;
}

SobolEstimate sobol_indices(const SweepResults& results, std::size_t metric) {
  if (results.design != "saltelli") throw std::invalid_argument("Sobol indices need a saltelli design");
  const std::size_t k = results.factors.size();
  SobolEstimate estimate;
  estimate.blocks = results.points() / (k + 2);
  // NaN unless every replication of the point has the metric.
  const auto mean_of = [&](std::size_t point) {
    const std::vector<double> sample = results.sample(point, metric);
    if (sample.size() != static_cast<std::size_t>(results.replications)) return std::numeric_limits<double>::quiet_NaN();
    sim::RunningStats stats;
    for (const double v : sample) stats.add(v);
    return stats.mean();
  };
  std::vector<double> f_a, f_b;
  std::vector<std::vector<double>> f_ab(k);
  for (std::size_t j = 0; j < estimate.blocks; ++j) {
    const std::size_t row = j * (k + 2);
    const double a = mean_of(row), b = mean_of(row + 1);
    std::vector<double> ab(k);
    bool complete = !std::isnan(a) && !std::isnan(b);
    for (std::size_t i = 0; i < k; ++i) {
      ab[i] = mean_of(row + 2 + i);
      complete = complete && !std::isnan(ab[i]);
    }
    if (!complete) continue;
    f_a.push_back(a);
    f_b.push_back(b);
    for (std::size_t i = 0; i < k; ++i) f_ab[i].push_back(ab[i]);
  }
  estimate.complete_blocks = f_a.size();
  if (estimate.complete_blocks >= 2) estimate.indices = sobol_indices(f_a, f_b, f_ab, results.factors);
  return estimate;
}

std::vector<ElementaryEffects> one_at_a_time_effects(const std::vector<double>& base, const std::vector<FactorLevels>& factors) {
  std::vector<ElementaryEffects> out;
  for (const FactorLevels& factor : factors) {
    sim::RunningStats effects, magnitudes;
    for (const auto& [delta, values] : factor.levels) {
      for (std::size_t r = 0; r < std::min(values.size(), base.size()); ++r) {
        if (std::isnan(values[r]) || std::isnan(base[r]) || delta == 0.0) continue;
        const double effect = (values[r] - base[r]) / delta;
        effects.add(effect);
        magnitudes.add(std::abs(effect));
      }
    }
    out.push_back({factor.factor, effects.count(), effects.mean(), magnitudes.mean(), effects.count() > 1 ? effects.stddev() : 0.0});
  }
  return out;
}

std::vector<ElementaryEffects> one_at_a_time_effects(const SweepResults& results, std::size_t metric) {
  if (results.design != "one_at_a_time") throw std::invalid_argument("one-at-a-time effects need a one_at_a_time design");
  const std::size_t base = results.point("base");
  const auto by_replication = [&](std::size_t point) { return results.by_replication(point, metric); };
  std::vector<FactorLevels> factors;
  for (const auto& [f, low, high] : results.varying_numeric_factors()) {
    FactorLevels levels{results.factors[f], {}};
    for (std::size_t p = 0; p < results.points(); ++p) {
      if (p == base || results.numbers[p][f] == results.numbers[base][f]) continue;
      levels.levels.emplace_back((results.numbers[p][f] - results.numbers[base][f]) / (high - low), by_replication(p));
    }
    factors.push_back(std::move(levels));
  }
  return one_at_a_time_effects(by_replication(base), factors);
}

}  // namespace tiaokuai::analysis
