// Scenario loading: declared parameters, precise errors, extends, --set.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "models/closest_name.hpp"
#include "models/scenario_schema.hpp"
#include "tests/scratch_folder.hpp"

using namespace tiaokuai::models;

namespace {

const std::string valid_body = R"(run:
  horizon_days: 50
  warm_up_days: 5
departments:
  - name: water
    staff: 2
  - name: environment
townships:
  - name: east
    communities: 3
categories:
  - name: leak
    departments: [water]
    urgency: utility
)";

// The error message for `text`, or "" if it loads.
std::string error_of(const ScratchFolder& folder, const std::string& text, const std::vector<std::string>& sets = {}) {
  try {
    load_scenario(folder.write("case.yaml", text), sets);
    return "";
  } catch (const ConfigError& error) {
    return error.what();
  }
}

}  // namespace

TEST_CASE("a valid scenario loads with defaults filled in") {
  ScratchFolder folder("valid");
  const Scenario scenario = load_scenario(folder.write("s.yaml", valid_body));
  CHECK(scenario.run.horizon_days == 50);
  CHECK(scenario.run.seed == 1);
  CHECK(scenario.levers.incentive_weight == doctest::Approx(0.33));
  REQUIRE(scenario.departments.size() == 2);
  CHECK(scenario.departments[0].staff == 2);
  CHECK(scenario.departments[1].staff == Department{}.staff);
  CHECK(scenario.categories[0].departments == std::vector<std::string>{"water"});
  CHECK(scenario.categories[0].urgency == "utility");
  CHECK(scenario.townships[0].communities == 3);
}

TEST_CASE("per-entity levers override the county's, and only where allowed") {
  ScratchFolder folder("entity-levers");
  std::string text = valid_body;
  text.replace(text.find("    staff: 2\n"), 13, "    staff: 2\n    levers: {incentive_weight: 0.9}\n");
  const Scenario scenario = load_scenario(folder.write("s.yaml", "levers: {incentive_weight: 0.2}\n" + text));
  CHECK(scenario.departments[0].levers.incentive_weight == doctest::Approx(0.9));
  CHECK(scenario.departments[1].levers.incentive_weight == doctest::Approx(0.2));
  CHECK(scenario.townships[0].levers.incentive_weight == doctest::Approx(0.2));
  text.replace(text.find("incentive_weight: 0.9"), 21, "escalation_capacity: 3");
  CHECK(error_of(folder, text).find("can only be set for the whole county") != std::string::npos);
}

TEST_CASE("errors name the file, line, column and key path") {
  ScratchFolder folder("errors");
  const std::string path = (folder.path() / "case.yaml").string();
  // Wrong range: line 2 column 3 is where horizon_days stands.
  std::string text = valid_body;
  text.replace(text.find("horizon_days: 50"), 16, "horizon_days: -5");
  CHECK(error_of(folder, text) == path + ":2:3: run.horizon_days: out of range: -5 is not in [1, 36500]");
  // Unknown key with a hint.
  text = valid_body;
  text.replace(text.find("    staff: 2"), 12, "    staf: 2");
  const std::string unknown = error_of(folder, text);
  CHECK(unknown.find(path + ":6:5: departments[0].staf: unknown key 'staf' (did you mean 'staff'?)") == 0);
  // Wrong type.
  text = valid_body;
  text.replace(text.find("communities: 3"), 14, "communities: many");
  CHECK(error_of(folder, text).find("townships[0].communities: expected a whole number, got 'many'") != std::string::npos);
  text.replace(text.find("communities: many"), 17, "communities: 2.5");
  CHECK(error_of(folder, text).find("expected a whole number, got '2.5'") != std::string::npos);
  text.replace(text.find("communities: 2.5"), 16, "communities: 0");
  CHECK(error_of(folder, text).find("townships[0].communities: out of range") != std::string::npos);
}

