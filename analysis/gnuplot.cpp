#include "analysis/gnuplot.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace tiaokuai::analysis {
namespace {

const char* const install_hint = "install it with: apt-get install gnuplot-nox";

// A pipe whose ends close with it.
struct Pipe {
  int read_end = -1, write_end = -1;
  Pipe() {
    int ends[2];
    if (::pipe2(ends, O_CLOEXEC) != 0) throw std::runtime_error(std::string("cannot start gnuplot: ") + std::strerror(errno));
    read_end = ends[0];
    write_end = ends[1];
  }
  ~Pipe() {
    close_read();
    close_write();
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  void close_read() {
    if (read_end >= 0) ::close(read_end);
    read_end = -1;
  }
  void close_write() {
    if (write_end >= 0) ::close(write_end);
    write_end = -1;
  }
};

// Writing to a gnuplot that has died must give EPIPE, not end tiaokuai.
class IgnoreSigpipe {
 public:
  IgnoreSigpipe() {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGPIPE, &ignore, &previous_);
  }
  ~IgnoreSigpipe() { sigaction(SIGPIPE, &previous_, nullptr); }
  IgnoreSigpipe(const IgnoreSigpipe&) = delete;
  IgnoreSigpipe& operator=(const IgnoreSigpipe&) = delete;

 private:
  struct sigaction previous_ {};
};

pid_t spawn_gnuplot(Pipe& input, Pipe& output, Pipe& errors) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, input.read_end, STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, output.write_end, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, errors.write_end, STDERR_FILENO);
  // gnuplot gets the default disposition of the signals tiaokuai changes.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (const int signal_number : {SIGPIPE, SIGINT, SIGTERM}) sigaddset(&defaults, signal_number);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);
  char program[] = "gnuplot";
  char* const argv[] = {program, nullptr};
  pid_t child = 0;
  const int error = posix_spawnp(&child, program, &actions, &attributes, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (error == ENOENT) throw std::runtime_error(std::string("gnuplot is not installed (") + install_hint + ")");
  if (error != 0) throw std::runtime_error(std::string("cannot start gnuplot: ") + std::strerror(error));
  return child;
}

// Feeds the script and collects stdout and stderr at once, so that neither
// side waits on a full pipe.
void exchange(Pipe& input, Pipe& output, Pipe& errors, const std::string& script, std::string& drawn, std::string& complaints) {
  std::size_t sent = 0;
  if (script.empty()) input.close_write();
  char buffer[65536];
  while (output.read_end >= 0 || errors.read_end >= 0) {
    pollfd watched[3];
    nfds_t count = 0;
    for (const int fd : {output.read_end, errors.read_end}) {
      if (fd >= 0) watched[count++] = {fd, POLLIN, 0};
    }
    if (input.write_end >= 0) watched[count++] = {input.write_end, POLLOUT, 0};
    if (::poll(watched, count, -1) < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(std::string("cannot talk to gnuplot: ") + std::strerror(errno));
    }
    for (nfds_t i = 0; i < count; ++i) {
      if (watched[i].revents == 0) continue;
      const int fd = watched[i].fd;
      if (fd == input.write_end) {
        // POLLOUT promises room for PIPE_BUF bytes, no more: a larger write
        // to this blocking pipe would wait for gnuplot to read while
        // gnuplot waits for us to read its output (a deadlock once both
        // the script and the drawing outgrow the pipe buffers).
        const ssize_t written = ::write(fd, script.data() + sent, std::min<std::size_t>(script.size() - sent, PIPE_BUF));
        if (written > 0) sent += static_cast<std::size_t>(written);
        if (written < 0 && errno != EINTR && errno != EAGAIN) sent = script.size();  // gnuplot stopped reading
        if (sent == script.size()) input.close_write();
        continue;
      }
      const ssize_t got = ::read(fd, buffer, sizeof buffer);
      if (got > 0) {
        (fd == output.read_end ? drawn : complaints).append(buffer, static_cast<std::size_t>(got));
      } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
        fd == output.read_end ? output.close_read() : errors.close_read();
      }
    }
  }
}

}  // namespace

std::string run_gnuplot(const std::string& script) {
  const IgnoreSigpipe ignore_sigpipe;
  Pipe input, output, errors;
  const pid_t child = spawn_gnuplot(input, output, errors);
  // Our copies of the child's ends must go, or the pipes never reach EOF.
  input.close_read();
  output.close_write();
  errors.close_write();
  std::string drawn, complaints;
  try {
    exchange(input, output, errors, script, drawn, complaints);
  } catch (...) {
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    throw;
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return drawn;
  while (!complaints.empty() && (complaints.back() == '\n' || complaints.back() == ' ')) complaints.pop_back();
  std::string how = WIFSIGNALED(status) ? "was killed by signal " + std::to_string(WTERMSIG(status))
                                        : "failed (exit " + std::to_string(WEXITSTATUS(status)) + ")";
  // One line: gnuplot's message spans several (the script line and a caret).
  for (char& c : complaints) {
    if (c == '\n') c = ' ';
  }
  throw std::runtime_error("gnuplot " + how + (complaints.empty() ? "" : ": " + complaints));
}

}  // namespace tiaokuai::analysis
