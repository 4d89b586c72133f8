// PRIM (analysis/prim.hpp) on a planted box, on hand-computed examples,
// and on bad input; the --discover condition it is asked about
// (analysis/scenario_discovery.hpp).
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

#include "analysis/prim.hpp"
#include "analysis/scenario_discovery.hpp"
#include "models/config_node.hpp"
#include "sim/random_stream.hpp"

using namespace tiaokuai;
using namespace tiaokuai::analysis;

namespace {

// 2,000 cases uniform on [0, 1]^5, of interest iff x0 in [0.2, 0.6] and
// x1 > 0.7 (a box of 12 % of the space), each label flipped with
// probability `noise`.
struct PlantedCases {
  Eigen::MatrixXd x;
  std::vector<bool> of_interest;
};
PlantedCases planted_box(double noise) {
  sim::RandomStream random(20240615, 0, "test/prim_planted_box");
  PlantedCases cases{Eigen::MatrixXd(2000, 5), {}};
  for (Eigen::Index i = 0; i < cases.x.rows(); ++i) {
    for (Eigen::Index j = 0; j < 5; ++j) cases.x(i, j) = random.uniform01();
    const bool inside = cases.x(i, 0) >= 0.2 && cases.x(i, 0) <= 0.6 && cases.x(i, 1) > 0.7;
    cases.of_interest.push_back(random.uniform01() < noise ? !inside : inside);
  }
  return cases;
}

const PrimRestriction* restriction_of(const PrimResult& result, std::size_t dimension) {
  for (const PrimRestriction& r : result.restrictions) {
    if (r.dimension == dimension) return &r;
  }
  return nullptr;
}

// x = 0, 1, ..., 9 in one dimension; cases 7, 8 and 9 are of interest.
PrimResult three_of_ten() {
  Eigen::MatrixXd x(10, 1);
  std::vector<bool> of_interest;
  for (int i = 0; i < 10; ++i) {
    x(i, 0) = i;
    of_interest.push_back(i >= 7);
  }
  return prim(x, of_interest);
}

}  // namespace

TEST_CASE("PRIM recovers a box planted in 2,000 uniform cases in five dimensions") {
  const PlantedCases cases = planted_box(0.0);
  // Density threshold 0.95: the planted box itself has density 1, so the
  // first box this dense is the planted one peeled to within a slice.
  const PrimResult result = prim(cases.x, cases.of_interest, {0.05, 0.05, 0.95});
  REQUIRE(result.chosen_meets_density);
  const PrimBox& box = result.trajectory[result.chosen];
  MESSAGE("chosen box " << result.chosen << " of " << result.trajectory.size() << ": coverage " << box.coverage << ", density "
                        << box.density << ", x0 in [" << box.low[0] << ", " << box.high[0] << "], x1 in [" << box.low[1] << ", "
                        << box.high[1] << "]");
  CHECK(box.density >= 0.95);
  // At least 80 % of the cases of interest inside: the box found the
  // planted one, not a corner of it.
  CHECK(box.coverage >= 0.8);
  // Limits within 0.05 of the planted ones: a 5 % peel moves a limit by
  // about 0.05 of the box's remaining width, so the box may stop one
  // slice off an edge, not more. x1's upper limit stays the data's
  // maximum (the planted box is open above).
  REQUIRE(restriction_of(result, 0) != nullptr);
  REQUIRE(restriction_of(result, 1) != nullptr);
  CHECK(std::abs(box.low[0] - 0.2) < 0.05);
  CHECK(std::abs(box.high[0] - 0.6) < 0.05);
  CHECK(std::abs(box.low[1] - 0.7) < 0.05);
  CHECK(box.high[1] == result.full_high[1]);
  // The planted dimensions matter far beyond chance.
  CHECK(restriction_of(result, 0)->quasi_p < 1e-3);
  CHECK(restriction_of(result, 1)->quasi_p < 1e-3);
  // x2..x4 carry no information: unrestricted, or restricted only by a
  // peel that chance explains (quasi-p > 0.05).
  for (std::size_t j = 2; j < 5; ++j) {
    const PrimRestriction* noise_dimension = restriction_of(result, j);
    if (noise_dimension != nullptr) {
      CHECK_MESSAGE(noise_dimension->quasi_p > 0.05, "x" << j << " restricted to [" << noise_dimension->low << ", "
                                                         << noise_dimension->high << "]");
    }
  }
}

