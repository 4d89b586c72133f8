#pragma once
// One calibration from start to finish, independent of the command line:
// the chosen method on the targets file's parameters and targets, then the
// posterior predictive check (posterior draws simulated again and compared
// with each target), the per-parameter summaries and the correlations.
//
// Methods:
//   abc-smc                   ABC-SMC from the priors (abc_smc.hpp)
//   history-matching          waves of emulators (history_matching.hpp); the
//                             result is a sample of the non-implausible space,
//                             equally weighted, not a posterior
//   history-matching+abc-smc  history matching, then ABC-SMC with the prior
//                             restricted to the non-implausible space
//   rejection                 plain rejection ABC (for comparison)

#include <cstddef>
#include <string>
#include <vector>

#include "calibration/abc_smc.hpp"
#include "calibration/calibration_database.hpp"
#include "calibration/posterior_summary.hpp"
#include "calibration/problem.hpp"
#include "calibration/targets_file.hpp"

namespace tiaokuai::calibration {

inline const std::vector<std::string> calibration_methods{"abc-smc", "history-matching", "history-matching+abc-smc", "rejection"};

struct CalibrationResult {
  std::string method;
  std::vector<Particle> population;  // the weighted posterior (or the non-implausible sample)
  std::vector<RoundRecord> rounds;         // history-matching waves, then ABC generations
  std::vector<std::vector<double>> loo_within_3;  // per wave, per target: emulators' leave-one-out share within ±3 sd
  std::string stop_reason;
  bool reached_tolerance = false;    // ABC reached its final tolerance
  double ess = 0;
  std::size_t evaluations = 0;       // candidates simulated (or replayed) by the method, the predictive check excluded
  std::size_t posterior_step = 0;    // of them, ABC-SMC's final importance step (0: skipped or another method)
  std::vector<std::vector<double>> predictive;  // [draw][target]: the simulated value at posterior draws
  PosteriorSummary summary;
};

// History matching alone gives an equally weighted sample of the
// non-implausible space, not a posterior; the outputs say so.
inline bool is_sample_only(const CalibrationResult& result) { return result.method == "history-matching"; }

// `budget_runs` caps the method's runs (candidates x replications); 0: none.
// Throws std::invalid_argument for an unknown method; lets the evaluator's
// exceptions (an interrupt, a full disk) through.
CalibrationResult run_calibration(const CalibrationSpec& spec, const std::string& method, std::size_t budget_runs,
                                  const Evaluator& evaluator);

// The candidates the method's first generation (ABC) or wave (history
// matching) simulates.
std::size_t first_round_candidates(const CalibrationSpec& spec, const std::string& method);

// The population as the database stores it.
WeightedSample weighted_sample(const std::vector<Particle>& population);

}  // namespace tiaokuai::calibration
