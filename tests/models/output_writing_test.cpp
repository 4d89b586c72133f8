// What every output writer shares: RFC 4180 quoting, the words for a failed
// write, and a folder that disappears again when the command fails.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "models/config_node.hpp"
#include "models/csv.hpp"
#include "models/governance/governance_model.hpp"
#include "models/governance/run_outputs.hpp"
#include "models/output_file.hpp"
#include "models/output_folder.hpp"
#include "tests/models/small_governance_scenario.hpp"
#include "tests/scratch_folder.hpp"

using namespace tiaokuai;

namespace {

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("a CSV field is quoted when it holds a quote, comma, CR or LF, and only then") {
  CHECK(models::csv_field("east") == "east");
  CHECK(models::csv_field("") == "");
  CHECK(models::csv_field("semi;colon and 'single'") == "semi;colon and 'single'");
  CHECK(models::csv_field("a,b") == "\"a,b\"");
  CHECK(models::csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(models::csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(models::csv_field("carriage\rreturn") == "\"carriage\rreturn\"");
  CHECK(models::csv_field("a,\"b\"\nc") == "\"a,\"\"b\"\"\nc\"");
}

TEST_CASE("a township named a,\"b\" with a line break stays one field of one row in every run output") {
  ScratchFolder scratch("csv-names");
  const models::Scenario scenario = small_governance_scenario({"townships.0.name=\"a,\\\"b\\\"\\nc\""});
  REQUIRE(scenario.townships[0].name == "a,\"b\"\nc");
  {
    models::governance::RunOutputDirectory outputs(scratch.path() / "run", scenario);
    models::governance::GovernanceModel model(scenario, 0, &outputs);
    const models::governance::RunReport report = model.run();
    outputs.commit(report, models::Organisation(scenario), nlohmann::ordered_json{});
  }
  const std::string townships = read(scratch.path() / "run" / "townships.csv");
  CHECK(townships.find("\n\"a,\"\"b\"\"\nc\",") != std::string::npos);
  const std::string calls = read(scratch.path() / "run" / "calls.csv");
  CHECK(calls.find("\n\"a,\"\"b\"\"\nc\",") != std::string::npos);
}

TEST_CASE("a failed write says what a user calls it") {
  CHECK(models::write_error_text(ENOSPC) == "disk full");
  CHECK(models::write_error_text(EFBIG) == "file too large");
  CHECK(models::write_error_text(EDQUOT) == "disk quota exceeded");
  CHECK(models::write_error_text(EIO) == std::strerror(EIO));
  // The user's choice of path (exit 2) against the disk failing (exit 1).
  CHECK(models::is_unusable_path_error(EACCES));
  CHECK(models::is_unusable_path_error(EROFS));
  CHECK_FALSE(models::is_unusable_path_error(ENOSPC));
  CHECK_FALSE(models::is_unusable_path_error(EIO));
}

TEST_CASE("an output folder removes the levels it created unless kept, and never one that existed") {
  ScratchFolder scratch("output-folder");
  {
    models::OutputFolder folder(scratch.path() / "a" / "b" / "c");
    CHECK(std::filesystem::is_directory(scratch.path() / "a" / "b" / "c"));
    models::OutputFile file(folder.path() / "table.csv");
    file.write("x\n");
  }
  CHECK_FALSE(std::filesystem::exists(scratch.path() / "a"));

  std::filesystem::create_directory(scratch.path() / "existing");
  { models::OutputFolder folder(scratch.path() / "existing" / "new"); }
  CHECK(std::filesystem::is_directory(scratch.path() / "existing"));
  CHECK_FALSE(std::filesystem::exists(scratch.path() / "existing" / "new"));

  {
    models::OutputFolder folder(scratch.path() / "kept");
    models::OutputFile file(folder.path() / "table.csv");
    file.write("x\n");
    file.commit();
    folder.keep();
  }
  CHECK(read(scratch.path() / "kept" / "table.csv") == "x\n");
}

TEST_CASE("an output path that is a file is the user's error, naming it") {
  ScratchFolder scratch("output-folder-file");
  const std::string file = scratch.write("taken", "mine");
  CHECK_THROWS_WITH_AS(models::OutputFolder{file}, doctest::Contains("exists and is not a folder"), models::ConfigError);
  CHECK_THROWS_WITH_AS(models::OutputFolder{std::filesystem::path(file) / "sub"}, doctest::Contains("taken is a file"), models::ConfigError);
  CHECK(read(file) == "mine");
}

TEST_CASE("SIGTERM removes every level of a 70-deep output folder it created, and its unfinished file") {
  ScratchFolder scratch("output-folder-deep");
  std::filesystem::path deep = scratch.path();
  for (int level = 0; level < 70; ++level) deep /= "a";
  deep /= "o";
  // Two such folders at once: one registration each, however deep.
  const std::filesystem::path second = scratch.path() / "b" / "c";
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    models::OutputFolder folder(deep);
    models::OutputFolder other(second);
    models::OutputFile file(folder.path() / "table.csv");
    file.write("x\n");
    std::raise(SIGTERM);
    _exit(0);  // not reached: the handler dies by the signal
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGTERM);
  CHECK(std::filesystem::is_directory(scratch.path()));
  CHECK_FALSE(std::filesystem::exists(scratch.path() / "a"));
  CHECK_FALSE(std::filesystem::exists(scratch.path() / "b"));
}

TEST_CASE("a 70-deep output folder is created, kept when the command succeeds, and removed whole when it fails") {
  ScratchFolder scratch("output-folder-deep-kept");
  std::filesystem::path deep = scratch.path();
  for (int level = 0; level < 70; ++level) deep /= "a";
  {
    models::OutputFolder folder(deep);
    models::OutputFile file(folder.path() / "table.csv");
    file.write("x\n");
  }
  CHECK_FALSE(std::filesystem::exists(scratch.path() / "a"));
  {
    models::OutputFolder folder(deep);
    models::OutputFile file(folder.path() / "table.csv");
    file.write("x\n");
    file.commit();
    folder.keep();
  }
  CHECK(read(deep / "table.csv") == "x\n");
}
