// The noisy NSGA-II search on analytic problems with known answers: ZDT1
// (Zitzler, Deb and Thiele 2000), whose Pareto front f2 = 1 - sqrt(f1),
// f1 in [0, 1], is known, without noise, with noise, and cut by a
// constraint.
#include "decisions/noisy_nsga2.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include "sim/random_stream.hpp"

using namespace tiaokuai;
using namespace tiaokuai::decisions;
using calibration::BatchKey;
using calibration::Candidates;
using calibration::Evaluation;

namespace {

// ZDT1: f1 = x1, g = 1 + 9 mean(x2..xn), f2 = g (1 - sqrt(f1 / g)).
std::vector<double> zdt1(const std::vector<double>& x) {
  double sum = 0;
  for (std::size_t i = 1; i < x.size(); ++i) sum += x[i];
  const double g = 1 + 9 * sum / static_cast<double>(x.size() - 1);
  return {x[0], g * (1 - std::sqrt(x[0] / g))};
}

SearchProblem zdt1_problem(std::size_t decisions) {
  return {
      std::vector<double>(decisions, 0.0), std::vector<double>(decisions, 1.0), {Goal::minimise, Goal::minimise}, {}, {}};
}

// Exact estimates of `measures(x)`: variance 0.
template <typename Measures>
calibration::Evaluator exact(Measures measures) {
  return [measures](const BatchKey&, const Candidates& candidates) {
    std::vector<Evaluation> estimates;
    for (const auto& x : candidates) {
      std::vector<double> mean = measures(x);
      estimates.push_back({mean, std::vector<double>(mean.size(), 0.0)});
    }
    return estimates;
  };
}

// ZDT1 with Gaussian noise of sd 0.05 on each objective. A replication's
// draws depend on the candidate, the replication and the stage only, so a
// design keeps its luck across generations (as under common random
// numbers) and the re-evaluation sees fresh draws: 2 replications in the
// search, 1000 in "reevaluate".
std::vector<Evaluation> noisy_zdt1(const BatchKey& key, const Candidates& candidates) {
  constexpr double sd = 0.05;
  const std::size_t replications = key.stage == "reevaluate" ? 1000 : 2;
  std::vector<Evaluation> estimates;
  for (const auto& x : candidates) {
    std::uint64_t identity = 0;
    for (double value : x) identity = sim::splitmix64(identity ^ std::bit_cast<std::uint64_t>(value));
    const std::vector<double> truth = zdt1(x);
    std::vector<double> sum(2, 0.0), sum_of_squares(2, 0.0);
    for (std::size_t r = 0; r < replications; ++r) {
      sim::RandomStream noise(identity, r, key.stage);
      for (std::size_t k = 0; k < 2; ++k) {
        const double value = truth[k] + noise.normal(0, sd);
        sum[k] += value;
        sum_of_squares[k] += value * value;
      }
    }
    Evaluation estimate;
    const double n = static_cast<double>(replications);
    for (std::size_t k = 0; k < 2; ++k) {
      estimate.mean.push_back(sum[k] / n);
      estimate.variance_of_mean.push_back((sum_of_squares[k] - sum[k] * sum[k] / n) / (n - 1) / n);
    }
    estimates.push_back(estimate);
  }
  return estimates;
}

// Whether a's true objectives beat b's by more than `margin` in each.
bool truly_dominates(const Design& a, const Design& b, double margin) {
  const std::vector<double> fa = zdt1(a.decisions), fb = zdt1(b.decisions);
  return fa[0] < fb[0] - margin && fa[1] < fb[1] - margin;
}

std::size_t truly_dominated_pairs(const std::vector<Design>& designs, double margin) {
  std::size_t pairs = 0;
  for (const Design& a : designs) {
    for (const Design& b : designs) pairs += truly_dominates(a, b, margin);
  }
  return pairs;
}

std::vector<std::vector<double>> final_objectives(const std::vector<Design>& designs) {
  std::vector<std::vector<double>> objectives;
  for (const Design& design : designs) objectives.push_back({design.final.mean[0], design.final.mean[1]});
  return objectives;
}

}  // namespace

