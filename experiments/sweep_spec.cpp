#include "experiments/sweep_spec.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>
#include <string_view>

#include "experiments/base_scenario.hpp"
#include "experiments/config_fields.hpp"
#include "experiments/posterior_design.hpp"
#include "experiments/variant_roles.hpp"
#include "models/closest_name.hpp"
#include "models/config_node.hpp"
#include "models/governance/model_version.hpp"
#include "models/scenario_schema.hpp"
#include "sim/random_stream.hpp"
#include "tiaokuai/version.hpp"

namespace tiaokuai::experiments {
namespace {

using models::ConfigEntry;
using models::ConfigError;
using models::ConfigNode;

const std::vector<std::string> sweep_keys{"description", "base",    "design",  "samples",   "replications", "master_seed",
                                          "set",         "factors", "variants", "posterior", "extends",      "trajectories",
                                          "levels",      "candidates"};
// What a file that extends another may change (docs/sweeps.md, extends:).
const std::vector<std::string> extending_keys{"extends", "description", "base", "replications", "master_seed", "set"};
const std::vector<std::string> posterior_block_keys{"draws", "replications", "files"};
const std::vector<std::string> variant_keys{"name", "role", "set"};
const std::vector<std::string> factor_keys{"path", "values", "range", "levels"};
const std::vector<std::string> designs{"full_factorial", "latin_hypercube", "saltelli",
                                       "morris",         "one_at_a_time",   "variants", "posterior"};
const std::vector<std::string> morris_keys{"trajectories", "levels", "candidates"};
// Written between an extending file's text and the text of the file it
// extends in SweepSpec::text (read_sweep_file); morris_grid finds the
// design there.
const std::string extends_marker = "\n# ---- extends: ";

// The value at a --set path in the resolved scenario, as a YAML scalar.
std::string value_at(const nlohmann::ordered_json& scenario, const std::string& path) {
  const nlohmann::ordered_json* node = &scenario;
  std::stringstream parts(path);
  for (std::string part; std::getline(parts, part, '.');) {
    if (node->is_array()) {
      node = &node->at(std::stoul(part));
    } else {
      node = &node->at(part);
    }
  }
  if (node->is_string()) return node->get<std::string>();
  if (node->is_boolean()) return node->get<bool>() ? "true" : "false";
  if (node->is_number_integer() || node->is_number_unsigned()) return node->dump();
  if (node->is_number()) return format_value(node->get<double>(), false);
  return node->dump();
}

// Numbers in one canonical form, so "1", "1.0", "1e0" and the base's 1
// compare equal. Never rounded: 1.5 for an integer parameter stays 1.5, and
// the scenario reader refuses it.
std::string canonical(const std::string& text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return text;
  return format_value(value, false);
}

// FNV-1a, continued from `hash` over `text`.
constexpr std::uint64_t fnv1a_start = 0xcbf29ce484222325ULL;
std::uint64_t fnv1a(std::uint64_t hash, std::string_view text) {
  for (const unsigned char c : text) hash = (hash ^ c) * 0x100000001b3ULL;
  return hash;
}

// Keys a design does not read are refused rather than ignored, so that a
// variants list beside design: full_factorial is not silently dropped.
void check_design_keys(const ConfigNode& root, const std::string& design) {
  const bool sampling = design == "latin_hypercube" || design == "saltelli" || design == "posterior";
  const auto refuse_if_present = [&root](const char* key, bool unread, const std::string& why) {
    const ConfigNode* node = root.find(key);
    if (node != nullptr && unread) throw ConfigError(node->where, key, why);
  };
  refuse_if_present("variants", design != "variants", "only design: variants reads a variants list (this sweep's design is " + design + ")");
  refuse_if_present("factors", design == "variants", "design: variants takes its factors from the variants' set: maps; remove factors:");
  refuse_if_present(
      "samples", !sampling,
      "only the latin_hypercube, saltelli and posterior designs read samples (this sweep's design is " + design + ")");
  for (const std::string& key : morris_keys) {
    refuse_if_present(key.c_str(), design != "morris", "only design: morris reads " + key + " (this sweep's design is " + design + ")");
  }
  refuse_if_present("posterior", design != "posterior" && design != "variants",
                    "only design: posterior (a calibration database) and design: variants (a posterior: block of draws) "
                    "read posterior (this sweep's design is " + design + ")");
}

// A sweep file with its `extends:` resolved: the named file's keys, with
// the extending file's description, base, replications and master_seed in
// their place and its set: merged in key by key. Paths written in either
// file stay relative to that file's folder.
struct SweepFile {
  ConfigNode root;
  std::string text;        // the file's text, then (extends:) the text of the file it extends
  std::string base_file;   // the file whose folder base: is relative to
  std::string paths_file;  // the file whose folder the other paths (posterior files) are relative to
};

// The extending file's set: over the inherited one: a path set in both
// takes the extending file's value (two spellings of one path are one).
void merge_settings(ConfigNode& inherited, const ConfigNode& own) {
  for (const ConfigNode* node : {static_cast<const ConfigNode*>(&inherited), &own}) {
    if (node->kind != ConfigNode::Kind::map) throw ConfigError(node->where, "set", "expected a map of key.path: value");
  }
  const auto path_of = [](const ConfigEntry& entry) {
    return models::canonical_key_path(entry.first, entry.second.where, "set." + entry.first);
  };
  std::vector<std::string> own_paths;
  for (const ConfigEntry& entry : own.map) {
    const std::string path = path_of(entry);
    if (std::find(own_paths.begin(), own_paths.end(), path) != own_paths.end()) {
      throw ConfigError(entry.second.where, "set." + entry.first, "sets " + path + " a second time");
    }
    own_paths.push_back(path);
    const auto same = std::find_if(inherited.map.begin(), inherited.map.end(),
                                   [&](const ConfigEntry& earlier) { return path_of(earlier) == path; });
    if (same != inherited.map.end()) {
      *same = entry;
    } else {
      inherited.map.push_back(entry);
    }
  }
}

SweepFile read_sweep_file(const std::string& path) {
  SweepFile file{models::parse_yaml_file(path), file_text(path), path, path};
  const ConfigNode* extends = file.root.kind == ConfigNode::Kind::map ? file.root.find("extends") : nullptr;
  if (extends == nullptr) return file;
  const std::string written = scalar(*extends, "extends");
  for (const ConfigEntry& entry : file.root.map) {
    if (std::find(extending_keys.begin(), extending_keys.end(), entry.first) != extending_keys.end()) continue;
    throw ConfigError(entry.second.where, entry.first,
                      "an extending file may only change description, base, replications, master_seed and set; '" +
                          entry.first + "' comes from the file it extends (" + written + ")");
  }
  const std::string parent_path = (std::filesystem::path(path).parent_path() / written).string();
  ConfigNode parent;
  try {
    parent = models::parse_yaml_file(parent_path);
  } catch (const ConfigError& error) {
    throw ConfigError(extends->where, "extends", error.what());
  }
  if (parent.kind != ConfigNode::Kind::map) throw ConfigError(extends->where, "extends", parent_path + " is not a sweep file (a map of keys)");
  if (parent.find("extends") != nullptr) {
    throw ConfigError(extends->where, "extends",
                      parent_path + " extends another file in turn; a sweep file may extend only one that extends nothing");
  }
  for (const ConfigEntry& entry : file.root.map) {
    if (entry.first == "extends") continue;
    ConfigNode* inherited = parent.find(entry.first);
    if (inherited == nullptr) {
      parent.map.push_back(entry);
    } else if (entry.first == "set") {
      merge_settings(*inherited, entry.second);
    } else {
      *inherited = entry.second;
    }
  }
  file.base_file = file.root.find("base") != nullptr ? path : parent_path;
  file.paths_file = parent_path;
  file.text += extends_marker + written + "\n" + file_text(parent_path);
  file.root = std::move(parent);
  return file;
}

// A variants design's posterior: block (docs/sweeps.md).
struct PosteriorBlock {
  const ConfigNode* node = nullptr;  // nullptr: the file has none
  std::size_t draws = 0;
  int replications = 1;
};

PosteriorBlock read_posterior_block(const ConfigNode& root) {
  PosteriorBlock block;
  block.node = root.find("posterior");
  if (block.node == nullptr) return block;
  if (block.node->kind != ConfigNode::Kind::map) {
    throw ConfigError(block.node->where, "posterior",
                      "design: variants reads a posterior: block (draws, replications, files), not a single value");
  }
  check_keys(*block.node, "posterior", posterior_block_keys);
  block.draws = whole(required(*block.node, "draws", "posterior"), "posterior.draws", 1, 1e15);
  if (const ConfigNode* node = block.node->find("replications")) {
    block.replications = static_cast<int>(whole(*node, "posterior.replications", 1, static_cast<double>(max_replications)));
  }
  const ConfigNode& files = required(*block.node, "files", "posterior");
  if (files.kind != ConfigNode::Kind::sequence || files.sequence.empty()) {
    throw ConfigError(files.where, "posterior.files", "expected a non-empty list of posterior files (calibration databases or posterior.csv)");
  }
  for (std::size_t i = 0; i < files.sequence.size(); ++i) scalar(files.sequence[i], "posterior.files[" + std::to_string(i) + "]");
  return block;
}

bool fixed_by_set(const std::vector<std::string>& fixed, const std::string& path) {
  return std::any_of(fixed.begin(), fixed.end(),
                     [&path](const std::string& setting) { return setting.starts_with(path + "="); });
}

// A factor on `path`, which must be a declared parameter naming an entry of
// the base scenario; `where` and `key` locate it for errors.
Factor declared_factor(const std::string& path, const models::SourceLocation& where, const std::string& key,
                       const nlohmann::ordered_json& base) {
  Factor factor;
  factor.path = models::canonical_key_path(path, where, key);
  refuse_seed(factor.path, where, key);
  factor.integer = models::declared_parameter(factor.path, where, key).type == "integer";
  try {
    factor.base_value = canonical(value_at(base, factor.path));
  } catch (const std::exception&) {
    throw ConfigError(where, key, "'" + factor.path + "' names no entry of the base scenario");
  }
  return factor;
}

// Levels that are one value in two spellings ([1, 1.0, 1e0]), or that an
// integer parameter rounds together, would run the same point twice.
void refuse_repeated_levels(const ConfigNode& node, const std::string& path, const Factor& factor) {
  for (std::size_t i = 0; i < factor.values.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (factor.values[i] != factor.values[j]) continue;
      const ConfigNode* values = node.find("values");
      if (values != nullptr) {
        throw ConfigError(values->sequence[i].where, path + ".values[" + std::to_string(i) + "]",
                          "'" + values->sequence[i].scalar + "' repeats the level " + factor.values[j] + " of values[" + std::to_string(j) + "]");
      }
      throw ConfigError(node.find("levels")->where, path + ".levels",
                        "the level " + factor.values[i] + " comes twice: the range holds fewer distinct " +
                            (factor.integer ? "whole numbers" : "values") + " than levels");
    }
  }
}

// design: morris's settings (docs/sweeps.md), defaults filled in.
struct MorrisSettings {
  std::size_t trajectories = 10;
  std::size_t levels = 4;
  std::size_t candidates = 100;
};
// Selecting among M candidates computes M^2 / 2 trajectory distances
// (experiments/design.hpp), so M, and with it r, is bounded.
constexpr std::size_t max_morris_candidates = 1000;

MorrisSettings read_morris_settings(const ConfigNode& root) {
  MorrisSettings settings;
  if (const ConfigNode* node = root.find("trajectories")) {
    settings.trajectories = whole(*node, "trajectories", 2, static_cast<double>(max_morris_candidates));
  }
  if (const ConfigNode* node = root.find("levels")) {
    settings.levels = whole(*node, "levels", 2, 1000);
    if (settings.levels % 2 != 0) {
      throw ConfigError(node->where, "levels",
                        "expected an even number of levels, got " + node->scalar +
                            ": Morris's step of p / (2 (p - 1)) pairs each of the lower p/2 levels with one p/2 levels above it");
    }
  }
  settings.candidates = std::min(10 * settings.trajectories, max_morris_candidates);
  if (const ConfigNode* node = root.find("candidates")) {
    settings.candidates = whole(*node, "candidates", 1, static_cast<double>(max_morris_candidates));
    if (settings.candidates < settings.trajectories) {
      throw ConfigError(node->where, "candidates",
                        node->scalar + " candidates cannot give " + std::to_string(settings.trajectories) +
                            " trajectories: the design keeps " + std::to_string(settings.trajectories) +
                            " of the candidates, so give at least that many");
    }
  }
  return settings;
}

// Campolongo's selection compares every pair of the M candidates point by
// point, about M^2 (k+1)^2 k operations for k factors: 1.5e10 took 6.5 s
// here, and a sweep file is loaded again by validate, sweep, each resume and
// reproduce. Past this budget (about a second) the default M shrinks, and
// an M or r that the file asks for is refused.
constexpr double max_morris_selection_work = 2.5e9;

void limit_morris_candidates(const ConfigNode& root, const ConfigNode& factors, std::size_t k, MorrisSettings& settings) {
  const double per_pair = static_cast<double>((k + 1) * (k + 1) * k);
  const auto affordable = static_cast<std::size_t>(std::sqrt(max_morris_selection_work / per_pair));
  if (settings.candidates <= affordable) return;
  const std::string why = " of " + std::to_string(k) + " factors: Campolongo's selection would compare about " +
                          std::to_string(settings.candidates) + "^2 x " + std::to_string(k + 1) + "^2 x " + std::to_string(k) +
                          " point pairs, over a second each time the file is loaded; with " + std::to_string(k) +
                          " factors give at most " + std::to_string(affordable);
  if (settings.trajectories > affordable) {
    const ConfigNode* node = root.find("trajectories");
    throw ConfigError(node != nullptr ? node->where : factors.where, node != nullptr ? "trajectories" : "factors",
                      std::to_string(settings.trajectories) + " trajectories" + why + " trajectories");
  }
  if (const ConfigNode* node = root.find("candidates")) {
    throw ConfigError(node->where, "candidates", std::to_string(settings.candidates) + " candidates" + why + " candidates");
  }
  settings.candidates = affordable;  // the default, 10 r, cut to what the budget allows
}

// A Morris step must change the value it moves: a range must be wider than
// a point, and an integer parameter's must hold p distinct whole numbers at
// the p levels.
void refuse_merged_levels(const ConfigNode& node, const std::string& path, const Factor& factor, std::size_t levels) {
  if (factor.high == factor.low) {
    throw ConfigError(node.find("range")->where, path + ".range", "design: morris moves every factor: its range needs high above low");
  }
  if (!factor.integer) return;
  std::vector<std::string> rounded;
  for (std::size_t j = 0; j < levels; ++j) {
    const double unit = static_cast<double>(j) / static_cast<double>(levels - 1);
    rounded.push_back(format_value(factor.low + unit * (factor.high - factor.low), true));
    if (j > 0 && rounded[j] == rounded[j - 1]) {
      throw ConfigError(node.find("range")->where, path + ".range",
                        "the level " + rounded[j] + " comes twice: the range holds fewer distinct whole numbers than the " +
                            std::to_string(levels) + " levels of design: morris");
    }
  }
}

Factor read_factor(const ConfigNode& node, const std::string& path, const std::string& design, const nlohmann::ordered_json& base) {
  check_keys(node, path, factor_keys);
  const ConfigNode& path_node = required(node, "path", path);
  Factor factor = declared_factor(scalar(path_node, path + ".path"), path_node.where, path + ".path", base);
  const bool sampling = design == "latin_hypercube" || design == "saltelli" || design == "morris";
  if (design == "morris") {
    for (const char* key : {"values", "levels"}) {
      if (const ConfigNode* unread = node.find(key)) {
        throw ConfigError(unread->where, path + "." + key,
                          "design: morris places each factor on a grid of the sweep's levels: over its range; give only "
                          "range: [low, high] here (and levels: p at the top of the file)");
      }
    }
  }
  if (const ConfigNode* range = node.find("range")) {
    if (range->kind != ConfigNode::Kind::sequence || range->sequence.size() != 2) {
      throw ConfigError(range->where, path + ".range", "expected [low, high]");
    }
    factor.has_range = true;
    factor.low = number(range->sequence[0], path + ".range[0]", -1e300, 1e300);
    factor.high = number(range->sequence[1], path + ".range[1]", factor.low, 1e300);
    if (const ConfigNode* levels = node.find("levels")) {
      const std::size_t count = whole(*levels, path + ".levels", 2, 1000);
      for (std::size_t i = 0; i < count; ++i) {
        const double value = factor.low + (factor.high - factor.low) * static_cast<double>(i) / static_cast<double>(count - 1);
        factor.values.push_back(format_value(value, factor.integer));
      }
    }
  }
  if (const ConfigNode* values = node.find("values")) {
    if (values->kind != ConfigNode::Kind::sequence || values->sequence.empty()) {
      throw ConfigError(values->where, path + ".values", "expected a non-empty list of values");
    }
    if (!factor.values.empty()) throw ConfigError(values->where, path + ".values", "give either values or range with levels, not both");
    for (std::size_t i = 0; i < values->sequence.size(); ++i) {
      factor.values.push_back(canonical(scalar(values->sequence[i], path + ".values[" + std::to_string(i) + "]")));
    }
  }
  if (sampling && !factor.has_range) throw ConfigError(node.where, path, "a " + design + " design needs range: [low, high]");
  if (!sampling && factor.values.empty()) {
    throw ConfigError(node.where, path, "a " + design + " design needs values: [...] (or range with levels)");
  }
  refuse_repeated_levels(node, path, factor);
  return factor;
}

// Where a factor's value came from, for an error found when the point's
// scenario is built: the list item if the value was listed, else the factor.
const ConfigNode& value_node(const ConfigNode& factor_node, const Factor& factor, const std::string& value) {
  if (const ConfigNode* values = factor_node.find("values")) {
    for (std::size_t j = 0; j < values->sequence.size() && j < factor.values.size(); ++j) {
      if (factor.values[j] == value) return values->sequence[j];
    }
    return *values;
  }
  if (const ConfigNode* range = factor_node.find("range")) return *range;
  return factor_node;
}

// A variant's `role:`: one of variant_roles(), held by no earlier variant.
std::string read_variant_role(const ConfigNode& node, const std::string& key, const std::vector<DesignPoint>& earlier) {
  const std::string role = scalar(node, key);
  if (find_variant_role(role) == nullptr) {
    std::vector<std::string> names;
    std::string listed;
    for (const VariantRole& known : variant_roles()) {
      names.push_back(known.name);
      listed += (listed.empty() ? "" : ", ") + known.name;
    }
    std::string message = "unknown role '" + role + "'";
    const std::string hint = models::closest_name(role, names);
    if (!hint.empty()) message += " (did you mean '" + hint + "'?)";
    throw ConfigError(node.where, key, message + "; the roles are " + listed);
  }
  for (const DesignPoint& point : earlier) {
    if (point.role == role) throw ConfigError(node.where, key, "the role " + role + " is already variant '" + point.label + "''s");
  }
  return role;
}

// Refuses a design with more points than max_points, before its points are made.
void check_point_count(std::uint64_t points, const std::string& how, const ConfigNode& node, const std::string& key) {
  if (points <= max_points) return;
  const std::string size = points == std::numeric_limits<std::uint64_t>::max() ? "over 18446744073709551615" : std::to_string(points);
  throw ConfigError(node.where, key, how + " make " + size + " points, more than the limit of " + std::to_string(max_points) +
                                         " points a sweep may have (docs/sweeps.md)");
}

using VariantSettings = std::vector<std::vector<std::pair<std::size_t, const ConfigNode*>>>;  // per variant: (factor, value)
using ValueWhere = std::function<models::SourceLocation(std::size_t point, std::size_t factor)>;
using ValueKey = std::function<std::string(std::size_t point, std::size_t factor)>;

// Variants crossed with posterior draws (docs/sweeps.md): each file's
// particles are resampled on their own (u from the stream (master_seed,
// file index, posterior/resample)), and draw D of every file is crossed
// with every variant, the draw varying slowest. The calibrated parameters
// become the first factors, the variants' paths follow; a variant's value
// wins over the draw's, and set: over both. `spec` holds the plain
// variants on entry.
void cross_with_posterior(SweepSpec& spec, const PosteriorBlock& block, std::size_t draws, const std::filesystem::path& folder,
                          const nlohmann::ordered_json& base_json, const VariantSettings& settings, ValueWhere& value_where,
                          ValueKey& value_key) {
  const std::size_t variant_count = spec.points.size();
  const ConfigNode& draws_node = *block.node->find("draws");
  std::uint64_t point_count = 0;
  if (__builtin_mul_overflow(static_cast<std::uint64_t>(draws), static_cast<std::uint64_t>(variant_count), &point_count)) {
    point_count = std::numeric_limits<std::uint64_t>::max();
  }
  check_point_count(point_count, std::to_string(draws) + " posterior draws x " + std::to_string(variant_count) + " variants",
                    draws_node, "posterior.draws");

  const std::vector<Factor> variant_factors = std::move(spec.factors);
  const std::vector<DesignPoint> variants = std::move(spec.points);
  spec.factors.clear();
  spec.points.clear();
  const ConfigNode& files = *block.node->find("files");
  std::vector<PosteriorSample> samples;
  std::vector<std::vector<std::size_t>> drawn;                   // per file: the particle of each draw
  std::vector<std::pair<std::size_t, std::size_t>> drawn_from;  // per calibrated factor: (file, parameter)
  std::string contents;
  for (std::size_t i = 0; i < files.sequence.size(); ++i) {
    const ConfigNode& file_node = files.sequence[i];
    const std::string key = "posterior.files[" + std::to_string(i) + "]";
    const std::string found = (folder / file_node.scalar).string();
    try {
      samples.push_back(read_posterior_file(found));
    } catch (const ConfigError& error) {
      throw ConfigError(file_node.where, key, error.what());
    }
    spec.posterior_files.push_back(found);
    contents += std::to_string(i) + ":" + file_text(found) + "\n";
    PosteriorSample& sample = samples.back();
    for (std::size_t j = 0; j < sample.paths.size(); ++j) {
      Factor factor = declared_factor(sample.paths[j], file_node.where, key, base_json);
      for (std::size_t k = 0; k < spec.factors.size(); ++k) {
        if (spec.factors[k].path != factor.path) continue;
        throw ConfigError(file_node.where, key,
                          factor.path + " is drawn from posterior.files[" + std::to_string(drawn_from[k].first) +
                              "] too; each calibrated parameter may come from one posterior file only");
      }
      // The sweep's set: holds a drawn parameter fixed in every draw: an
      // extending file (a falsification variant of the study) changes the
      // county under every draw, whatever the posterior says.
      if (fixed_by_set(spec.fixed, factor.path)) continue;
      sample.integer[j] = sample.integer[j] || factor.integer;
      spec.factors.push_back(std::move(factor));
      drawn_from.emplace_back(i, j);
    }
    // Like design: posterior's single file, file 0 resamples with the
    // stream (master_seed, 0, posterior/resample); file i with index i.
    sim::RandomStream resample(spec.master_seed, i, "posterior/resample");
    drawn.push_back(systematic_resample(sample.weights, draws, resample.uniform01()));
    // The draws come out in row order; pairing file i's draw D with file
    // 0's by position would couple the files by their row orders. Shuffle
    // every file but the first (which stays as design: posterior draws it).
    if (i > 0) {
      sim::RandomStream shuffle(spec.master_seed, i, "posterior/shuffle");
      std::vector<std::size_t>& order = drawn.back();
      for (std::size_t k = order.size(); k > 1; --k) std::swap(order[k - 1], order[shuffle.uniform_int(k)]);
    }
  }
  const std::size_t calibrated = spec.factors.size();
  std::vector<std::size_t> index_of;  // a variant factor's index among the crossed factors
  for (const Factor& factor : variant_factors) {
    const auto same = std::find_if(spec.factors.begin(), spec.factors.begin() + static_cast<std::ptrdiff_t>(calibrated),
                                   [&factor](const Factor& drawn_factor) { return drawn_factor.path == factor.path; });
    index_of.push_back(static_cast<std::size_t>(same - spec.factors.begin()));
    if (index_of.back() == calibrated) {
      index_of.back() = spec.factors.size();
      spec.factors.push_back(factor);
    }
  }
  const auto sets = [settings](std::size_t variant, std::size_t factor) {
    return std::any_of(settings[variant].begin(), settings[variant].end(), [factor](const auto& setting) { return setting.first == factor; });
  };
  spec.points.reserve(point_count);
  for (std::size_t d = 0; d < draws; ++d) {
    for (std::size_t v = 0; v < variant_count; ++v) {
      DesignPoint point;
      point.label = "draw:" + std::to_string(d) + " " + variants[v].label;
      point.role = variants[v].role;
      for (const auto& [i, j] : drawn_from) point.values.push_back(format_value(samples[i].values[drawn[i][d]][j], samples[i].integer[j]));
      point.values.resize(spec.factors.size());
      for (std::size_t f = 0; f < variant_factors.size(); ++f) {
        if (index_of[f] >= calibrated || sets(v, f)) point.values[index_of[f]] = variants[v].values[f];
      }
      spec.points.push_back(std::move(point));
    }
  }
  // Where a point's value was written: the variant that set it (or, for a
  // variant's path it leaves alone, the variant), else the posterior file.
  const std::size_t variant_factors_count = variant_factors.size();
  const auto variant_factor = [index_of, calibrated, sets](std::size_t v, std::size_t factor) {
    for (std::size_t f = 0; f < index_of.size(); ++f) {
      if (index_of[f] == factor && (factor >= calibrated || sets(v, f))) return f;
    }
    return index_of.size();
  };
  value_where = [variant_where = value_where, variant_factor, variant_count, variant_factors_count, drawn_from, &files](
                    std::size_t point, std::size_t factor) {
    const std::size_t f = variant_factor(point % variant_count, factor);
    if (f < variant_factors_count) return variant_where(point % variant_count, f);
    return files.sequence[drawn_from[factor].first].where;
  };
  value_key = [&spec, variant_factor, variant_count, variant_factors_count, drawn_from](std::size_t point, std::size_t factor) {
    if (variant_factor(point % variant_count, factor) < variant_factors_count) {
      return "variants[" + std::to_string(point % variant_count) + "].set." + spec.factors[factor].path;
    }
    return "posterior.files[" + std::to_string(drawn_from[factor].first) + "]";
  };
  spec.samples = draws;
  spec.posterior_draws = draws;
  spec.posterior_digest = std::to_string(fnv1a(fnv1a_start, contents));
}

}  // namespace

