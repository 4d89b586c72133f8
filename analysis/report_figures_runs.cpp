// The report's figures drawn from the runs of the shown points.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "analysis/figure_data.hpp"
#include "analysis/report_figures.hpp"
#include "analysis/svg_figure.hpp"

namespace tiaokuai::analysis {
namespace {

std::string shown_note(const ReportInputs& in, std::size_t shown) {
  std::string note = "Shown: the base point";
  if (shown > 1) {
    note += " and " + std::to_string(shown - 1) + " more, chosen by " + in.results.metrics[in.key_metric] +
            " (its lowest and highest means, then the largest differences from the base)";
  }
  if (shown < in.results.points()) note += ", of " + std::to_string(in.results.points()) + " points";
  return note + ".";
}

Figure latency_cdf(const ReportInputs& in) {
  FigureData data({"series", "point", "quantile", "hours", "hours_low", "hours_high"});
  for (std::size_t k = 0; k < in.shown.size(); ++k) {
    for (int q = 5; q <= 95; q += 5) {
      char name[64];
      std::snprintf(name, sizeof name, "resolution_hours.quantiles.q%02d", q);
      if (!in.results.has_metric(name)) continue;
      const MeanInterval hours = mean_interval(in.results.sample(in.shown[k], in.results.metric(name)));
      if (hours.mean > 0) data.add({static_cast<double>(k), in.results.labels[in.shown[k]], q / 100.0, hours.mean, hours.low, hours.high});
    }
  }
  std::string script = "set logscale x\nset xlabel 'resolution latency (hours, log scale)'\nset ylabel 'share of resolved issues (0..1)'\n"
                       "set yrange [0:1]\nset key outside right top\n";
  std::string plots;
  for (std::size_t k = 0; k < in.shown.size(); ++k) {
    const std::string block = std::string("p") + std::to_string(k);
    script += data.datablock(block, 0, static_cast<double>(k));
    plots += std::string(plots.empty() ? "plot $" : ", $") + block + " using 4:3:5:6 with xerrorlines lw 2 ps 0.5 " + series_style(k) +
             " title " + gnuplot_string(in.results.labels[in.shown[k]]);
  }
  return drawn_figure("latency_cdf", "Resolution latency distribution", 
                      "Cumulative distribution of the time from an issue arising to its resolution: each point is a quantile "
                      "(5 % steps) averaged over replications, with the 95 % interval of that mean. A curve further left "
                      "resolves issues sooner; the gap between curves at a height is the difference in that quantile. " +
                          shown_note(in, in.shown.size()),
                      script + plots + "\n", data.csv(), 900, 480);
}

// Box plots of the key metric over the replications of each shown point.
Figure replication_boxes(const ReportInputs& in) {
  const std::string& metric = in.results.metrics[in.key_metric];
  FigureData data({"position", "point", "min", "q1", "median", "q3", "max", "mean", "mean_low", "mean_high"});
  for (std::size_t k = 0; k < in.shown.size(); ++k) {
    std::vector<double> sample = in.results.sample(in.shown[k], in.key_metric);
    if (sample.empty()) continue;
    std::sort(sample.begin(), sample.end());
    const MeanInterval mean = mean_interval(sample);
    data.add({static_cast<double>(k), in.results.labels[in.shown[k]], sample.front(), quantile(sample, 0.25), quantile(sample, 0.5),
              quantile(sample, 0.75), sample.back(), mean.mean, mean.low, mean.high});
  }
  std::ostringstream script;
  script << data.datablock("boxes") << "set xtics rotate by -25 left nomirror\nset ylabel " << gnuplot_string(metric_axis(metric))
         << "\nset xlabel 'design point'\nset xrange [-0.6:" << static_cast<double>(in.shown.size()) - 0.4 << "]\nset boxwidth 0.5\n"
         << "set style fill solid 0.25 border\nset bmargin 8\nset key outside right top\n"
         << "plot $boxes using 1:4:3:7:6:xtic(2) with candlesticks whiskerbars 0.5 lc rgb '#0072B2' title 'quartiles, min to max', "
         << "'' using 1:5:5:5:5 with candlesticks lw 2 lc rgb '#0072B2' notitle, "
         << "'' using 1:8:9:10 with yerrorbars pt 7 ps 0.8 lc rgb '#D55E00' title 'mean, 95 % interval'\n";
  return drawn_figure("replications", "Distribution over replications (" + metric + ")",
                      "Each box spans the middle half of the replications' values of " + metric +
                          " at one point (the line is the median, the whiskers reach the lowest and highest); the orange "
                          "dot is the mean with its 95 % interval. Boxes that overlap little differ beyond the luck of a "
                          "replication; a long whisker is a replication worth a look. " +
                          shown_note(in, in.shown.size()),
                      script.str(), data.csv(), 900, 500);
}

// The fields of periods.N.* other than the day, in the order of the metrics.
std::vector<std::string> period_fields(const SweepResults& results) {
  std::vector<std::string> fields;
  for (const std::string& metric : results.metrics) {
    const std::string prefix = "periods.1.";
    if (metric.starts_with(prefix) && metric != prefix + "day") fields.push_back(metric.substr(prefix.size()));
  }
  return fields;
}

// Per assessment period, the median and the 5 % and 95 % quantiles over
// replications of each periods.N.FIELD, one panel per field.
Figure period_envelopes(const ReportInputs& in, const std::vector<std::string>& fields) {
  const SweepResults& results = in.results;
  const std::size_t shown = std::min(in.shown.size(), envelope_points_cap);
  // series: one per (field, point), numbered field-major, so each curve reads one block.
  FigureData data({"series", "field", "point", "period", "day", "median", "p05", "p95"});
  for (std::size_t f = 0; f < fields.size(); ++f) {
    for (std::size_t k = 0; k < shown; ++k) {
      for (int period = 1;; ++period) {
        const std::string prefix = "periods." + std::to_string(period) + ".";
        if (!results.has_metric(prefix + fields[f])) break;
        std::vector<double> values = results.sample(in.shown[k], results.metric(prefix + fields[f]));
        if (values.empty()) continue;
        std::sort(values.begin(), values.end());
        const double day = results.has_metric(prefix + "day") ? mean_interval(results.sample(in.shown[k], results.metric(prefix + "day"))).mean
                                                              : static_cast<double>(period);
        data.add({static_cast<double>(f * shown + k), fields[f], results.labels[in.shown[k]], static_cast<double>(period), day,
                  quantile(values, 0.5), quantile(values, 0.05), quantile(values, 0.95)});
      }
    }
  }
  const PanelGrid grid = panel_grid(fields.size(), 2);
  std::ostringstream script;
  script << "set multiplot layout " << grid.rows << "," << grid.columns << "\nset xlabel 'day of the run'\n"
         << "set key inside top right font ',9' opaque\nset style fill transparent solid 0.15 noborder\n";
  for (std::size_t f = 0; f < fields.size(); ++f) {
    std::string plots;
    for (std::size_t k = 0; k < shown; ++k) {
      const std::string block = std::string("s") + std::to_string(f * shown + k);
      script << data.datablock(block, 0, static_cast<double>(f * shown + k));
      plots += std::string(plots.empty() ? "plot $" : ", $") + block + " using 5:7:8 with filledcurves " + series_colour(k) + " notitle, $" + block +
               " using 5:6 with lines lw 2 " + series_style(k) + " title " + (f == 0 ? gnuplot_string(results.labels[in.shown[k]]) : "''");
    }
    script << "set ylabel " << gnuplot_string(metric_axis("periods.N." + fields[f])) << "\nset title "
           << gnuplot_string(fields[f]) << "\n" << (f == 0 ? "set key\n" : "unset key\n") << plots << "\n";
  }
  script << "unset multiplot\n";
  std::string caption =
      "Each assessment period's value (periods.N.FIELD in the metrics) across the replications of a point: the line is "
      "the median, the shaded band holds the middle 90 % (5 % to 95 %). Bands that part say the points differ over "
      "time beyond the luck of a replication; mean_effort falling is 'report but don't act', the incentives not "
      "outweighing the drift. ";
  caption += shown_note(in, shown);
  if (shown < in.shown.size()) caption += " Envelopes overlap, so at most " + std::to_string(envelope_points_cap) + " points are drawn.";
  return drawn_figure("periods", "Per-period outcomes over the run", caption, script.str(), data.csv(), 900,
                      static_cast<int>(320 * grid.rows));
}

}  // namespace

void add_run_figures(const ReportInputs& in, std::vector<Figure>& figures) {
  if (in.results.has_metric("resolution_hours.quantiles.q50")) figures.push_back(latency_cdf(in));
  if (in.results.replications >= 2) figures.push_back(replication_boxes(in));
  const std::vector<std::string> fields = period_fields(in.results);
  if (!fields.empty()) figures.push_back(period_envelopes(in, fields));
}

}  // namespace tiaokuai::analysis
