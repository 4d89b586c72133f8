#include "apps/sweep_commands.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "apps/option_checks.hpp"
#include "apps/stop_request.hpp"
#include "experiments/csv_export.hpp"
#include "experiments/mpi_sweep.hpp"
#include "experiments/results_database.hpp"
#include "experiments/sweep_runner.hpp"
#include "experiments/sweep_spec.hpp"

namespace tiaokuai::apps {
namespace {

struct SweepCommandOptions {
  std::string sweep;
  std::string db;
  unsigned jobs = 0;
  std::size_t limit = 0;
  bool quiet = false;
};

// Exit codes beyond main()'s: the sweep was interrupted (resume by running
// it again), or it finished with some runs failed (recorded in the database).
constexpr int exit_interrupted = 130;
constexpr int exit_some_failed = 3;

// "runs per rank: 0: 81, 1: 79": how the work spread, which shows a rank
// that ran nothing or one slower than the others.
void print_runs_per_rank(const std::vector<std::size_t>& runs_per_rank) {
  std::fprintf(stderr, "runs per rank:");
  for (std::size_t rank = 0; rank < runs_per_rank.size(); ++rank) {
    std::fprintf(stderr, "%s %zu: %zu", rank > 0 ? "," : "", rank, runs_per_rank[rank]);
  }
  std::fprintf(stderr, "\n");
}

int sweep(const SweepCommandOptions& options) {
  const experiments::SweepSpec spec = experiments::load_sweep(options.sweep);
  const std::string db = options.db.empty() ? std::filesystem::path(options.sweep).stem().string() + ".db" : options.db;
  const experiments::SweepOptions sweep_options{options.jobs, options.limit, !options.quiet};
  experiments::SweepOutcome outcome;
  if (experiments::mpi_world_size() > 1) {
    // Every rank lets its runs in flight finish on a stop request; rank 0
    // decides when to stop handing out runs.
    const StopOnSignal stop_on_signal;
    const experiments::MpiOutcome mpi = experiments::run_sweep_mpi(spec, db, sweep_options, stop_requested());
    if (experiments::mpi_rank() != 0) return 0;
    outcome = mpi;
    print_runs_per_rank(mpi.runs_per_rank);
  } else {
    experiments::ResultsDatabase database(db, spec);
    std::fprintf(stderr, "%s: %zu points x %d replications = %zu runs; results in %s\n", options.sweep.c_str(),
                 spec.points.size(), spec.replications, spec.run_count(), db.c_str());
    const StopOnSignal stop_on_signal;
    outcome = experiments::run_sweep(spec, database, sweep_options, stop_requested());
  }
  const std::size_t done = outcome.already_done + outcome.ran;
  std::fprintf(stderr, "%zu of %zu runs in %s (%zu before this invocation), %zu failed this time\n", done, outcome.total,
               db.c_str(), outcome.already_done, outcome.failed);
  if (outcome.interrupted) {
    std::fprintf(stderr, "interrupted: run the same command again to resume\n");
    return exit_interrupted;
  }
  if (outcome.failed > 0) {
    std::fprintf(stderr, "some runs failed; their messages are in the runs table (status = 'failed')\n");
    return exit_some_failed;
  }
  return 0;
}

}  // namespace

void add_sweep_command(CLI::App& app) {
  auto options = std::make_shared<SweepCommandOptions>();
  CLI::App* command = app.add_subcommand("sweep", "Run a sweep file's runs into a SQLite results database (resumable)");
  command->add_option("sweep", options->sweep, "Sweep YAML file (e.g. scenarios/sweeps/levers.yaml)")->required();
  command->add_option("--db", options->db, "Results database (default: the sweep file's name with .db, in this folder)")->check(non_empty_path);
  command->add_option("--jobs,-j", options->jobs, "Simulation threads (default: all cores; under mpirun, threads per rank, default 1)")->check(CLI::Range(1u, 4096u));
  command->add_option("--limit", options->limit, "Run at most this many of the pending runs now (the rest on the next call)")
      ->check(whole_number_0_to_2_64);
  command->add_flag("--quiet,-q", options->quiet, "No progress meter");
  command->callback([options] {
    const int code = sweep(*options);
    if (code != 0) throw CLI::RuntimeError(code);
  });
}

void add_export_command(CLI::App& app) {
  struct Options {
    std::string db;
    std::string csv;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand("export", "Write a results database as tidy CSV (runs.csv, call_network.csv)");
  command->add_option("db", options->db, "Results database written by tiaokuai sweep")->required()->check(non_empty_path);
  command->add_option("--csv", options->csv, "Folder for the CSV files")->required()->check(non_empty_path);
  command->callback([options] {
    experiments::export_csv(options->db, options->csv);
    std::printf("wrote %s/runs.csv and %s/call_network.csv\n", options->csv.c_str(), options->csv.c_str());
  });
}

}  // namespace tiaokuai::apps
