// No lever is free: each helps in one regime and stops helping, or hurts,
// where its cost dominates; and the cost ledger adds up.
#include <doctest/doctest.h>

#include <cstdint>
#include <set>
#include <tuple>

#include "small_governance_scenario.hpp"

using namespace tiaokuai::models::governance;

namespace {

double call_response(const RunReport& r, std::size_t township, std::size_t department) {
  const CallCell& cell = r.call(township, department);
  return cell.reports > 0 ? cell.response_hours_sum / static_cast<double>(cell.reports) : 0.0;
}

// Mean response of the environment department (1) to the townships other
// than the first (where a single stationed team goes).
double environment_response_elsewhere(const RunReport& r) { return 0.5 * (call_response(r, 1, 1) + call_response(r, 2, 1)); }

double coordination(const RunReport& r) { return phase(r, Phase::coordination); }

}  // namespace

TEST_CASE("stationed staff: with teams to spare, stationing in every township speeds the department's response") {
  const Overrides ample{"departments.1.staff=8"};
  CHECK(paired_effect(with(ample, {"departments.1.stationed_staff=0"}), with(ample, {"departments.1.stationed_staff=3"}),
                      [](const RunReport& r) { return r.departments[1].mean_response_hours; })
            .upper() < 0);
}

TEST_CASE("stationed staff: with few teams, stationing one slows the other townships' calls") {
  const Overrides few{"departments.1.staff=2"};
  CHECK(paired_effect(with(few, {"departments.1.stationed_staff=0"}), with(few, {"departments.1.stationed_staff=1"}),
                      environment_response_elsewhere)
            .lower() > 0);
}

TEST_CASE("Party coordination: while leaders are free, a stronger Party lead spends less time convening joint actions (faster, fewer break-ups)") {
  CHECK(paired_effect({"levers.party_coordination=0.1"}, {"levers.party_coordination=0.6"}, coordination).upper() < 0);
}

TEST_CASE("Party coordination: with one busy leader per township, a stronger Party lead makes joint actions wait") {
  const Overrides scarce{"townships.0.party_leaders=1", "townships.1.party_leaders=1", "townships.2.party_leaders=1",
                         "assumptions.party_leader_hours=200"};
  CHECK(paired_effect(with(scarce, {"levers.party_coordination=0.3"}), with(scarce, {"levers.party_coordination=0.9"}), coordination)
            .lower() > 0);
}

TEST_CASE("information level: when it brings out no more issues, it speeds resolution") {
  const Overrides fixed{"assumptions.reporting_gain=0"};
  CHECK(paired_effect(with(fixed, {"levers.information_level=0.1"}), with(fixed, {"levers.information_level=0.9"}),
                      [](const RunReport& r) { return r.resolution.mean; })
            .upper() < 0);
}

TEST_CASE("information level: when it brings out many more issues, departments are busier and respond later") {
  const Overrides revealing{"assumptions.reporting_gain=3"};
  const Overrides paper = with(revealing, {"levers.information_level=0"});
  const Overrides platform = with(revealing, {"levers.information_level=1"});
  CHECK(paired_effect(paper, platform, [](const RunReport& r) { return r.department_utilisation; }).lower() > 0);
  CHECK(paired_effect(paper, platform, [](const RunReport& r) { return r.response.mean; }).lower() > 0);
}

TEST_CASE("incentive weight: without the formalism it breeds, more weight means fewer failed fixes") {
  const Overrides honest{"assumptions.formalism_incentive=0", "levers.reward=1", "levers.penalty=1"};
  CHECK(paired_effect(with(honest, {"levers.incentive_weight=0"}), with(honest, {"levers.incentive_weight=0.8"}),
                      [](const RunReport& r) { return static_cast<double>(r.failures); })
            .upper() < 0);
}

TEST_CASE("incentive weight: where it breeds formalism, more weight means more reports without resolution, or rework if call-backs catch them") {
  const Overrides box_ticking{"assumptions.formalism_incentive=1", "levers.reward=1", "levers.penalty=1"};
  const Overrides unchecked = with(box_ticking, {"levers.callback_verification=0"});
  CHECK(paired_effect(with(unchecked, {"levers.incentive_weight=0"}), with(unchecked, {"levers.incentive_weight=0.8"}),
                      [](const RunReport& r) { return static_cast<double>(r.ledger.reports_without_resolution); })
            .lower() > 0);
  const Overrides checked = with(box_ticking, {"levers.callback_verification=1"});
  CHECK(paired_effect(with(checked, {"levers.incentive_weight=0"}), with(checked, {"levers.incentive_weight=0.8"}),
                      [](const RunReport& r) { return static_cast<double>(r.failures); })
            .lower() > 0);
}

