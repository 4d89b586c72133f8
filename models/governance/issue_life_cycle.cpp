// The issue's life from arising to closing: detection, calls to the
// departments that hold jurisdiction, their reports and work, joint actions,
// re-calls and closing. The stage moves go through issue_state.hpp; what the
// township, the departments and the county decide lives in their own files.

#include <algorithm>

#include "models/governance/governance_model.hpp"
#include "models/governance/issue_draws.hpp"
#include "models/governance/issue_state.hpp"
#include "models/governance/lever_effects.hpp"

namespace tiaokuai::models::governance {

using sim::Time;

void GovernanceModel::schedule_arrival(std::uint32_t s) {
  ArrivalStream& stream = arrivals_[s];
  const double rate = stream.rate_per_hour * demand_multiplier_;
  if (!(rate > 0.0)) return;
  simulator_.schedule(sim::hours(stream.random.exponential(1.0 / rate)), [this, s] { on_arrival(s); });
}

void GovernanceModel::on_arrival(std::uint32_t s) {
  // A latent issue: arrivals come at the rate reported at information level
  // 1, and each is reported with a chance rising with the township's level,
  // against one fixed draw. Every latent issue takes the same draws from the
  // stream whether reported or not, so the issues reported at a lower level
  // are a subset of those at a higher one, with the same luck.
  ArrivalStream& stream = arrivals_[s];
  const double reporting_gain = scenario_.assumptions.reporting_gain;
  const double report_luck = stream.random.uniform01();
  const auto community = static_cast<std::uint32_t>(stream.random.uniform_int(townships_[stream.township].spec->communities));
  const std::uint64_t key = stream.random.next_u64();
  const double information_level = levers_.township(stream.township).information_level;
  if (report_luck < report_probability(information_level, reporting_gain)) {
    if (simulator_.now() >= warm_up_ && !(report_luck < report_probability(0.0, reporting_gain))) ++report_.ledger.reported_by_information;
    arise(stream.township, stream.category, community, key);
  }
  schedule_arrival(s);
}

void GovernanceModel::arise(std::uint32_t township, std::uint32_t category_index, std::uint32_t community, std::uint64_t key,
                            bool reported_by_resident) {
  const std::uint32_t i = allocate_issue();
  Issue& issue = issues_[i];
  const Time now = simulator_.now();
  const Category& category = scenario_.categories[category_index];
  issue.serial = next_serial_++;
  issue.category = category_index;
  issue.township = township;
  issue.community = community;
  issue.key = key;
  issue.counted = now >= warm_up_;
  issue.arose = now;
  open_issue(issue, now);
  // A case whose owner is unclear goes to the district government (S22).
  const std::size_t government = organisation_.district_government(township);
  if (category.unclear_owner_share > 0 && government != Organisation::npos &&
      issue_uniform(key, Draw::unclear_owner, 0, 0) < category.unclear_owner_share) {
    issue.legs.assign(1, Leg{});
    issue.legs[0].department = static_cast<std::uint32_t>(government);
  } else {
    const std::vector<std::size_t>& holders = organisation_.jurisdiction(category_index, township);
    issue.legs.assign(holders.size(), Leg{});
    for (std::size_t k = 0; k < holders.size(); ++k) issue.legs[k].department = static_cast<std::uint32_t>(holders[k]);
  }
  open_issues_.add(now, 1.0);
  if (issue.counted) {
    ++report_.arisen;
    ++report_.categories[issue.category].arisen;
    if (issue.legs.size() > 1) ++report_.multi_department;
    ++townships_[issue.township].arisen;
  }
  const std::uint32_t g = issue.generation;
  issue.deadline = simulator_.schedule(sim::hours(category.deadline_hours), [this, i, g] {
    if (!stale(i, g)) on_deadline(i);
  });
  if (reported_by_resident) {
    on_detected(i);
    return;
  }
  const Levers& levers = levers_.township(issue.township);
  const double detection_mean = category.detection_hours * information_factor(levers.information_level, scenario_.assumptions.information_reach);
  simulator_.schedule(sim::hours(issue_exponential(issue.key, Draw::detection, detection_mean)), [this, i, g] {
    if (!stale(i, g)) on_detected(i);
  });
}

void GovernanceModel::on_detected(std::uint32_t i) {
  Issue& issue = issues_[i];
  const Category& category = scenario_.categories[issue.category];
  const Levers& levers = levers_.township(issue.township);
  issue.detected = simulator_.now();
  const double minor = issue_uniform(issue.key, Draw::minor, 0, 0);
  const double residents = issue_uniform(issue.key, Draw::residents, 0, 0);
  if (minor < category.minor_share && residents < levers.social_participation) {
    close(i, Outcome::social);
    return;
  }
  township_decides(i);
  // A deadline that passed before anyone saw the issue escalates it now.
  if (issue.overdue && issue.stage != Stage::closed) escalate(i);
}

void GovernanceModel::call(std::uint32_t i) {
  Issue& issue = issues_[i];
  enter_stage(issue, Stage::calling, simulator_.now());
  if (issue.first_call == Time::max()) {
    issue.first_call = simulator_.now();
    if (issue.counted) {
      ++report_.called;
      ++townships_[issue.township].called;
      if (issue.route == Route::whistle) {
        ++report_.whistled;
        ++townships_[issue.township].whistled;
        if (issue.legs.size() > 1) ++report_.whistled_multi_department;
      } else {
        ++report_.dispatched;
      }
    }
  }
  for (std::uint32_t k = 0; k < issue.legs.size(); ++k) {
    if (issue.legs[k].state == LegState::idle) send_leg(i, k);
  }
}

void GovernanceModel::send_leg(std::uint32_t i, std::uint32_t k) {
  Issue& issue = issues_[i];
  Leg& leg = issue.legs[k];
  leg.called_at = simulator_.now();
  ++leg.calls;
  ++issue.calls;
  if (issue.counted) ++report_.calls;
  // Before the reform every request goes up to the county and down again:
  // the county coordinating office (county_agent.cpp) relays it, then it
  // travels on (forward_leg).
  if (!reform_ && !issue.pushed) {
    county_office_receive(i, k);
    return;
  }
  forward_leg(i, k);
}

void GovernanceModel::forward_leg(std::uint32_t i, std::uint32_t k) {
  Issue& issue = issues_[i];
  Leg& leg = issue.legs[k];
  const Levers& levers = levers_.township(issue.township);
  set_leg_state(issue, k, LegState::routing, simulator_.now());
  const double information = information_factor(levers.information_level, scenario_.assumptions.information_reach);
  const std::uint32_t round = leg.calls - 1U;  // counted when the township made the call
  const double misroute_luck = issue_uniform(issue.key, Draw::misroute, k, round);
  double delay = issue_exponential(issue.key, Draw::message, levers.message_delay_hours * information, k, round);
  // The whistle summons the departments at once: no message delay.
  if (issue.route == Route::whistle) delay = 0;
  const std::uint32_t g = issue.generation;
  // A misrouted call lands on another department serving the township.
  const std::vector<std::size_t>& serving = organisation_.serving(issue.township);
  const bool misrouted = serving.size() > 1 && misroute_luck < levers.misrouting * information;
  if (misrouted) {
    // Sent to another department, which sends it back: the message travels twice.
    const auto others = static_cast<std::uint32_t>(serving.size() - 1);
    const double which = issue_uniform(issue.key, Draw::wrong_department, k, round);
    std::size_t position = std::min(others - 1, static_cast<std::uint32_t>(which * others));
    if (serving[position] >= leg.department) ++position;  // skip its own (serving is in index order)
    const auto wrong = static_cast<std::uint32_t>(serving[position]);
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
  const bool may_refuse = !issue.pushed && !(levers_.county().lead_department && k != 0);
  const double refuse_probability =
      may_refuse ? shirk_probability(category.ambiguity, department.effort, levers_.department(leg.department).party_coordination) : 0.0;
  if (issue_uniform(issue.key, Draw::refusal, k, leg.calls - 1U) < refuse_probability) {
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
  set_leg_state(issue, k, LegState::queued, simulator_.now());
  department_enqueue(leg.department, {JobKind::respond, {i, issue.generation}, k}, priority_of(issue));
}

void GovernanceModel::on_reported(std::uint32_t i, std::uint32_t k) {
  Issue& issue = issues_[i];
  Leg& leg = issue.legs[k];
  const Time now = simulator_.now();
  leg.first_report_at = std::min(leg.first_report_at, now);
  leg.response_hours = sim::hours_between(leg.called_at, now);
  if (issue.counted) {
    response_stats_.add(leg.response_hours);
    response_sketch_.add(leg.response_hours);
    if (!issue.township_may_act) required_response_stats_.add(leg.response_hours);
    departments_[leg.department].response_hours.add(leg.response_hours);
    if (!issue.pushed) {
      // The arrival rule binds whistled departments only; the county's
      // pushed calls are in neither route.
      route_response_stats_[static_cast<std::size_t>(issue.route)].add(leg.response_hours);
      if (issue.route == Route::whistle) {
        ++report_.whistle_reports;
        if (leg.response_hours * 60.0 <= levers_.county().arrival_rule_minutes) ++report_.whistle_reports_within_rule;
      }
    }
    CallCell& cell = report_.call_network[issue.township * departments_.size() + leg.department];
    ++cell.reports;
    cell.response_hours_sum += leg.response_hours;
  }
  if (issue.legs.size() == 1) {
    // A single department's team stays on site and does the work.
    set_leg_state(issue, k, LegState::working, now);
    const std::uint32_t g = issue.generation;
    const std::uint32_t code = team_code(leg.department, leg.stationed_team, issue.township);
    const double work = work_hours(issue, k);
    simulator_.schedule(sim::hours(work), [this, code, i, g, k] {
      release_department_team(code, JobKind::respond);
      if (!stale(i, g)) on_work_done(i, k);
    });
    return;
  }
  // Several departments: the team surveys the site and returns; the joint
  // action is convened once all have reported. The whistled team that
  // arrives last stays on site (docs/sources.md S9) and the action is agreed
  // there; the earlier ones return rather than wait, because teams held for
  // departments that may not come (refused, re-called, waiting for the
  // county) would leave two departments each waiting for the other's team.
  set_leg_state(issue, k, LegState::reported, now);
  const bool all_reported =
      std::all_of(issue.legs.begin(), issue.legs.end(), [](const Leg& l) { return l.state == LegState::reported; });
  leg.team_on_site = all_reported && issue.route == Route::whistle && !issue.pushed;
  if (!leg.team_on_site) release_department_team(team_code(leg.department, leg.stationed_team, issue.township), JobKind::respond);
  if (!all_reported) return;
  enter_stage(issue, Stage::coordinating, now);
  if (issue.counted) ++report_.joint_actions;
  const Levers& levers = levers_.township(issue.township);
  const double mean = coordination_mean_hours(levers.coordination_hours, levers.party_coordination,
                                              levers_.county().lead_department, scenario_.assumptions.lead_department_factor);
  TownshipAgent& township = townships_[issue.township];
  township.convening.add(now, 1.0);
  const std::uint32_t g = issue.generation;
  // Whistled departments are all on site already: the action is agreed there.
  if (issue.route == Route::whistle && !issue.pushed) {
    simulator_.schedule(sim::hours(0.0), [this, i, g] {
      if (!stale(i, g)) on_convened(i);
    });
    return;
  }
  // Party coordination is a township Party leader's time: the convening
  // waits for a free leader, and lasts until both the convening and the
  // leader's part are done.
  const ConveningRequest request{{i, g}, issue_exponential(issue.key, Draw::coordination, mean, 0, issue.attempt()),
                                 issue_exponential(issue.key, Draw::party_leader,
                                                   party_leader_mean_hours(scenario_.assumptions.party_leader_hours, levers.party_coordination),
                                                   0, issue.attempt())};
  if (!(request.leader_hours > 0.0)) {
    simulator_.schedule(sim::hours(request.convene_hours), [this, i, g] {
      if (!stale(i, g)) on_convened(i);
    });
  } else if (township.leaders_busy < township.leaders) {
    start_convening(issue.township, request);
  } else {
    township.convening_queue.push_back(request);
  }
}

void GovernanceModel::start_convening(std::uint32_t t, const ConveningRequest& request) {
  TownshipAgent& township = townships_[t];
  township.leaders_busy_average.set(simulator_.now(), ++township.leaders_busy);
  simulator_.schedule(sim::hours(request.leader_hours), [this, t] { release_party_leader(t); });
  const std::uint32_t i = request.ref.issue;
  const std::uint32_t g = request.ref.generation;
  simulator_.schedule(sim::hours(std::max(request.convene_hours, request.leader_hours)), [this, i, g] {
    if (!stale(i, g)) on_convened(i);
  });
}

void GovernanceModel::release_party_leader(std::uint32_t t) {
  TownshipAgent& township = townships_[t];
  township.leaders_busy_average.set(simulator_.now(), --township.leaders_busy);
  while (!township.convening_queue.empty()) {
    const ConveningRequest request = township.convening_queue.front();
    township.convening_queue.pop_front();
    if (stale(request.ref.issue, request.ref.generation)) continue;
    start_convening(t, request);
    return;
  }
}

void GovernanceModel::on_convened(std::uint32_t i) {
  Issue& issue = issues_[i];
  const Levers& levers = levers_.township(issue.township);
  townships_[issue.township].convening.add(simulator_.now(), -1.0);
  const double breakup = breakup_probability(levers.joint_breakup, levers.party_coordination, levers_.county().lead_department,
                                             scenario_.assumptions.lead_department_factor);
  if (issue_uniform(issue.key, Draw::breakup, 0, issue.attempt()) < breakup) {
    for (Leg& leg : issue.legs) {
      if (!leg.team_on_site) continue;
      leg.team_on_site = false;
      release_department_team(team_code(leg.department, leg.stationed_team, issue.township), JobKind::respond);
    }
    ++issue.breakups;
    if (issue.counted) ++report_.breakups;
    start_new_round(i);
    return;
  }
  enter_stage(issue, Stage::joint_work, simulator_.now());
  for (std::uint32_t k = 0; k < issue.legs.size(); ++k) {
    set_leg_state(issue, k, LegState::working, simulator_.now());
    Leg& leg = issue.legs[k];
    if (leg.team_on_site) {
      // The whistled team is already there: it starts at once, and its
      // time counts as joint work from now on.
      leg.team_on_site = false;
      const std::uint32_t code = team_code(leg.department, leg.stationed_team, issue.township);
      switch_department_job(code, JobKind::respond, JobKind::joint_work);
      const std::uint32_t g = issue.generation;
      simulator_.schedule(sim::hours(work_hours(issue, k)), [this, code, i, g, k] {
        release_department_team(code, JobKind::joint_work);
        if (!stale(i, g)) on_work_done(i, k);
      });
      continue;
    }
    department_enqueue(leg.department, {JobKind::joint_work, {i, issue.generation}, k}, joint_work_priority(issue));
  }
}

void GovernanceModel::on_work_done(std::uint32_t i, std::uint32_t k) {
  Issue& issue = issues_[i];
  set_leg_state(issue, k, LegState::done, simulator_.now());
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
    const Levers& levers = levers_.department(leg.department);
    // Before the reform no township score pulls towards box-ticking.
    formalism += effective_formalism(levers.formalism, reform_ ? levers.incentive_weight : 0.0, scenario_.assumptions.formalism_incentive);
  }
  const double legs = static_cast<double>(issue.legs.size());
  formalism /= legs;
  // One draw decides: a sham (the top `formalism` of it), a failed real
  // attempt, or a solution; a second, whether a call-back catches a sham.
  const double luck = issue_uniform(issue.key, Draw::success, 0, issue.attempt());
  const bool caught = issue_uniform(issue.key, Draw::callback, 0, issue.attempt()) < levers_.county().callback_verification;
  const bool solved = luck < work_success_probability(formalism, effort / legs, scenario_.assumptions.success_floor);
  const bool sham = luck >= 1.0 - formalism;
  // A sham the call-back missed closes the issue as if resolved, and scores so.
  const bool missed_sham = sham && !caught;
  township_remembers(i, solved);
  ++period_attempts_;
  period_failures_ += solved ? 0 : 1;
  if (reform_) {
    // The township scores every department it called.
    for (const Leg& leg : issue.legs) {
      DepartmentAgent& department = departments_[leg.department];
      const double target = levers_.county().response_target_share * scenario_.categories[issue.category].deadline_hours;
      const double score = call_score(leg.response_hours, target, solved || missed_sham, scenario_.assumptions.promptness_share);
      department.period_score_sum += score;
      ++department.period_scores;
      if (issue.counted) department.scores.add(score);
    }
  }
  if (solved) {
    close(i, issue.pushed ? Outcome::county : Outcome::department);
    return;
  }
  if (missed_sham) {
    // Reported without resolution: the problem is still there, and residents
    // report it again later, as a new issue of the same kind and place.
    if (issue.counted) ++report_.ledger.reports_without_resolution;
    const double delay = issue_exponential(issue.key, Draw::reappear, scenario_.assumptions.sham_reappear_days * 24.0, 0, issue.attempt());
    // The problem comes back as a new issue, with a key of its own derived from this one's.
    const std::uint64_t key = sim::splitmix64(issue.key ^ sim::splitmix64(issue.attempt() + 1ULL));
    // Township and category in one word: an event captures at most 24 bytes.
    const std::uint32_t place = issue.township << 16 | issue.category, community = issue.community;
    close(i, issue.pushed ? Outcome::county : Outcome::department);
    simulator_.schedule(sim::hours(delay), [this, key, place, community] {
      if (simulator_.now() >= warm_up_) ++report_.ledger.reappeared;
      arise(place >> 16, place & 0xffffU, community, key);
    });
    return;
  }
  if (sham && issue.counted) ++report_.ledger.shams_caught;
  ++issue.failures;
  if (issue.counted) ++report_.failures;
  start_new_round(i);
}

void GovernanceModel::start_new_round(std::uint32_t i) {
  Issue& issue = issues_[i];
  mark_failed_once(issue, simulator_.now());
  enter_stage(issue, Stage::calling, simulator_.now());
  for (std::uint32_t k = 0; k < issue.legs.size(); ++k) recall(i, k, RecallReason::failed, k == 0);
}

void GovernanceModel::recall(std::uint32_t i, std::uint32_t k, RecallReason reason, bool new_round) {
  Issue& issue = issues_[i];
  Leg& leg = issue.legs[k];
  const Levers& levers = levers_.township(issue.township);
  if (new_round) {
    ++issue.recalls;
    if (issue.counted) ++report_.recalls;
  }
  if (!issue.pushed && issue.recalls > levers.max_recalls) {
    // Too many rounds: the leg waits for the county to take the issue up.
    set_leg_state(issue, k, LegState::idle, simulator_.now());
    escalate(i);
    return;
  }
  set_recall_wait(issue, k, reason, simulator_.now());
  const double mean = levers.recall_delay_hours * information_factor(levers.information_level, scenario_.assumptions.information_reach);
  const std::uint32_t g = issue.generation;
  leg.timer = simulator_.schedule(sim::hours(issue_exponential(issue.key, Draw::recall, mean, k, leg.calls)), [this, i, g, k] {
    if (!stale(i, g) && issues_[i].legs[k].state == LegState::recall_wait) send_leg(i, k);
  });
}

void GovernanceModel::on_deadline(std::uint32_t i) {
  Issue& issue = issues_[i];
  issue.overdue = true;
  // Nobody can escalate an issue nobody has seen yet: on_detected does it.
  if (issue.stage != Stage::detecting) escalate(i);
}

double GovernanceModel::work_hours(Issue& issue, std::uint32_t leg) {
  const double hours = issue_exponential(issue.key, Draw::work, scenario_.categories[issue.category].work_hours, leg, issue.attempt());
  if (issue.first_work_hours < 0 && leg == 0 && issue.attempt() == 0) issue.first_work_hours = hours;
  return hours;
}

void GovernanceModel::close(std::uint32_t i, Outcome outcome) {
  Issue& issue = issues_[i];
  const Time now = simulator_.now();
  close_issue(issue, now);
  simulator_.cancel(issue.deadline);
  const bool release_county_slot = simulator_.cancel(issue.county_take_up);
  open_issues_.add(now, -1.0);
  if (now > warm_up_) open_hours_in_window_ += sim::hours_between(std::max(issue.arose, warm_up_), now);

  const Category& category = scenario_.categories[issue.category];
  const double latency = sim::hours_between(issue.arose, now);
  const double happiness = satisfaction(latency, category.deadline_hours, scenario_.assumptions.satisfaction_patience);
  period_satisfaction_sum_ += happiness;
  ++period_resolved_;
  if (reform_ && issue.first_call != Time::max()) {
    // The call-back: residents' satisfaction counts for every department
    // that had a leg on the issue.
    for (const Leg& leg : issue.legs) {
      departments_[leg.department].period_satisfaction_sum += happiness;
      ++departments_[leg.department].period_satisfactions;
    }
  }
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
  tally_units(issue, happiness);
  ++issue.generation;
  free_issues_.push_back(i);
  if (release_county_slot) {
    set_county_busy(-1);
    county_dispatch();
  }
}

}  // namespace tiaokuai::models::governance
