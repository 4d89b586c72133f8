#pragma once
// The files of a report folder (`analyze --report`, `calibrate --out`,
// `optimise --out`), written all or none.

#include <string>
#include <vector>

namespace tiaokuai::analysis {

struct ReportFile {
  std::string path;  // relative to the report's folder: index.html, figures/latency_cdf.svg, ...
  std::string text;
};

// Writes `files` (paths relative to `folder`, some in `subfolders`) all or
// none: each under a temporary name, moved into place once every one is
// written; folders this creates are removed again on an error or a signal
// (models/output_folder.hpp).
void write_files_all_or_none(const std::string& folder, const std::vector<std::string>& subfolders, const std::vector<ReportFile>& files);

}  // namespace tiaokuai::analysis
