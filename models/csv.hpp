#pragma once
// One CSV field per RFC 4180, for every CSV file tiaokuai writes (run
// outputs, `export --csv`, `analyze --csv`). Names come from scenario files
// and databases and are free text, so a comma, quote or line break in one
// must not shift or split a row.

#include <string>
#include <string_view>

namespace tiaokuai::models {

// `text` as it goes between two commas: unchanged, unless it holds a double
// quote, comma, CR or LF; then in double quotes, each quote doubled.
std::string csv_field(std::string_view text);

}  // namespace tiaokuai::models
