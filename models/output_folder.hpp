#pragma once
// OutputFolder: the folder a command writes its files into (`run --out`,
// `export --csv`, `analyze --csv`, `analyze --report`). It creates the folder
// and any missing parents, and unless keep() is called (the command
// succeeded), removes again every level it created once its files are gone,
// on an error as on Ctrl-C or SIGTERM. A folder that existed before is left
// as it was. Declare it before the OutputFiles that go into it, so that they
// are removed first.

#include <filesystem>
#include <optional>
#include <vector>

#include "models/interrupt_cleanup.hpp"

namespace tiaokuai::models {

class OutputFolder {
 public:
  // Throws ConfigError naming `path` if it exists and is not a folder or
  // cannot be created there (permission, read-only medium), and
  // std::runtime_error if the disk fails (full, I/O error).
  explicit OutputFolder(std::filesystem::path path);
  ~OutputFolder();
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // The command succeeded: the folder stays.
  void keep();

 private:
  // Innermost first, each while it is empty (its files are gone).
  void remove_created();

  std::filesystem::path path_;
  std::vector<std::filesystem::path> created_;  // outermost first
  std::optional<RemoveFoldersOnInterrupt> remove_on_interrupt_;  // the created levels, one registration
};

}  // namespace tiaokuai::models
