#pragma once
// GovernanceModel: one run of the tiao-kuai call-and-respond model on the
// engine. Issues arise in communities, are detected, resolved by residents,
// by the township, or by the departments it calls (directly, or through the
// county before the reform); refusals, misrouting, sham fixes and break-ups
// lead to re-calls and escalation; the county assesses departments and their
// effort adapts. docs/odd.md describes the model; lever_effects.hpp holds its
// functional forms, issue_state.hpp the issue's life cycle as a state
// machine, lever_scope.hpp which scope's lever applies where. Each agent's
// behaviour has its own file: township_agent.cpp, department_agent.cpp,
// county_agent.cpp; issue_life_cycle.cpp follows an issue through them.
//
// Randomness: every stream is keyed by the names of the entities it belongs
// to, not their order in the file: arrivals per (township, category),
// vertical work per department, pushed-down tasks per (department,
// township). Each issue gets a key from its arrival stream, and each of its
// decisions draws from its own address (issue_draws.hpp), so two runs that
// differ in a lever see the same issues with the same luck (common random
// numbers).

#include <cstdint>
#include <optional>
#include <vector>

#include "models/governance/agents.hpp"
#include "models/governance/issue.hpp"
#include "models/governance/lever_scope.hpp"
#include "models/governance/run_budgets.hpp"
#include "models/governance/run_report.hpp"
#include "models/organisation.hpp"
#include "models/queueing/seat_queue.hpp"
#include "models/scenario.hpp"
#include "sim/kaplan_meier.hpp"
#include "sim/quantile_sketch.hpp"
#include "sim/simulator.hpp"

namespace tiaokuai::models::governance {

class GovernanceModel {
 public:
  // `observer` (may be null) receives issue rows and effort per period as
  // the run goes. The scenario must outlive the model.
  GovernanceModel(const Scenario& scenario, std::uint64_t run_index = 0, RunObserver* observer = nullptr);

  // The restricted mean resolution time integrates the Kaplan–Meier curve up
  // to tau = this many times the longest category deadline (at most the
  // window after warm-up): long enough that a county meeting its deadlines
  // has resolved almost everything by then, and the same whatever the
  // horizon, so runs of different lengths compare.
  static constexpr double rmst_tau_deadlines = 4.0;

  // Runs to the horizon. Throws std::runtime_error naming the parameter to
  // blame if a budget (run_budgets.hpp) is exhausted first; the constructor
  // throws if the scenario's structures do not fit the memory budget.
  RunReport run();

  // Issue records allocated (open at once, at most): memory follows this.
  std::size_t issue_capacity() const { return issues_.size(); }

 private:
  struct ArrivalStream {
    std::uint32_t township = 0, category = 0;
    double rate_per_hour = 0;  // before demand feedback
    sim::RandomStream random{0, 0, ""};
  };

  // Issue life cycle (issue_life_cycle.cpp); its stage moves go through
  // issue_state.hpp.
  void schedule_arrival(std::uint32_t stream);
  void on_arrival(std::uint32_t stream);
  // A new issue arises (reported) in a community, with its own stream; one
  // a resident reported to the hotline is known at once, not detected later.
  void arise(std::uint32_t township, std::uint32_t category, std::uint32_t community, std::uint64_t key,
             bool reported_by_resident = false);
  void on_detected(std::uint32_t i);
  void call(std::uint32_t i);
  void send_leg(std::uint32_t i, std::uint32_t leg);
  void forward_leg(std::uint32_t i, std::uint32_t leg);  // the call travels to the department
  void on_call_arrives(std::uint32_t i, std::uint32_t leg);
  void on_reported(std::uint32_t i, std::uint32_t leg);
  void start_convening(std::uint32_t t, const ConveningRequest& request);
  void release_party_leader(std::uint32_t t);
  void on_convened(std::uint32_t i);
  void on_work_done(std::uint32_t i, std::uint32_t leg);
  void finish_attempt(std::uint32_t i);
  void start_new_round(std::uint32_t i);  // after a failed attempt or a broken-up joint action
  void recall(std::uint32_t i, std::uint32_t leg, RecallReason reason, bool new_round);
  void on_deadline(std::uint32_t i);
  void close(std::uint32_t i, Outcome outcome);
  double effort_of(const Issue& issue, const Leg& leg) const;
  double work_hours(Issue& issue, std::uint32_t leg);  // one attempt's work of a department's leg

  // Township (township_agent.cpp).
  void township_decides(std::uint32_t i);
  void township_remembers(std::uint32_t i, bool solved);  // after a routine case's attempt
  void start_township_work(std::uint32_t i);
  void on_township_done(std::uint32_t t, std::uint32_t i);
  void township_dispatch(std::uint32_t t);
  void schedule_pushed_task(std::uint32_t t, std::uint32_t d);

