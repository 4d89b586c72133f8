#pragma once
// What one governance run measured: the aggregates behind the summary, the
// breakdowns by department, township and category, and the realised call
// network. Everything counts only issues that arose after the warm-up (and
// their calls); utilisation is averaged from the end of the warm-up.
// Per-issue rows and effort per period are not held here: they stream to a
// RunObserver while the run goes on, so memory does not grow with the
// horizon.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "models/governance/cost_ledger.hpp"
#include "models/governance/issue.hpp"

namespace tiaokuai::models::governance {

struct LatencySummary {
  std::uint64_t count = 0;
  double mean = 0, median = 0, p90 = 0, p99 = 0;  // hours; NaN when count is 0
  // Quantiles at 0.05, 0.10, ..., 0.95: the distribution, for CDF plots.
  static constexpr std::size_t grid_size = 19;
  std::array<double, grid_size> grid{};
};

// Resolution time with the issues still open at the horizon counted too, as
// right-censored at their age then (Kaplan–Meier, sim/kaplan_meier.hpp):
// unlike LatencySummary over resolved issues only, it does not make an
// overloaded county, whose slow issues are still open, look fast.
struct SurvivalSummary {
  std::uint64_t events = 0;     // resolved (every closure resolves the issue)
  std::uint64_t censored = 0;   // open at the horizon: known only to take longer than their age
  double median = 0;            // hours; NaN when the curve never falls to 0.5 ("not reached")
  double restricted_mean = 0;   // hours: area under the curve from 0 to tau = E[min(T, tau)]
  double tau_hours = 0;         // tau: 4 x the longest category deadline, at most the window after warm-up
};

// One assessment period, the warm-up included: the time series behind
// "without incentives, effort decays and reports without resolution rise".
struct PeriodReport {
  std::uint32_t period = 0;        // 1, 2, ...
  double day = 0;                  // when the period ended
  double mean_effort = 0;          // over departments, after the assessment
  std::uint64_t attempts = 0;      // department work attempts finished in the period
  std::uint64_t failures = 0;      // of them, sham or failed fixes
  double effort_sd = 0;            // spread of effort over departments (population sd), after the assessment
};

struct DepartmentReport {
  std::string name;
  std::uint64_t calls = 0;          // calls that reached it (its jurisdiction)
  std::uint64_t refusals = 0;       // shirked: "not our responsibility"
  std::uint64_t wrong_calls = 0;    // misrouted calls it received and sent back
  std::uint64_t reports = 0;        // teams on site
  double mean_response_hours = 0;   // report - call
  double utilisation = 0;           // busy central teams / central teams, vertical work included
  int stationed_teams = 0;          // taken from the central pool
  // Team-hours over the window (see CostLedger).
  double call_hours = 0, joint_action_hours = 0, vertical_hours = 0, stationed_hours = 0, stationed_busy_hours = 0;
  double initial_effort = 0, final_effort = 0;
  double mean_score = 0;            // township scores over the run
  std::uint64_t scores = 0;
  std::uint64_t returned_tasks = 0;  // tasks it pushed down that a duty list sent back
  double returned_task_hours = 0;    // staff-hours it owes for them (the task and the travel)
};

struct TownshipReport {
  std::string name;
  std::uint64_t arisen = 0, social = 0, resolved_alone = 0, called = 0, resolved = 0;
  std::uint64_t pushed_tasks = 0;   // tasks pushed down to it (after warm-up): accepted + returned
  std::uint64_t pushed_accepted = 0;  // of them, done by its teams
  std::uint64_t pushed_returned = 0;  // of them, refused under its duty list and returned to the department
  int most_accepted_in_a_week = 0;  // most tasks accepted in one week of the run (warm-up included)
  double utilisation = 0;           // busy teams / teams: local issues and pushed-down tasks
  double local_share_of_load = 0;   // share of its busy time spent on local issues
  double mean_resolution_hours = 0;
  // Hours over the window (see CostLedger).
  double local_issue_hours = 0, pushed_task_hours = 0, convening_hours = 0, party_leader_hours = 0;
};

struct CategoryReport {
  std::string name;
  std::uint64_t arisen = 0, resolved = 0, within_deadline = 0, escalated = 0;
  double mean_resolution_hours = 0;
};

// Township x department cell of the realised call network.
struct CallCell {
  std::uint64_t calls = 0, reports = 0, refusals = 0;
  double response_hours_sum = 0;
};

// The city's hotline, after the warm-up (all zero without one). Contacts
// add up: by_phone = answered + abandoned + still waiting or in service at
// the horizon; consultations + orders = answered + online contacts (less
// those in service at the horizon).
struct HotlineReport {
  bool in_scenario = false;  // hotline.contacts_per_day > 0
  std::uint64_t contacts = 0, by_phone = 0, answered = 0, abandoned = 0, queued = 0;
  std::uint64_t consultations = 0, orders = 0;
  double mean_wait_seconds = 0;   // of answered phone contacts
  double seat_utilisation = 0;    // busy seats / staffed seats, time averages
  double mean_staffed_seats = 0;
};

struct RunReport {
  std::string scenario;  // source file
  std::string mode;
  std::uint64_t seed = 0;
  std::uint64_t run_index = 0;
  double horizon_days = 0, warm_up_days = 0;
  std::uint64_t events = 0;

