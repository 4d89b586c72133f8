#include "experiments/sweep_runner.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <thread>

#include "experiments/progress_meter.hpp"
#include "experiments/run_pool.hpp"

namespace tiaokuai::experiments {

SweepOutcome run_sweep_with(const SweepSpec& spec, RunStore& database, const SweepOptions& options,
                            const std::atomic<bool>& stop_requested, const ExecuteRuns& execute) {
  const auto start = std::chrono::steady_clock::now();
  const std::vector<bool> finished = database.finished_runs();
  PendingRuns runs(finished, options.limit, stop_requested);
  SweepOutcome outcome;
  outcome.total = spec.run_count();
  outcome.already_done = static_cast<std::size_t>(std::count(finished.begin(), finished.end(), true));

  ProgressMeter progress(outcome.total, outcome.already_done, stderr);
  // After a failed write the records still arriving are dropped: the
  // store cannot take them, and the failure is what the caller hears of.
  std::exception_ptr failure;
  execute(runs, [&](const std::vector<RunRecord>& batch) {
    if (batch.empty() || failure) return;
    try {
      const auto write_start = std::chrono::steady_clock::now();
      database.record(batch);
      outcome.write_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - write_start).count();
    } catch (...) {
      failure = std::current_exception();
      runs.close();
    }
    for (const RunRecord& record : batch) {
      ++outcome.ran;
      outcome.failed += record.ok ? 0 : 1;
      outcome.run_seconds += record.wall_seconds;
    }
    if (options.progress) progress.update(outcome.ran, outcome.failed);
  });
  if (failure) std::rethrow_exception(failure);
  outcome.interrupted = stop_requested.load() && outcome.ran < runs.size();
  outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (options.progress) progress.finish(outcome.ran, outcome.failed);
  return outcome;
}

SweepOutcome run_sweep(const SweepSpec& spec, RunStore& database, const SweepOptions& options,
                       const std::atomic<bool>& stop_requested) {
  return run_sweep_with(spec, database, options, stop_requested, [&](PendingRuns& runs, const RecordBatch& record) {
    const unsigned jobs = options.jobs > 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
    RunPool pool(spec, static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(runs.size(), 1))),
                 [&runs] { return runs.take(); });
    while (!pool.done()) record(pool.collect());
  });
}

}  // namespace tiaokuai::experiments