TEST_CASE("impossible structures are refused") {
  ScratchFolder folder("structure");
  std::string text = valid_body;
  text.replace(text.find("[water]"), 7, "[watr]");
  CHECK(error_of(folder, text).find("categories[0].departments[0]: no department named 'watr' (did you mean 'water'?)") !=
        std::string::npos);
  text.replace(text.find("[watr]"), 6, "[]");
  CHECK(error_of(folder, text).find("needs at least one department") != std::string::npos);
  text = valid_body;
  text.replace(text.find("name: environment"), 17, "name: water");
  CHECK(error_of(folder, text).find("departments[1].name: duplicate name 'water'") != std::string::npos);
  text = valid_body;
  text.replace(text.find("warm_up_days: 5"), 15, "warm_up_days: 60");
  CHECK(error_of(folder, text).find("run.warm_up_days: the warm-up must end before the horizon") != std::string::npos);
  CHECK(error_of(folder, "run: {horizon_days: 10}\n").find("departments: missing") != std::string::npos);
  CHECK(error_of(folder, valid_body + "extra: 1\n").find("unknown key 'extra'") != std::string::npos);
  CHECK(error_of(folder, valid_body + "levers: {information_level: .nan}\n").find("levers.information_level") != std::string::npos);
  CHECK(error_of(folder, valid_body + "levers: {information_level: 1.5}\n").find("out of range") != std::string::npos);
}

TEST_CASE("malformed, empty and missing files give one clear error") {
  ScratchFolder folder("malformed");
  CHECK(error_of(folder, "run: [\n").find("malformed YAML") != std::string::npos);
  CHECK(error_of(folder, "").find("the file is empty") != std::string::npos);
  CHECK(error_of(folder, "run:\n  seed: 1\n  seed: 2\n").find("duplicate key") != std::string::npos);
  CHECK_THROWS_WITH_AS(load_scenario("/nonexistent/tiaokuai.yaml"), "/nonexistent/tiaokuai.yaml: file not found", ConfigError);
}

TEST_CASE("only a regular file of bounded size and content is read") {
  ScratchFolder folder("special-files");
  const std::string fifo = (folder.path() / "f.yaml").string();
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  // Opened without blocking: a FIFO nobody writes to is refused, not waited on.
  CHECK_THROWS_WITH_AS(load_scenario(fifo), (fifo + ": not a regular file (a FIFO)").c_str(), ConfigError);
  CHECK_THROWS_WITH_AS(load_scenario(folder.write("e.yaml", "extends: f.yaml\n")), doctest::Contains("f.yaml: not a regular file"),
                       ConfigError);
  CHECK_THROWS_WITH_AS(parse_yaml_file("/dev/zero"), "/dev/zero: not a regular file (a character device)", ConfigError);
  CHECK_THROWS_WITH_AS(parse_yaml_file(folder.path().string()), doctest::Contains("is a folder, not a file"), ConfigError);

  // Symbolic links are followed; a loop of them, or too long a name, is a
  // ConfigError naming the file, not a std::filesystem error.
  std::filesystem::create_symlink("l2.yaml", folder.path() / "l1.yaml");
  std::filesystem::create_symlink("l1.yaml", folder.path() / "l2.yaml");
  const std::string loop = (folder.path() / "l1.yaml").string();
  CHECK_THROWS_WITH_AS(load_scenario(loop), (loop + ": too many levels of symbolic links").c_str(), ConfigError);
  CHECK_THROWS_WITH_AS(load_scenario(folder.write("x.yaml", "extends: l1.yaml\n")),
                       doctest::Contains("l1.yaml: too many levels of symbolic links"), ConfigError);
  const std::string long_name = (folder.path() / (std::string(300, 'x') + ".yaml")).string();
  CHECK_THROWS_WITH_AS(load_scenario(long_name), (long_name + ": file name too long").c_str(), ConfigError);
  std::filesystem::create_symlink("s.yaml", folder.path() / "link.yaml");
  folder.write("s.yaml", valid_body);
  CHECK(load_scenario((folder.path() / "link.yaml").string()).departments.size() == 2);

  // One byte over the limit is refused, naming both sizes; at the limit the
  // file is read (and here found to be no scenario).
  const std::string big = folder.write("big.yaml", std::string(max_yaml_file_bytes + 1, '#'));
  CHECK_THROWS_WITH_AS(parse_yaml_file(big), doctest::Contains("the file has 1048577 bytes; scenario and sweep files may have at most 1048576"),
                       ConfigError);
  CHECK_THROWS_WITH_AS(parse_yaml_file(folder.write("big.yaml", std::string(max_yaml_file_bytes, '#'))),
                       doctest::Contains("the file is empty"), ConfigError);
}

