#include "models/output_folder.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>

#include "models/config_node.hpp"
#include "models/output_file.hpp"

namespace tiaokuai::models {
namespace {

[[noreturn]] void cannot_create(const std::filesystem::path& path, int error_number) {
  const std::string message = "cannot create the output folder: " + write_error_text(error_number);
  if (is_unusable_path_error(error_number)) throw ConfigError(SourceLocation{path.string(), 0, 0}, "", message);
  throw std::runtime_error(path.string() + ": " + message);
}

}  // namespace

OutputFolder::OutputFolder(std::filesystem::path path) : path_(std::move(path)) {
  std::vector<std::filesystem::path> levels;  // outermost first
  std::size_t capacity = 0;
  for (const std::filesystem::path& part : path_) {
    if (part.empty()) continue;  // a trailing separator
    levels.push_back(levels.empty() ? part : levels.back() / part);
    capacity += levels.back().native().size() + 1;
  }
  // One registration however deep the path: the signal handler's registry
  // holds open outputs, not folder levels.
  remove_on_interrupt_.emplace(levels.size(), capacity);
  try {
    for (const std::filesystem::path& level : levels) {
      // Registered before mkdir, so that an interrupt in between removes it.
      remove_on_interrupt_->push(level.string());
      if (::mkdir(level.c_str(), 0777) == 0) {
        created_.push_back(level);
        continue;
      }
      const int error_number = errno;
      remove_on_interrupt_->pop();
      std::error_code ignored;
      if (error_number == EEXIST && std::filesystem::is_directory(level, ignored)) continue;
      if (error_number == EEXIST) {
        throw ConfigError(SourceLocation{path_.string(), 0, 0}, "",
                          level == path_ ? "exists and is not a folder" : level.string() + " is a file, not a folder");
      }
      cannot_create(path_, error_number);
    }
  } catch (...) {
    remove_created();
    throw;
  }
}

OutputFolder::~OutputFolder() { remove_created(); }

void OutputFolder::remove_created() {
  std::error_code ignored;
  for (auto level = created_.rbegin(); level != created_.rend(); ++level) {
    if (!std::filesystem::is_empty(*level, ignored) || ignored) break;
    std::filesystem::remove(*level, ignored);
  }
  created_.clear();
  remove_on_interrupt_.reset();
}

void OutputFolder::keep() {
  created_.clear();
  remove_on_interrupt_.reset();
}

}  // namespace tiaokuai::models
