#include "analysis/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

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

}  // namespace

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

std::vector<ElementaryEffects> morris_effects(const std::vector<double>& base, const std::vector<FactorLevels>& factors) {
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

std::vector<ElementaryEffects> morris_effects(const SweepResults& results, std::size_t metric) {
  if (results.design != "one_at_a_time") throw std::invalid_argument("Morris effects need a one_at_a_time design");
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
  return morris_effects(by_replication(base), factors);
}

}  // namespace tiaokuai::analysis
