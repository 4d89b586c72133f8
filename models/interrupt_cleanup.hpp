#pragma once
// Ctrl-C (SIGINT) or SIGTERM while tiaokuai is writing outputs: the signal
// handler removes the unfinished files and the folders this command created,
// says so in one line on stderr, and the process then dies by the same
// signal, so the shell sees the conventional status (130 for SIGINT, 143 for
// SIGTERM). The handlers are installed while anything is registered and the
// previous ones restored afterwards, so commands that write nothing (and
// `sweep`, which handles its own signals) are unaffected.
//
// The handler only calls async-signal-safe functions (unlink, rmdir, write,
// sigaction, raise) on paths copied when they were registered. The registry
// is bounded by the number of files and output folders open at once, never
// by how deep a folder is: each folder registers all the levels it creates
// in one buffer.

#include <atomic>
#include <csignal>
#include <cstddef>
#include <memory>
#include <string>

namespace tiaokuai::models {

// While alive, the file `path` is unlinked if the program is interrupted.
class RemoveOnInterrupt {
 public:
  explicit RemoveOnInterrupt(std::string path);
  ~RemoveOnInterrupt();
  RemoveOnInterrupt(const RemoveOnInterrupt&) = delete;
  RemoveOnInterrupt& operator=(const RemoveOnInterrupt&) = delete;

 private:
  const std::string path_;  // the handler reads path_.c_str(): never moved
  std::size_t slot_;
};

// While alive, the folders pushed (each inside the one before, outermost
// first) are removed if the program is interrupted: after the files,
// innermost first, each only if empty. However many levels, it takes one
// place in the registry; `capacity` bounds the total length of the paths
// pushed (the full path's length times its number of levels is enough).
class RemoveFoldersOnInterrupt {
 public:
  RemoveFoldersOnInterrupt(std::size_t max_levels, std::size_t capacity);
  ~RemoveFoldersOnInterrupt();
  RemoveFoldersOnInterrupt(const RemoveFoldersOnInterrupt&) = delete;
  RemoveFoldersOnInterrupt& operator=(const RemoveFoldersOnInterrupt&) = delete;

  // Push before creating the folder, so that no moment leaves it
  // unremovable; pop if it could not be created by this command.
  void push(const std::string& level);
  void pop();
  // The levels stay (the command succeeded).
  void clear() {
    count_.store(0);
    used_ = 0;
  }

  // For the handler: the levels pushed so far.
  std::size_t count() const { return count_.load(); }
  const char* level(std::size_t index) const { return buffer_.get() + starts_[index]; }

 private:
  const std::size_t max_levels_, capacity_;
  std::unique_ptr<char[]> buffer_;          // the paths, each ending in '\0'; never reallocated
  std::unique_ptr<std::size_t[]> starts_;   // where each level starts in buffer_
  std::size_t used_ = 0;                    // bytes of buffer_ in use
  std::atomic<std::size_t> count_{0};       // levels the handler may read
  std::size_t slot_;
};

// Holds SIGINT and SIGTERM back for a short step that must not be cut in
// half (moving a set of files into place); a signal that arrives meanwhile
// is delivered when the hold ends.
class HoldInterrupts {
 public:
  HoldInterrupts();
  ~HoldInterrupts();
  HoldInterrupts(const HoldInterrupts&) = delete;
  HoldInterrupts& operator=(const HoldInterrupts&) = delete;

 private:
  sigset_t previous_;
};

}  // namespace tiaokuai::models
