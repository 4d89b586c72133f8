// The report's figures of a Saltelli sweep: the Sobol indices of every
// analysed metric, and how they settle as blocks are added.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "analysis/figure_data.hpp"
#include "analysis/html.hpp"
#include "analysis/report_figures.hpp"
#include "analysis/sensitivity.hpp"
#include "analysis/svg_figure.hpp"

namespace tiaokuai::analysis {
namespace {

using Json = nlohmann::ordered_json;

double number(const Json& value) { return value.is_number() ? value.get<double>() : NAN; }

std::vector<std::string> sobol_metrics(const Json& analysis) {
  std::vector<std::string> metrics;
  for (const Json& s : analysis["sobol"]) {
    if (std::find(metrics.begin(), metrics.end(), s["metric"].get<std::string>()) == metrics.end()) metrics.push_back(s["metric"]);
  }
  return metrics;
}

// The y range that holds every value and interval, 0 and 1 (negative
// estimates are drawn, not clipped: they say the sample is too small).
std::string index_range(double lowest, double highest) {
  lowest = std::min(lowest, 0.0);
  highest = std::max(highest, 1.0);
  const double pad = 0.05 * (highest - lowest);
  std::ostringstream range;
  range << "set yrange [" << lowest - pad << ":" << highest + pad << "]\n";
  return range.str();
}

Figure sobol_bars(const ReportInputs& in) {
  const std::vector<std::string> metrics = sobol_metrics(in.analysis);
  FigureData data({"metric", "position", "factor", "first", "first_low", "first_high", "total", "total_low", "total_high"});
  double lowest = 0, highest = 1;
  std::vector<std::string> factors;
  for (const Json& s : in.analysis["sobol"]) {
    const std::string factor = s["factor"];
    if (std::find(factors.begin(), factors.end(), factor) == factors.end()) factors.push_back(factor);
    const auto position = static_cast<double>(std::find(factors.begin(), factors.end(), factor) - factors.begin());
    data.add({s["metric"].get<std::string>(), position, factor, number(s["first"]), number(s["first_low"]), number(s["first_high"]),
              number(s["total"]), number(s["total_low"]), number(s["total_high"])});
    for (const char* key : {"first", "first_low", "first_high", "total", "total_low", "total_high"}) {
      if (std::isfinite(number(s[key]))) lowest = std::min(lowest, number(s[key])), highest = std::max(highest, number(s[key]));
    }
  }
  std::string tics;
  for (std::size_t i = 0; i < factors.size(); ++i) tics += std::string(i ? ", " : "") + gnuplot_string(short_factor(factors[i])) + " " + std::to_string(i);
  const PanelGrid grid = panel_grid(metrics.size(), 2);
  std::ostringstream script;
  script << "set multiplot layout " << grid.rows << "," << grid.columns << "\nset xtics (" << tics << ") rotate by -30 left\nset xrange [-0.6:"
         << static_cast<double>(factors.size()) - 0.4 << "]\n" << index_range(lowest, highest)
         << "set ylabel 'Sobol index (share of variance)'\nset xzeroaxis lt -1\nset boxwidth 0.36\nset style fill solid 0.6 noborder\n"
         << "set bmargin 6\nset key inside top right font ',9' opaque\n";
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    const std::string block = std::string("m") + std::to_string(m);
    script << data.datablock(block, 0, metrics[m]) << "set title " << gnuplot_string(metrics[m]) << "\n" << (m == 0 ? "set key\n" : "unset key\n")
           << "plot $" << block << " using ($2-0.19):4 with boxes lc rgb '#0072B2' title 'first order', "
           << "'' using ($2-0.19):4:5:6 with yerrorbars pt 7 ps 0.3 lc rgb 'black' notitle, "
           << "'' using ($2+0.19):7 with boxes lc rgb '#D55E00' title 'total', '' using ($2+0.19):7:8:9 with yerrorbars pt 7 ps 0.3 lc rgb 'black' notitle\n";
  }
  script << "unset multiplot\n";
  return drawn_figure("sobol", "Sobol indices of every analysed metric",
                      "Per metric (panel) and factor: the share of the metric's variance due to the factor alone (first order, "
                      "blue) and including its interactions (total, orange), with 95 % bootstrap intervals. A factor with a "
                      "large total index matters; a gap between total and first order means it acts through interactions. "
                      "Indices below 0 or above 1, and wide intervals, are sampling noise: see the convergence figure.",
                      script.str(), data.csv(), 900, static_cast<int>(340 * grid.rows));
}

// The first `blocks` Saltelli blocks of one metric, as results of their own.
SweepResults first_blocks(const SweepResults& results, std::size_t metric, std::size_t blocks) {
  const std::size_t points = std::min(results.points(), blocks * (results.factors.size() + 2));
  std::vector<std::string> labels(results.labels.begin(), results.labels.begin() + static_cast<std::ptrdiff_t>(points));
  std::vector<double> data;
  for (std::size_t p = 0; p < points; ++p) {
    for (int r = 0; r < results.replications; ++r) data.push_back(results.value(p, r, metric));
  }
  SweepResults part = SweepResults::from_values(std::move(labels), {results.metrics[metric]}, results.replications, std::move(data));
  part.design = results.design;
  part.factors = results.factors;
  return part;
}

// Block counts to re-estimate at: 4, 8, 16, ... and every block (from 2
// when there are fewer than 8: two blocks alone give wild estimates that
// would flatten the rest).
std::vector<std::size_t> block_steps(std::size_t blocks) {
  std::vector<std::size_t> steps;
  for (std::size_t n = blocks < 8 ? 2 : 4; n < blocks; n *= 2) steps.push_back(n);
  steps.push_back(blocks);
  return steps;
}

// The convergence figure's axis holds every estimate down to -1 and up to
// 2; beyond, a wild early estimate would flatten the rest.
constexpr double convergence_axis_reach = 1.0;

Figure sobol_convergence(const ReportInputs& in) {
  const SweepResults& results = in.results;
  const std::vector<std::string> metrics = sobol_metrics(in.analysis);
  const std::size_t blocks = results.points() / (results.factors.size() + 2);
  FigureData data({"series", "metric", "factor", "blocks", "complete_blocks", "first", "first_low", "first_high", "total", "total_low", "total_high"});
  double lowest = 0, highest = 1;
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    for (const std::size_t n : block_steps(blocks)) {
      const SobolEstimate estimate = sobol_indices(first_blocks(results, results.metric(metrics[m]), n), 0);
      for (std::size_t i = 0; i < estimate.indices.size(); ++i) {
        const SobolIndex& s = estimate.indices[i];
        data.add({static_cast<double>(m * results.factors.size() + i), metrics[m], s.factor, static_cast<double>(n),
                  static_cast<double>(estimate.complete_blocks), s.first, s.first_low, s.first_high, s.total, s.total_low, s.total_high});
        for (const double v : {s.first, s.total}) {
          if (std::isfinite(v)) lowest = std::min(lowest, v), highest = std::max(highest, v);
        }
      }
    }
  }
  std::ostringstream script;
  script << "set multiplot layout " << metrics.size() << ",2\nset logscale x 2\nset xlabel 'Saltelli blocks used (base samples, log scale)'\n"
         << index_range(std::max(lowest, -convergence_axis_reach), std::min(highest, 1 + convergence_axis_reach)) << "set xzeroaxis lt -1\nset key inside top left font ',9' opaque\n"
         << "set offsets graph 0.06, graph 0.06, 0, 0\n";
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    for (const char* order : {"first", "total"}) {
      const int column = std::string(order) == "first" ? 6 : 9;
      script << "set title " << gnuplot_string(metrics[m] + ": " + order + " order") << "\nset ylabel 'Sobol index'\n"
             << (m == 0 && std::string(order) == "first" ? "set key\n" : "unset key\n");
      std::string plots;
      for (std::size_t i = 0; i < results.factors.size(); ++i) {
        const auto series = static_cast<double>(m * results.factors.size() + i);
        const std::string block = std::string(order) + std::to_string(m) + "f" + std::to_string(i);
        script << data.datablock(block, 0, series);
        plots += std::string(plots.empty() ? "plot $" : ", $") + block + " using 4:" + std::to_string(column) + ":" + std::to_string(column + 1) +
                 ":" + std::to_string(column + 2) + " with yerrorlines lw 1.5 ps 0.6 " + series_style(i) + " title " +
                 gnuplot_string(short_factor(results.factors[i]));
      }
      script << plots << "\n";
    }
  }
  script << "unset multiplot\n";
  char limit[16];
  std::snprintf(limit, sizeof limit, "%g", sobol_interval_limit);
  return drawn_figure("sobol_convergence", "Convergence of the Sobol indices",
                      std::string("Each index re-estimated from the first n Saltelli blocks (base samples) for n = 4, 8, 16, ... and "
                                  "all, with its 95 % bootstrap interval. Estimates that still move and intervals that still "
                                  "shrink as n doubles say the sample is too small; the report warns when any interval at the full "
                                  "sample is wider than ") +
                          limit + ". An interval narrows about as 1 / sqrt(n): halving it takes four times the samples. The axis "
                          "holds the estimates (within -1 to 2); intervals reaching beyond it are cut (the CSV has them).",
                      script.str(), data.csv(), 1000, static_cast<int>(300 * metrics.size()));
}

}  // namespace

