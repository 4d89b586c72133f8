// The department (tiao): its teams serve calls, joint actions and the line
// ministry's own (vertical) work from priority queues.

#include <algorithm>
#include <stdexcept>

#include "models/governance/governance_model.hpp"
#include "models/governance/issue_state.hpp"
#include "models/governance/lever_effects.hpp"

namespace tiaokuai::models::governance {
namespace {

bool urgent(const Category& category) { return category.urgency == "emergency" || category.urgency == "utility"; }

}  // namespace

Priority GovernanceModel::priority_of(const Issue& issue) const {
  if (issue.pushed) return Priority::county;
  if (!reform_) return Priority::referred;
  return urgent(scenario_.categories[issue.category]) ? Priority::urgent : Priority::routine;
}

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
    if (job.kind == JobKind::returned_task) {
      set_busy(department.pool, 1);
      simulator_.schedule(sim::hours(job.hours), [this, d] { release_department_team(d); });
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
      set_leg_state(issue, k, LegState::travelling, simulator_.now());
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
