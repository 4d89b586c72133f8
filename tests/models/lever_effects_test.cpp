// The functional forms of the levers: directions, bounds, resting points.
#include <doctest/doctest.h>

#include "models/governance/lever_effects.hpp"

using namespace tiaokuai::models::governance;

TEST_CASE("probabilities stay in [0, 1] at the extremes of every input") {
  for (const double a : {0.0, 0.5, 1.0}) {
    for (const double b : {0.0, 0.5, 1.0}) {
      for (const double c : {0.0, 0.5, 1.0}) {
        CHECK(shirk_probability(a, b, c) >= 0.0);
        CHECK(shirk_probability(a, b, c) <= 1.0);
        CHECK(work_success_probability(a, b) >= 0.0);
        CHECK(work_success_probability(a, b) <= 1.0);
        CHECK(breakup_probability(a, b, c > 0.5) <= 1.0);
        CHECK(call_score(a * 10, 0.5 + b, c > 0.5) <= 1.0);
        CHECK(next_effort(a, b, c, 0.5) >= 0.0);
        CHECK(next_effort(a, b * 10, c, 0.5) <= 1.0);
      }
    }
  }
}

TEST_CASE("shirking grows with ambiguity and falls with effort and Party coordination") {
  CHECK(shirk_probability(0.8, 0.5, 0.3) > shirk_probability(0.2, 0.5, 0.3));
  CHECK(shirk_probability(0.5, 0.9, 0.3) < shirk_probability(0.5, 0.1, 0.3));
  CHECK(shirk_probability(0.5, 0.5, 0.9) < shirk_probability(0.5, 0.5, 0.1));
  CHECK(shirk_probability(0.0, 0.5, 0.3) == 0.0);
}

TEST_CASE("information, Party and the lead department shorten delays") {
  CHECK(information_factor(1.0) == doctest::Approx(1.0 - information_reach));
  CHECK(information_factor(0.0) == 1.0);
  CHECK(coordination_mean_hours(24, 0.8, false) < coordination_mean_hours(24, 0.2, false));
  CHECK(coordination_mean_hours(24, 0.2, true) < coordination_mean_hours(24, 0.2, false));
  CHECK(breakup_probability(0.3, 0.8, false) < breakup_probability(0.3, 0.2, false));
  CHECK(mobilise_mean_hours(4, 1.0) == 0.0);
}

TEST_CASE("work succeeds more often with effort and less with formalism") {
  CHECK(work_success_probability(0.1, 0.9) > work_success_probability(0.1, 0.2));
  CHECK(work_success_probability(0.3, 0.5) < work_success_probability(0.1, 0.5));
  CHECK(work_success_probability(0.0, 1.0) == 1.0);
}

TEST_CASE("scores and satisfaction fall with latency") {
  CHECK(call_score(1, 2, true) > call_score(5, 2, true));
  CHECK(call_score(1, 2, true) > call_score(1, 2, false));
  CHECK(satisfaction(10, 168) > satisfaction(100, 168));
  CHECK(satisfaction(168, 168) == doctest::Approx(0.6065).epsilon(1e-3));
}

TEST_CASE("a unit of reward pulls harder than a unit of penalty") {
  // Same money, different framing: all reward for a good score against all
  // penalty for a poor one.
  CHECK(incentive_pull(0.3, 1.0, 0.0, 1.0) > incentive_pull(0.3, 0.0, 1.0, 0.0));
  CHECK(incentive_pull(0.0, 1.0, 1.0, 0.5) == 0.0);
}

TEST_CASE("effort decays without incentives and rests at pull / (pull + drift) with them") {
  double effort = 0.7;
  for (int period = 0; period < 12; ++period) {
    const double next = next_effort(effort, 0.0, 0.3, 0.1);
    CHECK(next < effort);
    effort = next;
  }
  effort = 0.1;
  for (int period = 0; period < 2000; ++period) effort = next_effort(effort, 0.3, 0.3, 0.1);
  CHECK(effort == doctest::Approx(0.3 / (0.3 + 0.1)).epsilon(1e-6));
}

TEST_CASE("demand follows satisfaction only when feedback is on") {
  CHECK(demand_multiplier(0.0, 0.9, 0.6) == 1.0);
  CHECK(demand_multiplier(2.0, 0.9, 0.6) > 1.0);
  CHECK(demand_multiplier(2.0, 0.3, 0.6) < 1.0);
}
