// Sweep files: the bundled ones load; every mistake names file, line and key.
#include <doctest/doctest.h>

#include <string>

#include "experiments/sweep_spec.hpp"
#include "models/config_node.hpp"
#include "models/governance/model_version.hpp"
#include "tiaokuai/version.hpp"
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
  const auto morris = load_sweep(std::string(TIAOKUAI_SCENARIO_DIR) + "/sweeps/morris.yaml");
  CHECK(morris.points.size() == 50 * (5 + 1));
  CHECK(morris.run_count() == 6000);
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
  // The model and code versions are part of it, so a binary whose results
  // differ refuses an old database.
  CHECK(experiments::sweep_fingerprint(a, tiaokuai::version, models::governance::model_version) == a.fingerprint);
  CHECK(experiments::sweep_fingerprint(a, tiaokuai::version, models::governance::model_version + 1) != a.fingerprint);
  CHECK(experiments::sweep_fingerprint(a, std::string(tiaokuai::version) + "-next", models::governance::model_version) != a.fingerprint);
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

TEST_CASE("a design too large to hold is refused with its size and the limit, before it is made") {
  const std::string base = "base: " + small_county + "\n";
  const std::string thousand_levels = "    range: [0, 1]\n    levels: 1000\n";
  std::string factorial = base + "design: full_factorial\nfactors:\n";
  for (const char* lever : {"reward", "penalty", "formalism"}) factorial += std::string("  - path: levers.") + lever + "\n" + thousand_levels;
  CHECK(error_of(factorial).find(":3:1: factors: the full factorial's 1000 x 1000 x 1000 levels make 1000000000 points, more than the limit of 100000 points") !=
        std::string::npos);
  // 1000^7 overflows 64 bits: the count saturates instead of wrapping.
  for (const char* lever : {"over_calling", "under_calling", "misrouting", "joint_breakup"}) {
    factorial += std::string("  - path: levers.") + lever + "\n" + thousand_levels;
  }
  CHECK(error_of(factorial).find("make over 18446744073709551615 points, more than the limit of 100000 points") != std::string::npos);
  CHECK(error_of(base + "design: latin_hypercube\nsamples: 10000000\nfactors:\n  - {path: levers.reward, range: [0, 1]}\n")
            .find(":3:1: samples: latin_hypercube's 10000000 samples make 10000000 points, more than the limit of 100000 points") != std::string::npos);
  CHECK(error_of(base + "design: saltelli\nsamples: 1e7\nfactors:\n  - {path: levers.reward, range: [0, 1]}\n")
            .find("samples: saltelli's 10000000 samples x (1 factors + 2) make 30000000 points, more than the limit of 100000 points") != std::string::npos);
  CHECK(error_of(base + "design: full_factorial\nreplications: 1000000\nfactors:\n  - {path: levers.reward, values: [1, 2]}\n")
            .find(":3:1: replications: out of range: 1000000 is not in [1, 100000]") != std::string::npos);
  CHECK(error_of(base + "design: full_factorial\nreplications: 100000\nfactors:\n  - {path: levers.reward, range: [0, 1], levels: 11}\n")
            .find(":3:1: replications: 11 points x 100000 replications make 1100000 runs, more than the limit of 1000000 runs") != std::string::npos);
  // Just inside the limits, the same kinds of design load.
  CHECK(load_sweep(ScratchFolder("sweep-size").write("ok.yaml", base + "design: latin_hypercube\nsamples: 500\nfactors:\n  - {path: levers.reward, range: [0, 1]}\n"))
            .points.size() == 500);
}

