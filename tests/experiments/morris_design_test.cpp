// Morris trajectories (experiments/design.hpp): their shape on the grid,
// Campolongo's selection for spread, and reproducibility from the seed.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "experiments/design.hpp"

using namespace tiaokuai::experiments;

namespace {

Factor range(const std::string& path, double low, double high, bool integer = false) {
  Factor factor;
  factor.path = path;
  factor.has_range = true;
  factor.low = low;
  factor.high = high;
  factor.integer = integer;
  return factor;
}

// A value's position on the p-level grid of its factor's range, in grid steps.
double grid_steps(const Factor& factor, const std::string& value, std::size_t levels) {
  return (std::stod(value) - factor.low) / (factor.high - factor.low) * static_cast<double>(levels - 1);
}

}  // namespace

TEST_CASE("Morris's step is p / (2 (p - 1)) of the range") {
  CHECK(morris_delta(2) == doctest::Approx(1.0));
  CHECK(morris_delta(4) == doctest::Approx(2.0 / 3.0));
  CHECK(morris_delta(8) == doctest::Approx(4.0 / 7.0));
}

TEST_CASE("each Morris trajectory has k+1 grid points, each moving one factor by Delta, every factor once") {
  const std::vector<Factor> factors{range("a", 0, 1), range("b", -2, 6), range("c", 10, 10.5)};
  for (const std::size_t levels : {2u, 4u, 6u}) {
    const std::size_t r = 7, k = factors.size();
    const std::vector<DesignPoint> points = morris(factors, r, levels, 40, 11);
    REQUIRE(points.size() == r * (k + 1));
    CHECK(morris_size(factors, r) == points.size());
    for (std::size_t t = 0; t < r; ++t) {
      std::set<std::size_t> moved;
      for (std::size_t m = 0; m <= k; ++m) {
        const DesignPoint& point = points[t * (k + 1) + m];
        CHECK(point.label == "T:" + std::to_string(t) + ":" + std::to_string(m));
        for (std::size_t i = 0; i < k; ++i) {
          const double steps = grid_steps(factors[i], point.values[i], levels);
          CHECK(std::abs(steps - std::round(steps)) < 1e-9);  // on the grid
          CHECK(steps > -1e-9);
          CHECK(steps < static_cast<double>(levels - 1) + 1e-9);
        }
        if (m == 0) continue;
        const DesignPoint& before = points[t * (k + 1) + m - 1];
        std::size_t changed = 0;
        for (std::size_t i = 0; i < k; ++i) {
          if (point.values[i] == before.values[i]) continue;
          ++changed;
          moved.insert(i);
          const double move = grid_steps(factors[i], point.values[i], levels) - grid_steps(factors[i], before.values[i], levels);
          CHECK(std::abs(move) == doctest::Approx(static_cast<double>(levels) / 2.0));  // Delta, in grid steps of 1/(p-1)
        }
        CHECK(changed == 1);
      }
      CHECK(moved.size() == k);
    }
  }
}

TEST_CASE("an integer factor's Morris values are whole numbers") {
  const std::vector<DesignPoint> points = morris({range("n", 1, 7, true), range("x", 0, 1)}, 4, 4, 20, 3);
  for (const DesignPoint& point : points) {
    const double n = std::stod(point.values[0]);
    CHECK(n == std::round(n));
    CHECK(point.values[0].find('.') == std::string::npos);
  }
}

TEST_CASE("Campolongo's selection spreads the trajectories more than the first r random candidates") {
  for (const std::uint64_t seed : {1u, 2u, 3u, 2019u}) {
    for (const std::size_t k : {2u, 5u}) {
      const std::size_t r = 6;
      const std::vector<MorrisTrajectory> candidates = morris_candidates(k, 4, 60, seed);
      const std::vector<std::size_t> chosen = spread_trajectories(candidates, r);
      REQUIRE(chosen.size() == r);
      std::vector<MorrisTrajectory> selected, first;
      for (std::size_t i = 0; i < r; ++i) {
        if (i > 0) CHECK(chosen[i] > chosen[i - 1]);
        selected.push_back(candidates[chosen[i]]);
        first.push_back(candidates[i]);
      }
      CHECK(morris_spread(selected) > morris_spread(first));
    }
  }
}

TEST_CASE("Campolongo's spread of two trajectories is the sum of their points' distances") {
  // Two one-factor trajectories: {0, 1} and {1, 0}: distances 1 + 0 + 0 + 1.
  CHECK(morris_spread({{{0.0}, {1.0}}, {{1.0}, {0.0}}}) == doctest::Approx(2.0));
  // Two equal ones: 0 + 1 + 1 + 0 (every point against every point, not point by point).
  CHECK(morris_spread({{{0.0}, {1.0}}, {{0.0}, {1.0}}}) == doctest::Approx(2.0));
  // Three: sqrt(2^2 + 2^2 + 2^2).
  CHECK(morris_spread({{{0.0}, {1.0}}, {{1.0}, {0.0}}, {{0.0}, {1.0}}}) == doctest::Approx(std::sqrt(12.0)));
  // Of three candidates, two identical, the selection of two keeps the odd
  // one (and of the identical two, the first).
  const std::vector<MorrisTrajectory> candidates{{{0.0, 0.0}, {1.0, 0.0}, {1.0, 1.0}},
                                                 {{0.0, 0.0}, {1.0, 0.0}, {1.0, 1.0}},
                                                 {{1.0, 1.0}, {0.0, 1.0}, {0.0, 0.0}}};
  const std::vector<std::size_t> chosen = spread_trajectories(candidates, 2);
  CHECK(chosen == std::vector<std::size_t>{0, 2});
}

TEST_CASE("a Morris design is the same for the same seed and differs for another") {
  const std::vector<Factor> factors{range("a", 0, 1), range("b", 0, 4)};
  const auto a = morris(factors, 5, 4, 50, 9);
  const auto again = morris(factors, 5, 4, 50, 9);
  const auto other = morris(factors, 5, 4, 50, 10);
  bool same = true, differs = false;
  for (std::size_t p = 0; p < a.size(); ++p) {
    same = same && a[p].values == again[p].values;
    differs = differs || a[p].values != other[p].values;
  }
  CHECK(same);
  CHECK(differs);
}

TEST_CASE("a Morris design's size saturates instead of wrapping") {
  std::vector<Factor> factors(3, range("a", 0, 1));
  CHECK(morris_size(factors, 10) == 40);
  CHECK(morris_size(factors, std::numeric_limits<std::size_t>::max()) == std::numeric_limits<std::uint64_t>::max());
}
