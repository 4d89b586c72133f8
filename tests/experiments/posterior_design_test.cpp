// design: posterior: reading a calibration's posterior, systematic
// resampling, and sweep points drawn from it (experiments/posterior_design.hpp).
#include "experiments/posterior_design.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "experiments/sweep_spec.hpp"
#include "models/config_node.hpp"
#include "sim/random_stream.hpp"
#include "tests/scratch_folder.hpp"

using namespace tiaokuai;
using experiments::load_sweep;
using experiments::read_posterior;
using experiments::systematic_resample;

namespace {

const std::string small_county = std::string(TIAOKUAI_TEST_DATA_DIR) + "/small-county.yaml";

// Writes the finished calibration of tests/data/calibration-posterior.sql,
// changed by `edits` (SQL), as folder/posterior.db, and returns its path.
std::string calibration(const ScratchFolder& folder, const std::string& edits = "") {
  std::ifstream in(std::string(TIAOKUAI_TEST_DATA_DIR) + "/calibration-posterior.sql");
  std::ostringstream finished_calibration;
  finished_calibration << in.rdbuf();
  REQUIRE(!finished_calibration.str().empty());
  const std::string path = (folder.path() / "posterior.db").string();
  std::filesystem::remove(path);
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  const int code = sqlite3_exec(db, (finished_calibration.str() + edits).c_str(), nullptr, nullptr, &error);
  const std::string message = error != nullptr ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE_MESSAGE(code == SQLITE_OK, message);
  return path;
}

// The message read_posterior refuses the calibration changed by `edits` with.
std::string refusal(const std::string& edits) {
  ScratchFolder folder("posterior-refusal");
  try {
    read_posterior(calibration(folder, edits));
  } catch (const models::ConfigError& error) {
    return error.what();
  }
  return "no error";
}

// A sweep file `text` beside the calibration changed by `edits`; the
// message loading it gives, or "no error".
std::string sweep_error(const std::string& text, const std::string& edits = "") {
  ScratchFolder folder("posterior-sweep-errors");
  calibration(folder, edits);
  try {
    load_sweep(folder.write("bad.yaml", text));
  } catch (const models::ConfigError& error) {
    return error.what();
  }
  return "no error";
}

std::vector<std::size_t> counts_of(const std::vector<std::size_t>& draws, std::size_t particles) {
  std::vector<std::size_t> counts(particles, 0);
  for (const std::size_t d : draws) ++counts.at(d);
  return counts;
}

}  // namespace

TEST_CASE("systematic resampling draws each particle floor or ceil of n w times, in order") {
  // By hand: weights 1/2, 1/4, 1/4 put the cumulative shares at 2, 3, 4
  // draws; positions 0.5, 1.5, 2.5, 3.5 fall in particles 0, 0, 1, 2.
  CHECK(systematic_resample({2, 1, 1}, 4, 0.5) == std::vector<std::size_t>{0, 0, 1, 2});
  sim::RandomStream random(5, 0, "test/weights");
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t particles = 1 + random.uniform_int(12);
    std::vector<double> weights(particles);
    for (double& weight : weights) weight = random.bernoulli(0.2) ? 0.0 : random.exponential(1.0);
    weights[random.uniform_int(particles)] += 0.1;  // never all zero
    double total = 0;
    for (const double weight : weights) total += weight;
    const std::size_t n = 1 + random.uniform_int(60);
    const double u = random.uniform01();
    const std::vector<std::size_t> draws = systematic_resample(weights, n, u);
    REQUIRE(draws.size() == n);
    CHECK(std::is_sorted(draws.begin(), draws.end()));
    const std::vector<std::size_t> counts = counts_of(draws, particles);
    for (std::size_t i = 0; i < particles; ++i) {
      const double expected = static_cast<double>(n) * weights[i] / total;
      CHECK(counts[i] >= static_cast<std::size_t>(std::floor(expected)));
      CHECK(counts[i] <= static_cast<std::size_t>(std::ceil(expected)));
      if (weights[i] == 0) CHECK(counts[i] == 0);
    }
    CHECK(systematic_resample(weights, n, u) == draws);  // a pure function of its inputs
  }
}

