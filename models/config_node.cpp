#include "models/config_node.hpp"

#include <yaml-cpp/yaml.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <filesystem>
#include <sstream>
#include <system_error>

namespace tiaokuai::models {
namespace {

SourceLocation location_of(const YAML::Mark& mark, const std::string& file) {
  return SourceLocation{file, mark.line + 1, mark.column + 1};
}

// yaml-cpp shares the node an alias names, so a file of nine lines can
// describe 9^9 values (an "alias bomb"); the copy below is where they would
// be made one by one. `budget` counts the values still allowed.
ConfigNode convert(const YAML::Node& node, const std::string& file, std::size_t& budget) {
  if (budget == 0) {
    throw ConfigError(SourceLocation{file, 0, 0}, "",
                      "holds more than " + std::to_string(max_yaml_values) + " values once its YAML aliases (*name) are expanded; that is the limit");
  }
  --budget;
  ConfigNode result;
  result.where = location_of(node.Mark(), file);
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      result.kind = ConfigNode::Kind::null;
      break;
    case YAML::NodeType::Scalar:
      result.kind = ConfigNode::Kind::scalar;
      result.scalar = node.Scalar();
      break;
    case YAML::NodeType::Sequence:
      result.kind = ConfigNode::Kind::sequence;
      for (const YAML::Node& item : node) result.sequence.push_back(convert(item, file, budget));
      break;
    case YAML::NodeType::Map:
      result.kind = ConfigNode::Kind::map;
      for (const auto& entry : node) {
        if (!entry.first.IsScalar()) {
          throw ConfigError(location_of(entry.first.Mark(), file), "", "map keys must be plain names");
        }
        const std::string key = entry.first.Scalar();
        if (result.find(key) != nullptr) {
          throw ConfigError(location_of(entry.first.Mark(), file), key, "duplicate key");
        }
        result.map.emplace_back(key, convert(entry.second, file, budget));
        result.map.back().second.where = location_of(entry.first.Mark(), file);
      }
      break;
  }
  return result;
}

// Overlays `top` on `base` in place.
void merge_into(ConfigNode& base, const ConfigNode& top) {
  if (base.kind != ConfigNode::Kind::map || top.kind != ConfigNode::Kind::map) {
    base = top;
    return;
  }
  for (const auto& [key, value] : top.map) {
    if (ConfigNode* existing = base.find(key)) {
      merge_into(*existing, value);
    } else {
      base.map.emplace_back(key, value);
    }
  }
}

// What a failed system call on `path` means, in the words of the messages.
std::string describe_error(const std::error_code& error) {
  if (error == std::errc::no_such_file_or_directory) return "file not found";
  if (error == std::errc::permission_denied) return "cannot be read (permission denied)";
  std::string text = error.message();  // "Too many levels of symbolic links", "File name too long", ...
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

[[noreturn]] void refuse_file(const std::string& path, const std::error_code& error) {
  throw ConfigError(SourceLocation{path, 0, 0}, "", describe_error(error));
}

const char* file_type_name(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "a special file";
}

// Closes the descriptor however the reading ends.
struct FileDescriptor {
  int fd;
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
};

// The bytes of `path`, which must be a regular file (after symbolic links)
// of at most max_yaml_file_bytes. It is opened without blocking, so that a
// FIFO is refused rather than waited on, and checked through the open
// descriptor, so that what is checked is what is read.
std::string read_yaml_bytes(const std::string& path) {
  const FileDescriptor file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)};
  if (file.fd < 0) refuse_file(path, std::error_code(errno, std::generic_category()));
  struct stat info {};
  if (::fstat(file.fd, &info) != 0) refuse_file(path, std::error_code(errno, std::generic_category()));
  if (S_ISDIR(info.st_mode)) throw ConfigError(SourceLocation{path, 0, 0}, "", "is a folder, not a file");
  if (!S_ISREG(info.st_mode)) {
    throw ConfigError(SourceLocation{path, 0, 0}, "", std::string("not a regular file (") + file_type_name(info.st_mode) + ")");
  }
  const auto too_big = [&](std::uint64_t bytes) {
    return ConfigError(SourceLocation{path, 0, 0}, "",
                       "the file has " + std::to_string(bytes) + " bytes; scenario and sweep files may have at most " +
                           std::to_string(max_yaml_file_bytes) + " (1 MiB)");
  };
  if (static_cast<std::uint64_t>(info.st_size) > max_yaml_file_bytes) throw too_big(static_cast<std::uint64_t>(info.st_size));
  std::string text;
  char buffer[65536];
  for (;;) {
    const ssize_t got = ::read(file.fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw ConfigError(SourceLocation{path, 0, 0}, "", "cannot be read: " + describe_error(std::error_code(errno, std::generic_category())));
    if (got == 0) break;
    text.append(buffer, static_cast<std::size_t>(got));
    // The file grew while being read.
    if (text.size() > max_yaml_file_bytes) throw too_big(text.size());
  }
  return text;
}

ConfigNode load_chain(const std::filesystem::path& path, std::vector<std::string>& chain) {
  std::error_code error;
  const std::string canonical = std::filesystem::weakly_canonical(path, error).string();
  if (error) refuse_file(path.string(), error);
  for (const std::string& seen : chain) {
    if (seen == canonical) {
      std::string cycle;
      for (const std::string& link : chain) cycle += link + " -> ";
      throw ConfigError(SourceLocation{path.string(), 0, 0}, "extends", "cyclic extends: " + cycle + canonical);
    }
  }
  chain.push_back(canonical);
  ConfigNode node = parse_yaml_file(path.string());
  if (node.kind != ConfigNode::Kind::map) {
    throw ConfigError(node.where, "", "a scenario file must be a map of keys (run:, levers:, ...)");
  }
  const ConfigNode* extends = node.find("extends");
  if (extends == nullptr) return node;
  if (extends->kind != ConfigNode::Kind::scalar || extends->scalar.empty()) {
    throw ConfigError(extends->where, "extends", "expected the path of another scenario file");
  }
  const std::filesystem::path base_path = path.parent_path() / extends->scalar;
  std::error_code error_of_base;
  if (std::filesystem::status(base_path, error_of_base).type() == std::filesystem::file_type::not_found) {
    // (Any other error is reported, naming the file, by load_chain.)
    throw ConfigError(extends->where, "extends", "file not found: " + base_path.string());
  }
  ConfigNode merged = load_chain(base_path, chain);
  std::erase_if(merged.map, [](const auto& entry) { return entry.first == "extends"; });
  std::erase_if(node.map, [](const auto& entry) { return entry.first == "extends"; });
  merge_into(merged, node);
  return merged;
}

bool all_digits(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Values given on the command line point at the --set argument itself.
void relocate(ConfigNode& node, const SourceLocation& where) {
  node.where = where;
  for (auto& entry : node.map) relocate(entry.second, where);
  for (ConfigNode& item : node.sequence) relocate(item, where);
}

}  // namespace

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::string SourceLocation::to_string() const {
  if (line == 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

ConfigError::ConfigError(SourceLocation where, std::string key_path, const std::string& message)
    : std::runtime_error(where.to_string() + ": " + (key_path.empty() ? "" : key_path + ": ") + message),
      where_(std::move(where)),
      key_path_(std::move(key_path)) {}

std::string printable_line(const std::string& message) {
  static const char hex[] = "0123456789abcdef";
  const auto byte_at = [&message](std::size_t i) { return static_cast<unsigned char>(message[i]); };
  const auto continuation = [&](std::size_t i) { return i < message.size() && (byte_at(i) & 0xC0) == 0x80; };
  std::string line;
  line.reserve(message.size());
  for (std::size_t i = 0; i < message.size();) {
    const unsigned char c = byte_at(i);
    if (c == '\n') {
      line += ' ';
    } else if (c == '\t') {
      line += "\\t";
    } else if (c == '\r') {
      line += "\\r";
    } else if (c == 0x1B) {
      line += "\\e";
    } else if (c < 0x20 || c == 0x7F) {
      line += std::string("\\x") + hex[c >> 4] + hex[c & 15];
    } else if (c < 0x80) {
      line += static_cast<char>(c);
    } else {
      // A UTF-8 sequence is kept whole unless it is malformed (each byte
      // shown as \xNN) or encodes a C1 control (shown as \u00NN).
      const std::size_t length = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
      bool whole = length != 0;
      for (std::size_t k = 1; whole && k < length; ++k) whole = continuation(i + k);
      if (whole && length == 3) {  // not overlong, not a surrogate
        const unsigned char second = byte_at(i + 1);
        whole = !(c == 0xE0 && second < 0xA0) && !(c == 0xED && second >= 0xA0);
      }
      if (whole && length == 4) {  // not overlong, not beyond U+10FFFF
        const unsigned char second = byte_at(i + 1);
        whole = !(c == 0xF0 && second < 0x90) && !(c == 0xF4 && second >= 0x90);
      }
      if (!whole) {
        line += std::string("\\x") + hex[c >> 4] + hex[c & 15];
      } else if (c == 0xC2 && byte_at(i + 1) < 0xA0) {
        const unsigned char code = byte_at(i + 1);
        line += std::string("\\u00") + hex[code >> 4] + hex[code & 15];
      } else {
        line.append(message, i, length);
      }
      i += whole ? length : 1;
      continue;
    }
    ++i;
  }
  return line;
}

const ConfigNode* ConfigNode::find(const std::string& key) const {
  for (const auto& entry : map) {
    if (entry.first == key) return &entry.second;
  }
  return nullptr;
}

ConfigNode* ConfigNode::find(const std::string& key) {
  return const_cast<ConfigNode*>(static_cast<const ConfigNode*>(this)->find(key));
}

ConfigNode parse_yaml_text(const std::string& text, const std::string& name) {
  try {
    const YAML::Node root = YAML::Load(text);
    if (!root.IsDefined() || root.IsNull()) throw ConfigError(SourceLocation{name, 0, 0}, "", "the file is empty");
    std::size_t budget = max_yaml_values;
    return convert(root, name, budget);
  } catch (const YAML::Exception& error) {
    throw ConfigError(location_of(error.mark, name), "", "malformed YAML: " + error.msg);
  }
}

ConfigNode parse_yaml_file(const std::string& path) { return parse_yaml_text(read_yaml_bytes(path), path); }

ConfigNode load_with_extends(const std::string& path) {
  std::vector<std::string> chain;
  return load_chain(path, chain);
}

std::string canonical_key_path(const std::string& path, const SourceLocation& where, const std::string& key) {
  // "departments[0].staff" is "departments.0.staff": each [index] is a part.
  std::string dotted;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '[') {
      dotted += path[i];
      continue;
    }
    const std::size_t close = path.find(']', i);
    const std::string index = close == std::string::npos ? "" : trimmed(path.substr(i + 1, close - i - 1));
    if (!all_digits(index)) throw ConfigError(where, key, "expected a list index in [...] of '" + path + "', e.g. departments[0]");
    const bool part_ends = close + 1 == path.size() || path[close + 1] == '.' || path[close + 1] == '[';
    if (!part_ends) throw ConfigError(where, key, "expected '.' after ']' in '" + path + "'");
    dotted += "." + index;
    i = close;
  }
  std::string canonical;
  for (std::size_t start = 0;;) {
    const std::size_t dot = dotted.find('.', start);
    std::string part = trimmed(dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (part.empty()) throw ConfigError(where, key, "empty key in '" + path + "' (a leading, trailing or doubled dot?)");
    if (all_digits(part)) part.erase(0, std::min(part.find_first_not_of('0'), part.size() - 1));
    canonical += (canonical.empty() ? "" : ".") + part;
    if (dot == std::string::npos) return canonical;
    start = dot + 1;
  }
}

void apply_override(ConfigNode& root, const std::string& assignment) {
  const SourceLocation where{"--set " + assignment, 0, 0};
  const auto equals = assignment.find('=');
  if (equals == std::string::npos || trimmed(assignment.substr(0, equals)).empty()) {
    throw ConfigError(where, "", "expected key.path=value");
  }
  const std::string path = canonical_key_path(assignment.substr(0, equals), where, "");
  const std::string text = assignment.substr(equals + 1);
  if (trimmed(text).empty()) throw ConfigError(where, path, "expected a value after '='");
  ConfigNode value = parse_yaml_text(text, where.file);
  ConfigNode* node = &root;
  std::string walked;
  std::stringstream parts(path);
  for (std::string part; std::getline(parts, part, '.');) {
    walked += (walked.empty() ? "" : ".") + part;
    if (node->kind == ConfigNode::Kind::sequence) {
      if (!all_digits(part)) throw ConfigError(where, walked, "this is a list: expected an item index");
      std::size_t index = 0;
      const bool too_big = std::from_chars(part.data(), part.data() + part.size(), index).ec != std::errc();
      if (too_big || index >= node->sequence.size()) {
        throw ConfigError(where, walked, "index out of range (the list has " + std::to_string(node->sequence.size()) + " items)");
      }
      node = &node->sequence[index];
      continue;
    }
    if (node->kind == ConfigNode::Kind::null) node->kind = ConfigNode::Kind::map;
    if (node->kind != ConfigNode::Kind::map) throw ConfigError(where, walked, "is a value, not a map");
    ConfigNode* child = node->find(part);
    if (child == nullptr) {
      node->map.emplace_back(part, ConfigNode{});
      child = &node->map.back().second;
      child->where = where;
    }
    node = child;
  }
  relocate(value, where);
  // A map merges, so that levers={reward: 2} does not reset every other
  // lever of the file to its default.
  if (node->kind == ConfigNode::Kind::map && value.kind == ConfigNode::Kind::map) {
    merge_into(*node, value);
  } else {
    *node = std::move(value);
  }
}

}  // namespace tiaokuai::models
