#include "analysis/morris_figure.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include "analysis/svg_figure.hpp"
#include "models/csv.hpp"

namespace tiaokuai::analysis {
namespace {

using Json = nlohmann::ordered_json;

const char* const csv_columns[] = {"metric",     "factor", "effects",   "mu_star",   "mu_star_low",
                                   "mu_star_high", "sigma", "sigma_low", "sigma_high"};

// A number as the analysis JSON writes it; an undefined one (null) empty.
std::string csv_number(const Json& value) { return value.is_number() ? value.dump() : ""; }

}  // namespace

Figure morris_figure(const Json& morris_rows, const std::string& metric) {
  std::string csv;
  for (const char* column : csv_columns) csv += std::string(csv.empty() ? "" : ",") + column;
  csv += '\n';
  std::ostringstream data;
  double extent = 0;  // the larger axis end: both axes share it, so the guide lines keep their slopes
  for (const Json& row : morris_rows) {
    if (row.value("metric", "") != metric) continue;
    std::string line;
    for (const char* column : csv_columns) {
      if (!line.empty()) line += ',';
      line += row[column].is_string() ? models::csv_field(row[column].get<std::string>()) : csv_number(row[column]);
    }
    csv += line + '\n';
    if (!row["mu_star"].is_number() || !row["sigma"].is_number()) continue;
    const double mu_star = row["mu_star"].get<double>(), sigma = row["sigma"].get<double>();
    const double low = row["mu_star_low"].is_number() ? row["mu_star_low"].get<double>() : mu_star;
    const double high = row["mu_star_high"].is_number() ? row["mu_star_high"].get<double>() : mu_star;
    extent = std::max({extent, high, sigma});
    data << mu_star << " " << sigma << " " << low << " " << high << " " << gnuplot_data_field(row["factor"].get<std::string>()) << "\n";
  }
  if (csv.find('\n') + 1 == csv.size()) throw std::invalid_argument("no Morris rows of metric " + metric);
  if (!(extent > 0)) extent = 1;
  extent *= 1.15;

  std::ostringstream script;
  script << "$factors << EOD\n" << data.str() << "EOD\n"
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
  return drawn_figure("morris", "Morris μ* and σ (" + metric + ")", caption, script.str(), csv, 700, 720);
}

}  // namespace tiaokuai::analysis
