#pragma once
// The W-county study's findings, tested on the results of
// scenarios/sweeps/reproduce.yaml (docs/reproduce.md explains each row).
// Every row is a paired comparison over replications (common random
// numbers) with a 95 % interval; a finding is supported when the interval
// lies wholly on the side the study claims.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/sweep_results.hpp"

namespace tiaokuai::analysis {

struct Finding {
  std::string id;           // "1a", "3c", ...
  std::string claim;
  std::string metric;       // what tests it, with its unit
  std::string comparison;   // e.g. "status_quo - pre_reform"
  double effect = 0, low = 0, high = 0;
  bool supported = false;
  int rank = 0;             // finding 3: rank of the lever by effect size (1 = largest); else 0
  std::string explanation;  // how to read the row
};

// The design points (variants) the findings compare, by label.
const std::vector<std::string>& study_variants();

// Throws std::invalid_argument if a variant the findings need is missing.
std::vector<Finding> study_findings(const SweepResults& results);

void print_findings(const std::vector<Finding>& findings, std::FILE* out);
nlohmann::ordered_json findings_json(const std::vector<Finding>& findings);
std::string findings_html(const std::vector<Finding>& findings);

}  // namespace tiaokuai::analysis
