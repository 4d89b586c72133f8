#include "models/governance/governance_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "models/governance/issue_state.hpp"

namespace tiaokuai::models::governance {

using sim::Time;

GovernanceModel::GovernanceModel(const Scenario& scenario, std::uint64_t run_index, RunObserver* observer)
    : scenario_(scenario),
      observer_(observer),
      levers_(scenario),
      budgets_(scenario),
      organisation_(scenario),
      warm_up_(sim::days(scenario.run.warm_up_days)),
      horizon_(sim::days(scenario.run.horizon_days)),
      reform_(scenario.run.mode == "reform") {
  // A reappearing issue's event packs township and category in 16 bits each.
  if (scenario.townships.size() > 0xffff || scenario.categories.size() > 0xffff) {
    throw std::runtime_error(scenario.source + ": at most 65535 townships and 65535 categories");
  }
  const std::uint64_t seed = scenario.run.seed;
  for (std::uint32_t d = 0; d < scenario.departments.size(); ++d) {
    DepartmentAgent& agent = departments_.emplace_back();
    agent.spec = &scenario.departments[d];
    // Stationed teams leave the central pool: one each to the townships in turn.
    agent.pool.teams = agent.spec->staff - agent.spec->stationed_staff;
    if (agent.spec->stationed_staff > 0) {
      agent.stationed.resize(scenario.townships.size());
      for (std::uint32_t t = 0; t < scenario.townships.size(); ++t) {
        if (organisation_.serves(d, t)) agent.stationed[t].teams = static_cast<int>(organisation_.channel(d, t).stationed_teams);
      }
    }
    agent.effort = agent.spec->initial_effort;
    agent.last_mean_score = scenario.assumptions.initial_score;
    agent.vertical_random = sim::RandomStream(seed, run_index, "department/" + agent.spec->name + "/vertical");
    agent.effort_random = sim::RandomStream(seed, run_index, "department/" + agent.spec->name + "/effort");
  }
  for (std::uint32_t t = 0; t < scenario.townships.size(); ++t) {
    TownshipAgent& agent = townships_.emplace_back();
    agent.spec = &scenario.townships[t];
    agent.pool.teams = agent.spec->staff;
    agent.leaders = agent.spec->party_leaders;
    agent.routine_slowness.assign(scenario.departments.size(), 0.0);
    for (std::uint32_t d = 0; d < scenario.departments.size(); ++d) {
      PushedStream& stream = agent.pushed.emplace_back();
      // A district's departments push tasks to its own streets only.
      stream.rate_per_hour = organisation_.serves(d, t) ? levers_.department(d).pushed_tasks_per_week / 168.0 : 0.0;
      stream.random = sim::RandomStream(seed, run_index, "pushed/" + scenario.departments[d].name + "/" + agent.spec->name);
    }
    // With a hotline every issue comes through it (hotline.cpp).
    for (std::uint32_t c = 0; c < scenario.categories.size() && scenario.hotline.contacts_per_day == 0; ++c) {
      ArrivalStream& stream = arrivals_.emplace_back();
      stream.township = t;
      stream.category = c;
      // Latent issues: the rate reported at information level 1 (on_arrival thins them).
      stream.rate_per_hour = scenario.categories[c].rate_per_community_per_day * agent.spec->communities / 24.0 *
                             (1.0 + scenario.assumptions.reporting_gain);
      stream.random = sim::RandomStream(seed, run_index, "arrivals/" + agent.spec->name + "/" + scenario.categories[c].name);
    }
  }
  if (scenario.hotline.contacts_per_day > 0) hotline_set_up(seed, run_index);
  township_tallies_.resize(scenario.townships.size());
  department_tallies_.resize(scenario.departments.size());
  county_.capacity = levers_.county().escalation_capacity;
  period_scores_.resize(scenario.departments.size());
  county_.office.pool.teams = levers_.county().county_office_staff;
  county_.office.own_random = sim::RandomStream(seed, run_index, "county/office/own_work");
  category_resolution_.resize(scenario.categories.size());

  report_.scenario = scenario.source;
  report_.mode = scenario.run.mode;
  report_.seed = seed;
  report_.run_index = run_index;
  report_.horizon_days = scenario.run.horizon_days;
  report_.warm_up_days = scenario.run.warm_up_days;
  report_.arrival_rule_minutes = levers_.county().arrival_rule_minutes;
  for (const Department& department : scenario.departments) report_.departments.push_back({.name = department.name});
  for (const Township& township : scenario.townships) report_.townships.push_back({.name = township.name});
  for (const Category& category : scenario.categories) report_.categories.push_back({.name = category.name});
  report_.call_network.resize(scenario.townships.size() * scenario.departments.size());
}

RunReport GovernanceModel::run() {
  for (std::uint32_t s = 0; s < arrivals_.size(); ++s) schedule_arrival(s);
  for (std::uint32_t d = 0; d < departments_.size(); ++d) schedule_vertical(d);
  for (std::uint32_t t = 0; t < townships_.size(); ++t) {
    for (std::uint32_t d = 0; d < departments_.size(); ++d) schedule_pushed_task(t, d);
  }
  if (!reform_) county_office_open();
  if (seats_) on_hour(0);
  if (observer_ != nullptr) {
    for (std::uint32_t d = 0; d < departments_.size(); ++d) observer_->on_assessment(0, 0.0, d, departments_[d].effort, departments_[d].last_mean_score, 0);
  }
  const sim::Time period = sim::days(levers_.county().assessment_period_days);
  if (period <= horizon_) simulator_.schedule_at(period, [this] { on_assessment(1); });
  if (warm_up_ > Time::zero()) {
    simulator_.schedule_at(warm_up_, [this] { on_warm_up_end(); });
  }

  const auto budget = static_cast<std::uint64_t>(scenario_.run.max_events);
  sim::RunOutcome outcome;
  try {
    outcome = simulator_.run({.horizon = horizon_, .max_events = budget});
  } catch (const std::bad_alloc&) {
    // The budgets are set to stop a run before this; should the estimates
    // per issue fall short, the user still learns what to lower.
    throw std::runtime_error(budgets_.out_of_memory(issues_.size() - free_issues_.size(), simulator_.now().to_days()));
  }
  if (outcome.reason == sim::StopReason::event_budget) {
    throw std::runtime_error(budgets_.events_reached(budget, simulator_.now().to_days()));
  }
  report_open_issues();
  return build_report();
}

void GovernanceModel::on_warm_up_end() {
  const Time now = simulator_.now();
  for (DepartmentAgent& department : departments_) {
    department.pool.busy_average.restart(now);
    for (TeamPool& stationed : department.stationed) stationed.busy_average.restart(now);
    for (sim::TimeWeightedAverage& busy : department.busy_by_kind) busy.restart(now);
  }
  for (TownshipAgent& township : townships_) {
    township.pool.busy_average.restart(now);
    township.local_busy_average.restart(now);
    township.leaders_busy_average.restart(now);
    township.convening.restart(now);
  }
  if (seats_) seats_->start_counting();
  county_.office.pool.busy_average.restart(now);
  county_.busy_average.restart(now);
  open_issues_.restart(now);
}

// --- Bookkeeping --------------------------------------------------------------

std::uint32_t GovernanceModel::allocate_issue() {
  if (free_issues_.empty()) {
    if (issues_.size() >= budgets_.open_issues()) {
      throw std::runtime_error(budgets_.open_issues_reached(issues_.size(), simulator_.now().to_days()));
    }
    issues_.emplace_back();
    return static_cast<std::uint32_t>(issues_.size() - 1);
  }
  const std::uint32_t i = free_issues_.back();
  free_issues_.pop_back();
  // Reset all but the generation and the legs' storage.
  Issue& issue = issues_[i];
  const std::uint32_t generation = issue.generation;
  std::vector<Leg> legs = std::move(issue.legs);
  issue = Issue{};
  issue.generation = generation;
  issue.legs = std::move(legs);
  return i;
}

void GovernanceModel::set_busy(TeamPool& pool, int delta) {
  pool.busy += delta;
  pool.busy_average.set(simulator_.now(), static_cast<double>(pool.busy) / pool.teams);
}

void GovernanceModel::set_county_busy(int delta) {
  county_.busy += delta;
  county_.busy_average.set(simulator_.now(), county_.busy);
}

void GovernanceModel::report_open_issues() {
  std::vector<std::uint32_t> open;
  for (std::uint32_t i = 0; i < issues_.size(); ++i) {
    if (issues_[i].stage != Stage::closed) open.push_back(i);
  }
  std::sort(open.begin(), open.end(), [this](std::uint32_t a, std::uint32_t b) { return issues_[a].serial < issues_[b].serial; });
  for (const std::uint32_t i : open) {
    Issue& issue = issues_[i];
    account_open_until(issue, horizon_);
    open_hours_in_window_ += sim::hours_between(std::max(issue.arose, warm_up_), horizon_);
    if (!issue.counted) continue;
    ++report_.by_outcome[static_cast<std::size_t>(Outcome::open)];
    sojourn_stats_.add(sim::hours_between(issue.arose, horizon_));
    resolution_survival_.add(sim::hours_between(issue.arose, horizon_), false);
    if (observer_ != nullptr) observer_->on_issue({issue, Outcome::open, false, 0.0});
  }
}

namespace {

LatencySummary summarise(const sim::RunningStats& stats, const sim::QuantileSketch& sketch) {
  LatencySummary summary;
  summary.count = stats.count();
  summary.mean = stats.mean();
  const double none = std::numeric_limits<double>::quiet_NaN();
  summary.median = stats.count() > 0 ? sketch.quantile(0.5) : none;
  summary.p90 = stats.count() > 0 ? sketch.quantile(0.9) : none;
  summary.p99 = stats.count() > 0 ? sketch.quantile(0.99) : none;
  for (std::size_t q = 0; q < LatencySummary::grid_size; ++q) {
    summary.grid[q] = stats.count() > 0 ? sketch.quantile(0.05 * static_cast<double>(q + 1)) : none;
  }
  return summary;
}

double mean_or_zero(const sim::RunningStats& stats) { return stats.count() > 0 ? stats.mean() : 0.0; }

SurvivalSummary survival_summary(const sim::BinnedKaplanMeier& estimator, double tau_hours) {
  const sim::SurvivalCurve curve = estimator.curve();
  SurvivalSummary summary;
  summary.events = curve.events();
  summary.censored = curve.censored();
  summary.median = curve.median();
  summary.restricted_mean = curve.restricted_mean(tau_hours);
  summary.tau_hours = tau_hours;
  return summary;
}

}  // namespace

double GovernanceModel::resolution_tau_hours() const {
  double longest_deadline = 0;
  for (const Category& category : scenario_.categories) longest_deadline = std::max(longest_deadline, category.deadline_hours);
  return std::min(rmst_tau_deadlines * longest_deadline, sim::hours_between(warm_up_, horizon_));
}

RunReport GovernanceModel::build_report() {
  RunReport& report = report_;
  report.events = simulator_.events_executed();
  report.response = summarise(response_stats_, response_sketch_);
  report.resolution = summarise(resolution_stats_, resolution_sketch_);
  report.resolution_survival = survival_summary(resolution_survival_, resolution_tau_hours());
  report.required_call_response_hours = mean_or_zero(required_response_stats_);
  for (std::size_t r = 0; r < route_response_stats_.size(); ++r) report.mean_response_hours_by_route[r] = mean_or_zero(route_response_stats_[r]);
  report.satisfaction = mean_or_zero(satisfaction_stats_);
  const double resolved = static_cast<double>(report.resolved());
  for (std::size_t p = 0; p < phase_count; ++p) report.mean_phase_hours[p] = resolved > 0 ? phase_sums_[p] / resolved : 0.0;

  const double window_hours = sim::hours_between(warm_up_, horizon_);
  CostLedger& ledger = report.ledger;
  ledger.window_hours = window_hours;
  double effort_start = 0, effort_end = 0, department_busy = 0;
  for (std::size_t d = 0; d < departments_.size(); ++d) {
    const DepartmentAgent& agent = departments_[d];
    DepartmentReport& out = report.departments[d];
    out.calls = agent.calls;
    out.refusals = agent.refusals;
    out.wrong_calls = agent.wrong_calls;
    out.reports = agent.response_hours.count();
    out.mean_response_hours = mean_or_zero(agent.response_hours);
    out.utilisation = agent.pool.busy_average.mean(horizon_);
    out.call_hours = agent.busy_by_kind[static_cast<std::size_t>(JobKind::respond)].mean(horizon_) * window_hours;
    out.joint_action_hours = agent.busy_by_kind[static_cast<std::size_t>(JobKind::joint_work)].mean(horizon_) * window_hours;
    out.vertical_hours = agent.busy_by_kind[static_cast<std::size_t>(JobKind::vertical)].mean(horizon_) * window_hours;
    out.stationed_teams = agent.spec->stationed_staff;
    out.stationed_hours = agent.spec->stationed_staff * window_hours;
    for (const TeamPool& stationed : agent.stationed) {
      if (stationed.teams > 0) out.stationed_busy_hours += stationed.busy_average.mean(horizon_) * stationed.teams * window_hours;
    }
    ledger.department_call_hours += out.call_hours;
    ledger.department_joint_action_hours += out.joint_action_hours;
    ledger.department_vertical_hours += out.vertical_hours;
    ledger.department_returned_task_hours += agent.busy_by_kind[static_cast<std::size_t>(JobKind::returned_task)].mean(horizon_) * window_hours;
    ledger.department_stationed_hours += out.stationed_hours;
    ledger.department_stationed_busy_hours += out.stationed_busy_hours;
    out.initial_effort = agent.spec->initial_effort;
    out.final_effort = agent.effort;
    out.mean_score = mean_or_zero(agent.scores);
    out.scores = agent.scores.count();
    out.returned_tasks = agent.returned_tasks;
    out.returned_task_hours = agent.returned_task_hours;
    report.returned_task_hours += agent.returned_task_hours;
    effort_start += out.initial_effort;
    effort_end += out.final_effort;
    department_busy += out.utilisation;
  }
  const double departments = static_cast<double>(departments_.size());
  report.mean_effort_start = effort_start / departments;
  report.mean_effort_end = effort_end / departments;
  report.department_utilisation = department_busy / departments;

  double township_busy = 0, township_local_busy = 0;
  for (std::size_t t = 0; t < townships_.size(); ++t) {
    const TownshipAgent& agent = townships_[t];
    TownshipReport& out = report.townships[t];
    out.arisen = agent.arisen;
    out.social = agent.social;
    out.resolved_alone = agent.resolved_alone;
    out.called = agent.called;
    out.resolved = agent.resolved;
    out.pushed_tasks = agent.pushed_received;
    out.pushed_accepted = agent.pushed_accepted;
    out.pushed_returned = agent.pushed_returned;
    out.most_accepted_in_a_week = agent.most_accepted_in_a_week;
    out.utilisation = agent.pool.busy_average.mean(horizon_);
    const double local_busy = agent.local_busy_average.mean(horizon_);
    out.local_share_of_load = out.utilisation > 0 ? local_busy / out.utilisation : 0.0;
    out.mean_resolution_hours = mean_or_zero(agent.resolution_hours);
    out.local_issue_hours = agent.local_busy_average.mean(horizon_) * agent.pool.teams * window_hours;
    out.pushed_task_hours = out.utilisation * agent.pool.teams * window_hours - out.local_issue_hours;
    out.convening_hours = agent.convening.mean(horizon_) * window_hours;
    out.party_leader_hours = agent.leaders_busy_average.mean(horizon_) * window_hours;
    ledger.township_local_issue_hours += out.local_issue_hours;
    ledger.township_pushed_task_hours += out.pushed_task_hours;
    ledger.township_convening_hours += out.convening_hours;
    ledger.party_leader_hours += out.party_leader_hours;
    township_busy += out.utilisation;
    township_local_busy += local_busy;
    report.pushed_tasks += out.pushed_tasks;
    report.pushed_accepted += out.pushed_accepted;
    report.pushed_returned += out.pushed_returned;
  }
  report.township_utilisation = township_busy / static_cast<double>(townships_.size());
  report.township_pushed_share = township_busy > 0 ? 1.0 - township_local_busy / township_busy : 0.0;
  for (std::size_t c = 0; c < report.categories.size(); ++c) {
    report.categories[c].mean_resolution_hours = mean_or_zero(category_resolution_[c]);
  }

  const CountyOffice& office = county_.office;
  report.county_office_utilisation = reform_ ? 0.0 : office.pool.busy_average.mean(horizon_);
  report.county_office_relayed = office.relayed;
  report.county_office_mean_relay_hours = mean_or_zero(office.relay_hours);
  report.county_office_staff_hours = report.county_office_utilisation * office.pool.teams * window_hours;
  ledger.county_escalation_hours = county_.busy_average.mean(horizon_) * window_hours;
  report.mean_open = open_issues_.mean(horizon_);
  report.mean_open_from_sojourns = open_hours_in_window_ / window_hours;
  report.arrival_rate_per_hour = static_cast<double>(report.arisen) / window_hours;
  report.mean_sojourn_hours = mean_or_zero(sojourn_stats_);
  if (seats_) {
    seats_->flush_abandoned();
    const SeatQueueStatistics& seats = seats_->statistics();
    HotlineReport& hotline = report.hotline;
    hotline.in_scenario = true;
    hotline.contacts = hotline_.contacts;
    hotline.by_phone = seats.offered;
    hotline.answered = seats.answered_wait_hours.count();
    hotline.abandoned = seats.abandoned_wait_hours.count();
    hotline.queued = seats.queued;
    hotline.consultations = hotline_.consultations;
    hotline.orders = hotline_.orders;
    hotline.mean_wait_seconds = mean_or_zero(seats.answered_wait_hours) * 3600.0;
    hotline.mean_staffed_seats = seats.staffed_seats.mean(horizon_);
    hotline.seat_utilisation = hotline.mean_staffed_seats > 0 ? seats.busy_seats.mean(horizon_) / hotline.mean_staffed_seats : 0.0;
  }
  return report;
}

}  // namespace tiaokuai::models::governance
