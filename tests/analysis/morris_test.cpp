// Morris's method on a function with known elementary effects, computed
// straight from a morris design without the simulator: f = 2 u1 + 0 u2 +
// u3^2, u the factors as shares of their ranges. u1's effect is 2 on every
// step (sigma 0), u2's is 0, and u3's on a step between a and b is a + b,
// which depends on where the step is (sigma > 0).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "analysis/morris_figure.hpp"
#include "analysis/sensitivity.hpp"
#include "analysis/sweep_results.hpp"
#include "experiments/design.hpp"
#include "sim/random_stream.hpp"
#include "sim/running_stats.hpp"

using namespace tiaokuai;
using namespace tiaokuai::analysis;

namespace {

experiments::Factor range(const std::string& path, double low, double high) {
  experiments::Factor factor;
  factor.path = path;
  factor.has_range = true;
  factor.low = low;
  factor.high = high;
  return factor;
}

const std::vector<experiments::Factor> factors{range("x1", 5, 15), range("x2", -1, 1), range("x3", 0, 1)};
constexpr std::size_t trajectories = 12;
constexpr int replications = 3;

double unit(const experiments::Factor& factor, double value) { return (value - factor.low) / (factor.high - factor.low); }

// The results a sweep of the design would hold: replication r adds noise
// that every point shares (common random numbers), which must cancel.
SweepResults known_results() {
  const std::vector<experiments::DesignPoint> points = experiments::morris(factors, trajectories, 4, 60, 5);
  std::vector<std::string> labels;
  std::vector<double> data;
  sim::RandomStream noise(1, 0, "test/morris_noise");
  std::vector<double> shared(replications);
  for (double& n : shared) n = noise.normal(0, 50);
  std::vector<std::vector<double>> numbers;
  for (const experiments::DesignPoint& point : points) {
    labels.push_back(point.label);
    std::vector<double> x;
    for (const std::string& value : point.values) x.push_back(std::stod(value));
    const double f = 2 * unit(factors[0], x[0]) + 0 * unit(factors[1], x[1]) + std::pow(unit(factors[2], x[2]), 2);
    for (int r = 0; r < replications; ++r) data.push_back(f + shared[static_cast<std::size_t>(r)]);
    numbers.push_back(x);
  }
  SweepResults results = SweepResults::from_values(labels, {"f"}, replications, data);
  results.design = "morris";
  results.factors = {"x1", "x2", "x3"};
  results.numbers = numbers;
  for (const experiments::Factor& factor : factors) results.factor_ranges.emplace_back(factor.low, factor.high);
  return results;
}

// u3's effects, a + b for each step between a and b, worked out from the points.
sim::RunningStats x3_effects(const SweepResults& results) {
  sim::RunningStats effects;
  for (std::size_t p = 1; p < results.points(); ++p) {
    if (results.labels[p].ends_with(":0") || results.numbers[p][2] == results.numbers[p - 1][2]) continue;
    effects.add(unit(factors[2], results.numbers[p][2]) + unit(factors[2], results.numbers[p - 1][2]));
  }
  return effects;
}

}  // namespace

