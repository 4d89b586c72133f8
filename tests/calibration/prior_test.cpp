// Priors: draws follow the density, the density is normalised and zero
// outside the support, the quantile inverts the CDF, and the internal
// (log) coordinates round-trip with the Jacobian in the density.
#include <doctest/doctest.h>

#include <cmath>
#include <algorithm>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "calibration/prior.hpp"
#include "sim/random_stream.hpp"

namespace tiaokuai::calibration {
namespace {

// Simpson's rule, to check the density and the CDF against each other
// without using either to compute the other.
double integrate(const std::function<double(double)>& f, double low, double high, int intervals = 2000) {
  const double h = (high - low) / intervals;
  double sum = f(low) + f(high);
  for (int i = 1; i < intervals; ++i) sum += (i % 2 ? 4.0 : 2.0) * f(low + i * h);
  return sum * h / 3.0;
}

// The prior's mass between a and b by integrating its density: in log x
// for a log-uniform prior, whose density is steep near low (the bounds
// nudged inside, where exp(log x) could round outside the support).
double mass_between(const Prior& prior, double a, double b, int intervals = 2000) {
  if (prior.kind != PriorKind::log_uniform)
    return integrate([&](double x) { return density(prior, x); }, a, b, intervals);
  return integrate([&](double u) { return density(prior, std::exp(u)) * std::exp(u); }, std::log(a) + 1e-12,
                   std::log(b) - 1e-12, intervals);
}

struct NamedPrior {
  std::string name;
  Prior prior;
};

std::vector<NamedPrior> test_priors() {
  return {{"uniform", {PriorKind::uniform, 2, 5, 0, 1}},
          {"log-uniform over four decades", {PriorKind::log_uniform, 0.01, 100, 0, 1}},
          {"normal truncated at its declared range", {PriorKind::normal, -1, 6, 1, 2}},
          {"truncated normal in the upper tail", {PriorKind::truncated_normal, 1.5, 4, 0, 1}},
          {"truncated normal far in the upper tail", {PriorKind::truncated_normal, 9, 11, 0, 1}}};
}

TEST_CASE("prior: the density integrates to one over the support and is zero outside") {
  for (const auto& [name, prior] : test_priors()) {
    CAPTURE(name);
    CHECK(mass_between(prior, prior.low, prior.high) == doctest::Approx(1.0).epsilon(1e-6));
    CHECK(density(prior, prior.low) > 0);
    CHECK(density(prior, prior.high) > 0);
    CHECK(density(prior, std::nextafter(prior.low, -1e300)) == 0);
    CHECK(density(prior, std::nextafter(prior.high, 1e300)) == 0);
    CHECK(density(prior, prior.high + 1000) == 0);
  }
}

TEST_CASE("prior: the CDF is the integral of the density, and the quantile inverts it") {
  for (const auto& [name, prior] : test_priors()) {
    CAPTURE(name);
    for (const double p : {0.01, 0.05, 0.2, 0.5, 0.8, 0.95, 0.99}) {
      CAPTURE(p);
      const double x = quantile(prior, p);
      CHECK(x > prior.low);
      CHECK(x < prior.high);
      CHECK(cdf(prior, x) == doctest::Approx(p).epsilon(1e-9));
      CHECK(mass_between(prior, prior.low, x) == doctest::Approx(p).epsilon(1e-6));
    }
    CHECK(quantile(prior, 0.0) == prior.low);
    CHECK(quantile(prior, 1.0) == prior.high);
    CHECK(cdf(prior, prior.low - 1) == 0);
    CHECK(cdf(prior, prior.high + 1) == 1);
  }
}

TEST_CASE("prior: a histogram of draws matches the density") {
  constexpr int draws = 100000, bins = 20;
  for (const auto& [name, prior] : test_priors()) {
    CAPTURE(name);
    sim::RandomStream stream(11, 0, "test/prior/" + name);
    // Equal-width bins in the coordinate the prior is flat or smooth in.
    const bool in_log = prior.kind == PriorKind::log_uniform;
    const double low = in_log ? std::log(prior.low) : prior.low, high = in_log ? std::log(prior.high) : prior.high;
    const double width = (high - low) / bins;
    std::vector<int> counts(bins);
    int outside = 0;
    for (int i = 0; i < draws; ++i) {
      const double x = sample(prior, stream);
      if (!(x >= prior.low && x <= prior.high)) {
        ++outside;
        continue;
      }
      const int bin = static_cast<int>(((in_log ? std::log(x) : x) - low) / width);
      ++counts[static_cast<std::size_t>(std::min(bin, bins - 1))];
    }
    CHECK(outside == 0);
    for (int b = 0; b < bins; ++b) {
      const double from = low + b * width, to = low + (b + 1) * width;
      const double expected = draws * (in_log ? mass_between(prior, std::exp(from), std::exp(to), 200)
                                              : mass_between(prior, from, to, 200));
      CAPTURE(b);
      // Five binomial standard deviations: a deterministic stream, a wide margin.
      CHECK(std::abs(counts[static_cast<std::size_t>(b)] - expected) <= 5 * std::sqrt(expected) + 1);
    }
  }
}

TEST_CASE("prior: log-uniform parameters move in log space, with the Jacobian in the density") {
  const Prior prior{PriorKind::log_uniform, 1e-3, 1e3, 0, 1};
  for (const double x : {1e-3, 0.0421, 1.0, 17.5, 1e3}) {
    CHECK(to_internal(prior, x) == doctest::Approx(std::log(x)));
    CHECK(to_natural(prior, to_internal(prior, x)) == doctest::Approx(x).epsilon(1e-14));
  }
  // Flat in log x, normalised over [log low, log high].
  const double flat = 1.0 / (std::log(1e3) - std::log(1e-3));
  for (const double u : {-6.0, -1.0, 0.0, 3.5, 6.5}) CHECK(internal_density(prior, u) == doctest::Approx(flat));
  CHECK(internal_density(prior, std::log(1e3) + 0.01) == 0);
  // Other priors keep their natural coordinate.
  const Prior uniform{PriorKind::uniform, -2, 2, 0, 1};
  CHECK(to_internal(uniform, -1.5) == -1.5);
  CHECK(internal_density(uniform, 0.3) == doctest::Approx(0.25));
}

TEST_CASE("prior: improper priors are refused, naming the parameter") {
  CHECK_NOTHROW(check_prior({PriorKind::uniform, 0, 1, 0, 1}, "levers.a"));
  CHECK_THROWS_WITH_AS(check_prior({PriorKind::uniform, 1, 1, 0, 1}, "levers.a"), doctest::Contains("levers.a"),
                       std::invalid_argument);
  CHECK_THROWS_AS(check_prior({PriorKind::log_uniform, 0, 1, 0, 1}, "p"), std::invalid_argument);
  CHECK_THROWS_AS(check_prior({PriorKind::normal, 0, 1, 0, 0}, "p"), std::invalid_argument);
  CHECK_THROWS_AS(check_prior({PriorKind::uniform, 0, std::numeric_limits<double>::infinity(), 0, 1}, "p"), std::invalid_argument);
  CHECK_THROWS_AS(check_prior({PriorKind::truncated_normal, 100, 101, 0, 1}, "p"), std::invalid_argument);
}

}  // namespace
}  // namespace tiaokuai::calibration
