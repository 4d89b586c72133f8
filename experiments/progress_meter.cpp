#include "experiments/progress_meter.hpp"

#include <unistd.h>

namespace tiaokuai::experiments {

ProgressMeter::ProgressMeter(std::size_t total, std::size_t already_done, std::FILE* out)
    : total_(total),
      already_done_(already_done),
      out_(out),
      terminal_(isatty(fileno(out)) != 0),
      start_(std::chrono::steady_clock::now()),
      last_print_(start_) {}

void ProgressMeter::update(std::size_t done, std::size_t failed) {
  const auto now = std::chrono::steady_clock::now();
  const double since_print = std::chrono::duration<double>(now - last_print_).count();
  const std::size_t remaining_total = total_ - already_done_;
  const std::size_t decile = remaining_total > 0 ? done * 10 / remaining_total : 10;
  if (terminal_ ? since_print < 0.2 : (decile == last_decile_ && since_print < 30.0)) return;
  last_decile_ = decile;
  last_print_ = now;
  print(done, failed, false);
}

void ProgressMeter::finish(std::size_t done, std::size_t failed) { print(done, failed, true); }

void ProgressMeter::print(std::size_t done, std::size_t failed, bool final_line) {
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
  const std::size_t finished = already_done_ + done;
  const double left = rate > 0 ? static_cast<double>(total_ - finished) / rate : 0.0;
  const int width = 30;
  const int filled = total_ > 0 ? static_cast<int>(width * finished / total_) : width;
  char bar[width + 1];
  for (int i = 0; i < width; ++i) bar[i] = i < filled ? '#' : '.';
  bar[width] = '\0';
  std::fprintf(out_, "%s[%s] %zu/%zu runs  %.1f runs/s  %s %dm%02ds%s%s", terminal_ ? "\r" : "", bar, finished, total_, rate,
               final_line ? "took" : "ETA", static_cast<int>((final_line ? elapsed : left) / 60),
               static_cast<int>(final_line ? elapsed : left) % 60, failed > 0 ? "  (some failed)" : "",
               terminal_ && !final_line ? "" : "\n");
  std::fflush(out_);
}

}  // namespace tiaokuai::experiments
