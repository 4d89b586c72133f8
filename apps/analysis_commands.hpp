#pragma once
// `tiaokuai analyze DB` (effects, metamodel, sensitivity, network, report)
// and `tiaokuai reproduce` (the W-county study's findings in one command).

#include <CLI/CLI.hpp>

namespace tiaokuai::apps {

void add_analyze_command(CLI::App& app);
void add_reproduce_command(CLI::App& app);

}  // namespace tiaokuai::apps
