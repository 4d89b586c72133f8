#pragma once
// The report of `tiaokuai calibrate` (docs/calibration.md): report.html, one
// self-contained page (inline SVG, no scripts, nothing fetched) with the
// figures of calibration_figures.hpp, the parameters' summaries and the
// predictive check as tables; and each figure again under figures/ as a
// standalone SVG beside the CSV of what it draws. Nothing in it depends on
// the machine, the time or the number of threads, so a replayed or
// parallel calibration writes the same bytes.

#include <string>
#include <vector>

#include "analysis/report_files.hpp"
#include "calibration/calibration_run.hpp"
#include "calibration/predictive_check.hpp"
#include "calibration/targets_file.hpp"

namespace tiaokuai::calibration {

// report.html first, then each figure's SVG and CSV. Throws
// std::runtime_error if gnuplot is missing or fails.
std::vector<analysis::ReportFile> calibration_report(const CalibrationSpec& spec, const CalibrationResult& result,
                                           const std::vector<TargetCheck>& checks);

}  // namespace tiaokuai::calibration
