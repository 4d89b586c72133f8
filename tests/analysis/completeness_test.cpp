// Partial and failed sweeps: what the results say about how complete they
// are, effects from complete pairs only, and Sobol indices refused from
// incomplete Saltelli blocks unless asked for.
#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <string>

#include "analysis/analyze.hpp"
#include "analysis/sweep_results.hpp"
#include "experiments/results_database.hpp"
#include "experiments/sweep_runner.hpp"
#include "experiments/sweep_spec.hpp"
#include "models/config_node.hpp"
#include "tests/scratch_folder.hpp"

using namespace tiaokuai;

namespace {

// Runs the first `limit` runs (0: all) of a test sweep into the folder.
analysis::SweepResults partial_sweep(const ScratchFolder& folder, const std::string& sweep, std::size_t limit) {
  const auto spec = experiments::load_sweep(std::string(TIAOKUAI_TEST_DATA_DIR) + "/sweeps/" + sweep);
  const std::string db = (folder.path() / "results.db").string();
  {
    experiments::ResultsDatabase database(db, spec);
    const std::atomic<bool> no_stop{false};
    experiments::run_sweep(spec, database, {2, limit, false}, no_stop);
  }
  return analysis::SweepResults::load(db);
}

}  // namespace

TEST_CASE("a partial sweep counts its runs and says so in the analysis") {
  const ScratchFolder folder("completeness-partial");
  // small-many: 4 points x 40 replications; 45 runs are all of point 0 and
  // replications 0-4 of point 1.
  const auto results = partial_sweep(folder, "small-many.yaml", 45);
  CHECK(results.completeness.expected == 160);
  CHECK(results.completeness.done == 45);
  CHECK(results.completeness.failed.empty());
  CHECK_FALSE(results.completeness.complete());
  CHECK(results.completeness.summary() == "45 of 160 runs");

  const auto json = analysis::analyze(results, {{"satisfaction"}, "", 0.02});
  CHECK(json["completeness"]["runs_expected"] == 160);
  CHECK(json["completeness"]["runs_done"] == 45);
  CHECK(json["completeness"]["runs_failed"] == 0);
  CHECK(json["completeness"]["complete"] == false);
  std::string text;
  {
    char* buffer = nullptr;
    std::size_t size = 0;
    std::FILE* out = open_memstream(&buffer, &size);
    analysis::print_analysis(json, out);
    std::fclose(out);
    text = buffer;
    std::free(buffer);
  }
  CHECK(text.find("INCOMPLETE: 45 of 160 runs") != std::string::npos);
}

TEST_CASE("effects use only the replications done at both points") {
  const ScratchFolder folder("completeness-pairs");
  const auto results = partial_sweep(folder, "small-many.yaml", 45);
  const std::size_t m = results.metric("satisfaction");
  const analysis::PairedSample pairs = results.paired(1, m, 0, m);
  REQUIRE(pairs.treatment.size() == 5);
  for (int r = 0; r < 5; ++r) {
    CHECK(pairs.treatment[static_cast<std::size_t>(r)] == results.value(1, r, m));
    CHECK(pairs.base[static_cast<std::size_t>(r)] == results.value(0, r, m));
  }
  CHECK(results.paired(2, m, 0, m).treatment.empty());
  CHECK(results.sample(0, m).size() == 40);  // the base alone has all 40

  const auto json = analysis::analyze(results, {{"satisfaction"}, "", 0.02});
  const auto& effects = json["effects"];
  REQUIRE(effects.size() == 3);
  CHECK(effects[0]["pairs"] == 5);
  double mean = 0;
  for (const double v : pairs.base) mean += v / 5;
  CHECK(effects[0]["base_mean"].get<double>() == doctest::Approx(mean));  // not the mean of all 40
  CHECK(effects[1]["pairs"] == 0);
}

TEST_CASE("failed runs are listed with their point, replication and message") {
  const ScratchFolder folder("completeness-failed");
  // small-failing: every run exceeds its event budget.
  const auto results = partial_sweep(folder, "small-failing.yaml", 0);
  CHECK(results.completeness.done == results.completeness.expected);
  REQUIRE(results.completeness.failed.size() == results.completeness.expected);
  CHECK(results.completeness.summary() == std::to_string(results.completeness.expected) + " of " +
                                               std::to_string(results.completeness.expected) + " runs; " +
                                               std::to_string(results.completeness.expected) + " failed");
  const analysis::FailedRun& last = results.completeness.failed.back();
  CHECK(last.run == results.completeness.expected - 1);
  CHECK(last.point == results.labels.back());
  CHECK(last.replication == results.replications - 1);
  CHECK(last.message.find("run.max_events") != std::string::npos);
  CHECK_THROWS_WITH_AS(analysis::analyze(results, {}), doctest::Contains("no successful run to analyse"), models::ConfigError);
}

TEST_CASE("Sobol indices from incomplete Saltelli blocks are refused unless asked for, then use complete blocks only") {
  const ScratchFolder folder("completeness-saltelli");
  // small-saltelli: 4 blocks of 4 points x 2 replications; 20 runs leave
  // blocks 0 and 1 complete, 2 and 3 not.
  const auto partial = partial_sweep(folder, "small-saltelli.yaml", 20);
  CHECK_THROWS_WITH_AS(analysis::analyze(partial, {{"satisfaction"}, "", 0.02}),
                       doctest::Contains("2 of the 4 Saltelli blocks (A, B and AB rows of a base sample) lack runs"), models::ConfigError);
  const auto allowed = analysis::analyze(partial, {{"satisfaction"}, "", 0.02, false, true});
  REQUIRE(allowed["sobol"].size() == 2);
  CHECK(allowed["sobol"][0]["blocks"] == 4);
  CHECK(allowed["sobol"][0]["complete_blocks"] == 2);

  const ScratchFolder whole_folder("completeness-saltelli-whole");
  const auto whole = partial_sweep(whole_folder, "small-saltelli.yaml", 0);
  const auto complete = analysis::analyze(whole, {{"satisfaction"}, "", 0.02});
  CHECK(complete["sobol"][0]["complete_blocks"] == 4);
  CHECK(complete["completeness"]["complete"] == true);
}
