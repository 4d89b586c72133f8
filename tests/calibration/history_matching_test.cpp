// History matching on an analytic model with a known truth:
// f1 = a + b^2 + 0.3 sin(6a), f2 = a b + 0.3 cos(5b), a ~ U[0, 2],
// b ~ log-uniform[0.1, 2], each simulated mean carrying replication noise.
// The wiggles keep one wave's emulators from resolving the model, so the
// waves have work to do. The observations are the model at the truth.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <stdexcept>

#include "calibration/history_matching.hpp"
#include "sim/random_stream.hpp"

using namespace tiaokuai;
using namespace tiaokuai::calibration;

namespace {

constexpr double replication_sd = 0.01, observation_sd = 0.02;

std::vector<double> model(const std::vector<double>& x) { return {x[0] + x[1] * x[1] + 0.3 * std::sin(6 * x[0]), x[0] * x[1] + 0.3 * std::cos(5 * x[1])}; }

std::vector<Parameter> parameters() {
  return {Parameter{"a", Prior{PriorKind::uniform, 0, 2}, false}, Parameter{"b", Prior{PriorKind::log_uniform, 0.1, 2}, false}};
}

std::vector<Target> targets_at(const std::vector<double>& truth) {
  const std::vector<double> f = model(truth);
  return {Target{"f1", f[0], observation_sd, ""}, Target{"f2", f[1], observation_sd, ""}};
}

// Simulates a batch: the model plus replication noise keyed by the batch and
// the candidate, so a batch simulated again gives the same numbers.
std::vector<Evaluation> simulate(const BatchKey& key, const Candidates& candidates) {
  std::vector<Evaluation> evaluations;
  for (std::size_t j = 0; j < candidates.size(); ++j) {
    sim::RandomStream noise(7, key.round, sim::stream_name(key.stage, j, "noise"));
    Evaluation evaluation;
    for (const double f : model(candidates[j])) {
      evaluation.mean.push_back(f + noise.normal(0, replication_sd));
      evaluation.variance_of_mean.push_back(replication_sd * replication_sd);
    }
    evaluations.push_back(evaluation);
  }
  return evaluations;
}

HistoryMatchingOptions small_options() {
  HistoryMatchingOptions options;
  options.points_per_wave = 20;
  options.max_waves = 5;
  options.volume_samples = 4000;
  return options;
}

void check_same(const HistoryMatchingResult& a, const HistoryMatchingResult& b) {
  REQUIRE(a.waves.size() == b.waves.size());
  CHECK(a.stop_reason == b.stop_reason);
  CHECK(a.evaluations == b.evaluations);
  for (std::size_t w = 0; w < a.waves.size(); ++w) {
    CHECK(a.waves[w].points == b.waves[w].points);
    CHECK(a.waves[w].max_implausibility == b.waves[w].max_implausibility);
    CHECK(a.waves[w].non_implausible_share == b.waves[w].non_implausible_share);
    CHECK(a.waves[w].loo_share_within_3 == b.waves[w].loo_share_within_3);
  }
}

}  // namespace

TEST_CASE("history matching keeps the truth non-implausible, for several truths") {
  sim::RandomStream random(11, 0, "test/hm/truths");
  for (int t = 0; t < 5; ++t) {
    const std::vector<double> truth{random.uniform(0.2, 1.8), random.uniform(0.3, 1.8)};
    CAPTURE(truth[0]);
    CAPTURE(truth[1]);
    HistoryMatchingOptions options = small_options();
    options.seed = static_cast<std::uint64_t>(t + 1);
    const HistoryMatchingResult result = history_matching(parameters(), targets_at(truth), options, simulate);
    CAPTURE(result.stop_reason);
    CHECK(result.waves.size() >= 2);
    CHECK(result.space.contains(truth));
    CHECK(result.space.implausibility(truth) <= options.cutoff);
  }
}

TEST_CASE("history matching rules out a corner that holds no truth") {
  const std::vector<double> truth{0.5, 0.5};  // f = (0.79, 0.01); the corner below gives f1 > 3.7
  const HistoryMatchingResult result = history_matching(parameters(), targets_at(truth), small_options(), simulate);
  CHECK(result.space.contains(truth));
  for (const double a : {1.6, 1.8, 2.0})
    for (const double b : {1.5, 1.75, 2.0}) {
      CAPTURE(a);
      CAPTURE(b);
      CHECK_FALSE(result.space.contains({a, b}));
    }
}

