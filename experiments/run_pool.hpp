#pragma once
// Simulations on threads of this process. Each thread takes a run from its
// source, runs it and leaves the record; the thread that owns the pool
// collects the records and writes or sends them, so the database and MPI
// are only ever used from that one thread.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "experiments/run_store.hpp"
#include "experiments/sweep_spec.hpp"

namespace tiaokuai::experiments {

// One run of the sweep, start to finish, as any worker executes it. A run
// that throws comes back as a failed record with the message.
RunRecord execute_run(const SweepSpec& spec, std::size_t run);

class RunPool {
 public:
  // A thread's next run; nothing ends that thread. Called from the pool's
  // threads, so it must be safe to call from several at once.
  using Source = std::function<std::optional<std::size_t>()>;

  RunPool(const SweepSpec& spec, unsigned threads, Source next_run);
  // Waits for the threads, which end when their source has no more runs.
  ~RunPool();
  RunPool(const RunPool&) = delete;
  RunPool& operator=(const RunPool&) = delete;

  // The records finished since the last call. Waits for at least one: for
  // at most `timeout`, or without one until every thread has ended.
  std::vector<RunRecord> collect(std::optional<std::chrono::microseconds> timeout = std::nullopt);

  // Every thread has ended and every record has been collected.
  bool done() const;

 private:
  const SweepSpec& spec_;
  Source next_run_;
  mutable std::mutex mutex_;
  std::condition_variable ready_or_ended_;
  std::vector<RunRecord> ready_;
  unsigned alive_;
  std::vector<std::thread> threads_;
};

}  // namespace tiaokuai::experiments
