#include "decisions/optimise_outputs.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "analysis/figure.hpp"
#include "analysis/html.hpp"
#include "analysis/svg_figure.hpp"
#include "calibration/calibration_outputs.hpp"
#include "calibration/number_text.hpp"
#include "models/governance/model_version.hpp"
#include "models/scenario_schema.hpp"
#include "sim/confidence_interval.hpp"
#include "tiaokuai/version.hpp"

namespace tiaokuai::decisions {
namespace {

using calibration::csv_number;
using calibration::rounded;
using analysis::html_escape;

constexpr int shown_digits = 4;
constexpr int json_version = 1;

// "mean (minimise)", "rates.x >= 0.9": what a measure asks, for headings.
std::string measure_label(const OptimiseSpec& spec, std::size_t k) {
  const std::size_t objectives = spec.problem.objectives.size();
  if (k < objectives) return spec.measures[k] + (spec.problem.objectives[k] == Goal::minimise ? " (minimise)" : " (maximise)");
  const Constraint& c = spec.problem.constraints[k - objectives];
  return spec.measures[k] + (c.at_least ? " >= " : " <= ") + rounded(c.bound, shown_digits);
}

std::string decision_value(const OptimiseSpec& spec, const Design& design, std::size_t i) {
  return calibration::scenario_value(spec.decisions[i], design.decisions[i]);
}

// The estimate a design is reported by: its re-evaluation if it had one.
const calibration::Evaluation& reported(const Design& design) { return design.final.mean.empty() ? design.search : design.final; }

std::size_t reported_degrees_of_freedom(const OptimiseSpec& spec, const Design& design) {
  return design.final.mean.empty() ? search_degrees_of_freedom(spec) : final_degrees_of_freedom(spec);
}

// Measure k's 95 % interval by the estimate the design is reported by.
sim::ConfidenceInterval reported_interval(const OptimiseSpec& spec, const Design& design, std::size_t k) {
  return calibration::interval_95(reported(design), k, reported_degrees_of_freedom(spec, design));
}

std::string designs_csv(const OptimiseSpec& spec, const std::vector<Design>& designs, bool with_reason) {
  // Fields appended one by one: GCC 12 warns falsely (-Wrestrict, its bug
  // 105651) about "," + a temporary string.
  auto field = [](std::string& csv, const std::string& text) {
    csv += ',';
    csv += text;
  };
  std::string csv = "design,feasible";
  for (const calibration::Parameter& d : spec.decisions) field(csv, d.path);
  for (const std::string& m : spec.measures) {
    for (const char* suffix : {"", ".low", ".high", ".search"}) field(csv, m + suffix);
  }
  csv += with_reason ? ",dropped_because\n" : "\n";
  for (std::size_t n = 0; n < designs.size(); ++n) {
    const Design& design = designs[n];
    csv += std::to_string(n + 1) + "," + (design.feasible ? "true" : "false");
    for (std::size_t i = 0; i < spec.decisions.size(); ++i) field(csv, decision_value(spec, design, i));
    for (std::size_t k = 0; k < spec.measures.size(); ++k) {
      const sim::ConfidenceInterval ci = reported_interval(spec, design, k);
      for (const double value : {reported(design).mean[k], ci.lower(), ci.upper(), design.search.mean[k]}) field(csv, csv_number(value));
    }
    // The reason is free text with commas: quoted, inner quotes doubled.
    if (with_reason) {
      std::string reason;
      for (const char c : design.dropped_because) reason += c == '"' ? std::string("\"\"") : std::string(1, c);
      csv += ",\"" + reason + "\"";
    }
    csv += "\n";
  }
  return csv;
}

std::string generations_csv(const SearchResult& result) {
  std::string csv = "generation,evaluations,feasible,front_size,hypervolume\n";
  for (const GenerationRecord& g : result.generations) {
    csv += std::to_string(g.generation) + "," + std::to_string(g.evaluations) + "," + std::to_string(g.feasible) + "," +
           std::to_string(g.front_size) + "," + csv_number(g.hypervolume) + "\n";
  }
  return csv;
}

std::string design_file_name(std::size_t n) { return "designs/design-" + std::to_string(n + 1) + ".yaml"; }

std::string design_yaml(const OptimiseSpec& spec, const Design& design, std::size_t n, const OptimiseRun& run) {
  const models::ConfigNode tree = design_tree(spec, design.decisions);
  models::read_scenario(tree);  // a front design ran, so its scenario is valid; refuse it here if not
  std::ostringstream text;
  text << "# Design " << n + 1 << " of the Pareto front, written by tiaokuai " << tiaokuai::version << " optimise\n";
  if (!spec.description.empty()) text << "# " << spec.description << "\n";
  text << "# Spec: " << spec.file << "; database: " << run.database << "\n";
  text << "# Base: " << spec.evaluation.base_path << (spec.evaluation.fixed.empty() ? "" : ", with the spec's set:") << "\n";
  if (!spec.draws.empty()) {
    text << "# Estimated over " << spec.draws.size() << " draws of the posterior " << spec.posterior_file
         << "; this file is the base with the decisions, to run over the posterior with a sweep's design: posterior.\n";
  }
  text << "# Re-evaluated with " << spec.reevaluation.replications << " replications on fresh streams (master seed "
       << spec.reevaluation.master_seed << "; run.seed below is the search's), 95 % intervals:\n";
  for (std::size_t k = 0; k < spec.measures.size(); ++k) {
    const sim::ConfidenceInterval ci = reported_interval(spec, design, k);
    text << "#   " << measure_label(spec, k) << ": " << rounded(reported(design).mean[k], shown_digits) << " "
         << calibration::interval_text(ci.lower(), ci.upper(), shown_digits) << "\n";
  }
  text << "# Decisions:";
  for (std::size_t i = 0; i < spec.decisions.size(); ++i) text << " " << spec.decisions[i].path << " = " << decision_value(spec, design, i) << ";";
  text << "\n" << calibration::scenario_tree_yaml(tree);
  return text.str();
}

nlohmann::json design_json(const OptimiseSpec& spec, const Design& design, std::size_t n, bool on_front) {
  nlohmann::json entry{{"design", n + 1}, {"feasible", design.feasible}};
  nlohmann::json decisions = nlohmann::json::object();
  // As the scenario takes them: integer decisions rounded.
  for (std::size_t i = 0; i < spec.decisions.size(); ++i) {
    decisions[spec.decisions[i].path] = spec.decisions[i].integer ? std::round(design.decisions[i]) : design.decisions[i];
  }
  entry["decisions"] = decisions;
  nlohmann::json measures = nlohmann::json::object();
  auto number = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
  for (std::size_t k = 0; k < spec.measures.size(); ++k) {
    const sim::ConfidenceInterval ci = reported_interval(spec, design, k);
    measures[spec.measures[k]] = {{"mean", number(reported(design).mean[k])}, {"low", number(ci.lower())}, {"high", number(ci.upper())},
                                  {"search_mean", number(design.search.mean[k])}};
  }
  entry["measures"] = measures;
  if (on_front) {
    entry["scenario"] = design_file_name(n);
  } else {
    entry["dropped_because"] = design.dropped_because;
  }
  return entry;
}

std::string front_json(const OptimiseSpec& spec, const SearchResult& result, const OptimiseRun& run) {
  nlohmann::json json;
  json["version"] = json_version;
  json["metadata"] = {{"tiaokuai_version", tiaokuai::version},
                      {"commit", tiaokuai::git_commit},
                      {"model_version", models::governance::model_version},
                      {"spec", spec.file},
                      {"fingerprint", spec.evaluation.fingerprint},
                      {"database", run.database},
                      {"master_seed", spec.evaluation.master_seed},
                      {"reevaluation_master_seed", spec.reevaluation.master_seed},
                      {"replications", spec.evaluation.replications},
                      {"reevaluation_replications", spec.reevaluation.replications},
                      {"posterior", spec.posterior_file},
                      {"posterior_draws", spec.draws.size()},
                      {"population", spec.settings.population},
                      {"generations", spec.settings.generations},
                      {"runs_simulated", run.runs_simulated}};
  nlohmann::json decisions = nlohmann::json::array();
  for (std::size_t i = 0; i < spec.decisions.size(); ++i) {
    const calibration::Parameter& d = spec.decisions[i];
    decisions.push_back({{"path", d.path}, {"low", d.prior.low}, {"high", d.prior.high}, {"integer", d.integer}});
  }
  json["decisions"] = decisions;
  nlohmann::json objectives = nlohmann::json::array(), constraints = nlohmann::json::array();
  for (std::size_t k = 0; k < spec.problem.objectives.size(); ++k) {
    objectives.push_back({{"metric", spec.measures[k]}, {"goal", spec.problem.objectives[k] == Goal::minimise ? "minimise" : "maximise"}});
  }
  for (std::size_t c = 0; c < spec.problem.constraints.size(); ++c) {
    const Constraint& constraint = spec.problem.constraints[c];
    constraints.push_back({{"metric", spec.measures[spec.problem.objectives.size() + c]},
                           {constraint.at_least ? "at_least" : "at_most", constraint.bound}});
  }
  json["objectives"] = objectives;
  json["constraints"] = constraints;
  json["reference_point"] = result.reference_point;
  nlohmann::json generations = nlohmann::json::array();
  for (const GenerationRecord& g : result.generations) {
    generations.push_back({{"generation", g.generation}, {"evaluations", g.evaluations}, {"feasible", g.feasible},
                           {"front_size", g.front_size}, {"hypervolume", g.hypervolume}});
  }
  json["generations"] = generations;
  nlohmann::json front = nlohmann::json::array(), dropped = nlohmann::json::array();
  for (std::size_t n = 0; n < result.front.size(); ++n) front.push_back(design_json(spec, result.front[n], n, true));
  for (std::size_t n = 0; n < result.dropped.size(); ++n) dropped.push_back(design_json(spec, result.dropped[n], n, false));
  json["front"] = front;
  json["dropped"] = dropped;
  return json.dump(2) + "\n";
}

// Rows "x y xlow xhigh ylow yhigh label" of the first two objectives.
std::string front_rows(const OptimiseSpec& spec, const std::vector<Design>& designs, bool reported_estimate) {
  std::string rows;
  for (std::size_t n = 0; n < designs.size(); ++n) {
    const calibration::Evaluation& e = reported_estimate ? reported(designs[n]) : designs[n].search;
    const std::size_t dof = reported_estimate ? reported_degrees_of_freedom(spec, designs[n]) : search_degrees_of_freedom(spec);
    if (!std::isfinite(e.mean[0]) || !std::isfinite(e.mean[1])) continue;
    const sim::ConfidenceInterval x = calibration::interval_95(e, 0, dof), y = calibration::interval_95(e, 1, dof);
    rows += csv_number(e.mean[0]) + " " + csv_number(e.mean[1]) + " " + csv_number(x.lower()) + " " + csv_number(x.upper()) + " " + csv_number(y.lower()) +
            " " + csv_number(y.upper()) + " " + std::to_string(n + 1) + "\n";
  }
  return rows;
}

std::string front_figure(const OptimiseSpec& spec, const SearchResult& result) {
  std::string body = "set xlabel " + analysis::gnuplot_string(measure_label(spec, 0)) + "\nset ylabel " +
                     analysis::gnuplot_string(measure_label(spec, 1)) + "\n";
  std::vector<std::string> plots;
  const std::string population = front_rows(spec, result.final_population, false);
  const std::string dropped = front_rows(spec, result.dropped, true);
  const std::string front = front_rows(spec, result.front, true);
  if (!population.empty()) {
    body += "$population << EOD\n" + population + "EOD\n";
    plots.push_back("$population using 1:2 with points pt 7 ps 0.5 lc rgb '#bbbbbb' title 'last generation (search estimates)'");
  }
  if (!dropped.empty()) {
    body += "$dropped << EOD\n" + dropped + "EOD\n";
    plots.push_back("$dropped using 1:2:3:4:5:6 with xyerrorbars pt 6 lc rgb '#d95f02' title 'dropped by the re-evaluation'");
  }
  if (!front.empty()) {
    body += "$front << EOD\n" + front + "EOD\n";
    plots.push_back("$front using 1:2:3:4:5:6 with xyerrorbars pt 7 lc rgb '#1b9e77' title 'Pareto front (re-evaluated, 95 % CI)'");
    plots.push_back("$front using 1:2:7 with labels offset char 1,1 notitle");
  }
  if (plots.empty()) return "";
  body += "plot ";
  for (std::size_t i = 0; i < plots.size(); ++i) body += (i > 0 ? ", \\\n     " : "") + plots[i];
  return analysis::titled_svg(analysis::draw_svg("front", body + "\n"), "The Pareto front");
}

std::string hypervolume_figure(const SearchResult& result) {
  std::string body = "set xlabel 'generation'\nset ylabel 'hypervolume of the feasible front'\n$hv << EOD\n";
  for (const GenerationRecord& g : result.generations) body += std::to_string(g.generation) + " " + csv_number(g.hypervolume) + "\n";
  body += "EOD\nplot $hv using 1:2 with linespoints pt 7 lc rgb '#7570b3' title 'hypervolume (search estimates)'\n";
  return analysis::titled_svg(analysis::draw_svg("hypervolume", body), "Hypervolume per generation");
}

// Parallel coordinates: each front design a line across the decisions,
// each decision's value as a share of its range.
std::string decisions_figure(const OptimiseSpec& spec, const SearchResult& result) {
  if (result.front.empty()) return "";
  std::string body = "set xtics (";
  for (std::size_t i = 0; i < spec.decisions.size(); ++i) {
    body += (i > 0 ? ", " : "") + analysis::gnuplot_string(spec.decisions[i].path) + " " + std::to_string(i + 1);
  }
  body += ") rotate by -25\nset yrange [-0.05:1.05]\nset ylabel 'share of the decision range'\n$designs << EOD\n";
  for (const Design& design : result.front) {
    for (std::size_t i = 0; i < spec.decisions.size(); ++i) {
      // As the scenario takes it: an integer decision rounded.
      const calibration::Prior& range = spec.decisions[i].prior;
      const double value = spec.decisions[i].integer ? std::round(design.decisions[i]) : design.decisions[i];
      body += std::to_string(i + 1) + " " + csv_number((value - range.low) / (range.high - range.low)) + "\n";
    }
    body += "\n\n";
  }
  // Coloured along the front (sorted by the first objective), so a colour
  // says where on the trade-off a design sits, for any number of designs.
  const std::size_t last = result.front.size() - 1;
  const bool keyed = result.front.size() <= 12;
  body += "EOD\nset xrange [0.8:" + std::to_string(spec.decisions.size()) + ".2]\nset cbrange [1:" + std::to_string(std::max<std::size_t>(last + 1, 2)) +
          "]\nset cblabel 'design'\nset palette defined (0 '#1b9e77', 0.5 '#7570b3', 1 '#d95f02')\n" + (keyed ? "unset colorbox\n" : "unset key\n") + "plot for [d=0:" + std::to_string(last) +
          "] $designs index d using 1:2 with linespoints pt 7 lc palette cb d + 1" +
          (keyed ? " title sprintf('design %d', d + 1)\n" : " notitle\n");
  return analysis::titled_svg(analysis::draw_svg("decisions", body, 820, 520), "The front's decisions");
}

std::string table_row(const std::vector<std::string>& cells, const char* tag) {
  std::string row = "<tr>";
  for (const std::string& cell : cells) row += std::string("<") + tag + ">" + html_escape(cell) + "</" + tag + ">";
  return row + "</tr>\n";
}

std::string front_table(const OptimiseSpec& spec, const std::vector<Design>& designs, bool with_reason) {
  std::vector<std::string> heading{"design"};
  for (std::size_t k = 0; k < spec.measures.size(); ++k) heading.push_back(measure_label(spec, k));
  for (const calibration::Parameter& d : spec.decisions) heading.push_back(d.path);
  if (with_reason) heading.push_back("dropped because");
  std::string html = "<table>\n" + table_row(heading, "th");
  for (std::size_t n = 0; n < designs.size(); ++n) {
    std::vector<std::string> cells{std::to_string(n + 1)};
    for (std::size_t k = 0; k < spec.measures.size(); ++k) {
      const sim::ConfidenceInterval ci = reported_interval(spec, designs[n], k);
      cells.push_back(rounded(reported(designs[n]).mean[k], shown_digits) + " " + calibration::interval_text(ci.lower(), ci.upper(), shown_digits));
    }
    for (std::size_t i = 0; i < spec.decisions.size(); ++i) cells.push_back(decision_value(spec, designs[n], i));
    if (with_reason) cells.push_back(designs[n].dropped_because);
    html += table_row(cells, "td");
  }
  return html + "</table>\n";
}

// A re-run into the same folder with a shorter front would leave the old
// run's later designs beside the new front: remove design-N.yaml for N
// beyond it (only files of that name, which this command writes).
void remove_stale_designs(const std::filesystem::path& folder, std::size_t designs) {
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    const std::string prefix = "design-", name = entry.path().filename().string();
    if (!name.starts_with(prefix)) continue;
    std::size_t number = 0;
    const auto [end, error] = std::from_chars(name.data() + prefix.size(), name.data() + name.size(), number);
    if (error == std::errc() && std::string(end, name.data() + name.size()) == ".yaml" && number > designs) {
      std::filesystem::remove(entry.path());
    }
  }
}

std::string report_html(const OptimiseSpec& spec, const SearchResult& result, const std::vector<analysis::Figure>& figures) {
  std::string html = analysis::html_page_start("tiaokuai optimise: " + spec.file);
  html += "<h1>Pareto front: " + html_escape(spec.file) + "</h1>\n";
  if (!spec.description.empty()) html += "<p>" + html_escape(spec.description) + "</p>\n";
  html += "<p>NSGA-II, population " + std::to_string(spec.settings.population) + " &times; " + std::to_string(spec.settings.generations) +
          " generations; every design ran " + std::to_string(spec.evaluation.replications) +
          " replications on common random numbers, and the front was re-evaluated with " +
          std::to_string(spec.reevaluation.replications) + " replications on fresh streams" +
          (spec.draws.empty() ? "" : ", each design over " + std::to_string(spec.draws.size()) + " posterior draws") + ".</p>\n";
  html += "<h2>Front (" + std::to_string(result.front.size()) + " designs, 95 % intervals)</h2>\n" + front_table(spec, result.front, false);
  if (!result.dropped.empty()) {
    html += "<h2>Dropped by the re-evaluation (" + std::to_string(result.dropped.size()) + ")</h2>\n" + front_table(spec, result.dropped, true);
  }
  for (const analysis::Figure& figure : figures) html += analysis::figure_html(figure);
  return html + "</body>\n</html>\n";
}

}  // namespace

