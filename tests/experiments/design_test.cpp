// Design generators: sizes, structure and reproducibility; Morris trajectories
// on their grid and Campolongo's selection for spread.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "experiments/design.hpp"

using namespace tiaokuai::experiments;

namespace {

Factor levels(const std::string& path, std::vector<std::string> values, std::string base = "") {
  Factor factor;
  factor.path = path;
  factor.values = std::move(values);
  factor.base_value = std::move(base);
  return factor;
}

Factor range(const std::string& path, double low, double high, bool integer = false) {
  Factor factor;
  factor.path = path;
  factor.has_range = true;
  factor.low = low;
  factor.high = high;
  factor.integer = integer;
  return factor;
}

double value(const DesignPoint& point, std::size_t factor) { return std::stod(point.values[factor]); }

// A value's position on the p-level grid of its factor's range, in grid steps.
double grid_steps(const Factor& factor, const std::string& value, std::size_t levels) {
  return (std::stod(value) - factor.low) / (factor.high - factor.low) * static_cast<double>(levels - 1);
}

}  // namespace

TEST_CASE("a full factorial has every combination once, the last factor fastest") {
  const auto points = full_factorial({levels("a", {"1", "2", "3"}), levels("b", {"x", "y"})});
  REQUIRE(points.size() == 6);
  CHECK(points[0].values == std::vector<std::string>{"1", "x"});
  CHECK(points[1].values == std::vector<std::string>{"1", "y"});
  CHECK(points[5].values == std::vector<std::string>{"3", "y"});
  std::set<std::vector<std::string>> distinct;
  for (const auto& point : points) distinct.insert(point.values);
  CHECK(distinct.size() == 6);
  CHECK(points[3].label == "a=2;b=y");
}

TEST_CASE("a Latin hypercube uses each stratum of each factor exactly once") {
  const std::size_t n = 20;
  const auto points = latin_hypercube({range("a", 0, 1), range("b", 10, 30)}, n, 5);
  REQUIRE(points.size() == n);
  for (std::size_t f = 0; f < 2; ++f) {
    const double low = f == 0 ? 0 : 10, width = f == 0 ? 1 : 20;
    std::vector<int> hits(n, 0);
    for (const auto& point : points) {
      const double unit = (value(point, f) - low) / width;
      REQUIRE(unit >= 0.0);
      REQUIRE(unit < 1.0);
      ++hits[static_cast<std::size_t>(unit * n)];
    }
    CHECK(std::all_of(hits.begin(), hits.end(), [](int h) { return h == 1; }));
  }
  // Reproducible from the seed, different for another seed.
  CHECK(latin_hypercube({range("a", 0, 1)}, n, 5)[3].values == latin_hypercube({range("a", 0, 1)}, n, 5)[3].values);
  CHECK(latin_hypercube({range("a", 0, 1)}, n, 5)[3].values != latin_hypercube({range("a", 0, 1)}, n, 6)[3].values);
}

TEST_CASE("Saltelli sampling gives n(k+2) points: A, B, and A with one column from B") {
  const std::size_t n = 16, k = 3;
  const auto points = saltelli({range("a", 0, 1), range("b", -1, 1), range("c", 1, 8, true)}, n);
  REQUIRE(points.size() == n * (k + 2));
  for (std::size_t j = 0; j < n; ++j) {
    const DesignPoint& a = points[j * (k + 2)];
    const DesignPoint& b = points[j * (k + 2) + 1];
    CHECK(a.label == "A:" + std::to_string(j));
    CHECK(b.label == "B:" + std::to_string(j));
    for (std::size_t i = 0; i < k; ++i) {
      const DesignPoint& ab = points[j * (k + 2) + 2 + i];
      CHECK(ab.label == "AB:" + std::to_string(j) + ":" + std::to_string(i));
      for (std::size_t c = 0; c < k; ++c) CHECK(ab.values[c] == (c == i ? b.values[c] : a.values[c]));
    }
    CHECK(value(a, 1) >= -1.0);
    CHECK(value(a, 1) <= 1.0);
    CHECK(points[j * (k + 2)].values[2].find('.') == std::string::npos);  // an integer factor is rounded
  }
  // A and B rows are distinct quasi-random points, spread over the range.
  double sum = 0;
  for (std::size_t j = 0; j < n; ++j) sum += value(points[j * (k + 2)], 0);
  CHECK(sum / n == doctest::Approx(0.5).epsilon(0.1));
}

