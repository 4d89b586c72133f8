#pragma once
// A run's summary as flat (name, value) metrics for the results database:
// every number of summary_json (docs/outputs.md), named by its path, with
// per-entity breakdowns named by entity: "rates.shirking",
// "departments.water.mean_response_hours". Inputs that the sweep already
// records (seed, horizon) are left out.

#include <string>
#include <vector>

#include "models/governance/run_report.hpp"

namespace tiaokuai::experiments {

struct Metric {
  std::string name;
  double value;  // NaN when undefined (e.g. a latency with no observations)
};

std::vector<Metric> run_metrics(const models::governance::RunReport& report);

}  // namespace tiaokuai::experiments
