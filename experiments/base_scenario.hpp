#pragma once
// The base scenario of a sweep or targets file: the file's `base:` (relative
// to the file's folder) with its `set:` map of fixed settings applied and
// the run seed set to the master seed, read and validated. Errors in the
// base are reported at the file's `base` key, errors in a setting at its
// `set.` key.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "models/config_node.hpp"
#include "models/scenario.hpp"

namespace tiaokuai::experiments {

struct BaseScenario {
  std::filesystem::path path;      // the base file, as found from the sweep or targets file
  models::ConfigNode root;         // its tree with the fixed settings and the seed applied
  std::vector<std::string> fixed;  // the settings as key.path=value, canonical paths
  models::Scenario scenario;       // root, read and validated
};

BaseScenario load_base_scenario(const models::ConfigNode& file_root, const std::string& file_path, std::uint64_t master_seed);

// The seed of every run comes from master_seed and the replication, so that
// replications are common random numbers; a seed set per point would break
// the pairing the analysis relies on. Refuses `run.seed` (a canonical path).
void refuse_seed(const std::string& canonical_path, const models::SourceLocation& where, const std::string& key);

}  // namespace tiaokuai::experiments
