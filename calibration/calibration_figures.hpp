#pragma once
// The figures of a calibration's report (report.html, docs/calibration.md):
// the marginal posteriors over their priors, the pairs of parameters, the
// course of the generations or waves, and the posterior predictive check.
// Each is drawn by gnuplot as a complete SVG, with the numbers it draws as
// CSV, a title and a caption that says what to look for.

#include <string>
#include <vector>

#include "analysis/figure.hpp"
#include "calibration/calibration_run.hpp"
#include "calibration/predictive_check.hpp"
#include "calibration/targets_file.hpp"

namespace tiaokuai::calibration {

// At most this many parameters go into the pairs figure: the ones the
// targets narrowed most (largest width ratio), so the panels stay legible.
inline constexpr std::size_t most_paired_parameters = 6;

// Each throws std::runtime_error if gnuplot is missing or fails.

// One panel per parameter: the weighted histogram of the population over
// the prior's range, the prior's density, the 90 % credible interval.
analysis::Figure marginals_figure(const CalibrationSpec& spec, const CalibrationResult& result);
// A matrix of scatter plots of the population, one per pair of parameters,
// each point sized by its weight. Needs two parameters or more.
analysis::Figure pairs_figure(const CalibrationSpec& spec, const CalibrationResult& result);
// ABC's tolerance and ESS per generation, history matching's non-implausible
// share per wave (log scale; shares of 0 are left out); both panels for
// history-matching+abc-smc.
analysis::Figure rounds_figure(const CalibrationResult& result);
// Per target, on its own standardised axis, the simulated values at the
// posterior draws against the observation and its ±2 sd band.
analysis::Figure predictive_figure(const CalibrationResult& result, const std::vector<TargetCheck>& checks);

}  // namespace tiaokuai::calibration
