// The governance model: accounting identities, determinism, and the
// direction of every lever, measured as paired differences over common
// random numbers (each arm sees the same issues with the same luck).
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "experiments/run_metrics.hpp"
#include "models/governance/governance_model.hpp"
#include "models/governance/run_summary.hpp"
#include "models/scenario_schema.hpp"
#include "sim/confidence_interval.hpp"
#include "tests/models/small_governance_scenario.hpp"

using namespace tiaokuai;
using namespace tiaokuai::models::governance;

namespace {

// Keeps what streams out of a run, as text rows and as numbers to check.
class RecordingObserver final : public RunObserver {
 public:
  struct Row {
    double arose_hours, end_hours, phase_total_hours;
    Outcome outcome;
  };
  std::vector<Row> rows;
  std::ostringstream text;
  std::vector<std::vector<double>> effort_by_department;  // per period

  void on_issue(const IssueRecord& record) override {
    const Issue& issue = record.issue;
    const double phases = std::accumulate(issue.phase_hours.begin(), issue.phase_hours.end(), 0.0);
    const double end = record.outcome == Outcome::open ? issue.phase_since.to_hours() : issue.closed.to_hours();
    rows.push_back({issue.arose.to_hours(), end, phases, record.outcome});
    text << issue.serial << ' ' << issue.arose.ticks() << ' ' << end << ' ' << static_cast<int>(record.outcome) << '\n';
  }
  void on_assessment(std::uint32_t, double, std::uint32_t department, double effort, double, std::uint64_t) override {
    if (effort_by_department.size() <= department) effort_by_department.resize(department + 1);
    effort_by_department[department].push_back(effort);
  }
};

double ratio(std::uint64_t part, std::uint64_t whole) { return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0; }
double shirking(const RunReport& r) { return ratio(r.refusals, r.calls - r.misroutes); }
double township_local_load(const RunReport& r) {
  double load = 0;
  for (const TownshipReport& t : r.townships) load += t.utilisation * t.local_share_of_load;
  return load;
}

}  // namespace

TEST_CASE("every issue that arose is accounted for") {
  const RunReport report = run_small_county({});
  REQUIRE(report.arisen > 300);
  std::uint64_t by_outcome = 0;
  for (const std::uint64_t count : report.by_outcome) by_outcome += count;
  CHECK(by_outcome == report.arisen);
  for (const Outcome path : {Outcome::social, Outcome::township, Outcome::department, Outcome::county}) {
    CHECK(report.by_outcome[static_cast<std::size_t>(path)] > 0);
  }
  std::uint64_t by_township = 0, by_category = 0;
  for (const TownshipReport& t : report.townships) by_township += t.arisen;
  for (const CategoryReport& c : report.categories) by_category += c.arisen;
  CHECK(by_township == report.arisen);
  CHECK(by_category == report.arisen);
  CHECK(report.called <= report.arisen);
  std::uint64_t delivered = 0;
  for (const DepartmentReport& d : report.departments) delivered += d.calls;
  CHECK(delivered <= report.calls - report.misroutes);
  CHECK(report.within_deadline <= report.resolved());
}

TEST_CASE("an issue's phases add up to its time in the system") {
  RecordingObserver observer;
  const RunReport report = run_small_county({}, 0, &observer);
  REQUIRE(observer.rows.size() == report.arisen);
  for (const RecordingObserver::Row& row : observer.rows) {
    CHECK(row.phase_total_hours == doctest::Approx(row.end_hours - row.arose_hours).epsilon(1e-9));
  }
}

TEST_CASE("Little's law holds for the issue population") {
  const RunReport report = run_small_county({"run.horizon_days=400"});
  // Exact: the time-average of the number open equals the summed time each
  // issue spent open in the window, divided by the window.
  CHECK(report.mean_open == doctest::Approx(report.mean_open_from_sojourns).epsilon(1e-9));
  // Statistical: L = lambda W, up to edge effects at warm-up and horizon.
  CHECK(report.arrival_rate_per_hour * report.mean_sojourn_hours == doctest::Approx(report.mean_open).epsilon(0.05));
}

