// tiaokuai: the command-line program. Each subcommand lives in its own file
// and registers itself here.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <string>

#include "apps/analysis_commands.hpp"
#include "apps/demo_command.hpp"
#include "apps/run_command.hpp"
#include "apps/sweep_commands.hpp"
#include "apps/scenario_commands.hpp"
#include "models/config_node.hpp"
#include "tiaokuai/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"tiaokuai: discrete-event simulation of tiao-kuai collaborative governance"};
  app.set_version_flag("--version", std::string("tiaokuai ") + tiaokuai::version + " (" + tiaokuai::git_commit + ")");
  app.require_subcommand(1);
  tiaokuai::apps::add_run_command(app);
  tiaokuai::apps::add_sweep_command(app);
  tiaokuai::apps::add_export_command(app);
  tiaokuai::apps::add_analyze_command(app);
  tiaokuai::apps::add_reproduce_command(app);
  tiaokuai::apps::add_demo_command(app);
  tiaokuai::apps::add_validate_command(app);
  tiaokuai::apps::add_describe_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& error) {
    // A command finished with a documented non-zero code (e.g. an
    // interrupted sweep); it has said why.
    return error.get_exit_code();
  } catch (const CLI::ParseError& error) {
    // CLI11 exits 0 for --help and --version and 106+ for usage errors; we
    // use 2 for every bad input, as the README documents.
    const int code = app.exit(error);
    return code == 0 ? 0 : 2;
  } catch (const tiaokuai::models::ConfigError& error) {
    std::fprintf(stderr, "tiaokuai: error: %s\n", error.what());
    return 2;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "tiaokuai: error: %s\n", error.what());
    return 1;
  }
  return 0;
}
