#pragma once
// The scenario schema: every parameter declared once (key, type, unit,
// default, valid range, meaning, source of the default), and the reader
// that turns a ConfigNode tree into a validated Scenario. `tiaokuai
// describe`, `tiaokuai validate`, `--set` and docs/scenario.md all go
// through these declarations.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "models/config_node.hpp"
#include "models/scenario.hpp"

namespace tiaokuai::models {

struct ParameterInfo {
  std::string path;     // e.g. "levers.information_level", "departments[].staff"
  std::string type;     // real, integer, boolean, text, one of ..., list of names
  std::string unit;
  std::string default_value;
  std::string range;
  std::string meaning;
  std::string source;   // the docs/sources.md row (S<n>) or docs/odd.md argument (A<n>) behind the default
};

// Every declared parameter, in file order (run, levers, assumptions, categories,
// departments, townships, and the per-entity lever overrides).
std::vector<ParameterInfo> scenario_parameters();

// The declared parameter a key path names, in any spelling
// canonical_key_path reads (departments.00.staff and departments[0].staff
// name departments[].staff), or in the declared form itself. Throws ConfigError(where, key, ...) naming the
// closest declared parameter when none matches.
ParameterInfo declared_parameter(const std::string& path, const SourceLocation& where, const std::string& key);

// Validates and converts; throws ConfigError naming file, line, column and
// key path for the first problem found.
Scenario read_scenario(const ConfigNode& root);

// The scenario with every default filled in, in the file's layout (the
// manifest of a run records it, so the run can be repeated from it alone).
nlohmann::ordered_json scenario_json(const Scenario& scenario);

// load_with_extends(path), then each `key.path=value` override, then
// read_scenario().
Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides = {});

}  // namespace tiaokuai::models
