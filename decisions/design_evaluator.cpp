#include "decisions/design_evaluator.hpp"

#include <cmath>
#include <limits>

namespace tiaokuai::decisions {

std::vector<const calibration::CalibrationSpec*> mpi_specs(const OptimiseSpec& spec) { return {&spec.evaluation, &spec.reevaluation}; }

DesignEvaluator::DesignEvaluator(const OptimiseSpec& spec, calibration::CalibrationDatabase& database, unsigned jobs, bool progress,
                                 const std::atomic<bool>& stop_requested)
    : spec_(spec),
      search_(spec.evaluation, database, jobs, progress, stop_requested, 0),
      reevaluate_(spec.reevaluation, database, jobs, progress, stop_requested, 1) {}

std::vector<calibration::Evaluation> pool_draws(const std::vector<calibration::Evaluation>& by_draw, std::size_t draws) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<calibration::Evaluation> pooled;
  for (std::size_t first = 0; first < by_draw.size(); first += draws) {
    const std::size_t measures = by_draw[first].mean.size();
    calibration::Evaluation estimate{std::vector<double>(measures, 0), std::vector<double>(measures, 0)};
    for (std::size_t k = 0; k < measures; ++k) {
      double sum = 0;
      for (std::size_t d = 0; d < draws; ++d) sum += by_draw[first + d].mean[k];
      const double mean = sum / static_cast<double>(draws);
      double squares = 0;
      for (std::size_t d = 0; d < draws; ++d) squares += std::pow(by_draw[first + d].mean[k] - mean, 2);
      const bool defined = std::isfinite(mean);
      estimate.mean[k] = defined ? mean : nan;
      estimate.variance_of_mean[k] = defined ? squares / static_cast<double>(draws - 1) / static_cast<double>(draws) : nan;
    }
    pooled.push_back(std::move(estimate));
  }
  return pooled;
}

std::vector<calibration::Evaluation> DesignEvaluator::operator()(const calibration::BatchKey& key, const calibration::Candidates& designs) {
  const bool reevaluating = key.stage == "reevaluate";
  calibration::ModelEvaluator& evaluate = reevaluating ? reevaluate_ : search_;
  if (spec_.draws.empty()) return evaluate(key, designs);
  // Every design under every draw: the draw's seed and calibrated values,
  // then the decisions (the order of evaluation.parameters).
  const std::vector<std::uint64_t>& seeds = reevaluating ? spec_.reevaluation_draw_seeds : spec_.draw_seeds;
  calibration::Candidates runs;
  for (const std::vector<double>& design : designs) {
    for (std::size_t d = 0; d < spec_.draws.size(); ++d) {
      runs.push_back({static_cast<double>(seeds[d])});
      runs.back().insert(runs.back().end(), spec_.draws[d].begin(), spec_.draws[d].end());
      runs.back().insert(runs.back().end(), design.begin(), design.end());
    }
  }
  return pool_draws(evaluate(key, runs), spec_.draws.size());
}

}  // namespace tiaokuai::decisions
