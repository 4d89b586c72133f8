// The report's figures that depend on the design: a full factorial's main
// effects and interactions, the tornado of a one-at-a-time or variants
// design, and a Latin hypercube's inputs against the key metric.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "analysis/figure_data.hpp"
#include "analysis/morris_figure.hpp"
#include "analysis/point_choice.hpp"
#include "analysis/report_figures.hpp"
#include "analysis/svg_figure.hpp"
#include "sim/confidence_interval.hpp"

namespace tiaokuai::analysis {
namespace {

using Json = nlohmann::ordered_json;

// Per replication, the metric's mean over `points` (those without a value
// left out); then the mean of these over replications, with its interval.
// That is the interval of one level's mean: it holds the luck every level
// shares (common random numbers), so two overlapping bands do not say the
// levels are alike; the effects table's paired intervals say that.
MeanInterval averaged_over(const SweepResults& results, std::size_t metric, const std::vector<std::size_t>& points) {
  std::vector<double> per_replication;
  for (int r = 0; r < results.replications; ++r) {
    double sum = 0;
    int n = 0;
    for (const std::size_t p : points) {
      const double v = results.value(p, r, metric);
      if (std::isnan(v)) continue;
      sum += v;
      ++n;
    }
    if (n > 0) per_replication.push_back(sum / n);
  }
  return mean_interval(per_replication);
}

std::vector<std::size_t> points_where(const SweepResults& results, const std::vector<std::pair<std::size_t, std::string>>& levels) {
  std::vector<std::size_t> points;
  for (std::size_t p = 0; p < results.points(); ++p) {
    if (std::all_of(levels.begin(), levels.end(), [&](const auto& fl) { return results.values[p][fl.first] == fl.second; })) points.push_back(p);
  }
  return points;
}

std::string level_tics(const std::vector<std::string>& levels) {
  std::string tics = "(";
  for (std::size_t i = 0; i < levels.size(); ++i) tics += std::string(i ? ", " : "") + gnuplot_string(levels[i]) + " " + std::to_string(i);
  return tics + ")";
}

// The factors that take two levels or more: a constant one has no effect to draw.
std::vector<std::size_t> varied_factors(const SweepResults& results) {
  std::vector<std::size_t> varied;
  for (std::size_t f = 0; f < results.factors.size(); ++f) {
    if (factor_levels(results, f).size() >= 2) varied.push_back(f);
  }
  return varied;
}

Figure main_effects(const ReportInputs& in, const std::vector<std::size_t>& factors) {
  const SweepResults& results = in.results;
  const std::string& metric = results.metrics[in.key_metric];
  FigureData data({"factor", "level_index", "level", "mean", "low", "high"});
  double lowest = INFINITY, highest = -INFINITY;
  for (const std::size_t f : factors) {
    const std::vector<std::string> levels = factor_levels(results, f);
    for (std::size_t i = 0; i < levels.size(); ++i) {
      const MeanInterval m = averaged_over(results, in.key_metric, points_where(results, {{f, levels[i]}}));
      data.add({results.factors[f], static_cast<double>(i), levels[i], m.mean, m.low, m.high});
      if (!std::isnan(m.low)) lowest = std::min(lowest, m.low);
      if (!std::isnan(m.high)) highest = std::max(highest, m.high);
    }
  }
  const double pad = highest > lowest ? 0.08 * (highest - lowest) : 1.0;
  const PanelGrid grid = panel_grid(factors.size(), 3);
  std::ostringstream script;
  script << "set multiplot layout " << grid.rows << "," << grid.columns << "\nset key off\nset style fill transparent solid 0.2 noborder\n"
         << "set ylabel " << gnuplot_string(metric_axis(metric)) << "\n";
  if (std::isfinite(lowest)) script << "set yrange [" << lowest - pad << ":" << highest + pad << "]\n";
  for (const std::size_t f : factors) {
    const std::vector<std::string> levels = factor_levels(results, f);
    const std::string block = std::string("f") + std::to_string(f);
    script << data.datablock(block, 0, results.factors[f]) << "set xlabel " << gnuplot_string(results.factors[f] + " (level)")
           << "\nset xtics " << level_tics(levels) << "\nset xrange [-0.3:" << static_cast<double>(levels.size()) - 0.7 << "]\n"
           << "plot $" << block << " using 2:5:6 with filledcurves lc rgb '#0072B2', '' using 2:4 with linespoints lw 2 pt 7 lc rgb '#0072B2'\n";
  }
  script << "unset multiplot\n";
  return drawn_figure("main_effects", "Main effects on " + metric,
                      "For each factor, the mean of " + metric +
                          " at each of its levels, averaged over every level of the other factors, with its 95 % interval "
                          "(shaded; over replications, which share their random numbers across points). All panels share "
                          "one axis: the steeper the line, the more the factor matters; a flat line, little.",
                      script.str(), data.csv(), 900, static_cast<int>(320 * grid.rows));
}

// At most this many pairs of factors get an interaction panel.
constexpr std::size_t interaction_pairs_cap = 12;

Figure interactions(const ReportInputs& in, const std::vector<std::size_t>& factors) {
  const SweepResults& results = in.results;
  const std::string& metric = results.metrics[in.key_metric];
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t a = 0; a < factors.size(); ++a) {
    for (std::size_t b = a + 1; b < factors.size(); ++b) pairs.emplace_back(factors[a], factors[b]);
  }
  const std::size_t all_pairs = pairs.size();
  if (pairs.size() > interaction_pairs_cap) pairs.resize(interaction_pairs_cap);
  FigureData data({"pair", "factor_a", "factor_b", "a_index", "a_level", "b_index", "b_level", "mean", "low", "high"});
  double lowest = INFINITY, highest = -INFINITY;
  for (std::size_t q = 0; q < pairs.size(); ++q) {
    const auto [a, b] = pairs[q];
    const std::vector<std::string> a_levels = factor_levels(results, a), b_levels = factor_levels(results, b);
    for (std::size_t i = 0; i < a_levels.size(); ++i) {
      for (std::size_t j = 0; j < b_levels.size(); ++j) {
        const MeanInterval m = averaged_over(results, in.key_metric, points_where(results, {{a, a_levels[i]}, {b, b_levels[j]}}));
        data.add({static_cast<double>(q), results.factors[a], results.factors[b], static_cast<double>(i), a_levels[i],
                  static_cast<double>(j), b_levels[j], m.mean, m.low, m.high});
        if (!std::isnan(m.mean)) {
          lowest = std::min(lowest, m.mean);
          highest = std::max(highest, m.mean);
        }
      }
    }
  }
  const PanelGrid grid = panel_grid(pairs.size(), 2);
  std::ostringstream script;
  script << "set multiplot layout " << grid.rows << "," << grid.columns << "\nset key off\nset grid noxtics noytics\n"
         << "set style fill solid 1.0 noborder\nset palette defined (0 '#f7fbff', 1 '#c6dbef', 2 '#9ecae1', 3 '#6baed6')\n"
         << "set cblabel " << gnuplot_string(metric_axis(metric)) << "\n";
  if (std::isfinite(lowest) && highest > lowest) script << "set cbrange [" << lowest << ":" << highest << "]\n";
  for (std::size_t q = 0; q < pairs.size(); ++q) {
    const auto [a, b] = pairs[q];
    const std::vector<std::string> a_levels = factor_levels(results, a), b_levels = factor_levels(results, b);
    const std::string block = std::string("q") + std::to_string(q);
    script << data.datablock(block, 0, static_cast<double>(q)) << "set xlabel " << gnuplot_string(results.factors[a]) << "\nset ylabel "
           << gnuplot_string(results.factors[b]) << "\nset xtics " << level_tics(a_levels) << "\nset ytics " << level_tics(b_levels)
           << "\nset xrange [-0.5:" << static_cast<double>(a_levels.size()) - 0.5 << "]\nset yrange [-0.5:"
           << static_cast<double>(b_levels.size()) - 0.5 << "]\n"
           << "plot $" << block << " using 4:6:(0.5):(0.5):8 with boxxyerror fillcolor palette, "
           << "'' using 4:6:(sprintf(\"%.4g\\n[%.3g, %.3g]\", $8, $9, $10)) with labels font ',9'\n";
  }
  script << "unset multiplot\n";
  std::string caption = "The mean of " + metric +
                        " in each combination of two factors' levels, averaged over the other factors, with its 95 % "
                        "interval in brackets; one colour scale for all panels. Without interaction the rows of a panel "
                        "differ by the same amount in every column; where they do not, the effect of one factor depends on "
                        "the level of the other.";
  if (pairs.size() < all_pairs) {
    caption += " Shown: the first " + std::to_string(pairs.size()) + " of the " + std::to_string(all_pairs) + " pairs (figures/interactions.csv has them).";
  }
  return drawn_figure("interactions", "Interactions on " + metric, caption, script.str(), data.csv(), 900,
                      static_cast<int>(360 * grid.rows));
}

struct Bar {
  std::string kind;  // "lowest level", "highest level" or "variant"
  std::string level;
  double difference = 0, low = 0, high = 0;
};

struct BarRow {
  std::string name;
  std::vector<Bar> bars;
  double size() const {
    double largest = 0;
    for (const Bar& bar : bars) largest = std::max(largest, std::abs(bar.difference));
    return largest;
  }
};

// A horizontal bar from 0 per comparison, with its paired interval, the
// largest at the top; a row of two bars (lowest and highest level of a
// factor) or of one (a variant).
Figure effect_bars(const std::string& name, const std::string& title, const std::string& caption, const std::string& metric,
                   std::vector<BarRow> rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const BarRow& a, const BarRow& b) { return a.size() < b.size(); });
  FigureData data({"kind", "comparison", "level", "y", "difference", "low", "high"});
  double lowest = 0, highest = 0;
  std::string tics;
  std::set<std::string> kinds_present;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    tics += std::string(i ? ", " : "") + gnuplot_string(rows[i].name) + " " + std::to_string(i);
    for (std::size_t b = 0; b < rows[i].bars.size(); ++b) {
      const Bar& bar = rows[i].bars[b];
      const double y = static_cast<double>(i) + (rows[i].bars.size() == 2 ? (b == 0 ? -0.2 : 0.2) : 0.0);
      data.add({bar.kind, rows[i].name, bar.level, y, bar.difference, bar.low, bar.high});
      kinds_present.insert(bar.kind);
      for (const double x : {bar.difference, bar.low, bar.high}) {
        if (std::isfinite(x)) lowest = std::min(lowest, x), highest = std::max(highest, x);
      }
    }
  }
  const double pad = highest > lowest ? 0.06 * (highest - lowest) : 1.0;
  std::ostringstream script;
  script << "set ytics (" << tics << ") nomirror\nset grid noytics\nset xlabel "
         << gnuplot_string("difference from the base in " + metric_axis(metric)) << "\nset yrange [-0.7:" << static_cast<double>(rows.size()) - 0.3
         << "]\nset xrange [" << lowest - pad << ":" << highest + pad << "]\nset yzeroaxis lt -1\nset style fill solid 0.7 noborder\n"
         << "set key outside top center horizontal\nset lmargin 30\n";
  std::string plots;
  const std::vector<std::pair<std::string, std::string>> kinds{
      {"lowest level", "#0072B2"}, {"highest level", "#D55E00"}, {"variant", "#0072B2"}};
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    const auto& [kind, colour] = kinds[k];
    if (!kinds_present.contains(kind)) continue;
    const std::string block = std::string("k") + std::to_string(k);
    script << data.datablock(block, 0, kind);
    const double half_height = kind == "variant" ? 0.3 : 0.17;
    plots += std::string(plots.empty() ? "plot $" : ", $") + block + " using ($5/2):4:(abs($5)/2):(" + std::to_string(half_height) +
             ") with boxxyerror lc rgb '" + colour + "' title " + gnuplot_string(kind == "variant" ? "difference" : kind) + ", $" + block +
             " using 5:4:6:7 with xerrorbars pt 7 ps 0.4 lc rgb 'black' notitle";
  }
  script << plots << "\n";
  const int height = std::max(300, 110 + 34 * static_cast<int>(rows.size()));
  return drawn_figure(name, title, caption, script.str(), data.csv(), 900, height);
}

