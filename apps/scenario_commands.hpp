#pragma once
// `tiaokuai validate` and `tiaokuai describe`: check a scenario without
// running it, and print every declared parameter.

#include <CLI/CLI.hpp>

namespace tiaokuai::apps {

void add_validate_command(CLI::App& app);
void add_describe_command(CLI::App& app);

}  // namespace tiaokuai::apps
