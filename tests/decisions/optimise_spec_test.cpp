// The optimisation spec (decisions/optimise_spec.hpp) and the pooling of a
// robust design's draws (decisions/design_evaluator.hpp).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "decisions/design_evaluator.hpp"
#include "decisions/optimise_spec.hpp"
#include "models/config_node.hpp"

using namespace tiaokuai;
using namespace tiaokuai::decisions;

namespace {
const std::string data = TIAOKUAI_TEST_DATA_DIR;
}

TEST_CASE("optimise spec: decisions, measures, directions and the re-evaluation's fresh streams") {
  const OptimiseSpec spec = load_optimise_spec(data + "/decisions/small-county-design.yaml");
  REQUIRE(spec.decisions.size() == 2);
  CHECK(spec.decisions[1].path == "levers.party_coordination");
  CHECK(spec.problem.lower == std::vector<double>{0, 0});
  CHECK(spec.problem.upper == std::vector<double>{1, 1});
  CHECK(spec.measures == std::vector<std::string>{"resolution_hours.mean", "costs.staff_hours", "rates.resolved"});
  REQUIRE(spec.problem.constraints.size() == 1);
  CHECK(spec.problem.constraints[0].at_least);
  CHECK(spec.problem.constraints[0].bound == 0.5);
  CHECK(spec.evaluation.targets.size() == 3);
  CHECK(spec.evaluation.parameters.size() == spec.decisions.size());  // no drawn parameters before the decisions
  CHECK(spec.draws.empty());
  CHECK(spec.evaluation.replications == 2);
  CHECK(spec.reevaluation.replications == 4);
  CHECK(spec.settings.population == 8);
  CHECK(spec.settings.seed == 7);
  // The re-evaluation runs on other streams than the search, in its
  // master seed and in the base's run.seed alike.
  CHECK(spec.reevaluation.master_seed == reevaluation_seed(7));
  CHECK(spec.reevaluation.master_seed != spec.evaluation.master_seed);
  CHECK(spec.reevaluation.base.find("run")->find("seed")->scalar == std::to_string(reevaluation_seed(7)));
  CHECK(spec.evaluation.base.find("run")->find("seed")->scalar == "7");
  // A design's scenario: the base with the decisions set.
  const models::ConfigNode tree = design_tree(spec, {0.25, 0.75});
  CHECK(tree.find("levers")->find("incentive_weight")->scalar == "0.25");
  CHECK(tree.find("levers")->find("party_coordination")->scalar == "0.75");
}

TEST_CASE("optimise spec: a posterior's draws by weight, without the parameters the spec decides") {
  const OptimiseSpec spec = load_optimise_spec(data + "/decisions/small-county-robust.yaml");
  // posterior-small.csv holds incentive_weight (a decision here, so not
  // drawn) and departments.0.staff (drawn), weights 0.5, 0.3, 0.2.
  REQUIRE(spec.evaluation.parameters.size() == 2 + spec.decisions.size());  // run.seed and one drawn parameter first
  CHECK(spec.evaluation.parameters[0].path == "run.seed");
  CHECK(spec.evaluation.parameters[1].path == "departments.0.staff");
  CHECK(spec.evaluation.parameters[1].integer);
  CHECK(spec.evaluation.parameters[2].path == "levers.incentive_weight");
  REQUIRE(spec.draws.size() == 10);
  // Each draw on streams of its own, the re-evaluation's fresh: a particle
  // drawn five times is five samples, not one counted five times.
  REQUIRE(spec.draw_seeds.size() == 10);
  std::vector<std::uint64_t> seeds = spec.draw_seeds;
  seeds.insert(seeds.end(), spec.reevaluation_draw_seeds.begin(), spec.reevaluation_draw_seeds.end());
  std::sort(seeds.begin(), seeds.end());
  CHECK(std::adjacent_find(seeds.begin(), seeds.end()) == seeds.end());
  CHECK(spec.draw_seeds[3] == draw_seed(7, 3));
  CHECK(spec.reevaluation_draw_seeds[3] == draw_seed(reevaluation_seed(7), 3));
  for (const std::uint64_t seed : seeds) CHECK(static_cast<std::uint64_t>(static_cast<double>(seed)) == seed);
  auto count = [&](double value) {
    return std::count_if(spec.draws.begin(), spec.draws.end(), [&](const std::vector<double>& d) { return d.at(0) == value; });
  };
  // Systematic resampling: floor or ceil of 10 x weight.
  CHECK(count(2.4) == 5);
  CHECK(count(3.6) == 3);
  CHECK(count(5) == 2);
}

TEST_CASE("robust design: a design's estimate is the mean of its draws' means, its variance their spread over the draws") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // Two designs x three draws, two measures; the second design's second
  // measure is undefined under one draw.
  const std::vector<calibration::Evaluation> by_draw{
      {{1, 10}, {0.5, 0.5}}, {{2, 10}, {0.5, 0.5}}, {{3, 10}, {0.5, 0.5}},
      {{4, 1}, {0, 0}},      {{4, nan}, {0, 0}},    {{4, 2}, {0, 0}}};
  const std::vector<calibration::Evaluation> pooled = pool_draws(by_draw, 3);
  REQUIRE(pooled.size() == 2);
  CHECK(pooled[0].mean[0] == doctest::Approx(2));
  CHECK(pooled[0].variance_of_mean[0] == doctest::Approx(1.0 / 3));  // sample variance 1, over 3 draws
  CHECK(pooled[0].mean[1] == doctest::Approx(10));
  CHECK(pooled[0].variance_of_mean[1] == doctest::Approx(0));  // the draws agree; their own replication noise is in their means
  CHECK(pooled[1].mean[0] == doctest::Approx(4));
  CHECK(std::isnan(pooled[1].mean[1]));
  CHECK(std::isnan(pooled[1].variance_of_mean[1]));
}
