#include "experiments/config_fields.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "models/closest_name.hpp"

namespace tiaokuai::experiments {

using models::ConfigError;
using models::ConfigNode;

void check_keys(const ConfigNode& node, const std::string& path, const std::vector<std::string>& known) {
  if (node.kind != ConfigNode::Kind::map) throw ConfigError(node.where, path, "expected a map of keys");
  for (const auto& [key, value] : node.map) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::string message = "unknown key '" + key + "'";
    const std::string hint = models::closest_name(key, known);
    if (!hint.empty()) message += " (did you mean '" + hint + "'?)";
    throw ConfigError(value.where, path.empty() ? key : path + "." + key, message);
  }
}

const ConfigNode& required(const ConfigNode& node, const std::string& key, const std::string& path) {
  const ConfigNode* child = node.find(key);
  if (child == nullptr) throw ConfigError(node.where, path.empty() ? key : path + "." + key, "missing (required)");
  return *child;
}

const std::string& scalar(const ConfigNode& node, const std::string& path) {
  if (node.kind != ConfigNode::Kind::scalar) throw ConfigError(node.where, path, "expected a single value");
  return node.scalar;
}

double number(const ConfigNode& node, const std::string& path, double min, double max) {
  const std::string& text = scalar(node, path);
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    throw ConfigError(node.where, path, "expected a number, got '" + text + "'");
  }
  if (value < min || value > max) {
    std::ostringstream message;
    message << "out of range: " << text << " is not in [" << min << ", " << max << "]";
    throw ConfigError(node.where, path, message.str());
  }
  return value;
}

std::size_t whole(const ConfigNode& node, const std::string& path, double min, double max) {
  const double value = number(node, path, min, max);
  if (value != std::floor(value)) throw ConfigError(node.where, path, "expected a whole number, got '" + node.scalar + "'");
  return static_cast<std::size_t>(value);
}

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace tiaokuai::experiments