TEST_CASE("PRIM's default density threshold chooses the first box at 0.8, which holds the planted box loosely") {
  // A box of density 0.8 around the planted one (density 1) may be up to
  // 25 % larger: x1's lower limit up to about 0.07 below 0.7. So 0.1 here.
  const PlantedCases cases = planted_box(0.0);
  const PrimResult result = prim(cases.x, cases.of_interest);
  const PrimBox& box = result.trajectory[result.chosen];
  CHECK(result.chosen_meets_density);
  CHECK(box.density >= 0.8);
  CHECK(result.trajectory[result.chosen - 1].density < 0.8);  // the first to reach it
  CHECK(box.coverage >= 0.95);
  CHECK(std::abs(box.low[0] - 0.2) < 0.1);
  CHECK(std::abs(box.high[0] - 0.6) < 0.1);
  CHECK(std::abs(box.low[1] - 0.7) < 0.1);
}

TEST_CASE("PRIM finds the planted box through 5 % label noise") {
  // With 5 % of labels flipped about 90 cases of interest lie outside the
  // box (over a quarter of them all), so coverage cannot reach 0.8, and
  // the planted box's density is about 0.95; threshold 0.9. The limits and
  // their significance must still be found, to the tolerance above.
  const PlantedCases cases = planted_box(0.05);
  const PrimResult result = prim(cases.x, cases.of_interest, {0.05, 0.05, 0.9});
  const PrimBox& box = result.trajectory[result.chosen];
  MESSAGE("chosen box: coverage " << box.coverage << ", density " << box.density << ", x0 in [" << box.low[0] << ", " << box.high[0]
                                  << "], x1 in [" << box.low[1] << ", " << box.high[1] << "]");
  CHECK(result.chosen_meets_density);
  CHECK(std::abs(box.low[0] - 0.2) < 0.05);
  CHECK(std::abs(box.high[0] - 0.6) < 0.05);
  CHECK(std::abs(box.low[1] - 0.7) < 0.05);
  REQUIRE(restriction_of(result, 0) != nullptr);
  REQUIRE(restriction_of(result, 1) != nullptr);
  CHECK(restriction_of(result, 0)->quasi_p < 1e-3);
  CHECK(restriction_of(result, 1)->quasi_p < 1e-3);
}

TEST_CASE("PRIM's trajectory loses mass and coverage at every peel, and stops at min_mass") {
  const PlantedCases cases = planted_box(0.05);
  const PrimResult result = prim(cases.x, cases.of_interest, {0.05, 0.2, 0.8});
  REQUIRE(result.trajectory.size() > 2);
  CHECK(result.trajectory[0].mass == 1.0);
  CHECK(result.trajectory[0].coverage == 1.0);
  CHECK(result.trajectory[0].restricted_dimensions == 0);
  for (std::size_t b = 1; b < result.trajectory.size(); ++b) {
    CHECK(result.trajectory[b].mass < result.trajectory[b - 1].mass);
    CHECK(result.trajectory[b].coverage <= result.trajectory[b - 1].coverage);
    CHECK(result.trajectory[b].density > result.trajectory[b - 1].density);
    CHECK(result.trajectory[b].mass >= 0.2);
  }
}

TEST_CASE("PRIM's coverage, density and mass on ten cases in one dimension") {
  const PrimResult result = three_of_ten();
  // Each peel cuts below the 5 % quantile, halfway between the lowest two
  // values: one case at a time, until the box holds just 7, 8 and 9; no
  // cut then raises the density.
  REQUIRE(result.trajectory.size() == 8);
  const PrimBox& whole = result.trajectory[0];
  CHECK(whole.cases == 10);
  CHECK(whole.cases_of_interest == 3);
  CHECK(whole.coverage == 1.0);
  CHECK(whole.density == doctest::Approx(0.3));
  CHECK(whole.mass == 1.0);
  const PrimBox& fourth = result.trajectory[3];  // x >= 2.5: 3 .. 9
  CHECK(fourth.low[0] == 2.5);
  CHECK(fourth.high[0] == 9.0);
  CHECK(fourth.cases == 7);
  CHECK(fourth.coverage == 1.0);
  CHECK(fourth.density == doctest::Approx(3.0 / 7.0));
  CHECK(fourth.mass == doctest::Approx(0.7));
  CHECK(fourth.restricted_dimensions == 1);
  const PrimBox& last = result.trajectory[7];
  CHECK(last.low[0] == 6.5);
  CHECK(last.cases == 3);
  CHECK(last.density == 1.0);
  CHECK(last.mass == doctest::Approx(0.3));
  // Box 6 (x >= 5.5) has density 3/4 < 0.8: box 7 is the first dense enough.
  CHECK(result.chosen == 7);
  CHECK(result.chosen_meets_density);
}

