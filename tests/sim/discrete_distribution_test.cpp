#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "sim/discrete_distribution.hpp"

using namespace tiaokuai::sim;

TEST_CASE("discrete distribution draws each index with its weight's share") {
  const std::vector<double> weights{1.0, 0.0, 3.0, 6.0};
  const DiscreteDistribution distribution(weights);
  CHECK(distribution.probability(2) == doctest::Approx(0.3));
  RandomStream s(3, 0, "discrete");
  std::vector<int> counts(weights.size(), 0);
  constexpr int n = 100000;
  for (int i = 0; i < n; ++i) ++counts[distribution.sample(s)];
  CHECK(counts[1] == 0);
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double p = weights[i] / 10.0;
    const double sd = std::sqrt(n * p * (1 - p));
    CHECK(std::fabs(counts[i] - n * p) <= 5 * sd + 1e-9);
  }
}

TEST_CASE("discrete distribution rejects impossible weights") {
  CHECK_THROWS_AS(DiscreteDistribution(std::vector<double>{}), std::invalid_argument);
  CHECK_THROWS_AS(DiscreteDistribution(std::vector<double>{0.0, 0.0}), std::invalid_argument);
  CHECK_THROWS_AS(DiscreteDistribution(std::vector<double>{1.0, -0.5}), std::invalid_argument);
  CHECK_THROWS_AS(DiscreteDistribution(std::vector<double>{1.0, NAN}), std::invalid_argument);
}

TEST_CASE("a single weight always draws index 0") {
  const DiscreteDistribution one(std::vector<double>{2.0});
  RandomStream s(1, 0, "single");
  for (int i = 0; i < 100; ++i) CHECK(one.sample(s) == 0u);
}