TEST_CASE("YAML aliases are counted as the values they stand for") {
  ScratchFolder folder("aliases");
  // 9^7 = 4.8 million values in seven short lines: refused before they are copied.
  std::string bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n";
  for (char name = 'b'; name <= 'g'; ++name) {
    bomb += std::string(1, name) + ": &" + name + " [";
    for (int i = 0; i < 9; ++i) bomb += std::string(i ? "," : "") + "*" + static_cast<char>(name - 1);
    bomb += "]\n";
  }
  const std::string path = folder.write("bomb.yaml", bomb);
  CHECK_THROWS_WITH_AS(parse_yaml_file(path), doctest::Contains("bomb.yaml: holds more than 1000000 values"), ConfigError);
  CHECK_THROWS_WITH_AS(parse_yaml_text(bomb, "--set x"), doctest::Contains("--set x: holds more than"), ConfigError);
  // A few aliases within the limit are expanded as before.
  const ConfigNode shared = parse_yaml_text("a: &a [1, 2]\nb: [*a, *a]\n", "t");
  REQUIRE(shared.find("b") != nullptr);
  CHECK(shared.find("b")->sequence.at(1).sequence.at(1).scalar == "2");
  // The limit counts every value, the lists too: a list of n copies of a
  // 999-item list holds 1 + 1000 n values.
  const auto copies = [](int n) {
    std::string text = "[&a [x";
    for (int i = 1; i < 999; ++i) text += ",x";
    text += "]";
    for (int i = 1; i < n; ++i) text += ", *a";
    return text + "]";
  };
  CHECK(parse_yaml_text(copies(999), "t").sequence.at(998).sequence.size() == 999);
  CHECK_THROWS_WITH_AS(parse_yaml_text(copies(1000), "t"), doctest::Contains("holds more than 1000000 values"), ConfigError);
}

TEST_CASE("an error is printed as one line without raw control characters") {
  CHECK(printable_line("plain text, UTF-8 \xe6\x9d\xa1\xe5\x9d\x97 and emoji \xf0\x9f\x98\x80") ==
        "plain text, UTF-8 \xe6\x9d\xa1\xe5\x9d\x97 and emoji \xf0\x9f\x98\x80");
  CHECK(printable_line("two\nlines") == "two lines");
  CHECK(printable_line("a\x1b[2Jb\rc\td") == "a\\e[2Jb\\rc\\td");
  CHECK(printable_line(std::string("nul\0bell\x07" "del\x7f", 13)) == "nul\\x00bell\\x07del\\x7f");
  // C1 controls (U+009B is a one-character CSI) and bytes that are not UTF-8.
  CHECK(printable_line("c1 \xc2\x9b and \xc2\xa0") == "c1 \\u009b and \xc2\xa0");
  CHECK(printable_line("raw \x9b, cut \xe6\x9d, overlong \xc0\xaf, surrogate \xed\xa0\x80") ==
        "raw \\x9b, cut \\xe6\\x9d, overlong \\xc0\\xaf, surrogate \\xed\\xa0\\x80");
  // From a YAML key to the message.
  ScratchFolder folder("control-characters");
  const std::string message = printable_line(error_of(folder, "levers: {\"a\\e[2Jb\\rc\": 1}\n"));
  CHECK(message.find("unknown key 'a\\e[2Jb\\rc'") != std::string::npos);
  CHECK(std::none_of(message.begin(), message.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }));
}

