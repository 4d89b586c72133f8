#include "apps/calibrate_command.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "apps/option_checks.hpp"
#include "apps/stop_request.hpp"
#include "calibration/calibration_database.hpp"
#include "calibration/calibration_outputs.hpp"
#include "calibration/calibration_run.hpp"
#include "calibration/model_evaluator.hpp"
#include "calibration/predictive_check.hpp"
#include "calibration/scenario_check.hpp"
#include "calibration/targets_file.hpp"
#include "experiments/mpi_sweep.hpp"
#include "models/config_node.hpp"

namespace tiaokuai::apps {
namespace {

struct CalibrateOptions {
  std::string targets;
  std::string method = "abc-smc";
  std::string db;
  std::string out;
  unsigned jobs = 0;
  std::size_t budget = 0;
  bool quiet = false;
  std::string check;      // --check SCENARIO: compare it with the targets instead of calibrating
  int check_replications = 0;
};

constexpr int exit_interrupted = 130;

constexpr int exit_target_missed = 1;

// --check: the scenario's mean of every target beside its stated interval;
// exit 1 when any mean falls outside.
int check(const calibration::CalibrationSpec& spec, const CalibrateOptions& options) {
  const int replications = options.check_replications > 0 ? options.check_replications : 10;
  std::vector<calibration::TargetMatch> matches;
  try {
    const StopOnSignal stop_on_signal;
    matches = calibration::check_scenario(spec, options.check, replications, options.jobs, !options.quiet, stop_requested());
  } catch (const calibration::CalibrationInterrupted&) {
    return exit_interrupted;
  }
  std::fputs(calibration::scenario_check_text(options.check, replications, matches).c_str(), stdout);
  for (const calibration::TargetMatch& match : matches) {
    if (!match.inside) return exit_target_missed;
  }
  return 0;
}

int calibrate(const CalibrateOptions& options) {
  const calibration::CalibrationSpec spec = calibration::load_targets(options.targets);
  if (!options.check.empty()) return check(spec, options);
  // Under mpirun, ranks 1..K-1 run the batches rank 0 hands out (and so
  // does rank 0); rank 0 releases them on every way out, an error included.
  const bool over_mpi = experiments::mpi_world_size() > 1;
  if (over_mpi && experiments::mpi_rank() != 0) {
    calibration::serve_batches_over_mpi({&spec}, options.jobs);
    return 0;
  }
  const calibration::ReleaseMpiWorkers release{over_mpi};
  const std::string stem = std::filesystem::path(options.targets).stem().string();
  const std::string out = options.out.empty() ? stem + "-calibration" : options.out;
  const std::string db = options.db.empty() ? stem + ".calibration.db" : options.db;
  // A budget that cannot pay for the method's first generation or wave is
  // known now; refused before the database exists.
  const std::size_t first_round = calibration::first_round_candidates(spec, options.method) * static_cast<std::size_t>(spec.replications);
  if (options.budget > 0 && options.budget < first_round) {
    throw models::ConfigError({"--budget", 0, 0}, "", std::to_string(options.budget) + " runs cannot pay for the first " +
                                                          (options.method.starts_with("history") ? "wave" : "generation") + " (" +
                                                          std::to_string(first_round) + " runs: candidates x replications)");
  }
  refuse_output_path_that_is_not_a_folder(out);
  calibration::CalibrationDatabase database(db, spec, options.method);
  calibration::ModelEvaluator model(spec, database, options.jobs, !options.quiet, stop_requested());
  std::fprintf(stderr, "%s: %s on %zu parameters and %zu targets, %d replications per candidate; database %s\n", options.targets.c_str(),
               options.method.c_str(), spec.parameters.size(), spec.targets.size(), spec.replications, db.c_str());
  const calibration::Evaluator evaluator = [&](const calibration::BatchKey& key, const calibration::Candidates& candidates) {
    const std::size_t replayed = model.batches_replayed();
    std::vector<calibration::Evaluation> evaluations = model(key, candidates);
    if (!options.quiet) {
      std::fprintf(stderr, "  %s %zu batch %zu: %zu candidates %s\n", key.stage.c_str(), key.round, key.batch, candidates.size(),
                   model.batches_replayed() > replayed ? "(stored)" : "simulated");
    }
    return evaluations;
  };
  calibration::CalibrationResult result;
  try {
    const StopOnSignal stop_on_signal;
    result = calibration::run_calibration(spec, options.method, options.budget, evaluator);
  } catch (const calibration::CalibrationInterrupted&) {
    std::fprintf(stderr, "interrupted: the finished batches are in %s; run the same command again to resume\n", db.c_str());
    return exit_interrupted;
  }
  if (result.population.empty()) {
    std::fprintf(stderr, "no population: %s; nothing to summarise (raise --budget or widen the priors)\n", result.stop_reason.c_str());
    return 1;
  }
  const std::vector<calibration::TargetCheck> checks = calibration::check_targets(spec.targets, spec.discrepancy_sd, result.predictive);
  database.store_results(result.rounds, calibration::weighted_sample(result.population), result.predictive);
  calibration::write_calibration_outputs(out, spec, result, checks, db);
  std::fputs(calibration::calibration_summary_text(spec, result, checks).c_str(), stdout);
  const calibration::BatchCost cost = database.stored_cost();
  std::fprintf(stderr, "%zu runs simulated now, %zu in the database (%.1f s of run time); outputs in %s/\n", model.runs_simulated(),
               cost.runs, cost.run_seconds, out.c_str());
  return 0;
}

}  // namespace

void add_calibrate_command(CLI::App& app) {
  auto options = std::make_shared<CalibrateOptions>();
  CLI::App* command = app.add_subcommand("calibrate", "Fit a scenario's parameters to observed facts (ABC-SMC, history matching; resumable)");
  command->add_option("targets", options->targets, "Targets file (e.g. scenarios/calibration/w-county-targets.yaml)")->required();
  command->add_option("--method", options->method, "abc-smc (default), history-matching, history-matching+abc-smc or rejection")
      ->check(CLI::IsMember(calibration::calibration_methods));
  command->add_option("--db", options->db, "Calibration database (default: the targets file's name with .calibration.db, in this folder)")
      ->check(non_empty_path);
  command->add_option("--out", options->out, "Folder for the outputs (default: the targets file's name with -calibration, in this folder)")
      ->check(non_empty_path);
  command->add_option("--jobs,-j", options->jobs, "Simulation threads (default: all cores; under mpirun, threads per rank, default 1)")->check(CLI::Range(1u, 4096u));
  command->add_option("--budget", options->budget, "Most simulation runs (candidates x replications) for the method; 0: no limit")
      ->check(whole_number_0_to_2_64);
  command->add_flag("--quiet,-q", options->quiet, "No progress");
  command->add_option("--check", options->check,
                      "Instead of calibrating, run this scenario and compare each target's mean with its stated 95 % interval "
                      "(exit 1 if any falls outside)")
      ->check(CLI::ExistingFile);
  command->add_option("--check-replications", options->check_replications, "Replications for --check (default 10)")
      ->check(CLI::Range(2, 100000));
  command->callback([options] {
    const int code = calibrate(*options);
    if (code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace tiaokuai::apps
