#include "models/output_file.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace tiaokuai::models {

OutputFile::OutputFile(std::filesystem::path final_path)
    : final_path_(std::move(final_path)) {
  // Built with += : GCC 12 warns falsely (-Wrestrict) on "." + string.
  std::string temporary_name = ".";
  temporary_name += final_path_.filename().string();
  temporary_name += ".partial";
  temporary_path_ = final_path_.parent_path() / temporary_name;
  handle_ = std::fopen(temporary_path_.c_str(), "wb");
  if (handle_ == nullptr) fail("cannot write");
}

OutputFile::~OutputFile() {
  if (committed_) return;
  if (handle_ != nullptr) std::fclose(handle_);
  std::error_code ignored;
  std::filesystem::remove(temporary_path_, ignored);
}

void OutputFile::write(const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), handle_) != text.size()) fail("cannot write");
}

void OutputFile::close() {
  std::FILE* closing = handle_;
  handle_ = nullptr;
  const bool write_error = std::ferror(closing) != 0;
  if (std::fclose(closing) != 0 || write_error) fail("cannot finish writing");
}

void OutputFile::rename_into_place() {
  std::error_code error;
  std::filesystem::rename(temporary_path_, final_path_, error);
  if (error) throw std::runtime_error("cannot move " + final_path_.string() + " into place: " + error.message());
  committed_ = true;
}

void OutputFile::commit() {
  close();
  rename_into_place();
}

void OutputFile::fail(const char* what) const {
  throw std::runtime_error(std::string(what) + " " + final_path_.string() + ": " + std::strerror(errno));
}

}  // namespace tiaokuai::models
