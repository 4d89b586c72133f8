#pragma once
// The one way the program reports an error: one line on stderr,
// "tiaokuai: error: ...", with control characters written out
// (models::printable_line), so that a key or file name holding ESC or CR
// cannot rewrite the terminal.

#include <cstdio>
#include <string>

#include "models/config_node.hpp"

namespace tiaokuai::apps {

inline void print_error(const std::string& message) {
  std::fprintf(stderr, "tiaokuai: error: %s\n", models::printable_line(message).c_str());
}

}  // namespace tiaokuai::apps
