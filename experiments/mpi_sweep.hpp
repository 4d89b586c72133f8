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

#include "experiments/sweep_spec.hpp"

namespace tiaokuai::experiments {

// Ranks in the job; initialises MPI on first use when started by mpirun.
int mpi_world_size();

// Runs the sweep over the ranks; returns the process exit code (0, or 3 if
// some runs failed). Every rank must call it.
int run_sweep_mpi(const SweepSpec& spec, const std::string& database_path, std::size_t limit, bool quiet);

}  // namespace tiaokuai::experiments
