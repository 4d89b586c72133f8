// Timing at the edges of the issue life cycle: escalation reaches a call
// already waiting in a department's queue, and a deadline that passes before
// anyone has seen the issue still escalates it.
#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "models/governance/governance_model.hpp"
#include "tests/models/small_governance_scenario.hpp"

using namespace tiaokuai::models::governance;

namespace {

struct EscalatedIssue {
  double escalated_at_hours, closed_hours, detected_hours, deadline_passed_hours;
  bool escalated, closed, social;
};

class EscalationCollector final : public RunObserver {
 public:
  explicit EscalationCollector(std::vector<double> deadlines) : deadlines_(std::move(deadlines)) {}
  std::vector<EscalatedIssue> issues;
  void on_issue(const IssueRecord& record) override {
    const Issue& issue = record.issue;
    const bool closed = record.outcome != Outcome::open;
    issues.push_back({issue.escalated_at.to_hours(), closed ? issue.closed.to_hours() : -1.0,
                      issue.detected == tiaokuai::sim::Time::max() ? -1.0 : issue.detected.to_hours(),
                      issue.arose.to_hours() + deadlines_[issue.category], issue.escalated, closed,
                      record.outcome == Outcome::social});
  }
  void on_assessment(std::uint32_t, double, std::uint32_t, double, double, std::uint64_t) override {}

 private:
  std::vector<double> deadlines_;
};

}  // namespace

TEST_CASE("escalation: a call waiting in a department's queue moves to the county's class when the county takes the issue up") {
  // Before the reform, relayed calls queue behind the departments' own work;
  // with too few teams that queue never empties. Only escalation (at the
  // deadline; re-calls never run out) gets an issue served, and the county
  // has leaders to spare.
  const Overrides overloaded{"run.mode=pre_reform", "departments.0.staff=1", "departments.1.staff=1",
                             "departments.0.vertical_load=0.5", "departments.1.vertical_load=0.5", "departments.1.stationed_staff=0",
                             "levers.max_recalls=100", "levers.escalation_capacity=100", "levers.escalation_delay_hours=1",
                             "levers.township_power=0", "levers.social_participation=0"};
  EscalationCollector collector({168, 360, 168});
  run_small_county(overloaded, 0, &collector);
  std::size_t escalated_early = 0, served_soon = 0;
  const double horizon_hours = 200 * 24;
  for (const EscalatedIssue& issue : collector.issues) {
    if (!issue.escalated || issue.escalated_at_hours > horizon_hours - 200) continue;
    ++escalated_early;
    // Taken up within hours, then the next free team: days, not months.
    if (issue.closed && issue.closed_hours - issue.escalated_at_hours < 100) ++served_soon;
  }
  REQUIRE(escalated_early > 50);
  CHECK(static_cast<double>(served_soon) > 0.8 * static_cast<double>(escalated_early));
}

TEST_CASE("escalation: a deadline that passes before detection still escalates the issue once it is seen") {
  // Issues take far longer to be seen than their deadline allows.
  const Overrides slow_to_see{"categories.0.detection_hours=400", "categories.1.detection_hours=800", "categories.2.detection_hours=400",
                              "levers.information_level=0"};
  EscalationCollector collector({168, 360, 168});
  run_small_county(slow_to_see, 0, &collector);
  std::size_t seen_late = 0, escalated = 0;
  for (const EscalatedIssue& issue : collector.issues) {
    if (issue.social || issue.detected_hours < 0 || issue.detected_hours <= issue.deadline_passed_hours) continue;
    ++seen_late;
    if (issue.escalated) ++escalated;
  }
  REQUIRE(seen_late > 100);
  CHECK(escalated == seen_late);
}
