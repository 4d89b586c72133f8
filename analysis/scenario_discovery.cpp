#include "analysis/scenario_discovery.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "analysis/analyze.hpp"
#include "experiments/database_query.hpp"
#include "experiments/posterior_design.hpp"
#include "models/config_node.hpp"

namespace tiaokuai::analysis {
namespace {

using Json = nlohmann::ordered_json;

[[noreturn]] void refuse_discovery(const std::string& problem) { throw models::ConfigError({"--discover", 0, 0}, "", problem); }

// The columns of `values` ([case][input]) whose values differ between cases.
std::vector<std::size_t> varying_columns(const std::vector<std::vector<double>>& values, std::size_t columns) {
  std::vector<std::size_t> varying;
  for (std::size_t j = 0; j < columns; ++j) {
    const auto differs = [&](const std::vector<double>& row) { return row[j] != values.front()[j]; };
    if (!values.empty() && std::any_of(values.begin(), values.end(), differs)) varying.push_back(j);
  }
  return varying;
}

}  // namespace

bool DiscoveryCondition::holds(double outcome) const {
  if (comparison == "<") return outcome < value;
  if (comparison == "<=") return outcome <= value;
  if (comparison == ">") return outcome > value;
  return outcome >= value;
}

std::string DiscoveryCondition::text() const {
  char number[32];
  std::snprintf(number, sizeof number, "%.6g", value);
  return metric + " " + comparison + " " + number;
}

DiscoveryCondition parse_discovery_condition(const std::string& text) {
  const auto malformed = [&text]() {
    refuse_discovery("expected a condition 'METRIC < VALUE' (or <=, >, >=; e.g. 'rates.resolution_within_deadline < 0.9'), got '" +
                     text + "'");
  };
  const auto at = text.find_first_of("<>");
  if (at == std::string::npos) malformed();
  DiscoveryCondition condition;
  condition.comparison = text.substr(at, at + 1 < text.size() && text[at + 1] == '=' ? 2 : 1);
  condition.metric = models::trimmed(text.substr(0, at));
  const std::string number = models::trimmed(text.substr(at + condition.comparison.size()));
  // from_chars takes no '+', which a user may write ('<= +0.5'); "+-0.5" stays malformed.
  const bool plus = number.size() > 1 && number[0] == '+' && number[1] != '-';
  const auto [end, error] = std::from_chars(number.data() + (plus ? 1 : 0), number.data() + number.size(), condition.value);
  const bool one_word = condition.metric.find_first_of(" \t") == std::string::npos;
  if (condition.metric.empty() || !one_word || number.empty() || error != std::errc() || end != number.data() + number.size() ||
      !std::isfinite(condition.value)) {
    malformed();
  }
  return condition;
}

DiscoveryCases sweep_cases(const SweepResults& results, const std::string& metric) {
  const std::size_t m = requested_metric(results.metrics, metric, "--discover", results.database);
  const std::vector<VaryingNumericFactor> factors = results.varying_numeric_factors();
  if (factors.empty()) {
    refuse_discovery(results.database + " has no numeric factor that varies between its points (a " + results.design +
                     " design), so there is no input region to discover");
  }
  DiscoveryCases cases{results.database, "sweep runs", {}, {}, {}};
  for (const VaryingNumericFactor& factor : factors) cases.dimensions.push_back(results.factors[factor.factor]);
  std::vector<std::size_t> points;
  for (std::size_t p = 0; p < results.points(); ++p) {
    for (int r = 0; r < results.replications; ++r) {
      const double outcome = results.value(p, r, m);
      if (std::isnan(outcome)) continue;  // failed, not run, or no value of this metric
      points.push_back(p);
      cases.outcomes.push_back(outcome);
    }
  }
  cases.inputs.resize(static_cast<Eigen::Index>(points.size()), static_cast<Eigen::Index>(factors.size()));
  for (std::size_t i = 0; i < points.size(); ++i) {
    for (std::size_t j = 0; j < factors.size(); ++j) {
      cases.inputs(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = results.numbers[points[i]][factors[j].factor];
    }
  }
  return cases;
}

DiscoveryCases calibration_cases(const std::string& path, const std::string& metric) {
  const experiments::DatabaseConnection db = experiments::open_read_only(path);
  experiments::Query format(db.get(), path, "SELECT value FROM calibration_meta WHERE key = 'format'");
  if (!format.row() || format.text(0) != experiments::calibration_format) {
    experiments::refuse_file(path, "not a calibration database of the format '" + std::string(experiments::calibration_format) + "'");
  }
  std::vector<std::string> parameters, targets;
  experiments::Query parameter_rows(db.get(), path, "SELECT path FROM parameters ORDER BY idx");
  while (parameter_rows.row()) parameters.push_back(parameter_rows.text(0));
  experiments::Query target_rows(db.get(), path, "SELECT metric FROM targets ORDER BY idx");
  while (target_rows.row()) targets.push_back(target_rows.text(0));
  const std::size_t target = requested_metric(targets, metric, "--discover", path + " (its targets)");

  std::vector<std::vector<double>> values;
  std::vector<double> outcomes;
  experiments::Query evaluations(db.get(), path,
                                 "SELECT parameter_values, target_means FROM evaluations ORDER BY stage, round, batch, candidate");
  while (evaluations.row()) {
    std::vector<double> candidate = experiments::calibration_numbers(path, evaluations.text(0));
    const std::vector<double> means = experiments::calibration_numbers(path, evaluations.text(1));
    if (candidate.size() != parameters.size() || means.size() != targets.size()) {
      experiments::refuse_file(path, "an evaluation holds " + std::to_string(candidate.size()) + " parameter values and " +
                                         std::to_string(means.size()) + " target means, for " + std::to_string(parameters.size()) +
                                         " parameters and " + std::to_string(targets.size()) + " targets");
    }
    if (std::isnan(means[target])) continue;  // every replication of the candidate failed
    values.push_back(std::move(candidate));
    outcomes.push_back(means[target]);
  }
  const std::vector<std::size_t> varying = varying_columns(values, parameters.size());
  if (varying.empty()) refuse_discovery(path + " has no evaluated candidates whose parameter values differ, so there is no region to discover");
  DiscoveryCases cases{path, "calibration candidates", {}, {}, std::move(outcomes)};
  for (const std::size_t j : varying) cases.dimensions.push_back(parameters[j]);
  cases.inputs.resize(static_cast<Eigen::Index>(values.size()), static_cast<Eigen::Index>(varying.size()));
  for (std::size_t i = 0; i < values.size(); ++i) {
    for (std::size_t j = 0; j < varying.size(); ++j) cases.inputs(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = values[i][varying[j]];
  }
  return cases;
}

Json discover(const DiscoveryCases& cases, const DiscoveryCondition& condition, const PrimSettings& settings) {
  std::vector<bool> of_interest;
  for (const double outcome : cases.outcomes) of_interest.push_back(condition.holds(outcome));
  const auto interesting = static_cast<std::size_t>(std::count(of_interest.begin(), of_interest.end(), true));
  if (interesting == 0 || interesting == of_interest.size()) {
    refuse_discovery(std::string(interesting == 0 ? "no" : "every") + " case of the " + std::to_string(of_interest.size()) + " " +
                     cases.kind + " in " + cases.database + " meets '" + condition.text() +
                     "', so there is nothing to separate: choose another value");
  }
  const PrimResult result = prim(cases.inputs, of_interest, settings);

  Json json;
  json["version"] = 1;
  json["database"] = cases.database;
  json["cases_from"] = cases.kind;
  json["condition"] = condition.text();
  json["metric"] = condition.metric;
  json["comparison"] = condition.comparison;
  json["value"] = condition.value;
  json["settings"] = {{"peel_alpha", settings.peel_alpha}, {"min_mass", settings.min_mass}, {"density_threshold", settings.density_threshold}};
  json["cases"] = result.cases;
  json["cases_of_interest"] = result.cases_of_interest;
  json["dimensions"] = Json::array();
  for (std::size_t j = 0; j < cases.dimensions.size(); ++j) {
    json["dimensions"].push_back({{"name", cases.dimensions[j]}, {"low", result.full_low[j]}, {"high", result.full_high[j]}});
  }
  json["trajectory"] = Json::array();
  for (std::size_t b = 0; b < result.trajectory.size(); ++b) {
    const PrimBox& box = result.trajectory[b];
    Json limits = Json::array();
    for (std::size_t j = 0; j < box.low.size(); ++j) limits.push_back({box.low[j], box.high[j]});
    json["trajectory"].push_back({{"box", b}, {"coverage", box.coverage}, {"density", box.density}, {"mass", box.mass},
                                  {"cases", box.cases}, {"cases_of_interest", box.cases_of_interest},
                                  {"restricted_dimensions", box.restricted_dimensions}, {"limits", limits}});
  }
  const PrimBox& chosen = result.trajectory[result.chosen];
  Json restrictions = Json::array();
  for (const PrimRestriction& r : result.restrictions) {
    restrictions.push_back({{"dimension", cases.dimensions[r.dimension]}, {"low", r.low}, {"high", r.high},
                            {"full_low", result.full_low[r.dimension]}, {"full_high", result.full_high[r.dimension]},
                            {"quasi_p", r.quasi_p}});
  }
  json["chosen"] = {{"box", result.chosen}, {"meets_density_threshold", result.chosen_meets_density}, {"coverage", chosen.coverage},
                    {"density", chosen.density}, {"mass", chosen.mass}, {"cases", chosen.cases},
                    {"cases_of_interest", chosen.cases_of_interest}, {"restrictions", restrictions}};
  if (!result.chosen_meets_density) {
    char text[200];
    std::snprintf(text, sizeof text, "no box reaches density %.2f; the densest box (%zu, density %.3f) is shown", settings.density_threshold,
                  result.chosen, chosen.density);
    json["warning"] = text;
  }
  return json;
}

void print_discovery(const Json& d, std::FILE* out) {
  const double share = d["cases_of_interest"].get<double>() / d["cases"].get<double>();
  std::fprintf(out, "\nScenario discovery (PRIM): %s\n  %zu %s, %zu of interest (%.1f %%); inputs:", d["condition"].get<std::string>().c_str(),
               d["cases"].get<std::size_t>(), d["cases_from"].get<std::string>().c_str(), d["cases_of_interest"].get<std::size_t>(), 100 * share);
  for (const Json& dimension : d["dimensions"]) std::fprintf(out, " %s", dimension["name"].get<std::string>().c_str());
  // About ten rows, always the first, the chosen and the last box.
  const Json& trajectory = d["trajectory"];
  const std::size_t chosen = d["chosen"]["box"].get<std::size_t>();
  const std::size_t step = std::max<std::size_t>(1, (trajectory.size() + 9) / 10);
  std::fprintf(out, "\n  peeling trajectory (%zu boxes, every %zu shown; peel_alpha %.3g, min_mass %.3g)\n  %5s %9s %8s %7s %11s\n",
               trajectory.size(), step, d["settings"]["peel_alpha"].get<double>(), d["settings"]["min_mass"].get<double>(), "box",
               "coverage", "density", "mass", "restricted");
  for (std::size_t b = 0; b < trajectory.size(); ++b) {
    if (b % step != 0 && b != chosen && b + 1 != trajectory.size()) continue;
    const Json& box = trajectory[b];
    std::fprintf(out, "  %5zu %9.3f %8.3f %7.3f %11zu%s\n", b, box["coverage"].get<double>(), box["density"].get<double>(),
                 box["mass"].get<double>(), box["restricted_dimensions"].get<std::size_t>(), b == chosen ? "  <- chosen" : "");
  }
  const Json& box = d["chosen"];
  std::fprintf(out, "  chosen box %zu (%s %.2f): coverage %.3f, density %.3f, mass %.3f (%zu cases, %zu of interest)\n", chosen,
               box["meets_density_threshold"].get<bool>() ? "the first with density >=" : "the densest; none reaches density",
               d["settings"]["density_threshold"].get<double>(), box["coverage"].get<double>(), box["density"].get<double>(),
               box["mass"].get<double>(), box["cases"].get<std::size_t>(), box["cases_of_interest"].get<std::size_t>());
  if (box["restrictions"].empty()) std::fprintf(out, "    (no input restricted: the whole input space is this dense)\n");
  for (const Json& r : box["restrictions"]) {
    std::fprintf(out, "    %-40s in [%.4g, %.4g] of [%.4g, %.4g]  quasi-p %.2g\n", r["dimension"].get<std::string>().c_str(),
                 r["low"].get<double>(), r["high"].get<double>(), r["full_low"].get<double>(), r["full_high"].get<double>(),
                 r["quasi_p"].get<double>());
  }
  if (d.contains("warning")) {
    std::fprintf(out, "  WARNING: %s; lower --discover-density to choose a box of more coverage\n", d["warning"].get<std::string>().c_str());
  }
}

Json discovery_trajectory_rows(const Json& discovery) {
  Json rows = Json::array();
  const std::size_t chosen = discovery["chosen"]["box"].get<std::size_t>();
  for (const Json& box : discovery["trajectory"]) {
    Json row = box;
    row.erase("limits");
    row["chosen"] = box["box"].get<std::size_t>() == chosen;
    for (std::size_t j = 0; j < discovery["dimensions"].size(); ++j) {
      const std::string name = discovery["dimensions"][j]["name"];
      row[name + ".low"] = box["limits"][j][0];
      row[name + ".high"] = box["limits"][j][1];
    }
    rows.push_back(row);
  }
  return rows;
}

Json discovery_box_rows(const Json& discovery) {
  Json rows = Json::array();
  for (const Json& restriction : discovery["chosen"]["restrictions"]) {
    Json row = {{"box", discovery["chosen"]["box"]}, {"condition", discovery["condition"]}};
    row.update(restriction);
    rows.push_back(row);
  }
  return rows;
}

}  // namespace tiaokuai::analysis
