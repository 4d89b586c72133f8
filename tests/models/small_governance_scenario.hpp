#pragma once
// A small county for governance-model tests: two departments, three
// townships, three kinds of issue (one a township may handle, one needing
// both departments, one with unclear responsibility), 200 days. Levers are
// mid-range so that each can move either way; tests override them.

#include <string>
#include <vector>

#include "models/config_node.hpp"
#include "models/scenario_schema.hpp"

inline tiaokuai::models::Scenario small_governance_scenario(const std::vector<std::string>& overrides = {}) {
  static const char* const text = R"(run:
  horizon_days: 200
  warm_up_days: 20
  seed: 7
levers:
  incentive_weight: 0.3
  party_coordination: 0.3
  information_level: 0.3
  social_participation: 0.2
  misrouting: 0.2
  coordination_hours: 24
  recall_delay_hours: 8
departments:
  - {name: urban_management, staff: 3, vertical_load: 0.3}
  - {name: environment, staff: 2, vertical_load: 0.3, stationed_staff: 1}
townships:
  - {name: east, staff: 2, communities: 6}
  - {name: west, staff: 2, communities: 5, travel_minutes: 50}
  - {name: north, staff: 1, communities: 4}
categories:
  - name: street_order
    rate_per_community_per_day: 0.12
    departments: [urban_management]
    township_may_resolve: true
    minor_share: 0.6
    ambiguity: 0.2
  - name: river_pollution
    rate_per_community_per_day: 0.03
    departments: [environment, urban_management]
    urgency: complex
    deadline_hours: 360
    work_hours: 6
    ambiguity: 0.5
  - name: smells
    rate_per_community_per_day: 0.05
    departments: [environment]
    minor_share: 0.3
    ambiguity: 0.6
)";
  tiaokuai::models::ConfigNode root = tiaokuai::models::parse_yaml_text(text, "small-county.yaml");
  for (const std::string& assignment : overrides) tiaokuai::models::apply_override(root, assignment);
  return tiaokuai::models::read_scenario(root);
}