TEST_CASE("over-calling loads the departments and slows the calls townships had to make") {
  // Townships may handle most street-order issues; urban management has two teams.
  const Overrides empowered{"levers.township_power=0.9", "departments.0.staff=2", "categories.0.rate_per_community_per_day=0.3"};
  const Overrides modest = with(empowered, {"levers.over_calling=0"});
  const Overrides heavy = with(empowered, {"levers.over_calling=0.9"});
  CHECK(paired_effect(modest, heavy, [](const RunReport& r) { return r.ledger.department_call_hours; }).lower() > 0);
  CHECK(paired_effect(modest, heavy, [](const RunReport& r) { return r.department_utilisation; }).lower() > 0);
  CHECK(paired_effect(modest, heavy, [](const RunReport& r) { return r.required_call_response_hours; }).lower() > 0);
}

TEST_CASE("cost ledger: department hours add up to utilisation x central teams x window, and the totals to the agents' hours") {
  const RunReport r = run_small_county({"departments.0.staff=4", "departments.0.stationed_staff=2"});
  const tiaokuai::models::Scenario scenario = small_governance_scenario({"departments.0.staff=4", "departments.0.stationed_staff=2"});
  const CostLedger& ledger = r.ledger;
  CHECK(ledger.window_hours == doctest::Approx((200.0 - 20.0) * 24.0));
  double calls = 0, joint = 0, vertical = 0, stationed = 0, local = 0, pushed = 0, leaders = 0;
  for (std::size_t d = 0; d < r.departments.size(); ++d) {
    const DepartmentReport& department = r.departments[d];
    CAPTURE(d);
    const int central = scenario.departments[d].staff - scenario.departments[d].stationed_staff;
    CHECK(department.call_hours + department.joint_action_hours + department.vertical_hours ==
          doctest::Approx(department.utilisation * central * ledger.window_hours).epsilon(1e-9));
    CHECK(department.call_hours > 0);
    CHECK(department.joint_action_hours > 0);
    CHECK(department.vertical_hours > 0);
    CHECK(department.stationed_hours == doctest::Approx(scenario.departments[d].stationed_staff * ledger.window_hours));
    CHECK(department.stationed_busy_hours <= department.stationed_hours);
    calls += department.call_hours;
    joint += department.joint_action_hours;
    vertical += department.vertical_hours;
    stationed += department.stationed_hours;
  }
  CHECK(r.departments[0].stationed_busy_hours > 0);
  for (std::size_t t = 0; t < r.townships.size(); ++t) {
    const TownshipReport& township = r.townships[t];
    CAPTURE(t);
    CHECK(township.local_issue_hours + township.pushed_task_hours ==
          doctest::Approx(township.utilisation * scenario.townships[t].staff * ledger.window_hours).epsilon(1e-9));
    CHECK(township.local_issue_hours > 0);
    CHECK(township.pushed_task_hours > 0);
    CHECK(township.party_leader_hours <= scenario.townships[t].party_leaders * ledger.window_hours);
    local += township.local_issue_hours;
    pushed += township.pushed_task_hours;
    leaders += township.party_leader_hours;
  }
  CHECK(ledger.department_call_hours == doctest::Approx(calls));
  CHECK(ledger.department_joint_action_hours == doctest::Approx(joint));
  CHECK(ledger.department_vertical_hours == doctest::Approx(vertical));
  CHECK(ledger.department_stationed_hours == doctest::Approx(stationed));
  CHECK(ledger.township_local_issue_hours == doctest::Approx(local));
  CHECK(ledger.township_pushed_task_hours == doctest::Approx(pushed));
  CHECK(ledger.party_leader_hours == doctest::Approx(leaders));
  CHECK(ledger.party_leader_hours > 0);
  CHECK(ledger.township_convening_hours > 0);
  CHECK(ledger.county_escalation_hours > 0);
  CHECK(ledger.county_escalation_hours <= scenario.levers.escalation_capacity * ledger.window_hours);
}

namespace {

// The issues a run reported: (time arisen, township, category, community).
class ReportedIssues : public RunObserver {
 public:
  std::set<std::tuple<std::int64_t, std::uint32_t, std::uint32_t, std::uint32_t>> issues;
  void on_issue(const IssueRecord& record) override {
    const Issue& issue = record.issue;
    issues.emplace(issue.arose.ticks(), issue.township, issue.category, issue.community);
  }
  void on_assessment(std::uint32_t, double, std::uint32_t, double, double, std::uint64_t) override {}
};

}  // namespace

TEST_CASE("reporting with common random numbers: the issues reported at a lower information level are a subset of those at a higher one") {
  // Call-backs catch every sham, so no issue comes back: every issue is a latent one reported.
  const Overrides base{"assumptions.reporting_gain=1", "levers.callback_verification=1"};
  ReportedIssues low, high;
  run_small_county(with(base, {"levers.information_level=0.2"}), 0, &low);
  run_small_county(with(base, {"levers.information_level=0.7"}), 0, &high);
  REQUIRE(low.issues.size() > 100);
  CHECK(high.issues.size() > low.issues.size());
  std::size_t missing = 0;
  for (const auto& issue : low.issues) missing += high.issues.count(issue) == 0 ? 1 : 0;
  CHECK(missing == 0);
}
