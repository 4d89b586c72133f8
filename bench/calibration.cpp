// Calibration benchmark: 6 parameters of W county fitted to 8 targets whose
// observed values were simulated at known parameter values (so every
// target can be met), by ABC-SMC, by plain rejection ABC to the same final
// tolerance, and by history matching followed by ABC-SMC, each into a fresh
// database, side by side in one process on all cores. Prints the runs and
// wall time of each, the ratio of rejection's runs to ABC-SMC's (goal: at
// least 5x), and whether each method's 90 % intervals hold the truth.
// docs/performance.md records the figures.
//
//   bench_calibration [relative_sd] [population] [rejection_cap]
//
// relative_sd: each target's sd as a share of its observed value (default
// 0.1). Rejection may use at most rejection_cap (default 10) times the runs
// ABC-SMC used; if it stops there short of the tolerance, the ratio is a
// lower bound. Runs are 60 days of warm-up and one year (W county's own
// 360-day warm-up would double the time without changing the comparison).

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "calibration/calibration_database.hpp"
#include "calibration/calibration_run.hpp"
#include "calibration/model_evaluator.hpp"
#include "calibration/targets_file.hpp"
#include "experiments/run_metrics.hpp"
#include "models/governance/governance_model.hpp"
#include "models/scenario_schema.hpp"

using namespace tiaokuai;

namespace {

struct Truth {
  const char* path;
  double value;
  const char* range;
};

const std::vector<Truth> truths{{"levers.over_calling", 0.05, "[0, 0.3]"},
                                {"levers.whistle_multi_department", 0.3, "[0, 0.8]"},
                                {"levers.whistle_memory_weight", 0.5, "[0, 1]"},
                                {"levers.township_power", 0.6, "[0.2, 0.95]"},
                                {"levers.formalism", 0.1, "[0, 0.4]"},
                                {"levers.callback_verification", 0.5, "[0.1, 0.9]"}};
const std::vector<const char*> metrics{"routes.whistle_share",      "routes.multi_department_share_of_whistles",
                                       "routes.routine_dispatch_share", "rates.resolution_within_deadline",
                                       "rates.called",              "rates.repeats_after_sham",
                                       "rates.reports_without_resolution", "satisfaction"};

std::vector<double> observe(const std::string& scenario) {
  std::vector<std::string> overrides{"run.seed=424242", "run.warm_up_days=60", "run.horizon_days=425"};
  for (const Truth& t : truths) overrides.push_back(std::string(t.path) + "=" + std::to_string(t.value));
  const models::Scenario base = models::load_scenario(scenario, overrides);
  std::vector<double> sums(metrics.size(), 0.0);
  const int replications = 4;
  for (int r = 0; r < replications; ++r) {
    models::governance::GovernanceModel model(base, static_cast<std::uint64_t>(r));
    for (const experiments::Metric& metric : experiments::run_metrics(model.run())) {
      for (std::size_t k = 0; k < metrics.size(); ++k) {
        if (metric.name == metrics[k]) sums[k] += metric.value / replications;
      }
    }
  }
  return sums;
}

}  // namespace

int main(int argc, char** argv) {
  const double relative_sd = argc > 1 ? std::atof(argv[1]) : 0.1;
  const int population = argc > 2 ? std::atoi(argv[2]) : 100;
  const double rejection_cap = argc > 3 ? std::atof(argv[3]) : 10;
  const std::string scenario = std::filesystem::absolute("scenarios/w-county.yaml").string();
  const std::filesystem::path folder = std::filesystem::temp_directory_path() / "tiaokuai-bench-calibration";
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  const std::vector<double> observed = observe(scenario);
  std::ostringstream text;
  text.precision(17);
  text << "base: " << scenario << "\nset: {run.warm_up_days: 60, run.horizon_days: 425}\nreplications: 2\nmaster_seed: 1\npredictive_draws: 20\ntargets:\n";
  for (std::size_t k = 0; k < metrics.size(); ++k) {
    text << "  - {metric: " << metrics[k] << ", observed: " << observed[k] << ", sd: " << relative_sd * observed[k] << ", source: synthetic}\n";
  }
  text << "parameters:\n";
  for (const Truth& t : truths) text << "  - {path: " << t.path << ", prior: uniform, range: " << t.range << "}\n";
  text << "abc_smc: {population: " << population << ", tolerance: 2, max_generations: 15, min_acceptance: 0.001}\n";
  text << "history_matching: {points_per_wave: 60, max_waves: 4}\n";
  std::ofstream(folder / "targets.yaml") << text.str();
  const calibration::CalibrationSpec spec = calibration::load_targets((folder / "targets.yaml").string());
  std::printf("6 parameters of W county, 8 targets simulated at known values (sd %.0f %% of each), population %d, 2 replications\n",
              100 * relative_sd, population);

  std::size_t smc_runs = 0;
  for (const char* method : {"abc-smc", "rejection", "history-matching+abc-smc"}) {
    const std::string db = (folder / (std::string(method) + ".db")).string();
    calibration::CalibrationDatabase database(db, spec, method);
    const std::atomic<bool> no_stop{false};
    calibration::ModelEvaluator model(spec, database, 0, false, no_stop);
    const auto start = std::chrono::steady_clock::now();
    const bool rejection = std::string(method) == "rejection";
    const std::size_t budget = rejection ? static_cast<std::size_t>(rejection_cap * static_cast<double>(smc_runs)) : 0;
    const calibration::CalibrationResult result = calibration::run_calibration(
        spec, method, budget, [&](const calibration::BatchKey& key, const calibration::Candidates& c) { return model(key, c); });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::size_t runs = result.evaluations * static_cast<std::size_t>(spec.replications);
    std::size_t covered = 0;
    for (std::size_t i = 0; i < truths.size(); ++i) {
      const calibration::ParameterSummary& s = result.summary.parameters[i];
      covered += s.lower <= truths[i].value && truths[i].value <= s.upper ? 1 : 0;
    }
    std::printf("  %-26s %6zu runs (%zu candidates), %6.1f s, final tolerance %.2f%s, ESS %.0f, truth inside %zu of 6 intervals; %s\n",
                method, runs, result.evaluations, seconds, result.rounds.empty() ? NAN : result.rounds.back().tolerance,
                result.reached_tolerance ? " (reached)" : "", result.ess, covered, result.stop_reason.c_str());
    if (std::string(method) == "abc-smc") smc_runs = runs;
    if (rejection) {
      std::printf("  rejection used %s%.1fx the runs of ABC-SMC (goal at least 5x)\n", result.reached_tolerance ? "" : "more than ",
                  static_cast<double>(runs) / static_cast<double>(smc_runs));
    }
  }
  return 0;
}