TEST_CASE("nsga2: the hypervolume of known fronts, in either direction") {
  // Against (3, 3): (1, 2) and (2, 1) cover 2 + 2 - 1 = 3; (2, 2) is
  // dominated, (2.5, 2.5) is repeated inside, and (3, 0.5) lies on the
  // reference's edge, so neither adds anything.
  const std::vector<std::vector<double>> points{{1, 2}, {2, 1}, {2, 2}, {3, 0.5}, {1, 2}};
  CHECK(hypervolume({Goal::minimise, Goal::minimise}, points, {3, 3}) == doctest::Approx(3));
  std::vector<std::vector<double>> negated;
  for (const auto& p : points) negated.push_back({-p[0], -p[1]});
  CHECK(hypervolume({Goal::maximise, Goal::maximise}, negated, {-3, -3}) == doctest::Approx(3));
  CHECK(hypervolume({Goal::minimise, Goal::maximise}, {{1, -2}}, {3, -3}) == doctest::Approx(2));
  CHECK(hypervolume({Goal::minimise, Goal::minimise}, {{4, 4}, {NAN, 1}}, {3, 3}) == 0);
  CHECK(hypervolume({Goal::minimise, Goal::minimise}, {}, {3, 3}) == 0);
}

TEST_CASE("nsga2: violation sums the missed amounts, and NaN is infinitely infeasible") {
  SearchProblem problem = zdt1_problem(2);
  problem.constraints = {{true, 0.3}, {false, 1.0}};
  CHECK(violation(problem, {{0, 0, 0.5, 0.5}, {}}) == 0);
  CHECK(violation(problem, {{0, 0, 0.1, 1.5}, {}}) == doctest::Approx(0.7));
  CHECK(std::isinf(violation(problem, {{0, 0, NAN, 0.5}, {}})));
  CHECK(std::isinf(violation(problem, {{NAN, 0, 0.5, 0.5}, {}})));
  CHECK(std::isinf(violation(problem, {{0, INFINITY, 0.5, 0.5}, {}})));
  CHECK_THROWS_AS(violation(problem, {{0, 0, 0.5}, {}}), std::invalid_argument);
}

TEST_CASE("nsga2: ZDT1's front is found to 95 % of its hypervolume") {
  // 30 decisions, exact objectives, population 100 for 250 generations
  // (25,100 evaluations). Against the reference (1, 1) the true front
  // covers the integral of sqrt(f1) over [0, 1] = 2/3.
  SearchSettings settings;
  settings.population = 100;
  settings.generations = 250;
  settings.reference_point = {1, 1};
  const auto start = std::chrono::steady_clock::now();
  const SearchResult result = search(zdt1_problem(30), settings, exact(zdt1));
  MESSAGE("ZDT1 search: ", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), " s");

  const double true_hypervolume = 2.0 / 3.0;
  const double found = hypervolume({Goal::minimise, Goal::minimise}, final_objectives(result.front), {1, 1});
  MESSAGE("hypervolume ratio of the reported front: ", found / true_hypervolume);
  CHECK(found >= 0.95 * true_hypervolume);
  CHECK(result.reference_point == std::vector<double>{1, 1});

  // The record: one entry per generation, the last matching the front, and
  // progress. NSGA-II's crowding may trade a boundary point, so a
  // generation may lose a little of the best hypervolume seen so far: by
  // at most 0.01 (1.5 % of the true hypervolume).
  REQUIRE(result.generations.size() == 251);
  CHECK(result.generations.front().hypervolume < result.generations.back().hypervolume);
  CHECK(result.generations.back().hypervolume == doctest::Approx(found));
  CHECK(result.generations.back().evaluations == 25100);
  double best = 0, largest_loss = 0;
  for (const GenerationRecord& entry : result.generations) {
    largest_loss = std::max(largest_loss, best - entry.hypervolume);
    best = std::max(best, entry.hypervolume);
  }
  MESSAGE("largest loss of hypervolume from one generation to a later one: ", largest_loss);
  CHECK(largest_loss <= 0.01);
  CHECK(result.dropped.empty());  // exact estimates: the re-evaluation confirms the front
  for (const Design& design : result.front) CHECK(design.dropped_because.empty());
  for (std::size_t i = 1; i < result.front.size(); ++i)
    CHECK(result.front[i - 1].final.mean[0] <= result.front[i].final.mean[0]);
}