// The effects against the base of the key metric, by point label.
std::map<std::string, Bar> effects_by_point(const ReportInputs& in) {
  std::map<std::string, Bar> effects;
  const Json& analysis = in.analysis;
  for (const Json& e : analysis["effects"]) {
    if (e["metric"] != in.results.metrics[in.key_metric] || e["against"] != analysis["base"]) continue;
    const auto number = [](const Json& v) { return v.is_number() ? v.get<double>() : NAN; };
    if (!std::isfinite(number(e["difference"]))) continue;  // no replication done at both: nothing to draw
    effects[e["point"].get<std::string>()] = {"", "", number(e["difference"]), number(e["paired_low"]), number(e["paired_high"])};
  }
  return effects;
}

// Rows of the tornado and of the other comparisons: a one-at-a-time
// factor's row has its lowest and highest level's bars (the base's own
// level is a bar of 0); any other point is a row of its own.
void comparison_rows(const ReportInputs& in, std::vector<BarRow>& levers, std::vector<BarRow>& others) {
  const SweepResults& results = in.results;
  const std::map<std::string, Bar> effects = effects_by_point(in);
  std::map<std::size_t, std::vector<std::size_t>> by_factor;  // one_at_a_time: the points that change only this factor
  for (std::size_t p = 0; p < results.points(); ++p) {
    if (p == in.base) continue;
    const std::vector<std::size_t> changed = changed_factors(results, p, in.base);
    if (results.design == "one_at_a_time" && changed.size() == 1) {
      by_factor[changed[0]].push_back(p);
      continue;
    }
    const auto found = effects.find(results.labels[p]);
    if (found == effects.end()) continue;
    Bar bar = found->second;
    bar.kind = "variant";
    (compares_levers(results, p, in.base) ? levers : others).push_back({results.labels[p], {bar}});
  }
  for (const auto& [f, points] : by_factor) {
    std::vector<std::string> levels = factor_levels(results, f);
    const auto bar_at = [&](const std::string& level, const std::string& kind) -> std::optional<Bar> {
      if (level == results.values[in.base][f]) return Bar{kind, level, 0, 0, 0};
      for (const std::size_t p : points) {
        if (results.values[p][f] != level) continue;
        const auto found = effects.find(results.labels[p]);
        if (found == effects.end()) return std::nullopt;
        Bar bar = found->second;
        bar.kind = kind;
        bar.level = level;
        return bar;
      }
      return std::nullopt;
    };
    BarRow row{short_factor(results.factors[f]) + " " + levels.front() + " .. " + levels.back(), {}};
    for (const auto& bar : {bar_at(levels.front(), "lowest level"), bar_at(levels.back(), "highest level")}) {
      if (bar) row.bars.push_back(*bar);
    }
    if (row.bars.empty()) continue;
    (is_lever(results.factors[f]) ? levers : others).push_back(row);
  }
}

