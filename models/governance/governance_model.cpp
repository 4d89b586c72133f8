#include "models/governance/governance_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "models/governance/lever_effects.hpp"

namespace tiaokuai::models::governance {
namespace {

using sim::Time;

double hours_between(Time from, Time to) { return (to - from).to_hours(); }

bool urgent(const Category& category) { return category.urgency == "emergency" || category.urgency == "utility"; }

sim::RandomStream derived_stream(sim::RandomStream& parent) {
  std::array<std::uint64_t, 4> state{};
  for (std::uint64_t& word : state) word = sim::splitmix64(parent.next_u64());
  return sim::RandomStream::from_state(state);
}

}  // namespace

GovernanceModel::GovernanceModel(const Scenario& scenario, std::uint64_t run_index, RunObserver* observer)
    : scenario_(scenario),
      observer_(observer),
      budgets_(scenario),
      organisation_(scenario),
      warm_up_(sim::days(scenario.run.warm_up_days)),
      horizon_(sim::days(scenario.run.horizon_days)),
      reform_(scenario.run.mode == "reform") {
  const std::uint64_t seed = scenario.run.seed;
  for (std::uint32_t d = 0; d < scenario.departments.size(); ++d) {
    DepartmentAgent& agent = departments_.emplace_back();
    agent.spec = &scenario.departments[d];
    agent.pool.teams = agent.spec->staff;
    agent.effort = agent.spec->initial_effort;
    agent.last_mean_score = scenario.assumptions.initial_score;
    agent.vertical_random = sim::RandomStream(seed, run_index, sim::stream_name("department", d, "vertical"));
  }
  for (std::uint32_t t = 0; t < scenario.townships.size(); ++t) {
    TownshipAgent& agent = townships_.emplace_back();
    agent.spec = &scenario.townships[t];
    agent.pool.teams = agent.spec->staff;
    for (const Department& department : scenario.departments) {
      agent.pushed_rate_per_hour += department.levers.pushed_tasks_per_week * scenario.levers.duty_list_cap / 168.0;
    }
    agent.pushed_random = sim::RandomStream(seed, run_index, sim::stream_name("township", t, "pushed"));
    for (std::uint32_t c = 0; c < scenario.categories.size(); ++c) {
      ArrivalStream& stream = arrivals_.emplace_back();
      stream.township = t;
      stream.category = c;
      stream.rate_per_hour = scenario.categories[c].rate_per_community_per_day * agent.spec->communities / 24.0;
      stream.random = sim::RandomStream(seed, run_index,
                                        sim::stream_name("arrivals", t * scenario.categories.size() + c, "issues"));
    }
  }
  county_.capacity = scenario.levers.escalation_capacity;
  category_resolution_.resize(scenario.categories.size());

  report_.scenario = scenario.source;
  report_.mode = scenario.run.mode;
  report_.seed = seed;
  report_.run_index = run_index;
  report_.horizon_days = scenario.run.horizon_days;
  report_.warm_up_days = scenario.run.warm_up_days;
  for (const Department& department : scenario.departments) report_.departments.push_back({.name = department.name});
  for (const Township& township : scenario.townships) report_.townships.push_back({.name = township.name});
  for (const Category& category : scenario.categories) report_.categories.push_back({.name = category.name});
  report_.call_network.resize(scenario.townships.size() * scenario.departments.size());
}

RunReport GovernanceModel::run() {
  for (std::uint32_t s = 0; s < arrivals_.size(); ++s) schedule_arrival(s);
  for (std::uint32_t d = 0; d < departments_.size(); ++d) schedule_vertical(d);
  for (std::uint32_t t = 0; t < townships_.size(); ++t) schedule_pushed_task(t);
  if (observer_ != nullptr) {
    for (std::uint32_t d = 0; d < departments_.size(); ++d) observer_->on_assessment(0, 0.0, d, departments_[d].effort, departments_[d].last_mean_score, 0);
  }
  const Time period = sim::days(scenario_.levers.assessment_period_days);
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

// --- Issue life cycle -------------------------------------------------------

void GovernanceModel::schedule_arrival(std::uint32_t s) {
  ArrivalStream& stream = arrivals_[s];
  const double rate = stream.rate_per_hour * demand_multiplier_;
  if (!(rate > 0.0)) return;
  simulator_.schedule(sim::hours(stream.random.exponential(1.0 / rate)), [this, s] { on_arrival(s); });
}

void GovernanceModel::on_arrival(std::uint32_t s) {
  const std::uint32_t i = allocate_issue();
  Issue& issue = issues_[i];
  ArrivalStream& stream = arrivals_[s];
  const Time now = simulator_.now();
  const Category& category = scenario_.categories[stream.category];
  issue.serial = next_serial_++;
  issue.category = stream.category;
  issue.township = stream.township;
  issue.community = static_cast<std::uint32_t>(stream.random.uniform_int(townships_[stream.township].spec->communities));
  issue.random = derived_stream(stream.random);
  issue.counted = now >= warm_up_;
  issue.arose = issue.phase_since = now;
  issue.stage = Stage::detecting;
  issue.phase = Phase::detection;
  const std::vector<std::size_t>& holders = organisation_.jurisdiction(stream.category);
  issue.legs.assign(holders.size(), Leg{});
  for (std::size_t k = 0; k < holders.size(); ++k) issue.legs[k].department = static_cast<std::uint32_t>(holders[k]);
  open_issues_.add(now, 1.0);
  if (issue.counted) {
    ++report_.arisen;
    ++report_.categories[issue.category].arisen;
    ++townships_[issue.township].arisen;
  }
  const std::uint32_t g = issue.generation;
  issue.deadline = simulator_.schedule(sim::hours(category.deadline_hours), [this, i, g] {
    if (!stale(i, g)) on_deadline(i);
  });
  const double detection_mean = category.detection_hours * information_factor(township_levers(issue).information_level, scenario_.assumptions.information_reach);
  simulator_.schedule(sim::hours(issue.random.exponential(detection_mean)), [this, i, g] {
    if (!stale(i, g)) on_detected(i);
  });
  schedule_arrival(s);
}

void GovernanceModel::on_detected(std::uint32_t i) {
  Issue& issue = issues_[i];
  const Category& category = scenario_.categories[issue.category];
  const Levers& levers = township_levers(issue);
  issue.detected = simulator_.now();
  // The issue's decision draws, always all four in this order, so that a
  // lever changing one decision leaves the others' luck alone.
  const double minor = issue.random.uniform01();
  const double residents = issue.random.uniform01();
  const double power = issue.random.uniform01();
  const double deviation = issue.random.uniform01();
  if (minor < category.minor_share && residents < levers.social_participation) {
    close(i, Outcome::social);
    return;
  }
  issue.township_may_act = category.township_may_resolve && power < levers.township_power;
  const bool handle_alone = issue.township_may_act ? deviation >= levers.over_calling : deviation < levers.under_calling;
  issue.sat_on = handle_alone && !issue.township_may_act;
  if (!handle_alone) {
    call(i);
    return;
  }
  issue.stage = Stage::township_queue;
  refresh_phase(issue);
  townships_[issue.township].local_issues.push_back({i, issue.generation});
  township_dispatch(issue.township);
}

void GovernanceModel::start_township_work(std::uint32_t i) {
  Issue& issue = issues_[i];
  TownshipAgent& township = townships_[issue.township];
  issue.stage = Stage::township_work;
  refresh_phase(issue);
  set_busy(township.pool, 1);
  township.local_busy_average.set(simulator_.now(), static_cast<double>(++township.local_busy) / township.pool.teams);
  const std::uint32_t t = issue.township;
  const std::uint32_t g = issue.generation;
  const double work = issue.random.exponential(scenario_.categories[issue.category].work_hours);
  simulator_.schedule(sim::hours(work), [this, t, i, g] {
    TownshipAgent& agent = townships_[t];
    set_busy(agent.pool, -1);
    agent.local_busy_average.set(simulator_.now(), static_cast<double>(--agent.local_busy) / agent.pool.teams);
    if (!stale(i, g)) on_township_done(t, i);
    township_dispatch(t);
  });
}

void GovernanceModel::on_township_done(std::uint32_t t, std::uint32_t i) {
  Issue& issue = issues_[i];
  const double luck = issue.random.uniform01();
  const bool solved = !issue.sat_on || luck < scenario_.townships[t].levers.unauthorised_success;
  if (solved) {
    close(i, Outcome::township);
  } else {
    call(i);
  }
}

void GovernanceModel::call(std::uint32_t i) {
  Issue& issue = issues_[i];
  issue.stage = Stage::calling;
  if (issue.first_call == Time::max()) {
    issue.first_call = simulator_.now();
    if (issue.counted) {
      ++report_.called;
      ++townships_[issue.township].called;
    }
  }
  for (std::uint32_t k = 0; k < issue.legs.size(); ++k) {
    if (issue.legs[k].state == LegState::idle) send_leg(i, k);
  }
  refresh_phase(issue);
}

void GovernanceModel::send_leg(std::uint32_t i, std::uint32_t k) {
  Issue& issue = issues_[i];
  Leg& leg = issue.legs[k];
  const Levers& levers = township_levers(issue);
  leg.state = LegState::routing;
  leg.called_at = simulator_.now();
  ++issue.calls;
  if (issue.counted) ++report_.calls;
  const double information = information_factor(levers.information_level, scenario_.assumptions.information_reach);
  const double misroute_luck = issue.random.uniform01();
  double delay = issue.random.exponential(levers.message_delay_hours * information);
  // Before the reform every request goes up to the county and down again.
  if (!reform_ && !issue.pushed) delay += issue.random.exponential(scenario_.levers.referral_delay_hours);
  const std::uint32_t g = issue.generation;
  const bool misrouted = departments_.size() > 1 && misroute_luck < levers.misrouting * information;
  if (misrouted) {
    // Sent to another department, which sends it back: the message travels twice.
    const auto others = static_cast<std::uint32_t>(departments_.size() - 1);
    std::uint32_t wrong = static_cast<std::uint32_t>(issue.random.uniform_int(others));
    if (wrong >= leg.department) ++wrong;
    ++issue.misroutes;
    if (issue.counted) {
      ++report_.misroutes;
      ++departments_[wrong].wrong_calls;
    }
    simulator_.schedule(sim::hours(2.0 * delay), [this, i, g, k] {
      if (!stale(i, g) && issues_[i].legs[k].state == LegState::routing) recall(i, k, RecallReason::misrouted, true);
    });
  } else {
    simulator_.schedule(sim::hours(delay), [this, i, g, k] {
      if (!stale(i, g) && issues_[i].legs[k].state == LegState::routing) on_call_arrives(i, k);
    });
  }
  refresh_phase(issue);
}

void GovernanceModel::on_call_arrives(std::uint32_t i, std::uint32_t k) {
  Issue& issue = issues_[i];
  Leg& leg = issue.legs[k];
  DepartmentAgent& department = departments_[leg.department];
  const Category& category = scenario_.categories[issue.category];
  CallCell& cell = report_.call_network[issue.township * departments_.size() + leg.department];
  if (issue.counted) {
    ++department.calls;
    ++cell.calls;
  }
  // County-pushed calls cannot be refused, nor can helpers under the
  // lead-department rule.
  const bool may_refuse = !issue.pushed && !(scenario_.levers.lead_department && k != 0);
  const double refuse_probability =
      may_refuse ? shirk_probability(category.ambiguity, department.effort, department.spec->levers.party_coordination) : 0.0;
  if (issue.random.uniform01() < refuse_probability) {
    ++issue.refusals;
    if (issue.counted) {
      ++report_.refusals;
      ++department.refusals;
      ++cell.refusals;
    }
    if (reform_) {
      department.period_score_sum += 0.0;
      ++department.period_scores;
      if (issue.counted) department.scores.add(0.0);
    }
    recall(i, k, RecallReason::refused, true);
    return;
  }
  leg.state = LegState::queued;
  refresh_phase(issue);
  Priority priority = urgent(category) ? Priority::urgent : Priority::routine;
  if (!reform_) priority = Priority::referred;
  if (issue.pushed) priority = Priority::county;
  department_enqueue(leg.department, {JobKind::respond, {i, issue.generation}, k}, priority);
}

void GovernanceModel::on_reported(std::uint32_t i, std::uint32_t k) {
  Issue& issue = issues_[i];
  Leg& leg = issue.legs[k];
  const Time now = simulator_.now();
  leg.first_report_at = std::min(leg.first_report_at, now);
  leg.response_hours = hours_between(leg.called_at, now);
  if (issue.counted) {
    response_stats_.add(leg.response_hours);
    response_sketch_.add(leg.response_hours);
    if (!issue.township_may_act) required_response_stats_.add(leg.response_hours);
    departments_[leg.department].response_hours.add(leg.response_hours);
    CallCell& cell = report_.call_network[issue.township * departments_.size() + leg.department];
    ++cell.reports;
    cell.response_hours_sum += leg.response_hours;
  }
  if (issue.legs.size() == 1) {
    // A single department's team stays on site and does the work.
    leg.state = LegState::working;
    refresh_phase(issue);
    const std::uint32_t g = issue.generation;
    const std::uint32_t d = leg.department;
    const double work = issue.random.exponential(scenario_.categories[issue.category].work_hours);
    simulator_.schedule(sim::hours(work), [this, d, i, g, k] {
      release_department_team(d);
      if (!stale(i, g)) on_work_done(i, k);
    });
    return;
  }
  // Several departments: the team surveys the site and returns; the joint
  // action is convened once all have reported.
  leg.state = LegState::reported;
  release_department_team(leg.department);
  const bool all_reported =
      std::all_of(issue.legs.begin(), issue.legs.end(), [](const Leg& l) { return l.state == LegState::reported; });
  if (all_reported) {
    issue.stage = Stage::coordinating;
    if (issue.counted) ++report_.joint_actions;
    const Levers& levers = township_levers(issue);
    const double mean = coordination_mean_hours(levers.coordination_hours, levers.party_coordination,
                                                scenario_.levers.lead_department, scenario_.assumptions.lead_department_factor);
    const std::uint32_t g = issue.generation;
    simulator_.schedule(sim::hours(issue.random.exponential(mean)), [this, i, g] {
      if (!stale(i, g)) on_convened(i);
    });
  }
  refresh_phase(issue);
}

void GovernanceModel::on_convened(std::uint32_t i) {
  Issue& issue = issues_[i];
  const Levers& levers = township_levers(issue);
  const double breakup = breakup_probability(levers.joint_breakup, levers.party_coordination, scenario_.levers.lead_department,
                                             scenario_.assumptions.lead_department_factor);
  if (issue.random.uniform01() < breakup) {
    ++issue.breakups;
    if (issue.counted) ++report_.breakups;
    issue.failed_once = true;
    issue.stage = Stage::calling;
    for (std::uint32_t k = 0; k < issue.legs.size(); ++k) recall(i, k, RecallReason::failed, k == 0);
    return;
  }
  issue.stage = Stage::joint_work;
  refresh_phase(issue);
  for (std::uint32_t k = 0; k < issue.legs.size(); ++k) {
    issue.legs[k].state = LegState::working;
    department_enqueue(issue.legs[k].department, {JobKind::joint_work, {i, issue.generation}, k}, Priority::county);
  }
}

void GovernanceModel::on_work_done(std::uint32_t i, std::uint32_t k) {
  Issue& issue = issues_[i];
  issue.legs[k].state = LegState::done;
  const bool all_done =
      std::all_of(issue.legs.begin(), issue.legs.end(), [](const Leg& l) { return l.state == LegState::done; });
  if (all_done) finish_attempt(i);
}

double GovernanceModel::effort_of(const Issue& issue, const Leg& leg) const {
  // Under the county's eye a department gives its all (by default).
  return issue.pushed ? scenario_.assumptions.escalated_effort : departments_[leg.department].effort;
}

void GovernanceModel::finish_attempt(std::uint32_t i) {
  Issue& issue = issues_[i];
  double effort = 0, formalism = 0;
  for (const Leg& leg : issue.legs) {
    effort += effort_of(issue, leg);
    formalism += departments_[leg.department].spec->levers.formalism;
  }
  const double legs = static_cast<double>(issue.legs.size());
  const bool solved = issue.random.uniform01() < work_success_probability(formalism / legs, effort / legs, scenario_.assumptions.success_floor);
  ++period_attempts_;
  period_failures_ += solved ? 0 : 1;
  if (reform_) {
    // The township scores every department it called.
    for (const Leg& leg : issue.legs) {
      DepartmentAgent& department = departments_[leg.department];
      const double score = call_score(leg.response_hours, scenario_.levers.response_norm_hours, solved, scenario_.assumptions.promptness_share);
      department.period_score_sum += score;
      ++department.period_scores;
      if (issue.counted) department.scores.add(score);
    }
  }
  if (solved) {
    close(i, issue.pushed ? Outcome::county : Outcome::department);
    return;
  }
  ++issue.failures;
  if (issue.counted) ++report_.failures;
  issue.failed_once = true;
  issue.stage = Stage::calling;
  for (std::uint32_t k = 0; k < issue.legs.size(); ++k) recall(i, k, RecallReason::failed, k == 0);
}

void GovernanceModel::recall(std::uint32_t i, std::uint32_t k, RecallReason reason, bool new_round) {
  Issue& issue = issues_[i];
  Leg& leg = issue.legs[k];
  const Levers& levers = township_levers(issue);
  if (new_round) {
    ++issue.recalls;
    if (issue.counted) ++report_.recalls;
  }
  if (!issue.pushed && issue.recalls > levers.max_recalls) {
    // Too many rounds: the leg waits for the county to take the issue up.
    leg.state = LegState::idle;
    escalate(i);
    refresh_phase(issue);
    return;
  }
  leg.state = LegState::recall_wait;
  leg.recall_reason = reason;
  const double mean = levers.recall_delay_hours * information_factor(levers.information_level, scenario_.assumptions.information_reach);
  const std::uint32_t g = issue.generation;
  leg.timer = simulator_.schedule(sim::hours(issue.random.exponential(mean)), [this, i, g, k] {
    if (!stale(i, g) && issues_[i].legs[k].state == LegState::recall_wait) send_leg(i, k);
  });
  refresh_phase(issue);
}

void GovernanceModel::escalate(std::uint32_t i) {
  Issue& issue = issues_[i];
  if (issue.escalated) return;
  issue.escalated = true;
  issue.escalated_at = simulator_.now();
  if (issue.counted) {
    ++report_.escalated;
    ++report_.categories[issue.category].escalated;
  }
  county_.escalations.push_back({i, issue.generation});
  refresh_phase(issue);
  county_dispatch();
}

void GovernanceModel::on_taken_up(std::uint32_t i) {
  Issue& issue = issues_[i];
  issue.pushed = true;
  // The leader has pushed the departments and is free for the next one.
  --county_.busy;
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
  refresh_phase(issue);
}

void GovernanceModel::on_deadline(std::uint32_t i) {
  // Nobody can escalate an issue nobody has seen yet.
  if (issues_[i].stage != Stage::detecting) escalate(i);
}

void GovernanceModel::close(std::uint32_t i, Outcome outcome) {
  Issue& issue = issues_[i];
  const Time now = simulator_.now();
  issue.closed = now;
  issue.stage = Stage::closed;
  issue.phase_hours[static_cast<std::size_t>(issue.phase)] += hours_between(issue.phase_since, now);
  issue.phase_since = now;
  simulator_.cancel(issue.deadline);
  const bool release_county_slot = simulator_.cancel(issue.county_take_up);
  open_issues_.add(now, -1.0);
  if (now > warm_up_) open_hours_in_window_ += hours_between(std::max(issue.arose, warm_up_), now);

  const Category& category = scenario_.categories[issue.category];
  const double latency = hours_between(issue.arose, now);
  const double happiness = satisfaction(latency, category.deadline_hours, scenario_.assumptions.satisfaction_patience);
  period_satisfaction_sum_ += happiness;
  ++period_resolved_;
  if (issue.counted) {
    const bool within_deadline = latency <= category.deadline_hours;
    ++report_.by_outcome[static_cast<std::size_t>(outcome)];
    resolution_stats_.add(latency);
    resolution_sketch_.add(latency);
    resolution_survival_.add(latency, true);
    sojourn_stats_.add(latency);
    satisfaction_stats_.add(happiness);
    for (std::size_t p = 0; p < phase_count; ++p) phase_sums_[p] += issue.phase_hours[p];
    CategoryReport& by_category = report_.categories[issue.category];
    ++by_category.resolved;
    category_resolution_[issue.category].add(latency);
    TownshipAgent& township = townships_[issue.township];
    ++township.resolved;
    township.resolution_hours.add(latency);
    if (outcome == Outcome::social) ++township.social;
    if (outcome == Outcome::township) ++township.resolved_alone;
    if (within_deadline) {
      ++report_.within_deadline;
      ++by_category.within_deadline;
    }
    if (observer_ != nullptr) observer_->on_issue({issue, outcome, within_deadline, happiness});
  }
  ++issue.generation;
  free_issues_.push_back(i);
  if (release_county_slot) {
    --county_.busy;
    county_dispatch();
  }
}

// --- Agents -------------------------------------------------------------------

void GovernanceModel::department_enqueue(std::uint32_t d, Job job, Priority priority) {
  departments_[d].queue[static_cast<std::size_t>(priority)].push_back(job);
  department_dispatch(d);
}

void GovernanceModel::department_dispatch(std::uint32_t d) {
  DepartmentAgent& department = departments_[d];
  while (department.pool.free()) {
    auto queue = std::find_if(department.queue.begin(), department.queue.end(), [](const auto& q) { return !q.empty(); });
    if (queue == department.queue.end()) return;
    const Job job = queue->front();
    queue->pop_front();
    if (job.kind == JobKind::vertical) {
      set_busy(department.pool, 1);
      simulator_.schedule(sim::hours(department.vertical_random.exponential(scenario_.assumptions.vertical_job_hours)),
                          [this, d] { release_department_team(d); });
      continue;
    }
    if (stale(job.ref.issue, job.ref.generation)) continue;
    Issue& issue = issues_[job.ref.issue];
    const std::uint32_t i = job.ref.issue;
    const std::uint32_t g = job.ref.generation;
    const std::uint32_t k = job.leg;
    const OrganisationLink& channel = organisation_.channel(d, issue.township);
    const bool stationed_at_hand = issue.random.uniform01() < std::min(1.0, channel.stationed_teams);
    const double travel_hours = (stationed_at_hand ? scenario_.assumptions.stationed_travel_minutes : channel.travel_minutes) / 60.0;
    set_busy(department.pool, 1);
    if (job.kind == JobKind::respond) {
      issue.legs[k].state = LegState::travelling;
      const double mobilise = issue.random.exponential(mobilise_mean_hours(department.spec->mobilise_hours, effort_of(issue, issue.legs[k])));
      simulator_.schedule(sim::hours(mobilise + travel_hours), [this, i, g, k] {
        if (!stale(i, g)) on_reported(i, k);
      });
    } else {
      const double work = issue.random.exponential(scenario_.categories[issue.category].work_hours);
      simulator_.schedule(sim::hours(travel_hours + work), [this, d, i, g, k] {
        release_department_team(d);
        if (!stale(i, g)) on_work_done(i, k);
      });
    }
  }
}

void GovernanceModel::release_department_team(std::uint32_t d) {
  set_busy(departments_[d].pool, -1);
  department_dispatch(d);
}

void GovernanceModel::township_dispatch(std::uint32_t t) {
  TownshipAgent& township = townships_[t];
  while (township.pool.free()) {
    if (township.waiting_pushed_tasks > 0) {
      --township.waiting_pushed_tasks;
      set_busy(township.pool, 1);
      const double hours = township.pushed_random.exponential(scenario_.levers.pushed_task_hours);
      simulator_.schedule(sim::hours(hours), [this, t] {
        set_busy(townships_[t].pool, -1);
        township_dispatch(t);
      });
      continue;
    }
    if (township.local_issues.empty()) return;
    const IssueRef ref = township.local_issues.front();
    township.local_issues.pop_front();
    // Skipped if the issue has closed or the county has taken it over.
    if (stale(ref.issue, ref.generation) || issues_[ref.issue].stage != Stage::township_queue) continue;
    start_township_work(ref.issue);
  }
}

void GovernanceModel::county_dispatch() {
  while (county_.busy < county_.capacity && !county_.escalations.empty()) {
    const IssueRef ref = county_.escalations.front();
    county_.escalations.pop_front();
    if (stale(ref.issue, ref.generation)) continue;
    Issue& issue = issues_[ref.issue];
    ++county_.busy;
    const std::uint32_t i = ref.issue;
    // A leader works on it until taken up; if the issue is resolved
    // meanwhile, close() cancels this and the leader drops it at once.
    const double hours = issue.random.exponential(scenario_.levers.escalation_delay_hours);
    issue.county_take_up = simulator_.schedule(sim::hours(hours), [this, i] { on_taken_up(i); });
  }
}

void GovernanceModel::schedule_vertical(std::uint32_t d) {
  DepartmentAgent& department = departments_[d];
  const double rate = department.spec->vertical_load * department.pool.teams / scenario_.assumptions.vertical_job_hours;
  if (!(rate > 0.0)) return;
  simulator_.schedule(sim::hours(department.vertical_random.exponential(1.0 / rate)), [this, d] {
    // Own work piles up without bound if calls keep every team busy.
    const std::size_t waiting = departments_[d].queue[static_cast<std::size_t>(Priority::routine)].size();
    if (waiting >= budgets_.open_issues()) throw std::runtime_error(budgets_.own_work_backlog(d, waiting, simulator_.now().to_days()));
    department_enqueue(d, {}, Priority::routine);
    schedule_vertical(d);
  });
}

void GovernanceModel::schedule_pushed_task(std::uint32_t t) {
  TownshipAgent& township = townships_[t];
  if (!(township.pushed_rate_per_hour > 0.0)) return;
  simulator_.schedule(sim::hours(township.pushed_random.exponential(1.0 / township.pushed_rate_per_hour)), [this, t] {
    TownshipAgent& agent = townships_[t];
    if (simulator_.now() >= warm_up_) ++agent.pushed_tasks_count;
    ++agent.waiting_pushed_tasks;
    township_dispatch(t);
    schedule_pushed_task(t);
  });
}

void GovernanceModel::on_assessment(std::uint32_t period) {
  const double day = simulator_.now().to_days();
  double effort_sum = 0;
  for (std::uint32_t d = 0; d < departments_.size(); ++d) {
    DepartmentAgent& department = departments_[d];
    const Levers& levers = department.spec->levers;
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
    demand_multiplier_ = demand_multiplier(scenario_.levers.demand_feedback, recent, reference_satisfaction_);
  }
  period_satisfaction_sum_ = 0;
  period_resolved_ = 0;
  const Time next = sim::days(scenario_.levers.assessment_period_days * (period + 1));
  if (next <= horizon_) simulator_.schedule_at(next, [this, period] { on_assessment(period + 1); });
}

void GovernanceModel::on_warm_up_end() {
  const Time now = simulator_.now();
  for (DepartmentAgent& department : departments_) department.pool.busy_average.restart(now);
  for (TownshipAgent& township : townships_) {
    township.pool.busy_average.restart(now);
    township.local_busy_average.restart(now);
  }
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

void GovernanceModel::refresh_phase(Issue& issue) {
  Phase phase = issue.phase;
  switch (issue.stage) {
    case Stage::detecting: phase = Phase::detection; break;
    case Stage::township_queue:
    case Stage::township_work: phase = Phase::township; break;
    case Stage::coordinating: phase = Phase::coordination; break;
    case Stage::joint_work: phase = issue.failed_once ? Phase::rework : Phase::work; break;
    case Stage::closed: return;
    case Stage::calling: {
      bool working = false, active = false, failed_wait = false, routing = false;
      for (const Leg& leg : issue.legs) {
        switch (leg.state) {
          case LegState::working: working = active = true; break;
          case LegState::routing: routing = active = true; break;
          case LegState::recall_wait:
            failed_wait = failed_wait || leg.recall_reason == RecallReason::failed;
            routing = routing || leg.recall_reason == RecallReason::misrouted;
            break;
          case LegState::queued:
          case LegState::travelling:
          case LegState::reported: active = true; break;
          case LegState::idle:
          case LegState::done: break;
        }
      }
      if (working) {
        phase = issue.failed_once ? Phase::rework : Phase::work;
      } else if (issue.escalated && !issue.pushed && !active) {
        phase = Phase::escalation;
      } else if (failed_wait) {
        phase = Phase::rework;
      } else if (routing) {
        phase = Phase::routing;
      } else {
        phase = Phase::waiting;
      }
      break;
    }
  }
  if (phase == issue.phase) return;
  const Time now = simulator_.now();
  issue.phase_hours[static_cast<std::size_t>(issue.phase)] += hours_between(issue.phase_since, now);
  issue.phase = phase;
  issue.phase_since = now;
}

void GovernanceModel::set_busy(TeamPool& pool, int delta) {
  pool.busy += delta;
  pool.busy_average.set(simulator_.now(), static_cast<double>(pool.busy) / pool.teams);
}

void GovernanceModel::report_open_issues() {
  std::vector<std::uint32_t> open;
  for (std::uint32_t i = 0; i < issues_.size(); ++i) {
    if (issues_[i].stage != Stage::closed) open.push_back(i);
  }
  std::sort(open.begin(), open.end(), [this](std::uint32_t a, std::uint32_t b) { return issues_[a].serial < issues_[b].serial; });
  for (const std::uint32_t i : open) {
    Issue& issue = issues_[i];
    issue.phase_hours[static_cast<std::size_t>(issue.phase)] += hours_between(issue.phase_since, horizon_);
    issue.phase_since = horizon_;
    open_hours_in_window_ += hours_between(std::max(issue.arose, warm_up_), horizon_);
    if (!issue.counted) continue;
    ++report_.by_outcome[static_cast<std::size_t>(Outcome::open)];
    sojourn_stats_.add(hours_between(issue.arose, horizon_));
    resolution_survival_.add(hours_between(issue.arose, horizon_), false);
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
  return std::min(rmst_tau_deadlines * longest_deadline, hours_between(warm_up_, horizon_));
}

RunReport GovernanceModel::build_report() {
  RunReport& report = report_;
  report.events = simulator_.events_executed();
  report.response = summarise(response_stats_, response_sketch_);
  report.resolution = summarise(resolution_stats_, resolution_sketch_);
  report.resolution_survival = survival_summary(resolution_survival_, resolution_tau_hours());
  report.required_call_response_hours = mean_or_zero(required_response_stats_);
  report.satisfaction = mean_or_zero(satisfaction_stats_);
  const double resolved = static_cast<double>(report.resolved());
  for (std::size_t p = 0; p < phase_count; ++p) report.mean_phase_hours[p] = resolved > 0 ? phase_sums_[p] / resolved : 0.0;

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
    out.initial_effort = agent.spec->initial_effort;
    out.final_effort = agent.effort;
    out.mean_score = mean_or_zero(agent.scores);
    out.scores = agent.scores.count();
    effort_start += out.initial_effort;
    effort_end += out.final_effort;
    department_busy += out.utilisation;
  }
  const double departments = static_cast<double>(departments_.size());
  report.mean_effort_start = effort_start / departments;
  report.mean_effort_end = effort_end / departments;
  report.department_utilisation = department_busy / departments;

  double township_busy = 0;
  for (std::size_t t = 0; t < townships_.size(); ++t) {
    const TownshipAgent& agent = townships_[t];
    TownshipReport& out = report.townships[t];
    out.arisen = agent.arisen;
    out.social = agent.social;
    out.resolved_alone = agent.resolved_alone;
    out.called = agent.called;
    out.resolved = agent.resolved;
    out.pushed_tasks = agent.pushed_tasks_count;
    out.utilisation = agent.pool.busy_average.mean(horizon_);
    out.local_share_of_load = out.utilisation > 0 ? agent.local_busy_average.mean(horizon_) / out.utilisation : 0.0;
    out.mean_resolution_hours = mean_or_zero(agent.resolution_hours);
    township_busy += out.utilisation;
  }
  report.township_utilisation = township_busy / static_cast<double>(townships_.size());
  for (std::size_t c = 0; c < report.categories.size(); ++c) {
    report.categories[c].mean_resolution_hours = mean_or_zero(category_resolution_[c]);
  }

  const double window_hours = hours_between(warm_up_, horizon_);
  report.mean_open = open_issues_.mean(horizon_);
  report.mean_open_from_sojourns = open_hours_in_window_ / window_hours;
  report.arrival_rate_per_hour = static_cast<double>(report.arisen) / window_hours;
  report.mean_sojourn_hours = mean_or_zero(sojourn_stats_);
  return report;
}

}  // namespace tiaokuai::models::governance
