// extends: in sweep files (docs/sweeps.md): a file that reruns another's
// experiment with another description, base, replications, master seed or
// fixed settings.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "experiments/sweep_spec.hpp"
#include "models/config_node.hpp"
#include "models/scenario_schema.hpp"
#include "tests/scratch_folder.hpp"

using namespace tiaokuai;
using experiments::load_sweep;

namespace {

std::string small_county_text() {
  std::ifstream in(std::string(TIAOKUAI_TEST_DATA_DIR) + "/small-county.yaml");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// study/parent.yaml (its base ../county.yaml, its posterior posterior.csv,
// both relative to study/), and a folder falsify/ for the extending files.
struct Study {
  ScratchFolder folder{"sweep-extends"};
  std::string parent_text =
      "description: the study\nbase: ../county.yaml\ndesign: variants\nreplications: 4\nmaster_seed: 9\n"
      "set:\n  run.horizon_days: 60\n  levers.penalty: 2\n"
      "variants:\n  - name: status_quo\n  - name: rewarded\n    set: {levers.reward: 2}\n";
  Study() {
    std::filesystem::create_directories(folder.path() / "study");
    std::filesystem::create_directories(folder.path() / "falsify");
    folder.write("county.yaml", small_county_text());
    folder.write("study/parent.yaml", parent_text);
    folder.write("study/posterior.csv", "particle,weight,distance,levers.incentive_weight\n0,1,,0.125\n1,1,,0.5\n");
  }
  std::string child(const std::string& text, const std::string& name = "falsify/child.yaml") const {
    return folder.write(name, "extends: ../study/parent.yaml\n" + text);
  }
  std::string error(const std::string& text) const {
    try {
      load_sweep(child(text));
    } catch (const models::ConfigError& e) {
      return e.what();
    }
    return "no error";
  }
};

std::string value(const experiments::SweepSpec& spec, std::size_t p, const char* part, const char* key) {
  return models::scenario_json(spec.scenarios.at(p)).at(part).at(key).dump();
}

bool contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return true;
  MESSAGE(text);
  return false;
}

}  // namespace

TEST_CASE("an extending sweep file reruns its parent's variants with its own settings") {
  Study study;
  const auto parent = load_sweep((study.folder.path() / "study/parent.yaml").string());
  const auto spec = load_sweep(study.child(
      "description: a falsification\nreplications: 2\nmaster_seed: 10\nset:\n  levers.reward: 3\n  ' levers.penalty': 5\n"));
  CHECK(spec.description == "a falsification");
  CHECK(spec.design == "variants");
  CHECK(spec.replications == 2);
  CHECK(spec.master_seed == 10);
  REQUIRE(spec.points.size() == 2);
  CHECK(spec.points[0].label == "status_quo");
  CHECK(spec.points[1].label == "rewarded");
  // set: merged key by key: the parent's horizon stays, the child's penalty
  // (another spelling of the same path) wins, the child's reward is added
  // and the variant's reward wins over it.
  CHECK(value(spec, 0, "run", "horizon_days") == "60.0");
  CHECK(value(spec, 0, "levers", "penalty") == "5.0");
  CHECK(value(spec, 0, "levers", "reward") == "3.0");
  CHECK(value(spec, 1, "levers", "reward") == "2.0");
  CHECK(value(parent, 0, "levers", "penalty") == "2.0");
  CHECK(spec.fingerprint != parent.fingerprint);
  // The stored text holds both files.
  CHECK(contains(spec.text, "description: a falsification"));
  CHECK(contains(spec.text, "# ---- extends: ../study/parent.yaml\n" + study.parent_text));

  // A file that changes nothing of what decides the results is the same sweep.
  CHECK(load_sweep(study.child("description: only words\n", "falsify/same.yaml")).fingerprint == parent.fingerprint);
}

TEST_CASE("an extending file's base is relative to it, the parent's paths to the parent") {
  Study study;
  std::string other = small_county_text();
  other.replace(other.find("staff: 3"), 8, "staff: 6");
  study.folder.write("falsify/other-county.yaml", other);
  const auto spec = load_sweep(study.child("base: other-county.yaml\n"));
  CHECK(models::scenario_json(spec.scenarios.at(0)).at("departments").at(0).at("staff").dump() == "6");
  CHECK(spec.base == "other-county.yaml");

  // The parent's posterior files stay relative to the parent.
  study.folder.write("study/parent.yaml", study.parent_text + "posterior:\n  draws: 3\n  files: [posterior.csv]\n");
  const auto crossed = load_sweep(study.child("master_seed: 4\n", "falsify/crossed.yaml"));
  CHECK(crossed.points.size() == 6);
  CHECK(crossed.points[5].label == "draw:2 rewarded");
  CHECK(crossed.posterior_files.at(0) == (study.folder.path() / "falsify/../study/posterior.csv").string());
  // A changed parent is another sweep.
  study.folder.write("study/parent.yaml", study.parent_text + "posterior:\n  draws: 2\n  files: [posterior.csv]\n");
  CHECK(load_sweep(study.child("master_seed: 4\n", "falsify/crossed.yaml")).fingerprint != crossed.fingerprint);
}

TEST_CASE("an extending file may change only description, base, replications, master_seed and set") {
  Study study;
  for (const std::string key : {"design: full_factorial\n", "variants:\n  - name: x\n", "factors: []\n",
                                "posterior:\n  draws: 2\n  files: [a.csv]\n", "samples: 4\n"}) {
    CAPTURE(key);
    CHECK(contains(study.error(key), ":2:" ));
    CHECK(contains(study.error(key), "an extending file may only change description, base, replications, master_seed and "
                                     "set; '"));
  }
  CHECK(contains(study.error("set:\n  levers.reward: 1\n  'levers.reward ': 2\n"), "set.levers.reward : sets levers.reward a second time"));
  CHECK(contains(study.error("set: 4\n"), "set: expected a map of key.path: value"));
  study.folder.write("falsify/grandchild.yaml", "extends: child.yaml\n");
  study.child("description: child\n");
  try {
    load_sweep((study.folder.path() / "falsify/grandchild.yaml").string());
    FAIL("a chain of extends was accepted");
  } catch (const models::ConfigError& e) {
    CHECK(contains(e.what(), "grandchild.yaml:1:1: extends: "));
    CHECK(contains(e.what(), "child.yaml extends another file in turn; a sweep file may extend only one that extends nothing"));
  }
  const std::string missing = study.folder.write("falsify/missing.yaml", "extends: nowhere.yaml\n");
  CHECK_THROWS_WITH_AS(load_sweep(missing), doctest::Contains("missing.yaml:1:1: extends: "), models::ConfigError);
}