TEST_CASE("Saltelli's first block is not the sequence's centre point, where A = B would add nothing") {
  const auto points = saltelli({range("a", 0, 1), range("b", 0, 1)}, 1);
  CHECK(points[0].values != points[1].values);
  CHECK(points[0].values != std::vector<std::string>{"0.5", "0.5"});
}

TEST_CASE("one-at-a-time starts at the base and varies each factor alone") {
  const auto points = one_at_a_time({levels("a", {"1", "2", "3"}, "2"), levels("b", {"x", "y"}, "x")});
  REQUIRE(points.size() == 1 + 2 + 1);
  CHECK(points[0].label == "base");
  CHECK(points[0].values == std::vector<std::string>{"2", "x"});
  CHECK(points[1].values == std::vector<std::string>{"1", "x"});
  CHECK(points[2].values == std::vector<std::string>{"3", "x"});
  CHECK(points[3].values == std::vector<std::string>{"2", "y"});
  CHECK(points[3].label == "b=y");
}

TEST_CASE("values are written in their shortest exact form") {
  CHECK(format_value(0.1, false) == "0.1");
  CHECK(format_value(1.0, false) == "1");
  CHECK(format_value(2.6, true) == "3");
  CHECK(std::stod(format_value(1.0 / 3.0, false)) == 1.0 / 3.0);
}

TEST_CASE("design sizes are counted without making the points, and saturate instead of wrapping") {
  const Factor three = levels("a", {"1", "2", "3"}, "2");
  const Factor two = levels("b", {"x", "y"}, "x");
  // The counts agree with the designs themselves.
  CHECK(full_factorial_size({three, two}) == full_factorial({three, two}).size());
  CHECK(one_at_a_time_size({three, two}) == one_at_a_time({three, two}).size());
  CHECK(saltelli_size({range("a", 0, 1), range("b", 0, 1), range("c", 0, 1)}, 16) ==
        saltelli({range("a", 0, 1), range("b", 0, 1), range("c", 0, 1)}, 16).size());
  // 1000^3 is exact; 1000^7 = 10^21 does not fit in 64 bits and must not wrap
  // to a small count (10^21 mod 2^64 is about 3.4 x 10^19, and other
  // products wrap to numbers far below any limit).
  std::vector<std::string> thousand;
  for (int i = 0; i < 1000; ++i) thousand.push_back(std::to_string(i));
  const Factor big = levels("big", thousand);
  CHECK(full_factorial_size({big, big, big}) == 1000000000ULL);
  CHECK(full_factorial_size(std::vector<Factor>(7, big)) == std::numeric_limits<std::uint64_t>::max());
  // 2^32 x 2^32 wraps to exactly 0 without the check.
  std::vector<std::string> many(1ULL << 16, "v");
  const Factor wide = levels("wide", many);
  CHECK(full_factorial_size(std::vector<Factor>(4, wide)) == std::numeric_limits<std::uint64_t>::max());
  CHECK(saltelli_size(std::vector<Factor>(3), std::numeric_limits<std::size_t>::max() / 2) == std::numeric_limits<std::uint64_t>::max());
  CHECK(morris_size({range("a", 0, 1), range("b", 0, 1)}, 5) == morris({range("a", 0, 1), range("b", 0, 1)}, 5, 4, 10, 1).size());
  CHECK(morris_size(std::vector<Factor>(3), std::numeric_limits<std::size_t>::max()) == std::numeric_limits<std::uint64_t>::max());
}

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
