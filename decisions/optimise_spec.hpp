#pragma once
// An optimisation spec (scenarios/decisions/*.yaml, docs/decisions.md): a
// base scenario, the decisions (declared parameters with bounds), the
// objectives and constraints (run metrics), replications for the search
// and for re-evaluating the front, a master seed, the search's settings and
// optionally a posterior to evaluate every design over (robust design).
// Loaded and validated in full before anything runs: every refusal names
// the file, line and key.
//
// It runs on the calibration's machinery (calibration/model_evaluator.hpp):
// `evaluation` is a CalibrationSpec whose parameters are the posterior's
// calibrated parameters (if any) and then the decisions, and whose targets
// are the measures (objectives, then constraints), so candidates run on
// the sweep thread pool or over MPI and every batch is stored for resuming.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "calibration/targets_file.hpp"
#include "decisions/noisy_nsga2.hpp"

namespace tiaokuai::decisions {

struct OptimiseSpec {
  std::string file;         // the spec file as given
  std::string description;
  // Replications for each candidate in the search, common to all
  // candidates (the streams of (master seed, r)).
  calibration::CalibrationSpec evaluation;
  // The same with reevaluation_replications on fresh streams (master seed
  // derived from the spec's): the front is re-estimated on luck it did
  // not see.
  calibration::CalibrationSpec reevaluation;
  std::vector<calibration::Parameter> decisions;
  std::vector<std::string> measures;  // objectives' metrics, then constraints'
  SearchProblem problem;
  SearchSettings settings;
  // Robust design: the posterior file (as found from the spec) and the
  // drawn particles' values, [draw][calibrated parameter]; every candidate
  // runs under each draw and its estimate pools them. Empty: the base alone.
  // evaluation.parameters then start with run.seed, then the calibrated
  // parameters: draw d runs on streams of its own seed (draw_seed), the same
  // for every design, so designs are compared paired within a draw and a
  // particle drawn twice gives two samples rather than one counted twice.
  std::string posterior_file;
  std::vector<std::vector<double>> draws;
  std::vector<std::uint64_t> draw_seeds, reevaluation_draw_seeds;  // one per draw
};

// The runs of the search before the re-evaluation: designs (the first
// population and every generation's offspring) x replications x draws.
std::size_t search_runs(const OptimiseSpec& spec);

// Draw d's run seed, from the master seed of the search or the re-evaluation.
std::uint64_t draw_seed(std::uint64_t master_seed, std::size_t draw);

// Throws models::ConfigError (file, line, column, key) for any problem: an
// unknown key, a decision that is not a declared real or integer parameter
// or whose range the scenario refuses at either end, a metric the base's
// runs do not produce, fewer than two objectives, a constraint with both or
// neither of at_least and at_most, a population the search cannot use, a
// posterior file that cannot be read.
OptimiseSpec load_optimise_spec(const std::string& path);

// The re-evaluation's master seed: derived from the search's so that its
// streams are fresh, and reproducible.
std::uint64_t reevaluation_seed(std::uint64_t master_seed);

// The scenario tree of a design: the base with each decision set to its
// value (integers rounded); a robust design's base is the base scenario as
// the spec names it, not any one draw.
models::ConfigNode design_tree(const OptimiseSpec& spec, const std::vector<double>& decisions);

}  // namespace tiaokuai::decisions
