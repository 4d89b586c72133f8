#pragma once
// The runs a sweep still has to do, handed out one at a time, in run order,
// to whichever worker asks first: a thread of this process or, under
// mpirun, a thread of another rank. Handing out stops when a stop is
// requested (Ctrl-C: the runs in flight finish and are written) or when the
// sweep closes it (its results can no longer be written).

#include <atomic>
#include <cstddef>
#include <optional>
#include <vector>

namespace tiaokuai::experiments {

class PendingRuns {
 public:
  // The runs not in `finished` (finished[run] is true for a recorded run),
  // at most `limit` of them (0: all).
  PendingRuns(const std::vector<bool>& finished, std::size_t limit, const std::atomic<bool>& stop_requested);

  // The next run, or nothing once all are handed out, a stop was requested
  // or the runs were closed. Safe to call from any thread.
  std::optional<std::size_t> take();
  void close() { closed_.store(true); }

  // How many runs were pending at the start.
  std::size_t size() const { return runs_.size(); }

 private:
  std::vector<std::size_t> runs_;
  std::atomic<std::size_t> next_{0};
  std::atomic<bool> closed_{false};
  const std::atomic<bool>& stop_requested_;
};

}  // namespace tiaokuai::experiments
