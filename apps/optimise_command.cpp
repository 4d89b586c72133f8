#include "apps/optimise_command.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "apps/option_checks.hpp"
#include "apps/stop_request.hpp"
#include "calibration/calibration_database.hpp"
#include "calibration/model_evaluator.hpp"
#include "decisions/design_evaluator.hpp"
#include "decisions/noisy_nsga2.hpp"
#include "decisions/optimise_outputs.hpp"
#include "decisions/optimise_spec.hpp"
#include "experiments/mpi_sweep.hpp"
#include "models/output_folder.hpp"

namespace tiaokuai::apps {
namespace {

struct OptimiseOptions {
  std::string spec;
  std::string db;
  std::string out;
  unsigned jobs = 0;
  bool quiet = false;
};

constexpr int exit_interrupted = 130;
constexpr int exit_no_feasible_design = 1;
// The database's method: a calibration database holds batches of one kind.
constexpr const char* method = "nsga2";

int optimise(const OptimiseOptions& options) {
  const decisions::OptimiseSpec spec = decisions::load_optimise_spec(options.spec);
  // Under mpirun, ranks 1..K-1 run the batches rank 0 hands out (and so does rank 0).
  const bool over_mpi = experiments::mpi_world_size() > 1;
  if (over_mpi && experiments::mpi_rank() != 0) {
    calibration::serve_batches_over_mpi(decisions::mpi_specs(spec), options.jobs);
    return 0;
  }
  const calibration::ReleaseMpiWorkers release{over_mpi};
  const std::string stem = std::filesystem::path(options.spec).stem().string();
  const std::string out = options.out.empty() ? stem + "-optimise" : options.out;
  const std::string db = options.db.empty() ? stem + ".optimise.db" : options.db;
  // The output folder is made now, so that a path that cannot become one
  // is refused before the search, not after it; it is removed again
  // unless the outputs are written.
  models::OutputFolder out_folder(out);

  calibration::CalibrationDatabase database(db, spec.evaluation, method);
  decisions::DesignEvaluator model(spec, database, options.jobs, !options.quiet, stop_requested());
  std::fprintf(stderr, "%s: NSGA-II; decisions %zu, objectives %zu, constraints %zu; population %zu x %zu generations, %d replications%s "
                       "(%zu runs before the re-evaluation); database %s\n",
               options.spec.c_str(), spec.decisions.size(), spec.problem.objectives.size(), spec.problem.constraints.size(),
               spec.settings.population, spec.settings.generations, spec.evaluation.replications,
               spec.draws.empty() ? "" : (" under " + std::to_string(spec.draws.size()) + " posterior draws").c_str(),
               decisions::search_runs(spec), db.c_str());
  const calibration::Evaluator evaluator = [&](const calibration::BatchKey& key, const calibration::Candidates& designs) {
    const std::size_t replayed = model.batches_replayed();
    std::vector<calibration::Evaluation> estimates = model(key, designs);
    if (!options.quiet) {
      std::fprintf(stderr, "  %s %zu: %zu designs %s\n", key.stage.c_str(), key.round, designs.size(),
                   model.batches_replayed() > replayed ? "(stored)" : "simulated");
    }
    return estimates;
  };
  decisions::SearchResult result;
  try {
    const StopOnSignal stop_on_signal;
    result = decisions::search(spec.problem, spec.settings, evaluator);
  } catch (const calibration::CalibrationInterrupted&) {
    std::fprintf(stderr, "interrupted: the generations finished so far (if any) are in %s; run the same command again to resume\n",
                 db.c_str());
    return exit_interrupted;
  }
  const decisions::OptimiseRun run{db, model.runs_simulated(), model.batches_replayed()};
  decisions::write_optimise_outputs(out, spec, result, run);
  out_folder.keep();
  std::fputs(decisions::optimise_summary_text(spec, result, run).c_str(), stdout);
  std::fprintf(stderr, "outputs in %s/\n", out.c_str());
  return decisions::met_constraints(result) ? 0 : exit_no_feasible_design;
}

}  // namespace

void add_optimise_command(CLI::App& app) {
  auto options = std::make_shared<OptimiseOptions>();
  CLI::App* command =
      app.add_subcommand("optimise", "Search for policy designs on a Pareto front (NSGA-II under simulation noise; resumable)");
  command->add_option("spec", options->spec, "Optimisation spec (e.g. scenarios/decisions/incentive-design.yaml)")->required();
  command->add_option("--db", options->db, "Database of the evaluated designs (default: the spec's name with .optimise.db, in this folder)")
      ->check(non_empty_path);
  command->add_option("--out", options->out, "Folder for the outputs (default: the spec's name with -optimise, in this folder)")
      ->check(non_empty_path);
  command->add_option("--jobs,-j", options->jobs, "Simulation threads (default: all cores; under mpirun, threads per rank, default 1)")->check(CLI::Range(1u, 4096u));
  command->add_flag("--quiet,-q", options->quiet, "No progress");
  command->callback([options] {
    const int code = optimise(*options);
    if (code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace tiaokuai::apps
