// The department (tiao): its teams serve calls, joint actions and the line
// ministry's own (vertical) work from priority queues.

#include <algorithm>
#include <stdexcept>

#include "models/governance/governance_model.hpp"
#include "models/governance/issue_draws.hpp"
#include "models/governance/issue_state.hpp"
#include "models/governance/lever_effects.hpp"

namespace tiaokuai::models::governance {
namespace {

bool urgent(const Category& category) { return category.urgency == "emergency" || category.urgency == "utility"; }

}  // namespace

Priority GovernanceModel::priority_of(const Issue& issue) const {
  if (issue.pushed) return Priority::county;
  if (!reform_) return Priority::referred;
  if (issue.route == Route::whistle) return Priority::whistle;
  return urgent(scenario_.categories[issue.category]) ? Priority::urgent : Priority::routine;
}

// Joint work is convened by the township (or pushed by the county) and goes
// first, except before the reform, when nobody but the county can make a
// department hurry.
Priority GovernanceModel::joint_work_priority(const Issue& issue) const {
  return reform_ || issue.pushed ? Priority::county : Priority::referred;
}

void GovernanceModel::department_enqueue(std::uint32_t d, Job job, Priority priority) {
  job.priority = priority;
  if (job.kind == JobKind::respond) issues_[job.ref.issue].legs[job.leg].queued_priority = static_cast<std::uint8_t>(priority);
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
    Leg& leg = issue.legs[k];
    // Re-queued at the county's priority when the county took the issue up.
    if (job.kind == JobKind::respond && static_cast<std::uint8_t>(job.priority) != leg.queued_priority) continue;
    const OrganisationLink& channel = organisation_.channel(d, issue.township);
    const std::uint32_t call = leg.calls - 1U;
    const bool stationed_at_hand = issue_uniform(issue.key, Draw::stationed, k, call) < std::min(1.0, channel.stationed_teams);
    const double travel_hours = (stationed_at_hand ? scenario_.assumptions.stationed_travel_minutes : channel.travel_minutes) / 60.0;
    set_busy(department.pool, 1);
    if (job.kind == JobKind::respond) {
      set_leg_state(issue, k, LegState::travelling, simulator_.now());
      double mobilise = issue_exponential(issue.key, Draw::mobilise, mobilise_mean_hours(department.spec->mobilise_hours, effort_of(issue, leg)), k, call);
      // A whistled department sends a team at once; routine dispatch mobilises as usual.
      if (issue.route == Route::whistle && !issue.pushed) mobilise = 0;
      simulator_.schedule(sim::hours(mobilise + travel_hours), [this, i, g, k] {
        if (!stale(i, g)) on_reported(i, k);
      });
    } else {
      const double work = work_hours(issue, k);
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

}  // namespace tiaokuai::models::governance
