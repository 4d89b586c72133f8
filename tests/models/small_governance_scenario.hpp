#pragma once
// The small county of tests/data/small-county.yaml, with overrides, and the
// helpers the model tests share: one run of it, and a paired effect over
// replications (common random numbers).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "models/governance/governance_model.hpp"
#include "models/scenario_schema.hpp"
#include "sim/confidence_interval.hpp"

using Overrides = std::vector<std::string>;

// `base` with more overrides after it (later ones win).
inline Overrides with(Overrides base, const Overrides& more) {
  base.insert(base.end(), more.begin(), more.end());
  return base;
}

inline tiaokuai::models::Scenario small_governance_scenario(const Overrides& overrides = {}) {
  return tiaokuai::models::load_scenario(std::string(TIAOKUAI_TEST_DATA_DIR) + "/small-county.yaml", overrides);
}

inline tiaokuai::models::governance::RunReport run_small_county(const Overrides& overrides, std::uint64_t run_index = 0,
                                                                tiaokuai::models::governance::RunObserver* observer = nullptr) {
  const tiaokuai::models::Scenario scenario = small_governance_scenario(overrides);
  tiaokuai::models::governance::GovernanceModel model(scenario, run_index, observer);
  return model.run();
}

// Mean paired difference (treatment - base) of `metric` over replications,
// with its 99 % interval.
inline tiaokuai::sim::ConfidenceInterval paired_effect(
    const Overrides& base, const Overrides& treatment,
    const std::function<double(const tiaokuai::models::governance::RunReport&)>& metric, int replications = 8) {
  tiaokuai::sim::RunningStats differences;
  for (int r = 0; r < replications; ++r) {
    const auto replication = static_cast<std::uint64_t>(r);
    differences.add(metric(run_small_county(treatment, replication)) - metric(run_small_county(base, replication)));
  }
  return tiaokuai::sim::student_t_interval(differences, 0.99);
}

inline double phase(const tiaokuai::models::governance::RunReport& r, tiaokuai::models::governance::Phase p) {
  return r.mean_phase_hours[static_cast<std::size_t>(p)];
}
