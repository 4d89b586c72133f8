#pragma once
// `tiaokuai run SCENARIO`: one governance run, its summary, its output files.

#include <CLI/CLI.hpp>

namespace tiaokuai::apps {

void add_run_command(CLI::App& app);

}  // namespace tiaokuai::apps