TEST_CASE("Morris indices of 2 u1 + 0 u2 + u3^2: linear sigma 0, zero mu* 0, non-linear sigma above 0") {
  const SweepResults results = known_results();
  const std::vector<MorrisIndex> indices = morris_indices(results, 0);
  REQUIRE(indices.size() == 3);
  CHECK(indices[0].factor == "x1");
  for (const MorrisIndex& index : indices) CHECK(index.effects == trajectories);
  // Linear: the same effect, per full range, on every step; the replications' noise cancels.
  CHECK(indices[0].mu == doctest::Approx(2.0));
  CHECK(indices[0].mu_star == doctest::Approx(2.0));
  CHECK(indices[0].sigma == doctest::Approx(0.0).epsilon(1e-9));
  CHECK(indices[0].mu_star_low == doctest::Approx(2.0));
  CHECK(indices[0].mu_star_high == doctest::Approx(2.0));
  // No effect at all.
  CHECK(indices[1].mu_star == doctest::Approx(0.0).epsilon(1e-9));
  CHECK(indices[1].sigma == doctest::Approx(0.0).epsilon(1e-9));
  // Non-linear: the effect depends on where the step is.
  const sim::RunningStats expected = x3_effects(results);
  REQUIRE(expected.count() == trajectories);
  CHECK(indices[2].mu == doctest::Approx(expected.mean()));
  CHECK(indices[2].mu_star == doctest::Approx(expected.mean()));
  CHECK(indices[2].sigma == doctest::Approx(expected.stddev()));
  CHECK(indices[2].sigma > 0.1);
  CHECK(indices[2].mu_star_low < indices[2].mu_star);
  CHECK(indices[2].mu_star_high > indices[2].mu_star);
  CHECK(indices[2].sigma_low < indices[2].sigma_high);
}

TEST_CASE("Morris indices are the same on every call, intervals included") {
  const SweepResults results = known_results();
  const auto a = morris_indices(results, 0), b = morris_indices(results, 0);
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].mu_star_low == b[i].mu_star_low);
    CHECK(a[i].sigma_high == b[i].sigma_high);
  }
}

TEST_CASE("replication noise that differs between points is averaged per step before sigma") {
  // Independent noise at each point (no common random numbers): with more
  // replications per step the linear factor's sigma shrinks towards 0.
  const auto sigma_of_x1 = [](int n) {
    std::vector<MorrisStep> steps;
    sim::RandomStream noise(3, static_cast<std::uint64_t>(n), "test/morris_independent");
    for (std::size_t t = 0; t < 20; ++t) {
      MorrisStep step{t, 0, 0.5, {}, {}};
      for (int r = 0; r < n; ++r) {
        step.before.push_back(noise.normal(0, 1));
        step.after.push_back(1.0 + noise.normal(0, 1));  // effect 1 / 0.5 = 2
      }
      steps.push_back(step);
    }
    return morris_indices(steps, {"x1"}, 20)[0];
  };
  const MorrisIndex few = sigma_of_x1(1), many = sigma_of_x1(400);
  CHECK(many.mu == doctest::Approx(2.0).epsilon(0.05));
  CHECK(many.sigma < few.sigma / 10);
}

TEST_CASE("a missing run drops only the steps of its point") {
  SweepResults results = known_results();
  const std::size_t k = factors.size();
  const std::size_t point = 1 * (k + 1) + 2;  // T:1:2, inside trajectory 1
  REQUIRE(results.labels[point] == "T:1:2");
  std::vector<double> data;
  for (std::size_t p = 0; p < results.points(); ++p) {
    for (int r = 0; r < replications; ++r) data.push_back(p == point && r == 1 ? std::nan("") : results.value(p, r, 0));
  }
  SweepResults broken = SweepResults::from_values(results.labels, results.metrics, replications, data);
  broken.design = results.design;
  broken.factors = results.factors;
  broken.numbers = results.numbers;
  broken.factor_ranges = results.factor_ranges;
  // The factors moved into and out of T:1:2 lose trajectory 1's effect; the third keeps it.
  std::vector<std::size_t> lost;
  for (const std::size_t p : {point, point + 1}) {
    for (std::size_t f = 0; f < k; ++f) {
      if (results.numbers[p][f] != results.numbers[p - 1][f]) lost.push_back(f);
    }
  }
  REQUIRE(lost.size() == 2);
  const std::vector<MorrisIndex> indices = morris_indices(broken, 0);
  for (std::size_t f = 0; f < k; ++f) {
    const bool dropped = f == lost[0] || f == lost[1];
    CHECK(indices[f].effects == (dropped ? trajectories - 1 : trajectories));
  }
  CHECK(indices[0].mu_star == doctest::Approx(2.0));
}

