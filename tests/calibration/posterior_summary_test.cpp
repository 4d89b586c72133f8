// Posterior summaries of hand-made weighted populations, where every figure
// can be worked out on paper.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "calibration/posterior_summary.hpp"
#include "calibration/weighted_statistics.hpp"

namespace tiaokuai::calibration {
namespace {

Parameter uniform_parameter(const char* path, double low, double high) {
  return Parameter{path, Prior{PriorKind::uniform, low, high, 0, 1}, false};
}

TEST_CASE("weighted_quantile: the inverse of the weighted empirical CDF") {
  const std::vector<double> values{4, 1, 3, 2};
  const std::vector<double> weights{7, 1, 1, 1};
  CHECK(weighted_quantile(values, weights, 0.05) == 1);
  CHECK(weighted_quantile(values, weights, 0.2) == 2);
  CHECK(weighted_quantile(values, weights, 0.3) == 3);
  CHECK(weighted_quantile(values, weights, 0.31) == 4);
  CHECK(weighted_quantile(values, weights, 0.5) == 4);
  CHECK(effective_sample_size(weights) == doctest::Approx(100.0 / 52.0));
  CHECK(effective_sample_size(std::vector<double>(5, 0.2)) == doctest::Approx(5.0));
}

TEST_CASE("summarise_posterior: intervals, width ratios and correlations of a known population") {
  // a = i, b = 2i + 100, c = 1 - i/200 for i = 1..100, equally weighted.
  const std::vector<Parameter> parameters{uniform_parameter("a", 0, 100), uniform_parameter("b", 0, 1000),
                                          uniform_parameter("c", 0, 1)};
  std::vector<Particle> population;
  for (int i = 1; i <= 100; ++i)
    population.push_back(Particle{{double(i), 2.0 * i + 100, 1 - i / 200.0}, 1.0, 0, {}});
  const PosteriorSummary summary = summarise_posterior(parameters, population);
  const ParameterSummary& a = summary.parameters[0];
  CHECK(a.path == "a");
  CHECK(a.mean == doctest::Approx(50.5));
  CHECK(a.median == 50);
  CHECK(a.lower == 5);
  CHECK(a.upper == 95);
  CHECK(a.prior_width == doctest::Approx(90));
  // As wide as the prior: the targets say nothing about a.
  CHECK(a.width_ratio == doctest::Approx(1.0));
  CHECK_FALSE(a.identified);
  const ParameterSummary& b = summary.parameters[1];
  CHECK(b.lower == 110);
  CHECK(b.upper == 290);
  CHECK(b.width_ratio == doctest::Approx(900.0 / 180.0));
  CHECK(b.identified);
  CHECK(summary.correlation[0][0] == 1);
  CHECK(summary.correlation[0][1] == doctest::Approx(1.0));
  CHECK(summary.correlation[1][0] == doctest::Approx(1.0));
  CHECK(summary.correlation[0][2] == doctest::Approx(-1.0));
}

TEST_CASE("summarise_posterior: the weights count, and a collapsed posterior has no correlation") {
  const std::vector<Parameter> parameters{uniform_parameter("a", 0, 10), uniform_parameter("b", 0, 10)};
  // Most of the weight on a = 3.
  const std::vector<Particle> population{Particle{{1, 5}, 1, 0, {}}, Particle{{3, 5}, 8, 0, {}},
                                         Particle{{9, 5}, 1, 0, {}}};
  const PosteriorSummary summary = summarise_posterior(parameters, population);
  CHECK(summary.parameters[0].mean == doctest::Approx((1 + 24 + 9) / 10.0));
  CHECK(summary.parameters[0].median == 3);
  CHECK(summary.parameters[0].lower == 1);
  CHECK(summary.parameters[0].upper == 9);
  // b sits on one point: an infinitely narrower posterior, no correlation.
  CHECK(std::isinf(summary.parameters[1].width_ratio));
  CHECK(summary.parameters[1].identified);
  CHECK(std::isnan(summary.correlation[0][1]));
  CHECK(std::isnan(summary.correlation[1][1]));
  CHECK(summary.correlation[0][0] == 1);
  CHECK_THROWS_AS(summarise_posterior(parameters, {}), std::invalid_argument);
}

}  // namespace
}  // namespace tiaokuai::calibration
