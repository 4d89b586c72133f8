#pragma once
// A sweep spread over MPI ranks (`mpirun -np K tiaokuai sweep ...`). Every
// rank runs simulations on `--jobs` threads (default 1, for one rank per
// core). Rank 0 also owns the results database: its main thread hands the
// pending runs out, one at a time, to whichever thread asks first, its own
// or another rank's (dynamic load balancing), and writes the records that
// come back. The database ends up identical to a single-process sweep of
// the same file, because a run's results depend only on its run index. A
// stop request on rank 0 (Ctrl-C, SIGTERM) stops the handing out; the runs
// in flight on every rank finish and are written.
//
// Without MPI support compiled in, mpi_world_size() is 1, unless the process
// was started by mpirun with several ranks, which is refused with a message
// (every rank would otherwise run the whole sweep).

#include <atomic>
#include <cstddef>
#include <string>
#include <vector>

#include "experiments/run_store.hpp"
#include "experiments/sweep_runner.hpp"
#include "experiments/sweep_spec.hpp"

namespace tiaokuai::experiments {

// Ranks in the job; initialises MPI on first use when started by mpirun.
int mpi_world_size();

// This process's rank (0 without MPI).
int mpi_rank();

// A sweep over the ranks, as rank 0 saw it: runs_per_rank[r] is how many
// runs rank r ran in this invocation (other ranks get an empty outcome).
struct MpiOutcome : SweepOutcome {
  std::vector<std::size_t> runs_per_rank;
};

// Runs the sweep over the ranks into the results database at
// `database_path`. Every rank must call it; options.jobs is threads per
// rank (0: 1). Throws on rank 0 if the database is refused, after
// releasing the other ranks.
MpiOutcome run_sweep_mpi(const SweepSpec& spec, const std::string& database_path, const SweepOptions& options,
                         const std::atomic<bool>& stop_requested);

// The runs of `spec` over the ranks, recorded in `store` on rank 0 (the
// other ranks pass nullptr). Every rank must call it with the same spec: a
// calibration's batches go through here. Only rank 0's stop request counts.
MpiOutcome run_runs_mpi(const SweepSpec& spec, RunStore* store, const SweepOptions& options,
                        const std::atomic<bool>& stop_requested);

// Rank 0's `values` reach every rank (a collective: every rank must call it).
void mpi_broadcast(std::vector<double>& values);

}  // namespace tiaokuai::experiments