TEST_CASE("the same scenario and seed give the same run, and another seed does not") {
  RecordingObserver first, second, other;
  const RunReport a = run_small_county({}, 0, &first);
  const RunReport b = run_small_county({}, 0, &second);
  const RunReport c = run_small_county({"run.seed=8"}, 0, &other);
  CHECK(summary_json(a).dump() == summary_json(b).dump());
  CHECK(first.text.str() == second.text.str());
  CHECK(summary_json(a).dump() != summary_json(c).dump());
  const RunReport replication = run_small_county({}, 1);
  CHECK(summary_json(a).dump() != summary_json(replication).dump());
}

TEST_CASE("memory follows the issues open, not the horizon") {
  const models::Scenario short_run = small_governance_scenario({"run.horizon_days=300"});
  const models::Scenario long_run = small_governance_scenario({"run.horizon_days=1200"});
  GovernanceModel short_model(short_run), long_model(long_run);
  const RunReport short_report = short_model.run();
  const RunReport long_report = long_model.run();
  REQUIRE(long_report.arisen > 3 * short_report.arisen);
  CHECK(long_model.issue_capacity() < 2 * short_model.issue_capacity());
}

TEST_CASE("a runaway scenario stops at its event budget with a message") {
  CHECK_THROWS_WITH_AS(run_small_county({"run.max_events=1000"}), doctest::Contains("event budget"), std::runtime_error);
}

TEST_CASE("lever: more incentive weight lowers shirking and response latency") {
  // Without the formalism it breeds (its cost: tests/models/lever_costs_test.cpp).
  const Overrides weak{"levers.incentive_weight=0", "levers.reward=1", "levers.penalty=1", "assumptions.formalism_incentive=0"};
  const Overrides strong{"levers.incentive_weight=0.8", "levers.reward=1", "levers.penalty=1", "assumptions.formalism_incentive=0"};
  CHECK(paired_effect(weak, strong, shirking).upper() < 0);
  CHECK(paired_effect(weak, strong, [](const RunReport& r) { return r.response.mean; }).upper() < 0);
}

TEST_CASE("lever: a stronger Party lead lowers joint-action delay and break-up") {
  const Overrides weak{"levers.party_coordination=0"};
  const Overrides strong{"levers.party_coordination=0.8"};
  CHECK(paired_effect(weak, strong, [](const RunReport& r) { return phase(r, Phase::coordination); }).upper() < 0);
  CHECK(paired_effect(weak, strong, [](const RunReport& r) { return ratio(r.breakups, r.joint_actions); }).upper() < 0);
}

TEST_CASE("lever: a higher information level lowers detection delay and misrouting") {
  const Overrides paper{"levers.information_level=0"};
  const Overrides platform{"levers.information_level=0.9"};
  CHECK(paired_effect(paper, platform, [](const RunReport& r) { return phase(r, Phase::detection); }).upper() < 0);
  CHECK(paired_effect(paper, platform, [](const RunReport& r) { return ratio(r.misroutes, r.calls); }).upper() < 0);
}

TEST_CASE("lever: more social participation lowers the townships' load") {
  const Overrides alone{"levers.social_participation=0"};
  const Overrides together{"levers.social_participation=0.8"};
  CHECK(paired_effect(alone, together, township_local_load).upper() < 0);
  CHECK(paired_effect(alone, together, [](const RunReport& r) { return static_cast<double>(r.called); }).upper() < 0);
}

