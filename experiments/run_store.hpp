#pragma once
// Where a sweep's finished runs go: the results database (results_database.hpp),
// or memory for the batches of a calibration, whose store keeps only what
// the calibration needs (calibration/calibration_database.hpp).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "experiments/run_metrics.hpp"

namespace tiaokuai::experiments {

struct CallNetworkRow {
  std::uint32_t township, department;
  std::uint64_t calls, reports, refusals;
  double mean_response_hours;  // NaN without reports
};

// One finished run, as a worker (thread or MPI rank) reports it.
struct RunRecord {
  std::size_t run = 0;
  bool ok = true;
  std::string message;        // why it failed
  double wall_seconds = 0;
  std::uint64_t events = 0;
  std::vector<Metric> metrics;
  std::vector<CallNetworkRow> calls;
};

class RunStore {
 public:
  virtual ~RunStore() = default;
  // finished[run] is true for runs already recorded (failed ones included).
  virtual std::vector<bool> finished_runs() const = 0;
  // Keeps the records of a batch of finished runs.
  virtual void record(const std::vector<RunRecord>& records) = 0;
};

// Keeps every record in memory, in the order they arrive.
class MemoryRunStore : public RunStore {
 public:
  explicit MemoryRunStore(std::size_t runs) : finished_(runs, false) {}
  std::vector<bool> finished_runs() const override { return finished_; }
  void record(const std::vector<RunRecord>& records) override {
    for (const RunRecord& record : records) {
      finished_.at(record.run) = true;
      records_.push_back(record);
    }
  }
  const std::vector<RunRecord>& records() const { return records_; }

 private:
  std::vector<bool> finished_;
  std::vector<RunRecord> records_;
};

}  // namespace tiaokuai::experiments
