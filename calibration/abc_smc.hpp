#pragma once
// Approximate Bayesian computation: ABC-SMC population Monte Carlo
// (Beaumont, Cornuet, Marin and Robert 2009) with an adaptive tolerance
// schedule (Del Moral, Doucet and Jasra 2012), and plain rejection ABC to
// compare it with.
//
// Schedule: generation 0 keeps every prior draw whose evaluation is finite
// (tolerance +inf); generation g >= 1 accepts within max(final tolerance,
// the weighted `quantile` of generation g-1's distances). The run stops
// after the generation at the final tolerance ("tolerance reached"), after
// max_generations ("generation limit of N"), or abandons a generation when
// its next batch would take it past population / min_acceptance proposals
// ("acceptance below X") or all evaluations past the budget ("budget of N
// evaluations"). The result is the last complete generation.
//
// Both are deterministic functions of their inputs and of the evaluations
// they receive. Candidates are proposed and evaluated in batches of exactly
// `population`; batch b of round g draws only from
// RandomStream(seed, g, stage + "/batch/" + b) and from the previous
// population, and candidates are accepted in candidate order. So the result
// does not depend on how the evaluator parallelises a batch, and replaying a
// run with stored evaluations (BatchKey) reproduces it exactly.
//
// The result is the posterior under Gaussian observation error with the
// targets' sd (Wilkinson 2013, "Approximate Bayesian computation gives exact
// results under the assumption of model error"). The ABC generations only
// localise it: their last population is distributed as prior x
// 1{distance <= tolerance}, much wider than that posterior when there are
// many targets, so reweighting it by the likelihood alone leaves few
// particles carrying the weight (an ESS of about 5 % with six identified
// parameters). A final importance-sampling step therefore draws one more
// batch of `population` candidates (BatchKey {"posterior", 0, b}) from
// kernels around the likelihood-weighted last population, with its own
// covariance, keeps every candidate, and weights each by prior x likelihood
// / proposal density: no truncation at the tolerance, and a far larger ESS.
// If the budget leaves no room for that batch, the last population is
// reweighted by the likelihood instead, and the stop reason says so.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "calibration/problem.hpp"

namespace tiaokuai::calibration {

struct AbcOptions {
  std::size_t population = 200;
  double quantile = 0.5;         // next tolerance: this weighted quantile of the last population's distances
  double tolerance = 2.0;        // final tolerance (RMS standardised distance); stop once reached
  double min_acceptance = 0.02;  // abandon a generation (and stop) once proposals would exceed population / min_acceptance
  std::size_t max_generations = 12;  // counting generation 0, the prior draw
  std::size_t budget = 0;        // most candidate evaluations in all; 0: no limit
  std::uint64_t seed = 1;
};

struct Particle {
  std::vector<double> values;  // natural scale, one per parameter
  double weight = 0;           // normalised over the population
  double distance = 0;
  Evaluation evaluation;
};

// A completed generation of ABC-SMC; for rejection ABC, its one round,
// complete or stopped.
struct Generation {
  std::size_t index = 0;
  double tolerance = 0;          // +inf for generation 0
  std::size_t evaluated = 0;     // candidates simulated in this generation
  std::size_t accepted = 0;      // the population size
  double acceptance_rate = 0;    // accepted / evaluated
  double ess = 0;                // of the generation's importance weights
  std::size_t evaluations_so_far = 0;
};

struct AbcResult {
  std::vector<Particle> population;  // the last complete generation, reweighted; empty if none completed
  std::vector<Generation> generations;
  std::string stop_reason;
  bool reached_tolerance = false;
  std::size_t evaluations = 0;       // every candidate simulated, abandoned generations included
  double ess = 0;                    // of the final, reweighted population
  std::size_t posterior_step_evaluated = 0;  // candidates of the final importance step (0: skipped)
};

// Restricts the prior (history matching's non-implausible space); takes
// natural-scale values. Empty: the whole prior.
using Support = std::function<bool(const std::vector<double>&)>;

// Throws std::invalid_argument for an improper prior or options out of range;
// lets the evaluator's exceptions through.
AbcResult abc_smc(const std::vector<Parameter>& parameters, const std::vector<Target>& targets,
                  const AbcOptions& options, const Evaluator& evaluator, const Support& support = {});

// Plain rejection ABC to the same final tolerance (options.tolerance), for
// the benchmark against ABC-SMC: prior draws in batches (BatchKey
// {"rejection", 0, b}), accepted when within the tolerance, until the
// population is full. The budget and min_acceptance stop it as they stop a
// generation of ABC-SMC; then the population holds the particles accepted
// so far and reached_tolerance is false.
AbcResult rejection_abc(const std::vector<Parameter>& parameters, const std::vector<Target>& targets,
                        const AbcOptions& options, const Evaluator& evaluator, const Support& support = {});

}  // namespace tiaokuai::calibration
