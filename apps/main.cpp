// tiaokuai: the command-line program. Each subcommand lives in its own file
// and registers itself here.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "apps/analysis_commands.hpp"
#include "apps/calibrate_command.hpp"
#include "apps/optimise_command.hpp"
#include "apps/demo_command.hpp"
#include "apps/print_error.hpp"
#include "apps/run_command.hpp"
#include "apps/sweep_commands.hpp"
#include "apps/scenario_commands.hpp"
#include "models/closest_name.hpp"
#include "models/config_node.hpp"
#include "tiaokuai/version.hpp"

namespace {

using tiaokuai::apps::print_error;

// CLI11 reports a mistyped subcommand or top-level option only as "a
// subcommand is required"; name what was given, and the subcommands.
void check_subcommand(CLI::App& app, int argc, char** argv) {
  std::vector<std::string> names;
  for (const CLI::App* command : app.get_subcommands([](CLI::App*) { return true; })) names.push_back(command->get_name());
  std::string list;
  for (const std::string& name : names) list += (list.empty() ? "" : ", ") + name;
  if (argc < 2) throw CLI::RequiredError("a subcommand is required: one of " + list, CLI::ExitCodes::RequiredError);
  const std::string given = argv[1];
  if (given == "-h" || given == "--help" || given == "--version") return;
  if (given.starts_with('-')) {
    throw CLI::ExtrasError(given + ": unknown option (before the subcommand only --help and --version); the subcommands are " + list,
                           CLI::ExitCodes::ExtrasError);
  }
  if (std::find(names.begin(), names.end(), given) != names.end()) return;
  std::string message = given + ": unknown subcommand";
  const std::string hint = tiaokuai::models::closest_name(given, names);
  if (!hint.empty()) message += " (did you mean '" + hint + "'?)";
  throw CLI::ExtrasError(message + "; the subcommands are " + list, CLI::ExitCodes::ExtrasError);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tiaokuai: discrete-event simulation of tiao-kuai collaborative governance"};
  app.set_version_flag("--version", std::string("tiaokuai ") + tiaokuai::version + " (" + tiaokuai::git_commit + ")");
  app.require_subcommand(1);
  tiaokuai::apps::add_run_command(app);
  tiaokuai::apps::add_sweep_command(app);
  tiaokuai::apps::add_export_command(app);
  tiaokuai::apps::add_analyze_command(app);
  tiaokuai::apps::add_reproduce_command(app);
  tiaokuai::apps::add_calibrate_command(app);
  tiaokuai::apps::add_optimise_command(app);
  tiaokuai::apps::add_demo_command(app);
  tiaokuai::apps::add_validate_command(app);
  tiaokuai::apps::add_describe_command(app);
  try {
    check_subcommand(app, argc, argv);
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& error) {
    // A command finished with a documented non-zero code (e.g. an
    // interrupted sweep); it has said why.
    return error.get_exit_code();
  } catch (const CLI::ParseError& error) {
    // CLI11 exits 0 for --help and --version, which print what was asked;
    // a usage error is bad input: exit 2 and one line.
    if (error.get_exit_code() == 0) return app.exit(error);
    print_error(error.what());
    return 2;
  } catch (const tiaokuai::models::ConfigError& error) {
    print_error(error.what());
    return 2;
  } catch (const std::bad_alloc&) {
    print_error("memory ran out; lower run.max_open_issues (the memory budget of a run) or the size of the scenario or sweep");
    return 1;
  } catch (const std::exception& error) {
    print_error(error.what());
    return 1;
  }
  return 0;
}