TEST_CASE("PRIM's quasi-p-value is the binomial tail of the box's cases at the density without the restriction") {
  // By hand: without the restriction the box is all ten cases, density
  // 0.3; the chosen box holds 3 cases, all of interest: P(X >= 3) for X ~
  // Binomial(3, 0.3) = 0.3^3 = 0.027.
  const PrimResult result = three_of_ten();
  REQUIRE(result.restrictions.size() == 1);
  CHECK(result.restrictions[0].dimension == 0);
  CHECK(result.restrictions[0].low == 6.5);
  CHECK(result.restrictions[0].high == 9.0);
  CHECK(result.restrictions[0].quasi_p == doctest::Approx(0.027).epsilon(1e-9));
  // P(X >= 7), X ~ Binomial(10, 0.5) = (120 + 45 + 10 + 1) / 1024.
  CHECK(binomial_upper_tail(10, 7, 0.5) == doctest::Approx(176.0 / 1024.0).epsilon(1e-12));
  CHECK(binomial_upper_tail(10, 0, 0.2) == 1.0);
  CHECK(binomial_upper_tail(10, 11, 0.2) == 0.0);
}

TEST_CASE("PRIM chooses the densest box, and says so, when none reaches the density threshold") {
  std::vector<PrimBox> trajectory(4);
  const double densities[] = {0.3, 0.6, 0.7, 0.7};
  for (std::size_t b = 0; b < 4; ++b) trajectory[b].density = densities[b];
  CHECK(choose_box(trajectory, 0.8) == 2);  // the first of the two densest
  CHECK(choose_box(trajectory, 0.6) == 1);  // the first dense enough, not the densest
  // Alternate cases of interest along 0..9: one peel of the top case
  // reaches density 5/9, and no cut then helps.
  const Eigen::MatrixXd alternating = Eigen::VectorXd::LinSpaced(10, 0, 9);
  const PrimResult result =
      prim(alternating, {true, false, true, false, true, false, true, false, true, false}, {0.05, 0.05, 0.99});
  CHECK_FALSE(result.chosen_meets_density);
  CHECK(result.chosen == 1);
  CHECK(result.trajectory[result.chosen].density == doctest::Approx(5.0 / 9.0));
}

TEST_CASE("PRIM refuses input it cannot separate") {
  const Eigen::MatrixXd x = Eigen::VectorXd::LinSpaced(4, 0, 3);
  CHECK_THROWS_AS(prim(Eigen::MatrixXd(0, 1), {}), std::invalid_argument);                                 // no cases
  CHECK_THROWS_AS(prim(x, {true, false, true}), std::invalid_argument);                                    // sizes differ
  CHECK_THROWS_AS(prim(x, {false, false, false, false}), std::invalid_argument);                           // none of interest
  CHECK_THROWS_AS(prim(x, {true, true, true, true}), std::invalid_argument);                               // all of interest
  CHECK_THROWS_AS(prim(Eigen::MatrixXd::Constant(4, 2, 1.0), {true, false, true, false}), std::invalid_argument);  // nothing varies
  Eigen::MatrixXd with_nan = x;
  with_nan(1, 0) = std::nan("");
  CHECK_THROWS_AS(prim(with_nan, {true, false, true, false}), std::invalid_argument);
  CHECK_THROWS_AS(prim(x, {true, false, true, false}, {0.5, 0.05, 0.8}), std::invalid_argument);  // peel_alpha
  CHECK_THROWS_WITH_AS(prim(x, {true, true, true, true}), doctest::Contains("every case is of interest"), std::invalid_argument);
}

TEST_CASE("A --discover condition is a metric, a comparison and a finite number, which may have a leading plus") {
  const DiscoveryCondition plus = parse_discovery_condition("  rates.resolved<= +0.5 ");
  CHECK(plus.metric == "rates.resolved");
  CHECK(plus.comparison == "<=");
  CHECK(plus.value == 0.5);
  CHECK(plus.text() == "rates.resolved <= 0.5");
  CHECK(parse_discovery_condition("rates.resolved > -1e-2").value == -0.01);
  for (const char* malformed : {"", " ", "rates.resolved", "rates.resolved <", "rates.resolved < +", "rates.resolved < +-0.5",
                                "rates.resolved < ++0.5", "rates.resolved < 0.5x", "rates.resolved = 0.5", "< 0.5", "a b < 0.5",
                                "rates.resolved < inf", "rates.resolved < nan"}) {
    CAPTURE(malformed);
    CHECK_THROWS_WITH_AS(parse_discovery_condition(malformed), doctest::Contains("expected a condition 'METRIC < VALUE'"),
                         models::ConfigError);
  }
}
