#pragma once
// Which copy of the levers applies where: the one place that decides it.
//
// The schema (scenario_schema.cpp) declares each lever's scope: county-wide
// only, per department, per township. The scenario gives every department
// and township its own copy, holding the county's value unless overridden
// for that entity. The model reads levers only through this class:
//   - the township where an issue arises sets how it is found, handled and
//     called: information level, misrouting, message and re-call delays,
//     re-calls, power, calling deviations, social participation, and how
//     joint actions are convened (coordination_hours, joint_breakup and its
//     party_coordination);
//   - the department called sets how it answers and is assessed: shirking
//     (its party_coordination), formalism, incentives, tasks it pushes down;
//   - the county sets the county-wide levers (escalation, assessment
//     period, scoring, duty list, lead department, demand feedback).

#include <cstdint>

#include "models/scenario.hpp"

namespace tiaokuai::models::governance {

class LeverScope {
 public:
  explicit LeverScope(const Scenario& scenario) : scenario_(scenario) {}

  const Levers& township(std::uint32_t t) const { return scenario_.townships[t].levers; }
  const Levers& department(std::uint32_t d) const { return scenario_.departments[d].levers; }
  const Levers& county() const { return scenario_.levers; }

 private:
  const Scenario& scenario_;
};

}  // namespace tiaokuai::models::governance