TEST_CASE("two spellings of one factor are one factor, and refused as a repeat") {
  const std::string base = "base: " + small_county + "\ndesign: full_factorial\nfactors:\n";
  CHECK(error_of(base + "  - {path: departments.0.staff, values: [1, 2]}\n  - {path: departments.00.staff, values: [3]}\n")
            .find(":5:5: factors[1].path: 'departments.0.staff' is already a factor (factors[0])") != std::string::npos);
  CHECK(error_of(base + "  - {path: levers.reward, values: [1, 2]}\n  - {path: ' levers.reward', values: [3]}\n")
            .find("factors[1].path: 'levers.reward' is already a factor") != std::string::npos);
  CHECK(error_of(base + "  - {path: 'departments[1].staff', values: [1, 2]}\n  - {path: departments.01.staff, values: [3]}\n")
            .find("factors[1].path: 'departments.1.staff' is already a factor") != std::string::npos);
  CHECK(error_of(base + "  - {path: levers.reward., values: [1, 2]}\n").find("factors[0].path: empty key in 'levers.reward.'") != std::string::npos);
  // A factor is stored under its canonical path.
  const auto spec = load_sweep(ScratchFolder("sweep-canonical").write("ok.yaml", base + "  - {path: 'departments[01].staff', values: [2, 3]}\n"));
  CHECK(spec.factors[0].path == "departments.1.staff");
  CHECK(spec.scenarios[1].departments[1].staff == 3);
  const std::string variants = "base: " + small_county + "\ndesign: variants\nvariants:\n  - {name: a}\n";
  CHECK(error_of(variants + "  - {name: b, set: {levers.reward: 1, ' levers.reward': 2}}\n")
            .find("variants[1].set. levers.reward: sets levers.reward a second time in this variant") != std::string::npos);
  CHECK(error_of("base: " + small_county + "\ndesign: full_factorial\nset: {levers.penalty: 1, 'levers.penalty ': 2}\nfactors:\n  - {path: levers.reward, values: [1, 2]}\n")
            .find("sets levers.penalty a second time") != std::string::npos);
  CHECK(error_of("base: " + small_county + "\ndesign: full_factorial\nset: {levers.reward: 1}\nfactors:\n  - {path: levers.reward, values: [1, 2]}\n")
            .find("factors[0].path: 'levers.reward' is also fixed by set:") != std::string::npos);
}

TEST_CASE("a level written twice in any spelling is refused") {
  const std::string base = "base: " + small_county + "\ndesign: full_factorial\nfactors:\n";
  CHECK(error_of(base + "  - {path: levers.reward, values: [1, 1.0, 1e0]}\n").find(":4:39: factors[0].values[1]: '1.0' repeats the level 1 of values[0]") !=
        std::string::npos);
  CHECK(error_of(base + "  - {path: levers.reward, values: [0.5, 2, 5e-1]}\n").find("factors[0].values[2]: '5e-1' repeats the level 0.5 of values[0]") !=
        std::string::npos);
  CHECK(error_of(base + "  - {path: run.mode, values: [reform, pre_reform, reform]}\n").find("'reform' repeats the level reform") != std::string::npos);
  CHECK(error_of(base + "  - {path: departments.0.staff, range: [1, 3], levels: 5}\n")
            .find("factors[0].levels: the level 2 comes twice: the range holds fewer distinct whole numbers than levels") != std::string::npos);
  // An explicit fraction for an integer parameter is not rounded into a repeat: the reader refuses it.
  CHECK(error_of(base + "  - {path: departments.0.staff, values: [1, 1.5]}\n").find("expected a whole number, got '1.5'") != std::string::npos);
}

TEST_CASE("seeds come from master_seed and replications, never from a factor or set:") {
  const std::string base = "base: " + small_county + "\n";
  CHECK(error_of(base + "design: full_factorial\nfactors:\n  - {path: run.seed, values: [1, 2]}\n")
            .find(":4:6: factors[0].path: seeds come from master_seed and replications") != std::string::npos);
  CHECK(error_of(base + "design: full_factorial\nset: {run.seed: 3}\nfactors:\n  - {path: levers.reward, values: [1, 2]}\n")
            .find("set.run.seed: seeds come from master_seed and replications") != std::string::npos);
  CHECK(error_of(base + "design: variants\nvariants:\n  - {name: a, set: {run.seed: 3}}\n")
            .find("variants[0].set.run.seed: seeds come from master_seed and replications") != std::string::npos);
}

TEST_CASE("keys a design does not read are refused, not ignored") {
  const std::string base = "base: " + small_county + "\n";
  CHECK(error_of(base + "design: full_factorial\nfactors:\n  - {path: levers.reward, values: [1, 2]}\nvariants:\n  - {name: a}\n")
            .find(":5:1: variants: only design: variants reads a variants list (this sweep's design is full_factorial)") != std::string::npos);
  CHECK(error_of(base + "design: variants\nvariants:\n  - {name: a}\nfactors:\n  - {path: levers.reward, values: [1, 2]}\n")
            .find("factors: design: variants takes its factors from the variants' set: maps") != std::string::npos);
  CHECK(error_of(base + "design: one_at_a_time\nsamples: 8\nfactors:\n  - {path: levers.reward, values: [1, 2]}\n")
            .find("samples: only the latin_hypercube, saltelli and posterior designs read samples") != std::string::npos);
}

