#pragma once
// ConfigNode: a parsed scenario or sweep file as a tree that remembers where
// every value came from (file, line, column), so that errors found after
// `extends:` merging and `--set` overrides still point at the right place.
//
// Scalars are kept as text; the schema (scenario_schema.cpp) converts them
// with the declared type and range. Map keys keep their file order.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace tiaokuai::models {

struct SourceLocation {
  std::string file;  // path as given, or "--set" for command-line overrides
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;    // 1-based; 0 when unknown
  std::string to_string() const;
};

// Every bad input becomes one ConfigError: where, which key, what was expected.
class ConfigError : public std::runtime_error {
 public:
  ConfigError(SourceLocation where, std::string key_path, const std::string& message);
  const SourceLocation& where() const { return where_; }
  const std::string& key_path() const { return key_path_; }

 private:
  SourceLocation where_;
  std::string key_path_;
};

// `message` made safe to print as one line on a terminal: a newline becomes
// a blank (CLI11 messages may hold several lines), and every other control
// character, whether it came from a YAML key, a value or a file name, is
// written out: \t, \r, \e, \xNN for the rest of C0 and DEL, \u0080 to
// \u009f for the C1 controls, \xNN for a byte that is not UTF-8. So an ESC
// or CR in a key cannot move the cursor or rewrite the line it is shown on.
// Every error printer of the program goes through it.
std::string printable_line(const std::string& message);

// `text` without the blanks and tabs at either end ("" if it has nothing
// else): a --set path's index, a --set key, a --discover condition's parts.
std::string trimmed(const std::string& text);

struct ConfigEntry;

struct ConfigNode {
  enum class Kind { null, scalar, map, sequence };
  Kind kind = Kind::null;
  SourceLocation where;
  std::string scalar;                                    // Kind::scalar
  std::vector<ConfigEntry> map;                          // Kind::map, file order
  std::vector<ConfigNode> sequence;                      // Kind::sequence

  const ConfigNode* find(const std::string& key) const;
  ConfigNode* find(const std::string& key);
};

// A key and its value, in a map node. (A named type rather than std::pair:
// a pair of the still-incomplete ConfigNode is rejected by clang.)
struct ConfigEntry {
  ConfigEntry(std::string key, ConfigNode value) : first(std::move(key)), second(std::move(value)) {}
  std::string first;
  ConfigNode second;
};

// Limits on one scenario or sweep file (docs/scenario.md): its size, and the
// number of values it holds once every YAML alias (*name) is expanded.
inline constexpr std::uint64_t max_yaml_file_bytes = 1024 * 1024;
inline constexpr std::size_t max_yaml_values = 1'000'000;

// Parses one YAML file (no `extends:` handling). Throws ConfigError for a
// missing, unreadable, empty or malformed file, for anything but a regular
// file (a folder, a FIFO, /dev/zero), for a symbolic-link loop or too long a
// name, and for a file beyond the limits above.
ConfigNode parse_yaml_file(const std::string& path);
ConfigNode parse_yaml_text(const std::string& text, const std::string& name);

// Parses `path` and, if it has a top-level `extends: other.yaml` (relative to
// the file's folder), loads that first and overlays this file on it: maps
// merge key by key, anything else (scalars, lists) replaces. Cycles are
// errors naming the chain.
ConfigNode load_with_extends(const std::string& path);

// The one spelling of a key path: map keys and list indices joined by single
// dots, without surrounding blanks, indices in plain decimal. So
// `departments.00.staff`, ` departments.0 .staff` and `departments[0].staff`
// (the form error messages use) are all `departments.0.staff`. --set, a
// sweep's factors, `set:` and variants, and `tiaokuai describe` all go
// through it, so two spellings of one parameter are one parameter. Throws
// ConfigError(where, key, ...) for an empty part (a leading, trailing or
// doubled dot) or a malformed [index].
std::string canonical_key_path(const std::string& path, const SourceLocation& where, const std::string& key);

// Applies `key.path=value` (a key path as canonical_key_path reads it) over
// the tree, creating map keys as needed. The value is parsed as YAML, so
// lists work: categories.0.departments=[a,b]. A map value merges into the
// map it names (levers={reward: 2} changes only the reward); any other value
// replaces. The ConfigError of a malformed assignment names `--set` and it.
void apply_override(ConfigNode& root, const std::string& assignment);

}  // namespace tiaokuai::models