void add_sobol_figures(const ReportInputs& in, std::vector<Figure>& figures) {
  if (!in.analysis.contains("sobol")) return;
  figures.push_back(sobol_bars(in));
  figures.push_back(sobol_convergence(in));
}

std::string sobol_warning_html(const Json& analysis) {
  if (!analysis.contains("sobol")) return "";
  double widest = 0;
  std::string where;
  for (const Json& s : analysis["sobol"]) {
    for (const char* order : {"first", "total"}) {
      const double width = number(s[std::string(order) + "_high"]) - number(s[std::string(order) + "_low"]);
      if (width > widest) {
        widest = width;
        where = std::string(order) + " order of " + s["factor"].get<std::string>() + " on " + s["metric"].get<std::string>();
      }
    }
  }
  if (!(widest > sobol_interval_limit)) return "";
  const double blocks = number(analysis["sobol"][0]["complete_blocks"]);
  // The width shrinks as 1 / sqrt(blocks).
  const double needed = std::ceil(blocks * (widest / sobol_interval_limit) * (widest / sobol_interval_limit));
  const auto shown = [](double x) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", x);
    return std::string(text);
  };
  std::string text = "Warning: the Sobol indices are not converged. The widest 95 % interval (";
  text += where + ") is " + shown(widest) + " wide, more than the " + shown(sobol_interval_limit) + " this report accepts; with ";
  text += std::to_string(static_cast<long long>(blocks)) + " base samples the indices can be far off (even below 0 or above 1). For intervals of " + shown(sobol_interval_limit);
  text += ", run about " + std::to_string(static_cast<long long>(needed)) + " base samples (samples: in the sweep file); the convergence figure shows how the estimates move.";
  return "<p class=no id='sobol-warning'>" + html_escape(text) + "</p>\n";
}

}  // namespace tiaokuai::analysis
