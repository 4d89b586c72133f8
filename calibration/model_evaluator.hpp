#pragma once
// The Evaluator (problem.hpp) that runs the governance model: each candidate
// is the targets file's base with the candidate's parameter values, run for
// every replication r with the streams of (master seed, r), so all
// candidates share common random numbers and their differences are not
// replication noise. A batch runs on the sweep thread pool (run_sweep) and
// is stored in the calibration database in one transaction. Under mpirun
// rank 0 broadcasts each batch and hands its runs out to its own threads
// and the other ranks', which serve batches until released; `jobs` is then
// threads per rank. A batch the database already holds is returned without
// simulating it (resuming).

#include <atomic>
#include <cstddef>
#include <stdexcept>
#include <vector>

#include "calibration/calibration_database.hpp"
#include "calibration/problem.hpp"
#include "calibration/targets_file.hpp"
#include "experiments/run_metrics.hpp"
#include "experiments/sweep_spec.hpp"

namespace tiaokuai::calibration {

// Thrown when a stop was requested (Ctrl-C) while a batch ran; the batch is
// not stored, and running the same command again resumes.
struct CalibrationInterrupted : std::runtime_error {
  CalibrationInterrupted() : std::runtime_error("interrupted") {}
};

class ModelEvaluator {
 public:
  // mpi_spec_index: where `spec` is in the list the other ranks serve
  // (serve_batches_over_mpi).
  ModelEvaluator(const CalibrationSpec& spec, CalibrationDatabase& database, unsigned jobs, bool progress,
                 const std::atomic<bool>& stop_requested, std::size_t mpi_spec_index = 0);

  std::vector<Evaluation> operator()(const BatchKey& key, const Candidates& candidates);

  // Runs simulated by this invocation, and batches taken from the database.
  std::size_t runs_simulated() const { return runs_simulated_; }
  std::size_t batches_replayed() const { return batches_replayed_; }

 private:
  const CalibrationSpec& spec_;
  CalibrationDatabase& database_;
  unsigned jobs_;
  bool progress_;
  const std::atomic<bool>& stop_requested_;
  std::size_t mpi_spec_index_;
  std::size_t runs_simulated_ = 0, batches_replayed_ = 0;
};

// A batch of candidates as an in-memory sweep: one point per candidate the
// scenario accepts; point_of_candidate[c] is its point, or the number of
// candidates if the scenario refuses it (a failed candidate, not an error).
struct BatchSweep {
  experiments::SweepSpec sweep;
  std::vector<std::size_t> point_of_candidate;
};
BatchSweep batch_sweep(const CalibrationSpec& spec, const Candidates& candidates);

// Ranks 1..K-1 under mpirun: run the batches rank 0 broadcasts, on `jobs`
// threads (0: 1), until release_mpi_workers() (rank 0, once, on every way
// out). A batch names the spec that runs it by its index in `specs`
// (ModelEvaluator's mpi_spec_index): an optimisation re-evaluates with more
// replications.
void serve_batches_over_mpi(const std::vector<const CalibrationSpec*>& specs, unsigned jobs);
void release_mpi_workers();
// Rank 0's guard under mpirun: releases the other ranks on every way out of
// a command, an error included.
struct ReleaseMpiWorkers {
  bool active;
  ~ReleaseMpiWorkers() {
    if (active) release_mpi_workers();
  }
};

// The evaluation of one candidate from its runs' metrics: per target the
// mean over the runs and the variance of that mean. NaN if any run failed
// or lacks the metric.
Evaluation summarise_runs(const std::vector<Target>& targets, const std::vector<const std::vector<experiments::Metric>*>& runs);

}  // namespace tiaokuai::calibration
