#pragma once
// The search's evaluator for the governance model (noisy_nsga2.hpp):
// each design's decisions run through the calibration's model evaluator
// (threads or MPI, every batch stored in the database for resuming). The
// search batches and the re-evaluation run on separate specs: the
// re-evaluation has more replications on fresh streams.
//
// Robust design: with a posterior, each design runs once under every draw
// (the draw's calibrated values, then the decisions) and its estimate per
// measure is the mean over the draws of the draw's mean, with the variance
// of that mean estimated from the spread of the draws' means (their sample
// variance / draws): the expectation over parameter uncertainty, and how
// well the draws pin it down.

#include <atomic>
#include <cstddef>

#include "calibration/calibration_database.hpp"
#include "calibration/model_evaluator.hpp"
#include "decisions/optimise_spec.hpp"

namespace tiaokuai::decisions {

class DesignEvaluator {
 public:
  DesignEvaluator(const OptimiseSpec& spec, calibration::CalibrationDatabase& database, unsigned jobs, bool progress,
                  const std::atomic<bool>& stop_requested);

  std::vector<calibration::Evaluation> operator()(const calibration::BatchKey& key, const calibration::Candidates& designs);

  std::size_t runs_simulated() const { return search_.runs_simulated() + reevaluate_.runs_simulated(); }
  std::size_t batches_replayed() const { return search_.batches_replayed() + reevaluate_.batches_replayed(); }

 private:
  const OptimiseSpec& spec_;
  calibration::ModelEvaluator search_, reevaluate_;
};

// The specs the other MPI ranks serve, in the order DesignEvaluator names
// them: the search's, then the re-evaluation's.
std::vector<const calibration::CalibrationSpec*> mpi_specs(const OptimiseSpec& spec);

// One estimate per design from the evaluations of designs x draws (the
// draw varying fastest): see the header comment. NaN where any draw's is.
std::vector<calibration::Evaluation> pool_draws(const std::vector<calibration::Evaluation>& by_draw, std::size_t draws);

}  // namespace tiaokuai::decisions
