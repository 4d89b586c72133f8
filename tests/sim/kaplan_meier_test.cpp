// Kaplan–Meier estimation: known answers (a textbook data set with censoring,
// a hand-computed case whose median is not reached, and uncensored data
// where the curve is the empirical distribution), and the binned
// estimator's error bounds against the exact one.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "sim/kaplan_meier.hpp"
#include "sim/quantile_sketch.hpp"
#include "sim/random_stream.hpp"

using namespace tiaokuai::sim;

namespace {

struct Observation {
  double duration;
  bool observed;
};

// Remission times (weeks) of the 6-mercaptopurine arm of Freireich et al.
// (Blood, 1963), as tabulated by Klein and Moeschberger, Survival Analysis
// (2003), section 1.2 and table 4.1A; false = censored ("+").
const std::vector<Observation> six_mp{
    {6, true},   {6, true},   {6, true},   {6, false},  {7, true},   {9, false},  {10, true},
    {10, false}, {11, false}, {13, true},  {16, true},  {17, false}, {19, false}, {20, false},
    {22, true},  {23, true},  {25, false}, {32, false}, {32, false}, {34, false}, {35, false}};

// Klein and Moeschberger's table 4.1A, to the three decimals printed there.
const std::vector<std::pair<double, double>> six_mp_survival{{6, 0.857}, {7, 0.807}, {10, 0.753}, {13, 0.690},
                                                            {16, 0.627}, {22, 0.538}, {23, 0.448}};

template <typename Estimator>
Estimator fill(const std::vector<Observation>& data, Estimator estimator) {
  for (const Observation& o : data) estimator.add(o.duration, o.observed);
  return estimator;
}

}  // namespace

TEST_CASE("Kaplan–Meier reproduces the 6-MP leukaemia table, median and restricted mean") {
  const SurvivalCurve curve = fill(six_mp, KaplanMeier{}).curve();
  REQUIRE(curve.steps().size() == six_mp_survival.size());
  for (std::size_t j = 0; j < six_mp_survival.size(); ++j) {
    CHECK(curve.steps()[j].time == six_mp_survival[j].first);
    CHECK(curve.steps()[j].survival == doctest::Approx(six_mp_survival[j].second).epsilon(0.0008));
  }
  CHECK(curve.steps()[0].at_risk == 21);
  CHECK(curve.steps()[0].events == 3);
  CHECK(curve.steps()[1].at_risk == 17);  // the 6+ left after the tied events
  CHECK(curve.events() == 9);
  CHECK(curve.censored() == 12);
  CHECK(curve.survival(5.9) == 1.0);
  CHECK(curve.survival(12.9) == doctest::Approx(0.753).epsilon(0.001));
  CHECK(curve.survival(40) == doctest::Approx(0.448).epsilon(0.001));
  CHECK(curve.median() == 23.0);  // the textbook's median remission
  // Area to 35 weeks, by hand from the exact fractions:
  // 6 + 1(18/21) + 3(18/21)(16/17) + 3(..)(14/15) + 3(..)(11/12) + 6(..)(10/11)
  //   + 1(..)(6/7) + 12(..)(5/6) = 23.2874 weeks.
  const double s6 = 18.0 / 21, s7 = s6 * 16 / 17, s10 = s7 * 14 / 15, s13 = s10 * 11 / 12, s16 = s13 * 10 / 11,
               s22 = s16 * 6 / 7, s23 = s22 * 5 / 6;
  const double area = 6 + 1 * s6 + 3 * s7 + 3 * s10 + 3 * s13 + 6 * s16 + 1 * s22 + 12 * s23;
  CHECK(area == doctest::Approx(23.2874).epsilon(1e-5));
  CHECK(curve.restricted_mean(35) == doctest::Approx(area).epsilon(1e-12));
  CHECK(curve.restricted_mean(6) == doctest::Approx(6.0));
  CHECK(curve.restricted_mean(0) == 0.0);

  // The binned estimator separates these integer weeks into distinct buckets,
  // so it gives the same curve at times within 0.5 %.
  const BinnedKaplanMeier binned = fill(six_mp, BinnedKaplanMeier{0.005});
  const SurvivalCurve approximate = binned.curve();
  REQUIRE(approximate.steps().size() == curve.steps().size());
  for (std::size_t j = 0; j < curve.steps().size(); ++j) {
    CHECK(approximate.steps()[j].time == doctest::Approx(curve.steps()[j].time).epsilon(0.005));
    CHECK(approximate.steps()[j].survival == doctest::Approx(curve.steps()[j].survival).epsilon(1e-12));
  }
  CHECK(approximate.median() == doctest::Approx(23.0).epsilon(0.005));
  CHECK(approximate.restricted_mean(35) == doctest::Approx(area).epsilon(0.005));
}

TEST_CASE("when over half is censored beyond the last event, the median is not reached") {
  // 1, 2+, 3+, 4+: S = 3/4 from t = 1 on.
  const SurvivalCurve curve = fill({{1, true}, {2, false}, {3, false}, {4, false}}, KaplanMeier{}).curve();
  CHECK(curve.survival(1) == 0.75);
  CHECK(std::isnan(curve.median()));
  CHECK(curve.restricted_mean(4) == doctest::Approx(1 + 3 * 0.75));
  // Beyond the largest duration the curve is held at its last value.
  CHECK(curve.restricted_mean(10) == doctest::Approx(1 + 9 * 0.75));
  CHECK(std::isnan(KaplanMeier{}.curve().median()));
  CHECK(std::isnan(KaplanMeier{}.curve().restricted_mean(1)));
  CHECK_THROWS_AS(KaplanMeier{}.add(-1, true), std::invalid_argument);
  CHECK_THROWS_AS(BinnedKaplanMeier{}.add(std::nan(""), false), std::invalid_argument);
}

