#pragma once
// A scratch folder per test case, removed afterwards. CTest runs each test
// case in its own process, in parallel, so the folder's name carries the
// process id: two cases that pick the same name never share a folder.

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

class ScratchFolder {
 public:
  explicit ScratchFolder(const std::string& name)
      : path_(std::filesystem::temp_directory_path() / ("tiaokuai-test-" + name + "-" + std::to_string(getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchFolder() { std::filesystem::remove_all(path_); }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string write(const std::string& file, const std::string& text) const {
    const auto target = path_ / file;
    std::ofstream(target) << text;
    return target.string();
  }

 private:
  std::filesystem::path path_;
};
