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
// Morris elementary effects for a one-at-a-time design around a base: for
// each factor and each of its levels and replications, EE = (f(level) -
// f(base)) / delta, with delta the level's distance from the base as a
// share of the factor's range. mu* (mean |EE|) ranks influence; sigma
// flags non-linearity or interaction.

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
std::vector<ElementaryEffects> morris_effects(const std::vector<double>& base, const std::vector<FactorLevels>& factors);

// From a one-at-a-time sweep's results (the base is the point labelled
// "base"); factors without numeric values are left out.
std::vector<ElementaryEffects> morris_effects(const SweepResults& results, std::size_t metric);

}  // namespace tiaokuai::analysis
