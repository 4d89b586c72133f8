// libFuzzer target: any bytes as a scenario file. Loading must either give a
// scenario or a ConfigError, never crash; a scenario that loads is also run
// briefly under tight budgets, so odd but valid values reach the model.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "models/config_node.hpp"
#include "models/governance/governance_model.hpp"
#include "models/scenario_schema.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  tiaokuai::models::Scenario scenario;
  try {
    scenario = tiaokuai::models::read_scenario(tiaokuai::models::parse_yaml_text(text, "fuzz.yaml"));
  } catch (const tiaokuai::models::ConfigError&) {
    return 0;  // a clear refusal is the right answer to bad input
  }
  scenario.run.horizon_days = std::min(scenario.run.horizon_days, 3.0);
  scenario.run.warm_up_days = std::min(scenario.run.warm_up_days, 1.0);
  scenario.run.max_events = 20000;
  scenario.run.max_open_issues = 2000;
  try {
    tiaokuai::models::governance::GovernanceModel model(scenario);
    model.run();
  } catch (const std::runtime_error&) {
    // a budget reached: the documented stop
  }
  return 0;
}
