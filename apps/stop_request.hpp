#pragma once
// Ctrl-C and SIGTERM as a request to stop, for commands that can resume
// (sweep, calibrate): while a StopOnSignal lives, the first signal sets
// stop_requested() and the work in flight finishes and is kept; the second
// ends the process at once.

#include <atomic>
#include <csignal>

namespace tiaokuai::apps {

inline std::atomic<bool>& stop_requested() {
  static std::atomic<bool> requested{false};
  return requested;
}

extern "C" inline void request_stop(int signal_number) {
  stop_requested().store(true);
  std::signal(signal_number, SIG_DFL);
}

class StopOnSignal {
 public:
  StopOnSignal() {
    std::signal(SIGINT, request_stop);
    std::signal(SIGTERM, request_stop);
  }
  ~StopOnSignal() {
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
  }
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;
};

}  // namespace tiaokuai::apps
