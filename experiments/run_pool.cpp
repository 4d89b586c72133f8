#include "experiments/run_pool.hpp"

#include <exception>
#include <limits>

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

RunPool::RunPool(const SweepSpec& spec, unsigned threads, Source next_run)
    : spec_(spec), next_run_(std::move(next_run)), alive_(threads) {
  for (unsigned t = 0; t < threads; ++t) {
    threads_.emplace_back([this] {
      while (const std::optional<std::size_t> run = next_run_()) {
        RunRecord record = execute_run(spec_, *run);
        const std::lock_guard lock(mutex_);
        ready_.push_back(std::move(record));
        ready_or_ended_.notify_one();
      }
      const std::lock_guard lock(mutex_);
      --alive_;
      ready_or_ended_.notify_one();
    });
  }
}

RunPool::~RunPool() {
  for (std::thread& thread : threads_) thread.join();
}

std::vector<RunRecord> RunPool::collect(std::optional<std::chrono::microseconds> timeout) {
  std::vector<RunRecord> records;
  std::unique_lock lock(mutex_);
  if (timeout) {
    ready_or_ended_.wait_for(lock, *timeout, [this] { return !ready_.empty(); });
  } else {
    ready_or_ended_.wait(lock, [this] { return !ready_.empty() || alive_ == 0; });
  }
  records.swap(ready_);
  return records;
}

bool RunPool::done() const {
  const std::lock_guard lock(mutex_);
  return alive_ == 0 && ready_.empty();
}

}  // namespace tiaokuai::experiments
