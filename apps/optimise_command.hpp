#pragma once
// `tiaokuai optimise SPEC`: searches for policy designs on a Pareto front
// (NSGA-II under simulation noise; docs/decisions.md).

#include <CLI/CLI.hpp>

namespace tiaokuai::apps {

void add_optimise_command(CLI::App& app);

}  // namespace tiaokuai::apps