TEST_CASE("extends overlays a base scenario and refuses cycles") {
  ScratchFolder folder("extends");
  folder.write("base.yaml", valid_body);
  const Scenario child = load_scenario(folder.write("child.yaml", "extends: base.yaml\nrun: {mode: pre_reform}\n"));
  CHECK(child.run.mode == "pre_reform");
  CHECK(child.run.horizon_days == 50);  // merged, not replaced
  CHECK(child.departments.size() == 2);
  folder.write("a.yaml", "extends: b.yaml\n");
  folder.write("b.yaml", "extends: a.yaml\n");
  CHECK_THROWS_WITH_AS(load_scenario(folder.write("a.yaml", "extends: b.yaml\n")),
                       doctest::Contains("cyclic extends"), ConfigError);
  CHECK_THROWS_WITH_AS(load_scenario(folder.write("c.yaml", "extends: missing.yaml\n")),
                       doctest::Contains("extends: file not found"), ConfigError);
}

TEST_CASE("--set overrides go through the same validation") {
  ScratchFolder folder("set");
  const std::string path = folder.write("s.yaml", valid_body);
  const Scenario scenario = load_scenario(path, {"levers.information_level=0.8", "departments.1.staff=7", "run.seed=99"});
  CHECK(scenario.levers.information_level == doctest::Approx(0.8));
  CHECK(scenario.departments[1].staff == 7);
  CHECK(scenario.run.seed == 99u);
  CHECK_THROWS_WITH_AS(load_scenario(path, {"levers.information_level=2"}),
                       "--set levers.information_level=2: levers.information_level: out of range: 2 is not in [0, 1]", ConfigError);
  CHECK_THROWS_WITH_AS(load_scenario(path, {"departments.5.staff=1"}), doctest::Contains("index out of range"), ConfigError);
  CHECK_THROWS_WITH_AS(load_scenario(path, {"no_equals_sign"}), doctest::Contains("expected key.path=value"), ConfigError);
}

TEST_CASE("a key path has one spelling, whatever way it is written") {
  const SourceLocation where{"test", 0, 0};
  const auto canonical = [&where](const std::string& path) { return canonical_key_path(path, where, "key"); };
  CHECK(canonical("levers.reward") == "levers.reward");
  CHECK(canonical(" levers.reward") == "levers.reward");
  CHECK(canonical("levers . reward\t") == "levers.reward");
  CHECK(canonical("departments.00.staff") == "departments.0.staff");
  CHECK(canonical("departments.007.staff") == "departments.7.staff");
  CHECK(canonical("departments.10.staff") == "departments.10.staff");
  CHECK(canonical("departments[0].staff") == "departments.0.staff");
  CHECK(canonical("departments[ 01 ].levers.reward") == "departments.1.levers.reward");
  CHECK(canonical("categories.0.departments[1]") == "categories.0.departments.1");
  for (const std::string bad : {"levers.reward.", ".levers.reward", "levers..reward", "", " ", "levers. .reward"}) {
    CHECK_THROWS_WITH_AS(canonical(bad), ("test: key: empty key in '" + bad + "' (a leading, trailing or doubled dot?)").c_str(), ConfigError);
  }
  CHECK_THROWS_WITH_AS(canonical("departments[].staff"), doctest::Contains("expected a list index in [...]"), ConfigError);
  CHECK_THROWS_WITH_AS(canonical("departments[x].staff"), doctest::Contains("expected a list index in [...]"), ConfigError);
  CHECK_THROWS_WITH_AS(canonical("departments[0"), doctest::Contains("expected a list index in [...]"), ConfigError);
  CHECK_THROWS_WITH_AS(canonical("departments[0]staff"), doctest::Contains("expected '.' after ']'"), ConfigError);
}

