// Variants crossed with posterior draws (a posterior: block of design:
// variants, docs/sweeps.md) and the posterior.csv reader behind it
// (experiments/posterior_design.hpp).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "experiments/posterior_design.hpp"
#include "experiments/sweep_spec.hpp"
#include "models/config_node.hpp"
#include "models/scenario_schema.hpp"
#include "sim/random_stream.hpp"
#include "tests/scratch_folder.hpp"

using namespace tiaokuai;
using experiments::load_sweep;
using experiments::read_posterior_csv;
using experiments::SweepLoadOptions;
using experiments::systematic_resample;

namespace {

const std::string small_county = std::string(TIAOKUAI_TEST_DATA_DIR) + "/small-county.yaml";

// Three particles of two parameters of the small county, one of them whole numbers.
const std::string good_csv =
    "particle,weight,distance,levers.incentive_weight,departments.0.staff\n"
    "0,0.5,0.1,0.125,2.4\n"
    "1,0.3,,0.25,3.6\n"
    "2,0.2,0.3,0.75,5\n";

// The message read_posterior_csv refuses `text` with.
std::string csv_refusal(const std::string& text) {
  ScratchFolder folder("posterior-csv-refusal");
  try {
    read_posterior_csv(folder.write("posterior.csv", text));
  } catch (const models::ConfigError& error) {
    return error.what();
  }
  return "no error";
}

bool contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return true;
  MESSAGE(text);
  return false;
}

// A variants sweep of the small county beside posterior.csv, with `block`
// as its posterior: block.
std::string variants_sweep(const std::string& block, const std::string& extra = "") {
  return "base: " + small_county +
         "\ndesign: variants\nreplications: 3\nmaster_seed: 3\nset:\n  run.horizon_days: 60\n" + extra + block +
         "variants:\n  - name: status_quo\n  - name: rewarded\n    set: {levers.reward: 2}\n"
         "  - name: staffed\n    set: {departments.0.staff: 7}\n";
}

const std::string one_file = "posterior:\n  draws: 4\n  replications: 2\n  files: [posterior.csv]\n";

std::string sweep_error(const std::string& text, const SweepLoadOptions& options = {}) {
  ScratchFolder folder("posterior-variants-errors");
  folder.write("posterior.csv", good_csv);
  try {
    load_sweep(folder.write("bad.yaml", text), options);
  } catch (const models::ConfigError& error) {
    return error.what();
  }
  return "no error";
}

// The value at `path` of the scenario of point p, as the runs see it.
std::string scenario_value(const experiments::SweepSpec& spec, std::size_t p, const char* part, int index, const char* key) {
  const auto json = models::scenario_json(spec.scenarios.at(p));
  const auto& node = index < 0 ? json.at(part).at(key) : json.at(part).at(static_cast<std::size_t>(index)).at(key);
  return node.dump();
}

}  // namespace

TEST_CASE("a posterior.csv of tiaokuai calibrate is read as stored, integer parameters marked") {
  ScratchFolder folder("posterior-csv");
  const experiments::PosteriorSample sample = read_posterior_csv(folder.write("posterior.csv", good_csv));
  CHECK(sample.method == "csv");
  CHECK(sample.paths == std::vector<std::string>{"levers.incentive_weight", "departments.0.staff"});
  CHECK(sample.integer == std::vector<bool>{false, true});
  CHECK(sample.particles == std::vector<std::int64_t>{0, 1, 2});
  CHECK(sample.weights == std::vector<double>{0.5, 0.3, 0.2});
  CHECK(sample.values[1] == std::vector<double>{0.25, 3.6});
  CHECK(sample.values[2] == std::vector<double>{0.75, 5});
  // Windows line ends, a quoted field and a path in the list spelling.
  const auto quoted = read_posterior_csv(
      folder.write("quoted.csv", "particle,weight,distance,\"departments[1].staff\"\r\n0,1,,3\r\n"));
  CHECK(quoted.paths == std::vector<std::string>{"departments.1.staff"});
  CHECK(quoted.values == std::vector<std::vector<double>>{{3}});
  // read_posterior_file picks the reader by the name.
  CHECK(experiments::read_posterior_file((folder.path() / "posterior.csv").string()).method == "csv");
}

