#include "analysis/report.hpp"

#include <cstdio>
#include <sstream>
#include <stdexcept>

#include "analysis/analyze.hpp"
#include "analysis/figure.hpp"
#include "analysis/html.hpp"
#include "analysis/point_choice.hpp"
#include "analysis/report_figures.hpp"

namespace tiaokuai::analysis {
namespace {

using Json = nlohmann::ordered_json;

// A table whose rows the reader can sort by clicking a header
// (sortable_tables_script in html.hpp).
std::string table(const Json& rows, const std::vector<std::pair<std::string, std::string>>& columns) {
  std::ostringstream html;
  html << "<table class=sortable><thead><tr>";
  for (const auto& [key, title] : columns) html << "<th>" << html_escape(title) << "</th>";
  html << "</tr></thead><tbody>\n";
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
      } else if (value.is_null()) {
        html << "<td class=n></td>";  // undefined, as the CSV leaves it empty
      } else {
        html << "<td class=n>" << html_escape(value.dump()) << "</td>";
      }
    }
    html << "</tr>\n";
  }
  return html.str() + "</tbody></table>\n";
}

// The figures in the order a reader asks: what the design answers first,
// then the runs behind it, then the network.
std::vector<Figure> report_figures(const SweepResults& results, const Json& analysis) {
  const std::size_t base = base_point(results, analysis["base"].get<std::string>());
  const std::size_t key = results.metric(analysis["metrics"][0].get<std::string>());
  const ReportInputs in{results, analysis, base, key, relevant_points(results, base, key, shown_points_cap)};
  std::vector<Figure> figures;
  add_design_figures(in, figures);
  add_sobol_figures(in, figures);
  add_run_figures(in, figures);
  add_network_figures(in, figures);
  return figures;
}

std::string tables_html(const Json& analysis) {
  std::ostringstream html;
  html << "<p>Click a column's header to sort a table by it.</p>\n";
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
    html << "<h2>Morris elementary effects</h2><p>Over the trajectories, with 95 % bootstrap intervals (docs/analysis.md); "
            "an empty cell is undefined (fewer than two effects).</p>\n"
         << table(analysis["morris"], {{"metric", "metric"}, {"factor", "factor"}, {"effects", "effects"}, {"mu_star", "mu*"},
                                       {"mu_star_low", "mu* low"}, {"mu_star_high", "mu* high"}, {"mu", "mu"}, {"mu_low", "mu low"},
                                       {"mu_high", "mu high"}, {"sigma", "sigma"}, {"sigma_low", "sigma low"}, {"sigma_high", "sigma high"}});
  }
  if (analysis.contains("one_at_a_time")) {
    html << "<h2>One-at-a-time effects (not Morris)</h2><p>Each level's effect against the base per share of the factor's range, "
            "over levels and replications: a screening around one point, not Morris's trajectories.</p>\n"
         << table(analysis["one_at_a_time"], {{"metric", "metric"}, {"factor", "factor"}, {"effects", "effects"}, {"mu_star", "mu*"},
                                              {"mu", "mu"}, {"sigma", "sigma"}});
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
  return html.str();
}

}  // namespace

void write_report(const SweepResults& results, const Json& analysis, const std::string& directory, const ReportSection& opening) {
  // The figures first: without gnuplot this fails before anything is written.
  const std::vector<Figure> figures = report_figures(results, analysis);
  for (const Figure& figure : figures) {
    for (const Figure& earlier : opening.figures) {
      if (earlier.name == figure.name) throw std::logic_error("two report figures named " + figure.name);
    }
  }
  std::ostringstream html;
  html << html_page_start("tiaokuai report: " + results.file + " (" + analysis["completeness"]["summary"].get<std::string>() + ")");
  html << "<h1>tiaokuai report</h1>\n<p>Sweep <code>" << html_escape(results.file) << "</code>: " << html_escape(results.design) << " design, "
       << results.points() << " points x " << results.replications << " replications. Base point: <b>" << html_escape(analysis["base"].get<std::string>())
       << "</b>. Key metric (the first analysed, --metric): <b>" << html_escape(analysis["metrics"][0].get<std::string>())
       << "</b>. Intervals are 95 %. docs/analysis.md explains every table and figure; each figure is also in "
       << figures_folder << "/ as a standalone SVG beside the CSV of the numbers it draws.</p>\n";
  const Json& completeness = analysis["completeness"];
  if (completeness["complete"].get<bool>()) {
    html << "<p>Complete: " << html_escape(completeness["summary"].get<std::string>()) << ".</p>\n";
  } else {
    html << "<p class=no>Incomplete: " << html_escape(completeness["summary"].get<std::string>())
         << ". Effects use only the replications done at both points; the failed runs are listed in the runs table "
            "(status = 'failed') and in the analysis JSON.</p>\n";
  }
  html << sobol_warning_html(analysis) << opening.html;
  for (const Figure& figure : figures) html << figure_html(figure);
  html << tables_html(analysis) << sortable_tables_script() << "</body></html>\n";
  std::vector<ReportFile> files{{"index.html", html.str()}};
  for (ReportFile& file : figure_files(opening.figures)) files.push_back(std::move(file));
  for (ReportFile& file : figure_files(figures)) files.push_back(std::move(file));
  write_files_all_or_none(directory, {figures_folder}, files);
}

}  // namespace tiaokuai::analysis
