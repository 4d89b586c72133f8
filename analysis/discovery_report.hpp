#pragma once
// The "Scenario discovery" section of `analyze --report` (docs/analysis.md):
// PRIM's peeling trajectory (coverage against density, the chosen box
// marked) and the chosen box (each restricted input as a bar of its limits
// on its range), drawn by gnuplot, with the box's table; each figure also
// as figures/NAME.svg beside its CSV.

#include <nlohmann/json.hpp>
#include <string>

#include "analysis/report.hpp"

namespace tiaokuai::analysis {

// The section for a discovery of scenario_discovery.hpp: its HTML, the
// figures inline, and the figures themselves (discovery_trajectory,
// discovery_box) for figures/. Throws std::runtime_error if gnuplot is
// missing or fails.
ReportSection discovery_section(const nlohmann::ordered_json& discovery);

// DIR/index.html holding only that section, and DIR/figures/: the report of a discovery in a
// calibration database, which has no sweep analysis to go with it.
void write_discovery_report(const nlohmann::ordered_json& discovery, const std::string& directory);

}  // namespace tiaokuai::analysis
