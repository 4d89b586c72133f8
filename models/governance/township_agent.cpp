// The township (kuai): whether it handles a detected issue itself or sends
// it out, by routine dispatch or by the whistle, what it remembers of the
// departments' routine answers, its teams' queue of local issues and of the tasks
// departments push down to it.

#include <algorithm>

#include "models/governance/governance_model.hpp"
#include "models/governance/issue_draws.hpp"
#include "models/governance/issue_state.hpp"
#include "models/governance/lever_effects.hpp"

namespace tiaokuai::models::governance {

void GovernanceModel::township_decides(std::uint32_t i) {
  Issue& issue = issues_[i];
  const double power_luck = issue_uniform(issue.key, Draw::power, 0, 0);
  const double deviation_luck = issue_uniform(issue.key, Draw::deviation, 0, 0);
  const double route_luck = issue_uniform(issue.key, Draw::route, 0, 0);
  issue.difficulty = issue_uniform(issue.key, Draw::difficulty, 0, 0);
  const Category& category = scenario_.categories[issue.category];
  const Levers& levers = levers_.township(issue.township);
  issue.township_may_act = category.township_may_resolve && power_luck < levers.township_power;
  const bool handle_alone = issue.township_may_act ? deviation_luck >= levers.over_calling : deviation_luck < levers.under_calling;
  issue.sat_on = handle_alone && !issue.township_may_act;
  // The route, decided now even for an issue the township first tries alone
  // (it is sent by this route if the try fails). With the power, the
  // township sends an issue out only by over-calling, and then whistles it.
  // Without it, a hard or enforcement issue is whistled; otherwise the
  // chance of a whistle grows with several departments, with the slowness
  // the township remembers of the departments' routine answers, and with
  // over-calling. Before the reform there is no whistle.
  bool whistle = false;
  if (reform_) {
    if (issue.township_may_act) {
      whistle = !handle_alone;
    } else if (issue.difficulty < category.hard_share || category.enforcement) {
      whistle = true;
    } else {
      const std::vector<double>& slowness = townships_[issue.township].routine_slowness;
      double slowest = 0;
      for (const Leg& leg : issue.legs) slowest = std::max(slowest, slowness[leg.department]);
      whistle = route_luck < whistle_probability(issue.legs.size() > 1 ? levers.whistle_multi_department : 0.0,
                                                 levers.whistle_memory_weight * slowest, levers.over_calling);
    }
  }
  issue.route = whistle ? Route::whistle : Route::routine;
  if (!handle_alone) {
    call(i);
    return;
  }
  enter_stage(issue, Stage::township_queue, simulator_.now());
  townships_[issue.township].local_issues.push_back({i, issue.generation});
  township_dispatch(issue.township);
}

void GovernanceModel::township_remembers(std::uint32_t i, bool solved) {
  const Issue& issue = issues_[i];
  if (issue.route != Route::routine || issue.pushed) return;
  const Levers& levers = levers_.township(issue.township);
  std::vector<double>& slowness = townships_[issue.township].routine_slowness;
  for (const Leg& leg : issue.legs) {
    const bool slow = !solved || leg.response_hours > levers.routine_patience_hours;
    slowness[leg.department] = smoothed(slowness[leg.department], slow ? 1.0 : 0.0, levers.memory_rate);
  }
}

void GovernanceModel::start_township_work(std::uint32_t i) {
  Issue& issue = issues_[i];
  TownshipAgent& township = townships_[issue.township];
  enter_stage(issue, Stage::township_work, simulator_.now());
  issue.township_started = std::min(issue.township_started, simulator_.now());
  set_busy(township.pool, 1);
  township.local_busy_average.set(simulator_.now(), static_cast<double>(++township.local_busy) / township.pool.teams);
  const std::uint32_t t = issue.township;
  const std::uint32_t g = issue.generation;
  const double work = issue_exponential(issue.key, Draw::township_work, scenario_.categories[issue.category].work_hours);
  if (issue.first_work_hours < 0) issue.first_work_hours = work;
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
  const double luck = issue_uniform(issue.key, Draw::unauthorised_success, 0, 0);
  const bool solved = !issue.sat_on || luck < levers_.township(t).unauthorised_success;
  if (solved) {
    close(i, Outcome::township);
  } else {
    call(i);
  }
}

void GovernanceModel::township_dispatch(std::uint32_t t) {
  TownshipAgent& township = townships_[t];
  while (township.pool.free()) {
    if (!township.waiting_pushed_tasks.empty()) {
      const double hours = township.waiting_pushed_tasks.front().hours;
      township.waiting_pushed_tasks.pop_front();
      set_busy(township.pool, 1);
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

// Department d's next task for township t. Each task draws its gap and its
// hours from the (d, t) stream whatever becomes of it, so runs with and
// without a duty list see the same tasks.
void GovernanceModel::schedule_pushed_task(std::uint32_t t, std::uint32_t d) {
  PushedStream& stream = townships_[t].pushed[d];
  if (!(stream.rate_per_hour > 0.0)) return;
  simulator_.schedule(sim::hours(stream.random.exponential(1.0 / stream.rate_per_hour)), [this, t, d] {
    TownshipAgent& agent = townships_[t];
    const double hours = agent.pushed[d].random.exponential(levers_.county().pushed_task_hours);
    const bool counted = simulator_.now() >= warm_up_;
    if (counted) ++agent.pushed_received;
    const auto week = static_cast<std::int64_t>(simulator_.now().to_hours() / 168.0);
    if (week != agent.week) {
      agent.week = week;
      agent.accepted_this_week = 0;
    }
    const Levers& levers = levers_.township(t);
    if (levers.duty_list && agent.accepted_this_week >= levers.duty_list_tasks_per_week) {
      // Not on the township's list: back to the department, which does it itself.
      DepartmentAgent& department = departments_[d];
      const double department_hours = hours + organisation_.channel(d, t).travel_minutes / 60.0;
      if (counted) {
        ++agent.pushed_returned;
        ++department.returned_tasks;
        department.returned_task_hours += department_hours;
      }
      department_enqueue(d, {.kind = JobKind::returned_task, .ref = {}, .leg = t, .hours = static_cast<float>(department_hours)},
                         Priority::routine);
    } else {
      if (counted) ++agent.pushed_accepted;
      agent.most_accepted_in_a_week = std::max(agent.most_accepted_in_a_week, ++agent.accepted_this_week);
      agent.waiting_pushed_tasks.push_back({d, hours});
      township_dispatch(t);
    }
    schedule_pushed_task(t, d);
  });
}

}  // namespace tiaokuai::models::governance
