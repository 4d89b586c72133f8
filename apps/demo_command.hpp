#pragma once
// `tiaokuai demo`: runs the M/M/c reference queue on the engine and prints
// simulated against closed-form values, so a user can see the engine work.

#include <CLI/CLI.hpp>

namespace tiaokuai::apps {

void add_demo_command(CLI::App& app);

}  // namespace tiaokuai::apps
