#pragma once
// The small county of tests/data/small-county.yaml, with overrides.

#include <string>
#include <vector>

#include "models/scenario_schema.hpp"

inline tiaokuai::models::Scenario small_governance_scenario(const std::vector<std::string>& overrides = {}) {
  return tiaokuai::models::load_scenario(std::string(TIAOKUAI_TEST_DATA_DIR) + "/small-county.yaml", overrides);
}