void add_comparison_figures(const ReportInputs& in, std::vector<Figure>& figures) {
  std::vector<BarRow> levers, others;
  comparison_rows(in, levers, others);
  const std::string& metric = in.results.metrics[in.key_metric];
  const std::string bars = in.results.design == "one_at_a_time"
                               ? "at the factor's lowest (blue) and highest (orange) level in the design (the base's own level is a bar of 0)"
                               : "of each variant";
  if (!levers.empty()) {
    figures.push_back(effect_bars("tornado", "Tornado chart of lever effects on " + metric,
                                  "The paired difference from the base (" + in.analysis["base"].get<std::string>() + ") in " + metric + " " + bars +
                                      ", with its 95 % interval (common random numbers), levers only, sorted so that the largest "
                                      "effects are at the top. An interval that crosses 0 is not a clear effect. Comparisons that "
                                      "change anything but a lever are in the next chart.",
                                  metric, levers));
  }
  if (!others.empty()) {
    figures.push_back(effect_bars("other_comparisons", "Comparisons that are not levers (" + metric + ")",
                                  "The paired difference from the base in " + metric + " " + bars +
                                      ", with its 95 % interval, for comparisons that change something other than a policy lever: "
                                      "the mechanism itself (run.mode) or a deviation in carrying it out (over_calling, "
                                      "under_calling, formalism). They say what the context does, not what a county can choose.",
                                  metric, others));
  }
}

