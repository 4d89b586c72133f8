#include "calibration/calibration_run.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "calibration/history_matching.hpp"
#include "experiments/posterior_design.hpp"
#include "sim/random_stream.hpp"

namespace tiaokuai::calibration {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

AbcOptions abc_options(const CalibrationSpec& spec, std::size_t budget_candidates) {
  AbcOptions options;
  options.population = spec.abc.population;
  options.quantile = spec.abc.quantile;
  options.tolerance = spec.abc.tolerance;
  options.min_acceptance = spec.abc.min_acceptance;
  options.max_generations = spec.abc.max_generations;
  options.budget = budget_candidates;
  options.seed = spec.master_seed;
  return options;
}

HistoryMatchingOptions history_matching_options(const CalibrationSpec& spec, std::size_t budget_candidates) {
  HistoryMatchingOptions options;
  options.points_per_wave = spec.history_matching.points_per_wave;
  options.max_waves = spec.history_matching.max_waves;
  options.cutoff = spec.history_matching.cutoff;
  options.min_shrink = spec.history_matching.min_shrink;
  options.discrepancy_sd = spec.discrepancy_sd;
  options.kernel = spec.history_matching.kernel == "matern52" ? Kernel::matern52 : Kernel::squared_exponential;
  options.budget = budget_candidates;
  options.seed = spec.master_seed;
  return options;
}

// ABC standardises by the observation's sd and the model discrepancy
// together (Kennedy and O'Hagan 2001): a fact the model is known to miss by
// about `discrepancy` then weighs as much as that allows, no more.
std::vector<Target> targets_with_discrepancy(const CalibrationSpec& spec) {
  std::vector<Target> targets = spec.targets;
  for (std::size_t k = 0; k < targets.size(); ++k) {
    targets[k].sd = std::sqrt(targets[k].sd * targets[k].sd + spec.discrepancy_sd[k] * spec.discrepancy_sd[k]);
  }
  return targets;
}

void add_abc_rounds(const AbcResult& abc, const std::string& stage, std::size_t evaluations_before, CalibrationResult& result) {
  for (const Generation& g : abc.generations) {
    result.rounds.push_back({stage, g.index, g.tolerance, g.evaluated, g.accepted, g.ess, nan, evaluations_before + g.evaluations_so_far});
  }
  result.population = abc.population;
  result.stop_reason = abc.stop_reason;
  result.reached_tolerance = abc.reached_tolerance;
  result.ess = abc.ess;
  result.evaluations = evaluations_before + abc.evaluations;
  result.posterior_step = abc.posterior_step_evaluated;
}

HistoryMatchingResult run_history_matching(const CalibrationSpec& spec, std::size_t budget_candidates, const Evaluator& evaluator,
                                           CalibrationResult& result) {
  HistoryMatchingResult matched = history_matching(spec.parameters, spec.targets, history_matching_options(spec, budget_candidates), evaluator);
  std::size_t so_far = 0;
  for (const Wave& wave : matched.waves) {
    so_far += wave.evaluated;
    result.rounds.push_back({"hm", wave.index, nan, wave.evaluated, wave.evaluated, nan, wave.non_implausible_share, so_far});
    result.loo_within_3.push_back(wave.loo_share_within_3);
  }
  result.stop_reason = matched.stop_reason;
  result.evaluations = matched.evaluations;
  return matched;
}

// Posterior draws simulated again (BatchKey {"check", 0, 0}), drawn by
// systematic resampling so that each particle appears in proportion to its
// weight.
std::vector<std::vector<double>> predictive_check(const CalibrationSpec& spec, const std::vector<Particle>& population,
                                                  const Evaluator& evaluator) {
  if (population.empty()) return {};
  std::vector<double> weights;
  for (const Particle& particle : population) weights.push_back(particle.weight);
  sim::RandomStream stream(spec.master_seed, 0, "calibration/predictive");
  Candidates draws;
  for (const std::size_t i : experiments::systematic_resample(weights, spec.predictive_draws, stream.uniform01())) {
    draws.push_back(population[i].values);
  }
  std::vector<std::vector<double>> simulated;
  for (const Evaluation& evaluation : evaluator({"check", 0, 0}, draws)) simulated.push_back(evaluation.mean);
  return simulated;
}

}  // namespace

std::size_t first_round_candidates(const CalibrationSpec& spec, const std::string& method) {
  if (!method.starts_with("history")) return spec.abc.population;
  const std::size_t per_wave = spec.history_matching.points_per_wave;
  return per_wave > 0 ? per_wave : 10 * spec.parameters.size();
}

WeightedSample weighted_sample(const std::vector<Particle>& population) {
  WeightedSample sample;
  for (const Particle& particle : population) {
    sample.values.push_back(particle.values);
    sample.weights.push_back(particle.weight);
    sample.distances.push_back(particle.distance);
  }
  return sample;
}

CalibrationResult run_calibration(const CalibrationSpec& spec, const std::string& method, std::size_t budget_runs,
                                  const Evaluator& evaluator) {
  if (std::find(calibration_methods.begin(), calibration_methods.end(), method) == calibration_methods.end()) {
    throw std::invalid_argument("unknown calibration method '" + method + "'");
  }
  const std::size_t replications = static_cast<std::size_t>(spec.replications);
  const std::size_t budget = budget_runs / replications;
  if (budget_runs > 0 && budget == 0) {
    throw std::invalid_argument("a budget of " + std::to_string(budget_runs) + " runs is less than one candidate's " +
                                std::to_string(replications) + " replications");
  }
  CalibrationResult result;
  result.method = method;
  const std::vector<Target> abc_targets = targets_with_discrepancy(spec);
  if (method == "abc-smc") {
    add_abc_rounds(abc_smc(spec.parameters, abc_targets, abc_options(spec, budget), evaluator), "abc", 0, result);
  } else if (method == "rejection") {
    add_abc_rounds(rejection_abc(spec.parameters, abc_targets, abc_options(spec, budget), evaluator), "rejection", 0, result);
  } else {
    const HistoryMatchingResult matched = run_history_matching(spec, budget, evaluator, result);
    if (method == "history-matching") {
      // An equally weighted sample of the non-implausible space.
      const std::vector<std::vector<double>> sample = sample_non_implausible(spec.parameters, matched.space, spec.abc.population, spec.master_seed);
      for (const std::vector<double>& values : sample) {
        result.population.push_back({values, 1.0 / static_cast<double>(sample.size()), nan, {}});
      }
      result.ess = static_cast<double>(sample.size());
    } else {
      const std::size_t used = result.evaluations;
      const std::size_t left = budget > 0 ? (budget > used ? budget - used : 1) : 0;
      const Support inside = [&matched](const std::vector<double>& values) { return matched.space.contains(values); };
      const std::string history = result.stop_reason;
      add_abc_rounds(abc_smc(spec.parameters, abc_targets, abc_options(spec, left), evaluator, inside), "abc", used, result);
      result.stop_reason = "history matching: " + history + "; ABC-SMC: " + result.stop_reason;
    }
  }
  // An integer parameter is run at its rounded value, so that is the value
  // the posterior holds (the algorithms move it continuously).
  for (Particle& particle : result.population) {
    for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
      if (spec.parameters[i].integer) particle.values[i] = std::round(particle.values[i]);
    }
  }
  if (!result.population.empty()) {
    result.summary = summarise_posterior(spec.parameters, result.population);
    result.predictive = predictive_check(spec, result.population, evaluator);
  }
  return result;
}

}  // namespace tiaokuai::calibration
