// Plain rejection ABC (abc_smc.hpp): the baseline that ABC-SMC is measured against.
#include "calibration/abc_round.hpp"
#include "calibration/abc_smc.hpp"
#include "calibration/parameter_space.hpp"
#include "calibration/weighted_statistics.hpp"

namespace tiaokuai::calibration {

AbcResult rejection_abc(const std::vector<Parameter>& parameters, const std::vector<Target>& targets,
                        const AbcOptions& options, const Evaluator& evaluator, const Support& support) {
  check_options(options);
  const ParameterSpace space(parameters, support);
  Round round = run_round("rejection", 0, options.tolerance,
                          [&](sim::RandomStream& stream) { return space.draw_from_prior(stream); }, targets, options,
                          evaluator, 0);
  AbcResult result;
  result.evaluations = round.evaluated;
  result.reached_tolerance = round.stop_reason.empty();
  result.stop_reason = result.reached_tolerance ? "tolerance reached" : round.stop_reason;
  // Prior draws accepted by rejection are equally weighted.
  for (Particle& particle : round.accepted) particle.weight = 1.0;
  if (!round.accepted.empty())
    result.generations.push_back(describe_generation(0, options.tolerance, round, round.evaluated));
  weight_by_observation_error(round.accepted, targets);
  result.ess = effective_sample_size(weights_of(round.accepted));
  result.population = std::move(round.accepted);
  return result;
}

}  // namespace tiaokuai::calibration
