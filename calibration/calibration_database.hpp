#pragma once
// A calibration in one SQLite file (docs/calibration.md gives the schema):
// the targets, the parameters and every evaluated batch of candidates, and,
// once the calibration has finished, its posterior, its rounds
// (generations or waves) and the posterior predictive check.
//
// Resuming: each evaluated batch is one transaction. The algorithms are
// deterministic, so `tiaokuai calibrate` replays them from the start and
// takes every batch the file holds instead of simulating it again; a kill
// at any point loses at most the batch in flight, and the answer equals an
// uninterrupted run's. A file of another calibration (another fingerprint
// or method) is refused, and so is a file another process has open.
// `status` is 'running' until the results are written, in the same
// transaction that sets it to 'complete'; a sweep's `design: posterior`
// reads only complete files.
//
// `tiaokuai optimise` keeps its evaluations in a file of this format too
// (method nsga2, its spec's fingerprint): its refusals name an
// optimisation, so that a calibration's file given to optimise, an
// optimisation's given to calibrate, or an optimisation of another spec is
// refused for what it holds.

#include <sqlite3.h>

#include <optional>
#include <string>
#include <vector>

#include "calibration/problem.hpp"
#include "calibration/targets_file.hpp"
#include "experiments/posterior_design.hpp"

namespace tiaokuai::calibration {

// What a batch cost to simulate, kept with it for the benchmark and outputs.
struct BatchCost {
  std::size_t runs = 0, failed_runs = 0;
  std::uint64_t events = 0;
  double run_seconds = 0;
};

// A generation or wave as the database and the outputs keep it.
struct RoundRecord {
  std::string stage;  // abc, rejection, hm
  std::size_t round = 0;
  double tolerance = 0;              // ABC; NaN for history matching
  std::size_t evaluated = 0, accepted = 0;
  double ess = 0;                    // ABC; NaN for history matching
  double non_implausible_share = 0;  // history matching; NaN for ABC
  std::size_t evaluations_so_far = 0;
};

struct WeightedSample {
  std::vector<std::vector<double>> values;  // [particle][parameter], natural scale
  std::vector<double> weights;              // sum to 1
  std::vector<double> distances;
};

class CalibrationDatabase {
 public:
  // Creates the file (whole or not at all), or opens it to resume.
  CalibrationDatabase(const std::string& path, const CalibrationSpec& spec, const std::string& method);
  ~CalibrationDatabase();
  CalibrationDatabase(const CalibrationDatabase&) = delete;
  CalibrationDatabase& operator=(const CalibrationDatabase&) = delete;

  // The stored evaluations of a batch, if the file holds it whole. Throws if
  // the stored candidates differ from `candidates` (a replay that diverged:
  // the file was written by another build).
  std::optional<std::vector<Evaluation>> stored_batch(const BatchKey& key, const Candidates& candidates) const;
  void store_batch(const BatchKey& key, const Candidates& candidates, const std::vector<Evaluation>& evaluations,
                   const BatchCost& cost);
  // Totals over every stored batch.
  BatchCost stored_cost() const;

  // The results, in one transaction that also marks the calibration complete.
  void store_results(const std::vector<RoundRecord>& rounds, const WeightedSample& posterior,
                     const std::vector<std::vector<double>>& predictive);

  const std::string& path() const { return path_; }

 private:
  void execute(const std::string& sql) const;
  std::string path_;
  sqlite3* db_ = nullptr;
};

}  // namespace tiaokuai::calibration