  // Issues arisen after the warm-up, by how they ended; they add up:
  // arisen = social + township + department + county + open_at_end.
  std::uint64_t arisen = 0;
  std::array<std::uint64_t, static_cast<std::size_t>(Outcome::count)> by_outcome{};
  std::uint64_t called = 0;      // issues with at least one call
  std::uint64_t escalated = 0;   // issues escalated to the county
  std::uint64_t within_deadline = 0;

  // Calls (one per department per call round) of those issues.
  std::uint64_t calls = 0, refusals = 0, misroutes = 0, recalls = 0, failures = 0;
  std::uint64_t joint_actions = 0, breakups = 0;

  // The two routes (docs/odd.md section 3, step 4), counted at an issue's
  // first call by the route its township chose; the whistle's arrival rule
  // is checked on every report of a whistled department the county had not
  // pushed. Mean responses by route leave out the county's pushed calls.
  std::uint64_t whistled = 0, dispatched = 0;
  std::uint64_t multi_department = 0;           // issues arisen that need several departments
  std::uint64_t whistled_multi_department = 0;  // of them, whistled
  std::uint64_t whistle_reports = 0, whistle_reports_within_rule = 0;
  double arrival_rule_minutes = 0;
  std::array<double, static_cast<std::size_t>(Route::count)> mean_response_hours_by_route{};

  LatencySummary response;    // per report: report - call
  // Mean response to calls the township had to make (it lacked the power):
  // what over-calling by others slows down.
  double required_call_response_hours = 0;
  LatencySummary resolution;  // per resolved issue: resolved - arose
  SurvivalSummary resolution_survival;  // per counted issue, open ones censored at the horizon
  double satisfaction = 0;    // mean over resolved issues
  std::array<double, phase_count> mean_phase_hours{};  // over resolved issues
  double department_utilisation = 0, township_utilisation = 0;  // means over agents
  double township_pushed_share = 0;  // share of all township busy time spent on pushed-down tasks

  // Tasks departments pushed down to townships, over all townships; the
  // returned ones the departments did themselves.
  std::uint64_t pushed_tasks = 0, pushed_accepted = 0, pushed_returned = 0;
  double returned_task_hours = 0;  // department staff-hours on returned tasks
  double mean_effort_start = 0, mean_effort_end = 0;

  // Pre-reform only (zero after the reform): the county coordinating office
  // that relays townships' requests. Utilisation is busy clerks / clerks,
  // its own business included; staff hours are the clerks' busy hours in
  // [warm-up, horizon]; relayed requests and their relay time (wait in the
  // office's queue plus handling) count calls of counted issues.
  double county_office_utilisation = 0;
  std::uint64_t county_office_relayed = 0;
  double county_office_mean_relay_hours = 0;
  double county_office_staff_hours = 0;

  // Little's law over [warm-up, horizon] for every issue open in it:
  // mean_open = time-average number open; the same from the sum of each
  // issue's time open inside the window (equal by construction of the
  // bookkeeping); arrival rate and mean time in system of counted issues.
  double mean_open = 0, mean_open_from_sojourns = 0, arrival_rate_per_hour = 0, mean_sojourn_hours = 0;

  CostLedger ledger;  // where staff time went; totals of the per-agent hours below
  HotlineReport hotline;

  std::vector<PeriodReport> periods;
  std::vector<DepartmentReport> departments;
  std::vector<TownshipReport> townships;
  std::vector<CategoryReport> categories;
  std::vector<CallCell> call_network;  // townships x departments, row-major by township
  const CallCell& call(std::size_t township, std::size_t department) const {
    return call_network[township * departments.size() + department];
  }

  std::uint64_t resolved() const { return arisen - by_outcome[static_cast<std::size_t>(Outcome::open)]; }
};

// A closed (or, at the horizon, still open) issue, as the outputs need it.
struct IssueRecord {
  const Issue& issue;
  Outcome outcome;
  bool within_deadline;
  double satisfaction;  // 0 when open
};

// One unit's three rates over one assessment period, of the issues that
// closed in it (docs/outputs.md, units.csv). Rates are NaN and the rank 0
// when none closed; rank 1 is the best unit of its kind.
enum class UnitKind : std::uint8_t { township, department };
struct UnitRates {
  UnitKind kind = UnitKind::township;
  std::uint32_t index = 0;  // among the scenario's townships or departments
  std::uint64_t closed = 0;
  double response_rate = 0, resolution_rate = 0, satisfaction = 0;
  double score = 0;  // the mean of the three (three_rate_score)
  std::uint32_t rank = 0;
};

// Receives what streams out of a run. The model calls it in simulated-time
// order, which is deterministic.
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void on_issue(const IssueRecord& record) = 0;
  virtual void on_assessment(std::uint32_t period, double day, std::uint32_t department, double effort,
                             double mean_score, std::uint64_t scores) = 0;
  // Every unit, after each assessment (a period's rows in scenario order).
  virtual void on_unit_rates(std::uint32_t /*period*/, double /*day*/, const UnitRates& /*rates*/) {}
};

}  // namespace tiaokuai::models::governance
