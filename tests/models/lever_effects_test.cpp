// The functional forms of the levers: directions, bounds, resting points.
#include <doctest/doctest.h>

#include <cmath>

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
  CHECK(assume.satisfaction_share == 1.0 / 3);
  CHECK(assume.effort_shock_sd == 0.03);
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
        CHECK(next_effort(a, b, c, -0.5) >= 0.0);
        CHECK(next_effort(a, b, c, 0.5) <= 1.0);
        CHECK(resting_effort(a * 10, b) >= 0.0);
        CHECK(resting_effort(a * 10, b) <= 1.0);
        CHECK(period_score(a * 4, 4, b * 2, 2, c, 0.5) >= 0.0);
        CHECK(period_score(a * 4, 4, b * 2, 2, c, 0.5) <= 1.0);
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
  // A stronger penalty efficacy: a score short of the target pulls harder;
  // one at the target is unchanged.
  CHECK(incentive_pull(0.3, 1.0, 1.0, 1.0, 0.5, 0.2, 0.7) > incentive_pull(0.3, 1.0, 1.0, 0.5, 0.5, 0.2, 0.7));
  CHECK(incentive_pull(0.3, 1.0, 1.0, 1.0, 0.5, 0.7, 0.7) == incentive_pull(0.3, 1.0, 1.0, 0.5, 0.5, 0.7, 0.7));
  // More weight on satisfaction: a department with happy residents but poor
  // ratings scores higher.
  CHECK(period_score(1.0, 4, 1.8, 2, 0.6, 0.5) > period_score(1.0, 4, 1.8, 2, 0.2, 0.5));
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
  // Promptness is half marks at the response target, whatever its length:
  // an 8-hour report on a general issue (target 16.8 h) still earns a good
  // part of it, the same report on an emergency (target 2.4 h) little.
  CHECK(call_score(16.8, 16.8, false, 1.0) == doctest::Approx(0.5));
  CHECK(call_score(2.4, 2.4, false, 1.0) == doctest::Approx(0.5));
  CHECK(call_score(8, 16.8, false, 1.0) > 0.7);
  CHECK(call_score(8, 2.4, false, 1.0) < 0.1);
  CHECK(satisfaction(10, 168, patience) > satisfaction(100, 168, patience));
  CHECK(satisfaction(168, 168, patience) == doctest::Approx(0.6065).epsilon(1e-3));
}

TEST_CASE("a unit of reward pulls harder than a unit of penalty") {
  // Same money, different framing: all reward for the top rank against all
  // penalty for the bottom rank short of the target by everything.
  const double efficacy = assume.penalty_efficacy;
  CHECK(incentive_pull(0.3, 1.0, 0.0, efficacy, 1.0, 0.0, 0.7) > incentive_pull(0.3, 0.0, 1.0, efficacy, 0.0, 0.0, 0.7));
  CHECK(incentive_pull(0.0, 1.0, 1.0, efficacy, 0.0, 0.0, 0.7) == 0.0);
}

TEST_CASE("a period score mixes ratings and satisfaction, or carries the last one over") {
  CHECK(period_score(3.0, 4, 1.0, 2, 1.0 / 3, 0.9) == doctest::Approx(2.0 / 3 * 0.75 + 1.0 / 3 * 0.5));
  CHECK(period_score(3.0, 4, 0.0, 0, 1.0 / 3, 0.9) == doctest::Approx(0.75));
  CHECK(period_score(0.0, 0, 1.0, 2, 1.0 / 3, 0.9) == doctest::Approx(0.5));
  CHECK(period_score(0.0, 0, 0.0, 0, 1.0 / 3, 0.9) == 0.9);
}

TEST_CASE("departments rank from 0 (worst) to 1 (best), ties share a rank") {
  const double scores[] = {0.4, 0.9, 0.4, 0.1};
  CHECK(rank_among(scores, 4, 3) == 0.0);
  CHECK(rank_among(scores, 4, 1) == 1.0);
  CHECK(rank_among(scores, 4, 0) == doctest::Approx(0.5));
  CHECK(rank_among(scores, 4, 2) == rank_among(scores, 4, 0));
  CHECK(rank_among(scores, 1, 0) == 0.5);
  const double equal[] = {0.6, 0.6, 0.6};
  for (std::size_t d = 0; d < 3; ++d) CHECK(rank_among(equal, 3, d) == 0.5);
}

TEST_CASE("rewards pull the top, penalties the bottom and those short of the target") {
  const double efficacy = assume.penalty_efficacy;
  // Rewards rise with rank.
  CHECK(incentive_pull(0.3, 1.0, 0.0, efficacy, 1.0, 0.5, 0.7) > incentive_pull(0.3, 1.0, 0.0, efficacy, 0.0, 0.5, 0.7));
  // Penalties grow with the shortfall and vanish at the target.
  CHECK(incentive_pull(0.3, 0.0, 1.0, efficacy, 0.5, 0.2, 0.7) > incentive_pull(0.3, 0.0, 1.0, efficacy, 0.5, 0.5, 0.7));
  CHECK(incentive_pull(0.3, 0.0, 1.0, efficacy, 0.5, 0.7, 0.7) == 0.0);
  CHECK(incentive_pull(0.3, 0.0, 1.0, efficacy, 0.0, 0.95, 0.7) == 0.0);
  // Asymmetry: a unit more penalty moves the bottom-ranked department twice
  // as much as the top-ranked one at the same shortfall.
  const double bottom = incentive_pull(0.3, 1.0, 2.0, efficacy, 0.0, 0.4, 0.7) - incentive_pull(0.3, 1.0, 1.0, efficacy, 0.0, 0.4, 0.7);
  const double top = incentive_pull(0.3, 1.0, 2.0, efficacy, 1.0, 0.4, 0.7) - incentive_pull(0.3, 1.0, 1.0, efficacy, 1.0, 0.4, 0.7);
  CHECK(top > 0.0);
  CHECK(bottom == doctest::Approx(2.0 * top));
  // The weight scales everything.
  CHECK(incentive_pull(0.6, 1.0, 1.0, efficacy, 0.3, 0.4, 0.7) == doctest::Approx(2.0 * incentive_pull(0.3, 1.0, 1.0, efficacy, 0.3, 0.4, 0.7)));
}

TEST_CASE("effort decays without incentives and rests at pull / (pull + drift) with them") {
  CHECK(resting_effort(0.0, 0.1) == 0.0);
  CHECK(resting_effort(0.3, 0.1) == doctest::Approx(0.75));
  CHECK(resting_effort(0.3, 0.2) < resting_effort(0.3, 0.1));
  double effort = 0.7;
  for (int period = 0; period < 12; ++period) {
    const double next = next_effort(effort, resting_effort(0.0, 0.1), 0.3, 0.0);
    CHECK(next < effort);
    effort = next;
  }
  // From either side, effort approaches the resting point geometrically.
  for (const double start : {0.05, 0.95}) {
    effort = start;
    for (int period = 0; period < 200; ++period) effort = next_effort(effort, resting_effort(0.3, 0.1), 0.3, 0.0);
    CHECK(effort == doctest::Approx(0.75).epsilon(1e-9));
  }
  CHECK(std::abs(next_effort(0.2, 0.75, 0.3, 0.0) - 0.75) == doctest::Approx(0.7 * 0.55));
  // A shock moves it; the bounds hold.
  CHECK(next_effort(0.5, 0.5, 0.3, 0.05) == doctest::Approx(0.55));
  CHECK(next_effort(0.01, 0.0, 0.3, -0.2) == 0.0);
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
