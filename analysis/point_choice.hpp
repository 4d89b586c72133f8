#pragma once
// Which design points and factors a sweep's report and analysis single out
// (docs/analysis.md, "The report"): a full factorial's centre cell (its
// default base point), the comparisons that pull a policy lever, and the
// few points worth drawing when a plot cannot show them all.

#include <cstddef>
#include <string>
#include <vector>

#include "analysis/sweep_results.hpp"

namespace tiaokuai::analysis {

// The distinct values factor `factor` takes over the points, as written:
// in numeric order when every one is a number (booleans as 0/1), else in
// the order the design lists them.
std::vector<std::string> factor_levels(const SweepResults& results, std::size_t factor);

// The point with every factor at its middle level (of n levels the
// ((n - 1) / 2)-th, counting from 0: the lower of the two middle ones when
// n is even); the first point if no point has them all.
std::size_t factorial_centre(const SweepResults& results);

// The rule that tells a lever from another comparison, in one place so it
// can be swapped: a path is a lever when it lies under `levers.` and is
// not one of the deviations in how the mechanism is carried out
// (levers.over_calling, levers.under_calling, levers.formalism: behaviour a
// county suffers, not a setting it chooses). The mechanism itself
// (run.mode) and every other setting are not levers.
bool is_lever(const std::string& path);

// The factors whose value at `point` differs from the one at `base`.
std::vector<std::size_t> changed_factors(const SweepResults& results, std::size_t point, std::size_t base);

// Whether `point` against `base` compares levers. A variant that declares
// its role (experiments/variant_roles.hpp) is a lever comparison when the
// role moves one lever alone (all_four_levers is not: a package, not a
// lever); otherwise the point must change at least one factor, and every
// factor it changes must be a lever.
bool compares_levers(const SweepResults& results, std::size_t point, std::size_t base);

// Whether the points are variants crossed with posterior draws ("draw:D
// VARIANT", docs/sweeps.md): they differ by draw as well as by variant, so
// a comparison with one base point would mix the two.
bool crossed_with_posterior_draws(const SweepResults& results);

// At most `cap` points for a plot, in this order: the base, the points with
// the lowest and the highest mean of `metric`, then the others by the size
// of their mean's difference from the base's (largest first; ties by
// design order). Points without a value of the metric come last.
std::vector<std::size_t> relevant_points(const SweepResults& results, std::size_t base, std::size_t metric, std::size_t cap);

}  // namespace tiaokuai::analysis
