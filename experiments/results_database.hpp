#pragma once
// The results of a sweep in one SQLite file (docs/sweeps.md gives the
// schema). Opening an existing file resumes: it must hold the same sweep
// (same fingerprint), and the runs it already holds are not run again. Each
// batch of finished runs is one transaction, in WAL mode, so an interrupted
// sweep (Ctrl-C, kill, power loss) loses at most the runs not yet written,
// and the file is never left half-written.

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "experiments/run_store.hpp"
#include "experiments/sweep_spec.hpp"

namespace tiaokuai::experiments {

class ResultsDatabase : public RunStore {
 public:
  // Creates the file with the sweep's tables (whole or not at all: written
  // under a temporary name and linked into place), or checks (results_check.hpp)
  // that it holds this sweep, whole and consistent, before writing to it.
  // Throws models::ConfigError naming the file for a file it refuses or one
  // another process holds; a file this call created is removed if it fails
  // (a full disk: std::runtime_error saying so), and so is one it created
  // but could not record a single run in.
  ResultsDatabase(const std::string& path, const SweepSpec& spec);
  ~ResultsDatabase();
  ResultsDatabase(const ResultsDatabase&) = delete;
  ResultsDatabase& operator=(const ResultsDatabase&) = delete;

  // finished[run] is true for runs already recorded (failed ones included).
  std::vector<bool> finished_runs() const override;

  // Writes the records in one transaction.
  void record(const std::vector<RunRecord>& records) override;

  sqlite3* handle() const { return db_; }

 private:
  void execute(const char* sql) const;
  [[noreturn]] void fail(int code) const;
  void create(const SweepSpec& spec);
  int create_atomically(const SweepSpec& spec);
  void open_for_writing(const std::string& file);
  void prepare_statements();
  void close();
  // Removes the file and its side files if this object created it and
  // recorded no run in it.
  void remove_if_own_and_empty() const;
  std::int64_t metric_id(const std::string& name);

  std::string path_;
  const SweepSpec& spec_;
  sqlite3* db_ = nullptr;
  int lock_ = -1;         // the flock'ed descriptor (open_and_lock)
  bool created_ = false;  // this object created the file
  bool recorded_ = false; // a batch of runs has been committed
  sqlite3_stmt* insert_run_ = nullptr;
  sqlite3_stmt* insert_metric_ = nullptr;
  sqlite3_stmt* insert_metric_block_ = nullptr;  // metrics_per_statement rows at once
  sqlite3_stmt* insert_metric_name_ = nullptr;
  sqlite3_stmt* insert_call_ = nullptr;
  std::unordered_map<std::string, std::int64_t> metric_ids_;
  // Every run reports the same metrics in the same order, so the ids of the
  // last run's names are tried first, by position, before the hash map.
  std::vector<std::pair<std::string, std::int64_t>> last_ids_;
};

// Throws std::runtime_error with the problem (sqlite_problem) unless `code` is `expected`.
void check_sqlite(sqlite3* db, int code, const char* what, int expected = SQLITE_OK);

}  // namespace tiaokuai::experiments
