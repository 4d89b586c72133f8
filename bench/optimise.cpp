// Optimiser benchmark: the cost of the search's machinery against the runs
// it makes. Runs an optimisation spec (default: the bundled incentive
// design, its generations cut to keep the bench short) into a fresh
// database, then the very same runs (every design it evaluated, with the
// same replications and streams) as one plain sweep into a results
// database, each twice and alternately, on all cores. Prints designs
// evaluated per second and the optimiser's overhead over the sweep (goal:
// under 5 %). docs/performance.md records the figures.
//
//   bench_optimise [spec.yaml] [generations]

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "calibration/calibration_database.hpp"
#include "calibration/model_evaluator.hpp"
#include "decisions/design_evaluator.hpp"
#include "decisions/noisy_nsga2.hpp"
#include "decisions/optimise_spec.hpp"
#include "experiments/results_database.hpp"
#include "experiments/sweep_runner.hpp"

using namespace tiaokuai;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct OptimiserTiming {
  double seconds = 0;
  calibration::Candidates designs;  // every design evaluated, search and re-evaluation alike
  std::size_t runs = 0;
};

OptimiserTiming optimise(const decisions::OptimiseSpec& spec, const std::filesystem::path& db) {
  std::filesystem::remove(db);
  const std::atomic<bool> no_stop{false};
  OptimiserTiming timing;
  const auto start = std::chrono::steady_clock::now();
  {
    calibration::CalibrationDatabase database(db.string(), spec.evaluation, "nsga2");
    decisions::DesignEvaluator model(spec, database, 0, false, no_stop);
    const calibration::Evaluator evaluator = [&](const calibration::BatchKey& key, const calibration::Candidates& designs) {
      if (key.stage != "reevaluate") timing.designs.insert(timing.designs.end(), designs.begin(), designs.end());
      return model(key, designs);
    };
    decisions::search(spec.problem, spec.settings, evaluator);
    timing.runs = model.runs_simulated();
  }
  timing.seconds = seconds_since(start);
  return timing;
}

double sweep(const experiments::SweepSpec& sweep, const std::filesystem::path& db) {
  std::filesystem::remove(db);
  const std::atomic<bool> no_stop{false};
  const auto start = std::chrono::steady_clock::now();
  {
    experiments::ResultsDatabase database(db.string(), sweep);
    experiments::run_sweep(sweep, database, {0, 0, false}, no_stop);
  }
  return seconds_since(start);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string file = argc > 1 ? argv[1] : "scenarios/decisions/incentive-design.yaml";
  decisions::OptimiseSpec spec = decisions::load_optimise_spec(file);
  if (argc > 2) spec.settings.generations = static_cast<std::size_t>(std::atoi(argv[2]));
  else spec.settings.generations = 4;
  // The plain sweep repeats the search's runs only. The optimiser still
  // re-evaluates its front, here with 1 replication per design (a few dozen
  // runs), which its time includes: the overhead below is an upper bound.
  spec.reevaluation.replications = 1;
  const std::filesystem::path folder = std::filesystem::temp_directory_path() / "tiaokuai-bench-optimise";
  std::filesystem::create_directories(folder);
  std::printf("%s: population %zu x %zu generations, %d replications per design\n", file.c_str(), spec.settings.population,
              spec.settings.generations, spec.evaluation.replications);

  std::vector<double> optimiser_seconds, sweep_seconds;
  std::size_t designs = 0, runs = 0;
  for (int round = 0; round < 2; ++round) {
    const OptimiserTiming timing = optimise(spec, folder / "optimise.db");
    // The same designs with the same replications and streams, as one sweep.
    const experiments::SweepSpec plain = calibration::batch_sweep(spec.evaluation, timing.designs).sweep;
    optimiser_seconds.push_back(timing.seconds);
    sweep_seconds.push_back(sweep(plain, folder / "sweep.db"));
    designs = timing.designs.size();
    runs = plain.run_count();
  }
  for (int round = 0; round < 2; ++round) {
    std::printf("  round %d: optimiser %.2f s (%.1f designs/s), plain sweep of the same %zu runs %.2f s (%.1f designs/s)\n", round + 1,
                optimiser_seconds[round], designs / optimiser_seconds[round], runs, sweep_seconds[round], designs / sweep_seconds[round]);
  }
  const double optimiser = std::min(optimiser_seconds[0], optimiser_seconds[1]);
  const double plain = std::min(sweep_seconds[0], sweep_seconds[1]);
  std::printf("  overhead of the optimiser over the plain sweep (best of two each): %.1f %% (goal under 5 %%)\n",
              100 * (optimiser - plain) / plain);
  return 0;
}
