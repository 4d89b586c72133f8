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

bool for_issue(const Job& job) { return job.kind == JobKind::respond || job.kind == JobKind::joint_work; }

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
  DepartmentAgent& department = departments_[d];
  job.priority = priority;
  if (job.kind == JobKind::respond) issues_[job.ref.issue].legs[job.leg].queued_priority = static_cast<std::uint8_t>(priority);
  // A call or joint action in a township where the department has a free
  // stationed team goes to it at once; otherwise to the central queue.
  if (for_issue(job) && !department.stationed.empty() && !stale(job.ref.issue, job.ref.generation)) {
    const std::uint32_t t = issues_[job.ref.issue].township;
    if (department.stationed[t].free()) {
      start_department_job(d, job, true);
      return;
    }
  }
  department.queue[static_cast<std::size_t>(priority)].push_back(job);
  department_dispatch(d);
}

void GovernanceModel::department_dispatch(std::uint32_t d) {
  DepartmentAgent& department = departments_[d];
  while (department.pool.free()) {
    auto queue = std::find_if(department.queue.begin(), department.queue.end(), [](const auto& q) { return !q.empty(); });
    if (queue == department.queue.end()) return;
    const Job job = queue->front();
    queue->pop_front();
    if (for_issue(job) && stale(job.ref.issue, job.ref.generation)) continue;
    // Re-queued at the county's priority when the county took the issue up.
    if (job.kind == JobKind::respond && static_cast<std::uint8_t>(job.priority) != issues_[job.ref.issue].legs[job.leg].queued_priority) continue;
    start_department_job(d, job, false);
  }
}

std::uint32_t GovernanceModel::team_code(std::uint32_t d, bool stationed, std::uint32_t t) const {
  const auto departments = static_cast<std::uint32_t>(departments_.size());
  return stationed ? departments + d * static_cast<std::uint32_t>(townships_.size()) + t : d;
}

void GovernanceModel::occupy_department_team(std::uint32_t code, JobKind kind, int delta) {
  const auto departments = static_cast<std::uint32_t>(departments_.size());
  if (code < departments) {
    DepartmentAgent& department = departments_[code];
    set_busy(department.pool, delta);
    department.busy_by_kind[static_cast<std::size_t>(kind)].add(simulator_.now(), delta);
    return;
  }
  const std::uint32_t stationed = code - departments;
  const auto townships = static_cast<std::uint32_t>(townships_.size());
  set_busy(departments_[stationed / townships].stationed[stationed % townships], delta);
}

void GovernanceModel::start_department_job(std::uint32_t d, Job job, bool stationed) {
  DepartmentAgent& department = departments_[d];
  if (job.kind == JobKind::vertical) {
    occupy_department_team(d, JobKind::vertical, 1);
    simulator_.schedule(sim::hours(department.vertical_random.exponential(scenario_.assumptions.vertical_job_hours)),
                        [this, d] { release_department_team(d, JobKind::vertical); });
    return;
  }
  if (job.kind == JobKind::returned_task) {
    occupy_department_team(d, JobKind::returned_task, 1);
    simulator_.schedule(sim::hours(job.hours), [this, d] { release_department_team(d, JobKind::returned_task); });
    return;
  }
  Issue& issue = issues_[job.ref.issue];
  const std::uint32_t i = job.ref.issue;
  const std::uint32_t g = job.ref.generation;
  const std::uint32_t k = job.leg;
  Leg& leg = issue.legs[k];
  const std::uint32_t call = leg.calls - 1U;
  const OrganisationLink& channel = organisation_.channel(d, issue.township);
  const double travel_hours = (stationed ? scenario_.assumptions.stationed_travel_minutes : channel.travel_minutes) / 60.0;
  const std::uint32_t code = team_code(d, stationed, issue.township);
  occupy_department_team(code, job.kind, 1);
  leg.stationed_team = stationed;
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
    simulator_.schedule(sim::hours(travel_hours + work), [this, code, i, g, k] {
      release_department_team(code, JobKind::joint_work);
      if (!stale(i, g)) on_work_done(i, k);
    });
  }
}

void GovernanceModel::switch_department_job(std::uint32_t code, JobKind from, JobKind to) {
  // Stationed teams are not split by kind of job (the ledger counts their whole time).
  if (code >= departments_.size()) return;
  DepartmentAgent& department = departments_[code];
  department.busy_by_kind[static_cast<std::size_t>(from)].add(simulator_.now(), -1);
  department.busy_by_kind[static_cast<std::size_t>(to)].add(simulator_.now(), 1);
}

void GovernanceModel::release_department_team(std::uint32_t code, JobKind kind) {
  occupy_department_team(code, kind, -1);
  // A stationed team waits for its township's next call; a central one
  // takes the next job in the queue.
  if (code < departments_.size()) department_dispatch(code);
}

void GovernanceModel::schedule_vertical(std::uint32_t d) {
  DepartmentAgent& department = departments_[d];
  // The own work keeps vertical_load of the central teams busy (stationed teams do their township's).
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
