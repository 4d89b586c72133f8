#pragma once
// Executes a sweep's pending runs on threads of this process, writing each
// batch of finished runs to a RunStore (the results database). A stop request (Ctrl-C)
// lets the runs in flight finish and be written, then returns; running the
// same sweep again resumes from the database.

#include <atomic>
#include <cstddef>
#include <vector>

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

// One run of the sweep, start to finish, as any worker executes it. A run
// that throws comes back as a failed record with the message.
RunRecord execute_run(const SweepSpec& spec, std::size_t run);

// The runs not yet finished, in run order, at most `limit` (0: all).
std::vector<std::size_t> pending_runs(const std::vector<bool>& finished, std::size_t limit);

SweepOutcome run_sweep(const SweepSpec& spec, RunStore& database, const SweepOptions& options,
                       const std::atomic<bool>& stop_requested);

}  // namespace tiaokuai::experiments
