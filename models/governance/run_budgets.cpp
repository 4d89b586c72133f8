#include "models/governance/run_budgets.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <stdexcept>

#include "models/governance/governance_model.hpp"

namespace tiaokuai::models::governance {
namespace {

// Events an item of work takes, roughly: an issue arises, is detected, has a
// deadline, is worked on and closed; a job of own work or a pushed-down task
// arrives and is done. Only used to rank the sources of work.
constexpr double events_per_issue = 5;
constexpr double events_per_job = 2;

// Whole numbers in full (a user compares them with the scenario's), others
// to six digits.
std::string number(double value) {
  char text[32];
  const bool whole = value == std::floor(value) && std::abs(value) < 1e15;
  std::snprintf(text, sizeof text, whole ? "%.0f" : "%.6g", value);
  return text;
}

std::string megabytes(std::uint64_t bytes) { return number(std::ceil(static_cast<double>(bytes) / 1e6)) + " MB"; }

std::string day_text(double day) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", day);
  return text;
}

// The memory limit of this process's cgroup (v2), or 0 if none is set.
std::uint64_t cgroup_memory_limit() {
  std::ifstream membership("/proc/self/cgroup");
  std::string line, group;
  while (std::getline(membership, line)) {
    if (line.rfind("0::", 0) == 0) group = line.substr(3);
  }
  std::ifstream limit("/sys/fs/cgroup" + group + "/memory.max");
  std::uint64_t bytes = 0;
  return (limit >> bytes) ? bytes : 0;  // "max" reads as no number: no limit
}

// The key that sets township t's communities, or department d's `field`:
// for one the city form made, its template in city: (scenario.hpp, City).
std::string communities_key(const Scenario& scenario, std::size_t t) {
  if (scenario.city.made_township(t)) return "city.communities (" + scenario.townships[t].name + ")";
  return "townships." + std::to_string(t) + ".communities";
}

std::string department_key(const Scenario& scenario, std::size_t d, const std::string& field) {
  if (scenario.city.made_department(d)) {
    return "city.district_departments." + std::to_string(scenario.city.department_template(d)) + "." + field;
  }
  return "departments." + std::to_string(d) + "." + field;
}

std::uint64_t total_communities(const Scenario& scenario) {
  std::uint64_t total = 0;
  for (const Township& township : scenario.townships) total += static_cast<std::uint64_t>(township.communities);
  return total;
}

}  // namespace

std::uint64_t usable_memory_bytes() {
  std::uint64_t limit = static_cast<std::uint64_t>(sysconf(_SC_PHYS_PAGES)) * static_cast<std::uint64_t>(sysconf(_SC_PAGE_SIZE));
  for (const int resource : {RLIMIT_AS, RLIMIT_DATA}) {
    rlimit current{};
    if (getrlimit(resource, &current) == 0 && current.rlim_cur != RLIM_INFINITY) limit = std::min<std::uint64_t>(limit, current.rlim_cur);
  }
  if (const std::uint64_t group = cgroup_memory_limit(); group > 0) limit = std::min(limit, group);
  return limit / 2;
}

