// The issue life cycle's state machine: allowed moves, the phase derived
// from the state, and time booked to the phase it was spent in.

#include <doctest/doctest.h>

#include <stdexcept>

#include "models/governance/issue_state.hpp"

using namespace tiaokuai::models::governance;
using tiaokuai::sim::hours;
using tiaokuai::sim::Time;

namespace {

Issue two_department_issue() {
  Issue issue;
  issue.legs.resize(2);
  open_issue(issue, Time::zero());
  return issue;
}

}  // namespace

TEST_CASE("issue life cycle: the table allows the documented moves and refuses the others") {
  CHECK(stage_transition_allowed(Stage::closed, Stage::detecting));
  CHECK(stage_transition_allowed(Stage::detecting, Stage::calling));
  CHECK(stage_transition_allowed(Stage::township_queue, Stage::calling));
  CHECK(stage_transition_allowed(Stage::coordinating, Stage::calling));
  CHECK_FALSE(stage_transition_allowed(Stage::detecting, Stage::joint_work));
  CHECK_FALSE(stage_transition_allowed(Stage::closed, Stage::calling));
  CHECK_FALSE(stage_transition_allowed(Stage::township_queue, Stage::closed));
  CHECK_FALSE(stage_transition_allowed(Stage::coordinating, Stage::closed));

  Issue issue = two_department_issue();
  CHECK_THROWS_WITH_AS(enter_stage(issue, Stage::joint_work, hours(1)), "issue life cycle: no transition from detecting to joint_work",
                       std::logic_error);
}

TEST_CASE("issue life cycle: the phase follows the legs while departments are called") {
  Issue issue = two_department_issue();
  CHECK(issue.phase == Phase::detection);
  enter_stage(issue, Stage::calling, hours(2));
  set_leg_state(issue, 0, LegState::routing, hours(2));
  CHECK(issue.phase == Phase::routing);
  set_leg_state(issue, 0, LegState::queued, hours(3));
  CHECK(issue.phase == Phase::waiting);
  set_leg_state(issue, 0, LegState::working, hours(4));
  CHECK(issue.phase == Phase::work);
  mark_failed_once(issue, hours(5));
  CHECK(issue.phase == Phase::rework);
  set_recall_wait(issue, 0, RecallReason::failed, hours(6));
  CHECK(issue.phase == Phase::rework);
  set_leg_state(issue, 0, LegState::idle, hours(7));
  mark_escalated(issue, hours(7));
  CHECK(issue.phase == Phase::escalation);
  mark_taken_up(issue, hours(9));
  CHECK(issue.phase == Phase::waiting);
  close_issue(issue, hours(10));
  CHECK(issue.stage == Stage::closed);

  // Detection 2 h, routing 1 h, waiting 1 h + 1 h, work 1 h, rework 2 h, escalation 2 h.
  CHECK(issue.phase_hours[static_cast<std::size_t>(Phase::detection)] == doctest::Approx(2));
  CHECK(issue.phase_hours[static_cast<std::size_t>(Phase::routing)] == doctest::Approx(1));
  CHECK(issue.phase_hours[static_cast<std::size_t>(Phase::work)] == doctest::Approx(1));
  CHECK(issue.phase_hours[static_cast<std::size_t>(Phase::rework)] == doctest::Approx(2));
  CHECK(issue.phase_hours[static_cast<std::size_t>(Phase::escalation)] == doctest::Approx(2));
  CHECK(issue.phase_hours[static_cast<std::size_t>(Phase::waiting)] == doctest::Approx(2));
}
