#pragma once
// OutputFile: a file written under a temporary name (".NAME.partial" in the
// same folder) and moved into place by commit(), so a reader never sees a
// half-written file and a failed run leaves none behind. The destructor
// removes an uncommitted temporary. Errors (unwritable folder, full disk)
// throw std::runtime_error naming the final path.

#include <cstdio>
#include <filesystem>
#include <string>

namespace tiaokuai::models {

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
  [[noreturn]] void fail(const char* what) const;

  std::filesystem::path final_path_;
  std::filesystem::path temporary_path_;
  std::FILE* handle_ = nullptr;
  bool committed_ = false;
};

}  // namespace tiaokuai::models
