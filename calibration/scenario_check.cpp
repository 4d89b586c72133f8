#include "calibration/scenario_check.hpp"

#include <cmath>

#include "calibration/model_evaluator.hpp"
#include "calibration/number_text.hpp"
#include "experiments/run_store.hpp"
#include "experiments/sweep_runner.hpp"
#include "models/config_node.hpp"
#include "models/scenario_schema.hpp"

namespace tiaokuai::calibration {
namespace {


}  // namespace

std::vector<TargetMatch> check_scenario(const CalibrationSpec& spec, const std::string& scenario_path, int replications, unsigned jobs,
                                        bool progress, const std::atomic<bool>& stop_requested) {
  // The scenario in place of the targets file's base, with the file's
  // fixed settings and seed, and nothing to fit: one candidate, no values.
  CalibrationSpec check = spec;
  check.base = models::load_with_extends(scenario_path);
  for (const std::string& fixed : spec.fixed) models::apply_override(check.base, fixed);
  models::apply_override(check.base, "run.seed=" + std::to_string(spec.master_seed));
  check.base_path = scenario_path;
  check.parameters.clear();
  check.replications = replications;
  models::read_scenario(check.base);  // refuses an invalid scenario, naming its file and key

  const BatchSweep batch = batch_sweep(check, Candidates{{}});
  experiments::MemoryRunStore store(batch.sweep.run_count());
  const experiments::SweepOutcome outcome = experiments::run_sweep(batch.sweep, store, {jobs, 0, progress}, stop_requested);
  if (outcome.interrupted) throw CalibrationInterrupted();
  std::vector<const std::vector<experiments::Metric>*> runs(batch.sweep.run_count(), nullptr);
  for (const experiments::RunRecord& record : store.records()) {
    if (record.ok) runs[record.run] = &record.metrics;
  }
  const Evaluation evaluation = summarise_runs(spec.targets, runs);
  std::vector<TargetMatch> matches;
  for (std::size_t k = 0; k < spec.targets.size(); ++k) {
    TargetMatch match;
    match.target = spec.targets[k];
    match.simulated_mean = evaluation.mean[k];
    match.simulated_half_width = interval_95(evaluation, k, static_cast<std::size_t>(replications - 1)).half_width;
    // A declared model discrepancy widens each side of the stated
    // interval as it widens the observation's sd in the fit.
    const double discrepancy = z_95 * spec.discrepancy_sd[k];
    match.target.low = match.target.observed - std::hypot(match.target.observed - match.target.low, discrepancy);
    match.target.high = match.target.observed + std::hypot(match.target.high - match.target.observed, discrepancy);
    match.widened = discrepancy > 0;
    match.inside = match.simulated_mean >= match.target.low && match.simulated_mean <= match.target.high;
    matches.push_back(match);
  }
  return matches;
}

std::string scenario_check_text(const std::string& scenario_path, int replications, const std::vector<TargetMatch>& matches) {
  std::size_t inside = 0;
  for (const TargetMatch& match : matches) inside += match.inside ? 1 : 0;
  std::string text = scenario_path + " against the targets, mean of " + std::to_string(replications) +
                     " replications: " + std::to_string(inside) + " of " + std::to_string(matches.size()) +
                     " inside the stated 95 % interval\n\n";
  char line[512];
  std::snprintf(line, sizeof line, "%-44s %-9s %9s  %-21s %9s  %-9s  %s\n", "target", "source", "observed", "stated 95 % interval",
                "simulated", "+/-", "");
  text += line;
  for (const TargetMatch& match : matches) {
    const std::string interval = interval_text(match.target.low, match.target.high, 3);
    std::snprintf(line, sizeof line, "%-44s %-9s %9s  %-21s %9s  %-9s  %s\n", match.target.metric.c_str(), match.target.source.c_str(),
                  rounded(match.target.observed, 3).c_str(), interval.c_str(), rounded(match.simulated_mean, 3).c_str(),
                  rounded(match.simulated_half_width, 3).c_str(), (std::string(match.inside ? "inside" : "OUTSIDE") + (match.widened ? " (interval widened by the declared discrepancy)" : "")).c_str());
    text += line;
  }
  return text;
}

}  // namespace tiaokuai::calibration
