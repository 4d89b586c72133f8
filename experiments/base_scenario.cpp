#include "experiments/base_scenario.hpp"

#include "experiments/config_fields.hpp"
#include "models/scenario_schema.hpp"

namespace tiaokuai::experiments {

using models::ConfigError;
using models::ConfigNode;

void refuse_seed(const std::string& canonical_path, const models::SourceLocation& where, const std::string& key) {
  if (canonical_path != "run.seed") return;
  throw ConfigError(where, key, "seeds come from master_seed and replications (replication r of every point uses the streams of (master_seed, r)); "
                                "set master_seed or replications instead of run.seed");
}

BaseScenario load_base_scenario(const ConfigNode& file_root, const std::string& file_path, std::uint64_t master_seed) {
  const ConfigNode& base_node = required(file_root, "base", "");
  BaseScenario base;
  base.path = std::filesystem::path(file_path).parent_path() / scalar(base_node, "base");
  try {
    base.root = models::load_with_extends(base.path.string());
  } catch (const ConfigError& error) {
    throw ConfigError(base_node.where, "base", error.what());
  }
  if (const ConfigNode* fixed = file_root.find("set")) {
    if (fixed->kind != ConfigNode::Kind::map) throw ConfigError(fixed->where, "set", "expected a map of key.path: value");
    std::vector<std::string> fixed_paths;
    for (const auto& [key, value] : fixed->map) {
      const std::string fixed_path = models::canonical_key_path(key, value.where, "set." + key);
      refuse_seed(fixed_path, value.where, "set." + key);
      for (std::size_t earlier = 0; earlier < fixed_paths.size(); ++earlier) {
        if (fixed_paths[earlier] == fixed_path) {
          throw ConfigError(value.where, "set." + key, "sets " + fixed_path + " a second time (as '" + fixed->map[earlier].first + "' before)");
        }
      }
      fixed_paths.push_back(fixed_path);
      base.fixed.push_back(fixed_path + "=" + scalar(value, "set." + key));
      try {
        models::apply_override(base.root, base.fixed.back());
      } catch (const ConfigError& error) {
        throw ConfigError(value.where, "set." + key, error.what());
      }
    }
  }
  models::apply_override(base.root, "run.seed=" + std::to_string(master_seed));
  try {
    base.scenario = models::read_scenario(base.root);
  } catch (const ConfigError& error) {
    throw ConfigError(base_node.where, "base", error.what());
  }
  return base;
}

}  // namespace tiaokuai::experiments
