#pragma once
// `tiaokuai analyze`: everything the analysis says about a sweep, as one
// JSON document (docs/analysis.md defines its fields), printed as readable
// tables or written as CSV files. Which parts appear depends on the design:
// effects against the base point (full factorial, one-at-a-time, variants),
// the regression metamodel (designs with numeric factors), Sobol indices
// (saltelli), Morris's mu*, mu and sigma (morris), one-at-a-time effects
// (one_at_a_time); precision and the call network
// always. Every output says how complete the sweep is ("209 of 1024 runs;
// 3 failed", the failed runs listed); effects use complete pairs only.
//
// Bad requests are models::ConfigError: an unknown --metric or --base
// (the valid names listed), a database without a successful run, and Sobol
// indices from incomplete Saltelli blocks unless allow_incomplete.

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/sweep_results.hpp"

namespace tiaokuai::analysis {

struct AnalyzeOptions {
  std::vector<std::string> metrics;  // empty: the key metrics (key_metrics())
  std::string base;                  // label of the base point; empty: base_point()'s default
  double relative_precision = 0.02;  // target CI half-width as a share of the mean, for replications needed
  bool all_pairs = false;            // effects for every pair of points, not only against the base
  bool allow_incomplete = false;     // Sobol indices from the complete Saltelli blocks of an incomplete sweep
};

const std::vector<std::string>& key_metrics();

// The index of metric `name` among `metrics` (those of `database`); an
// unknown name is a models::ConfigError on `option` with a "did you mean"
// and the metrics listed.
std::size_t requested_metric(const std::vector<std::string>& metrics, const std::string& name, const std::string& option,
                             const std::string& database);

// The base point's index: the point labelled `requested`, or if that is
// empty the point labelled "base" (one-at-a-time), else the variant whose
// role is status_quo (experiments/variant_roles.hpp), else a full
// factorial's centre cell (point_choice.hpp), else the first. An unknown
// label is a models::ConfigError on --base listing the labels.
std::size_t base_point(const SweepResults& results, const std::string& requested);

nlohmann::ordered_json analyze(const SweepResults& results, const AnalyzeOptions& options);

void print_analysis(const nlohmann::ordered_json& analysis, std::FILE* out);

// One CSV file per table: completeness.csv, failed_runs.csv, precision.csv,
// effects.csv, metamodel.csv, sobol.csv, morris.csv, one_at_a_time.csv,
// network.csv, and with
// a "discovery" (scenario_discovery.hpp) discovery_trajectory.csv and
// discovery_box.csv (those that apply), quoted per RFC 4180. An object
// with only a discovery, as a calibration database gives, writes only its
// two.
void write_analysis_csv(const nlohmann::ordered_json& analysis, const std::string& directory);

}  // namespace tiaokuai::analysis
