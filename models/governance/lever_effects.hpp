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
// promptness, the rest for a real solution (by default half and half). A
// refusal scores 0. Promptness is 2^(-response / target): 1 for an instant
// report, a half at the call's response target, a quarter at twice it. The
// target follows the category's urgency (a share of its deadline: hours for
// an emergency, a day or two for a general issue; docs/odd.md A56), so
// promptness varies with how each department keeps up instead of sitting
// near 0 for every department whose teams take longer than a fixed norm.
inline double call_score(double response_hours, double response_target_hours, bool solved, double promptness_share) {
  return promptness_share * std::exp2(-response_hours / response_target_hours) + (solved ? 1.0 - promptness_share : 0.0);
}

// A department's score for one assessment period, in [0, 1]: the townships'
// ratings of its calls (mean call_score) and residents' call-back
// satisfaction with the issues it worked on, `satisfaction_share` for the
// latter (by default a third: Beijing ranks on response, resolution and
// satisfaction, docs/sources.md S15). Either part alone when the other has
// no observations in the period; `previous` (the last period's score) when
// neither has.
inline double period_score(double call_score_sum, double calls, double satisfaction_sum, double satisfactions,
                           double satisfaction_share, double previous) {
  if (calls > 0 && satisfactions > 0) {
    return (1.0 - satisfaction_share) * (call_score_sum / calls) + satisfaction_share * (satisfaction_sum / satisfactions);
  }
  if (calls > 0) return call_score_sum / calls;
  if (satisfactions > 0) return satisfaction_sum / satisfactions;
  return previous;
}

// A unit's score on Beijing's three rates for one period (S15, S44): the
// mean of its response rate, resolution rate and mean call-back
// satisfaction over the `closed` issues it had a part in; `previous` when
// none closed.
inline double three_rate_score(double responded_in_time, double resolved_in_time, double satisfaction_sum, double closed,
                               double previous) {
  if (!(closed > 0)) return previous;
  return (responded_in_time / closed + resolved_in_time / closed + satisfaction_sum / closed) / 3.0;
}

// Rank of department `d` among `n` by period score, in [0, 1]: 0 the worst,
// 1 the best; each department below counts 1, each tie a half (so equal
// scores share the same rank, whatever the order of the departments). A
// lone department ranks in the middle (0.5).
inline double rank_among(const double* scores, std::size_t n, std::size_t d) {
  if (n < 2) return 0.5;
  double below = 0;
  for (std::size_t k = 0; k < n; ++k) {
    if (k == d) continue;
    if (scores[k] < scores[d]) below += 1.0;
    else if (scores[k] == scores[d]) below += 0.5;
  }
  return below / static_cast<double>(n - 1);
}

// Residents' satisfaction with a resolved issue, in (0, 1]: falls with
// latency, to e^(-1 / patience) at the category's deadline (patience 2, the
// default, gives about 0.61). `patience` is in deadlines.
inline double satisfaction(double resolution_hours, double deadline_hours, double patience) {
  return std::exp(-resolution_hours / (patience * deadline_hours));
}

// The incentive pull of one assessment (docs/odd.md A59). The county ranks
// the departments (rank 0 worst .. 1 best) and compares each one's period
// score with `target_score`:
//   pull = incentive_weight x (reward x rank
//                              + penalty_efficacy x penalty x gap x (2 - rank) / 2),
//   gap  = max(0, target - score) / target   (0 when the target is met or 0).
// Rewards go to the top of the ranking. Penalties fall on departments short
// of the target, fully on the last-ranked, half on the first-ranked: they
// push poor performers more than good ones. Rewards move officials more than
// penalties (docs/sources.md S51): a unit of penalty pulls
// `penalty_efficacy` as hard as a unit of reward (by default a half,
// docs/odd.md A44). `incentive_weight` scales how much the assessment counts.
// The penalty side stops helping once a department meets the target (gap 0):
// with penalties alone, more weight raises effort only until the score
// reaches the target.
inline double incentive_pull(double incentive_weight, double reward, double penalty, double penalty_efficacy, double rank,
                             double score, double target_score) {
  const double gap = target_score > 0.0 ? std::max(0.0, target_score - score) / target_score : 0.0;
  return incentive_weight * (reward * rank + penalty_efficacy * penalty * gap * (2.0 - rank) / 2.0);
}

// The effort a department's assessment points it to: pull / (pull + drift),
// in [0, 1). The drift pulls effort towards 0 ("report but don't act",
// docs/sources.md S5): without incentives (pull 0) the resting point is 0.
inline double resting_effort(double pull, double effort_drift) {
  return pull > 0.0 ? pull / (pull + effort_drift) : 0.0;
}

// Effort after an assessment: the department closes `adaptation_rate` of the
// distance to its resting point, and a shock (turnover, a leader's attention:
// normal with sd `assumptions.effort_shock_sd`, drawn by the caller) moves
// it at random; clamped to [0, 1]. Without shocks effort approaches the
// resting point geometrically (factor 1 - adaptation_rate a period); with
// them it settles into a stationary distribution around it, of sd about
// shock_sd / sqrt(1 - (1 - adaptation_rate)^2) away from the bounds.
inline double next_effort(double effort, double resting, double adaptation_rate, double shock) {
  return std::clamp(effort + adaptation_rate * (resting - effort) + shock, 0.0, 1.0);
}

// The township's whistle for an issue that is neither hard nor an
// enforcement case (those are always whistled): independent reasons, each
// enough on its own. `multi_department` is the lever's chance for an issue
// needing several departments (0 for one department), `memory` the lever's
// weight times the remembered slow share of the departments' routine
// answers, `over_calling` the chance of whistling with no reason at all.
inline double whistle_probability(double multi_department, double memory, double over_calling) {
  return 1.0 - (1.0 - multi_department) * (1.0 - memory) * (1.0 - over_calling);
}

// A township's memory of a department's routine answers: exponential
// smoothing, the latest case (1 slow or failed, 0 prompt and solved)
// weighted by `rate`.
inline double smoothed(double memory, double latest, double rate) { return memory + rate * (latest - memory); }

// Demand feedback: the arrival rate is scaled by (recent satisfaction /
// satisfaction in the first assessment period) ^ elasticity.
inline double demand_multiplier(double elasticity, double recent_satisfaction, double reference_satisfaction) {
  if (elasticity == 0.0 || !(reference_satisfaction > 0.0) || !(recent_satisfaction >= 0.0)) return 1.0;
  return std::pow(recent_satisfaction / reference_satisfaction, elasticity);
}

}  // namespace tiaokuai::models::governance
