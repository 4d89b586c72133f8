#pragma once
// Numbers as the calibration's outputs write them: exact in the CSV files
// (they are read back), rounded in what a person reads (summary.txt,
// report.html).

#include <string>

namespace tiaokuai::calibration {

// The shortest text that reads back the same; "" for NaN (an empty CSV
// field), "inf" or "-inf".
std::string csv_number(double value);

// `digits` significant digits; "-" for NaN, "inf" or "-inf".
std::string rounded(double value, int digits);

// "[low, high]", each rounded to `digits` significant digits.
std::string interval_text(double low, double high, int digits);

}  // namespace tiaokuai::calibration
