#include "experiments/pending_runs.hpp"

namespace tiaokuai::experiments {

PendingRuns::PendingRuns(const std::vector<bool>& finished, std::size_t limit, const std::atomic<bool>& stop_requested)
    : stop_requested_(stop_requested) {
  for (std::size_t run = 0; run < finished.size() && (limit == 0 || runs_.size() < limit); ++run) {
    if (!finished[run]) runs_.push_back(run);
  }
}

std::optional<std::size_t> PendingRuns::take() {
  if (stop_requested_.load() || closed_.load()) return std::nullopt;
  const std::size_t index = next_.fetch_add(1);
  if (index >= runs_.size()) return std::nullopt;
  return runs_[index];
}

}  // namespace tiaokuai::experiments