bool met_constraints(const SearchResult& result) { return !result.front.empty() && result.front.front().feasible; }

std::size_t search_degrees_of_freedom(const OptimiseSpec& spec) {
  return (spec.draws.empty() ? static_cast<std::size_t>(spec.evaluation.replications) : spec.draws.size()) - 1;
}

std::size_t final_degrees_of_freedom(const OptimiseSpec& spec) {
  return (spec.draws.empty() ? static_cast<std::size_t>(spec.reevaluation.replications) : spec.draws.size()) - 1;
}

std::string optimise_summary_text(const OptimiseSpec& spec, const SearchResult& result, const OptimiseRun& run) {
  std::ostringstream text;
  text << spec.file << ": NSGA-II; decisions " << spec.decisions.size() << ", objectives " << spec.problem.objectives.size()
       << ", constraints " << spec.problem.constraints.size() << "\n";
  text << "  population " << spec.settings.population << " x " << spec.settings.generations << " generations, "
       << spec.evaluation.replications << " replications per design (common random numbers)";
  if (!spec.draws.empty()) text << " under each of " << spec.draws.size() << " posterior draws (" << spec.posterior_file << ")";
  text << "\n  front re-evaluated with " << spec.reevaluation.replications << " replications on fresh streams\n";
  text << "  " << run.runs_simulated << " runs simulated now, " << run.batches_replayed << " batches taken from " << run.database << "\n";
  text << "  hypervolume (reference point";
  for (const double r : result.reference_point) text << " " << rounded(r, shown_digits);
  text << "):";
  for (const GenerationRecord& g : result.generations) {
    if (g.generation == 0 || g.generation == result.generations.back().generation || g.generation % 5 == 0) {
      text << " gen " << g.generation << " " << rounded(g.hypervolume, shown_digits) << ";";
    }
  }
  text << "\n\nPareto front: " << result.front.size() << " designs (re-evaluated; 95 % intervals)\n";
  if (!met_constraints(result)) {
    text << "  NO DESIGN MET THE CONSTRAINTS: below are the least violating designs. Loosen the constraints, widen the decisions' "
            "ranges, or search longer.\n";
  }
  for (std::size_t n = 0; n < result.front.size(); ++n) {
    const Design& design = result.front[n];
    text << "  design " << n + 1 << " (" << design_file_name(n) << ")\n";
    for (std::size_t k = 0; k < spec.measures.size(); ++k) {
      const sim::ConfidenceInterval ci = reported_interval(spec, design, k);
      text << "    " << measure_label(spec, k) << ": " << rounded(reported(design).mean[k], shown_digits) << " "
           << calibration::interval_text(ci.lower(), ci.upper(), shown_digits) << "\n";
    }
    text << "   ";
    for (std::size_t i = 0; i < spec.decisions.size(); ++i) text << " " << spec.decisions[i].path << "=" << decision_value(spec, design, i);
    text << "\n";
  }
  if (!result.dropped.empty()) {
    text << "\nDropped by the re-evaluation (their search estimates were luck): " << result.dropped.size() << "\n";
    for (const Design& design : result.dropped) text << "  " << design.dropped_because << "\n";
  }
  return text.str();
}