TEST_CASE("Morris indices refuse another design and points that are not a trajectory") {
  SweepResults results = known_results();
  results.numbers[1][0] += 1;  // T:0:1 now differs from T:0:0 in a second factor
  CHECK_THROWS_WITH_AS(morris_indices(results, 0), doctest::Contains("not a Morris trajectory"), std::runtime_error);
  results.design = "saltelli";
  CHECK_THROWS_AS(morris_indices(results, 0), std::invalid_argument);
}

TEST_CASE("the mu*-sigma figure plots each factor with its whisker and the two guide lines, its data as CSV") {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const MorrisIndex& index : morris_indices(known_results(), 0)) {
    rows.push_back({{"metric", "f"}, {"factor", index.factor}, {"effects", index.effects}, {"mu_star", index.mu_star},
                    {"mu_star_low", index.mu_star_low}, {"mu_star_high", index.mu_star_high}, {"mu", index.mu},
                    {"mu_low", index.mu_low}, {"mu_high", index.mu_high}, {"sigma", index.sigma},
                    {"sigma_low", index.sigma_low}, {"sigma_high", index.sigma_high}});
  }
  rows.push_back({{"metric", "other"}, {"factor", "not plotted"}, {"effects", 1}, {"mu_star", 9.0}, {"mu_star_low", nullptr},
                  {"mu_star_high", nullptr}, {"sigma", nullptr}, {"sigma_low", nullptr}, {"sigma_high", nullptr}});
  const Figure figure = morris_figure(rows, "f");
  CHECK(figure.name == "morris");
  CHECK(figure.svg.find("</svg>") != std::string::npos);
  for (const char* label : {">x1<", ">x2<", ">x3<", "σ/μ* = 0.1", "σ/μ* = 1"}) CHECK(figure.svg.find(label) != std::string::npos);
  CHECK(figure.svg.find("not plotted") == std::string::npos);
  CHECK(figure.csv.starts_with("metric,factor,effects,mu_star,mu_star_low,mu_star_high,sigma,sigma_low,sigma_high\n"));
  CHECK(figure.csv.find("\nf,x1,12,") != std::string::npos);
  CHECK(figure.csv.find("not plotted") == std::string::npos);
  CHECK(std::count(figure.csv.begin(), figure.csv.end(), '\n') == 4);
  CHECK(figure.caption.find("σ/μ* = 0.1") != std::string::npos);
  CHECK_THROWS_AS(morris_figure(rows, "absent"), std::invalid_argument);
}

TEST_CASE("sigma needs two trajectories: undefined from one, never a zero-width interval from a repeated draw") {
  // Factor a has an effect in trajectory 0 only; factor b in trajectories 0 and 1 (effects 1 and 3).
  const std::vector<MorrisStep> steps{{0, 0, 0.5, {1.0}, {1.5}}, {0, 1, 0.5, {1.0}, {1.5}}, {1, 1, 0.5, {1.0}, {2.5}}};
  const std::vector<MorrisIndex> indices = morris_indices(steps, {"a", "b"}, 2);
  CHECK(indices[0].effects == 1);
  CHECK(indices[0].mu_star == doctest::Approx(1.0));
  CHECK(std::isnan(indices[0].sigma));
  CHECK(std::isnan(indices[0].sigma_low));
  CHECK(std::isnan(indices[0].sigma_high));
  // b's resamples either repeat one trajectory (no spread: not counted) or hold both.
  CHECK(indices[1].sigma == doctest::Approx(std::sqrt(2.0)));
  CHECK(indices[1].sigma_low == doctest::Approx(std::sqrt(2.0)));
  CHECK(indices[1].sigma_high == doctest::Approx(std::sqrt(2.0)));
}

TEST_CASE("a first point labelled as a later step of its trajectory is no step, not a crash") {
  SweepResults results = known_results();
  results.labels[0] = "T:0:1";
  results.labels[1] = "T:0:2";
  CHECK_NOTHROW(morris_indices(results, 0));
}