TEST_CASE("read_posterior_csv refuses what it cannot trust, naming the file, line and column") {
  ScratchFolder folder("posterior-csv-missing");
  const std::string missing = (folder.path() / "nowhere.csv").string();
  CHECK_THROWS_WITH(read_posterior_csv(missing),
                    (missing + ": no such posterior file (tiaokuai calibrate TARGETS writes posterior.csv)").c_str());
  CHECK(contains(csv_refusal(""), "posterior.csv:1:1: an empty file, not a posterior.csv"));
  CHECK(contains(csv_refusal("particle,weight,levers.reward\n0,1,2\n"),
                 "posterior.csv:1:17: distance: missing column 'distance' (column 3 of the header"));
  CHECK(contains(csv_refusal("weight,particle,distance,levers.reward\n1,0,,2\n"),
                 "posterior.csv:1:1: particle: missing column 'particle'"));
  CHECK(contains(csv_refusal("particle,weight,distance,levers.rewrd\n0,1,,2\n"),
                 "posterior.csv:1:26: levers.rewrd: unknown column: 'levers.rewrd' is not a declared scenario parameter "
                 "(did you mean 'levers.reward'?)"));
  CHECK(contains(csv_refusal("particle,weight,distance,levers.lead_department\n0,1,,1\n"),
                 "posterior.csv:1:26: levers.lead_department: a boolean parameter; a posterior draws real and integer "
                 "parameters only"));
  CHECK(contains(csv_refusal("particle,weight,distance,levers.reward,levers.reward\n0,1,,2,2\n"),
                 "posterior.csv:1:40: levers.reward: the column levers.reward comes twice"));
  CHECK(contains(csv_refusal("particle,weight,distance\n0,1,\n"),
                 "posterior.csv:1:1: no parameter columns after particle,weight,distance"));
  CHECK(contains(csv_refusal("particle,weight,distance,levers.reward\n0,1,,2\n1,1,,lots\n"),
                 "posterior.csv:3:6: levers.reward: 'lots' is not a finite number"));
  CHECK(contains(csv_refusal("particle,weight,distance,levers.reward\n0,1,,inf\n"),
                 "posterior.csv:2:6: levers.reward: 'inf' is not a finite number"));
  CHECK(contains(csv_refusal("particle,weight,distance,levers.reward\n0,1,,nan\n"),
                 "posterior.csv:2:6: levers.reward: 'nan' is not a finite number"));
  CHECK(contains(csv_refusal("particle,weight,distance,levers.reward\n0,-0.5,,2\n"),
                 "posterior.csv:2:3: weight: '-0.5' is negative; a posterior weight must be a finite number, not negative"));
  CHECK(contains(csv_refusal("particle,weight,distance,levers.reward\n0,heavy,,2\n"),
                 "posterior.csv:2:3: weight: 'heavy' is not a finite number"));
  CHECK(contains(csv_refusal("particle,weight,distance,levers.reward\n0,0,,2\n1,0,,3\n"),
                 "posterior.csv:1:10: weight: the weights sum to 0, not a positive finite number"));
  CHECK(contains(csv_refusal("particle,weight,distance,levers.reward\n"),
                 "posterior.csv:2:1: no rows: the posterior has no particles"));
  CHECK(contains(csv_refusal("particle,weight,distance,levers.reward\n0,1,,2,5\n"),
                 "posterior.csv:2:8: 5 fields where the header has 4"));
  CHECK(contains(csv_refusal("particle,weight,distance,levers.reward\n0.5,1,,2\n"),
                 "posterior.csv:2:1: particle: '0.5' is not a whole number"));
  CHECK(contains(csv_refusal("particle,weight,distance,levers.reward\n0,1,far,2\n"),
                 "posterior.csv:2:5: distance: 'far' is not a number"));
}

TEST_CASE("variants crossed with posterior draws: draw slowest, the variant's value over the draw's") {
  ScratchFolder folder("posterior-variants");
  folder.write("posterior.csv", good_csv);
  const auto spec = load_sweep(folder.write("sweep.yaml", variants_sweep(one_file)));
  CHECK(spec.design == "variants");
  CHECK(spec.replications == 2);
  CHECK(spec.samples == 4);
  CHECK(spec.posterior_draws == 4);
  REQUIRE(spec.factors.size() == 3);
  CHECK(spec.factors[0].path == "levers.incentive_weight");
  CHECK(spec.factors[1].path == "departments.0.staff");
  CHECK(spec.factors[2].path == "levers.reward");
  REQUIRE(spec.points.size() == 12);
  REQUIRE(spec.scenarios.size() == 12);
  sim::RandomStream resample(3, 0, "posterior/resample");
  const std::vector<std::size_t> draws = systematic_resample({0.5, 0.3, 0.2}, 4, resample.uniform01());
  const std::vector<std::string> weight{"0.125", "0.25", "0.75"};
  const std::vector<std::string> staff{"2", "4", "5"};  // 2.4, 3.6 and 5, rounded
  const std::vector<std::string> names{"status_quo", "rewarded", "staffed"};
  for (std::size_t d = 0; d < 4; ++d) {
    for (std::size_t v = 0; v < 3; ++v) {
      const std::size_t p = d * 3 + v;
      CAPTURE(p);
      CHECK(spec.points[p].label == "draw:" + std::to_string(d) + " " + names[v]);
      CHECK(spec.points[p].values[0] == weight[draws[d]]);
      CHECK(spec.points[p].values[1] == (v == 2 ? "7" : staff[draws[d]]));
      CHECK(spec.points[p].values[2] == (v == 1 ? "2" : spec.factors[2].base_value));
      CHECK(scenario_value(spec, p, "departments", 0, "staff") == (v == 2 ? "7" : staff[draws[d]]));
      CHECK(scenario_value(spec, p, "levers", -1, "incentive_weight") == weight[draws[d]]);
      CHECK(scenario_value(spec, p, "run", -1, "horizon_days") == "60.0");
    }
  }
  // A pure function of the files and the master seed.
  const auto again = load_sweep(folder.write("again.yaml", variants_sweep(one_file)));
  CHECK(again.fingerprint == spec.fingerprint);
  for (std::size_t p = 0; p < spec.points.size(); ++p) CHECK(again.points[p].values == spec.points[p].values);
}

