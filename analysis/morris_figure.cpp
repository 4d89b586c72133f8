#include "analysis/morris_figure.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "analysis/figure_data.hpp"
#include "analysis/svg_figure.hpp"

namespace tiaokuai::analysis {
namespace {

using Json = nlohmann::ordered_json;

// A number of the analysis JSON; an undefined one (null) as NaN, which the
// CSV leaves empty and the plot skips.
double number_or_nan(const Json& value) { return value.is_number() ? value.get<double>() : std::nan(""); }

}  // namespace

Figure morris_figure(const Json& morris_rows, const std::string& metric) {
  FigureData data({"metric", "factor", "effects", "mu_star", "mu_star_low", "mu_star_high", "sigma", "sigma_low", "sigma_high"});
  FigureData plotted({"mu_star", "sigma", "mu_star_low", "mu_star_high", "factor"});
  double extent = 0;  // the larger axis end: both axes share it, so the guide lines keep their slopes
  for (const Json& row : morris_rows) {
    if (row.value("metric", "") != metric) continue;
    const double mu_star = number_or_nan(row["mu_star"]), sigma = number_or_nan(row["sigma"]);
    data.add({metric, row["factor"].get<std::string>(), number_or_nan(row["effects"]), mu_star, number_or_nan(row["mu_star_low"]),
              number_or_nan(row["mu_star_high"]), sigma, number_or_nan(row["sigma_low"]), number_or_nan(row["sigma_high"])});
    if (std::isnan(mu_star) || std::isnan(sigma)) continue;
    const double low = row["mu_star_low"].is_number() ? row["mu_star_low"].get<double>() : mu_star;
    const double high = row["mu_star_high"].is_number() ? row["mu_star_high"].get<double>() : mu_star;
    extent = std::max({extent, high, sigma});
    plotted.add({mu_star, sigma, low, high, row["factor"].get<std::string>()});
  }
  if (data.empty()) throw std::invalid_argument("no Morris rows of metric " + metric);
  if (!(extent > 0)) extent = 1;
  extent *= 1.15;

  std::ostringstream script;
  script << plotted.datablock("factors")
         << "set xrange [0:" << extent << "]\nset yrange [0:" << extent << "]\nset size ratio -1\n"
         << "set xlabel " << gnuplot_string("μ* (mean |elementary effect|, " + metric + " per full range of the factor)") << "\n"
         << "set ylabel " << gnuplot_string("σ (standard deviation of the elementary effects)") << "\n"
         << "set key below\n"
         << "plot $factors using 1:2:3:4 with xerrorbars pt 7 ps 0.8 lc rgb '#1f4e79' title " << gnuplot_string("factor (μ*, 95 % interval)")
         << ", '' using 1:2:5 with labels left offset 0.6,0.6 notitle"
         << ", 0.1 * x with lines dt 2 lc rgb '#808080' title " << gnuplot_string("σ/μ* = 0.1")
         << ", x with lines dt 4 lc rgb '#404040' title " << gnuplot_string("σ/μ* = 1") << "\n";
  const std::string caption =
      "Each factor's μ*, the mean absolute elementary effect on " + metric +
      " per full range of the factor, against σ, the standard deviation of its elementary effects over the trajectories; "
      "the whisker is μ*'s 95 % bootstrap interval over trajectories. Factors to the right matter most, those near the origin "
      "hardly at all. Below the line σ/μ* = 0.1 a factor acts almost linearly (its effect is the same wherever the others "
      "are); between 0.1 and 1 its effect changes in size but keeps its sign (monotonic); above σ/μ* = 1 it is non-linear "
      "or acts through interactions with the others (the reading of Garcia Sanz et al.).";
  return drawn_figure("morris", "Morris μ* and σ (" + metric + ")", caption, script.str(), data.csv(), 700, 720);
}

}  // namespace tiaokuai::analysis
