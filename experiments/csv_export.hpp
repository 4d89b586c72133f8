#pragma once
// `tiaokuai export DB --csv DIR`: a results database as tidy CSV for pandas
// or R. runs.csv has one row per run, sorted by run: its identity, the
// design point's parameter values (one column per factor path) and every
// metric (one column each, in the database's metric order).
// call_network.csv has one row per run x township x department with calls.
// Numbers are written with 17 significant digits, so they read back to the
// same double; an undefined value is an empty field. Files are moved into
// place only when complete.

#include <string>

namespace tiaokuai::experiments {

void export_csv(const std::string& database_path, const std::string& directory);

}  // namespace tiaokuai::experiments
