#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/confidence_interval.hpp"
#include "sim/exact_quantiles.hpp"
#include "sim/histogram.hpp"
#include "sim/quantile_sketch.hpp"
#include "sim/random_stream.hpp"
#include "sim/running_stats.hpp"
#include "sim/time_weighted_average.hpp"

using namespace tiaokuai::sim;

TEST_CASE("running stats agree with the two-pass formulas") {
  const std::vector<double> values{2, 4, 4, 4, 5, 5, 7, 9};
  RunningStats stats;
  for (double v : values) stats.add(v);
  CHECK(stats.count() == 8);
  CHECK(stats.mean() == doctest::Approx(5.0));
  CHECK(stats.variance() == doctest::Approx(32.0 / 7.0));
  CHECK(stats.min() == 2.0);
  CHECK(stats.max() == 9.0);
  CHECK(std::isnan(RunningStats{}.mean()));
}

TEST_CASE("merged running stats equal stats of the concatenation") {
  RandomStream s(1, 0, "merge");
  RunningStats all;
  RunningStats left;
  RunningStats right;
  for (int i = 0; i < 1000; ++i) {
    const double x = s.normal(10.0, 3.0);
    all.add(x);
    (i < 300 ? left : right).add(x);
  }
  left.merge(right);
  CHECK(left.count() == all.count());
  CHECK(left.mean() == doctest::Approx(all.mean()).epsilon(1e-12));
  CHECK(left.variance() == doctest::Approx(all.variance()).epsilon(1e-12));
  CHECK(left.max() == all.max());
}

TEST_CASE("time-weighted average integrates a piecewise-constant level") {
  TimeWeightedAverage busy(hours(0), 0.0);
  busy.set(hours(1), 2.0);   // 0 for 1 h
  busy.add(hours(3), -1.0);  // 2 for 2 h
  CHECK(busy.level() == 1.0);
  CHECK(busy.mean(hours(5)) == doctest::Approx((0 * 1 + 2 * 2 + 1 * 2) / 5.0));  // 1 for 2 h
  busy.restart(hours(5));
  CHECK(busy.mean(hours(7)) == doctest::Approx(1.0));
  CHECK_THROWS(busy.set(hours(4), 0.0));
}

TEST_CASE("exact quantiles use linear interpolation (type 7)") {
  ExactQuantiles q;
  for (double v : {5.0, 1.0, 4.0, 2.0, 3.0}) q.add(v);
  CHECK(q.quantile(0.0) == 1.0);
  CHECK(q.quantile(0.5) == 3.0);
  CHECK(q.quantile(0.9) == doctest::Approx(4.6));
  CHECK(q.quantile(1.0) == 5.0);
  CHECK(std::isnan(ExactQuantiles{}.quantile(0.5)));
  CHECK_THROWS(q.quantile(1.5));
}

TEST_CASE("quantile sketch stays within its relative accuracy and merges exactly") {
  RandomStream s(8, 0, "sketch");
  QuantileSketch sketch(0.01);
  QuantileSketch first_half(0.01);
  QuantileSketch second_half(0.01);
  std::vector<double> values;
  for (int i = 0; i < 50000; ++i) {
    const double x = i % 50 == 0 ? 0.0 : s.lognormal(2.0, 1.5);  // latencies spanning decades, some zero
    values.push_back(x);
    sketch.add(x);
    (i % 2 == 0 ? first_half : second_half).add(x);
  }
  std::sort(values.begin(), values.end());
  for (double q : {0.01, 0.1, 0.5, 0.9, 0.99, 0.999}) {
    const double exact = values[static_cast<std::size_t>(q * static_cast<double>(values.size() - 1))];
    CHECK(std::fabs(sketch.quantile(q) - exact) <= 0.01 * exact + 1e-12);
  }
  CHECK(sketch.quantile(0.0) == values.front());
  CHECK(sketch.quantile(1.0) == values.back());
  first_half.merge(second_half);
  CHECK(first_half.count() == sketch.count());
  for (double q : {0.1, 0.5, 0.9, 0.99}) CHECK(first_half.quantile(q) == sketch.quantile(q));
  CHECK_THROWS(sketch.add(-1.0));
  CHECK_THROWS(first_half.merge(QuantileSketch(0.02)));
}

TEST_CASE("histogram counts bins, underflow and overflow") {
  Histogram h(0.0, 10.0, 5);
  for (double x : {-1.0, 0.0, 1.9, 2.0, 9.99, 10.0, 100.0}) h.add(x);
  CHECK(h.underflow() == 1);
  CHECK(h.overflow() == 2);
  CHECK(h.count(0) == 2);
  CHECK(h.count(1) == 1);
  CHECK(h.count(4) == 1);
  CHECK(h.bin_low(1) == 2.0);
  CHECK(h.total() == 7);
  CHECK_THROWS(Histogram(1.0, 1.0, 3));
}

TEST_CASE("student-t quantiles match tables") {
  CHECK(student_t_quantile(10, 0.975) == doctest::Approx(2.228138851986).epsilon(1e-10));
  CHECK(student_t_quantile(1, 0.975) == doctest::Approx(12.70620473617).epsilon(1e-10));
  CHECK(student_t_quantile(1e6, 0.975) == doctest::Approx(1.959966).epsilon(1e-5));
}

TEST_CASE("95% student-t intervals cover the true mean about 95% of the time") {
  RandomStream s(17, 0, "coverage");
  int covered = 0;
  constexpr int trials = 4000;
  for (int t = 0; t < trials; ++t) {
    RunningStats sample;
    for (int i = 0; i < 10; ++i) sample.add(s.normal(3.0, 1.0));
    covered += student_t_interval(sample, 0.95).contains(3.0) ? 1 : 0;
  }
  // Binomial(4000, 0.95) has sd ~ 13.8: accept 5 sd either side.
  CHECK(std::abs(covered - 3800) < 70);
  RunningStats one;
  one.add(1.0);
  CHECK(std::isnan(student_t_interval(one).half_width));
}