TEST_CASE("systematic resampling refuses weights it cannot draw from") {
  CHECK_THROWS_AS(systematic_resample({}, 3, 0.5), std::invalid_argument);
  CHECK_THROWS_AS(systematic_resample({0, 0}, 3, 0.5), std::invalid_argument);
  CHECK_THROWS_AS(systematic_resample({1, -1, 1}, 3, 0.5), std::invalid_argument);
  CHECK_THROWS_AS(systematic_resample({1, INFINITY}, 3, 0.5), std::invalid_argument);
  CHECK_THROWS_AS(systematic_resample({1, 1}, 3, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(systematic_resample({1, 1}, 3, -0.1), std::invalid_argument);
}

TEST_CASE("a finished calibration's posterior is read as stored") {
  ScratchFolder folder("posterior-read");
  const experiments::PosteriorSample sample = read_posterior(calibration(folder));
  CHECK(sample.method == "abc-smc");
  CHECK(sample.paths == std::vector<std::string>{"levers.incentive_weight", "departments.0.staff"});
  CHECK(sample.integer == std::vector<bool>{false, true});
  CHECK(sample.particles == std::vector<std::int64_t>{0, 1, 2});
  CHECK(sample.weights == std::vector<double>{0.5, 0.3, 0.2});
  CHECK(sample.values[1] == std::vector<double>{0.25, 3.6});
  CHECK(sample.values[2] == std::vector<double>{0.75, 5});
}

TEST_CASE("read_posterior refuses every file it cannot trust, naming the file and the problem") {
  ScratchFolder folder("posterior-files");
  const std::string missing = (folder.path() / "nowhere.db").string();
  CHECK_THROWS_WITH(read_posterior(missing),
                    (missing + ": no such calibration database (tiaokuai calibrate TARGETS writes one)").c_str());
  const std::string text = folder.write("notes.db", "not a database at all\n");
  CHECK_THROWS_WITH(
      read_posterior(text),
      (text + ": not an SQLite file, so not a calibration database written by tiaokuai calibrate").c_str());
  const std::string empty = folder.write("empty.db", "");
  CHECK_THROWS_WITH(
      read_posterior(empty),
      (empty + ": not an SQLite file, so not a calibration database written by tiaokuai calibrate").c_str());
  CHECK_THROWS_WITH(read_posterior(folder.path().string()),
                    (folder.path().string() + ": not a file, so not a calibration database").c_str());

  CHECK(refusal("DROP TABLE calibration_meta;")
            .find("posterior.db: not a tiaokuai calibration database (it has no calibration_meta table)") !=
        std::string::npos);
  CHECK(refusal("UPDATE calibration_meta SET value = 'tiaokuai-calibration 2' WHERE key = 'format';")
            .find("not a tiaokuai calibration database of the format 'tiaokuai-calibration 1' (its format is "
                  "'tiaokuai-calibration 2')") != std::string::npos);
  CHECK(refusal("UPDATE calibration_meta SET value = 'running' WHERE key = 'status';")
            .find("the calibration is still running or was interrupted (its status is 'running'); finish it with "
                  "tiaokuai calibrate w-targets.yaml") != std::string::npos);
  CHECK(refusal("DELETE FROM calibration_meta WHERE key = 'status';")
            .find("still running or was interrupted (its status is '')") != std::string::npos);
  CHECK(refusal("DELETE FROM parameters;").find("the calibration has no parameters") != std::string::npos);
  CHECK(refusal("DELETE FROM posterior;").find("the calibration's posterior has no particles") != std::string::npos);
  CHECK(refusal("UPDATE posterior SET weight = -0.1 WHERE particle = 1;")
            .find("particle 1 has the weight '-0.1'; a posterior weight must be a finite number, not negative") !=
        std::string::npos);
  CHECK(refusal("UPDATE posterior SET weight = 9e999 WHERE particle = 2;").find("particle 2 has the weight 'Inf'") !=
        std::string::npos);
  CHECK(
      refusal("UPDATE posterior SET weight = 'heavy' WHERE particle = 0;").find("particle 0 has the weight 'heavy'") !=
      std::string::npos);
  CHECK(refusal("UPDATE posterior SET weight = 0;").find("the posterior's weights sum to 0, not a positive number") !=
        std::string::npos);
  CHECK(refusal("DELETE FROM posterior_values WHERE particle = 2 AND parameter = 1;")
            .find("particle 2 has no value of departments.0.staff (posterior_values)") != std::string::npos);
  CHECK(refusal("UPDATE posterior_values SET value = 'lots' WHERE particle = 1 AND parameter = 0;")
            .find("particle 1's value of levers.incentive_weight is 'lots', not a finite number") != std::string::npos);
  CHECK(refusal("INSERT INTO posterior_values VALUES (7, 0, 0.5);")
            .find("a value of particle 7 and parameter 0, which the posterior") != std::string::npos);
  CHECK(refusal("DROP TABLE posterior_values;").find("no such table: posterior_values") != std::string::npos);
}

TEST_CASE("a posterior sweep crosses the resampled draws with its factors, the draw varying slowest") {
  ScratchFolder folder("posterior-sweep");
  calibration(folder);
  const std::string sweep =
      folder.write("sweep.yaml", "base: " + small_county +
                                     "\ndesign: posterior\nposterior: posterior.db\nsamples: 5\nmaster_seed: 3\n"
                                     "factors:\n  - {path: levers.reward, values: [1, 2]}\n");
  const auto spec = load_sweep(sweep);
  CHECK(spec.design == "posterior");
  CHECK(spec.posterior == "posterior.db");
  REQUIRE(spec.factors.size() == 3);
  CHECK(spec.factors[0].path == "levers.incentive_weight");
  CHECK(spec.factors[1].path == "departments.0.staff");
  CHECK(spec.factors[2].path == "levers.reward");
  REQUIRE(spec.points.size() == 10);
  REQUIRE(spec.scenarios.size() == 10);
  // The draws the docs promise: systematic resampling of the weights with
  // u from the stream (master_seed, 0, "posterior/resample").
  sim::RandomStream resample(3, 0, "posterior/resample");
  const std::vector<std::size_t> draws = systematic_resample({0.5, 0.3, 0.2}, 5, resample.uniform01());
  const std::vector<std::vector<double>> values{{0.125, 2.4}, {0.25, 3.6}, {0.75, 5}};
  for (std::size_t d = 0; d < 5; ++d) {
    for (std::size_t level = 0; level < 2; ++level) {
      const std::size_t p = 2 * d + level;
      const std::string reward = level == 0 ? "1" : "2";
      CHECK(spec.points[p].label == "draw:" + std::to_string(d) + " levers.reward=" + reward);
      const std::vector<double>& drawn = values[draws[d]];
      CHECK(spec.points[p].values == std::vector<std::string>{experiments::format_value(drawn[0], false),
                                                              experiments::format_value(std::round(drawn[1]), false),
                                                              reward});
      CHECK(spec.scenarios[p].levers.incentive_weight == drawn[0]);
      CHECK(spec.scenarios[p].departments[0].staff == std::lround(drawn[1]));  // a whole-number parameter, rounded
      CHECK(spec.scenarios[p].levers.reward == std::stod(reward));
      CHECK(spec.scenarios[p].run.seed == 3);
    }
  }
  // Without factors, a point is a draw.
  const auto draws_only = load_sweep(folder.write(
      "draws.yaml", "base: " + small_county + "\ndesign: posterior\nposterior: posterior.db\nsamples: 4\n"));
  REQUIRE(draws_only.points.size() == 4);
  CHECK(draws_only.points[3].label == "draw:3");
  CHECK(draws_only.factors.size() == 2);
}

TEST_CASE("a posterior sweep is a pure function of its files, and its fingerprint follows the posterior's content") {
  ScratchFolder folder("posterior-fingerprint");
  calibration(folder);
  const std::string text = "base: " + small_county + "\ndesign: posterior\nposterior: posterior.db\nsamples: 6\n";
  const auto first = load_sweep(folder.write("sweep.yaml", text));
  const auto again = load_sweep(folder.write("sweep.yaml", text));
  CHECK(first.fingerprint == again.fingerprint);
  for (std::size_t p = 0; p < first.points.size(); ++p) CHECK(first.points[p].values == again.points[p].values);
  // A recalibrated posterior (other values) makes another sweep.
  calibration(folder, "UPDATE posterior_values SET value = 0.375 WHERE particle = 0 AND parameter = 0;");
  const auto recalibrated = load_sweep(folder.write("sweep.yaml", text));
  CHECK(recalibrated.fingerprint != first.fingerprint);
}

TEST_CASE("mistakes in a posterior sweep name the sweep file's line and key") {
  const std::string head = "base: " + small_county + "\n";
  const std::string posterior = head + "design: posterior\nposterior: posterior.db\nsamples: 4\n";
  CHECK(sweep_error(head + "design: posterior\nposterior: elsewhere.db\nsamples: 4\n").find(":3:1: posterior: ") !=
        std::string::npos);
  CHECK(sweep_error(head + "design: posterior\nposterior: elsewhere.db\nsamples: 4\n")
            .find("elsewhere.db: no such calibration database") != std::string::npos);
  CHECK(sweep_error(posterior, "UPDATE calibration_meta SET value = 'running' WHERE key = 'status';")
            .find(":3:1: posterior: ") != std::string::npos);
  CHECK(sweep_error(posterior, "UPDATE calibration_meta SET value = 'running' WHERE key = 'status';")
            .find("the calibration is still running or was interrupted") != std::string::npos);
  CHECK(sweep_error(posterior, "UPDATE posterior SET weight = 0;").find("posterior: ") != std::string::npos);
  CHECK(sweep_error(head + "design: posterior\nsamples: 4\n").find(":1:1: posterior: missing (required)") !=
        std::string::npos);
  CHECK(sweep_error(head + "design: posterior\nposterior: posterior.db\n")
            .find("samples: missing: a posterior design needs samples: N") != std::string::npos);
  CHECK(sweep_error(
            head +
            "design: full_factorial\nposterior: posterior.db\nfactors:\n  - {path: levers.reward, values: [1, 2]}\n")
            .find(":3:1: posterior: only design: posterior (a calibration database) and design: variants (a "
                  "posterior: block of draws) read posterior (this sweep's design is full_factorial)") != std::string::npos);
  CHECK(sweep_error(posterior + "factors:\n  - {path: levers.incentive_weight, values: [0, 1]}\n")
            .find(":6:5: factors[0].path: 'levers.incentive_weight' is a calibrated parameter of the posterior "
                  "(posterior.db)") != std::string::npos);
  CHECK(sweep_error(posterior + "factors:\n  - {path: 'departments[0].staff', values: [1, 2]}\n")
            .find("factors[0].path: 'departments.0.staff' is a calibrated parameter") != std::string::npos);
  CHECK(sweep_error(posterior + "factors:\n  - {path: levers.reward, range: [0, 1]}\n")
            .find("factors[0]: a posterior design needs values") != std::string::npos);
  CHECK(sweep_error(posterior, "UPDATE parameters SET path = 'levers.incentive_wieght' WHERE idx = 0;")
            .find(":3:1: posterior: 'levers.incentive_wieght' is not a declared scenario parameter") !=
        std::string::npos);
  CHECK(sweep_error(posterior, "UPDATE parameters SET path = 'departments.7.staff' WHERE idx = 1;")
            .find(":3:1: posterior: 'departments.7.staff' names no entry of the base scenario") != std::string::npos);
  CHECK(sweep_error(posterior + "set: {levers.incentive_weight: 0.5}\n")
            .find("posterior: the calibrated parameter levers.incentive_weight is also fixed by set:") !=
        std::string::npos);
  CHECK(sweep_error(posterior, "UPDATE posterior_values SET value = 1.5 WHERE parameter = 0;")
            .find(":3:1: posterior: value 1.5 for levers.incentive_weight: ") != std::string::npos);
  CHECK(sweep_error(head + "design: posterior\nposterior: posterior.db\nsamples: 60000\nfactors:\n  - {path: "
                           "levers.reward, values: [1, 2]}\n")
            .find(":4:1: samples: posterior's 60000 samples x 2 factor combinations make 120000 points, more than the "
                  "limit of 100000 points") != std::string::npos);
  CHECK(
      sweep_error(head + "design: posterior\nposterior: posterior.db\nsamples: 1000\nreplications: 1001\n")
          .find(
              "replications: 1000 points x 1001 replications make 1001000 runs, more than the limit of 1000000 runs") !=
      std::string::npos);
}
