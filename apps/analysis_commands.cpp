#include "apps/analysis_commands.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/analyze.hpp"
#include "analysis/discovery_report.hpp"
#include "analysis/prim.hpp"
#include "analysis/scenario_discovery.hpp"
#include "apps/option_checks.hpp"
#include "analysis/findings.hpp"
#include "analysis/findings_output.hpp"
#include "analysis/report.hpp"
#include "analysis/sweep_results.hpp"
#include "experiments/posterior_design.hpp"
#include "experiments/results_database.hpp"
#include "experiments/sweep_runner.hpp"
#include "experiments/sweep_spec.hpp"
#include "models/config_node.hpp"
#include "models/output_file.hpp"
#include "models/output_folder.hpp"
#include "models/governance/model_version.hpp"
#include "tiaokuai/version.hpp"

namespace tiaokuai::apps {
namespace {

// As `tiaokuai sweep`: the experiment ran, but some runs failed.
constexpr int exit_some_failed = 3;

// The results database in `folder`, which is created if absent (as every
// output folder is: models::OutputFolder, so a path that is a file or cannot
// be created is the user's error, exit 2) and removed again if the database
// is refused (a database this call created is removed by ResultsDatabase
// itself).
std::unique_ptr<experiments::ResultsDatabase> open_in_new_or_existing_folder(const std::string& folder, const std::string& db,
                                                                             const experiments::SweepSpec& spec) {
  models::OutputFolder output_folder(folder);
  auto database = std::make_unique<experiments::ResultsDatabase>(db, spec);
  output_folder.keep();  // it holds the database now, to resume from
  return database;
}

// A finding tested on failed or missing runs would be a finding about
// fewer replications than it says: name the runs instead of printing any.
void refuse_untested_findings(const analysis::SweepResults& results) {
  const analysis::Completeness& completeness = results.completeness;
  std::fprintf(stderr, "tiaokuai: %s: %s, so the findings are not tested; no findings printed\n", results.database.c_str(),
               completeness.summary().c_str());
  for (const analysis::FailedRun& run : completeness.failed) {
    // Labels and messages come from the database: print them as one safe line each.
    std::fprintf(stderr, "  failed: run %zu (%s, replication %d): %s\n", run.run, models::printable_line(run.point).c_str(), run.replication,
                 models::printable_line(run.message).c_str());
  }
  if (completeness.done < completeness.expected) {
    std::fprintf(stderr, "  %zu runs not yet run: run the same command again to finish them\n", completeness.expected - completeness.done);
  }
}

// A --sweep without a variant of a role the findings compare is refused
// before any run, not after the whole experiment has run.
void refuse_sweep_without_study_roles(const experiments::SweepSpec& spec) {
  std::string missing;
  for (const std::string& role : analysis::study_roles()) {
    const bool present = std::any_of(spec.points.begin(), spec.points.end(), [&](const auto& point) { return point.role == role; });
    if (!present) missing += (missing.empty() ? "" : ", ") + role;
  }
  if (!missing.empty()) {
    throw models::ConfigError({spec.file, 0, 0}, "variants",
                              "the findings compare variants of roles this sweep does not declare: " + missing +
                                  " (give each variant its role:, as scenarios/sweeps/reproduce.yaml does)");
  }
}

}  // namespace

void add_analyze_command(CLI::App& app) {
  struct Options {
    std::string db, csv, report, base, discover;
    std::vector<std::string> metrics;
    double precision = 0.02;
    analysis::PrimSettings discovery;
    bool json = false;
    bool all_pairs = false;
    bool allow_incomplete = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "analyze", "Effects, metamodel, sensitivity and network metrics of a sweep's results; scenario discovery (--discover)");
  command->add_option("db", options->db, "Results database written by tiaokuai sweep (or, with --discover, a calibration database)")->required()->check(non_empty_path);
  // The options of a sweep's analysis, refused with a calibration database.
  std::vector<std::pair<std::string, CLI::Option*>> sweep_only;
  sweep_only.emplace_back("--metric", command->add_option("--metric", options->metrics, "Metric to analyse (repeatable; default: the key metrics)"));
  sweep_only.emplace_back(
      "--base",
      command->add_option("--base", options->base, "Label of the base point (default: base, else the variant of role status_quo, else a full factorial's centre cell, else the first)")
          ->check(CLI::Validator([](std::string& label) { return label.empty() ? std::string("expected a point label, got an empty one") : ""; },
                                 "LABEL")));
  sweep_only.emplace_back("--precision",
                          command->add_option("--precision", options->precision, "Target 95 % half-width as a share of the mean, for replications needed")
                              ->check(finite_positive_number)
                              ->check(CLI::Range(1e-6, 10.0)));
  sweep_only.emplace_back("--all-pairs", command->add_flag("--all-pairs", options->all_pairs, "Effects for every pair of points, not only against the base"));
  sweep_only.emplace_back("--allow-incomplete",
                          command->add_flag("--allow-incomplete", options->allow_incomplete,
                                            "Sobol indices from the complete Saltelli blocks of an incomplete sweep (labelled so)"));
  CLI::Option* discover =
      command->add_option("--discover", options->discover,
                          "Scenario discovery (PRIM): the input region where 'METRIC < VALUE' holds (or <=, >, >=); "
                          "also on a calibration database");
  command->add_option("--discover-density", options->discovery.density_threshold,
                      "Choose the first box of the peeling trajectory at least this dense, in (0, 1] (default: 0.8)")
      ->check(finite_positive_number)
      ->check(number_from_to(0, 1))
      ->needs(discover);
  command->add_option("--discover-min-mass", options->discovery.min_mass,
                      "Stop peeling before a box holds less than this share of the cases, in (0, 1] (default: 0.05)")
      ->check(finite_positive_number)
      ->check(number_from_to(0, 1))
      ->needs(discover);
  command->add_flag("--json", options->json, "Print the analysis as JSON");
  command->add_option("--csv", options->csv, "Also write the tables as CSV files to this folder")->check(non_empty_path);
  command->add_option("--report", options->report, "Also write an HTML report with plots to this folder (needs gnuplot)")->check(non_empty_path);
  command->callback([options, discover, sweep_only] {
    // --discover '' (or blanks) is a malformed condition, refused as one,
    // not a request for no discovery; it is checked before any analysis.
    std::optional<analysis::DiscoveryCondition> condition;
    if (discover->count() > 0) condition = analysis::parse_discovery_condition(options->discover);
    // A calibration database holds candidates to discover in, but no sweep
    // to analyse: the options of a sweep's analysis would be ignored.
    const bool calibration = condition && experiments::is_calibration_database(options->db);
    if (calibration) {
      for (const auto& [name, option] : sweep_only) {
        if (option->count() == 0) continue;
        throw models::ConfigError({name, 0, 0}, "",
                                  "applies to sweep databases, and " + options->db +
                                      " is a calibration database, in which analyze does scenario discovery (--discover) only");
      }
    }
    std::optional<analysis::SweepResults> results;
    nlohmann::ordered_json json;
    if (!calibration) {
      results = analysis::SweepResults::load(options->db);
      json = analysis::analyze(*results, {options->metrics, options->base, options->precision, options->all_pairs, options->allow_incomplete});
    }
    if (condition) {
      const analysis::DiscoveryCases cases = calibration ? analysis::calibration_cases(options->db, condition->metric)
                                                         : analysis::sweep_cases(*results, condition->metric);
      json["discovery"] = analysis::discover(cases, *condition, options->discovery);
    }
    // The output folders are created (or refused) before anything is
    // printed: a refused --csv or --report prints no analysis. Each is
    // removed again if its files cannot be written.
    std::optional<models::OutputFolder> csv_folder, report_folder;
    if (!options->csv.empty()) csv_folder.emplace(options->csv);
    if (!options->report.empty()) report_folder.emplace(options->report);
    if (options->json) {
      std::printf("%s\n", json.dump(2).c_str());
    } else {
      if (results) analysis::print_analysis(json, stdout);
      if (json.contains("discovery")) analysis::print_discovery(json["discovery"], stdout);
    }
    if (csv_folder) analysis::write_analysis_csv(json, options->csv);
    if (report_folder) {
      if (results) {
        // The discovery goes first: it answers the question this call asked.
        const analysis::ReportSection discovery = json.contains("discovery") ? analysis::discovery_section(json["discovery"]) : analysis::ReportSection{};
        analysis::write_report(*results, json, options->report, discovery);
      } else {
        analysis::write_discovery_report(json["discovery"], options->report);
      }
      std::printf("\nreport: %s/index.html\n", options->report.c_str());
    }
    if (csv_folder) csv_folder->keep();
    if (report_folder) report_folder->keep();
  });
}

namespace {

// The bundled experiment: scenarios/sweeps/reproduce.yaml of the current
// folder when there is one (a student in the repository sees that path in
// every output), else the copy in the source tree tiaokuai was built from.
std::string default_reproduce_sweep() {
  const std::string bundled = "scenarios/sweeps/reproduce.yaml";
  if (std::filesystem::is_regular_file(bundled)) return bundled;
  return std::string(TIAOKUAI_SCENARIO_DIR) + "/sweeps/reproduce.yaml";
}

struct ReproduceOptions {
  std::string sweep = default_reproduce_sweep();
  std::string out = "reproduce";
  int replications = 0;                  // at the calibrated point; 0: the sweep file's
  std::optional<std::size_t> draws;      // posterior draws; unset: the file's; 0: no robustness
  int draw_replications = 0;             // per variant within a draw; 0: the file's
  bool quick = false;
  unsigned jobs = 0;
};

// --quick: enough to show a class how the table is built in under a
// minute, not enough to rely on (the table says so).
constexpr int quick_replications = 10;
constexpr std::size_t quick_draws = 20;
constexpr int quick_draw_replications = 1;

// Reads a finished sweep's results back; refuses findings on failed or
// missing runs.
analysis::SweepResults load_complete(const std::string& db) {
  analysis::SweepResults results = analysis::SweepResults::load(db);
  if (!results.completeness.complete()) {
    refuse_untested_findings(results);
    throw CLI::RuntimeError(exit_some_failed);
  }
  return results;
}

// The robustness sweep the options ask for: every variant in each
// posterior draw, or none (a file without a posterior: block, --draws 0).
// --quick asks for 20 draws only of a file that has a block.
std::optional<experiments::SweepSpec> draws_sweep(const ReproduceOptions& options) {
  const int draw_replications = options.draw_replications > 0 ? options.draw_replications : options.quick ? quick_draw_replications : 0;
  if (options.draws && *options.draws == 0) {
    if (options.draw_replications > 0) throw models::ConfigError({"--draw-replications", 0, 0}, "", "has no draws to run with --draws 0");
    return std::nullopt;
  }
  experiments::SweepSpec declared = experiments::load_sweep(options.sweep, {draw_replications, options.draws});
  if (declared.posterior_draws == 0) {
    if (options.draw_replications > 0) {
      throw models::ConfigError({options.sweep, 0, 0}, "posterior", "--draw-replications needs a posterior: block, and this sweep has none");
    }
    return std::nullopt;
  }
  if (options.quick && !options.draws) return experiments::load_sweep(options.sweep, {draw_replications, quick_draws});
  return declared;
}

void reproduce(const ReproduceOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  const int point_replications = options.replications > 0 ? options.replications : options.quick ? quick_replications : 0;
  experiments::SweepLoadOptions at_point{point_replications, std::size_t{0}};
  const experiments::SweepSpec point_spec = experiments::load_sweep(options.sweep, at_point);
  refuse_sweep_without_study_roles(point_spec);
  const std::optional<experiments::SweepSpec> draws_spec = draws_sweep(options);
  const std::filesystem::path out(options.out);
  const std::string point_db = (out / "reproduce.db").string(), draws_db = (out / "robustness.db").string();
  {
    // Both databases are opened (a resumed one checked against these
    // options) before either sweep runs: a refusal comes at once.
    const std::unique_ptr<experiments::ResultsDatabase> at_point_database = open_in_new_or_existing_folder(options.out, point_db, point_spec);
    std::unique_ptr<experiments::ResultsDatabase> draws_database;
    if (draws_spec) draws_database = open_in_new_or_existing_folder(options.out, draws_db, *draws_spec);
    const std::atomic<bool> no_stop{false};
    std::fprintf(stderr, "at the calibrated point: %zu variants x %d replications = %zu runs into %s\n", point_spec.points.size(),
                 point_spec.replications, point_spec.run_count(), point_db.c_str());
    experiments::run_sweep(point_spec, *at_point_database, {options.jobs, 0, true}, no_stop);
    if (draws_spec) {
      std::fprintf(stderr, "over the posterior draws: %zu points x %d replications = %zu runs into %s\n", draws_spec->points.size(),
                   draws_spec->replications, draws_spec->run_count(), draws_db.c_str());
      experiments::run_sweep(*draws_spec, *draws_database, {options.jobs, 0, true}, no_stop);
    }
  }
  const analysis::SweepResults at_point_results = load_complete(point_db);
  std::optional<analysis::SweepResults> draws_results;
  if (draws_spec) draws_results = load_complete(draws_db);
  const analysis::Findings findings = analysis::study_findings(at_point_results, draws_results ? &*draws_results : nullptr);

  if (options.quick) {
    std::printf("QUICK MODE (--quick): %d replications and %zu posterior draws of %d replication, for teaching; the intervals and "
                "robustness shares are rough. Run without --quick before citing a verdict.\n\n",
                point_spec.replications, draws_spec ? draws_spec->posterior_draws : 0, draws_spec ? draws_spec->replications : 0);
  }
  std::printf("The W-county study's findings: %zu variants x %d replications at the calibrated point (paired, 95 %% intervals)",
              point_spec.points.size(), point_spec.replications);
  if (draws_spec) {
    std::printf("; robustness over %zu posterior draws x %d replications", draws_spec->posterior_draws, draws_spec->replications);
  } else {
    std::printf("; robustness not measured (the sweep has no posterior: block, or --draws 0)");
  }
  std::printf("\n\n");
  analysis::print_findings(findings, stdout);

  analysis::FindingsMetadata metadata;
  metadata.tiaokuai_version = tiaokuai::version;
  metadata.git_commit = tiaokuai::git_commit;
  metadata.model_version = std::to_string(models::governance::model_version);
  metadata.sweep_file = options.sweep;
  metadata.quick = options.quick;
  metadata.master_seed = point_spec.master_seed;
  metadata.replications_at_point = point_spec.replications;
  metadata.at_point_fingerprint = point_spec.fingerprint;
  if (draws_spec) {
    metadata.posterior_draws = draws_spec->posterior_draws;
    metadata.replications_per_draw = draws_spec->replications;
    metadata.over_draws_fingerprint = draws_spec->fingerprint;
    metadata.posterior_files = draws_spec->posterior_files;
  }
  models::OutputFile json(out / "findings.json");
  json.write(analysis::findings_json(findings, metadata).dump(2) + "\n");
  json.commit();
  const nlohmann::ordered_json analysis_json = analysis::analyze(at_point_results, {});
  const std::string report = (out / "report").string();
  try {
    analysis::write_report(at_point_results, analysis_json, report, {analysis::findings_html(findings), {}});
    std::printf("\nfindings.json and the report (report/index.html) are in %s; docs/reproduce.md explains each row\n", options.out.c_str());
  } catch (const std::runtime_error& error) {
    // The findings stand without the plots; say why the report is missing.
    std::fprintf(stderr, "tiaokuai: warning: no report: %s\n", error.what());
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::fprintf(stderr, "reproduce took %.0f s\n", seconds);
}

}  // namespace

void add_reproduce_command(CLI::App& app) {
  auto options = std::make_shared<ReproduceOptions>();
  CLI::App* command = app.add_subcommand("reproduce", "Run the W-county study's experiment and test its findings");
  command->add_option("--replications", options->replications,
                      "Replications per variant at the calibrated point (default: the sweep file's, 40)")
      ->check(CLI::Range(2, 100000));
  command->add_option("--draws", options->draws,
                      "Posterior draws for robustness (default: the sweep file's posterior.draws, 100; 0: robustness not measured)")
      ->check(CLI::Range(0, 100000));
  command->add_option("--draw-replications", options->draw_replications,
                      "Replications per variant within a draw (default: the sweep file's posterior.replications, 2)")
      ->check(CLI::Range(1, 100000));
  command->add_flag("--quick", options->quick,
                    "For teaching: 10 replications and 20 draws of 1 replication unless given; rough, and labelled so");
  command->add_option("--jobs,-j", options->jobs, "Threads (default: all cores)")->check(CLI::Range(1u, 4096u));
  command->add_option("--out", options->out, "Folder for the databases, findings and report (default: reproduce)")->check(non_empty_path);
  command->add_option("--sweep", options->sweep, "The experiment (default: scenarios/sweeps/reproduce.yaml of the current folder, else of the source tree)")->check(non_empty_path);
  command->callback([options] { reproduce(*options); });
}

}  // namespace tiaokuai::apps
