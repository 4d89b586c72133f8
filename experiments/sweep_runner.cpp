#include "experiments/sweep_runner.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <mutex>
#include <thread>

#include "experiments/progress_meter.hpp"
#include "models/governance/governance_model.hpp"

namespace tiaokuai::experiments {

RunRecord execute_run(const SweepSpec& spec, std::size_t run) {
  RunRecord record;
  record.run = run;
  const auto start = std::chrono::steady_clock::now();
  try {
    const models::Scenario& scenario = spec.scenarios[spec.point_of(run)];
    models::governance::GovernanceModel model(scenario, static_cast<std::uint64_t>(spec.replication_of(run)));
    const models::governance::RunReport report = model.run();
    record.events = report.events;
    record.metrics = run_metrics(report);
    for (std::uint32_t t = 0; t < report.townships.size(); ++t) {
      for (std::uint32_t d = 0; d < report.departments.size(); ++d) {
        const models::governance::CallCell& cell = report.call(t, d);
        if (cell.calls == 0) continue;
        const double mean = cell.reports > 0 ? cell.response_hours_sum / static_cast<double>(cell.reports)
                                             : std::numeric_limits<double>::quiet_NaN();
        record.calls.push_back({t, d, cell.calls, cell.reports, cell.refusals, mean});
      }
    }
  } catch (const std::exception& error) {
    record.ok = false;
    record.message = error.what();
    record.metrics.clear();
    record.calls.clear();
  }
  record.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return record;
}

std::vector<std::size_t> pending_runs(const std::vector<bool>& finished, std::size_t limit) {
  std::vector<std::size_t> pending;
  for (std::size_t run = 0; run < finished.size(); ++run) {
    if (!finished[run]) pending.push_back(run);
    if (limit > 0 && pending.size() == limit) break;
  }
  return pending;
}

SweepOutcome run_sweep(const SweepSpec& spec, RunStore& database, const SweepOptions& options,
                       const std::atomic<bool>& stop_requested) {
  const auto start = std::chrono::steady_clock::now();
  const std::vector<bool> finished = database.finished_runs();
  const std::vector<std::size_t> pending = pending_runs(finished, options.limit);
  SweepOutcome outcome;
  outcome.total = spec.run_count();
  outcome.already_done = outcome.total - pending_runs(finished, 0).size();

  unsigned jobs = options.jobs > 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(pending.size(), 1)));

  std::mutex mutex;
  std::condition_variable ready_or_done;
  std::vector<RunRecord> ready;
  unsigned alive = jobs;
  std::atomic<std::size_t> next{0};
  std::atomic<bool> abort{false};  // the writer failed: stop taking runs

  std::vector<std::thread> workers;
  for (unsigned j = 0; j < jobs; ++j) {
    workers.emplace_back([&] {
      while (!stop_requested.load() && !abort.load()) {
        const std::size_t index = next.fetch_add(1);
        if (index >= pending.size()) break;
        RunRecord record = execute_run(spec, pending[index]);
        const std::lock_guard lock(mutex);
        ready.push_back(std::move(record));
        ready_or_done.notify_one();
      }
      const std::lock_guard lock(mutex);
      --alive;
      ready_or_done.notify_one();
    });
  }

  ProgressMeter progress(outcome.total, outcome.already_done, stderr);
  std::exception_ptr failure;
  std::vector<RunRecord> batch;
  while (true) {
    bool last = false;
    {
      std::unique_lock lock(mutex);
      ready_or_done.wait(lock, [&] { return !ready.empty() || alive == 0; });
      batch.swap(ready);
      last = alive == 0;
    }
    if (!batch.empty() && !failure) {
      try {
        const auto write_start = std::chrono::steady_clock::now();
        database.record(batch);
        outcome.write_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - write_start).count();
      } catch (...) {
        failure = std::current_exception();
        abort.store(true);
      }
      for (const RunRecord& record : batch) {
        ++outcome.ran;
        outcome.failed += record.ok ? 0 : 1;
        outcome.run_seconds += record.wall_seconds;
      }
      if (options.progress) progress.update(outcome.ran, outcome.failed);
    }
    batch.clear();
    if (last) {
      const std::lock_guard lock(mutex);
      if (ready.empty()) break;
    }
  }
  for (std::thread& worker : workers) worker.join();
  if (failure) std::rethrow_exception(failure);
  outcome.interrupted = stop_requested.load() && outcome.ran < pending.size();
  outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (options.progress) progress.finish(outcome.ran, outcome.failed);
  return outcome;
}

}  // namespace tiaokuai::experiments
