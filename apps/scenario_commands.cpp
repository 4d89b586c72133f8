#include "apps/scenario_commands.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "experiments/sweep_spec.hpp"
#include "models/config_node.hpp"
#include "models/scenario_schema.hpp"

namespace tiaokuai::apps {

void add_validate_command(CLI::App& app) {
  struct Options {
    std::vector<std::string> files;
    std::vector<std::string> overrides;
  };
  auto options = std::make_shared<Options>();
  CLI::App* validate = app.add_subcommand("validate", "Check scenario or sweep files without running them");
  validate->add_option("files", options->files, "Scenario or sweep YAML files (a sweep file has a design: key)")->required();
  validate->add_option("--set", options->overrides, "Override a parameter, key.path=value (repeatable)");
  validate->callback([options] {
    // Throws models::ConfigError at the first problem; main() reports it.
    for (const std::string& file : options->files) {
      if (models::parse_yaml_file(file).find("design") != nullptr) {
        const experiments::SweepSpec spec = experiments::load_sweep(file);
        std::printf("%s: ok (sweep: %s design, %zu points x %d replications = %zu runs)\n", file.c_str(), spec.design.c_str(),
                    spec.points.size(), spec.replications, spec.run_count());
        continue;
      }
      const models::Scenario scenario = models::load_scenario(file, options->overrides);
      std::printf("%s: ok (%zu categories, %zu departments, %zu townships, mode %s)\n", file.c_str(),
                  scenario.categories.size(), scenario.departments.size(), scenario.townships.size(),
                  scenario.run.mode.c_str());
    }
  });
}

void add_describe_command(CLI::App& app) {
  auto markdown = std::make_shared<bool>(false);
  CLI::App* describe = app.add_subcommand("describe", "List every scenario parameter: type, unit, default, range, meaning");
  describe->add_flag("--markdown", *markdown, "Print a Markdown table (the reference in docs/scenario.md)");
  describe->callback([markdown] {
    const std::vector<models::ParameterInfo> parameters = models::scenario_parameters();
    if (*markdown) {
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
