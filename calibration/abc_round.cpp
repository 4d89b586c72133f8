#include "calibration/abc_round.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "calibration/weighted_statistics.hpp"

namespace tiaokuai::calibration {

namespace {

// The evaluator is outside code (the command's, replaying stored batches);
// a wrong shape would otherwise read past the end of a vector.
void check_evaluations(const BatchKey& key, const Candidates& candidates, const std::vector<Evaluation>& evaluations,
                       std::size_t targets) {
  const auto describe = [&] { return key.stage + " round " + std::to_string(key.round) + " batch " + std::to_string(key.batch); };
  if (evaluations.size() != candidates.size())
    throw std::runtime_error("the evaluator returned " + std::to_string(evaluations.size()) + " evaluations for " +
                             std::to_string(candidates.size()) + " candidates (" + describe() + ")");
  for (const Evaluation& evaluation : evaluations)
    if (evaluation.mean.size() != targets || evaluation.variance_of_mean.size() != targets)
      throw std::runtime_error("the evaluator returned an evaluation without one value per target (" + describe() + ")");
}

}  // namespace

void check_options(const AbcOptions& options) {
  const auto fail = [](const std::string& why) { throw std::invalid_argument("ABC options: " + why); };
  if (options.population == 0) fail("the population needs at least one particle");
  if (!(options.quantile > 0 && options.quantile < 1)) fail("the quantile must lie in (0, 1)");
  if (!(options.tolerance >= 0) || !std::isfinite(options.tolerance)) fail("the tolerance must be finite and >= 0");
  if (!(options.min_acceptance > 0 && options.min_acceptance <= 1)) fail("the minimum acceptance must lie in (0, 1]");
  if (options.max_generations == 0) fail("at least one generation is needed");
}

Round run_round(const std::string& stage, std::size_t round, double tolerance, const Proposal& propose,
                const std::vector<Target>& targets, const AbcOptions& options, const Evaluator& evaluator,
                std::size_t evaluations_before) {
  const std::size_t population = options.population;
  const double max_proposals = static_cast<double>(population) / options.min_acceptance;
  Round result;
  for (std::size_t batch = 0; result.accepted.size() < population; ++batch) {
    if (static_cast<double>(result.evaluated + population) > max_proposals) {
      std::ostringstream reason;
      reason << "acceptance below " << options.min_acceptance;
      result.stop_reason = reason.str();
      return result;
    }
    if (options.budget != 0 && evaluations_before + result.evaluated + population > options.budget) {
      result.stop_reason = "budget of " + std::to_string(options.budget) + " evaluations";
      return result;
    }
    sim::RandomStream stream(options.seed, round, stage + "/batch/" + std::to_string(batch));
    Candidates candidates;
    for (std::size_t i = 0; i < population; ++i) candidates.push_back(propose(stream));
    const BatchKey key{stage, round, batch};
    const std::vector<Evaluation> evaluations = evaluator(key, candidates);
    check_evaluations(key, candidates, evaluations, targets.size());
    result.evaluated += population;
    for (std::size_t i = 0; i < population && result.accepted.size() < population; ++i) {
      const double d = distance(targets, evaluations[i]);
      if (std::isfinite(d) && d <= tolerance)
        result.accepted.push_back(Particle{std::move(candidates[i]), 0.0, d, evaluations[i]});
    }
  }
  return result;
}

Generation describe_generation(std::size_t index, double tolerance, const Round& round, std::size_t evaluations_so_far) {
  const std::size_t accepted = round.accepted.size();
  return Generation{index, tolerance, round.evaluated, accepted,
                    static_cast<double>(accepted) / static_cast<double>(round.evaluated),
                    effective_sample_size(weights_of(round.accepted)), evaluations_so_far};
}

void weight_by_observation_error(std::vector<Particle>& particles, const std::vector<Target>& targets) {
  std::vector<double> log_weights;
  // distance() is the root mean square of the same standardised
  // differences z_k, so the sum of their squares is K distance^2.
  const double count = static_cast<double>(targets.size());
  for (const Particle& particle : particles) {
    log_weights.push_back(std::log(particle.weight) - 0.5 * count * particle.distance * particle.distance);
  }
  const std::vector<double> weights = normalised_weights(log_weights);
  for (std::size_t i = 0; i < particles.size(); ++i) particles[i].weight = weights[i];
}

std::vector<double> weights_of(const std::vector<Particle>& particles) {
  std::vector<double> weights;
  for (const Particle& particle : particles) weights.push_back(particle.weight);
  return weights;
}

}  // namespace tiaokuai::calibration