TEST_CASE("lever: before the reform latency is higher and resolution within deadline lower") {
  // How much higher depends on the county coordinating office's capacity
  // (county_office_test.cpp): here one clerk, busy about 90 % of the time.
  const Overrides office{"levers.county_office_staff=1", "levers.county_office_hours_per_request=4", "levers.county_office_own_load=0.2"};
  const Overrides reform = office;
  Overrides before = office;
  before.push_back("run.mode=pre_reform");
  CHECK(paired_effect(reform, before, [](const RunReport& r) { return r.response.mean; }).lower() > 0);
  CHECK(paired_effect(reform, before, [](const RunReport& r) { return r.resolution.mean; }).lower() > 0);
  CHECK(paired_effect(reform, before, [](const RunReport& r) { return ratio(r.within_deadline, r.arisen); }).upper() < 0);
}

TEST_CASE("lever: without incentives department effort falls period after period") {
  RecordingObserver observer;
  run_small_county({"levers.incentive_weight=0", "assumptions.effort_shock_sd=0"}, 0, &observer);
  REQUIRE(observer.effort_by_department.size() == 2);
  for (const std::vector<double>& effort : observer.effort_by_department) {
    REQUIRE(effort.size() == 7);  // the start and six 30-day periods
    for (std::size_t p = 1; p < effort.size(); ++p) CHECK(effort[p] < effort[p - 1]);
  }
  const Overrides none{"levers.incentive_weight=0"};
  const Overrides some{"levers.incentive_weight=0.5"};
  CHECK(paired_effect(none, some, [](const RunReport& r) { return r.mean_effort_end; }).lower() > 0);
}

TEST_CASE("lever: the lead-department rule cuts refusals on joint issues and coordination delay") {
  // Effort held where it starts (adaptation 0): the rule's own effect, not
  // the incentive loop's answer to the better scores it brings.
  const Overrides without{"levers.lead_department=false", "levers.adaptation_rate=0"};
  const Overrides with{"levers.lead_department=true", "levers.adaptation_rate=0"};
  CHECK(paired_effect(without, with, shirking).upper() < 0);
  CHECK(paired_effect(without, with, [](const RunReport& r) { return phase(r, Phase::coordination); }).upper() < 0);
}

TEST_CASE("lever: township power helps while townships have time, and hurts when pushed-down tasks swamp them") {
  const auto resolution = [](const RunReport& r) { return r.resolution.mean; };
  // Townships with spare teams: an issue they may handle themselves skips the
  // call and the department's queue.
  CHECK(paired_effect({"levers.township_power=0.2"}, {"levers.township_power=0.9"}, resolution).upper() < 0);
  // "Less power, more responsibility" the other way round: one team each,
  // nearly all of it on the departments' pushed-down tasks. Power without
  // time keeps issues waiting at the township.
  const Overrides swamped{"levers.pushed_tasks_per_week=19", "levers.pushed_task_hours=4", "townships.0.staff=1", "townships.1.staff=1"};
  CHECK(paired_effect(with(swamped, {"levers.township_power=0.2"}), with(swamped, {"levers.township_power=0.9"}), resolution).lower() > 0);
}

TEST_CASE("lever: more county escalation capacity stops helping once escalations are rare") {
  // Re-calls never run out and deadlines are far away: nothing escalates, so
  // the county's extra leaders have nothing to do.
  const Overrides rare{"levers.max_recalls=100", "categories.0.deadline_hours=5000", "categories.1.deadline_hours=5000",
                       "categories.2.deadline_hours=5000"};
  const auto effect = paired_effect(with(rare, {"levers.escalation_capacity=1"}), with(rare, {"levers.escalation_capacity=20"}),
                                    [](const RunReport& r) { return r.resolution.mean; });
  CHECK(effect.lower() > -0.5);
  CHECK(effect.upper() < 0.5);
}

TEST_CASE("lever: more county escalation capacity shortens the wait for the county") {
  const Overrides scarce{"levers.escalation_capacity=1", "levers.escalation_delay_hours=48", "levers.max_recalls=0"};
  const Overrides ample{"levers.escalation_capacity=20", "levers.escalation_delay_hours=48", "levers.max_recalls=0"};
  CHECK(paired_effect(scarce, ample, [](const RunReport& r) { return phase(r, Phase::escalation); }).upper() < 0);
}

