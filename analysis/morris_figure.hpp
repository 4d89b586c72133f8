#pragma once
// Morris's mu*-sigma plane (Morris 1991): each factor's mu* (mean absolute
// elementary effect: how much it matters) against sigma (the spread of its
// effects over the trajectories: how much its effect depends on where the
// others are), with mu*'s bootstrap interval as a whisker, and the lines
// sigma/mu* = 0.1 and 1 that Garcia Sanz et al. use to read the
// plane: below 0.1 a factor acts (almost) linearly, between 0.1 and 1
// monotonically, above 1 non-linearly or through interactions. Drawn by
// gnuplot as SVG (svg_figure.hpp); its data beside it as CSV, so that the
// figure can be redrawn elsewhere.

#include <nlohmann/json.hpp>
#include <string>

namespace tiaokuai::analysis {

struct MorrisFigure {
  std::string title;
  std::string svg;      // a complete SVG document (draw_svg)
  std::string csv;      // one row per factor: the numbers the plot shows
  std::string caption;  // how to read it
};

// From the analysis JSON's "morris" rows (analyze.hpp, docs/analysis.md),
// the rows of `metric`. A factor without mu* or sigma (fewer than two
// elementary effects) is in the CSV but not on the plane. Throws
// std::invalid_argument if no row has `metric`, std::runtime_error if
// gnuplot is missing or fails.
MorrisFigure morris_figure(const nlohmann::ordered_json& morris_rows, const std::string& metric);

}  // namespace tiaokuai::analysis