TEST_CASE("nsga2: the re-evaluation drops designs that luck put on the front") {
  // Noisy ZDT1, 10 decisions, population 40 for 40 generations. A design
  // is "truly dominated" when another's noise-free objectives are smaller
  // by more than 0.01 in both. The search's means (2 replications) carry
  // sd 0.035 each, so lucky designs sit on the final population's noisy
  // first front beside designs that truly dominate them. The
  // re-evaluation's means (1000 replications) carry sd 0.0016, so the
  // difference of two has sd 0.0022 and a gap of 0.01 (4.5 sd) is ordered
  // right: every lucky design is dropped. Over seeds 1 to 30, 29 searches
  // had 1 to 10 such designs (4 with seed 3, one had none), and every
  // search dropped all of them.
  constexpr double margin = 0.01;
  SearchSettings settings;
  settings.generations = 40;
  settings.seed = 3;
  const SearchResult result = search(zdt1_problem(10), settings, noisy_zdt1);

  std::vector<Design> noisy_front;  // the final population's first front by the search's estimates
  for (const Design& design : result.final_population) {
    const bool dominated =
        std::any_of(result.final_population.begin(), result.final_population.end(), [&](const Design& other) {
          return other.search.mean[0] <= design.search.mean[0] && other.search.mean[1] <= design.search.mean[1] &&
                 other.search.mean != design.search.mean;
        });
    if (!dominated) noisy_front.push_back(design);
  }
  std::size_t lucky = 0;
  for (const Design& design : noisy_front) {
    if (std::none_of(noisy_front.begin(), noisy_front.end(),
                     [&](const Design& other) { return truly_dominates(other, design, margin); })) {
      continue;
    }
    ++lucky;
    CHECK(std::any_of(result.dropped.begin(), result.dropped.end(),
                      [&](const Design& d) { return d.decisions == design.decisions; }));
  }
  MESSAGE("noisy front: ", noisy_front.size(), " designs, ", lucky,
          " of them truly dominated; reported front: ", result.front.size(), ", dropped: ", result.dropped.size());
  CHECK(lucky > 0);
  CHECK(truly_dominated_pairs(result.front, margin) == 0);
  CHECK(result.front.size() + result.dropped.size() <= noisy_front.size());
  for (const Design& design : result.dropped) {
    CHECK(design.dropped_because.rfind("dominated after re-evaluation by front design ", 0) == 0);
    CHECK(design.final.mean.size() == 2);
  }
}

TEST_CASE("nsga2: a constraint cuts the front, and NaN estimates never reach it") {
  // ZDT1 with 10 decisions, a third measure f1 >= 0.3, and NaN objectives
  // (a failed run) where x2 > 0.9. Population 40 for 60 generations.
  SearchProblem problem = zdt1_problem(10);
  problem.constraints = {{true, 0.3}};
  auto measures = [](const std::vector<double>& x) {
    std::vector<double> f = zdt1(x);
    if (x[1] > 0.9) f = {NAN, NAN};
    return std::vector<double>{f[0], f[1], x[0]};
  };
  SearchSettings settings;
  settings.generations = 60;
  const SearchResult result = search(problem, settings, exact(measures));
  REQUIRE_FALSE(result.front.empty());
  double smallest_f1 = 1;
  for (const Design& design : result.front) {
    CHECK(design.feasible);
    CHECK(design.final.mean[2] >= 0.3);
    CHECK(design.decisions[1] <= 0.9);
    smallest_f1 = std::min(smallest_f1, design.final.mean[0]);
  }
  CHECK(smallest_f1 < 0.35);  // the front runs to the cut: the constraint is active
  // Feasible designs dominate infeasible ones, so selection has kept only them.
  CHECK(result.generations.back().feasible == settings.population);
}

