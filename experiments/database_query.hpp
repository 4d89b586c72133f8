#pragma once
// Reading a database that must be refused, not trusted, when it is wrong:
// one query whose every SQLite failure (busy, corrupt, not a database)
// becomes one models::ConfigError naming the file and the problem. Used by
// the results-database check (results_check.cpp) and the reader of a
// calibration's posterior (posterior_design.cpp).

#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include "experiments/results_check.hpp"
#include "models/config_node.hpp"

namespace tiaokuai::experiments {

// One line, as every error is: SQLite's own messages may hold several.
[[noreturn]] inline void refuse_file(const std::string& path, std::string problem) {
  std::replace(problem.begin(), problem.end(), '\n', ' ');
  throw models::ConfigError({path, 0, 0}, "", problem);
}

class Query {
 public:
  Query(sqlite3* db, const std::string& path, const char* sql) : db_(db), path_(path) {
    const int code = sqlite3_prepare_v2(db, sql, -1, &statement_, nullptr);
    if (code != SQLITE_OK) refuse_file(path, sqlite_problem(db, code));
  }
  ~Query() { sqlite3_finalize(statement_); }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  Query& bind(int index, std::int64_t value) {
    sqlite3_bind_int64(statement_, index, value);
    return *this;
  }
  Query& bind(int index, const std::string& value) {
    sqlite3_bind_text(statement_, index, value.c_str(), -1, SQLITE_TRANSIENT);
    return *this;
  }
  bool row() {
    const int code = sqlite3_step(statement_);
    if (code == SQLITE_ROW) return true;
    if (code != SQLITE_DONE) refuse_file(path_, sqlite_problem(db_, code));
    return false;
  }
  std::int64_t integer(int column) const { return sqlite3_column_int64(statement_, column); }
  double real(int column) const { return sqlite3_column_double(statement_, column); }
  bool is_null(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }
  // INTEGER or REAL, not text, a blob or NULL.
  bool is_number(int column) const {
    const int type = sqlite3_column_type(statement_, column);
    return type == SQLITE_INTEGER || type == SQLITE_FLOAT;
  }
  std::string text(int column) const {
    const auto* value = sqlite3_column_text(statement_, column);
    return value != nullptr ? reinterpret_cast<const char*>(value) : "";
  }

 private:
  sqlite3* db_;
  const std::string& path_;
  sqlite3_stmt* statement_ = nullptr;
};

}  // namespace tiaokuai::experiments