void write_optimise_outputs(const std::string& folder, const OptimiseSpec& spec, const SearchResult& result, const OptimiseRun& run) {
  // The figures first: without gnuplot this fails before anything is created.
  std::vector<analysis::Figure> figures;
  const std::string front = front_figure(spec, result);
  if (!front.empty()) {
    figures.push_back({"pareto_front", "The Pareto front",
                       "The first two objectives of the last generation (grey, as the search saw them), the designs the "
                       "re-evaluation dropped (orange) and the front (green, numbered as in the table), with 95 % intervals. "
                       "Look for the knee: where a little more of one objective costs much of the other. Data: front.csv, dropped.csv.",
                       front, ""});
  }
  figures.push_back({"hypervolume", "Hypervolume per generation",
                     "The area the feasible front dominates, per generation. A curve that has flattened says more generations "
                     "would add little; one still rising says search longer. Data: generations.csv.",
                     hypervolume_figure(result), ""});
  const std::string decisions = decisions_figure(spec, result);
  if (!decisions.empty()) {
    figures.push_back({"decisions", "The front's decisions",
                       "Each front design's decisions as a share of their ranges, coloured along the front from design 1 (best in the "
                       "first objective) to the last (best in the second). Decisions on which the designs agree are settled by the "
                       "objectives; those that change along the front are what the trade-off is made of. Data: front.csv.",
                       decisions, ""});
  }
  std::vector<analysis::ReportFile> files{{"report.html", report_html(spec, result, figures)},
                                             {"front.csv", designs_csv(spec, result.front, false)},
                                             {"dropped.csv", designs_csv(spec, result.dropped, true)},
                                             {"generations.csv", generations_csv(result)},
                                             {"front.json", front_json(spec, result, run)},
                                             {"summary.txt", optimise_summary_text(spec, result, run)}};
  for (analysis::ReportFile& file : analysis::figure_files(figures)) files.push_back(std::move(file));
  for (std::size_t n = 0; n < result.front.size(); ++n) files.push_back({design_file_name(n), design_yaml(spec, result.front[n], n, run)});
  analysis::write_files_all_or_none(folder, {analysis::figures_folder, "designs"}, files);
  remove_stale_designs(std::filesystem::path(folder) / "designs", result.front.size());
}

}  // namespace tiaokuai::decisions
