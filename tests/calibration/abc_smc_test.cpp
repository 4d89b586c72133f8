// ABC-SMC and rejection ABC on the linear-Gaussian model, whose posterior
// is known exactly: the posterior's location, spread and coverage, the
// determinism that resuming relies on, the support restriction, the stop
// rules, and the saving over rejection ABC.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <numbers>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "calibration/abc_smc.hpp"
#include "calibration/posterior_summary.hpp"
#include "sim/random_stream.hpp"
#include "linear_gaussian_model.hpp"

namespace tiaokuai::calibration {
namespace {

using testing::identity_model;
using testing::linear_gaussian;

double weighted_sd(const std::vector<Particle>& population, std::size_t k) {
  double mean = 0, second = 0;
  for (const Particle& p : population) mean += p.weight * p.values[k];
  for (const Particle& p : population) second += p.weight * (p.values[k] - mean) * (p.values[k] - mean);
  return std::sqrt(second);
}

void check_identical(const AbcResult& a, const AbcResult& b) {
  CHECK(a.stop_reason == b.stop_reason);
  CHECK(a.evaluations == b.evaluations);
  CHECK(a.ess == b.ess);
  REQUIRE(a.generations.size() == b.generations.size());
  for (std::size_t g = 0; g < a.generations.size(); ++g) {
    CHECK(a.generations[g].tolerance == b.generations[g].tolerance);
    CHECK(a.generations[g].evaluated == b.generations[g].evaluated);
    CHECK(a.generations[g].ess == b.generations[g].ess);
  }
  REQUIRE(a.population.size() == b.population.size());
  for (std::size_t i = 0; i < a.population.size(); ++i) {
    CHECK(a.population[i].values == b.population[i].values);
    CHECK(a.population[i].weight == b.population[i].weight);
    CHECK(a.population[i].distance == b.population[i].distance);
  }
}

// Stores every batch it simulates, keyed as the command's database keys
// them, and answers a stored batch without simulating it again (after
// checking that the algorithm asks for the same candidates). With
// `fail_after`, it throws instead of simulating batch number fail_after + 1,
// as a killed run stops.
struct BatchStore {
  std::map<std::tuple<std::string, std::size_t, std::size_t>, std::pair<Candidates, std::vector<Evaluation>>> batches;
  std::size_t simulated = 0;

