#pragma once
// `tiaokuai calibrate TARGETS`: fits a scenario's parameters to observed
// facts (docs/calibration.md).

#include <CLI/CLI.hpp>

namespace tiaokuai::apps {

void add_calibrate_command(CLI::App& app);

}  // namespace tiaokuai::apps
