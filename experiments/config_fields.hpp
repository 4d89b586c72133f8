#pragma once
// Reading the fields of a sweep or targets file: known keys, required keys,
// single values, numbers in a range and whole numbers, each refusal a
// models::ConfigError naming the file, line and key path.

#include <cstddef>
#include <string>
#include <vector>

#include "models/config_node.hpp"

namespace tiaokuai::experiments {

// Refuses a key not in `known`, suggesting the closest known one.
void check_keys(const models::ConfigNode& node, const std::string& path, const std::vector<std::string>& known);
const models::ConfigNode& required(const models::ConfigNode& node, const std::string& key, const std::string& path);
const std::string& scalar(const models::ConfigNode& node, const std::string& path);
double number(const models::ConfigNode& node, const std::string& path, double min, double max);
std::size_t whole(const models::ConfigNode& node, const std::string& path, double min, double max);

// The file's bytes, as stored with the results (it has been parsed already,
// so it exists).
std::string file_text(const std::string& path);

}  // namespace tiaokuai::experiments
