#include "calibration/number_text.hpp"

#include <cmath>
#include <cstdio>

#include "experiments/design.hpp"

namespace tiaokuai::calibration {

std::string csv_number(double value) {
  if (std::isnan(value)) return "";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return experiments::format_value(value, false);
}

std::string rounded(double value, int digits) {
  if (!std::isfinite(value)) return std::isnan(value) ? "-" : (value > 0 ? "inf" : "-inf");
  char text[64];
  std::snprintf(text, sizeof text, "%.*g", digits, value);
  return text;
}

std::string interval_text(double low, double high, int digits) {
  // Appended piece by piece: GCC 12 warns falsely (-Wrestrict, its bug
  // 105651) about "[" + a temporary string.
  std::string text = "[";
  text += rounded(low, digits);
  text += ", ";
  text += rounded(high, digits);
  text += "]";
  return text;
}

}  // namespace tiaokuai::calibration