TEST_CASE("without censoring, Kaplan–Meier is the empirical distribution and the restricted mean is E[min(T, tau)]") {
  RandomStream random(5, 0, "km/uncensored");
  std::vector<double> values;
  KaplanMeier exact;
  BinnedKaplanMeier binned;
  QuantileSketch sketch;
  for (int i = 0; i < 1001; ++i) {
    const double x = random.exponential(40.0);
    values.push_back(x);
    exact.add(x, true);
    binned.add(x, true);
    sketch.add(x);
  }
  std::sort(values.begin(), values.end());
  const SurvivalCurve curve = exact.curve();
  const double n = static_cast<double>(values.size());
  for (const double t : {1.0, 10.0, 40.0, 100.0, 250.0}) {
    const double above = static_cast<double>(values.end() - std::upper_bound(values.begin(), values.end(), t));
    CHECK(curve.survival(t) == doctest::Approx(above / n).epsilon(1e-12));
  }
  // Median: the order statistic of rank ceil(n/2) (index 500 of 0..1000).
  CHECK(curve.median() == values[500]);
  for (const double tau : {20.0, 60.0, 1e6}) {
    double sum = 0;
    for (const double x : values) sum += std::min(x, tau);
    CHECK(curve.restricted_mean(tau) == doctest::Approx(sum / n).epsilon(1e-12));
    CHECK(binned.curve().restricted_mean(tau) == doctest::Approx(sum / n).epsilon(0.005));
  }
  // The binned curve without censoring: the same bucket and the same centre
  // as the quantile sketch's median, so "KM median" and "median of resolved
  // issues" agree exactly when nothing is censored.
  CHECK(binned.curve().median() == sketch.quantile(0.5));
  CHECK(binned.curve().median() == doctest::Approx(values[500]).epsilon(0.005));
  CHECK(binned.curve(true).median() == binned.curve().median());  // no censoring, no bracket
}

TEST_CASE("without censoring and with an even count, the median is the lower middle value despite rounding") {
  // S after n/2 of n events is 1/2 exactly, but the product of n/2 factors
  // (1 - 1/k) rounds; the median must not move on to the next value.
  for (const int n : {94, 1000, 4096}) {
    RandomStream random(static_cast<std::uint64_t>(n), 0, "km/even");
    std::vector<double> values;
    KaplanMeier exact;
    BinnedKaplanMeier binned;
    QuantileSketch sketch;
    for (int i = 0; i < n; ++i) {
      values.push_back(random.exponential(30.0));
      exact.add(values.back(), true);
      binned.add(values.back(), true);
      sketch.add(values.back());
    }
    std::sort(values.begin(), values.end());
    CHECK(exact.curve().median() == values[static_cast<std::size_t>(n / 2 - 1)]);
    CHECK(binned.curve().median() == sketch.quantile(0.5));
  }
}

TEST_CASE("the binned Kaplan–Meier brackets the exact curve and bounds its median") {
  // Administrative censoring, as at a run's horizon: issues arise uniformly
  // over a window and those not resolved by its end are censored at their age.
  RandomStream random(11, 0, "km/binned");
  KaplanMeier exact;
  BinnedKaplanMeier binned;
  std::uint64_t censored = 0;
  const double window = 400;
  for (int i = 0; i < 20000; ++i) {
    const double arose = random.uniform(0, window);
    const double duration = random.exponential(150.0);
    const bool observed = arose + duration <= window;
    censored += observed ? 0 : 1;
    exact.add(observed ? duration : window - arose, observed);
    binned.add(observed ? duration : window - arose, observed);
  }
  REQUIRE(censored > 5000);
  const SurvivalCurve truth = exact.curve(), upper = binned.curve(), lower = binned.curve(true);
  // At the end of each bucket, lower <= exact <= upper.
  for (const SurvivalStep& step : upper.steps()) {
    const double end = binned.bucket_edges(step.time).second;
    CHECK(lower.survival(step.time) <= truth.survival(end) + 1e-12);
    CHECK(truth.survival(end) <= step.survival + 1e-12);
  }
  const double median = truth.median();
  CHECK(median > binned.bucket_edges(lower.median()).first);
  CHECK(median <= binned.bucket_edges(upper.median()).second);
  CHECK(upper.median() == doctest::Approx(median).epsilon(0.011));
  CHECK(upper.restricted_mean(window) == doctest::Approx(truth.restricted_mean(window)).epsilon(0.006));
  // The estimator corrects the resolved-only view: the exponential's median
  // is 150 ln 2 = 104, the median of the observed durations far less.
  KaplanMeier observed_only;
  for (const SurvivalStep& step : truth.steps()) {
    for (std::uint64_t k = 0; k < step.events; ++k) observed_only.add(step.time, true);
  }
  CHECK(observed_only.curve().median() < 0.8 * median);
  CHECK(median == doctest::Approx(150 * std::log(2.0)).epsilon(0.1));
}