TEST_CASE("a morris sweep has r (k+1) points and keeps its grid in the text stored with the results") {
  ScratchFolder folder("morris-sweep");
  const std::string factors = "factors:\n  - {path: levers.reward, range: [0.5, 2]}\n  - path: departments[0].staff\n    range: [1, 6]\n";
  const auto spec = load_sweep(folder.write("m.yaml", "base: " + small_county + "\ndesign: morris\ntrajectories: 3\nlevels: 6\n" + factors));
  CHECK(spec.points.size() == 3 * (2 + 1));
  CHECK(spec.samples == 3);
  CHECK(spec.points[4].label == "T:1:1");
  CHECK(spec.scenarios.size() == spec.points.size());
  const experiments::MorrisGrid grid = experiments::morris_grid(spec.text, "m.yaml");
  CHECK(grid.levels == 6);
  CHECK(grid.paths == std::vector<std::string>{"levers.reward", "departments.0.staff"});
  CHECK(grid.ranges == std::vector<std::pair<double, double>>{{0.5, 2}, {1, 6}});
  // Defaults: 10 trajectories on 4 levels.
  const auto defaults = load_sweep(folder.write("d.yaml", "base: " + small_county + "\ndesign: morris\n" + factors));
  CHECK(defaults.points.size() == 10 * (2 + 1));
  CHECK(experiments::morris_grid(defaults.text, "d.yaml").levels == 4);
  // An extending file runs the same points; its stored text still holds the grid.
  const auto extending = load_sweep(folder.write("e.yaml", "extends: m.yaml\nreplications: 2\n"));
  CHECK(extending.points.size() == spec.points.size());
  CHECK(extending.points[5].values == spec.points[5].values);
  CHECK(experiments::morris_grid(extending.text, "e.yaml").ranges == grid.ranges);
}

TEST_CASE("morris settings that cannot work are refused with line and key") {
  const std::string base = "base: " + small_county + "\ndesign: morris\n";
  const std::string factor = "factors:\n  - {path: levers.reward, range: [0, 2]}\n";
  CHECK(error_of(base + "levels: 5\n" + factor).find(":3:1: levels: expected an even number of levels, got 5") != std::string::npos);
  CHECK(error_of(base + "levels: 0\n" + factor).find(":3:1: levels: out of range: 0 is not in [2, 1000]") != std::string::npos);
  CHECK(error_of(base + "trajectories: 1\n" + factor).find(":3:1: trajectories: out of range: 1 is not in [2, 1000]") != std::string::npos);
  CHECK(error_of(base + "trajectories: 20\ncandidates: 10\n" + factor)
            .find(":4:1: candidates: 10 candidates cannot give 20 trajectories") != std::string::npos);
  CHECK(error_of(base + "factors:\n  - {path: levers.reward, values: [1, 2]}\n").find(":4:27: factors[0].values: design: morris places each factor") !=
        std::string::npos);
  CHECK(error_of(base + "factors:\n  - {path: levers.reward}\n").find(":4:5: factors[0]: a morris design needs range: [low, high]") != std::string::npos);
  CHECK(error_of(base + "factors:\n  - {path: levers.reward, range: [1, 1]}\n").find("factors[0].range: design: morris moves every factor") !=
        std::string::npos);
  CHECK(error_of(base + "levels: 6\nfactors:\n  - {path: departments.0.staff, range: [1, 3]}\n")
            .find("factors[0].range: the level 1 comes twice: the range holds fewer distinct whole numbers than the 6 levels") != std::string::npos);
  CHECK(error_of(base + "trajectory: 4\n" + factor).find("did you mean 'trajectories'") != std::string::npos);
  CHECK(error_of("base: " + small_county + "\ndesign: latin_hypercube\nsamples: 4\nlevels: 4\n" + factor)
            .find(":4:1: levels: only design: morris reads levels (this sweep's design is latin_hypercube)") != std::string::npos);
}
