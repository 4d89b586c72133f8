// analyze and the report on a small sweep run here.
#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <fstream>
#include <sstream>

#include "analysis/analyze.hpp"
#include "analysis/findings.hpp"
#include "analysis/report.hpp"
#include "analysis/sweep_results.hpp"
#include "experiments/results_database.hpp"
#include "experiments/sweep_runner.hpp"
#include "experiments/sweep_spec.hpp"
#include "models/config_node.hpp"
#include "tests/scratch_folder.hpp"

using namespace tiaokuai;

namespace {

std::string run_sweep_into(const ScratchFolder& folder, const std::string& sweep_file) {
  const auto spec = experiments::load_sweep(sweep_file);
  const std::string db = (folder.path() / "results.db").string();
  experiments::ResultsDatabase database(db, spec);
  const std::atomic<bool> no_stop{false};
  experiments::run_sweep(spec, database, {2, 0, false}, no_stop);
  return db;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("analyze reports effects against the base, precision, a metamodel and the call network") {
  ScratchFolder folder("analyze");
  const auto results = analysis::SweepResults::load(run_sweep_into(folder, std::string(TIAOKUAI_TEST_DATA_DIR) + "/sweeps/small-factorial.yaml"));
  CHECK(results.points() == 4);
  const auto json = analysis::analyze(results, {});
  CHECK(json["base"] == results.labels[0]);
  CHECK(json["effects"].size() == 3 * analysis::key_metrics().size());
  CHECK(json["precision"].size() == analysis::key_metrics().size());
  // Every pair of the 4 points: 6 comparisons per metric.
  CHECK(analysis::analyze(results, {{"rates.shirking"}, "", 0.02, true})["effects"].size() == 6);
  REQUIRE(json.contains("metamodel"));
  CHECK(json["metamodel"][0]["terms"].size() == 4);  // intercept, two levers, their interaction
  // In a balanced factorial the levers are orthogonal, so a standardised
  // main effect is a correlation: within [-1, 1].
  for (const auto& fit : json["metamodel"]) {
    CHECK(fit["r_squared"].get<double>() >= 0.0);
    CHECK(fit["r_squared"].get<double>() <= 1.0);
    for (std::size_t t = 1; t <= 2; ++t) CHECK(std::abs(fit["terms"][t]["coefficient"].get<double>()) <= 1.0 + 1e-9);
  }
  CHECK(json["network"].size() == 2);
  CHECK_THROWS_WITH_AS(analysis::analyze(results, {{"rates.shirkin"}, "", 0.02}), doctest::Contains("did you mean 'rates.shirking'"),
                       models::ConfigError);
}

TEST_CASE("the report of a simulated factorial renders every figure with its caption and standalone files") {
  ScratchFolder folder("report");
  const auto results = analysis::SweepResults::load(run_sweep_into(folder, std::string(TIAOKUAI_TEST_DATA_DIR) + "/sweeps/small-factorial.yaml"));
  const auto json = analysis::analyze(results, {});
  analysis::write_report(results, json, (folder.path() / "report").string());
  std::ifstream in(folder.path() / "report" / "index.html");
  std::ostringstream text;
  text << in.rdbuf();
  const std::string html = text.str();
  // A factorial's main effects and interactions, then the latency CDF, the
  // replications' boxes, the per-period envelopes, the heatmap, the network.
  CHECK(count(html, "<svg") == 7);
  CHECK(count(html, "<figcaption>") == 7);
  for (const char* title : {"Main effects on", "Interactions on", "Resolution latency distribution", "Distribution over replications",
                            "Per-period outcomes over the run", "Response latency by township and department", "The realised call network"}) {
    CAPTURE(title);
    CHECK(html.find(title) != std::string::npos);
  }
  for (const char* name : {"main_effects", "interactions", "latency_cdf", "replications", "periods", "heatmap", "network"}) {
    CAPTURE(name);
    CHECK(std::filesystem::exists(folder.path() / "report" / "figures" / (std::string(name) + ".svg")));
    CHECK(std::filesystem::exists(folder.path() / "report" / "figures" / (std::string(name) + ".csv")));
  }
  CHECK(html.find("resolution latency (hours, log scale)") != std::string::npos);  // axis titles carry units
  CHECK_FALSE(std::filesystem::exists(folder.path() / "report" / ".plots"));       // scratch files are gone
}
