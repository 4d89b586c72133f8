// The county: its leaders take up escalated issues (a limited capacity),
// and each assessment period it turns township scores into rewards and
// penalties that move the departments' effort.

#include "models/governance/governance_model.hpp"
#include "models/governance/issue_state.hpp"
#include "models/governance/lever_effects.hpp"

namespace tiaokuai::models::governance {

void GovernanceModel::escalate(std::uint32_t i) {
  Issue& issue = issues_[i];
  if (issue.escalated) return;
  mark_escalated(issue, simulator_.now());
  if (issue.counted) {
    ++report_.escalated;
    ++report_.categories[issue.category].escalated;
  }
  county_.escalations.push_back({i, issue.generation});
  county_dispatch();
}

void GovernanceModel::county_dispatch() {
  while (county_.busy < county_.capacity && !county_.escalations.empty()) {
    const IssueRef ref = county_.escalations.front();
    county_.escalations.pop_front();
    if (stale(ref.issue, ref.generation)) continue;
    Issue& issue = issues_[ref.issue];
    set_county_busy(1);
    const std::uint32_t i = ref.issue;
    // A leader works on it until taken up; if the issue is resolved
    // meanwhile, close() cancels this and the leader drops it at once.
    const double hours = issue.random.exponential(levers_.county().escalation_delay_hours);
    issue.county_take_up = simulator_.schedule(sim::hours(hours), [this, i] { on_taken_up(i); });
  }
}

void GovernanceModel::on_taken_up(std::uint32_t i) {
  Issue& issue = issues_[i];
  mark_taken_up(issue, simulator_.now());
  // The leader has pushed the departments and is free for the next one.
  set_county_busy(-1);
  county_dispatch();
  if (issue.stage == Stage::township_queue) {
    // The township's queued job goes stale: the county calls the departments.
    call(i);
  } else if (issue.stage == Stage::calling) {
    for (std::uint32_t k = 0; k < issue.legs.size(); ++k) {
      Leg& leg = issue.legs[k];
      if (leg.state == LegState::recall_wait) simulator_.cancel(leg.timer);
      if (leg.state == LegState::recall_wait || leg.state == LegState::idle) send_leg(i, k);
    }
  }
  // Otherwise (township or departments at work, joint action convening) the
  // county's priority applies to any later call.
}

void GovernanceModel::on_assessment(std::uint32_t period) {
  const double day = simulator_.now().to_days();
  double effort_sum = 0;
  for (std::uint32_t d = 0; d < departments_.size(); ++d) {
    DepartmentAgent& department = departments_[d];
    const Levers& levers = levers_.department(d);
    if (department.period_scores > 0) department.last_mean_score = department.period_score_sum / department.period_scores;
    // Before the reform townships have no right to score departments.
    const double pull = reform_ ? incentive_pull(levers.incentive_weight, levers.reward, levers.penalty, department.last_mean_score,
                                               scenario_.assumptions.penalty_efficacy) : 0.0;
    department.effort = next_effort(department.effort, pull, levers.adaptation_rate, levers.effort_drift);
    if (observer_ != nullptr) {
      observer_->on_assessment(period, day, d, department.effort, department.last_mean_score, department.period_scores);
    }
    department.period_score_sum = 0;
    department.period_scores = 0;
    effort_sum += department.effort;
  }
  report_.periods.push_back({period, day, effort_sum / static_cast<double>(departments_.size()), period_attempts_, period_failures_});
  period_attempts_ = 0;
  period_failures_ = 0;
  if (period_resolved_ > 0) {
    const double recent = period_satisfaction_sum_ / static_cast<double>(period_resolved_);
    if (reference_satisfaction_ < 0) reference_satisfaction_ = recent;
    demand_multiplier_ = demand_multiplier(levers_.county().demand_feedback, recent, reference_satisfaction_);
  }
  period_satisfaction_sum_ = 0;
  period_resolved_ = 0;
  const sim::Time next = sim::days(levers_.county().assessment_period_days * (period + 1));
  if (next <= horizon_) simulator_.schedule_at(next, [this, period] { on_assessment(period + 1); });
}

}  // namespace tiaokuai::models::governance
