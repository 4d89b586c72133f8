#include "analysis/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>
#include <stdexcept>

#include "analysis/analyze.hpp"
#include "analysis/effects.hpp"
#include "analysis/html.hpp"
#include "analysis/svg_figure.hpp"
#include "models/output_file.hpp"
#include "models/output_folder.hpp"

namespace tiaokuai::analysis {
namespace {

using Json = nlohmann::ordered_json;

struct Figure {
  std::string title, svg, caption;  // svg: a complete document (svg_figure.hpp)
};

std::vector<std::size_t> shown_points(const SweepResults& results, std::size_t base, std::size_t limit = 10) {
  std::vector<std::size_t> points{base};
  for (std::size_t p = 0; p < results.points() && points.size() < limit; ++p) {
    if (p != base) points.push_back(p);
  }
  return points;
}

double point_mean(const SweepResults& results, std::size_t point, const std::string& metric) {
  if (!results.has_metric(metric)) return std::nan("");
  const std::vector<double> sample = results.sample(point, results.metric(metric));
  double sum = 0;
  for (const double v : sample) sum += v;
  return sample.empty() ? std::nan("") : sum / static_cast<double>(sample.size());
}

// One line per shown point (the base and up to nine others): `rows` gives
// a point's "x y" data lines. Returns the datablocks and the plot command.
template <class Rows>
std::string curves_per_point(const SweepResults& results, std::size_t base, Rows rows) {
  std::ostringstream script;
  std::string plots;
  const auto points = shown_points(results, base);
  for (std::size_t k = 0; k < points.size(); ++k) {
    script << "$p" << k << " << EOD\n" << rows(points[k]) << "EOD\n";
    plots += (plots.empty() ? "" : ", ") + std::string("$p") + std::to_string(k) + " using 1:2 with linespoints lw 2 title " +
             gnuplot_string(results.labels[points[k]]);
  }
  return script.str() + "plot " + plots + "\n";
}

Figure latency_cdf(const SweepResults& results, std::size_t base) {
  const std::string curves = curves_per_point(results, base, [&results](std::size_t point) {
    std::ostringstream rows;
    for (int q = 5; q <= 95; q += 5) {
      char name[64];
      std::snprintf(name, sizeof name, "resolution_hours.quantiles.q%02d", q);
      const double hours = point_mean(results, point, name);
      if (!std::isnan(hours) && hours > 0) rows << hours << " " << q / 100.0 << "\n";
    }
    return rows.str();
  });
  const std::string script = "set logscale x\nset xlabel 'resolution latency (hours, log scale)'\nset ylabel 'share of resolved issues'\n"
                             "set yrange [0:1]\n" + curves;
  return {"Resolution latency distribution", draw_svg("latency_cdf", script),
          "Cumulative distribution of the time from an issue arising to its resolution, averaged over replications "
          "(quantiles at 5 % steps). A curve further left resolves issues sooner; the gap between curves at a height "
          "is the difference in that quantile. Shown: the base point and up to nine others."};
}

// One row per point with its interval whiskers: bars from 0 (for effects
// against the base), or dots (for levels, where 0 is not a reference).
Figure interval_bars(const std::string& name, const std::string& title, const std::string& axis,
                     const std::vector<std::tuple<std::string, double, double, double>>& rows, const std::string& caption, bool bars) {
  std::ostringstream script;
  script << "$rows << EOD\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& [label, value, low, high] = rows[i];
    script << i << " " << value << " " << low << " " << high << " " << gnuplot_data_field(label) << "\n";
  }
  script << "EOD\nset ytics nomirror\nset xlabel " << gnuplot_string(axis) << "\nset yrange [-1:" << rows.size() << "]\nset key off\n"
         << "set style fill solid 0.5\nset offsets graph 0.05, graph 0.05, 0, 0\n";
  if (bars) {
    script << "plot $rows using ($2/2):1:($2/2):($2/2):(0.35):(0.35):ytic(5) with boxxyerror lc rgb '#4a7ebb' notitle, "
           << "'' using 2:1:3:4 with xerrorbars lc rgb 'black' pt 7 ps 0.6 notitle\n";
  } else {
    script << "plot $rows using 2:1:ytic(5) with points lc rgb '#4a7ebb' pt 7 ps 1.2 notitle, "
           << "'' using 2:1:3:4 with xerrorbars lc rgb 'black' pt 7 ps 0.6 notitle\n";
  }
  const int height = std::max(300, 60 + 28 * static_cast<int>(rows.size()));
  return {title, draw_svg(name, script.str(), 900, height), caption};
}

Figure effort_over_time(const SweepResults& results, std::size_t base) {
  const std::string curves = curves_per_point(results, base, [&results](std::size_t point) {
    std::ostringstream rows;
    for (int period = 1; results.has_metric("periods." + std::to_string(period) + ".mean_effort"); ++period) {
      const std::string prefix = "periods." + std::to_string(period) + ".";
      rows << point_mean(results, point, prefix + "day") << " " << point_mean(results, point, prefix + "mean_effort") << "\n";
    }
    return rows.str();
  });
  const std::string script = "set xlabel 'day of the run'\nset ylabel 'mean department effort (0..1)'\nset yrange [0:1]\n" + curves;
  return {"Department effort over time", draw_svg("effort", script),
          "Mean effort of the departments after each assessment, averaged over replications. Falling lines are "
          "'report but don't act': the incentives do not outweigh the drift. Lines that hold or rise mean the township "
          "scores, weighted in the assessment, make effort pay."};
}

Figure latency_heatmap(const SweepResults& results, std::size_t base) {
  std::map<std::string, std::size_t> townships, departments;
  for (const CallNetworkCell& cell : results.call_network[base]) {
    townships.emplace(cell.township, 0);
    departments.emplace(cell.department, 0);
  }
  std::size_t i = 0;
  for (auto& [name, index] : townships) index = i++;
  i = 0;
  for (auto& [name, index] : departments) index = i++;
  std::ostringstream script;
  script << "$cells << EOD\n";
  for (const CallNetworkCell& cell : results.call_network[base]) {
    if (cell.reports > 0) script << departments[cell.department] << " " << townships[cell.township] << " " << cell.response_hours_sum / cell.reports << "\n";
  }
  script << "EOD\nset xtics rotate by -30 left (";
  for (const auto& [name, index] : departments) script << (index ? ", " : "") << gnuplot_string(name) << " " << index;
  script << ")\nset ytics (";
  for (const auto& [name, index] : townships) script << (index ? ", " : "") << gnuplot_string(name) << " " << index;
  script << ")\nset xrange [-0.5:" << departments.size() - 0.5 << "]\nset yrange [-0.5:" << townships.size() - 0.5 << "]\n"
         << "set xlabel 'department'\nset ylabel 'township'\nset cblabel 'mean response latency (hours)'\nset grid noxtics noytics\n"
         << "set bmargin 9\nset lmargin 20\nset style fill solid 1.0 noborder\n"
         << "set palette defined (0 '#fff7ec', 1 '#fdbb84', 2 '#d7301f', 3 '#7f0000')\n"
         << "plot $cells using 1:2:(0.5):(0.5):3 with boxxyerror fillcolor palette notitle\n";
  return {"Response latency by township and department", draw_svg("heatmap", script.str(), 900, 560),
          "Mean hours from a township's call to the department's team on site, at the base point, over all its "
          "replications. Dark cells are the slow channels: a far township, a department with few teams or a heavy "
          "vertical load. White cells had no reports."};
}

Figure call_network(const SweepResults& results, std::size_t base) {
  std::map<std::string, std::size_t> townships, departments;
  double most = 1;
  for (const CallNetworkCell& cell : results.call_network[base]) {
    townships.emplace(cell.township, 0);
    departments.emplace(cell.department, 0);
    most = std::max(most, cell.calls);
  }
  std::size_t i = 0;
  for (auto& [name, index] : townships) index = i++;
  i = 0;
  for (auto& [name, index] : departments) index = i++;
  const auto y_of = [](std::size_t index, std::size_t count) { return count > 1 ? static_cast<double>(index) / static_cast<double>(count - 1) : 0.5; };
  // gnuplot has no variable line width for vectors: four width classes.
  std::ostringstream script;
  std::ostringstream classes[4];
  for (const CallNetworkCell& cell : results.call_network[base]) {
    const double y0 = y_of(townships[cell.township], townships.size()), y1 = y_of(departments[cell.department], departments.size());
    const auto width_class = std::min<std::size_t>(3, static_cast<std::size_t>(4.0 * cell.calls / most));
    classes[width_class] << 0 << " " << y0 << " " << 1 << " " << y1 - y0 << "\n";
  }
  for (int c = 0; c < 4; ++c) script << "$e" << c << " << EOD\n" << classes[c].str() << "0 0 0 0\nEOD\n";
  script << "$townships << EOD\n";
  for (const auto& [name, index] : townships) script << "0 " << y_of(index, townships.size()) << " " << gnuplot_data_field(name) << "\n";
  script << "EOD\n$departments << EOD\n";
  for (const auto& [name, index] : departments) script << "1 " << y_of(index, departments.size()) << " " << gnuplot_data_field(name) << "\n";
  script << "EOD\nunset border\nunset xtics\nunset ytics\nunset grid\nset key off\nset xrange [-0.45:1.45]\nset yrange [-0.08:1.08]\n"
         << "set title 'townships (left) call departments (right); line width ~ calls'\n"
         << "plot $e0 using 1:2:3:4 with vectors nohead lw 0.7 lc rgb '#4a7ebb80', $e1 using 1:2:3:4 with vectors nohead lw 2 lc rgb '#4a7ebb80', "
         << "$e2 using 1:2:3:4 with vectors nohead lw 4 lc rgb '#4a7ebb80', $e3 using 1:2:3:4 with vectors nohead lw 7 lc rgb '#4a7ebb80', "
         << "$townships using 1:2:3 with labels right offset -1,0, $departments using 1:2:3 with labels left offset 1,0, "
         << "$townships using 1:2 with points pt 7 ps 1.2 lc rgb 'black', $departments using 1:2 with points pt 5 ps 1.2 lc rgb '#d7301f'\n";
  return {"The realised call network", draw_svg("network", script.str(), 900, 600),
          "Who called whom at the base point, over all its replications: each line joins a township to a department "
          "it called, its width proportional to the number of calls. Departments drawing thick lines from many "
          "townships carry the network; the table below names the bottlenecks."};
}

std::string table(const Json& rows, const std::vector<std::pair<std::string, std::string>>& columns) {
  std::ostringstream html;
  html << "<table><tr>";
  for (const auto& [key, title] : columns) html << "<th>" << html_escape(title) << "</th>";
  html << "</tr>\n";
  for (const Json& row : rows) {
    html << "<tr>";
    for (const auto& [key, title] : columns) {
      const Json& value = row[key];
      if (value.is_number_float()) {
        char text[32];
        std::snprintf(text, sizeof text, "%.4g", value.get<double>());
        html << "<td class=n>" << text << "</td>";
      } else if (value.is_string()) {
        html << "<td>" << html_escape(value.get<std::string>()) << "</td>";
      } else {
        html << "<td class=n>" << html_escape(value.dump()) << "</td>";
      }
    }
    html << "</tr>\n";
  }
  return html.str() + "</table>\n";
}

}  // namespace