TEST_CASE("each posterior file is resampled on its own stream, and a path may come from one file only") {
  ScratchFolder folder("posterior-variants-two");
  folder.write("posterior.csv", good_csv);
  // 100 equal particles: the draws show which uniform resampled them.
  std::string misrouting = "particle,weight,distance,levers.misrouting\n";
  std::vector<std::string> levels;
  for (int i = 0; i < 100; ++i) {
    levels.push_back(experiments::format_value(i / 100.0, false));
    misrouting += std::to_string(i) + ",1,," + levels.back() + "\n";
  }
  folder.write("misrouting.csv", misrouting);
  const std::string two = "posterior:\n  draws: 5\n  files: [posterior.csv, misrouting.csv]\n";
  const auto spec = load_sweep(folder.write("sweep.yaml", variants_sweep(two)));
  CHECK(spec.replications == 1);  // the block's default, not the file's 3
  REQUIRE(spec.factors.size() == 4);
  CHECK(spec.factors[2].path == "levers.misrouting");
  CHECK(spec.posterior_files.size() == 2);
  sim::RandomStream first(3, 0, "posterior/resample");
  sim::RandomStream second(3, 1, "posterior/resample");
  const auto draws = systematic_resample({0.5, 0.3, 0.2}, 5, first.uniform01());
  auto misrouting_draws = systematic_resample(std::vector<double>(100, 1.0), 5, second.uniform01());
  // The second file's draws are shuffled (docs/sweeps.md), so that the
  // files' row orders do not decide which particles meet in a draw.
  sim::RandomStream shuffle(3, 1, "posterior/shuffle");
  for (std::size_t k = misrouting_draws.size(); k > 1; --k) std::swap(misrouting_draws[k - 1], misrouting_draws[shuffle.uniform_int(k)]);
  CHECK_FALSE(std::is_sorted(misrouting_draws.begin(), misrouting_draws.end()));
  const std::vector<std::string> weight{"0.125", "0.25", "0.75"};
  for (std::size_t d = 0; d < 5; ++d) {
    CHECK(spec.points[d * 3].values[0] == weight[draws[d]]);
    CHECK(spec.points[d * 3 + 1].values[2] == levels[misrouting_draws[d]]);
  }
  folder.write("again.csv", "particle,weight,distance,levers.incentive_weight\n0,1,,0.5\n");
  const std::string twice = folder.write("twice.yaml", variants_sweep("posterior:\n  draws: 2\n  files: [posterior.csv, again.csv]\n"));
  CHECK_THROWS_WITH_AS(load_sweep(twice),
                       doctest::Contains("twice.yaml:9:26: posterior.files[1]: levers.incentive_weight is drawn from posterior.files[0] too"),
                       models::ConfigError);
}

