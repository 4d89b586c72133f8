#pragma once
// Morris's mu*-sigma plane (Morris 1991): each factor's mu* (mean absolute
// elementary effect: how much it matters) against sigma (the spread of its
// effects over the trajectories: how much its effect depends on where the
// others are), with mu*'s bootstrap interval as a whisker, and the lines
// sigma/mu* = 0.1 and 1 that Garcia Sanz et al. use to read the
// plane: below 0.1 a factor acts (almost) linearly, between 0.1 and 1
// monotonically, above 1 non-linearly or through interactions. Drawn by
// gnuplot as SVG (svg_figure.hpp), a report figure named "morris" with its
// data as CSV, so that it can be redrawn elsewhere.

#include <nlohmann/json.hpp>
#include <string>

#include "analysis/figure.hpp"

namespace tiaokuai::analysis {

// From the analysis JSON's "morris" rows (analyze.hpp, docs/analysis.md),
// the rows of `metric`. A factor without mu* or sigma (fewer than two
// elementary effects) is in the CSV but not on the plane. Throws
// std::invalid_argument if no row has `metric`, std::runtime_error if
// gnuplot is missing or fails.
Figure morris_figure(const nlohmann::ordered_json& morris_rows, const std::string& metric);

}  // namespace tiaokuai::analysis
