#include "models/interrupt_cleanup.hpp"

#include <unistd.h>

#include <array>
#include <atomic>
#include <cstring>
#include <mutex>
#include <stdexcept>

namespace tiaokuai::models {
namespace {

// More than any command keeps open at once (a run writes eight files into
// one folder; analyze writes two folders). A folder takes one slot however
// deep it is.
constexpr std::size_t slot_count = 64;
constexpr int handled_signals[] = {SIGINT, SIGTERM};

// Read by the signal handler, so plain atomics of pointers, never resized.
std::array<std::atomic<const char*>, slot_count> files{};
std::array<std::atomic<const RemoveFoldersOnInterrupt*>, slot_count> folders{};

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
  // Each chain innermost first; passes repeat while any folder goes, for
  // one command's folders inside another's (analyze --csv D --report D/r).
  for (bool removed = true; removed;) {
    removed = false;
    for (auto& slot : folders) {
      const RemoveFoldersOnInterrupt* chain = slot.load();
      if (chain == nullptr) continue;
      for (std::size_t i = chain->count(); i-- > 0;) {
        if (::rmdir(chain->level(i)) == 0) removed = true;
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

// Takes a free slot of `slots` for `entry`; the caller holds registry_mutex.
template <typename T>
std::size_t take_slot(std::array<std::atomic<T>, slot_count>& slots, T entry) {
  std::size_t slot = 0;
  while (slot < slot_count && slots[slot].load() != nullptr) ++slot;
  if (slot == slot_count) throw std::logic_error("more than 64 outputs open at once");
  slots[slot].store(entry);
  if (registered++ == 0) install_handlers();
  return slot;
}

template <typename T>
void free_slot(std::array<std::atomic<T>, slot_count>& slots, std::size_t slot) {
  slots[slot].store(nullptr);
  if (--registered == 0) restore_handlers();
}

}  // namespace

RemoveOnInterrupt::RemoveOnInterrupt(std::string path) : path_(std::move(path)) {
  const std::lock_guard lock(registry_mutex);
  slot_ = take_slot(files, path_.c_str());
}

RemoveOnInterrupt::~RemoveOnInterrupt() {
  const std::lock_guard lock(registry_mutex);
  free_slot(files, slot_);
}

RemoveFoldersOnInterrupt::RemoveFoldersOnInterrupt(std::size_t max_levels, std::size_t capacity)
    : max_levels_(max_levels),
      capacity_(capacity),
      buffer_(std::make_unique<char[]>(capacity)),
      starts_(std::make_unique<std::size_t[]>(max_levels)) {
  const std::lock_guard lock(registry_mutex);
  slot_ = take_slot(folders, static_cast<const RemoveFoldersOnInterrupt*>(this));
}

RemoveFoldersOnInterrupt::~RemoveFoldersOnInterrupt() {
  const std::lock_guard lock(registry_mutex);
  free_slot(folders, slot_);
}

void RemoveFoldersOnInterrupt::push(const std::string& level) {
  const std::size_t count = count_.load();
  if (count == max_levels_ || used_ + level.size() + 1 > capacity_) throw std::logic_error("more folder levels than reserved");
  std::memcpy(buffer_.get() + used_, level.c_str(), level.size() + 1);
  starts_[count] = used_;
  used_ += level.size() + 1;
  count_.store(count + 1);  // only now may the handler read it
}

void RemoveFoldersOnInterrupt::pop() {
  const std::size_t count = count_.load();
  if (count == 0) return;
  count_.store(count - 1);
  used_ = starts_[count - 1];
}

HoldInterrupts::HoldInterrupts() {
  sigset_t held;
  sigemptyset(&held);
  for (const int signal_number : handled_signals) sigaddset(&held, signal_number);
  pthread_sigmask(SIG_BLOCK, &held, &previous_);
}

HoldInterrupts::~HoldInterrupts() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }

}  // namespace tiaokuai::models