TEST_CASE("nsga2: when nothing is feasible the front holds the least violating designs, flagged infeasible") {
  // f1 >= 2 with f1 = x1 in [0, 1]: every design misses by 2 - x1.
  SearchProblem problem = zdt1_problem(5);
  problem.constraints = {{true, 2.0}};
  SearchSettings settings;
  settings.population = 16;
  settings.generations = 10;
  const SearchResult result = search(problem, settings, exact([](const std::vector<double>& x) {
                                       return std::vector<double>{zdt1(x)[0], zdt1(x)[1], x[0]};
                                     }));
  REQUIRE_FALSE(result.front.empty());
  double least = INFINITY;
  for (const Design& design : result.final_population) {
    // Ordered by violation, the population has gathered at x1 near 1 (violation near 1).
    CHECK(violation(problem, design.search) <= 1.05);
    least = std::min(least, violation(problem, design.search));
  }
  for (const Design& design : result.front) {
    CHECK_FALSE(design.feasible);
    CHECK(violation(problem, design.final) == least);
  }
  for (const Design& design : result.dropped)
    CHECK(design.dropped_because.rfind("infeasible after re-evaluation (violation ", 0) == 0);
  for (const GenerationRecord& entry : result.generations) {
    CHECK(entry.feasible == 0);
    CHECK(entry.hypervolume == 0);
  }
  for (double value : result.reference_point) CHECK(std::isfinite(value));  // from all designs when none is feasible
}

TEST_CASE("nsga2: deterministic, and each generation reaches the evaluator as one named batch") {
  SearchSettings settings;
  settings.population = 16;
  settings.generations = 5;
  settings.seed = 11;
  struct Batch {
    BatchKey key;
    std::size_t candidates;
  };
  auto run = [&](std::vector<Batch>& batches) {
    return search(zdt1_problem(5), settings, [&](const BatchKey& key, const Candidates& candidates) {
      batches.push_back({key, candidates.size()});
      return noisy_zdt1(key, candidates);
    });
  };
  std::vector<Batch> batches, batches_again;
  const SearchResult first = run(batches), second = run(batches_again);

  REQUIRE(batches.size() == 7);
  CHECK(batches[0].key.stage == "initial");
  CHECK(batches[0].key.round == 0);
  for (std::size_t g = 1; g <= 5; ++g) {
    CHECK(batches[g].key.stage == "generation");
    CHECK(batches[g].key.round == g);
  }
  for (std::size_t b = 0; b <= 5; ++b) {
    CHECK(batches[b].key.batch == 0);
    CHECK(batches[b].candidates == 16);
    CHECK(first.generations[b].evaluations == 16 * (b + 1));
  }
  CHECK(batches[6].key.stage == "reevaluate");
  CHECK(batches[6].key.round == 0);
  CHECK(batches[6].key.batch == 0);
  CHECK(batches[6].candidates == first.front.size() + first.dropped.size());

  REQUIRE(first.front.size() == second.front.size());
  for (std::size_t i = 0; i < first.front.size(); ++i) {
    CHECK(first.front[i].decisions == second.front[i].decisions);
    CHECK(first.front[i].final.mean == second.front[i].final.mean);
  }
  for (std::size_t g = 0; g < first.generations.size(); ++g)
    CHECK(first.generations[g].hypervolume == second.generations[g].hypervolume);
  for (std::size_t i = 1; i < first.front.size(); ++i) CHECK(first.front[i - 1].decisions != first.front[i].decisions);

  settings.seed = 12;  // and the seed matters
  std::vector<Batch> other_batches;
  CHECK(run(other_batches).front[0].decisions != first.front[0].decisions);
}

TEST_CASE("nsga2: maximised objectives are searched and reported in their own direction") {
  // The same search with both objectives negated and maximised: pagmo sees
  // the same fitness, so the same designs come out, with negated values.
  SearchSettings settings;
  settings.population = 16;
  settings.generations = 10;
  const SearchResult minimised = search(zdt1_problem(5), settings, exact(zdt1));
  SearchProblem problem = zdt1_problem(5);
  problem.objectives = {Goal::maximise, Goal::maximise};
  const SearchResult maximised = search(problem, settings, exact([](const std::vector<double>& x) {
                                          const std::vector<double> f = zdt1(x);
                                          return std::vector<double>{-f[0], -f[1]};
                                        }));
  REQUIRE(minimised.front.size() == maximised.front.size());
  const std::size_t last = minimised.front.size() - 1;  // sorted by the first objective: reversed when negated
  for (std::size_t i = 0; i < minimised.front.size(); ++i) {
    CHECK(minimised.front[i].decisions == maximised.front[last - i].decisions);
    CHECK(minimised.front[i].final.mean[1] == -maximised.front[last - i].final.mean[1]);
  }
  CHECK(maximised.reference_point[0] == -minimised.reference_point[0]);
  CHECK(maximised.generations.back().hypervolume == doctest::Approx(minimised.generations.back().hypervolume));
}

