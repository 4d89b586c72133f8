#include "analysis/analyze.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "analysis/call_network_metrics.hpp"
#include "analysis/effects.hpp"
#include "analysis/point_choice.hpp"
#include "analysis/regression.hpp"
#include "analysis/scenario_discovery.hpp"
#include "analysis/sensitivity.hpp"
#include "models/closest_name.hpp"
#include "models/config_node.hpp"
#include "models/csv.hpp"
#include "models/output_file.hpp"
#include "models/output_folder.hpp"

namespace tiaokuai::analysis {
namespace {

using Json = nlohmann::ordered_json;

// Names for a message: all of them, or the first `shown` and how many in all.
std::string listed(const std::vector<std::string>& names, std::size_t shown = 40) {
  std::string out;
  for (std::size_t i = 0; i < std::min(names.size(), shown); ++i) out += (i > 0 ? ", " : "") + names[i];
  if (names.size() > shown) out += ", ... (" + std::to_string(names.size()) + " in all)";
  return out;
}

Json completeness_json(const Completeness& completeness) {
  Json failed = Json::array();
  for (const FailedRun& run : completeness.failed) {
    failed.push_back({{"run", run.run}, {"point", run.point}, {"replication", run.replication}, {"message", run.message}});
  }
  return {{"runs_expected", completeness.expected}, {"runs_done", completeness.done}, {"runs_failed", completeness.failed.size()},
          {"complete", completeness.complete()}, {"summary", completeness.summary()}, {"failed_runs", failed}};
}

// Effects of each point against `bases` (the base point, or every point).
Json effects_json(const SweepResults& results, const std::vector<std::size_t>& bases, const std::vector<std::size_t>& metrics) {
  Json rows = Json::array();
  for (const std::size_t m : metrics) {
    for (const std::size_t base : bases) {
      for (std::size_t p = 0; p < results.points(); ++p) {
        if (p == base || (bases.size() > 1 && p < base)) continue;
        const PairedSample pairs = results.paired(p, m, base, m);
        const Effect e = paired_effect(pairs.treatment, pairs.base);
        rows.push_back({{"metric", results.metrics[m]},
                        {"point", results.labels[p]},
                        {"against", results.labels[base]},
                        {"pairs", e.pairs},
                        {"base_mean", e.base_mean},
                        {"mean", e.treatment_mean},
                        {"difference", e.difference},
                        {"paired_low", e.difference - e.paired_half_width},
                        {"paired_high", e.difference + e.paired_half_width},
                        {"unpaired_low", e.difference - e.unpaired_half_width},
                        {"unpaired_high", e.difference + e.unpaired_half_width},
                        {"pairing_gain", e.paired_half_width > 0 ? e.unpaired_half_width / e.paired_half_width : 0.0}});
      }
    }
  }
  return rows;
}

// An undefined estimate (a sigma from one effect) as null, which the CSV
// writes as an empty field; a NaN would be written as "null".
Json defined(double value) { return std::isnan(value) ? Json() : Json(value); }

}  // namespace

std::size_t requested_metric(const std::vector<std::string>& metrics, const std::string& name, const std::string& option,
                             const std::string& database) {
  const auto found = std::find(metrics.begin(), metrics.end(), name);
  if (found != metrics.end()) return static_cast<std::size_t>(found - metrics.begin());
  std::string message = "no metric '" + name + "' in " + database;
  const std::string hint = models::closest_name(name, metrics);
  if (!hint.empty()) message += " (did you mean '" + hint + "'?)";
  throw models::ConfigError({option, 0, 0}, "", message + "; its metrics are: " + listed(metrics));
}

const std::vector<std::string>& key_metrics() {
  static const std::vector<std::string> names{"response_hours.mean", "resolution_hours.mean", "rates.resolution_within_deadline",
                                              "rates.shirking",      "rates.escalation",      "satisfaction"};
  return names;
}

std::size_t base_point(const SweepResults& results, const std::string& requested) {
  if (!requested.empty()) {
    for (std::size_t p = 0; p < results.points(); ++p) {
      if (results.labels[p] == requested) return p;
    }
    throw models::ConfigError({"--base", 0, 0}, "",
                              "no design point labelled '" + requested + "' in " + results.database + "; its points are: " + listed(results.labels));
  }
  for (std::size_t p = 0; p < results.points(); ++p) {
    if (results.labels[p] == "base") return p;  // one-at-a-time's own label for it
  }
  if (results.has_role("status_quo")) return results.point_with_role("status_quo");
  return results.design == "full_factorial" ? factorial_centre(results) : 0;
}

Json analyze(const SweepResults& results, const AnalyzeOptions& options) {
  if (results.metrics.empty()) {
    throw models::ConfigError({results.database, 0, 0}, "",
                              "no successful run to analyse (" + results.completeness.summary() + "); the runs table holds why they failed");
  }
  std::vector<std::size_t> metrics;
  for (const std::string& name : options.metrics.empty() ? key_metrics() : options.metrics) {
    metrics.push_back(requested_metric(results.metrics, name, "--metric", results.database));
  }
  const std::size_t base = base_point(results, options.base);
  Json json;
  json["sweep"] = {{"file", results.file}, {"design", results.design}, {"points", results.points()}, {"replications", results.replications}};
  json["completeness"] = completeness_json(results.completeness);
  json["base"] = results.labels[base];
  json["metrics"] = Json::array();
  for (const std::size_t m : metrics) json["metrics"].push_back(results.metrics[m]);

  for (const std::size_t m : metrics) {
    const std::vector<double> sample = results.sample(base, m);
    const Precision p = precision(sample, std::abs(options.relative_precision * precision(sample, 0.0).mean));
    json["precision"].push_back({{"metric", results.metrics[m]}, {"replications", p.n}, {"mean", p.mean}, {"sd", p.sd},
                                 {"half_width", p.half_width},
                                 {"relative_half_width", p.mean != 0 ? p.half_width / std::abs(p.mean) : 0.0},
                                 {"target_relative_half_width", options.relative_precision},
                                 {"replications_needed", p.replications_needed}});
  }
  const bool comparisons = results.design == "full_factorial" || results.design == "one_at_a_time" || results.design == "variants";
  if (comparisons) {
    std::vector<std::size_t> bases{base};
    if (options.all_pairs) {
      bases.clear();
      for (std::size_t p = 0; p < results.points(); ++p) bases.push_back(p);
    }
    json["effects"] = effects_json(results, bases, metrics);
  }
  if (results.design != "variants" && !results.varying_numeric_factors().empty()) {
    for (const std::size_t m : metrics) {
      try {
        const RegressionFit fit = lever_metamodel(results, m, results.factors.size() > 1 && results.design != "one_at_a_time");
        Json terms = Json::array();
        for (std::size_t t = 0; t < fit.terms.size(); ++t) {
          terms.push_back({{"term", fit.terms[t]}, {"coefficient", fit.coefficients(static_cast<Eigen::Index>(t))},
                           {"standard_error", fit.standard_errors(static_cast<Eigen::Index>(t))}});
        }
        json["metamodel"].push_back({{"metric", results.metrics[m]}, {"r_squared", fit.r_squared}, {"observations", fit.observations}, {"terms", terms}});
      } catch (const std::invalid_argument&) {
        // Too few runs for this many terms: no metamodel.
      }
    }
  }
  if (results.design == "saltelli") {
    for (const std::size_t m : metrics) {
      const SobolEstimate estimate = sobol_indices(results, m);
      const std::string counts = std::to_string(estimate.blocks - estimate.complete_blocks) + " of the " +
                                 std::to_string(estimate.blocks) + " Saltelli blocks (A, B and AB rows of a base sample)";
      if (estimate.complete_blocks < estimate.blocks && !options.allow_incomplete) {
        throw models::ConfigError({results.database, 0, 0}, "",
                                  counts + " lack runs or values of " + results.metrics[m] + " (" + results.completeness.summary() +
                                      "), and Sobol indices from incomplete blocks are biased: finish the sweep, or pass "
                                      "--allow-incomplete to estimate from the complete blocks only");
      }
      if (estimate.indices.empty()) {
        throw models::ConfigError({results.database, 0, 0}, "",
                                  "Sobol indices of " + results.metrics[m] + " need two complete Saltelli blocks; " + counts + " are incomplete");
      }
      for (const SobolIndex& index : estimate.indices) {
        json["sobol"].push_back({{"metric", results.metrics[m]}, {"factor", index.factor}, {"first", index.first},
                                 {"first_low", index.first_low}, {"first_high", index.first_high}, {"total", index.total},
                                 {"total_low", index.total_low}, {"total_high", index.total_high},
                                 {"blocks", estimate.blocks}, {"complete_blocks", estimate.complete_blocks}});
      }
    }
  }
  if (results.design == "one_at_a_time") {
    for (const std::size_t m : metrics) {
      for (const ElementaryEffects& e : one_at_a_time_effects(results, m)) {
        json["one_at_a_time"].push_back({{"metric", results.metrics[m]}, {"factor", e.factor}, {"effects", e.count}, {"mu", e.mu},
                                         {"mu_star", e.mu_star}, {"sigma", e.sigma}});
      }
    }
  }
  if (results.design == "morris") {
    json["sweep"]["levels"] = results.morris_levels;
    for (const std::size_t m : metrics) {
      for (const MorrisIndex& index : morris_indices(results, m)) {
        json["morris"].push_back({{"metric", results.metrics[m]}, {"factor", index.factor}, {"effects", index.effects},
                                  {"mu_star", defined(index.mu_star)}, {"mu_star_low", defined(index.mu_star_low)},
                                  {"mu_star_high", defined(index.mu_star_high)}, {"mu", defined(index.mu)},
                                  {"mu_low", defined(index.mu_low)}, {"mu_high", defined(index.mu_high)},
                                  {"sigma", defined(index.sigma)}, {"sigma_low", defined(index.sigma_low)},
                                  {"sigma_high", defined(index.sigma_high)}});
      }
    }
  }
  json["network_point"] = results.labels[base];
  for (const DepartmentCentrality& d : department_centrality(results, base)) {
    json["network"].push_back({{"department", d.department}, {"calls_per_run", d.calls_per_run},
                               {"mean_response_hours", d.mean_response_hours}, {"refusal_share", d.refusal_share},
                               {"degree", d.degree}, {"betweenness", d.betweenness}, {"waiting_burden", d.waiting_burden},
                               {"bottleneck", d.bottleneck}});
  }
  return json;
}

namespace {

double number(const Json& value) { return value.is_number() ? value.get<double>() : std::nan(""); }

}  // namespace

void print_analysis(const Json& a, std::FILE* out) {
  std::fprintf(out, "%s: %s design, %zu points x %d replications; base point '%s'\n", a["sweep"]["file"].get<std::string>().c_str(),
               a["sweep"]["design"].get<std::string>().c_str(), a["sweep"]["points"].get<std::size_t>(),
               a["sweep"]["replications"].get<int>(), a["base"].get<std::string>().c_str());
  const Json& completeness = a["completeness"];
  if (completeness["complete"].get<bool>()) {
    std::fprintf(out, "complete: %s\n", completeness["summary"].get<std::string>().c_str());
  } else {
    std::fprintf(out, "INCOMPLETE: %s; effects use only replications done at both points\n", completeness["summary"].get<std::string>().c_str());
    constexpr std::size_t shown = 10;
    const Json& failed = completeness["failed_runs"];
    for (std::size_t i = 0; i < std::min(failed.size(), shown); ++i) {
      std::fprintf(out, "  failed: run %zu (%s, replication %d): %s\n", failed[i]["run"].get<std::size_t>(),
                   models::printable_line(failed[i]["point"].get<std::string>()).c_str(), failed[i]["replication"].get<int>(),
                   models::printable_line(failed[i]["message"].get<std::string>()).c_str());
    }
    if (failed.size() > shown) std::fprintf(out, "  ... and %zu more failed runs (runs table, status = 'failed')\n", failed.size() - shown);
  }
  std::fprintf(out, "\nPrecision at the base point (95 %% interval half-width; replications for +/- %.0f %% of the mean)\n",
               100 * number(a["precision"][0]["target_relative_half_width"]));
  for (const Json& p : a["precision"]) {
    std::fprintf(out, "  %-36s mean %10.4g  +/- %9.3g (%5.1f %%)  needs %zu\n", p["metric"].get<std::string>().c_str(), number(p["mean"]),
                 number(p["half_width"]), 100 * number(p["relative_half_width"]), p["replications_needed"].get<std::size_t>());
  }
  if (a.contains("effects")) {
    std::fprintf(out, "\nEffects (difference, 95 %% paired interval; unpaired half-width beside it)\n");
    std::string group;
    for (const Json& e : a["effects"]) {
      if (e["metric"].get<std::string>() + e["against"].get<std::string>() != group) {
        group = e["metric"].get<std::string>() + e["against"].get<std::string>();
        std::fprintf(out, "  %s against '%s' (%.4g)\n", e["metric"].get<std::string>().c_str(), e["against"].get<std::string>().c_str(),
                     number(e["base_mean"]));
      }
      const double d = number(e["difference"]);
      const bool clear = number(e["paired_low"]) > 0 || number(e["paired_high"]) < 0;
      std::fprintf(out, "    %-40s %+10.4g  [%+.4g, %+.4g]%s  unpaired +/- %.3g\n", e["point"].get<std::string>().c_str(), d,
                   number(e["paired_low"]), number(e["paired_high"]), clear ? " *" : "  ",
                   (number(e["unpaired_high"]) - number(e["unpaired_low"])) / 2);
    }
    std::fprintf(out, "  (* the paired interval excludes 0)\n");
  }
  if (a.contains("metamodel")) {
    std::fprintf(out, "\nRegression metamodel (standardised coefficients +/- standard error)\n");
    for (const Json& fit : a["metamodel"]) {
      std::fprintf(out, "  %s: R^2 = %.3f over %zu runs\n", fit["metric"].get<std::string>().c_str(), number(fit["r_squared"]),
                   fit["observations"].get<std::size_t>());
      for (const Json& t : fit["terms"]) {
        if (t["term"] == "(intercept)") continue;
        std::fprintf(out, "    %-56s %+8.3f +/- %.3f\n", t["term"].get<std::string>().c_str(), number(t["coefficient"]), number(t["standard_error"]));
      }
    }
  }
  if (a.contains("sobol")) {
    std::fprintf(out, "\nSobol indices (first order, total; 95 %% bootstrap intervals)\n");
    for (const Json& s : a["sobol"]) {
      const std::string blocks = s["complete_blocks"] == s["blocks"] ? ""
                                 : "  from " + s["complete_blocks"].dump() + " of " + s["blocks"].dump() + " blocks (--allow-incomplete)";
      std::fprintf(out, "  %-30s %-32s S %6.3f [%6.3f, %6.3f]  ST %6.3f [%6.3f, %6.3f]%s\n", s["metric"].get<std::string>().c_str(),
                   s["factor"].get<std::string>().c_str(), number(s["first"]), number(s["first_low"]), number(s["first_high"]),
                   number(s["total"]), number(s["total_low"]), number(s["total_high"]), blocks.c_str());
    }
  }
  if (a.contains("morris")) {
    std::fprintf(out,
                 "\nMorris elementary effects (per full range of the factor; mean over replications per step; 95 %% bootstrap "
                 "intervals over trajectories)\n");
    for (const Json& m : a["morris"]) {
      std::fprintf(out, "  %-30s %-32s mu* %10.4g [%.4g, %.4g]  mu %+10.4g [%+.4g, %+.4g]  sigma %10.4g [%.4g, %.4g]  %zu effects\n",
                   m["metric"].get<std::string>().c_str(), m["factor"].get<std::string>().c_str(), number(m["mu_star"]),
                   number(m["mu_star_low"]), number(m["mu_star_high"]), number(m["mu"]), number(m["mu_low"]), number(m["mu_high"]),
                   number(m["sigma"]), number(m["sigma_low"]), number(m["sigma_high"]), m["effects"].get<std::size_t>());
    }
  }
  if (a.contains("one_at_a_time")) {
    std::fprintf(out, "\nOne-at-a-time effects (not Morris): per full range of the factor, around the base\n");
    for (const Json& m : a["one_at_a_time"]) {
      std::fprintf(out, "  %-30s %-32s mu* %10.4g  mu %+10.4g  sigma %10.4g\n", m["metric"].get<std::string>().c_str(),
                   m["factor"].get<std::string>().c_str(), number(m["mu_star"]), number(m["mu"]), number(m["sigma"]));
    }
  }
  if (a.contains("network")) {
    std::fprintf(out, "\nCall network at '%s' (per run)\n  %-24s %8s %10s %8s %7s %11s %8s\n", a["network_point"].get<std::string>().c_str(),
                 "department", "calls", "response h", "refused", "degree", "betweenness", "burden");
    std::string bottlenecks;
    for (const Json& d : a["network"]) {
      std::fprintf(out, "  %-24s %8.1f %10.2f %7.1f%% %7.0f %11.2f %7.1f%%\n", d["department"].get<std::string>().c_str(),
                   number(d["calls_per_run"]), number(d["mean_response_hours"]), 100 * number(d["refusal_share"]), number(d["degree"]),
                   number(d["betweenness"]), 100 * number(d["waiting_burden"]));
      if (d["bottleneck"].get<bool>()) bottlenecks += (bottlenecks.empty() ? "" : ", ") + d["department"].get<std::string>();
    }
    std::fprintf(out, "  bottlenecks (largest shares of the hours townships wait for a report): %s\n", bottlenecks.c_str());
  }
}

namespace {

// Rows of flat objects as CSV text, the first row's keys as the header.
std::string csv_table(const Json& rows) {
  std::string text;
  for (const auto& [key, value] : rows[0].items()) {
    if (!text.empty()) text += ',';
    text += models::csv_field(key);
  }
  text += '\n';
  for (const Json& row : rows) {
    std::string line;
    bool first = true;
    for (const auto& [key, value] : row.items()) {
      if (!first) line += ',';
      first = false;
      if (value.is_string()) {
        line += models::csv_field(value.get<std::string>());
      } else if (!value.is_null()) {  // null, undefined: an empty field
        line += value.dump();
      }
    }
    text += line + "\n";
  }
  return text;
}

}  // namespace

void write_analysis_csv(const Json& analysis, const std::string& directory) {
  models::OutputFolder folder(directory);  // before its files: removed after them on failure
  std::vector<std::unique_ptr<models::OutputFile>> files;
  for (const char* table : {"completeness", "failed_runs", "precision", "effects", "metamodel", "sobol", "morris", "one_at_a_time", "network",
                            "discovery_trajectory", "discovery_box"}) {
    Json rows = Json::array();
    if (std::string(table).starts_with("discovery_")) {
      if (analysis.contains("discovery")) {
        rows = std::string(table) == "discovery_box" ? discovery_box_rows(analysis["discovery"]) : discovery_trajectory_rows(analysis["discovery"]);
      }
    } else if (!analysis.contains("completeness")) {
      // A discovery in a calibration database: no sweep tables.
    } else if (std::string(table) == "completeness") {  // one row: the counts, without the list of failed runs
      Json counts = analysis["completeness"];
      counts.erase("failed_runs");
      rows = Json::array({counts});
    } else if (std::string(table) == "failed_runs") {
      rows = analysis["completeness"]["failed_runs"];
    } else if (std::string(table) == "metamodel") {  // one row per (metric, term)
      rows = Json::array();
      for (const Json& fit : analysis.value("metamodel", Json::array())) {
        for (const Json& term : fit["terms"]) {
          rows.push_back({{"metric", fit["metric"]}, {"r_squared", fit["r_squared"]}, {"observations", fit["observations"]},
                          {"term", term["term"]}, {"coefficient", term["coefficient"]}, {"standard_error", term["standard_error"]}});
        }
      }
    } else {
      rows = analysis.value(table, Json::array());
    }
    if (rows.empty()) continue;
    files.push_back(std::make_unique<models::OutputFile>(folder.path() / (std::string(table) + ".csv")));
    files.back()->write(csv_table(rows));
  }
  for (const auto& file : files) file->close();
  const models::HoldInterrupts hold;  // every table or none
  for (const auto& file : files) file->rename_into_place();
  folder.keep();
}

}  // namespace tiaokuai::analysis
