#pragma once
// The files of `tiaokuai run --out DIR` (docs/outputs.md defines every
// column). issues.csv and effort.csv stream while the run goes; the rest is
// written at the end. Every file is written under a temporary name and
// renamed into place only when the whole run has succeeded, so a failed or
// interrupted run (an error, a full disk, Ctrl-C or SIGTERM) leaves no
// partial output behind, nor the folder if this run created it.

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "models/governance/run_report.hpp"
#include "models/output_file.hpp"
#include "models/output_folder.hpp"
#include "models/organisation.hpp"
#include "models/scenario.hpp"

namespace tiaokuai::models::governance {

class RunOutputDirectory final : public RunObserver {
 public:
  // Creates `directory` if needed; throws ConfigError naming the path if it
  // cannot be created or written there, std::runtime_error on a full disk.
  // Without `issue_rows` there is no issues.csv (a city's would be gigabytes).
  RunOutputDirectory(const std::filesystem::path& directory, const Scenario& scenario, bool issue_rows = true);
  ~RunOutputDirectory() override = default;  // removes the temporaries unless committed
  RunOutputDirectory(const RunOutputDirectory&) = delete;
  RunOutputDirectory& operator=(const RunOutputDirectory&) = delete;

  void on_issue(const IssueRecord& record) override;
  void on_assessment(std::uint32_t period, double day, std::uint32_t department, double effort, double mean_score,
                     std::uint64_t scores) override;
  void on_unit_rates(std::uint32_t period, double day, const UnitRates& rates) override;

  // Writes the remaining files and moves all of them into place.
  void commit(const RunReport& report, const Organisation& organisation, const nlohmann::ordered_json& manifest);

 private:
  OutputFile& open(const std::string& name);

  OutputFolder folder_;  // declared before files_: removed after them
  const Scenario& scenario_;
  std::vector<std::unique_ptr<OutputFile>> files_;
  OutputFile* issues_ = nullptr;  // null without issue rows
  OutputFile* effort_ = nullptr;
  OutputFile* units_ = nullptr;
  std::string line_;  // reused row buffer
};

}  // namespace tiaokuai::models::governance
