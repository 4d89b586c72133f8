#pragma once
// The cost ledger: where staff time went over the measured window (from the
// end of the warm-up to the horizon), in team-hours (leader-hours for Party
// and county leaders). No lever is free: stationed teams leave the central
// pool, joint actions take department teams and township convening,
// Party coordination takes township Party leaders' time, escalation county
// leaders' time; a higher information level brings more issues to report,
// and formalism brings shams, re-calls and problems that come back.

#include <cstdint>

namespace tiaokuai::models::governance {

struct CostLedger {
  double window_hours = 0;  // the measured window
  // Department teams. Central teams: calls (response and a single
  // department's work), joint actions, the line ministry's own (vertical)
  // work, tasks a township's duty list returned; they add up to utilisation
  // x central teams x window. Stationed
  // teams are committed to their township the whole window (stationed
  // hours), of which they spend `stationed_busy_hours` on its calls.
  double department_call_hours = 0, department_joint_action_hours = 0, department_vertical_hours = 0, department_returned_task_hours = 0;
  double department_stationed_hours = 0, department_stationed_busy_hours = 0;
  // Township teams (the grassroots burden): local issues and pushed-down
  // tasks (they add up to utilisation x teams x window); and the issue-hours
  // of joint actions being convened (waiting for a Party leader included).
  double township_local_issue_hours = 0, township_pushed_task_hours = 0, township_convening_hours = 0;
  double party_leader_hours = 0;       // township Party leaders convening joint actions
  double county_escalation_hours = 0;  // county leaders taking up escalated issues
  // Attributable to a lever, as counts of counted issues.
  std::uint64_t reported_by_information = 0;     // reported only because the information level exceeds 0
  std::uint64_t shams_caught = 0;                // sham fixes call-backs caught (re-called, scored as failures)
  std::uint64_t reports_without_resolution = 0;  // sham fixes call-backs missed: closed, problem left
  std::uint64_t reappeared = 0;                  // issues that are the problem of a missed sham, reported again

  double department_hours() const {
    return department_call_hours + department_joint_action_hours + department_vertical_hours + department_returned_task_hours +
           department_stationed_hours;
  }
  double township_hours() const { return township_local_issue_hours + township_pushed_task_hours; }
};

}  // namespace tiaokuai::models::governance