// Each varying numeric factor against the key metric, one dot per run,
// with the metamodel's line through it: its main effect with the other
// factors at their means (where the interactions vanish), and the band of
// the coefficient's 95 % interval.
Figure input_scatter(const ReportInputs& in) {
  const SweepResults& results = in.results;
  const std::string& metric = results.metrics[in.key_metric];
  const std::vector<VaryingNumericFactor> factors = results.varying_numeric_factors();
  const Json* fit = nullptr;
  if (in.analysis.contains("metamodel")) {
    for (const Json& m : in.analysis["metamodel"]) {
      if (m["metric"] == metric) fit = &m;
    }
  }
  std::vector<double> ys;
  for (std::size_t p = 0; p < results.points(); ++p) {
    for (const double y : results.sample(p, in.key_metric)) ys.push_back(y);
  }
  const auto mean_sd = [](const std::vector<double>& v) {
    double sum = 0, squares = 0;
    for (const double x : v) sum += x;
    const double mean = v.empty() ? 0 : sum / static_cast<double>(v.size());
    for (const double x : v) squares += (x - mean) * (x - mean);
    const double sd = std::sqrt(squares / std::max<double>(1.0, static_cast<double>(v.size()) - 1));
    return std::pair<double, double>{mean, sd > 0 ? sd : 1.0};
  };
  const auto [y_mean, y_sd] = mean_sd(ys);
  // series: the factor's path and "run" or "fit", so each curve reads one block.
  FigureData data({"series", "factor", "kind", "x", "y", "y_low", "y_high"});
  for (const VaryingNumericFactor& factor : factors) {
    std::vector<double> xs;
    for (std::size_t p = 0; p < results.points(); ++p) {
      for (int r = 0; r < results.replications; ++r) {
        const double y = results.value(p, r, in.key_metric);
        if (std::isnan(y)) continue;
        xs.push_back(results.numbers[p][factor.factor]);
        data.add({results.factors[factor.factor] + " run", results.factors[factor.factor], std::string("run"), xs.back(), y, NAN, NAN});
      }
    }
    if (!fit) continue;
    double intercept = 0, slope = NAN, error = NAN;
    for (const Json& term : (*fit)["terms"]) {
      if (term["term"] == "(intercept)") intercept = term["coefficient"].get<double>();
      if (term["term"] == results.factors[factor.factor]) slope = term["coefficient"].get<double>(), error = term["standard_error"].get<double>();
    }
    if (std::isnan(slope)) continue;
    const auto [x_mean, x_sd] = mean_sd(xs);
    const double t = sim::student_t_quantile(std::max(1.0, (*fit)["observations"].get<double>() - static_cast<double>((*fit)["terms"].size())), 0.975);
    for (const double x : {factor.low, x_mean, factor.high}) {
      const double z = (x - x_mean) / x_sd;
      const double a = y_mean + y_sd * (intercept + (slope - t * error) * z), b = y_mean + y_sd * (intercept + (slope + t * error) * z);
      data.add({results.factors[factor.factor] + " fit", results.factors[factor.factor], std::string("fit"), x,
                y_mean + y_sd * (intercept + slope * z), std::min(a, b), std::max(a, b)});
    }
  }
  const PanelGrid grid = panel_grid(factors.size(), 3);
  std::ostringstream script;
  script << "set multiplot layout " << grid.rows << "," << grid.columns << "\nset key off\nset ylabel " << gnuplot_string(metric_axis(metric))
         << "\nset style fill transparent solid 0.25 noborder\n";
  for (std::size_t f = 0; f < factors.size(); ++f) {
    const std::string& path = results.factors[factors[f].factor];
    const std::string runs = std::string("r") + std::to_string(f), line = std::string("l") + std::to_string(f);
    script << data.datablock(runs, 0, path + " run") << data.datablock(line, 0, path + " fit") << "set xlabel " << gnuplot_string(path) << "\n"
           << "plot $" << runs << " using 4:5 with points pt 7 ps 0.7 lc rgb '#600072B2'";
    if (fit) script << ", $" << line << " using 4:6:7 with filledcurves lc rgb '#D55E00', $" << line << " using 4:5 with lines lw 2 lc rgb '#D55E00'";
    script << "\n";
  }
  script << "unset multiplot\n";
  std::string caption = "Every run's value of " + metric + " against each numeric factor (blue dots). ";
  caption += fit ? "The orange line is the regression metamodel's main effect of the factor, the other factors at their means, "
                   "with the band of its coefficient's 95 % interval (the metamodel table has R squared). A steep line through a "
                   "tight cloud is a factor that matters; a cloud with no slope, one that does not."
                 : "No metamodel could be fitted (too few runs for its terms), so no line is drawn.";
  return drawn_figure("inputs_scatter", "Inputs against " + metric, caption, script.str(), data.csv(), 900, static_cast<int>(300 * grid.rows));
}

}  // namespace

void add_design_figures(const ReportInputs& in, std::vector<Figure>& figures) {
  const std::string& design = in.results.design;
  const std::vector<std::size_t> varied = design == "full_factorial" ? varied_factors(in.results) : std::vector<std::size_t>{};
  if (!varied.empty()) figures.push_back(main_effects(in, varied));
  if (varied.size() >= 2) figures.push_back(interactions(in, varied));
  if ((design == "one_at_a_time" || design == "variants") && in.analysis.contains("effects") && !crossed_with_posterior_draws(in.results)) {
    add_comparison_figures(in, figures);
  }
  if (design == "latin_hypercube" && !in.results.varying_numeric_factors().empty()) figures.push_back(input_scatter(in));
  if (design == "morris" && in.analysis.contains("morris")) {
    // The plane needs a factor with mu* and sigma (two elementary effects or more).
    const std::string& metric = in.results.metrics[in.key_metric];
    const Json& rows = in.analysis["morris"];
    if (std::any_of(rows.begin(), rows.end(), [&metric](const Json& row) {
          return row["metric"] == metric && row["mu_star"].is_number() && row["sigma"].is_number();
        })) {
      figures.push_back(morris_figure(rows, metric));
    }
  }
}

}  // namespace tiaokuai::analysis
