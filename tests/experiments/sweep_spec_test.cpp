// Sweep files: the bundled ones load; every mistake names file, line and key.
#include <doctest/doctest.h>

#include <string>

#include "experiments/sweep_spec.hpp"
#include "models/config_node.hpp"
#include "tests/scratch_folder.hpp"

using namespace tiaokuai;
using experiments::load_sweep;

namespace {

const std::string small_county = std::string(TIAOKUAI_TEST_DATA_DIR) + "/small-county.yaml";

// The message of the ConfigError that loading `text` raises.
std::string error_of(const std::string& text) {
  ScratchFolder folder("sweep-errors");
  const std::string path = folder.write("bad.yaml", text);
  try {
    load_sweep(path);
  } catch (const models::ConfigError& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("the bundled sweeps load, with the promised number of runs") {
  const auto levers = load_sweep(std::string(TIAOKUAI_SCENARIO_DIR) + "/sweeps/levers.yaml");
  CHECK(levers.design == "one_at_a_time");
  CHECK(levers.points.front().label == "base");
  CHECK(levers.scenarios.size() == levers.points.size());
  CHECK(levers.run_count() == levers.points.size() * 10);
  const auto sobol = load_sweep(std::string(TIAOKUAI_SCENARIO_DIR) + "/sweeps/sobol.yaml");
  CHECK(sobol.points.size() == 64 * (6 + 2));
  // Every point's scenario carries the master seed, whatever the base says.
  for (const auto& scenario : sobol.scenarios) CHECK(scenario.run.seed == sobol.master_seed);
}

TEST_CASE("a point's scenario has its factor values applied") {
  const auto spec = load_sweep(std::string(TIAOKUAI_TEST_DATA_DIR) + "/sweeps/small-factorial.yaml");
  REQUIRE(spec.points.size() == 4);
  CHECK(spec.scenarios[2].levers.incentive_weight == 0.5);
  CHECK(spec.scenarios[2].levers.party_coordination == 0.2);
  CHECK(spec.scenarios[3].townships[0].levers.party_coordination == 0.8);  // global levers reach every township
  CHECK(spec.scenarios[0].run.horizon_days == 100);                        // the set: map
  CHECK(spec.point_of(7) == 2);
  CHECK(spec.replication_of(7) == 1);
}

TEST_CASE("the fingerprint changes with anything that changes results, and only then") {
  ScratchFolder folder("fingerprint");
  const std::string body = "base: " + small_county + "\ndesign: full_factorial\nreplications: 2\nfactors:\n  - path: levers.reward\n    values: [1, 2]\n";
  const auto a = load_sweep(folder.write("a.yaml", body));
  const auto same = load_sweep(folder.write("b.yaml", "# a comment\n" + body));
  const auto other = load_sweep(folder.write("c.yaml", body + "set:\n  levers.penalty: 3\n"));
  CHECK(a.fingerprint == same.fingerprint);
  CHECK(a.fingerprint != other.fingerprint);
}

TEST_CASE("mistakes in a sweep file name the line and key") {
  const std::string base = "base: " + small_county + "\n";
  CHECK(error_of(base + "design: factorial\nfactors: []\n").find(":2:1: design: expected one of") != std::string::npos);
  CHECK(error_of(base + "design: full_factorial\nreplicates: 3\n").find("did you mean 'replications'") != std::string::npos);
  const std::string undeclared = error_of(base + "design: full_factorial\nfactors:\n  - path: levers.incentive_wieght\n    values: [1]\n");
  CHECK(undeclared.find(":4:5: factors[0].path: 'levers.incentive_wieght' is not a declared scenario parameter (did you mean 'levers.incentive_weight'?)") != std::string::npos);
  const std::string out_of_range = error_of(base + "design: full_factorial\nfactors:\n  - path: levers.formalism\n    values: [0.1, 1.5]\n");
  CHECK(out_of_range.find(":5:19: factors[0]: value 1.5 for levers.formalism") != std::string::npos);
  CHECK(out_of_range.find("out of range") != std::string::npos);
  CHECK(error_of(base + "design: saltelli\nsamples: 8\nfactors:\n  - path: levers.reward\n    values: [1]\n").find("needs range") != std::string::npos);
  CHECK(error_of(base + "design: latin_hypercube\nfactors:\n  - path: levers.reward\n    range: [0, 1]\n").find("samples: missing") != std::string::npos);
  CHECK(error_of("base: nowhere.yaml\ndesign: full_factorial\nfactors: []\n").find("base:") != std::string::npos);
  CHECK(error_of(base + "design: full_factorial\nfactors:\n  - path: departments.9.staff\n    values: [1]\n").find("names no entry of the base scenario") != std::string::npos);
}