TEST_CASE("the posterior: block can be ignored or resized, and its files, draws and replications enter the fingerprint") {
  ScratchFolder folder("posterior-variants-options");
  const std::string csv = folder.write("posterior.csv", good_csv);
  const std::string sweep = folder.write("sweep.yaml", variants_sweep(one_file));
  const auto crossed = load_sweep(sweep);
  SweepLoadOptions plain_options;
  plain_options.posterior_draws = 0;
  const auto plain = load_sweep(sweep, plain_options);
  CHECK(plain.points.size() == 3);
  CHECK(plain.points[0].label == "status_quo");
  CHECK(plain.replications == 3);
  CHECK(plain.posterior_draws == 0);
  CHECK(plain.fingerprint == load_sweep(folder.write("no-block.yaml", variants_sweep(""))).fingerprint);
  SweepLoadOptions two_draws;
  two_draws.posterior_draws = 2;
  two_draws.replications = 5;
  const auto resized = load_sweep(sweep, two_draws);
  CHECK(resized.points.size() == 6);
  CHECK(resized.replications == 5);
  CHECK(resized.fingerprint != crossed.fingerprint);
  CHECK(load_sweep(sweep, 7).replications == 7);  // --replications replaces the block's when crossed

  // A changed posterior is another sweep, even when the draws come out the same.
  folder.write("posterior.csv", good_csv + "3,0,,0.5,6\n");
  CHECK(load_sweep(sweep).fingerprint != crossed.fingerprint);
  // The plain sweep does not read the posterior at all.
  std::filesystem::remove(csv);
  CHECK(load_sweep(sweep, plain_options).fingerprint == plain.fingerprint);
  folder.write("posterior.csv", good_csv);
  CHECK(load_sweep(sweep).fingerprint == crossed.fingerprint);
  CHECK(load_sweep(folder.write("reps.yaml", variants_sweep("posterior:\n  draws: 4\n  replications: 3\n  files: [posterior.csv]\n")))
            .fingerprint != crossed.fingerprint);
}

TEST_CASE("mistakes in a posterior: block name the sweep file's line and key") {
  CHECK(contains(sweep_error("base: " + small_county + "\ndesign: full_factorial\n" + one_file +
                             "factors:\n  - {path: levers.reward, values: [1, 2]}\n"),
                 ":3:1: posterior: only design: posterior (a calibration database) and design: variants"));
  CHECK(contains(sweep_error(variants_sweep("posterior:\n  draws: 0\n  files: [posterior.csv]\n")),
                 ":8:3: posterior.draws: out of range: 0 is not in [1"));
  CHECK(contains(sweep_error(variants_sweep("posterior:\n  draws: 40000\n  files: [posterior.csv]\n")),
                 ":8:3: posterior.draws: 40000 posterior draws x 3 variants make 120000 points, more than the limit of "
                 "100000 points"));
  CHECK(contains(sweep_error(variants_sweep("posterior:\n  draws: 4\n  replications: 0\n  files: [posterior.csv]\n")),
                 ":9:3: posterior.replications: out of range: 0 is not in [1"));
  CHECK(contains(sweep_error(variants_sweep("posterior:\n  draws: 4\n  files: []\n")),
                 "posterior.files: expected a non-empty list of posterior files"));
  CHECK(contains(sweep_error(variants_sweep("posterior:\n  draws: 4\n  files: [posterior.csv]\n  weights: flat\n")),
                 ":10:3: posterior.weights: unknown key 'weights'"));
  CHECK(contains(sweep_error(variants_sweep("posterior:\n  files: [posterior.csv]\n")), "posterior.draws: missing (required)"));
  CHECK(contains(sweep_error(variants_sweep("posterior: posterior.csv\n")),
                 "posterior: design: variants reads a posterior: block (draws, replications, files), not a single value"));
  CHECK(contains(sweep_error(variants_sweep("posterior:\n  draws: 4\n  files: [nowhere.csv]\n")),
                 ":9:11: posterior.files[0]: ") );
  CHECK(contains(sweep_error(variants_sweep("posterior:\n  draws: 4\n  files: [nowhere.csv]\n")),
                 "nowhere.csv: no such posterior file"));
  CHECK(contains(sweep_error(variants_sweep("posterior:\n  draws: 4\n  replications: 100000\n  files: [posterior.csv]\n")),
                 ":9:3: posterior.replications: 12 points x 100000 replications make 1200000 runs"));
  SweepLoadOptions draws;
  draws.posterior_draws = 3;
  CHECK(contains(sweep_error(variants_sweep(""), draws), "posterior: 3 posterior draws asked for, but this sweep has no posterior: block"));
}

TEST_CASE("a parameter the sweep's set: fixes stays fixed in every posterior draw, the others are still drawn") {
  ScratchFolder folder("posterior-variants-set-wins");
  folder.write("posterior.csv", good_csv);
  const experiments::SweepSpec spec = load_sweep(folder.write("sweep.yaml", variants_sweep(one_file, "  levers.incentive_weight: 0.5\n")));
  REQUIRE(spec.points.size() == 12);
  for (const experiments::Factor& factor : spec.factors) CHECK(factor.path != "levers.incentive_weight");
  std::vector<std::string> staff;
  for (std::size_t p = 0; p < spec.points.size(); ++p) {
    CHECK(scenario_value(spec, p, "levers", -1, "incentive_weight") == "0.5");
    if (p % 3 == 0) staff.push_back(scenario_value(spec, p, "departments", 0, "staff"));
  }
  // Four draws of three particles with staff 2, 4 and 5 (rounded): not all the same.
  CHECK(std::count(staff.begin(), staff.end(), staff.front()) < static_cast<long>(staff.size()));
}
