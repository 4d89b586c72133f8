#include "calibration/calibration_figures.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "analysis/svg_figure.hpp"
#include "calibration/number_text.hpp"
#include "calibration/prior.hpp"
#include "models/csv.hpp"

namespace tiaokuai::calibration {
namespace {

using analysis::gnuplot_data_field;
using analysis::gnuplot_string;

constexpr int histogram_bins = 20;
constexpr int prior_curve_points = 200;
constexpr const char* posterior_colour = "'#4a7ebb'";
constexpr const char* interval_colour = "'#b42318'";

// A number in a gnuplot datablock: exact, and NaN (a point gnuplot skips)
// for anything not finite.
std::string datum(double value) { return std::isfinite(value) ? csv_number(value) : "NaN"; }

std::string population_word(const CalibrationResult& result) {
  return is_sample_only(result) ? "non-implausible sample" : "posterior";
}

// A log-uniform parameter spans decades: its axis is logarithmic, its bins
// are equal in log10 of the value, and densities are per unit of log10.
bool on_log_axis(const Prior& prior) { return prior.kind == PriorKind::log_uniform; }

double axis_coordinate(const Prior& prior, double x) { return on_log_axis(prior) ? std::log10(x) : x; }
double from_axis_coordinate(const Prior& prior, double u) { return on_log_axis(prior) ? std::pow(10.0, u) : u; }

std::string axis_label(const Parameter& parameter) {
  return parameter.path + (on_log_axis(parameter.prior) ? " (log scale)" : "");
}

// Bin edges in natural values, equal steps on the parameter's axis.
std::vector<double> bin_edges(const Prior& prior) {
  const double low = axis_coordinate(prior, prior.low), high = axis_coordinate(prior, prior.high);
  std::vector<double> edges;
  for (int b = 0; b <= histogram_bins; ++b)
    edges.push_back(from_axis_coordinate(prior, low + (high - low) * b / histogram_bins));
  edges.front() = prior.low;
  edges.back() = prior.high;
  return edges;
}

// The weighted histogram as a density on the parameter's axis, so that it
// and the prior's density share one scale.
std::vector<double> posterior_density(const std::vector<Particle>& population, std::size_t parameter,
                                      const Prior& prior, const std::vector<double>& edges) {
  std::vector<double> mass(histogram_bins, 0.0);
  double total = 0;
  for (const Particle& particle : population) {
    const double x = particle.values[parameter];
    const auto upper = std::upper_bound(edges.begin() + 1, edges.end() - 1, x);  // x == high falls in the last bin
    mass[static_cast<std::size_t>(upper - (edges.begin() + 1))] += particle.weight;
    total += particle.weight;
  }
  std::vector<double> density(histogram_bins);
  for (int b = 0; b < histogram_bins; ++b) {
    const double width = axis_coordinate(prior, edges[b + 1]) - axis_coordinate(prior, edges[b]);
    density[b] = total > 0 ? mass[b] / (total * width) : 0.0;
  }
  return density;
}

// The prior's mass in a bin as a density on the parameter's axis.
double prior_bin_density(const Prior& prior, double low, double high) {
  return (cdf(prior, high) - cdf(prior, low)) / (axis_coordinate(prior, high) - axis_coordinate(prior, low));
}

// The prior's density on the parameter's axis at x: per unit of log10 x on
// a log axis (the change of variables multiplies by x ln 10).
double prior_axis_density(const Prior& prior, double x) {
  return on_log_axis(prior) ? density(prior, x) * x * std::log(10.0) : density(prior, x);
}

std::string density_label(const Prior& prior) {
  return on_log_axis(prior) ? "density per unit of log10 value" : "density";
}

}  // namespace

analysis::Figure marginals_figure(const CalibrationSpec& spec, const CalibrationResult& result) {
  const std::size_t count = spec.parameters.size();
  const std::size_t columns = std::min<std::size_t>(count, 3), rows = (count + columns - 1) / columns;
  std::ostringstream script, csv;
  csv << "parameter,axis,bin_low,bin_high,posterior_density,prior_density,lower_5,median,upper_95\n";
  script << "set multiplot layout " << rows << "," << columns << "\nset key inside top right opaque font ',9'\n";
  for (std::size_t i = 0; i < count; ++i) {
    const Parameter& parameter = spec.parameters[i];
    const Prior& prior = parameter.prior;
    const ParameterSummary& summary = result.summary.parameters[i];
    const std::vector<double> edges = bin_edges(prior);
    const std::vector<double> posterior = posterior_density(result.population, i, prior, edges);
    script << "$histogram" << i << " << EOD\n";
    for (int b = 0; b < histogram_bins; ++b) {
      const double centre =
          from_axis_coordinate(prior, (axis_coordinate(prior, edges[b]) + axis_coordinate(prior, edges[b + 1])) / 2);
      script << datum(centre) << " " << datum(posterior[b] / 2) << " " << datum(edges[b]) << " " << datum(edges[b + 1])
             << " 0 " << datum(posterior[b]) << "\n";
      csv << models::csv_field(parameter.path) << "," << (on_log_axis(prior) ? "log10" : "linear") << ","
          << csv_number(edges[b]) << "," << csv_number(edges[b + 1]) << "," << csv_number(posterior[b]) << ","
          << csv_number(prior_bin_density(prior, edges[b], edges[b + 1])) << "," << csv_number(summary.lower) << ","
          << csv_number(summary.median) << "," << csv_number(summary.upper) << "\n";
    }
    script << "EOD\n$prior" << i << " << EOD\n";
    const double low = axis_coordinate(prior, prior.low), high = axis_coordinate(prior, prior.high);
    for (int k = 0; k <= prior_curve_points; ++k) {
      const double x =
          std::clamp(from_axis_coordinate(prior, low + (high - low) * k / prior_curve_points), prior.low, prior.high);
      script << datum(x) << " " << datum(prior_axis_density(prior, x)) << "\n";
    }
    script << "EOD\n"
           << (on_log_axis(prior) ? "set logscale x\n" : "unset logscale x\n") << "set xrange [" << datum(prior.low)
           << ":" << datum(prior.high) << "]\nset yrange [0:*]\nset title "
           << gnuplot_string(parameter.path + (summary.identified ? "" : " (not identified)")) << "\nset xlabel "
           << gnuplot_string(axis_label(parameter)) << "\nset ylabel " << gnuplot_string(density_label(prior))
           << "\nunset arrow\n";
    for (const double bound : {summary.lower, summary.upper}) {
      script << "set arrow from " << datum(bound) << ", graph 0 to " << datum(bound)
             << ", graph 1 nohead dt 2 lw 2 lc rgb " << interval_colour << " front\n";
    }
    script << "set arrow from " << datum(summary.median) << ", graph 0 to " << datum(summary.median)
           << ", graph 1 nohead lw 2 lc rgb " << interval_colour << " front\n"
           << "plot $histogram" << i << " using 1:2:3:4:5:6 with boxxyerror fs solid 0.5 lc rgb " << posterior_colour
           << " title " << gnuplot_string(population_word(result)) << ", $prior" << i
           << " using 1:2 with lines lw 2 lc rgb 'black' title 'prior', "
           << "keyentry with lines dt 2 lw 2 lc rgb " << interval_colour
           << " title '90 % interval', keyentry with lines lw 2 lc rgb " << interval_colour << " title 'median'\n"
           << "unset key\n";  // one key, in the first panel, explains them all
  }
  script << "unset multiplot\n";
  const int height = static_cast<int>(std::max<std::size_t>(340, 300 * rows));
  return {"marginals", "Marginal " + population_word(result) + " of each parameter over its prior",
          "Bars: the " + population_word(result) +
              "'s weighted histogram over the prior's range; black line: the prior's density; "
              "dashed red lines: the 90 % credible interval, solid red line: the median. Where the bars pile up in a "
              "part of the "
              "prior, the targets have pinned the parameter down; where they follow the black line, they have not (the "
              "panel's "
              "title then says \"not identified\": its median is no better than the prior's). Bars against an end of "
              "the range "
              "mean the data would take the parameter beyond its prior.",
          analysis::draw_svg("marginals", script.str(), 900, height), csv.str()};
}

analysis::Figure pairs_figure(const CalibrationSpec& spec, const CalibrationResult& result) {
  std::vector<std::size_t> shown(spec.parameters.size());
  std::iota(shown.begin(), shown.end(), 0);
  if (shown.size() > most_paired_parameters) {
    const auto& summaries = result.summary.parameters;
    std::stable_sort(shown.begin(), shown.end(),
                     [&](std::size_t a, std::size_t b) { return summaries[a].width_ratio > summaries[b].width_ratio; });
    shown.resize(most_paired_parameters);
    std::sort(shown.begin(), shown.end());
  }
  double heaviest = 0;
  for (const Particle& particle : result.population) heaviest = std::max(heaviest, particle.weight);
  std::ostringstream script, csv;
  csv << "particle,weight";
  for (const std::size_t i : shown) csv << "," << models::csv_field(spec.parameters[i].path);
  csv << "\n";
  // Column 1: the point size, growing with the weight's square root so
  // that a point's area follows its weight; then the shown parameters.
  script << "$particles << EOD\n";
  for (std::size_t p = 0; p < result.population.size(); ++p) {
    const Particle& particle = result.population[p];
    script << datum(heaviest > 0 ? 0.25 + 1.5 * std::sqrt(particle.weight / heaviest) : 0.5);
    csv << p << "," << csv_number(particle.weight);
    for (const std::size_t i : shown) {
      script << " " << datum(particle.values[i]);
      csv << "," << csv_number(particle.values[i]);
    }
    script << "\n";
    csv << "\n";
  }
  // Panel (row r, column c), c <= r, plots parameter c across and r + 1 up:
  // the lower triangle of the matrix, every pair once.
  const std::size_t side = shown.size() - 1;
  script << "EOD\nset multiplot\nset key off\nset grid\n";
  for (std::size_t r = 0; r < side; ++r) {
    for (std::size_t c = 0; c <= r; ++c) {
      const Parameter& across = spec.parameters[shown[c]];
      const Parameter& up = spec.parameters[shown[r + 1]];
      script << "set origin " << datum(static_cast<double>(c) / side) << ","
             << datum(1.0 - static_cast<double>(r + 1) / side) << "\n"
             << "set size " << datum(1.0 / side) << "," << datum(1.0 / side) << "\n"
             << (on_log_axis(across.prior) ? "set logscale x\n" : "unset logscale x\n")
             << (on_log_axis(up.prior) ? "set logscale y\n" : "unset logscale y\n") << "set xrange ["
             << datum(across.prior.low) << ":" << datum(across.prior.high) << "]\nset yrange [" << datum(up.prior.low)
             << ":" << datum(up.prior.high) << "]\n"
             << "set xlabel " << gnuplot_string(axis_label(across)) << "\nset ylabel " << gnuplot_string(axis_label(up))
             << "\n"
             << "plot $particles using " << c + 2 << ":" << r + 3
             << ":1 with points pt 7 ps variable lc rgb '#604a7ebb'\n";
    }
  }
  script << "unset multiplot\n";
  const int size = static_cast<int>(std::clamp<std::size_t>(300 * side, 520, 1000));
  const std::string limited = shown.size() < spec.parameters.size()
                                  ? " Shown: the " + std::to_string(shown.size()) +
                                        " parameters the targets narrowed most (largest width ratio) of " +
                                        std::to_string(spec.parameters.size()) + "."
                                  : "";
  return {"pairs", "Pairs of parameters in the " + population_word(result),
          "Each panel plots the " + population_word(result) +
              "'s particles for one pair of parameters over their priors' "
              "ranges; a larger point carries more weight. A cloud stretched along a diagonal is a ridge: the targets "
              "fix a "
              "combination of the two (their correlation in correlation.csv is strong) while each alone looks "
              "uncertain. A cloud "
              "filling the panel means the pair is not constrained." +
              limited,
          analysis::draw_svg("pairs", script.str(), size, size), csv.str()};
}

analysis::Figure rounds_figure(const CalibrationResult& result) {
  std::ostringstream abc, waves, csv;
  csv << "stage,round,tolerance,ess,non_implausible_share\n";
  bool any_tolerance = false;
  std::string abc_stage;
  for (const RoundRecord& round : result.rounds) {
    csv << round.stage << "," << round.round << "," << csv_number(round.tolerance) << "," << csv_number(round.ess)
        << "," << csv_number(round.non_implausible_share) << "\n";
    if (round.stage == "hm") {
      waves << round.round << " " << datum(round.non_implausible_share > 0 ? round.non_implausible_share : std::nan(""))
            << "\n";
    } else {
      abc_stage = round.stage;
      abc << round.round << " " << datum(round.tolerance) << " " << datum(round.ess) << "\n";
      any_tolerance = any_tolerance || std::isfinite(round.tolerance);
    }
  }
  const bool has_waves = !waves.str().empty(), has_generations = !abc_stage.empty();
  std::ostringstream script;
  if (has_waves && has_generations) script << "set multiplot layout 1,2\n";
  script << "set xtics 1\nset key inside top right opaque\nset offsets graph 0.05, graph 0.05, 0, 0\n";
  if (has_waves) {
    script << "$waves << EOD\n"
           << waves.str() << "EOD\nset title 'History matching'\nset xlabel 'wave'\n"
           << "set ylabel 'non-implausible share of the prior (log scale)'\nset logscale y\nset yrange [*:1.2]\n"
           << "plot $waves using 1:2 with linespoints lw 2 pt 7 lc rgb " << posterior_colour
           << " title 'non-implausible share'\n"
           << "unset logscale y\n";
  }
  if (has_generations) {
    const bool rejection = abc_stage == "rejection";
    script << "$generations << EOD\n"
           << abc.str() << "EOD\nset title " << (rejection ? "'Rejection ABC'" : "'ABC-SMC'") << "\nset xlabel "
           << (rejection ? "'round'" : "'generation'")
           << "\nset ylabel 'tolerance (RMS of standardised distances, sd)'\n"
           << "set y2label 'effective sample size (particles)'\nset ytics nomirror\nset y2tics\nset yrange [0:*]\nset "
              "y2range [0:*]\n"
           << "plot "
           << (any_tolerance ? "$generations using 1:2 with linespoints lw 2 pt 7 lc rgb " +
                                   std::string(posterior_colour) + " title 'tolerance', "
                             : "")
           << "$generations using 1:3 axes x1y2 with linespoints lw 2 pt 5 dt 2 lc rgb 'black' title 'ESS'\n";
  }
  if (has_waves && has_generations) script << "unset multiplot\n";
  std::string title, caption;
  const std::string abc_caption =
      "The ABC tolerance (left axis; generation 0, drawn from the prior, has none) falls as the generations close in "
      "on the "
      "targets; the effective sample size (right axis) says how many independent draws each generation's weighted "
      "population is worth. A tolerance that stops falling, or an ESS collapsing to a few particles, means the run "
      "stopped early or the population is too small.";
  const std::string waves_caption =
      "The share of the prior that history matching has not ruled out, per wave, on a log scale. Each wave's drop is "
      "what its emulators learnt; a flat line means the waves have stopped learning (the runs stop there). A share "
      "near "
      "1 after the first wave means the targets rule out little of the prior.";
  if (has_waves && has_generations) {
    title = "History-matching waves, then ABC generations";
    caption = "Left: " + waves_caption + " Right: " + abc_caption;
  } else if (has_waves) {
    title = "Non-implausible share of the prior per wave";
    caption = waves_caption;
  } else {
    title =
        "ABC tolerance and effective sample size per " + std::string(abc_stage == "rejection" ? "round" : "generation");
    caption = abc_caption;
  }
  return {"rounds", title, caption,
          analysis::draw_svg("rounds", script.str(), has_waves && has_generations ? 1000 : 820, 440), csv.str()};
}

analysis::Figure predictive_figure(const CalibrationResult& result, const std::vector<TargetCheck>& checks) {
  std::ostringstream band, matched, missed, csv;
  csv << "metric,observed,sd,consistent,draw,simulated,standardised\n";
  const double draws = static_cast<double>(result.predictive.size());
  for (std::size_t k = 0; k < checks.size(); ++k) {
    const TargetCheck& check = checks[k];
    band << k << " " << gnuplot_data_field(check.metric + (check.consistent ? "" : " (NOT MATCHED)")) << "\n";
    for (std::size_t d = 0; d < result.predictive.size(); ++d) {
      const double value = result.predictive[d][k];
      if (std::isnan(value)) continue;  // a failed draw (predictive_check.hpp)
      const double standardised = (value - check.observed) / check.sd;
      // Spread the draws across the target's column so that equal values stay visible.
      const double x = static_cast<double>(k) + 0.5 * ((static_cast<double>(d) + 0.5) / draws - 0.5);
      (check.consistent ? matched : missed) << datum(x) << " " << datum(standardised) << "\n";
      csv << models::csv_field(check.metric) << "," << csv_number(check.observed) << "," << csv_number(check.sd) << ","
          << (check.consistent ? "true" : "false") << "," << d << "," << csv_number(value) << ","
          << csv_number(standardised) << "\n";
    }
  }
  std::ostringstream script;
  script << "$targets << EOD\n" << band.str() << "EOD\n";
  std::string plots =
      "$targets using 1:(0):($1-0.4):($1+0.4):(-2):(2):xtic(2) with boxxyerror fs solid 0.3 noborder lc rgb '#9a9a9a' "
      "title 'observed +/- 2 sd', $targets using 1:(0) with points pt 2 ps 2.5 lw 2 lc rgb 'black' title 'observed'";
  if (!matched.str().empty()) {
    script << "$matched << EOD\n" << matched.str() << "EOD\n";
    plots += ", $matched using 1:2 with points pt 7 ps 0.8 lc rgb " + std::string(posterior_colour) +
             " title 'simulated at posterior draws'";
  }
  if (!missed.str().empty()) {
    script << "$missed << EOD\n" << missed.str() << "EOD\n";
    plots += ", $missed using 1:2 with points pt 7 ps 0.8 lc rgb " + std::string(interval_colour) +
             " title 'simulated (target NOT MATCHED)'";
  }
  script << "set xrange [-0.6:" << datum(static_cast<double>(checks.size()) - 0.4)
         << "]\nset xtics rotate by -20 left nomirror\n"
         << "set grid noxtics ytics\nset bmargin 8\nset offsets 0, 0, graph 0.08, graph 0.08\nset xlabel 'target'\nset "
            "ylabel '(value - observed) / observation sd'\n"
         << "set key below\nplot " << plots << "\n";
  return {
      "predictive", "Posterior predictive check",
      "For each target, on its own axis in units of the observation's standard deviation (so that shares, counts and "
      "hours fit one chart): the observation at 0 with its +/- 2 sd band, and the value the calibrated model gives "
      "at " +
          std::to_string(result.predictive.size()) + " draws from the " + population_word(result) +
          ". Draws that straddle the band reproduce the fact. A target marked NOT MATCHED (in red) lies more than 2 "
          "predictive standard deviations from the draws: no value inside the priors reproduces it, a finding about "
          "the "
          "model or the fact rather than something to tune away.",
      analysis::draw_svg("predictive", script.str(), 900, 520), csv.str()};
}

}  // namespace tiaokuai::calibration
