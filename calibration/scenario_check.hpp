#pragma once
// Does a scenario meet a targets file's facts? Runs the scenario (with the
// targets file's `set:` and master seed, each replication r with the
// streams of (master seed, r), as calibration runs candidates) and puts
// each target's simulated mean beside the target's stated 95 % interval.
// `tiaokuai calibrate TARGETS --check SCENARIO` prints it; the bundled
// calibrated scenarios are tested with it.

#include <atomic>
#include <string>
#include <vector>

#include "calibration/targets_file.hpp"

namespace tiaokuai::calibration {

struct TargetMatch {
  Target target;  // low and high: the stated interval, widened by the target's declared discrepancy
  bool widened = false;
  double simulated_mean = 0;
  double simulated_half_width = 0;  // 95 % t half-width of the mean over the replications (NaN with one)
  bool inside = false;              // the mean lies in [target.low, target.high]
};

// Throws models::ConfigError naming the scenario for a file the model
// refuses; a failed run or an undefined metric gives a NaN mean, which is
// not inside.
std::vector<TargetMatch> check_scenario(const CalibrationSpec& spec, const std::string& scenario_path, int replications, unsigned jobs,
                                        bool progress, const std::atomic<bool>& stop_requested);

std::string scenario_check_text(const std::string& scenario_path, int replications, const std::vector<TargetMatch>& matches);

}  // namespace tiaokuai::calibration
