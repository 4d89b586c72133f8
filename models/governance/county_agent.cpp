// The county: its leaders take up escalated issues (a limited capacity),
// and each assessment period it turns township scores into rewards and
// penalties that move the departments' effort. Before the reform its
// coordinating office relays every township request to the departments.

#include <stdexcept>

#include <algorithm>
#include <cmath>

#include "models/governance/governance_model.hpp"
#include "models/governance/issue_draws.hpp"
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
    const double hours = issue_exponential(issue.key, Draw::county_take_up, levers_.county().escalation_delay_hours);
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
      // A call waiting in a department's queue moves to the county's class.
      if (leg.state == LegState::queued) department_enqueue(leg.department, {JobKind::respond, {i, issue.generation}, k}, Priority::county);
      // A request still with the coordinating office: the leader passes it on
      // at once (the office drops it).
      if (leg.state == LegState::at_county_office) forward_leg(i, k);
    }
  }
  // Otherwise (township or departments at work, joint action convening) the
  // county's priority applies to any later call.
}

// --- The county coordinating office (pre-reform) ------------------------------
// Its clerks serve one FIFO queue: townships' requests, each taking a handling
// time drawn from the issue's own stream when handed over, and the office's
// other county business, a Poisson stream of jobs (own stream) that keeps
// county_office_own_load of the clerks busy. A request's relay time is its
// wait in the queue plus its handling, so it grows with the townships'
// demand and shrinks with the staff.

void GovernanceModel::county_office_open() { schedule_county_office_own_work(); }

void GovernanceModel::county_office_receive(std::uint32_t i, std::uint32_t k) {
  Issue& issue = issues_[i];
  set_leg_state(issue, k, LegState::at_county_office, simulator_.now());
  const double hours = issue_exponential(issue.key, Draw::relay, levers_.county().county_office_hours_per_request, k, issue.legs[k].calls - 1U);
  county_.office.queue.push_back({{i, issue.generation}, k, false, hours});
  county_office_dispatch();
}

void GovernanceModel::county_office_dispatch() {
  CountyOffice& office = county_.office;
  while (office.pool.free() && !office.queue.empty()) {
    const OfficeJob job = office.queue.front();
    office.queue.pop_front();
    if (job.own) {
      set_busy(office.pool, 1);
      simulator_.schedule(sim::hours(job.hours), [this] {
        set_busy(county_.office.pool, -1);
        county_office_dispatch();
      });
      continue;
    }
    const std::uint32_t i = job.ref.issue, g = job.ref.generation, k = job.leg;
    // Closed meanwhile, or taken up by the county, which passed it on.
    if (stale(i, g) || issues_[i].legs[k].state != LegState::at_county_office) continue;
    set_busy(office.pool, 1);
    simulator_.schedule(sim::hours(job.hours), [this, i, g, k] {
      set_busy(county_.office.pool, -1);
      if (!stale(i, g) && issues_[i].legs[k].state == LegState::at_county_office) {
        Issue& issue = issues_[i];
        if (issue.counted) {
          ++county_.office.relayed;
          // Handed over when called: the wait in the queue plus the handling.
          county_.office.relay_hours.add(sim::hours_between(issue.legs[k].called_at, simulator_.now()));
        }
        forward_leg(i, k);
      }
      county_office_dispatch();
    });
  }
}

void GovernanceModel::schedule_county_office_own_work() {
  CountyOffice& office = county_.office;
  const double hours = levers_.county().county_office_hours_per_request;
  const double rate = levers_.county().county_office_own_load * office.pool.teams / hours;
  if (!(rate > 0.0)) return;
  simulator_.schedule(sim::hours(office.own_random.exponential(1.0 / rate)), [this, hours] {
    CountyOffice& office = county_.office;
    // Requests and own work pile up without bound if the clerks cannot keep up.
    if (office.queue.size() >= budgets_.open_issues()) {
      throw std::runtime_error(budgets_.county_office_backlog(office.queue.size(), simulator_.now().to_days()));
    }
    office.queue.push_back({{}, 0, true, office.own_random.exponential(hours)});
    county_office_dispatch();
    schedule_county_office_own_work();
  });
}

void GovernanceModel::on_assessment(std::uint32_t period) {
  const double day = simulator_.now().to_days();
  const std::size_t n = departments_.size();
  // Each department's period score: the townships' ratings of its calls and
  // residents' call-back satisfaction (carried over a period without either).
  // Or, ranking by three_rates, Beijing's three rates of the issues it closed.
  const bool three_rates = levers_.county().ranking == "three_rates";
  for (std::uint32_t d = 0; d < n; ++d) {
    DepartmentAgent& department = departments_[d];
    const UnitTally& tally = department_tallies_[d];
    department.last_mean_score =
        three_rates ? three_rate_score(static_cast<double>(tally.responded_in_time), static_cast<double>(tally.resolved_in_time),
                                       tally.satisfaction_sum, static_cast<double>(tally.closed), department.last_mean_score)
                    : period_score(department.period_score_sum, static_cast<double>(department.period_scores),
                                   department.period_satisfaction_sum, static_cast<double>(department.period_satisfactions),
                                   scenario_.assumptions.satisfaction_share, department.last_mean_score);
    period_scores_[d] = department.last_mean_score;
  }
  double effort_sum = 0, effort_squares = 0;
  for (std::uint32_t d = 0; d < n; ++d) {
    DepartmentAgent& department = departments_[d];
    const Levers& levers = levers_.department(d);
    // The county ranks the departments against each other and against the
    // target. Before the reform townships have no right to score departments.
    const double rank = rank_among(period_scores_.data(), n, d);
    const double pull = reform_ ? incentive_pull(levers.incentive_weight, levers.reward, levers.penalty, scenario_.assumptions.penalty_efficacy,
                                                 rank, department.last_mean_score, levers.target_score)
                                : 0.0;
    // Drawn every period, whatever the pull, so that runs differing in a
    // lever see the same shocks.
    const double shock = department.effort_random.normal(0.0, scenario_.assumptions.effort_shock_sd);
    department.effort = next_effort(department.effort, resting_effort(pull, levers.effort_drift), levers.adaptation_rate, shock);
    if (observer_ != nullptr) {
      observer_->on_assessment(period, day, d, department.effort, department.last_mean_score, department.period_scores);
    }
    department.period_score_sum = 0;
    department.period_scores = 0;
    department.period_satisfaction_sum = 0;
    department.period_satisfactions = 0;
    effort_sum += department.effort;
    effort_squares += department.effort * department.effort;
  }
  const double mean_effort = effort_sum / static_cast<double>(n);
  const double effort_sd = std::sqrt(std::max(0.0, effort_squares / static_cast<double>(n) - mean_effort * mean_effort));
  report_.periods.push_back({period, day, mean_effort, period_attempts_, period_failures_, effort_sd});
  period_attempts_ = 0;
  period_failures_ = 0;
  if (period_resolved_ > 0) {
    const double recent = period_satisfaction_sum_ / static_cast<double>(period_resolved_);
    if (reference_satisfaction_ < 0) reference_satisfaction_ = recent;
    demand_multiplier_ = demand_multiplier(levers_.county().demand_feedback, recent, reference_satisfaction_);
  }
  period_satisfaction_sum_ = 0;
  period_resolved_ = 0;
  report_unit_rates(period, day);
  const sim::Time next = sim::days(levers_.county().assessment_period_days * (period + 1));
  if (next <= horizon_) simulator_.schedule_at(next, [this, period] { on_assessment(period + 1); });
}

}  // namespace tiaokuai::models::governance
