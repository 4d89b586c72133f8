#pragma once
// What ABC-SMC and rejection ABC share: one round of candidates proposed and
// evaluated in batches of `population` and accepted in candidate order, the
// checks of the options, and the final reweighting by the observation-error
// likelihood (abc_smc.hpp says why each is done so).

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "calibration/abc_smc.hpp"
#include "sim/random_stream.hpp"

namespace tiaokuai::calibration {

// Throws std::invalid_argument for options out of range.
void check_options(const AbcOptions& options);

// Proposes one candidate (natural scale) inside the parameter space.
using Proposal = std::function<std::vector<double>(sim::RandomStream&)>;

struct Round {
  std::vector<Particle> accepted;  // in candidate order; weights not yet set
  std::size_t evaluated = 0;
  std::string stop_reason;         // empty when the population is full
};

// Runs round `round` of `stage`: batch b draws its candidates from
// RandomStream(options.seed, round, stage + "/batch/" + b) through
// `propose` and is evaluated with BatchKey{stage, round, b}. A candidate is
// accepted when its distance is finite and <= tolerance, until `population`
// are. Before each batch the round stops, with the reason, when the batch
// would take the round's proposals beyond population / min_acceptance or
// all evaluations (evaluations_before + this round's) beyond the budget.
Round run_round(const std::string& stage, std::size_t round, double tolerance, const Proposal& propose,
                const std::vector<Target>& targets, const AbcOptions& options, const Evaluator& evaluator,
                std::size_t evaluations_before);

// The record of round `index` once its accepted particles carry their
// importance weights.
Generation describe_generation(std::size_t index, double tolerance, const Round& round, std::size_t evaluations_so_far);

// Multiplies each particle's weight by the Gaussian observation-error
// likelihood exp(-1/2 sum_k z_k^2), z_k = (mean_k - observed_k) /
// sqrt(sd_k^2 + variance_of_mean_k) (Wilkinson 2013), and normalises the
// weights to sum to 1.
void weight_by_observation_error(std::vector<Particle>& particles, const std::vector<Target>& targets);

// The particles' weights, in order.
std::vector<double> weights_of(const std::vector<Particle>& particles);

}  // namespace tiaokuai::calibration
