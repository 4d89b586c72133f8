#include "apps/scenario_commands.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "apps/print_error.hpp"
#include "calibration/targets_file.hpp"
#include "decisions/optimise_spec.hpp"
#include "experiments/sweep_spec.hpp"
#include "models/config_node.hpp"
#include "models/scenario_schema.hpp"

namespace tiaokuai::apps {
namespace {

// Checks one scenario or sweep file and prints what it holds; throws
// models::ConfigError for the first problem.
// A sweep file has a design: key, or extends a file that has one (a
// scenario may extend a scenario, never a sweep).
bool is_sweep_file(const models::ConfigNode& root, const std::string& file) {
  if (root.find("design") != nullptr) return true;
  const models::ConfigNode* parent = root.find("extends");
  if (parent == nullptr || parent->kind != models::ConfigNode::Kind::scalar) return false;
  const std::filesystem::path parent_path = std::filesystem::path(file).parent_path() / parent->scalar;
  std::error_code error;
  return std::filesystem::is_regular_file(parent_path, error) && models::parse_yaml_file(parent_path.string()).find("design") != nullptr;
}

void validate_file(const std::string& file, const std::vector<std::string>& overrides) {
  const models::ConfigNode root = models::parse_yaml_file(file);
  const bool sweep = is_sweep_file(root, file);
  // An optimisation spec has objectives:, or decisions: (a misspelt
  // objectives: should get the spec's own message, not the scenario's).
  const bool optimisation = !sweep && (root.find("objectives") != nullptr || root.find("decisions") != nullptr);
  const char* kind = sweep ? "sweep" : optimisation ? "optimisation spec" : root.find("targets") != nullptr ? "targets" : nullptr;
  if (kind != nullptr && !overrides.empty()) {
    throw models::ConfigError(models::SourceLocation{"--set", 0, 0}, "",
                              "applies to scenario files, not to the " + std::string(kind) + " file " + file + " (use its set: map)");
  }
  if (optimisation) {
    const decisions::OptimiseSpec spec = decisions::load_optimise_spec(file);
    std::printf("%s: ok (optimisation: decisions %zu, objectives %zu, constraints %zu; population %zu x %zu generations, %d replications)\n",
                file.c_str(), spec.decisions.size(), spec.problem.objectives.size(), spec.problem.constraints.size(),
                spec.settings.population, spec.settings.generations, spec.evaluation.replications);
    return;
  }
  if (!sweep && root.find("targets") != nullptr) {
    const calibration::CalibrationSpec spec = calibration::load_targets(file);
    std::printf("%s: ok (targets: %zu targets, %zu parameters, %d replications per candidate)\n", file.c_str(), spec.targets.size(),
                spec.parameters.size(), spec.replications);
    return;
  }
  if (sweep) {
    const experiments::SweepSpec spec = experiments::load_sweep(file);
    std::printf("%s: ok (sweep: %s design, %zu points x %d replications = %zu runs)\n", file.c_str(), spec.design.c_str(),
                spec.points.size(), spec.replications, spec.run_count());
    return;
  }
  const models::Scenario scenario = models::load_scenario(file, overrides);
  // A city says what its compact form expanded into.
  const std::string districts = scenario.city.districts.empty() ? "" : " in " + std::to_string(scenario.city.districts.size()) + " districts";
  std::printf("%s: ok (%zu categories, %zu departments, %zu townships%s, mode %s)\n", file.c_str(), scenario.categories.size(),
              scenario.departments.size(), scenario.townships.size(), districts.c_str(), scenario.run.mode.c_str());
}

}  // namespace

void add_validate_command(CLI::App& app) {
  struct Options {
    std::vector<std::string> files;
    std::vector<std::string> overrides;
  };
  auto options = std::make_shared<Options>();
  CLI::App* validate = app.add_subcommand("validate", "Check scenario or sweep files without running them");
  validate->add_option("files", options->files, "Scenario, sweep, targets or optimisation YAML files (a sweep file has a design: key or extends one that has; a targets file has targets:; an optimisation spec has objectives: or decisions:)")->required();
  validate->add_option("--set", options->overrides, "Override a parameter, key.path=value (repeatable)");
  validate->callback([options] {
    // Every file is checked, and each bad one reported on its own line, so
    // that one call lists every problem; then exit 2 if any was bad.
    bool all_good = true;
    for (const std::string& file : options->files) {
      try {
        validate_file(file, options->overrides);
      } catch (const models::ConfigError& error) {
        print_error(error.what());
        all_good = false;
      }
    }
    if (!all_good) throw CLI::RuntimeError(2);
  });
}

void add_describe_command(CLI::App& app) {
  struct Options {
    std::vector<std::string> parameters;
    bool markdown = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* describe = app.add_subcommand("describe", "List every scenario parameter: type, unit, default, range, meaning");
  describe->add_option("parameters", options->parameters,
                       "Only these parameters, written as for --set (departments.0.staff) or as listed (departments[].staff)");
  describe->add_flag("--markdown", options->markdown, "Print a Markdown table (the reference in docs/scenario.md)");
  describe->callback([options] {
    std::vector<models::ParameterInfo> parameters;
    for (const std::string& path : options->parameters) {
      parameters.push_back(models::declared_parameter(path, models::SourceLocation{"describe " + path, 0, 0}, ""));
    }
    if (options->parameters.empty()) parameters = models::scenario_parameters();
    if (options->markdown) {
      std::printf("| parameter | type | unit | default | range | meaning | source of the default |\n");
      std::printf("| --- | --- | --- | --- | --- | --- | --- |\n");
      for (const auto& p : parameters) {
        std::printf("| `%s` | %s | %s | %s | %s | %s | %s |\n", p.path.c_str(), p.type.c_str(), p.unit.c_str(),
                    p.default_value.c_str(), p.range.c_str(), p.meaning.c_str(), p.source.c_str());
      }
      return;
    }
    std::size_t width = 0;
    for (const auto& p : parameters) width = std::max(width, p.path.size());
    for (const auto& p : parameters) {
      std::printf("%-*s  %-7s %-12s default %-10s %-22s %s\n", static_cast<int>(width), p.path.c_str(), p.type.c_str(),
                  p.unit.c_str(), p.default_value.c_str(), p.range.c_str(), p.meaning.c_str());
    }
  });
}

}  // namespace tiaokuai::apps
