#include "apps/run_command.hpp"

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "apps/option_checks.hpp"
#include "models/governance/governance_model.hpp"
#include "models/governance/run_outputs.hpp"
#include "models/governance/run_summary.hpp"
#include "models/scenario_schema.hpp"
#include "tiaokuai/version.hpp"

namespace tiaokuai::apps {
namespace {

struct RunOptions {
  std::string scenario;
  std::optional<std::uint64_t> seed;
  std::uint64_t run_index = 0;
  std::vector<std::string> overrides;
  std::string out;
  bool without_issues = false;
  bool json = false;
};

nlohmann::ordered_json manifest(const RunOptions& options, const models::Scenario& scenario) {
  nlohmann::ordered_json json;
  json["tiaokuai"] = {{"version", tiaokuai::version}, {"git_commit", tiaokuai::git_commit}};
  json["scenario_file"] = options.scenario;
  json["overrides"] = options.overrides;
  json["seed"] = scenario.run.seed;
  json["run_index"] = options.run_index;
  json["scenario"] = models::scenario_json(scenario);
  return json;
}

void run(const RunOptions& options) {
  std::vector<std::string> overrides = options.overrides;
  if (options.seed) overrides.push_back("run.seed=" + std::to_string(*options.seed));
  const models::Scenario scenario = models::load_scenario(options.scenario, overrides);
  std::unique_ptr<models::governance::RunOutputDirectory> outputs;
  if (!options.out.empty()) outputs = std::make_unique<models::governance::RunOutputDirectory>(options.out, scenario, !options.without_issues);

  const auto started = std::chrono::steady_clock::now();
  models::governance::GovernanceModel model(scenario, options.run_index, outputs.get());
  const models::governance::RunReport report = model.run();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  if (outputs) outputs->commit(report, models::Organisation(scenario), manifest(options, scenario));
  if (options.json) {
    std::printf("%s\n", models::governance::summary_json(report).dump(2).c_str());
  } else {
    models::governance::print_summary(report, stdout);
    if (!options.out.empty()) std::printf("\noutputs in %s (see docs/outputs.md)\n", options.out.c_str());
  }
  // Wall time varies from run to run, so it goes to stderr, never into
  // outputs; after the summary, so that a terminal shows them in order.
  std::fflush(stdout);
  std::fprintf(stderr, "ran in %.2f s (%.1f M events/s)\n", seconds, static_cast<double>(report.events) / seconds / 1e6);
}

}  // namespace

void add_run_command(CLI::App& app) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* command = app.add_subcommand("run", "Run one scenario and print its summary");
  command->add_option("scenario", options->scenario, "Scenario YAML file (e.g. scenarios/w-county.yaml)")->required();
  command->add_option("--seed", options->seed, "Master seed (overrides run.seed)")->check(whole_number_0_to_2_64);
  command->add_option("--run-index", options->run_index, "Run index: a second key of the random streams (replications)")
      ->check(whole_number_0_to_2_64);
  command->add_option("--set", options->overrides, "Override a parameter, key.path=value (repeatable)");
  command->add_option("--out", options->out, "Write summary.json, manifest.json and the CSV files to this folder")->check(non_empty_path);
  command->add_flag("--without-issues", options->without_issues,
                    "With --out: leave out issues.csv, one row per issue (a year of the city is about 3 GB of it)");
  command->add_flag("--json", options->json, "Print the summary as JSON");
  command->callback([options] { run(*options); });
}

}  // namespace tiaokuai::apps
