#pragma once
// One issue's record through its life, and the phases its time is split into.
// Handlers change its stage, legs and flags only through issue_state.hpp.
// Issues live in a pool that reuses closed records (generation-checked), so
// memory follows the issues still open, not the horizon.

#include <array>
#include <cstdint>
#include <vector>

#include "sim/simulator.hpp"
#include "sim/time.hpp"

namespace tiaokuai::models::governance {

// Where an issue's time goes. At every instant an open issue is in exactly
// one phase, so the phases of a closed issue add up to its latency.
enum class Phase : std::uint8_t {
  detection,     // arisen, not yet seen by a grid worker
  township,      // queued at or worked on by the township itself
  routing,       // a call on its way, relayed by the county (pre-reform) or misrouted
  waiting,       // waiting for a department: accepted but not yet on site, or refused and re-called
  coordination,  // departments on site, the joint action being convened
  work,          // departments at work
  rework,        // after a failed attempt (sham fix or break-up): waiting to re-call, and the repeated work
  escalation,    // escalated, waiting for county leaders to take it up
  count
};
inline constexpr std::size_t phase_count = static_cast<std::size_t>(Phase::count);
inline constexpr std::array<const char*, phase_count> phase_names{"detection", "township", "routing", "waiting",
                                                                  "coordination", "work", "rework", "escalation"};

// How an issue ended (open: still unresolved at the horizon).
enum class Outcome : std::uint8_t { open, social, township, department, county, count };
inline constexpr std::array<const char*, static_cast<std::size_t>(Outcome::count)> outcome_names{
    "open", "social", "township", "department", "county"};

// One department's part in an issue.
enum class LegState : std::uint8_t {
  idle,         // not called (yet), or waiting for the county to take up the escalation
  routing,      // the call is on its way
  at_county_office,  // pre-reform: waiting for the county coordinating office to relay it
  recall_wait,  // refused, misrouted or failed: waiting to be called again
  queued,       // accepted, waiting for a free team
  travelling,   // a team is mobilising and on its way
  reported,     // on site (multi-department issue: waiting for the others)
  working,      // at work
  done
};

// Why a leg waits to be called again; decides the phase of that wait.
enum class RecallReason : std::uint8_t { misrouted, refused, failed };

struct Leg {
  std::uint32_t department = 0;
  LegState state = LegState::idle;
  RecallReason recall_reason = RecallReason::refused;
  sim::EventId timer;           // pending re-call
  sim::Time called_at;          // the current call
  std::uint16_t calls = 0;      // calls made on this leg so far: the round of its per-call draws
  std::uint8_t queued_priority = 0;  // the department queue class its current respond job waits in
  sim::Time first_report_at = sim::Time::max();
  double response_hours = 0;    // of the latest report
  bool team_on_site = false;    // a whistled team stays on site until the joint work is done (S9)
  bool stationed_team = false;  // the team on it is stationed in the issue's township
};

// How the township sends an issue out (docs/odd.md section 3, step 4):
// routine dispatch to the owners on the duty list, answered on the
// department's normal schedule, or the whistle, which summons the
// departments to the scene under the arrival rule. Decided once, when the
// township decides; before the reform every call is routine.
enum class Route : std::uint8_t { routine, whistle, count };
inline constexpr std::array<const char*, static_cast<std::size_t>(Route::count)> route_names{"routine", "whistle"};

// Where the issue is in its life cycle. The allowed moves between stages,
// and how stage, legs and flags decide the phase, live in issue_state.hpp.
enum class Stage : std::uint8_t { detecting, township_queue, township_work, calling, coordinating, joint_work, closed };

struct Issue {
  // Attempts at a fix so far (failed fixes and broken-up joint actions):
  // the round of the per-attempt draws.
  std::uint32_t attempt() const { return static_cast<std::uint32_t>(failures) + breakups; }

  std::uint32_t generation = 0;  // bumped on close; events carry it to ignore a reused record
  std::uint64_t serial = 0;      // order of arising, the issue's id in outputs
  std::uint32_t category = 0;
  std::uint32_t township = 0;
  std::uint32_t community = 0;   // within the township
  bool counted = false;          // arose after the warm-up
  bool township_may_act = false; // holds the power for this issue
  bool sat_on = false;           // under-calling: tried alone without the power
  bool escalated = false;
  bool pushed = false;           // the county has taken it up: priority, no refusals
  bool failed_once = false;      // later work counts as rework
  Route route = Route::routine;  // how the township sends it out (township_decides)
  double difficulty = 0;         // drawn at detection: hard if below the category's hard_share
  Stage stage = Stage::closed;    // a free record is "closed"
  Phase phase = Phase::detection;
  sim::Time phase_since;
  std::array<double, phase_count> phase_hours{};
  sim::Time arose, detected = sim::Time::max(), first_call = sim::Time::max(), escalated_at = sim::Time::max(), closed;
  sim::Time township_started = sim::Time::max();  // the township's first own work on it
  bool overdue = false;          // the deadline passed (perhaps before anyone saw it)
  std::uint16_t calls = 0, recalls = 0, refusals = 0, misroutes = 0, failures = 0, breakups = 0;
  double first_work_hours = -1;  // the township's work, or the first department's at the first attempt: checks common random numbers
  std::uint64_t key = 0;         // address of its draws (issue_draws.hpp)
  std::vector<Leg> legs;           // one per department holding jurisdiction, lead first
  sim::EventId deadline;
  sim::EventId county_take_up;     // pending while a county leader works on it
};

}  // namespace tiaokuai::models::governance
