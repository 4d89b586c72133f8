#pragma once
// Checks for command-line values that CLI11's own conversions let through:
// it wraps -1 into an unsigned type and reads 0x10 as 16, and CLI::Positive
// Number passes nan. An option given one of these checks exits 2 naming
// itself, before any work starts (docs/README exit codes).

#include <CLI/CLI.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <filesystem>
#include <string>

#include "models/config_node.hpp"

namespace tiaokuai::apps {

// Reads all of `text` as a number; false if it is empty or has anything after the number.
inline bool read_number(const std::string& text, double& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && error == std::errc() && end == text.data() + text.size();
}

// A seed or an index: decimal digits only (no sign, exponent or 0x), from 0
// to 2^64-1, so that no value is wrapped or clamped into another.
inline const CLI::Validator whole_number_0_to_2_64{
    [](std::string& text) -> std::string {
      std::uint64_t value = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      const bool digits_only = text.find_first_not_of("0123456789") == std::string::npos;
      if (text.empty() || !digits_only || error != std::errc() || end != text.data() + text.size()) {
        return "expected a whole number from 0 to 18446744073709551615, got '" + text + "'";
      }
      return "";
    },
    "0..2^64-1"};

// A rate: a finite number above zero (nan and inf are refused).
inline const CLI::Validator finite_positive_number{
    [](std::string& text) -> std::string {
      double value = 0;
      if (!read_number(text, value) || !std::isfinite(value) || !(value > 0)) {
        return "expected a finite number above 0, got '" + text + "'";
      }
      return "";
    },
    "POSITIVE"};

// A number from `min` to `max`, named in the message as "from 1e-06 to
// 10000" (nan is refused too; put finite_positive_number first where the
// value must also be above 0, for its message).
inline CLI::Validator number_from_to(double min, double max) {
  char range[64];
  std::snprintf(range, sizeof range, "%g to %g", min, max);
  const std::string description = range;
  return CLI::Validator(
      [min, max, description](std::string& text) -> std::string {
        double value = 0;
        if (!read_number(text, value) || !(value >= min && value <= max)) {
          return "expected a number from " + description + ", got '" + text + "'";
        }
        return "";
      },
      description);
}

// A folder or file name: an empty one would mean "none" or the current folder.
inline const CLI::Validator non_empty_path{
    [](std::string& text) -> std::string { return text.empty() ? "expected a path, got an empty one" : ""; }, "PATH"};

// An output path that can never become a folder is refused before any run
// (exit 2), not after hours of simulation.
inline void refuse_output_path_that_is_not_a_folder(const std::string& out) {
  std::error_code error;
  if (std::filesystem::exists(out, error) && !std::filesystem::is_directory(out, error)) {
    throw models::ConfigError({out, 0, 0}, "", "exists and is not a folder; name a folder for the outputs with --out");
  }
}

}  // namespace tiaokuai::apps
