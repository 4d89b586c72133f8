#include "models/interrupt_cleanup.hpp"

#include <unistd.h>

#include <array>
#include <atomic>
#include <mutex>
#include <stdexcept>

namespace tiaokuai::models {
namespace {

// More than any command keeps open at once (a run writes eight files).
constexpr std::size_t slot_count = 64;
constexpr int handled_signals[] = {SIGINT, SIGTERM};

// Read by the signal handler, so plain atomics of C strings, never resized.
std::array<std::atomic<const char*>, slot_count> files{};
std::array<std::atomic<const char*>, slot_count> folders{};

std::mutex registry_mutex;  // registration may come from several threads
std::size_t registered = 0;
struct sigaction previous_actions[std::size(handled_signals)];

void write_stderr(const char* text) {
  std::size_t length = 0;
  while (text[length] != '\0') ++length;
  [[maybe_unused]] const ssize_t ignored = ::write(STDERR_FILENO, text, length);
}

extern "C" void remove_outputs_and_die(int signal_number) {
  for (auto& slot : files) {
    if (const char* path = slot.load()) ::unlink(path);
  }
  // Nested folders: each pass removes the innermost ones that are empty now.
  for (bool removed = true; removed;) {
    removed = false;
    for (auto& slot : folders) {
      const char* path = slot.load();
      if (path != nullptr && ::rmdir(path) == 0) {
        slot.store(nullptr);
        removed = true;
      }
    }
  }
  write_stderr(signal_number == SIGINT ? "tiaokuai: error: interrupted (SIGINT); the unfinished outputs were removed\n"
                                       : "tiaokuai: error: terminated (SIGTERM); the unfinished outputs were removed\n");
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  sigemptyset(&default_action.sa_mask);
  sigaction(signal_number, &default_action, nullptr);
  raise(signal_number);  // delivered when the handler returns
}

void install_handlers() {
  struct sigaction action {};
  action.sa_handler = remove_outputs_and_die;
  sigemptyset(&action.sa_mask);
  for (const int signal_number : handled_signals) sigaddset(&action.sa_mask, signal_number);
  for (std::size_t i = 0; i < std::size(handled_signals); ++i) sigaction(handled_signals[i], &action, &previous_actions[i]);
}

void restore_handlers() {
  for (std::size_t i = 0; i < std::size(handled_signals); ++i) sigaction(handled_signals[i], &previous_actions[i], nullptr);
}

}  // namespace

RemoveOnInterrupt::RemoveOnInterrupt(std::string path, Kind kind) : path_(std::move(path)), kind_(kind) {
  auto& slots = kind_ == Kind::file ? files : folders;
  const std::lock_guard lock(registry_mutex);
  for (slot_ = 0; slot_ < slot_count; ++slot_) {
    if (slots[slot_].load() == nullptr) break;
  }
  if (slot_ == slot_count) throw std::logic_error("more than 64 outputs open at once");
  slots[slot_].store(path_.c_str());
  if (registered++ == 0) install_handlers();
}

RemoveOnInterrupt::~RemoveOnInterrupt() {
  auto& slots = kind_ == Kind::file ? files : folders;
  const std::lock_guard lock(registry_mutex);
  slots[slot_].store(nullptr);
  if (--registered == 0) restore_handlers();
}

HoldInterrupts::HoldInterrupts() {
  sigset_t held;
  sigemptyset(&held);
  for (const int signal_number : handled_signals) sigaddset(&held, signal_number);
  pthread_sigmask(SIG_BLOCK, &held, &previous_);
}

HoldInterrupts::~HoldInterrupts() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }

}  // namespace tiaokuai::models
