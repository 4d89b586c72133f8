#pragma once
// The budgets that stop a runaway run before it exhausts the machine, and
// the scenario parameter each stop names as the cause, so a user knows what
// to change. Two budgets are declared in the scenario (scenario_schema.cpp):
// run.max_events bounds the work, hence the time; run.max_open_issues bounds
// the memory. The memory budget also holds the structures whose size the
// scenario sets (communities, township x department channels, township x
// category arrival streams): they are checked before anything is allocated.
// And no budget may exceed half the memory this process can get (physical
// memory, `ulimit -v`, a cgroup limit): beyond it, memory runs out before
// the budget, so the run stops at what the machine holds and says so.

#include <cstdint>
#include <string>

#include "models/scenario.hpp"

namespace tiaokuai::models::governance {

// Measured resident memory per item, rounded up (tiaokuai run on scenarios
// that scale one of them; `--out` keeps a second copy of the channels).
constexpr std::uint64_t bytes_per_open_issue = 400;
constexpr std::uint64_t bytes_per_community = 256;
constexpr std::uint64_t bytes_per_channel = 512;
constexpr std::uint64_t bytes_per_arrival_stream = 256;

// Half of the smallest of: physical memory, RLIMIT_AS, RLIMIT_DATA and the
// cgroup's memory.max.
std::uint64_t usable_memory_bytes();

class RunBudgets {
 public:
  // Throws std::runtime_error naming the parameter if the scenario's fixed
  // structures do not fit the memory budget.
  RunBudgets(const Scenario& scenario, std::uint64_t usable_memory = usable_memory_bytes());

  // Issues that may be open at once: run.max_open_issues, or fewer if the
  // machine holds fewer.
  std::uint64_t open_issues() const { return open_issues_; }

  // The messages of a budget stop at `day`, naming what caused it.
  std::string open_issues_reached(std::uint64_t open, double day) const;
  std::string own_work_backlog(std::uint32_t department, std::uint64_t waiting, double day) const;
  std::string county_office_backlog(std::uint64_t waiting, double day) const;
  std::string events_reached(std::uint64_t events, double day) const;
  std::string out_of_memory(std::uint64_t open, double day) const;

 private:
  std::string memory_budget_text() const;
  // The largest source of work in the scenario, as "parameter (numbers)".
  std::string main_issue_source() const;
  std::string main_work_source() const;

  const Scenario& scenario_;
  std::uint64_t memory_bytes_;  // the budget in bytes
  bool machine_limited_;        // the machine, not run.max_open_issues, sets it
  std::uint64_t open_issues_;
};

}  // namespace tiaokuai::models::governance