void write_report(const SweepResults& results, const Json& analysis, const std::string& directory, const std::string& extra_html) {
  models::OutputFolder folder(directory);  // removed again if the report fails
  const std::size_t base = base_point(results, analysis["base"].get<std::string>());
  std::vector<Figure> figures;
  figures.push_back(latency_cdf(results, base));

  if (analysis.contains("effects")) {
    const auto bars_of = [&](const std::string& metric) {
      std::vector<std::tuple<std::string, double, double, double>> rows;
      for (const Json& e : analysis["effects"]) {
        // A point with no replication done at both it and the base has no
        // effect (NaN, written as null) to draw; a partial sweep leaves such points.
        if (e["metric"] == metric && e["against"] == analysis["base"] && std::isfinite(e["difference"].get<double>())) {
          rows.emplace_back(e["point"], e["difference"], e["paired_low"], e["paired_high"]);
        }
      }
      return rows;
    };
    if (results.has_metric("rates.resolution_within_deadline") && !bars_of("rates.resolution_within_deadline").empty()) {
      // The rate itself per point, with the paired interval of its difference from the base.
      std::vector<std::tuple<std::string, double, double, double>> rows;
      const std::vector<double> base_values = results.sample(base, results.metric("rates.resolution_within_deadline"));
      const double base_rate = point_mean(results, base, "rates.resolution_within_deadline");
      rows.emplace_back(results.labels[base] + " (base)", base_rate, base_rate, base_rate);
      for (const auto& [label, d, low, high] : bars_of("rates.resolution_within_deadline")) rows.emplace_back(label, base_rate + d, base_rate + low, base_rate + high);
      figures.push_back(interval_bars("resolution_rate", "Resolution rate within deadline", "share of issues resolved within their deadline", rows,
                                      "Share of issues resolved within their category's deadline at each point, with the 95 % interval "
                                      "of its paired difference from the base (common random numbers), placed around the point's value. "
                                      "Whiskers that do not reach the base's value are clear differences.", false));
    }
    if (results.has_metric("resolution_hours.mean") && !bars_of("resolution_hours.mean").empty()) {
      auto rows = bars_of("resolution_hours.mean");
      std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return std::abs(std::get<1>(a)) < std::abs(std::get<1>(b)); });
      figures.push_back(interval_bars("tornado", "Tornado chart of lever effects", "change in mean resolution latency against the base (hours)", rows,
                                      "Each bar is a point's paired difference from the base in mean resolution latency, with its 95 % "
                                      "interval, sorted so that the largest effects are at the top. Bars to the left of 0 are improvements.", true));
    }
  }
  if (analysis.contains("sobol")) {
    std::ostringstream script;
    const std::string metric = analysis["sobol"][0]["metric"];
    script << "$rows << EOD\n";
    int i = 0;
    for (const Json& s : analysis["sobol"]) {
      if (s["metric"] != metric) continue;
      script << i++ << " " << s["first"].get<double>() << " " << s["first_low"].get<double>() << " " << s["first_high"].get<double>() << " "
             << s["total"].get<double>() << " " << s["total_low"].get<double>() << " " << s["total_high"].get<double>() << " "
             << gnuplot_data_field(s["factor"]) << "\n";
    }
    script << "EOD\nset style data histogram\nset style histogram errorbars gap 1 lw 1\nset style fill solid 0.6\nset yrange [0:*]\n"
           << "set ylabel 'Sobol index (share of variance)'\nset xtics rotate by -25\nset xlabel 'lever'\n"
           << "plot $rows using 2:3:4:xtic(8) title 'first order', '' using 5:6:7 title 'total'\n";
    figures.push_back({"Sobol indices (" + metric + ")", draw_svg("sobol", script.str()),
                       "Share of the variance of " + metric + " due to each lever alone (first order) and including its "
                       "interactions (total), with 95 % bootstrap intervals. A lever with a large total index matters; a gap "
                       "between total and first order means it acts through interactions."});
  }
  if (results.has_metric("periods.1.mean_effort")) figures.push_back(effort_over_time(results, base));
  if (!results.call_network[base].empty()) {
    figures.push_back(latency_heatmap(results, base));
    figures.push_back(call_network(results, base));
  }

  std::ostringstream html;
  html << html_page_start("tiaokuai report: " + results.file + " (" + analysis["completeness"]["summary"].get<std::string>() + ")");
  html << "<h1>tiaokuai report</h1>\n<p>Sweep <code>" << html_escape(results.file) << "</code>: " << html_escape(results.design) << " design, "
       << results.points() << " points x " << results.replications << " replications. Base point: <b>" << html_escape(analysis["base"].get<std::string>())
       << "</b>. Intervals are 95 %. docs/analysis.md explains every table and plot.</p>\n";
  const Json& completeness = analysis["completeness"];
  if (completeness["complete"].get<bool>()) {
    html << "<p>Complete: " << html_escape(completeness["summary"].get<std::string>()) << ".</p>\n";
  } else {
    html << "<p class=no>Incomplete: " << html_escape(completeness["summary"].get<std::string>())
         << ". Effects use only the replications done at both points; the failed runs are listed in the runs table "
            "(status = 'failed') and in the analysis JSON.</p>\n";
  }
  html << extra_html;
  for (const Figure& figure : figures) {
    html << "<figure><h2>" << html_escape(figure.title) << "</h2>\n" << inline_svg(titled_svg(figure.svg, figure.title)) << "\n<figcaption>" << html_escape(figure.caption)
         << "</figcaption></figure>\n";
  }
  if (analysis.contains("effects")) {
    html << "<h2>Effects against the base</h2><p>Paired 95 % interval from common random numbers; the unpaired (Welch) interval "
            "beside it shows what pairing gains.</p>\n"
         << table(analysis["effects"], {{"metric", "metric"}, {"point", "point"}, {"against", "against"}, {"base_mean", "against mean"}, {"mean", "point mean"},
                                        {"difference", "difference"}, {"paired_low", "paired low"}, {"paired_high", "paired high"},
                                        {"unpaired_low", "unpaired low"}, {"unpaired_high", "unpaired high"}, {"pairing_gain", "width ratio"}});
  }
  if (analysis.contains("sobol")) {
    html << "<h2>Sobol indices</h2>\n"
         << table(analysis["sobol"], {{"metric", "metric"}, {"factor", "lever"}, {"first", "S"}, {"first_low", "S low"}, {"first_high", "S high"},
                                      {"total", "ST"}, {"total_low", "ST low"}, {"total_high", "ST high"}});
  }
  if (analysis.contains("morris")) {
    html << "<h2>Morris elementary effects</h2>\n"
         << table(analysis["morris"], {{"metric", "metric"}, {"factor", "lever"}, {"mu_star", "mu*"}, {"mu", "mu"}, {"sigma", "sigma"}, {"effects", "effects"}});
  }
  if (analysis.contains("metamodel")) {
    html << "<h2>Regression metamodel</h2><p>Standardised coefficients: change in standard deviations of the metric per standard deviation of the lever.</p>\n";
    for (const Json& fit : analysis["metamodel"]) {
      char r2[32];
      std::snprintf(r2, sizeof r2, "%.3f", fit["r_squared"].get<double>());
      html << "<h3>" << html_escape(fit["metric"]) << " (R&sup2; = " << r2 << ")</h3>\n"
           << table(fit["terms"], {{"term", "term"}, {"coefficient", "coefficient"}, {"standard_error", "standard error"}});
    }
  }
  html << "<h2>Precision</h2>\n"
       << table(analysis["precision"], {{"metric", "metric"}, {"replications", "replications"}, {"mean", "mean"}, {"half_width", "95 % half-width"},
                                        {"relative_half_width", "relative"}, {"replications_needed", "replications needed"}});
  if (analysis.contains("network")) {
    html << "<h2>Call network at the base point</h2>\n"
         << table(analysis["network"], {{"department", "department"}, {"calls_per_run", "calls per run"}, {"mean_response_hours", "response (h)"},
                                        {"refusal_share", "refused"}, {"degree", "townships calling"}, {"betweenness", "betweenness"},
                                        {"waiting_burden", "share of waiting"}, {"bottleneck", "bottleneck"}});
  }
  html << "</body></html>\n";
  models::OutputFile index(folder.path() / "index.html");
  index.write(html.str());
  index.commit();
  folder.keep();
}

}  // namespace tiaokuai::analysis
