#pragma once
// The issue life cycle as one state machine.
//
// An issue's state is its stage, its legs' states (one per department it
// needs) and three flags (escalated, taken up by the county, failed once).
// Every change of that state goes through the functions below, which check
// the move against the table of allowed stage transitions (issue_state.cpp)
// and derive the issue's phase, where its time goes, from the state it
// enters. No handler sets a phase, so a new mechanism cannot forget to.
//
// Stages and their moves (every other move is a bug and throws):
//   closed         -> detecting                       it arises (a reused record)
//   detecting      -> closed | township_queue | calling   residents fix it; the township keeps or calls it
//   township_queue -> township_work | calling         the township starts; the county takes it over
//   township_work  -> closed | calling                fixed; the township gives up and calls
//   calling        -> calling | coordinating | closed  rounds of calls; all on site; one department fixed it
//   coordinating   -> joint_work | calling            convened; the joint action fell apart
//   joint_work     -> closed | calling                fixed; the joint fix failed

#include <cstdint>

#include "models/governance/issue.hpp"
#include "sim/time.hpp"

namespace tiaokuai::models::governance {

bool stage_transition_allowed(Stage from, Stage to);

// The phase an issue in this state is in (not meaningful once closed).
Phase derived_phase(const Issue& issue);

// A reused (reset) record arises now.
void open_issue(Issue& issue, sim::Time now);
// Moves to `stage`; throws std::logic_error naming both stages if the table
// does not allow it.
void enter_stage(Issue& issue, Stage stage, sim::Time now);
void set_leg_state(Issue& issue, std::uint32_t leg, LegState state, sim::Time now);
// The leg waits to be called again, for `reason`.
void set_recall_wait(Issue& issue, std::uint32_t leg, RecallReason reason, sim::Time now);
void mark_escalated(Issue& issue, sim::Time now);
void mark_taken_up(Issue& issue, sim::Time now);
// A department's attempt failed or a joint action fell apart: later work is rework.
void mark_failed_once(Issue& issue, sim::Time now);
// Closes at `now`, adding the last phase's time.
void close_issue(Issue& issue, sim::Time now);
// Still open at the horizon: adds the current phase's time up to it.
void account_open_until(Issue& issue, sim::Time horizon);

}  // namespace tiaokuai::models::governance
