#pragma once
// Progress of a long sweep on stderr: runs done, runs per second, time left.
// On a terminal one line redraws in place (at most 5 times a second);
// otherwise (a log file, CI) a plain line is printed every 10 % or 30 s.

#include <chrono>
#include <cstdio>
#include <cstddef>

namespace tiaokuai::experiments {

class ProgressMeter {
 public:
  // `total` runs in the sweep, `already_done` of them before this invocation.
  ProgressMeter(std::size_t total, std::size_t already_done, std::FILE* out);
  // `done` runs finished in this invocation so far, `failed` of them failed.
  void update(std::size_t done, std::size_t failed);
  void finish(std::size_t done, std::size_t failed);

 private:
  void print(std::size_t done, std::size_t failed, bool final_line);

  std::size_t total_, already_done_;
  std::FILE* out_;
  bool terminal_;
  std::chrono::steady_clock::time_point start_, last_print_;
  std::size_t last_decile_ = 0;
};

}  // namespace tiaokuai::experiments