TEST_CASE("lever: a duty list cuts the tasks pushed down to townships") {
  // Two departments push 10 a week each; the list lets 6 of the 20 through.
  const Overrides no_list{"levers.pushed_tasks_per_week=10", "levers.duty_list=false", "levers.duty_list_tasks_per_week=6"};
  const Overrides list{"levers.pushed_tasks_per_week=10", "levers.duty_list=true", "levers.duty_list_tasks_per_week=6"};
  CHECK(paired_effect(no_list, list, [](const RunReport& r) { return r.township_utilisation; }).upper() < 0);
  CHECK(paired_effect(no_list, list, [](const RunReport& r) { return static_cast<double>(r.pushed_accepted); }).upper() < 0);
}

TEST_CASE("every bundled scenario runs") {
  for (const char* name : {"minimal.yaml", "w-county.yaml", "w-county-pre-reform.yaml"}) {
    CAPTURE(name);
    const models::Scenario scenario =
        models::load_scenario(std::string(TIAOKUAI_SCENARIO_DIR) + "/" + name, {"run.horizon_days=60", "run.warm_up_days=10"});
    GovernanceModel model(scenario);
    const RunReport report = model.run();
    CHECK(report.arisen > 0);
    CHECK(report.resolved() > 0);
    CHECK(report.events > report.arisen);
  }
}

TEST_CASE("common random numbers: the same issues arise whatever the levers, unless demand feedback is on") {
  // Leaving out what changes arrivals by design (tests/models/lever_costs_test.cpp):
  // more reporting at a higher information level, and missed sham fixes
  // whose problem is reported again.
  const Overrides fixed_reporting{"assumptions.reporting_gain=0", "levers.callback_verification=1"};
  const RunReport base = run_small_county(fixed_reporting);
  const RunReport other_levers =
      run_small_county({"assumptions.reporting_gain=0", "levers.callback_verification=1", "levers.incentive_weight=0.9", "levers.information_level=0.9", "run.mode=pre_reform"});
  CHECK(other_levers.arisen == base.arisen);
  for (std::size_t c = 0; c < base.categories.size(); ++c) CHECK(other_levers.categories[c].arisen == base.categories[c].arisen);
  // With feedback on, arrivals follow satisfaction: a slow pre-reform county
  // whose satisfaction falls after the first period draws fewer requests.
  const RunReport feedback = run_small_county({"run.mode=pre_reform", "levers.demand_feedback=3", "levers.incentive_weight=0"});
  const RunReport no_feedback = run_small_county({"run.mode=pre_reform", "levers.incentive_weight=0"});
  CHECK(feedback.arisen < no_feedback.arisen);
}

TEST_CASE("a county that cannot keep up stops at its memory budget with a message") {
  CHECK_THROWS_WITH_AS(run_small_county({"categories.0.rate_per_community_per_day=50", "levers.township_power=0", "run.max_open_issues=2000"}),
                       doctest::Contains("cannot keep up"), std::runtime_error);
}

// Resolution time with issues still open at the horizon: the Kaplan–Meier
// fields count them as censored at their age, the mean and median of
// resolved issues leave them out.
TEST_CASE("resolution statistics: every counted issue is either resolved (event) or open at the horizon (censored)") {
  const RunReport report = run_small_county({});
  const SurvivalSummary& survival = report.resolution_survival;
  CHECK(survival.events == report.resolved());
  CHECK(survival.censored == report.by_outcome[static_cast<std::size_t>(Outcome::open)]);
  CHECK(survival.events + survival.censored == report.arisen);
  // tau: 4 x the longest deadline (360 h), shorter than the 180-day window.
  CHECK(survival.tau_hours == doctest::Approx(4 * 360.0));
  CHECK(run_small_county({"run.horizon_days=40"}).resolution_survival.tau_hours == doctest::Approx(20 * 24.0));  // the window
}

