#pragma once
// How each lever acts: every functional form of the governance model, in one
// place, as pure functions. docs/odd.md ("Submodels") states the same
// formulas with the argument behind each; tests/models/lever_effects_test.cpp
// checks their directions and bounds. Probabilities stay in [0, 1] for every
// input the scenario schema accepts. Every number that shapes a result is
// an argument: the behavioural assumptions come from the scenario's
// `assumptions:` section (models/scenario.hpp), declared with unit, range
// and source in scenario_schema.cpp.

#include <algorithm>
#include <cmath>

namespace tiaokuai::models::governance {

// Multiplier on detection, message and re-call delays and on misrouting.
// `information_reach` is the share of a paper-era delay or error an
// integrated platform removes (at information level 1). Not all of it:
// someone still has to walk the grid and read the screen.
inline double information_factor(double information_level, double information_reach) {
  return 1.0 - information_reach * information_level;
}

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
// attempt fails: a real attempt at effort e succeeds with
// floor + (1 - floor) e, so a team that does not care still fixes the easy
// `success_floor` share (by default three quarters).
inline double work_success_probability(double formalism, double effort, double success_floor) {
  return (1.0 - formalism) * (success_floor + (1.0 - success_floor) * effort);
}

// Formalism a department's assessment breeds: heavy weight on township
// scores turns a share of its real fixes into box-ticking shams that earn
// the score (`formalism_incentive` per unit of weight). Call-backs to
// residents catch some of them (the caller's part).
inline double effective_formalism(double formalism, double incentive_weight, double formalism_incentive) {
  return formalism + (1.0 - formalism) * formalism_incentive * incentive_weight;
}

// Chance a latent issue is reported: issues arise at the rate reported at
// information level 1, (1 + gain) times the category's rate (its rate at
// level 0), and each is reported with this probability, rising linearly with
// the information level. The caller compares it with one fixed draw per
// latent issue, so the issues reported at a lower level are a subset of
// those at a higher one.
inline double report_probability(double information_level, double reporting_gain) {
  return (1.0 + reporting_gain * information_level) / (1.0 + reporting_gain);
}

// Mean township Party leader time one convening takes: Party coordination
// is leaders' time, so it grows with the coordination it buys.
inline double party_leader_mean_hours(double party_leader_hours, double party_coordination) {
  return party_leader_hours * party_coordination;
}

// The lead-department rule multiplies the time to convene a joint action and
// the chance it falls apart by `lead_factor` (by default a half): one
// department owns the case.
inline double coordination_mean_hours(double coordination_hours, double party_coordination, bool lead_department,
                                      double lead_factor) {
  return coordination_hours * (1.0 - party_coordination) * (lead_department ? lead_factor : 1.0);
}

inline double breakup_probability(double joint_breakup, double party_coordination, bool lead_department, double lead_factor) {
  return joint_breakup * (1.0 - party_coordination) * (lead_department ? lead_factor : 1.0);
}

// The township's score of one call, in [0, 1]: `promptness_share` for
// promptness (exp(-response / norm)), the rest for a real solution (by
// default half and half). A refusal scores 0.
inline double call_score(double response_hours, double response_norm_hours, bool solved, double promptness_share) {
  return promptness_share * std::exp(-response_hours / response_norm_hours) + (solved ? 1.0 - promptness_share : 0.0);
}

// Residents' satisfaction with a resolved issue, in (0, 1]: falls with
// latency, to e^(-1 / patience) at the category's deadline (patience 2, the
// default, gives about 0.61). `patience` is in deadlines.
inline double satisfaction(double resolution_hours, double deadline_hours, double patience) {
  return std::exp(-resolution_hours / (patience * deadline_hours));
}

// The incentive pull of one assessment: township scores weigh in with
// `incentive_weight`; a good mean score earns rewards, a poor one brings
// penalties, and both make effort pay. Rewards move officials more than
// penalties do (docs/sources.md S51, river-chief studies): a unit of penalty
// pulls `penalty_efficacy` as hard as a unit of reward (by default a half,
// a guess: docs/odd.md A44).
inline double incentive_pull(double incentive_weight, double reward, double penalty, double mean_score,
                             double penalty_efficacy) {
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
