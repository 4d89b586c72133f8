#pragma once
// The summary of one run, for people (a short text) and for machines (JSON,
// also written as summary.json). docs/outputs.md defines every field.

#include <cstdio>
#include <nlohmann/json.hpp>

#include "models/governance/run_report.hpp"

namespace tiaokuai::models::governance {

nlohmann::ordered_json summary_json(const RunReport& report);

void print_summary(const RunReport& report, std::FILE* out);

}  // namespace tiaokuai::models::governance
