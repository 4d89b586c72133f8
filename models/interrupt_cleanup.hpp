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
// sigaction, raise) on paths copied when they were registered.

#include <csignal>
#include <string>

namespace tiaokuai::models {

// While alive, `path` is removed if the program is interrupted: unlinked if
// it is a file, removed if it is an (empty) folder. Folders are tried after
// files, innermost first.
class RemoveOnInterrupt {
 public:
  enum class Kind { file, folder };
  RemoveOnInterrupt(std::string path, Kind kind);
  ~RemoveOnInterrupt();
  RemoveOnInterrupt(const RemoveOnInterrupt&) = delete;
  RemoveOnInterrupt& operator=(const RemoveOnInterrupt&) = delete;

 private:
  const std::string path_;  // the handler reads path_.c_str(): never moved
  const Kind kind_;
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