  // Department (department_agent.cpp).
  Priority priority_of(const Issue& issue) const;
  Priority joint_work_priority(const Issue& issue) const;
  void department_enqueue(std::uint32_t d, Job job, Priority priority);
  void department_dispatch(std::uint32_t d);
  // A team is named by a code: d for department d's central pool, or one
  // past the departments for its stationed teams in a township (team_code).
  std::uint32_t team_code(std::uint32_t d, bool stationed, std::uint32_t t) const;
  void occupy_department_team(std::uint32_t code, JobKind kind, int delta);
  void start_department_job(std::uint32_t d, Job job, bool stationed);
  void release_department_team(std::uint32_t code, JobKind kind);
  void switch_department_job(std::uint32_t code, JobKind from, JobKind to);  // a team on site moves on to other work
  void schedule_vertical(std::uint32_t d);

  // County (county_agent.cpp).
  void escalate(std::uint32_t i);
  void county_dispatch();
  void on_taken_up(std::uint32_t i);
  // Pre-reform: the county coordinating office relays requests.
  void county_office_open();
  void county_office_receive(std::uint32_t i, std::uint32_t leg);
  void county_office_dispatch();
  void schedule_county_office_own_work();
  void set_county_busy(int delta);
  void on_assessment(std::uint32_t period);

  // The city's hotline (hotline.cpp).
  struct SeatEvents final : SeatQueueListener {
    explicit SeatEvents(GovernanceModel& owner) : model(owner) {}
    void on_answered(const SeatContact& contact, double waited_hours) override;
    void on_handled(const SeatContact& contact) override;
    void on_abandoned(const SeatContact& contact, double waited_hours) override;
    GovernanceModel& model;
  };
  void hotline_set_up(std::uint64_t seed, std::uint64_t run_index);
  void on_hour(std::uint64_t hour);  // staffs the hour's seats, draws its contacts
  void schedule_contact();
  void on_contact();
  void on_contact_handled(std::uint64_t key, std::uint32_t payload);  // a demand becomes a work order

  // The three rates per unit (unit_rates.cpp): tallied as issues close,
  // reported and reset at each assessment.
  void tally_units(const Issue& issue, double happiness);
  void report_unit_rates(std::uint32_t period, double day);

  // Set-up, bookkeeping and the report (governance_model.cpp).
  void on_warm_up_end();
  std::uint32_t allocate_issue();
  void set_busy(TeamPool& pool, int delta);
  bool stale(std::uint32_t i, std::uint32_t generation) const { return issues_[i].generation != generation; }
  void report_open_issues();
  RunReport build_report();
  double resolution_tau_hours() const;

  const Scenario& scenario_;
  RunObserver* observer_;
  LeverScope levers_;
  RunBudgets budgets_;  // before organisation_: checked before it is built
  Organisation organisation_;
  sim::Simulator simulator_;
  sim::Time warm_up_, horizon_;
  bool reform_;

  std::vector<ArrivalStream> arrivals_;
  std::vector<DepartmentAgent> departments_;
  std::vector<TownshipAgent> townships_;
  CountyAgent county_;
  HotlineAgent hotline_;
  SeatEvents seat_events_{*this};
  std::optional<SeatQueue> seats_;  // with a hotline only
  static constexpr std::size_t first_line_sweep = 1024;
  std::size_t line_sweep_at_ = first_line_sweep;  // sweep the seats' line of callers who hung up beyond this length
  sim::Time next_hour_;
  std::vector<UnitTally> township_tallies_, department_tallies_;  // this period's
  std::vector<Issue> issues_;
  std::vector<std::uint32_t> free_issues_;
  std::uint64_t next_serial_ = 0;
  double demand_multiplier_ = 1.0;
  double reference_satisfaction_ = -1;  // first period's, for demand feedback
  double period_satisfaction_sum_ = 0;
  std::vector<double> period_scores_;  // per department, at an assessment (its ranking)
  std::uint64_t period_attempts_ = 0, period_failures_ = 0;
  std::uint64_t period_resolved_ = 0;

  // Measurements (counted issues only; see RunReport).
  RunReport report_;
  sim::QuantileSketch response_sketch_, resolution_sketch_;
  // Every counted issue: resolved (event) at its resolution time, or open at
  // the horizon (censored) at its age then. Same buckets as resolution_sketch_.
  sim::BinnedKaplanMeier resolution_survival_;
  sim::RunningStats required_response_stats_;
  sim::RunningStats response_stats_, resolution_stats_, satisfaction_stats_, sojourn_stats_;
  std::array<sim::RunningStats, static_cast<std::size_t>(Route::count)> route_response_stats_;  // calls the county did not push
  std::array<double, phase_count> phase_sums_{};
  std::vector<sim::RunningStats> category_resolution_;
  sim::TimeWeightedAverage open_issues_;
  double open_hours_in_window_ = 0;  // each issue's time open inside [warm-up, horizon]
};

}  // namespace tiaokuai::models::governance
