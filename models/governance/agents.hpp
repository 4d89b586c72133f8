#pragma once
// The agents' state: departments (tiao), townships (kuai) and the county.
// Behaviour lives in township_agent.cpp, department_agent.cpp and
// county_agent.cpp; these are the records they update.

#include <array>
#include <cstdint>
#include <deque>
#include <vector>

#include "models/scenario.hpp"
#include "sim/discrete_distribution.hpp"
#include "sim/random_stream.hpp"
#include "sim/running_stats.hpp"
#include "sim/time_weighted_average.hpp"

namespace tiaokuai::models::governance {

// An issue record as a queue remembers it: a stale reference, whose issue
// has closed since (its generation moved on), is skipped.
struct IssueRef {
  std::uint32_t issue = 0;
  std::uint32_t generation = 0;
};

// Department queue classes, served strictly in this order, FIFO within one.
enum class Priority : std::uint8_t {
  county,     // escalated issues the county pushes, and convened joint actions
  whistle,    // whistled calls: a team at once, under the arrival rule (above every call but the county's)
  urgent,     // calls on emergency and utility issues
  routine,    // other calls, and the line ministry's own (vertical) work
  referred,   // pre-reform: requests relayed by the county, behind vertical work
  count
};

// Work waiting for a department team; `leg` is the department's part in the
// issue (respond, joint_work). Vertical work belongs to no issue. A returned
// task is one the department pushed down and a township's duty list sent
// back: the department does it itself in township `leg`, for `hours` plus
// the travel there.
enum class JobKind : std::uint8_t { respond, joint_work, vertical, returned_task };

struct Job {
  JobKind kind = JobKind::vertical;
  IssueRef ref;
  std::uint32_t leg = 0;
  Priority priority = Priority::routine;  // a respond job no longer in the leg's queue class is stale (re-queued)
  float hours = 0;  // returned_task only
};

struct TeamPool {
  int teams = 1;
  int busy = 0;
  sim::TimeWeightedAverage busy_average;  // of busy / teams
  bool free() const { return busy < teams; }
};

struct DepartmentAgent {
  const Department* spec = nullptr;
  TeamPool pool;                    // central teams (staff less stationed_staff)
  std::vector<TeamPool> stationed;  // per township: its stationed teams (0 where none)
  // Central busy teams by kind of job (JobKind), for the cost ledger.
  std::array<sim::TimeWeightedAverage, 4> busy_by_kind;
  std::array<std::deque<Job>, static_cast<std::size_t>(Priority::count)> queue;
  double effort = 0;
  double period_score_sum = 0;
  std::uint64_t period_scores = 0;
  double period_satisfaction_sum = 0;  // residents' call-back satisfaction with issues it worked on
  std::uint64_t period_satisfactions = 0;
  double last_mean_score = 0.5;  // its period score; carried over a period without observations
  sim::RunningStats scores;      // after warm-up
  sim::RunningStats response_hours;
  std::uint64_t calls = 0, refusals = 0, wrong_calls = 0;
  std::uint64_t returned_tasks = 0;  // pushed-down tasks townships sent back (after warm-up)
  double returned_task_hours = 0;    // their staff-hours, travel included
  sim::RandomStream vertical_random{0, 0, ""};
  sim::RandomStream effort_random{0, 0, ""};  // effort shocks, one draw per assessment
};

// A joint action waiting for a township Party leader to convene it.
struct ConveningRequest {
  IssueRef ref;
  double convene_hours = 0;  // the convening itself, once a leader is on it
  double leader_hours = 0;   // the leader's time it takes
};

// One department's stream of tasks pushed down to one township.
struct PushedStream {
  double rate_per_hour = 0;
  sim::RandomStream random{0, 0, ""};  // arrivals and each task's hours
};

struct PushedTask {
  std::uint32_t department = 0;
  double hours = 0;
};

struct TownshipAgent {
  const Township* spec = nullptr;
  TeamPool pool;
  std::deque<PushedTask> waiting_pushed_tasks;  // served before local issues: tasks from above come first
  std::deque<IssueRef> local_issues;
  std::vector<PushedStream> pushed;  // one per department
  std::int64_t week = -1;            // the current week of the duty list's count
  int accepted_this_week = 0;
  int most_accepted_in_a_week = 0;   // over the whole run, warm-up included
  sim::TimeWeightedAverage local_busy_average;  // of busy teams on local issues / teams
  int local_busy = 0;
  // Party leaders convening joint actions: a capacity with a FIFO queue.
  int leaders = 1, leaders_busy = 0;
  std::deque<ConveningRequest> convening_queue;
  sim::TimeWeightedAverage leaders_busy_average;  // of busy leaders (a count)
  sim::TimeWeightedAverage convening;             // joint actions being convened (a count)
  std::uint64_t arisen = 0, social = 0, resolved_alone = 0, called = 0, resolved = 0;
  std::uint64_t pushed_received = 0, pushed_accepted = 0, pushed_returned = 0;  // after warm-up
  std::uint64_t whistled = 0;
  // Per department: the remembered share of its routine answers that were
  // slow or failed (exponentially smoothed over completed routine cases).
  std::vector<double> routine_slowness;
  sim::RunningStats resolution_hours;
};

// Pre-reform: the county coordinating office, whose clerks relay the
// townships' requests to the departments, FIFO with the office's own
// (other county) business. `leg` and `hours` of an own job are unused.
struct OfficeJob {
  IssueRef ref;
  std::uint32_t leg = 0;
  bool own = false;
  double hours = 0;  // handling, drawn on arrival
};

struct CountyOffice {
  TeamPool pool;                      // clerks
  std::deque<OfficeJob> queue;
  sim::RandomStream own_random{0, 0, ""};
  std::uint64_t relayed = 0;          // requests of counted issues relayed
  sim::RunningStats relay_hours;      // of those: wait + handling
};

struct CountyAgent {
  int capacity = 1;
  int busy = 0;
  sim::TimeWeightedAverage busy_average;  // of busy leaders (a count), for the cost ledger
  std::deque<IssueRef> escalations;
  CountyOffice office;
};

}  // namespace tiaokuai::models::governance

namespace tiaokuai::models::governance {

// A unit's tally of the issues that closed in one assessment period, for
// the three rates Beijing ranks units on (docs/odd.md section 3, step 7b):
// response in time, resolution in time, call-back satisfaction.
struct UnitTally {
  std::uint64_t closed = 0, responded_in_time = 0, resolved_in_time = 0;
  double satisfaction_sum = 0;
};

// The city's 12345 hotline: where contacts come from and what became of
// them. The seats themselves are a SeatQueue owned by the model.
struct HotlineAgent {
  double contacts_per_hour = 0;              // mean over the week
  std::array<double, 24> hour_weight{};      // scaled to mean 1
  std::array<double, 7> day_weight{};        // scaled to mean 1
  std::array<int, 24> staffed_seats{};       // by hour of day
  sim::RandomStream random{0, 0, ""};        // every draw of every contact
  sim::DiscreteDistribution township{std::vector<double>{1.0}};  // by communities x category rates
  sim::DiscreteDistribution category{std::vector<double>{1.0}};  // by category rates
  // After the warm-up:
  std::uint64_t contacts = 0, consultations = 0, orders = 0;  // phone contacts: the seat queue's statistics
};

}  // namespace tiaokuai::models::governance