RunBudgets::RunBudgets(const Scenario& scenario, std::uint64_t usable_memory) : scenario_(scenario) {
  const auto declared_bytes = static_cast<std::uint64_t>(std::ceil(scenario.run.max_open_issues)) * bytes_per_open_issue;
  machine_limited_ = usable_memory < declared_bytes;
  memory_bytes_ = std::min(declared_bytes, usable_memory);
  open_issues_ = memory_bytes_ / bytes_per_open_issue;

  const std::uint64_t townships = scenario.townships.size();
  const std::uint64_t communities = total_communities(scenario);
  const std::uint64_t channels = townships * scenario.departments.size();
  const std::uint64_t streams = townships * scenario.categories.size();
  const std::uint64_t community_bytes = communities * bytes_per_community;
  const std::uint64_t channel_bytes = channels * bytes_per_channel;
  const std::uint64_t stream_bytes = streams * bytes_per_arrival_stream;
  if (community_bytes + channel_bytes + stream_bytes <= memory_bytes_) return;

  std::string cause;
  if (community_bytes >= channel_bytes && community_bytes >= stream_bytes) {
    const auto largest = std::max_element(scenario.townships.begin(), scenario.townships.end(),
                                          [](const Township& a, const Township& b) { return a.communities < b.communities; });
    cause = "townships' communities (" + number(static_cast<double>(communities)) + " in all; " +
            communities_key(scenario, static_cast<std::size_t>(largest - scenario.townships.begin())) + " = " +
            std::to_string(largest->communities) + ") need about " + megabytes(community_bytes);
  } else if (channel_bytes >= stream_bytes) {
    cause = "townships x departments (" + std::to_string(townships) + " x " + std::to_string(scenario.departments.size()) + " = " +
            number(static_cast<double>(channels)) + " call channels) need about " + megabytes(channel_bytes);
  } else {
    cause = "townships x categories (" + std::to_string(townships) + " x " + std::to_string(scenario.categories.size()) + " = " +
            number(static_cast<double>(streams)) + " arrival streams) need about " + megabytes(stream_bytes);
  }
  throw std::runtime_error("the scenario does not fit its memory budget: " + cause + ", more than " + memory_budget_text() +
                           (machine_limited_ ? "; make the scenario smaller" : "; make the scenario smaller, or raise run.max_open_issues if this is meant"));
}

std::string RunBudgets::memory_budget_text() const {
  if (machine_limited_) return "half of the memory this process may use (" + megabytes(memory_bytes_) + ", below run.max_open_issues)";
  return "run.max_open_issues = " + number(static_cast<double>(open_issues_)) + " issues (about " + megabytes(memory_bytes_) + ")";
}

std::string RunBudgets::main_issue_source() const {
  const Hotline& hotline = scenario_.hotline;
  if (hotline.contacts_per_day > 0) {
    // With a hotline every issue is one of its work orders (hotline.cpp).
    return "hotline.contacts_per_day (" + number(hotline.contacts_per_day) + " contacts a day x hotline.demand_share " +
           number(hotline.demand_share) + " = up to " + number(hotline.contacts_per_day * hotline.demand_share) + " work orders a day)";
  }
  const double communities = static_cast<double>(total_communities(scenario_));
  std::size_t largest = 0;
  for (std::size_t c = 1; c < scenario_.categories.size(); ++c) {
    if (scenario_.categories[c].rate_per_community_per_day > scenario_.categories[largest].rate_per_community_per_day) largest = c;
  }
  const double rate = scenario_.categories[largest].rate_per_community_per_day;
  return "categories." + std::to_string(largest) + ".rate_per_community_per_day (" + number(rate) + " per community per day x " +
         number(communities) + " communities in the townships = " + number(rate * communities) + " issues a day)";
}