TEST_CASE("the non-implausible share shrinks wave on wave and ends near the exact one") {
  const std::vector<double> truth{1.0, 0.8};
  HistoryMatchingOptions options = small_options();
  options.min_shrink = 0;  // run every wave
  const HistoryMatchingResult result = history_matching(parameters(), targets_at(truth), options, simulate);
  REQUIRE(result.waves.size() == options.max_waves);
  CHECK(result.waves[0].non_implausible_share < 1);
  for (std::size_t w = 1; w < result.waves.size(); ++w) CHECK(result.waves[w].non_implausible_share <= result.waves[w - 1].non_implausible_share);
  CHECK(result.waves[1].non_implausible_share < 0.5 * result.waves[0].non_implausible_share);

  // The exact share: the model itself instead of emulators, whose variance
  // can only widen the space.
  const std::vector<Target> targets = targets_at(truth);
  sim::RandomStream random(3, 0, "test/hm/exact");
  std::size_t inside = 0;
  const int draws = 20000;
  for (int j = 0; j < draws; ++j) {
    const std::vector<double> x{random.uniform(0, 2), std::exp(random.uniform(std::log(0.1), std::log(2.0)))};
    const std::vector<double> f = model(x);
    bool plausible = true;
    for (std::size_t k = 0; k < 2; ++k)
      plausible = plausible && std::abs(f[k] - targets[k].observed) <= 3 * std::hypot(observation_sd, replication_sd);
    inside += plausible ? 1 : 0;
  }
  const double exact = static_cast<double>(inside) / draws;
  const double final_share = result.waves.back().non_implausible_share;
  for (const Wave& wave : result.waves) MESSAGE("wave ", wave.index, " share ", wave.non_implausible_share, " loo ", wave.loo_share_within_3[0], " ", wave.loo_share_within_3[1]);
  MESSAGE("exact ", exact);
  CHECK(final_share < 0.02);
  CHECK(final_share < 2 * exact);
  CHECK(final_share > 0.5 * exact);
}

TEST_CASE("history matching is deterministic, and a replay with stored batches equals the uninterrupted run") {
  const std::vector<Target> targets = targets_at({1.2, 0.6});
  const HistoryMatchingOptions options = small_options();
  const HistoryMatchingResult uninterrupted = history_matching(parameters(), targets, options, simulate);
  REQUIRE(uninterrupted.waves.size() >= 3);
  check_same(uninterrupted, history_matching(parameters(), targets, options, simulate));

  // Killed when wave 3 is about to be simulated; waves 1 and 2 are stored.
  std::map<std::size_t, std::pair<Candidates, std::vector<Evaluation>>> stored;
  const Evaluator killed = [&](const BatchKey& key, const Candidates& candidates) {
    if (key.round == 3) throw std::runtime_error("interrupted");
    stored[key.round] = {candidates, simulate(key, candidates)};
    return stored[key.round].second;
  };
  CHECK_THROWS_AS(history_matching(parameters(), targets, options, killed), std::runtime_error);
  REQUIRE(stored.size() == 2);

  std::size_t simulated_again = 0;
  const Evaluator resumed = [&](const BatchKey& key, const Candidates& candidates) {
    CHECK(key.stage == "hm");
    CHECK(key.batch == 0);
    const auto found = stored.find(key.round);
    if (found == stored.end()) {
      simulated_again += candidates.size();
      return simulate(key, candidates);
    }
    CHECK(found->second.first == candidates);  // the replay asks for the very batch it stored
    return found->second.second;
  };
  const HistoryMatchingResult replayed = history_matching(parameters(), targets, options, resumed);
  check_same(uninterrupted, replayed);
  CHECK(simulated_again == uninterrupted.evaluations - stored.at(1).first.size() - stored.at(2).first.size());
}

TEST_CASE("history matching stops at its budget") {
  HistoryMatchingOptions options = small_options();
  options.min_shrink = 0;
  options.budget = 50;
  std::size_t simulated = 0;
  const Evaluator counting = [&](const BatchKey& key, const Candidates& candidates) {
    simulated += candidates.size();
    return simulate(key, candidates);
  };
  const HistoryMatchingResult result = history_matching(parameters(), targets_at({0.7, 1.1}), options, counting);
  CHECK(simulated == 50);  // 20, 20, then the 10 that are left
  CHECK(result.evaluations == 50);
  REQUIRE(result.waves.size() == 3);
  CHECK(result.waves[2].evaluated == 10);
  CHECK(result.stop_reason.starts_with("budget"));
}

TEST_CASE("history matching reports a model that cannot match the targets, without failing") {
  std::vector<Target> targets = targets_at({1, 1});
  targets[0].observed = -5;  // f1 = a + b^2 > 0 everywhere
  const HistoryMatchingResult result = history_matching(parameters(), targets, small_options(), simulate);
  CHECK(result.stop_reason.starts_with("no non-implausible points"));
  REQUIRE(!result.waves.empty());
  CHECK(result.waves.back().non_implausible_share == 0);
}

TEST_CASE("history matching leaves failed evaluations out of its emulators") {
  const std::vector<double> truth{0.6, 0.9};
  const Evaluator failing_for_large_a = [](const BatchKey& key, const Candidates& candidates) {
    std::vector<Evaluation> evaluations = simulate(key, candidates);
    for (std::size_t j = 0; j < candidates.size(); ++j)
      if (candidates[j][0] > 1.5) evaluations[j].mean.assign(2, std::nan(""));
    return evaluations;
  };
  const HistoryMatchingResult result = history_matching(parameters(), targets_at(truth), small_options(), failing_for_large_a);
  REQUIRE(!result.waves.empty());
  CHECK(result.space.contains(truth));
}

TEST_CASE("draws from the non-implausible space lie inside it and repeat with the seed") {
  const HistoryMatchingResult result = history_matching(parameters(), targets_at({1.0, 1.0}), small_options(), simulate);
  const auto draws = sample_non_implausible(parameters(), result.space, 200, 5);
  REQUIRE(draws.size() == 200);
  for (const auto& x : draws) CHECK(result.space.contains(x));
  CHECK(draws == sample_non_implausible(parameters(), result.space, 200, 5));
  CHECK(draws != sample_non_implausible(parameters(), result.space, 200, 6));
}