  Evaluator evaluator(std::size_t fail_after = std::numeric_limits<std::size_t>::max()) {
    return [this, fail_after](const BatchKey& key, const Candidates& candidates) {
      const auto id = std::make_tuple(key.stage, key.round, key.batch);
      if (const auto found = batches.find(id); found != batches.end()) {
        REQUIRE(found->second.first == candidates);
        return found->second.second;
      }
      if (simulated == fail_after) throw std::runtime_error("killed");
      ++simulated;
      std::vector<Evaluation> evaluations = identity_model(key, candidates);
      batches[id] = {candidates, evaluations};
      return evaluations;
    };
  }
};

TEST_CASE("abc_smc: the linear-Gaussian posterior's mean, spread and interval match the exact posterior") {
  constexpr double sigma = 1.0;
  const auto problem = linear_gaussian(5, sigma, 10, {2.0, -3.0});
  AbcOptions options;
  options.population = 1000;
  options.seed = 7;
  const AbcResult result = abc_smc(problem.parameters, problem.targets, options, identity_model);
  REQUIRE(result.reached_tolerance);
  CHECK(result.stop_reason == "tolerance reached");
  CHECK(result.generations.back().tolerance == options.tolerance);
  REQUIRE(result.population.size() == options.population);
  // The exact posterior is N(y, sigma^2) per parameter. The final
  // importance step keeps candidates beyond the tolerance too, so the
  // result is that posterior, not truncated at the tolerance.
  // Monte Carlo tolerances: four standard errors at the population's ESS.
  const double ess = result.ess;
  MESSAGE("ESS " << ess << " of " << options.population << " after " << result.generations.size()
                 << " generations, " << result.evaluations << " evaluations");
  // The final importance step draws near the posterior: most candidates
  // carry weight (reweighting the last uniform-tolerance population alone
  // gave about half this).
  CHECK(ess > 0.6 * static_cast<double>(options.population));
  const PosteriorSummary summary = summarise_posterior(problem.parameters, result.population);
  for (std::size_t k = 0; k < 2; ++k) {
    CAPTURE(k);
    const double y = problem.targets[k].observed;
    const double sd = weighted_sd(result.population, k);
    MESSAGE("theta" << k << ": mean " << summary.parameters[k].mean << " (exact " << y << "), sd " << sd << " (exact " << sigma << ")");
    CHECK(std::abs(summary.parameters[k].mean - y) < 4 * sigma / std::sqrt(ess));
    CHECK(std::abs(sd - sigma) < 4 * sigma / std::sqrt(2 * ess));
    CHECK(summary.parameters[k].lower < problem.truth[k]);
    CHECK(summary.parameters[k].upper > problem.truth[k]);
    CHECK(summary.parameters[k].width_ratio >= 3);
    CHECK(summary.parameters[k].identified);
  }
  // Independent parameters: the correlation is near 0.
  CHECK(std::abs(summary.correlation[0][1]) < 4 / std::sqrt(ess));

}

TEST_CASE("abc_smc: a log-uniform parameter over six decades is fitted in log space") {
  // The model reports log10 of the parameter; the prior is flat in log10,
  // so the exact posterior of log10(theta) is N(y, sigma^2).
  constexpr double sigma = 0.25, truth = -1.3;  // theta* = 0.05
  sim::RandomStream noise(31, 0, "test/noise");
  const std::vector<Parameter> parameters{Parameter{"rate", Prior{PriorKind::log_uniform, 1e-3, 1e3, 0, 1}, false}};
  const std::vector<Target> targets{Target{"log10_rate", truth + noise.normal(0.0, sigma), sigma, ""}};
  const Evaluator log_model = [](const BatchKey&, const Candidates& candidates) {
    std::vector<Evaluation> evaluations;
    for (const auto& theta : candidates) evaluations.push_back(Evaluation{{std::log10(theta[0])}, {0.0}});
    return evaluations;
  };
  AbcOptions options;
  options.population = 1000;
  const AbcResult result = abc_smc(parameters, targets, options, log_model);
  REQUIRE(result.reached_tolerance);
  double mean = 0, second = 0;
  for (const Particle& p : result.population) mean += p.weight * std::log10(p.values[0]);
  for (const Particle& p : result.population) second += p.weight * std::pow(std::log10(p.values[0]) - mean, 2);
  // No truncation at the tolerance: the exact posterior's sd.
  MESSAGE("log10(rate): mean " << mean << " (exact " << targets[0].observed << "), sd " << std::sqrt(second) << " (exact " << sigma
                               << "), ESS " << result.ess);
  CHECK(std::abs(mean - targets[0].observed) < 4 * sigma / std::sqrt(result.ess));
  CHECK(std::abs(std::sqrt(second) - sigma) < 4 * sigma / std::sqrt(2 * result.ess));
}

TEST_CASE("abc_smc: 90 % credible intervals cover the truth about 90 % of the time") {
  constexpr int truths = 100;
  std::vector<int> covered(2);
  for (int trial = 0; trial < truths; ++trial) {
    const auto problem = linear_gaussian(1000 + static_cast<std::uint64_t>(trial), 1.0);
    AbcOptions options;
    options.seed = static_cast<std::uint64_t>(trial) + 1;
    const AbcResult result = abc_smc(problem.parameters, problem.targets, options, identity_model);
    REQUIRE(result.reached_tolerance);
    const PosteriorSummary summary = summarise_posterior(problem.parameters, result.population);
    for (std::size_t k = 0; k < 2; ++k)
      if (summary.parameters[k].lower <= problem.truth[k] && problem.truth[k] <= summary.parameters[k].upper)
        ++covered[k];
  }
  for (std::size_t k = 0; k < 2; ++k) {
    const double share = static_cast<double>(covered[k]) / truths;
    MESSAGE("theta" << k << ": 90 % intervals covered the truth in " << share << " of " << truths << " trials");
    CHECK(share >= 0.8);
    CHECK(share <= 0.97);
  }
}

TEST_CASE("abc_smc: the same seed gives the same population, another seed another") {
  const auto problem = linear_gaussian(3, 0.5);
  AbcOptions options;
  options.seed = 21;
  const AbcResult first = abc_smc(problem.parameters, problem.targets, options, identity_model);
  const AbcResult second = abc_smc(problem.parameters, problem.targets, options, identity_model);
  check_identical(first, second);
  options.seed = 22;
  const AbcResult other = abc_smc(problem.parameters, problem.targets, options, identity_model);
  CHECK(other.population.front().values != first.population.front().values);
}

TEST_CASE("abc_smc: a replay with stored batches equals the uninterrupted run without simulating again") {
  const auto problem = linear_gaussian(4, 0.5);
  AbcOptions options;
  options.seed = 9;
  const AbcResult uninterrupted = abc_smc(problem.parameters, problem.targets, options, identity_model);
  // Every candidate evaluated is counted, the unused tail of a batch too.
  CHECK(uninterrupted.evaluations % options.population == 0);

  SUBCASE("a completed run, replayed") {
    BatchStore store;
    const AbcResult recorded = abc_smc(problem.parameters, problem.targets, options, store.evaluator());
    check_identical(recorded, uninterrupted);
    CHECK(store.simulated * options.population == uninterrupted.evaluations);
    const std::size_t simulated = store.simulated;
    const AbcResult replayed = abc_smc(problem.parameters, problem.targets, options, store.evaluator());
    check_identical(replayed, uninterrupted);
    CHECK(store.simulated == simulated);
  }
  SUBCASE("a run killed part-way, then resumed") {
    BatchStore store;
    const std::size_t batches = uninterrupted.evaluations / options.population;
    REQUIRE(batches > 4);
    CHECK_THROWS_WITH(abc_smc(problem.parameters, problem.targets, options, store.evaluator(batches / 2)), "killed");
    CHECK(store.simulated == batches / 2);
    const AbcResult resumed = abc_smc(problem.parameters, problem.targets, options, store.evaluator());
    check_identical(resumed, uninterrupted);
    // No batch was simulated twice.
    CHECK(store.simulated == batches);
  }
}

TEST_CASE("abc_smc: a support restriction keeps every candidate and particle inside it") {
  const auto problem = linear_gaussian(6, 1.0, 10, {-3.0, 2.0});
  const Support left_half = [](const std::vector<double>& theta) { return theta[0] < 0; };
  std::size_t outside = 0;
  const Evaluator watching = [&](const BatchKey& key, const Candidates& candidates) {
    for (const auto& theta : candidates) outside += left_half(theta) ? 0 : 1;
    return identity_model(key, candidates);
  };
  const AbcResult result = abc_smc(problem.parameters, problem.targets, AbcOptions{}, watching, left_half);
  CHECK(outside == 0);
  REQUIRE(result.reached_tolerance);
  for (const Particle& particle : result.population) CHECK(particle.values[0] < 0);
}

TEST_CASE("abc_smc: each stop rule is reachable and reported") {
  const auto problem = linear_gaussian(8, 0.5);
  AbcOptions options;
  SUBCASE("budget") {
    options.budget = 1000;
    const AbcResult result = abc_smc(problem.parameters, problem.targets, options, identity_model);
    CHECK(result.stop_reason.starts_with("budget of 1000 evaluations; no room for the final importance step"));
    CHECK(result.posterior_step_evaluated == 0);
    CHECK_FALSE(result.reached_tolerance);
    CHECK(result.evaluations <= options.budget);
    CHECK(result.evaluations + options.population > options.budget);
    CHECK(result.population.size() == options.population);
    CHECK(result.generations.back().tolerance > options.tolerance);
  }
  SUBCASE("a budget too small for the first generation leaves no population") {
    options.budget = 100;
    const AbcResult result = abc_smc(problem.parameters, problem.targets, options, identity_model);
    CHECK(result.stop_reason == "budget of 100 evaluations");
    CHECK(result.evaluations == 0);
    CHECK(result.population.empty());
    CHECK(result.generations.empty());
  }
  SUBCASE("acceptance") {
    // Keeping a tenth of each population makes the next generation accept
    // far fewer than a quarter of its proposals.
    options.quantile = 0.1;
    options.min_acceptance = 0.25;
    const AbcResult result = abc_smc(problem.parameters, problem.targets, options, identity_model);
    CHECK(result.stop_reason == "acceptance below 0.25");
    CHECK_FALSE(result.reached_tolerance);
    CHECK(result.population.size() == options.population);
    // The abandoned generation's four batches count as evaluations, and so
    // does the final importance step's batch.
    CHECK(result.evaluations == result.generations.back().evaluations_so_far + 5 * options.population);
  }
  SUBCASE("generation limit") {
    options.max_generations = 2;
    const AbcResult result = abc_smc(problem.parameters, problem.targets, options, identity_model);
    CHECK(result.stop_reason == "generation limit of 2");
    CHECK(result.generations.size() == 2);
    CHECK_FALSE(result.reached_tolerance);
  }
  SUBCASE("tolerance") {
    const AbcResult result = abc_smc(problem.parameters, problem.targets, options, identity_model);
    CHECK(result.stop_reason == "tolerance reached");
    CHECK(result.reached_tolerance);
    CHECK(result.generations.back().tolerance == options.tolerance);
    for (std::size_t g = 1; g + 1 < result.generations.size(); ++g)
      CHECK(result.generations[g].tolerance > options.tolerance);
    CHECK(result.posterior_step_evaluated == options.population);
  }
}

TEST_CASE("abc_smc: failed evaluations are never accepted, and a malformed answer is an error") {
  const auto problem = linear_gaussian(8, 0.5, 10, {1.0, 1.0});
  // Runs fail (NaN) wherever theta0 > 5: a quarter of the prior.
  const Evaluator failing = [](const BatchKey& key, const Candidates& candidates) {
    std::vector<Evaluation> evaluations = identity_model(key, candidates);
    for (std::size_t i = 0; i < candidates.size(); ++i)
      if (candidates[i][0] > 5) evaluations[i].mean[0] = std::numeric_limits<double>::quiet_NaN();
    return evaluations;
  };
  const AbcResult result = abc_smc(problem.parameters, problem.targets, AbcOptions{}, failing);
  REQUIRE(result.reached_tolerance);
  // Generation 0 needed a second batch to replace its failed draws.
  CHECK(result.generations.front().evaluated == 2 * AbcOptions{}.population);
  for (const Particle& particle : result.population) CHECK(std::isfinite(particle.distance));

  const Evaluator short_answer = [](const BatchKey& key, const Candidates& candidates) {
    std::vector<Evaluation> evaluations = identity_model(key, candidates);
    evaluations.pop_back();
    return evaluations;
  };
  CHECK_THROWS_AS(abc_smc(problem.parameters, problem.targets, AbcOptions{}, short_answer), std::runtime_error);
}

TEST_CASE("abc_smc: bad options and priors are refused before anything is simulated") {
  const auto problem = linear_gaussian(8, 0.5);
  std::size_t calls = 0;
  const Evaluator counting = [&](const BatchKey& key, const Candidates& candidates) {
    ++calls;
    return identity_model(key, candidates);
  };
  AbcOptions options;
  options.quantile = 1.0;
  CHECK_THROWS_AS(abc_smc(problem.parameters, problem.targets, options, counting), std::invalid_argument);
  options = AbcOptions{};
  options.population = 0;
  CHECK_THROWS_AS(abc_smc(problem.parameters, problem.targets, options, counting), std::invalid_argument);
  auto parameters = problem.parameters;
  parameters[1].prior.low = parameters[1].prior.high;
  CHECK_THROWS_AS(abc_smc(parameters, problem.targets, AbcOptions{}, counting), std::invalid_argument);
  CHECK(calls == 0);
}

TEST_CASE("rejection_abc: reaches the same tolerance with many more evaluations than ABC-SMC") {
  // A posterior narrow against the prior: sd 0.2 on a prior 20 wide.
  const auto problem = linear_gaussian(12, 0.2, 10, {1.0, 4.0});
  AbcOptions options;
  options.min_acceptance = 1e-4;
  const AbcResult smc = abc_smc(problem.parameters, problem.targets, options, identity_model);
  const AbcResult rejection = rejection_abc(problem.parameters, problem.targets, options, identity_model);
  REQUIRE(smc.reached_tolerance);
  REQUIRE(rejection.reached_tolerance);
  REQUIRE(rejection.population.size() == options.population);
  for (const Particle& particle : rejection.population) CHECK(particle.distance <= options.tolerance);
  const double ratio = static_cast<double>(rejection.evaluations) / static_cast<double>(smc.evaluations);
  MESSAGE("rejection ABC " << rejection.evaluations << " evaluations, ABC-SMC " << smc.evaluations << ": ratio "
                           << ratio);
  CHECK(smc.evaluations < rejection.evaluations);
  // Both are samples of the same posterior.
  const PosteriorSummary a = summarise_posterior(problem.parameters, smc.population);
  const PosteriorSummary b = summarise_posterior(problem.parameters, rejection.population);
  for (std::size_t k = 0; k < 2; ++k) {
    CHECK(std::abs(a.parameters[k].mean - problem.targets[k].observed) < 0.1);
    CHECK(std::abs(b.parameters[k].mean - problem.targets[k].observed) < 0.1);
  }
}

TEST_CASE("rejection_abc: a budget stops it with the particles accepted so far") {
  const auto problem = linear_gaussian(12, 0.2);
  AbcOptions options;
  options.min_acceptance = 1e-4;
  options.budget = 2000;
  const AbcResult result = rejection_abc(problem.parameters, problem.targets, options, identity_model);
  CHECK(result.stop_reason == "budget of 2000 evaluations");
  CHECK_FALSE(result.reached_tolerance);
  CHECK(result.evaluations == 2000);
  CHECK(result.population.size() < options.population);
  for (const Particle& particle : result.population) CHECK(particle.distance <= options.tolerance);
}

}  // namespace
}  // namespace tiaokuai::calibration
