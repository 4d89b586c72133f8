// The files of one run: complete, byte-identical for the same inputs, and
// nothing left behind when a run fails.
#include <doctest/doctest.h>
#include <sys/resource.h>

#include <algorithm>
#include <csignal>
#include <cstdio>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "models/governance/governance_model.hpp"
#include "models/governance/run_outputs.hpp"
#include "tests/models/small_governance_scenario.hpp"
#include "tests/scratch_folder.hpp"

using namespace tiaokuai;
using namespace tiaokuai::models::governance;

namespace {

const char* const output_files[] = {"summary.json", "manifest.json", "issues.csv",  "departments.csv",
                                    "townships.csv", "effort.csv",    "calls.csv",   "calls.dot"};

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

RunReport run_into(const std::filesystem::path& folder, const models::Scenario& scenario) {
  RunOutputDirectory outputs(folder, scenario);
  GovernanceModel model(scenario, 0, &outputs);
  const RunReport report = model.run();
  outputs.commit(report, models::Organisation(scenario), nlohmann::ordered_json{{"seed", scenario.run.seed}});
  return report;
}

}  // namespace

TEST_CASE("a run writes every output file, one issues.csv row per issue") {
  ScratchFolder scratch("outputs");
  const models::Scenario scenario = small_governance_scenario();
  const RunReport report = run_into(scratch.path() / "run", scenario);
  for (const char* name : output_files) {
    CAPTURE(name);
    CHECK(std::filesystem::file_size(scratch.path() / "run" / name) > 0);
  }
  std::ifstream issues(scratch.path() / "run" / "issues.csv");
  std::size_t lines = 0;
  for (std::string line; std::getline(issues, line);) ++lines;
  CHECK(lines == report.arisen + 1);
  const std::string calls = read(scratch.path() / "run" / "calls.csv");
  CHECK(calls.rfind("township,department,calls,reports,refusals,mean_response_h\n", 0) == 0);
  // No temporary is left behind.
  for (const auto& entry : std::filesystem::directory_iterator(scratch.path() / "run")) {
    CHECK(entry.path().filename().string().find(".partial") == std::string::npos);
  }
}

TEST_CASE("calls.dot draws calls from townships on the left to departments on the right, as wide as their calls") {
  ScratchFolder scratch("calls-dot");
  // Few issues for the environment department, so that some arrows carry
  // less than half the heaviest one's calls.
  const models::Scenario scenario = small_governance_scenario(
      {"categories.1.rate_per_community_per_day=0.005", "categories.2.rate_per_community_per_day=0.005"});
  const RunReport report = run_into(scratch.path() / "run", scenario);
  const std::string dot = read(scratch.path() / "run" / "calls.dot");
  CHECK(dot.find("rankdir=LR") != std::string::npos);
  // Townships share the first rank (the left column), departments the last.
  const std::size_t townships = dot.find("subgraph townships {\n    rank=min;");
  const std::size_t departments = dot.find("subgraph departments {\n    rank=max;");
  REQUIRE(townships != std::string::npos);
  REQUIRE(departments != std::string::npos);
  CHECK(dot.find("t0 [label=\"east\"", townships) < departments);
  CHECK(dot.find("d0 [label=\"urban_management\"", departments) != std::string::npos);
  // One arrow township -> department per cell with calls, none the other way.
  std::uint64_t heaviest = 0;
  std::size_t cells_with_calls = 0;
  for (const CallCell& cell : report.call_network) {
    heaviest = std::max(heaviest, cell.calls);
    cells_with_calls += cell.calls > 0;
  }
  REQUIRE(heaviest > 0);
  std::size_t arrows = 0, labelled = 0;
  std::istringstream lines(dot);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("->") == std::string::npos || line.find("tooltip=") == std::string::npos) continue;
    CAPTURE(line);
    std::size_t t = 0, d = 0;
    unsigned long long calls = 0;
    REQUIRE(std::sscanf(line.c_str(), "  t%zu -> d%zu [", &t, &d) == 2);
    REQUIRE(std::sscanf(line.c_str() + line.find(", calls="), ", calls=%llu", &calls) == 1);
    CHECK(calls == report.call(t, d).calls);
    ++arrows;
    // The heaviest arrow is the widest; only arrows with half its calls or
    // more carry their count as a label.
    if (calls == heaviest) CHECK(line.find("penwidth=8.00") != std::string::npos);
    const bool has_label = line.find(", label=\"" + std::to_string(calls) + "\"") != std::string::npos;
    CHECK(has_label == (2 * calls >= heaviest));
    labelled += has_label;
  }
  CHECK(arrows == cells_with_calls);
  CHECK(labelled >= 1);
  CHECK(labelled < arrows);
  CHECK(dot.find(" -> t") == std::string::npos);
}

TEST_CASE("the same inputs write byte-identical files") {
  ScratchFolder scratch("identical");
  const models::Scenario scenario = small_governance_scenario();
  run_into(scratch.path() / "a", scenario);
  run_into(scratch.path() / "b", scenario);
  for (const char* name : output_files) {
    CAPTURE(name);
    CHECK(read(scratch.path() / "a" / name) == read(scratch.path() / "b" / name));
  }
}

TEST_CASE("a failed run leaves no output behind") {
  ScratchFolder scratch("failed");
  const models::Scenario runaway = small_governance_scenario({"run.max_events=500"});
  CHECK_THROWS_AS(run_into(scratch.path() / "run", runaway), std::runtime_error);
  CHECK_FALSE(std::filesystem::exists(scratch.path() / "run"));
}

TEST_CASE("an output folder that cannot be created is an error naming it") {
  ScratchFolder scratch("unwritable");
  const std::string file = scratch.write("plain-file", "not a folder");
  CHECK_THROWS_WITH_AS(RunOutputDirectory(std::filesystem::path(file) / "run", small_governance_scenario()),
                       doctest::Contains("plain-file"), std::runtime_error);
}

TEST_CASE("a full disk stops the run with a message and leaves no file behind") {
  ScratchFolder scratch("full-disk");
  // A file-size limit makes writes fail as on a full disk (EFBIG instead of
  // ENOSPC); SIGXFSZ would otherwise end the process.
  std::signal(SIGXFSZ, SIG_IGN);
  rlimit original{};
  getrlimit(RLIMIT_FSIZE, &original);
  rlimit small = original;
  small.rlim_cur = 4096;
  setrlimit(RLIMIT_FSIZE, &small);
  const models::Scenario scenario = small_governance_scenario();
  std::string message;
  try {
    run_into(scratch.path() / "run", scenario);
  } catch (const std::runtime_error& error) {
    message = error.what();
  }
  setrlimit(RLIMIT_FSIZE, &original);
  CHECK(message.find("cannot") != std::string::npos);
  CHECK(message.find("issues.csv") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(scratch.path() / "run"));
}
