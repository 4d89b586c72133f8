// The posterior predictive check (calibration/predictive_check.hpp): z on
// the predictive scale of an observation, the declared model discrepancy
// included, as the fit includes it.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "calibration/predictive_check.hpp"

using namespace tiaokuai::calibration;

TEST_CASE("the predictive check's z counts the observation's sd, the discrepancy and the simulated spread") {
  // One target observed at 1.0 (sd 0.3); draws 0, 0, 0.6, 0.6: mean 0.3,
  // sample variance 0.12; a NaN draw is left out.
  const std::vector<Target> targets{Target{"m", 1.0, 0.3, "S1"}};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<std::vector<double>> predictive{{0.0}, {0.0}, {0.6}, {0.6}, {nan}};
  const TargetCheck plain = check_targets(targets, {0.0}, predictive).at(0);
  CHECK(plain.draws == 4);
  CHECK(plain.simulated_mean == doctest::Approx(0.3));
  CHECK(plain.z == doctest::Approx(0.7 / std::sqrt(0.09 + 0.12)));  // 1.53
  CHECK(plain.consistent);
  const TargetCheck tight = check_targets({Target{"m", 1.0, 0.01, "S1"}}, {0.0}, {{0.3}, {0.3}}).at(0);
  CHECK(tight.z == doctest::Approx(70.0));
  CHECK_FALSE(tight.consistent);
  // A declared discrepancy of 0.4 widens the scale: sqrt(0.0001 + 0.16) for a target 0.7 away.
  const TargetCheck widened = check_targets({Target{"m", 1.0, 0.01, "S1"}}, {0.4}, {{0.3}, {0.3}}).at(0);
  CHECK(widened.z == doctest::Approx(0.7 / std::sqrt(0.0001 + 0.16)));
  CHECK(widened.consistent);
}
