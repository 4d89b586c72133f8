#pragma once
// Executes a sweep's pending runs on threads of this process, writing each
// batch of finished runs to a RunStore (the results database). A stop request (Ctrl-C)
// lets the runs in flight finish and be written, then returns; running the
// same sweep again resumes from the database.

#include <atomic>
#include <cstddef>
#include <functional>
#include <vector>

#include "experiments/pending_runs.hpp"
#include "experiments/run_store.hpp"
#include "experiments/sweep_spec.hpp"

namespace tiaokuai::experiments {

struct SweepOptions {
  unsigned jobs = 0;       // threads; 0 = all cores
  std::size_t limit = 0;   // run at most this many pending runs now; 0 = all
  bool progress = true;    // the progress meter on stderr
};

struct SweepOutcome {
  std::size_t total = 0, already_done = 0, ran = 0, failed = 0;
  bool interrupted = false;
  double seconds = 0;      // wall time of this invocation
  double run_seconds = 0;  // summed wall time of the runs themselves
  double write_seconds = 0;  // time spent writing results to the database
};

SweepOutcome run_sweep(const SweepSpec& spec, RunStore& database, const SweepOptions& options,
                       const std::atomic<bool>& stop_requested);

// What run_sweep does around the simulations, for other ways of running
// them (MPI ranks): finds the pending runs, writes the records, keeps the
// progress meter and the outcome. `execute` runs what `runs` hands out and
// passes each batch of finished runs to `record`, on the calling thread;
// once the results cannot be written, `runs` hands out no more.
using RecordBatch = std::function<void(const std::vector<RunRecord>&)>;
using ExecuteRuns = std::function<void(PendingRuns& runs, const RecordBatch& record)>;
SweepOutcome run_sweep_with(const SweepSpec& spec, RunStore& database, const SweepOptions& options,
                            const std::atomic<bool>& stop_requested, const ExecuteRuns& execute);

}  // namespace tiaokuai::experiments
