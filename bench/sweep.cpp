// Sweep benchmark: 200 one-year runs of a scenario (default
// scenarios/w-county.yaml: 20 design points x 10 replications), executed at
// --jobs 1 and --jobs 2 in the same process into fresh databases. Prints the
// run rate of each, the two-job speed-up, and the sweep machinery's
// overhead per run (database writes, scheduling) against the runs' own time.
// docs/performance.md records the figures.
//
//   bench_sweep [scenario.yaml] [runs_per_point]

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "experiments/results_database.hpp"
#include "experiments/sweep_runner.hpp"
#include "experiments/sweep_spec.hpp"

using namespace tiaokuai;

namespace {

struct Timing {
  double seconds = 0, run_seconds = 0, record_seconds = 0;
  std::size_t runs = 0;
};

Timing measure(const experiments::SweepSpec& spec, const std::filesystem::path& db, unsigned jobs) {
  std::filesystem::remove(db);
  experiments::ResultsDatabase database(db.string(), spec);
  const std::atomic<bool> no_stop{false};
  const auto outcome = experiments::run_sweep(spec, database, {jobs, 0, false}, no_stop);
  return {outcome.seconds, outcome.run_seconds, outcome.write_seconds, outcome.ran};
}

}  // namespace

int main(int argc, char** argv) {
  const std::string scenario = std::filesystem::absolute(argc > 1 ? argv[1] : "scenarios/w-county.yaml").string();
  const int replications = argc > 2 ? std::atoi(argv[2]) : 10;
  const std::filesystem::path folder = std::filesystem::temp_directory_path() / "tiaokuai-bench-sweep";
  std::filesystem::create_directories(folder);
  std::ofstream(folder / "sweep.yaml") << "base: " << scenario << "\ndesign: full_factorial\nreplications: " << replications
                                       << "\nmaster_seed: 1\nset:\n  run.horizon_days: 365\n  run.warm_up_days: 0\n"
                                       << "factors:\n  - path: levers.incentive_weight\n    range: [0, 0.5]\n    levels: 20\n";
  const experiments::SweepSpec spec = experiments::load_sweep((folder / "sweep.yaml").string());
  std::printf("%zu one-year runs of %s (20 points x %d replications)\n", spec.run_count(), scenario.c_str(), replications);

  const Timing one = measure(spec, folder / "one.db", 1);
  const Timing two = measure(spec, folder / "two.db", 2);
  for (const auto& [jobs, t] : {std::pair{1, one}, std::pair{2, two}}) {
    std::printf("  --jobs %d: %.2f s, %.1f runs/s, mean run %.1f ms, database writes %.2f ms per run\n", jobs, t.seconds,
                t.runs / t.seconds, 1e3 * t.run_seconds / t.runs, 1e3 * t.record_seconds / t.runs);
  }
  std::printf("  speed-up of 2 jobs over 1: %.2fx (goal 1.85x)\n", (two.runs / two.seconds) / (one.runs / one.seconds));
  // At one job the runs follow one another on one thread, so everything
  // beyond their own time is the sweep's: writing, scheduling, start-up.
  std::printf("  sweep overhead at --jobs 1: %.2f %% of run time (goal under 2 %%)\n",
              100.0 * (one.seconds - one.run_seconds) / one.run_seconds);
  std::filesystem::remove_all(folder);
  return 0;
}