TEST_CASE("--set refuses malformed assignments and merges maps") {
  ScratchFolder folder("set-parsing");
  const std::string path = folder.write("s.yaml", valid_body + "levers: {reward: 3, penalty: 4}\n");
  for (const std::string bad : {"levers.reward.=5", ".levers.reward=5", "levers..reward=5"}) {
    CHECK_THROWS_WITH_AS(load_scenario(path, {bad}), doctest::Contains(("--set " + bad + ": empty key in").c_str()), ConfigError);
  }
  for (const std::string bad : {"=5", " =5", "levers.reward"}) {
    CHECK_THROWS_WITH_AS(load_scenario(path, {bad}), ("--set " + bad + ": expected key.path=value").c_str(), ConfigError);
  }
  CHECK_THROWS_WITH_AS(load_scenario(path, {"levers.reward="}), "--set levers.reward=: levers.reward: expected a value after '='", ConfigError);
  CHECK_THROWS_WITH_AS(load_scenario(path, {"departments.99999999999999999999.staff=1"}), doctest::Contains("index out of range"), ConfigError);
  // Other spellings of one parameter reach it.
  CHECK(load_scenario(path, {"departments.01.staff=9"}).departments[1].staff == 9);
  CHECK(load_scenario(path, {"departments[1].staff=8"}).departments[1].staff == 8);
  CHECK(load_scenario(path, {" levers.reward =6"}).levers.reward == 6);
  // A map merges into the section: the file's penalty stays.
  const Scenario merged = load_scenario(path, {"levers={reward: 2}"});
  CHECK(merged.levers.reward == 2);
  CHECK(merged.levers.penalty == 4);
  // A list replaces.
  CHECK(load_scenario(path, {"categories.0.departments=[environment]"}).categories[0].departments == std::vector<std::string>{"environment"});
}

TEST_CASE("describe finds a parameter under any spelling, and names the closest when none matches") {
  const SourceLocation where{"describe", 0, 0};
  CHECK(declared_parameter("departments.00.staff", where, "").path == "departments[].staff");
  CHECK(declared_parameter("departments[].staff", where, "").path == "departments[].staff");
  CHECK(declared_parameter("townships[2].levers.over_calling", where, "").path == "townships[].levers.over_calling");
  CHECK(declared_parameter("levers.reward", where, "").type == "real");
  CHECK_THROWS_WITH_AS(declared_parameter("levers.rewrd", where, "k"), doctest::Contains("k: 'levers.rewrd' is not a declared scenario parameter (did you mean 'levers.reward'?)"), ConfigError);
}

TEST_CASE("every parameter is declared with a type, a default and a meaning") {
  const auto parameters = scenario_parameters();
  CHECK(parameters.size() > 40);
  for (const ParameterInfo& p : parameters) {
    INFO(p.path);
    CHECK_FALSE(p.type.empty());
    CHECK_FALSE(p.default_value.empty());
    CHECK_FALSE(p.meaning.empty());
  }
}

TEST_CASE("did-you-mean picks a near name and ignores far ones") {
  const std::vector<std::string> names{"staff", "communities", "travel_minutes"};
  CHECK(closest_name("staf", names) == "staff");
  CHECK(closest_name("comunities", names) == "communities");
  CHECK(closest_name("budget", names).empty());
}

TEST_CASE("every bundled scenario validates") {
  for (const auto& entry : std::filesystem::directory_iterator(TIAOKUAI_SCENARIO_DIR)) {
    if (entry.path().extension() != ".yaml") continue;
    INFO(entry.path().string());
    CHECK_NOTHROW(load_scenario(entry.path().string()));
  }
}

TEST_CASE("the resolved scenario written to a manifest reads back to the same scenario") {
  const Scenario original = load_scenario(std::string(TIAOKUAI_SCENARIO_DIR) + "/w-county.yaml");
  const std::string dumped = scenario_json(original).dump(1);
  const Scenario reread = read_scenario(parse_yaml_text(dumped, "manifest.json"));
  CHECK(scenario_json(reread).dump() == scenario_json(original).dump());
  CHECK(reread.townships[3].levers.township_power == original.townships[3].levers.township_power);
  CHECK(reread.categories.back().departments == original.categories.back().departments);
}
