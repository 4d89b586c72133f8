#include "analysis/report_files.hpp"

#include <memory>

#include "models/output_file.hpp"
#include "models/output_folder.hpp"

namespace tiaokuai::analysis {

void write_files_all_or_none(const std::string& folder, const std::vector<std::string>& subfolders, const std::vector<ReportFile>& files) {
  models::OutputFolder out(folder);
  std::vector<std::unique_ptr<models::OutputFolder>> inner;
  for (const std::string& subfolder : subfolders) inner.push_back(std::make_unique<models::OutputFolder>(out.path() / subfolder));
  std::vector<std::unique_ptr<models::OutputFile>> written;
  for (const auto& [name, text] : files) {
    written.push_back(std::make_unique<models::OutputFile>(out.path() / name));
    written.back()->write(text);
    written.back()->close();
  }
  for (const auto& file : written) file->rename_into_place();
  for (const auto& subfolder : inner) subfolder->keep();
  out.keep();
}

}  // namespace tiaokuai::analysis
