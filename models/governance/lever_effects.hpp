#pragma once
// How each lever acts: every functional form of the governance model, in one
// place, as pure functions. docs/odd.md ("Submodels") states the same
// formulas with the argument behind each; tests/models/lever_effects_test.cpp
// checks their directions and bounds. Probabilities stay in [0, 1] for every
// input the scenario schema accepts.

#include <algorithm>
#include <cmath>

namespace tiaokuai::models::governance {

// Share of a paper-era delay or error an integrated platform removes (at
// information level 1). Not all of it: someone still has to walk the grid
// and read the screen.
inline constexpr double information_reach = 0.8;

// Multiplier on detection, message and re-call delays and on misrouting.
inline double information_factor(double information_level) { return 1.0 - information_reach * information_level; }

// A called department refuses ("not our responsibility") more often when
// responsibility is unclear, less often with effort and with Party
// coordination. County-pushed calls and non-lead departments under the
// lead-department rule cannot refuse (the caller passes 0 then).
inline double shirk_probability(double ambiguity, double effort, double party_coordination) {
  return ambiguity * (1.0 - effort) * (1.0 - party_coordination);
}

// Mean time to get a team moving: none at full effort.
inline double mobilise_mean_hours(double mobilise_hours, double effort) { return mobilise_hours * (1.0 - effort); }

// Work succeeds unless the report is a sham (formalism) or a half-hearted
// attempt fails: a real attempt at effort e succeeds with (3 + e) / 4, so a
// team that does not care still fixes the easy three quarters.
inline double work_success_probability(double formalism, double effort) {
  return (1.0 - formalism) * (0.75 + 0.25 * effort);
}

// The lead-department rule halves the time to convene a joint action and
// the chance it falls apart: one department owns the case.
inline constexpr double lead_department_factor = 0.5;

inline double coordination_mean_hours(double coordination_hours, double party_coordination, bool lead_department) {
  return coordination_hours * (1.0 - party_coordination) * (lead_department ? lead_department_factor : 1.0);
}

inline double breakup_probability(double joint_breakup, double party_coordination, bool lead_department) {
  return joint_breakup * (1.0 - party_coordination) * (lead_department ? lead_department_factor : 1.0);
}

// The township's score of one call, in [0, 1]: half for promptness
// (exp(-response / norm)), half for a real solution. A refusal scores 0.
inline double call_score(double response_hours, double response_norm_hours, bool solved) {
  return 0.5 * std::exp(-response_hours / response_norm_hours) + (solved ? 0.5 : 0.0);
}

// Residents' satisfaction with a resolved issue, in (0, 1]: falls with
// latency, to e^-1/2 (about 0.61) at the category's deadline.
inline double satisfaction(double resolution_hours, double deadline_hours) {
  return std::exp(-resolution_hours / (2.0 * deadline_hours));
}

// Rewards move officials more than penalties do (docs/sources.md S51, river-chief
// studies): a unit of penalty pulls half as hard as a unit of reward (the half is
// a guess; docs/odd.md, section 7).
inline constexpr double penalty_efficacy = 0.5;

// The incentive pull of one assessment: township scores weigh in with
// `incentive_weight`; a good mean score earns rewards, a poor one brings
// penalties, and both make effort pay.
inline double incentive_pull(double incentive_weight, double reward, double penalty, double mean_score) {
  return incentive_weight * (reward * mean_score + penalty_efficacy * penalty * (1.0 - mean_score));
}

// Effort after an assessment: the pull raises effort towards 1, the drift
// lowers it towards 0, and the department acts on `adaptation_rate` of the
// imbalance. Its resting point is pull / (pull + drift); without incentives
// (pull 0) effort decays geometrically: "report but don't act".
inline double next_effort(double effort, double pull, double adaptation_rate, double effort_drift) {
  return std::clamp(effort + adaptation_rate * (pull * (1.0 - effort) - effort_drift * effort), 0.0, 1.0);
}

// Demand feedback: the arrival rate is scaled by (recent satisfaction /
// satisfaction in the first assessment period) ^ elasticity.
inline double demand_multiplier(double elasticity, double recent_satisfaction, double reference_satisfaction) {
  if (elasticity == 0.0 || !(reference_satisfaction > 0.0) || !(recent_satisfaction >= 0.0)) return 1.0;
  return std::pow(recent_satisfaction / reference_satisfaction, elasticity);
}

}  // namespace tiaokuai::models::governance
