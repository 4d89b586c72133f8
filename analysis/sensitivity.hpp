#pragma once
// Global sensitivity indices.
//
// Sobol indices from a Saltelli design (experiments/design.hpp: rows of
// A_j, B_j, AB_j^i): first order by Saltelli et al. (2010, eq. (b) of
// Table 2), S_i = mean_j (f(B_j) - f0) (f(AB_j^i) - f(A_j)) / V with f(B)
// centred on the mean f0 of all f(A) and f(B), and total order by
// Jansen (1999), ST_i = mean_j (f(A_j) - f(AB_j^i))^2 / (2V), where V is the
// variance of all f(A) and f(B). Intervals: percentile bootstrap over the
// rows.
//
// Morris's method (Morris 1991; mu* of Campolongo et al. 2007) on a morris
// design's trajectories (experiments/design.hpp): each step of a
// trajectory moves one factor i, and its elementary effect is EE = (f(x +
// Delta e_i) - f(x)) / Delta, Delta the move as a share of the factor's
// range. Replication r of both points shares its random numbers, so the
// step's EE is the mean over replications of the paired differences:
// replication noise is averaged away before sigma sees it. Per factor,
// over the trajectories: mu (mean EE), mu* (mean |EE|, which ranks
// influence) and sigma (standard deviation of EE, which flags
// non-linearity or interaction), with percentile bootstrap intervals over
// trajectories.
//
// One-at-a-time effects around a base (not Morris's method: one base, so
// their spread mixes levels and replication noise): for each factor and
// each of its levels and replications, EE = (f(level) - f(base)) / delta,
// with delta the level's distance from the base as a share of the
// factor's range.

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/sweep_results.hpp"

namespace tiaokuai::analysis {

struct SobolIndex {
  std::string factor;
  double first = 0, first_low = 0, first_high = 0;
  double total = 0, total_low = 0, total_high = 0;
};

// f_a[j], f_b[j], f_ab[i][j] for rows j and factors i.
std::vector<SobolIndex> sobol_indices(const std::vector<double>& f_a, const std::vector<double>& f_b,
                                      const std::vector<std::vector<double>>& f_ab, const std::vector<std::string>& factors,
                                      int bootstrap_samples = 1000, std::uint64_t seed = 1, double level = 0.95);

// From a Saltelli sweep's results: each point's value is its mean over
// replications. A block (the A, B and AB_i rows of one base sample) counts
// only when every replication of each of its points has the metric: a block
// with a missing or failed run would mix replications and bias the
// estimate. `indices` is empty with fewer than two complete blocks.
struct SobolEstimate {
  std::vector<SobolIndex> indices;
  std::size_t blocks = 0, complete_blocks = 0;
};
SobolEstimate sobol_indices(const SweepResults& results, std::size_t metric);

// One step of a Morris trajectory: trajectory `trajectory` moves factor
// `factor` by `delta` (a signed share of its range); before[r] and
// after[r] are the metric at the two points in replication r (NaN: no
// value).
struct MorrisStep {
  std::size_t trajectory = 0, factor = 0;
  double delta = 0;
  std::vector<double> before, after;
};

struct MorrisIndex {
  std::string factor;
  std::size_t effects = 0;  // trajectories whose step of this factor had every run of both points
  double mu = 0, mu_low = 0, mu_high = 0;
  double mu_star = 0, mu_star_low = 0, mu_star_high = 0;
  double sigma = 0, sigma_low = 0, sigma_high = 0;  // NaN with fewer than two effects
};

// A step counts only if every replication of both its points has a value:
// a missing or failed run drops the (at most two) steps of its point, not
// the trajectory. Bootstrap: `bootstrap_samples` resamples of the
// `trajectories` trajectories with replacement, the same resample for
// every factor, from the stream (seed, 0, analysis/morris_bootstrap).
std::vector<MorrisIndex> morris_indices(const std::vector<MorrisStep>& steps, const std::vector<std::string>& factors,
                                        std::size_t trajectories, int bootstrap_samples = 1000, std::uint64_t seed = 1,
                                        double level = 0.95);

// From a morris sweep's results: the trajectories from the labels "T:t:m"
// and the ranges from SweepResults::factor_ranges. Throws
// std::invalid_argument for another design, std::runtime_error if two
// consecutive points of a trajectory differ in other than one factor.
std::vector<MorrisIndex> morris_indices(const SweepResults& results, std::size_t metric);

struct ElementaryEffects {
  std::string factor;
  std::size_t count = 0;
  double mu = 0, mu_star = 0, sigma = 0;
};

// base[r] is the base point's value in replication r; for factor i,
// levels[i] lists (delta, values by replication) for each other level.
struct FactorLevels {
  std::string factor;
  std::vector<std::pair<double, std::vector<double>>> levels;
};
std::vector<ElementaryEffects> one_at_a_time_effects(const std::vector<double>& base, const std::vector<FactorLevels>& factors);

// From a one-at-a-time sweep's results (the base is the point labelled
// "base"); factors without numeric values are left out.
std::vector<ElementaryEffects> one_at_a_time_effects(const SweepResults& results, std::size_t metric);

}  // namespace tiaokuai::analysis
