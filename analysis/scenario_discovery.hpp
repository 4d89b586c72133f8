#pragma once
// Scenario discovery for `tiaokuai analyze DB --discover 'METRIC < VALUE'`:
// which region of the inputs produces the outcome of interest? The cases
// are a sweep's finished runs (inputs: the run's design point's numeric
// factors) or a calibration's evaluated candidates (inputs: the parameter
// values; outcome: the candidate's simulated mean of a target's metric).
// PRIM (prim.hpp) finds the box; this file reads the cases, states the
// result as JSON (docs/analysis.md, "Scenario discovery") and prints it.
//
// Bad requests are models::ConfigError on --discover: a malformed
// condition, a metric the database lacks, a database without a numeric
// input that varies, and a condition that no case or every case meets.

#include <Eigen/Dense>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/prim.hpp"
#include "analysis/sweep_results.hpp"

namespace tiaokuai::analysis {

// METRIC < VALUE, or <=, >, >=.
struct DiscoveryCondition {
  std::string metric, comparison;
  double value = 0;
  bool holds(double outcome) const;
  std::string text() const;  // "rates.shirking > 0.2"
};

// Throws models::ConfigError on --discover, quoting `text`, unless it is a
// metric name, a comparison and a finite number.
DiscoveryCondition parse_discovery_condition(const std::string& text);

struct DiscoveryCases {
  std::string database;
  std::string kind;                     // "sweep runs" or "calibration candidates"
  std::vector<std::string> dimensions;  // the inputs that vary, one per column of `inputs`
  Eigen::MatrixXd inputs;               // one case per row
  std::vector<double> outcomes;         // the metric per case
};

// One case per run with a value of the metric; the dimensions are the
// sweep's varying numeric factors (SweepResults::varying_numeric_factors).
DiscoveryCases sweep_cases(const SweepResults& results, const std::string& metric);

// One case per evaluated candidate with a simulated mean of the target
// whose metric is `metric`; the dimensions are the calibrated parameters
// that vary. Throws models::ConfigError naming the file for a database of
// another format or with a candidate of the wrong width.
DiscoveryCases calibration_cases(const std::string& path, const std::string& metric);

// PRIM on the cases, as the JSON object of docs/analysis.md (with a
// "version"). Throws models::ConfigError on --discover when no case, or
// every case, meets the condition.
nlohmann::ordered_json discover(const DiscoveryCases& cases, const DiscoveryCondition& condition, const PrimSettings& settings);

void print_discovery(const nlohmann::ordered_json& discovery, std::FILE* out);

// The tables of discovery_trajectory.csv (one row per box, its limits as
// DIMENSION.low and DIMENSION.high columns) and discovery_box.csv (one row
// per restricted dimension of the chosen box), as rows of flat objects.
nlohmann::ordered_json discovery_trajectory_rows(const nlohmann::ordered_json& discovery);
nlohmann::ordered_json discovery_box_rows(const nlohmann::ordered_json& discovery);

}  // namespace tiaokuai::analysis
