#pragma once
// Experimental designs: which parameter values each design point of a sweep
// runs. Pure functions of the factors (and, for the Latin hypercube and
// Morris trajectories, a seed), so a sweep's points never depend on how it
// is executed.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tiaokuai::experiments {

struct Factor {
  std::string path;                 // a declared parameter, as --set writes it: levers.incentive_weight
  std::vector<std::string> values;  // explicit levels, as YAML scalars (factorial, one-at-a-time)
  bool has_range = false;           // a continuous range (Latin hypercube, Saltelli, Morris)
  double low = 0, high = 0;
  bool integer = false;             // the parameter takes whole numbers: sampled values are rounded
  std::string base_value;           // the base scenario's own value (one-at-a-time)
};

struct DesignPoint {
  std::vector<std::string> values;  // one per factor, as YAML scalars
  std::string label;                // what the point is: "base", "levers.x=0.5", "A:3", "AB:3:1", ...
  std::string role;                 // a variant's declared role (experiments/variant_roles.hpp); empty if none
};

// Every combination of the factors' values; the last factor varies fastest.
std::vector<DesignPoint> full_factorial(const std::vector<Factor>& factors);

// n points; each factor's range is cut into n equal strata and each stratum
// is used exactly once, at a uniform position inside it.
std::vector<DesignPoint> latin_hypercube(const std::vector<Factor>& factors, std::size_t n, std::uint64_t seed);

// Saltelli (2010) sampling for first-order and total Sobol indices: from a
// 2k-dimensional Sobol sequence after its first point (the centre, which
// would make A = B), matrices A (first k columns) and B (last k);
// for each of the n rows j the points are A_j, B_j, then AB_j^i (A_j with
// column i taken from B_j) for i = 0..k-1: n(k+2) points, labelled "A:j",
// "B:j", "AB:j:i".
std::vector<DesignPoint> saltelli(const std::vector<Factor>& factors, std::size_t n);

// Morris (1991) elementary-effects trajectories on the p-level grid of the
// unit cube, {0, 1/(p-1), ..., 1} in every coordinate, with p even. A
// trajectory is k+1 points: a base drawn from the levels {0, ..., 1 -
// Delta}, then every factor moved once, in a random order and a random
// direction, by Delta = p / (2 (p - 1)), so that consecutive points differ
// in exactly one factor and every level is equally likely to be visited.
using MorrisTrajectory = std::vector<std::vector<double>>;  // [point][factor], in [0, 1]

double morris_delta(std::size_t levels);

// `count` random trajectories for k factors, from the stream (seed, 0,
// design/morris).
std::vector<MorrisTrajectory> morris_candidates(std::size_t k, std::size_t levels, std::size_t count, std::uint64_t seed);

// Campolongo et al. (2007)'s spread of a set of trajectories: the square
// root of the sum, over pairs (m, l), of d_ml^2, where d_ml is the sum of
// the Euclidean distances between every point of m and every point of l.
double morris_spread(const std::vector<MorrisTrajectory>& trajectories);

// The indices (ascending) of r of the candidates chosen for a large spread.
// Choosing the best r of M exactly is combinatorial (M choose r sets), so
// the choice is Ruano et al. (2012)'s iterative elimination: starting
// from all M, drop the candidate whose removal leaves the largest spread
// (the one with the smallest sum of d^2 to the others left; on a tie the
// later one) until r are left.
std::vector<std::size_t> spread_trajectories(const std::vector<MorrisTrajectory>& candidates, std::size_t r);

// Campolongo et al. (2007)'s optimised Morris design: `candidates` random
// trajectories, the `trajectories` of them spread_trajectories keeps,
// scaled to the factors' ranges (integer parameters rounded). r (k+1)
// points, labelled "T:t:m" (trajectory t, point m; m = 0 is its base).
std::vector<DesignPoint> morris(const std::vector<Factor>& factors, std::size_t trajectories, std::size_t levels,
                                std::size_t candidates, std::uint64_t seed);

// The base point (every factor at its base value), then for each factor in
// turn each of its values that differs from the base, the others at base.
std::vector<DesignPoint> one_at_a_time(const std::vector<Factor>& factors);

// How many points full_factorial, saltelli, morris and one_at_a_time would make,
// counted without making them, so that a design too large to hold is
// refused before any memory is taken. A count beyond 2^64-1 is
// UINT64_MAX, never a wrapped product. (A Latin hypercube has n points.)
std::uint64_t full_factorial_size(const std::vector<Factor>& factors);
std::uint64_t saltelli_size(const std::vector<Factor>& factors, std::size_t n);
std::uint64_t one_at_a_time_size(const std::vector<Factor>& factors);
std::uint64_t morris_size(const std::vector<Factor>& factors, std::size_t trajectories);
// A posterior design (experiments/posterior_design.hpp): each of `draws`
// draws crossed with every combination of the factors' levels.
std::uint64_t posterior_size(const std::vector<Factor>& factors, std::size_t draws);

// A value as the YAML scalar a point stores: shortest round-trip form, or a
// whole number for an integer parameter.
std::string format_value(double value, bool integer);

}  // namespace tiaokuai::experiments
