#include "calibration/calibration_report.hpp"

#include <sstream>

#include "analysis/html.hpp"
#include "analysis/svg_figure.hpp"
#include "calibration/calibration_figures.hpp"
#include "calibration/number_text.hpp"
#include "calibration/prior.hpp"

namespace tiaokuai::calibration {
namespace {

using analysis::html_escape;

constexpr int shown_digits = 4;

std::string cell(const std::string& text) { return "<td>" + html_escape(text) + "</td>"; }
std::string number_cell(double value) { return "<td class=n>" + rounded(value, shown_digits) + "</td>"; }

std::string header_row(const std::vector<std::string>& titles) {
  std::string row = "<tr>";
  for (const std::string& title : titles) row += "<th>" + html_escape(title) + "</th>";
  return row + "</tr>\n";
}

std::string parameters_table(const CalibrationSpec& spec, const CalibrationResult& result) {
  std::string html = "<table>\n" + header_row({"parameter", "prior", "low", "high", "mean", "median", "5 %", "95 %",
                                               "prior's 90 % width", "width ratio", "identified"});
  for (std::size_t i = 0; i < result.summary.parameters.size(); ++i) {
    const ParameterSummary& s = result.summary.parameters[i];
    const Prior& prior = spec.parameters[i].prior;
    html += "<tr>" + cell(s.path) + cell(prior_name(prior.kind)) + number_cell(prior.low) + number_cell(prior.high) +
            number_cell(s.mean) + number_cell(s.median) + number_cell(s.lower) + number_cell(s.upper) +
            number_cell(s.prior_width) + number_cell(s.width_ratio) +
            (s.identified ? "<td class=yes>yes</td>" : "<td class=no>not identified</td>") + "</tr>\n";
  }
  return html + "</table>\n";
}

std::string predictive_table(const CalibrationSpec& spec, const std::vector<TargetCheck>& checks) {
  std::string html = "<table>\n" + header_row({"target", "source", "observed", "sd", "simulated mean", "5 %", "median",
                                               "95 %", "z", "draws", "matched"});
  for (std::size_t k = 0; k < checks.size(); ++k) {
    const TargetCheck& c = checks[k];
    html += "<tr>" + cell(c.metric) + cell(spec.targets[k].source) + number_cell(c.observed) + number_cell(c.sd) +
            number_cell(c.simulated_mean) + number_cell(c.simulated_lower) + number_cell(c.simulated_median) +
            number_cell(c.simulated_upper) + number_cell(c.z) + "<td class=n>" + std::to_string(c.draws) + "</td>" +
            (c.consistent ? "<td class=yes>yes</td>" : "<td class=no>NOT MATCHED</td>") + "</tr>\n";
  }
  return html + "</table>\n";
}

std::string course(const CalibrationSpec& spec, const CalibrationResult& result) {
  std::ostringstream html;
  html << "<p>Targets file <code>" << html_escape(spec.file) << "</code>";
  if (!spec.description.empty()) html << " (" << html_escape(spec.description) << ")";
  html << ": " << html_escape(result.method) << " on " << spec.parameters.size() << " parameters and "
       << spec.targets.size() << " targets, " << spec.replications << " replications per candidate, master seed "
       << spec.master_seed << ". Stopped: " << html_escape(result.stop_reason) << "; " << result.evaluations
       << " candidates";
  if (!is_sample_only(result))
    html << "; final effective sample size " << rounded(result.ess, shown_digits) << " of " << result.population.size();
  html << ".</p>\n";
  if (is_sample_only(result)) {
    html << "<p>History matching rules values out rather than weighing them: the sample below is drawn evenly from "
            "what it "
            "has not ruled out, not a posterior.</p>\n";
  }
  return html.str();
}

}  // namespace

std::vector<analysis::ReportFile> calibration_report(const CalibrationSpec& spec, const CalibrationResult& result,
                                           const std::vector<TargetCheck>& checks) {
  std::vector<analysis::Figure> figures{marginals_figure(spec, result)};
  if (spec.parameters.size() >= 2) figures.push_back(pairs_figure(spec, result));
  figures.push_back(rounds_figure(result));
  figures.push_back(predictive_figure(result, checks));
  for (analysis::Figure& figure : figures) figure.svg = analysis::titled_svg(figure.svg, figure.title);

  std::ostringstream html;
  html << analysis::html_page_start("tiaokuai calibration: " + spec.file) << "<h1>tiaokuai calibration</h1>\n"
       << course(spec, result)
       << "<p>docs/calibration.md explains the methods and how to read every figure and table.</p>\n";
  for (const analysis::Figure& figure : figures) html << analysis::figure_html(figure);
  html << "<h2>Parameters</h2>\n<p>The 90 % credible interval (5 % to 95 %) of each parameter and how much narrower it "
          "is than "
          "the prior's (width ratio). Below "
       << rounded(identified_width_ratio, shown_digits)
       << " the targets do not pin the parameter down: it is <i>not identified</i>, and any value in its prior is "
          "about as "
          "consistent with them.</p>\n"
       << parameters_table(spec, result)
       << "<h2>Posterior predictive check</h2>\n<p>z: the observation's distance from the calibrated model's draws in "
          "predictive "
          "standard deviations (simulation spread and observation sd together); NOT MATCHED when |z| &gt; 2.</p>\n"
       << predictive_table(spec, checks) << "</body></html>\n";

  std::vector<analysis::ReportFile> files{{"report.html", html.str()}};
  for (analysis::ReportFile& file : analysis::figure_files(figures)) files.push_back(std::move(file));
  return files;
}

}  // namespace tiaokuai::calibration