std::string sweep_fingerprint(const SweepSpec& spec, const std::string& code_version, int model_version) {
  std::uint64_t hash = fnv1a_start;
  const auto mix = [&hash](const std::string& text) { hash = fnv1a(fnv1a(hash, text), "\xff"); };
  mix(code_version);
  mix(std::to_string(model_version));
  mix(spec.design);
  mix(std::to_string(spec.replications));
  mix(std::to_string(spec.master_seed));
  if (spec.posterior_draws > 0) {
    mix("posterior draws " + std::to_string(spec.posterior_draws));
    mix(spec.posterior_digest);
  }
  for (std::size_t p = 0; p < spec.points.size(); ++p) {
    mix(spec.points[p].label);
    if (!spec.points[p].role.empty()) mix("role " + spec.points[p].role);
    mix(models::scenario_json(spec.scenarios[p]).dump());
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

MorrisGrid morris_grid(const std::string& stored_text, const std::string& name) {
  // An extending file may not change the design, so the grid is in the
  // file it extends, whose text follows the marker line.
  std::string text = stored_text;
  if (const std::size_t marker = text.find(extends_marker); marker != std::string::npos) {
    const std::size_t line_end = text.find('\n', marker + 1);
    text = line_end == std::string::npos ? "" : text.substr(line_end + 1);
  }
  const ConfigNode root = models::parse_yaml_text(text, name);
  if (root.kind != ConfigNode::Kind::map || root.find("design") == nullptr || root.find("design")->scalar != "morris") {
    throw ConfigError({name, 0, 0}, "design", "not the text of a design: morris sweep file");
  }
  MorrisGrid grid;
  grid.levels = read_morris_settings(root).levels;
  const ConfigNode& factors = required(root, "factors", "");
  for (std::size_t i = 0; i < factors.sequence.size(); ++i) {
    const std::string key = "factors[" + std::to_string(i) + "]";
    const ConfigNode& factor = factors.sequence[i];
    const ConfigNode& path = required(factor, "path", key);
    const ConfigNode& range = required(factor, "range", key);
    grid.paths.push_back(models::canonical_key_path(scalar(path, key + ".path"), path.where, key + ".path"));
    if (range.kind != ConfigNode::Kind::sequence || range.sequence.size() != 2) throw ConfigError(range.where, key + ".range", "expected [low, high]");
    grid.ranges.emplace_back(number(range.sequence[0], key + ".range[0]", -1e300, 1e300), number(range.sequence[1], key + ".range[1]", -1e300, 1e300));
  }
  return grid;
}

SweepSpec load_sweep(const std::string& path, int replications) {
  SweepLoadOptions options;
  options.replications = replications;
  return load_sweep(path, options);
}

SweepSpec load_sweep(const std::string& path, const SweepLoadOptions& options) {
  const int replications = options.replications;
  const SweepFile file = read_sweep_file(path);
  const ConfigNode& root = file.root;
  check_keys(root, "", sweep_keys);
  SweepSpec spec;
  spec.file = path;
  spec.text = file.text;
  if (const ConfigNode* description = root.find("description")) spec.description = scalar(*description, "description");
  const ConfigNode& base_node = required(root, "base", "");
  spec.base = scalar(base_node, "base");
  const ConfigNode& design_node = required(root, "design", "");
  spec.design = scalar(design_node, "design");
  if (std::find(designs.begin(), designs.end(), spec.design) == designs.end()) {
    std::string message =
        "expected one of full_factorial|latin_hypercube|saltelli|morris|one_at_a_time|variants|posterior, got '" +
        spec.design + "'";
    const std::string hint = models::closest_name(spec.design, designs);
    if (!hint.empty()) message += " (did you mean '" + hint + "'?)";
    throw ConfigError(design_node.where, "design", message);
  }
  check_design_keys(root, spec.design);
  const double most_replications = static_cast<double>(max_replications);
  if (const ConfigNode* node = root.find("replications")) spec.replications = static_cast<int>(whole(*node, "replications", 1, most_replications));
  // Variants crossed with posterior draws run the block's replications.
  const PosteriorBlock posterior_block = spec.design == "variants" ? read_posterior_block(root) : PosteriorBlock{};
  std::size_t draws = posterior_block.draws;
  if (options.posterior_draws.has_value()) {
    if (*options.posterior_draws > 0 && posterior_block.node == nullptr) {
      throw ConfigError(root.where, "posterior",
                        std::to_string(*options.posterior_draws) +
                            " posterior draws asked for, but this sweep has no posterior: block to draw from (design: variants with posterior: files)");
    }
    draws = *options.posterior_draws;
  }
  if (draws > 0) spec.replications = posterior_block.replications;
  if (replications > 0) {
    if (static_cast<std::uint64_t>(replications) > max_replications) {
      throw ConfigError(models::SourceLocation{"--replications", 0, 0}, "",
                        std::to_string(replications) + " is more than the limit of " + std::to_string(max_replications) + " replications");
    }
    spec.replications = replications;
  }
  if (const ConfigNode* seed = root.find("master_seed")) spec.master_seed = whole(*seed, "master_seed", 0, 9e15);
  const bool sampling = spec.design == "latin_hypercube" || spec.design == "saltelli" || spec.design == "posterior";
  const ConfigNode* samples_node = root.find("samples");
  if (samples_node != nullptr) {
    spec.samples = whole(*samples_node, "samples", 1, 1e15);
  } else if (sampling) {
    throw ConfigError(root.where, "samples", "missing: a " + spec.design + " design needs samples: N");
  }

  // The base scenario, resolved relative to the sweep file, with the fixed settings.
  const BaseScenario base_with_settings = load_base_scenario(root, file.base_file, spec.master_seed);
  spec.fixed = base_with_settings.fixed;
  const ConfigNode& base_root = base_with_settings.root;
  const std::filesystem::path& base_path = base_with_settings.path;
  const models::Scenario& base = base_with_settings.scenario;
  const nlohmann::ordered_json base_json = models::scenario_json(base);

  // Where each point's value of each factor was written, for errors found
  // when the point's scenario is built.
  std::function<models::SourceLocation(std::size_t point, std::size_t factor)> value_where;
  std::function<std::string(std::size_t point, std::size_t factor)> value_key;
  if (spec.design == "variants") {
    const ConfigNode& variants = required(root, "variants", "");
    if (variants.kind != ConfigNode::Kind::sequence || variants.sequence.empty()) {
      throw ConfigError(variants.where, "variants", "expected a non-empty list of variants");
    }
    check_point_count(variants.sequence.size(), std::to_string(variants.sequence.size()) + " variants", variants, "variants");
    // Every path any variant sets is a factor; a variant that leaves it
    // alone has the base value.
    std::vector<std::vector<std::pair<std::size_t, const ConfigNode*>>> settings(variants.sequence.size());
    for (std::size_t v = 0; v < variants.sequence.size(); ++v) {
      const ConfigNode& variant = variants.sequence[v];
      const std::string key = "variants[" + std::to_string(v) + "]";
      check_keys(variant, key, variant_keys);
      DesignPoint point;
      point.label = scalar(required(variant, "name", key), key + ".name");
      for (const DesignPoint& earlier : spec.points) {
        if (earlier.label == point.label) throw ConfigError(variant.where, key + ".name", "duplicate variant name '" + point.label + "'");
      }
      if (const ConfigNode* role = variant.find("role")) point.role = read_variant_role(*role, key + ".role", spec.points);
      if (const ConfigNode* set = variant.find("set")) {
        if (set->kind != ConfigNode::Kind::map) throw ConfigError(set->where, key + ".set", "expected a map of key.path: value");
        for (const ConfigEntry& entry : set->map) {
          const ConfigNode& value = entry.second;
          const std::string entry_key = key + ".set." + entry.first;
          const std::string path = models::canonical_key_path(entry.first, value.where, entry_key);
          const auto known = std::find_if(spec.factors.begin(), spec.factors.end(), [&path](const Factor& f) { return f.path == path; });
          const std::size_t f = static_cast<std::size_t>(known - spec.factors.begin());
          if (known == spec.factors.end()) spec.factors.push_back(declared_factor(path, value.where, entry_key, base_json));
          for (const auto& [earlier, earlier_value] : settings[v]) {
            if (earlier == f) throw ConfigError(value.where, entry_key, "sets " + path + " a second time in this variant");
          }
          settings[v].emplace_back(f, &value);
        }
      }
      spec.points.push_back(std::move(point));
    }
    for (std::size_t v = 0; v < spec.points.size(); ++v) {
      for (const Factor& factor : spec.factors) spec.points[v].values.push_back(factor.base_value);
      for (const auto& [f, value] : settings[v]) {
        spec.points[v].values[f] = canonical(scalar(*value, "variants[" + std::to_string(v) + "].set." + spec.factors[f].path));
      }
    }
    value_where = [&variants, settings](std::size_t point, std::size_t factor) {
      for (const auto& [f, value] : settings[point]) {
        if (f == factor) return value->where;
      }
      return variants.sequence[point].where;
    };
    value_key = [&spec](std::size_t point, std::size_t factor) {
      return "variants[" + std::to_string(point) + "].set." + spec.factors[factor].path;
    };
    if (draws > 0) {
      cross_with_posterior(spec, posterior_block, draws, std::filesystem::path(file.paths_file).parent_path(), base_json,
                           settings, value_where, value_key);
    }
  } else {
    // design: posterior draws its first factors, the calibrated parameters,
    // from a calibration database; the file's factors (optional there) follow.
    PosteriorSample posterior;
    const ConfigNode* posterior_node = nullptr;
    if (spec.design == "posterior") {
      posterior_node = &required(root, "posterior", "");
      spec.posterior = scalar(*posterior_node, "posterior");
      try {
        posterior = read_posterior((std::filesystem::path(file.paths_file).parent_path() / spec.posterior).string());
      } catch (const ConfigError& error) {
        throw ConfigError(posterior_node->where, "posterior", error.what());
      }
      for (std::size_t j = 0; j < posterior.paths.size(); ++j) {
        spec.factors.push_back(declared_factor(posterior.paths[j], posterior_node->where, "posterior", base_json));
        if (fixed_by_set(spec.fixed, spec.factors.back().path)) {
          throw ConfigError(posterior_node->where, "posterior",
                            "the calibrated parameter " + spec.factors.back().path +
                                " is also fixed by set:; a parameter is either fixed or drawn from the posterior");
        }
        posterior.integer[j] = posterior.integer[j] || spec.factors.back().integer;
      }
    }
    const std::size_t calibrated = spec.factors.size();
    const ConfigNode* factors = spec.design == "posterior" ? root.find("factors") : &required(root, "factors", "");
    if (factors != nullptr && (factors->kind != ConfigNode::Kind::sequence || factors->sequence.empty())) {
      throw ConfigError(factors->where, "factors", "expected a non-empty list of factors");
    }
    for (std::size_t i = 0; factors != nullptr && i < factors->sequence.size(); ++i) {
      const std::string key = "factors[" + std::to_string(i) + "]";
      spec.factors.push_back(read_factor(factors->sequence[i], key, spec.design, base_json));
      const std::string& factor_path = spec.factors.back().path;
      for (std::size_t j = 0; j < calibrated; ++j) {
        if (spec.factors[j].path == factor_path) {
          throw ConfigError(factors->sequence[i].where, key + ".path",
                            "'" + factor_path + "' is a calibrated parameter of the posterior (" + spec.posterior +
                                "); a parameter is either drawn from the posterior or a factor");
        }
      }
      for (std::size_t j = 0; j < i; ++j) {
        if (spec.factors[calibrated + j].path == factor_path) {
          throw ConfigError(factors->sequence[i].where, key + ".path",
                            "'" + factor_path + "' is already a factor (factors[" + std::to_string(j) + "])");
        }
      }
      if (fixed_by_set(spec.fixed, factor_path)) {
        throw ConfigError(factors->sequence[i].where, key + ".path",
                          "'" + factor_path + "' is also fixed by set:; a parameter is either fixed or a factor");
      }
    }
    if (spec.design == "full_factorial") {
      std::string levels;
      for (const Factor& factor : spec.factors) levels += (levels.empty() ? "" : " x ") + std::to_string(factor.values.size());
      check_point_count(full_factorial_size(spec.factors), "the full factorial's " + levels + " levels", *factors,
                        "factors");
    }
    if (spec.design == "latin_hypercube") check_point_count(spec.samples, "latin_hypercube's " + std::to_string(spec.samples) + " samples", *samples_node, "samples");
    if (spec.design == "saltelli") {
      check_point_count(saltelli_size(spec.factors, spec.samples),
                        "saltelli's " + std::to_string(spec.samples) + " samples x (" + std::to_string(spec.factors.size()) + " factors + 2)",
                        *samples_node, "samples");
    }
    if (spec.design == "one_at_a_time")
      check_point_count(one_at_a_time_size(spec.factors), "one_at_a_time's levels", *factors, "factors");
    if (spec.design == "morris") {
      MorrisSettings morris_settings = read_morris_settings(root);
      limit_morris_candidates(root, *factors, spec.factors.size(), morris_settings);
      for (std::size_t i = 0; i < spec.factors.size(); ++i) {
        refuse_merged_levels(factors->sequence[i], "factors[" + std::to_string(i) + "]", spec.factors[i], morris_settings.levels);
      }
      const ConfigNode* trajectories_node = root.find("trajectories");
      check_point_count(morris_size(spec.factors, morris_settings.trajectories),
                        "morris's " + std::to_string(morris_settings.trajectories) + " trajectories x (" +
                            std::to_string(spec.factors.size()) + " factors + 1)",
                        trajectories_node != nullptr ? *trajectories_node : *factors, trajectories_node != nullptr ? "trajectories" : "factors");
      spec.samples = morris_settings.trajectories;
      spec.points = morris(spec.factors, morris_settings.trajectories, morris_settings.levels, morris_settings.candidates, spec.master_seed);
    }
    if (spec.design == "posterior") {
      const std::vector<Factor> crossed(spec.factors.begin() + static_cast<std::ptrdiff_t>(calibrated),
                                        spec.factors.end());
      check_point_count(posterior_size(crossed, spec.samples),
                        "posterior's " + std::to_string(spec.samples) + " samples x " +
                            std::to_string(full_factorial_size(crossed)) + " factor combinations",
                        *samples_node, "samples");
      // The draws depend only on the posterior, the sample count and the
      // master seed, so a sweep's points never depend on how it is run.
      sim::RandomStream resample(spec.master_seed, 0, "posterior/resample");
      spec.points = posterior_points(
          posterior, systematic_resample(posterior.weights, spec.samples, resample.uniform01()), crossed);
    }
    if (spec.design == "full_factorial") spec.points = full_factorial(spec.factors);
    if (spec.design == "latin_hypercube") spec.points = latin_hypercube(spec.factors, spec.samples, spec.master_seed);
    if (spec.design == "saltelli") spec.points = saltelli(spec.factors, spec.samples);
    if (spec.design == "one_at_a_time") spec.points = one_at_a_time(spec.factors);
    value_where = [factors, posterior_node, calibrated, &spec](std::size_t point, std::size_t factor) {
      if (factor < calibrated) return posterior_node->where;
      return value_node(factors->sequence[factor - calibrated], spec.factors[factor], spec.points[point].values[factor])
          .where;
    };
    value_key = [calibrated](std::size_t, std::size_t factor) {
      return factor < calibrated ? std::string("posterior") : "factors[" + std::to_string(factor - calibrated) + "]";
    };
  }

  if (spec.run_count() > max_runs) {
    const bool crossed = spec.posterior_draws > 0;
    const ConfigNode* node = crossed ? posterior_block.node->find("replications") : root.find("replications");
    if (node == nullptr) node = crossed ? posterior_block.node : &root;
    throw ConfigError(node->where, crossed ? "posterior.replications" : "replications",
                      std::to_string(spec.points.size()) + " points x " + std::to_string(spec.replications) + " replications make " +
                          std::to_string(spec.run_count()) + " runs, more than the limit of " + std::to_string(max_runs) +
                          " runs a sweep may have (docs/sweeps.md)");
  }

  // Build and check every point's scenario.
  for (std::size_t p = 0; p < spec.points.size(); ++p) {
    const DesignPoint& point = spec.points[p];
    ConfigNode point_root = base_root;
    const auto point_error = [&](std::size_t f, const ConfigError& error) {
      return ConfigError(value_where(p, f), value_key(p, f),
                         "value " + point.values[f] + " for " + spec.factors[f].path + ": " + error.what());
    };
    for (std::size_t f = 0; f < spec.factors.size(); ++f) {
      try {
        models::apply_override(point_root, spec.factors[f].path + "=" + point.values[f]);
      } catch (const ConfigError& error) {
        throw point_error(f, error);
      }
    }
    try {
      spec.scenarios.push_back(models::read_scenario(point_root));
    } catch (const ConfigError& error) {
      // Blame the factor whose parameter the error names (the scenario
      // reader writes list items as departments[0], a factor departments.0).
      std::size_t blamed = 0;
      if (!error.key_path().empty()) {
        const std::string named = models::canonical_key_path(error.key_path(), error.where(), "");
        for (std::size_t f = 0; f < spec.factors.size(); ++f) {
          if (spec.factors[f].path == named) blamed = f;
        }
      }
      throw point_error(blamed, error);
    }
    spec.scenarios.back().source = base_path.string();
  }
  spec.fingerprint = sweep_fingerprint(spec, tiaokuai::version, models::governance::model_version);
  return spec;
}

}  // namespace tiaokuai::experiments
