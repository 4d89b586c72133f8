#include "models/governance/issue_state.hpp"

#include <array>
#include <stdexcept>
#include <string>

namespace tiaokuai::models::governance {
namespace {

constexpr std::size_t stage_count = static_cast<std::size_t>(Stage::closed) + 1;
constexpr std::array<const char*, stage_count> stage_names{"detecting",    "township_queue", "township_work", "calling",
                                                           "coordinating", "joint_work",     "closed"};

constexpr std::size_t index(Stage stage) { return static_cast<std::size_t>(stage); }

// allowed[from][to], as listed in issue_state.hpp.
constexpr std::array<std::array<bool, stage_count>, stage_count> allowed_transitions() {
  std::array<std::array<bool, stage_count>, stage_count> allowed{};
  const auto allow = [&](Stage from, Stage to) { allowed[index(from)][index(to)] = true; };
  allow(Stage::closed, Stage::detecting);
  allow(Stage::detecting, Stage::closed);
  allow(Stage::detecting, Stage::township_queue);
  allow(Stage::detecting, Stage::calling);
  allow(Stage::township_queue, Stage::township_work);
  allow(Stage::township_queue, Stage::calling);
  allow(Stage::township_work, Stage::closed);
  allow(Stage::township_work, Stage::calling);
  allow(Stage::calling, Stage::calling);
  allow(Stage::calling, Stage::coordinating);
  allow(Stage::calling, Stage::closed);
  allow(Stage::coordinating, Stage::joint_work);
  allow(Stage::coordinating, Stage::calling);
  allow(Stage::joint_work, Stage::closed);
  allow(Stage::joint_work, Stage::calling);
  return allowed;
}
constexpr auto allowed = allowed_transitions();

// While departments are being called, the legs decide: someone at work is
// work (or rework); an escalated issue nobody is acting on waits for the
// county; a failed attempt waiting to be repeated is rework; a call on its
// way (or sent back by the wrong department) is routing; anything else
// waits for a department.
Phase calling_phase(const Issue& issue) {
  bool working = false, active = false, failed_wait = false, routing = false;
  for (const Leg& leg : issue.legs) {
    switch (leg.state) {
      case LegState::working: working = active = true; break;
      case LegState::routing:
      case LegState::at_county_office: routing = active = true; break;
      case LegState::recall_wait:
        failed_wait = failed_wait || leg.recall_reason == RecallReason::failed;
        routing = routing || leg.recall_reason == RecallReason::misrouted;
        break;
      case LegState::queued:
      case LegState::travelling:
      case LegState::reported: active = true; break;
      case LegState::idle:
      case LegState::done: break;
    }
  }
  if (working) return issue.failed_once ? Phase::rework : Phase::work;
  if (issue.escalated && !issue.pushed && !active) return Phase::escalation;
  if (failed_wait) return Phase::rework;
  if (routing) return Phase::routing;
  return Phase::waiting;
}

// Books the time since the last change to the phase the issue is in.
void book_phase_time(Issue& issue, sim::Time until) {
  issue.phase_hours[static_cast<std::size_t>(issue.phase)] += sim::hours_between(issue.phase_since, until);
  issue.phase_since = until;
}

// Books the time so far, then enters the phase the new state implies.
void update_phase(Issue& issue, sim::Time now) {
  if (issue.stage == Stage::closed) return;
  const Phase phase = derived_phase(issue);
  if (phase == issue.phase) return;
  book_phase_time(issue, now);
  issue.phase = phase;
}

}  // namespace

bool stage_transition_allowed(Stage from, Stage to) { return allowed[index(from)][index(to)]; }

Phase derived_phase(const Issue& issue) {
  switch (issue.stage) {
    case Stage::detecting: return Phase::detection;
    case Stage::township_queue:
    case Stage::township_work: return Phase::township;
    case Stage::coordinating: return Phase::coordination;
    case Stage::joint_work: return issue.failed_once ? Phase::rework : Phase::work;
    case Stage::calling: return calling_phase(issue);
    case Stage::closed: break;
  }
  return issue.phase;
}

void open_issue(Issue& issue, sim::Time now) {
  enter_stage(issue, Stage::detecting, now);
  issue.phase = Phase::detection;
  issue.phase_since = now;
}

void enter_stage(Issue& issue, Stage stage, sim::Time now) {
  if (!stage_transition_allowed(issue.stage, stage)) {
    throw std::logic_error(std::string("issue life cycle: no transition from ") + stage_names[index(issue.stage)] + " to " +
                           stage_names[index(stage)]);
  }
  issue.stage = stage;
  update_phase(issue, now);
}

void set_leg_state(Issue& issue, std::uint32_t leg, LegState state, sim::Time now) {
  issue.legs[leg].state = state;
  update_phase(issue, now);
}

void set_recall_wait(Issue& issue, std::uint32_t leg, RecallReason reason, sim::Time now) {
  issue.legs[leg].recall_reason = reason;
  set_leg_state(issue, leg, LegState::recall_wait, now);
}

void mark_escalated(Issue& issue, sim::Time now) {
  issue.escalated = true;
  issue.escalated_at = now;
  update_phase(issue, now);
}

void mark_taken_up(Issue& issue, sim::Time now) {
  issue.pushed = true;
  update_phase(issue, now);
}

void mark_failed_once(Issue& issue, sim::Time now) {
  issue.failed_once = true;
  update_phase(issue, now);
}

void close_issue(Issue& issue, sim::Time now) {
  enter_stage(issue, Stage::closed, now);
  book_phase_time(issue, now);
  issue.closed = now;
}

void account_open_until(Issue& issue, sim::Time horizon) { book_phase_time(issue, horizon); }

}  // namespace tiaokuai::models::governance