TEST_CASE("nsga2: inconsistent settings are refused, and the evaluator's exceptions pass through") {
  const auto evaluate = exact(zdt1);
  SearchSettings settings;
  settings.generations = 1;
  for (std::size_t population : {6, 10, 0}) {
    settings.population = population;
    CHECK_THROWS_AS(search(zdt1_problem(3), settings, evaluate), std::invalid_argument);
  }
  settings.population = 8;
  SearchProblem problem = zdt1_problem(3);
  problem.upper.pop_back();
  CHECK_THROWS_AS(search(problem, settings, evaluate), std::invalid_argument);
  problem = zdt1_problem(3);
  problem.upper[1] = 0;
  CHECK_THROWS_AS(search(problem, settings, evaluate), std::invalid_argument);
  CHECK_THROWS_AS(search(SearchProblem{{}, {}, {Goal::minimise, Goal::minimise}, {}, {}}, settings, evaluate),
                  std::invalid_argument);
  problem = zdt1_problem(3);
  problem.objectives = {Goal::minimise};
  CHECK_THROWS_AS(search(problem, settings, evaluate), std::invalid_argument);
  settings.reference_point = {1, 1, 1};
  CHECK_THROWS_AS(search(zdt1_problem(3), settings, evaluate), std::invalid_argument);
  settings.reference_point.clear();
  CHECK_NOTHROW(search(zdt1_problem(3), settings, evaluate));

  // An evaluator that answers with the wrong number of estimates is a bug, not a result.
  CHECK_THROWS_AS(search(zdt1_problem(3), settings,
                         [](const BatchKey& key, const Candidates& candidates) {
                           std::vector<Evaluation> estimates = exact(zdt1)(key, candidates);
                           estimates.pop_back();
                           return estimates;
                         }),
                  std::runtime_error);
  struct Interrupted {};
  CHECK_THROWS_AS(search(zdt1_problem(3), settings,
                         [](const BatchKey& key, const Candidates& candidates) -> std::vector<Evaluation> {
                           if (key.stage == "generation") throw Interrupted{};
                           return exact(zdt1)(key, candidates);
                         }),
                  Interrupted);
}

TEST_CASE("nsga2: designs that an integer decision rounds alike are one design on the front") {
  // Two whole-number decisions in [0, 3]: f1 = a + b, f2 = 6 - a - b + b / 10
  // after rounding, so many continuous candidates round to one design and
  // score alike; left continuous they would crowd the front with copies.
  SearchProblem problem{{0, 0}, {3, 3}, {Goal::minimise, Goal::minimise}, {}, {true, true}};
  const auto rounded_measures = [](const std::vector<double>& x) {
    const double a = std::round(x[0]), b = std::round(x[1]);
    return std::vector<double>{a + b, 6 - a - b + b / 10};
  };
  SearchSettings settings;
  settings.population = 16;
  settings.generations = 5;
  std::size_t reevaluated = 0;
  const calibration::Evaluator measure = exact(rounded_measures);
  const calibration::Evaluator evaluator = [&](const BatchKey& key, const Candidates& candidates) {
    if (key.stage == "reevaluate") reevaluated = candidates.size();
    return measure(key, candidates);
  };
  const SearchResult result = search(problem, settings, evaluator);
  REQUIRE_FALSE(result.front.empty());
  for (std::size_t i = 0; i < result.front.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const std::vector<double>& x = result.front[i].decisions;
      const std::vector<double>& y = result.front[j].decisions;
      CHECK_FALSE((std::round(x[0]) == std::round(y[0]) && std::round(x[1]) == std::round(y[1])));
    }
  }
  // Designs distinct after rounding: at most the 16 pairs of whole numbers.
  CHECK(reevaluated <= 16);
  CHECK(reevaluated == result.front.size() + result.dropped.size());
  problem.integer = {true};
  CHECK_THROWS_AS(search(problem, settings, evaluator), std::invalid_argument);
}
