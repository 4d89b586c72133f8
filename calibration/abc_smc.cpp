#include "calibration/abc_smc.hpp"

#include <algorithm>
#include <limits>
#include <optional>

#include "calibration/abc_round.hpp"
#include "calibration/parameter_space.hpp"
#include "calibration/perturbation_kernel.hpp"
#include "calibration/weighted_statistics.hpp"

namespace tiaokuai::calibration {

namespace {

// The next tolerance (Del Moral, Doucet and Jasra 2012): a weighted quantile
// of the last population's distances, so each generation keeps about that
// share of the last one's mass; never below the final tolerance.
double next_tolerance(const std::vector<Particle>& population, const AbcOptions& options) {
  std::vector<double> distances;
  for (const Particle& particle : population) distances.push_back(particle.distance);
  return std::max(options.tolerance, weighted_quantile(distances, weights_of(population), options.quantile));
}

// The final step (abc_smc.hpp says why): importance sampling of the
// posterior under Gaussian observation error. The last population,
// weighted by that likelihood, estimates the posterior; candidates are
// drawn from kernels around its particles with its own covariance, and every
// candidate with a finite distance is kept, weighted by prior / proposal
// density (the likelihood follows). Returns the candidates, or the last
// population unchanged when the budget leaves no room for the step.
std::vector<Particle> posterior_step(const ParameterSpace& space, std::vector<Particle> population, const std::vector<Target>& targets,
                                     const AbcOptions& options, const Evaluator& evaluator, AbcResult& result) {
  std::vector<Particle> guide = population;
  weight_by_observation_error(guide, targets);
  const PerturbationKernel kernel(space, guide, 1.0);
  const Proposal propose = [&kernel](sim::RandomStream& stream) { return kernel.propose(stream); };
  Round step = run_round("posterior", 0, std::numeric_limits<double>::infinity(), propose, targets, options, evaluator, result.evaluations);
  result.evaluations += step.evaluated;
  if (!step.stop_reason.empty()) {
    result.stop_reason += "; no room for the final importance step (" + step.stop_reason + "), so the last population is reweighted instead";
    return population;
  }
  const std::vector<double> weights = kernel.importance_weights(step.accepted);
  for (std::size_t i = 0; i < weights.size(); ++i) step.accepted[i].weight = weights[i];
  result.posterior_step_evaluated = step.evaluated;
  return std::move(step.accepted);
}

}  // namespace

AbcResult abc_smc(const std::vector<Parameter>& parameters, const std::vector<Target>& targets,
                  const AbcOptions& options, const Evaluator& evaluator, const Support& support) {
  check_options(options);
  const ParameterSpace space(parameters, support);
  AbcResult result;
  std::vector<Particle> population;  // the last complete generation, with its importance weights
  for (std::size_t g = 0; g < options.max_generations && result.stop_reason.empty(); ++g) {
    // Generation 0 keeps every prior draw whose simulation succeeded.
    double tolerance = std::numeric_limits<double>::infinity();
    Proposal propose = [&](sim::RandomStream& stream) { return space.draw_from_prior(stream); };
    std::optional<PerturbationKernel> kernel;
    if (g > 0) {
      tolerance = next_tolerance(population, options);
      kernel.emplace(space, population);
      propose = [&](sim::RandomStream& stream) { return kernel->propose(stream); };
    }
    Round round = run_round("abc", g, tolerance, propose, targets, options, evaluator, result.evaluations);
    result.evaluations += round.evaluated;
    if (!round.stop_reason.empty()) {
      result.stop_reason = round.stop_reason;
      break;
    }
    const std::vector<double> weights =
        kernel ? kernel->importance_weights(round.accepted)
               : std::vector<double>(round.accepted.size(), 1.0 / static_cast<double>(round.accepted.size()));
    for (std::size_t i = 0; i < weights.size(); ++i) round.accepted[i].weight = weights[i];
    result.generations.push_back(describe_generation(g, tolerance, round, result.evaluations));
    population = std::move(round.accepted);
    if (tolerance <= options.tolerance) {
      result.stop_reason = "tolerance reached";
      result.reached_tolerance = true;
    }
  }
  if (result.stop_reason.empty()) result.stop_reason = "generation limit of " + std::to_string(options.max_generations);
  if (!population.empty()) population = posterior_step(space, std::move(population), targets, options, evaluator, result);
  weight_by_observation_error(population, targets);
  result.ess = effective_sample_size(weights_of(population));
  result.population = std::move(population);
  return result;
}

}  // namespace tiaokuai::calibration
