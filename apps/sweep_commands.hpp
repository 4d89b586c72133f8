#pragma once
// `tiaokuai sweep SWEEP` (many runs into a results database) and
// `tiaokuai export DB --csv DIR`.

#include <CLI/CLI.hpp>

namespace tiaokuai::apps {

void add_sweep_command(CLI::App& app);
void add_export_command(CLI::App& app);

}  // namespace tiaokuai::apps
