#pragma once
// A sweep spread over MPI ranks (`mpirun -np K tiaokuai sweep ...`). Rank 0
// owns the results database and hands out runs one at a time to whichever
// rank asks (dynamic load balancing); ranks 1..K-1 run them and send the
// records back. The database ends up identical to a single-process sweep of
// the same file, because a run's results depend only on its run index.
//
// Without MPI support compiled in, mpi_world_size() is 1, unless the process
// was started by mpirun with several ranks, which is refused with a message
// (every rank would otherwise run the whole sweep).

#include <cstddef>
#include <string>

#include "experiments/run_store.hpp"
#include "experiments/sweep_spec.hpp"

namespace tiaokuai::experiments {

// Ranks in the job; initialises MPI on first use when started by mpirun.
int mpi_world_size();

// This process's rank (0 without MPI).
int mpi_rank();

// Runs the sweep over the ranks; returns the process exit code (0, or 3 if
// some runs failed). Every rank must call it.
int run_sweep_mpi(const SweepSpec& spec, const std::string& database_path, std::size_t limit, bool quiet);

// The runs of `spec` over the ranks, recorded in `store` on rank 0 (the
// other ranks pass nullptr and get an empty outcome). Every rank must call
// it with the same spec: a calibration's batches go through here.
struct MpiOutcome {
  std::size_t already_done = 0, ran = 0, failed = 0;
};
MpiOutcome run_runs_mpi(const SweepSpec& spec, RunStore* store, std::size_t limit, bool quiet);

// Rank 0's `values` reach every rank (a collective: every rank must call it).
void mpi_broadcast(std::vector<double>& values);

}  // namespace tiaokuai::experiments
