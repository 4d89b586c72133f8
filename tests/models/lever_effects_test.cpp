// The functional forms of the levers: directions, bounds, resting points.
#include <doctest/doctest.h>

#include "models/governance/lever_effects.hpp"
#include "models/scenario.hpp"

using namespace tiaokuai::models::governance;

namespace {
// The declared defaults of the behavioural assumptions (scenario_schema.cpp).
const tiaokuai::models::Assumptions assume{};
}  // namespace

TEST_CASE("the assumptions' defaults are the constants the model had before they were declared") {
  // Changing one changes every result: update the golden files with it.
  CHECK(assume.information_reach == 0.8);
  CHECK(assume.success_floor == 0.75);
  CHECK(assume.lead_department_factor == 0.5);
  CHECK(assume.penalty_efficacy == 0.5);
  CHECK(assume.promptness_share == 0.5);
  CHECK(assume.satisfaction_patience == 2.0);
  CHECK(assume.initial_score == 0.5);
  CHECK(assume.escalated_effort == 1.0);
  CHECK(assume.vertical_job_hours == 4.0);
  CHECK(assume.stationed_travel_minutes == 10.0);
}

TEST_CASE("probabilities stay in [0, 1] at the extremes of every input") {
  for (const double a : {0.0, 0.5, 1.0}) {
    for (const double b : {0.0, 0.5, 1.0}) {
      for (const double c : {0.0, 0.5, 1.0}) {
        CHECK(shirk_probability(a, b, c) >= 0.0);
        CHECK(shirk_probability(a, b, c) <= 1.0);
        CHECK(work_success_probability(a, b, c) >= 0.0);
        CHECK(work_success_probability(a, b, c) <= 1.0);
        CHECK(breakup_probability(a, b, c > 0.5, b) <= 1.0);
        CHECK(call_score(a * 10, 0.5 + b, c > 0.5, c) >= 0.0);
        CHECK(call_score(a * 10, 0.5 + b, c > 0.5, c) <= 1.0);
        CHECK(information_factor(a, b) >= 0.0);
        CHECK(information_factor(a, b) <= 1.0);
        CHECK(satisfaction(a * 100, 24, 0.01 + b * 100) > 0.0);
        CHECK(satisfaction(a * 100, 24, 0.01 + b * 100) <= 1.0);
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
  const double reach = assume.information_reach, lead = assume.lead_department_factor;
  CHECK(information_factor(1.0, reach) == doctest::Approx(1.0 - reach));
  CHECK(information_factor(0.0, reach) == 1.0);
  CHECK(coordination_mean_hours(24, 0.8, false, lead) < coordination_mean_hours(24, 0.2, false, lead));
  CHECK(coordination_mean_hours(24, 0.2, true, lead) < coordination_mean_hours(24, 0.2, false, lead));
  CHECK(breakup_probability(0.3, 0.8, false, lead) < breakup_probability(0.3, 0.2, false, lead));
  CHECK(breakup_probability(0.3, 0.2, true, lead) < breakup_probability(0.3, 0.2, false, lead));
  CHECK(mobilise_mean_hours(4, 1.0) == 0.0);
}

TEST_CASE("each assumption moves its form in the documented direction") {
  // A longer reach: an integrated platform removes more of the delay.
  CHECK(information_factor(0.5, 0.9) < information_factor(0.5, 0.6));
  CHECK(information_factor(0.5, 0.0) == 1.0);
  // A lower lead factor: the rule shortens coordination and break-up more;
  // at 1 it does nothing.
  CHECK(coordination_mean_hours(24, 0.2, true, 0.25) < coordination_mean_hours(24, 0.2, true, 0.5));
  CHECK(coordination_mean_hours(24, 0.2, true, 1.0) == coordination_mean_hours(24, 0.2, false, 1.0));
  CHECK(breakup_probability(0.3, 0.2, true, 0.25) < breakup_probability(0.3, 0.2, true, 0.5));
  // A higher floor: indifferent teams still fix more; at 1 effort is irrelevant.
  CHECK(work_success_probability(0.1, 0.2, 0.9) > work_success_probability(0.1, 0.2, 0.5));
  CHECK(work_success_probability(0.0, 0.2, 1.0) == 1.0);
  CHECK(work_success_probability(0.0, 1.0, 0.3) == 1.0);
  // More weight on promptness: a slow solved call scores lower, a prompt
  // refused-to-solve one higher.
  CHECK(call_score(8, 2, true, 0.8) < call_score(8, 2, true, 0.2));
  CHECK(call_score(0.1, 2, false, 0.8) > call_score(0.1, 2, false, 0.2));
  // More patient residents: the same latency satisfies more.
  CHECK(satisfaction(100, 168, 4) > satisfaction(100, 168, 2));
  // A stronger penalty: a poor score pulls harder; a perfect one is unchanged.
  CHECK(incentive_pull(0.3, 1.0, 1.0, 0.2, 1.0) > incentive_pull(0.3, 1.0, 1.0, 0.2, 0.5));
  CHECK(incentive_pull(0.3, 1.0, 1.0, 1.0, 1.0) == incentive_pull(0.3, 1.0, 1.0, 1.0, 0.5));
}

TEST_CASE("work succeeds more often with effort and less with formalism") {
  const double floor = assume.success_floor;
  CHECK(work_success_probability(0.1, 0.9, floor) > work_success_probability(0.1, 0.2, floor));
  CHECK(work_success_probability(0.3, 0.5, floor) < work_success_probability(0.1, 0.5, floor));
  CHECK(work_success_probability(0.0, 1.0, floor) == 1.0);
  CHECK(work_success_probability(0.0, 0.0, floor) == 0.75);
}

TEST_CASE("scores and satisfaction fall with latency") {
  const double share = assume.promptness_share, patience = assume.satisfaction_patience;
  CHECK(call_score(1, 2, true, share) > call_score(5, 2, true, share));
  CHECK(call_score(1, 2, true, share) > call_score(1, 2, false, share));
  CHECK(call_score(0, 2, true, share) == 1.0);
  CHECK(satisfaction(10, 168, patience) > satisfaction(100, 168, patience));
  CHECK(satisfaction(168, 168, patience) == doctest::Approx(0.6065).epsilon(1e-3));
}

TEST_CASE("a unit of reward pulls harder than a unit of penalty") {
  // Same money, different framing: all reward for a good score against all
  // penalty for a poor one.
  const double efficacy = assume.penalty_efficacy;
  CHECK(incentive_pull(0.3, 1.0, 0.0, 1.0, efficacy) > incentive_pull(0.3, 0.0, 1.0, 0.0, efficacy));
  CHECK(incentive_pull(0.0, 1.0, 1.0, 0.5, efficacy) == 0.0);
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

TEST_CASE("formalism grows with the weight of township scores, and stays a probability") {
  CHECK(effective_formalism(0.1, 0.0, 0.2) == 0.1);  // no score, no box-ticking
  CHECK(effective_formalism(0.1, 0.5, 0.2) > effective_formalism(0.1, 0.2, 0.2));
  CHECK(effective_formalism(0.1, 1.0, 0.2) == doctest::Approx(0.1 + 0.9 * 0.2));
  CHECK(effective_formalism(0.1, 1.0, 0.0) == 0.1);  // without the pull, weight is free of formalism
  CHECK(effective_formalism(1.0, 1.0, 1.0) == 1.0);
  CHECK(effective_formalism(0.0, 1.0, 1.0) == 1.0);
}

TEST_CASE("a higher information level reports more of the latent issues, all of them at level 1") {
  CHECK(report_probability(1.0, 1.0) == 1.0);
  CHECK(report_probability(0.0, 1.0) == 0.5);
  CHECK(report_probability(0.6, 1.0) > report_probability(0.3, 1.0));
  CHECK(report_probability(0.0, 0.0) == 1.0);  // no gain: every issue is reported at any level
  CHECK(report_probability(0.3, 0.0) == 1.0);
}

TEST_CASE("Party coordination takes leaders' time in proportion") {
  CHECK(party_leader_mean_hours(4.0, 0.0) == 0.0);
  CHECK(party_leader_mean_hours(4.0, 0.5) == 2.0);
  CHECK(party_leader_mean_hours(4.0, 1.0) == 4.0);
}
