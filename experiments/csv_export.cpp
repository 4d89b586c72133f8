#include "experiments/csv_export.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <vector>

#include "experiments/results_check.hpp"
#include "experiments/results_database.hpp"
#include "models/csv.hpp"
#include "models/output_file.hpp"
#include "models/output_folder.hpp"

namespace tiaokuai::experiments {
namespace {

// A read-only statement over the database, finalized on scope exit.
class Query {
 public:
  Query(sqlite3* db, const char* sql) : db_(db) { check_sqlite(db, sqlite3_prepare_v2(db, sql, -1, &statement_, nullptr), sql); }
  ~Query() { sqlite3_finalize(statement_); }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  bool next() {
    const int code = sqlite3_step(statement_);
    if (code == SQLITE_ROW) return true;
    check_sqlite(db_, code, "read", SQLITE_DONE);
    return false;
  }
  std::int64_t integer(int column) const { return sqlite3_column_int64(statement_, column); }
  std::string text(int column) const {
    const auto* value = sqlite3_column_text(statement_, column);
    return value != nullptr ? reinterpret_cast<const char*>(value) : "";
  }
  // The value as CSV text: empty for NULL, 17 digits for a real.
  std::string field(int column) const {
    switch (sqlite3_column_type(statement_, column)) {
      case SQLITE_NULL: return "";
      case SQLITE_INTEGER: return std::to_string(sqlite3_column_int64(statement_, column));
      case SQLITE_FLOAT: {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.17g", sqlite3_column_double(statement_, column));
        return buffer;
      }
      default: return models::csv_field(text(column));
    }
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
};

}  // namespace

void export_csv(const std::string& database_path, const std::string& directory) {
  const auto db = open_checked(database_path);
  std::vector<std::string> factors;
  {
    Query query(db.get(), "SELECT path FROM factors ORDER BY factor");
    while (query.next()) factors.push_back(query.text(0));
  }
  std::vector<std::int64_t> metric_ids;
  std::string header = "run,point,label,replication,seed,status,message,events";
  for (const std::string& factor : factors) {
    header += ',';
    header += models::csv_field(factor);
  }
  {
    Query query(db.get(), "SELECT metric, name FROM metric_names ORDER BY metric");
    while (query.next()) {
      metric_ids.push_back(query.integer(0));
      header += ',';
      header += models::csv_field(query.text(1));
    }
  }
  models::OutputFolder folder(directory);  // before its files: removed after them on failure
  models::OutputFile runs_file(folder.path() / "runs.csv");
  runs_file.write(header + "\n");
  Query runs(db.get(),
             "SELECT r.run, r.point, p.label, r.replication, r.seed, r.status, r.message, r.events FROM runs r "
             "JOIN points p ON p.point = r.point ORDER BY r.run");
  Query values(db.get(), "SELECT r.run, v.value FROM runs r JOIN point_values v ON v.point = r.point ORDER BY r.run, v.factor");
  Query metrics(db.get(), "SELECT run, metric, value FROM metrics ORDER BY run, metric");
  bool have_value = values.next();
  bool have_metric = metrics.next();
  std::string line;
  while (runs.next()) {
    const std::int64_t run = runs.integer(0);
    line.clear();
    for (int column = 0; column < 8; ++column) {
      if (column > 0) line += ',';
      line += runs.field(column);
    }
    for (std::size_t f = 0; f < factors.size(); ++f) {
      line += ",";
      if (have_value && values.integer(0) == run) {
        line += values.field(1);
        have_value = values.next();
      }
    }
    // Metrics come sorted by (run, metric); a failed run has none.
    for (const std::int64_t id : metric_ids) {
      line += ",";
      if (have_metric && metrics.integer(0) == run && metrics.integer(1) == id) {
        line += metrics.field(2);
        have_metric = metrics.next();
      }
    }
    runs_file.write(line + "\n");
  }

  models::OutputFile calls_file(folder.path() / "call_network.csv");
  calls_file.write("run,township,department,calls,reports,refusals,mean_response_hours\n");
  Query calls(db.get(), "SELECT run, township, department, calls, reports, refusals, mean_response_hours FROM call_network ORDER BY run, township, department");
  while (calls.next()) {
    line.clear();
    for (int column = 0; column < 7; ++column) {
      if (column > 0) line += ',';
      line += calls.field(column);
    }
    calls_file.write(line + "\n");
  }
  runs_file.close();
  calls_file.close();
  const models::HoldInterrupts hold;  // both files or neither
  runs_file.rename_into_place();
  calls_file.rename_into_place();
  folder.keep();
}

}  // namespace tiaokuai::experiments