std::string RunBudgets::main_work_source() const {
  double issues_a_day = 0;
  const double communities = static_cast<double>(total_communities(scenario_));
  for (const Category& category : scenario_.categories) issues_a_day += category.rate_per_community_per_day * communities;
  const Hotline& hotline = scenario_.hotline;
  // A hotline's contacts take an event or two each, its work orders an issue's.
  if (hotline.contacts_per_day > 0) issues_a_day = hotline.contacts_per_day * (hotline.demand_share + 1.0 / events_per_issue);
  std::string source = main_issue_source();
  double most = issues_a_day * events_per_issue;
  const double townships = static_cast<double>(scenario_.townships.size());
  double pushed_a_day = 0;
  std::size_t most_pushing = 0;
  // A district's departments push tasks to its own streets only.
  std::map<std::string, double> district_townships;
  for (const Township& township : scenario_.townships) ++district_townships[township.district];
  for (std::size_t d = 0; d < scenario_.departments.size(); ++d) {
    const Department& department = scenario_.departments[d];
    const double own_work = department.vertical_load * department.staff * 24.0 / scenario_.assumptions.vertical_job_hours;
    if (own_work * events_per_job > most) {
      most = own_work * events_per_job;
      source = department_key(scenario_, d, "staff") + " x vertical_load (" + std::to_string(department.staff) + " teams x " +
               number(department.vertical_load) + " = " + number(own_work) + " jobs of the department's own work a day)";
    }
    pushed_a_day += department.levers.pushed_tasks_per_week * (department.district.empty() ? townships : district_townships[department.district]) / 7.0;
    if (department.levers.pushed_tasks_per_week > scenario_.departments[most_pushing].levers.pushed_tasks_per_week) most_pushing = d;
  }
  if (pushed_a_day * events_per_job > most) {
    const double per_week = scenario_.departments[most_pushing].levers.pushed_tasks_per_week;
    // Named where it was set: for one department, or for all of them.
    const std::string key = per_week == scenario_.levers.pushed_tasks_per_week
                                ? "levers.pushed_tasks_per_week"
                                : department_key(scenario_, most_pushing, "levers.pushed_tasks_per_week");
    source = key + " (" + number(per_week) + " a week to each of " + number(townships) + " townships; " + number(pushed_a_day) +
             " tasks a day from all departments)";
  }
  return source;
}

std::string RunBudgets::open_issues_reached(std::uint64_t open, double day) const {
  const std::string why = "the departments and townships cannot keep up with " + main_issue_source();
  if (machine_limited_) {
    return "the run holds " + std::to_string(open) + " open issues at day " + day_text(day) + ", all that half of the memory this process may use (" +
           megabytes(memory_bytes_) + ") holds, fewer than run.max_open_issues: " + why;
  }
  return "run.max_open_issues reached (" + std::to_string(open) + " issues open at day " + day_text(day) + "): " + why +
         " (raise run.max_open_issues if this is meant)";
}

std::string RunBudgets::own_work_backlog(std::uint32_t department, std::uint64_t waiting, double day) const {
  const Department& spec = scenario_.departments[department];
  const std::string staff_key = department_key(scenario_, department, "staff");
  return "departments." + std::to_string(department) + " (" + spec.name + ") has " + std::to_string(waiting) +
         " jobs waiting behind its calls at day " + day_text(day) + " (routine calls and its own work), as many as " +
         memory_budget_text() + " allows: " + staff_key + " x vertical_load (" + std::to_string(spec.staff) + " x " +
         number(spec.vertical_load) + ") brings more own work than its teams do besides the calls";
}

std::string RunBudgets::county_office_backlog(std::uint64_t waiting, double day) const {
  const Levers& levers = scenario_.levers;
  return "the county coordinating office has " + std::to_string(waiting) + " jobs waiting at day " + day_text(day) +
         " (relayed requests and its own business), as many as " + memory_budget_text() +
         " allows: levers.county_office_staff (" + std::to_string(levers.county_office_staff) +
         ") clerks at levers.county_office_hours_per_request (" + number(levers.county_office_hours_per_request) +
         ") and levers.county_office_own_load (" + number(levers.county_office_own_load) +
         ") cannot keep up with the townships' requests; raise the staff or lower the other two";
}

std::string RunBudgets::events_reached(std::uint64_t events, double day) const {
  return "the run reached its event budget (run.max_events = " + number(static_cast<double>(events)) + ") at day " + day_text(day) +
         " of " + number(scenario_.run.horizon_days) + ": most of its work comes from " + main_work_source() +
         "; lower that or run.horizon_days, or raise run.max_events if this is meant";
}

std::string RunBudgets::out_of_memory(std::uint64_t open, double day) const {
  return "out of memory at day " + day_text(day) + " with " + std::to_string(open) + " issues open, within " + memory_budget_text() +
         ": lower run.max_open_issues; the work comes mostly from " + main_work_source();
}

}  // namespace tiaokuai::models::governance
