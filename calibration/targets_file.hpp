#pragma once
// A targets file (scenarios/calibration/*.yaml, docs/calibration.md): a base
// scenario, the observed facts to match (run metrics with an observed value,
// its uncertainty and a source), the parameters to fit with their priors,
// replications, a master seed and the algorithms' settings. Loaded and
// validated in full before anything runs: every refusal names the file,
// line and key.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "calibration/problem.hpp"
#include "experiments/run_metrics.hpp"
#include "models/config_node.hpp"
#include "models/scenario.hpp"

namespace tiaokuai::calibration {

struct AbcSettings {
  std::size_t population = 200;
  double quantile = 0.5;         // the next tolerance: this quantile of the last population's distances
  double tolerance = 2.0;        // the final tolerance, an RMS of standardised distances
  double min_acceptance = 0.02;  // stop once a generation accepts fewer than this share
  std::size_t max_generations = 12;
};

struct HistoryMatchingSettings {
  std::size_t points_per_wave = 0;  // 0: 10 x the number of parameters
  std::size_t max_waves = 6;
  double cutoff = 3;
  double min_shrink = 0.1;          // stop when a wave shrinks the non-implausible share by less than this fraction
  std::string kernel = "squared_exponential";  // or matern52
};

struct CalibrationSpec {
  std::string file;         // the targets file as given
  std::string text;         // its YAML text, stored with the results
  std::string description;
  std::string base_path;    // the base scenario as found from the targets file
  models::ConfigNode base;  // the base with the fixed settings and the master seed applied
  std::vector<std::string> fixed;  // set: as key.path=value
  int replications = 4;
  std::uint64_t master_seed = 1;
  std::vector<Target> targets;
  std::vector<double> discrepancy_sd;  // per target, model discrepancy sd (0 if not given): added to the observation's variance
  std::vector<Parameter> parameters;
  AbcSettings abc;
  HistoryMatchingSettings history_matching;
  std::size_t predictive_draws = 40;  // posterior draws simulated for the predictive check
  std::string fingerprint;  // everything that decides the results; guards resuming a database
};

// Throws models::ConfigError (file, line, column, key) for any problem: an
// unknown key, a metric the base scenario's runs do not produce (the base is
// run once to learn them), a parameter that is not a declared real or
// integer parameter, a prior outside the parameter's declared range, a
// parameter also fixed by set:, a value the scenario refuses at either end
// of a prior's support.
CalibrationSpec load_targets(const std::string& path);

// `tree` with each parameter set to its value (integers rounded).
models::ConfigNode with_values(models::ConfigNode tree, const std::vector<Parameter>& parameters, const std::vector<double>& values);

// The scenario tree of one candidate: the base with each parameter set to
// the candidate's value (integers rounded). Throws models::ConfigError if
// the scenario refuses the combination.
models::ConfigNode candidate_tree(const CalibrationSpec& spec, const std::vector<double>& values);

// The pieces of a targets file that an optimisation spec (decisions/)
// reads the same way.
//
// The metrics a run of the base reports, learned by running it once
// (replication 0), so a misspelt metric, or one the base leaves undefined,
// is refused before any simulation.
std::vector<experiments::Metric> base_metrics(const models::Scenario& base);
// `node`'s metric: key: a name among `reported` with a value (the closest
// name is suggested for a misspelling).
std::string read_metric(const models::ConfigNode& node, const std::string& key, const std::vector<experiments::Metric>& reported);
// A parameter entry (path:, prior:, range:, mean:, sd:): a declared real or
// integer parameter, its prior inside the declared range.
Parameter read_parameter(const models::ConfigNode& node, const std::string& key);
// How a file names its list of parameters in messages: the list's key, what
// being on it means, and what its range is called.
struct ParameterRole {
  std::string list, verb, range;  // "parameters", "fitted", "prior"
};
// Refuses the last of `parameters` if it repeats an earlier one, is also
// fixed by set:, or the scenario refuses either end of its support.
void check_parameter_on_base(const models::ConfigNode& base, const std::vector<std::string>& fixed, const std::vector<Parameter>& parameters,
                             const models::ConfigNode& node, const std::string& key, const ParameterRole& role);

// A parameter's value as the scenario takes it: shortest round-trip text,
// or the nearest whole number for an integer parameter.
std::string scenario_value(const Parameter& parameter, double value);

}  // namespace tiaokuai::calibration
