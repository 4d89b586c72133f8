#pragma once
// OutputFile: a file written under a temporary name (".NAME.partial" in the
// same folder) and moved into place by commit(), so a reader never sees a
// half-written file and a failed run leaves none behind. The destructor
// removes an uncommitted temporary, and so does Ctrl-C or SIGTERM
// (interrupt_cleanup.hpp).
//
// Errors name the final path. A path that cannot be written at all
// (permission, read-only medium, not a folder) is the user's choice of
// output and throws ConfigError (exit 2); a write that fails on the way
// (disk full, file too large, I/O error) throws std::runtime_error (exit 1).

#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

#include "models/interrupt_cleanup.hpp"

namespace tiaokuai::models {

// What a failed write means to a user: "disk full" for ENOSPC, "file too
// large" for EFBIG, "disk quota exceeded" for EDQUOT, else strerror's text.
std::string write_error_text(int error_number);

// Whether an error opening or creating an output says the path itself is
// unusable (the user must choose another), rather than the disk failing.
bool is_unusable_path_error(int error_number);

class OutputFile {
 public:
  explicit OutputFile(std::filesystem::path final_path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void write(const std::string& text);
  // Flushes and closes; the file stays under its temporary name.
  void close();
  // Moves the closed file into place.
  void rename_into_place();
  // close() and rename_into_place().
  void commit();

  const std::filesystem::path& path() const { return final_path_; }

 private:
  [[noreturn]] void fail(const char* what, int error_number) const;

  std::filesystem::path final_path_;
  std::filesystem::path temporary_path_;
  std::optional<RemoveOnInterrupt> remove_on_interrupt_;
  std::FILE* handle_ = nullptr;
  bool committed_ = false;
};

}  // namespace tiaokuai::models