TEST_CASE("resolution statistics: when departments cannot keep up, the Kaplan–Meier median lies above the resolved issues' median") {
  // Street-order issues at 8 times the usual rate, none of which townships may
  // handle: departments fall behind and many issues are still open at the end.
  const RunReport report = run_small_county({"categories.0.rate_per_community_per_day=0.96", "levers.township_power=0"});
  const SurvivalSummary& survival = report.resolution_survival;
  REQUIRE(report.by_outcome[static_cast<std::size_t>(Outcome::open)] > report.arisen / 5);
  CHECK(survival.median > 1.2 * report.resolution.median);
  CHECK(survival.restricted_mean > report.resolution.mean);
  // The light county of the next test, for contrast, is not far off.
  const RunReport usual = run_small_county({});
  CHECK(usual.resolution_survival.median == doctest::Approx(usual.resolution.median).epsilon(0.02));
}

TEST_CASE("resolution statistics: when nothing is open at the end, the Kaplan–Meier median is the resolved issues' median") {
  // A light load: a hundred issues a run, most runs end with none open (no
  // extra reporting from the information level).
  const Overrides light{"categories.0.rate_per_community_per_day=0.02", "categories.1.rate_per_community_per_day=0.005",
                        "categories.2.rate_per_community_per_day=0.01", "assumptions.reporting_gain=0"};
  int runs_with_none_open = 0;
  for (std::uint64_t r = 0; r < 12; ++r) {
    const RunReport report = run_small_county(light, r);
    const SurvivalSummary& survival = report.resolution_survival;
    // Kaplan–Meier passes a censored issue's weight on to later times only,
    // where leaving it out spreads it over all: its median is never lower.
    CHECK(survival.median >= report.resolution.median);
    if (survival.censored > 0) continue;
    ++runs_with_none_open;
    // Same buckets as the resolved issues' sketch, same rank: equal.
    CHECK(survival.median == report.resolution.median);
    // E[min(T, tau)] is the mean when every resolution is shorter than tau.
    CHECK(survival.restricted_mean == doctest::Approx(report.resolution.mean).epsilon(0.005));
  }
  CHECK(runs_with_none_open >= 3);
}

TEST_CASE("resolution statistics reach the JSON summary and the sweep's run metrics, and a median not reached is null and NaN") {
  const auto metric = [](const std::vector<experiments::Metric>& metrics, const std::string& name) {
    for (const experiments::Metric& m : metrics) {
      if (m.name == name) return m.value;
    }
    FAIL("no metric " << name);
    return 0.0;
  };
  const RunReport report = run_small_county({});
  const auto metrics = experiments::run_metrics(report);
  CHECK(metric(metrics, "resolution_hours.km_median") == report.resolution_survival.median);
  CHECK(metric(metrics, "resolution_hours.rmst") == report.resolution_survival.restricted_mean);
  CHECK(metric(metrics, "resolution_hours.rmst_tau_hours") == report.resolution_survival.tau_hours);
  CHECK(metric(metrics, "resolution_hours.censored") == static_cast<double>(report.resolution_survival.censored));
  CHECK(metric(metrics, "resolution_hours.median") == report.resolution.median);

  RunReport not_reached = report;
  not_reached.resolution_survival.median = std::numeric_limits<double>::quiet_NaN();
  CHECK(summary_json(not_reached)["resolution_hours"]["km_median"].dump() == "null");  // as written to summary.json
  CHECK(std::isnan(metric(experiments::run_metrics(not_reached), "resolution_hours.km_median")));
  char* text = nullptr;
  std::size_t size = 0;
  std::FILE* out = open_memstream(&text, &size);
  print_summary(not_reached, out);
  std::fclose(out);
  CHECK(std::string(text).find("Kaplan-Meier median") != std::string::npos);
  CHECK(std::string(text).find("not reached") != std::string::npos);
  std::free(text);
}
