#include "models/output_file.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include "models/config_node.hpp"

namespace tiaokuai::models {

std::string write_error_text(int error_number) {
  switch (error_number) {
    case ENOSPC: return "disk full";
    case EFBIG: return "file too large";
    case EDQUOT: return "disk quota exceeded";
    default: return std::strerror(error_number);
  }
}

bool is_unusable_path_error(int error_number) {
  switch (error_number) {
    case EACCES:
    case EPERM:
    case EROFS:
    case ENOTDIR:
    case EISDIR:
    case EEXIST:
    case ENOENT:
    case ENAMETOOLONG:
    case ELOOP:
      return true;
    default:
      return false;
  }
}

OutputFile::OutputFile(std::filesystem::path final_path)
    : final_path_(std::move(final_path)) {
  // Built with += : GCC 12 warns falsely (-Wrestrict) on "." + string.
  std::string temporary_name = ".";
  temporary_name += final_path_.filename().string();
  temporary_name += ".partial";
  temporary_path_ = final_path_.parent_path() / temporary_name;
  // Registered before the file exists, so no moment leaves it unremovable.
  remove_on_interrupt_.emplace(temporary_path_.string());
  handle_ = std::fopen(temporary_path_.c_str(), "wb");
  if (handle_ == nullptr) {
    const int error_number = errno;
    if (is_unusable_path_error(error_number)) {
      throw ConfigError(SourceLocation{final_path_.string(), 0, 0}, "", "cannot write here: " + write_error_text(error_number));
    }
    fail("cannot write", error_number);
  }
}

OutputFile::~OutputFile() {
  if (committed_) return;
  if (handle_ != nullptr) std::fclose(handle_);
  std::error_code ignored;
  std::filesystem::remove(temporary_path_, ignored);
}

void OutputFile::write(const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), handle_) != text.size()) fail("cannot write", errno);
}

void OutputFile::close() {
  std::FILE* closing = handle_;
  handle_ = nullptr;
  errno = 0;
  const bool flushed = std::fflush(closing) == 0 && std::ferror(closing) == 0;
  const int flush_error = errno;
  if (std::fclose(closing) != 0 || !flushed) fail("cannot finish writing", flushed ? errno : flush_error);
}

void OutputFile::rename_into_place() {
  std::error_code error;
  std::filesystem::rename(temporary_path_, final_path_, error);
  if (error) throw std::runtime_error("cannot move " + final_path_.string() + " into place: " + write_error_text(error.value()));
  committed_ = true;
  remove_on_interrupt_.reset();
}

void OutputFile::commit() {
  close();
  rename_into_place();
}

void OutputFile::fail(const char* what, int error_number) const {
  throw std::runtime_error(std::string(what) + " " + final_path_.string() + ": " + write_error_text(error_number));
}

}  // namespace tiaokuai::models
