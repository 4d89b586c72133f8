#pragma once
// The files `tiaokuai calibrate` writes into its output folder
// (docs/calibration.md describes each): posterior.csv, parameters.csv,
// correlation.csv, rounds.csv, predictive.csv, calibrated.yaml, summary.txt
// and the report (report.html and figures/, calibration_report.hpp), all or
// none (each is written under a temporary name and moved into place once
// every one is written).

#include <string>
#include <vector>

#include "calibration/calibration_report.hpp"
#include "calibration/calibration_run.hpp"
#include "calibration/predictive_check.hpp"
#include "calibration/targets_file.hpp"

namespace tiaokuai::calibration {

// What the command prints: the method's course, each parameter's summary
// with a plain warning for those the targets do not pin down, and the
// predictive check.
std::string calibration_summary_text(const CalibrationSpec& spec, const CalibrationResult& result,
                                     const std::vector<TargetCheck>& checks);

// The base scenario with each fitted parameter at its posterior median, in
// full (every default filled in), headed by comments that say where it came
// from: the targets file, the method, the database, and each parameter's
// interval.
std::string calibrated_scenario_yaml(const CalibrationSpec& spec, const CalibrationResult& result, const std::string& database);

// A scenario tree as YAML: the tree as written, not the scenario as read
// (defaults stay defaults, a county-wide lever stays county-wide).
std::string scenario_tree_yaml(const models::ConfigNode& tree);

// Throws std::runtime_error if gnuplot is missing or fails (before creating
// anything) or a write fails.
void write_calibration_outputs(const std::string& folder, const CalibrationSpec& spec, const CalibrationResult& result,
                               const std::vector<TargetCheck>& checks, const std::string& database);

}  // namespace tiaokuai::calibration
