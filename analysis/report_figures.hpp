#pragma once
// The figures of `analyze --report` (report.hpp), chosen by the design and
// by what the sweep holds (docs/analysis.md lists them per design), and
// the helpers they share. Each figure's CSV holds the numbers it draws.
// Every builder throws std::runtime_error if gnuplot is missing or fails.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/figure.hpp"
#include "analysis/sweep_results.hpp"

namespace tiaokuai::analysis {

// What every figure of one report is drawn from.
struct ReportInputs {
  const SweepResults& results;
  const nlohmann::ordered_json& analysis;  // analyze()'s object
  std::size_t base;                        // the base point
  std::size_t key_metric;                  // index into results.metrics: the first analysed metric
  std::vector<std::size_t> shown;          // the points drawn one by one (relevant_points), base first
};

// Points drawn one by one in a plot, at most: eight colours keep them apart
// without leaning on dash patterns.
inline constexpr std::size_t shown_points_cap = 8;
// Per-period envelopes overlap, so fewer of them.
inline constexpr std::size_t envelope_points_cap = 4;
// A Sobol interval (first or total order) wider than this makes the report
// warn that the sample is too small (docs/analysis.md).
inline constexpr double sobol_interval_limit = 0.1;

// Figures from the runs of the shown points: the latency distribution,
// box plots of the key metric (two replications or more), and per-period
// envelopes (metrics periods.N.*).
void add_run_figures(const ReportInputs& in, std::vector<Figure>& figures);

// full_factorial: main effects and interaction heatmaps of the key metric;
// one_at_a_time and variants: the tornado of levers, and the comparisons
// that are not levers; latin_hypercube: each numeric factor against the key
// metric with the metamodel's fit.
void add_design_figures(const ReportInputs& in, std::vector<Figure>& figures);

// saltelli: first and total order indices of every analysed metric, and
// their convergence over the first n blocks.
void add_sobol_figures(const ReportInputs& in, std::vector<Figure>& figures);
// A warning paragraph when a Sobol interval is wider than
// sobol_interval_limit, else empty.
std::string sobol_warning_html(const nlohmann::ordered_json& analysis);

// The base point's latency by township and department, and its call network.
void add_network_figures(const ReportInputs& in, std::vector<Figure>& figures);

// Shared by the builders.

// The metric's name with its unit, for an axis title.
std::string metric_axis(const std::string& metric);
// A factor path without the `levers.` every lever starts with.
std::string short_factor(const std::string& path);

struct MeanInterval {
  double mean = 0, low = 0, high = 0;  // NaN for an empty sample; low = high = mean for one value
};
// The mean of the non-NaN values and its 95 % t interval.
MeanInterval mean_interval(const std::vector<double>& sample);

// The q-quantile (0..1) of a sorted, non-empty sample, interpolating linearly.
double quantile(const std::vector<double>& sorted, double q);

// `set multiplot layout R,C` for `panels` panels in at most `columns` columns.
struct PanelGrid {
  std::size_t rows = 1, columns = 1;
};
PanelGrid panel_grid(std::size_t panels, std::size_t columns);

}  // namespace tiaokuai::analysis
